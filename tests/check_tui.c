/* check_tui.c - end-to-end tests: the real profed binary in a real
 * pseudo-terminal (tests/tui.h) against the in-process stub server
 * (tests/stub/stub.h). Keystrokes go in, the screen and the stub's journal
 * (the exact requests profed sent) come out.
 *
 * Suite "harness" tests the harness itself with tiny shell programs, so a
 * failure in "e2e" is about profed, not about the pty plumbing.
 *
 * Run one case:  CK_RUN_CASE=resize ./tests/check_tui
 * Under gdb:     CK_FORK=no CK_RUN_CASE=resize gdb ./tests/check_tui
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "edit.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

/* Check's per-test timeout in seconds. Each wait inside has its own
 * deadline (TUI_WAIT_MS); this only catches a hang in the harness. */
#define TUI_CASE_TIMEOUT 120

/* ------------------------------------------------------------------ */
/* harness self-tests                                                  */
/* ------------------------------------------------------------------ */

static const char *const sh_env[] = {
	"TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
	"PATH=/usr/bin:/bin", NULL,
};

/* Start /bin/sh -c script in a rows x cols terminal; fails the test when it
 * does not start. Caller frees with tui_free. */
static struct tui *sh_start(const char *script, int rows, int cols)
{
	const char *argv[] = { "/bin/sh", "-c", script, NULL };
	struct tui *t = tui_start(argv, sh_env, rows, cols);

	ck_assert_msg(t != NULL, "tui_start /bin/sh: %s", strerror(errno));
	return t;
}

START_TEST(harness_rejects_bad_arguments)
{
	const char *empty[] = { NULL };
	const char *blank[] = { "", NULL };
	const char *sh[] = { "/bin/sh", "-c", "exit 0", NULL };

	errno = 0;
	ck_assert_ptr_null(tui_start(NULL, sh_env, 24, 80));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(tui_start(empty, sh_env, 24, 80));
	ck_assert_ptr_null(tui_start(blank, sh_env, 24, 80));
	ck_assert_ptr_null(tui_start(sh, sh_env, 0, 80));
	ck_assert_ptr_null(tui_start(sh, sh_env, 24, -1));
	ck_assert_ptr_null(tui_start(sh, sh_env, 24, 70000));

	/* Everything accepts NULL without crashing. */
	tui_free(NULL);
	ck_assert_int_eq(tui_pid(NULL), -1);
	ck_assert_ptr_null(tui_screen(NULL));
	ck_assert_ptr_null(tui_row(NULL, 0));
	ck_assert(!tui_wait_text(NULL, "x", 10));
	ck_assert(!tui_has_text(NULL, "x"));
	ck_assert(!tui_find(NULL, "x", NULL, NULL));
	ck_assert_int_eq(tui_send(NULL, "x"), -1);
	ck_assert_int_eq(tui_wait_exit(NULL, 10), -1);
	ck_assert_int_eq(tui_resize(NULL, 10, 10), -1);
	ck_assert(!tui_raw_contains(NULL, "x", 1));
}
END_TEST

START_TEST(harness_missing_binary)
{
	const char *argv[] = { "/nonexistent/profed-no-such-binary", NULL };
	const char *dir[] = { "/", NULL };

	errno = 0;
	ck_assert_ptr_null(tui_start(argv, sh_env, 24, 80));
	ck_assert_int_eq(errno, ENOENT);
	errno = 0;
	ck_assert_ptr_null(tui_start(dir, sh_env, 24, 80));
	ck_assert_int_eq(errno, EACCES);
}
END_TEST

START_TEST(harness_exit_status)
{
	struct tui *t = sh_start("exit 3", 24, 80);

	ck_assert_int_eq(tui_wait_exit(t, TUI_WAIT_MS), 3);
	/* Asking again gives the same answer. */
	ck_assert_int_eq(tui_wait_exit(t, 0), 3);
	/* Nothing to type into any more. */
	ck_assert_int_eq(tui_send(t, "x"), -1);
	tui_free(t);

	t = sh_start("kill -TERM $$", 24, 80);
	ck_assert_int_eq(tui_wait_exit(t, TUI_WAIT_MS), 128 + SIGTERM);
	tui_free(t);
}
END_TEST

START_TEST(harness_output_before_exit_is_kept)
{
	/* The last words of a program that exits at once are on the screen. */
	struct tui *t = sh_start("printf 'first\\r\\nlast words'", 24, 80);
	char *row;

	ck_assert_int_eq(tui_wait_exit(t, TUI_WAIT_MS), 0);
	row = tui_row(t, 0);
	ck_assert_str_eq(row, "first");
	free(row);
	row = tui_row(t, 1);
	ck_assert_str_eq(row, "last words");
	free(row);
	ck_assert_ptr_null(tui_row(t, 24));
	ck_assert_ptr_null(tui_row(t, -1));
	tui_free(t);
}
END_TEST

START_TEST(harness_wait_text_and_deadline)
{
	struct tui *t = sh_start("echo ready; read x; echo \"got:$x\"; read y", 24, 80);
	long long t0;

	ck_assert(tui_wait_text(t, "ready", TUI_WAIT_MS));
	ck_assert(!tui_has_text(t, "got:"));
	/* A text that never comes: false, after (about) the deadline. */
	t0 = clock_now_ms();
	ck_assert(!tui_wait_text(t, "never shown", 300));
	ck_assert_int_ge(clock_now_ms() - t0, 290);
	ck_assert_int_lt(clock_now_ms() - t0, 5000);
	ck_assert(!tui_wait_text(t, "", 10));
	ck_assert(!tui_wait_text(t, NULL, 10));

	ck_assert_int_eq(tui_send(t, "hello" TUI_KEY_ENTER), 0);
	ck_assert(tui_wait_text(t, "got:hello", TUI_WAIT_MS));
	/* Multi-line needles match across rows of tui_screen. */
	ck_assert(tui_has_text(t, "hello\ngot:hello"));
	tui_free(t);
}
END_TEST

START_TEST(harness_wait_gone)
{
	struct tui *t = sh_start("echo present; read x; printf '\\033[2J\\033[H'; "
	                         "echo cleared; read y", 24, 80);

	ck_assert(tui_wait_text(t, "present", TUI_WAIT_MS));
	ck_assert(!tui_wait_gone(t, "present", 200));
	ck_assert_int_eq(tui_send(t, TUI_KEY_ENTER), 0);
	ck_assert(tui_wait_gone(t, "present", TUI_WAIT_MS));
	ck_assert(tui_wait_text(t, "cleared", TUI_WAIT_MS));
	tui_free(t);
}
END_TEST

START_TEST(harness_clean_environment)
{
	struct tui *t = sh_start("echo \"T=$TERM H=${HOME:-none} "
	                         "U=${USER:-none} E=${EDITOR:-none}\"", 24, 80);

	ck_assert(tui_wait_text(t, "T=xterm-256color H=none U=none E=none",
	                        TUI_WAIT_MS));
	ck_assert_int_eq(tui_wait_exit(t, TUI_WAIT_MS), 0);
	tui_free(t);
}
END_TEST

