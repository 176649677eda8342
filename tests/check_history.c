/* check_history.c - end-to-end tests of the member's history pane (F7)
 * and the access badges of the overview: the real profed binary in a
 * pseudo-terminal (tests/tui.h) against the in-process stub
 * (tests/stub/stub.h), whose journal shows every request sent.
 *
 * The stub's grace-hopper is a member of STUB_ACCOUNT_ID with 130 log
 * entries, most recent first, cycling through: "Membership renewed" by
 * the system (actor null), "Access granted to Pro plan" by Ada Lovelace,
 * a null action by an actor with only an id (user_Demo0000000005), a
 * payment by the system, a note by grace-hopper (username only).
 * charles-b is no member; charles' token has no member scope (403).
 *
 * Run one case:  CK_RUN_CASE=grace_pages ./tests/check_history
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

/* xterm's F6 and F7 (tests/tui.h has the keys check_tui uses). */
#define KEY_F6 "\x1b[17~"
#define KEY_F7 "\x1b[18~"

/* What the pane and the badges show, in one place (ui/history.c,
 * ui/access.c, docs/editor.md). */
#define H_TITLE_GRACE "History of grace-hopper"
#define H_MEMBER "Member " STUB_MEMBER_GRACE " of " STUB_ACCOUNT_ID
#define H_BACK "F7/Esc: back to the form"
#define H_HINT "F1 Help"
#define H_DASH "\xe2\x80\x94" /* U+2014: a null action */
#define H_ID_ONLY "user_Demo0000000005"
#define H_NOT_MEMBER "charles-b is not a member of " STUB_ACCOUNT_ID
#define H_NO_ACCOUNT "--account-id"
#define H_FORBIDDEN "member:basic:read"

#define PATH_MEMBERS "/api/v1/members"
#define PATH_LOGS "/api/v1/members/" STUB_MEMBER_GRACE "/logs"
#define PATH_ACCESS "/api/v1/users/" /* ... /access/ */

/* The stub's cursors: base64 of "cursor:N", escaped in the query. */
#define CURSOR_50 "Y3Vyc29yOjUw"
#define CURSOR_100 "Y3Vyc29yOjEwMA%3D%3D"

/* The access-check setting of the badge tests: blanks around commas. */
#define BADGES "access-check = " STUB_PRODUCT_ID ", " STUB_ACCOUNT_ID \
               " , " STUB_EXPERIENCE_ID "\n"

static const char *const account[] = { "--account-id", STUB_ACCOUNT_ID,
                                        "grace-hopper", NULL };

/* A rows x cols size the pane must tell the truth at. */
static const int sizes[][2] = { { 24, 80 }, { 60, 200 } };

/* Start profed with token and args in a rows x cols terminal, local
 * time nine hours east of UTC, and wait for the profile. */
static void start(const char *token, const char *const args[], int rows,
                  int cols)
{
	bool with_account = false;

	for (size_t i = 0; args && args[i]; i++)
		with_account |= strcmp(args[i], "--account-id") == 0;
	e2e_env("TZ", "JST-9");
	e2e_start(token, args, rows, cols);
	ck_assert(tui_wait_text(e2e.t, "Loaded", TUI_WAIT_MS));
	/* with an account the member card asks for the membership after the
	 * load (F7 then needs no search of its own): wait for its answer */
	if (with_account && token && strcmp(token, STUB_API_KEY) == 0) {
		e2e_wait_count("GET", PATH_MEMBERS, 1);
		e2e_sync_keys(H_HINT);
	}
}

/* Quit with Ctrl-Q (nothing unsent) and check the exit status. */
static void quit(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* Requests (any method) to exactly path. */
static size_t count_exact(const char *path)
{
	size_t n = 0, total = stub_journal_count(e2e.stub);

	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(e2e.stub, i);
		ck_assert_ptr_nonnull(r);
		n += strcmp(r->path, path) == 0;
		stub_request_free(r);
	}
	return n;
}

