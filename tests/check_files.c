/* check_files.c - the picture upload (POST /files, PUT to the upload URL,
 * GET /files/{id} until ready) against the in-process stub, asserting the
 * exact requests in its journal; then `profed set --picture` end to end
 * (the real binary), up to the PATCH that carries the file id. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "api.h"
#include "config.h"
#include "files.h"
#include "http.h"
#include "image.h"
#include "stub.h"
#include "testutil.h"

static struct stub *st;
static struct config cfg;
static struct api *api;
static struct files *fl;
static char *dir;
static char path[4096];
static struct image_info img;

static const char png_head[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/* Write dir/name: a PNG header then pad bytes; path receives it. */
static void write_png(const char *name, size_t pad)
{
	size_t n = sizeof(png_head) - 1 + pad;
	char *buf = calloc(1, n);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, png_head, sizeof(png_head) - 1);
	for (size_t i = sizeof(png_head) - 1; i < n; i++)
		buf[i] = (char)(i * 7);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(tu_write_file(path, buf, n, 0600), 0);
	free(buf);
}

/* An uploader with limits (poll_first, poll_max, ready_timeout ms). */
static void new_files(long first, long max, long timeout)
{
	struct pf_error err;
	struct files_limits lim = { first, max, timeout };
	files_free(fl);
	fl = files_new(api, &lim, &err);
	ck_assert_msg(fl != NULL, "%s", err.message);
}

static void setup(void)
{
	struct stub_opts o = { .quiet = true };
	struct pf_error err;
	st = stub_start(&o);
	ck_assert_ptr_nonnull(st);
	stub_client_config(st, &cfg);
	cfg.max_picture_mb = 10;
	api = api_new(&cfg, &err);
	ck_assert_msg(api != NULL, "%s", err.message);
	fl = NULL;
	new_files(10, 40, 5000);
	dir = tu_tempdir();
	write_png("me.png", 2000);
	ck_assert_int_eq(image_check(path, 0, &img, &err), 0);
}

static void teardown(void)
{
	files_free(fl);
	api_free(api);
	stub_stop(st);
	tu_rmtree(dir);
	free(dir);
}

/* Journal entry i; the test frees it. */
static struct stub_request *journal(size_t i)
{
	struct stub_request *r = stub_journal_get(st, i);
	ck_assert_msg(r != NULL, "no request %zu in the journal (%zu there)", i,
	              stub_journal_count(st));
	return r;
}

/* Assert entry i is method path with the files API's headers. */
static void expect_api(size_t i, const char *method, const char *p)
{
	struct stub_request *r = journal(i);
	ck_assert_str_eq(r->method, method);
	ck_assert_str_eq(r->path, p);
	ck_assert_str_eq(stub_request_header(r, "Authorization"),
	                 "Bearer " STUB_TOKEN_ADA);
	ck_assert_str_eq(stub_request_header(r, "Api-Version-Date"), "2026-08-21-1");
	ck_assert_str_eq(stub_request_header(r, "Accept"), "application/json");
	stub_request_free(r);
}

/* What the callbacks saw. */
struct seen {
	bool done;
	char file_id[64];
	struct pf_error err;
	int phases[3];           /* progress calls per phase */
	size_t last_sent, last_total;
	bool sent_went_back;
	long cancel_in_phase;    /* cancel when this phase is reported; -1 none */
	long id;
};

static void on_progress(void *ud, long id, enum files_phase phase,
                        size_t sent, size_t total)
{
	struct seen *s = ud;
	s->phases[phase]++;
	if (phase == FILES_UPLOADING) {
		if (sent < s->last_sent)
			s->sent_went_back = true;
		s->last_sent = sent;
		s->last_total = total;
	}
	if (s->cancel_in_phase == (long)phase)
		api_cancel(api, id);
}

