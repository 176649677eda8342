/* check_chart_e2e.c - the balance chart end to end: the editor's chart
 * pane (F8, c in the overview, chart = yes) in a pseudo-terminal
 * (tests/tui.h), and `profed show --balance-history` in command mode,
 * both the real profed binary against the in-process stub, whose journal
 * shows every request sent.
 *
 * The stub's ada has a deterministic balance (stub_history_value): no
 * activity before 2026-05-01, a dip in September, a recovery in November;
 * charles has no wallet activity; the noperm token is ada without the
 * balance scope (balance_history null); versions before 2026-07-20 send
 * no balance_history at all.
 *
 * Run one case:  CK_RUN_CASE=keys ./tests/check_chart_e2e
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "e2e.h"
#include "error.h"
#include "money.h"
#include "stub.h"
#include "stub_history.h"
#include "testutil.h"
#include "tui.h"

#define CASE_TIMEOUT 120

/* xterm's F6 and F8 */
#define KEY_F6 "\x1b[17~"
#define KEY_F8 "\x1b[19~"

/* What the pane shows, in one place (ui/chartpane.c, src/chart.c,
 * docs/editor.md). */
#define C_TITLE "Balance by "
#define C_TITLE_DAY "Balance by day"
#define C_TITLE_WEEK "Balance by week"
#define C_TITLE_HOUR "Balance by hour"
#define C_TITLE_MONTH "Balance by month"
#define C_KEYS "h d w m "
#define C_SUMMARY "last $"
#define C_BUSY "Loading the balance history"
#define C_NULL "needs your own profile and the balance-read permission"
#define C_EMPTY "No wallet activity in this window."
#define C_OLD "2026-06-09"
#define C_VERSION "not available with API version " C_OLD
#define C_CANCELLED "Cancelled"
#define C_READONLY "The chart is read-only"
#define C_HINT "F1 Help"
#define C_VERSION_HEADER "2026-07-20"

#define PATH_ME "/api/v1/users/me"
#define ADA_ID "user_Demo0000000001"
#define DAY 86400

static const int sizes[][2] = { { 24, 80 }, { 60, 200 } };
/* the narrowest places: beside the form at 100 columns, the minimum */
static const int narrow[][2] = { { 30, 100 }, { 16, 60 } };

/* ---- the journal */

/* Whether a journaled request is the chart's (GET /users/me asking for
 * the history). */
static bool is_chart(const struct stub_request *r)
{
	return strcmp(r->method, "GET") == 0 && strcmp(r->path, PATH_ME) == 0 &&
	       r->query && strstr(r->query, "include_balance_history=");
}

/* The k-th chart request (0-based), NULL when there are not that many.
 * Free with stub_request_free. */
static struct stub_request *chart_request(size_t k)
{
	size_t total = stub_journal_count(e2e.stub);

	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(e2e.stub, i);
		ck_assert_ptr_nonnull(r);
		if (is_chart(r) && k-- == 0)
			return r;
		stub_request_free(r);
	}
	return NULL;
}

/* The chart's requests so far. */
static size_t chart_count(void)
{
	size_t n = 0;
	struct stub_request *r;

	while ((r = chart_request(n))) {
		stub_request_free(r);
		n++;
	}
	return n;
}

/* Wait until the chart has asked at least n times (reading the screen
 * meanwhile); false after timeout_ms. */
static bool wait_charts(size_t n, int timeout_ms)
{
	long long deadline = clock_now_ms() + timeout_ms;

	while (chart_count() < n) {
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 20) < 0)
			return chart_count() >= n;
	}
	return true;
}

/* Every key typed so far is handled, no chart request is on its way
 * (the stub journals a request as it answers) and its frame is drawn
 * whole: the last barrier's frames come after it. */
static void settle(void)
{
	e2e_sync_keys(C_HINT);
	ck_assert(tui_wait_gone(e2e.t, C_BUSY, TUI_WAIT_MS));
	e2e_sync_keys(C_HINT);
}

/* The value of parameter name in query (raw, still escaped) into out;
 * false when absent. */
static bool param(const char *query, const char *name, char *out, size_t n)
{
	size_t len = strlen(name);

	for (const char *p = query; p && *p;
	     p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		if (strncmp(p, name, len) == 0 && p[len] == '=') {
			size_t v = strcspn(p + len + 1, "&");
			snprintf(out, n, "%.*s", (int)v, p + len + 1);
			return true;
		}
	}
	return false;
}

/* An ISO 8601 UTC time as the client sends it, "2026-11-05T14%3A00%3A00Z",
 * as Unix seconds; fails the test when it is not one. */
