/* resil.c - drafts, the conflict check, 409, the token prompt after a 401,
 * the retry countdown and what is kept on the way out (see resil.h). */
#include "app.h"
#include "resil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "draw.h"
#include "strbuf.h"
#include "user.h"

/* The longest value a dialog shows of one field, in bytes; the rest is
 * cut with an ellipsis (the form holds it all). */
#define SHOW_MAX 2000

/* The user a re-read or PATCH goes to: as cmd.c's target(). */
static const char *target(const struct ui_app *app)
{
	if (!app->other || !app->user)
		return app->who;
	return app->user->id;
}

/* FNV-1a over every baseline and current value: tells the loop that the
 * edit changed without a hook in every place that changes it. */
static unsigned long long fingerprint(const struct edit *e)
{
	unsigned long long h = 1469598103934665603ull;

	for (int f = 0; f < FIELD_COUNT; f++) {
		const char *parts[2] = { edit_baseline(e, (enum field_id)f),
		                         edit_current(e, (enum field_id)f) };
		for (int k = 0; k < 2; k++) {
			for (const unsigned char *p = (const unsigned char *)parts[k];
			     *p; p++)
				h = (h ^ *p) * 1099511628211ull;
			h = (h ^ 0xffu) * 1099511628211ull; /* separator */
		}
	}
	return h;
}

/* A value for a dialog: "(empty)", else the text with each newline shown
 * as U+21B5 and cut after SHOW_MAX bytes. Caller frees; NULL out of
 * memory. Sanitised later, when drawn. */
static char *shown(const char *s)
{
	struct strbuf sb = { 0 };
	size_t n = 0;

	if (!*s)
		return strdup("(empty)");
	for (; *s && n < SHOW_MAX; s++, n++) {
		if (*s == '\n' ? strbuf_append_str(&sb, "\xe2\x86\xb5") != 0
		               : strbuf_append(&sb, s, 1) != 0) {
			strbuf_free(&sb);
			return NULL;
		}
	}
	while (*s && ((unsigned char)*s & 0xC0) == 0x80) /* finish a character */
		if (strbuf_append(&sb, s++, 1) != 0)
			break;
	if (*s && strbuf_append_str(&sb, "\xe2\x80\xa6") != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* Append "<prefix><shown value>\n". Returns 0 or -1 out of memory. */
static int add_value(struct strbuf *sb, const char *prefix, const char *v)
{
	char *s = shown(v);
	int rc = s ? strbuf_appendf(sb, "%s%s\n", prefix, s) : -1;

	free(s);
	return rc;
}

/* The row of field f in edit_fields[]. */
static int row_of(enum field_id f)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].id == f)
			return i;
	}
	return 0;
}

/* The error's sentence into buf. */
static void sentence(const struct pf_error *err, char *buf, size_t n)
{
	pf_error_sentence(err, buf, n);
}

/* Open an error dialog with text (and the status line); out of memory is
 * noted. */
static void tell_error(struct ui_app *app, const char *title, const char *text)
{
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s", text);
	if (ui_dialog_open(&app->dialog, UI_DLG_ERROR, title, text) != 0)
		ui_oom_note();
}

/* ---- drafts */

/* Save the draft kept for later together with the form's changes when
 * with_edits (a field changed in both keeps the form's text): one file
 * holds both, so neither is lost. Returns 0 or -1 with err. */
static int save_with_kept(struct ui_app *app, bool with_edits,
                          struct pf_error *err)
{
	struct edit both;
	int rc;

