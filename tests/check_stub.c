/* check_stub.c - the API stub, driven over real HTTP with libcurl.
 *
 * Hostile and empty cases first, then the contract: version shapes, views,
 * PATCH validation and journal, API keys and overrides, search, the files
 * flow, each fault kind, a large journal, reset and the /_stub/ control;
 * then the support endpoints (members, member logs, access) with demo
 * people and hostile entries.
 */
#include "clock.h"
#include "stub.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AUTH_ADA "Authorization: Bearer " STUB_TOKEN_ADA
#define AUTH_CHARLES "Authorization: Bearer " STUB_TOKEN_CHARLES
#define AUTH_NOPERM "Authorization: Bearer " STUB_TOKEN_NOPERM
#define AUTH_KEY "Authorization: Bearer " STUB_API_KEY
#define V2025 "Api-Version-Date: 2025-01-01"
#define V2026 "Api-Version-Date: 2026-06-09"
#define VLATER "Api-Version-Date: 2026-08-21-1"
#define ADA_PATH "/users/" STUB_ADA_ID

static struct stub *stub;
static CURL *curl;  /* one handle per test: connections are reused */

struct resp {
	CURLcode rc;
	long status;
	char *body;
	size_t len;
	char *headers;
	size_t hlen;
	double seconds;
	long connects;
	cJSON *json;
};

struct buf {
	char **data;
	size_t *len;
};

/* curl write/header callback: append to a struct buf. */
static size_t on_bytes(char *p, size_t size, size_t n, void *cls)
{
	struct buf *b = cls;
	char *grown = realloc(*b->data, *b->len + size * n + 1);

	if (!grown)
		return 0;
	memcpy(grown + *b->len, p, size * n);
	*b->len += size * n;
	grown[*b->len] = '\0';
	*b->data = grown;
	return size * n;
}

/* Send one request on handle h. target: "/users/..." (under the base URL),
 * "@/..." (under the origin) or an absolute URL. body may be NULL; the
 * header lines follow, NULL-terminated. The caller frees r with
 * resp_free. */
static void send_on(CURL *h, struct resp *r, const char *method,
		    const char *target, const char *body, size_t body_len,
		    va_list ap)
{
	char url[1024];
	const char *base = stub_base_url(stub);
	struct curl_slist *hdrs = NULL;
	struct buf bb = { &r->body, &r->len }, hb = { &r->headers, &r->hlen };
	const char *line;

	memset(r, 0, sizeof *r);
	if (target[0] == '@')
		snprintf(url, sizeof url, "%.*s%s", (int)(strlen(base) - strlen("/api/v1")),
			 base, target + 1);
	else if (target[0] == '/')
		snprintf(url, sizeof url, "%s%s", base, target);
	else
		snprintf(url, sizeof url, "%s", target);
	while ((line = va_arg(ap, const char *)))
		hdrs = curl_slist_append(hdrs, line);
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_bytes);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &bb);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_bytes);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	r->rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r->seconds);
	curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &r->connects);
	curl_slist_free_all(hdrs);
	r->json = r->body ? cJSON_Parse(r->body) : NULL;
}

/* send_on with the test's handle and a NUL-terminated body. */
static void req(struct resp *r, const char *method, const char *target,
		const char *body, ...)
{
	va_list ap;

	va_start(ap, body);
	send_on(curl, r, method, target, body, body ? strlen(body) : 0, ap);
	va_end(ap);
}

/* req with a body of len bytes (may hold any byte). */
static void req_bytes(struct resp *r, const char *method, const char *target,
		      const char *body, size_t len, ...)
{
	va_list ap;

	va_start(ap, len);
	send_on(curl, r, method, target, body, len, ap);
	va_end(ap);
}

/* Free what send_on filled; r is zeroed. */
static void resp_free(struct resp *r)
{
	free(r->body);
	free(r->headers);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof *r);
}

/* The JSON value at a dotted path ("error.message", "balances.3.name"). */
static const cJSON *jget(const cJSON *o, const char *path)
{
	char key[128];

	while (o && *path) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof key, "%.*s", (int)n, path);
		o = cJSON_IsArray(o) ? cJSON_GetArrayItem(o, atoi(key)) :
			cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}

/* The string at path in r's JSON body; NULL when absent or not a string. */
static const char *jstr(const struct resp *r, const char *path)
{
	return cJSON_GetStringValue(jget(r->json, path));
}

/* The value of response header name (first), copied to out. */
static bool resp_header(const struct resp *r, const char *name, char *out,
			size_t size)
{
	char pat[128];
	const char *h;

	snprintf(pat, sizeof pat, "\n%s:", name);
	h = r->headers ? strcasestr(r->headers, pat) : NULL;
	if (!h)
		return false;
	h += strlen(pat);
	h += strspn(h, " ");
	snprintf(out, size, "%.*s", (int)strcspn(h, "\r\n"), h);
	return true;
}

/* Send with one auth line and one version line (either may be NULL,
 * which ends the list) and assert the status. */
static void expect(const char *method, const char *target, const char *body,
		   const char *auth, const char *version, long status)
{
	struct resp r;

	req(&r, method, target, body, auth, version, NULL);
	ck_assert_msg(r.status == status, "%s %s %s: %ld, want %ld: %s", method,
		      target, body ? body : "", r.status, status, r.body);
	resp_free(&r);
}

/* Per test: a fresh quiet stub and a curl handle. */
static void setup(void)
{
	struct stub_opts opts = { .quiet = true };

	stub = stub_start(&opts);
	ck_assert_ptr_nonnull(stub);
	curl = curl_easy_init();
	ck_assert_ptr_nonnull(curl);
}

static void teardown(void)
{
	curl_easy_cleanup(curl);
	stub_stop(stub);
}

/* ----------------------------------------------------- empty and hostile */

START_TEST(test_null_and_empty)
{
	char *u;
	cJSON *o;

	stub_stop(NULL);
	stub_request_free(NULL);
	ck_assert_ptr_null(stub_request_header(NULL, "Host"));
	ck_assert_ptr_null(stub_journal_get(stub, 0));
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	ck_assert_ptr_null(stub_get_user(stub, NULL));
	ck_assert_ptr_null(stub_get_user(stub, "user_Nobody"));
	ck_assert_int_eq(stub_put_user(stub, NULL), -1);
	ck_assert_int_eq(stub_put_user(stub, ""), -1);
	ck_assert_int_eq(stub_put_user(stub, "{"), -1);
	ck_assert_int_eq(stub_put_user(stub, "[1]"), -1);
	ck_assert_int_eq(stub_put_user(stub, "{\"id\":\"x\",\"username\":\"x\"}"), -1);
	ck_assert_int_eq(stub_put_user(stub, "{\"id\":\"user_X\"}"), -1);
	ck_assert_int_eq(stub_set_user_field(stub, "user_Nobody", "name", "\"x\""), -1);
	ck_assert_int_eq(stub_set_user_field(stub, STUB_ADA_ID, NULL, "\"x\""), -1);
	ck_assert_int_eq(stub_set_user_field(stub, STUB_ADA_ID, "name", NULL), -1);
	ck_assert_int_eq(stub_set_user_field(stub, STUB_ADA_ID, "name", "{"), -1);
	ck_assert_int_eq(stub_set_user_field(stub, STUB_ADA_ID, "name",
	                                     "\"Ada \\u65e5\""), 0);
	u = stub_get_user(stub, STUB_ADA_ID);
	ck_assert_ptr_nonnull(strstr(u, "\"name\":\"Ada \xe6\x97\xa5\""));
	free(u);
	stub_fault(stub, NULL);
	stub_fault_clear(stub);
	ck_assert_ptr_nonnull(strstr(stub_base_url(stub), "http://127.0.0.1:"));
	ck_assert_str_eq(stub_base_url(stub) + strlen(stub_base_url(stub)) - 7,
			 "/api/v1");
	u = stub_get_user(stub, STUB_ADA_ID);
	ck_assert_ptr_nonnull(u);
	o = cJSON_Parse(u);
	ck_assert(cJSON_IsArray(jget(o, "balances")));
	ck_assert_ptr_null(jget(o, "balance"));  /* the later shape's object */
	cJSON_Delete(o);
	free(u);
}
END_TEST

START_TEST(test_unknown_path)
{
	struct resp r;

	req(&r, "GET", "/nope", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 404);
	ck_assert_str_eq(jstr(&r, "error.code"), "not_found");
	resp_free(&r);
	expect("GET", "@/api/v2/users/me", NULL, AUTH_ADA, V2026, 404);
	expect("GET", "/users/me/extra", NULL, AUTH_ADA, V2026, 404);
	expect("GET", "/users/", NULL, AUTH_ADA, V2026, 404);
	expect("GET", "@/", NULL, AUTH_ADA, V2026, 404);
	expect("DELETE", "/users/me", NULL, AUTH_ADA, V2026, 405);
	expect("GET", "/users/user_Nobody", NULL, AUTH_ADA, V2026, 404);
	expect("GET", "/users/nobody-here", NULL, AUTH_ADA, V2026, 404);
	/* "@/" is not under /api/ or /_upload/: not journaled */
	ck_assert_uint_eq(stub_journal_count(stub), 7);
}
END_TEST

START_TEST(test_auth_refused)
{
	struct resp r;
	char v[64];
	struct stub_request *e;

	req(&r, "GET", "/users/me", NULL, V2026, NULL);
	ck_assert_int_eq(r.status, 401);
	ck_assert_str_eq(jstr(&r, "error.code"), "unauthorized");
	ck_assert_str_eq(jstr(&r, "error.message"), "Invalid API key");
	ck_assert(resp_header(&r, "WWW-Authenticate", v, sizeof v));
	resp_free(&r);
	expect("GET", "/users/me", NULL, "Authorization: Bearer nope", V2026, 401);
	expect("GET", "/users/me", NULL, "Authorization: Basic " STUB_TOKEN_ADA,
	       V2026, 401);
	expect("GET", "/users/me", NULL, "Authorization: Bearer", V2026, 401);
	expect("GET", "/users/me", NULL, AUTH_ADA "x", V2026, 401);
	expect("PATCH", "/users/me", "{\"name\":\"x\"}", "Authorization: ", V2026, 401);
	e = stub_journal_get(stub, 5);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->status, 401);
	ck_assert_str_eq(e->body, "{\"name\":\"x\"}");
	stub_request_free(e);
}
END_TEST

