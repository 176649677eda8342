/* api.c - the users API over http.c; see api.h.
 *
 * Every user operation is a struct api_op: it is started by api_op_start
 * and its transfers end in api_op_answer, the one place that turns an HTTP
 * answer into a User or an error, and that decides what comes next:
 *   - finish (the callback runs, the operation is gone);
 *   - wait and send the same request again (API_WAITING: no transfer in
 *     flight, a due time that api_wait honours and api_run acts on);
 *   - after a PATCH whose fate is unknown, GET the user again
 *     (API_REREAD) and compare it with what was sent.
 * The operation id the caller holds stays the same throughout.
 */
#include "api.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "autoconf.h"
#include "config.h"
#include "edit.h"
#include "http.h"
#include "strbuf.h"
#include "text.h"
#include "user.h"

#define API_LEGACY_VERSION "2025-01-01"
#define API_MESSAGE_MAX_COLS 300
#define API_BACKOFF_BASE_MS 500L
#define API_BACKOFF_MAX_MS 8000L
#define API_MAX_WAIT_S 120

struct api_op;

struct api {
	const struct config *cfg;
	struct http_client *http;
	struct api_op *ops;   /* in flight or waiting */
	long next_op;
	struct api_retry_policy policy;
	unsigned rng;         /* xorshift32 state of the jitter, never 0 */
};

enum api_phase {
	API_SENDING,          /* the request (GET or PATCH) is in flight */
	API_WAITING,          /* waiting until due_ms to send it again */
	API_REREAD,           /* a PATCH failed unsure: the GET is in flight */
};

struct api_op {
	struct api *a;
	struct api_op *next;
	long id;              /* what the caller holds */
	long http_id;         /* the transfer in flight, 0 when none */
	api_user_fn done;
	void *ud;
	char what[128];
	char *url;
	char *body;           /* PATCH: exactly what is sent; NULL for a GET */
	enum api_phase phase;
	bool rereading;       /* the request is the GET after a PATCH */
	int tries;            /* repeats of the current request so far */
	long long due_ms;     /* API_WAITING: when to send (api_now_ms) */
	char why[320];        /* API_WAITING: why, for the countdown */
	struct pf_error failure; /* the PATCH's failure, kept for the re-read */
};

/* Monotonic milliseconds (never goes back with the wall clock). */
static long long api_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether the configured users version is the original 2025-01-01 one
 * (dates may carry a suffix), where the account is company_id in the body. */
static bool api_legacy(const struct api *a)
{
	const char *v = a->cfg->users_version;
	return v && !strncmp(v, API_LEGACY_VERSION, strlen(API_LEGACY_VERSION));
}

/* New client for cfg; see api.h. */
struct api *api_new(const struct config *cfg, struct pf_error *err)
{
	if (!cfg || !cfg->base_url) {
		pf_error_set(err, PF_ERR_CONFIG, "no API base URL configured");
		return NULL;
	}
	struct api *a = calloc(1, sizeof(*a));
	if (!a) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	struct http_client_opts o = {
		.api_base_url = cfg->base_url,
		.token = cfg->token,
		.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION,
		.total_timeout_ms = cfg->timeout_s > 0 ? cfg->timeout_s * 1000 : 0,
		.trace_path = cfg->trace_file,
	};
	a->cfg = cfg;
	a->next_op = 1;
	a->policy = (struct api_retry_policy){
		.retries = cfg->retries < 0 ? 0 :
		           cfg->retries > CONFIG_RETRIES_MAX ? CONFIG_RETRIES_MAX :
		           (int)cfg->retries,
		.base_ms = API_BACKOFF_BASE_MS,
		.max_ms = API_BACKOFF_MAX_MS,
		.max_wait_s = API_MAX_WAIT_S,
		.jitter = true,
		.seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16),
	};
	a->rng = a->policy.seed ? a->policy.seed : 1;
	a->http = http_client_new(&o, err);
	if (!a->http) {
		free(a);
		return NULL;
	}
	return a;
}

/* Cancel pending operations (their callbacks run) and free. Accepts NULL. */
void api_free(struct api *a)
{
	if (!a)
		return;
	while (a->ops)
		api_cancel(a, a->ops->id);
	http_client_free(a->http);
	free(a);
}