	memset(&both, 0, sizeof both);
	rc = edit_load(&both, app->user, err);
	if (rc == 0)
		rc = draft_apply(app->res.kept, &both, err);
	for (int f = 0; rc == 0 && with_edits && f < FIELD_COUNT; f++) {
		if (edit_is_changed(&app->edit, (enum field_id)f) &&
		    edit_set(&both, (enum field_id)f,
		             edit_current(&app->edit, (enum field_id)f)) != 0)
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	if (rc == 0)
		rc = draft_save(app->res.draft_path, draft_env_of(app->cfg),
		                app->cfg->account_id, app->user->id, &both, err);
	edit_free(&both);
	return rc;
}

/* Save the draft of the loaded user now (a failed submit, a signal, the
 * debounce timer), with the draft kept for later when there is one.
 * Returns 0, or -1 with err (nothing to save counts as success: the draft
 * is removed then, see draft_save). */
static int draft_save_now(struct ui_app *app, struct pf_error *err)
{
	pf_error_clear(err);
	draft_timer_clear(&app->res.timer);
	app->res.fp = fingerprint(&app->edit);
	if (!app->res.draft_path || !app->user || app->res.offer)
		return 0;
	if (app->res.kept)
		return save_with_kept(app, true, err);
	return draft_save(app->res.draft_path, draft_env_of(app->cfg),
	                  app->cfg->account_id, app->user->id, &app->edit, err);
}

/* draft_save_now, a failure said on the status line. */
static void draft_keep(struct ui_app *app)
{
	struct pf_error err;
	char s[700];

	if (draft_save_now(app, &err) != 0) {
		sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Draft not saved: %s", s);
	}
}

/* Remove the loaded user's draft of the form's edits (a success, an
 * explicit discard); a draft kept for later stays, alone. */
static void draft_drop(struct ui_app *app)
{
	struct pf_error err;

	draft_timer_clear(&app->res.timer);
	app->res.fp = fingerprint(&app->edit);
	if (!app->res.draft_path)
		return;
	if (app->res.kept && app->user)
		save_with_kept(app, false, &err);
	else
		draft_remove(app->res.draft_path, &err);
}

/* The restore dialog's body: when it was saved, each field's yours and
 * what the server changed since. Caller frees; NULL out of memory. */
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
		rc |= add_value(&sb, "  yours: ", d->yours[f] ? d->yours[f] : "");
		if (server) {
			rc |= add_value(&sb, "  changed on the server since: was ",
			                d->loaded[f] ? d->loaded[f] : "");
			rc |= add_value(&sb, "  now: ", edit_baseline(&app->edit, f));
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

/* See resil.h. */
void ui_resil_loaded(struct ui_app *app)
{
	struct pf_error err;
	struct draft *d = NULL;
	char *path, *body, s[700];
	int rc;

	if (app->res.discard_pending && app->res.draft_path && !app->res.kept)
		draft_remove(app->res.draft_path, &err);
	app->res.discard_pending = false;
	app->res.discarded = false;
	draft_free(app->res.offer);
	app->res.offer = NULL;
	draft_free(app->res.kept); /* the file is offered again below */
	app->res.kept = NULL;
	draft_timer_clear(&app->res.timer);
	app->res.fp = fingerprint(&app->edit);
	path = draft_path_for(app->cfg, app->user->id, &err);
	free(app->res.draft_path);
	app->res.draft_path = path;
	if (!path) {
		sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "Drafts are off: %s", s);
		return;
	}
	rc = draft_load(path, draft_env_of(app->cfg), app->cfg->account_id,
	                app->user->id, &d, &err);
	if (rc == 1)
		return;
	if (rc < 0) {
		sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "A draft was found but not used: %s", s);
		return;
	}
	if (app->cfg->read_only) {
		ui_status_set(&app->status, UI_STATUS_INFO, "A draft of unsent "
		              "edits is kept for this profile; open it without "
		              "--read-only to restore it.");
		draft_free(d);
		return;
	}
	body = offer_text(app, d);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_DRAFT,
	                            "Restore unsent edits?", body) != 0) {
		free(body);
		draft_free(d);
		ui_oom_note();
		return;
	}
	free(body);
	app->res.offer = d;
}

/* See resil.h. */
void ui_resil_load_failed(struct ui_app *app)
{
	if (app->res.discard_pending && app->res.kept)
		draft_keep(app); /* the edits are still here: back in the file */
	app->res.discard_pending = false;
}

