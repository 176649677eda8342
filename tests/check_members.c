/* check_members.c - the support answers parsed tolerantly (members.h) and
 * lists printed (listfmt.h): NULL, empty and hostile first, then the
 * contract's fixtures, paging, the rows of find/history, and every output
 * format (table fitted to a width, JSON array, JSONL, RFC 4180 CSV). */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "listfmt.h"
#include "members.h"
#include "strbuf.h"
#include "testutil.h"
#include "text.h"

static struct pf_error err;

static char *fixture(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", TEST_FIXTURES_DIR, name);
	char *t = tu_read_file(path, len);
	ck_assert_msg(t != NULL, "cannot read %s", path);
	return t;
}

/* jsontext_parse: the whole text one JSON value, blanks after it only. */
START_TEST(test_jsontext)
{
	static const struct { const char *s; size_t n; bool ok; } cases[] = {
		{ "{}", 2, true }, { " [1] \t\r\n", 8, true }, { "3", 1, true },
		{ "{}x", 3, false }, { "{} {}", 5, false }, { "{}\0", 3, false },
		{ "{\"a\"", 4, false }, { "", 0, false }, { "  ", 2, false },
		{ "{}}", 2, true }, /* n bounds the text */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *j = jsontext_parse(cases[i].s, cases[i].n);
		ck_assert_msg((j != NULL) == cases[i].ok, "case %zu", i);
		cJSON_Delete(j);
	}
	ck_assert_ptr_null(jsontext_parse(NULL, 3));

	/* jsontext_str: a string of at most max bytes, valid UTF-8 */
	static const char obj[] = "{\"a\":\"abc\",\"n\":1,\"z\":null,"
	                          "\"bad\":\"\xff\"}";
	cJSON *o = jsontext_parse(obj, strlen(obj));
	bool oom = false;
	ck_assert_ptr_nonnull(o);
	char *v = jsontext_str(o, "a", 3, &oom);
	ck_assert_str_eq(v, "abc");
	free(v);
	ck_assert_ptr_null(jsontext_str(o, "a", 2, &oom));
	ck_assert_ptr_null(jsontext_str(o, "n", 10, &oom));
	ck_assert_ptr_null(jsontext_str(o, "z", 10, &oom));
	ck_assert_ptr_null(jsontext_str(o, "bad", 10, &oom));
	ck_assert_ptr_null(jsontext_str(o, "none", 10, &oom));
	ck_assert_ptr_null(jsontext_str(NULL, "a", 10, &oom));
	ck_assert(!oom);
	cJSON_Delete(o);
}
END_TEST

