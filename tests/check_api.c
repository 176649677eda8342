/* check_api.c - the users API client: URLs, bodies, error bodies, and the
 * exact requests it sends to the stub. */
#include <check.h>
#include <cjson/cJSON.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "autoconf.h"
#include "clock.h"
#include "http.h"
#include "api.h"
#include "config.h"
#include "stub.h"
#include "user.h"
#include "testutil.h"

static struct stub *st;
static struct config cfg;

/* cfg for the stub with token and no account, users version 2026-06-09. */
static void setup(void)
{
	struct stub_opts o = { .quiet = true };
	st = stub_start(&o);
	ck_assert_ptr_nonnull(st);
	stub_client_config(st, &cfg);
}

static void teardown(void)
{
	stub_stop(st);
}

static struct api *new_api(void)
{
	struct pf_error err;
	struct api *a = api_new(&cfg, &err);
	ck_assert_msg(a != NULL, "%s", err.message);
	return a;
}

/* Journal entry i; the test frees it. */
static struct stub_request *journal(size_t i)
{
	struct stub_request *r = stub_journal_get(st, i);
	ck_assert_msg(r != NULL, "no request %zu in the journal", i);
	return r;
}

/* Check the headers every users request carries. */
static void assert_common_headers(const struct stub_request *r,
                                  const char *token, const char *version)
{
	char auth[128];
	snprintf(auth, sizeof(auth), "Bearer %s", token);
	ck_assert_str_eq(stub_request_header(r, "Authorization"), auth);
	ck_assert_str_eq(stub_request_header(r, "Accept"), "application/json");
	ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"), version);
	ck_assert_str_eq(stub_request_header(r, "User-Agent"), "profed/" PACKAGE_VERSION);
}

/* ---- without a server */