/* See resil.h. */
void ui_resil_discard(struct ui_app *app)
{
	struct pf_error err;

	if (app->after == UI_AFTER_QUIT) {
		if (app->res.kept && app->user && app->res.draft_path)
			save_with_kept(app, false, &err); /* only it stays */
		else if (app->res.draft_path)
			draft_remove(app->res.draft_path, &err);
		app->res.discarded = true;
		draft_timer_clear(&app->res.timer);
	} else {
		/* a draft kept for later stays alone in the file now; else the
		 * file goes once the next load works (ui_resil_loaded) */
		if (app->res.kept && app->user && app->res.draft_path)
			save_with_kept(app, false, &err);
		app->res.discard_pending = true;
	}
}

/* See resil.h. */
void ui_resil_reverted(struct ui_app *app)
{
	draft_drop(app);
}

/* The restore dialog's answer. */
static int answer_offer(struct ui_app *app, enum ui_answer ans)
{
	struct draft *d = app->res.offer;
	struct pf_error err;
	int n = 0;

	app->res.offer = NULL;
	if (ans == UI_ANS_YES) {
		if (draft_apply(d, &app->edit, &err) != 0)
			ui_oom_note();
		for (int f = 0; f < FIELD_COUNT; f++)
			n += d->has[f];
		ui_form_clamp(&app->form, &app->edit);
		/* the draft now says loaded = the server's values of today */
		draft_keep(app);
		ui_status_set(&app->status, UI_STATUS_OK, "Draft restored (%d "
		              "field%s): review, then Ctrl-S submits.", n,
		              n == 1 ? "" : "s");
	} else if (ans == UI_ANS_DISCARD) {
		draft_drop(app);
		ui_status_set(&app->status, UI_STATUS_INFO, "Draft deleted.");
	} else {
		ui_status_set(&app->status, UI_STATUS_INFO, "Draft kept for "
		              "later (Ctrl-R offers it again); edits made now are "
		              "added to it.");
		app->res.kept = d; /* the file stays as it is until an edit */
		d = NULL;
	}
	draft_free(d);
	return UI_REDRAW;
}

/* ---- 401: the token prompt */

/* See resil.h. */
bool ui_resil_auth(struct ui_app *app, const struct pf_error *err,
                   enum ui_retry what, const char *who, bool fresh)
{
	struct strbuf sb = { 0 };
	char s[700], *body;

	if (err->kind != PF_ERR_HTTP || err->status != 401)
		return false;
	free(app->res.retry_who);
	app->res.retry_who = who ? strdup(who) : NULL;
	app->res.retry = what;
	app->res.retry_fresh = fresh;
	sentence(err, s, sizeof s);
	if (strbuf_appendf(&sb, "%s\n\nType a token to use in this session "
	                   "(kept in memory only: never shown, never saved), "
	                   "or Esc.", s) != 0 ||
	    !(body = strbuf_take(&sb))) {
		strbuf_free(&sb);
		ui_oom_note();
		return true;
	}
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s", s);
	if (ui_dialog_open(&app->dialog, UI_DLG_PROMPT_TOKEN,
	                   "The token was refused", body) != 0)
		ui_oom_note();
	free(body);
	return true;
}

/* The token prompt's answer: the typed token replaces the running
 * client's, the failed operation starts again. The input is wiped by
 * ui_dialog_close. */
static int answer_token(struct ui_app *app, enum ui_answer ans)
{
	struct pf_error err;
	enum ui_retry what = app->res.retry;
	char *who = app->res.retry_who;
	int rc = 0;

	app->res.retry = UI_RETRY_NONE;
	app->res.retry_who = NULL;
	if (ans == UI_ANS_YES)
		rc = api_set_token(app->api, app->dialog.input, &err);
	ui_dialog_close(&app->dialog);
	if (ans != UI_ANS_YES) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "No new token: nothing "
		              "sent%s. Fix WHOP_API_KEY or --token-file, or try "
		              "again to be asked again.",
		              app->user && edit_any_changed(&app->edit)
		                      ? " (edits kept, also in a draft)" : "");
		free(who);
		return UI_REDRAW;
	}
	if (rc != 0) {
		char s[700];
		sentence(&err, s, sizeof s);
		tell_error(app, "Token not used", s);
		free(who);
		return UI_REDRAW;
	}
	ui_status_set(&app->status, UI_STATUS_INFO, "Using the new token.");
	if (what == UI_RETRY_LOAD && who) {
		int flags = ui_cmd_load(app, who, app->res.retry_fresh);
		free(who);
		return flags;
	}
	free(who);
	if (what == UI_RETRY_SUBMIT) {
		app->res.checked = false;
		return UI_REDRAW | UI_SUBMIT;
	}
	return UI_REDRAW;
}

