/* check_hostile.c - resilience against the stub's faults and hostile
 * answers: the retry policy (asserted on the journal), the PATCH safety
 * rule and the re-read after an unsure PATCH, and answers that are
 * truncated, wrongly typed, huge, not UTF-8, full of escape sequences,
 * HTML, slow, or cut off. Through the api (with short, jitter-free waits)
 * and through the real profed binary (command mode, default policy). */
#include <check.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "api.h"
#include "config.h"
#include "error.h"
#include "http.h"
#include "stub.h"
#include "testutil.h"
#include "text.h"
#include "user.h"

static struct stub *st;
static struct config cfg;
static char *home;
static struct tu_result res;

static void setup(void)
{
	struct stub_opts o = { .quiet = true };
	st = stub_start(&o);
	ck_assert_ptr_nonnull(st);
	stub_client_config(st, &cfg);
	cfg.retries = 2;
	home = tu_tempdir();
	memset(&res, 0, sizeof(res));
}

static void teardown(void)
{
	tu_result_free(&res);
	stub_stop(st);
	tu_rmtree(home);
	free(home);
}

/* An api on cfg with `retries` repeats and short, exact backoffs
 * (base_ms doubling, no jitter). The test frees it. */
static struct api *new_api(int retries, long base_ms)
{
	struct pf_error err;
	struct api *a = api_new(&cfg, &err);
	ck_assert_msg(a != NULL, "%s", err.message);
	struct api_retry_policy p = { .retries = retries, .base_ms = base_ms,
	                              .max_ms = 8000, .max_wait_s = 120,
	                              .jitter = false };
	api_set_retry_policy(a, &p);
	return a;
}

/* How many journal entries have this method; statuses (when not NULL)
 * receives their statuses in order (at most 16). */
static size_t count(const char *method, int *statuses)
{
	size_t n = 0, total = stub_journal_count(st);
	for (size_t i = 0; i < total; i++) {
		struct stub_request *r = stub_journal_get(st, i);
		if (!strcmp(r->method, method)) {
			if (statuses && n < 16)
				statuses[n] = r->status;
			n++;
		}
		stub_request_free(r);
	}
	return n;
}

/* The stored ada as the stub holds it now; caller frees. */
static struct user *stored_ada(void)
{
	char *json = stub_get_user(st, STUB_ADA_ID);
	ck_assert_ptr_nonnull(json);
	struct pf_error err;
	struct user *u = user_parse(json, strlen(json), &err);
	free(json);
	ck_assert_ptr_nonnull(u);
	return u;
}

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
}

/* Run the loop until op waits to repeat its request (or ends). */
static bool run_until_waiting(struct api *a, long op, struct seen *s)
{
	double deadline = (clock_now_ms() / 1000.0) + 10;
	while (!s->calls && (clock_now_ms() / 1000.0) < deadline) {
		if (api_waiting(a, op, NULL, NULL))
			return true;
		api_wait(a, NULL, 0, NULL, 100);
		api_run(a);
	}
	return false;
}

/* ---- retries of GET */

START_TEST(test_get_500_500_200)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 500, .count = 2 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	ck_assert_str_eq(u->id, STUB_ADA_ID);
	user_free(u);
	int s[16];
	ck_assert_uint_eq(count("GET", s), 3);
	ck_assert_int_eq(s[0], 500);
	ck_assert_int_eq(s[1], 500);
	ck_assert_int_eq(s[2], 200);
	api_free(a);
}
END_TEST

START_TEST(test_get_500_exhausts_retries)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 500, .count = 3 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), -1);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(err.status, 500);
	ck_assert_int_eq(err.landed, PF_LANDED_NA); /* a GET changes nothing */
	ck_assert_uint_eq(count("GET", NULL), 3);
	api_free(a);

	/* retries 0: one request only; 4xx is never repeated */
	stub_journal_clear(st);
	a = new_api(0, 20);
	f.count = 1;
	stub_fault(st, &f);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), -1);
	ck_assert_uint_eq(count("GET", NULL), 1);
	api_free(a);
	stub_journal_clear(st);
	a = new_api(2, 20);
	ck_assert_int_eq(api_user_get_sync(a, "no-such-user", &u, &err), -1);
	ck_assert_int_eq(err.status, 404);
	ck_assert_uint_eq(count("GET", NULL), 1);
	api_free(a);
}
END_TEST