START_TEST(test_hostile_input)
{
	struct pf_error err;
	struct user *u = (struct user *)&err;
	ck_assert_ptr_null(api_new(NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	api_free(NULL);
	api_run(NULL);
	api_cancel(NULL, 1);
	ck_assert(!api_busy(NULL));
	ck_assert_ptr_null(api_user_url(NULL, "me"));
	ck_assert_ptr_null(api_update_body(NULL, "{}"));
	ck_assert_int_eq(api_user_get_sync(NULL, "me", &u, &err), -1);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);

	cfg = (struct config){ .base_url = "http://127.0.0.1:9/api/v1",
	                       .users_version = CONFIG_USERS_VERSION };
	struct api *a = new_api();
	ck_assert_int_eq(api_user_get(a, NULL, NULL, NULL, &err), -1);
	ck_assert_int_eq(api_user_update_sync(a, "me", NULL, &u, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	api_cancel(a, 99); /* unknown: ignored */
	api_free(a);

	cfg.base_url = "no url";
	ck_assert_ptr_null(api_new(&cfg, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
}
END_TEST

START_TEST(test_url_and_body)
{
	cfg = (struct config){ .base_url = "https://api.whop.com/api/v1",
	                       .users_version = CONFIG_USERS_VERSION };
	struct api *a = new_api();
	char *s = api_user_url(a, "me");
	ck_assert_str_eq(s, "https://api.whop.com/api/v1/users/me");
	free(s);
	s = api_user_url(a, "../admin?x=1#y é");
	ck_assert_str_eq(s, "https://api.whop.com/api/v1/users/..%2Fadmin%3Fx%3D1%23y%20%C3%A9");
	free(s);
	s = api_update_body(a, "{\"name\":\"A\"}");
	ck_assert_str_eq(s, "{\"name\":\"A\"}");
	free(s);
	api_free(a);

	cfg.account_id = "biz_a&b=c";
	a = new_api();
	s = api_user_url(a, "user_1");
	ck_assert_str_eq(s, "https://api.whop.com/api/v1/users/user_1?account_id=biz_a%26b%3Dc");
	free(s);
	s = api_update_body(a, "{\"name\":\"A\"}"); /* the query carries it */
	ck_assert_str_eq(s, "{\"name\":\"A\"}");
	free(s);
	api_free(a);

	/* 2025-01-01 (with or without a suffix): company_id in the body */
	const char *legacy[] = { "2025-01-01", "2025-01-01-2" };
	for (int i = 0; i < 2; i++) {
		cfg.users_version = (char *)legacy[i];
		a = new_api();
		s = api_user_url(a, "user_1");
		ck_assert_str_eq(s, "https://api.whop.com/api/v1/users/user_1");
		free(s);
		s = api_update_body(a, "{\"name\":\"A\",\"company_id\":\"old\"}");
		ck_assert_str_eq(s, "{\"name\":\"A\",\"company_id\":\"biz_a&b=c\"}");
		free(s);
		ck_assert_ptr_null(api_update_body(a, "[1]"));
		ck_assert_ptr_null(api_update_body(a, "{not json"));
		struct pf_error err;
		ck_assert_int_eq(api_user_update_sync(a, "user_1", "[1]", NULL, &err), -1);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		api_free(a);
	}
}
END_TEST

START_TEST(test_error_bodies)
{
	struct pf_error e;
	api_error_from_response(0, NULL, 0, -1, NULL, NULL); /* no crash */

	const char *b401 = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Invalid API key\"}}";
	api_error_from_response(401, b401, strlen(b401), -1, "load user me", &e);
	ck_assert_int_eq(e.kind, PF_ERR_HTTP);
	ck_assert_int_eq(e.status, 401);
	ck_assert_str_eq(e.code, "unauthorized");
	ck_assert_str_eq(e.message, "Invalid API key");
	ck_assert_str_eq(e.what, "load user me");
	ck_assert_int_eq(e.retry_after_s, -1);

	/* rate limits use "type"; the wait comes from the message ... */
	const char *b429 = "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":\"Try again in 12 seconds.\"}}";
	api_error_from_response(429, b429, strlen(b429), -1, "x", &e);
	ck_assert_str_eq(e.code, "rate_limit_exceeded");
	ck_assert_int_eq(e.retry_after_s, 12);
	/* ... unless there is a Retry-After header */
	api_error_from_response(429, b429, strlen(b429), 3, "x", &e);
	ck_assert_int_eq(e.retry_after_s, 3);
	const char *b429b = "{\"error\":{\"message\":\"slow down\"}}";
	api_error_from_response(429, b429b, strlen(b429b), -1, "x", &e);
	ck_assert_int_eq(e.retry_after_s, -1);
	/* the unit named after the number counts */
	static const struct { const char *msg; int wait; } units[] = {
		{ "Try again in 1 second.", 1 },
		{ "try again in 30s", 30 },
		{ "Try again in 2 minutes.", 120 },
		{ "Try again in 1 min", 60 },
		{ "Try again in 1 hour.", 3600 },
		{ "Try again in 1500 ms.", 2 },
		{ "Try again in 250 milliseconds", 1 },
		{ "Try again in 5 fortnights.", -1 },
		{ "Try again in 9999999999 minutes", 86400 },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		char b[256];
		snprintf(b, sizeof(b), "{\"error\":{\"message\":\"%s\"}}",
		         units[i].msg);
		api_error_from_response(429, b, strlen(b), -1, "x", &e);
		ck_assert_msg(e.retry_after_s == units[i].wait, "%s: %d",
		              units[i].msg, e.retry_after_s);
	}

	/* no usable error: the reason phrase of the status */
	static const struct { long status; const char *body, *msg; } generic[] = {
		{ 502, "<html><body>Bad gateway</body></html>", "Bad Gateway" },
		{ 500, "{not json", "Internal Server Error" },
		{ 404, "{\"error\":{\"code\":5,\"message\":[\"x\"]}}", "Not Found" },
		{ 403, "{\"error\":null}", "Forbidden" },
		{ 400, "[]", "Bad Request" },
		{ 400, "{\"error\":{\"message\":\"\"}}", "Bad Request" },
		{ 418, "", "Error" },
		{ 599, NULL, "Server Error" },
	};
	for (size_t i = 0; i < sizeof(generic) / sizeof(generic[0]); i++) {
		const char *b = generic[i].body;
		api_error_from_response(generic[i].status, b, b ? strlen(b) : 0,
		                        -1, "x", &e);
		ck_assert_int_eq(e.status, generic[i].status);
		ck_assert_str_eq(e.message, generic[i].msg);
		ck_assert_str_eq(e.code, "");
	}

	/* other tolerated shapes */
	const char *flat = "{\"error\":\"nope\"}";
	api_error_from_response(400, flat, strlen(flat), -1, "x", &e);
	ck_assert_str_eq(e.message, "nope");
	const char *top = "{\"message\":\"top level\"}";
	api_error_from_response(400, top, strlen(top), -1, "x", &e);
	ck_assert_str_eq(e.message, "top level");

	/* hostile: controls are made inert, the length is capped */
	const char *esc = "{\"error\":{\"code\":\"x\\u001b[31m\",\"message\":\"a\\u001b]0;t\\u0007\\nb\"}}";
	api_error_from_response(400, esc, strlen(esc), -1, "x", &e);
	ck_assert_str_eq(e.code, "x^[[31m");
	ck_assert_ptr_null(strchr(e.message, '\x1b'));
	ck_assert_ptr_null(strchr(e.message, '\n'));
	ck_assert_ptr_nonnull(strstr(e.message, "^[]0;t^G"));
	char big[6000] = "{\"error\":{\"message\":\"";
	size_t at = strlen(big);
	for (int i = 0; i < 2000; i++, at += 2)
		memcpy(big + at, "\xc3\xa9", 2); /* é, two bytes */
	strcpy(big + at, "\"}}");
	api_error_from_response(400, big, strlen(big), -1, "x", &e);
	ck_assert_uint_lt(strlen(e.message), sizeof(e.message));
	ck_assert_ptr_nonnull(strstr(e.message, "\xe2\x80\xa6")); /* … */
	ck_assert_int_ne((unsigned char)e.message[strlen(e.message) - 1], 0xc3);
}
END_TEST

START_TEST(test_field_of_422)
{
	static const struct { long status; const char *msg, *field; } t[] = {
		{ 422, "Username has already been taken", "username" },
		{ 422, "username: only letters, digits and hyphens", "username" },
		{ 422, "Name is too long (maximum is 100 characters)", "name" },
		{ 422, "Bio is too long", "bio" },
		{ 422, "Profile picture file is not ready", "profile_picture" },
		{ 422, "Usernames must be unique", "" },
		{ 422, "Something else went wrong", "" },
		{ 400, "Name is too long", "" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char body[256];
		struct pf_error e;
		snprintf(body, sizeof(body), "{\"error\":{\"code\":\"invalid_request\",\"message\":\"%s\"}}",
		         t[i].msg);
		api_error_from_response(t[i].status, body, strlen(body), -1, "x", &e);
		ck_assert_msg(!strcmp(e.field, t[i].field), "%s -> '%s'",
		              t[i].msg, e.field);
	}
}
END_TEST

/* ---- against the stub */

START_TEST(test_get_request_exact)
{
	struct api *a = new_api();
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_str_eq(u->id, STUB_ADA_ID);
	user_free(u);
	api_free(a);

	ck_assert_uint_eq(stub_journal_count(st), 1);
	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(r->query, "");
	ck_assert_str_eq(r->body, "");
	assert_common_headers(r, STUB_TOKEN_ADA, "2026-06-09");
	ck_assert_int_eq(r->status, 200);
	stub_request_free(r);
}
END_TEST

START_TEST(test_update_request_exact)
{
	struct api *a = new_api();
	struct user *u = NULL;
	struct pf_error err;
	const char *body = "{\"name\":\"Ada L.\",\"bio\":\"line 1\\nline 2\"}";
	ck_assert_int_eq(api_user_update_sync(a, "me", body, &u, &err), 0);
	ck_assert_str_eq(u->name, "Ada L.");
	ck_assert_str_eq(u->bio, "line 1\nline 2");
	user_free(u);
	api_free(a);

	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->method, "PATCH");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(r->query, "");
	ck_assert_str_eq(r->body, body);
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "application/json");
	assert_common_headers(r, STUB_TOKEN_ADA, "2026-06-09");
	stub_request_free(r);
}
END_TEST

/* api_set_token: a 401 with a bad token, then the new token is used for
 * the next request (and only it), a line break is refused with the old
 * token kept, NULL drops the header. */
START_TEST(test_set_token)
{
	struct api *a;
	struct user *u = NULL;
	struct pf_error err;
	struct stub_request *r;

	cfg.token = "pf-wrong-token";
	a = new_api();
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), -1);
	ck_assert_int_eq(err.status, 401);
	ck_assert_int_eq(api_set_token(a, STUB_TOKEN_ADA, &err), 0);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	ck_assert_str_eq(u->id, STUB_ADA_ID);
	user_free(u);
	u = NULL;
	ck_assert_int_eq(api_set_token(a, "bad\r\nX-Evil: 1", &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0); /* still ada's */
	user_free(u);
	u = NULL;
	ck_assert_int_eq(api_set_token(a, NULL, &err), 0);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), -1);
	ck_assert_int_eq(err.status, 401);
	ck_assert_int_eq(api_set_token(NULL, "x", &err), -1);
	api_free(a);

	ck_assert_uint_eq(stub_journal_count(st), 4);
	r = journal(0);
	ck_assert_str_eq(stub_request_header(r, "Authorization"),
	                 "Bearer pf-wrong-token");
	stub_request_free(r);
	r = journal(1);
	assert_common_headers(r, STUB_TOKEN_ADA, "2026-06-09");
	stub_request_free(r);
	r = journal(2);
	assert_common_headers(r, STUB_TOKEN_ADA, "2026-06-09");
	stub_request_free(r);
	r = journal(3);
	ck_assert_ptr_null(stub_request_header(r, "Authorization"));
	stub_request_free(r);
}
END_TEST

START_TEST(test_account_id_query)
{
	cfg.token = STUB_API_KEY;
	cfg.account_id = STUB_ACCOUNT_ID;
	struct api *a = new_api();
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, STUB_CHARLES_ID,
	                                      "{\"name\":\"Chuck\"}", &u, &err), 0);
	ck_assert_str_eq(u->id, STUB_CHARLES_ID);
	user_free(u);
	ck_assert_int_eq(api_user_get_sync(a, "charles-b", &u, &err), 0);
	user_free(u);
	api_free(a);

	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->method, "PATCH");
	ck_assert_str_eq(r->path, "/api/v1/users/" STUB_CHARLES_ID);
	ck_assert_str_eq(r->query, "account_id=" STUB_ACCOUNT_ID);
	ck_assert_str_eq(r->body, "{\"name\":\"Chuck\"}");
	assert_common_headers(r, STUB_API_KEY, "2026-06-09");
	stub_request_free(r);
	r = journal(1);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users/charles-b");
	ck_assert_str_eq(r->query, "account_id=" STUB_ACCOUNT_ID);
	ck_assert_ptr_null(stub_request_header(r, "Content-Type"));
	stub_request_free(r);
}
END_TEST

