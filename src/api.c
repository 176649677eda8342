/* api.c - the request engine of the API over http.c; see api.h.
 *
 * Everything profed asks of the API is a struct api_op on one list, with
 * one id counter, one clock (clock.h) and one cancel:
 *   - a user operation (GET or PATCH of /users/{who}) and a JSON
 *     operation (any path, api_json_start / api_get_json) are started by
 *     api_op_launch and their transfers end in api_op_answer, the one
 *     place that turns an HTTP answer into a User, a JSON answer or an
 *     error, and that decides what comes next:
 *       - finish (the callback runs, the operation is gone);
 *       - wait and send the same request again (API_WAITING: no transfer
 *         in flight, a due time that api_wait honours and api_run acts
 *         on);
 *       - after a PATCH of a user whose fate is unknown, GET the user
 *         again (API_REREAD) and compare it with what was sent;
 *   - a task is a sibling module's operation of several requests (an
 *     upload, files.c): it is on the same list for its id, its cancel and
 *     its timers (api_task_ops), and sends its API requests as JSON
 *     operations.
 * The operation id the caller holds stays the same throughout.
 */
#include "api.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "autoconf.h"
#include "clock.h"
#include "config.h"
#include "edit.h"
#include "http.h"
#include "capability.h"
#include "strbuf.h"
#include "text.h"
#include "user.h"

#define API_LEGACY_VERSION "2025-01-01"
#define API_MESSAGE_MAX_COLS 300
#define API_BACKOFF_BASE_MS 500L
#define API_BACKOFF_MAX_MS 8000L
#define API_MAX_WAIT_S 120
#define API_VERSION_MAX 64     /* bytes of an Api-Version-Date value, NUL included */

struct api_op;

struct api {
	const struct config *cfg;
	struct http_client *http;
	struct api_op *ops;   /* in flight, waiting, or tasks */
	long next_op;
	struct api_retry_policy policy;
	unsigned rng;         /* xorshift32 state of the jitter, never 0 */
	enum cap_cred kind;   /* learnt from answers to GET /users/me */
	unsigned long repeats; /* requests scheduled to be sent again */
};

enum api_op_kind {
	API_OP_USER,          /* GET or PATCH of a user: done_user */
	API_OP_JSON,          /* any request whose answer is JSON: done_json */
	API_OP_TASK,          /* a sibling module's task: task, owner */
};

enum api_phase {
	API_SENDING,          /* the request is in flight */
	API_WAITING,          /* waiting until due_ms to send it again */
	API_REREAD,           /* a PATCH failed unsure: the GET is in flight */
};

struct api_op {
	struct api *a;
	struct api_op *next;
	long id;              /* what the caller holds */
	enum api_op_kind kind;
	long http_id;         /* the transfer in flight, 0 when none */
	api_user_fn done_user;
	api_json_fn done_json;
	const struct api_task_ops *task;
	const void *owner;
	void *ud;
	char what[128];
	const char *method;   /* "GET", "PATCH" or "POST" (static) */
	char version[API_VERSION_MAX]; /* Api-Version-Date; "" = users version */
	char *url;
	char *body;           /* a write: exactly what is sent; NULL for a GET */
	bool no_retry;        /* never repeat the request (the caller decides) */
	bool is_me;           /* a GET of /users/me: its answer tells the kind */
	enum api_phase phase;
	bool rereading;       /* the request is the GET after a PATCH */
	int tries;            /* repeats of the current request so far */
	long long due_ms;     /* API_WAITING: when to send (clock_now_ms) */
	char why[320];        /* API_WAITING: why, for the countdown */
	struct pf_error failure; /* the PATCH's failure, kept for the re-read */
};

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

unsigned long api_repeats(const struct api *a)
{
	return a ? a->repeats : 0;
}

