/* check_cmds.c - the support commands (cmd.h): the pure helpers, then
 * `profed find`, `history`, `access` and `log` end to end: the real
 * binary against the stub over loopback, asserting output, exit codes and
 * the exact requests in the stub's journal (how many, which paths and
 * queries, which Api-Version-Date). */
#include <check.h>
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "cmd.h"
#include "config.h"
#include "error.h"
#include "members.h"
#include "stub.h"
#include "clirun.h"
#include "testutil.h"

static struct stub *stub;
static char *home;
static struct tu_result res;

/* A stub with people generated demo people (0: the seeded five) and,
 * with hostile, the hostile entries. */
static void start(size_t people, bool hostile)
{
	struct stub_opts o = {.fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                      .people = people, .hostile = hostile};
	stub_stop(stub);
	stub = stub_start(&o);
	ck_assert_ptr_nonnull(stub);
}

static void setup(void)
{
	stub = NULL;
	start(0, false);
	home = tu_tempdir();
	memset(&res, 0, sizeof res);
}

static void teardown(void)
{
	cli_teardown(stub, &home, &res);
	stub = NULL;
}

/* Run profed with args (NULL-terminated) as the holder of token (NULL =
 * none). The result lands in res. */
static void run_as(const char *token, const char *const args[])
{
	cli_run(&res, stub_base_url(stub), home, NULL, token, NULL, args, 30000);
}

#define RUN(token, ...) run_as(token, (const char *const[]){__VA_ARGS__, NULL})
/* With the API key and the demo business. */
#define RUN_BIZ(...) RUN(STUB_API_KEY, "--account-id", STUB_ACCOUNT_ID, \
                         __VA_ARGS__)

#define EXPECT_EXIT(code) \
	ck_assert_msg(res.exit_code == (code), "exit %d, not %d:\n%s%s", \
	              res.exit_code, (code), res.out, res.err)

/* The k-th GET under prefix: its query must be query and its version
 * version; the Authorization is the bearer token. */
static void expect_get(const char *prefix, size_t k, const char *path,
                       const char *query, const char *version,
                       const char *token)
{
	struct stub_request *r = stub_journal_nth(stub, "GET", prefix, k);
	ck_assert_msg(r != NULL, "no GET %zu under %s", k, prefix);
	ck_assert_str_eq(r->path, path);
	if (query)
		ck_assert_str_eq(r->query, query);
	ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"), version);
	char bearer[256];
	snprintf(bearer, sizeof bearer, "Bearer %s", token);
	ck_assert_str_eq(stub_request_header(r, "Authorization"), bearer);
	stub_request_free(r);
}

/* The query of the k-th GET under prefix (caller frees). */
static char *query_of(const char *prefix, size_t k)
{
	struct stub_request *r = stub_journal_nth(stub, "GET", prefix, k);
	ck_assert_msg(r != NULL, "no GET %zu under %s", k, prefix);
	char *q = strdup(r->query);
	stub_request_free(r);
	return q;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p && *p; p++)
		n += *p == '\n';
	return n;
}

/* No terminal control reaches the output: no ESC, BEL, C1 CSI, or a raw
 * bidi override. */
static void expect_inert(const char *text)
{
	ck_assert_msg(!strchr(text, '\x1b'), "ESC in output:\n%s", text);
	ck_assert_msg(!strchr(text, '\a'), "BEL in output");
	ck_assert_msg(!strstr(text, "\xc2\x9b"), "C1 CSI in output");
	ck_assert_msg(!strstr(text, "\xe2\x80\xae"), "U+202E in output");
}

/* ---- the pure helpers: NULL, empty and hostile first */

