/* check_http.c - the libcurl multi wrapper, against the local stub. */
#include <check.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "clock.h"
#include "http.h"
#include "picture.h"
#include "redact.h"
#include "strbuf.h"
#include "urlpolicy.h"
#include "stub.h"
#include "testutil.h"

static struct stub *st;
static char origin[128];   /* "http://127.0.0.1:PORT" */
static char base[160];     /* origin + "/api/v1" */
static unsigned port;

static void setup(void)
{
	struct stub_opts o = { .quiet = true };
	st = stub_start(&o);
	ck_assert_ptr_nonnull(st);
	snprintf(base, sizeof(base), "%s", stub_base_url(st));
	ck_assert_int_eq(sscanf(base, "http://127.0.0.1:%u/", &port), 1);
	snprintf(origin, sizeof(origin), "http://127.0.0.1:%u", port);
}

static void teardown(void)
{
	stub_stop(st);
}

/* A client for the stub's API with ada's token (and a trace when given). */
static struct http_client *client(const char *trace, size_t max_body,
                                  long total_ms)
{
	struct http_client_opts o = {
		.api_base_url = base, .token = STUB_TOKEN_ADA,
		.user_agent = "profed/test", .trace_path = trace,
		.max_body = max_body, .total_timeout_ms = total_ms,
	};
	struct pf_error err;
	struct http_client *c = http_client_new(&o, &err);
	ck_assert_msg(c != NULL, "%s", err.message);
	return c;
}

/* GET url; returns the error kind and fills *res (freed by the caller). */
static enum pf_err_kind get(struct http_client *c, const char *url,
                            bool auth, struct http_response *res,
                            struct pf_error *err)
{
	const char *const hdrs[] = { "Accept: application/json", NULL };
	struct http_request req = { .method = "GET", .url = url,
	                            .headers = hdrs, .with_auth = auth };
	http_perform(c, &req, res, err);
	return err->kind;
}

