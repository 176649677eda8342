/* appstate.c - the editor's state and what changes it (see app.h): the
 * load, the submit through the core's flow (src/submit.h), cancelling,
 * reverting, Tab completion in the picture field, the external editor,
 * drafts and the countdown. It opens no screen itself: a dialog is asked
 * of the loop with app_want. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "chartview.h"
#include "clock.h"
#include "complete.h"
#include "config.h"
#include "draw.h"
#include "extedit.h"
#include "files.h"
#include "strbuf.h"
#include "submit.h"
#include "user.h"

/* "HH:MM:SS" now, local time. */
static const char *clock_text(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
	return buf;
}

/* See app.h. */
void app_want(struct ui_app *app, enum ui_dialog_kind kind)
{
	app->want = kind;
	app->flags |= UI_REDRAW;
}

/* See app.h. */
void app_tell_error(struct ui_app *app, const char *title, const char *text)
{
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s", text);
	if (ui_dialog_open(&app->dialog, UI_DLG_ERROR, title, text) != 0)
		ui_oom_note();
}

/* See app.h. */
void app_show_error(struct ui_app *app, const char *title,
                    const struct pf_error *err)
{
	char sentence[1024];

	pf_error_sentence(err, sentence, sizeof sentence);
	app_tell_error(app, title, sentence);
}

/* See app.h. */
void app_adopt_user(struct ui_app *app, struct user *u)
{
	if (ui_panel_set_user(&app->panel, u) != 0)
		ui_oom_note();
	user_free(app->user);
	app->user = u;
	ui_form_clamp(&app->form, &app->edit);
}

/* See app.h. */
bool app_running(const struct ui_app *app)
{
	return app->load_op || submit_state(app->submit) != SUBMIT_IDLE;
}

/* See app.h. */
long app_op(const struct ui_app *app)
{
	return app->load_op ? app->load_op : submit_op(app->submit);
}

/* Refuse to start a second request. Returns true when one runs. */
static bool busy(struct ui_app *app)
{
	if (!app_running(app))
		return false;
	ui_status_set(&app->status, UI_STATUS_ERROR,
	              "A request is running: wait, or press Esc to cancel it.");
	return true;
}

/* See app.h. During the PATCH itself edits are taken (edit_commit keeps
 * them). */
bool app_editable(const struct ui_app *app)
{
	return app->user && !app->cfg->read_only && !app->load_op &&
	       submit_edits_allowed(app->submit) &&
	       app_field_allowed(app, app->form.focus, NULL);
}

/* See app.h. */
bool app_field_allowed(const struct ui_app *app, enum field_id f,
                       const char **why)
{
	const char *reason = NULL;

	if (!app->user)
		return true; /* nothing loaded: said elsewhere */
	if (app->cap.look_only)
		reason = app->cap.why;
	else if ((int)f >= 0 && (int)f < FIELD_COUNT && !app->cap.allowed[f])
		reason = app->cap.reason[f];
	else
		return true;
	if (why)
		*why = reason ? reason : "This credential cannot change it.";
	return false;
}

/* See app.h. */
bool app_can_edit(struct ui_app *app)
{
	if (app->cfg->read_only) {
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "Read-only (--read-only): editing and submit are off.");
		return false;
	}
	if (!app->user) {
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "No profile loaded: Ctrl-R retries, Ctrl-G opens a user.");
		return false;
	}
	if (app->cap.look_only) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "%s", app->cap.why
		              ? app->cap.why : "Look only.");
		return false;
	}
	if (app->user && !app->cfg->read_only && !app->load_op &&
	    submit_edits_allowed(app->submit))
		return true; /* a locked focused field is said by the key */
	if (!app_editable(app)) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Editing waits until "
		              "the request ends.");
		return false;
	}
	return true;
}

/* See app.h. */
const char *app_target(const struct ui_app *app)
{
	if (!app->other || !app->user)
		return app->who;
	return app->user->id;
}

/* A draft save failed: the status line says why. */
static void draft_not_saved(struct ui_app *app, const struct pf_error *err)
{
	char s[700];

	pf_error_sentence(err, s, sizeof s);
	ui_status_set(&app->status, UI_STATUS_ERROR, "Draft not saved: %s", s);
}

/* See app.h: a draft save that failed is said on the status line. */
void app_keep_draft(struct ui_app *app)
{
	struct pf_error err;

	if (draftkeep_save(&app->drafts, app->user, &app->edit, &err) != 0)
		draft_not_saved(app, &err);
}