static long long iso_param(const char *query, const char *name)
{
	char v[64];
	struct tm tm = {0};
	int y, mo, d, h, mi, s;

	ck_assert_msg(param(query, name, v, sizeof v), "no %s in %s", name,
	              query);
	ck_assert_msg(sscanf(v, "%4d-%2d-%2dT%2d%%3A%2d%%3A%2dZ", &y, &mo, &d,
	                     &h, &mi, &s) == 6, "%s=%s is not ISO 8601 UTC",
	              name, v);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (long long)timegm(&tm);
}

/* The k-th chart request: the users version of the history, the
 * interval, the zone, and a window of len seconds; its window in *from,
 * *to (may be NULL). */
static void check_chart_request(size_t k, const char *interval,
                                 const char *zone, long long len,
                                 long long *from, long long *to)
{
	struct stub_request *r = chart_request(k);
	char v[80];
	long long f, t;

	ck_assert_msg(r != NULL, "no chart request %zu", k);
	ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"),
	                 C_VERSION_HEADER);
	ck_assert_msg(param(r->query, "include_balance_history", v, sizeof v) &&
	              strcmp(v, "true") == 0, "%s", r->query);
	ck_assert_msg(param(r->query, "interval", v, sizeof v) &&
	              strcmp(v, interval) == 0, "%s: not %s", r->query, interval);
	ck_assert_msg(param(r->query, "time_zone", v, sizeof v) &&
	              strcmp(v, zone) == 0, "%s: not %s", r->query, zone);
	f = iso_param(r->query, "from");
	t = iso_param(r->query, "to");
	ck_assert_msg(t - f == len, "%s: a window of %lld s, not %lld",
	              r->query, t - f, len);
	ck_assert_msg(t <= (long long)time(NULL) + 1, "%s: past now", r->query);
	if (from)
		*from = f;
	if (to)
		*to = t;
	stub_request_free(r);
}

/* ---- the screen */

/* Whether the screen shows a Braille cell (U+2800..U+28FF). */
static bool has_braille(void)
{
	char *s = tui_screen(e2e.t);
	bool found = false;

	ck_assert_ptr_nonnull(s);
	for (const unsigned char *p = (const unsigned char *)s; *p && !found; p++)
		found = p[0] == 0xe2 && p[1] >= 0xa0 && p[1] <= 0xa3;
	free(s);
	return found;
}

/* The row (copied) holding text; fails when none. */
static char *row_with(const char *text)
{
	int row, col;
	char *r;

	ck_assert_msg(tui_find(e2e.t, text, &row, &col), "no %s", text);
	r = tui_row(e2e.t, row);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* "$8,436.99" for the stub's ada at t. */
static void ada_usd(long long t, char *out, size_t n)
{
	double v;
	char dec[48], *usd;

	ck_assert(stub_history_value(ADA_ID, t, &v));
	snprintf(dec, sizeof dec, "%.2f", v);
	usd = money_format_usd(dec);
	ck_assert_ptr_nonnull(usd);
	snprintf(out, n, "%s", usd);
	free(usd);
}

/* Start profed with token and args in a rows x cols terminal in time
 * zone tz and wait for the profile. */
static void start_in(const char *tz, const char *token,
                     const char *const args[], int rows, int cols)
{
	e2e_env("TZ", tz);
	e2e_start(token, args, rows, cols);
	ck_assert(tui_wait_text(e2e.t, "Loaded", TUI_WAIT_MS));
}

static void start(const char *token, const char *const args[], int rows,
                  int cols)
{
	start_in("Europe/Berlin", token, args, rows, cols);
}

static void quit(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* Write the config file (mode 600) with text. */
static void write_config(const char *text)
{
	char dir[1024], path[1100];

	snprintf(dir, sizeof dir, "%s/.config/profed", e2e.home);
	ck_assert(mkdir(dir, 0700) == 0);
	snprintf(path, sizeof path, "%s/config", dir);
	ck_assert_int_eq(tu_write_file(path, text, strlen(text), 0600), 0);
}

/* ------------------------------------------------------------------ */

/* F8 shows the chart where the overview is (in place of the form at
 * 80x24): Braille, the summary, money labels; exactly one extra request,
 * GET /users/me with the history's query and version, while the load
 * stayed light. F8 closes it (nothing asked); c in the overview opens it
 * again (a fresh read); Esc closes it. */
START_TEST(chart_on_f8)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	struct stub_request *load;

	start(STUB_TOKEN_ADA, NULL, rows, cols);
	ck_assert_uint_eq(e2e_count("GET", PATH_ME), 1);
	load = e2e_request("GET", 0);
	ck_assert_msg(!strstr(load->query ? load->query : "", "balance_history"),
	              "the load asked for the history: %s", load->query);
	ck_assert_str_eq(stub_request_header(load, "Api-Version-Date"), C_OLD);
	stub_request_free(load);
	ck_assert(!tui_has_text(e2e.t, C_TITLE));

	e2e_keys(KEY_F8);
	e2e_see(C_TITLE_DAY);
	e2e_see(C_KEYS);
	e2e_see(C_SUMMARY);
	e2e_see("change ");
	ck_assert(has_braille());
	settle();
	ck_assert_uint_eq(chart_count(), 1);
	ck_assert_uint_eq(e2e_count("GET", PATH_ME), 2);
	check_chart_request(0, "day", "Europe%2FBerlin", 30LL * DAY, NULL, NULL);

	/* F8 again: back to the form, nothing asked */
	e2e_keys(KEY_F8);
	ck_assert(tui_wait_gone(e2e.t, C_TITLE, TUI_WAIT_MS));
	settle();
	ck_assert_uint_eq(chart_count(), 1);

	/* c in the overview: the chart again, read afresh */
	e2e_keys(KEY_F6 "c");
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	ck_assert_uint_eq(chart_count(), 2);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, C_TITLE, TUI_WAIT_MS));
	quit();
}
END_TEST

