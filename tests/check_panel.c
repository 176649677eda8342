/* check_panel.c - end-to-end tests of the account overview panel: the real
 * profed binary in a pseudo-terminal (tests/tui.h) against the in-process
 * stub (tests/stub/stub.h), seeded with the fixtures and with users built
 * here (5,000 balances, hostile symbols, every verification state).
 *
 * Run one case:  CK_RUN_CASE=breakdown_view ./tests/check_panel
 * Under gdb:     CK_FORK=no CK_RUN_CASE=breakdown_view gdb ./tests/check_panel
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clock.h"
#include "strbuf.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

/* xterm's F6 (tests/tui.h has the keys check_tui uses). */
#define KEY_F6 "\x1b[17~"

/* What the panel shows, in one place (ui/panel.c, docs/editor.md). */
#define P_TITLE "Account overview"
#define P_KYC "Individual (KYC)"
#define P_KYB "Business (KYB)"
#define P_STRIP_KEY "F6 overview"      /* the summary line under the form */
#define P_BORDER "\xe2\x94\x82"         /* the panel's separator, U+2502 */
#define P_NO_TOTAL "not available"
#define P_NO_TOTAL_WHY "your own profile"
#define P_READ_ONLY "overview is read-only"

#define ADA_USERNAME "ada-lovelace"
#define ADA_NAME "Ada Lovelace"

/* Start profed with args (NULL-terminated, may be NULL) as ada (token in
 * the environment) in a rows x cols terminal. TZ is nine hours east of
 * UTC with no zone files needed, so "local time" is visibly not UTC. */
static void start(const char *token, const char *const args[], int rows,
                  int cols)
{
	e2e_env("TZ", "JST-9");
	e2e_start(token, args, rows, cols);
	ck_assert(tui_wait_text(e2e.t, "Loaded", TUI_WAIT_MS));
}

/* The row text is on (waiting for it first), failing the test when it
 * does not come. */
static int row_of(const char *text)
{
	int r = -1;

	e2e_see(text);
	if (!tui_find(e2e.t, text, &r, NULL))
		tui_dump(e2e.t, text);
	ck_assert_msg(r >= 0, "not on the screen: %s", text);
	return r;
}

/* Whether row r holds text now. */
static bool row_now_has(int r, const char *text)
{
	char *line = tui_row(e2e.t, r);
	bool yes = line && strstr(line, text);

	free(line);
	return yes;
}

/* Whether row r holds text within the wait (the row's label may have
 * arrived before the rest of its redraw). */
static bool row_has(int r, const char *text)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	while (!row_now_has(r, text))
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			return row_now_has(r, text);
	return true;
}

/* Wait until the first row holding label also holds value (a redraw may
 * be half way through). */
static void see_on_row(const char *label, const char *value)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	for (;;) {
		int r = -1;
		if (tui_find(e2e.t, label, &r, NULL) && row_now_has(r, value))
			return;
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	tui_dump(e2e.t, value);
	ck_abort_msg("\"%s\" is not on the row of \"%s\"", value, label);
}

/* Wait until the terminal cursor sits on the start of text: the selected
 * balance row (its symbol) or a field. */