/* A 401 ends in the masked token prompt; what = what to start again
 * with the new token. Returns true when the prompt is asked for. */
static bool auth(struct ui_app *app, const struct pf_error *err,
                 enum ui_retry what, const char *who, bool fresh)
{
	char s[700];

	if (err->kind != PF_ERR_HTTP || err->status != 401)
		return false;
	free(app->retry_who);
	app->retry_who = who ? strdup(who) : NULL;
	app->retry = what;
	app->retry_fresh = fresh;
	app->retry_err = *err;
	pf_error_sentence(err, s, sizeof s);
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s", s);
	app_want(app, UI_DLG_PROMPT_TOKEN);
	return true;
}

/* ---- loading */

/* What the draft module found after a load, said or offered. */
static void drafts_after_load(struct ui_app *app)
{
	struct pf_error err;
	char s[700];

	switch (draftkeep_loaded(&app->drafts, app->user, &app->edit, &err)) {
	case DRAFTKEEP_OFFER:
		app_want(app, UI_DLG_DRAFT);
		break;
	case DRAFTKEEP_READ_ONLY:
		ui_status_set(&app->status, UI_STATUS_INFO, "A draft of unsent "
		              "edits is kept for this profile; open it without "
		              "--read-only to restore it.");
		break;
	case DRAFTKEEP_OFF:
		pf_error_sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Drafts are off: %s", s);
		break;
	case DRAFTKEEP_REFUSED:
		pf_error_sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "A draft was found but not used: %s", s);
		break;
	case DRAFTKEEP_NONE:
		break;
	}
}

/* Finished GET: the answer replaces the profile and every edit (the
 * unsaved-edits question was asked before the request started). */
static void on_loaded(void *ud, struct user *u, const struct pf_error *err)
{
	struct ui_app *app = ud;
	struct pf_error e;
	char *who = app->load_who;
	bool fresh = app->load_fresh;
	const char *note;

	app->load_op = 0;
	app->load_who = NULL;
	ui_status_busy(&app->status, NULL);
	app->flags |= UI_REDRAW;
	if (who && strcmp(who, "me") == 0) /* only a user token has a `me` */
		app->cred = capability_kind_learn(app->cred,
		                                  u ? 200 : err->kind == PF_ERR_HTTP
		                                            ? err->status : 0);
	if (!u) {
		app->load_back = false;
		draftkeep_load_failed(&app->drafts, app->user, &app->edit);
		if (!auth(app, err, UI_RETRY_LOAD, who, fresh)) {
			if (err->kind == PF_ERR_CANCELLED)
				ui_status_set(&app->status, UI_STATUS_INFO,
				              "Loading cancelled.%s", app->user ? "" :
				              " Ctrl-R retries, Ctrl-G opens a user.");
			else
				app_show_error(app, "Could not load", err);
		}
		free(who);
		return;
	}
	if (edit_load(&app->edit, u, &e) != 0) {
		user_free(u);
		free(who);
		ui_oom_note();
		return;
	}
	if (fresh)
		app_support_leaving(app, u); /* the jump list */
	app->load_back = false;
	app_adopt_user(app, u);
	app_support_opened(app, u, who && strcmp(who, "me") == 0);
	/* after each load: the access badges; an open history follows */
	ui_access_start(&app->access, u->id);
	if (u->id && ui_history_person(&app->history, u->id, u->username) != 0)
		ui_oom_note();
	if (fresh) {
		free(app->who);
		app->who = who;
		who = NULL;
		app->other = !app_support_is_self(app, app->who, u);
		ui_form_reset(&app->form, &app->edit);
		ui_form_focus(&app->form, edit_fields[0].id);
	}
	free(who);
	/* an open chart asks for your own profile, says so for another */
	ui_chartpane_person(&app->chart, app->other ? UI_CHARTPANE_OTHER
	                                            : UI_CHARTPANE_OWN);
	app_support_capability(app);
	app_support_card(app, u);
	note = ui_preview_take_note(&app->preview); /* once: no sixel, ... */
	if (app->cap.look_only && app->cap.why)
		ui_status_set(&app->status, UI_STATUS_INFO, "Loaded %s. %s",
		              u->username ? u->username : u->id, app->cap.why);
	else
		ui_status_set(&app->status, UI_STATUS_OK, "Loaded %s.%s%s",
		              u->username ? u->username : u->id, note ? " " : "",
		              note ? note : "");
	drafts_after_load(app); /* a draft of this user is offered */
}

/* See app.h: GET /users/{who}; fresh = another user. Refused while a
 * request runs. */