/* The narrowest places tell the truth: beside the form at 100 columns
 * (the pane's border stays straight) and the smallest editor (60x16),
 * where the chart still has its summary or says it is too small. */
START_TEST(narrow_places)
{
	int rows = narrow[_i][0], cols = narrow[_i][1], col = -1;

	start(STUB_TOKEN_ADA, NULL, rows, cols);
	e2e_keys(KEY_F8);
	e2e_see("day, 2026-"); /* "By day, ..." when narrow */
	settle();
	ck_assert(tui_has_text(e2e.t, C_SUMMARY) ||
	          tui_has_text(e2e.t, "too small"));
	ck_assert_uint_eq(chart_count(), 1);
	for (int r = 2; cols >= 100 && r < rows - 3; r++) {
		int c = tui_col_in_row(e2e.t, r, "\xe2\x94\x82");
		if (col < 0)
			col = c;
		ck_assert_msg(c == col, "border at column %d on row %d, %d above",
		              c, r, col);
	}
	quit();
}
END_TEST

/* A change of window that fails (500, and 500 again on both retries)
 * says why with the title still naming the window held, not the one
 * asked for, so the same key asks again (it used to find the window
 * already "changed" and ask nothing). */
START_TEST(failed_change_keeps_title)
{
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .count = 3,
	                        .status = 500 };

	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_keys(KEY_F8);
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	stub_fault(e2e.stub, &f);
	e2e_keys("w");
	e2e_see("HTTP 500");
	settle();
	ck_assert_uint_eq(chart_count(), 4);
	e2e_see("Could not load the balance history");
	e2e_see(C_TITLE_DAY);
	ck_assert(!tui_has_text(e2e.t, C_TITLE_WEEK));
	e2e_keys("w");
	e2e_see(C_TITLE_WEEK);
	settle();
	ck_assert(!tui_has_text(e2e.t, "HTTP 500"));
	ck_assert(has_braille());
	ck_assert_uint_eq(chart_count(), 5);
	quit();
}
END_TEST

/* A resize while the chart is open draws it again at the new size (beside
 * the form when wide, in its place when narrow) from the points it has:
 * nothing is asked again. */
START_TEST(resize_while_open)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(KEY_F8);
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	ck_assert_uint_eq(chart_count(), 1);
	ck_assert(!tui_has_text(e2e.t, "Username"));
	ck_assert_int_eq(tui_resize(e2e.t, 60, 200), 0);
	e2e_see("Username"); /* the form beside it */
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	ck_assert(has_braille());
	ck_assert_int_eq(tui_resize(e2e.t, 16, 60), 0);
	ck_assert(tui_wait_gone(e2e.t, "Username", TUI_WAIT_MS));
	e2e_see("day, 2026-");
	settle();
	ck_assert_uint_eq(chart_count(), 1);
	quit();
}
END_TEST

/* The interval keys and the window keys: each change one request with
 * the interval and the window it says; ] at the present asks nothing;
 * letters are the chart's while it is open, never typed into a field. */