START_TEST(test_legacy_company_id_body)
{
	cfg.token = STUB_API_KEY;
	cfg.account_id = STUB_ACCOUNT_ID;
	cfg.users_version = "2025-01-01";
	struct api *a = new_api();
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, STUB_CHARLES_ID,
	                                      "{\"name\":\"Chuck\"}", &u, &err), 0);
	ck_assert_str_eq(u->id, STUB_CHARLES_ID);
	user_free(u);
	api_free(a);

	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->path, "/api/v1/users/" STUB_CHARLES_ID);
	ck_assert_str_eq(r->query, "");
	ck_assert_str_eq(r->body, "{\"name\":\"Chuck\",\"company_id\":\"" STUB_ACCOUNT_ID "\"}");
	assert_common_headers(r, STUB_API_KEY, "2025-01-01");
	stub_request_free(r);
}
END_TEST

/* Run a blocking GET (or PATCH when body) that must fail; return err. */
static struct pf_error must_fail(const char *who, const char *body)
{
	struct api *a = new_api();
	struct user *u = (struct user *)&u;
	struct pf_error err;
	int rc = body ? api_user_update_sync(a, who, body, &u, &err) :
	                api_user_get_sync(a, who, &u, &err);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(u);
	api_free(a);
	return err;
}

START_TEST(test_error_statuses)
{
	struct pf_error e;

	cfg.users_version = "1999-01-01";
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.kind, PF_ERR_HTTP);
	ck_assert_int_eq(e.status, 400);
	ck_assert_str_eq(e.code, "invalid_request");
	ck_assert_ptr_nonnull(strstr(e.message, "Api-Version-Date"));
	cfg.users_version = CONFIG_USERS_VERSION;

	cfg.token = STUB_API_KEY; /* an API key must name the account */
	e = must_fail(STUB_CHARLES_ID, "{\"name\":\"X\"}");
	ck_assert_int_eq(e.status, 400);
	ck_assert_str_eq(e.message, "account_id is required for API key callers");
	ck_assert_str_eq(e.what, "save the profile of user " STUB_CHARLES_ID);

	cfg.token = "pf-test-wrong";
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.status, 401);
	ck_assert_str_eq(e.code, "unauthorized");
	ck_assert_str_eq(e.message, "Invalid API key");
	ck_assert_str_eq(e.what, "load user me");
	ck_assert_int_eq(e.retry_after_s, -1);

	cfg.token = STUB_TOKEN_NOPERM;
	e = must_fail("me", "{\"name\":\"X\"}");
	ck_assert_int_eq(e.status, 403);
	ck_assert_str_eq(e.code, "forbidden");
	ck_assert_str_eq(e.message, "Missing permission: user:profile:update");
	ck_assert_str_eq(e.what, "save your profile");

	cfg.token = STUB_TOKEN_ADA;
	e = must_fail("no-such-user", NULL);
	ck_assert_int_eq(e.status, 404);
	ck_assert_str_eq(e.code, "not_found");
	ck_assert_str_eq(e.message, "User not found");
	ck_assert_str_eq(e.what, "load user no-such-user");

	e = must_fail("me", "{\"username\":\"charles-b\"}");
	ck_assert_int_eq(e.status, 422);
	ck_assert_str_eq(e.code, "invalid_request");
	ck_assert_str_eq(e.message, "Username has already been taken");
	ck_assert_str_eq(e.field, "username");

	struct stub_fault f = { .kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                        .seconds = 12 };
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.status, 429);
	ck_assert_str_eq(e.code, "rate_limit_exceeded");
	ck_assert_str_eq(e.message, "Try again in 12 seconds.");
	ck_assert_int_eq(e.retry_after_s, 12);
	f.seconds = 7;
	f.retry_after_header = true;
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.retry_after_s, 7);

	f = (struct stub_fault){ .kind = STUB_FAULT_STATUS, .count = 1, .status = 500 };
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.status, 500);
	ck_assert_str_eq(e.code, "internal_error");
	ck_assert_str_eq(e.message, "Something went wrong");
	ck_assert_int_eq(e.retry_after_s, -1);

	f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .count = 1, .status = 502,
	                         .body = "<html>oops</html>", .content_type = "text/html" };
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	ck_assert_int_eq(e.status, 502);
	ck_assert_str_eq(e.message, "Bad Gateway");
}
END_TEST

