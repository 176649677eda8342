/* check_finder.c - the editor's support work (issue 10): the finder
 * (Ctrl-G, search as you type), recent people, Ctrl-O, capability known
 * at load (look only, locked fields, the title's account), the member
 * card, and copying with OSC 52.
 *
 * Unit parts first (src/osc52.h; src/lookup.h against the in-process
 * stub, no terminal), then the real profed in a pseudo-terminal through
 * tests/e2e.h.
 *
 * Run one case:  CK_RUN_CASE=finder_results ./tests/check_finder
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "e2e.h"
#include "lookup.h"
#include "osc52.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"

#define CASE_TIMEOUT 120

/* What the editor shows, in one place (ui/finder.c, ui/title.c,
 * ui/panel.c, ui/appstate.c; docs/editor.md). */
#define F_TITLE "Find a person"
#define F_PROMPT "Find:"
#define F_KEYS "Enter open"
#define F_RECENT "Recent people, most recent first."
#define F_NO_RECENT "No recent people yet"
#define F_NO_MATCH "No matches."
#define F_USERS_NOTE "Users, ranked by closeness"
#define F_MEMBERS_NOTE "Members of " STUB_ACCOUNT_ID
#define UI_OTHER_USER "viewing another user"
#define UI_LOOK_ONLY "look only"
#define UI_LOCKED "locked:"
#define UI_BACK_NONE "No one to go back to"
#define UI_UNSAVED "unsaved edits?"
#define CARD_NOT_MEMBER "not a member of " STUB_ACCOUNT_ID
#define ADA_USERNAME "ada-lovelace"
#define ADA_NAME "Ada Lovelace"
#define KEY_F6 "\x1b[17~"
#define CTRL_O "\x0f"
#define CTRL_Y "\x19"

/* ---- OSC 52 (pure) */

START_TEST(osc52_null_empty_and_long)
{
	size_t n = 99;
	char *big = malloc(OSC52_MAX_TEXT + 2);

	ck_assert_ptr_null(osc52_sequence(NULL, false, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(osc52_sequence("", true, NULL));
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', OSC52_MAX_TEXT + 1);
	big[OSC52_MAX_TEXT + 1] = '\0';
	ck_assert_ptr_null(osc52_sequence(big, false, &n));
	big[OSC52_MAX_TEXT] = '\0'; /* exactly the most */
	char *s = osc52_sequence(big, false, &n);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(n, strlen(s));
	free(s);
	free(big);
}
END_TEST

START_TEST(osc52_base64_vectors)
{
	/* RFC 4648, section 10 */
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba",
	                                  "foobar" };
	static const char *const out[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	                                   "Zm9vYmE=", "Zm9vYmFy" };
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *b = osc52_base64((const unsigned char *)in[i], strlen(in[i]));
		ck_assert_str_eq(b, out[i]);
		free(b);
	}
}
END_TEST

START_TEST(osc52_exact_bytes)
{
	size_t n;
	char *s = osc52_sequence("user_Demo0000000001", false, &n);

	ck_assert_str_eq(s, "\x1b]52;c;dXNlcl9EZW1vMDAwMDAwMDAwMQ==\a");
	ck_assert_uint_eq(n, strlen(s));
	free(s);
	s = osc52_sequence("user_Demo0000000001", true, &n);
	ck_assert_str_eq(s, "\x1bPtmux;\x1b\x1b]52;c;"
	                 "dXNlcl9EZW1vMDAwMDAwMDAwMQ==\a\x1b\\");
	free(s);
	/* hostile text cannot end the sequence: it is all base64 */
	s = osc52_sequence("\x1b]0;pwned\a\x1b\\", false, &n);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 7; i + 1 < n; i++)
		ck_assert(s[i] != 0x1b && s[i] != '\a');
	free(s);
}
END_TEST

/* ---- the search (src/lookup.h) against the stub */

static struct stub *u_stub;
static struct config u_cfg;
static struct api *u_api;
static int u_changed;

static void changed(void *ud)
{
	(void)ud;
	u_changed++;
}

/* A stub with people generated people, an api with token (and the
 * account when account). */