START_TEST(test_null_empty_hostile)
{
	struct member_page mp;
	struct user_page up;
	struct log_page lp;
	struct access_answer aa;
	static const char *const bad[] = { "", "[]", "null", "\"x\"", "{",
		"{}", "{\"data\":5}", "{\"data\":{}}", "{\"data\":[]} x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = strlen(bad[i]);
		ck_assert_int_eq(members_parse_members(bad[i], n, &mp, &err), -1);
		ck_assert_int_eq(err.kind, PF_ERR_PARSE);
		ck_assert_uint_eq(mp.n, 0);
		ck_assert_int_eq(members_parse_users(bad[i], n, &up, &err), -1);
		ck_assert_int_eq(members_parse_logs(bad[i], n, &lp, &err), -1);
	}
	ck_assert_int_eq(members_parse_members(NULL, 5, &mp, &err), -1);
	ck_assert_int_eq(members_parse_members("{}", 2, NULL, &err), -1);
	ck_assert_int_eq(members_parse_access(NULL, 0, &aa, &err), -1);
	ck_assert_int_eq(members_parse_access("{\"data\":[]}\0", 12, &aa, &err), -1);
	ck_assert_int_eq(members_parse_access("[true]", 6, &aa, &err), -1);
	members_member_page_free(NULL);
	members_user_page_free(NULL);
	members_log_page_free(NULL);
	members_access_free(NULL);
	members_rows_free(NULL);
	ck_assert(!members_page_more(NULL));
	ck_assert_str_eq(members_actor_text(NULL), "system");

	/* wrong types, nulls, invalid UTF-8 and huge strings become absent;
	 * non-objects and members without an id are skipped */
	size_t big = MEMBERS_MAX_TEXT + 1;
	struct strbuf sb = { 0 };
	strbuf_append_str(&sb, "{\"data\":[1,null,\"m\",[],{\"status\":\"joined\"},"
	                  "{\"id\":7},{\"id\":\"mber_1\",\"status\":5,"
	                  "\"access_level\":null,\"last_accessed_at\":{},"
	                  "\"phone_number\":\"\xff\xfe\",\"user\":\"someone\"},"
	                  "{\"id\":\"mber_2\",\"user\":{\"id\":3,\"name\":\"");
	for (size_t i = 0; i < big; i++)
		strbuf_append_str(&sb, "a");
	strbuf_append_str(&sb, "\",\"username\":\"\\u001b[2Jx\",\"profile_picture\":"
	                  "\"url\"}}],\"page_info\":{\"end_cursor\":5,"
	                  "\"has_next_page\":\"yes\"}}");
	ck_assert_int_eq(members_parse_members(sb.data, sb.len, &mp, &err), 0);
	ck_assert_uint_eq(mp.n, 2);
	ck_assert_str_eq(mp.items[0].id, "mber_1");
	ck_assert_ptr_null(mp.items[0].status);
	ck_assert_ptr_null(mp.items[0].access_level);
	ck_assert_ptr_null(mp.items[0].last_accessed_at);
	ck_assert_ptr_null(mp.items[0].phone_number);
	ck_assert_ptr_null(mp.items[0].user); /* not an object: as null */
	ck_assert_ptr_nonnull(mp.items[1].user);
	ck_assert_ptr_null(mp.items[1].user->id);
	ck_assert_ptr_null(mp.items[1].user->name);
	ck_assert_ptr_null(mp.items[1].user->picture_url);
	ck_assert_str_eq(mp.items[1].user->username, "\033[2Jx"); /* raw */
	ck_assert_ptr_null(mp.info.end_cursor);
	ck_assert(!members_page_more(&mp.info));
	members_member_page_free(&mp);
	strbuf_free(&sb);

	/* more items than the cap: the first MEMBERS_MAX_ITEMS */
	strbuf_append_str(&sb, "{\"data\":[");
	for (int i = 0; i < MEMBERS_MAX_ITEMS + 5; i++)
		strbuf_appendf(&sb, "%s{\"action\":\"a%d\"}", i ? "," : "", i);
	strbuf_append_str(&sb, "]}");
	ck_assert_int_eq(members_parse_logs(sb.data, sb.len, &lp, &err), 0);
	ck_assert_uint_eq(lp.n, MEMBERS_MAX_ITEMS);
	ck_assert_ptr_null(lp.items[0].actor);
	members_log_page_free(&lp);
	strbuf_free(&sb);

	/* access: wrong types */
	ck_assert_int_eq(members_parse_access("{\"has_access\":\"true\",\"access_level\":1}",
	                                      38, &aa, &err), 0);
	ck_assert(!aa.known && !aa.has_access);
	ck_assert_ptr_null(aa.access_level);
	members_access_free(&aa);
}
END_TEST

