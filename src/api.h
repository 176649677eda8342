/* api.h - the API: endpoints in, model objects, JSON and errors out.
 *
 * The request engine of the core, built on http.c; knows the contract
 * (paths, headers, versions, the account_id rule, the error body) and
 * nothing of the terminal. Everything sent to the API is an operation on
 * one list with one id counter, one clock (clock.h), one cancel
 * (api_cancel) and one next wake-up (api_next_wakeup_ms):
 *   - user operations: api_user_get / api_user_update (below);
 *   - any other endpoint: api_json_start / api_get_json, the same path
 *     for the next endpoints (search, members, logs, access) so that none
 *     needs its own copy of headers, retries or error handling;
 *   - tasks of sibling modules (an upload of files.c), which send their
 *     API requests as JSON operations and add timers of their own.
 * Every operation exists in two forms: asynchronous (the UI's event loop
 * keeps running; the callback fires from api_run) and blocking (_sync,
 * for command mode). Both share one code path.
 *
 * Every request carries Accept: application/json, Api-Version-Date (the
 * users version from the config unless the operation names another, e.g.
 * the files version), the User-Agent and the token (built once, in
 * http.c). A failure of any kind becomes one struct pf_error: transport
 * errors, the HTTP status with the server's error.code / error.type /
 * error.message (sanitised, the token redacted), a 429's wait (Retry-After
 * header, else "Try again in N seconds" in the message), or a 2xx body
 * that is not usable (empty, an HTML page, not JSON, not a User).
 *
 * Retries (docs/resilience.md). A failed request is sent again, up to
 * cfg->retries times (--retries, default 2), after a wait:
 *   - GET: on a connection failure (reset, refused, truncated answer, no
 *     connection in time), 408, 429 and 5xx. Not after a total timeout
 *     once connected: the person allowed --timeout seconds, not three times
 *     that.
 *   - PATCH (and POST): only when the server surely did not apply it:
 *     429, 503, or err->not_sent (refused, name not resolved, no
 *     connection in time). http.c makes sure libcurl never sends a write
 *     again by itself. After any other failure of a user PATCH that
 *     leaves its fate open (reset or timeout once sent, the connection
 *     closed before an answer, truncated or oversized answer, 5xx other
 *     than 503, a 2xx that is not a user) the user is read again (GET,
 *     same URL) and the values sent are compared with it: err->landed
 *     says YES, NO or UNKNOWN. Found applied, the operation SUCCEEDS with
 *     the re-read user (err->kind PF_OK, err->landed PF_LANDED_YES,
 *     err->message saying what was lost; pf_error_sentence tells the
 *     story). A 4xx is the server's refusal and is neither repeated nor
 *     re-read; after a refusal that is certain (4xx, 429, 503, not_sent)
 *     err->landed is PF_LANDED_NO.
 *   - An operation started with no_retry (api_json_request) is never
 *     repeated: its caller has a schedule of its own (upload polls).
 * The wait is the server's when it names one (Retry-After, or "Try again
 * in N seconds" of a 429; more than policy.max_wait_s is not waited: the
 * 429 is reported), else a capped, jittered exponential backoff: about
 * 0.5 s, 1 s, 2 s ... at most 8 s, each between half and all of that.
 *
 * Waiting never blocks: the operation has no transfer then, api_wait's
 * timeout is cut to the moment it is due and api_run sends it. The UI
 * shows a countdown from api_waiting() (and redraws at least once a second
 * while it is true); Esc is api_cancel(), which ends the wait at once.
 *
 * The event loop (single thread) asks only the api:
 *
 *   for (;;) {
 *           api_wait(api, fds, nfds, revents, ui_timeout); // cut to the
 *                                  // first timer (repeat, upload poll)
 *           api_run(api);  // finished transfers' callbacks, due repeats,
 *                          // due task work (polls, progress, timeouts)
 *           ... keys: Esc -> api_cancel(api, id) (any operation or
 *               upload; its callback runs at once) ...
 *   }
 */
#ifndef PROFED_API_H
#define PROFED_API_H

#include <stdbool.h>
#include <stddef.h>

#include "capability.h"
#include "error.h"

struct config;
struct user;
struct api;

/* New API client for cfg (cfg must outlive it). NULL with err on failure. */
struct api *api_new(const struct config *cfg, struct pf_error *err);
void api_free(struct api *a); /* cancels pending operations; accepts NULL */

/* Result of a user operation. user is handed to the callback, which owns
 * it (user_free) and may keep it; it is NULL exactly when err->kind != PF_OK.
 * For a PATCH, err->landed tells whether a failed change reached the
 * server (see above); PF_OK with PF_LANDED_YES means the first answer was
 * lost but the re-read user holds the change (show pf_error_sentence). */
typedef void (*api_user_fn)(void *ud, struct user *user,
                            const struct pf_error *err);

/* GET /users/{who}[?account_id=]. who is "me", a user_ id or a username
 * (escaped here). Returns an operation id (> 0) or -1 with err. */
long api_user_get(struct api *a, const char *who, api_user_fn done, void *ud,
                  struct pf_error *err);