START_TEST(test_garbage_bodies)
{
	static const char *const bodies[] = {
		"", "not json", "[1]", "\"name\"", "null", "{\"name\":\"x\"} trailing",
		"{\"name\":", "{\"name\":\"\xff\"}", "{\"nickname\":\"x\"}",
		"{\"name\":\"a\",\"name\":\"b\"}", "{\"id\":\"user_x\"}",
	};
	char *u;
	struct resp r;

	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		expect("PATCH", "/users/me", bodies[i], AUTH_ADA, V2026, 400);
	req(&r, "PATCH", "/users/me", "{\"nickname\":\"x\"}", AUTH_ADA, V2026, NULL);
	ck_assert_ptr_nonnull(strstr(jstr(&r, "error.message"), "nickname"));
	resp_free(&r);
	u = stub_get_user(stub, STUB_ADA_ID);
	ck_assert_ptr_nonnull(strstr(u, "\"name\":\"Ada Lovelace\""));
	free(u);
}
END_TEST

START_TEST(test_bad_version)
{
	struct resp r;

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 1999-01-01", NULL);
	ck_assert_int_eq(r.status, 400);
	ck_assert_str_eq(jstr(&r, "error.message"), "Unrecognized Api-Version-Date "
		"'1999-01-01'. Supported: 2025-01-01, 2026-06-09, 2026-07-20, "
		"2026-08-21-1, 2026-09-11, 2026-09-22-3");
	resp_free(&r);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 2026-06-09-", 400);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 2026-06-09x", 400);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 2026-06", 400);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date:", 200);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 2026-06-09-12", 200);
	expect("GET", "/users/me", NULL, AUTH_ADA, "Api-Version-Date: 2026-08-21", 200);
}
END_TEST

/* --------------------------------------------------------------- users */

START_TEST(test_me_shapes)
{
	struct resp r;

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "username"), "ada-lovelace");
	ck_assert_ptr_null(jget(r.json, "total_usd"));
	ck_assert_ptr_null(jget(r.json, "balances"));
	ck_assert_ptr_null(jget(r.json, "verification"));
	ck_assert_ptr_null(jget(r.json, "balance"));
	resp_free(&r);

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2025, NULL);
	ck_assert_ptr_null(jget(r.json, "balances"));
	ck_assert_str_eq(jstr(&r, "profile_picture.url"), "https://media.example.invalid/ada.png");
	resp_free(&r);

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "total_usd"), "15234.5");
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "balances")), 4);
	ck_assert_str_eq(jstr(&r, "balances.2.symbol"), "cbBTC");
	ck_assert(cJSON_IsNull(jget(r.json, "balances.3.value_usd")));
	ck_assert_str_eq(jstr(&r, "verification.individual.status"), "approved");
	ck_assert_ptr_null(jget(r.json, "balance"));
	resp_free(&r);

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, VLATER, NULL);
	ck_assert_ptr_null(jget(r.json, "balances"));
	ck_assert_ptr_null(jget(r.json, "total_usd"));
	ck_assert_str_eq(jstr(&r, "balance.total_usd"), "15234.50");
	ck_assert_str_eq(jstr(&r, "balance.crypto.0.symbol"), "cbBTC");
	ck_assert_str_eq(jstr(&r, "verification.business.status"), "pending");
	resp_free(&r);
}
END_TEST

START_TEST(test_other_views)
{
	struct resp r;

	req(&r, "GET", "/users/charles-b", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "balances")), 0);
	ck_assert(cJSON_IsNull(jget(r.json, "name")));
	resp_free(&r);

	/* yourself, but not as "me" */
	req(&r, "GET", ADA_PATH, NULL, AUTH_ADA, V2026, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	ck_assert(cJSON_IsArray(jget(r.json, "balances")));
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "balances")), 0);
	resp_free(&r);
	req(&r, "GET", "/users/Ada-Lovelace", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	resp_free(&r);

	/* no balance scope */
	req(&r, "GET", "/users/me", NULL, AUTH_NOPERM, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "id"), STUB_ADA_ID);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "balances")), 0);
	resp_free(&r);

	/* later shape: placeholder picture, balance only for the self view */
	req(&r, "GET", "/users/charles-b", NULL, AUTH_ADA, VLATER, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "balance")));
	ck_assert_ptr_nonnull(jstr(&r, "profile_picture.url"));
	resp_free(&r);
	req(&r, "GET", "/users/me", NULL, AUTH_CHARLES, VLATER, NULL);
	ck_assert(cJSON_IsObject(jget(r.json, "balance")));
	ck_assert(cJSON_IsNull(jget(r.json, "balance.total_usd")));
	resp_free(&r);

	/* API keys: no /users/me, other users fine */
	req(&r, "GET", "/users/me", NULL, AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 400);
	ck_assert_ptr_nonnull(strstr(jstr(&r, "error.message"), "user token"));
	resp_free(&r);
	req(&r, "GET", "/users/ada-lovelace", NULL, AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	resp_free(&r);
}
END_TEST

START_TEST(test_patch_name_journal)
{
	static const char body[] = "{\"name\":\"Ada King\"}";
	struct resp r;
	struct stub_request *e;
	bool exact_case = false;

	req(&r, "PATCH", "/users/me", body, AUTH_ADA, V2026,
	    "Content-Type: application/json", "X-Test-Case: patch name", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), "Ada King");
	ck_assert_str_eq(jstr(&r, "total_usd"), "15234.5");
	resp_free(&r);

	ck_assert_uint_eq(stub_journal_count(stub), 1);
	e = stub_journal_get(stub, 0);
	ck_assert_str_eq(e->method, "PATCH");
	ck_assert_str_eq(e->path, "/api/v1/users/me");
	ck_assert_str_eq(e->query, "");
	ck_assert_str_eq(e->body, body);
	ck_assert_uint_eq(e->body_len, strlen(body));
	ck_assert_int_eq(e->status, 200);
	ck_assert_str_eq(stub_request_header(e, "authorization"), "Bearer " STUB_TOKEN_ADA);
	ck_assert_str_eq(stub_request_header(e, "Api-Version-Date"), "2026-06-09");
	ck_assert_str_eq(stub_request_header(e, "content-type"), "application/json");
	ck_assert_str_eq(stub_request_header(e, "X-Test-Case"), "patch name");
	for (size_t i = 0; i < e->n_headers; i++)
		exact_case |= strcmp(e->headers[i].name, "X-Test-Case") == 0;
	ck_assert(exact_case);
	stub_request_free(e);

	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Ada King");
	resp_free(&r);

	/* raw query kept as sent; answer to a by-id PATCH is not the self view */
	req(&r, "PATCH", ADA_PATH "?x=1%202&y", "{}", AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	resp_free(&r);
	e = stub_journal_get(stub, 2);
	ck_assert_str_eq(e->path, "/api/v1/users/" STUB_ADA_ID);
	ck_assert_str_eq(e->query, "x=1%202&y");
	stub_request_free(e);
}
END_TEST

START_TEST(test_bio_bytes)
{
	static const char bio[] = "line 1\r\n\n  indented\ttab  \n\xe2\x80\x94 "
		"\xc3\xbcn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 \xf0\x9f\x8e\x89\n";
	cJSON *o = cJSON_CreateObject(), *stored;
	char *body, *u;
	struct resp r;

	cJSON_AddStringToObject(o, "bio", bio);
	body = cJSON_PrintUnformatted(o);
	req(&r, "PATCH", "/users/me", body, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "bio"), bio);
	resp_free(&r);
	u = stub_get_user(stub, STUB_ADA_ID);
	stored = cJSON_Parse(u);
	ck_assert_str_eq(cJSON_GetStringValue(jget(stored, "bio")), bio);
	expect("PATCH", "/users/me", "{\"bio\":\"\"}", AUTH_ADA, V2026, 200);
	expect("PATCH", "/users/me", "{\"bio\":null}", AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"bio\":7}", AUTH_ADA, V2026, 422);
	cJSON_Delete(stored);
	cJSON_Delete(o);
	free(body);
	free(u);
}
END_TEST

START_TEST(test_username_rules)
{
	struct resp r;
	char body[128];

	req(&r, "PATCH", "/users/me", "{\"username\":\"ada-lovelace\"}", AUTH_CHARLES,
	    V2026, NULL);
	ck_assert_int_eq(r.status, 422);
	ck_assert_str_eq(jstr(&r, "error.message"), "Username has already been taken");
	resp_free(&r);
	expect("PATCH", "/users/me", "{\"username\":\"ADA-LOVELACE\"}", AUTH_CHARLES, V2026, 422);
	expect("PATCH", "/users/me", "{\"username\":\"bad_name\"}", AUTH_CHARLES, V2026, 422);
	expect("PATCH", "/users/me", "{\"username\":\"bad name\"}", AUTH_CHARLES, V2026, 422);
	expect("PATCH", "/users/me", "{\"username\":\"\"}", AUTH_CHARLES, V2026, 422);
	expect("PATCH", "/users/me", "{\"username\":null}", AUTH_CHARLES, V2026, 422);
	expect("PATCH", "/users/me", "{\"username\":\"\xc3\xa9t\xc3\xa9\"}", AUTH_CHARLES, V2026, 422);
	snprintf(body, sizeof body, "{\"username\":\"%043d\"}", 0);
	expect("PATCH", "/users/me", body, AUTH_CHARLES, V2026, 422);
	snprintf(body, sizeof body, "{\"username\":\"%042d\"}", 0);
	expect("PATCH", "/users/me", body, AUTH_CHARLES, V2026, 200);
	expect("PATCH", "/users/me", "{\"username\":\"Ada-Lovelace\"}", AUTH_ADA, V2026, 200);
	req(&r, "GET", "/users/ada-lovelace", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "username"), "Ada-Lovelace");
	resp_free(&r);
}
END_TEST

