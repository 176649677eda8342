/* app.h - the editor's state and the small functions that change it.
 * Internal to ui/.
 *
 * Who does what (docs/architecture.md):
 *   app.c       the loop: terminal, signals, drawing, key routing, and
 *               the table of dialogs (which screen opens and answers each
 *               kind);
 *   appstate.c  the state's changes and the requests (load, submit
 *               through the core's submit flow, cancel, revert, Tab
 *               completion, the external editor); never opens a screen
 *               itself: it asks the loop (app_want);
 *   appsupport.c  beside the profile: capability, recent people, the
 *               jump list, the member card, copy, the finder's search;
 *               called by appstate.c, never calling it;
 *   one file per dialog (help, confirm, revert, unsaved, finder,
 *               draftoffer, conflict, token): open fills the dialog from
 *               the state, answer acts through appstate.c;
 *   widgets     form, panel, status, dialog, entry, preview, title: draw
 *               and move, no requests.
 *
 * Single-threaded: keys, signals (through a self-pipe) and finished
 * requests (callbacks from api_run) all arrive in the loop. Handlers
 * return enum ui_flags; callbacks, which cannot return anything, add
 * theirs to app->flags. At most one request that changes the profile
 * runs at a time: a load, or the submit flow's. Beside it may run the
 * finder's search (src/lookup.h), the member card's request, the history
 * pane (F7, history.h), the balance chart (F8, chartpane.h) and the access
 * badges (access.h), which only fill their own lists; app_running does
 * not count them.
 */
#ifndef PROFED_UI_APP_H
#define PROFED_UI_APP_H

#include <stdbool.h>

#include "capability.h"
#include "chartpane.h"
#include "dialog.h"
#include "draftkeep.h"
#include "edit.h"
#include "access.h"
#include "form.h"
#include "history.h"
#include "lookup.h"
#include "panel.h"
#include "preview.h"
#include "recent.h"
#include "status.h"
#include "strbuf.h"

struct api;
struct config;
struct files;
struct submit;
struct user;

#define UI_MIN_COLS 60
#define UI_MIN_ROWS 16
#define UI_JUMPS 50 /* people Ctrl-O goes back through */

/* What to do once the unsaved-edits question is settled (or the save). */
enum ui_after { UI_AFTER_NONE, UI_AFTER_QUIT, UI_AFTER_RELOAD, UI_AFTER_OPEN };

/* What to start again once a new token was typed after a 401. */
enum ui_retry { UI_RETRY_NONE, UI_RETRY_LOAD, UI_RETRY_SUBMIT };

struct ui_app {
	const struct config *cfg;
	struct api *api;
	struct files *files;
	struct submit *submit;  /* the core's submit flow (src/submit.h) */
	char *who;             /* the profile shown: "me", an id or a username */
	bool other;            /* not the caller's own profile */
	struct user *user;     /* the last answer; NULL until a load succeeds */
	struct edit edit;      /* baseline and current text of every field */
	struct ui_form form;
	struct ui_panel panel; /* the account overview of user */
	struct ui_status status;
	struct ui_dialog dialog;
	struct ui_preview preview;  /* the pictures in the overview */
	struct ui_history history;  /* F7: the member's history pane */
	struct ui_chartpane chart;  /* F8: the balance chart pane */
	struct ui_access access;    /* access badges in the overview */
	struct draftkeep drafts;    /* unsent edits on disk (src/draftkeep.h) */
	bool hints;            /* the key-hint line is shown */
	int rows, cols;        /* the size at the last draw */

	long load_op;          /* the load in flight, 0 when none */
	char *load_who;        /* the user it asked for */
	bool load_fresh;       /* it opens another user */

	enum ui_after after;
	char *after_who;       /* UI_AFTER_OPEN: whom to open */

	enum ui_retry retry;   /* after a 401 */
	char *retry_who;
	bool retry_fresh;
	struct pf_error retry_err; /* the 401, for the token prompt */

	size_t conflict_i;     /* the conflict the dialog asks about */
	enum ui_dialog_kind want; /* a dialog to open, asked of the loop */
	int flags;             /* enum ui_flags raised by callbacks */
	bool waiting;          /* the status shows a retry countdown */
	char busy_saved[160];  /* the busy text the countdown replaced */
	char pic_tab[1024];    /* the text a Tab could not extend ("" none) */
	bool pasting;          /* inside a bracketed paste */
	wint_t paste_last;     /* its last character (CR LF is one break) */
	struct strbuf paste;   /* its text, inserted whole at its end */

	/* the finder (ui/finder.c) and what it shows */
	struct lookup find;    /* its search as you type (src/lookup.h) */
	unsigned long find_gen; /* answers so far (the list's cache key) */
	size_t find_sel, find_top; /* the selected and first shown row */
	int find_page;         /* list rows shown at the last draw */
	struct ui_finder_cache *find_cache; /* the table as drawn; finder.c */
	struct recent recent;  /* recent people, self_id (src/recent.h) */
	char *recent_path;     /* NULL: not kept (said once) */
	char *jumps[UI_JUMPS]; /* Ctrl-O: the people shown before, last on top */
	size_t njumps;
	bool back_pending;     /* the open waiting for the question is a Ctrl-O */
	bool load_back;        /* the load in flight is a Ctrl-O */
	/* what the credential may change for the person shown (capability.h) */
	enum cap_cred cred;
	struct capability cap;
	long card_op;          /* the member card's request, 0 none */
	unsigned copies;       /* y / Ctrl-Y so far for this person */
};

/* ---- appstate.c: the state's changes */

/* Set up what app_free frees; the requests come from api/files. Returns
 * 0 or -1 out of memory. */