START_TEST(test_fixtures)
{
	size_t n;
	char *t = fixture("members-list.json", &n);
	struct member_page mp;
	ck_assert_int_eq(members_parse_members(t, n, &mp, &err), 0);
	ck_assert_uint_eq(mp.n, 3);
	ck_assert_str_eq(mp.items[0].user->username, "grace-hopper");
	ck_assert_str_eq(mp.items[0].user->picture_url,
	                 "https://media.example.invalid/placeholder/grace.png");
	ck_assert_str_eq(mp.items[1].status, "left");
	ck_assert_ptr_null(mp.items[1].last_accessed_at);
	ck_assert_ptr_null(mp.items[1].user->name);
	ck_assert_str_eq(mp.items[1].phone_number, "+15555550123");
	ck_assert_ptr_null(mp.items[2].user); /* a business buyer */
	ck_assert_str_eq(mp.info.end_cursor, "bWJlcjoz");
	ck_assert(members_page_more(&mp.info));
	ck_assert(!mp.info.has_previous_page);
	cJSON *item = cJSON_Parse(mp.items[2].json);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(item, "user")));
	cJSON_Delete(item);

	struct members_rows rows;
	ck_assert_int_eq(members_rows_members(mp.items, mp.n, false, &rows), 0);
	ck_assert_uint_eq(rows.ncols, 8);
	ck_assert_str_eq(rows.cells[1 * 8 + 7], "never");
	ck_assert_str_eq(rows.cells[2 * 8 + 1], "a business, not a person");
	ck_assert_str_eq(rows.cells[2 * 8 + 3], "mber_Demo00000000003");
	ck_assert_int_eq(rows.cells[1 * 8 + 6][10], ' '); /* local "2024-07-01 00:00 UTC", not ISO */
	char *table = listfmt_table(rows.titles, rows.ncols,
	                            (const char *const *)rows.cells, rows.nrows, 200);
	ck_assert_ptr_null(strstr(table, "+1555")); /* no phone unless asked */
	free(table);
	members_rows_free(&rows);
	ck_assert_int_eq(members_rows_members(mp.items, mp.n, true, &rows), 0);
	ck_assert_uint_eq(rows.ncols, 9);
	ck_assert_str_eq(rows.titles[8], "PHONE");
	ck_assert_str_eq(rows.cells[1 * 9 + 8], "+15555550123");
	members_rows_free(&rows);
	members_member_page_free(&mp);
	free(t);

	t = fixture("member-logs.json", &n);
	struct log_page lp;
	ck_assert_int_eq(members_parse_logs(t, n, &lp, &err), 0);
	ck_assert_uint_eq(lp.n, 3);
	ck_assert_str_eq(members_actor_text(&lp.items[0]), "system");
	ck_assert_str_eq(members_actor_text(&lp.items[1]), "Ada Lovelace");
	ck_assert_str_eq(members_actor_text(&lp.items[2]), "user_Demo0000000005");
	ck_assert_ptr_null(lp.items[2].action);
	ck_assert(!members_page_more(&lp.info)); /* has_next_page false */
	ck_assert_int_eq(members_rows_logs(lp.items, lp.n, &rows), 0);
	ck_assert_str_eq(rows.cells[2 * 3 + 1], "\u2014");
	ck_assert_str_eq(rows.cells[0 * 3 + 2], "system");
	members_rows_free(&rows);
	members_log_page_free(&lp);
	free(t);

	t = fixture("access-check.json", &n);
	struct access_answer aa;
	ck_assert_int_eq(members_parse_access(t, n, &aa, &err), 0);
	ck_assert(aa.known && aa.has_access);
	ck_assert_str_eq(aa.access_level, "customer");
	members_access_free(&aa);
	free(t);

	t = fixture("users-search.json", &n);
	struct user_page up;
	ck_assert_int_eq(members_parse_users(t, n, &up, &err), 0);
	ck_assert_uint_eq(up.n, 2);
	ck_assert_ptr_null(up.items[0].name);
	ck_assert_str_eq(up.items[1].username, "ada-lovelace");
	ck_assert_str_eq(up.items[1].picture_url, "https://media.example.invalid/ada.png");
	ck_assert(!members_page_more(&up.info));
	ck_assert_int_eq(members_rows_users(up.items, up.n, &rows), 0);
	ck_assert_str_eq(rows.cells[1 * 3 + 2], "user_Demo0000000001");
	members_rows_free(&rows);
	char *arr = listfmt_json_array((const char *const *)up.json, up.n);
	cJSON *j = cJSON_Parse(arr);
	ck_assert_int_eq(cJSON_GetArraySize(j), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 1), "bio")->valuestring,
	                 "Analyst of engines.\nWrites notes longer than the paper they "
	                 "annotate.\n\n\u2014 London");
	cJSON_Delete(j);
	free(arr);
	members_user_page_free(&up);
	free(t);
}
END_TEST