START_TEST(keys)
{
	long long f0, t0, f, t;
	size_t n = 1;

	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_keys(KEY_F8);
	e2e_see(C_SUMMARY);
	settle();
	check_chart_request(0, "day", "Europe%2FBerlin", 30LL * DAY, &f0, &t0);

	e2e_keys("w");
	e2e_see(C_TITLE_WEEK);
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	ck_assert_uint_eq(chart_count(), n);
	check_chart_request(n - 1, "week", "Europe%2FBerlin", 26LL * 7 * DAY,
	                    &f, &t);
	ck_assert_int_eq(t, t0); /* the same end */

	e2e_keys("[");
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	ck_assert_uint_eq(chart_count(), n);
	check_chart_request(n - 1, "week", "Europe%2FBerlin", 26LL * 7 * DAY,
	                    &f, &t);
	ck_assert_int_eq(t, t0 - 26LL * 7 * DAY); /* a length earlier */

	e2e_keys("]");
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	check_chart_request(n - 1, "week", "Europe%2FBerlin", 26LL * 7 * DAY,
	                    &f, &t);
	ck_assert_int_eq(t, t0);
	/* at the present: ] stays, nothing asked */
	e2e_keys("]");
	settle();
	ck_assert_uint_eq(chart_count(), n);

	e2e_keys("+");
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	check_chart_request(n - 1, "week", "Europe%2FBerlin", 52LL * 7 * DAY,
	                    NULL, &t);
	ck_assert_int_eq(t, t0);
	e2e_keys("-");
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	check_chart_request(n - 1, "week", "Europe%2FBerlin", 26LL * 7 * DAY,
	                    NULL, &t);

	e2e_keys("h");
	e2e_see(C_TITLE_HOUR);
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	check_chart_request(n - 1, "hour", "Europe%2FBerlin", 72LL * 3600,
	                    NULL, &t);
	e2e_keys("m");
	e2e_see(C_TITLE_MONTH);
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	check_chart_request(n - 1, "month", "Europe%2FBerlin", 12LL * 30 * DAY,
	                    NULL, NULL);
	e2e_keys("d");
	e2e_see(C_TITLE_DAY);
	ck_assert(wait_charts(++n, TUI_WAIT_MS));
	settle();
	ck_assert_uint_eq(chart_count(), n);
	/* typing in the chart: refused with a word, the form untouched */
	e2e_keys("x");
	e2e_see(C_READONLY);
	settle();
	ck_assert_uint_eq(chart_count(), n);
	quit();
}
END_TEST

/* A key while a request runs cancels it: the slow day answer never
 * replaces the week's; Esc cancels a request in flight and the title
 * goes back to the window drawn; Esc again closes the pane. */
START_TEST(key_cancels)
{
	struct stub_fault slow = { .kind = STUB_FAULT_DELAY, .count = 1,
	                           .delay_ms = 4000 };
	char *summary, *title, *again;

	start(STUB_TOKEN_ADA, NULL, 60, 200);
	stub_fault(e2e.stub, &slow);
	e2e_keys(KEY_F8);
	e2e_see(C_BUSY);
	e2e_keys("w");
	e2e_see(C_TITLE_WEEK);
	e2e_see(C_SUMMARY);
	settle();
	summary = row_with(C_SUMMARY);
	/* the slow day answer arrives (journaled) and is not drawn */
	ck_assert(wait_charts(2, 3 * TUI_WAIT_MS));
	settle();
	again = row_with(C_SUMMARY);
	ck_assert_str_eq(again, summary);
	ck_assert(tui_has_text(e2e.t, C_TITLE_WEEK));
	free(again);

	/* Esc during a request: cancelled, the window drawn stays */
	title = row_with(C_TITLE);
	stub_fault(e2e.stub, &slow);
	e2e_keys("[");
	e2e_see(C_BUSY);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, C_BUSY, 2000));
	e2e_sync_keys(C_HINT);
	again = row_with(C_TITLE);
	ck_assert_str_eq(again, title);
	free(again);
	again = row_with(C_SUMMARY);
	ck_assert_str_eq(again, summary);
	free(again);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, C_TITLE, TUI_WAIT_MS));
	free(summary);
	free(title);
	quit();
}
END_TEST

/* Left, Right, Home and End move a cursor along the chart; its readout
 * is that point's local date and its value: the window's first and last
 * day of the stub's series (UTC here). */