static void see_cursor_on(const char *text)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;

	for (;;) {
		int r, c;
		tui_cursor(e2e.t, &r, &c);
		if (tui_col_in_row(e2e.t, r, text) == c)
			return;
		if (clock_now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	tui_dump(e2e.t, text);
	ck_abort_msg("the cursor is not on \"%s\"", text);
}

/* Quit with Ctrl-Q (nothing unsent) and check the exit status. */
static void quit(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* Replace ada's stored profile: key set to the JSON value text. */
static void patch_ada(const char *key, const char *json_value)
{
	ck_assert_msg(stub_set_user_field(e2e.stub, STUB_ADA_ID, key, json_value) == 0,
	              "cannot set %s to %s", key, json_value);
}

/* A rows x cols size the panel must tell the truth at. */
static const int sizes[][2] = { { 24, 80 }, { 60, 200 } };

/* ------------------------------------------------------------------ */

/* The demo account at both sizes: total, verification, id, local created
 * date, picture, and the balances sorted with the unpriced one last. At
 * 80x24 the summary line says it all at once and F6 shows the rest. */
START_TEST(demo_account)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	int usd, eur, btc, gld;

	start(STUB_TOKEN_ADA, NULL, rows, cols);
	if (cols < 100) {
		e2e_see(P_STRIP_KEY);
		see_on_row(P_STRIP_KEY, "KYC approved");
		see_on_row(P_STRIP_KEY, "KYB pending");
		see_on_row(P_STRIP_KEY, "Total $15,234.50");
		see_on_row(P_STRIP_KEY, "4 balances");
		e2e_keys(KEY_F6);
	}
	e2e_see(P_TITLE);
	see_on_row(P_KYC, "approved");
	see_on_row(P_KYB, "pending");
	see_on_row("Total", "$15,234.50");
	see_on_row("ID", "user_Demo0000000001");
	/* 2023-12-01T05:00:00Z is 14:00 nine hours east */
	see_on_row("Created", "2023-12-01 14:00 JST");
	see_on_row("Picture", "https://media.example.invalid/ada");
	e2e_see("Balances (4)");
	usd = row_of("USD ");
	eur = row_of("EUR ");
	btc = row_of("cbBTC");
	gld = row_of("GLD");
	ck_assert_msg(usd < eur && eur < btc && btc < gld,
	              "order USD %d, EUR %d, cbBTC %d, GLD %d", usd, eur, btc, gld);
	ck_assert(row_has(usd, "12,000.00") && row_has(usd, "$12,000.00"));
	ck_assert(row_has(eur, "1,500") && row_has(eur, "$1,620.75"));
	ck_assert(row_has(btc, "0.01650000") && row_has(btc, "$1,613.75"));
	ck_assert(row_has(gld, "unpriced"));
	if (cols >= 100) {
		/* wide: names and prices fit too */
		ck_assert(row_has(usd, "US Dollar") && row_has(eur, "$1.0805"));
		ck_assert(row_has(btc, "$97,803.03"));
	}
	ck_assert(!tui_has_text(e2e.t, "$0.00"));
	quit();
}
END_TEST

/* Another user's profile: no total, and the reason, never "$0.00"; the
 * empty list is not claimed to be empty; verification not created. */
START_TEST(null_total_explained)
{
	const char *args[] = { "charles-b", NULL };

	start(STUB_TOKEN_ADA, args, 60, 200);
	e2e_see(P_TITLE);
	see_on_row("Total", P_NO_TOTAL);
	see_on_row("Total", P_NO_TOTAL_WHY);
	e2e_see("balance-read permission");
	e2e_see("none listed");
	see_on_row(P_KYC, "not created");
	see_on_row(P_KYB, "not created");
	see_on_row("Picture", "none");
	ck_assert(!tui_has_text(e2e.t, "$0.00"));
	quit();
}
END_TEST

/* Your own profile without the balance scope: the same honesty. */
START_TEST(null_total_without_scope)
{
	start(STUB_TOKEN_NOPERM, NULL, 24, 80);
	see_on_row(P_STRIP_KEY, "Total not available");
	/* an empty list without a total is not "no balances" */
	ck_assert(!tui_has_text(e2e.t, "no balances"));
	e2e_keys(KEY_F6);
	see_on_row("Total", P_NO_TOTAL);
	e2e_see(P_NO_TOTAL_WHY);
	ck_assert(!tui_has_text(e2e.t, "$0.00"));
	quit();
}
END_TEST

/* A known total of zero with no balances: "$0.00" and "no balances". */
START_TEST(empty_balances)
{
	patch_ada("total_usd", "\"0\"");
	patch_ada("balances", "[]");
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	see_on_row("Total", "$0.00");
	e2e_see("no balances");
	ck_assert_int_eq(tui_resize(e2e.t, 24, 80), 0);
	see_on_row(P_STRIP_KEY, "Total $0.00 \xc2\xb7 no balances");
	ck_assert(!tui_has_text(e2e.t, "USD"));
	quit();
}
END_TEST

/* An unpriced holding first in the server's list is shown last; a
 * negative value comes after zero, and the total rounds half a cent up. */
START_TEST(unpriced_last)
{
	int gld, neg, zero, top;

	patch_ada("total_usd", "\"1234.005\"");
	patch_ada("balances", "["
	          "{\"symbol\":\"GLD\",\"name\":\"Gold\",\"balance\":\"7\","
	          "\"value_usd\":null,\"price_usd\":null,\"breakdown\":{}},"
	          "{\"symbol\":\"NEG\",\"name\":\"Debt\",\"balance\":\"-3\","
	          "\"value_usd\":\"-0.005\",\"price_usd\":1,\"breakdown\":{}},"
	          "{\"symbol\":\"ZERO\",\"name\":\"Nothing\",\"balance\":\"0\","
	          "\"value_usd\":\"0\",\"price_usd\":1,\"breakdown\":{}},"
	          "{\"symbol\":\"TOP\",\"name\":\"Most\",\"balance\":\"1000000\","
	          "\"value_usd\":\"1000000.004\",\"price_usd\":1,\"breakdown\":{}}]");
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	see_on_row("Total", "$1,234.01");
	e2e_see("Balances (4)");
	top = row_of("TOP");
	zero = row_of("ZERO");
	neg = row_of("NEG");
	gld = row_of("GLD");
	ck_assert_msg(top < zero && zero < neg && neg < gld,
	              "TOP %d ZERO %d NEG %d GLD %d", top, zero, neg, gld);
	ck_assert(row_has(top, "$1,000,000.00") && row_has(top, "1,000,000"));
	ck_assert(row_has(zero, "$0.00"));
	ck_assert(row_has(neg, "-$0.01") && row_has(neg, "-3"));
	ck_assert(row_has(gld, "unpriced"));
	quit();
}
END_TEST

/* F6 selects the first balance and shows its breakdown under it, with the
 * cursor on it; Down moves to the next, whose buckets (in_transit
 * included) replace the first's. Esc goes back to the form. */
START_TEST(breakdown_view)
{
	int usd;

	patch_ada("balances", "["
	          "{\"symbol\":\"USD\",\"name\":\"US Dollar\",\"balance\":\"12000.00\","
	          "\"value_usd\":\"12000.00\",\"price_usd\":1,\"breakdown\":"
	          "{\"available\":\"11000.00\",\"pending\":\"750.00\","
	          "\"reserve\":\"250.00\"}},"
	          "{\"symbol\":\"EUR\",\"name\":\"Euro\",\"balance\":\"1500\","
	          "\"value_usd\":\"1620.75\",\"price_usd\":1.0805,\"breakdown\":"
	          "{\"available\":\"1400\",\"pending\":\"0\",\"reserve\":\"0\","
	          "\"in_transit\":\"100.5\"}},"
	          "{\"symbol\":\"GLD\",\"name\":\"Gold\",\"balance\":\"7\","
	          "\"value_usd\":null,\"price_usd\":null,\"breakdown\":{}}]");
	start(STUB_TOKEN_ADA, NULL, 40, 120);
	e2e_see("Balances (3)");
	ck_assert(!tui_has_text(e2e.t, "available"));
	e2e_keys(KEY_F6);
	see_on_row("750.00", "pending");
	see_on_row("250.00", "reserve");
	see_on_row("available", "11,000.00");
	see_cursor_on("USD ");
	usd = row_of("USD ");
	ck_assert_int_gt(row_of("available"), usd);
	ck_assert_int_lt(row_of("available"), row_of("EUR "));
	e2e_keys(TUI_KEY_DOWN);
	see_on_row("in transit", "100.5");
	ck_assert(tui_wait_gone(e2e.t, "750.00", TUI_WAIT_MS));
	see_on_row("available", "1,400");
	see_cursor_on("EUR ");
	e2e_keys(TUI_KEY_DOWN);
	e2e_see("no breakdown sent");
	/* typing in the panel changes nothing and says why */
	e2e_keys("x");
	e2e_see(P_READ_ONLY);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "no breakdown sent", TUI_WAIT_MS));
	/* back in the form: the cursor in the Name field, typing edits it */
	e2e_keys(TUI_KEY_END "!");
	e2e_see(ADA_NAME "!");
	e2e_keys(TUI_KEY_BACKSPACE);
	ck_assert(tui_wait_gone(e2e.t, ADA_NAME "!", TUI_WAIT_MS));
	quit();
}
END_TEST

