/* check_comfort.c - end-to-end tests of the terminal comfort of issue 14:
 * keys whatever TERM says, unknown escape sequences swallowed, bracketed
 * paste, the cursor at the end of a field that gains the focus, the
 * confirmation reaching a change far down the bio, the unsaved-edits
 * question naming its action, and Ctrl-Z with `fg` from a real shell.
 * The real profed binary in a pseudo-terminal (tests/tui.h) against the
 * in-process stub (tests/stub/stub.h), through tests/e2e.h.
 *
 * Run one case:  CK_RUN_CASE=home_end_spellings ./tests/check_comfort
 * Under gdb:     CK_FORK=no CK_RUN_CASE=paste_into_name gdb ./tests/check_comfort
 */
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

#define ADA_NAME "Ada Lovelace"
#define ADA_USERNAME "ada-lovelace"
/* Where the form draws a one-line field's text (ui/form.c). */
#define FIELD_X 2
/* A word of the F1 help, of the confirmation, of the hint line. */
#define HELP_TITLE "Help: keys"
#define CONFIRM_ASKS "Send to"
#define NO_CHANGES "No changes"
#define SAVED "Saved at"
#define PASTE_SAID "line breaks became spaces"

/* TERMs the other spellings must work under: one whose entry lists some
 * of them, one that lists none of Home, End, Delete, Insert, PgUp, PgDn. */
static const char *const terms[] = { "xterm-256color", "vt100" };
#define N_TERMS (int)(sizeof terms / sizeof terms[0])

/* Start the editor on ada's own profile under term, rows x cols. */
static void open_me_term(const char *term, int rows, int cols)
{
	e2e_env("TERM", term);
	e2e_start(STUB_TOKEN_ADA, NULL, rows, cols);
	e2e_see(ADA_USERNAME);
	e2e_see(ADA_NAME);
}

static void open_me(int rows, int cols)
{
	open_me_term("xterm-256color", rows, cols);
}

/* Replace ada's stored value: key set to the JSON value text. */
static void patch_ada(const char *key, const char *json_value)
{
	ck_assert_msg(stub_set_user_field(e2e.stub, STUB_ADA_ID, key,
	                                  json_value) == 0,
	              "cannot set %s to %s", key, json_value);
}

/* Wait until the cursor is at (row, col); fails the test otherwise. */
static void cursor_at(int row, int col, const char *why)
{
	if (!tui_wait_cursor(e2e.t, row, col, TUI_WAIT_MS)) {
		int r, c;
		tui_cursor(e2e.t, &r, &c);
		ck_abort_msg("%s: the cursor is at %d,%d, not %d,%d", why, r, c,
		             row, col);
	}
}

/* Wait until the cursor is on row r. */
static void cursor_row(int r, const char *why)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	int now = -1;

	do {
		tui_cursor(e2e.t, &now, NULL);
		if (now == r)
			return;
	} while (clock_now_ms() < deadline && tui_pump(e2e.t, 50) >= 0);
	tui_dump(e2e.t, why);
	ck_abort_msg("%s: the cursor is on row %d, not %d", why, now, r);
}

/* The row text is on (waiting for it). */
static int row_of_text(const char *text)
{
	int r = -1;

	e2e_see(text);
	ck_assert_msg(tui_find(e2e.t, text, &r, NULL), "not shown: %s", text);
	return r;
}

/* How often text stands on the screen now. */
static int times_shown(const char *text)
{
	char *s = tui_screen(e2e.t);
	int n = 0;

	for (const char *p = s; p && (p = strstr(p, text)); p += strlen(text))
		n++;
	free(s);
	return n;
}

/* The only PATCH sent had exactly the JSON body expected. */
static void assert_one_patch(const char *expected)
{
	struct stub_request *r;

	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
	r = e2e_request("PATCH", 0);
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	e2e_assert_json_eq(r->body, expected);
	stub_request_free(r);
}