/* The Authorization header of the last journal entry (a copy or NULL). */
static char *last_auth(void)
{
	size_t n = stub_journal_count(st);
	ck_assert_uint_gt(n, 0);
	struct stub_request *r = stub_journal_get(st, n - 1);
	const char *h = stub_request_header(r, "Authorization");
	char *copy = h ? strdup(h) : NULL;
	stub_request_free(r);
	return copy;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

START_TEST(test_hostile_input)
{
	struct pf_error err;
	struct http_response res;
	http_client_free(NULL);
	http_response_free(NULL);
	ck_assert_uint_eq(http_busy(NULL), 0);
	http_cancel(NULL, 1);
	http_run(NULL);
	ck_assert_int_eq(http_wait(NULL, NULL, 0, NULL, 0), -1);

	/* NULL options: all defaults, no token */
	struct http_client *c = http_client_new(NULL, &err);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(http_start(c, NULL, NULL, NULL, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	static const struct { const char *method, *url, *hdr; } bad[] = {
		{ "GET", NULL, NULL }, { "GET", "", NULL },
		{ "GET", "not a url", NULL }, { "GET", "/users/me", NULL },
		{ "GET", "ftp://127.0.0.1/x", NULL },
		{ "GET", "file:///etc/passwd", NULL },
		{ "GET", "http://exa mple.com/", NULL },
		{ "GE\r\nT", "http://127.0.0.1/", NULL }, { "", "http://127.0.0.1/", NULL },
		{ "GET", "http://127.0.0.1/", "X-A: 1\r\nAuthorization: x" },
		{ "GET", "http://127.0.0.1/", "no colon" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const hdrs[] = { bad[i].hdr, NULL };
		struct http_request req = { .method = bad[i].method, .url = bad[i].url,
		                            .headers = hdrs };
		ck_assert_int_eq(http_perform(c, &req, &res, &err), -1);
		ck_assert_msg(err.kind == PF_ERR_USAGE, "case %zu", i);
	}
	ck_assert_uint_eq(http_busy(c), 0);
	http_cancel(c, 12345); /* unknown: ignored */
	http_client_free(c);

	struct http_client_opts o = { .api_base_url = "::nonsense" };
	ck_assert_ptr_null(http_client_new(&o, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	o = (struct http_client_opts){ .token = "a\nb" };
	ck_assert_ptr_null(http_client_new(&o, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	o = (struct http_client_opts){ .trace_path = "/nonexistent-dir/trace" };
	ck_assert_ptr_null(http_client_new(&o, &err));
	ck_assert_int_eq(err.kind, PF_ERR_IO);
}
END_TEST

START_TEST(test_escape_and_redact)
{
	char *s = http_escape(NULL);
	ck_assert_str_eq(s, "");
	free(s);
	s = http_escape("ada-lovelace_1.~");
	ck_assert_str_eq(s, "ada-lovelace_1.~");
	free(s);
	s = http_escape("a b/ü?&=#%\n..");
	ck_assert_str_eq(s, "a%20b%2F%C3%BC%3F%26%3D%23%25%0A..");
	free(s);

	s = http_redact("Bearer pf-test-user-ada and pf-test-user-ada!", 45,
	                STUB_TOKEN_ADA);
	ck_assert_str_eq(s, "Bearer ****-ada and ****-ada!");
	free(s);
	s = http_redact("abcdefgh", 8, "abcdefgh"); /* short: fewer shown */
	ck_assert_str_eq(s, "****gh");
	free(s);
	s = http_redact("abc", 3, "abc");
	ck_assert_str_eq(s, "****");
	free(s);
	/* a run of 6 or more of the token's characters, anywhere */
	s = http_redact("pf-test-user-ad", 15, STUB_TOKEN_ADA); /* a prefix */
	ck_assert_str_eq(s, "****");
	free(s);
	s = http_redact("key=<st-user-a>", 15, STUB_TOKEN_ADA); /* the middle */
	ck_assert_str_eq(s, "key=<****>");
	free(s);
	s = http_redact("[user-ada]", 10, STUB_TOKEN_ADA); /* the end, 8 */
	ck_assert_str_eq(s, "[****]");
	free(s);
	s = http_redact("pf-te pf-tes", 12, STUB_TOKEN_ADA); /* 5: kept, 6: not */
	ck_assert_str_eq(s, "pf-te ****");
	free(s);
	ck_assert(redact_found("..user-a..", 10, STUB_TOKEN_ADA));
	ck_assert(!redact_found("..user..", 8, STUB_TOKEN_ADA));
	ck_assert(!redact_found(NULL, 8, STUB_TOKEN_ADA));
	ck_assert(!redact_found("user-ada", 8, NULL));
	s = http_redact("a\0b", 3, NULL);
	ck_assert_int_eq(memcmp(s, "a\0b", 4), 0);
	free(s);
	s = http_redact(NULL, 10, "x");
	ck_assert_str_eq(s, "");
	free(s);
	s = http_redact("x", 1, "");
	ck_assert_str_eq(s, "x");
	free(s);
}
END_TEST

/* Retry-After, both forms of RFC 9110: delay-seconds and an HTTP-date,
 * the date against a fixed "now" (Fri, 31 Dec 1999 23:59:59 GMT). */
START_TEST(test_retry_after_parse)
{
	const time_t now = 946684799;
	/* nothing, or neither form */
	static const char *const bad[] = {
		"", " ", "\t", "garbage", "soon", "-3", "+5", "1.5", "1e3",
		"0x10", "12s", "1 2", "12\n", "Fri", "31 Dec 1999 23:59:59 GMT",
		"\x1b[31m", "\xff\xfe",
	};
	ck_assert_int_eq(http_retry_after_parse(NULL, now), -1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(http_retry_after_parse(bad[i], now) == -1,
		              "case %zu \"%s\"", i, bad[i]);

	/* delay-seconds, with optional blanks around it */
	ck_assert_int_eq(http_retry_after_parse("0", now), 0);
	ck_assert_int_eq(http_retry_after_parse("12", now), 12);
	ck_assert_int_eq(http_retry_after_parse(" 12 ", now), 12);
	ck_assert_int_eq(http_retry_after_parse("\t12\t", now), 12);
	ck_assert_int_eq(http_retry_after_parse("007", now), 7);
	ck_assert_int_eq(http_retry_after_parse("86400", now), 86400);
	/* huge: cut to a day (the api takes no automatic wait that long) */
	ck_assert_int_eq(http_retry_after_parse("86401", now), HTTP_RETRY_AFTER_MAX);
	ck_assert_int_eq(http_retry_after_parse("2147483648", now),
	                 HTTP_RETRY_AFTER_MAX);
	ck_assert_int_eq(http_retry_after_parse(
		"99999999999999999999999999999999999999", now), HTTP_RETRY_AFTER_MAX);

	/* an HTTP-date: the time until it, from now */
	ck_assert_int_eq(http_retry_after_parse(
		"Sat, 01 Jan 2000 00:00:29 GMT", now), 30);
	ck_assert_int_eq(http_retry_after_parse(
		" Sat, 01 Jan 2000 01:00:00 GMT ", now), 3601);
	/* the two obsolete forms RFC 9110 still asks recipients to read */
	ck_assert_int_eq(http_retry_after_parse(
		"Saturday, 01-Jan-00 00:00:09 GMT", now), 10);
	ck_assert_int_eq(http_retry_after_parse(
		"Sat Jan  1 00:00:59 2000", now), 60);
	/* now, or a date in the past: no wait */
	ck_assert_int_eq(http_retry_after_parse(
		"Fri, 31 Dec 1999 23:59:59 GMT", now), 0);
	ck_assert_int_eq(http_retry_after_parse(
		"Fri, 31 Dec 1999 23:59:58 GMT", now), 0);
	ck_assert_int_eq(http_retry_after_parse(
		"Sun, 06 Nov 1994 08:49:37 GMT", now), 0);
	/* far away: a day at most */
	ck_assert_int_eq(http_retry_after_parse(
		"Fri, 01 Jan 2100 00:00:00 GMT", now), HTTP_RETRY_AFTER_MAX);
	ck_assert_int_eq(http_retry_after_parse(
		"Sun, 02 Jan 2000 00:00:00 GMT", now), 86400);
	ck_assert_int_eq(http_retry_after_parse(
		"Sun, 02 Jan 2000 00:00:01 GMT", now), HTTP_RETRY_AFTER_MAX);
	/* a different now moves the answer */
	ck_assert_int_eq(http_retry_after_parse(
		"Sat, 01 Jan 2000 00:00:29 GMT", now + 20), 10);
}
END_TEST

START_TEST(test_unreachable_port)
{
	/* a port that was free a moment ago: connection refused */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/x", ntohs(sa.sin_port));

	struct http_client *c = client(NULL, 0, 0);
	struct http_response res;
	struct pf_error err;
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TRANSPORT);
	ck_assert_str_eq(err.host, "127.0.0.1");
	ck_assert_str_ne(err.message, "");
	ck_assert_ptr_null(res.body);
	http_client_free(c);
}
END_TEST

START_TEST(test_get_and_statuses)
{
	struct http_client *c = client(NULL, 0, 0);
	struct http_response res;
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_int_eq(res.status, 200);
	ck_assert_ptr_nonnull(strstr(res.body, STUB_ADA_ID));
	ck_assert_uint_eq(res.body_len, strlen(res.body));
	ck_assert_ptr_nonnull(strstr(res.content_type, "application/json"));
	ck_assert_int_eq(res.retry_after_s, -1);
	http_response_free(&res);

	struct stub_request *r = stub_journal_get(st, 0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(stub_request_header(r, "User-Agent"), "profed/test");
	ck_assert_str_eq(stub_request_header(r, "Accept"), "application/json");
	stub_request_free(r);

	/* an HTTP error status is an answer, not a transport error */
	snprintf(url, sizeof(url), "%s/users/nobody-here", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_int_eq(res.status, 404);
	http_response_free(&res);

	struct stub_fault f = { .kind = STUB_FAULT_RATE_LIMIT, .count = 1,
	                        .seconds = 7, .retry_after_header = true };
	stub_fault(st, &f);
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_int_eq(res.status, 429);
	ck_assert_int_eq(res.retry_after_s, 7);
	http_response_free(&res);
	http_client_free(c);
}
END_TEST

START_TEST(test_patch_body)
{
	struct http_client *c = client(NULL, 0, 0);
	struct http_response res;
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	const char *const hdrs[] = { "Content-Type: application/json", NULL };
	const char body[] = "{\"bio\":\"a\\nb\"}";
	struct http_request req = { .method = "PATCH", .url = url, .body = body,
	                            .body_len = strlen(body), .headers = hdrs,
	                            .with_auth = true };
	ck_assert_int_eq(http_perform(c, &req, &res, &err), 0);
	ck_assert_int_eq(res.status, 200);
	http_response_free(&res);
	struct stub_request *r = stub_journal_get(st, 0);
	ck_assert_str_eq(r->method, "PATCH");
	ck_assert_str_eq(r->body, body);
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "application/json");
	stub_request_free(r);

	/* a body without a Content-Type is not labelled form-urlencoded */
	snprintf(url, sizeof(url), "%s/_upload/x", origin);
	req = (struct http_request){ .method = "PUT", .url = url, .body = "abc",
	                             .body_len = 3 };
	ck_assert_int_eq(http_perform(c, &req, &res, &err), 0);
	http_response_free(&res);
	r = stub_journal_get(st, 1);
	ck_assert_str_eq(r->method, "PUT");
	ck_assert_str_eq(r->body, "abc");
	ck_assert_ptr_null(stub_request_header(r, "Content-Type"));
	stub_request_free(r);
	http_client_free(c);
}
END_TEST

START_TEST(test_connection_reused)
{
	char *dir = tu_tempdir();
	char trace[512];
	snprintf(trace, sizeof(trace), "%s/trace", dir);
	struct http_client *c = client(trace, 0, 0);
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	for (int i = 0; i < 3; i++) {
		struct http_response res;
		struct pf_error err;
		ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
		ck_assert_int_eq(res.status, 200);
		http_response_free(&res);
	}
	http_client_free(c);
	char *t = tu_read_file(trace, NULL);
	ck_assert_ptr_nonnull(t);
	/* CURLINFO_NUM_CONNECTS of each transfer, as traced */
	ck_assert_uint_eq(count(t, "new connections: 1"), 1);
	ck_assert_uint_eq(count(t, "new connections: 0"), 2);
	free(t);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_authorization_only_to_api_origin)
{
	struct http_client *c = client(NULL, 0, 0);
	struct http_response res;
	struct pf_error err;
	char url[256], *auth;

	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	http_response_free(&res);
	auth = last_auth();
	ck_assert_str_eq(auth, "Bearer " STUB_TOKEN_ADA);
	free(auth);

	/* same origin, but the request does not ask for the token */
	snprintf(url, sizeof(url), "%s/_upload/x", origin);
	ck_assert_int_eq(get(c, url, false, &res, &err), PF_OK);
	http_response_free(&res);
	ck_assert_ptr_null(last_auth());
	http_client_free(c);

	/* asks for it, but the same server under another origin: another
	 * host name, another port, another scheme */
	char others[3][128];
	snprintf(others[0], sizeof(others[0]), "http://localhost:%u/api/v1", port);
	snprintf(others[1], sizeof(others[1]), "http://127.0.0.1:%u/api/v1", port + 1);
	snprintf(others[2], sizeof(others[2]), "https://127.0.0.1:%u/api/v1", port);
	for (int i = 0; i < 3; i++) {
		const char *other = others[i];
		struct http_client_opts o = { .api_base_url = other,
		                              .token = STUB_TOKEN_ADA };
		c = http_client_new(&o, &err);
		ck_assert_ptr_nonnull(c);
		size_t before = stub_journal_count(st);
		snprintf(url, sizeof(url), "%s/users/me", base);
		ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
		ck_assert_int_eq(res.status, 401);
		http_response_free(&res);
		ck_assert_uint_eq(stub_journal_count(st), before + 1);
		ck_assert_ptr_null(last_auth());
		http_client_free(c);
	}

	/* the scheme and host compare case-insensitively, the port with its default */
	char upper[128];
	snprintf(upper, sizeof(upper), "HTTP://127.0.0.1:%u/api/v1", port);
	struct http_client_opts o = { .api_base_url = upper, .token = STUB_TOKEN_ADA };
	c = http_client_new(&o, &err);
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_int_eq(res.status, 200);
	http_response_free(&res);
	http_client_free(c);
}
END_TEST

START_TEST(test_body_over_cap)
{
	struct http_client *c = client(NULL, 100, 0);
	struct http_response res;
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TOO_LARGE);
	ck_assert_ptr_nonnull(strstr(err.message, "100 bytes"));
	http_client_free(c);

	/* the same answer fits a cap of its own size */
	c = client(NULL, 0, 0);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	size_t size = res.body_len;
	http_response_free(&res);
	http_client_free(c);
	c = client(NULL, size, 0);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	http_response_free(&res);
	http_client_free(c);
}
END_TEST

START_TEST(test_timeout_reset_truncate)
{
	struct http_client *c = client(NULL, 0, 300);
	struct http_response res;
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);

	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .count = 1,
	                        .delay_ms = 3000 };
	stub_fault(st, &f);
	double t0 = (clock_now_ms() / 1000.0);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TIMEOUT);
	ck_assert_double_lt((clock_now_ms() / 1000.0) - t0, 2.0);
	ck_assert_str_eq(err.host, "127.0.0.1");
	stub_fault_clear(st);
	http_client_free(c);

	c = client(NULL, 0, 0);
	f = (struct stub_fault){ .kind = STUB_FAULT_RESET, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TRANSPORT);
	ck_assert_str_eq(err.host, "127.0.0.1");

	f = (struct stub_fault){ .kind = STUB_FAULT_TRUNCATE, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TRANSPORT);

	/* and the client still works afterwards */
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_int_eq(res.status, 200);
	http_response_free(&res);
	http_client_free(c);
}
END_TEST

/* The trace file: created 0600; never written through a symlink; an
 * existing file others may read or write is refused with the config
 * file's wording; DEL, C1 controls and bytes that are not UTF-8 are
 * written as '.'. */
START_TEST(test_trace_file_safety)
{
	char *dir = tu_tempdir();
	char trace[512], target[512], link[512], loose[512], url[256];
	struct http_client_opts o = { .trace_path = trace };
	struct http_client *c;
	struct http_response res;
	struct pf_error err;
	struct stat sb;
	char *t;

	snprintf(trace, sizeof trace, "%s/trace", dir);
	snprintf(target, sizeof target, "%s/other-file", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	snprintf(loose, sizeof loose, "%s/loose", dir);

	/* a new file: 0600 */
	c = http_client_new(&o, &err);
	ck_assert_ptr_nonnull(c);
	http_client_free(c);
	ck_assert_int_eq(stat(trace, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);

	/* a symlink to another file: refused, the file untouched */
	ck_assert_int_eq(tu_write_file(target, "keep", 4, 0600), 0);
	ck_assert_int_eq(symlink(target, link), 0);
	o.trace_path = link;
	pf_error_clear(&err);
	ck_assert_ptr_null(http_client_new(&o, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_msg(strstr(err.message, "symbolic link"), "%s", err.message);
	t = tu_read_file(target, NULL);
	ck_assert_str_eq(t, "keep");
	free(t);

	/* an existing file others may read: refused, "chmod 600 FILE" */
	ck_assert_int_eq(tu_write_file(loose, "", 0, 0644), 0);
	chmod(loose, 0644);
	o.trace_path = loose;
	pf_error_clear(&err);
	ck_assert_ptr_null(http_client_new(&o, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_msg(strstr(err.message, "chmod 600 ") &&
	              strstr(err.message, loose), "%s", err.message);
	ck_assert_int_eq(stat(loose, &sb), 0);
	ck_assert_uint_eq(sb.st_size, 0);
	chmod(loose, 0620); /* group-writable: refused too */
	ck_assert_ptr_null(http_client_new(&o, &err));
	/* a directory */
	o.trace_path = dir;
	ck_assert_ptr_null(http_client_new(&o, &err));

	/* DEL, C1 (as UTF-8 and as a lone byte) are not written */
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
	                        .status = 200,
	                        .body = "{\"a\":\"x\x7fy\xc2\x9bz\x9b[2Jw\xc3\xa9\"}" };
	stub_fault(st, &f);
	c = client(trace, 0, 0);
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	http_response_free(&res);
	http_client_free(c);
	t = tu_read_file(trace, NULL);
	ck_assert_ptr_nonnull(t);
	ck_assert_msg(strstr(t, "x.y..z.[2Jw\xc3\xa9"), "%s", t);
	ck_assert_ptr_null(strchr(t, 0x7f));
	ck_assert_ptr_null(strstr(t, "\xc2\x9b"));
	free(t);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* urlpolicy: hosts, loopback, private addresses, base URLs. */
START_TEST(test_url_policy)
{
	char host[64];
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	static const char *const private4[] = {
		"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
		"192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
		"224.0.0.1",
	};
	static const char *const public4[] = { "8.8.8.8", "172.32.0.1",
	                                       "192.169.0.1", "1.1.1.1" };
	static const char *const private6[] = { "::1", "::", "fe80::1",
	                                        "fd00::1", "::ffff:10.0.0.1",
	                                        "::ffff:127.0.0.1", "ff02::1" };

	ck_assert(!urlpolicy_host(NULL, host, sizeof host));
	ck_assert(!urlpolicy_host("", host, sizeof host));
	ck_assert(!urlpolicy_host("ftp://x/", host, sizeof host));
	ck_assert(!urlpolicy_host("http:///x", host, sizeof host));
	ck_assert(urlpolicy_host("HTTPS://User@Example.COM.:8443/p", host,
	                         sizeof host));
	ck_assert_str_eq(host, "example.com");
	ck_assert(urlpolicy_host("http://[::1]:80/", host, sizeof host));
	ck_assert_str_eq(host, "::1");
	/* the host is what follows the last '@' */
	ck_assert(urlpolicy_host("http://a@b@127.0.0.1/", host, sizeof host));
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert(urlpolicy_host_loopback("localhost"));
	ck_assert(urlpolicy_host_loopback("api.localhost"));
	ck_assert(urlpolicy_host_loopback("127.200.0.9"));
	ck_assert(!urlpolicy_host_loopback("127.0.0.1.example.com"));
	ck_assert(!urlpolicy_host_loopback("localhost.example.com"));
	ck_assert(!urlpolicy_host_loopback(NULL));
	ck_assert(urlpolicy_base_ok("https://api.whop.com/api/v1"));
	ck_assert(urlpolicy_base_ok("http://127.0.0.1:8080/api/v1"));
	ck_assert(urlpolicy_base_ok("http://[::1]:8080/api/v1"));
	ck_assert(urlpolicy_base_ok("http://localhost/api/v1"));
	ck_assert(!urlpolicy_base_ok("http://api.whop.com/api/v1"));
	ck_assert(!urlpolicy_base_ok("http://10.0.0.1/api/v1"));
	ck_assert(!urlpolicy_base_ok("http://127.0.0.1.evil.example/"));
	ck_assert(!urlpolicy_base_ok("http://127.0.0.1@evil.example/"));
	ck_assert(!urlpolicy_base_ok(NULL));
	ck_assert(urlpolicy_url_private("http://10.0.0.1/x"));
	ck_assert(urlpolicy_url_private("https://[fe80::1]/x"));
	ck_assert(!urlpolicy_url_private("https://api.example.com/x"));
	for (size_t i = 0; i < sizeof private4 / sizeof *private4; i++) {
		ck_assert_int_eq(inet_pton(AF_INET, private4[i], &a4.sin_addr), 1);
		ck_assert_msg(!urlpolicy_addr_public((struct sockaddr *)&a4), "%s",
		              private4[i]);
	}
	for (size_t i = 0; i < sizeof public4 / sizeof *public4; i++) {
		ck_assert_int_eq(inet_pton(AF_INET, public4[i], &a4.sin_addr), 1);
		ck_assert_msg(urlpolicy_addr_public((struct sockaddr *)&a4), "%s",
		              public4[i]);
	}
	for (size_t i = 0; i < sizeof private6 / sizeof *private6; i++) {
		ck_assert_int_eq(inet_pton(AF_INET6, private6[i], &a6.sin6_addr), 1);
		ck_assert_msg(!urlpolicy_addr_public((struct sockaddr *)&a6), "%s",
		              private6[i]);
	}
	ck_assert_int_eq(inet_pton(AF_INET6, "2606:4700::1", &a6.sin6_addr), 1);
	ck_assert(urlpolicy_addr_public((struct sockaddr *)&a6));
	ck_assert(!urlpolicy_addr_public(NULL));
}
END_TEST

struct fetched {
	bool done;
	struct pf_error err;
};

static void on_fetched(void *ud, const char *body, size_t len,
                       const struct pf_error *err)
{
	struct fetched *f = ud;
	(void)body;
	(void)len;
	f->done = true;
	f->err = *err;
}

/* A picture URL with the API on a public host: plain http is refused at
 * once; https to a name that resolves to loopback (localhost) is refused
 * on the address before any connect, so nothing reaches the stub. */
START_TEST(test_picture_fetch_policy)
{
	struct http_client_opts o = { .api_base_url =
	                              "https://api.example.invalid/api/v1",
	                              .user_agent = "profed/test" };
	struct http_client *c;
	struct fetched f = { 0 };
	struct pf_error err;
	char url[256];
	size_t before = stub_journal_count(st);

	c = http_client_new(&o, &err);
	ck_assert_ptr_nonnull(c);
	ck_assert(!http_api_loopback(c));
	ck_assert(!http_api_private(c));
	snprintf(url, sizeof url, "%s/_media/a.png", origin);
	ck_assert_int_eq(picture_fetch_start(c, url, on_fetched, &f, &err), -1);
	ck_assert_msg(strstr(err.message, "https"), "%s", err.message);
	snprintf(url, sizeof url, "https://localhost:%u/_media/a.png", port);
	ck_assert_int_gt(picture_fetch_start(c, url, on_fetched, &f, &err), 0);
	while (!f.done) {
		http_wait(c, NULL, 0, NULL, 100);
		http_run(c);
	}
	ck_assert_int_eq(f.err.kind, PF_ERR_TRANSPORT);
	ck_assert(f.err.not_sent);
	ck_assert_msg(strstr(f.err.message, "private, loopback or link-local"),
	              "%s", f.err.message);
	snprintf(url, sizeof url, "https://127.0.0.1:%u/_media/a.png", port);
	f.done = false;
	ck_assert_int_gt(picture_fetch_start(c, url, on_fetched, &f, &err), 0);
	while (!f.done) {
		http_wait(c, NULL, 0, NULL, 100);
		http_run(c);
	}
	ck_assert_int_eq(f.err.kind, PF_ERR_TRANSPORT);
	http_client_free(c);
	ck_assert_uint_eq(stub_journal_count(st), before);

	/* an API on loopback: http pictures and loopback addresses are fine */
	c = client(NULL, 0, 0);
	ck_assert(http_api_loopback(c));
	ck_assert(http_api_private(c));
	snprintf(url, sizeof url, "%s/_media/a.png", origin);
	f.done = false;
	ck_assert_int_gt(picture_fetch_start(c, url, on_fetched, &f, &err), 0);
	while (!f.done) {
		http_wait(c, NULL, 0, NULL, 100);
		http_run(c);
	}
	ck_assert_int_ne(f.err.kind, PF_ERR_TRANSPORT);
	http_client_free(c);
	ck_assert_uint_eq(stub_journal_count(st), before + 1);
}
END_TEST

START_TEST(test_trace_redacted)
{
	char *dir = tu_tempdir();
	char trace[512];
	snprintf(trace, sizeof(trace), "%s/trace", dir);
	struct http_client *c = client(trace, 0, 0);
	struct http_response res;
	struct pf_error err;
	char url[256];

	/* 4000 copies of the token in one line of 68 KB: libcurl hands it
	 * over in several chunks, so some copies are split between two */
	struct strbuf body = { 0 };
	strbuf_append_str(&body, "{\"echo\":\"");
	for (int i = 0; i < 4000; i++)
		strbuf_append_str(&body, STUB_TOKEN_ADA ",");
	strbuf_append_str(&body, "\"}");
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
	                        .status = 200, .body = strbuf_str(&body) };
	stub_fault(st, &f);
	snprintf(url, sizeof(url), "%s/users/me", base);
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_OK);
	ck_assert_uint_eq(res.body_len, body.len);
	http_response_free(&res);

	/* the token in a request body, too (to a path that does not echo it) */
	const char put[] = "{\"bio\":\"" STUB_TOKEN_ADA "\"}";
	snprintf(url, sizeof(url), "%s/_upload/x", origin);
	struct http_request req = { .method = "PUT", .url = url, .body = put,
	                            .body_len = strlen(put) };
	ck_assert_int_eq(http_perform(c, &req, &res, &err), 0);
	http_response_free(&res);
	http_client_free(c);
	strbuf_free(&body);

	char *t = tu_read_file(trace, NULL);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_null(strstr(t, STUB_TOKEN_ADA));
	ck_assert_ptr_null(strstr(t, "pf-test-user"));
	ck_assert_uint_eq(count(t, "Authorization: Bearer ****-ada"), 1);
	ck_assert_ptr_nonnull(strstr(t, "] > GET /api/v1/users/me HTTP/1.1"));
	ck_assert_ptr_nonnull(strstr(t, "] < HTTP/1.1 200"));
	ck_assert_ptr_nonnull(strstr(t, "] } {\"bio\":\"****-ada\"}"));
	/* 4000 in the echoed body, 1 header, 1 PUT body: none lost to a split */
	ck_assert_uint_eq(count(t, "****-ada"), 4002);
	free(t);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* Records a transfer's callback. */
struct seen {
	int calls;
	int order;
	long status;
	enum pf_err_kind kind;
};

static int finished;

static void on_done(void *ud, const struct http_response *res,
                    const struct pf_error *err)
{
	struct seen *s = ud;
	s->calls++;
	s->order = ++finished;
	s->kind = err->kind;
	s->status = res ? res->status : 0;
	ck_assert(res ? err->kind == PF_OK : err->kind != PF_OK);
}

START_TEST(test_cancel)
{
	struct http_client *c = client(NULL, 0, 0);
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	struct http_request req = { .method = "GET", .url = url, .with_auth = true };
	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .delay_ms = 2000 };
	stub_fault(st, &f);

	struct seen a = { 0 }, b = { 0 };
	long ia = http_start(c, &req, on_done, &a, &err);
	long ib = http_start(c, &req, on_done, &b, &err);
	ck_assert_int_gt(ia, 0);
	ck_assert_int_gt(ib, ia);
	ck_assert_uint_eq(http_busy(c), 2);
	http_wait(c, NULL, 0, NULL, 50);
	http_run(c);
	http_cancel(c, ia);
	ck_assert_int_eq(a.calls, 1);
	ck_assert_int_eq(a.kind, PF_ERR_CANCELLED);
	ck_assert_uint_eq(http_busy(c), 1);
	http_cancel(c, ia); /* twice: ignored */
	ck_assert_int_eq(a.calls, 1);

	/* freeing the client cancels what is left */
	http_client_free(c);
	ck_assert_int_eq(b.calls, 1);
	ck_assert_int_eq(b.kind, PF_ERR_CANCELLED);
	stub_fault_clear(st);
}
END_TEST

/* A transfer started before http_set_token is traced with the token it
 * carries redacted: the old token never reaches the trace, even when the
 * request goes out (and is traced) after the token changed. */
START_TEST(test_trace_redacts_token_of_transfer)
{
	char *dir = tu_tempdir();
	char trace[512];
	snprintf(trace, sizeof(trace), "%s/trace", dir);
	struct http_client *c = client(trace, 0, 0);
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	struct http_request req = { .method = "GET", .url = url,
	                            .with_auth = true };
	struct seen a = { 0 };
	finished = 0;
	ck_assert_int_gt(http_start(c, &req, on_done, &a, &err), 0);
	/* nothing has gone out yet: the header block is traced later */
	ck_assert_int_eq(http_set_token(c, STUB_TOKEN_CHARLES, &err), 0);
	while (http_busy(c)) {
		http_wait(c, NULL, 0, NULL, 100);
		http_run(c);
	}
	ck_assert_int_eq(a.calls, 1);
	ck_assert_int_eq(a.status, 200); /* sent with the old token */
	http_client_free(c);

	char *t = tu_read_file(trace, NULL);
	ck_assert_ptr_nonnull(t);
	ck_assert_msg(!strstr(t, STUB_TOKEN_ADA), "old token in the trace:\n%s", t);
	ck_assert_uint_eq(count(t, "Authorization: Bearer ****-ada"), 1);
	free(t);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_two_concurrent_and_extra_fd)
{
	struct http_client *c = client(NULL, 0, 0);
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);
	struct http_request req = { .method = "GET", .url = url, .with_auth = true };
	/* the first request is slow, the second is not */
	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .count = 1,
	                        .delay_ms = 500 };
	stub_fault(st, &f);

	struct seen slow = { 0 }, fast = { 0 };
	finished = 0;
	ck_assert_int_gt(http_start(c, &req, on_done, &slow, &err), 0);
	/* let the slow one reach the stub first */
	for (double t = (clock_now_ms() / 1000.0); (clock_now_ms() / 1000.0) - t < 0.15;) {
		http_wait(c, NULL, 0, NULL, 10);
		http_run(c);
	}
	ck_assert_int_gt(http_start(c, &req, on_done, &fast, &err), 0);

	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	bool fd_seen = false;
	double t0 = (clock_now_ms() / 1000.0);
	while (http_busy(c) && (clock_now_ms() / 1000.0) - t0 < 5) {
		short rev = 0;
		ck_assert_int_eq(http_wait(c, &p[0], 1, &rev, 1000), 0);
		if (rev & POLLIN) {
			char ch;
			ck_assert_int_eq(read(p[0], &ch, 1), 1);
			fd_seen = true;
		}
		http_run(c);
	}
	ck_assert(fd_seen);
	ck_assert_int_eq(slow.calls, 1);
	ck_assert_int_eq(fast.calls, 1);
	ck_assert_int_eq(slow.status, 200);
	ck_assert_int_eq(fast.status, 200);
	ck_assert_int_eq(fast.order, 1);
	ck_assert_int_eq(slow.order, 2);
	close(p[0]);
	close(p[1]);
	http_client_free(c);
}
END_TEST

/* Upload progress as seen by the callback. */
struct progress_seen {
	int calls;
	size_t sent, total;
	enum pf_err_kind kind;
	long status;
};

static void on_progress(void *ud, size_t sent, size_t total)
{
	struct progress_seen *p = ud;
	p->calls++;
	p->sent = sent;
	p->total = total;
}

/* Done callback of the same transfer (same ud). */
static void on_progress_done(void *ud, const struct http_response *res,
                             const struct pf_error *err)
{
	struct progress_seen *p = ud;
	p->kind = err->kind;
	p->status = res ? res->status : 0;
}

START_TEST(test_request_timeout_progress_and_removed_headers)
{
	struct http_client *c = client(NULL, 0, 0);
	struct http_response res;
	struct pf_error err;
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", base);

	/* a per-request timeout beats the client's 30 s */
	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .count = 1,
	                        .delay_ms = 3000 };
	stub_fault(st, &f);
	struct http_request req = { .method = "GET", .url = url,
	                            .timeout_ms = 300 };
	double t0 = (clock_now_ms() / 1000.0);
	http_perform(c, &req, &res, &err);
	ck_assert_int_eq(err.kind, PF_ERR_TIMEOUT);
	ck_assert_double_lt((clock_now_ms() / 1000.0) - t0, 2.0);
	stub_fault_clear(st);

	/* a 2 MiB PUT: progress reaches the whole body; "Name:" lines
	 * remove libcurl's own Accept, Expect and User-Agent */
	size_t n = 2u * 1024 * 1024;
	char *body = malloc(n);
	ck_assert_ptr_nonnull(body);
	memset(body, 'x', n);
	snprintf(url, sizeof(url), "%s/_upload/x", origin);
	const char *const hdrs[] = { "Content-Type: image/png", "Accept:",
	                             "Expect:", "User-Agent:", NULL };
	struct progress_seen seen = { .kind = PF_ERR_USAGE };
	req = (struct http_request){ .method = "PUT", .url = url, .body = body,
	                             .body_len = n, .headers = hdrs,
	                             .progress = on_progress };
	ck_assert_int_gt(http_start(c, &req, on_progress_done, &seen, &err), 0);
	free(body);
	while (http_busy(c)) {
		ck_assert_int_eq(http_wait(c, NULL, 0, NULL, 1000), 0);
		http_run(c);
	}
	ck_assert_int_eq(seen.kind, PF_OK);
	ck_assert_int_eq(seen.status, 403); /* no such upload: still journaled */
	ck_assert_int_gt(seen.calls, 0);
	ck_assert_uint_eq(seen.sent, n);
	ck_assert_uint_eq(seen.total, n);
	struct stub_request *r = stub_journal_get(st, stub_journal_count(st) - 1);
	ck_assert_str_eq(r->method, "PUT");
	ck_assert_uint_eq(r->body_len, n);
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "image/png");
	ck_assert_ptr_null(stub_request_header(r, "Accept"));
	ck_assert_ptr_null(stub_request_header(r, "Expect"));
	ck_assert_ptr_null(stub_request_header(r, "User-Agent"));
	stub_request_free(r);
	http_client_free(c);
}
END_TEST

/* The full path of program in $PATH (caller frees), or NULL. */
static char *find_program(const char *program)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path && *path ? path : "/usr/bin:/bin");
	char *found = NULL, *save = NULL;
	ck_assert_ptr_nonnull(copy);
	for (char *d = strtok_r(copy, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		struct strbuf sb = { 0 };
		ck_assert_int_eq(strbuf_appendf(&sb, "%s/%s", d, program), 0);
		if (access(strbuf_str(&sb), X_OK) == 0)
			found = strbuf_take(&sb);
		strbuf_free(&sb);
	}
	free(copy);
	return found;
}

/* CURLOPT_WRITEFUNCTION that throws the answer away. */
static size_t discard(char *data, size_t size, size_t n, void *ud)
{
	(void)data;
	(void)ud;
	return size * n;
}

/* TLS verification is on: an HTTPS server on 127.0.0.1 whose certificate
 * is self-signed (made here, trusted by no one) is refused in the
 * handshake, before a request byte reaches it, even as the API's own
 * origin with a valid token. A client that trusts the certificate gets
 * through to the same server, so the refusal is the verification's. */
START_TEST(test_tls_self_signed_refused)
{
	if (!stub_tls_supported()) {
		fprintf(stderr, "check_http: SKIPPED test_tls_self_signed_refused: "
		        "this libmicrohttpd was built without TLS "
		        "(MHD_FEATURE_TLS), so no HTTPS server can be started\n");
		return;
	}
	char *openssl = find_program("openssl");
	ck_assert_msg(openssl != NULL, "openssl not found in PATH: install the "
	              "openssl package (tools/dev lists it)");
	char *dir = tu_tempdir();
	char key_path[512], cert_path[512];
	snprintf(key_path, sizeof(key_path), "%s/key.pem", dir);
	snprintf(cert_path, sizeof(cert_path), "%s/cert.pem", dir);
	const char *const argv[] = {
		openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
		"ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
		"-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
		"-keyout", key_path, "-out", cert_path, NULL,
	};
	struct tu_result run;
	ck_assert_int_eq(tu_run(argv, NULL, NULL, 20000, &run), 0);
	ck_assert_msg(run.exit_code == 0, "openssl req failed (%d): %s",
	              run.exit_code, run.err);
	tu_result_free(&run);
	char *key = tu_read_file(key_path, NULL);
	char *cert = tu_read_file(cert_path, NULL);
	ck_assert_ptr_nonnull(key);
	ck_assert_ptr_nonnull(cert);

	struct stub_opts so = { .quiet = true, .tls_cert_pem = cert,
	                        .tls_key_pem = key };
	struct stub *ts = stub_start(&so);
	ck_assert_ptr_nonnull(ts);
	const char *tls_base = stub_base_url(ts);
	ck_assert_msg(!strncmp(tls_base, "https://127.0.0.1:", 18), "%s", tls_base);
	char url[256];
	snprintf(url, sizeof(url), "%s/users/me", tls_base);

	/* profed's client, the server as the API: refused, nothing answered */
	struct http_client_opts o = { .api_base_url = tls_base,
	                              .token = STUB_TOKEN_ADA,
	                              .total_timeout_ms = 10000 };
	struct pf_error err;
	struct http_client *c = http_client_new(&o, &err);
	ck_assert_ptr_nonnull(c);
	struct http_response res;
	ck_assert_int_eq(get(c, url, true, &res, &err), PF_ERR_TRANSPORT);
	ck_assert_str_eq(err.host, "127.0.0.1");
	ck_assert_msg(strstr(err.message, "certificate"), "%s", err.message);
	ck_assert_ptr_null(res.body);
	ck_assert_int_eq(res.status, 0);
	http_client_free(c);
	ck_assert_uint_eq(stub_journal_count(ts), 0);

	/* control: trusting exactly this certificate, the same request is
	 * answered (401: no token), and journaled */
	CURL *e = curl_easy_init();
	ck_assert_ptr_nonnull(e);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CAINFO, cert_path);
	curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 10000L);
	CURLcode rc = curl_easy_perform(e);
	ck_assert_msg(rc == CURLE_OK, "control request: %s",
	              curl_easy_strerror(rc));
	long status = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	ck_assert_int_eq(status, 401);
	curl_easy_cleanup(e);
	ck_assert_uint_eq(stub_journal_count(ts), 1);

	stub_stop(ts);
	free(key);
	free(cert);
	free(openssl);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("http");
	TCase *unit = tcase_create("unit");
	tcase_add_test(unit, test_hostile_input);
	tcase_add_test(unit, test_escape_and_redact);
	tcase_add_test(unit, test_retry_after_parse);
	suite_add_tcase(s, unit);
	TCase *tc = tcase_create("stub");
	tcase_set_timeout(tc, 20);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unreachable_port);
	tcase_add_test(tc, test_get_and_statuses);
	tcase_add_test(tc, test_patch_body);
	tcase_add_test(tc, test_connection_reused);
	tcase_add_test(tc, test_authorization_only_to_api_origin);
	tcase_add_test(tc, test_body_over_cap);
	tcase_add_test(tc, test_timeout_reset_truncate);
	tcase_add_test(tc, test_trace_redacted);
	tcase_add_test(tc, test_url_policy);
	tcase_add_test(tc, test_picture_fetch_policy);
	tcase_add_test(tc, test_trace_file_safety);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_trace_redacts_token_of_transfer);
	tcase_add_test(tc, test_two_concurrent_and_extra_fd);
	tcase_add_test(tc, test_request_timeout_progress_and_removed_headers);
	suite_add_tcase(s, tc);
	TCase *tls = tcase_create("tls");
	tcase_set_timeout(tls, 30);
	tcase_add_test(tls, test_tls_self_signed_refused);
	suite_add_tcase(s, tls);
	return tu_run_suite(s);
}