START_TEST(test_name_length)
{
	char body[1024], name[512];
	size_t o = 0;
	struct resp r;

	memset(name, 'a', 101);
	name[101] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	expect("PATCH", "/users/me", body, AUTH_ADA, V2026, 422);
	name[100] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	expect("PATCH", "/users/me", body, AUTH_ADA, V2026, 200);
	for (int i = 0; i < 100; i++, o += 3)
		memcpy(name + o, "\xe5\xad\x97", 3);  /* U+5B57, 3 bytes */
	name[o] = '\0';
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	req(&r, "PATCH", "/users/me", body, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), name);
	resp_free(&r);
	snprintf(body, sizeof body, "{\"name\":\"%s\xe5\xad\x97\"}", name);
	expect("PATCH", "/users/me", body, AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"name\":null}", AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"name\":5}", AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"name\":[\"x\"]}", AUTH_ADA, V2026, 422);
}
END_TEST

START_TEST(test_permissions)
{
	struct resp r;

	expect("PATCH", ADA_PATH, "{\"name\":\"x\"}", AUTH_CHARLES, V2026, 403);
	expect("PATCH", "/users/ada-lovelace", "{\"name\":\"x\"}", AUTH_CHARLES, V2026, 403);
	req(&r, "PATCH", "/users/me", "{\"name\":\"x\"}", AUTH_NOPERM, V2026, NULL);
	ck_assert_int_eq(r.status, 403);
	ck_assert_str_eq(jstr(&r, "error.message"), "Missing permission: user:profile:update");
	resp_free(&r);
	expect("PATCH", "/users/ada-lovelace", "{\"name\":\"By Name\"}", AUTH_ADA, V2026, 200);
	expect("PATCH", "/users/user_Nobody", "{\"name\":\"x\"}", AUTH_ADA, V2026, 404);
}
END_TEST

START_TEST(test_api_key_override)
{
	const char *with_acct = ADA_PATH "?account_id=" STUB_ACCOUNT_ID;
	struct resp r;

	req(&r, "PATCH", ADA_PATH, "{\"name\":\"Ada (Biz)\"}", AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 400);
	ck_assert_str_eq(jstr(&r, "error.message"), "account_id is required for API key callers");
	resp_free(&r);

	req(&r, "PATCH", with_acct, "{\"name\":\"Ada (Biz)\"}", AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), "Ada (Biz)");
	resp_free(&r);
	req(&r, "GET", with_acct, NULL, AUTH_KEY, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Ada (Biz)");
	ck_assert_str_eq(jstr(&r, "bio"), "Analyst of engines.\nWrites notes longer "
			 "than the paper they annotate.\n\n\xe2\x80\x94 London");
	resp_free(&r);
	req(&r, "GET", ADA_PATH, NULL, AUTH_KEY, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Ada Lovelace");
	resp_free(&r);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Ada Lovelace");
	resp_free(&r);

	expect("PATCH", with_acct, "{\"bio\":\"x\"}", AUTH_KEY, V2026, 403);
	expect("PATCH", with_acct, "{\"username\":\"x\"}", AUTH_KEY, V2026, 403);
	expect("PATCH", ADA_PATH "?account_id=biz_Other", "{\"name\":\"x\"}", AUTH_KEY, V2026, 403);
	expect("GET", ADA_PATH "?account_id=biz_Other", NULL, AUTH_KEY, V2026, 403);
	expect("PATCH", "/users/me?account_id=" STUB_ACCOUNT_ID, "{\"name\":\"x\"}",
	       AUTH_KEY, V2026, 400);
	expect("PATCH", with_acct, "{\"name\":\"x\",\"company_id\":\"" STUB_ACCOUNT_ID "\"}",
	       AUTH_KEY, V2026, 400);

	/* 2025-01-01: the account travels as company_id in the body */
	expect("PATCH", with_acct, "{\"name\":\"x\"}", AUTH_KEY, V2025, 400);
	req(&r, "PATCH", ADA_PATH, "{\"company_id\":\"" STUB_ACCOUNT_ID "\",\"name\":\"Old Way\"}",
	    AUTH_KEY, V2025, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), "Old Way");
	ck_assert_ptr_null(jget(r.json, "verification"));
	resp_free(&r);
	req(&r, "GET", with_acct, NULL, AUTH_KEY, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Old Way");
	resp_free(&r);
}
END_TEST

START_TEST(test_search)
{
	struct resp r;
	char target[256], seen[8][32];
	const char *cursor = NULL;
	int n = 0;
	bool more = true;

	expect("GET", "/users?first=0", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?first=51", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?first=abc", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?first=-1", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?first=", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?after=%25%25", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?after=Zm9v", NULL, AUTH_ADA, V2026, 400);
	expect("GET", "/users?first=50", NULL, AUTH_KEY, V2026, 200);

	req(&r, "GET", "/users?query=LOVE", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "data")), 1);
	ck_assert_str_eq(jstr(&r, "data.0.username"), "ada-lovelace");
	ck_assert(cJSON_IsNull(jget(r.json, "data.0.total_usd")));
	ck_assert(cJSON_IsFalse(jget(r.json, "page_info.has_next_page")));
	resp_free(&r);
	req(&r, "GET", "/users?query=zzz", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "data")), 0);
	ck_assert(cJSON_IsNull(jget(r.json, "page_info.end_cursor")));
	resp_free(&r);

	/* page one at a time; every user once */
	memset(&r, 0, sizeof r);
	while (more) {
		snprintf(target, sizeof target, "/users?first=1%s%s",
			 cursor ? "&after=" : "", cursor ? cursor : "");
		resp_free(&r);
		req(&r, "GET", target, NULL, AUTH_ADA, V2026, NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_int_eq(cJSON_GetArraySize(jget(r.json, "data")), 1);
		for (int i = 0; i < n; i++)
			ck_assert_str_ne(seen[i], jstr(&r, "data.0.id"));
		ck_assert_int_lt(n, 8);
		snprintf(seen[n++], sizeof seen[0], "%s", jstr(&r, "data.0.id"));
		more = cJSON_IsTrue(jget(r.json, "page_info.has_next_page"));
		cursor = jstr(&r, "page_info.end_cursor");
	}
	resp_free(&r);
	ck_assert_int_eq(n, 5);
}
END_TEST

/* --------------------------------------------------------------- files */

START_TEST(test_files_flow)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0";
	struct resp r;
	char id[64], upload[512], bad[600], url[512], patch[128];
	struct stub_request *e;
	size_t n;

	expect("POST", "/files", "{\"filename\":\"me.png\"}", AUTH_ADA, NULL, 400);
	expect("POST", "/files", "{\"filename\":\"me.png\"}", AUTH_ADA, V2026, 400);
	expect("POST", "/files", "{}", AUTH_ADA, VLATER, 400);
	expect("POST", "/files", "{\"filename\":\"\"}", AUTH_ADA, VLATER, 422);
	expect("POST", "/files", "{\"filename\":\"a.png\",\"visibility\":\"x\"}", AUTH_ADA, VLATER, 422);
	expect("POST", "/files", "{\"filename\":\"a.png\",\"size\":1}", AUTH_ADA, VLATER, 400);
	expect("GET", "/files/file_Nope", NULL, AUTH_ADA, VLATER, 404);
	expect("GET", "/files/file_Nope", NULL, NULL, VLATER, 401);

	req(&r, "POST", "/files", "{\"filename\":\"me.png\",\"visibility\":\"public\"}",
	    AUTH_ADA, VLATER, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "upload_status"), "pending");
	ck_assert(cJSON_IsNull(jget(r.json, "size")));
	ck_assert(cJSON_IsNull(jget(r.json, "url")));
	ck_assert_str_eq(jstr(&r, "upload_headers.Content-Type"), "image/png");
	ck_assert_str_eq(jstr(&r, "upload_headers.x-amz-acl"), "public-read");
	snprintf(id, sizeof id, "%s", jstr(&r, "id"));
	snprintf(upload, sizeof upload, "%s", jstr(&r, "upload_url"));
	resp_free(&r);
	snprintf(url, sizeof url, "%.*s/_upload/%s?signature=",
		 (int)(strlen(stub_base_url(stub)) - 7), stub_base_url(stub), id);
	ck_assert_int_eq(strncmp(upload, url, strlen(url)), 0);

	req(&r, "POST", "/files", "{\"filename\":\"x.JPEG\",\"visibility\":\"private\"}",
	    AUTH_KEY, VLATER, NULL);
	ck_assert_str_eq(jstr(&r, "content_type"), "image/jpeg");
	ck_assert_str_eq(jstr(&r, "upload_headers.x-amz-acl"), "private");
	resp_free(&r);
	req(&r, "POST", "/files", "{\"filename\":\"notes\"}", AUTH_ADA, VLATER, NULL);
	ck_assert_str_eq(jstr(&r, "content_type"), "application/octet-stream");
	resp_free(&r);

	snprintf(url, sizeof url, "/files/%s", id);
	req(&r, "GET", url, NULL, AUTH_ADA, VLATER, NULL);
	ck_assert_str_eq(jstr(&r, "upload_status"), "pending");
	ck_assert_ptr_null(jget(r.json, "upload_url"));
	resp_free(&r);
	snprintf(patch, sizeof patch, "{\"profile_picture\":{\"id\":\"%s\"}}", id);
	req(&r, "PATCH", "/users/me", patch, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 422);
	ck_assert_ptr_nonnull(strstr(jstr(&r, "error.message"), "pending"));
	resp_free(&r);
	expect("PATCH", "/users/me", "{\"profile_picture\":{\"id\":\"file_Nope\"}}",
	       AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"profile_picture\":null}", AUTH_ADA, V2026, 422);
	expect("PATCH", "/users/me", "{\"profile_picture\":{\"direct_upload_id\":\"x\"}}",
	       AUTH_ADA, V2026, 422);

	/* the storage host: signature, exact headers, never Authorization */
	snprintf(bad, sizeof bad, "%sX", upload);
	req_bytes(&r, "PUT", bad, png, 10, "Content-Type: image/png",
		  "x-amz-acl: public-read", NULL);
	ck_assert_int_eq(r.status, 403);
	resp_free(&r);
	req_bytes(&r, "PUT", upload, png, 10, "Content-Type: image/jpeg",
		  "x-amz-acl: public-read", NULL);
	ck_assert_int_eq(r.status, 403);
	resp_free(&r);
	req_bytes(&r, "PUT", upload, png, 10, AUTH_ADA, "Content-Type: image/png",
		  "x-amz-acl: public-read", NULL);
	ck_assert_int_eq(r.status, 400);
	resp_free(&r);
	n = stub_journal_count(stub);
	e = stub_journal_get(stub, n - 1);
	ck_assert_str_eq(e->method, "PUT");
	ck_assert_str_eq(stub_request_header(e, "Authorization"), "Bearer " STUB_TOKEN_ADA);
	stub_request_free(e);
	req(&r, "GET", url, NULL, AUTH_ADA, VLATER, NULL);
	ck_assert_str_eq(jstr(&r, "upload_status"), "pending");
	resp_free(&r);

	req_bytes(&r, "PUT", upload, png, 10, "Content-Type: image/png",
		  "x-amz-acl: public-read", NULL);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	e = stub_journal_get(stub, n + 1);  /* after the GET of the file */
	snprintf(bad, sizeof bad, "/_upload/%s", id);
	ck_assert_str_eq(e->path, bad);
	ck_assert_ptr_null(stub_request_header(e, "Authorization"));
	ck_assert_uint_eq(e->body_len, 10);
	ck_assert_int_eq(memcmp(e->body, png, 10), 0);
	stub_request_free(e);

	req(&r, "GET", url, NULL, AUTH_ADA, VLATER, NULL);
	ck_assert_str_eq(jstr(&r, "upload_status"), "ready");
	ck_assert_str_eq(jstr(&r, "size"), "10");
	snprintf(url, sizeof url, "%s", jstr(&r, "url"));
	resp_free(&r);
	req(&r, "PATCH", "/users/me", patch, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "profile_picture.url"), url);
	resp_free(&r);
	req(&r, "PATCH", ADA_PATH "?account_id=" STUB_ACCOUNT_ID, patch, AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
}
END_TEST

