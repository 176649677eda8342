/* confirm.c - the confirmation before a submit: every changed field as
 * "Label  old -> new", a local picture as "me.png (20 KiB, image/png)". */
#include "app.h"
#include "screens.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "draw.h"
#include "image.h"
#include "strbuf.h"
#include "submit.h"
#include "text.h"
#include "user.h"

/* Where the shown part of old and new starts: a little before their first
 * difference when a long common start would push it out of sight, so the
 * change itself is what the person reads. A byte offset on a character
 * start of both. */
static size_t diff_start(const char *old, const char *new, int cols)
{
	size_t p = 0, start;
	int back = cols / 4;

	while (old[p] && old[p] == new[p])
		p++;
	while (p > 0 && ((unsigned char)old[p] & 0xC0) == 0x80)
		p--;
	start = p;
	while (start > 0 && back > 0) {
		start--;
		if (((unsigned char)old[start] & 0xC0) != 0x80)
			back--;
	}
	if (ui_text_cols_n(old, p) <= cols - cols / 4 - 1)
		return 0;
	return start;
}

/* One line of the confirmation: "Label  old -> new". */
static int diff_line(struct strbuf *sb, const char *label, int label_w,
                     const char *old, const char *new, int cols)
{
	size_t start = diff_start(old, new, cols);
	char *a = text_diff_value(old, start, (size_t)cols);
	char *b = text_diff_value(new, start, (size_t)cols);
	char *l = text_fit(label, (size_t)label_w);
	int rc = -1;

	if (a && b && l)
		rc = strbuf_appendf(sb, "\n%s  %s -> %s", l, a, b);
	free(a);
	free(b);
	free(l);
	return rc;
}

/* The body. Caller frees; NULL out of memory. */
static char *diff_text(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	int label_w = 0, width = app->cols - 8 > 76 ? 76 : app->cols - 8, cols;
	const char *name = app->user->username ? app->user->username : "";
	const struct image_info *img = submit_picture(app->submit);
	const char *img_text = submit_picture_text(app->submit);

	for (int i = 0; i < FIELD_COUNT; i++) {
		int w = ui_text_cols(edit_fields[i].label);
		if (edit_is_changed(&app->edit, edit_fields[i].id) && w > label_w)
			label_w = w;
	}
	cols = (width - label_w - 6) / 2;
	if (cols < 8)
		cols = 8;
	if (strbuf_appendf(&sb, "Send to %s (%s)%s%s:\n", name, app->user->id,
	                   app->cfg->account_id ? " for account " : "",
	                   app->cfg->account_id ? app->cfg->account_id : "") != 0)
		goto fail;
	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id id = edit_fields[i].id;
		const char *new = edit_current(&app->edit, id);
		char desc[320];
		if (!edit_is_changed(&app->edit, id))
			continue;
		if (edit_fields[i].kind == FIELD_KIND_FILE_REF && img &&
		    img_text && strcmp(img_text, new) == 0)
			new = image_describe(img, desc, sizeof desc);
		if (diff_line(&sb, edit_fields[i].label, label_w,
		              edit_baseline(&app->edit, id), new, cols) != 0)
			goto fail;
	}
	return strbuf_take(&sb);
fail:
	strbuf_free(&sb);
	return NULL;
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