/* The query of the k-th GET to paths starting with prefix (copied). */
static char *query_of(const char *prefix, size_t k)
{
	struct stub_request *r = stub_journal_nth(e2e.stub, "GET", prefix, k);
	char *q;

	ck_assert_msg(r != NULL, "no request %zu to %s", k, prefix);
	q = strdup(r->query);
	ck_assert_ptr_nonnull(q);
	stub_request_free(r);
	return q;
}

/* Whether query holds the parameter "name=value" exactly. */
static bool has_param(const char *query, const char *param)
{
	size_t n = strlen(param);

	for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
		if (strncmp(p, param, n) == 0 && (p[n] == '&' || !p[n]))
			return true;
	return false;
}

/* Whether query has a parameter called name. */
static bool has_name(const char *query, const char *name)
{
	char want[64];
	size_t n;

	snprintf(want, sizeof want, "%s=", name);
	n = strlen(want);
	for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
		if (strncmp(p, want, n) == 0)
			return true;
	return false;
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

/* F7 on grace: the member, then one page of 50 entries with the system
 * actor, a null action as "—" and an actor known only by id; scrolling
 * inside the page asks for nothing, reaching its end asks for exactly
 * the next page (after=end_cursor), up to the 130th entry, and never
 * beyond. F7 closes the pane. */
START_TEST(grace_pages)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	char *q;

	start(STUB_API_KEY, account, rows, cols);
	ck_assert_uint_eq(e2e_count("GET", PATH_MEMBERS), 1); /* the card's */
	e2e_keys(KEY_F7);
	e2e_see(H_TITLE_GRACE);
	e2e_see(H_MEMBER);
	e2e_see("Membership renewed");
	e2e_see("system");
	e2e_see("Access granted to Pro plan");
	e2e_see("Ada Lovelace");
	e2e_see(H_DASH);
	e2e_see(H_ID_ONLY);
	e2e_see("of 50+");
	/* one members request for grace, in the business: the member card's,
	 * which F7 takes over */
	ck_assert_uint_eq(count_exact(PATH_MEMBERS), 1);
	q = query_of(PATH_MEMBERS, 0);
	ck_assert_msg(has_param(q, "account_id=" STUB_ACCOUNT_ID), "%s", q);
	ck_assert_msg(has_param(q, "user_ids=user_Demo0000000003"), "%s", q);
	free(q);
	/* the first page: 50, no cursor */
	ck_assert_uint_eq(count_exact(PATH_LOGS), 1);
	q = query_of(PATH_LOGS, 0);
	ck_assert_msg(has_param(q, "first=50") && !has_name(q, "after"), "%s", q);
	free(q);
	/* down a few rows: still within the page, nothing asked */
	e2e_keys(TUI_KEY_DOWN TUI_KEY_DOWN TUI_KEY_DOWN TUI_KEY_UP);
	e2e_sync_keys(H_HINT);
	ck_assert_uint_eq(count_exact(PATH_LOGS), 1);
	/* the end: the next page */
	e2e_keys(TUI_KEY_END);
	e2e_see("of 100+");
	ck_assert_uint_eq(count_exact(PATH_LOGS), 2);
	q = query_of(PATH_LOGS, 1);
	ck_assert_msg(has_param(q, "first=50") &&
	              has_param(q, "after=" CURSOR_50), "%s", q);
	free(q);
	/* PgDn until the end: the last page (30) */
	for (int k = 0; k < 200 && count_exact(PATH_LOGS) < 3; k++) {
		e2e_keys(TUI_KEY_PGDN);
		e2e_sync_keys(H_HINT);
	}
	e2e_see("of 130");
	ck_assert(tui_wait_gone(e2e.t, "of 130+", TUI_WAIT_MS));
	ck_assert_uint_eq(count_exact(PATH_LOGS), 3);
	q = query_of(PATH_LOGS, 2);
	ck_assert_msg(has_param(q, "after=" CURSOR_100), "%s", q);
	free(q);
	/* nothing more to ask for */
	e2e_keys(TUI_KEY_END TUI_KEY_DOWN TUI_KEY_PGDN);
	e2e_sync_keys(H_HINT);
	ck_assert_uint_eq(count_exact(PATH_LOGS), 3);
	ck_assert_uint_eq(count_exact(PATH_MEMBERS), 1);
	/* Home shows the first again; F7 closes */
	e2e_keys(TUI_KEY_HOME);
	e2e_see("Entries 1-");
	e2e_keys(KEY_F7);
	ck_assert(tui_wait_gone(e2e.t, H_TITLE_GRACE, TUI_WAIT_MS));
	ck_assert_uint_eq(count_exact(PATH_LOGS), 3);
	quit();
}
END_TEST