int app_load(struct ui_app *app, const char *who, bool fresh)
{
	struct pf_error err;
	char what[200];

	if (busy(app))
		return UI_REDRAW;
	if (!(app->load_who = strdup(who))) {
		ui_oom_note();
		return UI_REDRAW;
	}
	app->load_fresh = fresh;
	app->load_back = fresh && app->back_pending;
	app->back_pending = false;
	snprintf(what, sizeof what, "Loading %s...", who);
	ui_status_busy(&app->status, what);
	app->load_op = api_user_get(app->api, who, on_loaded, app, &err);
	if (app->load_op < 0) {
		app->load_op = 0;
		app->load_back = false; /* no load in flight: the next one that
		                           is not a Ctrl-O must not pop a jump */
		free(app->load_who);
		app->load_who = NULL;
		ui_status_busy(&app->status, NULL);
		app_show_error(app, "Could not load", &err);
	}
	return UI_REDRAW;
}

/* ---- what waits for the unsaved-edits question */

/* See app.h. */
void app_after_cancel(struct ui_app *app)
{
	app->back_pending = false;
	app->after = UI_AFTER_NONE;
	free(app->after_who);
	app->after_who = NULL;
}

/* See app.h. */
int app_run_after(struct ui_app *app)
{
	enum ui_after after = app->after;
	char *who = app->after_who;
	int flags = UI_REDRAW;

	app->after = UI_AFTER_NONE;
	app->after_who = NULL;
	if (after == UI_AFTER_QUIT)
		flags |= UI_QUIT;
	else if (after == UI_AFTER_RELOAD)
		flags |= app_load(app, app_target(app), false);
	else if (after == UI_AFTER_OPEN && who)
		flags |= app_load(app, who, true);
	app->back_pending = false;
	free(who);
	return flags;
}

/* See app.h. */
int app_ask_or_run(struct ui_app *app, enum ui_after after, char *who)
{
	free(app->after_who);
	app->after = after;
	app->after_who = who;
	if (!app->user || !edit_any_changed(&app->edit))
		return app_run_after(app);
	app_want(app, UI_DLG_ASK_UNSAVED);
	return UI_REDRAW;
}

/* See app.h. */
int app_reload(struct ui_app *app)
{
	if (busy(app))
		return UI_REDRAW;
	return app_ask_or_run(app, UI_AFTER_RELOAD, NULL);
}

/* See app.h. */
int app_quit(struct ui_app *app)
{
	return app_ask_or_run(app, UI_AFTER_QUIT, NULL);
}

/* See app.h. */
int app_open_prompt(struct ui_app *app)
{
	if (!busy(app))
		app_want(app, UI_DLG_FINDER);
	return UI_REDRAW;
}

/* See app.h. */
int app_back(struct ui_app *app)
{
	char *who;

	if (busy(app))
		return UI_REDRAW;
	if (!app->njumps) {
		ui_status_set(&app->status, UI_STATUS_INFO, "No one to go back to: "
		              "Ctrl-O returns to the person shown before.");
		return UI_REDRAW;
	}
	if (!(who = strdup(app->jumps[app->njumps - 1]))) {
		ui_oom_note();
		return UI_REDRAW;
	}
	app->back_pending = true;
	return app_ask_or_run(app, UI_AFTER_OPEN, who);
}

/* See app.h. */
void app_discard(struct ui_app *app)
{
	draftkeep_discard(&app->drafts, app->user, &app->edit,
	                  app->after == UI_AFTER_QUIT);
}

/* ---- the submit */

/* msg beside the field f and the focus there. */
static void field_note(struct ui_app *app, enum field_id f, const char *msg)
{
	ui_form_set_note(&app->form, f, msg);
	ui_form_focus(&app->form, f);
}

/* The options of the editor's submits. */
static void submit_opts(const struct ui_app *app, struct submit_opts *o)
{
	memset(o, 0, sizeof *o);
	o->check_first = true; /* the baseline may be minutes old */
	o->max_picture_bytes = (size_t)app->cfg->max_picture_mb * 1024u * 1024u;
	o->home = app->preview.home;
}

