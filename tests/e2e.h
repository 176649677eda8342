/* e2e.h - one end-to-end run, shared by the end-to-end test programs
 * (check_tui, check_panel, check_picture, check_resilience): a stub API
 * server on loopback, a private HOME, the environment of the program, and
 * the real profed binary in a pseudo-terminal (tui.h).
 *
 * Check runs every test in a process of its own, so there is one run per
 * process: the global e2e. e2e_setup and e2e_teardown are the checked
 * fixture; everything else fails the test (ck_assert) when it cannot do
 * what it says.
 */
#ifndef PROFED_TESTS_E2E_H
#define PROFED_TESTS_E2E_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "stub.h"
#include "tui.h"

struct e2e_run {
	struct stub *stub;
	char *home;         /* HOME, made for the run */
	char *state;        /* XDG_STATE_HOME: home/.local/state */
	struct tui_env env; /* set for the next e2e_start */
	struct tui *t;      /* the program, once started */
	const char *token;  /* its WHOP_API_KEY */
};

extern struct e2e_run e2e;

/* A stub with the fixtures (opts NULL) or opts, and a HOME holding
 * .config, .local/share, .local/state and .cache (mode 0700). */
void e2e_setup_with(const struct stub_opts *opts);
void e2e_setup(void);
/* Stop the program and the stub, remove HOME. */
void e2e_teardown(void);

/* Seconds one end-to-end test case may take (a slow sanitizer build). */
#define E2E_CASE_TIMEOUT 120

/* A test case of its own named name (so CK_RUN_CASE picks exactly one),
 * running test n times (_i 0..n-1) between e2e_setup and e2e_teardown. */
void e2e_add_case(Suite *s, const char *name, const TTest *test, int n);

/* Set name=value for the next start (it wins over the defaults). */
void e2e_env(const char *name, const char *value);

/* Start profed with args (NULL-terminated, may be NULL) in a rows x cols
 * terminal, the token only in the environment (NULL: none). The
 * environment is exactly what e2e_env set since the last start, then,
 * unless set: TERM=xterm-256color, LANG and LC_ALL C.UTF-8, PATH, and
 * always HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME and
 * XDG_CACHE_HOME under it, WHOP_BASE_URL (the stub) and WHOP_API_KEY.
 * A program still running from an earlier start is ended first. */
struct tui *e2e_start(const char *token, const char *const args[], int rows,
                      int cols);

/* The same environment for another program: argv (argv[0] a path,
 * NULL-terminated), e.g. a shell that runs profed as a job. */
struct tui *e2e_start_argv(const char *token, const char *const argv[],
                           int rows, int cols);

/* Type keys (bytes, UTF-8 text or TUI_KEY_*). */
void e2e_keys(const char *k);
/* Wait until the screen shows text. */
void e2e_see(const char *text);
/* A barrier: every key typed before has been handled (F9 hides and shows
 * the hint line, whose text hint_text is). Editor showing, no dialog. */
void e2e_sync_keys(const char *hint_text);

/* Requests with method to paths starting with prefix so far, and a wait
 * until there are at least n (reading the screen meanwhile). */
size_t e2e_count(const char *method, const char *prefix);
void e2e_wait_count(const char *method, const char *prefix, size_t n);
/* The same without failing: true once there are n within timeout_ms
 * (also when the program has gone and the journal is final). */
bool e2e_wait_requests(const char *method, const char *prefix, size_t n,
                       int timeout_ms);
/* The k-th (0-based) request with method; fails the test when there is
 * none. Free with stub_request_free. */
struct stub_request *e2e_request(const char *method, size_t k);
/* JSON text actual equals expected as JSON (same keys and values). */
void e2e_assert_json_eq(const char *actual, const char *expected);

#endif
