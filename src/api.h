/* api.h - the users API: endpoints in, model objects and errors out.
 *
 * Built on http.c; knows the contract (paths, headers, versions, the
 * account_id rule, the error body) and nothing of the terminal. Every
 * operation exists in two forms: asynchronous (the UI's event loop keeps
 * running; the callback fires from api_run) and blocking (_sync, for
 * command mode). Both share one code path.
 *
 * Every request carries Accept: application/json, Api-Version-Date (the
 * users or files version from the config), the User-Agent and the token.
 * A failure of any kind becomes one struct pf_error: transport errors, the
 * HTTP status with the server's error.code / error.type / error.message
 * (sanitised), a 429's wait (Retry-After header, else "Try again in N
 * seconds" in the message), or a 2xx body that is not a usable User.
 *
 * Retries (docs/resilience.md). A failed request is sent again, up to
 * cfg->retries times (--retries, default 2), after a wait:
 *   - GET: on a connection failure (reset, refused, truncated answer, no
 *     connection in time), 408, 429 and 5xx. Not after a total timeout
 *     once connected: the person allowed --timeout seconds, not three times
 *     that.
 *   - PATCH: only when the server surely did not apply it: 429, 503, or
 *     err->not_sent (refused, name not resolved, no connection in time).
 *     After any other failure that leaves its fate open (reset or timeout
 *     once sent, truncated or oversized answer, 5xx other than 503, a 2xx
 *     that is not a user) the user is read again (GET, same URL) and the
 *     values sent are compared with it: err->landed says YES, NO or
 *     UNKNOWN. Found applied, the operation SUCCEEDS with the re-read user
 *     (err->kind PF_OK, err->landed PF_LANDED_YES, err->message saying what
 *     was lost; pf_error_sentence tells the story). A 4xx is the server's
 *     refusal and is neither repeated nor re-read; after a refusal that is
 *     certain (4xx, 429, 503, not_sent) err->landed is PF_LANDED_NO.
 * The wait is the server's when it names one (Retry-After, or "Try again
 * in N seconds" of a 429; more than policy.max_wait_s is not waited: the
 * 429 is reported), else a capped, jittered exponential backoff: about
 * 0.5 s, 1 s, 2 s ... at most 8 s, each between half and all of that.
 *
 * Waiting never blocks: the operation has no transfer then, api_wait's
 * timeout is cut to the moment it is due and api_run sends it. The UI
 * shows a countdown from api_waiting() (and redraws at least once a second
 * while it is true); Esc is api_cancel(), which ends the wait at once.
 */
#ifndef PROFED_API_H
#define PROFED_API_H

#include <stdbool.h>
#include <stddef.h>

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

/* Cancel an operation; its callback runs now with PF_ERR_CANCELLED, also
 * while it waits to repeat a request (no further request is sent). A
 * PATCH cancelled in flight has err->landed PF_LANDED_UNKNOWN (it may
 * have arrived); one cancelled while waiting to repeat, PF_LANDED_NO. */
void api_cancel(struct api *a, long op);

/* Operations in flight or waiting to repeat a request. */
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

/* Milliseconds until the first waiting operation is due (0 when overdue),
 * -1 when none waits. api_wait already honours it. */
long api_next_wakeup_ms(const struct api *a);

/* The event loop's wait and run, see http_wait / http_run. api_wait
 * returns early when a waiting operation falls due; api_run then sends it
 * (and runs the callbacks of operations that finished). */
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

/* Blocking forms: 0 and *out set (caller frees), or -1 with err. They
 * wait out retries silently (command mode has no countdown). */
int api_user_get_sync(struct api *a, const char *who, struct user **out,
                      struct pf_error *err);
int api_user_update_sync(struct api *a, const char *who, const char *body,
                         struct user **out, struct pf_error *err);

/* The URL a user operation goes to (for --dry-run and messages). Caller
 * frees; NULL out of memory. */
char *api_user_url(const struct api *a, const char *who);
/* The exact body api_user_update would send for body (company_id added for
 * 2025-01-01). Caller frees. */
char *api_update_body(const struct api *a, const char *body);

/* The transport and settings behind a, for sibling modules that speak other
 * endpoints (files): they share the one connection pool and event loop.
 * Owned by a. */
struct http_client;
struct http_client *api_http(struct api *a);
const struct config *api_config(const struct api *a);

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