static void unit_start(size_t people, const char *token, bool account)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .people = people };
	struct pf_error err;

	u_stub = stub_start(&o);
	ck_assert_ptr_nonnull(u_stub);
	config_init(&u_cfg);
	ck_assert_int_eq(config_set(&u_cfg, "base-url", stub_base_url(u_stub),
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_set(&u_cfg, "token", token, CONFIG_FROM_ENV,
	                            &err), 0);
	if (account)
		ck_assert_int_eq(config_set(&u_cfg, "account-id", STUB_ACCOUNT_ID,
		                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_finish(&u_cfg, &err), 0);
	u_api = api_new(&u_cfg, &err);
	ck_assert_ptr_nonnull(u_api);
	u_changed = 0;
}

static void unit_stop(void)
{
	api_free(u_api);
	config_free(&u_cfg);
	stub_stop(u_stub);
	u_api = NULL;
	u_stub = NULL;
}

/* Run the loop until l has no request in flight (or 10 s). */
static void settle(struct lookup *l)
{
	long long end = clock_now_ms() + 10000;

	while (l->op && clock_now_ms() < end) {
		short rev = 0;
		int fd = -1;
		api_wait(u_api, &fd, 0, &rev, 50);
		api_run(u_api);
	}
	ck_assert(!l->op);
}

/* Searches the stub saw: GET /users (exactly) or /members with a query. */
static size_t searches_in(struct stub *s)
{
	size_t n = 0, total = stub_journal_count(s);

	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(s, i);
		if (!r)
			continue;
		if (strcmp(r->method, "GET") == 0 &&
		    (strcmp(r->path, "/api/v1/users") == 0 ||
		     (strcmp(r->path, "/api/v1/members") == 0 &&
		      strstr(r->query, "query="))))
			n++;
		stub_request_free(r);
	}
	return n;
}

START_TEST(lookup_empty_and_null)
{
	struct lookup l;

	unit_start(0, STUB_TOKEN_ADA, false);
	ck_assert_int_eq(lookup_init(&l, u_api, NULL, changed, NULL), 0);
	ck_assert_ptr_null(l.account_id);
	/* nothing typed: nothing due, nothing started */
	ck_assert_int_eq(lookup_timeout_ms(&l, 1000, 777), 777);
	ck_assert(!lookup_tick(&l, 1000000));
	ck_assert_int_eq(lookup_type(&l, NULL, 1000), 0);
	ck_assert_int_eq(lookup_type(&l, "", 1000), 0);
	ck_assert(!lookup_tick(&l, 1000000));
	ck_assert(!lookup_more(&l));
	ck_assert(!lookup_busy(&l));
	ck_assert_uint_eq(l.requests, 0);
	lookup_stop(&l);
	lookup_free(&l);
	lookup_free(&l); /* twice is fine */
	ck_assert_int_eq(lookup_init(&l, u_api, "", changed, NULL), 0);
	ck_assert_ptr_null(l.account_id); /* "" is no account */
	lookup_free(&l);
	ck_assert_uint_eq(searches_in(u_stub), 0);
	unit_stop();
}
END_TEST

START_TEST(lookup_pause_then_one_request)
{
	struct lookup l;
	long long t = 1000;

	unit_start(0, STUB_TOKEN_ADA, false);
	ck_assert_int_eq(lookup_init(&l, u_api, NULL, changed, NULL), 0);
	/* four keys 50 ms apart: nothing due until 250 ms after the last */
	const char *texts[] = { "g", "gr", "gra", "grac" };
	for (int i = 0; i < 4; i++, t += 50) {
		ck_assert_int_eq(lookup_type(&l, texts[i], t), 0);
		ck_assert(!lookup_tick(&l, t + 10));
	}
	t -= 50;
	ck_assert_int_eq(lookup_timeout_ms(&l, t, 60000), LOOKUP_PAUSE_MS);
	ck_assert_int_eq(lookup_timeout_ms(&l, t + 100, 60000),
	                 LOOKUP_PAUSE_MS - 100);
	ck_assert(!lookup_tick(&l, t + LOOKUP_PAUSE_MS - 1));
	ck_assert(lookup_tick(&l, t + LOOKUP_PAUSE_MS));
	ck_assert(!lookup_tick(&l, t + LOOKUP_PAUSE_MS + 1)); /* once */
	settle(&l);
	ck_assert_uint_eq(l.requests, 1);
	ck_assert_uint_eq(searches_in(u_stub), 1);
	ck_assert(!l.failed);
	ck_assert(l.answered);
	ck_assert_str_eq(l.searched, "grac");
	ck_assert_uint_ge(l.nrows, 1);
	ck_assert_str_eq(l.people[0].username, "grace-hopper");
	ck_assert_str_eq(l.people[0].user_id, "user_Demo0000000003");
	ck_assert_uint_eq(l.ncols, 3); /* the columns of `profed find` */
	ck_assert_str_eq(l.titles[0], "USERNAME");
	ck_assert_int_ge(u_changed, 1);
	/* the same text again: nothing new */
	ck_assert_int_eq(lookup_type(&l, "grac", t + 1000), 0);
	ck_assert(!lookup_busy(&l));
	struct stub_request *r = stub_journal_nth(u_stub, "GET", "/api/v1/users", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strstr(r->query, "query=grac") != NULL, "%s", r->query);
	stub_request_free(r);
	lookup_free(&l);
	unit_stop();
}
END_TEST