int app_init(struct ui_app *app, const struct config *cfg, struct api *api,
             struct files *files);
/* Free everything the app owns except api and files. */
void app_free(struct ui_app *app);

/* Ask the loop to open dialog kind (after the current key or request). */
void app_want(struct ui_app *app, enum ui_dialog_kind kind);
/* Show an error: its sentence on the status line and in a dialog. */
void app_show_error(struct ui_app *app, const char *title,
                    const struct pf_error *err);
/* The same for a sentence of our own. */
void app_tell_error(struct ui_app *app, const char *title, const char *text);

/* u becomes the profile shown (the edit follows it already): the
 * overview, the title and the form's cursors follow. Takes u. */
void app_adopt_user(struct ui_app *app, struct user *u);

/* A request runs (a load or the submit flow's). */
bool app_running(const struct ui_app *app);
/* The operation in flight, 0 when none (for the countdown). */
long app_op(const struct ui_app *app);
/* Whether the form takes edits now: a profile is loaded, not read-only,
 * and no request runs whose answer replaces the form (a load) or decides
 * what the PATCH holds (the conflict check, the picture's upload). */
bool app_editable(const struct ui_app *app);
/* app_editable, and when not, says why on the status line. */
bool app_can_edit(struct ui_app *app);

/* The user a reload or a PATCH goes to: "me" for the caller's own
 * profile, else the loaded id (a username may be what changes). */
const char *app_target(const struct ui_app *app);

/* Commands. Each returns enum ui_flags. */
int app_load(struct ui_app *app, const char *who, bool fresh);
int app_reload(struct ui_app *app);
int app_quit(struct ui_app *app);
/* Ctrl-G: the finder (refused while a request runs). */
int app_open_prompt(struct ui_app *app);
/* Ctrl-O: open the person shown before this one (the jump list); unsaved
 * edits are asked about as for any open. */
int app_back(struct ui_app *app);
/* y in the overview, Ctrl-Y anywhere: copy the user id, the next time the
 * username, with OSC 52 (off with --no-clipboard); the status says what. */
int app_copy(struct ui_app *app);
/* The finder's text changed (the search waits for a pause). */
void app_find_type(struct ui_app *app, const char *text);
/* The finder closed: its search stops. */
void app_find_stop(struct ui_app *app);
/* Whether field f may change for the person shown; *why gets the reason
 * when not (may be NULL). */
bool app_field_allowed(const struct ui_app *app, enum field_id f,
                       const char **why);
/* Quit, reload and open ask first when there are unsaved edits; who is
 * taken (UI_AFTER_OPEN). */
int app_ask_or_run(struct ui_app *app, enum ui_after after, char *who);
/* Do what waited for the question; forget it (app_after_cancel). */
int app_run_after(struct ui_app *app);
void app_after_cancel(struct ui_app *app);
/* Validate, then the confirmation (or "No changes", or the reason). */
int app_submit(struct ui_app *app);
/* The confirmed submit: the core flow starts. */
int app_send(struct ui_app *app);
/* Esc outside dialogs: cancel the request in flight, if any. */
int app_cancel(struct ui_app *app);
int app_revert_field(struct ui_app *app);
int app_revert_all(struct ui_app *app);  /* asks first */
/* Every field back to the server's value (the question said yes). */
void app_revert_all_now(struct ui_app *app);
int app_ext_editor(struct ui_app *app);
/* The form refused or failed an edit: say why. */
int app_entry_result(struct ui_app *app, enum ui_entry_result r);
/* Tab in the picture field: complete a local path. Returns 0 when the
 * text is not a path being completed (Tab then moves to the next field). */
int app_complete_picture(struct ui_app *app);

/* Save the draft now (before a suspend); a failure is said. */
void app_keep_draft(struct ui_app *app);

/* The unsaved-edits question said "discard": the draft follows. */
void app_discard(struct ui_app *app);
/* A new token is in use: start again what the 401 stopped. */
int app_retry(struct ui_app *app);
/* The conflict dialog was settled (all answered) or stopped. */
int app_conflicts_settled(struct ui_app *app, bool stop);

/* The loop's wait, at most timeout_ms (drafts, the countdown). */
int app_timeout_ms(struct ui_app *app, int timeout_ms);
/* Every turn of the loop: drafts due, the countdown. enum ui_flags. */
int app_tick(struct ui_app *app);
/* On any way out: unsent edits become a draft; note (n bytes) gets
 * what to print after the terminal is restored. */
void app_exit(struct ui_app *app, char *note, size_t n);
/* The too-small screen's line about the edits, or NULL. */
const char *app_too_small_note(const struct ui_app *app);

/* ---- appsupport.c: the support work beside the profile */

/* The finder's search and the recent people (a refused file is said on
 * the status line). 0, or -1 out of memory. */
int app_support_init(struct ui_app *app);
/* Cancel the member card's request; free the search, recent, jumps. */
void app_support_free(struct ui_app *app);
/* Another person (u) replaces the one shown: the jump list follows. */
void app_support_leaving(struct ui_app *app, const struct user *u);
/* u was loaded: first in the recent people (me: your own id too). */
void app_support_opened(struct ui_app *app, const struct user *u, bool me);
/* Whether who (as asked) or u is the credential's own user. */
bool app_support_is_self(const struct ui_app *app, const char *who,
                         const struct user *u);
/* app->cap for the person shown (app->other, app->cred, the account);
 * locked fields get the reason as their note. */
void app_support_capability(struct ui_app *app);
/* With an account: u's membership, its own request (the member card). */
void app_support_card(struct ui_app *app, const struct user *u);

#endif