/* PATCH /users/{who}[?account_id=] with body (a JSON object, normally from
 * edit_patch_body). With users version 2025-01-01 and an account id, the
 * account goes in the body as company_id instead. */
long api_user_update(struct api *a, const char *who, const char *body,
                     api_user_fn done, void *ud, struct pf_error *err);

/* Cancel any operation: a user or JSON operation, or a task (an upload
 * of files.h, whatever step it is at). Its callback runs now with
 * PF_ERR_CANCELLED, also while it waits to repeat a request (no further
 * request is sent). A PATCH cancelled in flight has err->landed
 * PF_LANDED_UNKNOWN (it may have arrived); one cancelled while waiting to
 * repeat, PF_LANDED_NO. Unknown ids are ignored. */
void api_cancel(struct api *a, long op);

/* Operations in flight, waiting to repeat a request, or tasks. */
bool api_busy(const struct api *a);

/* Whether operation op (op <= 0: any, the one due first) is waiting to
 * send its request again. Then *seconds_left gets the whole seconds left,
 * rounded up (0 when due now), and *why a short reason for the countdown,
 * e.g. "the server is limiting requests (HTTP 429)", "the server answered
 * HTTP 503", "could not connect to api.whop.com"; owned by a, valid until
 * the next api_run. Either pointer may be NULL. The UI line could read
 * "Trying again in 12 s: WHY. Esc cancels." */
bool api_waiting(const struct api *a, long op, int *seconds_left,
                 const char **why);

/* Milliseconds until the first timer of any operation falls due: a
 * request waiting to be repeated, a task's work (an upload's next poll,
 * its ready timeout, progress to report); 0 when overdue, -1 when there
 * is none (only network events pending, or nothing). api_wait already
 * honours it; a loop that waits elsewhere must too. */
long api_next_wakeup_ms(const struct api *a);

/* The event loop's wait and run, see http_wait / http_run. api_wait
 * returns early when a timer falls due (api_next_wakeup_ms); api_run runs
 * the callbacks of operations that finished, sends due repeats and lets
 * tasks do their due work (see the loop above). */
int api_wait(struct api *a, const int *fds, size_t nfds, short *revents,
             int timeout_ms);
void api_run(struct api *a);

/* How failures are repeated. api_new takes retries from cfg->retries and
 * the defaults below, with a jitter seeded from the time and pid. Tests set
 * their own (short waits, jitter off or a fixed seed) to be fast and
 * deterministic; nothing else needs to. */
struct api_retry_policy {
	int retries;    /* repeats after the first try; 0 = never repeat */
	long base_ms;   /* first backoff (500); doubles per repeat */
	long max_ms;    /* longest backoff (8000) */
	int max_wait_s; /* longest server-named wait taken (120 s) */
	bool jitter;    /* each backoff between half and all of its value */
	unsigned seed;  /* the jitter's seed (0 counts as 1) */
};
void api_set_retry_policy(struct api *a, const struct api_retry_policy *p);
void api_get_retry_policy(const struct api *a, struct api_retry_policy *p);

/* Run the api's loop until operation id (any kind, tasks too), started
 * with a callback that sets *finished, has ended: the one wait of every
 * blocking form. 0 when it ended, -1 when id < 0 (it could not start)
 * or waiting failed (then it is cancelled: its callback runs). */
int api_sync_wait(struct api *a, long id, const bool *finished);

/* Blocking forms: 0 and *out set (caller frees), or -1 with err. They
 * wait out retries silently (command mode has no countdown). */
int api_user_get_sync(struct api *a, const char *who, struct user **out,
                      struct pf_error *err);
int api_user_update_sync(struct api *a, const char *who, const char *body,
                         struct user **out, struct pf_error *err);

/* ---- any endpoint: JSON operations
 *
 * The answer of a JSON operation that succeeded: a 2xx whose body is
 * JSON. All of it is lent for the callback only (copy what is kept, e.g.
 * cJSON_Duplicate). body is the raw text (NUL-terminated, body_len bytes;
 * never more than the client's cap, HTTP_MAX_BODY_DEFAULT: a longer
 * answer is PF_ERR_TOO_LARGE), json the same parsed. */
struct cJSON;
struct api_answer {
	long status;
	const char *body;
	size_t body_len;
	const struct cJSON *json;
};

/* End of JSON operation id, exactly once: ans set exactly when err->kind
 * is PF_OK. A 2xx that is empty, an HTML page or not JSON is PF_ERR_PARSE;
 * any other status went through api_error_from_response (PF_ERR_HTTP,
 * err->status, the server's message, a 429's wait). */
typedef void (*api_json_fn)(void *ud, long id, const struct api_answer *ans,
                            const struct pf_error *err);

struct api_json_request {
	const char *method;   /* "GET" (NULL), "POST" or "PATCH" */
	/* under the base URL: "/users?query=ada%20l&first=20". Starts with
	 * '/'; values already escaped (http_escape); no white space, controls,
	 * '#', non-ASCII, and no "." or ".." segment (refused: PF_ERR_USAGE) */
	const char *path;
	const char *version;  /* Api-Version-Date; NULL = the users version */
	const char *body;     /* JSON text for POST and PATCH; NULL for GET */
	bool no_retry;        /* never repeat (the caller has its own plan) */
	const char *what;     /* err->what ("upload the picture x"); NULL =
	                         "load PATH" / "send PATH" */
};