/* ---- the conflict check */

/* The server's profile now replaces the loaded one: fields the person did
 * not change follow it (edit_rebase), the overview is rebuilt. Takes now.
 * *changed (may be NULL) receives the fields the server had changed. */
static void adopt(struct ui_app *app, struct user *now, char *changed,
                  size_t n)
{
	struct pf_error err;
	struct strbuf sb = { 0 };

	for (int i = 0; changed && i < FIELD_COUNT; i++) {
		enum field_id f = edit_fields[i].id;
		if (strcmp(edit_baseline(&app->edit, f), edit_value_of(now, f)) != 0)
			strbuf_appendf(&sb, "%s%s", sb.len ? ", " : "",
			               edit_fields[i].label);
	}
	if (changed)
		snprintf(changed, n, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	if (edit_rebase(&app->edit, now, &err) != 0) {
		ui_oom_note();
		user_free(now);
		return;
	}
	if (ui_panel_set_user(&app->panel, now) != 0)
		ui_oom_note();
	user_free(app->user);
	app->user = now;
	ui_form_clamp(&app->form, &app->edit);
}

/* The conflict dialog for conflict app->res.ci. */
static void ask_conflict(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	enum field_id f = app->res.conf[app->res.ci];
	const char *label = edit_fields[row_of(f)].label;
	char *body;
	int rc = 0;

	if (app->res.after_409)
		rc |= strbuf_appendf(&sb, "%s\nThe profile was read again.\n\n",
		                     app->res.why_409);
	rc |= strbuf_appendf(&sb, "%s was changed on the server since you "
	                     "loaded it (%d of %d).\n\n", label,
	                     app->res.ci + 1, app->res.nconf);
	rc |= add_value(&sb, "loaded:      ", edit_baseline(&app->edit, f));
	rc |= add_value(&sb, "server now:  ", edit_value_of(app->res.now, f));
	rc |= add_value(&sb, "yours:       ", edit_current(&app->edit, f));
	rc |= strbuf_appendf(&sb, "\nm keeps yours (it replaces theirs), t "
	                     "takes theirs (yours is dropped), Esc stops: "
	                     "nothing is sent.");
	body = rc == 0 ? strbuf_take(&sb) : NULL;
	strbuf_free(&sb);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_CONFLICT,
	                            "Changed on the server", body) != 0)
		ui_oom_note();
	free(body);
}

/* After a 409, no field conflicts: say what the re-read showed. */
static void tell_409(struct ui_app *app, const char *changed)
{
	char text[1400];

	snprintf(text, sizeof text, "%s\nThe profile was read again. %s%s%s\n"
	         "Your edits are kept (also in a draft): review them, then "
	         "Ctrl-S submits again.", app->res.why_409,
	         *changed ? "Changed on the server meanwhile: " :
	                    "Nothing you can edit changed on the server.",
	         changed, *changed ? "." : "");
	tell_error(app, "Conflict", text);
}

