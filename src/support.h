/* support.h - the support endpoints over the one request engine (api.h):
 * users search, a business's members, a member's logs, the access check.
 *
 * Paths are built here (escaped, pure: support_*_path); requests go
 * through api_get_json with the version of each endpoint (users: the
 * users version; members and logs: cfg->members_version and
 * cfg->logs_version), so retries, waits, cancel, redaction and the one
 * error formatter are the engine's. Answers are parsed with members.h,
 * tolerant of hostile text.
 *
 * Paging (CONTRACT.md): the next page is the same path with
 * after=<end_cursor>; members_page_more(&page.info) says whether there is
 * one. Never fetch more pages than the person asked to see.
 *
 *   char *p = support_members_path(cfg->account_id, &q);   // q.first etc.
 *   id = support_start(api, SUPPORT_MEMBERS, p, on_page, ud, &err);
 *   ... on_page(ud, id, &result, err): result->members is the page
 */
#ifndef PROFED_SUPPORT_H
#define PROFED_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "members.h"

struct api;

enum support_kind {
	SUPPORT_USERS,    /* GET /users?query= : struct user_page */
	SUPPORT_MEMBERS,  /* GET /members?... : struct member_page */
	SUPPORT_LOGS,     /* GET /members/{id}/logs : struct log_page */
	SUPPORT_ACCESS,   /* GET /users/{id}/access/{res} : access_answer */
};

/* One answer, the member of its kind filled. */
struct support_result {
	enum support_kind kind;
	struct user_page users;
	struct member_page members;
	struct log_page logs;
	struct access_answer access;
};
void support_result_free(struct support_result *r); /* the members; NULL ok */

/* The filters of a members search; NULL / 0 members are left out. */
struct support_query {
	const char *query;        /* name, username or an exact email */
	const char *status;       /* joined, left */
	const char *access_level; /* customer, admin, no_access */
	const char *user_ids;     /* one user_ id (or several, comma-separated) */
	size_t first;             /* page size: capped at the endpoint's most */
	const char *after;        /* end_cursor of the page before */
};

/* The paths. Caller frees; NULL out of memory or for a missing required
 * part (an empty member id or user; a resource with a wrong prefix, see
 * members_resource_ok). first 0: the endpoint's default. */
char *support_users_path(const char *query, size_t first, const char *after);
char *support_members_path(const char *account_id,
                           const struct support_query *q);
char *support_logs_path(const char *member_id, size_t first,
                        const char *after);
char *support_access_path(const char *user, const char *resource);

/* End of a support request, exactly once: r (the caller's to free with
 * support_result_free, and to keep by moving its members) when err->kind
 * is PF_OK, else NULL. */
typedef void (*support_fn)(void *ud, long id, struct support_result *r,
                           const struct pf_error *err);

/* GET path for kind. Returns the operation id (api_cancel cancels it) or
 * -1 with err. */
long support_start(struct api *a, enum support_kind kind, const char *path,
                   support_fn done, void *ud, struct pf_error *err);

/* Blocking form for command mode: 0 with *out filled, or -1 with err. */
int support_get_sync(struct api *a, enum support_kind kind, const char *path,
                     struct support_result *out, struct pf_error *err);

#endif