/* Narrow places: beside the form at 100 columns (two lines an entry:
 * time and actor, the action under them) and in place of the form at the
 * minimum 60x16. Every entry's words are reachable, paging works. */
static const int narrow[][2] = { { 30, 100 }, { 16, 60 } };

START_TEST(narrow_places)
{
	int rows = narrow[_i][0], cols = narrow[_i][1];

	start(STUB_API_KEY, account, rows, cols);
	e2e_keys(KEY_F7);
	e2e_see(H_TITLE_GRACE);
	e2e_see("Membership renewed");
	e2e_see("system");
	e2e_see("of 50+");
	e2e_see(" JST");
	if (getenv("HISTORY_DUMP"))
		tui_dump(e2e.t, "narrow");
	e2e_keys(TUI_KEY_END);
	e2e_see("of 100+");
	ck_assert_uint_eq(count_exact(PATH_LOGS), 2);
	e2e_keys(KEY_F7);
	ck_assert(tui_wait_gone(e2e.t, H_TITLE_GRACE, TUI_WAIT_MS));
	quit();
}
END_TEST

/* A resize while the pane is open: it is laid out again at each size
 * (beside the form when wide, in its place when narrow), keeps its
 * entries and asks for nothing more; after it closes the form is back. */
START_TEST(resize_while_open)
{
	start(STUB_API_KEY, account, 24, 80);
	e2e_keys(KEY_F7);
	e2e_see(H_TITLE_GRACE);
	e2e_see("of 50+");
	/* the entries that fit at each of the narrow sizes */
	static const char *const fit[] = { "Entries 1-11 of 50+",
	                                   "Entries 1-4 of 50+" };
	ck_assert_uint_eq(sizeof fit / sizeof fit[0],
	                  sizeof narrow / sizeof narrow[0]);
	for (size_t k = 0; k < sizeof narrow / sizeof narrow[0]; k++) {
		ck_assert_int_eq(tui_resize(e2e.t, narrow[k][0], narrow[k][1]), 0);
		e2e_sync_keys(H_HINT);
		if (getenv("HISTORY_DUMP"))
			tui_dump(e2e.t, "resized");
		e2e_see(fit[k]);
		e2e_see(H_TITLE_GRACE);
		e2e_see("Membership renewed");
	}
	ck_assert_int_eq(tui_resize(e2e.t, 60, 200), 0);
	e2e_sync_keys(H_HINT);
	e2e_see(H_TITLE_GRACE);
	e2e_see("Access granted to Pro plan");
	ck_assert_uint_eq(count_exact(PATH_LOGS), 1);
	e2e_keys(KEY_F7);
	ck_assert(tui_wait_gone(e2e.t, H_TITLE_GRACE, TUI_WAIT_MS));
	ck_assert_int_eq(tui_resize(e2e.t, 24, 80), 0);
	e2e_see("Username");
	quit();
}
END_TEST

/* charles-b is no member: said in the pane, no logs asked for. */
START_TEST(not_a_member)
{
	static const char *const args[] = { "--account-id", STUB_ACCOUNT_ID,
	                                    "charles-b", NULL };
	int rows = sizes[_i][0], cols = sizes[_i][1];

	start(STUB_API_KEY, args, rows, cols);
	e2e_keys(KEY_F7);
	e2e_see("History of charles-b");
	e2e_see(H_NOT_MEMBER);
	ck_assert_uint_eq(count_exact(PATH_MEMBERS), 1);
	ck_assert_uint_eq(e2e_count("GET", PATH_MEMBERS "/"), 0);
	/* Esc closes (no request runs) */
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, H_NOT_MEMBER, TUI_WAIT_MS));
	quit();
}
END_TEST