/* Ctrl-S, the confirmation, y. */
static void submit(void)
{
	e2e_keys(TUI_CTRL_S);
	e2e_see(CONFIRM_ASKS);
	e2e_keys("y");
	e2e_see(SAVED);
}

/* Ctrl-Q with nothing unsent: exits 0. */
static void quit(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* A barrier that works under every TERM here: F1 (SS3 P, which vt100
 * lists too) opens the help, Esc closes it; every key typed before has
 * been handled then. */
static void sync_keys(void)
{
	e2e_keys("\x1bOP");
	e2e_see(HELP_TITLE);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, HELP_TITLE, TUI_WAIT_MS));
}

/* The row where a one-line field shows text (the title may hold it
 * too). */
static int field_row(const char *text)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	int rows;

	tui_size(e2e.t, &rows, NULL);
	do {
		for (int r = 0; r < rows; r++)
			if (tui_col_in_row(e2e.t, r, text) == FIELD_X)
				return r;
	} while (clock_now_ms() < deadline && tui_pump(e2e.t, 50) >= 0);
	ck_abort_msg("no field shows %s", text);
	return -1;
}

/* ------------------------------------------------------------------ */

/* Every spelling of Home and End: xterm's CSI and SS3, VT220's and
 * tmux's 1~/4~, rxvt's 7~/8~. The cursor moves as Home and End do and no
 * byte of a sequence is typed, under a TERM that lists some of them and
 * one that lists none. */
START_TEST(home_end_spellings)
{
	static const char *const home[] = { "\x1b[H", "\x1bOH", "\x1b[1~",
	                                    "\x1b[7~" };
	static const char *const end[] = { "\x1b[F", "\x1bOF", "\x1b[4~",
	                                   "\x1b[8~" };
	int row, end_x = FIELD_X + (int)strlen(ADA_NAME);
	char *line;

	open_me_term(terms[_i], 24, 80);
	row = field_row(ADA_NAME);
	cursor_at(row, end_x, "the name has the focus");
	for (size_t k = 0; k < sizeof home / sizeof home[0]; k++) {
		e2e_keys(home[k]);
		cursor_at(row, FIELD_X, home[k] + 1);
		e2e_keys(end[k]);
		cursor_at(row, end_x, end[k] + 1);
	}
	/* the cursor really is there: typing lands at the start */
	e2e_keys("\x1b[1~" "<" "\x1b[4~" ">");
	e2e_see("<" ADA_NAME ">");
	line = tui_row(e2e.t, row);
	ck_assert_msg(!strchr(line, '~') && !strchr(line, '['), "%s", line);
	free(line);
	submit();
	assert_one_patch("{\"name\": \"<" ADA_NAME ">\"}");
	quit();
}
END_TEST

/* Delete, Insert, PgUp and PgDn in their CSI spellings; F1-F4 as xterm
 * (SS3), VT220/rxvt (CSI n ~) and the linux console (CSI [ A..D) send
 * them. */