START_TEST(cursor_readout)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	long long f, t, first, last;
	char usd[48], want[96], day[16];
	struct tm tm;
	time_t tt;

	start_in("UTC", STUB_TOKEN_ADA, NULL, rows, cols);
	e2e_keys(KEY_F8);
	e2e_see(C_SUMMARY);
	settle();
	check_chart_request(0, "day", "UTC", 30LL * DAY, &f, &t);
	first = f / DAY * DAY; /* the buckets of from and to */
	last = t / DAY * DAY;

	e2e_keys(TUI_KEY_END);
	tt = (time_t)last;
	gmtime_r(&tt, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	ada_usd(last, usd, sizeof usd);
	snprintf(want, sizeof want, "%s  %s", day, usd);
	e2e_see(want);

	e2e_keys(TUI_KEY_HOME);
	tt = (time_t)first;
	gmtime_r(&tt, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	ada_usd(first, usd, sizeof usd);
	snprintf(want, sizeof want, "%s  %s", day, usd);
	e2e_see(want);

	/* Right until the date changes: the next day's point */
	tt = (time_t)(first + DAY);
	gmtime_r(&tt, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	ada_usd(first + DAY, usd, sizeof usd);
	snprintf(want, sizeof want, "%s  %s", day, usd);
	for (int i = 0; i < 20 && !tui_has_text(e2e.t, want); i++) {
		e2e_keys(TUI_KEY_RIGHT);
		e2e_sync_keys(C_HINT);
	}
	e2e_see(want);
	/* and Left back */
	e2e_keys(TUI_KEY_HOME TUI_KEY_RIGHT TUI_KEY_LEFT);
	settle();
	ck_assert(!tui_has_text(e2e.t, want));
	ck_assert_uint_eq(chart_count(), 1); /* the cursor asks nothing */
	quit();
}
END_TEST

/* NO_COLOR: the line and the labels in the terminal's own colours, the
 * cursor in reverse video; the chart still reads. */
START_TEST(no_color)
{
	int row = -1, col = -1;
	struct tui_cell_attr a;
	char *s;

	e2e_env("NO_COLOR", "1");
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_keys(KEY_F8);
	e2e_see(C_SUMMARY);
	ck_assert(has_braille());
	/* a cell of the line */
	s = tui_screen(e2e.t);
	ck_assert_ptr_nonnull(s);
	for (int r = 0; r < 60 && row < 0; r++) {
		char *line = tui_row(e2e.t, r);
		const unsigned char *p = (const unsigned char *)line;
		for (int c = 0; p && *p; c++) {
			if (p[0] == 0xe2 && p[1] >= 0xa1 && p[1] <= 0xa3) {
				row = r;
				col = c;
				break;
			}
			/* one cell per character */
			p += *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
		}
		free(line);
	}
	free(s);
	ck_assert_int_ge(row, 0);
	ck_assert(tui_cell_attr(e2e.t, row, col, &a));
	ck_assert_int_eq(a.fg, TUI_COLOR_DEFAULT);
	ck_assert_int_eq(a.bg, TUI_COLOR_DEFAULT);
	/* the cursor's readout in reverse video */
	e2e_keys(TUI_KEY_END);
	e2e_see("  $");
	{
		int r, c;
		char *line;
		ck_assert(tui_find(e2e.t, C_SUMMARY, &r, &c));
		line = tui_row(e2e.t, r + 1);
		ck_assert_ptr_nonnull(line);
		ck_assert(tui_cell_attr(e2e.t, r + 1, c, &a));
		ck_assert_msg(a.reverse, "readout not in reverse: %s", line);
		ck_assert_int_eq(a.fg, TUI_COLOR_DEFAULT);
		free(line);
	}
	quit();
}
END_TEST

/* LANG=C: no UTF-8, so the line is plain ASCII: no Braille byte is ever
 * written, and the chart and its summary still read. */
START_TEST(lang_c_ascii)
{
	e2e_env("LANG", "C");
	e2e_env("LC_ALL", "C");
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(KEY_F8);
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	for (unsigned char b = 0xa0; b <= 0xa3; b++) {
		char braille[3] = { (char)0xe2, (char)b, 0 };
		ck_assert_msg(!tui_raw_contains(e2e.t, braille, 2),
		              "a Braille byte under LANG=C");
	}
	ck_assert(!has_braille());
	/* the ASCII line: '_', '-' or '\'' in every plot column drawn, from
	 * the row under the key line to the one above the x labels */
	{
		int rs, cs, found = 0;
		ck_assert(tui_find(e2e.t, C_SUMMARY, &rs, &cs));
		for (int r = 3; r < rs - 1; r++) {
			char *line = tui_row(e2e.t, r);
			ck_assert_ptr_nonnull(line);
			for (size_t i = 12; i < strlen(line); i++)
				found += line[i] == '_' || line[i] == '-' || line[i] == '\'';
			free(line);
		}
		ck_assert_int_ge(found, 40); /* about one a column */
	}
	quit();
}
END_TEST

/* What has nothing to draw says so, never a line: balance_history null
 * (no balance scope), no activity (charles), a version without the field,
 * and another person's profile (no request at all). */
START_TEST(messages)
{
	static const char *const old[] = { "--history-api-version", C_OLD, NULL };
	static const char *const other[] = { "charles-b", NULL };

	start(STUB_TOKEN_NOPERM, NULL, 24, 80);
	e2e_keys(KEY_F8);
	e2e_see(C_NULL);
	settle();
	ck_assert(!tui_has_text(e2e.t, C_SUMMARY));
	ck_assert(!has_braille());
	ck_assert_uint_eq(chart_count(), 1);
	quit();

	start(STUB_TOKEN_CHARLES, NULL, 24, 80);
	e2e_keys(KEY_F8);
	e2e_see(C_EMPTY);
	settle();
	ck_assert(!tui_has_text(e2e.t, C_SUMMARY));
	ck_assert_uint_eq(chart_count(), 2);
	quit();

	start(STUB_TOKEN_ADA, old, 60, 200);
	e2e_keys(KEY_F8);
	e2e_see(C_VERSION);
	settle();
	ck_assert(!tui_has_text(e2e.t, C_SUMMARY));
	ck_assert(!has_braille());
	{
		struct stub_request *r = chart_request(2);
		ck_assert_ptr_nonnull(r);
		ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"), C_OLD);
		stub_request_free(r);
	}
	quit();

	/* someone else's profile: said at once, nothing asked */
	start(STUB_TOKEN_ADA, other, 60, 200);
	e2e_keys(KEY_F8);
	e2e_see(C_NULL);
	settle();
	ck_assert_uint_eq(chart_count(), 3);
	quit();
}
END_TEST

/* chart = yes: the chart is shown when the editor opens, with one
 * request after the load. */
START_TEST(config_chart_yes)
{
	write_config("chart = yes\n");
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_see(C_TITLE_DAY);
	e2e_see(C_SUMMARY);
	settle();
	ck_assert_uint_eq(chart_count(), 1);
	ck_assert_uint_eq(e2e_count("GET", PATH_ME), 2);
	e2e_keys(KEY_F8);
	ck_assert(tui_wait_gone(e2e.t, C_TITLE, TUI_WAIT_MS));
	quit();
}
END_TEST

/* earnings_usd in the overview when the server sends it (a users version
 * that carries it); not with the default version. */
START_TEST(earnings)
{
	static const char *const later[] = { "--api-version", "2026-07-20",
	                                     NULL };

	start(STUB_TOKEN_ADA, later, 60, 200);
	e2e_see("Earnings");
	e2e_see("$48,211.90");
	quit();
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_see("Total");
	ck_assert(!tui_has_text(e2e.t, "Earnings"));
	quit();
}
END_TEST

/* F1 lists the chart's keys. */
START_TEST(help_lists_chart_keys)
{
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_keys(TUI_KEY_F1);
	e2e_see("Help: keys");
	e2e_see("use this token"); /* all of it drawn */
	e2e_see("Keys in the balance chart");
	e2e_see("h, d, w, m");
	e2e_see("Left, Right, Home, End");
	e2e_see("F8, c");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "Help: keys", TUI_WAIT_MS));
	quit();
}
END_TEST