/* Without an account the pane says --account-id is needed, and sends
 * nothing. */
START_TEST(no_account)
{
	static const char *const args[] = { "grace-hopper", NULL };
	int rows = sizes[_i][0], cols = sizes[_i][1];
	size_t before;

	start(STUB_API_KEY, args, rows, cols);
	before = stub_journal_count(e2e.stub);
	e2e_keys(KEY_F7);
	e2e_see(H_TITLE_GRACE);
	e2e_see(H_NO_ACCOUNT);
	e2e_sync_keys(H_HINT);
	ck_assert_uint_eq(stub_journal_count(e2e.stub), before);
	ck_assert_uint_eq(e2e_count("GET", PATH_MEMBERS), 0);
	quit();
}
END_TEST

/* charles' token has no member scope: the 403 through the one formatter,
 * in the pane; the editor goes on (F7 closes, Ctrl-Q quits). */
START_TEST(forbidden_403)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	struct stub_request *r;

	start(STUB_TOKEN_CHARLES, account, rows, cols);
	e2e_keys(KEY_F7);
	e2e_see(H_TITLE_GRACE);
	e2e_see(H_FORBIDDEN);
	e2e_see("403");
	ck_assert(e2e_wait_requests("GET", PATH_MEMBERS, 1, TUI_WAIT_MS));
	r = stub_journal_nth(e2e.stub, "GET", PATH_MEMBERS, 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->status, 403);
	stub_request_free(r);
	ck_assert_uint_eq(count_exact(PATH_LOGS), 0);
	e2e_keys(KEY_F7);
	ck_assert(tui_wait_gone(e2e.t, H_FORBIDDEN, TUI_WAIT_MS));
	quit();
}
END_TEST

/* A 404 on the second page: the one formatter's sentence in the footer,
 * the first page kept; Down at the end asks again and gets it. */
START_TEST(page_404_kept)
{
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .count = 1,
	                        .status = 404 };

	start(STUB_API_KEY, account, 60, 200);
	e2e_keys(KEY_F7);
	e2e_see("of 50+");
	stub_fault(e2e.stub, &f);
	e2e_keys(TUI_KEY_END);
	e2e_see("HTTP 404");
	e2e_see("Membership renewed");
	ck_assert_uint_eq(count_exact(PATH_LOGS), 2);
	e2e_keys(TUI_KEY_DOWN);
	e2e_see("of 100+");
	ck_assert(tui_wait_gone(e2e.t, "HTTP 404", TUI_WAIT_MS));
	ck_assert_uint_eq(count_exact(PATH_LOGS), 3);
	quit();
}
END_TEST

/* A slow answer: the loop goes on (F9 still works) and Esc cancels the
 * request in flight, the pane stays and says so; Esc again closes. */
START_TEST(esc_cancels)
{
	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .count = 1,
	                        .delay_ms = 20000 };

	start(STUB_API_KEY, account, 24, 80);
	stub_fault(e2e.stub, &f);
	e2e_keys(KEY_F7);
	e2e_see("Loading entries");
	e2e_sync_keys(H_HINT); /* keys are handled while it waits */
	e2e_keys(TUI_KEY_ESC);
	e2e_see("Cancelled");
	ck_assert(tui_wait_gone(e2e.t, "Loading entries", TUI_WAIT_MS));
	e2e_see(H_TITLE_GRACE);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, H_TITLE_GRACE, TUI_WAIT_MS));
	ck_assert_uint_le(count_exact(PATH_LOGS), 1); /* the cancelled one */
	quit();
}
END_TEST

/* Hostile answers: one body serves both requests (a member page and a
 * log page read the same items): another person's member first (never
 * taken for grace), escapes, OSC 52, a bidi override and a time that is
 * no time. Everything shows as inert text; the border stays straight. */
