/* bench.c - profed's benchmark: how much work the core does per action.
 *
 * Not a test: it asserts nothing and is not run by `make check`. It prints
 * a table (tools/dev bench) so a change that makes loading, formatting or
 * the network path slower, or that stops reusing the connection, shows up
 * as a number to compare. CPU parts report the mean over many rounds;
 * the network part drives the real api over loopback against the stub and
 * reports latency percentiles, requests and connections per action.
 * The start part runs `profed show` of this build against the stub, and,
 * when PROFED_BENCH_NOPREVIEWS names a profed built with
 * --disable-previews (tools/dev bench builds one), that one too, in turn,
 * and prints the ratio of the medians of wall and CPU time: previews must
 * cost `profed show` nothing (docs/pictures.md, goal 1.02).
 * The finder part runs the editor in a pseudo-terminal (tests/tui.h)
 * against the stub with 120 members and times Ctrl-G's search from the
 * last key typed until 100 results are drawn (the 250 ms pause before
 * the request included; the line below it says what is left without).
 */
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "config.h"
#include "edit.h"
#include "http.h"
#include "money.h"
#include "overview.h"
#include "strbuf.h"
#include "stub.h"
#include "testutil.h"
#include "text.h"
#include "tui.h"
#include "user.h"

static double bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Print one row: what, rounds, mean microseconds per round. */
static void bench_row(const char *what, int rounds, double total_us)
{
	printf("%-44s %8d  %12.2f us\n", what, rounds, total_us / rounds);
}

static char *bench_fixture(const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TEST_FIXTURES_DIR, name);
	char *s = tu_read_file(path, len);
	if (!s) {
		fprintf(stderr, "bench: cannot read %s\n", path);
		exit(1);
	}
	return s;
}

/* A user with n balances, as the server would send it. Caller frees. */
static char *bench_many_balances(int n)
{
	struct strbuf sb = {0};
	strbuf_append_str(&sb, "{\"id\":\"user_Bench\",\"username\":\"bench\","
	                  "\"total_usd\":\"123456.78\",\"balances\":[");
	for (int i = 0; i < n; i++)
		strbuf_appendf(&sb, "%s{\"symbol\":\"T%d\",\"name\":\"Token %d\","
		               "\"balance\":\"%d.00012345\",\"value_usd\":\"%d.5\","
		               "\"price_usd\":1.25,\"breakdown\":{\"available\":\"1\","
		               "\"pending\":\"0\"}}", i ? "," : "", i, i, i, i * 7 % 1000);
	strbuf_append_str(&sb, "]}");
	return strbuf_take(&sb);
}