START_TEST(test_helpers)
{
	struct pf_error err;
	size_t n = 7;
	pf_error_clear(&err);
	ck_assert_int_eq(cmd_parse_limit(NULL, 20, &n, &err), 0);
	ck_assert_uint_eq(n, 20);
	static const char *const bad[] = { "", "0", "-1", "+5", " 5", "5 ", "5x",
		"0x10", "10001", "99999999999999999999999", "1e3", "\xe2\x80\xae" "5" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		pf_error_clear(&err);
		n = 7;
		ck_assert_msg(cmd_parse_limit(bad[i], 20, &n, &err) == -1, "%s", bad[i]);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		ck_assert(strstr(err.message, "--limit"));
		ck_assert_uint_eq(n, 7);
	}
	ck_assert_int_eq(cmd_parse_limit("1", 20, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(cmd_parse_limit("10000", 20, &n, &err), 0);
	ck_assert_uint_eq(n, CMD_LIMIT_MAX);
	ck_assert_int_eq(cmd_parse_limit("007", 20, &n, &err), 0);
	ck_assert_uint_eq(n, 7);

	/* pages: what is still wanted, at most the endpoint's most */
	ck_assert_uint_eq(cmd_page_first(120, 0, 50), 50);
	ck_assert_uint_eq(cmd_page_first(120, 100, 50), 20);
	ck_assert_uint_eq(cmd_page_first(120, 120, 50), 0);
	ck_assert_uint_eq(cmd_page_first(5, 10, 50), 0);
	ck_assert_uint_eq(cmd_page_first(20, 0, 100), 20);
	ck_assert_uint_eq(cmd_page_first(0, 0, 100), 0);
	ck_assert_uint_eq(cmd_page_first(7, 0, 0), 7);

	/* a page: the first items taken, the rest kept at its front */
	int page[5] = { 1, 2, 3, 4, 5 }, kept[3] = { 0 };
	cmd_take_front(kept, page, 5, 3, sizeof *page);
	ck_assert_int_eq(kept[0], 1);
	ck_assert_int_eq(kept[2], 3);
	ck_assert_int_eq(page[0], 4);
	ck_assert_int_eq(page[1], 5);
	cmd_take_front(kept, page, 2, 0, sizeof *page);
	ck_assert_int_eq(kept[0], 1);
	ck_assert_int_eq(page[0], 4);

	/* the next page: only when there is one under a new cursor */
	char c1[] = "c1", c2[] = "c2";
	struct page_info more = { .end_cursor = c1, .has_next_page = true };
	struct page_info last = { .end_cursor = c2, .has_next_page = false };
	char *after = NULL;
	pf_error_clear(&err);
	ck_assert_int_eq(cmd_next_page(&after, 0, &more, &err), 0);
	ck_assert_ptr_null(after);
	ck_assert_int_eq(cmd_next_page(&after, 3, &last, &err), 0);
	ck_assert_ptr_null(after);
	ck_assert_int_eq(cmd_next_page(&after, 3, &more, &err), 1);
	ck_assert_str_eq(after, "c1");
	ck_assert_int_eq(cmd_next_page(&after, 3, &more, &err), 0);
	ck_assert_str_eq(after, "c1"); /* the same cursor again: stop */
	more.end_cursor = c2;
	ck_assert_int_eq(cmd_next_page(&after, 3, &more, &err), 1);
	ck_assert_str_eq(after, "c2");
	more.end_cursor = NULL;
	ck_assert_int_eq(cmd_next_page(&after, 3, &more, &err), 0);
	ck_assert_str_eq(after, "c2");
	ck_assert_int_eq(err.kind, PF_OK);
	free(after);

	ck_assert_ptr_null(cmd_join_words(NULL, 0));
	ck_assert_ptr_null(cmd_join_words((const char *const[]){"a"}, 0));
	char *j = cmd_join_words((const char *const[]){"Grace", "Hopper"}, 2);
	ck_assert_str_eq(j, "Grace Hopper");
	free(j);
	j = cmd_join_words((const char *const[]){""}, 1);
	ck_assert_str_eq(j, "");
	free(j);

	ck_assert(!cmd_one_of(NULL, "joined|left"));
	ck_assert(!cmd_one_of("", "joined|left"));
	ck_assert(!cmd_one_of("joined", NULL));
	ck_assert(!cmd_one_of("join", "joined|left"));
	ck_assert(!cmd_one_of("joined|left", "joined|left"));
	ck_assert(!cmd_one_of("LEFT", "joined|left"));
	ck_assert(!cmd_one_of("left\n", "joined|left"));
	ck_assert(cmd_one_of("left", "joined|left"));
	ck_assert(cmd_one_of("no_access", "customer|admin|no_access"));

	/* phone numbers out of members' JSON */
	char *owned = (char *)1;
	ck_assert_ptr_null(cmd_json_without_phone(NULL, &owned));
	ck_assert_ptr_null(owned);
	const char *none = "{\"id\":\"mber_1\",\"status\":\"joined\"}";
	ck_assert_ptr_eq(cmd_json_without_phone(none, &owned), none);
	ck_assert_ptr_null(owned);
	const char *null_phone = "{\"id\":\"mber_1\",\"phone_number\":null}";
	ck_assert_ptr_eq(cmd_json_without_phone(null_phone, &owned), null_phone);
	ck_assert_ptr_null(owned);
	const char *not_object = "[\"phone_number\",\"+1555\"]";
	ck_assert_ptr_eq(cmd_json_without_phone(not_object, &owned), not_object);
	const char *broken = "{\"phone_number\":\"+1555\"";
	ck_assert_ptr_eq(cmd_json_without_phone(broken, &owned), broken);
	ck_assert_ptr_null(owned);
	const char *phone = "{\"id\":\"mber_1\",\"phone_number\":\"+1555\","
	                    "\"user\":{\"id\":\"user_1\"}}";
	ck_assert_str_eq(cmd_json_without_phone(phone, &owned),
	                 "{\"id\":\"mber_1\",\"user\":{\"id\":\"user_1\"}}");
	free(owned);
	/* a repeated key, and one spelt with an escape */
	const char *twice = "{\"phone_number\":null,\"phone_number\":\"+1555\"}";
	ck_assert_str_eq(cmd_json_without_phone(twice, &owned), "{}");
	free(owned);
	const char *escaped = "{\"phone\\u005fnumber\":\"+1555\",\"id\":\"m\"}";
	ck_assert_str_eq(cmd_json_without_phone(escaped, &owned), "{\"id\":\"m\"}");
	free(owned);

	ck_assert_uint_eq(cmd_terminal_width(-1), 0);
}
END_TEST

/* ---- usage: checked before anything is sent */

START_TEST(test_usage_sends_nothing)
{
	RUN(STUB_TOKEN_ADA, "find");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "QUERY"));
	RUN(STUB_TOKEN_ADA, "find", "");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "find", "grace", "--members", "--users");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "find", "grace", "--json", "--csv");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "find", "grace", "--jsonl", "--json");
	EXPECT_EXIT(PF_EXIT_USAGE);
	static const char *const limits[] = { "0", "-3", "abc", "10001", "" };
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		RUN(STUB_TOKEN_ADA, "find", "grace", "--limit", limits[i]);
		EXPECT_EXIT(PF_EXIT_USAGE);
		ck_assert(tu_contains(res.err, "--limit"));
	}
	RUN_BIZ("find", "grace", "--status", "gone");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "joined or left"));
	RUN_BIZ("find", "grace", "--access", "owner");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "no_access"));
	RUN_BIZ("find", "grace", "--access", "\x1b]52;c;aGk=\a");
	EXPECT_EXIT(PF_EXIT_USAGE);
	expect_inert(res.err);
	/* members' filters need a members search */
	RUN(STUB_TOKEN_ADA, "find", "grace", "--status", "left");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "find", "grace", "--show-phone");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN_BIZ("find", "grace", "--users", "--access", "admin");
	EXPECT_EXIT(PF_EXIT_USAGE);
	/* flags of other commands */
	RUN(STUB_TOKEN_ADA, "history", "grace-hopper", "--csv");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "--csv goes with find"));
	RUN(STUB_TOKEN_ADA, "show", "--limit", "3");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "log", "--status", "left");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_TOKEN_ADA, "log", "extra");
	EXPECT_EXIT(PF_EXIT_USAGE);
	/* history: a USER and an account */
	RUN_BIZ("history");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "USER"));
	RUN(STUB_API_KEY, "history", "grace-hopper");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "--account-id"));
	RUN_BIZ("history", "grace-hopper", "--limit", "0");
	EXPECT_EXIT(PF_EXIT_USAGE);
	/* access: a USER and resources */
	RUN(STUB_API_KEY, "access");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(STUB_API_KEY, "access", "grace-hopper");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "RESOURCE"));
	/* log: days */
	RUN(NULL, "log", "--since", "2026-02-30");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "YYYY-MM-DD"));
	RUN(NULL, "log", "--until", "yesterday\x1b[2J");
	EXPECT_EXIT(PF_EXIT_USAGE);
	expect_inert(res.err);
	RUN(NULL, "log", "--since", "2026-11-10", "--until", "2026-11-01");
	EXPECT_EXIT(PF_EXIT_USAGE);
	RUN(NULL, "log", "--user", "");
	EXPECT_EXIT(PF_EXIT_USAGE);
	/* without a token: said, nothing sent */
	RUN(NULL, "find", "grace");
	EXPECT_EXIT(PF_EXIT_USAGE);
	ck_assert(tu_contains(res.err, "WHOP_API_KEY"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
}
END_TEST

/* ---- find: users */

START_TEST(test_find_users)
{
	RUN(STUB_TOKEN_ADA, "find", "grace");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.err, "ranked by closeness to you, not a "
	                                "directory"));
	ck_assert_uint_eq(count_lines(res.err), 1);
	ck_assert(tu_contains(res.out, "USERNAME"));
	ck_assert(tu_contains(res.out, "USER ID"));
	ck_assert(!tu_contains(res.out, "MEMBER ID"));
	ck_assert(tu_contains(res.out, "grace-hopper"));
	ck_assert(tu_contains(res.out, "Grace Hopper"));
	ck_assert(tu_contains(res.out, "user_Demo0000000003"));
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	expect_get("/api/v1/users", 0, "/api/v1/users", "query=grace&first=20",
	           "2026-06-09", STUB_TOKEN_ADA);
	/* typed unquoted: the words are one query, escaped */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, "find", "Grace", "Hopper");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "grace-hopper"));
	expect_get("/api/v1/users", 0, "/api/v1/users",
	           "query=Grace%20Hopper&first=20", "2026-06-09", STUB_TOKEN_ADA);
	/* --users with an account: the users search all the same */
	stub_journal_clear(stub);
	RUN_BIZ("find", "grace", "--users");
	EXPECT_EXIT(0);
	ck_assert(!tu_contains(res.out, "MEMBER ID"));
	expect_get("/api/v1/users", 0, "/api/v1/users", "query=grace&first=20",
	           "2026-06-09", STUB_API_KEY);
	ck_assert_uint_eq(stub_journal_count(stub), 1);
}
END_TEST