/* A server that echoes the token in its error (code or message): the
 * token never reaches the error, nor the sentence a person reads. */
START_TEST(test_error_never_holds_token)
{
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
		.status = 401, .body = "{\"error\":{\"code\":\"bad_key_"
		STUB_TOKEN_ADA "\",\"message\":\"Invalid API key "
		STUB_TOKEN_ADA " (key " STUB_TOKEN_ADA ")\"}}" };
	stub_fault(st, &f);
	struct pf_error e = must_fail("me", NULL);
	char sentence[1024];
	pf_error_sentence(&e, sentence, sizeof(sentence));
	ck_assert_int_eq(e.status, 401);
	ck_assert_msg(!strstr(e.message, STUB_TOKEN_ADA), "%s", e.message);
	ck_assert_msg(!strstr(e.code, STUB_TOKEN_ADA), "%s", e.code);
	ck_assert_msg(!strstr(sentence, STUB_TOKEN_ADA), "%s", sentence);
	ck_assert_str_eq(e.message, "Invalid API key ****-ada (key ****-ada)");

	/* the same for a PATCH refused with a 422 */
	f.status = 422;
	stub_fault(st, &f);
	e = must_fail("me", "{\"name\":\"X\"}");
	ck_assert_int_eq(e.status, 422);
	ck_assert_msg(!strstr(e.message, STUB_TOKEN_ADA), "%s", e.message);
}
END_TEST

/* Whether text holds a run of 6 or more characters of the token. */
static bool holds_token_run(const char *text)
{
	size_t tl = strlen(STUB_TOKEN_ADA);
	for (size_t j = 0; j + 6 <= tl; j++) {
		char run[7];
		memcpy(run, STUB_TOKEN_ADA + j, 6);
		run[6] = '\0';
		if (strstr(text, run))
			return true;
	}
	return false;
}