START_TEST(hostile_answers)
{
	static const char body[] =
		"{\"data\":["
		"{\"id\":\"mber_Other000000001\",\"user\":{\"id\":"
		"\"user_Demo0000000004\",\"username\":\"alan-t\"},"
		"\"action\":\"Other person\",\"created_at\":\"2026-01-01T00:00:00Z\"},"
		"{\"id\":\"mber_Demo00000000001\",\"user\":{\"id\":"
		"\"user_Demo0000000003\",\"username\":\"grace-hopper\"},"
		"\"action\":\"\\u001b]52;c;SGVsbG8=\\u0007Evil\\u001b[31m\","
		"\"actor\":{\"id\":\"user_X\",\"name\":\"\\u202eevil\\u001b[2Jname\"},"
		"\"created_at\":\"not a time\\u001b[1m\"},"
		"7, null, \"text\"],"
		"\"page_info\":{\"end_cursor\":null,\"has_next_page\":true}}";
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
	                        .status = 200, .body = body };
	int col = -1;

	start(STUB_API_KEY, account, 60, 200);
	stub_fault(e2e.stub, &f);
	e2e_keys(KEY_F7);
	e2e_see(H_MEMBER);
	e2e_see("Entries 1-2 of 2");
	ck_assert(tui_wait_gone(e2e.t, "of 2+", TUI_WAIT_MS));
	e2e_see("Other person");
	e2e_see("^[]52;");
	e2e_see("not a time");
	ck_assert(!tui_raw_contains(e2e.t, "\x1b]52;c;", 6));
	ck_assert(!tui_raw_contains(e2e.t, "Evil\x1b[31m", 9));
	ck_assert(!tui_raw_contains(e2e.t, "\x1b[2Jname", 8));
	ck_assert(!tui_raw_contains(e2e.t, "\xe2\x80\xae", 3));
	for (int r = 1; r < 57; r++) {
		int c = tui_col_in_row(e2e.t, r, "\xe2\x94\x82");
		if (col < 0)
			col = c;
		ck_assert_msg(c == col, "border at column %d on row %d, %d above",
		              c, r, col);
	}
	ck_assert_int_gt(col, 0);
	/* no end cursor: nothing more is asked for at the end */
	e2e_keys(TUI_KEY_END);
	e2e_sync_keys(H_HINT);
	ck_assert_uint_eq(count_exact(PATH_LOGS), 1);
	quit();
}
END_TEST

/* A badge the credential may not see: "not known" and the formatter's
 * sentence; the next badge is still asked. */
START_TEST(badges_forbidden)
{
	write_config(BADGES);
	start(STUB_TOKEN_CHARLES, account, 60, 200);
	e2e_see(STUB_PRODUCT_ID ": not known");
	e2e_see(STUB_EXPERIENCE_ID ": not known");
	e2e_see("HTTP 403");
	e2e_see(H_FORBIDDEN);
	ck_assert_uint_eq(e2e_count("GET", "/api/v1/users/user_Demo0000000003/access/"), 3);
	quit();
}
END_TEST

/* The F1 help lists F7. */
START_TEST(key_in_help)
{
	start(STUB_API_KEY, account, 60, 200);
	e2e_keys(TUI_KEY_F1);
	e2e_see("the member's history");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, "the member's history", TUI_WAIT_MS));
	quit();
}
END_TEST

/* profed --help lists F7 and the setting, from the same tables. */
START_TEST(key_in_usage)
{
	static const char *const args[] = { "--help", NULL };

	e2e_start(STUB_API_KEY, args, 60, 200);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "F7 "));
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "the member's history"));
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "--access-check"));
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 0);
}
END_TEST

/* ---- access badges */


/* Wait until the screen shows text, with F6 first below 100 columns
 * (the badges are in the overview). */
static void see_badge(const char *text)
{
	e2e_see(text);
}

/* grace is a joined customer: the product and the business say
 * customer, the experience (admins only) no access; asked in the
 * setting's order after the load. Opening charles-b asks again: no
 * access anywhere. */