/* Each verification state has its word (colour is never the only sign):
 * KYC and KYB get different states in each run. */
static const char *const states[][2] = {
	{ "{\"status\":\"approved\"}", "approved" },
	{ "{\"status\":\"pending\"}", "pending" },
	{ "{\"status\":\"rejected\"}", "rejected" },
	{ "{\"status\":\"not_started\"}", "not started" },
	{ "null", "not created" },
	{ "{\"status\":\"frozen\"}", "unrecognised" },
};
#define N_STATES (int)(sizeof states / sizeof states[0])

START_TEST(verification_states)
{
	int k = _i / 2, b = (_i / 2 + 1) % N_STATES;
	bool narrow = _i % 2 == 0;
	char *v;

	ck_assert(asprintf(&v, "{\"individual\":%s,\"business\":%s}",
	                   states[k][0], states[b][0]) > 0);
	patch_ada("verification", v);
	free(v);
	start(STUB_TOKEN_ADA, NULL, narrow ? 24 : 60, narrow ? 80 : 200);
	if (narrow) {
		char *want;
		ck_assert(asprintf(&want, "KYC %s \xc2\xb7 KYB %s", states[k][1],
		                   states[b][1]) > 0);
		see_on_row(P_STRIP_KEY, want);
		free(want);
		e2e_keys(KEY_F6);
	}
	see_on_row(P_KYC, states[k][1]);
	see_on_row(P_KYB, states[b][1]);
	quit();
}
END_TEST