/* A long message that ends in the token: the message is cut to its column
 * limit only after the token is redacted, so no part of it shows (the
 * audit saw 35 of 46 characters); a quoted middle part is redacted too. */
START_TEST(test_long_message_ending_in_token)
{
	static char body[2048];
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
	                        .status = 400, .body = body };
	char pad[300], sentence[1024];
	struct pf_error e;

	memset(pad, 'x', sizeof pad);
	/* 300 columns of message cut just inside the token */
	pad[sizeof pad - 1 - 8] = '\0';
	snprintf(body, sizeof body, "{\"error\":{\"message\":\"%s %s\"}}", pad,
	         STUB_TOKEN_ADA);
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	pf_error_sentence(&e, sentence, sizeof(sentence));
	ck_assert_int_eq(e.status, 400);
	ck_assert_msg(!holds_token_run(e.message), "%s", e.message);
	ck_assert_msg(!holds_token_run(sentence), "%s", sentence);

	/* the middle of the token, quoted */
	snprintf(body, sizeof body, "{\"error\":{\"message\":\"key part "
	         "<%.12s> refused\"}}", STUB_TOKEN_ADA + 3);
	stub_fault(st, &f);
	e = must_fail("me", NULL);
	ck_assert_str_eq(e.message, "key part <****> refused");
}
END_TEST

/* USER "." or ".." stays one path segment under /users/: libcurl would
 * resolve a dot segment and send the request (with the token) to another
 * path of the API. */
START_TEST(test_dot_user_stays_under_users)
{
	static const char *const who[] = { "..", "." };
	for (size_t i = 0; i < 2; i++) {
		struct api *a = new_api();
		struct user *u = NULL;
		struct pf_error err;
		stub_journal_clear(st);
		ck_assert_int_eq(api_user_get_sync(a, who[i], &u, &err), -1);
		ck_assert_ptr_null(u);
		ck_assert_int_eq(api_user_update_sync(a, who[i], "{\"name\":\"X\"}",
		                                      &u, &err), -1);
		api_free(a);
		ck_assert_uint_eq(stub_journal_count(st), 2);
		for (size_t k = 0; k < 2; k++) {
			struct stub_request *r = journal(k);
			ck_assert_msg(!strncmp(r->path, "/api/v1/users/", 14) &&
			              r->path[14], "%s went to %s", who[i], r->path);
			stub_request_free(r);
		}
	}
}
END_TEST

START_TEST(test_2xx_not_a_user)
{
	static const struct { const char *body, *type, *phrase; } t[] = {
		{ "<!doctype html><html>login</html>", "text/html", "HTML" },
		{ "  <html>", "application/json", "HTML" },
		{ "{\"name\":\"no id\"}", NULL, "" },
		{ "{\"id\":", NULL, "" },
		{ "[]", NULL, "" },
		{ "", NULL, "empty" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
		                        .status = 200, .body = t[i].body,
		                        .content_type = t[i].type };
		stub_fault(st, &f);
		struct pf_error e = must_fail("me", NULL);
		ck_assert_msg(e.kind == PF_ERR_PARSE, "case %zu: kind %d", i, e.kind);
		ck_assert_str_ne(e.message, "");
		ck_assert_ptr_nonnull(strstr(e.message, t[i].phrase));
		ck_assert_str_eq(e.what, "load user me");
	}
}
END_TEST

START_TEST(test_transport_error)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/api/v1", ntohs(sa.sin_port));
	cfg.base_url = url;
	struct pf_error e = must_fail("me", NULL);
	ck_assert_int_eq(e.kind, PF_ERR_TRANSPORT);
	ck_assert_str_eq(e.host, "127.0.0.1");
	ck_assert_str_eq(e.what, "load user me");
	char s[1024];
	ck_assert_ptr_nonnull(strstr(pf_error_sentence(&e, s, sizeof(s)),
	                             "Could not load user me: could not talk to 127.0.0.1"));
}
END_TEST

/* Records an asynchronous operation's callback. */
struct seen {
	int calls;
	struct user *user;
	struct pf_error err;
};

static void on_user(void *ud, struct user *user, const struct pf_error *err)
{
	struct seen *s = ud;
	s->calls++;
	s->user = user;
	s->err = *err;
	ck_assert(user ? err->kind == PF_OK : err->kind != PF_OK);
}

START_TEST(test_async_and_cancel)
{
	struct api *a = new_api();
	struct pf_error err;
	struct seen ok = { 0 }, cancelled = { 0 }, freed = { 0 };
	long id = api_user_get(a, "me", on_user, &ok, &err);
	ck_assert_int_gt(id, 0);
	ck_assert(api_busy(a));
	while (api_busy(a)) {
		ck_assert_int_eq(api_wait(a, NULL, 0, NULL, 1000), 0);
		api_run(a);
	}
	ck_assert_int_eq(ok.calls, 1);
	ck_assert_str_eq(ok.user->id, STUB_ADA_ID);
	user_free(ok.user);

	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .delay_ms = 1000 };
	stub_fault(st, &f);
	id = api_user_get(a, "me", on_user, &cancelled, &err);
	long id2 = api_user_update(a, "me", "{\"name\":\"Z\"}", on_user, &freed, &err);
	ck_assert_int_gt(id2, id);
	api_cancel(a, id);
	ck_assert_int_eq(cancelled.calls, 1);
	ck_assert_int_eq(cancelled.err.kind, PF_ERR_CANCELLED);
	ck_assert_str_eq(cancelled.err.what, "load user me");
	ck_assert(api_busy(a));
	api_free(a); /* cancels the update */
	ck_assert_int_eq(freed.calls, 1);
	ck_assert_int_eq(freed.err.kind, PF_ERR_CANCELLED);
	stub_fault_clear(st);
}
END_TEST