/* ---- find: members */

START_TEST(test_find_members)
{
	RUN_BIZ("find", "alan");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.err, "");
	static const char *const cols[] = { "USERNAME", "NAME", "USER ID",
		"MEMBER ID", "STATUS", "ACCESS", "JOINED", "LAST SEEN" };
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		ck_assert_msg(tu_contains(res.out, cols[i]), "no column %s", cols[i]);
	ck_assert(tu_contains(res.out, "alan-t"));
	ck_assert(tu_contains(res.out, STUB_MEMBER_ALAN));
	ck_assert(tu_contains(res.out, "left"));
	ck_assert(tu_contains(res.out, "no_access"));
	ck_assert(tu_contains(res.out, "never"));
	/* the phone number only when asked */
	ck_assert(!tu_contains(res.out, "PHONE"));
	ck_assert(!tu_contains(res.out, "+15555550123"));
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	expect_get("/api/v1/members", 0, "/api/v1/members",
	           "account_id=" STUB_ACCOUNT_ID "&query=alan&first=20",
	           "2026-09-11", STUB_API_KEY);
	RUN_BIZ("find", "alan", "--show-phone");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "PHONE"));
	ck_assert(tu_contains(res.out, "+15555550123"));
	/* JSON too keeps it out unless asked */
	RUN_BIZ("find", "alan", "--json");
	EXPECT_EXIT(0);
	ck_assert(!tu_contains(res.out, "+15555550123"));
	ck_assert(!tu_contains(res.out, "phone_number"));
	ck_assert(tu_contains(res.out, STUB_MEMBER_ALAN));
	RUN_BIZ("find", "alan", "--jsonl", "--show-phone");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "\"phone_number\":\"+15555550123\""));

	/* the filters */
	stub_journal_clear(stub);
	RUN_BIZ("find", "a", "--status", "left", "--access", "no_access");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "alan-t"));
	ck_assert(!tu_contains(res.out, "grace-hopper"));
	expect_get("/api/v1/members", 0, "/api/v1/members",
	           "account_id=" STUB_ACCOUNT_ID "&query=a&status=left"
	           "&access_level=no_access&first=20", "2026-09-11", STUB_API_KEY);

	/* a business buyer, by the exact email the key may match */
	RUN_BIZ("find", "buyer@example.invalid");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "a business, not a person"));
	ck_assert(tu_contains(res.out, STUB_MEMBER_BUSINESS));
	RUN_BIZ("find", "buyer@example.invalid", "--csv");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, ",a business, not a person,") ||
	          tu_contains(res.out, ",\"a business, not a person\","));

	/* --members without an account: the key's own business */
	stub_journal_clear(stub);
	RUN(STUB_API_KEY, "find", "grace", "--members");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, STUB_MEMBER_GRACE));
	expect_get("/api/v1/members", 0, "/api/v1/members",
	           "query=grace&first=20", "2026-09-11", STUB_API_KEY);
}
END_TEST

