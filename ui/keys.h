/* keys.h - the one key table.
 *
 * Each row binds key codes to an action, with the label for the hint line
 * and the help text. The table drives the key dispatch, the F1 help
 * dialog, the hint line, `profed --help` (ui_keys_print_help in ui.h) and
 * docs/editor.md follows it.
 *
 * The dialogs' answer keys (y/n, s/d, r/d/k, m/t, Enter, Esc) are rows of
 * a second table here, by dialog: they drive each dialog's answers, its
 * key line, and the same help.
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
	UI_ACT_HISTORY,       /* F7: the member's history pane and back */
	UI_ACT_SUSPEND,       /* Ctrl-Z */
	UI_ACT_BACK,          /* Ctrl-O: the person shown before */
	UI_ACT_COPY,          /* Ctrl-Y: copy the user id, then the username */
	UI_ACT_CHART,         /* F8: the balance chart pane and back */
	/* the balance chart's own keys (chart table, while it is open); the
	 * key pressed says which: h d w m, [ ], + -, Left Right Home End */
	UI_ACT_CHART_INTERVAL,
	UI_ACT_CHART_SHIFT,
	UI_ACT_CHART_ZOOM,
	UI_ACT_CHART_CURSOR,
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
	/* the overview's own keys: only while it has the keyboard (plain
	 * characters are text elsewhere); ui_keys_overview_action */
	UI_ACT_FILTER,        /* '/': filter the balances as you type */
	UI_ACT_NEXT_MATCH,    /* n */
	UI_ACT_PREV_MATCH,    /* N */
};

/* What a handler tells the event loop; one loop decides what to do. */
enum ui_flags {
	UI_HANDLED = 1 << 0, /* the key was used */
	UI_REDRAW = 1 << 1,  /* the screen needs repainting */
	UI_QUIT = 1 << 2,    /* leave the editor */
	UI_SUBMIT = 1 << 3,  /* send the PATCH (the person confirmed) */
};

/* The dialogs (one file each under ui/, routed by the table in app.c). */
enum ui_dialog_kind {
	UI_DLG_NONE,
	UI_DLG_MESSAGE,        /* a message; closes on Enter or Esc */
	UI_DLG_ERROR,          /* the same, titled in the error colour */
	UI_DLG_HELP,           /* help.c */
	UI_DLG_CONFIRM_SUBMIT, /* confirm.c: old -> new before a submit */
	UI_DLG_CONFIRM_REVERT, /* revert.c: revert every field */
	UI_DLG_ASK_UNSAVED,    /* unsaved.c: submit / discard / cancel */
	UI_DLG_DRAFT,          /* draftoffer.c: restore / delete / keep */
	UI_DLG_CONFLICT,       /* conflict.c: keep mine / take theirs / stop */
	UI_DLG_PROMPT_TOKEN,   /* token.c: a masked line */
	UI_DLG_FINDER,         /* finder.c: search as you type, open */
	UI_DLG_COUNT
};

enum ui_answer {
	UI_ANS_NONE,    /* still open */
	UI_ANS_YES,     /* send / revert / submit / open / restore / mine */
	UI_ANS_NO,      /* closed: back, cancel, keep for later, stop */
	UI_ANS_DISCARD, /* the unsaved-edits question, a draft: discard */
	UI_ANS_THEIRS,  /* a conflict: take theirs */
};

/* A key as get_wch reports it: fn for KEY_CODE_YES (code is a KEY_*
 * value), otherwise code is the character (control keys included). */
struct ui_keycode {
	bool fn;
	int code;
};

#define UI_KEYS_PER_ROW 6

struct ui_key {
	enum ui_action action;
	struct ui_keycode keys[UI_KEYS_PER_ROW]; /* unused slots are {0} */
	const char *names;    /* "Ctrl-S, F2": for help */
	const char *hint_key; /* "^S": for the hint line; NULL = no hint */
	const char *hint;     /* "Submit" */
	const char *help;     /* one line for F1 and --help */
	bool edits;           /* changes the profile: off with --read-only */
};

/* A dialog's answer key: keys that give ans in the dialogs of mask
 * (UI_DLG_BIT of each kind). */
#define UI_DLG_BIT(k) (1u << (k))
struct ui_answer_key {
	unsigned dialogs;
	enum ui_answer ans;
	struct ui_keycode keys[UI_KEYS_PER_ROW];
	const char *names;    /* "y, Enter" for help; "y" on the key line */
	const char *label;    /* "Send" */
};

/* The table and its length. */
const struct ui_key *ui_keys_table(size_t *n);

/* The answer bound to a key in dialog kind, UI_ANS_NONE when none. */
enum ui_answer ui_keys_answer(enum ui_dialog_kind kind, int r, wint_t ch);

/* The dialog's key line from its answer rows: "y Send   n, Esc Back".
 * Always NUL-terminates buf (n > 0); returns buf. */
const char *ui_keys_answer_line(enum ui_dialog_kind kind, char *buf, size_t n);

/* The name of a dialog for the help. */
const char *ui_keys_dialog_name(enum ui_dialog_kind kind);

/* The action bound to a key from get_wch (r is OK or KEY_CODE_YES),
 * UI_ACT_NONE when unbound; rows scoped to the overview are left out. */
enum ui_action ui_keys_action(int r, wint_t ch);
/* The same among the overview's own rows only. */
enum ui_action ui_keys_overview_action(int r, wint_t ch);

/* The balance chart's keys (a third table): asked first while the chart
 * pane is open, so that its letters are never typed into a field. The
 * table and its length; the action of a key there, UI_ACT_NONE when it
 * is not one of them. */
const struct ui_key *ui_keys_chart_table(size_t *n);
enum ui_action ui_keys_chart_action(int r, wint_t ch);

#endif