START_TEST(test_get_408_502_504_and_transport_retried)
{
	static const int statuses[] = { 408, 502, 504 };
	for (size_t i = 0; i < 3; i++) {
		stub_journal_clear(st);
		struct api *a = new_api(1, 10);
		struct stub_fault f = { .kind = STUB_FAULT_STATUS,
		                        .status = statuses[i], .count = 1 };
		stub_fault(st, &f);
		struct user *u = NULL;
		struct pf_error err;
		ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
		user_free(u);
		ck_assert_uint_eq(count("GET", NULL), 2);
		api_free(a);
	}
	/* a truncated answer (transport error) is retried too */
	stub_journal_clear(st);
	struct api *a = new_api(1, 10);
	struct stub_fault f = { .kind = STUB_FAULT_TRUNCATE, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	user_free(u);
	ck_assert_uint_eq(count("GET", NULL), 2);
	api_free(a);
}
END_TEST

START_TEST(test_backoff_doubles_and_wait_honours_it)
{
	/* 300 ms then 600 ms, no jitter: at least 0.9 s in all. The loop
	 * asks api_wait for 10 s each turn: it must wake for the retries. */
	struct api *a = new_api(2, 300);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 503, .count = 2 };
	stub_fault(st, &f);
	struct seen s = { 0 };
	struct pf_error err;
	double t0 = (clock_now_ms() / 1000.0);
	ck_assert_int_gt(api_user_get(a, "me", on_user, &s, &err), 0);
	while (api_busy(a)) {
		ck_assert_int_eq(api_wait(a, NULL, 0, NULL, 10000), 0);
		api_run(a);
	}
	double took = (clock_now_ms() / 1000.0) - t0;
	ck_assert_int_eq(s.err.kind, PF_OK);
	ck_assert_msg(took >= 0.85 && took < 5.0, "took %.2f s", took);
	user_free(s.user);
	ck_assert_uint_eq(count("GET", NULL), 3);
	api_free(a);
}
END_TEST

START_TEST(test_jitter_bounds_and_seed)
{
	/* jittered: the first wait is between half and all of base_ms, and
	 * two clients with the same seed wait the same */
	long waits[2];
	for (int i = 0; i < 2; i++) {
		struct pf_error err;
		struct api *a = api_new(&cfg, &err);
		struct api_retry_policy p = { .retries = 1, .base_ms = 4000,
		                              .max_ms = 8000, .max_wait_s = 120,
		                              .jitter = true, .seed = 12345 };
		api_set_retry_policy(a, &p);
		struct api_retry_policy got;
		api_get_retry_policy(a, &got);
		ck_assert_int_eq(got.retries, 1);
		struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 500, .count = 1 };
		stub_fault(st, &f);
		struct seen s = { 0 };
		long id = api_user_get(a, "me", on_user, &s, &err);
		ck_assert(run_until_waiting(a, id, &s));
		waits[i] = api_next_wakeup_ms(a);
		ck_assert_msg(waits[i] >= 1900 && waits[i] <= 4000, "wait %ld", waits[i]);
		api_cancel(a, id);
		ck_assert_int_eq(s.calls, 1);
		api_free(a);
	}
	ck_assert_msg(labs(waits[0] - waits[1]) < 300, "%ld vs %ld", waits[0], waits[1]);
}
END_TEST

START_TEST(test_429_waits_retry_after)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_RATE_LIMIT, .seconds = 1,
	                        .retry_after_header = true, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	double t0 = (clock_now_ms() / 1000.0);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	double took = (clock_now_ms() / 1000.0) - t0;
	ck_assert_msg(took >= 0.9, "waited only %.2f s", took);
	user_free(u);
	int s[16];
	ck_assert_uint_eq(count("GET", s), 2);
	ck_assert_int_eq(s[0], 429);
	ck_assert_int_eq(s[1], 200);

	/* without the header: the seconds of "Try again in N seconds." */
	stub_journal_clear(st);
	f.retry_after_header = false;
	stub_fault(st, &f);
	t0 = (clock_now_ms() / 1000.0);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	took = (clock_now_ms() / 1000.0) - t0;
	ck_assert_msg(took >= 0.9, "waited only %.2f s", took);
	user_free(u);
	ck_assert_uint_eq(count("GET", NULL), 2);

	/* a wait longer than max_wait_s is not taken: the 429 is reported */
	stub_journal_clear(st);
	f.seconds = 500;
	stub_fault(st, &f);
	t0 = (clock_now_ms() / 1000.0);
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), -1);
	ck_assert_int_eq(err.status, 429);
	ck_assert_int_eq(err.retry_after_s, 500);
	ck_assert((clock_now_ms() / 1000.0) - t0 < 5);
	ck_assert_uint_eq(count("GET", NULL), 1);
	api_free(a);
}
END_TEST

START_TEST(test_countdown_then_cancel)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_RATE_LIMIT, .seconds = 3,
	                        .retry_after_header = true, .count = 1 };
	stub_fault(st, &f);
	struct seen s = { 0 };
	struct pf_error err;
	long id = api_user_get(a, "me", on_user, &s, &err);
	ck_assert(!api_waiting(a, id, NULL, NULL)); /* in flight, not waiting */
	ck_assert(run_until_waiting(a, id, &s));
	int left = -1;
	const char *why = NULL;
	ck_assert(api_waiting(a, id, &left, &why));
	ck_assert_msg(left >= 2 && left <= 3, "left %d", left);
	ck_assert_ptr_nonnull(strstr(why, "429"));
	ck_assert(api_waiting(a, 0, &left, NULL)); /* any operation */
	ck_assert(!api_waiting(a, id + 1, NULL, NULL));
	ck_assert(api_busy(a));
	ck_assert_int_gt(api_next_wakeup_ms(a), 1000);

	/* Esc: the callback runs at once, nothing more is sent */
	api_cancel(a, id);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(s.err.kind, PF_ERR_CANCELLED);
	ck_assert_str_eq(s.err.what, "load user me");
	ck_assert(!api_busy(a));
	ck_assert(!api_waiting(a, 0, NULL, NULL));
	ck_assert_int_eq(api_next_wakeup_ms(a), -1);
	api_run(a);
	ck_assert_uint_eq(count("GET", NULL), 1);

	/* api_free also ends a waiting operation through its callback */
	struct seen s2 = { 0 };
	stub_fault(st, &f);
	id = api_user_get(a, "me", on_user, &s2, &err);
	ck_assert(run_until_waiting(a, id, &s2));
	api_free(a);
	ck_assert_int_eq(s2.calls, 1);
	ck_assert_int_eq(s2.err.kind, PF_ERR_CANCELLED);
}
END_TEST