START_TEST(lookup_new_text_cancels_the_request)
{
	struct lookup l;
	struct stub_fault slow = { .kind = STUB_FAULT_DELAY, .count = 1,
	                           .delay_ms = 1500 };

	unit_start(0, STUB_TOKEN_ADA, false);
	ck_assert_int_eq(lookup_init(&l, u_api, NULL, changed, NULL), 0);
	stub_fault(u_stub, &slow);
	lookup_type(&l, "gr", 0);
	ck_assert(lookup_tick(&l, 300));
	ck_assert(l.op > 0);
	/* typed on: the request in flight is cancelled at once, its answer
	 * never lands */
	lookup_type(&l, "alan", 400);
	ck_assert(l.op == 0);
	ck_assert(lookup_busy(&l));
	ck_assert(lookup_tick(&l, 700));
	settle(&l);
	ck_assert_uint_eq(l.requests, 2);
	ck_assert_str_eq(l.searched, "alan");
	ck_assert_str_eq(l.people[0].username, "alan-t");
	ck_assert(!l.failed);
	/* empty text: the rows go, nothing is asked */
	lookup_type(&l, "", 800);
	ck_assert_uint_eq(l.nrows, 0);
	ck_assert(!lookup_tick(&l, 100000));
	lookup_free(&l);
	unit_stop();
}
END_TEST

START_TEST(lookup_members_pages_and_errors)
{
	struct lookup l;

	unit_start(120, STUB_API_KEY, true);
	ck_assert_int_eq(lookup_init(&l, u_api, STUB_ACCOUNT_ID, changed, NULL), 0);
	lookup_type(&l, "person", 0);
	ck_assert(lookup_tick(&l, 250));
	settle(&l);
	ck_assert(!l.failed);
	ck_assert_uint_eq(l.nrows, LOOKUP_PAGE_MEMBERS);
	ck_assert_uint_eq(l.ncols, 8); /* members: 8 columns without phone */
	ck_assert_str_eq(l.titles[3], "MEMBER ID");
	ck_assert(lookup_has_more(&l));
	ck_assert(lookup_more(&l));
	ck_assert(!lookup_more(&l)); /* one at a time */
	settle(&l);
	ck_assert_uint_eq(l.nrows, 120);
	ck_assert(!lookup_has_more(&l)); /* the end: never asked again */
	ck_assert(!lookup_more(&l));
	ck_assert_uint_eq(searches_in(u_stub), 2);
	struct stub_request *r = stub_journal_nth(u_stub, "GET", "/api/v1/members", 1);
	ck_assert_msg(strstr(r->query, "after=") && strstr(r->query, "account_id="
	              STUB_ACCOUNT_ID), "%s", r->query);
	stub_request_free(r);
	/* a refusal is kept for the finder to say */
	stub_fault(u_stub, &(struct stub_fault){ .kind = STUB_FAULT_STATUS,
	                                         .count = 1, .status = 403 });
	lookup_type(&l, "grace", 1000);
	ck_assert(lookup_tick(&l, 1250));
	settle(&l);
	ck_assert(l.failed);
	ck_assert_int_eq(l.err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(l.err.status, 403);
	lookup_free(&l);
	unit_stop();
}
END_TEST

/* ---- end to end */

static void setup_people(void)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .people = 120 };
	e2e_setup_with(&o);
}

static void setup_hostile(void)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .hostile = true };
	e2e_setup_with(&o);
}

static size_t searches(void)
{
	return searches_in(e2e.stub);
}

/* Start profed and wait for the profile. */
static void start(const char *token, const char *const args[], int rows,
                  int cols)
{
	e2e_start(token, args, rows, cols);
	e2e_see("Loaded");
}

