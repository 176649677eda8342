/* cmd.c - what the editor's keys and dialogs do (see app.h): loading,
 * submitting, the unsaved-edits question, reverting, the external editor
 * and the help. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "complete.h"
#include "config.h"
#include "draw.h"
#include "extedit.h"
#include "files.h"
#include "keys.h"
#include "strbuf.h"
#include "text.h"
#include "user.h"

/* Show an error: its sentence on the status line and in a dialog. */
static void show_error(struct ui_app *app, const char *title,
                       const struct pf_error *err)
{
	char sentence[1024];

	pf_error_sentence(err, sentence, sizeof sentence);
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s", sentence);
	if (ui_dialog_open(&app->dialog, UI_DLG_ERROR, title, sentence) != 0)
		ui_oom_note();
}

/* Refuse to start a second request. Returns true when one runs. */
static bool busy(struct ui_app *app)
{
	if (!app->op)
		return false;
	ui_status_set(&app->status, UI_STATUS_ERROR,
	              "A request is running: wait, or press Esc to cancel it.");
	return true;
}

/* A request runs whose answer replaces the form (a load) or decides what
 * the PATCH holds (the conflict check, the picture's upload): an edit
 * made now would be dropped by the load or sent without being confirmed.
 * During the PATCH itself edits are taken (edit_commit keeps them). */
static bool edits_wait(const struct ui_app *app)
{
	return app->op && app->op_kind != UI_OP_SAVE;
}

/* See app.h. */
bool ui_cmd_editable(const struct ui_app *app)
{
	return app->user && !app->cfg->read_only && !edits_wait(app);
}

/* Editing is possible (ui_cmd_editable). Says why not on the status
 * line. */
static bool can_edit(struct ui_app *app)
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
	if (edits_wait(app)) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Editing waits until "
		              "the request ends.");
		return false;
	}
	return true;
}

/* The user a reload or a PATCH goes to: "me" for the caller's own
 * profile, else the loaded id (a username may be the thing that changed). */
static const char *target(const struct ui_app *app)
{
	if (!app->other || !app->user)
		return app->who;
	return app->user->id;
}

/* Finished GET: the answer replaces the profile and every edit (the
 * unsaved-edits question was asked before the request started). */
static void on_loaded(void *ud, struct user *u, const struct pf_error *err)
{
	struct ui_app *app = ud;
	struct pf_error e;
	char *who = app->op_who;
	bool fresh = app->op_fresh;
	const char *note;

	app->op = 0;
	app->op_kind = UI_OP_NONE;
	app->op_who = NULL;
	ui_status_busy(&app->status, NULL);
	app->flags |= UI_REDRAW;
	if (!u) {
		ui_resil_load_failed(app);
		if (ui_resil_auth(app, err, UI_RETRY_LOAD, who, fresh)) {
			free(who);
			return;
		}
		if (err->kind == PF_ERR_CANCELLED)
			ui_status_set(&app->status, UI_STATUS_INFO, "Loading cancelled.%s",
			              app->user ? "" : " Ctrl-R retries, Ctrl-G opens a user.");
		else
			show_error(app, "Could not load", err);
		free(who);
		return;
	}
	if (edit_load(&app->edit, u, &e) != 0) {
		user_free(u);
		free(who);
		ui_oom_note();
		return;
	}
	if (ui_panel_set_user(&app->panel, u) != 0)
		ui_oom_note();
	user_free(app->user);
	app->user = u;
	if (fresh) {
		free(app->who);
		app->who = who;
		who = NULL;
		app->other = strcmp(app->who, "me") != 0;
		ui_form_reset(&app->form, &app->edit);
		ui_form_focus(&app->form, edit_fields[0].id);
	} else {
		ui_form_clamp(&app->form, &app->edit);
	}
	free(who);
	note = ui_preview_take_note(&app->preview); /* once: no sixel, ... */
	ui_status_set(&app->status, UI_STATUS_OK, "Loaded %s.%s%s",
	              u->username ? u->username : u->id, note ? " " : "",
	              note ? note : "");
	ui_resil_loaded(app); /* a draft of this user is offered */
}

/* Start GET /users/{who}; fresh = another user (cursors reset, title
 * changes). Refused while a request runs. */