/* Build ada with n balances "T0000".."T<n-1>", values falling with the
 * index so the display order is the server's; every seventh unpriced. */
static void seed_many(int n)
{
	struct strbuf sb = { 0 };
	char *json;

	ck_assert_int_eq(strbuf_append_str(&sb, "["), 0);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(strbuf_appendf(&sb, "%s{\"symbol\":\"T%04d\","
		                 "\"name\":\"Token %d\",\"balance\":\"%d.5\","
		                 "\"value_usd\":\"%d.25\",\"price_usd\":1.5,"
		                 "\"breakdown\":{\"available\":\"%d\"}}",
		                 i ? "," : "", i, i, i, n - i, i), 0);
	ck_assert_int_eq(strbuf_append_str(&sb, "]"), 0);
	json = strbuf_take(&sb);
	patch_ada("balances", json);
	free(json);
	strbuf_free(&sb);
}

/* 5,000 balances: the heading says which are shown; PgDn, End, PgUp and
 * Home move through them; the selected row has the cursor. */
START_TEST(paging_5000)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];

	seed_many(5000);
	start(STUB_TOKEN_ADA, NULL, rows, cols);
	if (cols < 100)
		see_on_row(P_STRIP_KEY, "5000 balances");
	e2e_keys(KEY_F6);
	e2e_see("Balances 1-");
	e2e_see("of 5000");
	e2e_see("T0000");
	e2e_keys(TUI_KEY_PGDN);
	ck_assert(tui_wait_gone(e2e.t, "Balances 1-", TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, "T0000", TUI_WAIT_MS));
	e2e_keys(TUI_KEY_END);
	e2e_see("T4999");
	e2e_see("of 5000");
	see_on_row("Balances", "-5000 of 5000");
	see_cursor_on("T4999");
	see_on_row("available", "4,999");
	e2e_keys(TUI_KEY_PGUP);
	ck_assert(tui_wait_gone(e2e.t, "T4999", TUI_WAIT_MS));
	e2e_keys(TUI_KEY_HOME);
	e2e_see("T0000");
	e2e_see("Balances 1-");
	see_cursor_on("T0000");
	/* many keys at once end where they should */
	for (int i = 0; i < 30; i++)
		e2e_keys(TUI_KEY_DOWN);
	see_cursor_on("T0030");
	see_on_row("available", "30");
	quit();
}
END_TEST