static void on_done(void *ud, long id, const char *file_id,
                    const struct pf_error *err)
{
	struct seen *s = ud;
	ck_assert(!s->done);
	ck_assert_int_eq(id, s->id);
	s->done = true;
	s->err = *err;
	if (file_id)
		snprintf(s->file_id, sizeof(s->file_id), "%s", file_id);
	else
		ck_assert_int_ne(err->kind, PF_OK);
}

/* Start an upload of path with on_progress/on_done into s. */
static void start(struct seen *s)
{
	struct pf_error err;
	s->id = files_upload_start(fl, path, &img, on_progress, on_done, s, &err);
	ck_assert_msg(s->id > 0, "%s", err.message);
}

/* One turn of an event loop, waiting at most cap ms (api_wait cuts it to
 * the upload's timers: nothing else to ask). */
static void turn(int cap)
{
	ck_assert_int_eq(api_wait(api, NULL, 0, NULL, cap), 0);
	api_run(api);
}

/* Run the loop until s is done (the check timeout bounds it). */
static void run_until_done(struct seen *s)
{
	while (!s->done)
		turn(1000);
}

/* How many entries of the journal are method path. */
static size_t count_of(const char *method, const char *p)
{
	size_t n = 0, total = stub_journal_count(st);
	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = journal(i);
		n += !strcmp(r->method, method) && !strcmp(r->path, p);
		stub_request_free(r);
	}
	return n;
}

START_TEST(test_flow_exact_requests)
{
	struct stub_upload m = { STUB_UPLOAD_READY, 2 };
	struct seen s = { .cancel_in_phase = -1 };
	stub_upload_mode(st, &m);
	start(&s);
	ck_assert(files_busy(fl));
	run_until_done(&s);
	ck_assert_msg(s.err.kind == PF_OK, "%s", s.err.message);
	ck_assert_str_eq(s.file_id, "file_Stub00000001");
	ck_assert(!files_busy(fl));
	ck_assert_int_eq(api_next_wakeup_ms(api), -1);

	/* POST /files, PUT, three GETs (pending, pending, ready): in order */
	ck_assert_uint_eq(stub_journal_count(st), 5);
	expect_api(0, "POST", "/api/v1/files");
	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->body, "{\"filename\":\"me.png\",\"visibility\":\"public\"}");
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "application/json");
	stub_request_free(r);

	r = journal(1);
	ck_assert_str_eq(r->method, "PUT");
	ck_assert_str_eq(r->path, "/_upload/file_Stub00000001");
	ck_assert_int_eq(r->status, 200);
	/* exactly the upload headers; of ours only what HTTP itself needs */
	for (size_t i = 0; i < r->n_headers; i++) {
		const char *n = r->headers[i].name;
		ck_assert_msg(!strcasecmp(n, "Host") ||
		              !strcasecmp(n, "Content-Length") ||
		              !strcasecmp(n, "Content-Type") ||
		              !strcasecmp(n, "x-amz-acl"),
		              "the PUT carried %s", n);
	}
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "image/png");
	ck_assert_str_eq(stub_request_header(r, "x-amz-acl"), "public-read");
	ck_assert_ptr_null(stub_request_header(r, "Authorization"));
	ck_assert_ptr_null(stub_request_header(r, "Api-Version-Date"));
	ck_assert_uint_eq(r->body_len, img.size);
	size_t len = 0;
	char *bytes = tu_read_file(path, &len);
	ck_assert_uint_eq(len, r->body_len);
	ck_assert_int_eq(memcmp(bytes, r->body, len), 0);
	free(bytes);
	stub_request_free(r);

	for (size_t i = 2; i < 5; i++)
		expect_api(i, "GET", "/api/v1/files/file_Stub00000001");

	/* progress: each phase told, bytes up to the whole picture */
	ck_assert_int_ge(s.phases[FILES_CREATING], 1);
	ck_assert_int_ge(s.phases[FILES_UPLOADING], 1);
	ck_assert_int_ge(s.phases[FILES_PROCESSING], 1);
	ck_assert_uint_eq(s.last_sent, img.size);
	ck_assert_uint_eq(s.last_total, img.size);
	ck_assert(!s.sent_went_back);
}
END_TEST