/* ---- command mode */

static struct tu_result res;

/* Run profed (not in a terminal) with args as token's holder, TZ=UTC. */
static void run_as(const char *token, const char *const args[])
{
	const char *argv[32] = { PROFED_BIN };
	char base[256], tok[256], h[4096], xdg[4096];
	size_t n = 1;

	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	snprintf(base, sizeof base, "WHOP_BASE_URL=%s", stub_base_url(e2e.stub));
	snprintf(tok, sizeof tok, "WHOP_API_KEY=%s", token ? token : "");
	snprintf(h, sizeof h, "HOME=%s", e2e.home);
	snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s/.config", e2e.home);
	const char *env[] = { base, tok, h, xdg, "TZ=UTC", "LANG=C.UTF-8",
	                      "PATH=/usr/bin:/bin", NULL };
	tu_result_free(&res);
	ck_assert_int_eq(tu_run(argv, env, NULL, 20000, &res), 0);
}
#define RUN(token, ...) run_as(token, (const char *const[]){ __VA_ARGS__, NULL })

#define SEP_FROM "2026-09-20"
#define SEP_TO "2026-09-30"
#define SEP_QUERY "include_balance_history=true" \
	"&from=2026-09-20T00%3A00%3A00Z&to=2026-09-30T00%3A00%3A00Z" \
	"&interval=day&time_zone=UTC"