/* Quit with nothing unsent; exit 0. */
static void quit(void)
{
	e2e_keys(TUI_CTRL_Q);
	ck_assert_int_eq(tui_wait_exit(e2e.t, TUI_WAIT_MS), 0);
}

/* The row text is on (waiting for it). */
static int row_of(const char *text)
{
	int r = -1;

	e2e_see(text);
	ck_assert(tui_find(e2e.t, text, &r, NULL));
	return r;
}

/* Results appear at rows x cols, in the columns of `find`. */
static void results_at(int rows, int cols)
{
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, "grace-hopper",
	                       NULL };

	start(STUB_API_KEY, args, rows, cols);
	e2e_keys(TUI_CTRL_G);
	e2e_see(F_TITLE);
	e2e_see(F_PROMPT);
	e2e_see(F_MEMBERS_NOTE);
	e2e_see(F_KEYS);
	e2e_keys("alan");
	e2e_see("alan-t");
	e2e_see("USERNAME");
	e2e_see("1 shown.");
	if (cols >= 120) { /* all the columns of find */
		e2e_see(STUB_MEMBER_ALAN);
		e2e_see("never");
		e2e_see("LAST SEEN");
	}
	/* the finder stays while results come; Esc closes it */
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, F_TITLE, TUI_WAIT_MS));
	quit();
}

START_TEST(finder_results_80x24)
{
	results_at(24, 80);
}
END_TEST

START_TEST(finder_results_200x60)
{
	results_at(60, 200);
}
END_TEST

/* A resize while the finder is open keeps its text and its results and
 * lays them out again (the wide columns appear at 200, go at 60) without
 * searching again; a wide-character text is searched for as UTF-8. */
START_TEST(finder_resize_and_wide_text)
{
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, "grace-hopper",
	                       NULL };
	struct stub_request *r;

	start(STUB_API_KEY, args, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("alan");
	e2e_see("alan-t");
	e2e_see("1 shown.");
	ck_assert_uint_eq(searches(), 1);
	ck_assert_int_eq(tui_resize(e2e.t, 60, 200), 0);
	e2e_see("LAST SEEN");
	e2e_see(STUB_MEMBER_ALAN);
	e2e_see("alan-t");
	ck_assert_int_eq(tui_resize(e2e.t, 16, 60), 0);
	ck_assert(tui_wait_gone(e2e.t, "LAST SEEN", TUI_WAIT_MS));
	e2e_see(F_PROMPT " alan");
	e2e_see("alan-t");
	ck_assert_uint_eq(searches(), 1);
	/* a new text: four Backspaces, then two CJK characters */
	e2e_keys("\x7f\x7f\x7f\x7f" "\xe6\x9d\x8e\xe5\x9b\x9b");
	e2e_see(F_PROMPT " \xe6\x9d\x8e\xe5\x9b\x9b");
	e2e_see(F_NO_MATCH);
	ck_assert_uint_eq(searches(), 2);
	r = stub_journal_nth(e2e.stub, "GET", "/api/v1/members",
	                     e2e_count("GET", "/api/v1/members") - 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strstr(r->query, "query=%E6%9D%8E%E5%9B%9B") != NULL, "%s",
	              r->query);
	stub_request_free(r);
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, F_TITLE, TUI_WAIT_MS));
	quit();
}
END_TEST

START_TEST(finder_users_without_account)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_see(F_USERS_NOTE);
	e2e_keys("grace");
	e2e_see("grace-hopper");
	e2e_see("user_Demo0000000003");
	e2e_keys(TUI_KEY_ESC);
	quit();
	ck_assert_uint_eq(searches(), 1);
}
END_TEST

START_TEST(finder_four_quick_keys_two_searches_at_most)
{
	struct stub_request *r;
	size_t n;

	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_see(F_PROMPT);
	/* four keys, about 40 ms apart */
	e2e_keys("g");
	usleep(40000);
	e2e_keys("r");
	usleep(40000);
	e2e_keys("a");
	usleep(40000);
	e2e_keys("c");
	e2e_see("grace-hopper");
	e2e_see(" shown.");
	n = searches();
	ck_assert_msg(n >= 1 && n <= 2, "%zu searches for four quick keys", n);
	/* the last one is for the whole text */
	r = e2e_request("GET", e2e_count("GET", NULL) - 1);
	ck_assert_str_eq(r->path, "/api/v1/users");
	ck_assert_msg(strstr(r->query, "query=grac") != NULL, "%s", r->query);
	stub_request_free(r);
	e2e_keys(TUI_KEY_ESC);
	quit();
}
END_TEST