/* Prepare a submit of the form; says why not. Returns true when ready. */
static bool prepare(struct ui_app *app)
{
	struct submit_opts o;
	struct pf_error err;
	const struct field_def *d;

	submit_opts(app, &o);
	switch (submit_prepare(app->submit, &app->edit, app_target(app), &o,
	                       &err)) {
	case SUBMIT_READY:
		return true;
	case SUBMIT_NO_CHANGES:
		ui_status_set(&app->status, UI_STATUS_INFO, "No changes.");
		return false;
	case SUBMIT_INVALID:
		d = edit_field_by_key(err.field);
		if (d && d->kind == FIELD_KIND_FILE_REF &&
		    edit_validate_field(&app->edit, d->id, NULL)) {
			/* a valid path whose file cannot be sent */
			field_note(app, d->id, err.message);
			ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s. Nothing "
			              "sent.", d->label, err.message);
			ui_status_about(&app->status, d->id);
		} else if (d) {
			ui_form_focus(&app->form, d->id);
			ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s. Nothing "
			              "sent.", d->label, err.message);
			ui_status_about(&app->status, d->id);
		} else {
			app_show_error(app, "Not sent", &err);
		}
		return false;
	}
	return false;
}

/* See app.h. A pending quit/reload/open is dropped when nothing will be
 * sent. */
int app_submit(struct ui_app *app)
{
	if (busy(app) || !app_can_edit(app) || !prepare(app)) {
		app_after_cancel(app);
		return UI_REDRAW;
	}
	ui_status_set(&app->status, UI_STATUS_INFO, "%s", "");
	app_want(app, UI_DLG_CONFIRM_SUBMIT);
	return UI_REDRAW;
}

/* See app.h: prepared again (edits may have been typed since the
 * confirmation was asked for), then started. */
int app_send(struct ui_app *app)
{
	if (busy(app) || !app_can_edit(app) || !prepare(app)) {
		app_after_cancel(app);
		return UI_REDRAW;
	}
	ui_form_set_note(&app->form, FIELD_PICTURE, "");
	submit_start(app->submit);
	return UI_REDRAW;
}

/* The submit flow's new baseline user. */
static void submit_adopt(void *ud, struct user *u)
{
	app_adopt_user(ud, u);
}

/* "Uploading me.png [#####-----] 12 KiB of 20 KiB" on the status line. */
static void submit_progress(void *ud, int phase, size_t sent, size_t total)
{
	struct ui_app *app = ud;
	const struct image_info *img = submit_picture(app->submit);
	const char *name = img ? img->filename : "";
	char line[160], a[32], b[32], bar[24];
	size_t fill;

	app->flags |= UI_REDRAW;
	if (phase == FILES_CREATING) {
		snprintf(line, sizeof line, "Picture %.60s: starting the upload...",
		         name);
	} else if (phase == FILES_UPLOADING) {
		fill = total ? sent * 20 / total : 0;
		for (size_t k = 0; k < 20; k++)
			bar[k] = k < fill ? '#' : '-';
		bar[20] = '\0';
		snprintf(line, sizeof line, "Uploading %.60s [%s] %s of %s", name, bar,
		         image_size_text(sent, a, sizeof a),
		         image_size_text(total, b, sizeof b));
	} else {
		snprintf(line, sizeof line, "Picture %.60s uploaded; waiting for the "
		         "server to process it...", name);
	}
	ui_status_busy(&app->status, line);
}

/* The submit ended at the picture's upload: nothing was saved. */
static void upload_failed(struct ui_app *app, const struct pf_error *err)
{
	char sentence[1024], body[1200];

	if (err->kind == PF_ERR_CANCELLED) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Upload cancelled. "
		              "Nothing was saved; your edits are kept.");
		return;
	}
	pf_error_sentence(err, sentence, sizeof sentence);
	field_note(app, FIELD_PICTURE, err->message[0] ? err->message
	                                               : "not uploaded");
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s Nothing was saved.",
	              sentence);
	snprintf(body, sizeof body, "%s\nNothing was saved: the profile is "
	         "unchanged and your edits are kept.", sentence);
	if (ui_dialog_open(&app->dialog, UI_DLG_ERROR, "Picture not uploaded",
	                   body) != 0)
		ui_oom_note();
}

/* The re-read before the PATCH failed: nothing was sent. */
static void check_failed(struct ui_app *app, const struct pf_error *err)
{
	char s[700], text[900];

	app_keep_draft(app);
	if (err->kind == PF_ERR_CANCELLED) {
		ui_status_set(&app->status, UI_STATUS_INFO, "Cancelled: "
		              "nothing sent (edits kept).");
		return;
	}
	if (auth(app, err, UI_RETRY_SUBMIT, NULL, false))
		return;
	pf_error_sentence(err, s, sizeof s);
	snprintf(text, sizeof text, "Nothing sent: the profile is read "
	         "again right before saving, to catch changes made "
	         "elsewhere, and that failed. %s Your edits are kept "
	         "(also in a draft).", s);
	app_tell_error(app, "Not sent", text);
}

