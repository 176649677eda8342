/* draft.h - unsent edits kept on disk, so that nothing typed is lost to a
 * crash, a closed terminal, a failed submit or a hang-up.
 *
 * Where: $XDG_STATE_HOME/profed/drafts/ (XDG_STATE_HOME must be absolute,
 * else ~/.local/state/profed/drafts/), one file per environment, account
 * and user: "ENV.USER.json" or "ENV.USER.ACCOUNT.json", every part escaped
 * (anything but [A-Za-z0-9_-] becomes %XX; an over-long name is cut and
 * ends in a hash of the whole). Directories are created 0700, the file is
 * 0600 and written atomically: a temporary file in the same directory
 * (O_EXCL, 0600), fsync, rename over the old one, fsync of the directory.
 * A reader sees the old draft or the new one, never half of one.
 * (These rules live in statefile.h, shared with recent.h and audit.h.)
 *
 * What: JSON holding the environment, account and user it belongs to, when
 * it was saved, and for each CHANGED field only its loaded value (what the
 * server had when editing began) and yours:
 *   {"profed_draft": 1, "env": "production", "account_id": null,
 *    "user_id": "user_...", "saved_at": 1790000000,
 *    "fields": {"name": {"loaded": "Ada", "yours": "Ada K"}}}
 * Never the token (an edit does not hold it; nothing else is written).
 *
 * The UI's contract:
 *   - path = draft_path_for(cfg, user->id, &err) once the user is loaded
 *     (the real id, so "me" and the username find the same draft);
 *   - open: draft_load(path, env, account, user_id, &d, &err) == 0 -> offer
 *     to restore; show each draft field's yours, and where
 *     draft_server_changes() lists it, that the server changed it since
 *     (loaded -> edit_baseline now). Restore: draft_apply(d, &edit).
 *     Decline: draft_remove(path) (an explicit discard). draft_free(d);
 *   - every change to the edit: draft_timer_touch(&t, clock_now_ms());
 *     the loop's wait uses draft_timer_timeout_ms() as an upper bound and,
 *     when draft_timer_due() says so, calls draft_save();
 *   - SIGHUP, SIGTERM, SIGINT: the signal handler only writes to the
 *     self-pipe (draft_save is not async-signal-safe); the loop, on reading
 *     it, calls draft_save() (when the edit is dirty) BEFORE restoring the
 *     terminal and exiting;
 *   - a failed submit: draft_save() (the edits stay in the form too);
 *   - a successful submit or an explicit discard: draft_remove(path).
 * draft_save() of an edit without changes removes the draft instead.
 */
#ifndef PROFED_DRAFT_H
#define PROFED_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "edit.h"
#include "error.h"

struct config;

#define DRAFT_MAX_BYTES (8u * 1024u * 1024u) /* larger files are refused */
#define DRAFT_DEBOUNCE_MS 1000L  /* save this long after the last change */
#define DRAFT_MAX_DELAY_MS 5000L /* ... but no later than this after the first */

/* A draft read back. Strings are owned by the draft; for a field with
 * has[f] false both are NULL. */
struct draft {
	char *env;
	char *account_id;            /* NULL = none */
	char *user_id;
	long long saved_at;          /* Unix seconds, 0 when unknown */
	bool has[FIELD_COUNT];       /* the field was changed */
	char *loaded[FIELD_COUNT];   /* the server's value when editing began */
	char *yours[FIELD_COUNT];    /* what the person had typed */
};

/* The draft file for env (an environment name like "production", or a
 * base URL), account_id (NULL = none) and user_id under the state
 * directory (see above); the directory is not created here. Caller frees;
 * NULL with err (PF_ERR_USAGE: empty env or user_id; PF_ERR_CONFIG: neither
 * XDG_STATE_HOME nor HOME; PF_ERR_NOMEM). */
char *draft_path(const char *env, const char *account_id, const char *user_id,
                 struct pf_error *err);

/* draft_path for cfg: env "production" or "sandbox", or the base URL of
 * a custom server; cfg->account_id. */
char *draft_path_for(const struct config *cfg, const char *user_id,
                     struct pf_error *err);

/* The environment name draft_path_for uses for cfg; owned by cfg or
 * static. */
const char *draft_env_of(const struct config *cfg);

/* Save e's changed fields (loaded = baseline, yours = current) for env,
 * account_id and user_id to path, atomically, mode 0600, creating the
 * directories (0700). No changed field: the draft is removed instead.
 * Returns 0 or -1 with err (PF_ERR_IO naming the file, PF_ERR_NOMEM);
 * on failure the previous draft, if any, is left as it was and no
 * temporary file remains. */
int draft_save(const char *path, const char *env, const char *account_id,
               const char *user_id, const struct edit *e, struct pf_error *err);

/* Read the draft at path, which must belong to env, account_id and
 * user_id. Returns 0 with *out (free with draft_free), 1 when there is no
 * draft (no file), or -1 with err: PF_ERR_IO when the file is not a
 * regular file of ours, can be read or written by others (chmod 600),
 * is larger than DRAFT_MAX_BYTES, is damaged (not the JSON above, wrong
 * types, a NUL byte) or belongs to another environment, account or user.
 * A refused file is left in place. Values are kept as written, like the
 * server's strings in user.h: sanitise at display time. */
int draft_load(const char *path, const char *env, const char *account_id,
               const char *user_id, struct draft **out, struct pf_error *err);

/* The parser behind draft_load, for the fuzzer and tests: text[0..n) as a
 * draft, without the identity check. Returns a draft or NULL with err. */
struct draft *draft_parse(const char *text, size_t n, struct pf_error *err);

/* Remove the draft at path. A missing file is fine. Returns 0 or -1 with
 * err (PF_ERR_IO). */
int draft_remove(const char *path, struct pf_error *err);

/* The draft's fields whose loaded value differs from e's baseline (the
 * profile just loaded): what changed on the server since the draft was
 * made. Stored in out in table order; returns how many. */
size_t draft_server_changes(const struct draft *d, const struct edit *e,
                            enum field_id out[FIELD_COUNT]);

/* Restore: each draft field's yours becomes e's current value (baselines
 * stay: they are the server's values now). Returns 0 or -1 with err (out
 * of memory; fields already set stay set). */
int draft_apply(const struct draft *d, struct edit *e, struct pf_error *err);

void draft_free(struct draft *d); /* accepts NULL */

/* ---- debounce: save shortly after typing pauses, and at least every
 * DRAFT_MAX_DELAY_MS while typing goes on. Zero-initialise. */
struct draft_timer {
	bool pending;        /* a change is not saved yet */
	long long first_ms;  /* the first unsaved change */
	long long due_ms;
};

/* The timer's times are clock_now_ms() (clock.h) readings. */
/* A change was made at now_ms. */
void draft_timer_touch(struct draft_timer *t, long long now_ms);
/* True once when the save is due (the timer then resets). */
bool draft_timer_due(struct draft_timer *t, long long now_ms);
/* Milliseconds until the save is due (0 when due), -1 when nothing is
 * pending: an upper bound for the event loop's wait. */
long draft_timer_timeout_ms(const struct draft_timer *t, long long now_ms);
/* Forget a pending save (after a submit or a discard). */
void draft_timer_clear(struct draft_timer *t);

#endif