int ui_cmd_load(struct ui_app *app, const char *who, bool fresh)
{
	struct pf_error err;
	char what[200];

	if (busy(app))
		return UI_REDRAW;
	app->op_who = strdup(who);
	if (!app->op_who) {
		ui_oom_note();
		return UI_REDRAW;
	}
	app->op_fresh = fresh;
	app->op_kind = UI_OP_LOAD;
	snprintf(what, sizeof what, "Loading %s...", who);
	ui_status_busy(&app->status, what);
	app->op = api_user_get(app->api, who, on_loaded, app, &err);
	if (app->op < 0) {
		app->op = 0;
		app->op_kind = UI_OP_NONE;
		free(app->op_who);
		app->op_who = NULL;
		ui_status_busy(&app->status, NULL);
		show_error(app, "Could not load", &err);
	}
	return UI_REDRAW;
}

/* Do what was waiting for the unsaved-edits question (or for the save). */
static int run_after(struct ui_app *app)
{
	enum ui_after after = app->after;
	char *who = app->after_who;
	int flags = UI_REDRAW;

	app->after = UI_AFTER_NONE;
	app->after_who = NULL;
	if (after == UI_AFTER_QUIT)
		flags |= UI_QUIT;
	else if (after == UI_AFTER_RELOAD)
		flags |= ui_cmd_load(app, target(app), false);
	else if (after == UI_AFTER_OPEN && who)
		flags |= ui_cmd_load(app, who, true);
	free(who);
	return flags;
}

/* Quit, reload and open ask first when there are unsaved edits. */
static int ask_or_run(struct ui_app *app, enum ui_after after, char *who)
{
	free(app->after_who);
	app->after = after;
	app->after_who = who;
	if (!app->user || !edit_any_changed(&app->edit))
		return run_after(app);
	if (ui_dialog_open(&app->dialog, UI_DLG_ASK_UNSAVED, "Unsaved edits",
	                   "Some fields have changes that were not sent.\n"
	                   "Submit them first, discard them, or cancel?") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

/* Ctrl-R: load the same profile again (asks first with unsaved edits). */
int ui_cmd_reload(struct ui_app *app)
{
	if (busy(app))
		return UI_REDRAW;
	return ask_or_run(app, UI_AFTER_RELOAD, NULL);
}

/* Ctrl-Q: quit, asking first with unsaved edits. */
int ui_cmd_quit(struct ui_app *app)
{
	return ask_or_run(app, UI_AFTER_QUIT, NULL);
}

/* Ctrl-G: ask whom to open. */
int ui_cmd_open_prompt(struct ui_app *app)
{
	if (busy(app))
		return UI_REDRAW;
	if (ui_dialog_open(&app->dialog, UI_DLG_PROMPT_USER, "Open user",
	                   "User id (user_...), username, or me:") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

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

/* One shown value: "(empty)", or the text from start, shortened to cols
 * columns with newlines made visible. Caller frees; NULL out of memory. */
static char *diff_value(const char *s, size_t start, int cols)
{
	struct strbuf sb = { 0 };
	char *cut;

	if (!*s)
		return strdup("(empty)");
	if (start > 0 && strbuf_append_str(&sb, "\xe2\x80\xa6") != 0)
		return NULL;
	if (strbuf_append_str(&sb, s + start) != 0) {
		strbuf_free(&sb);
		return NULL;
	}
	cut = text_truncate(strbuf_str(&sb), (size_t)cols);
	strbuf_free(&sb);
	return cut;
}

/* One line of the confirmation: "Label  old -> new". */
static int diff_line(struct strbuf *sb, const char *label, int label_w,
                     const char *old, const char *new, int cols)
{
	size_t start = diff_start(old, new, cols);
	char *a = diff_value(old, start, cols), *b = diff_value(new, start, cols);
	char *l = text_fit(label, (size_t)label_w);
	int rc = -1;

	if (a && b && l)
		rc = strbuf_appendf(sb, "\n%s  %s -> %s", l, a, b);
	free(a);
	free(b);
	free(l);
	return rc;
}

/* The body of the confirmation dialog. Caller frees; NULL out of memory. */
static char *diff_text(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	int label_w = 0, width = app->cols - 8 > 76 ? 76 : app->cols - 8, cols;
	const char *name = app->user->username ? app->user->username : "";

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
		if (id == FIELD_PICTURE && edit_picture_needs_upload(&app->edit) &&
		    app->pic_text && strcmp(app->pic_text, new) == 0)
			new = image_describe(&app->pic_img, desc, sizeof desc);
		if (diff_line(&sb, edit_fields[i].label, label_w,
		              edit_baseline(&app->edit, id), new, cols) != 0)
			goto fail;
	}
	return strbuf_take(&sb);
fail:
	strbuf_free(&sb);
	return NULL;
}

/* The row of the focused field in edit_fields[]. */
static int focus_row(const struct ui_app *app)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].id == app->form.focus)
			return i;
	}
	return 0;
}