/* Replace the retry policy; see api.h. NULL p is ignored. */
void api_set_retry_policy(struct api *a, const struct api_retry_policy *p)
{
	if (!a || !p)
		return;
	a->policy = *p;
	if (a->policy.retries < 0)
		a->policy.retries = 0;
	if (a->policy.base_ms < 0)
		a->policy.base_ms = 0;
	if (a->policy.max_ms < a->policy.base_ms)
		a->policy.max_ms = a->policy.base_ms;
	a->rng = p->seed ? p->seed : 1;
}

/* The retry policy in force; see api.h. */
void api_get_retry_policy(const struct api *a, struct api_retry_policy *p)
{
	if (a && p)
		*p = a->policy;
}

/* The client's transport and settings, for sibling modules (files). */
struct http_client *api_http(struct api *a)
{
	return a ? a->http : NULL;
}

const struct config *api_config(const struct api *a)
{
	return a ? a->cfg : NULL;
}

/* See api.h: the transport holds the token. */
int api_set_token(struct api *a, const char *token, struct pf_error *err)
{
	if (!a)
		return pf_error_set(err, PF_ERR_USAGE, "no API client");
	return http_set_token(a->http, token, err);
}

/* who as one path segment (caller frees; NULL out of memory): percent-
 * encoded, and "." or ".." with their dots encoded too, which would
 * otherwise be resolved as dot segments (RFC 3986 5.2.4) and send the
 * request, token and all, to another path of the API. */
static char *api_path_segment(const char *who)
{
	if (who && (!strcmp(who, ".") || !strcmp(who, "..")))
		return strdup(who[1] ? "%2E%2E" : "%2E");
	return http_escape(who);
}

/* The URL of a user; see api.h. Caller frees. */
char *api_user_url(const struct api *a, const char *who)
{
	if (!a)
		return NULL;
	struct strbuf sb = { 0 };
	char *w = api_path_segment(who);
	char *acct = NULL;
	bool query = a->cfg->account_id && !api_legacy(a);
	if (query)
		acct = http_escape(a->cfg->account_id);
	if (!w || (query && !acct) ||
	    strbuf_appendf(&sb, "%s/users/%s", a->cfg->base_url, w) < 0 ||
	    (query && strbuf_appendf(&sb, "?account_id=%s", acct) < 0)) {
		strbuf_free(&sb);
		sb.data = NULL;
	}
	free(w);
	free(acct);
	return sb.data ? strbuf_take(&sb) : NULL;
}

/* The body to send for body into *out (caller frees): body itself, or
 * with 2025-01-01 and an account, body with company_id set. Returns 0, or
 * -1 with err (PF_ERR_USAGE when company_id must be added to something
 * that is not a JSON object, PF_ERR_NOMEM). */
static int api_build_body(const struct api *a, const char *body, char **out,
                          struct pf_error *err)
{
	*out = NULL;
	if (!a || !body)
		return pf_error_set(err, PF_ERR_USAGE, "no API client or update body");
	if (!a->cfg->account_id || !api_legacy(a)) {
		if (!(*out = strdup(body)))
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return 0;
	}
	cJSON *o = cJSON_Parse(body);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return pf_error_set(err, PF_ERR_USAGE,
		                    "the update body is not a JSON object");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(o, "company_id");
	if (cJSON_AddStringToObject(o, "company_id", a->cfg->account_id))
		*out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return *out ? 0 : pf_error_set(err, PF_ERR_NOMEM, "out of memory");
}

/* The body api_user_update would send; see api.h. Caller frees; NULL when
 * out of memory or when it cannot be built. */
char *api_update_body(const struct api *a, const char *body)
{
	char *out;
	return api_build_body(a, body, &out, NULL) < 0 ? NULL : out;
}

/* The standard reason phrase, the message of an error with no usable body. */
static const char *api_reason_phrase(long status)
{
	static const struct { long status; const char *text; } t[] = {
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 409, "Conflict" },
		{ 413, "Content Too Large" }, { 422, "Unprocessable Content" },
		{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].status == status)
			return t[i].text;
	return status >= 500 ? "Server Error" : "Error";
}

/* Copy src, sanitised and cut to max_cols columns, into dst (capacity
 * n > 4). When the bytes still do not fit, cut at a character boundary and
 * end with "…". Out of memory leaves dst "". */
