/* keys.c - the key table (see keys.h) and the plain-text key list. */
#include "keys.h"

#include <stdio.h>

#include "ui.h"

#define CTRL(c) { false, (c) & 0x1f }
#define CH(c) { false, (c) }
#define FN(k) { true, (k) }

/* Order matters: it is the order of the help and the priority of the hint
 * line (hints that do not fit are dropped from the end). */
static const struct ui_key keys[] = {
	{ UI_ACT_HELP, { FN(KEY_F(1)) }, "F1", "F1", "Help",
	  "show this help", false },
	{ UI_ACT_SUBMIT, { CTRL('S'), FN(KEY_F(2)) }, "Ctrl-S, F2", "^S", "Submit",
	  "submit the changes (shows old -> new first)", true },
	{ UI_ACT_QUIT, { CTRL('Q'), FN(KEY_F(10)), CTRL('C') }, "Ctrl-Q, F10, Ctrl-C",
	  "^Q", "Quit", "quit (asks first when there are unsaved edits)", false },
	{ UI_ACT_OPEN_USER, { CTRL('G') }, "Ctrl-G", "^G", "Open user",
	  "open another user by id or username", false },
	{ UI_ACT_RELOAD, { CTRL('R'), FN(KEY_F(5)) }, "Ctrl-R, F5", "^R", "Reload",
	  "load the profile again from the server", false },
	{ UI_ACT_EXT_EDITOR, { CTRL('E') }, "Ctrl-E", "^E", "Edit bio",
	  "edit the bio in $VISUAL or $EDITOR", true },
	{ UI_ACT_REVERT_FIELD, { FN(KEY_F(3)) }, "F3", "F3", "Revert",
	  "revert the focused field to the saved value", true },
	{ UI_ACT_REVERT_ALL, { FN(KEY_F(4)) }, "F4", "F4", "Revert all",
	  "revert every field (asks first)", true },
	{ UI_ACT_PANEL, { FN(KEY_F(6)) }, "F6", "F6", "Overview",
	  "into the account overview and back (below 100 columns it "
	  "replaces the form meanwhile)", false },
	{ UI_ACT_CANCEL, { CH(27) }, "Esc", NULL, NULL,
	  "close a dialog, cancel a request (or its retry countdown), or "
	  "leave the overview",
	  false },
	{ UI_ACT_NEXT_FIELD, { CH('\t') }, "Tab", NULL, NULL,
	  "next field (from the overview: back to the form); in the picture "
	  "field, completes a file path first (lists the matches if unsure)",
	  false },
	{ UI_ACT_PREV_FIELD, { FN(KEY_BTAB) }, "Shift-Tab", NULL, NULL,
	  "previous field", false },
	{ UI_ACT_DOWN, { FN(KEY_DOWN) }, "Down", NULL, NULL,
	  "next field; in the bio, the line below; overview: next balance", false },
	{ UI_ACT_UP, { FN(KEY_UP) }, "Up", NULL, NULL,
	  "previous field; in the bio, the line above; overview: previous balance", false },
	{ UI_ACT_ENTER, { CH('\r'), CH('\n'), FN(KEY_ENTER) }, "Enter", NULL, NULL,
	  "new line in the bio; next field elsewhere", false },
	{ UI_ACT_LEFT, { FN(KEY_LEFT) }, "Left", NULL, NULL,
	  "one character left", false },
	{ UI_ACT_RIGHT, { FN(KEY_RIGHT) }, "Right", NULL, NULL,
	  "one character right", false },
	{ UI_ACT_HOME, { FN(KEY_HOME), CTRL('A') }, "Home, Ctrl-A", NULL, NULL,
	  "start of the line; overview: first balance", false },
	{ UI_ACT_END, { FN(KEY_END) }, "End", NULL, NULL,
	  "end of the line; overview: last balance", false },
	{ UI_ACT_PAGE_UP, { FN(KEY_PPAGE) }, "PgUp", NULL, NULL,
	  "bio, help or overview: one page up", false },
	{ UI_ACT_PAGE_DOWN, { FN(KEY_NPAGE) }, "PgDn", NULL, NULL,
	  "bio, help or overview: one page down", false },
	{ UI_ACT_BACKSPACE, { CH(127), CH(8), FN(KEY_BACKSPACE) }, "Backspace",
	  NULL, NULL, "delete the character before the cursor", true },
	{ UI_ACT_DELETE, { FN(KEY_DC), CTRL('D') }, "Delete, Ctrl-D", NULL, NULL,
	  "delete the character under the cursor", true },
	{ UI_ACT_KILL_TO_START, { CTRL('U') }, "Ctrl-U", NULL, NULL,
	  "delete to the start of the line", true },
	{ UI_ACT_KILL_TO_END, { CTRL('K') }, "Ctrl-K", NULL, NULL,
	  "delete to the end of the line", true },
	{ UI_ACT_REDRAW, { CTRL('L') }, "Ctrl-L", NULL, NULL,
	  "redraw the screen", false },
	{ UI_ACT_TOGGLE_HINTS, { FN(KEY_F(9)) }, "F9", NULL, NULL,
	  "hide or show the key-hint line", false },
};

/* The table; *n receives its length. */
const struct ui_key *ui_keys_table(size_t *n)
{
	*n = sizeof keys / sizeof keys[0];
	return keys;
}

/* Linear search: the table is short and keys arrive at human speed. */
enum ui_action ui_keys_action(int r, wint_t ch)
{
	bool fn = r == KEY_CODE_YES;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		for (int k = 0; k < UI_KEYS_PER_ROW; k++) {
			const struct ui_keycode *kc = &keys[i].keys[k];
			if (kc->code == 0 && !kc->fn)
				break;
			if (kc->fn == fn && (wint_t)kc->code == ch)
				return keys[i].action;
		}
	}
	return UI_ACT_NONE;
}

/* The first row bound to act, NULL when none. */
const struct ui_key *ui_keys_row(enum ui_action act)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i].action == act)
			return &keys[i];
	}
	return NULL;
}

/* The key list as plain text for --help (see ui.h). */
void ui_keys_print_help(FILE *out)
{
	fputs("Keys in the editor:\n", out);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		fprintf(out, "  %-22s %s\n", keys[i].names, keys[i].help);
}
