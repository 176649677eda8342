/* keys.h - the one key table.
 *
 * Each row binds key codes to an action, with the label for the hint line
 * and the help text. The table drives the key dispatch, the F1 help
 * dialog, the hint line, `profed --help` (ui_keys_print_help in ui.h) and
 * docs/editor.md follows it.
 */
#ifndef PROFED_UI_KEYS_H
#define PROFED_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"

enum ui_action {
	UI_ACT_NONE = 0,
	/* commands */
	UI_ACT_HELP,
	UI_ACT_SUBMIT,
	UI_ACT_QUIT,
	UI_ACT_OPEN_USER,
	UI_ACT_RELOAD,
	UI_ACT_EXT_EDITOR,
	UI_ACT_REVERT_FIELD,
	UI_ACT_REVERT_ALL,
	UI_ACT_TOGGLE_HINTS,
	UI_ACT_CANCEL,        /* Esc: close a dialog or cancel a request */
	UI_ACT_REDRAW,
	UI_ACT_PANEL,         /* F6: keyboard to the overview panel and back */
	/* moving between fields */
	UI_ACT_NEXT_FIELD,
	UI_ACT_PREV_FIELD,
	UI_ACT_UP,            /* previous field; a line up inside the bio */
	UI_ACT_DOWN,          /* next field; a line down inside the bio */
	/* editing inside a field */
	UI_ACT_LEFT,
	UI_ACT_RIGHT,
	UI_ACT_HOME,
	UI_ACT_END,
	UI_ACT_PAGE_UP,
	UI_ACT_PAGE_DOWN,
	UI_ACT_BACKSPACE,
	UI_ACT_DELETE,
	UI_ACT_KILL_TO_START,
	UI_ACT_KILL_TO_END,
	UI_ACT_ENTER,         /* newline in the bio, next field elsewhere */
};

/* What a handler tells the event loop; one loop decides what to do. */
enum ui_flags {
	UI_HANDLED = 1 << 0, /* the key was used */
	UI_REDRAW = 1 << 1,  /* the screen needs repainting */
	UI_QUIT = 1 << 2,    /* leave the editor */
	UI_SUBMIT = 1 << 3,  /* send the PATCH (the person confirmed) */
};

/* A key as get_wch reports it: fn for KEY_CODE_YES (code is a KEY_*
 * value), otherwise code is the character (control keys included). */
struct ui_keycode {
	bool fn;
	int code;
};

#define UI_KEYS_PER_ROW 4

struct ui_key {
	enum ui_action action;
	struct ui_keycode keys[UI_KEYS_PER_ROW]; /* unused slots are {0} */
	const char *names;    /* "Ctrl-S, F2": for help */
	const char *hint_key; /* "^S": for the hint line; NULL = no hint */
	const char *hint;     /* "Submit" */
	const char *help;     /* one line for F1 and --help */
	bool edits;           /* changes the profile: off with --read-only */
};

/* The table and its length. */
const struct ui_key *ui_keys_table(size_t *n);

/* The action bound to a key from get_wch (r is OK or KEY_CODE_YES),
 * UI_ACT_NONE when unbound. */
enum ui_action ui_keys_action(int r, wint_t ch);

/* The row of an action, NULL when none. */
const struct ui_key *ui_keys_row(enum ui_action act);

#endif
