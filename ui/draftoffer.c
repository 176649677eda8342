/* draftoffer.c - a draft of unsent edits was found for the profile just
 * loaded: restore it, delete it, or keep it for later. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>
#include <time.h>

#include "draw.h"
#include "strbuf.h"
#include "text.h"

/* The longest value shown of one field, in columns; the form holds it
 * all. */
#define SHOW_MAX_COLS 2000

/* The body: when it was saved, each field's yours and what the server
 * changed since. Caller frees; NULL out of memory. */
static char *offer_text(struct ui_app *app, const struct draft *d)
{
	struct strbuf sb = { 0 };
	enum field_id changed[FIELD_COUNT];
	size_t nch = draft_server_changes(d, &app->edit, changed);
	char when[64] = "";
	int rc = 0;

	if (d->saved_at > 0) {
		time_t t = (time_t)d->saved_at;
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(when, sizeof when, " (saved %Y-%m-%d %H:%M)", &tm);
	}
	rc |= strbuf_appendf(&sb, "Unsent edits of this profile were kept%s.\n",
	                     when);
	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = edit_fields[i].id;
		bool server = false;
		if (!d->has[f])
			continue;
		for (size_t k = 0; k < nch; k++)
			server |= changed[k] == f;
		rc |= strbuf_appendf(&sb, "\n%s\n", edit_fields[i].label);
		rc |= text_append_diff_value(&sb, "  yours: ", d->yours[f],
		                             SHOW_MAX_COLS);
		if (server) {
			rc |= text_append_diff_value(&sb, "  changed on the server "
			                             "since: was ", d->loaded[f],
			                             SHOW_MAX_COLS);
			rc |= text_append_diff_value(&sb, "  now: ",
			                             edit_baseline(&app->edit, f),
			                             SHOW_MAX_COLS);
		}
	}
	rc |= strbuf_append_str(&sb, "\nr puts them back in the form (nothing "
	                        "is sent), d deletes the draft, Esc or k keeps "
	                        "it for later.");
	if (rc != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* See screens.h. */
int ui_draftoffer_open(struct ui_app *app)
{
	char *body;

	if (!app->drafts.offer)
		return 0;
	body = offer_text(app, app->drafts.offer);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_DRAFT,
	                            "Restore unsent edits?", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* See screens.h. */
int ui_draftoffer_answer(struct ui_app *app, enum ui_answer ans)
{
	struct pf_error err;
	char s[700];
	int n = 0, rc;

	ui_dialog_close(&app->dialog);
	rc = draftkeep_answer(&app->drafts,
	                      ans == UI_ANS_YES ? DRAFTKEEP_RESTORE :
	                      ans == UI_ANS_DISCARD ? DRAFTKEEP_DELETE :
	                                              DRAFTKEEP_KEEP,
	                      app->user, &app->edit, &n, &err);
	ui_form_clamp(&app->form, &app->edit);
	if (ans == UI_ANS_YES)
		ui_status_set(&app->status, UI_STATUS_OK, "Draft restored (%d "
		              "field%s): review, then Ctrl-S submits.", n,
		              n == 1 ? "" : "s");
	else if (ans == UI_ANS_DISCARD)
		ui_status_set(&app->status, UI_STATUS_INFO, "Draft deleted.");
	else
		ui_status_set(&app->status, UI_STATUS_INFO, "Draft kept for "
		              "later (Ctrl-R offers it again); edits made now are "
		              "added to it.");
	if (rc != 0) {
		pf_error_sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Draft not saved: %s", s);
	}
	return UI_REDRAW;
}
