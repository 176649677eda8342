/* check_support.c - the support endpoints over the engine (src/support.c):
 * the paths (NULL, empty, hostile, escaping, page caps) and, against the
 * stub, the exact requests and their parsed answers: users search,
 * members with filters and paging, a member's logs, the access check,
 * and the errors through the one formatter (403 without the scope). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "config.h"
#include "stub.h"
#include "support.h"
#include "testutil.h"

static struct stub *st;
static struct config cfg;
static struct api *api;

static void setup(void)
{
	struct stub_opts o = { .fixtures_dir = TEST_FIXTURES_DIR, .quiet = true,
	                       .people = 150 };
	struct pf_error err;

	st = stub_start(&o);
	ck_assert_ptr_nonnull(st);
	stub_client_config(st, &cfg);
	cfg.token = STUB_API_KEY;
	cfg.account_id = STUB_ACCOUNT_ID;
	cfg.members_version = CONFIG_MEMBERS_VERSION;
	cfg.logs_version = CONFIG_LOGS_VERSION;
	api = api_new(&cfg, &err);
	ck_assert_msg(api != NULL, "%s", err.message);
}

static void teardown(void)
{
	api_free(api);
	stub_stop(st);
}

START_TEST(test_paths)
{
	struct support_query q = { .query = "ada l&x=1", .status = "joined",
	                           .first = 500, .after = "c/1+2" };
	char *p;

	ck_assert_ptr_null(support_logs_path(NULL, 0, NULL));
	ck_assert_ptr_null(support_logs_path("", 0, NULL));
	ck_assert_ptr_null(support_access_path("ada", "usr_1"));
	ck_assert_ptr_null(support_access_path("..", "biz_1"));
	ck_assert_ptr_null(support_access_path(NULL, "biz_1"));
	p = support_users_path(NULL, 0, NULL);
	ck_assert_str_eq(p, "/users");
	free(p);
	p = support_users_path("grace h", 99, "");
	ck_assert_str_eq(p, "/users?query=grace%20h&first=50");
	free(p);
	p = support_members_path("biz_1", &q);
	ck_assert_str_eq(p, "/members?account_id=biz_1&query=ada%20l%26x%3D1"
	                 "&status=joined&first=100&after=c%2F1%2B2");
	free(p);
	p = support_members_path(NULL, NULL);
	ck_assert_str_eq(p, "/members");
	free(p);
	p = support_logs_path("mber_1/../x", 20, NULL);
	ck_assert_str_eq(p, "/members/mber_1%2F..%2Fx/logs?first=20");
	free(p);
	p = support_access_path("grace-hopper", "prod_1");
	ck_assert_str_eq(p, "/users/grace-hopper/access/prod_1");
	free(p);
}
END_TEST

START_TEST(test_users_search)
{
	struct support_result r;
	struct pf_error err;
	char *p = support_users_path("grace", 10, NULL);

	ck_assert_int_eq(support_get_sync(api, SUPPORT_USERS, p, &r, &err), 0);
	free(p);
	ck_assert_uint_ge(r.users.n, 1);
	ck_assert(tu_contains(r.users.items[0].username, "grace"));
	support_result_free(&r);
	support_result_free(NULL);
	struct stub_request *rq = stub_journal_nth(st, "GET", "/api/v1/users", 0);
	ck_assert_ptr_nonnull(rq);
	ck_assert_str_eq(rq->path, "/api/v1/users");
	ck_assert(tu_contains(rq->query, "query=grace"));
	ck_assert_str_eq(stub_request_header(rq, "Api-Version-Date"),
	                 CONFIG_USERS_VERSION);
	stub_request_free(rq);
}
END_TEST

START_TEST(test_members_paging_and_logs)
{
	struct support_query q = { .first = 40 };
	struct support_result r;
	struct pf_error err;
	size_t seen = 0, pages = 0;
	char after[256] = "";

	do {
		q.after = after[0] ? after : NULL;
		char *p = support_members_path(STUB_ACCOUNT_ID, &q);
		ck_assert_int_eq(support_get_sync(api, SUPPORT_MEMBERS, p, &r, &err),
		                 0);
		free(p);
		seen += r.members.n;
		pages++;
		snprintf(after, sizeof after, "%s", r.members.info.end_cursor ?
		         r.members.info.end_cursor : "");
		bool more = members_page_more(&r.members.info);
		support_result_free(&r);
		if (!more)
			break;
	} while (pages < 20);
	ck_assert_uint_ge(seen, 100);
	ck_assert_uint_ge(pages, 3);
	struct stub_request *rq = stub_journal_nth(st, "GET", "/api/v1/members",
	                                           0);
	ck_assert_str_eq(stub_request_header(rq, "Api-Version-Date"),
	                 CONFIG_MEMBERS_VERSION);
	stub_request_free(rq);
	/* one member by user id */
	q = (struct support_query){ .user_ids = STUB_ADA_ID };
	char *p = support_members_path(STUB_ACCOUNT_ID, &q);
	ck_assert_int_eq(support_get_sync(api, SUPPORT_MEMBERS, p, &r, &err), 0);
	free(p);
	ck_assert_uint_eq(r.members.n, 1);
	ck_assert_str_eq(r.members.items[0].id, STUB_MEMBER_ADA);
	support_result_free(&r);
	/* grace's logs: a full page of 100, then more */
	p = support_logs_path(STUB_MEMBER_GRACE, 100, NULL);
	ck_assert_int_eq(support_get_sync(api, SUPPORT_LOGS, p, &r, &err), 0);
	free(p);
	ck_assert_uint_eq(r.logs.n, 100);
	ck_assert(members_page_more(&r.logs.info));
	support_result_free(&r);
	rq = stub_journal_nth(st, "GET", "/api/v1/members/", 0);
	ck_assert_str_eq(stub_request_header(rq, "Api-Version-Date"),
	                 CONFIG_LOGS_VERSION);
	stub_request_free(rq);
}
END_TEST

START_TEST(test_access_and_errors)
{
	struct support_result r;
	struct pf_error err;
	char *p = support_access_path("grace-hopper", STUB_PRODUCT_ID);

	ck_assert_int_eq(support_get_sync(api, SUPPORT_ACCESS, p, &r, &err), 0);
	free(p);
	ck_assert(r.access.known);
	support_result_free(&r);
	/* charles has no member scope: 403 through the one formatter */
	api_free(api);
	cfg.token = STUB_TOKEN_CHARLES;
	cfg.account_id = NULL;
	api = api_new(&cfg, &err);
	p = support_members_path(STUB_ACCOUNT_ID, NULL);
	ck_assert_int_eq(support_get_sync(api, SUPPORT_MEMBERS, p, &r, &err), -1);
	free(p);
	ck_assert_int_eq(err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(err.status, 403);
	ck_assert_int_eq(pf_error_exit_code(&err), PF_EXIT_AUTH);
	/* a hostile path never leaves */
	ck_assert_int_eq(support_get_sync(api, SUPPORT_USERS, "/users/../x", &r,
	                                  &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("support");
	TCase *tc = tcase_create("support");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_users_search);
	tcase_add_test(tc, test_members_paging_and_logs);
	tcase_add_test(tc, test_access_and_errors);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