START_TEST(test_poll_interval_grows)
{
	/* never ready: watch the wait between polls while it grows to the cap */
	struct stub_upload m = { STUB_UPLOAD_PENDING, 0 };
	struct seen s = { .cancel_in_phase = -1 };
	long waits[4] = { 0 };
	size_t n = 0;
	new_files(150, 300, 60000);
	stub_upload_mode(st, &m);
	start(&s);
	int prev = 0;
	while (n < 4) {
		turn(1000);
		int t = api_next_wakeup_ms(api);
		if (prev < 0 && t >= 0 && s.phases[FILES_PROCESSING])
			waits[n++] = t; /* a poll just answered: its wait lies ahead */
		prev = t;
	}
	/* 150, 300, 300, 300 ms (a slow machine only shortens what is left) */
	ck_assert_int_le(waits[0], 150);
	ck_assert_int_gt(waits[0], 50);
	for (size_t i = 1; i < 4; i++) {
		ck_assert_int_le(waits[i], 300);
		ck_assert_int_gt(waits[i], 150);
	}
	api_cancel(api, s.id);
	ck_assert(s.done);
}
END_TEST

START_TEST(test_large_picture_progress)
{
	struct seen s = { .cancel_in_phase = -1 };
	struct pf_error err;
	write_png("big.png", 3u * 1024 * 1024);
	ck_assert_int_eq(image_check(path, 0, &img, &err), 0);
	start(&s);
	run_until_done(&s);
	ck_assert_msg(s.err.kind == PF_OK, "%s", s.err.message);
	ck_assert_uint_eq(s.last_sent, img.size);
	ck_assert_uint_eq(s.last_total, img.size);
	ck_assert(!s.sent_went_back);
	struct stub_request *r = journal(1);
	ck_assert_uint_eq(r->body_len, img.size);
	ck_assert_ptr_null(stub_request_header(r, "Expect"));
	stub_request_free(r);
}
END_TEST

START_TEST(test_file_ends_failed)
{
	struct stub_upload m = { STUB_UPLOAD_FAILED, 1 };
	struct seen s = { .cancel_in_phase = -1 };
	stub_upload_mode(st, &m);
	start(&s);
	run_until_done(&s);
	ck_assert_int_eq(s.err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(s.err.message, "could not process"));
	ck_assert_str_eq(s.err.what, "upload the picture me.png");
	char sentence[1024];
	pf_error_sentence(&s.err, sentence, sizeof(sentence));
	ck_assert_ptr_nonnull(strstr(sentence, "Could not upload the picture me.png"));
	ck_assert_uint_eq(count_of("GET", "/api/v1/files/file_Stub00000001"), 2);
}
END_TEST

START_TEST(test_upload_url_expired)
{
	struct stub_upload m = { STUB_UPLOAD_EXPIRED, 0 };
	struct pf_error err;
	char *id = (char *)1;
	stub_upload_mode(st, &m);
	ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id, &err), -1);
	ck_assert_ptr_null(id);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.message, "expired or was refused"));
	ck_assert_ptr_nonnull(strstr(err.message, "HTTP 403, AccessDenied"));
	/* POST and the refused PUT; no poll */
	ck_assert_uint_eq(stub_journal_count(st), 2);
	struct stub_request *r = journal(1);
	ck_assert_str_eq(r->method, "PUT");
	ck_assert_int_eq(r->status, 403);
	stub_request_free(r);
}
END_TEST

START_TEST(test_ready_timeout)
{
	struct stub_upload m = { STUB_UPLOAD_PENDING, 0 };
	struct seen s = { .cancel_in_phase = -1 };
	new_files(20, 40, 300);
	stub_upload_mode(st, &m);
	long long t0 = clock_now_ms();
	start(&s);
	run_until_done(&s);
	long long ms = clock_now_ms() - t0;
	ck_assert_int_eq(s.err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(s.err.message, "did not finish the picture "
	                                             "within 300 ms"));
	ck_assert_int_ge(ms, 300);
	ck_assert_uint_ge(count_of("GET", "/api/v1/files/file_Stub00000001"), 3);
	ck_assert(!files_busy(fl));
}
END_TEST