/* After a 409 the profile was read again and no field conflicts: say
 * what the re-read showed. */
static void tell_409(struct ui_app *app, const struct pf_error *err)
{
	char s[700], text[1400];
	const char *changed;

	submit_after_409(app->submit, &changed);
	pf_error_sentence(err, s, sizeof s);
	snprintf(text, sizeof text, "%s\nThe profile was read again. %s%s%s\n"
	         "Your edits are kept (also in a draft): review them, then "
	         "Ctrl-S submits again.", s,
	         *changed ? "Changed on the server meanwhile: " :
	                    "Nothing you can edit changed on the server.",
	         changed, *changed ? "." : "");
	app_tell_error(app, "Conflict", text);
}

/* The PATCH failed: every edit stays (and in the draft); the words say
 * what is known of the change. */
static void patch_failed(struct ui_app *app, const struct pf_error *err)
{
	const struct field_def *d = edit_field_by_key(err->field);
	char s[700], text[900];

	app_keep_draft(app);
	if (submit_after_409(app->submit, NULL)) {
		tell_409(app, err);
		return;
	}
	if (err->kind == PF_ERR_HTTP && err->status == 422 && d) {
		field_note(app, d->id, err->message[0] ? err->message
		                                       : "rejected by the server");
		app_show_error(app, "Not saved", err);
		return;
	}
	if (err->kind == PF_ERR_CANCELLED) {
		if (err->landed == PF_LANDED_NO)
			ui_status_set(&app->status, UI_STATUS_INFO, "Cancelled: not "
			              "saved (edits kept).");
		else
			ui_status_set(&app->status, UI_STATUS_ERROR, "Cancelled. The "
			              "change may still have reached the server: "
			              "Ctrl-S checks before sending again (edits kept).");
		return;
	}
	if (auth(app, err, UI_RETRY_SUBMIT, NULL, false))
		return;
	pf_error_sentence(err, s, sizeof s);
	snprintf(text, sizeof text, "%s%s", s,
	         err->landed == PF_LANDED_UNKNOWN
	         ? " Your edits are kept (also in a draft); Ctrl-R shows what "
	           "the server holds."
	         : " Your edits are kept (also in a draft); Ctrl-S tries again.");
	app_tell_error(app, "Not saved", text);
}

/* The submit was saved: the answer is the baseline already. */
static void saved(struct ui_app *app, const struct pf_error *err)
{
	char when[16];

	for (int i = 0; i < FIELD_COUNT; i++)
		ui_form_set_note(&app->form, edit_fields[i].id, "");
	app_support_capability(app); /* the locks stay said */
	clock_text(when, sizeof when);
	if (err->landed == PF_LANDED_YES)
		ui_status_set(&app->status, UI_STATUS_OK, "Saved at %s: the answer "
		              "was lost, but reading the profile again shows your "
		              "change.", when);
	else
		ui_status_set(&app->status, UI_STATUS_OK, "Saved at %s.", when);
	if (edit_any_changed(&app->edit))
		app_keep_draft(app); /* typed while the request ran */
	else
		draftkeep_drop(&app->drafts, app->user, &app->edit);
	if (app->after != UI_AFTER_NONE)
		app->flags |= app_run_after(app);
}

/* The submit ended: say how, keep what must be kept. */
static void submit_ended(struct ui_app *app)
{
	const struct pf_error *err = submit_error(app->submit);

	if (submit_outcome(app->submit) == SUBMIT_SAVED) {
		saved(app, err);
		return;
	}
	app_after_cancel(app);
	if (submit_nothing_left(app->submit)) {
		draftkeep_drop(&app->drafts, app->user, &app->edit);
		ui_status_set(&app->status, UI_STATUS_INFO, "Took the server's "
		              "values: nothing left to send.");
		return;
	}
	switch (submit_stage(app->submit)) {
	case SUBMIT_AT_START:
		if (err->field[0]) {
			field_note(app, FIELD_PICTURE, err->message);
			ui_status_set(&app->status, UI_STATUS_ERROR, "Picture: %s. "
			              "Nothing sent.", err->message);
		} else {
			app_show_error(app, "Not sent", err);
		}
		break;
	case SUBMIT_AT_UPLOAD:
		upload_failed(app, err);
		break;
	case SUBMIT_AT_CHECK:
		check_failed(app, err);
		break;
	case SUBMIT_AT_CONFLICT:
		app_keep_draft(app);
		if (submit_after_409(app->submit, NULL) &&
		    err->kind != PF_ERR_CANCELLED)
			ui_status_set(&app->status, UI_STATUS_INFO, "Conflicts "
			              "settled: review, then Ctrl-S submits again.");
		else
			ui_status_set(&app->status, UI_STATUS_INFO, "Stopped at the "
			              "conflict: nothing sent (edits kept).");
		break;
	case SUBMIT_AT_PATCH:
		patch_failed(app, err);
		break;
	}
}