/* The one request of a command: exactly query, the history's version. */
static void expect_one_request(const char *query)
{
	struct stub_request *r;

	ck_assert_uint_eq(stub_journal_count(e2e.stub), 1);
	r = stub_journal_get(e2e.stub, 0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, PATH_ME);
	ck_assert_str_eq(r->query, query);
	ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"),
	                 C_VERSION_HEADER);
	ck_assert_str_eq(stub_request_header(r, "Authorization"),
	                 "Bearer " STUB_TOKEN_ADA);
	stub_request_free(r);
	stub_journal_clear(e2e.stub);
}

/* The table: a line per day in local time (UTC here) with the stub's
 * value, then last, min, max and change; no sparkline (not a terminal). */
START_TEST(cli_text)
{
	char usd[48], line[96], *p;
	double lo = 0, hi = 0, v;
	long long t0 = 1789862400LL; /* 2026-09-20T00:00:00Z */

	RUN(STUB_TOKEN_ADA, "show", "--balance-history", "--from", SEP_FROM,
	    "--to", SEP_TO);
	ck_assert_msg(res.exit_code == 0, "%s", res.err);
	ck_assert_str_eq(res.err, "");
	expect_one_request(SEP_QUERY);
	p = res.out;
	for (int d = 0; d <= 10; d++) {
		long long t = t0 + (long long)d * DAY;
		ck_assert(stub_history_value(ADA_ID, t, &v));
		lo = d == 0 || v < lo ? v : lo;
		hi = d == 0 || v > hi ? v : hi;
		ada_usd(t, usd, sizeof usd);
		snprintf(line, sizeof line, "2026-09-%02d", 20 + d);
		ck_assert_msg(strncmp(p, line, 10) == 0, "line %d: %.40s", d, p);
		ck_assert_msg(strstr(p, usd) && strstr(p, usd) < strchr(p, '\n'),
		              "line %d lacks %s: %.40s", d, usd, p);
		p = strchr(p, '\n') + 1;
	}
	ada_usd(t0 + 10LL * DAY, usd, sizeof usd);
	snprintf(line, sizeof line, "last    %s\n", usd);
	ck_assert_msg(strstr(res.out, line), "%s", res.out);
	ck_assert(strstr(res.out, "\nmin "));
	ck_assert(strstr(res.out, "\nmax "));
	ck_assert(strstr(res.out, "\nchange  -$"));
	ck_assert(!strstr(res.out, "\xe2\x96")); /* no sparkline blocks */
}
END_TEST

/* CSV: time,value rows in UTC, ISO 8601, the values as sent. */
START_TEST(cli_csv)
{
	const char *p;
	double v, got;
	long long t0 = 1789862400LL;

	RUN(STUB_TOKEN_ADA, "show", "--balance-history", "--interval", "hour",
	    "--from", "2026-09-20T00:00Z", "--to", "2026-09-20T05:00Z", "--csv");
	ck_assert_msg(res.exit_code == 0, "%s", res.err);
	expect_one_request("include_balance_history=true"
	                   "&from=2026-09-20T00%3A00%3A00Z"
	                   "&to=2026-09-20T05%3A00%3A00Z"
	                   "&interval=hour&time_zone=UTC");
	ck_assert(strncmp(res.out, "time,value\n", 11) == 0);
	p = res.out + 11;
	for (int h = 0; h <= 5; h++) {
		char want[40];
		snprintf(want, sizeof want, "2026-09-20T%02d:00:00Z,", h);
		ck_assert_msg(strncmp(p, want, strlen(want)) == 0, "row %d: %s", h,
		              p);
		got = strtod(p + strlen(want), NULL);
		ck_assert(stub_history_value(ADA_ID, t0 + h * 3600LL, &v));
		ck_assert_msg(got == v, "row %d: %f, not %f", h, got, v);
		p = strchr(p, '\n') + 1;
	}
	ck_assert_str_eq(p, "");
}
END_TEST