START_TEST(test_cancel_while_polling)
{
	struct stub_upload m = { STUB_UPLOAD_PENDING, 0 };
	struct seen s = { .cancel_in_phase = -1 };
	new_files(50, 100, 60000);
	stub_upload_mode(st, &m);
	start(&s);
	while (count_of("GET", "/api/v1/files/file_Stub00000001") < 2)
		turn(1000);
	ck_assert(!s.done);
	api_cancel(api, s.id);
	ck_assert(s.done);
	ck_assert_int_eq(s.err.kind, PF_ERR_CANCELLED);
	/* nothing left that could send another request */
	ck_assert(!files_busy(fl));
	ck_assert_int_eq(api_next_wakeup_ms(api), -1);
	ck_assert_uint_eq(http_busy(api_http(api)), 0);
	api_cancel(api, s.id); /* unknown now: ignored */
}
END_TEST

START_TEST(test_cancel_while_uploading)
{
	struct seen s = { .cancel_in_phase = FILES_UPLOADING };
	start(&s);
	run_until_done(&s);
	ck_assert_int_eq(s.err.kind, PF_ERR_CANCELLED);
	ck_assert_uint_eq(count_of("GET", "/api/v1/files/file_Stub00000001"), 0);
	ck_assert(!files_busy(fl));
	/* and files_free cancels what is still running */
	struct seen t = { .cancel_in_phase = -1 };
	start(&t);
	files_free(fl);
	fl = NULL;
	ck_assert(t.done);
	ck_assert_int_eq(t.err.kind, PF_ERR_CANCELLED);
}
END_TEST

START_TEST(test_changed_since_checked)
{
	struct pf_error err;
	char *id = NULL;
	/* grown, replaced by text, removed: refused before any request */
	write_png("me.png", 2001);
	ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_ptr_nonnull(strstr(err.message, "changed since it was checked"));
	ck_assert_int_eq(tu_write_file(path, "just text", (size_t)-1, 0600), 0);
	ck_assert_int_eq(files_upload_start(fl, path, &img, NULL, on_done, NULL,
	                                    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "not a PNG"));
	snprintf(path, sizeof(path), "%s/gone.png", dir);
	ck_assert_int_eq(files_upload_start(fl, path, &img, NULL, on_done, NULL,
	                                    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "does not exist"));
	ck_assert_uint_eq(stub_journal_count(st), 0);
	ck_assert_int_eq(files_upload_start(NULL, path, &img, NULL, on_done, NULL,
	                                    &err), -1);
	ck_assert_int_eq(files_upload_start(fl, path, NULL, NULL, on_done, NULL,
	                                    &err), -1);
	ck_assert_ptr_null(files_new(NULL, NULL, &err));
	files_free(NULL);
	api_cancel(NULL, 1);
	ck_assert(!files_busy(NULL));
	ck_assert_int_eq(api_next_wakeup_ms(NULL), -1);
}
END_TEST