START_TEST(other_key_spellings)
{
	static const char *const f1[] = { "\x1bOP", "\x1b[11~", "\x1b[[A" };
	static const char *const f2[] = { "\x1bOQ", "\x1b[12~", "\x1b[[B" };
	static const char *const f3[] = { "\x1bOR", "\x1b[13~", "\x1b[[C" };
	static const char *const f4[] = { "\x1bOS", "\x1b[14~", "\x1b[[D" };
	int row;

	open_me_term(terms[_i], 24, 80);
	row = field_row(ADA_NAME);
	for (int k = 0; k < 3; k++) {
		e2e_keys(f1[k]);
		e2e_see(HELP_TITLE);
		e2e_keys(TUI_KEY_ESC);
		ck_assert(tui_wait_gone(e2e.t, HELP_TITLE, TUI_WAIT_MS));
		/* F2 submits: nothing changed yet */
		e2e_keys(f2[k]);
		e2e_see(NO_CHANGES);
		e2e_keys("\x0c"); /* Ctrl-L */
		/* F3 reverts the field */
		e2e_keys("!");
		e2e_see(ADA_NAME "!");
		e2e_keys(f3[k]);
		ck_assert(tui_wait_gone(e2e.t, ADA_NAME "!", TUI_WAIT_MS));
		/* F4 asks before reverting all */
		e2e_keys("?");
		e2e_see(ADA_NAME "?");
		e2e_keys(f4[k]);
		e2e_see("Enter/y revert all");
		e2e_keys("y");
		ck_assert(tui_wait_gone(e2e.t, ADA_NAME "?", TUI_WAIT_MS));
		sync_keys();
	}
	/* Home, then Delete (CSI 3~) removes the 'A'; Insert (CSI 2~)
	 * types nothing */
	e2e_keys("\x1b[1~" "\x1b[3~" "\x1b[2~");
	e2e_see("da Lovelace");
	cursor_at(row, FIELD_X, "after Delete");
	/* PgUp and PgDn (CSI 5~ and 6~) in the bio move a page: the cursor
	 * goes to the bio's first line and its last, nothing is typed */
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB "\x1b[5~");
	{
		int top = field_row("Analyst of engines."), last = row_of_text(
		          "\xe2\x80\x94 London");
		cursor_row(top, "PgUp: the bio's first line");
		e2e_keys("\x1b[6~");
		cursor_row(last, "PgDn: the bio's last line");
		e2e_keys("\x1b[5~");
		cursor_row(top, "PgUp again");
	}
	ck_assert(!tui_has_text(e2e.t, "~"));
	submit();
	assert_one_patch("{\"name\": \"da Lovelace\"}");
	quit();
}
END_TEST

/* Sequences no table knows are swallowed whole: nothing typed. */
START_TEST(unknown_sequences_swallowed)
{
	static const char *const unknown[] = {
		"\x1b[99~",          /* no such key */
		"\x1b[27;5;9~",      /* xterm's modifyOtherKeys Ctrl-Tab */
		"\x1b[1;5P",         /* Ctrl-F1 */
		"\x1b[[E",           /* the linux console's F5 */
		"\x1bO5Q",           /* an old xterm's Ctrl-F2 */
		"\x1b[?25;1$y",      /* a report, intermediates and all */
	};
	int row, end_x = FIELD_X + (int)strlen(ADA_NAME);

	open_me_term(terms[_i], 24, 80);
	row = field_row(ADA_NAME);
	for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
		e2e_keys(unknown[k]);
		sync_keys();
		cursor_at(row, end_x, unknown[k] + 1);
	}
	e2e_keys("!");
	e2e_see(ADA_NAME "!");
	{
		char *line = tui_row(e2e.t, row);
		ck_assert_msg(strstr(line, "  " ADA_NAME "!") == line &&
		              !strpbrk(line + FIELD_X + strlen(ADA_NAME) + 1,
		                       "~[5EQPy;"), "the name row: %s", line);
		free(line);
	}
	submit();
	assert_one_patch("{\"name\": \"" ADA_NAME "!\"}");
	quit();
}
END_TEST

/* A two-line paste into Name: one line (said once), the focus stays,
 * the PATCH has exactly that; no pasted byte is a command. */
START_TEST(paste_into_name)
{
	int row;

	open_me(24, 80);
	row = field_row(ADA_NAME);
	/* \x11 is Ctrl-Q, \x13 Ctrl-S: inside a paste they are not keys */
	e2e_keys("\x1b[200~ King\r\nof\tEngines\x11\x13\x1b[201~");
	e2e_see(ADA_NAME " King of Engines");
	e2e_see(PASTE_SAID);
	ck_assert_int_eq(times_shown(PASTE_SAID), 1);
	ck_assert(!tui_has_text(e2e.t, CONFIRM_ASKS));
	/* the username was not touched, the focus is still in Name */
	e2e_see(ADA_USERNAME);
	ck_assert(!tui_has_text(e2e.t, ADA_USERNAME "of"));
	cursor_at(row, FIELD_X + (int)strlen(ADA_NAME " King of Engines"),
	          "after the paste");
	e2e_keys("!");
	e2e_see(ADA_NAME " King of Engines!");
	ck_assert_int_eq(tui_wait_exit(e2e.t, 0), -1);
	submit();
	assert_one_patch("{\"name\": \"" ADA_NAME " King of Engines!\"}");
	quit();
}
END_TEST