/* The submit flow moved: the busy text follows its state; conflicts ask
 * the person; the end is said. */
static void submit_changed(void *ud, struct submit *s)
{
	struct ui_app *app = ud;

	app->flags |= UI_REDRAW;
	switch (submit_state(s)) {
	case SUBMIT_UPLOADING:
		submit_progress(app, FILES_CREATING, 0, 0);
		break;
	case SUBMIT_CHECKING:
		ui_status_busy(&app->status, submit_after_409(s, NULL)
		               ? "Conflict: reading the profile again..."
		               : "Checking the server for changes...");
		break;
	case SUBMIT_PATCHING:
		if (submit_uploaded_id(s))
			ui_status_set(&app->status, UI_STATUS_INFO, "Uploaded as %s.",
			              submit_uploaded_id(s));
		ui_status_busy(&app->status, "Saving...");
		break;
	case SUBMIT_RESOLVING:
		ui_status_busy(&app->status, NULL);
		app->conflict_i = 0;
		app_want(app, UI_DLG_CONFLICT);
		break;
	case SUBMIT_IDLE:
		ui_status_busy(&app->status, NULL);
		submit_ended(app);
		/* the audit trail could not be written: said once (submit.h) */
		const struct pf_error *why;
		char msg[512];
		if (submit_audit_warning(s, &why))
			ui_status_set(&app->status, UI_STATUS_ERROR, "Audit trail not "
			              "written (the change was sent): %s",
			              pf_error_sentence(why, msg, sizeof msg));
		break;
	}
}

/* See app.h. */
int app_conflicts_settled(struct ui_app *app, bool stop)
{
	struct submit_input in = {
		.kind = stop ? SUBMIT_IN_CANCEL : SUBMIT_IN_RESOLVED,
	};

	submit_step(app->submit, &in);
	return UI_REDRAW;
}

/* See app.h. */
int app_retry(struct ui_app *app)
{
	enum ui_retry what = app->retry;
	char *who = app->retry_who;
	int flags = UI_REDRAW;

	app->retry = UI_RETRY_NONE;
	app->retry_who = NULL;
	if (what == UI_RETRY_LOAD && who)
		flags |= app_load(app, who, app->retry_fresh);
	else if (what == UI_RETRY_SUBMIT)
		flags |= app_send(app);
	free(who);
	return flags;
}

/* See app.h. */
int app_cancel(struct ui_app *app)
{
	struct submit_input in = { .kind = SUBMIT_IN_CANCEL };

	if (app->load_op)
		api_cancel(app->api, app->load_op); /* the callback runs now */
	else if (submit_state(app->submit) != SUBMIT_RESOLVING)
		submit_step(app->submit, &in);
	return UI_REDRAW;
}

/* ---- editing commands */

/* See app.h. */
int app_revert_field(struct ui_app *app)
{
	enum field_id f = app->form.focus;
	const char *label = edit_field(f)->label;

	if (!app_can_edit(app))
		return UI_REDRAW;
	if (!edit_is_changed(&app->edit, f)) {
		ui_status_set(&app->status, UI_STATUS_INFO, "%s is unchanged.", label);
		return UI_REDRAW;
	}
	edit_revert(&app->edit, f);
	ui_form_set_note(&app->form, f, "");
	ui_form_clamp(&app->form, &app->edit);
	ui_status_set(&app->status, UI_STATUS_INFO, "%s reverted.", label);
	return UI_REDRAW;
}

/* See app.h. */
int app_revert_all(struct ui_app *app)
{
	if (!app_can_edit(app))
		return UI_REDRAW;
	if (!edit_any_changed(&app->edit)) {
		ui_status_set(&app->status, UI_STATUS_INFO, "No changes.");
		return UI_REDRAW;
	}
	app_want(app, UI_DLG_CONFIRM_REVERT);
	return UI_REDRAW;
}