START_TEST(test_hostile_create_answers)
{
	static const char *const bodies[] = {
		"<html>oops</html>",
		"[]",
		"{\"id\":\"file_../../x\",\"upload_url\":\"http://127.0.0.1:1/u\","
		"\"upload_headers\":{}}",
		"{\"id\":\"file_A\",\"upload_url\":\"ftp://127.0.0.1/u\","
		"\"upload_headers\":{}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://me:pw@127.0.0.1/u\","
		"\"upload_headers\":{}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/a b\","
		"\"upload_headers\":{}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\"}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"X-A\":\"a\\r\\nInjected: 1\"}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"Bad Name\":\"x\"}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"Authorization\":\"Bearer x\"}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"host\":\"evil.example\"}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"X-A\":5}}",
		"{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
		"\"upload_headers\":{\"X-A\":\"1\",\"x-a\":\"2\"}}",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1,
		                        .body = bodies[i] };
		struct pf_error err;
		char *id = NULL;
		stub_journal_clear(st);
		stub_fault(st, &f);
		ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id,
		                                   &err), -1);
		ck_assert_msg(err.kind == PF_ERR_PARSE, "body %zu: %d %s", i,
		              err.kind, err.message);
		ck_assert_ptr_nonnull(strstr(err.message, "POST /files"));
		ck_assert_msg(stub_journal_count(st) == 1, "body %zu: a request "
		              "after the POST", i);
	}
	/* 33 headers are too many */
	char many[4096] = "{\"id\":\"file_A\",\"upload_url\":\"http://127.0.0.1/u\","
	                  "\"upload_headers\":{";
	for (int i = 0; i < 33; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
		         "%s\"X-%d\":\"v\"", i ? "," : "", i);
	strcat(many, "}}");
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .count = 1, .body = many };
	struct pf_error err;
	char *id = NULL;
	stub_fault(st, &f);
	ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "too many"));
	/* an API error answer is the server's message */
	f = (struct stub_fault){ .kind = STUB_FAULT_STATUS, .count = 1, .status = 401 };
	stub_fault(st, &f);
	ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(err.status, 401);
	ck_assert_str_eq(err.what, "upload the picture me.png");
	/* ... without the token when the server echoes it: at the POST
	 * (its error) and at a poll (a 404 quoted in our message) */
	f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .count = 1,
		.status = 401, .body = "{\"error\":{\"code\":\"x"
		STUB_TOKEN_ADA "\",\"message\":\"bad key " STUB_TOKEN_ADA "\"}}" };
	stub_fault(st, &f);
	ck_assert_int_eq(files_upload_sync(fl, path, &img, NULL, NULL, &id, &err), -1);
	ck_assert_int_eq(err.status, 401);
	ck_assert_msg(!strstr(err.message, STUB_TOKEN_ADA), "%s", err.message);
	ck_assert_msg(!strstr(err.code, STUB_TOKEN_ADA), "%s", err.code);
	ck_assert_str_eq(err.message, "bad key ****-ada");
}
END_TEST

START_TEST(test_poll_answers)
{
	struct stub_upload m = { STUB_UPLOAD_READY, 1 };
	struct seen s = { .cancel_in_phase = -1 };
	/* a 500 while polling is waited out; the upload still ends ready */
	new_files(30, 60, 10000);
	stub_upload_mode(st, &m);
	start(&s);
	while (count_of("GET", "/api/v1/files/file_Stub00000001") < 1)
		turn(1000);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .count = 1, .status = 500 };
	stub_fault(st, &f);
	run_until_done(&s);
	ck_assert_msg(s.err.kind == PF_OK, "%s", s.err.message);
	ck_assert_uint_eq(count_of("GET", "/api/v1/files/file_Stub00000001"), 3);

	/* an answer about another file, or without a status: refused */
	static const char *const bodies[] = {
		"{\"id\":\"file_Other\",\"upload_status\":\"ready\"}",
		"{\"id\":\"file_Stub00000002\"}",
	};
	for (size_t i = 0; i < 2; i++) {
		struct seen t = { .cancel_in_phase = -1 };
		m = (struct stub_upload){ STUB_UPLOAD_PENDING, 0 };
		stub_upload_mode(st, &m);
		stub_journal_clear(st);
		start(&t);
		while (stub_journal_count(st) < 3) /* POST, PUT, first GET */
			turn(1000);
		f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .count = 1,
		                         .body = bodies[i] };
		stub_fault(st, &f);
		run_until_done(&t);
		ck_assert_msg(t.err.kind == PF_ERR_PARSE, "%zu: %s", i, t.err.message);
	}
	/* a 404 ends it with the server's answer */
	struct seen u = { .cancel_in_phase = -1 };
	stub_journal_clear(st);
	start(&u);
	while (stub_journal_count(st) < 3)
		turn(1000);
	f = (struct stub_fault){ .kind = STUB_FAULT_STATUS, .count = 1, .status = 404 };
	stub_fault(st, &f);
	run_until_done(&u);
	ck_assert_int_eq(u.err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(u.err.message, "no longer knows file "
	                             "file_Stub00000004 (HTTP 404"));
}
END_TEST

