/* keys.c - the key table (see keys.h) and the plain-text key list. */
#include "keys.h"

#include <stdio.h>
#include <string.h>

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
	{ UI_ACT_OPEN_USER, { CTRL('G') }, "Ctrl-G", "^G", "Find",
	  "find a person as you type (members with an account, else users) "
	  "and open them; an id or username opens directly", false },
	{ UI_ACT_BACK, { CTRL('O') }, "Ctrl-O", NULL, NULL,
	  "back to the person shown before (asks first about unsaved edits)",
	  false },
	{ UI_ACT_COPY, { CTRL('Y') }, "Ctrl-Y, y", NULL, NULL,
	  "copy the user id to the clipboard (OSC 52), again: the username "
	  "(y in the overview)", false },
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
	{ UI_ACT_HISTORY, { FN(KEY_F(7)) }, "F7", "F7", "History",
	  "the member's history (with --account-id) where the overview is, "
	  "and back", false },
	{ UI_ACT_CHART, { FN(KEY_F(8)) }, "F8, c", "F8", "Chart",
	  "your balance over time where the overview is (c in the "
	  "overview), and back", false },
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
	{ UI_ACT_SUSPEND, { CTRL('Z') }, "Ctrl-Z", NULL, NULL,
	  "suspend (the draft is saved; fg comes back)", false },
	{ UI_ACT_FILTER, { CH('/') }, "/", NULL, NULL,
	  "overview: filter the balances by symbol or name as you type "
	  "(Enter keeps it, Esc clears it)", false },
	{ UI_ACT_NEXT_MATCH, { CH('n') }, "n", NULL, NULL,
	  "overview: the next balance the filter matches", false },
	{ UI_ACT_PREV_MATCH, { CH('N') }, "N", NULL, NULL,
	  "overview: the previous balance the filter matches", false },
};

/* The balance chart's keys, while its pane is open (F8). */
static const struct ui_key chart_keys[] = {
	{ UI_ACT_CHART_INTERVAL, { CH('h'), CH('d'), CH('w'), CH('m') },
	  "h, d, w, m", NULL, NULL,
	  "a point an hour (3 days), a day (30 days), a week (26 weeks), "
	  "a month (12 months)", false },
	{ UI_ACT_CHART_SHIFT, { CH('['), CH(']') }, "[, ]", NULL, NULL,
	  "the window back or forth by its length (not past now)", false },
	{ UI_ACT_CHART_ZOOM, { CH('+'), CH('='), CH('-') }, "+, -", NULL, NULL,
	  "a window twice or half as long, ending at the same time", false },
	{ UI_ACT_CHART_CURSOR, { FN(KEY_LEFT), FN(KEY_RIGHT), FN(KEY_HOME),
	  FN(KEY_END) }, "Left, Right, Home, End", NULL, NULL,
	  "the cursor along the chart: that point's date and value", false },
};

#define DLG(k) UI_DLG_BIT(UI_DLG_##k)
#define ENTER CH('\r'), CH('\n'), FN(KEY_ENTER)

/* What each dialog answers to, in the order of its key line. A dialog
 * with a text line (the prompts) takes every other key as text. */
