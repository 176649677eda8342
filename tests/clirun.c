/* clirun.c - one command-mode run of the real binary (see clirun.h). */
#include "clirun.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stub.h"

void cli_run(struct tu_result *res, const char *base_url, const char *home,
             const char *state, const char *token, const char *stdin_data,
             const char *const args[], int timeout_ms)
{
	const char *argv[48] = { PROFED_BIN };
	char base[512], tok[512], h[4200], xdg[4300], st[4300];
	size_t n = 1;

	for (; args && args[n - 1]; n++) {
		ck_assert(n + 1 < sizeof argv / sizeof argv[0]);
		argv[n] = args[n - 1];
	}
	argv[n] = NULL;
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", base_url);
	snprintf(tok, sizeof tok, "WHOP_API_KEY=%s", token ? token : "");
	snprintf(h, sizeof h, "HOME=%s", home);
	snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s/config", home);
	if (state)
		snprintf(st, sizeof st, "XDG_STATE_HOME=%s", state);
	else
		snprintf(st, sizeof st, "XDG_STATE_HOME=%s/state", home);
	const char *env[] = { base, tok, h, xdg, st, "TZ=UTC", "LANG=C.UTF-8",
	                      "TERM=xterm", "PATH=/usr/bin:/bin", NULL };
	tu_result_free(res);
	ck_assert_int_eq(tu_run(argv, env, stdin_data, timeout_ms, res), 0);
}

struct stub *cli_setup(char **home, struct tu_result *res)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true };
	struct stub *stub = stub_start(&o);

	ck_assert_ptr_nonnull(stub);
	*home = tu_tempdir();
	ck_assert_ptr_nonnull(*home);
	memset(res, 0, sizeof *res);
	return stub;
}

void cli_teardown(struct stub *stub, char **home, struct tu_result *res)
{
	tu_result_free(res);
	stub_stop(stub);
	tu_rmtree(*home);
	free(*home);
	*home = NULL;
}