/* The balance filter with 5,000 rows: '/' filters by symbol or name as
 * you type (the line at the panel's top says it and how many match), n
 * and N go to the next and previous match (wrapping), Backspace widens
 * it, Esc clears it (the selection stays) and Esc again leaves the
 * overview; 'n' and '/' are text in the form. */
START_TEST(filter_5000)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];

	seed_many(5000);
	start(STUB_TOKEN_ADA, NULL, rows, cols);
	e2e_keys(KEY_F6);
	e2e_see("T0000");
	e2e_keys("/T499");
	e2e_see("Filter /T499");
	e2e_see("10 of 5000");
	e2e_see("T4990");
	ck_assert(tui_wait_gone(e2e.t, "T0000", TUI_WAIT_MS));
	/* the cursor is on the filter line while it is typed */
	see_cursor_on("  10 of 5000");
	/* case and the name count too */
	e2e_keys(TUI_CTRL_U "tOKEN 12");
	e2e_see("111 of 5000");
	e2e_keys(TUI_KEY_BACKSPACE);
	e2e_see("1111 of 5000");
	e2e_keys("zz");
	e2e_see("0 of 5000");
	e2e_see("none of 5000 matches");
	/* hostile: a paste longer than the filter is cut (on a character's
	 * boundary), its escape bytes never reach it */
	{
		char paste[200] = "\x1b[200~\x1b[31m", want[80] = "/";
		memset(paste + strlen(paste), 'x', 61);
		strcat(paste, "\xe6\xbc\xa2xxxx\x1b[201~");
		memset(want + 1, 'x', 61);
		e2e_keys(TUI_CTRL_U);
		e2e_keys(paste);
		e2e_see("none of 5000 matches");
		e2e_see(want);
		/* the sequence was swallowed whole; 61 x and the wide
		 * character would be 64 bytes: cut before it, not inside */
		ck_assert(!tui_has_text(e2e.t, "[31m"));
		ck_assert(!tui_has_text(e2e.t, "\xe6\xbc\xa2"));
		ck_assert(!tui_raw_contains(e2e.t, "\x1b[31mxxx", 8));
	}
	/* a paste goes into the filter line (never a key) */
	e2e_keys(TUI_CTRL_U "\x1b[200~t499\x1b[201~");
	e2e_see("Filter /t499");
	e2e_keys(TUI_KEY_ENTER);
	e2e_see("n/N next/previous");
	see_cursor_on("T4990");
	e2e_keys("n");
	see_cursor_on("T4991");
	e2e_keys("nn");
	see_cursor_on("T4993");
	e2e_keys("NNNN");
	see_cursor_on("T4999");
	e2e_keys("n");
	see_cursor_on("T4990");
	e2e_keys(TUI_KEY_END);
	see_cursor_on("T4999");
	see_on_row("Balances matching:", "10");
	see_on_row("Balances matching:", "5000");
	/* Esc clears: every row is back, the selection kept */
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "Filter /", TUI_WAIT_MS));
	see_on_row("Balances", "of 5000");
	see_cursor_on("T4999");
	e2e_keys(TUI_KEY_UP);
	see_cursor_on("T4998");
	/* Esc again: back to the form, where n and / are text */
	e2e_keys(TUI_KEY_ESC);
	e2e_see(ADA_NAME);
	e2e_keys(TUI_KEY_END "n/N");
	e2e_see(ADA_NAME "n/N");
	e2e_keys(TUI_KEY_BACKSPACE TUI_KEY_BACKSPACE TUI_KEY_BACKSPACE);
	ck_assert(tui_wait_gone(e2e.t, ADA_NAME "n", TUI_WAIT_MS));
	quit();
}
END_TEST