static void api_copy_clean(char *dst, size_t n, const char *src, size_t max_cols)
{
	static const char ellipsis[] = "\xe2\x80\xa6";
	char *clean = text_truncate(src, max_cols);
	size_t len = clean ? strlen(clean) : 0;
	bool cut = len >= n;
	if (cut) {
		len = n - sizeof(ellipsis);
		while (len && ((unsigned char)clean[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, clean ? clean : "", len);
	if (cut)
		memcpy(dst + len, ellipsis, sizeof(ellipsis) - 1);
	dst[len + (cut ? sizeof(ellipsis) - 1 : 0)] = '\0';
	free(clean);
}

/* The editable field a validation message starts with ("Username has
 * already been taken" -> "username"), or NULL. Labels and keys (with '_'
 * read as ' ') come from the one field table; the longest match wins. */
static const char *api_field_in(const char *msg)
{
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		const char *names[] = { edit_fields[i].label, edit_fields[i].key };
		for (size_t k = 0; k < 2; k++) {
			const char *nm = names[k];
			size_t j = 0;
			while (nm[j] && msg[j] &&
			       (tolower((unsigned char)nm[j]) ==
			                tolower((unsigned char)msg[j]) ||
			        (nm[j] == '_' && msg[j] == ' ')))
				j++;
			bool word_end = !isalnum((unsigned char)msg[j]) &&
			                msg[j] != '_';
			if (!nm[j] && word_end && j > best_len) {
				best = edit_fields[i].key;
				best_len = j;
			}
		}
	}
	return best;
}

/* "Try again in 12 seconds." -> 12 (seconds, at most a day); the unit
 * after the number counts: none or s/sec/second(s), ms/millisecond(s)
 * (rounded up), min/minute(s), h/hour(s). -1 when the message names no
 * wait or another unit. */
static int api_wait_in_message(const char *msg)
{
	static const struct { const char *word; long ms; } units[] = {
		{ "millisecond", 1 }, { "ms", 1 }, { "second", 1000 },
		{ "sec", 1000 }, { "s", 1000 }, { "minute", 60000 },
		{ "min", 60000 }, { "hour", 3600000 }, { "h", 3600000 },
	};
	static const char phrase[] = "try again in ";
	const long day_s = 86400;
	for (const char *p = msg; *p; p++) {
		if (strncasecmp(p, phrase, sizeof(phrase) - 1))
			continue;
		p += sizeof(phrase) - 1;
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		long n = strtol(p, &end, 10);
		if (n > day_s * 1000)
			n = day_s * 1000; /* in a 32-bit long, and below */
		while (*end == ' ')
			end++;
		long unit_ms = 1000; /* no unit: seconds */
		if (isalpha((unsigned char)*end)) {
			size_t len = 0;
			while (isalpha((unsigned char)end[len]))
				len++;
			unit_ms = -1;
			for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
				size_t w = strlen(units[i].word);
				/* the word, or its plural */
				if (!strncasecmp(end, units[i].word, w) &&
				    (len == w || (len == w + 1 &&
				                  tolower((unsigned char)end[w]) == 's' &&
				                  w > 2))) {
					unit_ms = units[i].ms;
					break;
				}
			}
			if (unit_ms < 0)
				return -1;
		}
		long long s = unit_ms == 1 ? (n + 999) / 1000 :
		              (long long)n * (unit_ms / 1000);
		return s > day_s ? (int)day_s : (int)s;
	}
	return -1;
}

/* Turn an HTTP answer into err; see api.h. */
void api_error_from_response(long status, const char *body, size_t len,
                             int retry_after_s, const char *what,
                             struct pf_error *err)
{
	if (!err)
		return;
	pf_error_clear(err);
	err->kind = PF_ERR_HTTP;
	err->status = status;
	snprintf(err->what, sizeof(err->what), "%s", what ? what : "");

	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	const cJSON *msg = cJSON_IsObject(e) ?
		cJSON_GetObjectItemCaseSensitive(e, "message") : e;
	if (!cJSON_IsString(msg)) /* {"message": "..."} */
		msg = cJSON_GetObjectItemCaseSensitive(root, "message");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
	if (!cJSON_IsString(code))
		code = cJSON_GetObjectItemCaseSensitive(e, "type");
	if (cJSON_IsString(code))
		api_copy_clean(err->code, sizeof(err->code), code->valuestring,
		               sizeof(err->code) - 1);
	if (cJSON_IsString(msg) && msg->valuestring[0])
		api_copy_clean(err->message, sizeof(err->message),
		               msg->valuestring, API_MESSAGE_MAX_COLS);
	else
		snprintf(err->message, sizeof(err->message), "%s",
		         api_reason_phrase(status));
	cJSON_Delete(root);

	err->retry_after_s = retry_after_s;
	if (status == 429 && retry_after_s < 0)
		err->retry_after_s = api_wait_in_message(err->message);
	const char *field = status == 422 ? api_field_in(err->message) : NULL;
	if (field)
		snprintf(err->field, sizeof(err->field), "%s", field);
}

/* Turn a 2xx answer into a user, or err with PF_ERR_PARSE saying why it is
 * not one. Caller frees the user. */
static struct user *api_user_from_answer(const struct http_response *res,
                                         struct pf_error *err)
{
	const char *p = res->body;
	while (isspace((unsigned char)*p))
		p++;
	if (!*p)
		pf_error_set(err, PF_ERR_PARSE, "HTTP %ld with an empty answer",
		             res->status);
	else if (*p == '<' || (res->content_type &&
	                       strstr(res->content_type, "html")))
		pf_error_set(err, PF_ERR_PARSE,
		             "HTTP %ld with an HTML page instead of JSON; "
		             "is the base URL right?", res->status);
	else
		return user_parse(res->body, res->body_len, err);
	return NULL;
}

/* Unlink op, run its callback with u (handed over) and err, free it. */
static void api_op_finish(struct api_op *op, struct user *u,
                          const struct pf_error *err)
{
	struct api *a = op->a;
	for (struct api_op **pp = &a->ops; *pp; pp = &(*pp)->next) {
		if (*pp == op) {
			*pp = op->next;
			break;
		}
	}
	op->done(op->ud, u, err);
	free(op->url);
	free(op->body);
	free(op);
}

/* Whether the request op has in flight is the PATCH itself (not a GET,
 * not the GET that re-reads after a PATCH). */
static bool api_op_patching(const struct api_op *op)
{
	return op->body && !op->rereading;
}

/* The next number of the jitter source (xorshift32). */
static unsigned api_random(struct api *a)
{
	unsigned x = a->rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return a->rng = x;
}

/* Milliseconds to wait before repeating op's request after err (res is
 * the HTTP answer, NULL for a transport error), or -1 when it must not be
 * repeated: the retries are used up, or the failure is not worth another
 * try, or (for a PATCH) the server may have applied it. The server's wait
 * (Retry-After, "Try again in N seconds") wins over the backoff; a wait
 * longer than policy.max_wait_s is not taken automatically. Also fills
 * op->why for the countdown. */
static long api_retry_delay(struct api_op *op, const struct http_response *res,
                            const struct pf_error *err)
{
	struct api *a = op->a;
	const struct api_retry_policy *p = &a->policy;
	long st = err->kind == PF_ERR_HTTP && res ? res->status : 0;
	bool again = false;
	if (op->tries >= p->retries)
		return -1;
	if (api_op_patching(op)) {
		/* only where the server surely did not apply it */
		again = st == 429 || st == 503 ||
		        ((err->kind == PF_ERR_TRANSPORT ||
		          err->kind == PF_ERR_TIMEOUT) && err->not_sent);
	} else {
		again = st == 408 || st == 429 || st >= 500 ||
		        err->kind == PF_ERR_TRANSPORT ||
		        (err->kind == PF_ERR_TIMEOUT && err->not_sent);
	}
	if (!again)
		return -1;

	if (st == 429)
		snprintf(op->why, sizeof(op->why), "the server is limiting "
		         "requests (HTTP 429)");
	else if (st)
		snprintf(op->why, sizeof(op->why), "the server answered HTTP %ld",
		         st);
	else if (err->not_sent)
		snprintf(op->why, sizeof(op->why), "could not connect to %s",
		         err->host);
	else
		snprintf(op->why, sizeof(op->why), "the connection to %s failed",
		         err->host);

	if ((st == 429 || st == 503) && err->retry_after_s >= 0)
		return err->retry_after_s > p->max_wait_s ? -1 :
		       err->retry_after_s * 1000L;
	long d = p->base_ms;
	for (int i = 0; i < op->tries && d < p->max_ms; i++)
		d *= 2;
	if (d > p->max_ms)
		d = p->max_ms;
	if (p->jitter && d > 1) /* between half and all of d */
		d = d / 2 + (long)(api_random(a) % (unsigned long)(d / 2 + 1));
	return d;
}

/* Whether a failed PATCH may nevertheless have been applied: the answer
 * was lost (reset, timeout after sending, truncated, too large), the
 * server failed in a way that does not say (5xx other than 503), or it
 * said 2xx with something that is not a user. A 4xx, 429, 503 or a
 * request that never left are refusals: nothing was applied. */
static bool api_patch_unsure(const struct pf_error *err)
{
	switch (err->kind) {
	case PF_ERR_TRANSPORT:
	case PF_ERR_TIMEOUT:
		return !err->not_sent;
	case PF_ERR_TOO_LARGE:
	case PF_ERR_PARSE:
		return true;
	case PF_ERR_HTTP:
		return err->status >= 500 && err->status != 503;
	default:
		return false;
	}
}

static void api_op_answer(void *ud, const struct http_response *res,
                          const struct pf_error *herr);

/* Send op's current request: the PATCH (or GET) itself, or the GET that
 * re-reads after an unsure PATCH. Returns 0 or -1 with err. */
static int api_op_send(struct api_op *op, struct pf_error *err)
{
	struct api *a = op->a;
	struct strbuf version = { 0 };
	if (strbuf_appendf(&version, "Api-Version-Date: %s",
	                   a->cfg->users_version ? a->cfg->users_version :
	                   CONFIG_USERS_VERSION) < 0) {
		strbuf_free(&version);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	bool patch = api_op_patching(op);
	const char *headers[] = {
		"Accept: application/json", strbuf_str(&version),
		patch ? "Content-Type: application/json" : NULL, NULL,
	};
	struct http_request req = {
		.method = patch ? "PATCH" : "GET", .url = op->url,
		.body = patch ? op->body : NULL,
		.body_len = patch ? strlen(op->body) : 0,
		.headers = headers, .with_auth = true,
	};
	op->http_id = http_start(a->http, &req, api_op_answer, op, err);
	strbuf_free(&version);
	if (op->http_id < 0) {
		op->http_id = 0;
		return -1;
	}
	op->phase = op->rereading ? API_REREAD : API_SENDING;
	return 0;
}

/* The GET after an unsure PATCH answered (u and err as for any answer):
 * finish with whether the change landed. Found applied: the operation
 * succeeds after all with the re-read user (PF_OK, landed YES, the lost
 * answer's story in message). Otherwise the PATCH's own failure, with
 * landed NO, or UNKNOWN when the re-read failed or cannot tell. */
static void api_op_reread_done(struct api_op *op, struct user *u,
                               const struct pf_error *err)
{
	struct pf_error out = op->failure;
	if (err->kind == PF_ERR_CANCELLED) {
		out = *err;
		out.landed = PF_LANDED_UNKNOWN;
	} else {
		out.landed = u ? edit_body_landed(op->body, u) : PF_LANDED_UNKNOWN;
	}
	if (out.landed == PF_LANDED_YES) {
		const struct pf_error *f = &op->failure;
		pf_error_clear(&out);
		out.landed = PF_LANDED_YES;
		snprintf(out.what, sizeof(out.what), "%s", op->what);
		snprintf(out.host, sizeof(out.host), "%s", f->host);
		if (f->kind == PF_ERR_HTTP)
			snprintf(out.message, sizeof(out.message), "HTTP %ld: %.480s",
			         f->status, f->message);
		else
			snprintf(out.message, sizeof(out.message), "%.200s%s%.300s",
			         f->host[0] ? f->host : "", f->host[0] ? ": " : "",
			         f->message);
		api_op_finish(op, u, &out);
		return;
	}
	user_free(u);
	api_op_finish(op, NULL, &out);
}

/* Callback of every transfer of a user operation: the one place an
 * answer becomes a User or an error, and where the operation finishes,
 * waits to repeat the request, or re-reads after an unsure PATCH. */
static void api_op_answer(void *ud, const struct http_response *res,
                          const struct pf_error *herr)
{
	struct api_op *op = ud;
	struct pf_error err;
	struct user *u = NULL;
	pf_error_clear(&err);
	op->http_id = 0;

	if (!res)
		err = *herr;
	else if (res->status >= 200 && res->status < 300)
		u = api_user_from_answer(res, &err);
	else {
		/* redact before the message is cut to its column limit */
		char *body = http_redact_answer(op->a->http, res->body,
		                                res->body_len);
		api_error_from_response(res->status, body ? body : "",
		                        body ? strlen(body) : 0,
		                        res->retry_after_s, op->what, &err);
		free(body);
	}
	http_redact_error(op->a->http, &err); /* a server may echo it */
	snprintf(err.what, sizeof(err.what), "%s", op->what);

	if (err.kind != PF_OK && err.kind != PF_ERR_CANCELLED) {
		long delay = api_retry_delay(op, res, &err);
		if (delay >= 0) {
			op->tries++;
			op->phase = API_WAITING;
			op->due_ms = api_now_ms() + delay;
			return;
		}
	}
	if (op->rereading) {
		api_op_reread_done(op, u, &err);
		return;
	}
	if (api_op_patching(op) && api_patch_unsure(&err)) {
		struct pf_error serr;
		pf_error_clear(&serr);
		op->failure = err;
		op->rereading = true;
		op->tries = 0;
		if (api_op_send(op, &serr) == 0)
			return;
		err.landed = PF_LANDED_UNKNOWN;
	} else if (api_op_patching(op) && err.kind == PF_ERR_CANCELLED) {
		err.landed = PF_LANDED_UNKNOWN; /* it may have arrived */
	} else if (api_op_patching(op) && err.kind != PF_OK) {
		err.landed = PF_LANDED_NO;
	}
	api_op_finish(op, u, &err);
}

/* Start a user operation: PATCH with body, or GET when body is NULL, on
 * who's URL. Returns the operation id or -1 with err. */
static long api_op_start(struct api *a, const char *who, const char *body,
                         const char *what, api_user_fn done, void *ud,
                         struct pf_error *err)
{
	if (!a || !who || !done)
		return pf_error_set(err, PF_ERR_USAGE, "no API client, user or callback");
	struct api_op *op = calloc(1, sizeof(*op));
	if (!op || !(op->url = api_user_url(a, who)) ||
	    (body && !(op->body = strdup(body)))) {
		if (op)
			free(op->url);
		free(op);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	op->a = a;
	op->done = done;
	op->ud = ud;
	snprintf(op->what, sizeof(op->what), "%s", what);
	if (api_op_send(op, err) < 0) {
		if (err)
			snprintf(err->what, sizeof(err->what), "%s", op->what);
		free(op->url);
		free(op->body);
		free(op);
		return -1;
	}
	op->id = a->next_op++;
	op->next = a->ops;
	a->ops = op;
	return op->id;
}

/* GET a user; see api.h. */
long api_user_get(struct api *a, const char *who, api_user_fn done, void *ud,
                  struct pf_error *err)
{
	char what[128];
	snprintf(what, sizeof(what), "load user %s", who ? who : "");
	return api_op_start(a, who, NULL, what, done, ud, err);
}

/* PATCH a user; see api.h. */
long api_user_update(struct api *a, const char *who, const char *body,
                     api_user_fn done, void *ud, struct pf_error *err)
{
	char what[128];
	if (who && !strcmp(who, "me"))
		snprintf(what, sizeof(what), "save your profile");
	else
		snprintf(what, sizeof(what), "save the profile of user %s",
		         who ? who : "");
	char *sent;
	if (api_build_body(a, body, &sent, err) < 0)
		return -1;
	long id = api_op_start(a, who, sent, what, done, ud, err);
	free(sent);
	return id;
}

/* Cancel an operation; its callback runs now with PF_ERR_CANCELLED, also
 * while it waits to repeat a request. Unknown ids are ignored. */
void api_cancel(struct api *a, long op)
{
	if (!a)
		return;
	for (struct api_op *o = a->ops; o; o = o->next) {
		if (o->id != op)
			continue;
		if (o->http_id) {
			http_cancel(a->http, o->http_id); /* api_op_answer finishes */
		} else {
			struct pf_error err;
			pf_error_clear(&err);
			snprintf(err.what, sizeof(err.what), "%s", o->what);
			pf_error_set(&err, PF_ERR_CANCELLED, "cancelled");
			/* waiting to repeat a PATCH: the last try was refused */
			if (o->body)
				err.landed = o->rereading ? PF_LANDED_UNKNOWN :
				                            PF_LANDED_NO;
			api_op_finish(o, NULL, &err);
		}
		return;
	}
}

bool api_busy(const struct api *a)
{
	return a && a->ops;
}

/* The operation waiting to repeat a request that is due first, or NULL. */
static const struct api_op *api_first_due(const struct api *a)
{
	const struct api_op *first = NULL;
	for (const struct api_op *o = a ? a->ops : NULL; o; o = o->next)
		if (o->phase == API_WAITING && (!first || o->due_ms < first->due_ms))
			first = o;
	return first;
}

/* Milliseconds until the first repeat is due; see api.h. */
long api_next_wakeup_ms(const struct api *a)
{
	const struct api_op *o = api_first_due(a);
	if (!o)
		return -1;
	long long left = o->due_ms - api_now_ms();
	return left < 0 ? 0 : (long)left;
}

/* Whether op waits to repeat its request; see api.h. */
bool api_waiting(const struct api *a, long op, int *seconds_left,
                 const char **why)
{
	const struct api_op *o = NULL;
	if (op <= 0) {
		o = api_first_due(a);
	} else {
		for (o = a ? a->ops : NULL; o && o->id != op; o = o->next)
			;
		if (o && o->phase != API_WAITING)
			o = NULL;
	}
	if (!o)
		return false;
	long long left = o->due_ms - api_now_ms();
	if (seconds_left)
		*seconds_left = left <= 0 ? 0 : (int)((left + 999) / 1000);
	if (why)
		*why = o->why;
	return true;
}

/* The event loop's wait; see http_wait. The timeout is cut short to the
 * moment the first waiting operation is due. */
int api_wait(struct api *a, const int *fds, size_t nfds, short *revents,
             int timeout_ms)
{
	long due = api_next_wakeup_ms(a);
	if (due >= 0 && (timeout_ms < 0 || due < timeout_ms))
		timeout_ms = (int)due;
	return http_wait(a ? a->http : NULL, fds, nfds, revents, timeout_ms);
}

/* Move operations on: finished transfers' callbacks run, and operations
 * whose wait is over send their request again. */
void api_run(struct api *a)
{
	if (!a)
		return;
	http_run(a->http);
	bool again = true;
	while (again) { /* a finish changes the list: start over */
		again = false;
		long long now = api_now_ms();
		for (struct api_op *o = a->ops; o; o = o->next) {
			if (o->phase != API_WAITING || o->due_ms > now)
				continue;
			struct pf_error err;
			pf_error_clear(&err);
			snprintf(err.what, sizeof(err.what), "%s", o->what);
			if (api_op_send(o, &err) < 0) {
				api_op_finish(o, NULL, &err);
				again = true;
				break;
			}
		}
	}
}

/* Where a blocking operation's result goes. */
struct api_sync {
	bool finished;
	struct user **out;
	struct pf_error *err;
};

/* Callback of the blocking forms: hand the user over. */
static void api_sync_done(void *ud, struct user *user,
                          const struct pf_error *err)
{
	struct api_sync *s = ud;
	s->finished = true;
	if (s->out)
		*s->out = user;
	else
		user_free(user);
	*s->err = *err;
}

/* Run operation id (started with api_sync_done and s) to completion. */
static int api_sync_wait(struct api *a, long id, struct api_sync *s)
{
	if (id < 0)
		return -1;
	while (!s->finished) {
		if (api_wait(a, NULL, 0, NULL, 1000) < 0) {
			api_cancel(a, id); /* finishes it with PF_ERR_CANCELLED */
			return -1;
		}
		api_run(a);
	}
	return s->err->kind == PF_OK ? 0 : -1;
}

/* Blocking GET; see api.h. */
int api_user_get_sync(struct api *a, const char *who, struct user **out,
                      struct pf_error *err)
{
	struct pf_error local;
	struct api_sync s = { .out = out, .err = err ? err : &local };
	if (out)
		*out = NULL;
	pf_error_clear(s.err);
	return api_sync_wait(a, api_user_get(a, who, api_sync_done, &s, s.err), &s);
}

/* Blocking PATCH; see api.h. */
int api_user_update_sync(struct api *a, const char *who, const char *body,
                         struct user **out, struct pf_error *err)
{
	struct pf_error local;
	struct api_sync s = { .out = out, .err = err ? err : &local };
	if (out)
		*out = NULL;
	pf_error_clear(s.err);
	return api_sync_wait(a, api_user_update(a, who, body, api_sync_done, &s,
	                                        s.err), &s);
}