/* ---- find: paging, with the number of requests */

START_TEST(test_find_paging)
{
	start(150, false);
	/* users: pages of at most 50, after the end_cursor, no page more
	 * than --limit needs */
	RUN(STUB_TOKEN_ADA, "find", "person", "--limit", "120");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 121);
	ck_assert_uint_eq(stub_journal_count(stub), 3);
	char *q0 = query_of("/api/v1/users", 0), *q1 = query_of("/api/v1/users", 1),
	     *q2 = query_of("/api/v1/users", 2);
	ck_assert_str_eq(q0, "query=person&first=50");
	ck_assert(strncmp(q1, "query=person&first=50&after=", 28) == 0);
	ck_assert(strncmp(q2, "query=person&first=20&after=", 28) == 0);
	ck_assert_str_ne(q1 + 28, q2 + 28);
	free(q0);
	free(q1);
	free(q2);
	/* fewer than asked: the last page says so, no empty page after it */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, "find", "grace", "--limit", "500");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	/* a server repeating its cursor cannot make profed loop */
	stub_journal_clear(stub);
	stub_fault(stub, &(struct stub_fault){.kind = STUB_FAULT_BODY,
		.status = 200, .count = 0,
		.body = "{\"data\":[{\"id\":\"user_Loop\",\"username\":\"loop\"}],"
		        "\"page_info\":{\"end_cursor\":\"abc\",\"has_next_page\":true}}"});
	RUN(STUB_TOKEN_ADA, "find", "loop", "--limit", "100", "--jsonl");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 2);
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	stub_fault_clear(stub);
	/* the default limit: 20 in one request */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, "find", "person");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 21);
	ck_assert_uint_eq(stub_journal_count(stub), 1);

	/* members: pages of at most 100 */
	stub_journal_clear(stub);
	RUN_BIZ("find", "person", "--limit", "120", "--jsonl");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 120);
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	q0 = query_of("/api/v1/members", 0);
	q1 = query_of("/api/v1/members", 1);
	ck_assert_str_eq(q0, "account_id=" STUB_ACCOUNT_ID "&query=person&first=100");
	ck_assert(strncmp(q1, "account_id=" STUB_ACCOUNT_ID
	                  "&query=person&first=20&after=", 52) == 0);
	free(q0);
	free(q1);
	/* more asked than there is: stops at the null end_cursor */
	stub_journal_clear(stub);
	RUN_BIZ("find", "person", "--limit", "1000", "--csv");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 151);
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	stub_journal_clear(stub);
	RUN_BIZ("find", "grace", "--limit", "500");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	/* every item once, in order */
	RUN_BIZ("find", "person", "--limit", "150", "--json");
	EXPECT_EXIT(0);
	cJSON *arr = cJSON_Parse(res.out);
	ck_assert(cJSON_IsArray(arr));
	ck_assert_int_eq(cJSON_GetArraySize(arr), 150);
	for (int i = 0; i < 150; i++) {
		char want[32];
		snprintf(want, sizeof want, "mber_Bulk%010d", i + 1);
		ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, i),
		                 "id")->valuestring, want);
	}
	cJSON_Delete(arr);
}
END_TEST