/* Finished re-read before a PATCH (or after a 409). */
static void on_checked(void *ud, struct user *now, const struct pf_error *err)
{
	struct ui_app *app = ud;
	char s[700], text[900], changed[200];
	int n;

	app->op = 0;
	app->op_kind = UI_OP_NONE;
	ui_status_busy(&app->status, NULL);
	app->flags |= UI_REDRAW;
	if (!now) {
		app->after = UI_AFTER_NONE;
		draft_keep(app);
		if (err->kind == PF_ERR_CANCELLED) {
			ui_status_set(&app->status, UI_STATUS_INFO, "Cancelled: "
			              "nothing sent (edits kept).");
			return;
		}
		if (ui_resil_auth(app, err, UI_RETRY_SUBMIT, NULL, false))
			return;
		sentence(err, s, sizeof s);
		snprintf(text, sizeof text, "Nothing sent: the profile is read "
		         "again right before saving, to catch changes made "
		         "elsewhere, and that failed. %s Your edits are kept "
		         "(also in a draft).", s);
		tell_error(app, "Not sent", text);
		return;
	}
	n = (int)edit_conflicts(&app->edit, now, app->res.conf);
	if (n == 0) {
		adopt(app, now, changed, sizeof changed);
		if (app->res.after_409) {
			app->res.after_409 = false;
			app->after = UI_AFTER_NONE;
			draft_keep(app);
			tell_409(app, changed);
			return;
		}
		app->res.checked = true;
		app->flags |= UI_SUBMIT;
		return;
	}
	app->res.now = now;
	app->res.nconf = n;
	app->res.ci = 0;
	ask_conflict(app);
}

/* See resil.h. */
int ui_resil_before_patch(struct ui_app *app)
{
	struct pf_error err;

	if (app->res.checked) {
		app->res.checked = false;
		return 0;
	}
	app->res.after_409 = false;
	app->op_kind = UI_OP_LOAD; /* a GET: the conflict check */
	ui_status_busy(&app->status, "Checking the server for changes...");
	app->op = api_user_get(app->api, target(app), on_checked, app, &err);
	if (app->op < 0) {
		char s[700];
		app->op = 0;
		app->op_kind = UI_OP_NONE;
		app->after = UI_AFTER_NONE;
		ui_status_busy(&app->status, NULL);
		sentence(&err, s, sizeof s);
		tell_error(app, "Not sent", s);
	}
	return UI_REDRAW;
}

/* The conflict dialog's answer: the next conflict, or apply the choices
 * and send (not after a 409: the person submits again), or stop. */
static int answer_conflict(struct ui_app *app, enum ui_answer ans)
{
	struct user *now = app->res.now;
	char changed[200];

	ui_dialog_close(&app->dialog);
	if (ans != UI_ANS_YES && ans != UI_ANS_THEIRS) {
		app->res.now = NULL;
		user_free(now);
		app->after = UI_AFTER_NONE;
		app->res.after_409 = false;
		ui_status_set(&app->status, UI_STATUS_INFO, "Stopped at the "
		              "conflict: nothing sent (edits kept).");
		return UI_REDRAW;
	}
	app->res.mine[app->res.ci] = ans == UI_ANS_YES;
	if (++app->res.ci < app->res.nconf) {
		ask_conflict(app);
		return UI_REDRAW;
	}
	for (int i = 0; i < app->res.nconf; i++) {
		if (edit_resolve(&app->edit, app->res.conf[i], now,
		                 app->res.mine[i] ? EDIT_KEEP_MINE
		                                  : EDIT_TAKE_THEIRS) != 0)
			ui_oom_note();
	}
	app->res.now = NULL;
	adopt(app, now, changed, sizeof changed);
	if (app->res.after_409) {
		app->res.after_409 = false;
		app->after = UI_AFTER_NONE;
		draft_keep(app);
		ui_status_set(&app->status, UI_STATUS_INFO, "Conflicts settled: "
		              "review, then Ctrl-S submits again.");
		return UI_REDRAW;
	}
	if (!edit_any_changed(&app->edit)) {
		app->after = UI_AFTER_NONE;
		draft_drop(app);
		ui_status_set(&app->status, UI_STATUS_INFO, "Took the server's "
		              "values: nothing left to send.");
		return UI_REDRAW;
	}
	app->res.checked = true;
	return UI_REDRAW | UI_SUBMIT;
}

/* ---- the PATCH's outcome */