START_TEST(finder_enter_opens_the_selected)
{
	size_t gets;
	struct stub_request *r;

	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("person");
	e2e_see("person-0002");
	e2e_see("50 shown");
	e2e_keys(TUI_KEY_DOWN);
	/* wait for the selection to be drawn, then open it */
	usleep(100000);
	gets = e2e_count("GET", NULL);
	e2e_keys(TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	e2e_see(UI_OTHER_USER);
	ck_assert(tui_wait_gone(e2e.t, F_TITLE, TUI_WAIT_MS));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/user_Bulk0000000002");
	stub_request_free(r);
	e2e_see("person-0002");
	quit();
}
END_TEST

START_TEST(finder_end_loads_the_next_page)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("person");
	e2e_see("50 shown; more below");
	ck_assert_uint_eq(searches(), 1);
	/* End selects the last row loaded; being there loads the next */
	e2e_keys(TUI_KEY_END);
	e2e_see("100 shown");
	ck_assert_uint_eq(searches(), 2);
	e2e_keys(TUI_KEY_END);
	e2e_see("person-0100");
	e2e_see("120 shown.");
	e2e_keys(TUI_KEY_END); /* the end: nothing more is asked */
	e2e_see("person-0120");
	e2e_keys(TUI_KEY_HOME);
	e2e_see("person-0001");
	ck_assert_uint_eq(searches(), 3);
	e2e_keys(TUI_KEY_ESC);
	quit();
}
END_TEST

/* Open who through the finder (typed whole, Enter at once: direct). */
static void open_by_finder(const char *who, const char *see)
{
	size_t gets = e2e_count("GET", "/api/v1/users/");

	e2e_keys(TUI_CTRL_G);
	e2e_see(F_PROMPT);
	e2e_keys(who);
	e2e_keys(TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", "/api/v1/users/", gets + 1,
	                            TUI_WAIT_MS));
	ck_assert(tui_wait_gone(e2e.t, F_TITLE, TUI_WAIT_MS));
	e2e_see(see);
}

START_TEST(finder_recent_people_and_back)
{
	char path[4096];
	struct stat st;
	int ada_row, charles_row, grace_row;
	struct stub_request *r;

	start(STUB_TOKEN_ADA, NULL, 24, 80);
	/* nothing opened before this one: only ada */
	open_by_finder("charles-b", UI_OTHER_USER);
	open_by_finder("grace-hopper", "grace-hopper (");
	/* empty text: the recent people, most recent first */
	e2e_keys(TUI_CTRL_G);
	e2e_see(F_RECENT);
	grace_row = row_of("grace-hopper  ");
	charles_row = row_of("charles-b");
	ada_row = row_of(ADA_USERNAME "  ");
	ck_assert_int_lt(grace_row, charles_row);
	ck_assert_int_lt(charles_row, ada_row);
	ck_assert_uint_eq(searches(), 0);
	/* Enter on the second opens charles */
	e2e_keys(TUI_KEY_DOWN);
	usleep(100000);
	size_t gets = e2e_count("GET", NULL);
	e2e_keys(TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/" STUB_CHARLES_ID);
	stub_request_free(r);
	e2e_see("charles-b (");
	/* Ctrl-O goes back through who was shown: grace, charles, ada */
	gets = e2e_count("GET", NULL);
	e2e_keys(CTRL_O);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/user_Demo0000000003");
	stub_request_free(r);
	e2e_see("grace-hopper (");
	e2e_keys(CTRL_O);
	e2e_see("charles-b (");
	e2e_keys(CTRL_O);
	e2e_see(ADA_NAME);
	ck_assert(tui_wait_gone(e2e.t, UI_OTHER_USER, TUI_WAIT_MS));
	e2e_keys(CTRL_O); /* and that was the first */
	e2e_see(UI_BACK_NONE);
	quit();
	/* the file: private, for this environment */
	snprintf(path, sizeof path, "%s/profed/recent", e2e.state);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	/* and a second start lists them without any request */
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_see(F_RECENT);
	e2e_see("grace-hopper");
	e2e_see("charles-b");
	e2e_keys(TUI_KEY_ESC);
	quit();
}
END_TEST

START_TEST(finder_back_asks_about_unsaved_edits)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	open_by_finder("charles-b", UI_OTHER_USER);
	/* yourself again through the finder ("me" opens directly) */
	open_by_finder("me", ADA_NAME);
	ck_assert(tui_wait_gone(e2e.t, UI_OTHER_USER, TUI_WAIT_MS));
	/* an edit, then Ctrl-O: asked first */
	e2e_keys("X");
	e2e_see(ADA_NAME "X");
	size_t gets = e2e_count("GET", NULL);
	e2e_keys(CTRL_O);
	e2e_see(UI_UNSAVED);
	e2e_keys("c"); /* cancel: the edit and the person stay */
	ck_assert(tui_wait_gone(e2e.t, UI_UNSAVED, TUI_WAIT_MS));
	e2e_sync_keys("^Q");
	ck_assert(tui_has_text(e2e.t, ADA_NAME "X"));
	ck_assert_uint_eq(e2e_count("GET", NULL), gets);
	e2e_keys(CTRL_O);
	e2e_see(UI_UNSAVED);
	e2e_keys("d"); /* discard: back it goes */
	e2e_see(UI_OTHER_USER);
	e2e_see("charles-b (");
	quit();
}
END_TEST