START_TEST(test_paging_rule)
{
	struct page_info i = { 0 };
	ck_assert(!members_page_more(&i));
	i.has_next_page = true;
	ck_assert(!members_page_more(&i)); /* null end_cursor */
	i.end_cursor = "";
	ck_assert(!members_page_more(&i)); /* empty end_cursor */
	i.end_cursor = "abc";
	ck_assert(members_page_more(&i));
	i.has_next_page = false;
	ck_assert(!members_page_more(&i));
	struct user_page up;
	const char *absent = "{\"data\":[],\"page_info\":{\"end_cursor\":\"c\"}}";
	ck_assert_int_eq(members_parse_users(absent, strlen(absent), &up, &err), 0);
	ck_assert(members_page_more(&up.info)); /* has_next_page absent */
	members_user_page_free(&up);
	const char *none = "{\"data\":[]}";
	ck_assert_int_eq(members_parse_users(none, strlen(none), &up, &err), 0);
	ck_assert(!members_page_more(&up.info));
	members_user_page_free(&up);
}
END_TEST

START_TEST(test_resource_prefixes)
{
	static const char *const good[] = { "biz_Demo00000001", "prod_X1", "exp_a" };
	static const char *const bad[] = { NULL, "", "biz_", "plan_1", "user_1",
		"BIZ_1", "biz_a/b", "prod_1 2", "exp_\033", "biz_1?x=1", "xbiz_1" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(members_resource_ok(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!members_resource_ok(bad[i]), "%s", bad[i] ? bad[i] : "NULL");
}
END_TEST

/* Every line of text within width columns; returns the line count. */
static int check_width(char *text, size_t width)
{
	int n = 0;
	for (char *line = text, *nl; *line; line = nl + 1, n++) {
		nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		*nl = '\0';
		ck_assert_msg(text_width(line) <= width, "%zu > %zu: %s",
		              text_width(line), width, line);
		ck_assert(line[0] == '\0' || nl[-1] != ' '); /* no trailing blank */
		*nl = '\n';
	}
	return n;
}

START_TEST(test_table)
{
	char *t = listfmt_table(NULL, 0, NULL, 0, 80);
	ck_assert_str_eq(t, "");
	free(t);
	static const char *const titles[] = { "USERNAME", "NAME", "USER ID" };
	t = listfmt_table(titles, 3, NULL, 0, 80);
	ck_assert_str_eq(t, "USERNAME  NAME  USER ID\n");
	free(t);
	const char *cells[] = {
		"ada-lovelace", "Ada Lovelace", "user_Demo0000000001",
		"mallory", "Mallory \033[31mRED\033[0m \u202eevil\nline", "user_Demo0000000005",
		"wide", "\u65e5\u672c\u8a9e\u540d\u524d\u65e5\u672c\u8a9e\u540d\u524d\u65e5\u672c\u8a9e", NULL,
		"bad", "\xff\xfe\xc0", "user_x",
	};
	t = listfmt_table(titles, 3, cells, 4, 0);
	ck_assert_int_eq(check_width(t, 1000), 5);
	ck_assert_ptr_null(strchr(t, '\033'));
	ck_assert_ptr_null(strstr(t, "\u202e"));
	ck_assert_ptr_nonnull(strstr(t, "^[[31mRED"));
	ck_assert(text_utf8_valid(t, strlen(t)));
	/* aligned: the third column starts at the same column on every line */
	free(t);
	for (size_t w = 80; w >= 20; w -= 7) {
		t = listfmt_table(titles, 3, cells, 4, w);
		ck_assert_int_eq(check_width(t, w), 5);
		ck_assert(text_utf8_valid(t, strlen(t)));
		free(t);
	}
	t = listfmt_table(titles, 3, cells, 4, 40);
	ck_assert_ptr_nonnull(strstr(t, "\u2026")); /* a cut cell says so */
	free(t);
	/* narrower than the minimum columns: lines are cut at width */
	t = listfmt_table(titles, 3, cells, 4, 8);
	ck_assert_int_eq(check_width(t, 8), 5);
	free(t);
}
END_TEST

START_TEST(test_csv)
{
	char *f = listfmt_csv_field(NULL);
	ck_assert_str_eq(f, "");
	free(f);
	static const char *const in[][2] = {
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\rhere", "cr^Mhere" }, /* a lone CR is a control character */
		{ "tab\there", "tab\there" },
		{ "esc\033[2J", "esc^[[2J" },
		{ "\xff", "\xef\xbf\xbd" },
	};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		f = listfmt_csv_field(in[i][0]);
		ck_assert_str_eq(f, in[i][1]);
		free(f);
	}
	static const char *const titles[] = { "username", "bio" };
	const char *cells[] = { "ada", "Hello, \"world\"\nbye", "bob", NULL };
	char *t = listfmt_csv(titles, 2, cells, 2);
	ck_assert_str_eq(t, "username,bio\r\nada,\"Hello, \"\"world\"\"\nbye\"\r\nbob,\r\n");
	free(t);
	t = listfmt_csv(titles, 2, NULL, 0);
	ck_assert_str_eq(t, "username,bio\r\n");
	free(t);
}
END_TEST

START_TEST(test_json_outputs)
{
	char *t = listfmt_json_array(NULL, 0);
	ck_assert_str_eq(t, "[]\n");
	free(t);
	t = listfmt_jsonl(NULL, 0);
	ck_assert_str_eq(t, "");
	free(t);
	const char *items[] = {
		"{\"name\":\"Ada\"}",
		NULL,
		"{\"name\":\"\xc2\x9b" "2J \xe2\x80\xae x\"}",  /* C1 CSI, bidi: raw UTF-8 */
		"{\n  \"pretty\": [1,\n 2]\n}",
		"{\"bad\":\"\xff\"}",
	};
	t = listfmt_json_array(items, 5);
	cJSON *arr = cJSON_Parse(t);
	ck_assert_msg(cJSON_IsArray(arr), "%s", t);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 5);
	ck_assert(cJSON_IsNull(cJSON_GetArrayItem(arr, 1)));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "name")->valuestring, "Ada");
	ck_assert_ptr_null(strstr(t, "\xc2\x9b"));
	ck_assert_ptr_null(strstr(t, "\xe2\x80\xae"));
	ck_assert(text_utf8_valid(t, strlen(t)));
	ck_assert_ptr_nonnull(strstr(t, "{\"name\":\"Ada\"}")); /* inert: as received */
	cJSON_Delete(arr);
	free(t);
	t = listfmt_jsonl(items, 5);
	int lines = 0;
	for (char *line = t, *nl; *line; line = nl + 1, lines++) {
		nl = strchr(line, '\n');
		*nl = '\0';
		cJSON *one = cJSON_Parse(line);
		ck_assert_msg(one != NULL, "not JSON: %s", line);
		cJSON_Delete(one);
	}
	ck_assert_int_eq(lines, 5);
	free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("members");
	TCase *tc = tcase_create("members");
	tcase_add_test(tc, test_jsontext);
	tcase_add_test(tc, test_null_empty_hostile);
	tcase_add_test(tc, test_fixtures);
	tcase_add_test(tc, test_paging_rule);
	tcase_add_test(tc, test_resource_prefixes);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_json_outputs);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