/* See resil.h. */
bool ui_resil_patch_failed(struct ui_app *app, const struct pf_error *err)
{
	char s[700], text[900];

	app->res.checked = false;
	draft_keep(app);
	if (err->kind == PF_ERR_HTTP && err->status == 422 && err->field[0])
		return false;
	app->after = UI_AFTER_NONE;
	if (err->kind == PF_ERR_CANCELLED) {
		if (err->landed == PF_LANDED_NO)
			ui_status_set(&app->status, UI_STATUS_INFO, "Cancelled: not "
			              "saved (edits kept).");
		else
			ui_status_set(&app->status, UI_STATUS_ERROR, "Cancelled. The "
			              "change may still have reached the server: "
			              "Ctrl-S checks before sending again (edits kept).");
		return true;
	}
	if (ui_resil_auth(app, err, UI_RETRY_SUBMIT, NULL, false))
		return true;
	sentence(err, s, sizeof s);
	if (err->kind == PF_ERR_HTTP && err->status == 409) {
		struct pf_error e2;
		snprintf(app->res.why_409, sizeof app->res.why_409, "%s", s);
		app->op_kind = UI_OP_LOAD; /* a GET: the conflict check */
		ui_status_busy(&app->status, "Conflict: reading the profile again...");
		app->op = api_user_get(app->api, target(app), on_checked, app, &e2);
		if (app->op > 0) {
			app->res.after_409 = true;
			return true;
		}
		app->op = 0;
		app->op_kind = UI_OP_NONE;
		ui_status_busy(&app->status, NULL);
	}
	snprintf(text, sizeof text, "%s%s", s,
	         err->landed == PF_LANDED_UNKNOWN
	         ? " Your edits are kept (also in a draft); Ctrl-R shows what "
	           "the server holds."
	         : " Your edits are kept (also in a draft); Ctrl-S tries again.");
	tell_error(app, "Not saved", text);
	return true;
}

/* See resil.h. */
void ui_resil_patch_done(struct ui_app *app, const struct pf_error *err)
{
	char when[16];
	time_t now = time(NULL);
	struct tm tm;

	app->res.checked = false;
	if (edit_any_changed(&app->edit))
		draft_keep(app); /* typed while the request ran */
	else
		draft_drop(app);
	if (err && err->landed == PF_LANDED_YES) {
		localtime_r(&now, &tm);
		strftime(when, sizeof when, "%H:%M:%S", &tm);
		ui_status_set(&app->status, UI_STATUS_OK, "Saved at %s: the answer "
		              "was lost, but reading the profile again shows your "
		              "change.", when);
	}
}

/* ---- dialogs */

/* See resil.h. */
bool ui_resil_owns(enum ui_dialog_kind kind)
{
	return kind == UI_DLG_DRAFT || kind == UI_DLG_CONFLICT ||
	       kind == UI_DLG_PROMPT_TOKEN;
}

/* See resil.h. */
int ui_resil_answer(struct ui_app *app, enum ui_answer ans)
{
	switch (app->dialog.kind) {
	case UI_DLG_DRAFT:
		ui_dialog_close(&app->dialog);
		return answer_offer(app, ans);
	case UI_DLG_CONFLICT:
		return answer_conflict(app, ans);
	case UI_DLG_PROMPT_TOKEN:
		return answer_token(app, ans);
	default:
		ui_dialog_close(&app->dialog);
		return UI_REDRAW;
	}
}

/* ---- the loop */

/* A change to the edit since the last look starts the draft's debounce
 * timer (keys are handled after the loop's wait was computed, so both the
 * wait and the tick look). */
static void notice_changes(struct ui_app *app, long long now)
{
	unsigned long long fp;

	if (!app->user || app->res.offer || app->cfg->read_only)
		return;
	fp = fingerprint(&app->edit);
	if (fp != app->res.fp) {
		app->res.fp = fp;
		app->res.discarded = false;
		draft_timer_touch(&app->res.timer, now);
	}
}

