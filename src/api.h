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
 * it (user_free) and may keep it; it is NULL exactly when err->kind != PF_OK. */
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

/* Cancel an operation; its callback runs now with PF_ERR_CANCELLED. */
void api_cancel(struct api *a, long op);

bool api_busy(const struct api *a);

/* The event loop's wait and run, see http_wait / http_run. */
int api_wait(struct api *a, const int *fds, size_t nfds, short *revents,
             int timeout_ms);
void api_run(struct api *a);

/* Blocking forms: 0 and *out set (caller frees), or -1 with err. */
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

/* Turn an HTTP answer into err (used by api.c; exposed for tests). status
 * is the HTTP status; body may be NULL or anything (HTML, garbage);
 * retry_after_s is the Retry-After header or -1. what names the operation. */
void api_error_from_response(long status, const char *body, size_t len,
                             int retry_after_s, const char *what,
                             struct pf_error *err);

#endif