/* ---- PATCH: repeated only when surely not applied; re-read otherwise */

START_TEST(test_patch_503_and_429_repeated)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 503, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada R\"}", &u, &err), 0);
	ck_assert_str_eq(u->name, "Ada R");
	ck_assert_int_eq(err.landed, PF_LANDED_NA);
	user_free(u);
	int s[16];
	ck_assert_uint_eq(count("PATCH", s), 2);
	ck_assert_int_eq(s[0], 503);
	ck_assert_int_eq(s[1], 200);
	ck_assert_uint_eq(count("GET", NULL), 0);

	stub_journal_clear(st);
	f = (struct stub_fault){ .kind = STUB_FAULT_RATE_LIMIT, .seconds = 1,
	                         .retry_after_header = true, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada S\"}", &u, &err), 0);
	user_free(u);
	ck_assert_uint_eq(count("PATCH", NULL), 2);

	/* 503 every time: given up, and surely not saved */
	stub_journal_clear(st);
	f = (struct stub_fault){ .kind = STUB_FAULT_STATUS, .status = 503, .count = 3 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada T\"}", &u, &err), -1);
	ck_assert_int_eq(err.status, 503);
	ck_assert_int_eq(err.landed, PF_LANDED_NO);
	char sentence[1024];
	ck_assert_ptr_nonnull(strstr(pf_error_sentence(&err, sentence, sizeof(sentence)),
	                             "your change was not saved"));
	ck_assert_uint_eq(count("PATCH", NULL), 3);
	ck_assert_uint_eq(count("GET", NULL), 0);
	api_free(a);
}
END_TEST

START_TEST(test_patch_500_reread_not_landed)
{
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 500, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada U\"}", &u, &err), -1);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(err.kind, PF_ERR_HTTP);
	ck_assert_int_eq(err.status, 500);
	ck_assert_int_eq(err.landed, PF_LANDED_NO);
	ck_assert_str_eq(err.what, "save your profile");
	ck_assert_uint_eq(stub_journal_count(st), 2);
	struct stub_request *r = stub_journal_get(st, 0);
	ck_assert_str_eq(r->method, "PATCH");
	stub_request_free(r);
	r = stub_journal_get(st, 1);
	ck_assert_str_eq(r->method, "GET"); /* the re-read, same URL */
	ck_assert_str_eq(r->path, "/api/v1/users/me");
	ck_assert_str_eq(stub_request_header(r, "Authorization"), "Bearer " STUB_TOKEN_ADA);
	stub_request_free(r);
	char sentence[1024];
	pf_error_sentence(&err, sentence, sizeof(sentence));
	ck_assert_msg(strstr(sentence, "Could not save your profile: the server failed "
	                     "(HTTP 500: Something went wrong); your change was not "
	                     "saved. Try again later.") != NULL, "%s", sentence);
	user_free(u = stored_ada());
	api_free(a);
}
END_TEST

START_TEST(test_patch_truncated_answer_landed)
{
	/* the stub applies the change and loses the answer */
	struct api *a = new_api(2, 20);
	struct stub_fault f = { .kind = STUB_FAULT_TRUNCATE, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, "me",
	                 "{\"name\":\"Ada V\",\"bio\":\"two\\nlines\"}", &u, &err), 0);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->name, "Ada V");
	ck_assert_str_eq(u->bio, "two\nlines");
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_int_eq(err.landed, PF_LANDED_YES);
	user_free(u);
	ck_assert_uint_eq(count("PATCH", NULL), 1);
	ck_assert_uint_eq(count("GET", NULL), 1);
	char sentence[1024];
	pf_error_sentence(&err, sentence, sizeof(sentence));
	ck_assert_msg(strstr(sentence, "The answer to save your profile was lost (") &&
	              strstr(sentence, "but the server has your change after all."),
	              "%s", sentence);
	api_free(a);
}
END_TEST