/* ---- find: every format, and no match in each */

START_TEST(test_find_formats)
{
	RUN_BIZ("find", "grace", "--json");
	EXPECT_EXIT(0);
	cJSON *arr = cJSON_Parse(res.out);
	ck_assert(cJSON_IsArray(arr));
	ck_assert_int_eq(cJSON_GetArraySize(arr), 1);
	cJSON *m = cJSON_GetArrayItem(arr, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(m, "id")->valuestring,
	                 STUB_MEMBER_GRACE);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "user"),
	                 "username")->valuestring, "grace-hopper");
	cJSON_Delete(arr);
	RUN(STUB_TOKEN_ADA, "find", "a", "--jsonl");
	EXPECT_EXIT(0);
	size_t lines = count_lines(res.out);
	ck_assert_uint_ge(lines, 2);
	for (char *line = res.out, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		cJSON *o = cJSON_ParseWithLength(line, (size_t)(nl - line));
		ck_assert_msg(cJSON_IsObject(o), "not an object: %.*s",
		              (int)(nl - line), line);
		ck_assert(cJSON_IsString(cJSON_GetObjectItem(o, "id")));
		cJSON_Delete(o);
	}
	RUN(STUB_TOKEN_ADA, "find", "grace", "--csv");
	EXPECT_EXIT(0);
	ck_assert(strncmp(res.out, "USERNAME,NAME,USER ID\r\n", 23) == 0);
	ck_assert(tu_contains(res.out, "grace-hopper,Grace Hopper,"
	                                "user_Demo0000000003\r\n"));
	RUN_BIZ("find", "grace", "--csv");
	EXPECT_EXIT(0);
	ck_assert(strncmp(res.out, "USERNAME,NAME,USER ID,MEMBER ID,STATUS,"
	                  "ACCESS,JOINED,LAST SEEN\r\n", 63) == 0);

	/* no match: said, exit 0, in each format */
	RUN_BIZ("find", "nobody-at-all");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "No matches.\n");
	RUN(STUB_TOKEN_ADA, "find", "nobody-at-all");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "No matches.\n");
	RUN_BIZ("find", "nobody-at-all", "--json");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "[]\n");
	RUN(STUB_TOKEN_ADA, "find", "nobody-at-all", "--json");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "[]\n");
	RUN_BIZ("find", "nobody-at-all", "--jsonl");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "");
	RUN_BIZ("find", "nobody-at-all", "--csv");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 1);
}
END_TEST

/* ---- find: errors through the one formatter */

static void *run_paged_find(void *unused)
{
	(void)unused;
	RUN_BIZ("find", "person", "--limit", "120");
	return NULL;
}

START_TEST(test_find_errors)
{
	/* 403 without member:basic:read; one request, not repeated */
	RUN(STUB_TOKEN_CHARLES, "--account-id", STUB_ACCOUNT_ID, "find", "grace");
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert(tu_contains(res.err, "HTTP 403"));
	ck_assert(tu_contains(res.err, "member:basic:read"));
	ck_assert_str_eq(res.out, "");
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	/* 401 */
	RUN("pf-not-a-token", "find", "grace");
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert(tu_contains(res.err, "HTTP 401"));
	ck_assert(tu_contains(res.err, "WHOP_API_KEY"));
	ck_assert(!tu_contains(res.err, "pf-not-a-token"));
	/* 429 with its wait (no repeat asked for) */
	struct stub_fault f = {.kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                       .seconds = 7};
	stub_fault(stub, &f);
	RUN_BIZ("--retries", "0", "find", "grace");
	EXPECT_EXIT(PF_EXIT_NETWORK);
	ck_assert(tu_contains(res.err, "HTTP 429"));
	ck_assert(tu_contains(res.err, "7 seconds"));
	/* a 429 waited out: the engine's wait, then the answer */
	f.seconds = 1;
	stub_fault(stub, &f);
	stub_journal_clear(stub);
	RUN_BIZ("find", "grace");
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "grace-hopper"));
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	/* an error on the second page: nothing half printed. The first page
	 * is held by a delay until the fault for the second is set. */
	start(150, false);
	struct stub_fault delay = {.kind = STUB_FAULT_DELAY, .delay_ms = 1500,
	                           .count = 1};
	stub_fault(stub, &delay);
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, run_paged_find, NULL), 0);
	while (stub_fault_pending(stub))
		usleep(1000);
	f = (struct stub_fault){.kind = STUB_FAULT_STATUS, .status = 403,
	                        .count = 1};
	stub_fault(stub, &f);
	pthread_join(t, NULL);
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert_str_eq(res.out, "");
	ck_assert(tu_contains(res.err, "HTTP 403"));
	ck_assert_uint_eq(stub_journal_count(stub), 2);
}
END_TEST