static const struct ui_answer_key answers[] = {
	{ DLG(CONFIRM_SUBMIT), UI_ANS_YES, { ENTER, CH('y'), CH('Y') },
	  "Enter, y", "send" },
	{ DLG(CONFIRM_SUBMIT), UI_ANS_NO, { CH(27), CH('n'), CH('N') },
	  "Esc, n", "back" },
	{ DLG(CONFIRM_REVERT), UI_ANS_YES, { ENTER, CH('y'), CH('Y') },
	  "Enter, y", "revert all" },
	{ DLG(CONFIRM_REVERT), UI_ANS_NO, { CH(27), CH('n'), CH('N') },
	  "Esc, n", "back" },
	{ DLG(ASK_UNSAVED), UI_ANS_YES, { CH('s'), CH('S') }, "s", "Submit" },
	{ DLG(ASK_UNSAVED), UI_ANS_DISCARD, { CH('d'), CH('D') }, "d",
	  "Discard" },
	{ DLG(ASK_UNSAVED), UI_ANS_NO, { CH(27), CH('c'), CH('C') }, "Esc, c",
	  "Cancel" },
	{ DLG(DRAFT), UI_ANS_YES, { CH('r'), CH('R') }, "r", "Restore" },
	{ DLG(DRAFT), UI_ANS_DISCARD, { CH('d'), CH('D') }, "d",
	  "Delete draft" },
	{ DLG(DRAFT), UI_ANS_NO, { CH(27), CH('k'), CH('K') }, "Esc, k",
	  "Keep for later" },
	{ DLG(CONFLICT), UI_ANS_YES, { CH('m'), CH('M') }, "m", "Keep mine" },
	{ DLG(CONFLICT), UI_ANS_THEIRS, { CH('t'), CH('T') }, "t",
	  "Take theirs" },
	{ DLG(CONFLICT), UI_ANS_NO, { CH(27) }, "Esc", "Stop (nothing sent)" },
	{ DLG(FINDER), UI_ANS_YES, { ENTER }, "Enter", "open" },
	{ DLG(FINDER), UI_ANS_NO, { CH(27) }, "Esc", "close" },
	{ DLG(PROMPT_TOKEN), UI_ANS_YES, { ENTER }, "Enter", "use this token" },
	{ DLG(PROMPT_TOKEN), UI_ANS_NO, { CH(27) }, "Esc", "cancel" },
	{ DLG(MESSAGE) | DLG(ERROR) | DLG(HELP), UI_ANS_NO,
	  { ENTER, CH(27) }, "Enter, Esc", "close" },
	/* the same, left off the key line (label NULL) */
	{ DLG(MESSAGE) | DLG(ERROR) | DLG(HELP), UI_ANS_NO,
	  { FN(KEY_F(1)), CH('q'), CH(' ') }, "F1, q, Space", NULL },
};

/* Names of the dialogs in the help, by kind. */
static const char *const dialog_names[UI_DLG_COUNT] = {
	[UI_DLG_MESSAGE] = "a message", [UI_DLG_ERROR] = "an error",
	[UI_DLG_HELP] = "this help",
	[UI_DLG_CONFIRM_SUBMIT] = "submit: old -> new",
	[UI_DLG_CONFIRM_REVERT] = "revert all",
	[UI_DLG_ASK_UNSAVED] = "unsaved edits",
	[UI_DLG_FINDER] = "find a person",
	[UI_DLG_DRAFT] = "restore a draft",
	[UI_DLG_CONFLICT] = "changed on the server",
	[UI_DLG_PROMPT_TOKEN] = "a new token",
};

/* Whether kc is the key get_wch reported (r, ch). */
static bool key_is(const struct ui_keycode *kc, int r, wint_t ch)
{
	return kc->fn == (r == KEY_CODE_YES) && (wint_t)kc->code == ch;
}

/* Whether a key slot is unused (rows end at the first). */
static bool key_unused(const struct ui_keycode *kc)
{
	return kc->code == 0 && !kc->fn;
}

/* Whether one of a row's keys (up to its first unused slot) is the key
 * get_wch reported (r, ch). */
static bool row_has_key(const struct ui_keycode *kc, int r, wint_t ch)
{
	for (int k = 0; k < UI_KEYS_PER_ROW && !key_unused(&kc[k]); k++) {
		if (key_is(&kc[k], r, ch))
			return true;
	}
	return false;
}

/* See keys.h. */
enum ui_answer ui_keys_answer(enum ui_dialog_kind kind, int r, wint_t ch)
{
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		if ((answers[i].dialogs & UI_DLG_BIT(kind)) &&
		    row_has_key(answers[i].keys, r, ch))
			return answers[i].ans;
	}
	return UI_ANS_NONE;
}

/* Append to buf (n bytes, used so far *used) what fits of s. */
static void line_add(char *buf, size_t n, size_t *used, const char *s,
                     size_t len)
{
	if (*used + len >= n)
		len = n - 1 - *used;
	memcpy(buf + *used, s, len);
	*used += len;
	buf[*used] = '\0';
}