START_TEST(harness_no_fd_leaks)
{
	/* Only stdin/out/err (and the fd ls itself opens) reach the program. */
	struct tui *t = sh_start("ls /proc/self/fd | tr '\\n' ' '; echo END", 24, 80);
	char *screen;

	ck_assert(tui_wait_text(t, "END", TUI_WAIT_MS));
	screen = tui_screen(t);
	ck_assert_msg(strstr(screen, "0 1 2 3 END") != NULL,
	              "fds seen by the program: %s", screen);
	free(screen);
	tui_free(t);
}
END_TEST

START_TEST(harness_wide_characters)
{
	/* Two wide CJK characters, a wide emoji, then narrow text. */
	struct tui *t = sh_start("printf '\\346\\274\\242\\345\\255\\227"
	                         "\\360\\237\\230\\200ab'; read x", 24, 80);
	int r = -1, c = -1;
	char *row;

	ck_assert(tui_wait_text(t, "ab", TUI_WAIT_MS));
	row = tui_row(t, 0);
	ck_assert_str_eq(row, "漢字😀ab");
	free(row);
	tui_cursor(t, &r, &c);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(c, 8); /* 2 + 2 + 2 + 1 + 1 cells */
	ck_assert(tui_find(t, "ab", &r, &c));
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(c, 6);
	ck_assert(tui_find(t, "字", &r, &c));
	ck_assert_int_eq(c, 2);
	ck_assert_int_eq(tui_col_in_row(t, 0, "ab"), 6);
	tui_free(t);
}
END_TEST

START_TEST(harness_cursor_and_find)
{
	struct tui *t = sh_start("printf '\\033[5;10Hmark\\033[3;4H'; read x", 24, 80);
	int r = -1, c = -1;

	ck_assert(tui_wait_text(t, "mark", TUI_WAIT_MS));
	ck_assert(tui_find(t, "mark", &r, &c));
	ck_assert_int_eq(r, 4);
	ck_assert_int_eq(c, 9);
	tui_cursor(t, &r, &c);
	ck_assert_int_eq(r, 2);
	ck_assert_int_eq(c, 3);
	ck_assert(!tui_find(t, "absent", &r, &c));
	ck_assert_int_eq(tui_col_in_row(t, 4, "mark"), 9);
	ck_assert_int_eq(tui_col_in_row(t, 3, "mark"), -1);
	ck_assert_int_eq(tui_col_in_row(t, 99, "mark"), -1);
	ck_assert(tui_wait_cursor(t, 2, 3, TUI_WAIT_MS));
	ck_assert(!tui_wait_cursor(t, 0, 0, 200));
	tui_free(t);
}
END_TEST

START_TEST(harness_raw_output)
{
	/* A title-setting OSC and a clear: the screen shows only the text,
	 * the raw log keeps every byte. */
	struct tui *t = sh_start("printf '\\033]0;pwned\\007visible'; read x", 24, 80);
	static const char osc[] = "\x1b]0;pwned\x07";
	size_t len = 0;
	const char *raw;

	ck_assert(tui_wait_text(t, "visible", TUI_WAIT_MS));
	ck_assert(!tui_has_text(t, "pwned"));
	ck_assert(tui_raw_contains(t, osc, sizeof osc - 1));
	ck_assert(!tui_raw_contains(t, "\x1b[2J", 4));
	raw = tui_raw_output(t, &len);
	ck_assert_uint_ge(len, sizeof osc - 1 + strlen("visible"));
	ck_assert_ptr_nonnull(memmem(raw, len, "visible", 7));
	tui_free(t);
}
END_TEST

START_TEST(harness_resize)
{
	/* stty size reads the pty's size; the trap proves SIGWINCH came. */
	struct tui *t = sh_start("trap 'echo winch' WINCH; stty size; "
	                         "echo ready; while :; do sleep 0.05; done",
	                         24, 80);
	int rows, cols;

	ck_assert(tui_wait_text(t, "24 80", TUI_WAIT_MS));
	ck_assert(tui_wait_text(t, "ready", TUI_WAIT_MS));
	ck_assert_int_eq(tui_resize(t, 30, 100), 0);
	tui_size(t, &rows, &cols);
	ck_assert_int_eq(rows, 30);
	ck_assert_int_eq(cols, 100);
	ck_assert(tui_wait_text(t, "winch", TUI_WAIT_MS));
	ck_assert_int_eq(tui_resize(t, 0, 100), -1);
	tui_free(t);

	t = sh_start("read x; stty size; read y", 24, 80);
	ck_assert_int_eq(tui_resize(t, 10, 40), 0);
	ck_assert_int_eq(tui_send(t, TUI_KEY_ENTER), 0);
	ck_assert(tui_wait_text(t, "10 40", TUI_WAIT_MS));
	tui_free(t);
}
END_TEST

