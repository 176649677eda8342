/* confirm.c - the confirmation before a submit: every change in full, a
 * one-line field as its old and new value, the bio as a line diff ('-'
 * removed, '+' added, in colour too), a local picture as "me.png (20 KiB,
 * image/png)". The dialog scrolls (PgUp, PgDn, arrows) when it is longer
 * than the screen. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "draw.h"
#include "image.h"
#include "linediff.h"
#include "strbuf.h"
#include "submit.h"
#include "text.h"
#include "user.h"

/* Unchanged lines of the bio shown around each change. */
#define CONTEXT_LINES 2

/* Append marker and the sanitised text (len bytes; "(empty)" for an
 * empty one-line value when empty_word), then a newline. */
static int add_line(struct strbuf *sb, const char *marker, const char *text,
                    size_t len, bool empty_word)
{
	char *raw = strndup(text, len), *clean;
	int rc;

	if (!raw)
		return -1;
	clean = text_sanitize(len || !empty_word ? raw : "(empty)", 0);
	free(raw);
	rc = clean ? strbuf_appendf(sb, "%s%s%s\n", marker,
	                            *marker == '\x01' ? " " : "", clean) : -1;
	free(clean);
	return rc;
}

/* A one-line field: the whole old value, then the whole new one. */
static int add_single(struct strbuf *sb, const char *old, const char *new)
{
	return add_line(sb, UI_DIALOG_DEL, old, strlen(old), true) |
	       add_line(sb, UI_DIALOG_ADD, new, strlen(new), true);
}

/* A multi-line field: a line diff, with CONTEXT_LINES unchanged lines
 * around each change and "…" where more were left out. */
static int add_multi(struct strbuf *sb, const char *old, const char *new)
{
	struct linediff_line *d;
	long n = linediff(old, new, &d);
	bool skipped = false;
	int rc = 0;

	if (n < 0)
		return -1;
	for (long i = 0; i < n && rc == 0; i++) {
		bool near = false;
		if (d[i].op == LINEDIFF_DEL) {
			rc = add_line(sb, UI_DIALOG_DEL, d[i].start, d[i].len, false);
			continue;
		}
		if (d[i].op == LINEDIFF_ADD) {
			rc = add_line(sb, UI_DIALOG_ADD, d[i].start, d[i].len, false);
			continue;
		}
		for (long k = i - CONTEXT_LINES; k <= i + CONTEXT_LINES; k++)
			near |= k >= 0 && k < n && d[k].op != LINEDIFF_SAME;
		if (near) {
			rc = add_line(sb, "  ", d[i].start, d[i].len, false);
			skipped = false;
		} else if (!skipped) {
			rc = strbuf_append_str(sb, "  \xe2\x80\xa6\n");
			skipped = true;
		}
	}
	free(d);
	return rc;
}

/* The body: who, then each changed field with all of its change.
 * Caller frees; NULL out of memory. */
static char *diff_text(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	const char *name = app->user->username ? app->user->username : "";
	const struct image_info *img = submit_picture(app->submit);
	const char *img_text = submit_picture_text(app->submit);
	int rc = strbuf_appendf(&sb, "Send to %s (%s)%s%s:\n", name,
	                        app->user->id,
	                        app->cfg->account_id ? " for account " : "",
	                        app->cfg->account_id ? app->cfg->account_id : "");

	for (int i = 0; i < FIELD_COUNT && rc == 0; i++) {
		enum field_id id = edit_fields[i].id;
		const char *old = edit_baseline(&app->edit, id);
		const char *new = edit_current(&app->edit, id);
		char desc[320];
		if (!edit_is_changed(&app->edit, id))
			continue;
		if (edit_fields[i].kind == FIELD_KIND_FILE_REF && img &&
		    img_text && strcmp(img_text, new) == 0)
			new = image_describe(img, desc, sizeof desc);
		rc |= strbuf_appendf(&sb, "\n%s\n", edit_fields[i].label);
		rc |= edit_fields[i].multiline ? add_multi(&sb, old, new)
		                               : add_single(&sb, old, new);
	}
	if (rc != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* See screens.h. */
int ui_confirm_open(struct ui_app *app)
{
	char *body = app->user ? diff_text(app) : NULL;

	if (!body || ui_dialog_open(&app->dialog, UI_DLG_CONFIRM_SUBMIT,
	                            "Submit these changes?", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* See screens.h: yes sends; no goes back (and forgets a waiting quit). */
int ui_confirm_answer(struct ui_app *app, enum ui_answer ans)
{
	ui_dialog_close(&app->dialog);
	if (ans == UI_ANS_YES)
		return app_send(app);
	app_after_cancel(app);
	ui_status_set(&app->status, UI_STATUS_INFO, "Not sent.");
	return UI_REDRAW;
}
