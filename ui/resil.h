/* resil.h - the editor's side of resilience (docs/resilience.md): drafts
 * kept on disk and offered back, the conflict check right before a PATCH,
 * the answer to a 409, the masked token prompt after a 401, the countdown
 * of a request waiting to be repeated, and what is kept when profed ends.
 *
 * The core does the work (src/draft.h, edit_conflicts/edit_resolve in
 * src/edit.h, api_waiting/api_set_token in src/api.h); this module only
 * decides when, and talks to the person. Internal to ui/: app.c and cmd.c
 * call the hooks below at the places named in each comment.
 */
#ifndef PROFED_UI_RESIL_H
#define PROFED_UI_RESIL_H

#include <stdbool.h>

#include "dialog.h"
#include "draft.h"
#include "edit.h"

struct ui_app;
struct user;
struct pf_error;

/* What to start again once a new token was typed after a 401. */
enum ui_retry { UI_RETRY_NONE, UI_RETRY_LOAD, UI_RETRY_SUBMIT };

struct ui_resil {
	char *draft_path;        /* of the loaded user; NULL when unknown */
	struct draft_timer timer;
	unsigned long long fp;   /* fingerprint of the edit at the last look */
	bool discarded;          /* edits explicitly discarded: keep nothing */
	bool discard_pending;    /* remove draft_path once the next load works */
	struct draft *offer;     /* the draft the restore dialog shows */
	struct draft *kept;      /* a draft kept for later: written along with
	                          * new edits until the next load */

	bool checked;            /* this submit's conflict check is done */
	bool after_409;          /* the check answers a 409 (never auto-sends) */
	char why_409[700];       /* the 409's sentence */
	struct user *now;        /* the server's profile from the check */
	enum field_id conf[FIELD_COUNT];
	bool mine[FIELD_COUNT];  /* per conflict: keep mine (else theirs) */
	int nconf, ci;           /* conflicts, the one asked now */

	enum ui_retry retry;     /* after a 401 */
	char *retry_who;
	bool retry_fresh;

	bool waiting;            /* the countdown replaces the busy text */
	char busy_saved[160];
	char exit_note[1200];    /* printed after the terminal is restored */
};

/* Free what the module holds (app_free). */
void ui_resil_free(struct ui_app *app);

/* on_loaded, after the answer became app->user and app->edit: removes the
 * draft of edits the person discarded (discard_pending), finds this user's
 * draft file and, when one is there, opens the restore dialog. */
void ui_resil_loaded(struct ui_app *app);
/* on_loaded, when the load failed: a pending discard is forgotten (the
 * edits are still there, and are written again beside a draft kept for
 * later). */
void ui_resil_load_failed(struct ui_app *app);

/* A 401 ends in the masked token prompt; what = what to start again with
 * the new token (who and fresh for a load). Returns true when the prompt
 * was opened (the caller says nothing more). */
bool ui_resil_auth(struct ui_app *app, const struct pf_error *err,
                   enum ui_retry what, const char *who, bool fresh);

/* ui_cmd_send, right before building the PATCH: unless this submit was
 * checked already, read the profile again and compare (conflicts); the
 * check raises UI_SUBMIT again when the PATCH may go. Returns 0 when the
 * PATCH may go now, else the enum ui_flags for the caller to return (the
 * check runs, or could not start). */
int ui_resil_before_patch(struct ui_app *app);

/* on_saved, a failed PATCH (sent marks already cleared): keeps the draft,
 * then answers a 401 (token prompt), a 409 (re-read and the conflict
 * dialog) and a cancel, and tells any other failure with whether the
 * change landed. Returns false only for a 422 naming a field, which the
 * caller shows beside the field. */
bool ui_resil_patch_failed(struct ui_app *app, const struct pf_error *err);
/* on_saved, a PATCH that succeeded (also when only the re-read showed it
 * landed: then says so): removes the draft, or keeps the edits typed
 * meanwhile in it. */
void ui_resil_patch_done(struct ui_app *app, const struct pf_error *err);

/* The unsaved-edits question was answered "discard" (app->after says for
 * what): the draft goes now for a quit, after the next load otherwise; a
 * draft kept for later at the restore dialog stays, alone. */
void ui_resil_discard(struct ui_app *app);
/* Revert all was confirmed: the draft goes too. */
void ui_resil_reverted(struct ui_app *app);

/* Dialogs this module opens and answers (draft offer, conflict, token). */
bool ui_resil_owns(enum ui_dialog_kind kind);
/* Their answer; closes the dialog. Returns enum ui_flags. */
int ui_resil_answer(struct ui_app *app, enum ui_answer ans);

/* The loop's wait, at most timeout_ms: shorter when a draft save is due
 * sooner, and at most a second while a request waits to be repeated. */
int ui_resil_timeout_ms(struct ui_app *app, int timeout_ms);
/* Every turn of the loop: save the draft when due, keep the countdown on
 * the status line current. Returns enum ui_flags. */
int ui_resil_tick(struct ui_app *app);

/* Before the terminal is restored on any way out (quit, signal, error):
 * unsent edits not discarded are saved as a draft, and a note for after
 * the terminal is restored is kept (ui_resil_exit_note). */
void ui_resil_exit(struct ui_app *app);
/* The note, "" when none; owned by app. */
const char *ui_resil_exit_note(const struct ui_app *app);

/* A line of the too-small screen: what Ctrl-Q there does to the edits. */
const char *ui_resil_too_small_note(const struct ui_app *app);

#endif