/* The filter's keys are in the F1 help, scoped to the overview. */
START_TEST(filter_keys_documented)
{
	start(STUB_TOKEN_ADA, NULL, 40, 120);
	e2e_keys(TUI_KEY_F1);
	e2e_see("Help: keys");
	/* page on until the overview's keys show (the help grows as keys
	 * are added) */
	for (int k = 0; k < 10 &&
	     !tui_wait_text(e2e.t, "overview: filter the balances", 300); k++)
		e2e_keys(TUI_KEY_PGDN);
	e2e_see("overview: filter the balances");
	e2e_see("overview: the next balance the filter matches");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "overview: filter", TUI_WAIT_MS));
	quit();
}
END_TEST

/* The column of the first '.' in the cells of row r from column from
 * on, between the border and column to: -1 when none. */
static int dot_col(int r, int from, int to)
{
	char *line = tui_row(e2e.t, r);
	int col = 0, found = -1;

	/* cells: the rows here are ASCII after the border (one byte each,
	 * the border three bytes in one cell) */
	for (const char *p = line; p && *p && col < to; col++) {
		size_t n = ((unsigned char)*p & 0x80) ? 3 : 1;
		if (col >= from && *p == '.' && found < 0)
			found = col;
		p += n;
	}
	free(line);
	return found;
}

/* 200x60: the panel grows to its content (nothing ends in "…" while there
 * is room: a long name, a long amount), and amounts and values line up on
 * the decimal point. */
START_TEST(layout_200x60)
{
	static const char *const syms[] = { "USD", "EUR", "cbBTC", "LONG", "INT" };
	int border = -1, amount_x, value_x, want_amount = -1, want_value = -1;

	patch_ada("balances", "["
	          "{\"symbol\":\"USD\",\"name\":\"US Dollar\",\"balance\":"
	          "\"12000.00\",\"value_usd\":\"12000.00\",\"price_usd\":1,"
	          "\"breakdown\":{}},"
	          "{\"symbol\":\"EUR\",\"name\":\"Euro\",\"balance\":\"1500.5\","
	          "\"value_usd\":\"1620.75\",\"price_usd\":1.0805,\"breakdown\":{}},"
	          "{\"symbol\":\"cbBTC\",\"name\":\"Coinbase Wrapped Bitcoin on "
	          "Base\",\"balance\":\"0.0165\",\"value_usd\":"
	          "\"1613.75\",\"price_usd\":97803.03,\"breakdown\":{}},"
	          "{\"symbol\":\"LONG\",\"name\":\"A token with a long amount\","
	          "\"balance\":\"123456789012.123456\",\"value_usd\":"
	          "\"12.5\",\"price_usd\":0.001,\"breakdown\":{}},"
	          "{\"symbol\":\"INT\",\"name\":\"Whole units\",\"balance\":"
	          "\"7\",\"value_usd\":\"7\",\"price_usd\":1,\"breakdown\":{}}]");
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_see("Coinbase Wrapped Bitcoin on Base");
	e2e_see("123,456,789,012.123456");
	/* the panel is wider than the old fixed 84 columns, the form keeps
	 * half */
	for (int r = 1; r < 55 && border < 0; r++)
		border = tui_col_in_row(e2e.t, r, P_BORDER);
	ck_assert_int_ge(border, 100);
	ck_assert_int_lt(border, 200 - 84);
	for (int r = 1; r < 57; r++) {
		char *line = tui_row(e2e.t, r);
		/* nothing after the border is cut */
		int b = tui_col_in_row(e2e.t, r, P_BORDER);
		if (b >= 0 && tui_col_in_row(e2e.t, r, "\xe2\x80\xa6") > b) {
			tui_dump(e2e.t, "a cut cell");
			ck_abort_msg("row %d ends in \"…\": %s", r, line);
		}
		free(line);
	}
	/* the points line up: AMOUNT and VALUE columns */
	amount_x = tui_col_in_row(e2e.t, row_of("AMOUNT"), "AMOUNT");
	value_x = tui_col_in_row(e2e.t, row_of("AMOUNT"), "VALUE");
	ck_assert_int_gt(value_x, amount_x);
	for (size_t k = 0; k < sizeof syms / sizeof syms[0]; k++) {
		int r = -1, a, v;
		for (int rr = 1; rr < 57; rr++)
			if (tui_col_in_row(e2e.t, rr, syms[k]) == border + 2)
				r = rr;
		ck_assert_msg(r > 0, "no row for %s", syms[k]);
		a = dot_col(r, amount_x - 20, value_x - 2);
		v = dot_col(r, value_x - 8, value_x + 30);
		if (k == 4) {
			/* whole units: no point, they end where the others' starts */
			ck_assert_int_lt(a, 0);
			ck_assert_int_eq(tui_col_in_row(e2e.t, r, "7 "), want_amount - 1);
			continue;
		}
		if (want_amount < 0) {
			want_amount = a;
			want_value = v;
		}
		ck_assert_msg(a == want_amount, "%s: amount point at %d, not %d",
		              syms[k], a, want_amount);
		ck_assert_msg(v == want_value, "%s: value point at %d, not %d",
		              syms[k], v, want_value);
	}
	quit();
}
END_TEST