/* The row of the picture in edit_fields[]. */
static int picture_row(void)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].id == FIELD_PICTURE)
			return i;
	}
	return 0;
}

/* Put msg beside the picture field and give it the focus. */
static void picture_note(struct ui_app *app, const char *msg)
{
	int i = picture_row();
	size_t n = strlen(msg);

	if (n >= sizeof app->form.note[i])
		n = sizeof app->form.note[i] - 1;
	memcpy(app->form.note[i], msg, n);
	app->form.note[i][n] = '\0';
	ui_form_focus(&app->form, FIELD_PICTURE);
}

/* The picture field names a local file not uploaded yet: check it before
 * anything is sent (image_check) and keep what was found for the
 * confirmation and the upload. -1 when it cannot be sent: the reason is
 * beside the field and on the status line. */
static int check_picture(struct ui_app *app)
{
	const char *text = edit_current(&app->edit, FIELD_PICTURE);
	size_t max = (size_t)app->cfg->max_picture_mb * 1024u * 1024u;
	struct pf_error err;
	char *t = strdup(text), *path = complete_expand(text, app->preview.home);

	free(app->pic_text);
	free(app->pic_path);
	app->pic_text = t;
	app->pic_path = path;
	memset(&app->pic_img, 0, sizeof app->pic_img);
	if (!t || !path) {
		ui_oom_note();
		return -1;
	}
	pf_error_clear(&err);
	if (image_check(path, max, &app->pic_img, &err) != 0) {
		picture_note(app, err.message);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Picture: %s. Nothing "
		              "sent.", err.message);
		return -1;
	}
	return 0;
}

/* Validate every field, say "No changes" or ask with the old -> new list.
 * A pending quit/reload/open is dropped when nothing will be sent. */
int ui_cmd_submit(struct ui_app *app)
{
	struct pf_error err;
	enum field_id bad;
	char *body;

	if (busy(app) || !can_edit(app)) {
		app->after = UI_AFTER_NONE;
		return UI_REDRAW;
	}
	pf_error_clear(&err);
	if (!edit_validate(&app->edit, &bad, &err)) {
		app->after = UI_AFTER_NONE;
		ui_form_focus(&app->form, bad);
		ui_status_set(&app->status, UI_STATUS_ERROR, "%s: %s. Nothing sent.",
		              edit_fields[focus_row(app)].label, err.message);
		return UI_REDRAW;
	}
	if (!edit_any_changed(&app->edit)) {
		app->after = UI_AFTER_NONE;
		ui_status_set(&app->status, UI_STATUS_INFO, "No changes.");
		return UI_REDRAW;
	}
	if (edit_picture_needs_upload(&app->edit) && check_picture(app) != 0) {
		app->after = UI_AFTER_NONE;
		return UI_REDRAW;
	}
	ui_status_set(&app->status, UI_STATUS_INFO, "%s", "");
	body = diff_text(app);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_CONFIRM_SUBMIT,
	                            "Submit these changes?", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* The 422's field gets the server's message beside it and the focus. */
static void note_field(struct ui_app *app, const struct pf_error *err)
{
	const struct field_def *d = edit_field_by_key(err->field);
	const char *msg = err->message[0] ? err->message
	                                  : "rejected by the server";
	size_t n = strlen(msg);
	int i = d ? (int)(d - edit_fields) : 0;

	if (!d)
		return;
	if (n >= sizeof app->form.note[i])
		n = sizeof app->form.note[i] - 1;
	memcpy(app->form.note[i], msg, n);
	app->form.note[i][n] = '\0';
	ui_form_focus(&app->form, d->id);
}

/* Finished PATCH: the answer becomes the baseline (edit_commit), or every
 * edit stays and the server's message is shown. */
static void on_saved(void *ud, struct user *u, const struct pf_error *err)
{
	struct ui_app *app = ud;
	struct pf_error e;
	char when[16];
	time_t now = time(NULL);
	struct tm tm;

	app->op = 0;
	app->op_kind = UI_OP_NONE;
	ui_status_busy(&app->status, NULL);
	app->flags |= UI_REDRAW;
	if (!u) {
		edit_clear_sent(&app->edit);
		app->after = UI_AFTER_NONE;
		/* the draft is kept; 401, 409, cancel and the rest are told there */
		if (ui_resil_patch_failed(app, err))
			return;
		note_field(app, err); /* a 422 about one field */
		show_error(app, "Not saved", err);
		return;
	}
	if (edit_commit(&app->edit, u, &e) != 0) {
		user_free(u);
		ui_oom_note();
		return;
	}
	if (ui_panel_set_user(&app->panel, u) != 0)
		ui_oom_note();
	user_free(app->user);
	app->user = u;
	for (int i = 0; i < FIELD_COUNT; i++)
		app->form.note[i][0] = '\0';
	ui_form_clamp(&app->form, &app->edit);
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	ui_status_set(&app->status, UI_STATUS_OK, "Saved at %s.", when);
	ui_resil_patch_done(app, err); /* the draft goes */
	if (app->after != UI_AFTER_NONE)
		app->flags |= run_after(app);
}

/* The upload of the picture failed or was cancelled: say so; nothing
 * was saved and every edit stays. */
static void upload_failed(struct ui_app *app, const struct pf_error *err)
{
	char sentence[1024], body[1200];

	app->after = UI_AFTER_NONE;
	if (err->kind == PF_ERR_CANCELLED) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Upload cancelled. "
		              "Nothing was saved; your edits are kept.");
		return;
	}
	pf_error_sentence(err, sentence, sizeof sentence);
	picture_note(app, err->message[0] ? err->message : "not uploaded");
	ui_status_set(&app->status, UI_STATUS_ERROR, "%s Nothing was saved.",
	              sentence);
	snprintf(body, sizeof body, "%s\nNothing was saved: the profile is "
	         "unchanged and your edits are kept.", sentence);
	if (ui_dialog_open(&app->dialog, UI_DLG_ERROR, "Picture not uploaded",
	                   body) != 0)
		ui_oom_note();
}