/* ---- the engine: any endpoint, tasks, the clock */

/* The one clock: monotonic, advancing. */
START_TEST(test_clock)
{
	long long t0 = clock_now_ms();
	ck_assert_int_gt(t0, 0);
	usleep(30 * 1000);
	long long t1 = clock_now_ms();
	ck_assert_int_ge(t1 - t0, 30);
	ck_assert_int_lt(t1 - t0, 5000);
}
END_TEST

static void on_json_never(void *ud, long id, const struct api_answer *ans,
                          const struct pf_error *err)
{
	(void)ud; (void)id; (void)ans; (void)err;
	ck_abort_msg("a refused request ran its callback");
}

/* Requests the engine refuses before anything is sent: no client, no
 * callback, hostile paths (no leading '/', dot segments that climb out of
 * the base URL, white space, CR LF, '#', non-ASCII), methods and bodies
 * that do not go together, an overlong version. */
START_TEST(test_json_hostile_requests)
{
	struct pf_error err;
	cJSON *out = (cJSON *)&err;
	ck_assert_int_eq(api_get_json(NULL, "/users", NULL, on_json_never, NULL,
	                              &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_int_eq(api_get_json_sync(NULL, "/users", NULL, &out, &err), -1);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(api_json_start(NULL, NULL, on_json_never, NULL, &err), -1);

	cfg = (struct config){ .base_url = "http://127.0.0.1:9/api/v1",
	                       .users_version = CONFIG_USERS_VERSION };
	struct api *a = new_api();
	ck_assert_int_eq(api_get_json(a, "/users", NULL, NULL, NULL, &err), -1);
	ck_assert_int_eq(api_get_json_sync(a, "/users", NULL, NULL, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	static const char *const paths[] = {
		"", "users", "/users/../admin", "/..", "/users/.", "/./users",
		"/users?query=a b", "/users?query=a\r\nX-Evil: 1", "/users#frag",
		"/users?query=\xc3\xa9", "/users\t", "/\x1b[2J",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		pf_error_clear(&err);
		ck_assert_msg(api_get_json(a, paths[i], NULL, on_json_never, NULL,
		                           &err) == -1, "accepted path %zu", i);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	}
	ck_assert_int_eq(api_get_json(a, NULL, NULL, on_json_never, NULL, &err), -1);
	/* ".." inside a value is not a segment */
	struct api_json_request r = { .method = "DELETE", .path = "/users/me" };
	ck_assert_int_eq(api_json_start(a, &r, on_json_never, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "DELETE"));
	r = (struct api_json_request){ .path = "/users", .body = "{}" };
	ck_assert_int_eq(api_json_start(a, &r, on_json_never, NULL, &err), -1);
	r = (struct api_json_request){ .method = "POST", .path = "/files" };
	ck_assert_int_eq(api_json_start(a, &r, on_json_never, NULL, &err), -1);
	char ver[200];
	memset(ver, '9', sizeof(ver) - 1);
	ver[sizeof(ver) - 1] = '\0';
	ck_assert_int_eq(api_get_json(a, "/users", ver, on_json_never, NULL, &err), -1);
	ck_assert(!api_busy(a));
	api_free(a);
}
END_TEST

/* GET /users?query= through the engine: the exact request (path, query,
 * the common headers), the parsed answer; the version it is given. */
START_TEST(test_get_json_search)
{
	struct api *a = new_api();
	struct pf_error err;
	cJSON *out = NULL;
	ck_assert_int_eq(api_get_json_sync(a, "/users?query=grace&first=5", NULL,
	                                   &out, &err), 0);
	ck_assert_int_eq(err.kind, PF_OK);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(out, "data");
	ck_assert_int_eq(cJSON_GetArraySize(data), 1);
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(data, 0), "username")), "grace-hopper");
	ck_assert(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(out, "page_info")));
	cJSON_Delete(out);
	ck_assert_uint_eq(stub_journal_count(st), 1);
	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users");
	ck_assert_str_eq(r->query, "query=grace&first=5");
	assert_common_headers(r, STUB_TOKEN_ADA, CONFIG_USERS_VERSION);
	stub_request_free(r);

	/* another version, named by the caller */
	stub_journal_clear(st);
	ck_assert_int_eq(api_get_json_sync(a, "/users?query=alan", "2026-08-21",
	                                   &out, &err), 0);
	cJSON_Delete(out);
	r = journal(0);
	assert_common_headers(r, STUB_TOKEN_ADA, "2026-08-21");
	stub_request_free(r);
	api_free(a);
}
END_TEST

/* What the paging callback collected. */
struct pages {
	int calls;
	long last_id;
	long long status;
	char ids[16][64];
	size_t n;
	char cursor[128];
	bool more;
	struct pf_error err;
};

