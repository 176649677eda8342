/* members.h - the support endpoints' answers, parsed tolerantly
 * (CONTRACT.md "Support work"): a page of users (GET /users?query=), of a
 * business's members (GET /members), of a member's log entries
 * (GET /members/{id}/logs), their page_info, and an access answer
 * (GET /users/{id}/access/{resource}); plus the rows `profed find`,
 * `profed history` and the finder show of them (listfmt.h prints them).
 *
 * Tolerance: the text must be one JSON object (else PF_ERR_PARSE); a list
 * answer must hold a "data" array (else PF_ERR_PARSE). Inside, anything
 * missing, null, of the wrong type, longer than MEMBERS_MAX_TEXT bytes or
 * not valid UTF-8 becomes absent (NULL, false); an item that is not an
 * object is skipped, and so is a user or member without a usable id (a
 * log entry has no id and is kept). At most MEMBERS_MAX_ITEMS items of a
 * page are kept. Strings are raw: sanitise at display (listfmt does).
 * Each item also keeps its JSON text (compact, as received otherwise) for
 * --json/--jsonl.
 *
 * Paging: members_page_more(&info) says whether to ask for the next page
 * (same request with after=info.end_cursor): only when end_cursor is a
 * non-empty string and has_next_page is not false. Never fetch more pages
 * than the person asked to see.
 */
#ifndef PROFED_MEMBERS_H
#define PROFED_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define MEMBERS_MAX_TEXT (64u * 1024u)
#define MEMBERS_MAX_ITEMS 1000
#define MEMBERS_USERS_FIRST_MAX 50    /* `first` of GET /users */
#define MEMBERS_MEMBERS_FIRST_MAX 100 /* `first` of GET /members and logs */
#define MEMBERS_VERSION "2026-09-11"      /* Api-Version-Date of /members */
#define MEMBERS_LOGS_VERSION "2026-09-22-3" /* ... of /members/{id}/logs */

struct page_info {
	char *end_cursor;       /* NULL when null, absent or unusable */
	char *start_cursor;
	bool has_next_page;     /* absent: true (end_cursor decides) */
	bool has_previous_page;
};

/* A person: a user search result, a member's user summary, or a log
 * entry's actor (which may have only an id). */
struct person {
	char *id;
	char *username;
	char *name;
	char *picture_url;      /* profile_picture.url */
};

struct member {
	char *id;               /* mber_…, never NULL */
	char *access_level;     /* customer, admin, no_access, or other text */
	char *account_id;
	char *created_at;
	char *joined_at;
	char *last_accessed_at; /* NULL: never */
	char *phone_number;     /* personal: show only when asked */
	char *status;           /* joined, left, ... */
	struct person *user;    /* NULL: the buyer is a business, not a person */
	char *json;             /* the item's JSON text */
};

struct member_log {
	char *action;           /* NULL: shown as "—" */
	struct person *actor;   /* NULL: the system */
	char *created_at;
	char *json;
};

struct user_page { struct person *items; char **json; size_t n; struct page_info info; };
struct member_page { struct member *items; size_t n; struct page_info info; };
struct log_page { struct member_log *items; size_t n; struct page_info info; };

struct access_answer {
	bool known;             /* has_access was a boolean */
	bool has_access;
	char *access_level;     /* NULL when absent */
};

/* Parse json[0..n) into *out (zeroed first). 0, or -1 with err
 * (PF_ERR_PARSE, PF_ERR_NOMEM; *out then empty). NULL json is -1. */
int members_parse_users(const char *json, size_t n, struct user_page *out,
                        struct pf_error *err);
int members_parse_members(const char *json, size_t n, struct member_page *out,
                          struct pf_error *err);
int members_parse_logs(const char *json, size_t n, struct log_page *out,
                       struct pf_error *err);
int members_parse_access(const char *json, size_t n, struct access_answer *out,
                         struct pf_error *err);

bool members_page_more(const struct page_info *info);

void members_user_page_free(struct user_page *p);     /* accept NULL */
void members_member_page_free(struct member_page *p);
void members_log_page_free(struct log_page *p);
void members_access_free(struct access_answer *a);

/* ---- rows for listfmt: titles (static) and cells (owned), row-major */
struct members_rows {
	const char *const *titles;
	size_t ncols;
	char **cells;           /* nrows * ncols, never NULL cells */
	size_t nrows;
};

/* Users: USERNAME, NAME, USER ID. */
int members_rows_users(const struct person *items, size_t n,
                       struct members_rows *out);
/* Members: USERNAME, NAME, USER ID, MEMBER ID, STATUS, ACCESS, JOINED,
 * LAST SEEN (local time; "never" for null), and PHONE only with
 * show_phone. A business buyer's name cell is "a business, not a
 * person". */
int members_rows_members(const struct member *items, size_t n,
                         bool show_phone, struct members_rows *out);
/* History: TIME (local), ACTION ("—" for null), ACTOR (name, else
 * username, else the id; "system" for null). */
int members_rows_logs(const struct member_log *items, size_t n,
                      struct members_rows *out);
void members_rows_free(struct members_rows *r);

/* The actor cell of one entry (static or owned by e). */
const char *members_actor_text(const struct member_log *e);

/* Whether resource has a prefix GET /users/{id}/access/ takes (biz_,
 * prod_, exp_, followed by at least one of [A-Za-z0-9]). */
bool members_resource_ok(const char *resource);

#endif