START_TEST(badges)
{
	int rows = sizes[_i][0], cols = sizes[_i][1];
	static const char *const order[] = { STUB_PRODUCT_ID, STUB_ACCOUNT_ID,
	                                     STUB_EXPERIENCE_ID };
	struct stub_request *r;

	write_config(BADGES);
	start(STUB_API_KEY, account, rows, cols);
	if (cols < 100)
		e2e_keys(KEY_F6);
	see_badge(STUB_PRODUCT_ID ": customer");
	see_badge(STUB_ACCOUNT_ID ": customer");
	see_badge(STUB_EXPERIENCE_ID ": no access");
	ck_assert_uint_eq(e2e_count("GET", PATH_ACCESS), 4); /* + the load */
	for (size_t k = 0; k < 3; k++) {
		char want[200];
		r = stub_journal_nth(e2e.stub, "GET", "/api/v1/users/user_Demo0000000003/access/", k);
		ck_assert_ptr_nonnull(r);
		snprintf(want, sizeof want, "/api/v1/users/user_Demo0000000003/access/%s",
		         order[k]);
		ck_assert_str_eq(r->path, want);
		ck_assert_int_eq(r->status, 200);
		stub_request_free(r);
	}
	/* another person: asked again for them */
	e2e_keys(TUI_CTRL_G);
	e2e_see("Find a person");
	e2e_keys(STUB_CHARLES_ID TUI_KEY_ENTER); /* an id opens directly */
	e2e_see(STUB_CHARLES_ID);
	if (cols < 100 && !tui_wait_text(e2e.t, "Account overview", 2000))
		e2e_keys(KEY_F6);
	see_badge(STUB_PRODUCT_ID ": no access");
	see_badge(STUB_ACCOUNT_ID ": no access");
	see_badge(STUB_EXPERIENCE_ID ": no access");
	ck_assert(tui_wait_gone(e2e.t, ": customer", TUI_WAIT_MS));
	ck_assert_uint_eq(e2e_count("GET", "/api/v1/users/" STUB_CHARLES_ID "/access/"), 3);
	quit();
}
END_TEST

/* A bad prefix in the config is refused before anything is sent: exit
 * 2, the id named. */
START_TEST(badge_bad_prefix)
{
	write_config("access-check = " STUB_PRODUCT_ID ", user_Demo0000000003\n");
	e2e_start(STUB_API_KEY, account, 24, 80);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 2);
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "user_Demo0000000003"));
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "access-check"));
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 0);
}
END_TEST

/* And on the command line (--access-check), the same. */
START_TEST(badge_bad_flag)
{
	static const char *const args[] = { "--access-check", "prod_ok1,prod-x",
	                                     "grace-hopper", NULL };

	e2e_start(STUB_API_KEY, args, 24, 80);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 2);
	ck_assert(strstr(tui_raw_output(e2e.t, NULL), "prod-x"));
	ck_assert_uint_eq(stub_journal_count(e2e.stub), 0);
}
END_TEST

/* ------------------------------------------------------------------ */


#define CASE(s, name) e2e_add_case((s), #name, name, 1)
#define LOOP(s, name) \
	e2e_add_case((s), #name, name, (int)(sizeof sizes / sizeof sizes[0]))

int main(void)
{
	Suite *s = suite_create("history");
	SRunner *sr;
	int failed;

	LOOP(s, grace_pages);
	e2e_add_case(s, "narrow_places", narrow_places,
	         (int)(sizeof narrow / sizeof narrow[0]));
	CASE(s, resize_while_open);
	LOOP(s, not_a_member);
	LOOP(s, no_account);
	LOOP(s, forbidden_403);
	CASE(s, esc_cancels);
	CASE(s, page_404_kept);
	CASE(s, hostile_answers);
	CASE(s, badges_forbidden);
	CASE(s, key_in_help);
	CASE(s, key_in_usage);
	LOOP(s, badges);
	CASE(s, badge_bad_prefix);
	CASE(s, badge_bad_flag);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