static void on_page(void *ud, long id, const struct api_answer *ans,
                    const struct pf_error *err)
{
	struct pages *p = ud;
	p->calls++;
	p->last_id = id;
	p->err = *err;
	p->more = false;
	if (!ans)
		return;
	p->status = ans->status;
	ck_assert_ptr_nonnull(ans->body);
	ck_assert_uint_eq(strlen(ans->body), ans->body_len);
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ans->json, "data"))
		if (p->n < 16)
			snprintf(p->ids[p->n++], sizeof(p->ids[0]), "%s",
			         cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")));
	const cJSON *pi = cJSON_GetObjectItemCaseSensitive(ans->json, "page_info");
	const char *c = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(pi, "end_cursor"));
	p->more = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pi, "has_next_page"));
	snprintf(p->cursor, sizeof(p->cursor), "%s", c ? c : "");
}

/* Paging as api.h says: after=<end_cursor> (escaped) until has_next_page
 * is false; every user once, asynchronously. */
START_TEST(test_get_json_paging)
{
	struct api *a = new_api();
	struct pf_error err;
	struct pages p = { 0 };
	char path[256] = "/users?first=2";
	int pages = 0;
	do {
		long id = api_get_json(a, path, NULL, on_page, &p, &err);
		ck_assert_int_gt(id, 0);
		while (api_busy(a)) {
			ck_assert_int_eq(api_wait(a, NULL, 0, NULL, 1000), 0);
			api_run(a);
		}
		ck_assert_int_eq(p.last_id, id);
		ck_assert_msg(p.err.kind == PF_OK, "%s", p.err.message);
		ck_assert_int_eq(p.status, 200);
		pages++;
		char *esc = http_escape(p.cursor);
		snprintf(path, sizeof(path), "/users?first=2&after=%s", esc);
		free(esc);
	} while (p.more && pages < 10);
	ck_assert_int_eq(p.calls, pages);
	ck_assert_int_ge(pages, 3);
	ck_assert_uint_ge(p.n, 5);
	for (size_t i = 0; i < p.n; i++)
		for (size_t j = i + 1; j < p.n; j++)
			ck_assert_str_ne(p.ids[i], p.ids[j]);
	api_free(a);
}
END_TEST

/* Errors of any endpoint go through the same path as a user's: a 403's
 * body through api_error_from_response, a 400 of the stub's own, a 429
 * waited out and repeated (then reported when retries are used up), a
 * 2xx that is an HTML page or not JSON, the token redacted, a cancel. */
START_TEST(test_get_json_errors)
{
	struct api *a = new_api();
	struct api_retry_policy pol = { .retries = 0, .base_ms = 10, .max_ms = 100,
	                                .max_wait_s = 120 };
	api_set_retry_policy(a, &pol);
	struct pf_error err;
	cJSON *out = NULL;

	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 403, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_get_json_sync(a, "/users?query=ada", NULL, &out, &err), -1);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(err.status, 403);
	ck_assert_str_eq(err.code, "forbidden");
	ck_assert_str_eq(err.message, "Missing permission: user:profile:update");
	ck_assert_str_eq(err.what, "load /users?query=ada");
	ck_assert_int_eq(err.landed, PF_LANDED_NA);

	ck_assert_int_eq(api_get_json_sync(a, "/users?first=0", NULL, &out, &err), -1);
	ck_assert_int_eq(err.status, 400);
	ck_assert_str_eq(err.code, "invalid_request");

	/* 429 without retries: reported with the server's wait */
	f = (struct stub_fault){ .kind = STUB_FAULT_RATE_LIMIT, .seconds = 7, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_get_json_sync(a, "/users", NULL, &out, &err), -1);
	ck_assert_int_eq(err.status, 429);
	ck_assert_int_eq(err.retry_after_s, 7);

	/* 429 with a retry: the Retry-After wait is taken, then it succeeds */
	pol.retries = 1;
	api_set_retry_policy(a, &pol);
	stub_journal_clear(st);
	f = (struct stub_fault){ .kind = STUB_FAULT_RATE_LIMIT, .seconds = 1,
	                         .retry_after_header = true, .count = 1 };
	stub_fault(st, &f);
	long long t0 = clock_now_ms();
	ck_assert_int_eq(api_get_json_sync(a, "/users?query=alan", NULL, &out, &err), 0);
	ck_assert_int_ge(clock_now_ms() - t0, 900);
	ck_assert_ptr_nonnull(out);
	cJSON_Delete(out);
	ck_assert_uint_eq(stub_journal_count_of(st, "GET", "/api/v1/users"), 2);

	/* 2xx that is not JSON */
	static const char *const bad[] = { "<html>proxy</html>", "not json", "" };
	for (size_t i = 0; i < 3; i++) {
		f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .status = 200,
		                         .body = bad[i], .count = 2 };
		stub_fault(st, &f);
		ck_assert_int_eq(api_get_json_sync(a, "/users", NULL, &out, &err), -1);
		ck_assert_msg(err.kind == PF_ERR_PARSE, "%zu: %s", i, err.message);
		ck_assert_ptr_null(out);
		stub_fault_clear(st);
	}

	/* a server that echoes the token */
	f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .status = 400, .count = 1,
		.body = "{\"error\":{\"message\":\"bad " STUB_TOKEN_ADA "\"}}" };
	stub_fault(st, &f);
	ck_assert_int_eq(api_get_json_sync(a, "/users", NULL, &out, &err), -1);
	ck_assert_str_eq(err.message, "bad ****-ada");

	/* cancelled in flight: the callback runs at once, no answer */
	f = (struct stub_fault){ .kind = STUB_FAULT_DELAY, .delay_ms = 2000, .count = 1 };
	stub_fault(st, &f);
	struct pages p = { 0 };
	long id = api_get_json(a, "/users", NULL, on_page, &p, &err);
	api_wait(a, NULL, 0, NULL, 50);
	api_run(a);
	api_cancel(a, id);
	ck_assert_int_eq(p.calls, 1);
	ck_assert_int_eq(p.err.kind, PF_ERR_CANCELLED);
	ck_assert(!api_busy(a));
	api_free(a);
}
END_TEST