START_TEST(test_patch_reset_not_resent)
{
	/* A PATCH on a new connection that the server resets: profed must not
	 * repeat it (it may have landed), and the re-read says it did not. */
	struct api *a = new_api(2, 20);
	struct user *u = NULL;
	struct pf_error err;
	struct stub_fault f = { .kind = STUB_FAULT_RESET, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada W\"}", &u, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_TRANSPORT);
	ck_assert(!err.not_sent);
	ck_assert_int_eq(err.landed, PF_LANDED_NO);
	ck_assert_str_eq(err.host, "127.0.0.1");
	ck_assert_uint_eq(count("PATCH", NULL), 1);
	ck_assert_uint_eq(count("GET", NULL), 1);
	u = stored_ada();
	ck_assert_str_ne(u->name, "Ada W");
	user_free(u);
	api_free(a);
}
END_TEST

START_TEST(test_read_then_patch_one_connection)
{
	/* The conflict re-read right before a PATCH warms the connection the
	 * PATCH then reuses: a save costs no new connection. */
	struct api *a = new_api(2, 20);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	user_free(u);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada R\"}", &u, &err), 0);
	user_free(u);
	struct http_stats stats;
	http_get_stats(api_http(a), &stats);
	ck_assert_uint_eq(stats.transfers, 2);
	ck_assert_uint_eq(stats.connections, 1);
	api_free(a);
}
END_TEST

START_TEST(test_patch_applied_then_dropped_on_reused_connection)
{
	/* issue 9: the server applies a PATCH that went out on a warm
	 * (reused) connection and drops it without answering. libcurl must not
	 * send it again by itself: exactly one PATCH, then the re-read GET,
	 * and the change is found applied. */
	char trace_path[4096];
	snprintf(trace_path, sizeof(trace_path), "%s/trace", home);
	cfg.trace_file = trace_path;
	struct api *a = new_api(2, 20);
	cfg.trace_file = NULL;
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &err), 0);
	user_free(u);
	stub_journal_clear(st);
	struct stub_fault f = { .kind = STUB_FAULT_APPLY_DROP, .count = 1 };
	stub_fault(st, &f);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada D\"}", &u, &err), 0);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->name, "Ada D");
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_int_eq(err.landed, PF_LANDED_YES);
	user_free(u);
	int st_codes[16];
	ck_assert_uint_eq(count("PATCH", st_codes), 1);
	ck_assert_int_eq(st_codes[0], 0);
	ck_assert_uint_eq(count("GET", NULL), 1);
	ck_assert_uint_eq(stub_journal_count(st), 2);
	struct stub_request *r0 = stub_journal_get(st, 0), *r1 = stub_journal_get(st, 1);
	ck_assert_str_eq(r0->method, "PATCH");
	ck_assert_str_eq(r1->method, "GET");
	stub_request_free(r0);
	stub_request_free(r1);
	api_free(a);
	char *trace = tu_read_file(trace_path, NULL);
	ck_assert_ptr_nonnull(trace);
	/* libcurl 7.88 still says "Connection died, retrying a fresh
	 * connect" (its decision, taken before it rewinds the body); the
	 * rewind is refused, so the PATCH goes out once and only once */
	size_t patches = 0;
	for (const char *p = trace; (p = strstr(p, "> PATCH ")); p++)
		patches++;
	ck_assert_msg(patches == 1, "%s", trace);
	const char *died = strstr(trace, "retrying a fresh connect");
	if (died)
		ck_assert_msg(strstr(died, "seek callback returned error") &&
		              !strstr(died, "> PATCH "), "%s", trace);
	free(trace);
	unlink(trace_path);
}
END_TEST

START_TEST(test_patch_reread_fails_unknown)
{
	struct api *a = new_api(0, 20);
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 502, .count = 2 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"name\":\"Ada X\"}", &u, &err), -1);
	ck_assert_int_eq(err.status, 502);
	ck_assert_int_eq(err.landed, PF_LANDED_UNKNOWN);
	char sentence[1024];
	ck_assert_ptr_nonnull(strstr(pf_error_sentence(&err, sentence, sizeof(sentence)),
	                             "whether your change was saved is not known"));
	ck_assert_uint_eq(count("PATCH", NULL), 1);
	ck_assert_uint_eq(count("GET", NULL), 1);

	/* 4xx: refused, neither repeated nor re-read */
	stub_journal_clear(st);
	ck_assert_int_eq(api_user_update_sync(a, "me", "{\"username\":\"charles-b\"}",
	                                      &u, &err), -1);
	ck_assert_int_eq(err.status, 422);
	ck_assert_int_eq(err.landed, PF_LANDED_NO);
	ck_assert_uint_eq(stub_journal_count(st), 1);
	api_free(a);
}
END_TEST