/* A paste into the bio keeps its line breaks (CR LF, LF and CR alike). */
START_TEST(paste_into_bio)
{
	patch_ada("bio", "\"Old.\"");
	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB TUI_KEY_END);
	e2e_keys("\x1b[200~\r\nfirst\r\nsecond\nthird\rfourth\x1b[201~");
	e2e_see("fourth");
	ck_assert(!tui_has_text(e2e.t, PASTE_SAID));
	submit();
	assert_one_patch("{\"bio\": \"Old.\\nfirst\\nsecond\\nthird\\nfourth\"}");
	quit();
}
END_TEST

/* A field that gains the focus has the cursor at its end: typing
 * appends, Ctrl-U empties it. */
START_TEST(cursor_at_end_after_tab)
{
	int name_row, user_row;

	open_me(24, 80);
	name_row = field_row(ADA_NAME);
	user_row = field_row(ADA_USERNAME);
	e2e_keys(TUI_KEY_TAB);
	cursor_at(user_row, FIELD_X + (int)strlen(ADA_USERNAME), "after Tab");
	e2e_keys("-x");
	e2e_see(ADA_USERNAME "-x");
	e2e_keys(TUI_KEY_BTAB);
	cursor_at(name_row, FIELD_X + (int)strlen(ADA_NAME), "after Shift-Tab");
	e2e_keys("y");
	e2e_see(ADA_NAME "y");
	submit();
	assert_one_patch("{\"name\": \"" ADA_NAME "y\", \"username\": \""
	                 ADA_USERNAME "-x\"}");
	quit();
}
END_TEST

/* The bio as 40 lines; an "editor" changes lines 2-12 and line 33. The
 * confirmation (longer than the screen) shows the first change, and PgDn
 * reaches the second: each as '-' lines and '+' lines. */
START_TEST(confirm_reaches_second_change)
{
	char bio[2048] = "\"", *script;
	size_t n = 1;
	int r;

	for (int i = 1; i <= 40; i++)
		n += (size_t)snprintf(bio + n, sizeof bio - n, "line %02d of the "
		                      "bio%s", i, i < 40 ? "\\n" : "\"");
	patch_ada("bio", bio);
	ck_assert(asprintf(&script, "%s/editor.sh", e2e.home) > 0);
	ck_assert_int_eq(tu_write_file(script, "#!/bin/sh\n"
	                 "sed -i -e '2,12s/^/first change, /' "
	                 "-e '33s/^/second change, /' \"$1\"\n",
	                 (size_t)-1, 0700), 0);
	e2e_env("EDITOR", script);
	e2e_env("VISUAL", script);
	free(script);
	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB TUI_CTRL_E);
	e2e_see("first change, line 02");
	e2e_keys(TUI_CTRL_S);
	e2e_see(CONFIRM_ASKS);
	e2e_see("+ first change, line 02 of the bio");
	e2e_see("- line 02 of the bio");
	/* (the form behind may show the bio's lines, not as a diff) */
	if (tui_has_text(e2e.t, "+ second change"))
		tui_dump(e2e.t, "second change shown at once");
	ck_assert(!tui_has_text(e2e.t, "+ second change"));
	ck_assert(!tui_has_text(e2e.t, "- line 33"));
	for (int k = 0; k < 10 && !tui_has_text(e2e.t, "+ second change"); k++) {
		e2e_keys(TUI_KEY_PGDN);
		tui_wait_text(e2e.t, "+ second change", 300);
	}
	e2e_see("+ second change, line 33 of the bio");
	e2e_see("- line 33 of the bio");
	ck_assert(tui_find(e2e.t, "- line 33 of the bio", &r, NULL));
	{
		int r2 = -1;
		ck_assert(tui_find(e2e.t, "+ second change, line 33 of the bio", &r2, NULL));
		ck_assert_int_eq(r2, r + 1);
	}
	/* the arrows and PgUp go back to the first */
	e2e_keys(TUI_KEY_PGUP TUI_KEY_PGUP TUI_KEY_PGUP TUI_KEY_UP);
	e2e_see("+ first change, line 12 of the bio");
	e2e_keys("y");
	e2e_see(SAVED);
	{
		char want[2200];
		n = (size_t)snprintf(want, sizeof want, "{\"bio\": \"");
		for (int i = 1; i <= 40; i++)
			n += (size_t)snprintf(want + n, sizeof want - n, "%sline %02d of the "
			                      "bio%s", i >= 2 && i <= 12 ? "first change, "
			                      : i == 33 ? "second change, " : "",
			                      i, i < 40 ? "\\n" : "\"}");
		assert_one_patch(want);
	}
	quit();
}
END_TEST

