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
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"

/* Check's per-test timeout in seconds. Each wait inside has its own
 * deadline (TUI_WAIT_MS); this only catches a hang in the harness. */
#define TUI_CASE_TIMEOUT 120

/* Milliseconds on the monotonic clock. */
static long long clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

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
	tui_home_remove(NULL);
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
	t0 = clock_ms();
	ck_assert(!tui_wait_text(t, "never shown", 300));
	ck_assert_int_ge(clock_ms() - t0, 290);
	ck_assert_int_lt(clock_ms() - t0, 5000);
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

START_TEST(harness_home)
{
	char *home = tui_home_new();
	char *p;

	ck_assert_ptr_nonnull(home);
	ck_assert_int_eq(access(home, W_OK), 0);
	ck_assert(asprintf(&p, "%s/.local/state", home) > 0);
	ck_assert_int_eq(access(p, W_OK), 0);
	free(p);
	ck_assert(asprintf(&p, "%s", home) > 0);
	tui_home_remove(home);
	ck_assert_int_eq(access(p, F_OK), -1);
	free(p);
	/* Refuses to delete what it did not make. */
	tui_home_remove(strdup("/tmp"));
	ck_assert_int_eq(access("/tmp", F_OK), 0);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *harness_suite(void)
{
	Suite *s = suite_create("harness");
	TCase *tc = tcase_create("harness");

	tcase_set_timeout(tc, TUI_CASE_TIMEOUT);
	tcase_add_test(tc, harness_rejects_bad_arguments);
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
	tcase_add_test(tc, harness_home);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(harness_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