/* See resil.h. */
int ui_resil_timeout_ms(struct ui_app *app, int timeout_ms)
{
	long long now = clock_now_ms();
	long t;

	notice_changes(app, now);
	t = draft_timer_timeout_ms(&app->res.timer, now);

	if (t >= 0 && t < timeout_ms)
		timeout_ms = (int)t;
	if (api_waiting(app->api, 0, NULL, NULL) && timeout_ms > 1000)
		timeout_ms = 1000;
	return timeout_ms;
}

/* The countdown's words from api_waiting's reason. */
static void countdown(char *buf, size_t n, int left, const char *why)
{
	const char *http = why ? strstr(why, "HTTP ") : NULL;

	if (why && strstr(why, "429"))
		snprintf(buf, n, "Rate limited: retrying in %d s", left);
	else if (http)
		snprintf(buf, n, "Server error (%.8s); retrying in %d s", http, left);
	else
		snprintf(buf, n, "No connection (%s); retrying in %d s",
		         why ? why : "network", left);
}

/* See resil.h. */
int ui_resil_tick(struct ui_app *app)
{
	int flags = 0, left = 0;
	const char *why = NULL;
	long long now = clock_now_ms();

	if (app->op && api_waiting(app->api, app->op, &left, &why)) {
		char text[160];
		if (!app->res.waiting) {
			snprintf(app->res.busy_saved, sizeof app->res.busy_saved, "%s",
			         app->status.busy);
			app->res.waiting = true;
		}
		countdown(text, sizeof text, left, why);
		ui_status_busy(&app->status, text);
		flags |= UI_REDRAW;
	} else if (app->res.waiting) {
		app->res.waiting = false;
		if (app->op)
			ui_status_busy(&app->status, app->res.busy_saved);
		flags |= UI_REDRAW;
	}
	if (!app->user || app->res.offer || app->cfg->read_only)
		return flags;
	notice_changes(app, now);
	if (draft_timer_due(&app->res.timer, now)) {
		draft_keep(app);
		flags |= UI_REDRAW;
	}
	return flags;
}

/* See resil.h. */
void ui_resil_exit(struct ui_app *app)
{
	struct pf_error err;
	char s[700];

	app->res.exit_note[0] = '\0';
	if (!app->user || app->res.discarded || app->res.offer ||
	    app->cfg->read_only)
		return;
	if (!edit_any_changed(&app->edit)) {
		if (app->res.kept) /* edits undone since the last save */
			draft_save_now(app, &err);
		return;
	}
	if (!app->res.draft_path) {
		snprintf(app->res.exit_note, sizeof app->res.exit_note,
		         "profed: unsent edits were lost (drafts are off: no "
		         "state directory).\n");
		return;
	}
	if (draft_save_now(app, &err) != 0) {
		sentence(&err, s, sizeof s);
		snprintf(app->res.exit_note, sizeof app->res.exit_note,
		         "profed: unsent edits could not be kept: %s\n", s);
		return;
	}
	snprintf(app->res.exit_note, sizeof app->res.exit_note,
	         "profed: unsent edits kept as a draft in %s; opening this "
	         "profile again offers them.\n", app->res.draft_path);
}

/* See resil.h. */
const char *ui_resil_exit_note(const struct ui_app *app)
{
	return app->res.exit_note;
}

/* See resil.h. */
const char *ui_resil_too_small_note(const struct ui_app *app)
{
	if (!app->user || app->cfg->read_only || !edit_any_changed(&app->edit))
		return NULL;
	return app->res.draft_path
	       ? "(Quitting here keeps the unsaved edits as a draft.)"
	       : "(Quitting here discards the unsaved edits.)";
}

/* See resil.h. */
void ui_resil_free(struct ui_app *app)
{
	free(app->res.draft_path);
	app->res.draft_path = NULL;
	draft_free(app->res.offer);
	app->res.offer = NULL;
	draft_free(app->res.kept);
	app->res.kept = NULL;
	user_free(app->res.now);
	app->res.now = NULL;
	free(app->res.retry_who);
	app->res.retry_who = NULL;
}