/* POST /files then PUT a small PNG to its upload URL; the file id goes to
 * id, the PUT's status is returned. */
static long upload_one(char *id, size_t n)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0";
	struct resp r;
	char upload[512];
	long status;

	req(&r, "POST", "/files", "{\"filename\":\"me.png\"}", AUTH_ADA, VLATER, NULL);
	ck_assert_int_eq(r.status, 200);
	snprintf(id, n, "%s", jstr(&r, "id"));
	snprintf(upload, sizeof upload, "%s", jstr(&r, "upload_url"));
	resp_free(&r);
	req_bytes(&r, "PUT", upload, png, 10, "Content-Type: image/png",
		  "x-amz-acl: public-read", NULL);
	status = r.status;
	resp_free(&r);
	return status;
}

/* The upload_status of file id now (each call is a poll). */
static void expect_status(const char *id, const char *want)
{
	struct resp r;
	char path[128];

	snprintf(path, sizeof path, "/files/%s", id);
	req(&r, "GET", path, NULL, AUTH_ADA, VLATER, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "upload_status"), want);
	resp_free(&r);
}

START_TEST(test_upload_outcomes)
{
	struct stub_upload m = { STUB_UPLOAD_READY, 2 };
	struct resp r;
	char id[64];

	/* ready after two pending polls */
	stub_upload_mode(stub, &m);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	expect_status(id, "pending");
	expect_status(id, "pending");
	expect_status(id, "ready");
	expect_status(id, "ready");
	/* failed, at once */
	m = (struct stub_upload){ STUB_UPLOAD_FAILED, 0 };
	stub_upload_mode(stub, &m);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	expect_status(id, "failed");
	/* pending for ever */
	m = (struct stub_upload){ STUB_UPLOAD_PENDING, 0 };
	stub_upload_mode(stub, &m);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	for (int i = 0; i < 5; i++)
		expect_status(id, "pending");
	/* an expired URL: 403, nothing stored */
	m = (struct stub_upload){ STUB_UPLOAD_EXPIRED, 0 };
	stub_upload_mode(stub, &m);
	ck_assert_int_eq(upload_one(id, sizeof id), 403);
	expect_status(id, "pending");
	/* over HTTP, and reset restores the default */
	expect("POST", "@/_stub/upload", "{\"outcome\":\"failed\",\"pending_polls\":1}",
	       NULL, NULL, 204);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	expect_status(id, "pending");
	expect_status(id, "failed");
	expect("POST", "@/_stub/upload", "{\"outcome\":\"later\"}", NULL, NULL, 400);
	expect("POST", "@/_stub/upload", "{\"outcome\":\"ready\",\"pending_polls\":-1}",
	       NULL, NULL, 400);
	req(&r, "POST", "@/_stub/reset", NULL, NULL);
	resp_free(&r);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	expect_status(id, "ready");
	stub_upload_mode(stub, &m);
	stub_upload_mode(stub, NULL);
	ck_assert_int_eq(upload_one(id, sizeof id), 200);
	expect_status(id, "ready");
}
END_TEST

/* -------------------------------------------------------------- faults */

/* Inject a fault with only kind, count and status set. */
static void set_fault(enum stub_fault_kind kind, int count, int status)
{
	struct stub_fault f = { 0 };

	f.kind = kind;
	f.count = count;
	f.status = status;
	stub_fault(stub, &f);
}

START_TEST(test_fault_status)
{
	struct resp r;
	struct stub_request *e;

	set_fault(STUB_FAULT_STATUS, 1, 500);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 500);
	ck_assert_str_eq(jstr(&r, "error.message"), "Something went wrong");
	resp_free(&r);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
	e = stub_journal_get(stub, 0);
	ck_assert_int_eq(e->status, 500);
	stub_request_free(e);

	set_fault(STUB_FAULT_STATUS, 1, 503);
	req(&r, "PATCH", "/users/me", "{\"name\":\"Not Applied\"}", AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 503);
	ck_assert_ptr_nonnull(jstr(&r, "error.message"));
	resp_free(&r);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "name"), "Ada Lovelace");
	resp_free(&r);

	/* count 0: until cleared; the control path is never faulted */
	set_fault(STUB_FAULT_STATUS, 0, 502);
	for (int i = 0; i < 3; i++)
		expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 502);
	expect("GET", "@/_stub/journal", NULL, NULL, NULL, 200);
	stub_fault_clear(stub);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
}
END_TEST

START_TEST(test_fault_rate_limit)
{
	struct stub_fault f = { 0 };
	struct resp r;
	char v[32];

	f.kind = STUB_FAULT_RATE_LIMIT;
	f.count = 1;
	f.seconds = 7;
	f.retry_after_header = true;
	stub_fault(stub, &f);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 429);
	ck_assert_str_eq(jstr(&r, "error.type"), "rate_limit_exceeded");
	ck_assert_str_eq(jstr(&r, "error.message"), "Try again in 7 seconds.");
	ck_assert(resp_header(&r, "Retry-After", v, sizeof v));
	ck_assert_str_eq(v, "7");
	resp_free(&r);

	f.retry_after_header = false;
	stub_fault(stub, &f);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 429);
	ck_assert(!resp_header(&r, "Retry-After", v, sizeof v));
	resp_free(&r);
}
END_TEST

START_TEST(test_fault_reset)
{
	struct resp r;
	struct stub_request *e;

	set_fault(STUB_FAULT_RESET, 1, 0);
	req(&r, "PATCH", "/users/me", "{\"name\":\"Lost\"}", AUTH_ADA, V2026, NULL);
	ck_assert_msg(r.rc == CURLE_GOT_NOTHING || r.rc == CURLE_RECV_ERROR,
		      "curl said %d", r.rc);
	resp_free(&r);
	e = stub_journal_get(stub, 0);
	ck_assert_int_eq(e->status, 0);
	ck_assert_str_eq(e->body, "{\"name\":\"Lost\"}");
	stub_request_free(e);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_str_eq(jstr(&r, "name"), "Ada Lovelace");
	resp_free(&r);
}
END_TEST

/* apply_drop, aimed at PATCH only: the GET before it passes untouched
 * (and does not use the fault up), the PATCH is applied and the
 * connection closed without an answer, journaled with status 0. */
START_TEST(test_fault_apply_drop_patch_only)
{
	struct resp r;
	struct stub_request *e;
	struct stub_fault f = { .kind = STUB_FAULT_APPLY_DROP, .count = 1,
				.method = "PATCH" };

	stub_fault(stub, &f);
	/* closed after it: the PATCH goes on a new connection, where libcurl
	 * has nothing to retry */
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, "Connection: close", NULL);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	ck_assert(stub_fault_pending(stub));
	req(&r, "PATCH", "/users/me", "{\"name\":\"Kept\"}", AUTH_ADA, V2026, NULL);
	ck_assert_msg(r.rc == CURLE_GOT_NOTHING || r.rc == CURLE_RECV_ERROR,
		      "curl said %d", r.rc);
	resp_free(&r);
	ck_assert(!stub_fault_pending(stub));
	ck_assert_uint_eq(stub_journal_count(stub), 2);
	e = stub_journal_get(stub, 1);
	ck_assert_str_eq(e->method, "PATCH");
	ck_assert_int_eq(e->status, 0);
	stub_request_free(e);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_str_eq(jstr(&r, "name"), "Kept");  /* it was applied */
	resp_free(&r);

	/* What the fault is for: on the connection that GET left open, a
	 * plain libcurl client (CURLOPT_POSTFIELDS) sends the PATCH again by
	 * itself when no answer comes, and reports the second answer. */
	stub_journal_clear(stub);
	stub_fault(stub, &f);
	req(&r, "PATCH", "/users/me", "{\"name\":\"Twice\"}", AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", NULL), 2);
}
END_TEST