/* The unsaved-edits question names what waits: quit, reload, open. */
START_TEST(unsaved_question_names_action)
{
	open_me(24, 80);
	e2e_keys("!");
	e2e_see(ADA_NAME "!");
	e2e_keys(TUI_CTRL_Q);
	e2e_see("Quit with unsaved edits?");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "Quit with", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_R);
	e2e_see("Reload and lose the unsaved edits?");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "Reload and lose", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_G);
	e2e_keys("charles-b" TUI_KEY_ENTER);
	e2e_see("Open charles-b and leave the unsaved edits?");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "Open charles-b", TUI_WAIT_MS));
	sync_keys();
	e2e_see(ADA_NAME "!");
	ck_assert_uint_eq(e2e_count("GET", "/api/v1/users/charles-b"), 0);
	/* discard on the reload question: reloaded, the edit gone */
	e2e_keys(TUI_CTRL_R);
	e2e_see("Reload and lose");
	e2e_keys("d");
	ck_assert(tui_wait_gone(e2e.t, ADA_NAME "!", TUI_WAIT_MS));
	e2e_see(ADA_NAME);
	quit();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

/* The process state letter of pid from /proc ('T' stopped), '?' when it
 * cannot be read. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return '?';
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* The parent pid of pid (from /proc), -1 when unknown. */
static pid_t proc_parent(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;
	int pp = -1;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %d", &pp) != 1)
		return -1;
	return pp;
}

/* The child of the shell: profed (its only child while it runs). */
static pid_t child_of(pid_t shell)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	while (clock_now_ms() < deadline) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		pid_t found = -1;

		ck_assert_ptr_nonnull(d);
		while ((e = readdir(d))) {
			if (isdigit((unsigned char)e->d_name[0]) &&
			    proc_parent(atoi(e->d_name)) == shell)
				found = atoi(e->d_name);
		}
		closedir(d);
		if (found > 0)
			return found;
		tui_pump(e2e.t, 50);
	}
	ck_abort_msg("the shell started no child");
	return -1;
}

/* Whether a draft file under the state directory holds text. */
static bool draft_holds(const char *text)
{
	char *cmd, *out;
	bool yes;

	ck_assert(asprintf(&cmd, "grep -rlF -- '%s' '%s/profed' 2>/dev/null",
	                   text, e2e.state) > 0);
	FILE *f = popen(cmd, "r");
	char line[512];

	ck_assert_ptr_nonnull(f);
	out = fgets(line, sizeof line, f);
	yes = out != NULL;
	pclose(f);
	free(cmd);
	return yes;
}

/* Ctrl-Z from a job-control shell: the draft is saved, the terminal is
 * given back (the shell writes on it), profed is stopped; `fg` brings it
 * back with the screen as it was, the edit still there. */
