/* audit.h - the audit trail: a record of every change profed sends
 * (issue 11 section 1), and reading it back for `profed log`.
 *
 * Where: $XDG_STATE_HOME/profed/audit/YYYY-MM-DD.jsonl (else
 * ~/.local/state/...; the UTC day of the line). The directory is 0700 and
 * refused when it is a symlink, another owner's or open to group/others;
 * each file is opened O_WRONLY|O_APPEND|O_CREAT|O_NOFOLLOW|O_CLOEXEC, 0600,
 * and refused when it is not a regular file of ours or group/others may
 * read or write it. Each line is one write(2) on the O_APPEND descriptor.
 *
 * Two lines per request, sharing an id: "phase":"intent" just before the
 * request goes out (a crash afterwards still leaves it: the line is in the
 * kernel before the request is sent), "phase":"outcome" once it is known:
 *   {"profed_audit":1,"id":"<16 hex>","phase":"intent","time":"2026-11-28T
 *    08:52:04.123Z","env":"<base URL>","account_id":null,"user_id":"user_…",
 *    "username":"…","mode":"editor|set|bulk","changes":[{"field":"name",
 *    "old":"Ada","new":"Ada K"},{"field":"profile_picture","old":"<old URL>",
 *    "new":"file_…","file":"me.png"}],"credential":{"kind":"user|api-key|
 *    unknown","source":"environment|file|config|prompt","last4":"…"},
 *    "version":"<profed version>"}
 * and the outcome line adds "outcome":"saved|not saved|not known",
 * "status":<HTTP status or 0>, "request_id":"…" or null.
 * Never the token: only its kind, source and last 4 characters (none when
 * the token is shorter than AUDIT_TAIL_MIN, so little of it is revealed).
 *
 * Settings (config.h): audit = no writes nothing at all (audit_open gives
 * a handle whose calls succeed without touching the disk); audit-days
 * (default 90) keeps that many days: audit_open deletes older day files,
 * by their names only (no file is read).
 *
 * Failures never block an edit: every call returns -1 with err and the
 * caller goes on sending; audit_warn_once() is true the first time only,
 * so the person is told once (status line or stderr).
 *
 * The submit flow's contract (editor, set, bulk):
 *   a = audit_open(cfg, kind, audit_source_of(cfg), version);  // at start
 *   struct audit_request rq = { .mode = AUDIT_MODE_SET, .user_id = …,
 *       .username = …, .changes = ch, .n_changes = n };
 *   audit_intent(a, &rq, &err);        // fills rq.id; BEFORE the PATCH
 *   ... PATCH ...
 *   audit_outcome(a, &rq, AUDIT_SAVED, 200, request_id_header, &err);
 *   audit_close(a);
 * After a token typed at the prompt: audit_set_credential(a, kind,
 * AUDIT_SRC_PROMPT, token).
 */
#ifndef PROFED_AUDIT_H
#define PROFED_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "capability.h"
#include "edit.h"
#include "error.h"

struct config;

#define AUDIT_VERSION 1
#define AUDIT_TAIL_MIN 12        /* shorter tokens get no last4 */
#define AUDIT_MAX_LINE (4u * 1024u * 1024u) /* longer lines are skipped */

enum audit_mode { AUDIT_MODE_EDITOR, AUDIT_MODE_SET, AUDIT_MODE_BULK };
enum audit_outcome { AUDIT_SAVED, AUDIT_NOT_SAVED, AUDIT_NOT_KNOWN };
enum audit_source {
	AUDIT_SRC_ENVIRONMENT, /* WHOP_API_KEY */
	AUDIT_SRC_FILE,        /* --token-file or token-file = */
	AUDIT_SRC_CONFIG,      /* token = in the config file */
	AUDIT_SRC_PROMPT,      /* typed after a 401 */
};

/* One changed field. For the picture: old = the old URL, new = the new
 * file id, local_file = the local file's name (NULL when none). */
struct audit_change {
	enum field_id field;
	const char *old_value;
	const char *new_value;
	const char *local_file;
};

/* One request: filled by the caller; id is filled by audit_intent and
 * must be passed unchanged to audit_outcome. */
struct audit_request {
	enum audit_mode mode;
	const char *user_id;
	const char *username;
	const struct audit_change *changes;
	size_t n_changes;
	char id[17];
};

struct audit;

/* Where the token came from, by cfg's ranks (a token file that outranks
 * the token: FILE; WHOP_API_KEY: ENVIRONMENT; token = in the file:
 * CONFIG). */
enum audit_source audit_source_of(const struct config *cfg);

/* A handle for cfg (env = cfg->base_url, cfg->account_id, cfg->token's
 * last 4, cfg->audit, cfg->audit_days); version is profed's. Prunes old
 * days (errors ignored). NULL only when out of memory. */