START_TEST(test_patch_cancelled)
{
	struct api *a = new_api(2, 20);
	struct pf_error err;
	/* in flight: it may have arrived */
	struct stub_fault f = { .kind = STUB_FAULT_DELAY, .delay_ms = 3000, .count = 1 };
	stub_fault(st, &f);
	struct seen s = { 0 };
	long id = api_user_update(a, "me", "{\"name\":\"Ada Y\"}", on_user, &s, &err);
	api_wait(a, NULL, 0, NULL, 50);
	api_run(a);
	api_cancel(a, id);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(s.err.kind, PF_ERR_CANCELLED);
	ck_assert_int_eq(s.err.landed, PF_LANDED_UNKNOWN);

	/* waiting to repeat after a 429: surely not applied */
	f = (struct stub_fault){ .kind = STUB_FAULT_RATE_LIMIT, .seconds = 5, .count = 1 };
	stub_fault(st, &f);
	struct seen s2 = { 0 };
	id = api_user_update(a, "me", "{\"name\":\"Ada Z\"}", on_user, &s2, &err);
	ck_assert(run_until_waiting(a, id, &s2));
	api_cancel(a, id);
	ck_assert_int_eq(s2.err.kind, PF_ERR_CANCELLED);
	ck_assert_int_eq(s2.err.landed, PF_LANDED_NO);
	api_free(a);
}
END_TEST

/* A loopback port nobody listens on: connection refused. */
static void closed_port_url(char *url, size_t n)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET,
	                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	snprintf(url, n, "http://127.0.0.1:%u/api/v1", ntohs(sa.sin_port));
}

START_TEST(test_patch_refused_repeated)
{
	char url[64];
	closed_port_url(url, sizeof(url));
	cfg.base_url = url;
	struct api *a = new_api(1, 20);
	struct seen s = { 0 };
	struct pf_error err;
	long id = api_user_update(a, "me", "{\"name\":\"Ada\"}", on_user, &s, &err);
	ck_assert(run_until_waiting(a, id, &s)); /* refused: it will repeat */
	const char *why = NULL;
	ck_assert(api_waiting(a, id, NULL, &why));
	ck_assert_ptr_nonnull(strstr(why, "could not connect to 127.0.0.1"));
	while (api_busy(a)) {
		api_wait(a, NULL, 0, NULL, 1000);
		api_run(a);
	}
	ck_assert_int_eq(s.err.kind, PF_ERR_TRANSPORT);
	ck_assert(s.err.not_sent);
	ck_assert_int_eq(s.err.landed, PF_LANDED_NO);
	char sentence[1024];
	pf_error_sentence(&s.err, sentence, sizeof(sentence));
	ck_assert_ptr_nonnull(strstr(sentence, "127.0.0.1"));
	ck_assert_ptr_nonnull(strstr(sentence, "base URL"));
	api_free(a);
}
END_TEST

/* ---- hostile answers through the api */

/* GET me with the body fault (status, body, type); returns the error. */
static struct pf_error get_with_body(long status, const char *body,
                                     const char *type, struct user **out)
{
	struct api *a = new_api(2, 10);
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .status = (int)status,
	                        .body = body, .content_type = type, .count = 1 };
	stub_fault(st, &f);
	struct user *u = NULL;
	struct pf_error err;
	api_user_get_sync(a, "me", &u, &err);
	api_free(a);
	if (out)
		*out = u;
	else
		user_free(u);
	return err;
}

START_TEST(test_truncated_and_wrong_json)
{
	struct pf_error e = get_with_body(200, "{\"id\":\"user_Demo0000000001\",\"name\":\"A",
	                                  NULL, NULL);
	ck_assert_int_eq(e.kind, PF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.message, "not valid JSON"));
	ck_assert_uint_eq(count("GET", NULL), 1); /* a 2xx is not repeated */

	/* every field of the wrong type: absent, not a crash */
	struct user *u = NULL;
	e = get_with_body(200, "{\"id\":\"user_Demo0000000001\",\"username\":5,"
	                  "\"name\":[\"x\"],\"bio\":{},\"created_at\":true,"
	                  "\"profile_picture\":\"str\",\"balances\":\"x\","
	                  "\"total_usd\":[],\"verification\":7,\"balance\":3}",
	                  NULL, &u);
	ck_assert_int_eq(e.kind, PF_OK);
	ck_assert_ptr_null(u->username);
	ck_assert_ptr_null(u->name);
	ck_assert_ptr_null(u->bio);
	ck_assert_ptr_null(u->picture_url);
	ck_assert_ptr_null(u->total_usd);
	user_free(u);
	e = get_with_body(200, "{\"id\":42}", NULL, NULL);
	ck_assert_int_eq(e.kind, PF_ERR_PARSE);
	e = get_with_body(200, "[{\"id\":\"user_1\"}]", NULL, NULL);
	ck_assert_int_eq(e.kind, PF_ERR_PARSE);
}
END_TEST

START_TEST(test_huge_answer)
{
	size_t n = 10u * 1024u * 1024u;
	char *big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	memcpy(big, "{\"id\":\"user_Demo0000000001\",\"bio\":\"", 35);
	memcpy(big + n - 2, "\"}", 2);
	for (size_t i = 35; i < n - 2; i++)
		big[i] = 'x';
	big[n] = '\0';
	struct pf_error e = get_with_body(200, big, NULL, NULL);
	free(big);
	ck_assert_int_eq(e.kind, PF_ERR_TOO_LARGE);
	char sentence[1024];
	pf_error_sentence(&e, sentence, sizeof(sentence));
	ck_assert_msg(strstr(sentence, "Could not load user me: the answer was too large") &&
	              strstr(sentence, "bytes"), "%s", sentence);
	ck_assert_uint_eq(count("GET", NULL), 1);
}
END_TEST