START_TEST(finder_errors_stay_inside)
{
	/* charles has no member scope: the members search is refused */
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, NULL };

	start(STUB_TOKEN_CHARLES, args, 24, 80);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("grace");
	e2e_see("403");
	/* still the finder, still the text: type on */
	ck_assert(tui_has_text(e2e.t, F_TITLE));
	ck_assert(tui_has_text(e2e.t, F_PROMPT " grace"));
	e2e_keys(TUI_KEY_BACKSPACE);
	e2e_see(F_PROMPT " grac");
	e2e_keys(TUI_KEY_ESC);
	ck_assert(tui_wait_gone(e2e.t, F_TITLE, TUI_WAIT_MS));
	quit();
}
END_TEST

START_TEST(finder_direct_open_by_id_and_no_results)
{
	struct stub_request *r;
	size_t gets;

	start(STUB_TOKEN_ADA, NULL, 24, 80);
	/* an id opens directly, whatever the list */
	open_by_finder(STUB_CHARLES_ID, "charles-b (");
	/* a text with no results: waits for the answer, then opens it */
	e2e_keys(TUI_CTRL_G);
	e2e_keys("nobody-here");
	e2e_see(F_NO_MATCH);
	gets = e2e_count("GET", NULL);
	e2e_keys(TUI_KEY_ENTER);
	ck_assert(e2e_wait_requests("GET", NULL, gets + 1, TUI_WAIT_MS));
	r = e2e_request("GET", gets);
	ck_assert_str_eq(r->path, "/api/v1/users/nobody-here");
	stub_request_free(r);
	e2e_see("not found");
	e2e_keys(TUI_KEY_ESC);
	quit();
}
END_TEST

START_TEST(capability_look_only)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	open_by_finder("charles-b", UI_LOOK_ONLY);
	e2e_see(UI_OTHER_USER);
	e2e_see("a user token can change only its own profile");
	/* an editing key says why instead of editing */
	e2e_keys("Z");
	e2e_see("Look only: a user token");
	ck_assert(!tui_has_text(e2e.t, "[modified]"));
	e2e_keys(TUI_CTRL_S);
	e2e_sync_keys("^Q");
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
	quit();
}
END_TEST

START_TEST(capability_self_by_username)
{
	const char *args[] = { ADA_USERNAME, NULL };

	/* a first start learns your id from `me` */
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	quit();
	/* by username: yourself, not look only */
	start(STUB_TOKEN_ADA, args, 24, 80);
	e2e_see(ADA_NAME);
	ck_assert(!tui_has_text(e2e.t, UI_OTHER_USER));
	ck_assert(!tui_has_text(e2e.t, UI_LOOK_ONLY));
	e2e_keys("X");
	e2e_see(ADA_NAME "X");
	e2e_keys("\x1bOR"); /* F3: revert: nothing unsent at the end */
	quit();
}
END_TEST