/* See app.h. */
void app_revert_all_now(struct ui_app *app)
{
	edit_revert_all(&app->edit);
	draftkeep_drop(&app->drafts, app->user, &app->edit);
	for (int i = 0; i < FIELD_COUNT; i++)
		ui_form_set_note(&app->form, edit_fields[i].id, "");
	ui_form_clamp(&app->form, &app->edit);
	ui_status_set(&app->status, UI_STATUS_INFO, "All fields reverted.");
}

/* The field Ctrl-E edits: the focused one when multi-line, else the first
 * multi-line row of the table. */
static int ext_field_row(const struct ui_app *app)
{
	int i = (int)app->form.focus;

	if (edit_fields[i].multiline)
		return i;
	for (i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].multiline)
			return i;
	}
	return -1;
}

/* See app.h: leave curses, run the editor, take its text, come back. */
int app_ext_editor(struct ui_app *app)
{
	int i = ext_field_row(app);
	struct pf_error err;
	enum field_id id;
	char *text = NULL;
	int rc;

	/* the loop, and so every request, stands still while the editor runs */
	if (i < 0 || !app_can_edit(app) || busy(app))
		return UI_REDRAW;
	id = edit_fields[i].id;
	{
		const char *why;
		if (!app_field_allowed(app, id, &why)) {
			ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s",
			              edit_fields[i].label, why);
			return UI_REDRAW;
		}
	}
	pf_error_clear(&err);
	def_prog_mode();
	endwin();
	rc = ui_extedit_run(edit_current(&app->edit, id), &text, &err);
	reset_prog_mode();
	clearok(curscr, TRUE);
	ui_form_focus(&app->form, id);
	if (rc != 0) {
		char sentence[1024];
		pf_error_sentence(&err, sentence, sizeof sentence);
		ui_status_set(&app->status, UI_STATUS_ERROR, "%s", sentence);
		return UI_REDRAW;
	}
	if (edit_set(&app->edit, id, text) != 0)
		ui_oom_note();
	free(text);
	ui_form_set_note(&app->form, id, "");
	ui_form_clamp(&app->form, &app->edit);
	ui_status_set(&app->status, UI_STATUS_INFO, "%s %s.", edit_fields[i].label,
	              edit_is_changed(&app->edit, id) ? "taken from the editor"
	                                              : "unchanged");
	return UI_REDRAW;
}

/* See app.h. */
int app_entry_result(struct ui_app *app, enum ui_entry_result r)
{
	const struct field_def *d = edit_field(app->form.focus);
	char limit[64];

	switch (r) {
	case UI_ENTRY_DENIED: {
		const char *why;
		if (app_can_edit(app) &&
		    !app_field_allowed(app, app->form.focus, &why))
			ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s",
			              d->label, why);
		break;
	}
	case UI_ENTRY_FULL:
		ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s.", d->label,
		              edit_field_limit(d, limit, sizeof limit));
		ui_status_about(&app->status, d->id);
		break;
	case UI_ENTRY_NOMEM:
		ui_oom_note();
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

/* See app.h: extend a local path by what every match shares; when
 * nothing can be added, list the matches on the status line, and a Tab
 * right after that list moves on. */
int app_complete_picture(struct ui_app *app)
{
	const char *text = edit_current(&app->edit, FIELD_PICTURE);
	struct complete_result res;
	struct pf_error err;
	struct strbuf sb = { 0 };
	int rc = 1;

	if (!edit_is_changed(&app->edit, FIELD_PICTURE) ||
	    edit_picture_kind(text) != PICTURE_PATH ||
	    strcmp(app->pic_tab, text) == 0)
		return 0;
	pf_error_clear(&err);
	if (complete_path(text, app->preview.home, &res, &err) != 0) {
		ui_oom_note();
		return 1;
	}
	if (res.total == 0) {
		rc = 0; /* no match: Tab moves on */
	} else if (strcmp(res.text, text) != 0) {
		if (edit_set(&app->edit, FIELD_PICTURE, res.text) != 0)
			ui_oom_note();
		ui_form_set_cursor(&app->form, FIELD_PICTURE, strlen(res.text));
		ui_form_set_note(&app->form, FIELD_PICTURE, "");
		if (res.total > 1)
			ui_status_set(&app->status, UI_STATUS_INFO, "%zu matches; Tab "
			              "again lists them.", res.total);
		else
			ui_status_set(&app->status, UI_STATUS_INFO, "%s", "");
	} else if (res.total == 1) {
		rc = 0; /* already complete: Tab moves on */
	} else {
		int bad = strbuf_appendf(&sb, "%zu matches:", res.total);
		for (size_t k = 0; k < res.n && !bad; k++)
			bad = strbuf_appendf(&sb, "  %s", res.names[k]);
		if (bad)
			ui_oom_note();
		else
			ui_status_set(&app->status, UI_STATUS_INFO, "%s",
			              strbuf_str(&sb));
		snprintf(app->pic_tab, sizeof app->pic_tab, "%s", text);
	}
	strbuf_free(&sb);
	complete_result_free(&res);
	return rc;
}