/* ---- find: hostile names */

START_TEST(test_find_hostile)
{
	start(0, true);
	RUN_BIZ("find", "csv-breaker", "--show-phone");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	ck_assert(tu_contains(res.out, "csv-breaker"));
	RUN_BIZ("find", "csv-breaker", "--csv", "--show-phone");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	/* commas, quotes and the newline quoted (RFC 4180) */
	ck_assert(tu_contains(res.out, "csv-breaker,\"Eve, \"\"the\"\" quoter\n"
	                                "line two"));
	ck_assert(tu_contains(res.out, ",\"+1 555, \"\"0199\"\"\"\r\n"));
	RUN_BIZ("find", "csv-breaker", "--json");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	cJSON *arr = cJSON_Parse(res.out);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 1);
	cJSON_Delete(arr);
	ck_assert(!tu_contains(res.out, "0199"));
	RUN_BIZ("find", "wide-one");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	ck_assert(tu_contains(res.out, "\xe6\x97\xa5\xe6\x9c\xac"));
	RUN(STUB_TOKEN_ADA, "find", "mallory");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	expect_inert(res.err);
	ck_assert(tu_contains(res.out, "mallory"));
	RUN(STUB_TOKEN_ADA, "find", "mallory", "--jsonl");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	/* a hostile query is escaped in the request, inert in messages */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, "find", "a&first=50\x1b[2J");
	EXPECT_EXIT(0);
	expect_inert(res.err);
	expect_get("/api/v1/users", 0, "/api/v1/users",
	           "query=a%26first%3D50%1B%5B2J&first=20", "2026-06-09",
	           STUB_TOKEN_ADA);
}
END_TEST

/* ---- history */

START_TEST(test_history)
{
	/* a username: one members search finds the member, then one page of
	 * logs for the default 50 */
	RUN_BIZ("history", "grace-hopper");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 51);
	ck_assert(tu_contains(res.out, "TIME"));
	ck_assert(tu_contains(res.out, "ACTION"));
	ck_assert(tu_contains(res.out, "ACTOR"));
	ck_assert(tu_contains(res.out, "system"));
	ck_assert(tu_contains(res.out, "\xe2\x80\x94")); /* a null action */
	ck_assert(tu_contains(res.out, "user_Demo0000000005")); /* id alone */
	ck_assert(tu_contains(res.out, "Ada Lovelace"));
	ck_assert(tu_contains(res.out, " UTC"));
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	expect_get("/api/v1/members", 0, "/api/v1/members",
	           "account_id=" STUB_ACCOUNT_ID "&query=grace-hopper&first=100",
	           "2026-09-11", STUB_API_KEY);
	expect_get("/api/v1/members/", 0, "/api/v1/members/" STUB_MEMBER_GRACE
	           "/logs", "first=50", "2026-09-22-3", STUB_API_KEY);

	/* a user_ id: user_ids=, then logs paged to the limit */
	stub_journal_clear(stub);
	RUN_BIZ("history", "user_Demo0000000003", "--limit", "130");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 131);
	ck_assert_uint_eq(stub_journal_count(stub), 3);
	expect_get("/api/v1/members", 0, "/api/v1/members",
	           "account_id=" STUB_ACCOUNT_ID "&user_ids=user_Demo0000000003",
	           "2026-09-11", STUB_API_KEY);
	char *q = query_of("/api/v1/members/", 0);
	ck_assert_str_eq(q, "first=100");
	free(q);
	q = query_of("/api/v1/members/", 1);
	ck_assert(strncmp(q, "first=30&after=", 15) == 0);
	free(q);
	/* more asked than there are: stops at the empty end_cursor */
	stub_journal_clear(stub);
	RUN_BIZ("history", "grace-hopper", "--limit", "1000", "--json");
	EXPECT_EXIT(0);
	cJSON *arr = cJSON_Parse(res.out);
	ck_assert(cJSON_IsArray(arr));
	ck_assert_int_eq(cJSON_GetArraySize(arr), 130);
	int system = 0, null_action = 0;
	for (int i = 0; i < 130; i++) {
		cJSON *e = cJSON_GetArrayItem(arr, i);
		system += cJSON_IsNull(cJSON_GetObjectItem(e, "actor"));
		null_action += cJSON_IsNull(cJSON_GetObjectItem(e, "action"));
	}
	ck_assert_int_gt(system, 0);
	ck_assert_int_gt(null_action, 0);
	cJSON_Delete(arr);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", "/api/v1/members/"), 2);
	ck_assert_uint_eq(stub_journal_count(stub), 3);

	/* me: the user's id first */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_ADA, "--account-id", STUB_ACCOUNT_ID, "history", "me",
	    "--limit", "2");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 3);
	ck_assert_uint_eq(stub_journal_count(stub), 3);
	expect_get("/api/v1/members/", 0, "/api/v1/members/" STUB_MEMBER_ADA
	           "/logs", "first=2", "2026-09-22-3", STUB_TOKEN_ADA);
}
END_TEST