/* 80x24: the form has the whole width (no separator beside it) and a
 * summary line; F6 shows the panel in place of the form, F6 brings the
 * form back with its cursor. Resized to 120 columns the panel stands
 * beside the form; back at 80 it is a summary line again. */
START_TEST(narrow_layout_80x24)
{
	int name_row;

	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_see(P_STRIP_KEY);
	e2e_see("Picture");
	name_row = row_of(ADA_NAME);
	ck_assert_int_lt(tui_col_in_row(e2e.t, name_row, P_BORDER), 0);
	ck_assert(!tui_has_text(e2e.t, P_TITLE));
	ck_assert_int_lt(row_of("Picture"), row_of(P_STRIP_KEY));
	e2e_keys(KEY_F6);
	e2e_see(P_TITLE);
	ck_assert(tui_wait_gone(e2e.t, "Analyst of engines", TUI_WAIT_MS));
	ck_assert(!tui_has_text(e2e.t, ADA_NAME));
	e2e_keys(KEY_F6);
	e2e_see(ADA_NAME);
	ck_assert(tui_wait_gone(e2e.t, P_TITLE, TUI_WAIT_MS));
	name_row = row_of(ADA_NAME);
	/* the cursor is back in the name, at its end */
	ck_assert(tui_wait_cursor(e2e.t, name_row, 2 + (int)strlen(ADA_NAME),
	                          TUI_WAIT_MS));

	ck_assert_int_eq(tui_resize(e2e.t, 30, 120), 0);
	e2e_see(P_TITLE);
	ck_assert(tui_wait_gone(e2e.t, P_STRIP_KEY, TUI_WAIT_MS));
	e2e_see(ADA_NAME);
	name_row = row_of(ADA_NAME);
	ck_assert_int_gt(tui_col_in_row(e2e.t, name_row, P_BORDER), 0);
	ck_assert(tui_wait_cursor(e2e.t, name_row, 2 + (int)strlen(ADA_NAME),
	                          TUI_WAIT_MS));

	ck_assert_int_eq(tui_resize(e2e.t, 24, 80), 0);
	e2e_see(P_STRIP_KEY);
	ck_assert(tui_wait_gone(e2e.t, P_TITLE, TUI_WAIT_MS));
	quit();
}
END_TEST

/* A hostile symbol and name: shown inert (caret notation), never written
 * raw, and the panel's border stays in one column on every row. */