START_TEST(harness_free_kills)
{
	/* A program that ignores SIGTERM is still ended, and reaped. */
	struct tui *t = sh_start("trap '' TERM; echo up; while :; do sleep 1; done",
	                         24, 80);
	pid_t pid = tui_pid(t);

	ck_assert_int_gt(pid, 0);
	ck_assert(tui_wait_text(t, "up", TUI_WAIT_MS));
	tui_free(t);
	ck_assert_int_eq(kill(pid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

START_TEST(harness_answers_terminal_queries)
{
	/* A program asking where the cursor is gets the emulator's answer. */
	struct tui *t = sh_start("stty raw -echo; printf 'ab\\033[6n'; "
	                         "dd bs=1 count=6 2>/dev/null | od -An -c | tr -d ' '; "
	                         "stty sane; read x", 24, 80);

	ck_assert(tui_wait_text(t, "033[1;3R", TUI_WAIT_MS));
	tui_free(t);
}
END_TEST

/* ------------------------------------------------------------------ */
/* end-to-end: profed against the stub                                 */
/* ------------------------------------------------------------------ */

/* What the editor shows and which keys its dialogs take, in one place so
 * the tests follow the UI (ui/, docs/editor.md) by editing these lines.
 * The issue fixes the meaning; the exact words are the UI's. */
#define UI_NO_CHANGES "No changes"
#define UI_SAVED "Saved at"
#define UI_MODIFIED "[modified]"        /* title flag: unsent edits */
#define UI_TOO_SMALL "too small"
#define UI_READ_ONLY "read-only"
/* The status line while a request runs. */
#define UI_BUSY_CANCEL "Esc cancels"
/* What the status says when an edit is typed while a load runs. */
#define UI_EDITS_WAIT "Editing waits until the request ends"
/* What the status says when an edit is refused in read-only mode. */
#define UI_READ_ONLY_REFUSED "editing and submit are off"
#define UI_CONFIRM_SEND "y"           /* confirm dialog: Enter or y sends */
#define UI_CONFIRM_BACK "n"           /* Esc or n goes back */
#define UI_QUIT_DISCARD "d"           /* quit with edits: discard */
#define UI_QUIT_SUBMIT "s"            /* quit with edits: submit */
#define UI_QUIT_CANCEL TUI_KEY_ESC    /* quit with edits: cancel */
/* A word of the quit question and of the confirm dialog, to wait for. */
#define UI_QUIT_ASKS "Discard"
#define UI_CONFIRM_ASKS "Send to"
/* Ctrl-S with an invalid field: the status ends with this. */
#define UI_NOT_SENT "Nothing sent"
/* F9 hides and shows the key-hint line, whose first hint is this. */
#define UI_TOGGLE_HINTS TUI_KEY_F9
#define UI_HINT_FIRST "F1 Help"
/* The vertical line between the form and the side panel. */
#define UI_PANEL_BORDER "\xe2\x94\x82"  /* U+2502 */
/* Title flag whenever the profile is not the caller's own. */
#define UI_OTHER_USER "viewing another user"
/* Words only the F1 help shows. */
#define UI_HELP_TITLE "Help: keys"
/* The key line of a message dialog. */
#define UI_DIALOG_CLOSE "Enter/Esc close"

/* The seeded self view (tests/fixtures/user-me.json). */
#define ADA_NAME "Ada Lovelace"
#define ADA_USERNAME "ada-lovelace"
#define ADA_PICTURE "https://media.example.invalid/ada.png"

/* Start the editor on ada's own profile and wait until it shows it. */
static struct tui *open_me(int rows, int cols)
{
	struct tui *t = e2e_start(STUB_TOKEN_ADA, NULL, rows, cols);

	ck_assert(tui_wait_text(t, ADA_USERNAME, TUI_WAIT_MS));
	ck_assert(tui_wait_text(t, ADA_NAME, TUI_WAIT_MS));
	return t;
}

/* Number of code points in UTF-8 s (what one Backspace removes each). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* In the focused one-line field holding old, replace the text with new:
 * End, one Backspace per character, then the new text. */
static void field_replace(const char *old, const char *new_text)
{
	e2e_keys(TUI_KEY_END);
	for (size_t i = utf8_chars(old); i > 0; i--)
		e2e_keys(TUI_KEY_BACKSPACE);
	e2e_keys(new_text);
}

/* Whether label stands on the screen as a word (not inside a longer word,
 * so "Name" is not found in "Username"). */
static bool label_shown(const char *label)
{
	size_t n = strlen(label);
	char *screen = tui_screen(e2e.t);
	bool found = false;

	for (const char *p = screen; p && (p = strstr(p, label)); p++) {
		bool before = p > screen && isalpha((unsigned char)p[-1]);
		bool after = isalpha((unsigned char)p[n]);

		if (!before && !after) {
			found = true;
			break;
		}
	}
	free(screen);
	return found;
}

/* Wait until label_shown(label), reading output (a redraw may be half
 * way). Prints the screen when it does not come. */
static bool has_label(const char *label)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	while (!label_shown(label)) {
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 100) < 0) {
			if (label_shown(label))
				break;
			tui_dump(e2e.t, label);
			return false;
		}
	}
	return true;
}

/* Assert the only PATCH sent went to path with exactly the JSON body
 * expected and the headers the contract requires. */
static void assert_one_patch(const char *path, const char *expected)
{
	struct stub_request *r;
	const char *h;
	char *auth;

	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
	r = e2e_request("PATCH", 0);
	ck_assert_str_eq(r->path, path);
	e2e_assert_json_eq(r->body, expected);
	ck_assert(asprintf(&auth, "Bearer %s", e2e.token) > 0);
	h = stub_request_header(r, "Authorization");
	ck_assert_msg(h && strcmp(h, auth) == 0, "Authorization: %s",
	              h ? "(wrong value)" : "(missing)");
	free(auth);
	h = stub_request_header(r, "Content-Type");
	ck_assert_msg(h && strncmp(h, "application/json", 16) == 0,
	              "Content-Type: %s", h ? h : "(missing)");
	h = stub_request_header(r, "Api-Version-Date");
	ck_assert_msg(h && strcmp(h, "2026-06-09") == 0, "Api-Version-Date: %s",
	              h ? h : "(missing)");
	stub_request_free(r);
}

/* The token must never be on the screen nor anywhere in what profed wrote
 * to the terminal. Checked at the end of every end-to-end test. */
static void assert_no_token_leak(void)
{
	if (!e2e.token || !e2e.t)
		return;
	ck_assert_msg(!tui_raw_contains(e2e.t, e2e.token, strlen(e2e.token)),
	              "the token was written to the terminal");
	ck_assert_msg(!tui_has_text(e2e.t, e2e.token), "the token is on the screen");
}

/* Quit with Ctrl-Q (nothing unsent: no question) and check the exit: 0,
 * the terminal restored (the alternate screen left last), no token. */
static void quit_clean(void)
{
	static const char enter_alt[] = "\x1b[?1049h", leave_alt[] = "\x1b[?1049l";
	const char *raw, *last_enter = NULL, *last_leave = NULL;
	size_t len;

	assert_no_token_leak();
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	raw = tui_raw_output(e2e.t, &len);
	for (const char *p = raw; (p = memmem(p, len - (size_t)(p - raw),
	                                       enter_alt, 8)); p++)
		last_enter = p;
	for (const char *p = raw; (p = memmem(p, len - (size_t)(p - raw),
	                                       leave_alt, 8)); p++)
		last_leave = p;
	ck_assert_msg(!last_enter || (last_leave && last_leave > last_enter),
	              "profed exited without leaving the alternate screen");
	assert_no_token_leak();
}

/* Replace ada's stored profile: key (a JSON key) set to the JSON value
 * text, e.g. patch_ada("bio", "\"x\""). */
static void patch_ada(const char *key, const char *json_value)
{
	ck_assert_msg(stub_set_user_field(e2e.stub, STUB_ADA_ID, key, json_value) == 0,
	              "cannot set %s to %s", key, json_value);
}

/* Submit with key (Ctrl-S or F2), wait for the confirmation showing what,
 * send it. */
static void submit_and_confirm(const char *key, const char *what)
{
	e2e_keys(key);
	ck_assert(tui_wait_text(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	if (what)
		ck_assert(tui_wait_text(e2e.t, what, TUI_WAIT_MS));
	e2e_keys(UI_CONFIRM_SEND);
}

/* -- the issue's list ------------------------------------------------ */

/* Sizes the editor must fit: the classic terminal and a large one. */
static const int sizes[][2] = { { 24, 80 }, { 60, 200 } };

START_TEST(e2e_open_me_shows_every_field)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	struct stub_request *r;

	open_me(rows, cols);
	for (int f = 0; f < FIELD_COUNT; f++)
		ck_assert_msg(has_label(edit_fields[f].label),
		              "label %s not on the %dx%d screen",
		              edit_fields[f].label, cols, rows);
	ck_assert(tui_wait_text(e2e.t, "Analyst of engines.", TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "Writes notes longer than the paper they "
	                        "annotate.", TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "\xe2\x80\x94 London", TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, ADA_PICTURE, TUI_WAIT_MS));

	/* One GET of me, with the token as a bearer token. */
	ck_assert_uint_ge(e2e_count("GET", NULL), 1);
	r = e2e_request("GET", 0);
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(stub_request_header(r, "Authorization"),
	                 "Bearer " STUB_TOKEN_ADA);
	stub_request_free(r);
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_change_name_sends_only_name)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	/* The confirmation shows old -> new; n goes back without sending. */
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, ADA_NAME, TUI_WAIT_MS));
	e2e_keys(UI_CONFIRM_BACK);
	ck_assert(tui_wait_gone(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	e2e_sync_keys(UI_HINT_FIRST);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	ck_assert(tui_has_text(e2e.t, "Ada King"));

	submit_and_confirm(TUI_CTRL_S, "Ada King");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	assert_one_patch("/api/v1/users/me", "{\"name\": \"Ada King\"}");

	/* The answer is the new baseline: nothing left to send. */
	ck_assert(tui_wait_gone(e2e.t, UI_MODIFIED, TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, UI_NO_CHANGES, TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, "Ada King"));
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 1);
}
END_TEST