/* "Uploading me.png [#####-----] 12 KiB of 20 KiB" on the status line. */
static void on_upload_progress(void *ud, long id, enum files_phase phase,
                               size_t sent, size_t total)
{
	struct ui_app *app = ud;
	const char *name = app->pic_img.filename;
	char line[160], a[32], b[32], bar[24];
	size_t fill;

	(void)id;
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

/* The upload ended: with a file id the picture becomes that id and the
 * PATCH goes out (UI_SUBMIT back to the loop); else nothing is sent. */
static void on_uploaded(void *ud, long id, const char *file_id,
                        const struct pf_error *err)
{
	struct ui_app *app = ud;
	struct pf_error e;

	(void)id;
	app->op = 0;
	app->op_kind = UI_OP_NONE;
	ui_status_busy(&app->status, NULL);
	app->flags |= UI_REDRAW;
	if (!file_id) {
		upload_failed(app, err);
		return;
	}
	pf_error_clear(&e);
	if (edit_set_picture_upload(&app->edit, app->pic_text, file_id, &e) != 0) {
		app->after = UI_AFTER_NONE;
		picture_note(app, e.message);
		show_error(app, "Not sent", &e);
		return;
	}
	ui_status_set(&app->status, UI_STATUS_INFO, "Uploaded as %s.", file_id);
	app->flags |= UI_SUBMIT;
}

/* The confirmed submit, first part: upload the picture the field names. */
static int start_upload(struct ui_app *app)
{
	struct pf_error err;
	long id;

	/* checked at the submit; again when the text changed since */
	if ((!app->pic_text ||
	     strcmp(app->pic_text, edit_current(&app->edit, FIELD_PICTURE)) != 0) &&
	    check_picture(app) != 0) {
		app->after = UI_AFTER_NONE;
		return UI_REDRAW;
	}
	pf_error_clear(&err);
	app->form.note[picture_row()][0] = '\0';
	app->op_kind = UI_OP_UPLOAD;
	on_upload_progress(app, 0, FILES_CREATING, 0, 0);
	id = files_upload_start(app->files, app->pic_path, &app->pic_img,
	                        on_upload_progress, on_uploaded, app, &err);
	if (id < 0) {
		app->op_kind = UI_OP_NONE;
		ui_status_busy(&app->status, NULL);
		upload_failed(app, &err);
		return UI_REDRAW;
	}
	app->op = id;
	return UI_REDRAW;
}

/* The confirmed submit: the picture's upload when it needs one, then
 * exactly one PATCH with the changed keys. */
int ui_cmd_send(struct ui_app *app)
{
	struct pf_error err;
	char *body;
	int flags;

	if (busy(app) || !can_edit(app))
		return UI_REDRAW;
	if (edit_picture_needs_upload(&app->edit))
		return start_upload(app);
	pf_error_clear(&err);
	/* read the profile again first: conflicts (resil.c) */
	if ((flags = ui_resil_before_patch(app)) != 0)
		return flags;
	body = edit_patch_body(&app->edit, &err);
	if (!body) {
		app->after = UI_AFTER_NONE;
		if (err.kind == PF_OK)
			ui_status_set(&app->status, UI_STATUS_INFO, "No changes.");
		else
			show_error(app, "Not sent", &err);
		return UI_REDRAW;
	}
	if (edit_mark_sent(&app->edit, &err) != 0) {
		free(body);
		ui_oom_note();
		return UI_REDRAW;
	}
	app->op_kind = UI_OP_SAVE;
	ui_status_busy(&app->status, "Saving...");
	app->op = api_user_update(app->api, target(app), body, on_saved, app, &err);
	free(body);
	if (app->op < 0) {
		app->op = 0;
		app->op_kind = UI_OP_NONE;
		app->after = UI_AFTER_NONE;
		ui_status_busy(&app->status, NULL);
		edit_clear_sent(&app->edit);
		show_error(app, "Not sent", &err);
	}
	return UI_REDRAW;
}

/* Esc outside dialogs: cancel the running request, if any. */
int ui_cmd_cancel(struct ui_app *app)
{
	if (app->op) /* a request or an upload: the callback runs now */
		api_cancel(app->api, app->op);
	return UI_REDRAW;
}

/* F3: the focused field back to the server's value. */
int ui_cmd_revert_field(struct ui_app *app)
{
	int i = focus_row(app);

	if (!can_edit(app))
		return UI_REDRAW;
	if (!edit_is_changed(&app->edit, app->form.focus)) {
		ui_status_set(&app->status, UI_STATUS_INFO, "%s is unchanged.",
		              edit_fields[i].label);
		return UI_REDRAW;
	}
	edit_revert(&app->edit, app->form.focus);
	app->form.note[i][0] = '\0';
	ui_form_clamp(&app->form, &app->edit);
	ui_status_set(&app->status, UI_STATUS_INFO, "%s reverted.",
	              edit_fields[i].label);
	return UI_REDRAW;
}

/* F4: every field back, after a yes. */
int ui_cmd_revert_all(struct ui_app *app)
{
	if (!can_edit(app))
		return UI_REDRAW;
	if (!edit_any_changed(&app->edit)) {
		ui_status_set(&app->status, UI_STATUS_INFO, "No changes.");
		return UI_REDRAW;
	}
	if (ui_dialog_open(&app->dialog, UI_DLG_CONFIRM_REVERT, "Revert all",
	                   "Revert every field to the value the server holds?\n"
	                   "Unsent edits are lost.") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

/* The field Ctrl-E edits: the focused one when multi-line, else the first
 * multi-line row of the table. */
static int ext_field_row(const struct ui_app *app)
{
	int i = focus_row(app);

	if (edit_fields[i].multiline)
		return i;
	for (i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].multiline)
			return i;
	}
	return -1;
}

/* Ctrl-E: leave curses, run the editor, take its text, come back. */
int ui_cmd_ext_editor(struct ui_app *app)
{
	int i = ext_field_row(app);
	struct pf_error err;
	enum field_id id;
	char *text = NULL;
	int rc;

	/* the loop, and so every request, stands still while the editor runs */
	if (i < 0 || !can_edit(app) || busy(app))
		return UI_REDRAW;
	id = edit_fields[i].id;
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
	app->form.note[i][0] = '\0';
	ui_form_clamp(&app->form, &app->edit);
	ui_status_set(&app->status, UI_STATUS_INFO, "%s %s.", edit_fields[i].label,
	              edit_is_changed(&app->edit, id) ? "taken from the editor"
	                                              : "unchanged");
	return UI_REDRAW;
}

/* F1: the help dialog, from the key table and the field table. */
int ui_cmd_help(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	size_t n;
	const struct ui_key *k = ui_keys_table(&n);
	char *body;
	int rc = 0;

	rc |= strbuf_append_str(&sb, "Keys\n");
	for (size_t i = 0; i < n; i++)
		rc |= strbuf_appendf(&sb, "  %-20s %s\n", k[i].names, k[i].help);
	rc |= strbuf_append_str(&sb, "\nFields\n");
	for (int i = 0; i < FIELD_COUNT; i++)
		rc |= strbuf_appendf(&sb, "  %-20s %s\n", edit_fields[i].label,
		                     edit_fields[i].help ? edit_fields[i].help : "");
	rc |= strbuf_append_str(&sb, "\nA '*' marks a changed field. Submit "
	                        "sends only the changed fields, after showing "
	                        "old -> new.");
	if (app->cfg->read_only)
		rc |= strbuf_append_str(&sb, "\nRead-only (--read-only): editing "
		                        "and submit are off.");
	body = rc == 0 ? strbuf_take(&sb) : NULL;
	strbuf_free(&sb);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_HELP, "Help: keys and fields",
	                            body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* The prompt's text, without surrounding blanks and a leading '@'.
 * Caller frees; NULL when empty or out of memory. */
static char *typed_user(const char *input)
{
	const char *s = input;
	size_t n;

	while (*s == ' ')
		s++;
	if (*s == '@')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n ? strndup(s, n) : NULL;
}

/* Act on a dialog's answer by its kind, then close it. */
int ui_cmd_answer(struct ui_app *app, enum ui_answer ans)
{
	enum ui_dialog_kind kind = app->dialog.kind;
	char *who = NULL;

	if (ui_resil_owns(kind))
		return ui_resil_answer(app, ans);
	if (kind == UI_DLG_PROMPT_USER && ans == UI_ANS_YES)
		who = typed_user(app->dialog.input);
	ui_dialog_close(&app->dialog);
	switch (kind) {
	case UI_DLG_CONFIRM_SUBMIT:
		if (ans == UI_ANS_YES)
			return UI_REDRAW | UI_SUBMIT;
		app->after = UI_AFTER_NONE;
		ui_status_set(&app->status, UI_STATUS_INFO, "Not sent.");
		return UI_REDRAW;
	case UI_DLG_CONFIRM_REVERT:
		if (ans == UI_ANS_YES) {
			edit_revert_all(&app->edit);
			ui_resil_reverted(app);
			for (int i = 0; i < FIELD_COUNT; i++)
				app->form.note[i][0] = '\0';
			ui_form_clamp(&app->form, &app->edit);
			ui_status_set(&app->status, UI_STATUS_INFO, "All fields reverted.");
		}
		return UI_REDRAW;
	case UI_DLG_ASK_UNSAVED:
		if (ans == UI_ANS_YES)
			return ui_cmd_submit(app);
		if (ans == UI_ANS_DISCARD) {
			ui_resil_discard(app); /* and its draft */
			return run_after(app);
		}
		app->after = UI_AFTER_NONE;
		free(app->after_who);
		app->after_who = NULL;
		return UI_REDRAW;
	case UI_DLG_PROMPT_USER:
		if (!who)
			return UI_REDRAW;
		return ask_or_run(app, UI_AFTER_OPEN, who);
	default:
		return UI_REDRAW;
	}
}

/* Say why an edit did not happen (read-only, full, out of memory). */
int ui_cmd_entry_result(struct ui_app *app, enum ui_entry_result r)
{
	const struct field_def *d = &edit_fields[focus_row(app)];

	switch (r) {
	case UI_ENTRY_DENIED:
		can_edit(app);
		break;
	case UI_ENTRY_FULL:
		ui_status_set(&app->status, UI_STATUS_ERROR,
		              "%s: at most %zu characters.", d->label, d->max_chars);
		break;
	case UI_ENTRY_NOMEM:
		ui_oom_note();
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

/* Tab in the picture field (see app.h): extend a local path by what every
 * match shares; when nothing can be added, list the matches on the status
 * line, and a Tab right after that list moves on. */
int ui_cmd_complete_picture(struct ui_app *app)
{
	const char *text = edit_current(&app->edit, FIELD_PICTURE);
	struct complete_result res;
	struct pf_error err;
	struct strbuf sb = { 0 };
	int i = picture_row(), rc = 1;

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
		app->form.entry[i].cur = strlen(res.text);
		app->form.note[i][0] = '\0';
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