/* See keys.h: each labelled row as "Enter/y send" (its names joined by
 * '/'), rows three spaces apart. */
const char *ui_keys_answer_line(enum ui_dialog_kind kind, char *buf, size_t n)
{
	size_t used = 0;

	if (!n)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		const struct ui_answer_key *a = &answers[i];
		if (!(a->dialogs & UI_DLG_BIT(kind)) || !a->label)
			continue;
		if (used)
			line_add(buf, n, &used, "   ", 3);
		for (const char *p = a->names; *p; ) {
			size_t k = strcspn(p, ",");
			line_add(buf, n, &used, p, k);
			p += k;
			if (*p) {
				line_add(buf, n, &used, "/", 1);
				p += strspn(p, ", ");
			}
		}
		line_add(buf, n, &used, " ", 1);
		line_add(buf, n, &used, a->label, strlen(a->label));
	}
	return buf;
}

const char *ui_keys_dialog_name(enum ui_dialog_kind kind)
{
	return kind > UI_DLG_NONE && kind < UI_DLG_COUNT && dialog_names[kind]
	       ? dialog_names[kind] : "";
}

/* The table; *n receives its length. */
const struct ui_key *ui_keys_table(size_t *n)
{
	*n = sizeof keys / sizeof keys[0];
	return keys;
}

/* Whether act is one of the overview's own keys (see keys.h). */
static bool overview_only(enum ui_action act)
{
	return act == UI_ACT_FILTER || act == UI_ACT_NEXT_MATCH ||
	       act == UI_ACT_PREV_MATCH;
}

/* Which rows of a table a key is looked for in. */
enum key_scope { SCOPE_ANY, SCOPE_EDITOR, SCOPE_OVERVIEW };

/* The action of the key in rows t[0..n) of scope. Linear search: the
 * tables are short and keys arrive at human speed. */
static enum ui_action table_action(const struct ui_key *t, size_t n, int r,
                                   wint_t ch, enum key_scope scope)
{
	for (size_t i = 0; i < n; i++) {
		if (scope != SCOPE_ANY &&
		    overview_only(t[i].action) != (scope == SCOPE_OVERVIEW))
			continue;
		if (row_has_key(t[i].keys, r, ch))
			return t[i].action;
	}
	return UI_ACT_NONE;
}

enum ui_action ui_keys_action(int r, wint_t ch)
{
	return table_action(keys, sizeof keys / sizeof keys[0], r, ch,
	                    SCOPE_EDITOR);
}

enum ui_action ui_keys_overview_action(int r, wint_t ch)
{
	return table_action(keys, sizeof keys / sizeof keys[0], r, ch,
	                    SCOPE_OVERVIEW);
}

/* See keys.h. */
const struct ui_key *ui_keys_chart_table(size_t *n)
{
	*n = sizeof chart_keys / sizeof chart_keys[0];
	return chart_keys;
}

enum ui_action ui_keys_chart_action(int r, wint_t ch)
{
	return table_action(chart_keys, sizeof chart_keys / sizeof chart_keys[0],
	                    r, ch, SCOPE_ANY);
}

/* The key list as plain text for --help (see ui.h). */
void ui_keys_print_help(FILE *out)
{
	fputs("Keys in the editor:\n", out);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		fprintf(out, "  %-22s %s\n", keys[i].names, keys[i].help);
	fputs("\nKeys in the balance chart (F8):\n", out);
	for (size_t i = 0; i < sizeof chart_keys / sizeof chart_keys[0]; i++)
		fprintf(out, "  %-22s %s\n", chart_keys[i].names, chart_keys[i].help);
	fputs("\nKeys in the dialogs:\n", out);
	for (int d = UI_DLG_NONE + 1; d < UI_DLG_COUNT; d++) {
		char line[160];
		if (!*ui_keys_dialog_name(d))
			continue; /* a kind no screen opens */
		fprintf(out, "  %-22s %s\n", ui_keys_dialog_name(d),
		        ui_keys_answer_line(d, line, sizeof line));
	}
}