START_TEST(e2e_submit_without_change_sends_nothing)
{
	open_me(24, 80);
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, UI_NO_CHANGES, TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, UI_CONFIRM_ASKS));
	/* Typing the old value back is no change either. */
	field_replace(ADA_NAME, ADA_NAME);
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, UI_NO_CHANGES, TUI_WAIT_MS));
	quit_clean();
	/* profed has exited: the journal is complete. */
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_bio_multiline_edit_in_the_middle)
{
	open_me(24, 80);
	/* Name -> Username -> Bio, then the second line, after "Writes". */
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB);
	e2e_keys(TUI_KEY_DOWN TUI_KEY_HOME);
	for (int i = 0; i < 6; i++)
		e2e_keys(TUI_KEY_RIGHT);
	e2e_keys(" many");
	ck_assert(tui_wait_text(e2e.t, "Writes many notes", TUI_WAIT_MS));
	/* A new line after the first one (the line above, at its end). */
	e2e_keys(TUI_KEY_UP TUI_KEY_END TUI_KEY_ENTER "New line.");
	ck_assert(tui_wait_text(e2e.t, "New line.", TUI_WAIT_MS));
	{
		int r1, r2;

		ck_assert(tui_find(e2e.t, "Analyst of engines.", &r1, NULL));
		ck_assert(tui_find(e2e.t, "New line.", &r2, NULL));
		ck_assert_int_eq(r2, r1 + 1);
	}
	submit_and_confirm(TUI_CTRL_S, NULL);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	/* Exactly: the new line, the blank line and the dash all kept. */
	assert_one_patch("/api/v1/users/me",
	                 "{\"bio\": \"Analyst of engines.\\nNew line.\\n"
	                 "Writes many notes longer than the paper they "
	                 "annotate.\\n\\n\xe2\x80\x94 London\"}");
	/* And the stub stored it so. */
	{
		char *stored = stub_get_user(e2e.stub, STUB_ADA_ID);
		cJSON *u = cJSON_Parse(stored);

		ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(u, "bio")),
		                 "Analyst of engines.\nNew line.\nWrites many "
		                 "notes longer than the paper they annotate.\n\n"
		                 "\xe2\x80\x94 London");
		cJSON_Delete(u);
		free(stored);
	}
	quit_clean();
}
END_TEST

START_TEST(e2e_invalid_username_is_blocked)
{
	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB);
	field_replace(ADA_USERNAME, "ada lovelace!");
	ck_assert(tui_wait_text(e2e.t, "ada lovelace!", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_S);
	/* The reason from the field table's validator, not a generic no. */
	ck_assert(tui_wait_text(e2e.t, UI_NOT_SENT, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "letters, digits and hyphens only",
	                        TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, UI_CONFIRM_ASKS));
	/* The edit stays, so the person can fix it. */
	ck_assert(tui_has_text(e2e.t, "ada lovelace!"));
	e2e_keys(TUI_CTRL_Q);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_DISCARD);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	assert_no_token_leak();
}
END_TEST

START_TEST(e2e_server_422_shown_edits_kept)
{
	struct stub_request *r;

	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB);
	/* Valid here, but the stub knows the name is taken (charles's). */
	field_replace(ADA_USERNAME, "charles-b");
	ck_assert(tui_wait_text(e2e.t, "charles-b", TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, "charles-b");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	/* The server's own words (tests/fixtures/error-422-username.json). */
	ck_assert(tui_wait_text(e2e.t, "Username has already been taken",
	                        TUI_WAIT_MS));
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	/* The message stays next to the field it is about: on the row of the
	 * Username label (the first "Username" from the top). */
	{
		int row = -1;
		char *line;

		ck_assert(tui_find(e2e.t, "Username", &row, NULL));
		line = tui_row(e2e.t, row);
		ck_assert_msg(strstr(line, "has already been taken") != NULL,
		              "the Username row is \"%s\"", line);
		free(line);
	}
	/* The edit is still in the field: go on editing it and resend. */
	ck_assert(tui_has_text(e2e.t, "charles-b"));
	e2e_keys(TUI_KEY_END "-2");
	ck_assert(tui_wait_text(e2e.t, "charles-b-2", TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, "charles-b-2");
	ck_assert(e2e_wait_requests("PATCH", NULL, 2, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	r = e2e_request("PATCH", 0);
	e2e_assert_json_eq(r->body, "{\"username\": \"charles-b\"}");
	ck_assert_int_eq(r->status, 422);
	stub_request_free(r);
	r = e2e_request("PATCH", 1);
	e2e_assert_json_eq(r->body, "{\"username\": \"charles-b-2\"}");
	ck_assert_int_eq(r->status, 200);
	stub_request_free(r);
	quit_clean();
}
END_TEST

START_TEST(e2e_quit_with_changes_asks)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));

	/* Cancel: back in the editor, the edit intact. */
	e2e_keys(TUI_CTRL_Q);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_CANCEL);
	ck_assert(tui_wait_gone(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, "Ada King"));
	ck_assert_int_eq(tui_wait_exit(e2e.t, 0), -1);

	/* F10 asks the same; discard quits without sending. */
	e2e_keys(TUI_KEY_F10);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_DISCARD);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	assert_no_token_leak();
}
END_TEST

START_TEST(e2e_quit_with_changes_submit)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_Q);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_SUBMIT);
	/* Submitting from the quit question still shows what will be sent. */
	ck_assert(tui_wait_text(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_CONFIRM_SEND);
	/* Sent, then it quits by itself: the journal is then complete. */
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	assert_one_patch("/api/v1/users/me", "{\"name\": \"Ada King\"}");
	assert_no_token_leak();
}
END_TEST

/* Resize to rows x cols and wait until profed has laid the screen out
 * again for the new size: the key-hint line is on the new bottom row (a
 * stale screen cannot show that) and text is shown. */