struct audit *audit_open(const struct config *cfg, enum cap_cred kind,
                         enum audit_source source, const char *version);
/* The same with an explicit directory (tests; NULL = the default) and
 * clock (now: Unix seconds, 0 = the real clock). */
struct audit *audit_open_at(const struct config *cfg, enum cap_cred kind,
                            enum audit_source source, const char *version,
                            const char *dir, long long now);

/* A new token (the prompt after a 401). */
void audit_set_credential(struct audit *a, enum cap_cred kind,
                          enum audit_source source, const char *token);

/* The credential's kind only (learnt after the handle was opened: the
 * answer to GET /users/me); source and last 4 stay. */
void audit_set_kind(struct audit *a, enum cap_cred kind);

/* Write the intent line; fills rq->id. 0, or -1 with err (PF_ERR_IO).
 * A disabled trail writes nothing and returns 0 (rq->id still filled). */
int audit_intent(struct audit *a, struct audit_request *rq,
                 struct pf_error *err);

/* Write the outcome line for rq (same id). http_status 0 when no answer
 * came; request_id NULL when the server sent none. 0 or -1 with err. */
int audit_outcome(struct audit *a, const struct audit_request *rq,
                  enum audit_outcome outcome, long http_status,
                  const char *request_id, struct pf_error *err);

/* True exactly once, after the first failed write. */
bool audit_warn_once(struct audit *a);

/* The trail's directory (owned by a; NULL when it could not be named). */
const char *audit_dir(const struct audit *a);

void audit_close(struct audit *a); /* accepts NULL */

/* Delete day files (YYYY-MM-DD.jsonl) in dir older than `days` days
 * before now's UTC day; other names are never touched. Returns how many
 * were deleted, or -1 when dir cannot be read. */
int audit_prune(const char *dir, long days, long long now);

/* "saved", "not saved", "not known"; "editor", "set", "bulk";
 * "environment", "file", "config", "prompt". Never NULL. */
const char *audit_outcome_name(enum audit_outcome o);
const char *audit_mode_name(enum audit_mode m);
const char *audit_source_name(enum audit_source s);

/* ---- reading: `profed log [--user U] [--since DATE] [--until DATE]` */

/* DATEs are UTC days "YYYY-MM-DD" (inclusive); NULL = open. user matches
 * the target's id exactly or its username ignoring case. */
struct audit_filter {
	const char *user;
	const char *since;
	const char *until;
};

/* True when text is a real calendar day YYYY-MM-DD. */
bool audit_valid_day(const char *text);

/* One table row: one changed field of one request. Strings are owned by
 * the log (never NULL; "" when absent), raw: listfmt sanitises. */
struct audit_row {
	char *time, *id, *user_id, *username, *mode, *field;
	char *old_value, *new_value, *outcome;
	long status;
};

/* Zero-initialise. Add lines (audit_log_add_line / audit_log_parse /
 * audit_log_read), then audit_log_finish: pairs the lines by id (the
 * outcome wins; an intent alone is "not known"), applies the filter,
 * sorts oldest first and fills rows and records. */
struct audit_log {
	struct audit_filter filter;  /* set before adding; strings not owned */
	struct audit_row *rows;
	size_t n_rows;
	char **records;              /* JSON text of each request's outcome
	                                record (or its intent with
	                                "outcome":"not known"), oldest first */
	size_t n_records;
	size_t skipped;              /* lines that were not audit records */
	/* private */
	struct audit_rec *recs;
	size_t n_recs, cap_recs;
};

/* One line (no newline needed; at most AUDIT_MAX_LINE bytes): a
 * damaged line, a wrong type, invalid JSON or a NUL byte is skipped and
 * counted. Returns 0 or -1 out of memory. */
int audit_log_add_line(struct audit_log *log, const char *line, size_t n);
/* Every line of text[0..n). 0 or -1 out of memory. */
int audit_log_parse(struct audit_log *log, const char *text, size_t n);
/* The day files of dir (NULL = the default) within the filter's days;
 * refused files (symlink, loose, foreign) are an error. 0 or -1. */
int audit_log_read(struct audit_log *log, const char *dir,
                   struct pf_error *err);
/* Pair, filter, sort. 0 or -1 out of memory. */
int audit_log_finish(struct audit_log *log);
/* The table for `profed log` (time, user, field, old → new, outcome),
 * fitted to width (0: no limit); "No changes recorded.\n" when empty. */
char *audit_log_table(const struct audit_log *log, size_t width);
/* --json: one array of the records. */
char *audit_log_json(const struct audit_log *log);
void audit_log_free(struct audit_log *log); /* accepts NULL */

#endif