START_TEST(test_html_instead_of_json)
{
	struct pf_error e = get_with_body(200, "<!DOCTYPE html><html><body>Sign in"
	                                  "</body></html>", "text/html", NULL);
	ck_assert_int_eq(e.kind, PF_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(e.message, "HTML"));
	/* an HTML error page: the status's reason, retried as a 5xx */
	stub_journal_clear(st);
	struct api *a = new_api(1, 10);
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .status = 502, .count = 2,
	                        .body = "<html><h1>502 Bad Gateway</h1>\x1b[2J</html>",
	                        .content_type = "text/html" };
	stub_fault(st, &f);
	struct user *u = NULL;
	ck_assert_int_eq(api_user_get_sync(a, "me", &u, &e), -1);
	ck_assert_int_eq(e.status, 502);
	ck_assert_str_eq(e.message, "Bad Gateway");
	ck_assert_uint_eq(count("GET", NULL), 2);
	api_free(a);
}
END_TEST

START_TEST(test_invalid_utf8_and_escapes_kept_raw_shown_inert)
{
	struct user *u = NULL;
	struct pf_error e = get_with_body(200, "{\"id\":\"user_Demo0000000001\","
	                                  "\"username\":\"ada\\u001b[31m\","
	                                  "\"name\":\"\xff\xfe\xc0\xaf\","
	                                  "\"bio\":\"\\u009b2J\\u202e\"}", NULL, &u);
	ck_assert_int_eq(e.kind, PF_OK);
	ck_assert_str_eq(u->name, "\xff\xfe\xc0\xaf"); /* raw in the model */
	char *shown = text_sanitize(u->name, 0);
	ck_assert(text_utf8_valid(shown, strlen(shown)));
	ck_assert_ptr_null(strchr(shown, '\xff'));
	free(shown);
	shown = text_sanitize(u->username, 0);
	ck_assert_ptr_null(strchr(shown, 0x1b));
	free(shown);
	shown = text_sanitize(u->bio, 0);
	ck_assert_ptr_null(strstr(shown, "\xc2\x9b"));
	ck_assert_ptr_null(strstr(shown, "\xe2\x80\xae"));
	free(shown);
	user_free(u);
}
END_TEST

/* ---- the real binary */