static void resize_and_wait(int rows, int cols, const char *text)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	char *last = NULL;

	ck_assert_int_eq(tui_resize(e2e.t, rows, cols), 0);
	for (;;) {
		free(last);
		last = tui_row(e2e.t, rows - 1);
		if ((last && strstr(last, UI_HINT_FIRST)) ||
		    clock_now_ms() >= deadline || tui_pump(e2e.t, 100) < 0)
			break;
	}
	if (!last || !strstr(last, UI_HINT_FIRST))
		tui_dump(e2e.t, "no layout for the new size");
	ck_assert_msg(last && strstr(last, UI_HINT_FIRST),
	              "no hint line on row %d after resizing to %dx%d",
	              rows - 1, cols, rows);
	free(last);
	ck_assert(tui_wait_text(e2e.t, text, TUI_WAIT_MS));
}

START_TEST(e2e_resize_keeps_edits)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));

	resize_and_wait(40, 120, "Ada King");
	/* The cursor is still in the field: typing goes on at its end. */
	e2e_keys("!");
	ck_assert(tui_wait_text(e2e.t, "Ada King!", TUI_WAIT_MS));

	resize_and_wait(24, 80, "Ada King!");
	ck_assert(has_label("Picture"));
	/* F2 is the other submit key. */
	submit_and_confirm(TUI_KEY_F2, "Ada King!");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	assert_one_patch("/api/v1/users/me", "{\"name\": \"Ada King!\"}");
	quit_clean();
}
END_TEST

START_TEST(e2e_escape_sequences_stay_inert)
{
	static const char osc[] = "\x1b]0;pwned\x07";
	static const char clear[] = "\x1b[2Jafter";
	size_t len;
	const char *raw;

	/* The stub serves a bio with a title-setting OSC and a clear. */
	patch_ada("bio", "\"title \\u001b]0;pwned\\u0007 then"
	          " \\u001b[2Jafter\"");
	patch_ada("name", "\"Ada \\u001b[31mRed\"");
	e2e_start(STUB_TOKEN_ADA, NULL, 24, 80);
	ck_assert(tui_wait_text(e2e.t, ADA_USERNAME, TUI_WAIT_MS));
	/* Shown as inert text: ESC in caret notation. */
	ck_assert(tui_wait_text(e2e.t, "^[]0;pwned", TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "^[[2Jafter", TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "Ada ^[[31mRed", TUI_WAIT_MS));
	/* And never written raw: the terminal never saw the sequences. */
	ck_assert_msg(!tui_raw_contains(e2e.t, osc, sizeof osc - 1),
	              "the OSC title sequence reached the terminal");
	ck_assert_msg(!tui_raw_contains(e2e.t, "pwned\x07", 6),
	              "a BEL from the bio reached the terminal");
	ck_assert_msg(!tui_raw_contains(e2e.t, clear, sizeof clear - 1),
	              "the clear-screen sequence reached the terminal");
	ck_assert_msg(!tui_raw_contains(e2e.t, "\x1b[31mRed", 8),
	              "the colour sequence in the name reached the terminal");
	raw = tui_raw_output(e2e.t, &len);
	ck_assert_ptr_null(memmem(raw, len, "\x1b]0;", 4));
	/* The rest of the form is still there (nothing was cleared). */
	ck_assert(has_label("Picture"));
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_open_other_user_with_ctrl_g)
{
	struct stub_request *r;
	size_t gets;

	open_me(24, 80);
	gets = e2e_count("GET", NULL);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("charles-b" TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "charles-b", TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, ADA_USERNAME, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_OTHER_USER, TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, ADA_NAME));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/charles-b");
	stub_request_free(r);

	/* By id too. */
	gets = e2e_count("GET", NULL);
	e2e_keys(TUI_CTRL_G);
	e2e_keys(STUB_ADA_ID TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, ADA_USERNAME, TUI_WAIT_MS));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/" STUB_ADA_ID);
	stub_request_free(r);
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_read_only_refuses_edits)
{
	const char *args[] = { "--read-only", NULL };

	e2e_start(STUB_TOKEN_ADA, args, 24, 80);
	ck_assert(tui_wait_text(e2e.t, ADA_NAME, TUI_WAIT_MS));
	/* It says so from the start. */
	ck_assert(tui_wait_text(e2e.t, UI_READ_ONLY, TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, UI_READ_ONLY_REFUSED));
	e2e_keys(TUI_KEY_END "XYZ");
	/* The editor says why nothing happens; the text is unchanged. */
	ck_assert(tui_wait_text(e2e.t, UI_READ_ONLY_REFUSED, TUI_WAIT_MS));
	e2e_sync_keys(UI_HINT_FIRST);
	ck_assert(!tui_has_text(e2e.t, "XYZ"));
	ck_assert(!tui_has_text(e2e.t, UI_MODIFIED));
	e2e_keys(TUI_CTRL_S);
	/* Nothing changed, so quitting does not ask. */
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

/* -- the rest of the brief ------------------------------------------- */

START_TEST(e2e_too_small_terminal)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	ck_assert_int_eq(tui_resize(e2e.t, 8, 30), 0);
	ck_assert(tui_wait_text(e2e.t, UI_TOO_SMALL, TUI_WAIT_MS));
	/* It comes back as it was, the edit included. */
	resize_and_wait(24, 80, "Ada King");
	ck_assert(tui_wait_gone(e2e.t, UI_TOO_SMALL, TUI_WAIT_MS));
	ck_assert(has_label("Picture"));
	ck_assert(tui_has_text(e2e.t, ADA_USERNAME));
	e2e_keys(TUI_CTRL_Q);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_DISCARD);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_starts_in_a_too_small_terminal)
{
	e2e_start(STUB_TOKEN_ADA, NULL, 8, 30);
	ck_assert(tui_wait_text(e2e.t, UI_TOO_SMALL, TUI_WAIT_MS));
	ck_assert_int_eq(tui_resize(e2e.t, 24, 80), 0);
	ck_assert(tui_wait_text(e2e.t, ADA_NAME, TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, UI_TOO_SMALL, TUI_WAIT_MS));
	quit_clean();
}
END_TEST

START_TEST(e2e_token_never_shown)
{
	/* A refused token: the error is shown, the token is not. */
	static const char bad[] = "pf-bad-token-7d41c0ffee";

	e2e_start(bad, NULL, 24, 80);
	ck_assert(tui_wait_text(e2e.t, "401", TUI_WAIT_MS));
	assert_no_token_leak();
	ck_assert_uint_ge(e2e_count("GET", NULL), 1);
	tui_free(e2e.t);
	e2e.t = NULL;
	stub_journal_clear(e2e.stub);

	/* A good token through help, a submit and a reload. */
	open_me(24, 80);
	e2e_keys(TUI_KEY_F1);
	ck_assert(tui_wait_text(e2e.t, UI_HELP_TITLE, TUI_WAIT_MS));
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, UI_HELP_TITLE, TUI_WAIT_MS));
	field_replace(ADA_NAME, "Ada King");
	submit_and_confirm(TUI_CTRL_S, "Ada King");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_R);
	ck_assert(e2e_wait_requests("GET", NULL, 2, TUI_WAIT_MS));
	quit_clean();
}
END_TEST