START_TEST(hostile_text_inert)
{
	static const char osc[] = "\x1b]0;pwned";
	int col = -1;

	patch_ada("balances", "["
	          "{\"symbol\":\"\\u001b]0;pwned\\u0007X\",\"name\":"
	          "\"\\u202eeman \\u001b[2Jwide \xe6\xbc\xa2\xe5\xad\x97\","
	          "\"balance\":\"1\\u001b[31m\",\"value_usd\":\"5\","
	          "\"price_usd\":\"x\\u001b\",\"breakdown\":"
	          "{\"avail\\u001b[1m\":\"\\u0007\"}},"
	          "{\"symbol\":\"OK\",\"name\":\"Fine\",\"balance\":\"1\","
	          "\"value_usd\":\"1\",\"price_usd\":1,\"breakdown\":{}}]");
	start(STUB_TOKEN_ADA, NULL, 30, 120);
	e2e_see("^[]0;");
	e2e_keys(KEY_F6);
	e2e_see("avail^[[1m");
	e2e_see("^G");
	ck_assert(!tui_raw_contains(e2e.t, osc, sizeof osc - 1));
	ck_assert(!tui_raw_contains(e2e.t, "\x1b[2Jwide", 7));
	ck_assert(!tui_raw_contains(e2e.t, "1\x1b[31m", 6));
	for (int r = 1; r < 28; r++) {
		int c = tui_col_in_row(e2e.t, r, P_BORDER);
		if (col < 0)
			col = c;
		ck_assert_msg(c == col, "border at column %d on row %d, %d above",
		              c, r, col);
	}
	ck_assert_int_gt(col, 0);
	quit();
}
END_TEST

/* The later nested "balance" object (--api-version 2026-08-21-1). */
START_TEST(nested_shape)
{
	const char *args[] = { "--api-version", "2026-08-21-1", NULL };

	start(STUB_TOKEN_ADA, args, 60, 200);
	see_on_row("Total", "$15,234.50");
	e2e_see("cash $13,620.75");
	e2e_see("crypto $1,613.75");
	e2e_see("[cash]");
	e2e_see("[crypto]");
	see_on_row("usd", "$11,000.00");
	see_on_row("cbBTC", "$1,613.75");
	ck_assert_int_lt(row_of("[cash]"), row_of("[crypto]"));
	e2e_keys(KEY_F6);
	see_on_row("pending balance", "$750.00");
	quit();
}
END_TEST

/* The original version has no balances or verification: said so. */
START_TEST(legacy_version)
{
	const char *args[] = { "--api-version", "2025-01-01", NULL };

	start(STUB_TOKEN_ADA, args, 60, 200);
	see_on_row(P_KYC, "not sent");
	see_on_row(P_KYB, "not sent");
	see_on_row("Total", "API version");
	e2e_see("balances were not sent");
	ck_assert(!tui_has_text(e2e.t, "$0.00"));
	quit();
}
END_TEST

/* F6 is in the F1 help and on the hint line of a wide terminal. */
START_TEST(key_documented)
{
	start(STUB_TOKEN_ADA, NULL, 40, 120);
	e2e_see("F6 Overview");
	e2e_keys(TUI_KEY_F1);
	e2e_see("into the account overview and back");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "into the account overview", TUI_WAIT_MS));
	quit();
}
END_TEST

/* ------------------------------------------------------------------ */


#define CASE(s, name) e2e_add_case((s), #name, name, 1)
#define LOOP(s, name, n) e2e_add_case((s), #name, name, (n))

int main(void)
{
	Suite *s = suite_create("panel");
	SRunner *sr;
	int failed;

	LOOP(s, demo_account, (int)(sizeof sizes / sizeof sizes[0]));
	CASE(s, null_total_explained);
	CASE(s, null_total_without_scope);
	CASE(s, empty_balances);
	CASE(s, unpriced_last);
	CASE(s, breakdown_view);
	LOOP(s, verification_states, 2 * N_STATES);
	LOOP(s, paging_5000, (int)(sizeof sizes / sizeof sizes[0]));
	LOOP(s, filter_5000, (int)(sizeof sizes / sizeof sizes[0]));
	CASE(s, filter_keys_documented);
	CASE(s, layout_200x60);
	CASE(s, narrow_layout_80x24);
	CASE(s, hostile_text_inert);
	CASE(s, nested_shape);
	CASE(s, legacy_version);
	CASE(s, key_documented);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
