/* app.h - the editor's state, shared by the event loop (app.c) and the
 * commands it runs (cmd.c). Internal to ui/.
 *
 * Single-threaded: keys, signals (through a self-pipe) and finished
 * requests (callbacks from api_run) all arrive in the loop in app.c.
 * Handlers and commands return enum ui_flags; callbacks, which cannot
 * return anything, add theirs to app->flags. At most one request runs at a
 * time.
 */
#ifndef PROFED_UI_APP_H
#define PROFED_UI_APP_H

#include <stdbool.h>

#include "dialog.h"
#include "edit.h"
#include "resil.h"
#include "form.h"
#include "image.h"
#include "panel.h"
#include "preview.h"
#include "status.h"

struct api;
struct config;
struct files;
struct user;

#define UI_MIN_COLS 60
#define UI_MIN_ROWS 16

/* UI_OP_UPLOAD: op is a files.h upload id (files_cancel), not an api op. */
enum ui_op { UI_OP_NONE, UI_OP_LOAD, UI_OP_SAVE, UI_OP_UPLOAD };

/* What to do once the unsaved-edits question is settled. */
enum ui_after { UI_AFTER_NONE, UI_AFTER_QUIT, UI_AFTER_RELOAD, UI_AFTER_OPEN };

struct ui_app {
	const struct config *cfg;
	struct api *api;
	char *who;             /* the profile shown: "me", an id or a username */
	bool other;            /* not the caller's own profile */
	struct user *user;     /* the last answer; NULL until a load succeeds */
	struct edit edit;      /* baseline and current text of every field */
	struct ui_form form;
	struct ui_panel panel; /* the account overview of user */
	struct ui_status status;
	struct ui_dialog dialog;
	bool hints;            /* the key-hint line is shown */
	int rows, cols;        /* the size at the last draw */

	long op;               /* the request in flight, 0 when none */
	enum ui_op op_kind;
	char *op_who;          /* the user a load asked for */
	bool op_fresh;         /* the load opens another user */

	enum ui_after after;
	char *after_who;       /* UI_AFTER_OPEN: whom to open */

	int flags;             /* enum ui_flags raised by callbacks */
	struct ui_resil res;   /* drafts, conflicts, token, countdown (resil.h) */

	/* the picture (docs/pictures.md): uploads before the PATCH */
	struct files *files;
	struct ui_preview preview;  /* the pictures in the overview */
	char *pic_text;        /* the picture field's text that was checked */
	char *pic_path;        /* the same with "~/" expanded */
	struct image_info pic_img;  /* what image_check found at submit */
	char pic_tab[1024];    /* the text a Tab could not extend ("" none) */
};

/* Whether the form takes edits now: a profile is loaded, not --read-only,
 * and no request runs whose answer replaces the form (a load) or decides
 * what the PATCH holds (the conflict check, the picture's upload). */
bool ui_cmd_editable(const struct ui_app *app);

/* Commands (cmd.c). Each returns enum ui_flags. */
int ui_cmd_load(struct ui_app *app, const char *who, bool fresh);
int ui_cmd_reload(struct ui_app *app);
int ui_cmd_open_prompt(struct ui_app *app);
int ui_cmd_quit(struct ui_app *app);
int ui_cmd_submit(struct ui_app *app);  /* validate, then confirm */
int ui_cmd_send(struct ui_app *app);    /* the confirmed PATCH */
int ui_cmd_cancel(struct ui_app *app);
int ui_cmd_revert_field(struct ui_app *app);
int ui_cmd_revert_all(struct ui_app *app);
int ui_cmd_ext_editor(struct ui_app *app);
int ui_cmd_help(struct ui_app *app);
/* The open dialog was answered (the dialog is still open; this closes it). */
int ui_cmd_answer(struct ui_app *app, enum ui_answer ans);
/* The form refused or failed an edit: say why. */
int ui_cmd_entry_result(struct ui_app *app, enum ui_entry_result r);
/* Tab in the picture field: complete a local path. Returns 0 when the
 * text is not a path being completed (Tab then moves to the next field). */
int ui_cmd_complete_picture(struct ui_app *app);

#endif