START_TEST(e2e_wide_character_name)
{
	/* CJK (2 columns each) and an emoji (2 columns, 4 bytes). */
	static const char shown[] = "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"
	                            "\xf0\x9f\x98\x80";             /* 王小明😀 */
	static const char typed[] = "\xe5\xbc\xa0\xe4\xbc\x9f"
	                            "\xf0\x9f\x99\x82";             /* 张伟🙂 */
	char *expected;

	patch_ada("name", "\"\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"
	          "\xf0\x9f\x98\x80\"");
	/* 120 columns: the side panel stands beside the form from 100. */
	e2e_start(STUB_TOKEN_ADA, NULL, 24, 120);
	ck_assert(tui_wait_text(e2e.t, ADA_USERNAME, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, shown, TUI_WAIT_MS));
	/* Wide characters take two cells each: the values line up (the
	 * picture URL starts in the name's column), the side panel's border
	 * is straight on the name's row, and End puts the cursor 8 cells
	 * (3 CJK + 1 emoji) after the name's start. */
	{
		int nr, nc, pr, pc;

		ck_assert(tui_wait_text(e2e.t, ADA_PICTURE, TUI_WAIT_MS));
		ck_assert(tui_find(e2e.t, shown, &nr, &nc));
		ck_assert(tui_find(e2e.t, ADA_PICTURE, &pr, &pc));
		ck_assert_int_eq(nc, pc);
		ck_assert_int_ge(tui_col_in_row(e2e.t, pr, UI_PANEL_BORDER), 0);
		ck_assert_int_eq(tui_col_in_row(e2e.t, nr, UI_PANEL_BORDER),
		                 tui_col_in_row(e2e.t, pr, UI_PANEL_BORDER));
		e2e_keys(TUI_KEY_END);
		ck_assert(tui_wait_cursor(e2e.t, nr, nc + 8, TUI_WAIT_MS));
	}
	field_replace(shown, typed);
	ck_assert(tui_wait_text(e2e.t, typed, TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, shown, TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, typed);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(asprintf(&expected, "{\"name\": \"%s\"}", typed) > 0);
	assert_one_patch("/api/v1/users/me", expected);
	free(expected);
	quit_clean();
}
END_TEST

/* One key is one grapheme cluster (issue 14 item 4): Backspace after a
 * ZWJ emoji, a flag and a letter with a combining mark leaves nothing of
 * them behind; Left steps over a skin-toned emoji and a VS16 heart whole
 * (Delete then removes all of it, text typed lands before it). The PATCH
 * body holds exactly what remains. */
START_TEST(e2e_graphemes_are_one_step)
{
#define TECHNOLOGIST "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB" /* 👩‍💻 */
#define FLAG_FR "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7"                  /* 🇫🇷 */
#define E_ACUTE "e\xCC\x81"                                         /* é */
#define THUMBS "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"                   /* 👍🏽 */
#define HEART "\xE2\x9D\xA4\xEF\xB8\x8F"                            /* ❤️ */
	open_me(24, 80);
	e2e_keys(TUI_KEY_END);
	e2e_keys("x" TECHNOLOGIST TUI_KEY_BACKSPACE);
	e2e_keys(FLAG_FR TUI_KEY_BACKSPACE);
	e2e_keys(E_ACUTE TUI_KEY_BACKSPACE "y");
	e2e_keys(THUMBS TUI_KEY_LEFT TUI_KEY_DELETE);
	e2e_keys(HEART TUI_KEY_LEFT "z");
	ck_assert(tui_wait_text(e2e.t, ADA_NAME "xyz", TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, ADA_NAME "xyz");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	assert_one_patch("/api/v1/users/me",
	                 "{\"name\": \"" ADA_NAME "xyz" HEART "\"}");
	quit_clean();
#undef TECHNOLOGIST
#undef FLAG_FR
#undef E_ACUTE
#undef THUMBS
#undef HEART
}
END_TEST

START_TEST(e2e_bio_in_the_editor)
{
	/* An "editor" that changes a word in the middle of the file. */
	char *script;

	ck_assert(asprintf(&script, "%s/editor.sh", e2e.home) > 0);
	ck_assert_int_eq(tu_write_file(script, "#!/bin/sh\n"
	                 "sed -i 's/longer/shorter/' \"$1\"\n", (size_t)-1,
	                 0700), 0);
	e2e_env("EDITOR", script);
	e2e_env("VISUAL", script);
	free(script);
	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB);
	e2e_keys(TUI_CTRL_E);
	ck_assert(tui_wait_text(e2e.t, "Writes notes shorter", TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, NULL);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	assert_one_patch("/api/v1/users/me",
	                 "{\"bio\": \"Analyst of engines.\\nWrites notes "
	                 "shorter than the paper they annotate.\\n\\n"
	                 "\xe2\x80\x94 London\"}");
	quit_clean();
}
END_TEST

/* The $EDITOR child holds nothing of profed: no WHOP_API_KEY in its
 * environment, no socket or pipe among its fds (profed holds the API
 * connection open), and the file sits in a private directory (0700, the
 * file 0600). An editor that saves by renaming a new file over the old
 * one works; one that puts a symbolic link in its place is refused. */
START_TEST(e2e_editor_child_holds_nothing)
{
	char *script, *path, *env, *fds, *modes;

	ck_assert(asprintf(&script, "%s/editor.sh", e2e.home) > 0);
	ck_assert_int_eq(tu_write_file(script, "#!/bin/sh\n"
	                 "stat -c '%a' \"$(dirname \"$1\")\" \"$1\" >\"$HOME/modes.txt\"\n"
	                 "tr '\\0' '\\n' </proc/$$/environ >\"$HOME/env.txt\"\n"
	                 "ls -l /proc/$$/fd >\"$HOME/fds.txt\"\n"
	                 "sed 's/longer/shorter/' \"$1\" >\"$1.new\" && "
	                 "mv \"$1.new\" \"$1\"\n", (size_t)-1, 0700), 0);
	e2e_env("EDITOR", script);
	e2e_env("VISUAL", script);
	open_me(24, 80);
	e2e_keys(TUI_KEY_TAB TUI_KEY_TAB);
	e2e_keys(TUI_CTRL_E);
	ck_assert(tui_wait_text(e2e.t, "Writes notes shorter", TUI_WAIT_MS));

	ck_assert(asprintf(&path, "%s/env.txt", e2e.home) > 0);
	env = tu_read_file(path, NULL);
	free(path);
	ck_assert_ptr_nonnull(env);
	ck_assert_msg(strstr(env, "HOME="), "%s", env); /* it did run */
	ck_assert_msg(!strstr(env, "WHOP_API_KEY"), "%s", env);
	ck_assert(!strstr(env, STUB_TOKEN_ADA));
	ck_assert(asprintf(&path, "%s/fds.txt", e2e.home) > 0);
	fds = tu_read_file(path, NULL);
	free(path);
	ck_assert_ptr_nonnull(fds);
	ck_assert_msg(!strstr(fds, "socket:") && !strstr(fds, "pipe:") &&
	              !strstr(fds, "anon_inode"), "%s", fds);
	ck_assert(asprintf(&path, "%s/modes.txt", e2e.home) > 0);
	modes = tu_read_file(path, NULL);
	free(path);
	ck_assert_ptr_nonnull(modes);
	ck_assert_str_eq(modes, "700\n600\n");
	free(env);
	free(fds);
	free(modes);

	/* now an editor that swaps a symbolic link in: refused, unchanged */
	ck_assert_int_eq(tu_write_file(script, "#!/bin/sh\n"
	                 "rm \"$1\" && ln -s /etc/hostname \"$1\"\n", (size_t)-1,
	                 0700), 0);
	e2e_keys(TUI_CTRL_E);
	ck_assert(tui_wait_text(e2e.t, "replaced by a symbolic", TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, "Writes notes shorter"));
	free(script);
}
END_TEST

START_TEST(e2e_help_lists_the_keys)
{
	static const char *const keys[] = {
		"Tab", "Ctrl-S", "F2", "Ctrl-Q", "F10", "F1", "Ctrl-G", "Ctrl-R",
		"Ctrl-E", "Esc",
	};

	/* Tall enough for the whole list. */
	open_me(60, 200);
	e2e_keys(TUI_KEY_F1);
	ck_assert(tui_wait_text(e2e.t, UI_HELP_TITLE, TUI_WAIT_MS));
	/* The end of the help text (the last dialog's keys): all of it is
	 * drawn. */
	ck_assert(tui_wait_text(e2e.t, "use this token", TUI_WAIT_MS));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		ck_assert_msg(tui_has_text(e2e.t, keys[i]),
		              "the help does not mention %s", keys[i]);
	/* the dialogs' rows follow one another: no blank row for a kind no
	 * screen opens */
	{
		int unsaved = -1, draft = -1;
		ck_assert(tui_find(e2e.t, "d Discard", &unsaved, NULL));
		ck_assert(tui_find(e2e.t, "d Delete draft", &draft, NULL));
		ck_assert_int_eq(draft, unsaved + 1);
	}
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, UI_HELP_TITLE, TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, ADA_NAME));
	quit_clean();
}
END_TEST