/* ---- the loop's timers and the way out */

/* See app.h. */
int app_timeout_ms(struct ui_app *app, int timeout_ms)
{
	timeout_ms = draftkeep_timeout_ms(&app->drafts, app->user, &app->edit,
	                                  timeout_ms);
	/* the finder's pause before its search */
	timeout_ms = lookup_timeout_ms(&app->find, clock_now_ms(), timeout_ms);
	if (api_waiting(app->api, 0, NULL, NULL) && timeout_ms > 1000)
		timeout_ms = 1000; /* the countdown ticks */
	return timeout_ms;
}

/* See app.h. */
int app_tick(struct ui_app *app)
{
	struct pf_error err;
	int flags = 0, left = 0, saved_draft;
	const char *why = NULL;
	long op = app_op(app);
	bool waiting = op && api_waiting(app->api, op, &left, &why);

	if (lookup_tick(&app->find, clock_now_ms()))
		flags |= UI_REDRAW; /* the finder's search started */
	if (waiting || app->status.counting) {
		ui_status_countdown(&app->status, waiting, left, why);
		flags |= UI_REDRAW;
	}
	saved_draft = draftkeep_tick(&app->drafts, app->user, &app->edit, &err);
	if (saved_draft < 0)
		draft_not_saved(app, &err);
	if (saved_draft)
		flags |= UI_REDRAW;
	return flags;
}

/* See app.h. */
void app_exit(struct ui_app *app, char *note, size_t n)
{
	draftkeep_exit(&app->drafts, app->user, &app->edit,
	               submit_state(app->submit) == SUBMIT_PATCHING, note, n);
}

/* See app.h. */
const char *app_too_small_note(const struct ui_app *app)
{
	if (!app->user || app->cfg->read_only || !edit_any_changed(&app->edit))
		return NULL;
	return draftkeep_available(&app->drafts)
	       ? "(Quitting here keeps the unsaved edits as a draft.)"
	       : "(Quitting here discards the unsaved edits.)";
}

/* ---- life */

/* See app.h. */
int app_init(struct ui_app *app, const struct config *cfg, struct api *api,
             struct files *files)
{
	static const struct submit_hooks hooks = {
		.adopt = submit_adopt, .changed = submit_changed,
		.progress = submit_progress,
	};
	struct pf_error err;

	app->cfg = cfg;
	app->api = api;
	app->files = files;
	app->hints = true;
	ui_form_init(&app->form);
	ui_panel_init(&app->panel);
	draftkeep_init(&app->drafts, cfg);
	ui_history_init(&app->history, api, cfg->account_id, &app->flags);
	ui_chartpane_init(&app->chart, api, cfg->history_version, &app->flags,
	                  ui_chart_glyphs());
	if (cfg->chart) /* chart = yes: shown from the start */
		ui_chartpane_open(&app->chart);
	if (ui_access_init(&app->access, api, cfg, &app->flags) != 0 ||
	    edit_load(&app->edit, NULL, &err) != 0)
		return -1;
	if (app_support_init(app) != 0)
		return -1;
	app->submit = submit_new_api(api, files, &hooks, app);
	return app->submit ? 0 : -1;
}

/* See app.h. The submit goes first: cancelling it runs its callbacks. */
void app_free(struct ui_app *app)
{
	ui_history_free(&app->history); /* their requests are cancelled */
	ui_chartpane_free(&app->chart);
	ui_access_free(&app->access);
	submit_free(app->submit);
	app->submit = NULL;
	app_support_free(app); /* its requests' callbacks touch the panel */
	ui_panel_free(&app->panel);
	ui_form_free(&app->form);
	user_free(app->user);
	app->user = NULL;
	edit_free(&app->edit);
	ui_dialog_close(&app->dialog);
	draftkeep_free(&app->drafts);
	free(app->who);
	free(app->load_who);
	free(app->after_who);
	free(app->retry_who);
	app->who = app->load_who = app->after_who = app->retry_who = NULL;
	strbuf_free(&app->paste);
}
