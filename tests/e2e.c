/* e2e.c - one end-to-end run (see e2e.h). */
#include "e2e.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "testutil.h"

struct e2e_run e2e;

/* The directories under HOME, and the variables that name them. */
static const struct {
	const char *var;
	const char *sub;
} xdg[] = {
	{ "XDG_CONFIG_HOME", ".config" },
	{ "XDG_DATA_HOME", ".local/share" },
	{ "XDG_STATE_HOME", ".local/state" },
	{ "XDG_CACHE_HOME", ".cache" },
};

/* home/sub. Caller frees. */
static char *under_home(const char *sub)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", e2e.home, sub) > 0);
	return p;
}

void e2e_setup_with(const struct stub_opts *opts)
{
	struct stub_opts defaults = { .fixtures_dir = TEST_FIXTURES_DIR,
	                              .quiet = true };
	static const char *const dirs[] = { ".config", ".local", ".local/share",
	                                    ".local/state", ".cache" };

	memset(&e2e, 0, sizeof e2e);
	e2e.stub = stub_start(opts ? opts : &defaults);
	ck_assert_msg(e2e.stub != NULL, "the stub did not start");
	e2e.home = tu_tempdir();
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		char *p = under_home(dirs[i]);
		ck_assert_int_eq(mkdir(p, 0700), 0);
		free(p);
	}
	e2e.state = under_home(".local/state");
}

void e2e_setup(void)
{
	e2e_setup_with(NULL);
}

void e2e_teardown(void)
{
	tui_free(e2e.t);
	stub_stop(e2e.stub);
	tu_rmtree(e2e.home);
	free(e2e.home);
	free(e2e.state);
	tui_env_clear(&e2e.env);
	memset(&e2e, 0, sizeof e2e);
}

void e2e_env(const char *name, const char *value)
{
	ck_assert(tui_env_set(&e2e.env, name, value) == 0);
}

/* name=value unless the test set name. */
static void env_default(const char *name, const char *value)
{
	if (!tui_env_has(&e2e.env, name))
		e2e_env(name, value);
}

struct tui *e2e_start(const char *token, const char *const args[], int rows,
                      int cols)
{
	const char *argv[24] = { PROFED_BIN };
	size_t n = 1;

	for (; args && args[n - 1]; n++) {
		ck_assert(n + 1 < sizeof argv / sizeof argv[0]);
		argv[n] = args[n - 1];
	}
	argv[n] = NULL;
	return e2e_start_argv(token, argv, rows, cols);
}

struct tui *e2e_start_argv(const char *token, const char *const argv[],
                           int rows, int cols)
{
	tui_free(e2e.t);
	e2e.t = NULL;
	env_default("TERM", "xterm-256color");
	env_default("LANG", "C.UTF-8");
	env_default("LC_ALL", "C.UTF-8");
	env_default("PATH", "/usr/bin:/bin");
	e2e_env("HOME", e2e.home);
	for (size_t i = 0; i < sizeof xdg / sizeof xdg[0]; i++) {
		char *p = under_home(xdg[i].sub);
		e2e_env(xdg[i].var, p);
		free(p);
	}
	e2e_env("WHOP_BASE_URL", stub_base_url(e2e.stub));
	if (token)
		e2e_env("WHOP_API_KEY", token);
	e2e.token = token;
	e2e.t = tui_start(argv, e2e.env.vars, rows, cols);
	ck_assert_msg(e2e.t != NULL, "cannot start %s: %s", argv[0],
	              strerror(errno));
	tui_env_clear(&e2e.env); /* the next start sets its own */
	return e2e.t;
}

void e2e_keys(const char *k)
{
	ck_assert_msg(tui_send(e2e.t, k) == 0, "cannot type into profed: %s",
	              strerror(errno));
}

void e2e_see(const char *text)
{
	ck_assert_msg(tui_wait_text(e2e.t, text, TUI_WAIT_MS), "not shown: %s",
	              text);
}

void e2e_sync_keys(const char *hint_text)
{
	e2e_keys(TUI_KEY_F9);
	ck_assert(tui_wait_gone(e2e.t, hint_text, TUI_WAIT_MS));
	e2e_keys(TUI_KEY_F9);
	ck_assert(tui_wait_text(e2e.t, hint_text, TUI_WAIT_MS));
}

size_t e2e_count(const char *method, const char *prefix)
{
	return stub_journal_count_of(e2e.stub, method, prefix);
}

bool e2e_wait_requests(const char *method, const char *prefix, size_t n,
                       int timeout_ms)
{
	long long deadline = clock_now_ms() + timeout_ms;

	while (e2e_count(method, prefix) < n) {
		if (clock_now_ms() >= deadline)
			return false;
		if (tui_pump(e2e.t, 20) < 0) /* gone: the journal is final */
			return e2e_count(method, prefix) >= n;
	}
	return true;
}

void e2e_wait_count(const char *method, const char *prefix, size_t n)
{
	ck_assert_msg(e2e_wait_requests(method, prefix, n, TUI_WAIT_MS),
	              "%zu %s %s requests, want %zu", e2e_count(method, prefix),
	              method, prefix ? prefix : "", n);
}

struct stub_request *e2e_request(const char *method, size_t k)
{
	struct stub_request *r = stub_journal_nth(e2e.stub, method, NULL, k);

	ck_assert_msg(r != NULL, "no %s request number %zu in the stub's "
	              "journal (%zu)", method, k, e2e_count(method, NULL));
	return r;
}

void e2e_assert_json_eq(const char *actual, const char *expected)
{
	cJSON *a = cJSON_Parse(actual), *b = cJSON_Parse(expected);

	ck_assert_msg(b != NULL, "bad expected JSON in the test: %s", expected);
	ck_assert_msg(a != NULL, "the body sent is not JSON: %s", actual);
	ck_assert_msg(cJSON_Compare(a, b, 1), "sent %s, expected %s", actual,
	              expected);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

void e2e_add_case(Suite *s, const char *name, const TTest *test, int n)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, E2E_CASE_TIMEOUT);
	tcase_add_checked_fixture(tc, e2e_setup, e2e_teardown);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}