static void override_at(int rows, int cols)
{
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, "charles-b", NULL };
	char *title;

	start(STUB_API_KEY, args, rows, cols);
	e2e_see(STUB_CHARLES_ID);
	/* the account on the title line, whole */
	e2e_see(STUB_ACCOUNT_ID);
	title = tui_row(e2e.t, 0);
	ck_assert_msg(title && strstr(title, STUB_ACCOUNT_ID), "%s", title);
	free(title);
	ck_assert(!tui_has_text(e2e.t, UI_LOOK_ONLY));
	/* bio and username locked, with the reason */
	e2e_see(UI_LOCKED);
	e2e_keys(TUI_KEY_TAB); /* username */
	e2e_keys("Q");
	e2e_see("can change only Name and Picture");
	ck_assert(!tui_has_text(e2e.t, "[modified]"));
	quit();
	ck_assert_uint_eq(e2e_count("PATCH", NULL), 0);
}

START_TEST(capability_override_80x24)
{
	override_at(24, 80);
}
END_TEST

START_TEST(capability_override_200x60)
{
	override_at(60, 200);
}
END_TEST

START_TEST(member_card)
{
	const char *grace[] = { "--account-id", STUB_ACCOUNT_ID, "grace-hopper",
	                        NULL };
	size_t n;

	start(STUB_API_KEY, grace, 60, 200);
	e2e_see(STUB_MEMBER_GRACE " joined customer");
	e2e_see("last seen");
	/* its own request, with the user id */
	n = stub_journal_count_of(e2e.stub, "GET", "/api/v1/members");
	ck_assert_uint_ge(n, 1);
	struct stub_request *r = stub_journal_nth(e2e.stub, "GET",
	                                          "/api/v1/members", 0);
	ck_assert_msg(strstr(r->query, "user_ids=user_Demo0000000003") &&
	              strstr(r->query, "account_id=" STUB_ACCOUNT_ID), "%s",
	              r->query);
	stub_request_free(r);
	/* charles is no member */
	open_by_finder("charles-b", CARD_NOT_MEMBER);
	quit();
	/* at 80 columns the card is in the overview (F6) */
	start(STUB_API_KEY, grace, 24, 80);
	e2e_keys(KEY_F6);
	e2e_see(STUB_MEMBER_GRACE);
	quit();
}
END_TEST

START_TEST(member_card_only_with_an_account)
{
	start(STUB_TOKEN_ADA, NULL, 60, 200);
	e2e_see(ADA_NAME);
	e2e_sync_keys("^Q");
	ck_assert_uint_eq(stub_journal_count_of(e2e.stub, "GET",
	                                        "/api/v1/members"), 0);
	ck_assert(!tui_has_text(e2e.t, "Member "));
	quit();
}
END_TEST

START_TEST(finder_hostile_names_stay_text)
{
	const char *args[] = { "--account-id", STUB_ACCOUNT_ID, NULL };

	/* a name with a newline, quotes and an OSC 52 sequence; another with
	 * wide characters and a bidi override; mallory's escapes */
	/* an API key has no `me`: nothing loaded, the finder works anyway */
	e2e_start(STUB_API_KEY, args, 24, 80);
	e2e_see("an API key has no user");
	e2e_keys(TUI_KEY_ESC);
	e2e_keys(TUI_CTRL_G);
	e2e_keys("e");
	e2e_see("csv-breaker");
	e2e_see("wide-one");
	e2e_see("mallory");
	/* their text was drawn as inert text: no escape of theirs reached the
	 * terminal, the frame still stands */
	ck_assert(!tui_raw_contains(e2e.t, "\x1b]52;c;aGk=", 11));
	ck_assert(!tui_raw_contains(e2e.t, "\xe2\x80\xae", 3)); /* U+202E */
	ck_assert(tui_has_text(e2e.t, F_KEYS));
	ck_assert(tui_has_text(e2e.t, F_PROMPT " e"));
	e2e_keys(TUI_KEY_ESC);
	quit();
}
END_TEST

#define OSC_ID "\x1b]52;c;dXNlcl9EZW1vMDAwMDAwMDAwMQ==\a"     /* user_Demo0000000001 */
#define OSC_NAME "\x1b]52;c;YWRhLWxvdmVsYWNl\a"                /* ada-lovelace */

START_TEST(copy_osc52)
{
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	ck_assert(!tui_raw_contains(e2e.t, "\x1b]52;", 5));
	e2e_keys(CTRL_Y);
	e2e_see("Copied the user id");
	ck_assert(tui_raw_contains(e2e.t, OSC_ID, sizeof OSC_ID - 1));
	e2e_keys(CTRL_Y);
	e2e_see("Copied the username");
	ck_assert(tui_raw_contains(e2e.t, OSC_NAME, sizeof OSC_NAME - 1));
	/* y in the overview: the id again */
	e2e_keys(KEY_F6);
	e2e_keys("y");
	e2e_see("Copied the user id");
	quit();
}
END_TEST