enum cap_cred api_cred_kind(const struct api *a)
{
	return a ? a->kind : CAP_CRED_UNKNOWN;
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
/* Whether a 2xx answer can be read as JSON at all; else err (PF_ERR_PARSE)
 * says what came instead: nothing, or an HTML page (a wrong base URL, a
 * proxy's page). */
static bool api_answer_readable(const struct http_response *res,
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
		return true;
	return false;
}

/* Take op off its api's list. */
static void api_op_unlink(struct api_op *op)
{
	for (struct api_op **pp = &op->a->ops; *pp; pp = &(*pp)->next) {
		if (*pp == op) {
			*pp = op->next;
			return;
		}
	}
}

/* Unlink op and free it (no callback). */
static void api_op_drop(struct api_op *op)
{
	api_op_unlink(op);
	free(op->url);
	free(op->body);
	free(op);
}

/* End op: unlist it, run its callback with the result, free it. For a
 * user operation u is handed over (NULL unless err is PF_OK); for a JSON
 * operation ans is the answer (NULL unless err is PF_OK), lent for the
 * call. */
static void api_op_finish(struct api_op *op, struct user *u,
                          const struct api_answer *ans,
                          const struct pf_error *err)
{
	api_op_unlink(op);
	if (op->kind == API_OP_USER)
		op->done_user(op->ud, u, err);
	else
		op->done_json(op->ud, op->id, err->kind == PF_OK ? ans : NULL, err);
	free(op->url);
	free(op->body);
	free(op);
}

/* Whether the request op has in flight writes (PATCH, POST): not a GET,
 * not the GET that re-reads after a PATCH. */
static bool api_op_writing(const struct api_op *op)
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
 * repeated: the operation asked for no repeats, the retries are used up,
 * or the failure is not worth another try, or (for a write) the server
 * may have applied it. The server's wait (Retry-After, "Try again in N
 * seconds") wins over the backoff; a wait longer than policy.max_wait_s
 * is not taken automatically. Also fills op->why for the countdown. */
static long api_retry_delay(struct api_op *op, const struct http_response *res,
                            const struct pf_error *err)
{
	struct api *a = op->a;
	const struct api_retry_policy *p = &a->policy;
	long st = err->kind == PF_ERR_HTTP && res ? res->status : 0;
	bool again = false;
	if (op->no_retry || op->tries >= p->retries)
		return -1;
	if (api_op_writing(op)) {
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

/* The API's own headers of a request, the one place they are built:
 * Accept, Api-Version-Date (version, or the users version of the
 * configuration when NULL) and, with a body, Content-Type. The
 * User-Agent is the client's and the Authorization header is http.c's
 * (with_auth). lines gets them NULL-terminated (room for 4), pointing
 * into ver (capacity n). Returns 0, or -1 with err when the version does
 * not fit a header line. */
static int api_headers(const struct api *a, const char *version, bool body,
                       char *ver, size_t n, const char *lines[4],
                       struct pf_error *err)
{
	if (!version)
		version = a->cfg->users_version ? a->cfg->users_version :
		          CONFIG_USERS_VERSION;
	int len = snprintf(ver, n, "Api-Version-Date: %s", version);
	if (len < 0 || (size_t)len >= n)
		return pf_error_set(err, PF_ERR_CONFIG, "the API version is too long");
	lines[0] = "Accept: application/json";
	lines[1] = ver;
	lines[2] = body ? "Content-Type: application/json" : NULL;
	lines[3] = NULL;
	return 0;
}

static void api_op_answer(void *ud, const struct http_response *res,
                          const struct pf_error *herr);

/* Send op's current request: the request itself, or the GET that re-reads
 * after an unsure PATCH. Returns 0 or -1 with err. */
static int api_op_send(struct api_op *op, struct pf_error *err)
{
	struct api *a = op->a;
	char ver[sizeof(op->version) + 32];
	const char *headers[4];
	bool write = api_op_writing(op);
	if (api_headers(a, op->version[0] ? op->version : NULL, write, ver,
	                sizeof(ver), headers, err) < 0)
		return -1;
	struct http_request req = {
		.method = write ? op->method : "GET", .url = op->url,
		.body = write ? op->body : NULL,
		.body_len = write ? strlen(op->body) : 0,
		.headers = headers, .with_auth = true,
	};
	op->http_id = http_start(a->http, &req, api_op_answer, op, err);
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
	} else {
		user_free(u);
		u = NULL;
	}
	/* the audit trail records the PATCH's answer, not the re-read's */
	out.answer_status = op->failure.answer_status;
	memcpy(out.request_id, op->failure.request_id, sizeof(out.request_id));
	api_op_finish(op, u, NULL, &out);
}

/* Callback of every transfer of an operation: the one place an answer
 * becomes a User, a JSON answer or an error, and where the operation
 * finishes, waits to repeat the request, or re-reads after an unsure
 * PATCH. */
static void api_op_answer(void *ud, const struct http_response *res,
                          const struct pf_error *herr)
{
	struct api_op *op = ud;
	struct pf_error err;
	struct user *u = NULL;
	cJSON *json = NULL;
	pf_error_clear(&err);
	op->http_id = 0;

	if (!res) {
		err = *herr;
	} else if (res->status < 200 || res->status >= 300) {
		/* redact before the message is cut to its column limit */
		char *body = http_redact_answer(op->a->http, res->body,
		                                res->body_len);
		api_error_from_response(res->status, body ? body : "",
		                        body ? strlen(body) : 0,
		                        res->retry_after_s, op->what, &err);
		free(body);
	} else if (!api_answer_readable(res, &err)) {
		/* err says what came instead */
	} else if (op->kind == API_OP_USER) {
		u = user_parse(res->body, res->body_len, &err);
	} else if (!(json = cJSON_ParseWithLength(res->body, res->body_len))) {
		pf_error_set(&err, PF_ERR_PARSE, "HTTP %ld with an answer that is "
		             "not JSON", res->status);
	}
	http_redact_error(op->a->http, &err); /* a server may echo it */
	snprintf(err.what, sizeof(err.what), "%s", op->what);
	if (res) {
		err.answer_status = res->status;
		snprintf(err.request_id, sizeof(err.request_id), "%s",
		         res->request_id);
		if (op->is_me)
			op->a->kind = capability_kind_learn(op->a->kind, res->status);
	}

	if (err.kind != PF_OK && err.kind != PF_ERR_CANCELLED) {
		long delay = api_retry_delay(op, res, &err);
		if (delay >= 0) {
			op->a->repeats++;
			op->tries++;
			op->phase = API_WAITING;
			op->due_ms = clock_now_ms() + delay;
			return;
		}
	}
	if (op->kind == API_OP_JSON) {
		struct api_answer ans = {
			.status = res ? res->status : 0, .json = json,
			.body = res ? res->body : NULL, .body_len = res ? res->body_len : 0,
		};
		api_op_finish(op, NULL, &ans, &err);
		cJSON_Delete(json);
		return;
	}
	if (op->rereading) {
		api_op_reread_done(op, u, &err);
		return;
	}
	if (api_op_writing(op) && api_patch_unsure(&err)) {
		struct pf_error serr;
		pf_error_clear(&serr);
		op->failure = err;
		op->rereading = true;
		op->tries = 0;
		if (api_op_send(op, &serr) == 0)
			return;
		err.landed = PF_LANDED_UNKNOWN;
	} else if (api_op_writing(op) && err.kind == PF_ERR_CANCELLED) {
		err.landed = PF_LANDED_UNKNOWN; /* it may have arrived */
	} else if (api_op_writing(op) && err.kind != PF_OK) {
		err.landed = PF_LANDED_NO;
	}
	api_op_finish(op, u, NULL, &err);
}

/* A new operation of a on the list, with the next id. NULL when out of
 * memory (err set). */
static struct api_op *api_op_new(struct api *a, enum api_op_kind kind,
                                 struct pf_error *err)
{
	struct api_op *op = calloc(1, sizeof(*op));
	if (!op) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	op->a = a;
	op->kind = kind;
	op->id = a->next_op++;
	op->next = a->ops;
	a->ops = op;
	return op;
}

/* Send op's first request; on failure take it off the list again (no
 * callback) and return -1 with err naming the operation. */
static long api_op_launch(struct api_op *op, struct pf_error *err)
{
	if (api_op_send(op, err) < 0) {
		if (err)
			snprintf(err->what, sizeof(err->what), "%s", op->what);
		api_op_drop(op);
		return -1;
	}
	return op->id;
}

/* Start a user operation: PATCH with body, or GET when body is NULL, on
 * who's URL. Returns the operation id or -1 with err. */
static long api_user_start(struct api *a, const char *who, const char *body,
                           const char *what, api_user_fn done, void *ud,
                           struct pf_error *err)
{
	if (!a || !who || !done)
		return pf_error_set(err, PF_ERR_USAGE, "no API client, user or callback");
	struct api_op *op = api_op_new(a, API_OP_USER, err);
	if (!op)
		return -1;
	op->method = body ? "PATCH" : "GET";
	op->is_me = !body && strcmp(who, "me") == 0;
	op->done_user = done;
	op->ud = ud;
	snprintf(op->what, sizeof(op->what), "%s", what);
	if (!(op->url = api_user_url(a, who)) ||
	    (body && !(op->body = strdup(body)))) {
		api_op_drop(op);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	return api_op_launch(op, err);
}

/* GET a user; see api.h. */
long api_user_get(struct api *a, const char *who, api_user_fn done, void *ud,
                  struct pf_error *err)
{
	char what[128];
	snprintf(what, sizeof(what), "load user %s", who ? who : "");
	return api_user_start(a, who, NULL, what, done, ud, err);
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
	long id = api_user_start(a, who, sent, what, done, ud, err);
	free(sent);
	return id;
}

/* Why path may not follow the base URL, or NULL when it may: it starts
 * with '/', holds only printable ASCII without '#' or white space (values
 * are escaped by the caller), and no segment is "." or ".." (which would
 * climb out of the base URL's path, token and all). */
static const char *api_path_problem(const char *path)
{
	if (!path || path[0] != '/')
		return "does not start with /";
	size_t n = strcspn(path, "?");
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '#')
			return "contains white space, controls, '#' or non-ASCII bytes";
	for (size_t i = 0; i < n; i++) {
		if (path[i] != '/')
			continue;
		size_t len = strcspn(path + i + 1, "/?");
		if ((len == 1 && path[i + 1] == '.') ||
		    (len == 2 && path[i + 1] == '.' && path[i + 2] == '.'))
			return "has a . or .. segment";
	}
	return NULL;
}

/* Start any request of the API; see api.h. */
long api_json_start(struct api *a, const struct api_json_request *req,
                    api_json_fn done, void *ud, struct pf_error *err)
{
	if (!a || !req || !done)
		return pf_error_set(err, PF_ERR_USAGE, "no API client, request or "
		                    "callback");
	const char *method = req->method ? req->method : "GET";
	bool get = !strcmp(method, "GET");
	if (!get && strcmp(method, "POST") && strcmp(method, "PATCH"))
		return pf_error_set(err, PF_ERR_USAGE, "request method %.20s is not "
		                    "GET, POST or PATCH", method);
	if (get == (req->body != NULL))
		return pf_error_set(err, PF_ERR_USAGE, "a GET has no body; a %s needs "
		                    "one", get ? "write" : method);
	const char *why = api_path_problem(req->path);
	if (why)
		return pf_error_set(err, PF_ERR_USAGE, "the API path %s", why);
	if (req->version && strlen(req->version) >= API_VERSION_MAX)
		return pf_error_set(err, PF_ERR_USAGE, "the API version is too long");
	struct api_op *op = api_op_new(a, API_OP_JSON, err);
	if (!op)
		return -1;
	struct strbuf url = { 0 };
	op->method = get ? "GET" : !strcmp(method, "POST") ? "POST" : "PATCH";
	op->done_json = done;
	op->ud = ud;
	op->no_retry = req->no_retry;
	snprintf(op->version, sizeof(op->version), "%s",
	         req->version ? req->version : "");
	if (req->what)
		snprintf(op->what, sizeof(op->what), "%s", req->what);
	else
		snprintf(op->what, sizeof(op->what), "%s %.100s",
		         get ? "load" : "send", req->path);
	if (strbuf_appendf(&url, "%s%s", a->cfg->base_url, req->path) < 0 ||
	    !(op->url = strbuf_take(&url)) ||
	    (req->body && !(op->body = strdup(req->body)))) {
		strbuf_free(&url);
		api_op_drop(op);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	return api_op_launch(op, err);
}

/* GET any JSON of the API; see api.h. */
long api_get_json(struct api *a, const char *path_and_query,
                  const char *version, api_json_fn done, void *ud,
                  struct pf_error *err)
{
	struct api_json_request req = { .method = "GET", .path = path_and_query,
	                                .version = version };
	return api_json_start(a, &req, done, ud, err);
}

/* Start a task of a sibling module; see api.h. */
long api_task_start(struct api *a, const struct api_task_ops *ops,
                    const void *owner, void *ud, struct pf_error *err)
{
	if (!a || !ops || !ops->next_wakeup_ms || !ops->run || !ops->cancel)
		return pf_error_set(err, PF_ERR_USAGE, "no API client or task");
	struct api_op *op = api_op_new(a, API_OP_TASK, err);
	if (!op)
		return -1;
	op->task = ops;
	op->owner = owner;
	op->ud = ud;
	return op->id;
}

/* Take task id off the list; see api.h. */
void api_task_end(struct api *a, long id)
{
	for (struct api_op *o = a ? a->ops : NULL; o; o = o->next) {
		if (o->id == id && o->kind == API_OP_TASK) {
			api_op_drop(o);
			return;
		}
	}
}

/* Cancel an operation or task; see api.h. Unknown ids are ignored. */
void api_cancel(struct api *a, long op)
{
	if (!a)
		return;
	for (struct api_op *o = a->ops; o; o = o->next) {
		if (o->id != op)
			continue;
		if (o->kind == API_OP_TASK) {
			o->task->cancel(o->ud); /* ends it with api_task_end */
		} else if (o->http_id) {
			http_cancel(a->http, o->http_id); /* api_op_answer finishes */
		} else {
			struct pf_error err;
			pf_error_clear(&err);
			snprintf(err.what, sizeof(err.what), "%s", o->what);
			pf_error_set(&err, PF_ERR_CANCELLED, "cancelled");
			/* waiting to repeat a PATCH: the last try was refused */
			if (o->body && o->kind == API_OP_USER)
				err.landed = o->rereading ? PF_LANDED_UNKNOWN :
				                            PF_LANDED_NO;
			api_op_finish(o, NULL, NULL, &err);
		}
		return;
	}
}

/* Cancel every task of owner; see api.h. */
void api_cancel_owner(struct api *a, const void *owner)
{
	bool again = owner != NULL;
	while (a && again) { /* a cancel changes the list: start over */
		again = false;
		for (struct api_op *o = a->ops; o; o = o->next) {
			if (o->kind == API_OP_TASK && o->owner == owner) {
				api_cancel(a, o->id);
				again = true;
				break;
			}
		}
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
		if (o->kind != API_OP_TASK && o->phase == API_WAITING &&
		    (!first || o->due_ms < first->due_ms))
			first = o;
	return first;
}

/* Milliseconds until op has timer work at now: 0 = now, -1 = none. */
static long long api_op_wakeup(const struct api_op *o, long long now)
{
	if (o->kind == API_OP_TASK)
		return o->task->next_wakeup_ms(o->ud, now);
	if (o->phase != API_WAITING)
		return -1;
	return o->due_ms > now ? o->due_ms - now : 0;
}

/* Milliseconds until the first timer of any operation; see api.h. */
long api_next_wakeup_ms(const struct api *a)
{
	long long best = -1, now = clock_now_ms();
	for (const struct api_op *o = a ? a->ops : NULL; o; o = o->next) {
		long long t = api_op_wakeup(o, now);
		if (t >= 0 && (best < 0 || t < best))
			best = t;
	}
	return best > LONG_MAX ? LONG_MAX : (long)best;
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
		if (o && (o->kind == API_OP_TASK || o->phase != API_WAITING))
			o = NULL;
	}
	if (!o)
		return false;
	long long left = o->due_ms - clock_now_ms();
	if (seconds_left)
		*seconds_left = left <= 0 ? 0 : (int)((left + 999) / 1000);
	if (why)
		*why = o->why;
	return true;
}

/* The event loop's wait; see http_wait. The timeout is cut short to the
 * first timer of any operation (a repeat, an upload's poll). */
int api_wait(struct api *a, const int *fds, size_t nfds, short *revents,
             int timeout_ms)
{
	long due = api_next_wakeup_ms(a);
	if (due >= 0 && (timeout_ms < 0 || due < timeout_ms))
		timeout_ms = (int)due;
	return http_wait(a ? a->http : NULL, fds, nfds, revents, timeout_ms);
}

/* Move operations on: finished transfers' callbacks run, operations whose
 * wait is over send their request again, and tasks with timer work due
 * do it. */
void api_run(struct api *a)
{
	if (!a)
		return;
	http_run(a->http);
	bool again = true;
	while (again) { /* a step may change the list: start over */
		again = false;
		long long now = clock_now_ms();
		for (struct api_op *o = a->ops; o; o = o->next) {
			if (api_op_wakeup(o, now) != 0)
				continue;
			if (o->kind == API_OP_TASK) {
				o->task->run(o->ud, now); /* consumes what is due */
				again = true;
				break;
			}
			struct pf_error err;
			pf_error_clear(&err);
			snprintf(err.what, sizeof(err.what), "%s", o->what);
			if (api_op_send(o, &err) < 0) {
				api_op_finish(o, NULL, NULL, &err);
				again = true;
				break;
			}
		}
	}
}

/* Run operation id to completion; see api.h. */
int api_sync_wait(struct api *a, long id, const bool *finished)
{
	if (id < 0)
		return -1;
	while (!*finished) {
		if (api_wait(a, NULL, 0, NULL, 1000) < 0) {
			api_cancel(a, id); /* finishes it with PF_ERR_CANCELLED */
			return -1;
		}
		api_run(a);
	}
	return 0;
}

/* Where a blocking operation's result goes. */
struct api_sync {
	bool finished;
	struct user **out;
	cJSON **json;
	char **body;
	size_t *len;
	struct pf_error *err;
};

/* Callback of the blocking user forms: hand the user over. */
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

/* Callback of the blocking JSON form: keep a copy of the JSON. */
static void api_sync_json_done(void *ud, long id, const struct api_answer *ans,
                               const struct pf_error *err)
{
	struct api_sync *s = ud;
	(void)id;
	s->finished = true;
	*s->err = *err;
	if (ans && !(*s->json = cJSON_Duplicate(ans->json, true)))
		pf_error_set(s->err, PF_ERR_NOMEM, "out of memory");
}

/* Callback of the blocking body form: keep a copy of the text. */
static void api_sync_body_done(void *ud, long id, const struct api_answer *ans,
                               const struct pf_error *err)
{
	struct api_sync *s = ud;
	(void)id;
	s->finished = true;
	*s->err = *err;
	if (!ans)
		return;
	if (!(*s->body = malloc(ans->body_len + 1))) {
		pf_error_set(s->err, PF_ERR_NOMEM, "out of memory");
		return;
	}
	memcpy(*s->body, ans->body, ans->body_len);
	(*s->body)[ans->body_len] = '\0';
	*s->len = ans->body_len;
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
	long id = api_user_get(a, who, api_sync_done, &s, s.err);
	if (api_sync_wait(a, id, &s.finished) < 0)
		return -1;
	return s.err->kind == PF_OK ? 0 : -1;
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
	long id = api_user_update(a, who, body, api_sync_done, &s, s.err);
	if (api_sync_wait(a, id, &s.finished) < 0)
		return -1;
	return s.err->kind == PF_OK ? 0 : -1;
}

/* Blocking GET of any JSON; see api.h. */
int api_get_json_sync(struct api *a, const char *path_and_query,
                      const char *version, cJSON **out, struct pf_error *err)
{
	struct pf_error local;
	struct api_sync s = { .err = err ? err : &local };
	pf_error_clear(s.err);
	if (!out)
		return pf_error_set(s.err, PF_ERR_USAGE, "nowhere to put the answer");
	*out = NULL;
	s.json = out;
	long id = api_get_json(a, path_and_query, version, api_sync_json_done,
	                       &s, s.err);
	if (api_sync_wait(a, id, &s.finished) < 0)
		return -1;
	if (s.err->kind == PF_OK)
		return 0;
	cJSON_Delete(*out);
	*out = NULL;
	return -1;
}

/* Blocking GET keeping the body; see api.h. */
int api_get_body_sync(struct api *a, const char *path_and_query,
                      const char *version, char **body, size_t *len,
                      struct pf_error *err)
{
	struct pf_error local;
	size_t n = 0;
	struct api_sync s = { .err = err ? err : &local, .len = len ? len : &n };
	pf_error_clear(s.err);
	if (!body)
		return pf_error_set(s.err, PF_ERR_USAGE, "nowhere to put the answer");
	*body = NULL;
	s.body = body;
	long id = api_get_json(a, path_and_query, version, api_sync_body_done,
	                       &s, s.err);
	if (api_sync_wait(a, id, &s.finished) < 0)
		return -1;
	if (s.err->kind == PF_OK)
		return 0;
	free(*body);
	*body = NULL;
	return -1;
}