/* A task on the one list: its id from the same counter, its timer in
 * api_next_wakeup_ms, its work run by api_run, its cancel by api_cancel,
 * api_cancel_owner and api_free. */
struct fake_task {
	struct api *a;
	long id;
	long long due;  /* clock_now_ms() when its work is due; 0 = none */
	int runs, cancels;
};

static long long fake_wakeup(void *ud, long long now)
{
	struct fake_task *t = ud;
	return !t->due ? -1 : t->due > now ? t->due - now : 0;
}

static void fake_run(void *ud, long long now)
{
	struct fake_task *t = ud;
	(void)now;
	t->runs++;
	t->due = 0;
}

static void fake_cancel(void *ud)
{
	struct fake_task *t = ud;
	t->cancels++;
	api_task_end(t->a, t->id);
}

static const struct api_task_ops fake_ops = { fake_wakeup, fake_run, fake_cancel };

START_TEST(test_tasks_share_the_list)
{
	cfg = (struct config){ .base_url = "http://127.0.0.1:9/api/v1",
	                       .users_version = CONFIG_USERS_VERSION };
	struct api *a = new_api();
	struct pf_error err;
	int owner;
	struct fake_task t1 = { .a = a }, t2 = { .a = a }, t3 = { .a = a };
	ck_assert_int_eq(api_task_start(a, NULL, &owner, &t1, &err), -1);
	ck_assert_int_eq(api_task_start(NULL, &fake_ops, &owner, &t1, &err), -1);
	ck_assert_int_eq(api_next_wakeup_ms(a), -1);
	t1.id = api_task_start(a, &fake_ops, &owner, &t1, &err);
	t2.id = api_task_start(a, &fake_ops, &owner, &t2, &err);
	t3.id = api_task_start(a, &fake_ops, NULL, &t3, &err);
	ck_assert_int_gt(t1.id, 0);
	ck_assert_int_gt(t2.id, t1.id);
	ck_assert(api_busy(a));
	ck_assert_int_eq(api_next_wakeup_ms(a), -1);
	ck_assert(!api_waiting(a, t1.id, NULL, NULL)); /* not a repeat */
	t1.due = clock_now_ms() + 80;
	long w = api_next_wakeup_ms(a);
	ck_assert_int_gt(w, 30);
	ck_assert_int_le(w, 80);
	long long t0 = clock_now_ms();
	while (!t1.runs) {
		ck_assert_int_eq(api_wait(a, NULL, 0, NULL, 5000), 0); /* cut short */
		api_run(a);
	}
	ck_assert_int_ge(clock_now_ms() - t0, 60);
	ck_assert_int_lt(clock_now_ms() - t0, 2000);
	ck_assert_int_eq(t1.runs, 1);
	ck_assert_int_eq(api_next_wakeup_ms(a), -1);
	api_cancel(a, t1.id);
	ck_assert_int_eq(t1.cancels, 1);
	api_cancel(a, t1.id); /* gone: ignored */
	ck_assert_int_eq(t1.cancels, 1);
	api_cancel_owner(a, &owner);
	ck_assert_int_eq(t2.cancels, 1);
	ck_assert_int_eq(t3.cancels, 0);
	api_free(a); /* cancels the rest */
	ck_assert_int_eq(t3.cancels, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("api");
	TCase *unit = tcase_create("unit");
	tcase_add_test(unit, test_hostile_input);
	tcase_add_test(unit, test_url_and_body);
	tcase_add_test(unit, test_error_bodies);
	tcase_add_test(unit, test_field_of_422);
	tcase_add_test(unit, test_clock);
	tcase_add_test(unit, test_json_hostile_requests);
	tcase_add_test(unit, test_tasks_share_the_list);
	suite_add_tcase(s, unit);
	TCase *tc = tcase_create("stub");
	tcase_set_timeout(tc, 20);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_get_request_exact);
	tcase_add_test(tc, test_update_request_exact);
	tcase_add_test(tc, test_set_token);
	tcase_add_test(tc, test_account_id_query);
	tcase_add_test(tc, test_legacy_company_id_body);
	tcase_add_test(tc, test_error_statuses);
	tcase_add_test(tc, test_error_never_holds_token);
	tcase_add_test(tc, test_long_message_ending_in_token);
	tcase_add_test(tc, test_dot_user_stays_under_users);
	tcase_add_test(tc, test_2xx_not_a_user);
	tcase_add_test(tc, test_transport_error);
	tcase_add_test(tc, test_async_and_cancel);
	tcase_add_test(tc, test_get_json_search);
	tcase_add_test(tc, test_get_json_paging);
	tcase_add_test(tc, test_get_json_errors);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