/* --json: the balance_history member as received. */
START_TEST(cli_json)
{
	cJSON *j, *data;

	RUN(STUB_TOKEN_ADA, "show", "--balance-history", "--from", SEP_FROM,
	    "--to", SEP_TO, "--json");
	ck_assert_msg(res.exit_code == 0, "%s", res.err);
	expect_one_request(SEP_QUERY);
	j = cJSON_Parse(res.out);
	ck_assert_ptr_nonnull(j);
	data = cJSON_GetObjectItemCaseSensitive(j, "data");
	ck_assert(cJSON_IsArray(data));
	ck_assert_int_eq(cJSON_GetArraySize(data), 11);
	ck_assert_int_eq((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(
	                 cJSON_GetArrayItem(data, 0), "t")), 1789862400LL);
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(j, "last")));
	ck_assert(!cJSON_GetObjectItem(j, "id")); /* only the member */
	cJSON_Delete(j);
}
END_TEST

/* The states: null and a version without the field exit 1 with their
 * sentence and print nothing; no activity is an answer (exit 0). Bad
 * flags are usage errors (exit 2) and send nothing. */
START_TEST(cli_states_and_usage)
{
	static const char *const bad[][8] = {
		{ "show", "--balance-history", "--interval", "year", NULL },
		{ "show", "--balance-history", "--from", "yesterday", NULL },
		{ "show", "--balance-history", "--to", "2026-13-01", NULL },
		{ "show", "--balance-history", "--from", SEP_TO, "--to", SEP_FROM,
		  NULL },
		{ "show", "--balance-history", "--json", "--csv", NULL },
		{ "show", "charles-b", "--balance-history", NULL },
		{ "show", "--interval", "day", NULL },
		{ "show", "--csv", NULL },
		{ "show", "--balance-history", "--interval", "hour", "--from",
		  "2026-01-01", NULL },
	};

	RUN(STUB_TOKEN_NOPERM, "show", "--balance-history");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert_str_eq(res.out, "");
	ck_assert(strstr(res.err, C_NULL));
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 1);

	RUN(STUB_TOKEN_ADA, "--history-api-version", C_OLD, "show",
	    "--balance-history", "--csv");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert_str_eq(res.out, "");
	ck_assert(strstr(res.err, C_VERSION));

	RUN(STUB_TOKEN_CHARLES, "show", "--balance-history");
	ck_assert_int_eq(res.exit_code, 0);
	ck_assert_str_eq(res.out, C_EMPTY "\n");
	RUN(STUB_TOKEN_CHARLES, "show", "--balance-history", "--csv");
	ck_assert_int_eq(res.exit_code, 0);
	ck_assert_str_eq(res.out, "time,value\n");
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 4);

	stub_journal_clear(e2e.stub);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *argv[9];
		size_t k = 0;
		for (; bad[i][k]; k++)
			argv[k] = bad[i][k];
		argv[k] = NULL;
		run_as(STUB_TOKEN_ADA, argv);
		ck_assert_msg(res.exit_code == PF_EXIT_USAGE, "case %zu: %d %s", i,
		              res.exit_code, res.err);
		ck_assert_msg(strstr(res.err, "--help"), "case %zu: %s", i, res.err);
		ck_assert_str_eq(res.out, "");
	}
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 0);
}
END_TEST

static void cli_teardown(void)
{
	tu_result_free(&res);
	e2e_teardown();
}

static void add_case(Suite *s, const char *name, const TTest *test, int n,
                     void (*teardown)(void))
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, CASE_TIMEOUT);
	tcase_add_checked_fixture(tc, e2e_setup, teardown);
	tcase_add_loop_test(tc, test, 0, n);
	suite_add_tcase(s, tc);
}

#define CASE(s, name) add_case((s), #name, name, 1, e2e_teardown)
#define LOOP(s, name) add_case((s), #name, name, \
	(int)(sizeof sizes / sizeof sizes[0]), e2e_teardown)
#define CLI(s, name) add_case((s), #name, name, 1, cli_teardown)

int main(void)
{
	Suite *s = suite_create("chart_e2e");

	LOOP(s, chart_on_f8);
	CASE(s, resize_while_open);
	CASE(s, failed_change_keeps_title);
	add_case(s, "narrow_places", narrow_places,
	         (int)(sizeof narrow / sizeof narrow[0]), e2e_teardown);
	CASE(s, keys);
	CASE(s, key_cancels);
	LOOP(s, cursor_readout);
	CASE(s, no_color);
	CASE(s, lang_c_ascii);
	CASE(s, messages);
	CASE(s, config_chart_yes);
	CASE(s, earnings);
	CASE(s, help_lists_chart_keys);
	CLI(s, cli_text);
	CLI(s, cli_csv);
	CLI(s, cli_json);
	CLI(s, cli_states_and_usage);
	return tu_run_suite(s);
}