/* Run profed with args (NULL-terminated) as ada. */
static void run_profed(const char *const args[])
{
	const char *argv[32] = { PROFED_BIN };
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	char base[256], h[4096], xdg[4200], state[4200];
	snprintf(base, sizeof(base), "WHOP_BASE_URL=%s", stub_base_url(st));
	snprintf(h, sizeof(h), "HOME=%s", home);
	snprintf(xdg, sizeof(xdg), "XDG_CONFIG_HOME=%s/config", home);
	snprintf(state, sizeof(state), "XDG_STATE_HOME=%s/state", home);
	const char *env[] = { base, "WHOP_API_KEY=" STUB_TOKEN_ADA, h, xdg, state,
	                      "TZ=UTC", "LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL };
	tu_result_free(&res);
	ck_assert_int_eq(tu_run(argv, env, NULL, 30000, &res), 0);
}

#define PROFED(...) run_profed((const char *const[]){ __VA_ARGS__, NULL })

/* Nothing that a terminal would act on, and never the token. */
static void assert_inert(void)
{
	const char *bufs[] = { res.out, res.err };
	size_t lens[] = { res.out_len, res.err_len };
	for (int b = 0; b < 2; b++) {
		const unsigned char *p = (const unsigned char *)bufs[b];
		for (size_t i = 0; i < lens[b]; i++) {
			ck_assert_msg(p[i] != 0x1b && p[i] != 0x07 && p[i] != 0x9b,
			              "control byte 0x%02x at %zu of %s", p[i], i,
			              b ? "stderr" : "stdout");
			if (p[i] == 0xc2 && i + 1 < lens[b])
				ck_assert_msg(p[i + 1] < 0x80 || p[i + 1] > 0x9f,
				              "C1 control at %zu", i);
		}
		ck_assert_ptr_null(strstr(bufs[b], STUB_TOKEN_ADA));
	}
}

START_TEST(test_binary_retries_and_gives_up)
{
	struct stub_fault f = { .kind = STUB_FAULT_STATUS, .status = 500, .count = 1 };
	stub_fault(st, &f);
	PROFED("show");
	ck_assert_msg(res.exit_code == 0, "exit %d: %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "ada-lovelace"));
	ck_assert_uint_eq(count("GET", NULL), 2);

	stub_journal_clear(st);
	stub_fault(st, &f);
	PROFED("--retries", "0", "show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert(tu_contains(res.err, "Something went wrong"));
	ck_assert_uint_eq(count("GET", NULL), 1);
	assert_inert();
}
END_TEST

START_TEST(test_binary_hostile_text_everywhere)
{
	/* ESC, CSI, OSC, BEL, C1 (U+009B, U+0085), bidi override and invalid
	 * UTF-8 in every string field of ada, balances included */
	static const char evil[] = "\\u001b]0;t\\u0007\\u001b[2J\\u009b31m\\u0085\\u202e";
	char json[8192];
	snprintf(json, sizeof(json),
		"{\"id\":\"" STUB_ADA_ID "\",\"username\":\"ada-lovelace\","
		"\"name\":\"N%s\",\"bio\":\"B%s\\nline2\",\"created_at\":\"C%s\","
		"\"profile_picture\":{\"url\":\"https://x/%s\"},"
		"\"total_usd\":\"1%s\","
		"\"verification\":{\"individual\":{\"status\":\"ok%s\"},"
		"\"business\":{\"status\":\"approved\"}},"
		"\"balances\":[{\"symbol\":\"S%s\",\"name\":\"M%s\",\"balance\":\"2%s\","
		"\"value_usd\":\"3%s\",\"price_usd\":1.5,\"icon_url\":\"I%s\","
		"\"breakdown\":{\"avail%s\":\"4%s\"}}]}",
		evil, evil, evil, evil, evil, evil, evil, evil, evil, evil, evil,
		evil, evil);
	ck_assert_int_eq(stub_put_user(st, json), 0);
	PROFED("show");
	ck_assert_msg(res.exit_code == 0, "exit %d: %s", res.exit_code, res.err);
	ck_assert(tu_contains(res.out, "^[]0;t^G^[[2J"));
	assert_inert();
	PROFED("show", "ada-lovelace");
	ck_assert_int_eq(res.exit_code, 0);
	assert_inert();

	/* in error messages too */
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .status = 400, .count = 1,
	                        .body = "{\"error\":{\"code\":\"x\\u001b[1m\","
	                                "\"message\":\"bad \\u009b2J\\u001b]8;;http://evil\\u0007link\"}}" };
	stub_fault(st, &f);
	PROFED("show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_VALIDATION);
	ck_assert(tu_contains(res.err, "bad"));
	assert_inert();
}
END_TEST

START_TEST(test_binary_json_inert)
{
	/* show --json prints the answer as received only when that is
	 * inert: C1 controls (U+009B is CSI to many terminals) and bidi
	 * overrides must not pass either */
	ck_assert_int_eq(stub_put_user(st,
		"{\"id\":\"" STUB_ADA_ID "\",\"username\":\"ada-lovelace\","
		"\"name\":\"N\\u009b2J\\u0085\",\"bio\":\"\\u202eB\"}"), 0);
	PROFED("show", "--json");
	ck_assert_int_eq(res.exit_code, 0);
	assert_inert();
	ck_assert_ptr_null(strstr(res.out, "\xe2\x80\xae"));
}
END_TEST

START_TEST(test_binary_faults_give_clear_messages)
{
	/* truncated JSON */
	struct stub_fault f = { .kind = STUB_FAULT_BODY, .status = 200, .count = 1,
	                        .body = "{\"id\":\"user_Demo0000000001\",\"na" };
	stub_fault(st, &f);
	PROFED("show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert(tu_contains(res.err, "Could not load user me: the server's answer "
	                      "was not usable (the answer is not valid JSON)"));
	assert_inert();

	/* an HTML page */
	f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .status = 200, .count = 1,
	                         .body = "<html>login</html>", .content_type = "text/html" };
	stub_fault(st, &f);
	PROFED("show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert(tu_contains(res.err, "HTML page instead of JSON"));
	assert_inert();

	/* 10 MB */
	size_t n = 10u * 1024u * 1024u;
	char *big = malloc(n + 1);
	memset(big, 'a', n);
	big[0] = '"';
	big[n - 1] = '"';
	big[n] = '\0';
	f = (struct stub_fault){ .kind = STUB_FAULT_BODY, .status = 200, .count = 1,
	                         .body = big };
	stub_fault(st, &f);
	free(big);
	PROFED("show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_OTHER);
	ck_assert(tu_contains(res.err, "the answer was too large"));

	/* a reset connection, every time */
	stub_journal_clear(st);
	f = (struct stub_fault){ .kind = STUB_FAULT_RESET, .count = 0 };
	stub_fault(st, &f);
	PROFED("--retries", "1", "show");
	ck_assert_int_eq(res.exit_code, PF_EXIT_NETWORK);
	ck_assert(tu_contains(res.err, "Could not load user me: could not talk to 127.0.0.1"));
	ck_assert(tu_contains(res.err, "Check the network connection."));
	ck_assert_uint_eq(count("GET", NULL), 2);
	stub_fault_clear(st);

	/* a slow server: the total timeout is not multiplied by retries */
	f = (struct stub_fault){ .kind = STUB_FAULT_DELAY, .delay_ms = 4000, .count = 0 };
	stub_fault(st, &f);
	double t0 = (clock_now_ms() / 1000.0);
	PROFED("--timeout", "1", "show");
	double took = (clock_now_ms() / 1000.0) - t0;
	ck_assert_int_eq(res.exit_code, PF_EXIT_NETWORK);
	ck_assert(tu_contains(res.err, "Could not load user me: no answer in time "
	                      "from 127.0.0.1"));
	ck_assert(tu_contains(res.err, "--timeout"));
	ck_assert_msg(took < 3.5, "took %.1f s", took);
	assert_inert();
}
END_TEST

/* ---- the sentences of resilience (no server) */

START_TEST(test_sentences)
{
	struct pf_error e;
	char s[1024];
	pf_error_clear(&e);
	ck_assert_int_eq(e.landed, PF_LANDED_NA);
	ck_assert(!e.not_sent);
	snprintf(e.what, sizeof(e.what), "load user me");
	e.kind = PF_ERR_TIMEOUT;
	e.not_sent = true;
	snprintf(e.host, sizeof(e.host), "api.whop.com");
	snprintf(e.message, sizeof(e.message), "Connection timed out after 10001 milliseconds");
	ck_assert_str_eq(pf_error_sentence(&e, s, sizeof(s)),
	                 "Could not load user me: could not connect in time to "
	                 "api.whop.com (Connection timed out after 10001 milliseconds). "
	                 "Check the network connection, any proxy setting "
	                 "(https_proxy) and the base URL.");
	e.not_sent = false;
	snprintf(e.message, sizeof(e.message), "Operation timed out after 30000 milliseconds with 0 bytes received");
	ck_assert_str_eq(pf_error_sentence(&e, s, sizeof(s)),
	                 "Could not load user me: no answer in time from api.whop.com "
	                 "(Operation timed out after 30000 milliseconds with 0 bytes "
	                 "received). Check the network, or allow more time with --timeout.");

	/* a PATCH whose fate is unknown, or found applied */
	pf_error_clear(&e);
	snprintf(e.what, sizeof(e.what), "save your profile");
	e.kind = PF_ERR_TRANSPORT;
	snprintf(e.host, sizeof(e.host), "127.0.0.1");
	snprintf(e.message, sizeof(e.message), "Recv failure: Connection reset by peer");
	e.landed = PF_LANDED_UNKNOWN;
	ck_assert_str_eq(pf_error_sentence(&e, s, sizeof(s)),
	                 "Could not save your profile: could not talk to 127.0.0.1 "
	                 "(Recv failure: Connection reset by peer); whether your change "
	                 "was saved is not known: reload before trying again. Check the "
	                 "network connection.");
	e.kind = PF_OK;
	e.landed = PF_LANDED_YES;
	snprintf(e.message, sizeof(e.message), "127.0.0.1: \x1b[2Jreset");
	ck_assert_str_eq(pf_error_sentence(&e, s, sizeof(s)),
	                 "The answer to save your profile was lost (127.0.0.1: ^[[2Jreset), "
	                 "but the server has your change after all.");
	e.landed = PF_LANDED_NA;
	ck_assert_str_eq(pf_error_sentence(&e, s, sizeof(s)), "No error.");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hostile");
	TCase *r = tcase_create("retry");
	tcase_set_timeout(r, 30);
	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_get_500_500_200);
	tcase_add_test(r, test_get_500_exhausts_retries);
	tcase_add_test(r, test_get_408_502_504_and_transport_retried);
	tcase_add_test(r, test_backoff_doubles_and_wait_honours_it);
	tcase_add_test(r, test_jitter_bounds_and_seed);
	tcase_add_test(r, test_429_waits_retry_after);
	tcase_add_test(r, test_countdown_then_cancel);
	tcase_add_test(r, test_patch_503_and_429_repeated);
	tcase_add_test(r, test_patch_500_reread_not_landed);
	tcase_add_test(r, test_patch_truncated_answer_landed);
	tcase_add_test(r, test_patch_applied_then_dropped_on_reused_connection);
	tcase_add_test(r, test_patch_reset_not_resent);
	tcase_add_test(r, test_read_then_patch_one_connection);
	tcase_add_test(r, test_patch_reread_fails_unknown);
	tcase_add_test(r, test_patch_cancelled);
	tcase_add_test(r, test_patch_refused_repeated);
	suite_add_tcase(s, r);
	TCase *h = tcase_create("hostile");
	tcase_set_timeout(h, 60);
	tcase_add_checked_fixture(h, setup, teardown);
	tcase_add_test(h, test_truncated_and_wrong_json);
	tcase_add_test(h, test_huge_answer);
	tcase_add_test(h, test_html_instead_of_json);
	tcase_add_test(h, test_invalid_utf8_and_escapes_kept_raw_shown_inert);
	tcase_add_test(h, test_binary_retries_and_gives_up);
	tcase_add_test(h, test_binary_hostile_text_everywhere);
	tcase_add_test(h, test_binary_json_inert);
	tcase_add_test(h, test_binary_faults_give_clear_messages);
	suite_add_tcase(s, h);
	TCase *w = tcase_create("sentences");
	tcase_add_test(w, test_sentences);
	suite_add_tcase(s, w);
	return tu_run_suite(s);
}
