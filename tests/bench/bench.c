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
 * The bulk part runs `profed set --from FILE --rate 0` of 1,000 and 10,000
 * rows against the stub (10,000 generated people, an API key with an
 * account): every row changed, then the same file again (every row
 * unchanged), and reports CPU ms per row, the peak RSS of each run (it
 * must stay flat from 1,000 to 10,000 rows) and requests per changed and
 * per unchanged row (2 and 1).
 * The finder part runs the editor in a pseudo-terminal (tests/tui.h)
 * against the stub with 120 members and times Ctrl-G's search from the
 * last key typed until 100 results are drawn (the 250 ms pause before
 * the request included; the line below it says what is left without).
 */
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>

#include "api.h"
#include "chart.h"
#include "chartview.h"
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

/* The balance chart: 30 days hourly (720 points) at 200x60, from the
 * answer's text to the cells (core), and drawn into a curses pad (the
 * widget, on a terminal written to /dev/null). The budget: 2 ms. */
static void bench_chart(void)
{
	struct strbuf sb = {0};
	strbuf_append_str(&sb, "{\"id\":\"user_Bench\",\"balance_history\":"
	                  "{\"data\":[");
	for (int i = 0; i < 720; i++)
		strbuf_appendf(&sb, "%s{\"t\":%d,\"v\":%d.%02d}", i ? "," : "",
		               1790000000 + i * 3600, 9000 + (i * 7919) % 6000,
		               i % 100);
	strbuf_append_str(&sb, "],\"last\":1,\"min\":1,\"max\":1}}");
	struct pf_error err;
	int rounds = 500;
	double t0 = bench_now_us();
	for (int i = 0; i < rounds; i++) {
		struct chart_series s;
		chart_series_parse(sb.data, sb.len, &s, &err);
		struct chart_model *m = chart_build(&s, 200, 60 - UI_CHART_EXTRA,
		                                    CHART_BRAILLE, HISTORY_HOUR,
		                                    NULL, &err);
		for (int r = 0; m && r < m->plot_h; r++)
			free(chart_row_text(m, r));
		chart_free(m);
		chart_series_free(&s);
	}
	bench_row("chart: parse+build+rows, 720 pts, 200x60", rounds,
	          bench_now_us() - t0);

	/* the widget: a terminal that writes to /dev/null */
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	const char *term = getenv("TERM");
	SCREEN *scr = NULL;
	if (out && in && setlocale(LC_ALL, "C.UTF-8"))
		scr = newterm(term && *term ? term : "xterm-256color", out, in);
	if (!scr) {
		printf("%-44s (no terminal description; skipped)\n",
		       "chart: build+draw into a pad");
	} else {
		WINDOW *pad = newpad(60, 200);
		t0 = bench_now_us();
		for (int i = 0; i < rounds; i++) {
			struct chart_series s;
			chart_series_parse(sb.data, sb.len, &s, &err);
			int mw, mh;
			ui_chart_area(60, 200, &mw, &mh);
			struct chart_model *m = chart_build(&s, mw, mh, CHART_BRAILLE,
			                                    HISTORY_HOUR, NULL, &err);
			struct ui_chart c = {.model = m, .cursor = 100};
			ui_chart_draw(pad, 0, 0, 60, 200, &c);
			chart_free(m);
			chart_series_free(&s);
		}
		bench_row("chart: parse+build+draw (pad), 720 pts, 200x60", rounds,
		          bench_now_us() - t0);
		delwin(pad);
		endwin();
		delscreen(scr);
	}
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	setlocale(LC_ALL, "C");
	strbuf_free(&sb);
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

/* Keystroke to screen in the editor: the time from writing a key to the
 * pty until the first byte of the screen update comes back, typing in the
 * Name field (a character, then Backspace, so the text stays the same
 * length). big: ada with 5,000 balances and a 60 KB bio. */
static void bench_keys(bool big, bool filter)
{
	struct stub_opts so = {.fixtures_dir = TEST_FIXTURES_DIR, .quiet = true};
	struct stub *stub = stub_start(&so);
	char *home = tu_tempdir(), env_home[600], env_state[600], env_url[300];
	enum { N = 400 };
	static double us[N];

	if (!stub) {
		fprintf(stderr, "bench: stub did not start\n");
		exit(1);
	}
	if (big) {
		struct strbuf sb = { 0 };
		strbuf_append_str(&sb, "[");
		for (int i = 0; i < 5000; i++)
			strbuf_appendf(&sb, "%s{\"symbol\":\"T%04d\",\"name\":\"Token "
			               "%d\",\"balance\":\"%d.5\",\"value_usd\":\"%d.25\","
			               "\"price_usd\":1.5}", i ? "," : "", i, i, i, 5000 - i);
		strbuf_append_str(&sb, "]");
		stub_set_user_field(stub, STUB_ADA_ID, "balances", strbuf_str(&sb));
		strbuf_free(&sb);
		strbuf_append_str(&sb, "\"");
		while (!filter && sb.len < 60 * 1024) /* the filter: no bio */
			strbuf_append_str(&sb, "A line of the bio that goes on for a "
			                  "while, as bios do.\\n");
		strbuf_append_str(&sb, "\"");
		if (!filter)
			stub_set_user_field(stub, STUB_ADA_ID, "bio", strbuf_str(&sb));
		strbuf_free(&sb);
	}
	snprintf(env_home, sizeof env_home, "HOME=%s", home);
	snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s", home);
	snprintf(env_url, sizeof env_url, "WHOP_BASE_URL=%s", stub_base_url(stub));
	const char *env[] = { "TERM=xterm-256color", "LANG=C.UTF-8",
	                      "LC_ALL=C.UTF-8", env_home, env_state, env_url,
	                      "WHOP_API_KEY=" STUB_TOKEN_ADA, NULL };
	const char *argv[] = { PROFED_BIN, NULL };
	struct tui *t = tui_start(argv, env, 35, 120);
	if (!t || !tui_wait_text(t, "Loaded", 20000)) {
		fprintf(stderr, "bench: the editor did not load\n");
		exit(1);
	}
	/* the balance filter: F6 into the overview, '/' to type the filter,
	 * then the same keys go to it (each walks the 5,000 rows) */
	if (filter && (tui_send(t, "\x1b[17~/") != 0 ||
	               !tui_wait_text(t, "Filter /", 20000))) {
		fprintf(stderr, "bench: the filter did not open\n");
		exit(1);
	}
	for (int i = 0; i < N; i++) {
		size_t before, now;
		double t0;
		/* anything left of the last key (a big redraw comes in more
		 * than one read) */
		while (tui_pump(t, 5) > 0)
			;
		tui_raw_output(t, &before);
		t0 = bench_now_us();
		tui_send(t, i % 2 ? TUI_KEY_BACKSPACE : filter ? "1" : "x");
		for (;;) {
			tui_raw_output(t, &now);
			if (now > before || bench_now_us() - t0 > 5e6 ||
			    tui_pump(t, 100) < 0)
				break;
		}
		us[i] = bench_now_us() - t0;
	}
	qsort(us, N, sizeof *us, bench_cmp);
	printf("%-44s %8d  p50 %7.0f us  p95 %7.0f us\n", filter ?
	       "filter key to screen, 5000 balances" : big ?
	       "key to screen, 5000 balances + 60 KB bio" :
	       "key to screen, the demo profile", N, us[N / 2],
	       us[N * 95 / 100]);
	tui_free(t);
	tu_rmtree(home);
	free(home);
	stub_stop(stub);
}

/* Peak RSS of a child: the kernel's high-water mark of a process carries
 * over execve from the process that forked it, so children forked from
 * this (large: the stub with 10,000 people lives here) would report our
 * size. A launcher forked at the start of main, while this process is
 * still small, runs the measured children instead: it gets one request
 * (the files and the stub's URL) a run and answers CPU, peak RSS, wall. */
struct bench_ask {
	char base[256];
	char home[4096];
};
struct bench_answer {
	double cpu_us, wall_us;
	long rss_kib;
	int status;
};
static int bench_to_launcher = -1, bench_from_launcher = -1;

static void bench_launcher(int in, int out)
{
	struct bench_ask q;
	while (read(in, &q, sizeof q) == (ssize_t)sizeof q) {
		char h[4200], x[4200], st[4200], file[4200], results[4200];
		struct bench_answer a = { 0 };
		struct rusage ru;
		snprintf(h, sizeof h, "HOME=%s", q.home);
		snprintf(x, sizeof x, "XDG_CONFIG_HOME=%s", q.home);
		snprintf(st, sizeof st, "XDG_STATE_HOME=%s/state", q.home);
		snprintf(file, sizeof file, "%s/rows.csv", q.home);
		snprintf(results, sizeof results, "%s/results.jsonl", q.home);
		const char *env[] = { q.base, "WHOP_API_KEY=" STUB_API_KEY, h, x, st,
		                      "LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL };
		const char *argv[] = { PROFED_BIN, "--account-id=" STUB_ACCOUNT_ID,
		                       "set", "--from", file, "--yes", "--rate", "0",
		                       "--results", results, NULL };
		double t0 = bench_now_us();
		pid_t pid = fork();
		if (pid == 0) {
			int nul = open("/dev/null", O_RDWR);
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
			execve(argv[0], (char *const *)argv, (char *const *)env);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &a.status, 0, &ru) != pid) {
			a.status = -1;
		} else {
			a.cpu_us = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
			           ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
			a.rss_kib = ru.ru_maxrss;
		}
		a.wall_us = bench_now_us() - t0;
		if (write(out, &a, sizeof a) != (ssize_t)sizeof a)
			break;
	}
	_exit(0);
}

static void bench_launcher_start(void)
{
	int ask[2], answer[2];
	if (pipe(ask) < 0 || pipe(answer) < 0) {
		perror("bench: pipe");
		exit(1);
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench: fork");
		exit(1);
	}
	if (pid == 0) {
		char in[16], out[16];
		close(ask[1]);
		close(answer[0]);
		/* exec again, as "profed-bench launcher IN OUT": a forked copy
		 * would share this process's pages copy-on-write, and every
		 * first write to one of them here (the CPU rows run next) would
		 * fault and copy, which once made user_parse look 45% slower */
		snprintf(in, sizeof in, "%d", ask[0]);
		snprintf(out, sizeof out, "%d", answer[1]);
		execl("/proc/self/exe", "profed-bench", "launcher", in, out,
		      (char *)NULL);
		bench_launcher(ask[0], answer[1]); /* no exec: the copy serves */
	}
	close(ask[0]);
	close(answer[1]);
	bench_to_launcher = ask[1];
	bench_from_launcher = answer[0];
}

/* One bulk run through the launcher. */
static void bench_run_child(const char *base, const char *home,
                            struct bench_answer *a)
{
	struct bench_ask q = { 0 };
	snprintf(q.base, sizeof q.base, "%s", base);
	snprintf(q.home, sizeof q.home, "%s", home);
	if (write(bench_to_launcher, &q, sizeof q) != (ssize_t)sizeof q ||
	    read(bench_from_launcher, a, sizeof *a) != (ssize_t)sizeof *a ||
	    !WIFEXITED(a->status) || WEXITSTATUS(a->status) != 0) {
		fprintf(stderr, "bench: profed set --from failed (status %d)\n",
		        a->status);
		exit(1);
	}
}

/* Bulk edits of 1,000 and 10,000 rows (see the top of this file). */
static void bench_bulk(void)
{
	static const size_t sizes[] = { 1000, 10000 };
	struct stub_opts so = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                        .people = 10000 };
	struct stub *stub = stub_start(&so);
	char *home = tu_tempdir();
	char base[256], file[4200];
	if (!stub || !home) {
		fprintf(stderr, "bench: stub or home did not start\n");
		exit(1);
	}
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", stub_base_url(stub));
	snprintf(file, sizeof file, "%s/rows.csv", home);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];
		FILE *f = fopen(file, "w");
		if (!f) {
			perror("bench: rows");
			exit(1);
		}
		fputs("user,name\n", f);
		for (size_t i = 1; i <= n; i++)
			fprintf(f, "person-%04zu,\"Bulk %zu, run %zu\"\n", i, i, k);
		fclose(f);
		for (int pass = 0; pass < 2; pass++) {
			struct bench_answer a;
			char what[64];
			stub_journal_clear(stub);
			bench_run_child(base, home, &a);
			double cpu = a.cpu_us, wall = a.wall_us;
			long rss = a.rss_kib;
			size_t gets = stub_journal_count_of(stub, "GET", NULL);
			size_t patches = stub_journal_count_of(stub, "PATCH", NULL);
			snprintf(what, sizeof what, "bulk set --from, %zu rows, %s", n,
			         pass ? "unchanged" : "changed");
			printf("%-44s %8zu  %6.3f ms CPU/row, %6.3f ms wall/row, "
			       "peak RSS %ld KiB, %.2f requests/row\n", what, n,
			       cpu / 1e3 / (double)n, wall / 1e3 / (double)n, rss,
			       (double)(gets + patches) / (double)n);
		}
	}
	tu_rmtree(home);
	free(home);
	stub_stop(stub);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* each row as it is measured */
	/* `profed-bench keys`: only the keystroke part; `chart`: only the
	 * balance chart's */
	bool keys_only = argc > 1 && strcmp(argv[1], "keys") == 0;

	if (argc == 4 && strcmp(argv[1], "launcher") == 0) {
		bench_launcher(atoi(argv[2]), atoi(argv[3]));
		return 0;
	}

	if (argc > 1 && strcmp(argv[1], "cpu") == 0) { /* only the CPU rows */
		printf("%-44s %8s  %s\n", "what", "rounds", "mean per round");
		bench_cpu();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "chart") == 0) {
		printf("%-44s %8s  %s\n", "what", "rounds", "mean per round");
		bench_chart();
		return 0;
	}
	if (!keys_only)
		bench_launcher_start(); /* while this process is small */
	printf("%-44s %8s  %s\n", "what", "rounds", "mean per round");
	if (!keys_only) {
		bench_cpu();
		bench_chart();
		bench_network();
		bench_bulk();
		bench_start();
		bench_finder();
	}
	bench_keys(false, false);
	bench_keys(true, false);
	bench_keys(true, true);
	return 0;
}