START_TEST(e2e_open_unknown_user_says_not_found)
{
	open_me(24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("no-such-user" TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, 2, TUI_WAIT_MS));
	/* Which user, and that it was not found (contract: 404). */
	ck_assert(tui_wait_text(e2e.t, "not found", TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, "no-such-user"));
	/* Closing the message leaves the profile that was open. */
	ck_assert(tui_wait_text(e2e.t, UI_DIALOG_CLOSE, TUI_WAIT_MS));
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, UI_DIALOG_CLOSE, TUI_WAIT_MS));
	ck_assert(tui_has_text(e2e.t, ADA_NAME));
	quit_clean();
}
END_TEST

START_TEST(e2e_esc_cancels_a_running_request)
{
	struct stub_fault slow = {
		.kind = STUB_FAULT_DELAY, .count = 1, .delay_ms = 8000,
	};
	long long t0;

	open_me(24, 80);
	stub_fault(e2e.stub, &slow);
	e2e_keys(TUI_CTRL_R);
	/* The spinner says how to cancel; Esc does, long before the answer.
	 * (The stub journals a delayed request only when it answers.) */
	ck_assert(tui_wait_text(e2e.t, UI_BUSY_CANCEL, TUI_WAIT_MS));
	t0 = clock_now_ms();
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_text(e2e.t, "cancelled", TUI_WAIT_MS));
	ck_assert_int_lt(clock_now_ms() - t0, 5000);
	/* The profile that was shown stays. */
	ck_assert(tui_has_text(e2e.t, ADA_NAME));
	quit_clean();
}
END_TEST

/* Typing while a reload runs: the answer would replace the form, so the
 * edit is refused with a word (never taken and then silently dropped
 * when the profile arrives); moving still works, and after the load the
 * form edits again. */
START_TEST(e2e_edits_wait_for_a_running_load)
{
	struct stub_fault slow = {
		.kind = STUB_FAULT_DELAY, .count = 1, .delay_ms = 1500,
	};

	open_me(24, 80);
	stub_fault(e2e.stub, &slow);
	e2e_keys(TUI_CTRL_R);
	ck_assert(tui_wait_text(e2e.t, UI_BUSY_CANCEL, TUI_WAIT_MS));
	e2e_keys(TUI_KEY_END "XYZ");
	ck_assert(tui_wait_text(e2e.t, UI_EDITS_WAIT, TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, ADA_NAME "XYZ"));
	ck_assert(e2e_wait_requests("GET", NULL, 2, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, "Loaded", TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, UI_MODIFIED));
	/* done: typing is taken again, where the cursor was left (End) */
	e2e_keys("Q");
	ck_assert(tui_wait_text(e2e.t, ADA_NAME "Q", TUI_WAIT_MS));
	field_replace(ADA_NAME "Q", ADA_NAME);
	ck_assert(tui_wait_gone(e2e.t, UI_MODIFIED, TUI_WAIT_MS));
	quit_clean();
}
END_TEST

START_TEST(e2e_resize_with_the_confirmation_open)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, UI_CONFIRM_ASKS, TUI_WAIT_MS));
	resize_and_wait(50, 160, UI_CONFIRM_ASKS);
	/* Still the same question, still answered by the same key. */
	e2e_keys(UI_CONFIRM_SEND);
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	assert_one_patch("/api/v1/users/me", "{\"name\": \"Ada King\"}");
	quit_clean();
}
END_TEST