/* ---- command mode: the real binary */

static struct tu_result res;

/* Run profed as ada with args (NULL-terminated); the result lands in res. */
static void run_profed(const char *const args[])
{
	const char *argv[32] = { PROFED_BIN };
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	char base[256], home[4200], xdg[4200];
	snprintf(base, sizeof(base), "WHOP_BASE_URL=%s", stub_base_url(st));
	snprintf(home, sizeof(home), "HOME=%s", dir);
	snprintf(xdg, sizeof(xdg), "XDG_CONFIG_HOME=%s/config", dir);
	const char *env[] = { base, "WHOP_API_KEY=" STUB_TOKEN_ADA, home, xdg,
	                      "LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL };
	tu_result_free(&res);
	ck_assert_int_eq(tu_run(argv, env, NULL, 20000, &res), 0);
}

#define PROFED(...) run_profed((const char *const[]){ __VA_ARGS__, NULL })

static void cli_teardown(void)
{
	tu_result_free(&res);
	teardown();
}

START_TEST(test_cli_set_picture)
{
	struct stub_upload m = { STUB_UPLOAD_READY, 1 };
	stub_upload_mode(st, &m);
	PROFED("set", "--picture", path, "--yes");
	ck_assert_msg(res.exit_code == 0, "exit %d: %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "https://media.example.invalid/ada.png  ->  "
	                      "me.png (2 KiB, image/png)"));
	ck_assert(tu_contains(res.out, "Saved."));
	/* GET the user, POST /files, PUT, GET /files/{id} (pending, ready),
	 * then the PATCH with the file id */
	ck_assert_uint_eq(stub_journal_count(st), 6);
	struct stub_request *r = journal(0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	stub_request_free(r);
	expect_api(1, "POST", "/api/v1/files");
	r = journal(2);
	ck_assert_str_eq(r->method, "PUT");
	ck_assert_ptr_null(stub_request_header(r, "Authorization"));
	ck_assert_ptr_null(stub_request_header(r, "Api-Version-Date"));
	ck_assert_str_eq(stub_request_header(r, "Content-Type"), "image/png");
	ck_assert_str_eq(stub_request_header(r, "x-amz-acl"), "public-read");
	stub_request_free(r);
	expect_api(3, "GET", "/api/v1/files/file_Stub00000001");
	expect_api(4, "GET", "/api/v1/files/file_Stub00000001");
	r = journal(5);
	ck_assert_str_eq(r->method, "PATCH");
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(r->body, "{\"profile_picture\":{\"id\":\"file_Stub00000001\"}}");
	ck_assert_int_eq(r->status, 200);
	stub_request_free(r);
	char *stored = stub_get_user(st, STUB_ADA_ID);
	ck_assert(tu_contains(stored, "file_Stub00000001/me.png"));
	free(stored);

	/* the alias, with a file id: no upload at all */
	stub_journal_clear(st);
	PROFED("set", "--picture-id", "file_Stub00000001", "--name", "Ada K", "--yes");
	ck_assert_msg(res.exit_code == 0, "exit %d: %s", res.exit_code, res.err);
	ck_assert_uint_eq(stub_journal_count(st), 2);
	r = journal(1);
	ck_assert_str_eq(r->body, "{\"name\":\"Ada K\",\"profile_picture\":"
	                 "{\"id\":\"file_Stub00000001\"}}");
	stub_request_free(r);
}
END_TEST

START_TEST(test_cli_dry_run_uploads_nothing)
{
	PROFED("set", "--picture", path, "--name", "Ada K", "--dry-run");
	ck_assert_msg(res.exit_code == 0, "exit %d: %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "Would upload the picture"));
	ck_assert(tu_contains(res.out, "{\"name\":\"Ada K\",\"profile_picture\":"
	                      "{\"id\":\"file_\xe2\x80\xa6\"}}"));
	ck_assert_uint_eq(stub_journal_count(st), 1); /* the GET only */
}
END_TEST

START_TEST(test_cli_bad_files_send_nothing)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s/missing.png", dir);
	PROFED("set", "--picture", p, "--name", "Ada K", "--yes");
	ck_assert_int_eq(res.exit_code, 5);
	ck_assert(tu_contains(res.err, "missing.png does not exist"));

	snprintf(p, sizeof(p), "%s/notes.png", dir);
	ck_assert_int_eq(tu_write_file(p, "not an image\n", (size_t)-1, 0600), 0);
	PROFED("set", "--picture", p, "--yes");
	ck_assert_int_eq(res.exit_code, 5);
	ck_assert(tu_contains(res.err, "is not a PNG, JPEG, GIF or WebP image"));

	write_png("big.png", 1024 * 1024 + 512 * 1024);
	PROFED("--max-picture-mb", "1", "set", "--picture", path, "--yes");
	ck_assert_int_eq(res.exit_code, 5);
	ck_assert(tu_contains(res.err, "a picture may be at most 1 MiB"));

	PROFED("set", "--picture", "https://example.com/a.png", "--yes");
	ck_assert_int_eq(res.exit_code, 5);
	ck_assert(tu_contains(res.err, "URL"));
	ck_assert_uint_eq(stub_journal_count(st), 0);
}
END_TEST

START_TEST(test_cli_failed_upload_sends_no_patch)
{
	static const struct stub_upload modes[] = {
		{ STUB_UPLOAD_EXPIRED, 0 }, { STUB_UPLOAD_FAILED, 0 },
	};
	static const char *const says[] = { "expired or was refused",
	                                    "could not process" };
	for (size_t i = 0; i < 2; i++) {
		stub_upload_mode(st, &modes[i]);
		stub_journal_clear(st);
		PROFED("set", "--picture", path, "--name", "Ada K", "--yes");
		ck_assert_int_eq(res.exit_code, 1);
		ck_assert_msg(tu_contains(res.err, says[i]), "%s", res.err);
		ck_assert(tu_contains(res.err, "Nothing was saved"));
		ck_assert_uint_eq(count_of("PATCH", "/api/v1/users/me"), 0);
		char *stored = stub_get_user(st, STUB_ADA_ID);
		ck_assert(tu_contains(stored, "\"Ada Lovelace\""));
		free(stored);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("files");
	TCase *tc = tcase_create("files");
	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_flow_exact_requests);
	tcase_add_test(tc, test_poll_interval_grows);
	tcase_add_test(tc, test_large_picture_progress);
	tcase_add_test(tc, test_file_ends_failed);
	tcase_add_test(tc, test_upload_url_expired);
	tcase_add_test(tc, test_ready_timeout);
	tcase_add_test(tc, test_cancel_while_polling);
	tcase_add_test(tc, test_cancel_while_uploading);
	tcase_add_test(tc, test_changed_since_checked);
	tcase_add_test(tc, test_hostile_create_answers);
	tcase_add_test(tc, test_poll_answers);
	suite_add_tcase(s, tc);
	TCase *cli = tcase_create("cli");
	tcase_set_timeout(cli, 60);
	tcase_add_checked_fixture(cli, setup, cli_teardown);
	tcase_add_test(cli, test_cli_set_picture);
	tcase_add_test(cli, test_cli_dry_run_uploads_nothing);
	tcase_add_test(cli, test_cli_bad_files_send_nothing);
	tcase_add_test(cli, test_cli_failed_upload_sends_no_patch);
	suite_add_tcase(s, cli);
	return tu_run_suite(s);
}