START_TEST(test_fault_truncate)
{
	struct resp r;
	char *u;

	set_fault(STUB_FAULT_TRUNCATE, 2, 0);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_PARTIAL_FILE);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_gt(r.len, 0);
	ck_assert_ptr_null(r.json);
	resp_free(&r);
	/* the answer is lost, the change is not */
	req(&r, "PATCH", "/users/me", "{\"name\":\"Landed\"}", AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_PARTIAL_FILE);
	resp_free(&r);
	u = stub_get_user(stub, STUB_ADA_ID);
	ck_assert_ptr_nonnull(strstr(u, "\"Landed\""));
	free(u);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
}
END_TEST

struct delayed {
	struct resp r;
};

/* Thread body: GET /users/me on its own connection into d->r. */
static void *delayed_get(void *cls)
{
	struct delayed *d = cls;
	CURL *h = curl_easy_init();

	d->r.rc = CURLE_FAILED_INIT;
	if (h) {
		struct curl_slist *hdrs = curl_slist_append(NULL, AUTH_ADA);
		struct buf b = { &d->r.body, &d->r.len };
		char url[256];

		snprintf(url, sizeof url, "%s/users/me", stub_base_url(stub));
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 15L);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_bytes);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
		d->r.rc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &d->r.status);
		curl_slist_free_all(hdrs);
		curl_easy_cleanup(h);
	}
	return NULL;
}

START_TEST(test_fault_delay)
{
	struct stub_fault f = { 0 };
	struct resp r;
	struct delayed d = { 0 };
	pthread_t t;
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	double t0;

	f.kind = STUB_FAULT_DELAY;
	f.count = 1;
	f.delay_ms = 300;
	stub_fault(stub, &f);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_double_ge(r.seconds, 0.3);
	resp_free(&r);

	/* a delayed request does not hold up another connection */
	f.delay_ms = 2000;
	stub_fault(stub, &f);
	ck_assert_int_eq(pthread_create(&t, NULL, delayed_get, &d), 0);
	nanosleep(&pause, NULL);
	t0 = (clock_now_ms() / 1000.0);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
	ck_assert_double_lt((clock_now_ms() / 1000.0) - t0, 1.0);
	pthread_join(t, NULL);
	ck_assert_int_eq(d.r.status, 200);
	free(d.r.body);
}
END_TEST

START_TEST(test_delay_does_not_hang_stop)
{
	struct stub_fault f = { 0 };
	struct delayed d = { 0 };
	pthread_t t;
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	double t0;

	f.kind = STUB_FAULT_DELAY;
	f.delay_ms = 600000;
	stub_fault(stub, &f);
	ck_assert_int_eq(pthread_create(&t, NULL, delayed_get, &d), 0);
	nanosleep(&pause, NULL);
	t0 = (clock_now_ms() / 1000.0);
	stub_stop(stub);
	stub = NULL;
	ck_assert_double_lt((clock_now_ms() / 1000.0) - t0, 2.0);
	pthread_join(t, NULL);
	ck_assert_int_ne(d.r.rc, CURLE_OK);
	free(d.r.body);
}
END_TEST

START_TEST(test_fault_body)
{
	static const char html[] = "<html><body>502 Bad Gateway</body></html>";
	struct stub_fault f = { 0 };
	struct resp r;
	char v[64], *big;
	size_t ten_mb = 10u * 1024 * 1024;

	f.kind = STUB_FAULT_BODY;
	f.count = 1;
	f.status = 502;
	f.body = html;
	f.content_type = "text/html";
	stub_fault(stub, &f);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 502);
	ck_assert_str_eq(r.body, html);
	ck_assert(resp_header(&r, "Content-Type", v, sizeof v));
	ck_assert_str_eq(v, "text/html");
	resp_free(&r);

	f.status = 0;
	f.content_type = NULL;
	f.body = "{\"id\":\"\xff\xfe\",\"name\":5}";
	stub_fault(stub, &f);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, f.body);
	ck_assert(resp_header(&r, "Content-Type", v, sizeof v));
	ck_assert_str_eq(v, "application/json");
	resp_free(&r);

	big = malloc(ten_mb + 1);
	memset(big, 'x', ten_mb);
	big[ten_mb] = '\0';
	f.body = big;
	stub_fault(stub, &f);
	free(big);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_uint_eq(r.len, ten_mb);
	resp_free(&r);
}
END_TEST

/* ----------------------------------------------- journal, reset, control */

START_TEST(test_large_journal)
{
	struct resp r;
	struct stub_request *e;
	char target[64], *body;
	size_t big = 1024 * 1024;
	cJSON *o = cJSON_CreateObject();
	char *bio = malloc(big + 1);

	for (int i = 0; i < 1000; i++) {
		snprintf(target, sizeof target, "/users/me?i=%d", i);
		req(&r, "GET", target, NULL, AUTH_ADA, V2026, NULL);
		ck_assert_int_eq(r.status, 200);
		if (i > 0)
			ck_assert_int_eq(r.connects, 0);  /* kept alive */
		resp_free(&r);
	}
	memset(bio, 'b', big);
	bio[big] = '\0';
	cJSON_AddStringToObject(o, "bio", bio);
	body = cJSON_PrintUnformatted(o);
	req(&r, "PATCH", "/users/me", body, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);

	ck_assert_uint_eq(stub_journal_count(stub), 1001);
	ck_assert_uint_eq(stub_journal_count_of(stub, NULL, NULL), 1001);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", NULL), 1000);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", "/api/v1/users/"), 1);
	ck_assert_uint_eq(stub_journal_count_of(stub, "PATCH", "/api/v1/files"), 0);
	ck_assert_ptr_null(stub_journal_nth(stub, "PATCH", NULL, 1));
	ck_assert_ptr_null(stub_journal_nth(stub, "PUT", NULL, 0));
	e = stub_journal_nth(stub, "GET", "/api/v1/users/me", 7);
	ck_assert_str_eq(e->query, "i=7");
	stub_request_free(e);
	e = stub_journal_nth(stub, "PATCH", NULL, 0);
	ck_assert_uint_eq(e->body_len, strlen(body));
	stub_request_free(e);
	e = stub_journal_get(stub, 999);
	ck_assert_str_eq(e->query, "i=999");
	stub_request_free(e);
	e = stub_journal_get(stub, 1000);
	ck_assert_uint_eq(e->body_len, strlen(body));
	ck_assert_str_eq(e->body, body);
	stub_request_free(e);
	ck_assert_ptr_null(stub_journal_get(stub, 1001));
	stub_journal_clear(stub);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	cJSON_Delete(o);
	free(body);
	free(bio);
}
END_TEST

START_TEST(test_reset)
{
	struct resp r;
	char target[128];

	expect("PATCH", "/users/me", "{\"name\":\"Changed\"}", AUTH_ADA, V2026, 200);
	req(&r, "POST", "/files", "{\"filename\":\"a.png\"}", AUTH_ADA, VLATER, NULL);
	snprintf(target, sizeof target, "/files/%s", jstr(&r, "id"));
	resp_free(&r);
	set_fault(STUB_FAULT_STATUS, 0, 500);
	stub_reset(stub);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), "Ada Lovelace");
	resp_free(&r);
	expect("GET", target, NULL, AUTH_ADA, VLATER, 404);
	/* ids start over */
	req(&r, "POST", "/files", "{\"filename\":\"a.png\"}", AUTH_ADA, VLATER, NULL);
	ck_assert_str_eq(target + strlen("/files/"), jstr(&r, "id"));
	resp_free(&r);
}
END_TEST

START_TEST(test_put_user)
{
	struct resp r;
	char *u;

	ck_assert_int_eq(stub_put_user(stub, "{\"id\":\"user_Test0000000009\","
		"\"username\":\"hostile\",\"name\":\"\\u001b[2Jboom\",\"bio\":null,"
		"\"created_at\":\"2020-01-01T00:00:00Z\",\"profile_picture\":null}"), 0);
	req(&r, "GET", "/users/hostile", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "name"), "\x1b[2Jboom");
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	resp_free(&r);
	ck_assert_int_eq(stub_put_user(stub, "{\"id\":\"" STUB_ADA_ID "\","
		"\"username\":\"ada-lovelace\",\"name\":\"Replaced\"}"), 0);
	u = stub_get_user(stub, STUB_ADA_ID);
	ck_assert_str_eq(u, "{\"id\":\"" STUB_ADA_ID "\",\"username\":\"ada-lovelace\","
			 "\"name\":\"Replaced\"}");
	free(u);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "total_usd")));
	resp_free(&r);
}
END_TEST

START_TEST(test_control_http)
{
	struct resp r;

	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
	req(&r, "GET", "@/_stub/journal", NULL, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(r.json), 1);
	ck_assert_str_eq(jstr(&r, "0.path"), "/api/v1/users/me");
	ck_assert_int_eq(jget(r.json, "0.status")->valueint, 200);
	resp_free(&r);
	ck_assert_uint_eq(stub_journal_count(stub), 1);

	expect("POST", "@/_stub/fault", "{\"kind\":\"status\",\"status\":500,\"count\":1}",
	       NULL, NULL, 204);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 500);
	expect("GET", "/users/me", NULL, AUTH_ADA, V2026, 200);
	expect("POST", "@/_stub/fault", "{\"kind\":\"explode\"}", NULL, NULL, 400);
	expect("POST", "@/_stub/fault", "nope", NULL, NULL, 400);
	expect("POST", "@/_stub/fault", "{\"kind\":\"body\",\"body_base64\":\"/w==\"}",
	       NULL, NULL, 204);
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V2026, NULL);
	ck_assert_uint_eq(r.len, 1);
	ck_assert_int_eq((unsigned char)r.body[0], 0xff);
	resp_free(&r);
	expect("DELETE", "@/_stub/fault", NULL, NULL, NULL, 204);

	expect("PUT", "@/_stub/user", "{\"id\":\"user_Ctl\",\"username\":\"ctl\"}",
	       NULL, NULL, 204);
	expect("PUT", "@/_stub/user", "{\"id\":5}", NULL, NULL, 400);
	req(&r, "GET", "@/_stub/user/user_Ctl", NULL, NULL);
	ck_assert_str_eq(jstr(&r, "username"), "ctl");
	resp_free(&r);
	expect("GET", "/users/ctl", NULL, AUTH_ADA, V2026, 200);

	expect("POST", "@/_stub/reset", NULL, NULL, NULL, 204);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	expect("GET", "/users/ctl", NULL, AUTH_ADA, V2026, 404);
	expect("DELETE", "@/_stub/journal", NULL, NULL, NULL, 204);
	ck_assert_uint_eq(stub_journal_count(stub), 0);
	expect("GET", "@/_stub/nothing", NULL, NULL, NULL, 404);
}
END_TEST