START_TEST(e2e_open_other_user_with_edits_asks)
{
	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	e2e_keys(TUI_CTRL_G);
	e2e_keys("charles-b" TUI_KEY_ENTER);
	/* Unsent edits: asked first; cancel keeps them and the profile. */
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_CANCEL);
	ck_assert(tui_wait_gone(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_sync_keys(UI_HINT_FIRST);
	ck_assert(tui_has_text(e2e.t, "Ada King"));
	ck_assert_uint_eq(e2e_count("GET", NULL), 1);
	/* Asked again; discard opens the other user. */
	e2e_keys(TUI_CTRL_G);
	e2e_keys("charles-b" TUI_KEY_ENTER);
	ck_assert(tui_wait_text(e2e.t, UI_QUIT_ASKS, TUI_WAIT_MS));
	e2e_keys(UI_QUIT_DISCARD);
	ck_assert(tui_wait_text(e2e.t, UI_OTHER_USER, TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, "Ada King", TUI_WAIT_MS));
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

START_TEST(e2e_api_key_edits_another_users_override)
{
	/* Support staff: an account API key, another user, the account's
	 * override of the name. */
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, "charles-b", NULL };
	struct stub_request *r;

	e2e_start(STUB_API_KEY, args, 24, 80);
	/* Loaded (the id is known only from the answer). */
	ck_assert(tui_wait_text(e2e.t, STUB_CHARLES_ID, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_OTHER_USER, TUI_WAIT_MS));
	/* charles has no name: the field is empty, type one. */
	e2e_keys("Charles Babbage");
	ck_assert(tui_wait_text(e2e.t, "Charles Babbage", TUI_WAIT_MS));
	submit_and_confirm(TUI_CTRL_S, "Charles Babbage");
	ck_assert(e2e_wait_requests("PATCH", NULL, 1, TUI_WAIT_MS));
	ck_assert(tui_wait_text(e2e.t, UI_SAVED, TUI_WAIT_MS));
	/* To the loaded user's id (not the username typed), with the
	 * account, exactly the name. */
	assert_one_patch("/api/v1/users/" STUB_CHARLES_ID,
	                 "{\"name\": \"Charles Babbage\"}");
	r = e2e_request("PATCH", 0);
	ck_assert_msg(strstr(r->query, "account_id=" STUB_ACCOUNT_ID) != NULL,
	              "query: %s", r->query);
	ck_assert_int_eq(r->status, 200);
	stub_request_free(r);
	quit_clean();
}
END_TEST

START_TEST(e2e_sigterm_restores_the_terminal)
{
	static const char leave_alt[] = "\x1b[?1049l";
	const char *raw;
	const char *enter_alt;
	size_t len;

	open_me(24, 80);
	field_replace(ADA_NAME, "Ada King");
	ck_assert(tui_wait_text(e2e.t, "Ada King", TUI_WAIT_MS));
	ck_assert_int_eq(kill(tui_pid(e2e.t), SIGTERM), 0);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 128 + SIGTERM);
	/* The alternate screen was left after it was entered. */
	raw = tui_raw_output(e2e.t, &len);
	enter_alt = memmem(raw, len, "\x1b[?1049h", 8);
	ck_assert_ptr_nonnull(enter_alt);
	ck_assert_ptr_nonnull(memmem(enter_alt, len - (size_t)(enter_alt - raw),
	                             leave_alt, sizeof leave_alt - 1));
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	assert_no_token_leak();
}
END_TEST

START_TEST(e2e_reload_shows_server_changes)
{
	open_me(24, 80);
	patch_ada("name", "\"Augusta Ada King\"");
	e2e_keys(TUI_CTRL_R);
	ck_assert(tui_wait_text(e2e.t, "Augusta Ada King", TUI_WAIT_MS));
	quit_clean();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST(harness_env_builder)
{
	struct tui_env e = { 0 };
	char name[16];

	ck_assert_ptr_null(e.vars[0]);
	ck_assert(!tui_env_has(&e, "HOME"));
	for (int i = 0; i < TUI_ENV_MAX; i++) {
		snprintf(name, sizeof name, "V%d", i);
		ck_assert_int_eq(tui_env_set(&e, name, "x"), 0);
	}
	ck_assert_int_eq(tui_env_set(&e, "ONE_TOO_MANY", "x"), -1);
	ck_assert_ptr_null(e.vars[TUI_ENV_MAX]);
	ck_assert_str_eq(e.vars[0], "V0=x");
	ck_assert(tui_env_has(&e, "V31"));
	ck_assert(!tui_env_has(&e, "V")); /* a prefix is not a name */
	tui_env_clear(&e);
	ck_assert_ptr_null(e.vars[0]);
	ck_assert_int_eq(tui_env_set(&e, "TERM", ""), 0);
	ck_assert_str_eq(e.vars[0], "TERM=");
	tui_env_clear(&e);
}
END_TEST

static Suite *harness_suite(void)
{
	Suite *s = suite_create("harness");
	TCase *tc = tcase_create("harness");

	tcase_set_timeout(tc, TUI_CASE_TIMEOUT);
	tcase_add_test(tc, harness_rejects_bad_arguments);
	tcase_add_test(tc, harness_env_builder);
	tcase_add_test(tc, harness_missing_binary);
	tcase_add_test(tc, harness_exit_status);
	tcase_add_test(tc, harness_output_before_exit_is_kept);
	tcase_add_test(tc, harness_wait_text_and_deadline);
	tcase_add_test(tc, harness_wait_gone);
	tcase_add_test(tc, harness_clean_environment);
	tcase_add_test(tc, harness_no_fd_leaks);
	tcase_add_test(tc, harness_wide_characters);
	tcase_add_test(tc, harness_cursor_and_find);
	tcase_add_test(tc, harness_raw_output);
	tcase_add_test(tc, harness_resize);
	tcase_add_test(tc, harness_free_kills);
	tcase_add_test(tc, harness_answers_terminal_queries);
	suite_add_tcase(s, tc);
	return s;
}

/* One test case per end-to-end test, named after it without "e2e_", so
 * CK_RUN_CASE=change_name_sends_only_name runs exactly that one. */
#define E2E_CASE(s, name) e2e_case((s), #name, e2e_##name, 0, 1)
#define E2E_LOOP(s, name, n) e2e_case((s), #name, e2e_##name, 0, (n))

/* Add a case holding one (loop) test with the stub fixture. */
static void e2e_case(Suite *s, const char *name, const TTest *test, int from,
                     int to)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TUI_CASE_TIMEOUT);
	tcase_add_checked_fixture(tc, e2e_setup, e2e_teardown);
	tcase_add_loop_test(tc, test, from, to);
	suite_add_tcase(s, tc);
}

static Suite *e2e_suite(void)
{
	Suite *s = suite_create("e2e");

	E2E_LOOP(s, open_me_shows_every_field,
	         (int)(sizeof sizes / sizeof sizes[0]));
	E2E_CASE(s, change_name_sends_only_name);
	E2E_CASE(s, submit_without_change_sends_nothing);
	E2E_CASE(s, bio_multiline_edit_in_the_middle);
	E2E_CASE(s, invalid_username_is_blocked);
	E2E_CASE(s, server_422_shown_edits_kept);
	E2E_CASE(s, quit_with_changes_asks);
	E2E_CASE(s, quit_with_changes_submit);
	E2E_CASE(s, resize_keeps_edits);
	E2E_CASE(s, escape_sequences_stay_inert);
	E2E_CASE(s, open_other_user_with_ctrl_g);
	E2E_CASE(s, read_only_refuses_edits);
	E2E_CASE(s, too_small_terminal);
	E2E_CASE(s, starts_in_a_too_small_terminal);
	E2E_CASE(s, token_never_shown);
	E2E_CASE(s, wide_character_name);
	E2E_CASE(s, graphemes_are_one_step);
	E2E_CASE(s, bio_in_the_editor);
	E2E_CASE(s, editor_child_holds_nothing);
	E2E_CASE(s, help_lists_the_keys);
	E2E_CASE(s, reload_shows_server_changes);
	E2E_CASE(s, open_unknown_user_says_not_found);
	E2E_CASE(s, esc_cancels_a_running_request);
	E2E_CASE(s, edits_wait_for_a_running_load);
	E2E_CASE(s, resize_with_the_confirmation_open);
	E2E_CASE(s, open_other_user_with_edits_asks);
	E2E_CASE(s, api_key_edits_another_users_override);
	E2E_CASE(s, sigterm_restores_the_terminal);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(harness_suite());
	int failed;

	srunner_add_suite(sr, e2e_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