START_TEST(ctrl_z_and_fg)
{
	const char *argv[] = { "/bin/sh", "-c",
		"set -m; \"$0\"; echo \"shell has the terminal\"; read x; fg; "
		"echo \"profed ended $?\"; read y", PROFED_BIN, NULL };
	char *before, *after = NULL;
	pid_t pid;
	long long deadline;

	e2e_start_argv(STUB_TOKEN_ADA, argv, 24, 80);
	e2e_see(ADA_NAME);
	pid = child_of(tui_pid(e2e.t));
	e2e_keys("!");
	e2e_see(ADA_NAME "!");
	sync_keys();
	/* the help's last cells are gone too: nothing more is written */
	ck_assert(tui_wait_gone(e2e.t, "show this help", TUI_WAIT_MS));
	while (tui_pump(e2e.t, 300) > 0)
		;
	before = tui_screen(e2e.t);
	ck_assert(!draft_holds(ADA_NAME "!"));
	e2e_keys("\x1a"); /* Ctrl-Z */
	e2e_see("shell has the terminal");
	deadline = clock_now_ms() + TUI_WAIT_MS;
	while (proc_state(pid) != 'T' && clock_now_ms() < deadline)
		tui_pump(e2e.t, 20);
	ck_assert_msg(proc_state(pid) == 'T', "profed is in state %c",
	              proc_state(pid));
	ck_assert_msg(draft_holds(ADA_NAME "!"), "no draft saved");
	/* the terminal was given back: bracketed paste off, alternate screen
	 * left */
	ck_assert(tui_raw_contains(e2e.t, "\x1b[?2004l", 8));
	/* fg */
	e2e_keys(TUI_KEY_ENTER);
	deadline = clock_now_ms() + TUI_WAIT_MS;
	for (;;) {
		free(after);
		after = tui_screen(e2e.t);
		if (strcmp(after, before) == 0 || clock_now_ms() >= deadline ||
		    tui_pump(e2e.t, 50) < 0)
			break;
	}
	if (strcmp(after, before) != 0)
		tui_dump(e2e.t, "not the screen before Ctrl-Z");
	ck_assert_str_eq(after, before);
	ck_assert_int_ne(proc_state(pid), 'T');
	/* it goes on working: the edit is there and typing adds to it */
	e2e_keys("?");
	e2e_see(ADA_NAME "!?");
	e2e_keys(TUI_CTRL_Q);
	e2e_see("Quit with unsaved edits?");
	e2e_keys("d");
	e2e_see("profed ended 0");
	free(before);
	free(after);
}
END_TEST

/* Started straight in the pty profed leads its session: nothing could
 * resume it, so Ctrl-Z saves the draft, says why it does not stop, and
 * the editor goes on. */
START_TEST(ctrl_z_without_job_control)
{
	pid_t pid;

	open_me(24, 80);
	pid = tui_pid(e2e.t);
	e2e_keys("!");
	e2e_see(ADA_NAME "!");
	e2e_keys("\x1a");
	e2e_see("Not suspended: no shell with job control");
	ck_assert_int_ne(proc_state(pid), 'T');
	ck_assert_msg(draft_holds(ADA_NAME "!"), "no draft saved");
	e2e_keys("?");
	e2e_see(ADA_NAME "!?");
	e2e_keys(TUI_CTRL_Q);
	e2e_see("Quit with unsaved edits?");
	e2e_keys("d");
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}
END_TEST

/* ------------------------------------------------------------------ */


#define CASE(s, name) e2e_add_case((s), #name, name, 1)
#define LOOP(s, name, n) e2e_add_case((s), #name, name, (n))

int main(void)
{
	Suite *s = suite_create("comfort");
	SRunner *sr;
	int failed;

	LOOP(s, home_end_spellings, N_TERMS);
	LOOP(s, other_key_spellings, N_TERMS);
	LOOP(s, unknown_sequences_swallowed, N_TERMS);
	CASE(s, paste_into_name);
	CASE(s, paste_into_bio);
	CASE(s, cursor_at_end_after_tab);
	CASE(s, confirm_reaches_second_change);
	CASE(s, unsaved_question_names_action);
	CASE(s, ctrl_z_and_fg);
	CASE(s, ctrl_z_without_job_control);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