/* -------------------------------------------------------------- support */

#define AUTH_NOEMAIL "Authorization: Bearer " STUB_API_KEY_NOEMAIL
#define VMEMBERS "Api-Version-Date: 2026-09-11"
#define VLOGS "Api-Version-Date: 2026-09-22-3"
#define SUPPORT_PEOPLE 1000 /* the bulk tests' scale */
/* seeded members + the two hostile ones + the generated people */
#define SUPPORT_MEMBERS (5 + 2 + SUPPORT_PEOPLE)

/* A stub with demo people and hostile entries. */
static void setup_support(void)
{
	struct stub_opts opts = { .quiet = true, .people = SUPPORT_PEOPLE,
				  .hostile = true };

	stub = stub_start(&opts);
	ck_assert_ptr_nonnull(stub);
	curl = curl_easy_init();
	ck_assert_ptr_nonnull(curl);
}

/* The number of items in r's data array. */
static int ndata(const struct resp *r)
{
	return cJSON_GetArraySize(jget(r->json, "data"));
}

START_TEST(test_support_refusals)
{
	/* scope, version, account, method: before anything is listed */
	expect("GET", "/members", NULL, AUTH_CHARLES, VMEMBERS, 403);
	expect("GET", "/members", NULL, AUTH_NOPERM, VMEMBERS, 403);
	expect("GET", "/members", NULL, NULL, VMEMBERS, 401);
	expect("GET", "/members", NULL, AUTH_KEY, NULL, 400);
	expect("GET", "/members", NULL, AUTH_KEY, V2026, 400);
	expect("GET", "/members", NULL, AUTH_KEY, VLATER, 400);
	expect("GET", "/members", NULL, AUTH_KEY, VMEMBERS, 200);
	expect("GET", "/members", NULL, AUTH_KEY, "Api-Version-Date: 2026-09-11-2", 200);
	expect("GET", "/members", NULL, AUTH_KEY, VLOGS, 200);
	expect("GET", "/members", NULL, AUTH_ADA, VMEMBERS, 400); /* no account */
	expect("GET", "/members?account_id=" STUB_ACCOUNT_ID, NULL, AUTH_ADA, VMEMBERS, 200);
	expect("GET", "/members?account_id=biz_Other0000001", NULL, AUTH_ADA, VMEMBERS, 403);
	expect("GET", "/members?account_id=biz_Other0000001", NULL, AUTH_KEY, VMEMBERS, 403);
	expect("POST", "/members", "{}", AUTH_KEY, VMEMBERS, 405);
	expect("GET", "/members?first=0", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members?first=101", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members?first=100", NULL, AUTH_KEY, VMEMBERS, 200);
	expect("GET", "/members?after=Zm9v", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members?status=gone", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members?access_level=owner", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members/mber_Nope", NULL, AUTH_KEY, VMEMBERS, 404);
	expect("GET", "/members/" STUB_MEMBER_GRACE, NULL, AUTH_CHARLES, VMEMBERS, 403);
	expect("GET", "/members/" STUB_MEMBER_GRACE "/logs", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/members/" STUB_MEMBER_GRACE "/logs", NULL, AUTH_KEY,
	       "Api-Version-Date: 2026-09-22", 400);
	expect("GET", "/members/" STUB_MEMBER_GRACE "/logs", NULL, AUTH_KEY,
	       "Api-Version-Date: 2026-09-22-4", 200);
	expect("GET", "/members/mber_Nope/logs", NULL, AUTH_KEY, VLOGS, 404);
	expect("GET", "/members/" STUB_MEMBER_GRACE "/logs?first=101", NULL, AUTH_KEY, VLOGS, 400);
	expect("GET", "/members/" STUB_MEMBER_GRACE "/logs", NULL, AUTH_CHARLES, VLOGS, 403);
}
END_TEST

START_TEST(test_members_paging)
{
	struct resp r;
	char target[256], cursor[64] = "";
	char (*seen)[32] = calloc(SUPPORT_MEMBERS + 1, sizeof *seen);
	int n = 0, pages = 0, businesses = 0;
	bool more = true;

	ck_assert_ptr_nonnull(seen);
	while (more) {
		snprintf(target, sizeof target, "/members?first=100%s%s",
			 *cursor ? "&after=" : "", cursor);
		req(&r, "GET", target, NULL, AUTH_KEY, VMEMBERS, NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_int_le(ndata(&r), 100);
		for (int i = 0; i < ndata(&r); i++) {
			char path[32];

			snprintf(path, sizeof path, "data.%d.id", i);
			for (int k = 0; k < n; k++)
				ck_assert_str_ne(seen[k], jstr(&r, path));
			ck_assert_int_lt(n, SUPPORT_MEMBERS);
			snprintf(seen[n++], sizeof seen[0], "%s", jstr(&r, path));
			snprintf(path, sizeof path, "data.%d.user", i);
			businesses += cJSON_IsNull(jget(r.json, path));
			snprintf(path, sizeof path, "data.%d.email", i);
			ck_assert_ptr_null(jget(r.json, path)); /* never shown */
		}
		ck_assert(cJSON_IsBool(jget(r.json, "page_info.has_previous_page")));
		ck_assert(cJSON_IsTrue(jget(r.json, "page_info.has_previous_page")) == (pages > 0));
		more = cJSON_IsTrue(jget(r.json, "page_info.has_next_page"));
		if (more)
			snprintf(cursor, sizeof cursor, "%s", jstr(&r, "page_info.end_cursor"));
		else
			ck_assert(cJSON_IsNull(jget(r.json, "page_info.end_cursor")));
		pages++;
		resp_free(&r);
	}
	ck_assert_int_eq(n, SUPPORT_MEMBERS);
	ck_assert_int_eq(pages, (SUPPORT_MEMBERS + 99) / 100);
	ck_assert_int_eq(businesses, 1);
	free(seen);
	/* every request journaled, query as sent */
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", "/api/v1/members"),
			  (size_t)pages);
	struct stub_request *e = stub_journal_nth(stub, "GET", "/api/v1/members", 1);
	ck_assert_ptr_nonnull(strstr(e->query, "after="));
	stub_request_free(e);
}
END_TEST

START_TEST(test_members_filters)
{
	struct resp r;

	req(&r, "GET", "/members?status=left&first=100", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_gt(ndata(&r), 1);
	for (int i = 0; i < ndata(&r); i++) {
		char path[32];

		snprintf(path, sizeof path, "data.%d.status", i);
		ck_assert_str_eq(jstr(&r, path), "left");
	}
	resp_free(&r);
	req(&r, "GET", "/members?access_level=admin&first=100", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_gt(ndata(&r), 1);
	for (int i = 0; i < ndata(&r); i++) {
		char path[32];

		snprintf(path, sizeof path, "data.%d.access_level", i);
		ck_assert_str_eq(jstr(&r, path), "admin");
	}
	resp_free(&r);
	req(&r, "GET", "/members?user_ids=" STUB_ADA_ID ",user_Demo0000000004", NULL,
	    AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 2);
	ck_assert_str_eq(jstr(&r, "data.0.user.username"), "alan-t");
	ck_assert_str_eq(jstr(&r, "data.0.status"), "left");
	ck_assert(cJSON_IsNull(jget(r.json, "data.0.last_accessed_at")));
	ck_assert_str_eq(jstr(&r, "data.1.access_level"), "admin");
	resp_free(&r);
	/* charles is no member: an empty page, end_cursor null */
	req(&r, "GET", "/members?user_ids=" STUB_CHARLES_ID, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 0);
	ck_assert(cJSON_IsNull(jget(r.json, "page_info.end_cursor")));
	ck_assert(cJSON_IsFalse(jget(r.json, "page_info.has_next_page")));
	resp_free(&r);
	/* name or username, ignoring case */
	req(&r, "GET", "/members?query=HOPPER", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 1);
	ck_assert_str_eq(jstr(&r, "data.0.id"), STUB_MEMBER_GRACE);
	resp_free(&r);
	/* exact email only with member:email:read */
	req(&r, "GET", "/members?query=grace%40example.invalid", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 1);
	ck_assert_str_eq(jstr(&r, "data.0.user.username"), "grace-hopper");
	resp_free(&r);
	req(&r, "GET", "/members?query=GRACE%40example.invalid", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 1);
	resp_free(&r);
	req(&r, "GET", "/members?query=grace%40example", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 0);
	resp_free(&r);
	req(&r, "GET", "/members?query=grace%40example.invalid", NULL, AUTH_NOEMAIL, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 0);
	resp_free(&r);
	req(&r, "GET", "/members?account_id=" STUB_ACCOUNT_ID "&query=grace%40example.invalid",
	    NULL, AUTH_ADA, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 0);
	resp_free(&r);
	/* one member; the business buyer */
	req(&r, "GET", "/members/" STUB_MEMBER_BUSINESS, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsNull(jget(r.json, "user")));
	ck_assert_str_eq(jstr(&r, "account_id"), STUB_ACCOUNT_ID);
	resp_free(&r);
	/* a rename shows in the member's summary */
	ck_assert_int_eq(stub_set_user_field(stub, "user_Demo0000000003", "name",
					     "\"Rear Admiral Hopper\""), 0);
	req(&r, "GET", "/members/" STUB_MEMBER_GRACE, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_str_eq(jstr(&r, "user.name"), "Rear Admiral Hopper");
	ck_assert_ptr_null(jget(r.json, "email"));
	resp_free(&r);
}
END_TEST

START_TEST(test_member_logs)
{
	struct resp r;
	char target[256];
	int total = 0, pages = 0;
	bool more = true, system = false, id_only = false, null_action = false;
	char cursor[64] = "";

	req(&r, "GET", "/members/" STUB_MEMBER_GRACE "/logs", NULL, AUTH_KEY, VLOGS, NULL);
	ck_assert_int_eq(ndata(&r), 20); /* the default */
	ck_assert(cJSON_IsNull(jget(r.json, "data.0.actor")));
	resp_free(&r);
	while (more) {
		snprintf(target, sizeof target, "/members/" STUB_MEMBER_GRACE
			 "/logs?first=100%s%s", *cursor ? "&after=" : "", cursor);
		req(&r, "GET", target, NULL, AUTH_KEY, VLOGS, NULL);
		ck_assert_int_eq(r.status, 200);
		for (int i = 0; i < ndata(&r); i++) {
			char path[32];
			const cJSON *actor;

			snprintf(path, sizeof path, "data.%d.actor", i);
			actor = jget(r.json, path);
			system |= cJSON_IsNull(actor);
			id_only |= cJSON_IsObject(actor) && cJSON_GetArraySize(actor) == 1;
			snprintf(path, sizeof path, "data.%d.action", i);
			null_action |= cJSON_IsNull(jget(r.json, path));
		}
		total += ndata(&r);
		more = cJSON_IsTrue(jget(r.json, "page_info.has_next_page"));
		if (more)
			snprintf(cursor, sizeof cursor, "%s", jstr(&r, "page_info.end_cursor"));
		else /* the other spelling of "no more": "" */
			ck_assert_str_eq(jstr(&r, "page_info.end_cursor"), "");
		pages++;
		resp_free(&r);
	}
	ck_assert_int_gt(total, 100);
	ck_assert_int_eq(pages, 2);
	ck_assert(system && id_only && null_action);
	req(&r, "GET", "/members/" STUB_MEMBER_ALAN "/logs", NULL, AUTH_ADA, VLOGS, NULL);
	ck_assert_int_eq(ndata(&r), 3);
	resp_free(&r);
}
END_TEST

START_TEST(test_access_check)
{
	struct resp r;

	req(&r, "GET", "/users/grace-hopper/access/" STUB_PRODUCT_ID, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert(cJSON_IsTrue(jget(r.json, "has_access")));
	ck_assert_str_eq(jstr(&r, "access_level"), "customer");
	resp_free(&r);
	req(&r, "GET", "/users/user_Demo0000000004/access/" STUB_ACCOUNT_ID, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert(cJSON_IsFalse(jget(r.json, "has_access")));
	ck_assert_str_eq(jstr(&r, "access_level"), "no_access");
	resp_free(&r);
	req(&r, "GET", "/users/ada-lovelace/access/" STUB_EXPERIENCE_ID, NULL, AUTH_ADA, VMEMBERS, NULL);
	ck_assert(cJSON_IsTrue(jget(r.json, "has_access")));
	ck_assert_str_eq(jstr(&r, "access_level"), "admin");
	resp_free(&r);
	req(&r, "GET", "/users/grace-hopper/access/" STUB_EXPERIENCE_ID, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert(cJSON_IsFalse(jget(r.json, "has_access")));
	resp_free(&r);
	expect("GET", "/users/charles-b/access/" STUB_ACCOUNT_ID, NULL, AUTH_KEY, VMEMBERS, 200);
	expect("GET", "/users/me/access/" STUB_ACCOUNT_ID, NULL, AUTH_KEY, VMEMBERS, 400);
	req(&r, "GET", "/users/me/access/" STUB_ACCOUNT_ID, NULL, AUTH_ADA, VMEMBERS, NULL);
	ck_assert_str_eq(jstr(&r, "access_level"), "admin");
	resp_free(&r);
	expect("GET", "/users/grace-hopper/access/plan_Demo1", NULL, AUTH_KEY, VMEMBERS, 400);
	expect("GET", "/users/grace-hopper/access/prod_Nope", NULL, AUTH_KEY, VMEMBERS, 404);
	expect("GET", "/users/nobody-here/access/" STUB_PRODUCT_ID, NULL, AUTH_KEY, VMEMBERS, 404);
	expect("GET", "/users/grace-hopper/access/" STUB_PRODUCT_ID, NULL, AUTH_CHARLES, VMEMBERS, 403);
	expect("GET", "/users/grace-hopper/access/", NULL, AUTH_KEY, VMEMBERS, 404);
	expect("GET", "/users/grace-hopper/access/a/b", NULL, AUTH_KEY, VMEMBERS, 404);
	expect("PATCH", "/users/grace-hopper/access/" STUB_PRODUCT_ID, "{}", AUTH_KEY, VMEMBERS, 405);
	ck_assert_uint_eq(stub_journal_count_of(stub, "GET", "/api/v1/users/grace-hopper/access/"), 7);
}
END_TEST

START_TEST(test_users_ranked_and_bulk)
{
	struct resp r;
	char id[32];

	/* the username's prefix before a name's word */
	req(&r, "GET", "/users?query=grace&first=50", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_gt(ndata(&r), 2);
	ck_assert_str_eq(jstr(&r, "data.0.username"), "grace-hopper");
	ck_assert_str_eq(jstr(&r, "data.1.name"), "Grace Allen");
	resp_free(&r);
	/* an exact username first, then its prefixes */
	req(&r, "GET", "/users?query=person-0010", NULL, AUTH_KEY, V2026, NULL);
	ck_assert_str_eq(jstr(&r, "data.0.username"), "person-0010");
	resp_free(&r);
	/* generated people load like any user; deterministic */
	snprintf(id, sizeof id, "/users/user_Bulk%010d", SUPPORT_PEOPLE);
	req(&r, "GET", id, NULL, AUTH_KEY, V2026, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(jstr(&r, "username"), "person-1000");
	resp_free(&r);
	snprintf(id, sizeof id, "/users/user_Bulk%010d", SUPPORT_PEOPLE + 1);
	expect("GET", id, NULL, AUTH_KEY, V2026, 404);
	/* hostile names arrive as stored (escapes as JSON escapes) */
	req(&r, "GET", "/users/csv-breaker", NULL, AUTH_KEY, V2026, NULL);
	ck_assert_ptr_nonnull(strstr(jstr(&r, "name"), ", \"the\" quoter\n"));
	ck_assert_ptr_nonnull(strstr(jstr(&r, "name"), "\033]52;"));
	resp_free(&r);
}
END_TEST

/* Without the options: the seeded members only, and no hostile users. */
START_TEST(test_support_default_data)
{
	struct resp r;

	req(&r, "GET", "/members?first=100", NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_int_eq(ndata(&r), 5);
	resp_free(&r);
	expect("GET", "/users/csv-breaker", NULL, AUTH_KEY, V2026, 404);
	/* reset restores members along with users */
	ck_assert_int_eq(stub_set_user_field(stub, "user_Demo0000000003", "name", "\"X\""), 0);
	stub_reset(stub);
	req(&r, "GET", "/members/" STUB_MEMBER_GRACE, NULL, AUTH_KEY, VMEMBERS, NULL);
	ck_assert_str_eq(jstr(&r, "user.name"), "Grace Hopper");
	resp_free(&r);
}
END_TEST

/* ------------------------------------------------------------ balance
 * history (2026-07-20 and later) */

#define V0720 "Api-Version-Date: 2026-07-20"
#define HIST "/users/me?include_balance_history=true"

/* The t of point i of r's balance_history, -1 when absent. */
static long long hist_t(const struct resp *r, int i)
{
	const cJSON *p = cJSON_GetArrayItem(jget(r->json, "balance_history.data"),
	                                    i);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "t");
	return cJSON_IsNumber(t) ? (long long)t->valuedouble : -1;
}

static int hist_n(const struct resp *r)
{
	return cJSON_GetArraySize(jget(r->json, "balance_history.data"));
}

/* Which versions and views carry it: absent before 2026-07-20, null
 * without the self view or the scope, earnings_usd beside it. */
START_TEST(test_history_versions)
{
	struct resp r;
	static const char *const old[] = {V2025, V2026, NULL};
	for (int i = 0; old[i]; i++) {
		req(&r, "GET", HIST, NULL, AUTH_ADA, old[i], NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_ptr_null(jget(r.json, "balance_history"));
		ck_assert_ptr_null(jget(r.json, "earnings_usd"));
		resp_free(&r);
	}
	/* not asked: earnings only */
	req(&r, "GET", "/users/me", NULL, AUTH_ADA, V0720, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(jget(r.json, "balance_history"));
	ck_assert_str_eq(jstr(&r, "earnings_usd"), "48211.90");
	ck_assert(cJSON_IsObject(jget(r.json, "balance")));
	resp_free(&r);
	req(&r, "GET", "/users/me?include_balance_history=false", NULL, AUTH_ADA,
	    V0720, NULL);
	ck_assert_ptr_null(jget(r.json, "balance_history"));
	resp_free(&r);
	static const char *const later[] = {V0720, VLATER,
		"Api-Version-Date: 2026-07-20-2", NULL};
	for (int i = 0; later[i]; i++) {
		req(&r, "GET", HIST, NULL, AUTH_ADA, later[i], NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_int_gt(hist_n(&r), 20); /* the last 30 days */
		ck_assert(cJSON_IsNumber(jget(r.json, "balance_history.last")));
		resp_free(&r);
	}
	/* without the scope, another user, an API key: null */
	req(&r, "GET", HIST, NULL, AUTH_NOPERM, V0720, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "balance_history")));
	ck_assert(cJSON_IsNull(jget(r.json, "earnings_usd")));
	resp_free(&r);
	req(&r, "GET", ADA_PATH "?include_balance_history=true", NULL, AUTH_ADA,
	    V0720, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "balance_history")));
	resp_free(&r);
	req(&r, "GET", ADA_PATH "?include_balance_history=true", NULL, AUTH_KEY,
	    V0720, NULL);
	ck_assert(cJSON_IsNull(jget(r.json, "balance_history")));
	resp_free(&r);
	/* charles: no wallet activity, earnings as a number */
	req(&r, "GET", HIST, NULL, AUTH_CHARLES, V0720, NULL);
	ck_assert(cJSON_IsArray(jget(r.json, "balance_history.data")));
	ck_assert_int_eq(hist_n(&r), 0);
	ck_assert(jget(r.json, "earnings_usd")->valuedouble == 1250.5);
	resp_free(&r);
	/* the files endpoints still need 2026-08-21 */
	expect("GET", "/files/file_x", NULL, AUTH_ADA, V0720, 400);
}
END_TEST

/* Buckets in the query's time zone, from and to honoured, the same
 * answer every time. */
START_TEST(test_history_buckets)
{
	struct resp r, again;
	/* days in Tokyo: local midnights, 15:00 UTC */
	req(&r, "GET", HIST "&from=2026-11-01&to=2026-11-09&interval=day"
	    "&time_zone=Asia%2FTokyo", NULL, AUTH_ADA, V0720, NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(hist_n(&r), 9);
	ck_assert_int_eq(hist_t(&r, 0), 1793458800);
	ck_assert_int_eq(hist_t(&r, 8), 1794150000);
	for (int i = 1; i < 9; i++)
		ck_assert_int_eq(hist_t(&r, i) - hist_t(&r, i - 1), 86400);
	double lo = 1e18, hi = -1e18;
	for (int i = 0; i < 9; i++) {
		double v = jget(r.json, "balance_history.data")->child ?
			cJSON_GetObjectItem(cJSON_GetArrayItem(jget(r.json,
			"balance_history.data"), i), "v")->valuedouble : 0;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		if (i == 8)
			ck_assert(jget(r.json, "balance_history.last")->valuedouble
			          == v);
	}
	ck_assert(jget(r.json, "balance_history.min")->valuedouble == lo);
	ck_assert(jget(r.json, "balance_history.max")->valuedouble == hi);
	req(&again, "GET", HIST "&from=2026-11-01&to=2026-11-09&interval=day"
	    "&time_zone=Asia%2FTokyo", NULL, AUTH_ADA, V0720, NULL);
	ck_assert_str_eq(r.body, again.body);
	resp_free(&again);
	resp_free(&r);

	/* hours across the end of daylight saving time in New York: 01:00
	 * EDT and 01:00 EST are two buckets */
	req(&r, "GET", HIST "&from=2026-11-01T04:00:00Z&to=2026-11-01T07:00:00Z"
	    "&interval=hour&time_zone=America/New_York", NULL, AUTH_ADA, V0720,
	    NULL);
	ck_assert_int_eq(hist_n(&r), 4);
	ck_assert_int_eq(hist_t(&r, 0), 1793505600);
	ck_assert_int_eq(hist_t(&r, 3), 1793516400);
	resp_free(&r);
	/* weeks start on Monday, local time */
	req(&r, "GET", HIST "&from=2026-10-28&to=2026-11-03&interval=week"
	    "&time_zone=America/New_York", NULL, AUTH_ADA, V0720, NULL);
	ck_assert_int_eq(hist_n(&r), 2);
	ck_assert_int_eq(hist_t(&r, 0), 1792987200);
	ck_assert_int_eq(hist_t(&r, 1), 1793595600);
	resp_free(&r);
	/* months in Berlin; the dip in September and October, the
	 * recovery after */
	req(&r, "GET", HIST "&from=2026-05-15&to=2026-11-20&interval=month"
	    "&time_zone=Europe/Berlin", NULL, AUTH_ADA, V0720, NULL);
	ck_assert_int_eq(hist_n(&r), 6); /* Jun .. Nov (May 1 is before any
	                                    activity in Berlin's May) */
	ck_assert_int_eq(hist_t(&r, 1), 1782856800);
	ck_assert_int_eq(hist_t(&r, 5), 1793487600);
	resp_free(&r);
	req(&r, "GET", HIST "&from=2026-05-01T00:00:00Z&to=2026-11-20T00:00:00Z"
	    "&interval=day", NULL, AUTH_ADA, V0720, NULL);
	const cJSON *data = jget(r.json, "balance_history.data"), *p;
	long long min_t = 0;
	double min_v = 1e18, aug = 0;
	cJSON_ArrayForEach(p, data) {
		double v = cJSON_GetObjectItem(p, "v")->valuedouble;
		long long t = (long long)cJSON_GetObjectItem(p, "t")->valuedouble;
		if (t > 1785000000 && v > aug && t < 1788220800)
			aug = v; /* the high before the dip */
		if (t > 1785000000 && v < min_v) {
			min_v = v;
			min_t = t;
		}
	}
	ck_assert_int_ge(min_t, 1788220800);  /* in September .. */
	ck_assert_int_lt(min_t, 1793491200);  /* .. or October */
	ck_assert(min_v < aug * 0.6);
	ck_assert(jget(r.json, "balance_history.last")->valuedouble > aug);
	resp_free(&r);
	/* to in the past: nothing after it */
	req(&r, "GET", HIST "&from=2026-10-01&to=2026-10-03", NULL, AUTH_ADA,
	    V0720, NULL);
	ck_assert_int_eq(hist_n(&r), 3);
	resp_free(&r);
	/* before any activity: an empty data */
	req(&r, "GET", HIST "&from=2025-01-01&to=2025-01-20", NULL, AUTH_ADA,
	    V0720, NULL);
	ck_assert_int_eq(hist_n(&r), 0);
	resp_free(&r);
}
END_TEST

START_TEST(test_history_bad_query)
{
	static const char *const bad[][2] = {
		{"&interval=year", "interval"},
		{"&interval=", "interval"},
		{"&time_zone=..%2F..%2Fetc%2Fpasswd", "time_zone"},
		{"&time_zone=Mars%2FBase", "time_zone"},
		{"&time_zone=", "time_zone"},
		{"&from=tomorrow", "from"},
		{"&to=2026-13-01", "to"},
		{"&from=2026-11-05T25:00:00Z", "from"},
		{"&from=2026-11-05T1", "from"},
		{"&to=2026-11-05T", "to"},
		{"&from=2026-11-02&to=2026-11-01", "after"},
		{"&interval=hour&from=2020-01-01&to=2026-11-01", "5000 points"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char target[256];
		struct resp r;
		snprintf(target, sizeof target, HIST "%s", bad[i][0]);
		req(&r, "GET", target, NULL, AUTH_ADA, V0720, NULL);
		ck_assert_msg(r.status == 400, "%s: %ld", bad[i][0], r.status);
		ck_assert_msg(strstr(jstr(&r, "error.message"), bad[i][1]) != NULL,
		              "%s: %s", bad[i][0], r.body);
		resp_free(&r);
	}
}
END_TEST

static Suite *stub_suite(void)
{
	Suite *s = suite_create("stub");
	TCase *hostile = tcase_create("hostile");
	TCase *api = tcase_create("api");
	TCase *faults = tcase_create("faults");
	TCase *state = tcase_create("state");
	TCase *support = tcase_create("support");

	tcase_add_checked_fixture(hostile, setup, teardown);
	tcase_add_test(hostile, test_null_and_empty);
	tcase_add_test(hostile, test_unknown_path);
	tcase_add_test(hostile, test_auth_refused);
	tcase_add_test(hostile, test_garbage_bodies);
	tcase_add_test(hostile, test_bad_version);
	suite_add_tcase(s, hostile);

	tcase_add_checked_fixture(api, setup, teardown);
	tcase_add_test(api, test_me_shapes);
	tcase_add_test(api, test_other_views);
	tcase_add_test(api, test_patch_name_journal);
	tcase_add_test(api, test_bio_bytes);
	tcase_add_test(api, test_username_rules);
	tcase_add_test(api, test_name_length);
	tcase_add_test(api, test_permissions);
	tcase_add_test(api, test_api_key_override);
	tcase_add_test(api, test_search);
	tcase_add_test(api, test_files_flow);
	tcase_add_test(api, test_upload_outcomes);
	suite_add_tcase(s, api);

	tcase_add_checked_fixture(faults, setup, teardown);
	tcase_set_timeout(faults, 30);
	tcase_add_test(faults, test_fault_status);
	tcase_add_test(faults, test_fault_rate_limit);
	tcase_add_test(faults, test_fault_reset);
	tcase_add_test(faults, test_fault_apply_drop_patch_only);
	tcase_add_test(faults, test_fault_truncate);
	tcase_add_test(faults, test_fault_delay);
	tcase_add_test(faults, test_delay_does_not_hang_stop);
	tcase_add_test(faults, test_fault_body);
	suite_add_tcase(s, faults);

	tcase_add_checked_fixture(state, setup, teardown);
	tcase_set_timeout(state, 30);
	tcase_add_test(state, test_large_journal);
	tcase_add_test(state, test_reset);
	tcase_add_test(state, test_put_user);
	tcase_add_test(state, test_control_http);
	suite_add_tcase(s, state);

	tcase_add_checked_fixture(support, setup_support, teardown);
	tcase_set_timeout(support, 30);
	tcase_add_test(support, test_support_refusals);
	tcase_add_test(support, test_members_paging);
	tcase_add_test(support, test_members_filters);
	tcase_add_test(support, test_member_logs);
	tcase_add_test(support, test_access_check);
	tcase_add_test(support, test_users_ranked_and_bulk);
	suite_add_tcase(s, support);
	tcase_add_test(api, test_support_default_data);
	TCase *history = tcase_create("history");
	tcase_add_checked_fixture(history, setup, teardown);
	tcase_add_test(history, test_history_versions);
	tcase_add_test(history, test_history_buckets);
	tcase_add_test(history, test_history_bad_query);
	suite_add_tcase(s, history);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stub_suite());
	int failed;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	curl_global_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