static void bench_cpu(void)
{
	struct pf_error err;
	size_t len;
	char *me = bench_fixture("user-me.json", &len);
	int rounds = 20000;
	double t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		user_free(user_parse(me, len, &err));
	bench_row("user_parse user-me.json", rounds, bench_now_us() - t0);

	char *many = bench_many_balances(5000);
	rounds = 50;
	t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		user_free(user_parse(many, strlen(many), &err));
	bench_row("user_parse, 5000 balances", rounds, bench_now_us() - t0);

	struct user *u = user_parse(many, strlen(many), &err);
	t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		overview_free(overview_build(u, &err));
	bench_row("overview_build, 5000 balances (sort+format)", rounds,
	          bench_now_us() - t0);
	user_free(u);

	rounds = 200000;
	t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		free(money_format_usd("-1234567890.005"));
	bench_row("money_format_usd", rounds, bench_now_us() - t0);

	struct strbuf hostile = {0};
	for (int i = 0; i < 20000; i++)
		strbuf_append_str(&hostile, "日本\x1b[31m\xff\xe2\x80\xae😀 ab\n");
	rounds = 20;
	t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		free(text_sanitize(strbuf_str(&hostile), TEXT_KEEP_NEWLINES));
	char label[64];
	snprintf(label, sizeof label, "text_sanitize, %zu KiB hostile", hostile.len / 1024);
	bench_row(label, rounds, bench_now_us() - t0);
	strbuf_free(&hostile);

	struct edit e = {0};
	u = user_parse(me, len, &err);
	edit_load(&e, u, &err);
	edit_set(&e, FIELD_BIO, "new\n\nbio");
	rounds = 200000;
	t0 = bench_now_us();
	for (int i = 0; i < rounds; i++)
		free(edit_patch_body(&e, &err));
	bench_row("edit_patch_body (one changed field)", rounds, bench_now_us() - t0);
	edit_free(&e);
	user_free(u);
	free(many);
	free(me);
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Latency percentiles of n samples (sorted in place). */
static void bench_latency(const char *what, double *us, int n)
{
	qsort(us, (size_t)n, sizeof *us, bench_cmp);
	printf("%-44s %8d  p50 %7.0f us  p99 %7.0f us\n", what, n, us[n / 2],
	       us[n * 99 / 100]);
}

static void bench_network(void)
{
	struct stub_opts so = {.fixtures_dir = TEST_FIXTURES_DIR, .quiet = true};
	struct stub *stub = stub_start(&so);
	if (!stub) {
		fprintf(stderr, "bench: stub did not start\n");
		exit(1);
	}
	struct config cfg;
	struct pf_error err;
	config_init(&cfg);
	config_set(&cfg, "base-url", stub_base_url(stub), CONFIG_FROM_FLAG, &err);
	config_set(&cfg, "token", STUB_TOKEN_ADA, CONFIG_FROM_ENV, &err);
	config_finish(&cfg, &err);
	struct api *api = api_new(&cfg, &err);
	enum { N = 300 };
	static double load_us[N], save_us[N];
	for (int i = 0; i < N; i++) {
		struct user *u = NULL;
		double t0 = bench_now_us();
		if (api_user_get_sync(api, "me", &u, &err) < 0) {
			fprintf(stderr, "bench: load failed: %s\n", err.message);
			exit(1);
		}
		load_us[i] = bench_now_us() - t0;
		user_free(u);
		char body[64];
		snprintf(body, sizeof body, "{\"name\":\"Bench %d\"}", i);
		t0 = bench_now_us();
		if (api_user_update_sync(api, "me", body, &u, &err) < 0) {
			fprintf(stderr, "bench: save failed: %s\n", err.message);
			exit(1);
		}
		save_us[i] = bench_now_us() - t0;
		user_free(u);
	}
	struct http_stats st;
	http_get_stats(api_http(api), &st);
	bench_latency("load (GET /users/me) over loopback", load_us, N);
	bench_latency("save (PATCH /users/me) over loopback", save_us, N);
	printf("%-44s %8d  %lu requests, %lu connections\n",
	       "load+save cycles", N, st.transfers, st.connections);
	printf("%-44s %8s  %lu in the stub's journal\n", "", "",
	       (unsigned long)stub_journal_count(stub));
	api_free(api);
	config_free(&cfg);
	stub_stop(stub);
}

/* CPU seconds (user + system) of waited-for children so far, in us. */
static double bench_children_cpu_us(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/* One `bin show` against the stub: wall and CPU time in us. */
static void bench_show_once(const char *bin, const char *const env[],
                            double *wall, double *cpu)
{
	const char *argv[] = { bin, "show", NULL };
	struct tu_result res = { 0 };
	double c0 = bench_children_cpu_us(), t0 = bench_now_us();
	if (tu_run(argv, env, NULL, 20000, &res) != 0 || res.exit_code != 0) {
		fprintf(stderr, "bench: %s show failed (%d): %s\n", bin,
		        res.exit_code, res.err ? res.err : "");
		exit(1);
	}
	*wall = bench_now_us() - t0;
	*cpu = bench_children_cpu_us() - c0;
	tu_result_free(&res);
}

/* `profed show` with previews against one built without (see above). */
static void bench_start(void)
{
	const char *without = getenv("PROFED_BENCH_NOPREVIEWS");
	struct stub_opts so = {.fixtures_dir = TEST_FIXTURES_DIR, .quiet = true};
	struct stub *stub = stub_start(&so);
	char *home = tu_tempdir();
	char base[256], h[4096], x[4200];
	enum { N = 21 };
	static double wall[2][N], cpu[2][N];
	const char *bins[2] = { PROFED_BIN, without };
	int kinds = without && *without ? 2 : 1;

	if (!stub || !home) {
		fprintf(stderr, "bench: stub or home did not start\n");
		exit(1);
	}
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", stub_base_url(stub));
	snprintf(h, sizeof h, "HOME=%s", home);
	snprintf(x, sizeof x, "XDG_CONFIG_HOME=%s", home);
	const char *env[] = { base, "WHOP_API_KEY=" STUB_TOKEN_ADA, h, x,
	                      "LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL };
	/* one untimed run each (page cache), then in turn */
	for (int k = 0; k < kinds; k++)
		bench_show_once(bins[k], env, &wall[k][0], &cpu[k][0]);
	for (int i = 0; i < N; i++)
		for (int k = 0; k < kinds; k++)
			bench_show_once(bins[k], env, &wall[k][i], &cpu[k][i]);
	for (int k = 0; k < kinds; k++) {
		qsort(wall[k], N, sizeof wall[k][0], bench_cmp);
		qsort(cpu[k], N, sizeof cpu[k][0], bench_cmp);
		printf("%-44s %8d  median %7.0f us wall, %7.0f us CPU\n",
		       k == 0 ? "profed show (this build)"
		              : "profed show (--disable-previews)",
		       N, wall[k][N / 2], cpu[k][N / 2]);
	}
	if (kinds == 2)
		printf("%-44s %8s  %.3fx wall, %.3fx CPU (goal: at most 1.02x)\n",
		       "previews built in / without", "",
		       wall[0][N / 2] / wall[1][N / 2], cpu[0][N / 2] / cpu[1][N / 2]);
	else
		printf("%-44s %8s  (set PROFED_BENCH_NOPREVIEWS to compare)\n", "", "");
	tu_rmtree(home);
	free(home);
	stub_stop(stub);
}

/* The finder: from the last key of "person" to 100 members drawn. */
static void bench_finder(void)
{
	struct stub_opts so = {.fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .people = 120};
	struct stub *stub = stub_start(&so);
	char *home = tu_tempdir();
	char base[256], h[4096], x[4200], st[4200];
	enum { N = 21 };
	static double us[N];
	const char *argv[] = { PROFED_BIN, "--account-id", STUB_ACCOUNT_ID,
	                       "grace-hopper", NULL };
	struct tui *t;

	if (!stub || !home) {
		fprintf(stderr, "bench: stub or home did not start\n");
		exit(1);
	}
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", stub_base_url(stub));
	snprintf(h, sizeof h, "HOME=%s", home);
	snprintf(x, sizeof x, "XDG_CONFIG_HOME=%s", home);
	snprintf(st, sizeof st, "XDG_STATE_HOME=%s", home);
	const char *env[] = { base, "WHOP_API_KEY=" STUB_API_KEY, h, x, st,
	                      "TERM=xterm-256color", "LANG=C.UTF-8",
	                      "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", NULL };
	t = tui_start(argv, env, 60, 200);
	if (!t || !tui_wait_text(t, "Loaded", 20000)) {
		fprintf(stderr, "bench: the editor did not start\n");
		exit(1);
	}
	for (int i = 0; i < N; i++) {
		tui_send(t, "\x07"); /* Ctrl-G */
		if (!tui_wait_text(t, "Find:", 20000))
			exit(1);
		double t0 = bench_now_us();
		tui_send(t, "person");
		if (!tui_wait_text(t, "100 shown", 20000)) {
			fprintf(stderr, "bench: no results\n");
			exit(1);
		}
		us[i] = bench_now_us() - t0;
		tui_send(t, "\x1b");
		if (!tui_wait_gone(t, "Find:", 20000))
			exit(1);
	}
	qsort(us, N, sizeof us[0], bench_cmp);
	printf("%-44s %8d  median %7.0f us, p90 %7.0f us\n",
	       "finder: last key -> 100 results drawn", N, us[N / 2],
	       us[N * 9 / 10]);
	printf("%-44s %8s  median %7.0f us after the 250 ms pause\n", "", "",
	       us[N / 2] - 250000.0);
	tui_send(t, "\x11"); /* Ctrl-Q */
	tui_wait_exit(t, 10000);
	tui_free(t);
	tu_rmtree(home);
	free(home);
	stub_stop(stub);
}

int main(void)
{
	printf("%-44s %8s  %s\n", "what", "rounds", "mean per round");
	bench_cpu();
	bench_network();
	bench_start();
	bench_finder();
	return 0;
}