START_TEST(test_history_not_a_member)
{
	RUN_BIZ("history", "charles-b");
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	ck_assert(tu_contains(res.err, "charles-b is not a member of "
	                                STUB_ACCOUNT_ID));
	ck_assert_str_eq(res.out, "");
	/* the search, then the user (to tell "no such user"); no logs */
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", "/api/v1/members/"), 0);
	RUN_BIZ("history", STUB_CHARLES_ID);
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	ck_assert(tu_contains(res.err, "is not a member of"));
	/* no such user: 404 through the formatter */
	RUN_BIZ("history", "nobody-here");
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	ck_assert(tu_contains(res.err, "HTTP 404"));
	/* a hostile USER is inert in the message */
	RUN_BIZ("history", "user_\x1b]0;pwned\a");
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	expect_inert(res.err);
	/* 403 without member:basic:read */
	stub_journal_clear(stub);
	RUN(STUB_TOKEN_CHARLES, "--account-id", STUB_ACCOUNT_ID, "history",
	    "grace-hopper");
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert(tu_contains(res.err, "member:basic:read"));
	ck_assert_uint_eq(stub_journal_count(stub), 1);
	/* 404 of the logs: through the formatter */
	struct stub_fault f = {.kind = STUB_FAULT_STATUS, .status = 404,
	                       .count = 1};
	stub_fault(stub, &f);
	RUN_BIZ("history", "grace-hopper");
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	ck_assert(tu_contains(res.err, "HTTP 404"));
}
END_TEST

/* ---- access */

START_TEST(test_access)
{
	RUN(STUB_API_KEY, "access", "grace-hopper", STUB_ACCOUNT_ID,
	    STUB_PRODUCT_ID, STUB_EXPERIENCE_ID);
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 4);
	ck_assert(tu_contains(res.out, "RESOURCE"));
	ck_assert(tu_contains(res.out, STUB_ACCOUNT_ID "   yes     customer\n"));
	ck_assert(tu_contains(res.out, STUB_PRODUCT_ID "  yes     customer\n"));
	ck_assert(tu_contains(res.out, STUB_EXPERIENCE_ID "   no      no_access\n"));
	ck_assert_uint_eq(stub_journal_count(stub), 3);
	expect_get("/api/v1/users/", 0, "/api/v1/users/grace-hopper/access/"
	           STUB_ACCOUNT_ID, "", "2026-06-09", STUB_API_KEY);
	expect_get("/api/v1/users/", 2, "/api/v1/users/grace-hopper/access/"
	           STUB_EXPERIENCE_ID, "", "2026-06-09", STUB_API_KEY);
	/* an admin has the experience; a member who left has nothing */
	RUN(STUB_API_KEY, "access", STUB_ADA_ID, STUB_EXPERIENCE_ID);
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "yes     admin"));
	RUN(STUB_API_KEY, "access", "alan-t", STUB_PRODUCT_ID);
	EXPECT_EXIT(0);
	ck_assert(tu_contains(res.out, "no      no_access"));

	/* a bad prefix anywhere: refused before anything is sent */
	stub_journal_clear(stub);
	static const char *const bad[] = { "user_Demo0000000001", "prod_", "biz",
		"prod_x/../y", "exp_\x1b[2J", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		RUN(STUB_API_KEY, "access", "grace-hopper", STUB_PRODUCT_ID, bad[i]);
		EXPECT_EXIT(PF_EXIT_VALIDATION);
		ck_assert(tu_contains(res.err, "biz_, prod_ or exp_"));
		expect_inert(res.err);
		ck_assert_str_eq(res.out, "");
	}
	ck_assert_uint_eq(stub_journal_count(stub), 0);

	/* one unknown resource: said, the others still checked */
	RUN(STUB_API_KEY, "access", "grace-hopper", "prod_Nope", STUB_PRODUCT_ID);
	EXPECT_EXIT(PF_EXIT_NOT_FOUND);
	ck_assert(tu_contains(res.err, "HTTP 404"));
	ck_assert(tu_contains(res.out, STUB_PRODUCT_ID "  yes     customer\n"));
	/* 403 without the scope; 401 stops at the first */
	RUN(STUB_TOKEN_CHARLES, "access", "grace-hopper", STUB_PRODUCT_ID);
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert(tu_contains(res.err, "member:basic:read"));
	stub_journal_clear(stub);
	RUN("pf-not-a-token", "access", "grace-hopper", STUB_PRODUCT_ID,
	    STUB_ACCOUNT_ID);
	EXPECT_EXIT(PF_EXIT_AUTH);
	ck_assert_uint_eq(stub_journal_count(stub), 1);
}
END_TEST

/* ---- log: the trail written through audit.h, read by the binary */

