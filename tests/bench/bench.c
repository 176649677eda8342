/* bench.c - profed's benchmark: how much work the core does per action.
 *
 * Not a test: it asserts nothing and is not run by `make check`. It prints
 * a table (tools/dev bench) so a change that makes loading, formatting or
 * the network path slower, or that stops reusing the connection, shows up
 * as a number to compare. CPU parts report the mean over many rounds;
 * the network part drives the real api over loopback against the stub and
 * reports latency percentiles, requests and connections per action.
 */
#include <stdio.h>
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

int main(void)
{
	printf("%-44s %8s  %s\n", "what", "rounds", "mean per round");
	bench_cpu();
	bench_chart();
	bench_network();
	return 0;
}