/* Start any request of the API with the engine's headers, retries (as a
 * GET, or as a write: see above; a write is never re-read, its callback
 * decides) and errors. Returns the operation id (> 0; api_cancel cancels
 * it) or -1 with err (nothing started, done not called). */
long api_json_start(struct api *a, const struct api_json_request *req,
                    api_json_fn done, void *ud, struct pf_error *err);

/* GET path_and_query (as api_json_request.path) with Api-Version-Date
 * version (NULL = the users version). Paging: a list answer carries
 * page_info.end_cursor and page_info.has_next_page; while has_next_page,
 * GET the same path with "&after=" + http_escape(end_cursor) for the next
 * page (each page its own operation; stop on the first error). E.g.
 *   api_get_json(a, "/users?query=ada&first=20", NULL, on_page, ud, &err);
 * Returns the operation id or -1 with err. */
long api_get_json(struct api *a, const char *path_and_query,
                  const char *version, api_json_fn done, void *ud,
                  struct pf_error *err);

/* Blocking form: 0 and *out the parsed answer (caller cJSON_Delete), or
 * -1 with err and *out NULL. */
int api_get_json_sync(struct api *a, const char *path_and_query,
                      const char *version, struct cJSON **out,
                      struct pf_error *err);

/* The same keeping the body as received (what `show --json` prints):
 * 0 and *body (NUL-terminated, *len bytes without the NUL; caller frees),
 * or -1 with err and *body NULL. */
int api_get_body_sync(struct api *a, const char *path_and_query,
                      const char *version, char **body, size_t *len,
                      struct pf_error *err);

/* ---- tasks: operations of sibling modules (files.c)
 *
 * A task is an operation made of several steps (an upload: POST, PUT,
 * polls). It lives on the api's one list, so it has an id from the same
 * counter, api_cancel cancels it, api_next_wakeup_ms covers its timers
 * and api_run does its due work; its API requests are JSON operations
 * (api_json_start), its other transfers its own. The hooks get the
 * task's ud and the time (clock_now_ms); they run from api_run or
 * api_cancel, never from inside libcurl. */
struct api_task_ops {
	/* ms until the task has timer work: 0 = now, -1 = none */
	long long (*next_wakeup_ms)(void *ud, long long now);
	/* do the work that made next_wakeup_ms 0 (it must not stay 0); may
	 * run callbacks and end the task */
	void (*run)(void *ud, long long now);
	/* cancel now: abort what is in flight, run the task's own callback,
	 * and end the task (api_task_end) before returning */
	void (*cancel)(void *ud);
};

/* Put a task on the list. owner groups tasks for api_cancel_owner (the
 * module instance). Returns its id (> 0) or -1 with err. */
long api_task_start(struct api *a, const struct api_task_ops *ops,
                    const void *owner, void *ud, struct pf_error *err);
/* Take task id off the list (no hook runs); the task's module frees it. */
void api_task_end(struct api *a, long id);
/* api_cancel every task of owner. */
void api_cancel_owner(struct api *a, const void *owner);

/* The URL a user operation goes to (for --dry-run and messages). Caller
 * frees; NULL out of memory. */
char *api_user_url(const struct api *a, const char *who);
/* The exact body api_user_update would send for body (company_id added for
 * 2025-01-01). Caller frees. */
char *api_update_body(const struct api *a, const char *body);

/* The transport and settings behind a, for sibling modules (files: the
 * PUT to the storage host; picture downloads): they share the one
 * connection pool and event loop. API requests go through
 * api_json_start, never straight to http_start. Owned by a. */
struct http_client;
struct http_client *api_http(struct api *a);
const struct config *api_config(const struct api *a);

/* What kind of credential this client's token is, learnt without an extra
 * request from the answers to GET /users/me it made (capability.h:
 * capability_kind_learn: 2xx a user token, 400 an API key);
 * CAP_CRED_UNKNOWN until then (and for NULL). */
enum cap_cred api_cred_kind(const struct api *a);

/* How many times a request was scheduled to be sent again so far (a 429,
 * a 503, a lost connection: the waits above), for callers that pace
 * themselves (bulk edits slow down after one). 0 for NULL. */
unsigned long api_repeats(const struct api *a);

/* Use token from now on instead of the configuration's (the editor's
 * masked prompt after a 401). Kept in memory only, never written; the
 * trace redacts it; it goes only to the API's origin like the first one.
 * Operations already sent keep the old header; the caller starts them
 * again. Returns 0 or -1 with err (see http_set_token). */
int api_set_token(struct api *a, const char *token, struct pf_error *err);

/* Turn an HTTP answer into err (used by api.c; exposed for tests). status
 * is the HTTP status; body may be NULL or anything (HTML, garbage);
 * retry_after_s is the Retry-After header or -1. what names the operation. */
void api_error_from_response(long status, const char *body, size_t len,
                             int retry_after_s, const char *what,
                             struct pf_error *err);

#endif