static void write_trail(void)
{
	char state[4096];
	snprintf(state, sizeof state, "%s/state", home);
	setenv("XDG_STATE_HOME", state, 1);
	struct config cfg;
	struct pf_error err;
	pf_error_clear(&err);
	config_init(&cfg);
	ck_assert_int_eq(config_set(&cfg, "token", "pf-test-token-123456",
	                            CONFIG_FROM_ENV, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	static const long long days[] = { 1793527200LL /* 2026-11-01 10:00 */,
		1793872800LL /* 11-05 */, 1794304800LL /* 11-10 */ };
	static const struct audit_change grace[] = {
		{ FIELD_NAME, "Grace", "Grace H", NULL } };
	static const struct audit_change mal[] = {
		{ FIELD_BIO, "old\x1b]52;c;aGk=\a", "new \xe2\x80\xae bio", NULL },
		{ FIELD_PICTURE, "https://media.example.invalid/m.png", "file_9",
		  "m.png" } };
	for (size_t d = 0; d < 3; d++) {
		struct audit *a = audit_open_at(&cfg, CAP_CRED_API_KEY,
		                                AUDIT_SRC_ENVIRONMENT, "1", NULL,
		                                days[d]);
		ck_assert_ptr_nonnull(a);
		struct audit_request rq = { .mode = AUDIT_MODE_SET,
			.user_id = "user_Demo0000000003", .username = "grace-hopper",
			.changes = grace, .n_changes = 1 };
		ck_assert_int_eq(audit_intent(a, &rq, &err), 0);
		ck_assert_int_eq(audit_outcome(a, &rq, d == 1 ? AUDIT_NOT_SAVED
		                               : AUDIT_SAVED, d == 1 ? 422 : 200,
		                               "req_1", &err), 0);
		rq = (struct audit_request){ .mode = AUDIT_MODE_BULK,
			.user_id = "user_Demo0000000005", .username = "mallory",
			.changes = mal, .n_changes = 2 };
		ck_assert_int_eq(audit_intent(a, &rq, &err), 0);
		if (d != 2) /* the last day: an intent alone (a crash) */
			ck_assert_int_eq(audit_outcome(a, &rq, AUDIT_SAVED, 200, NULL,
			                               &err), 0);
		audit_close(a);
	}
	config_free(&cfg);
}

START_TEST(test_log)
{
	/* no trail yet */
	RUN(NULL, "log");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "No changes recorded.\n");
	RUN(NULL, "log", "--json");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "[]\n");
	write_trail();
	RUN(NULL, "log");
	EXPECT_EXIT(0);
	expect_inert(res.out);
	/* one row per field: 3 of grace, 6 of mallory, and the titles */
	ck_assert_uint_eq(count_lines(res.out), 10);
	ck_assert(tu_contains(res.out, "Grace \xe2\x86\x92 Grace H"));
	ck_assert(tu_contains(res.out, "not saved"));
	ck_assert(tu_contains(res.out, "not known"));
	/* newest last */
	const char *first = strstr(res.out, "2026-11-01"),
	           *last = strstr(res.out, "2026-11-10");
	ck_assert(first && last && first < last);
	ck_assert_ptr_null(strstr(last, "2026-11-05"));
	ck_assert_uint_eq(stub_journal_count(stub), 0);

	RUN(NULL, "log", "--user", "GRACE-HOPPER");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 4);
	ck_assert(!tu_contains(res.out, "mallory"));
	RUN(NULL, "log", "--user", "user_Demo0000000005", "--json");
	EXPECT_EXIT(0);
	cJSON *arr = cJSON_Parse(res.out);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 3);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 2),
	                 "outcome")->valuestring, "not known");
	cJSON_Delete(arr);
	RUN(NULL, "log", "--since", "2026-11-05");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 7);
	ck_assert(!tu_contains(res.out, "2026-11-01"));
	RUN(NULL, "log", "--until", "2026-11-05", "--json");
	EXPECT_EXIT(0);
	arr = cJSON_Parse(res.out);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 4);
	cJSON_Delete(arr);
	RUN(NULL, "log", "--since", "2026-11-05", "--until", "2026-11-05",
	    "--user", "grace-hopper");
	EXPECT_EXIT(0);
	ck_assert_uint_eq(count_lines(res.out), 2);
	ck_assert(tu_contains(res.out, "not saved"));
	RUN(NULL, "log", "--user", "nobody");
	EXPECT_EXIT(0);
	ck_assert_str_eq(res.out, "No changes recorded.\n");
	/* never the token */
	RUN(NULL, "log", "--json");
	ck_assert(!tu_contains(res.out, "pf-test-token-123456"));
	/* a loose trail is refused, through the formatter */
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/state/profed/audit", home);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	RUN(NULL, "log");
	EXPECT_EXIT(PF_EXIT_OTHER);
	ck_assert(tu_contains(res.err, "chmod 700"));
}
END_TEST

static Suite *cmds_suite(void)
{
	Suite *s = suite_create("cmds");
	TCase *unit = tcase_create("helpers");
	tcase_add_test(unit, test_helpers);
	suite_add_tcase(s, unit);
	TCase *tc = tcase_create("commands");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_usage_sends_nothing);
	tcase_add_test(tc, test_find_users);
	tcase_add_test(tc, test_find_members);
	tcase_add_test(tc, test_find_paging);
	tcase_add_test(tc, test_find_formats);
	tcase_add_test(tc, test_find_errors);
	tcase_add_test(tc, test_find_hostile);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_history_not_a_member);
	tcase_add_test(tc, test_access);
	tcase_add_test(tc, test_log);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(cmds_suite());
}