START_TEST(copy_osc52_inside_tmux)
{
	static const char wrapped[] = "\x1bPtmux;\x1b\x1b]52;c;"
	                              "dXNlcl9EZW1vMDAwMDAwMDAwMQ==\a\x1b\\";

	e2e_env("TMUX", "/tmp/tmux-0/default,1,0");
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(CTRL_Y);
	e2e_see("through tmux");
	ck_assert(tui_raw_contains(e2e.t, wrapped, sizeof wrapped - 1));
	quit();
}
END_TEST

START_TEST(copy_off)
{
	const char *args[] = { "--no-clipboard", NULL };
	char *cfgdir, *cfg;
	FILE *f;

	start(STUB_TOKEN_ADA, args, 24, 80);
	e2e_keys(CTRL_Y);
	e2e_see("Copying is off");
	e2e_keys(KEY_F6);
	e2e_keys("y");
	e2e_sync_keys("^Q");
	ck_assert(!tui_raw_contains(e2e.t, "\x1b]52;", 5));
	quit();
	/* the config file: clipboard = no */
	ck_assert(asprintf(&cfgdir, "%s/.config/profed", e2e.home) > 0);
	mkdir(cfgdir, 0700);
	ck_assert(asprintf(&cfg, "%s/config", cfgdir) > 0);
	f = fopen(cfg, "w");
	ck_assert_ptr_nonnull(f);
	fputs("clipboard = no\n", f);
	fclose(f);
	chmod(cfg, 0600);
	start(STUB_TOKEN_ADA, NULL, 24, 80);
	e2e_keys(CTRL_Y);
	e2e_see("Copying is off");
	ck_assert(!tui_raw_contains(e2e.t, "\x1b]52;", 5));
	quit();
	free(cfg);
	free(cfgdir);
}
END_TEST

static Suite *finder_suite(void)
{
	Suite *s = suite_create("finder");
	TCase *tc = tcase_create("unit");

	tcase_add_test(tc, osc52_null_empty_and_long);
	tcase_add_test(tc, osc52_base64_vectors);
	tcase_add_test(tc, osc52_exact_bytes);
	tcase_add_test(tc, lookup_empty_and_null);
	tcase_add_test(tc, lookup_pause_then_one_request);
	tcase_add_test(tc, lookup_new_text_cancels_the_request);
	tcase_add_test(tc, lookup_members_pages_and_errors);
	tcase_set_timeout(tc, CASE_TIMEOUT);
	suite_add_tcase(s, tc);

	tc = tcase_create("e2e");
	tcase_add_checked_fixture(tc, setup_people, e2e_teardown);
	tcase_add_test(tc, finder_results_80x24);
	tcase_add_test(tc, finder_results_200x60);
	tcase_add_test(tc, finder_resize_and_wide_text);
	tcase_add_test(tc, finder_users_without_account);
	tcase_add_test(tc, finder_four_quick_keys_two_searches_at_most);
	tcase_add_test(tc, finder_enter_opens_the_selected);
	tcase_add_test(tc, finder_end_loads_the_next_page);
	tcase_add_test(tc, finder_recent_people_and_back);
	tcase_add_test(tc, finder_back_asks_about_unsaved_edits);
	tcase_add_test(tc, finder_errors_stay_inside);
	tcase_add_test(tc, finder_direct_open_by_id_and_no_results);
	tcase_add_test(tc, capability_look_only);
	tcase_add_test(tc, capability_self_by_username);
	tcase_add_test(tc, capability_override_80x24);
	tcase_add_test(tc, capability_override_200x60);
	tcase_add_test(tc, member_card);
	tcase_add_test(tc, member_card_only_with_an_account);
	tcase_add_test(tc, copy_osc52);
	tcase_add_test(tc, copy_osc52_inside_tmux);
	tcase_add_test(tc, copy_off);
	tcase_set_timeout(tc, CASE_TIMEOUT);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup_hostile, e2e_teardown);
	tcase_add_test(tc, finder_hostile_names_stay_text);
	tcase_set_timeout(tc, CASE_TIMEOUT);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(finder_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
