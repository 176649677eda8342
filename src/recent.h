/* recent.h - recent people: the last RECENT_MAX people opened, per
 * environment and account, most recent first (the finder shows them for an
 * empty text), and the credential's own user id once known (so opening
 * yourself by id or username counts as yourself; capability.h).
 *
 * Where: $XDG_STATE_HOME/profed/recent/ENV[.ACCOUNT].json (else
 * ~/.local/state/...), ENV the environment as drafts name it ("production",
 * "sandbox" or the base URL), parts escaped like drafts (statefile.h). The
 * directory is 0700 and checked (a symlink, another owner's or a loose one
 * is refused), the file is 0600, written atomically (temporary file +
 * rename); reading refuses a symlink, another owner's file and a file group
 * or others may read or write.
 *
 * What: {"profed_recent":1,"env":"production","account_id":null,
 *        "self_id":"user_..." or null,
 *        "people":[{"id":"user_...","username":"...","name":"..." or null,
 *                   "at":1790000000}, ...]}
 * Hostile contents: a file that is not this JSON is refused (-1, left in
 * place); inside a good file, an entry that is not an object, lacks a
 * string id starting "user_", holds a string over RECENT_MAX_TEXT bytes,
 * invalid UTF-8 or a NUL, or repeats an id is skipped; a wrong-typed
 * username/name/at is dropped from that entry. At most RECENT_MAX entries
 * are kept. Strings are kept raw: sanitise at display (text.h).
 *
 * Wiring: r = {0}; recent_load(path, &r, &err) (a refused file: say so and
 * go on with an empty list); after opening a person: recent_add(&r, id,
 * username, name, time(NULL)); recent_save(path, env, account, &r, &err);
 * after a `me` load: recent_set_self(&r, id). recent_clear(&r) at the end.
 */
#ifndef PROFED_RECENT_H
#define PROFED_RECENT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct config;

#define RECENT_MAX 50
#define RECENT_MAX_TEXT 1024          /* bytes of one id, username or name */
#define RECENT_MAX_BYTES (512u * 1024u) /* larger files are refused */

struct recent_entry {
	char *user_id;   /* never NULL */
	char *username;  /* NULL when unknown */
	char *name;      /* NULL when none */
	long long at;    /* Unix seconds, 0 when unknown */
};

/* Zero-initialise. Entries most recent first; owned by the list. */
struct recent {
	struct recent_entry items[RECENT_MAX];
	size_t n;
	char *self_id;   /* the credential's own user id, NULL when unknown */
};

/* The file for env and account_id (NULL = none). Caller frees; NULL with
 * err (PF_ERR_USAGE: empty env; PF_ERR_CONFIG: no state directory). */
char *recent_path(const char *env, const char *account_id,
                  struct pf_error *err);
char *recent_path_for(const struct config *cfg, struct pf_error *err);

/* Read path into r (cleared first). Returns 0 (a missing file gives an
 * empty list) or -1 with err (refused or damaged file; r left empty). */
int recent_load(const char *path, struct recent *r, struct pf_error *err);

/* The parser behind recent_load (fuzzer, tests): text[0..n) into r. */
int recent_parse(const char *text, size_t n, struct recent *r,
                 struct pf_error *err);

/* Put a person first: an entry with the same id moves to the front with
 * the new username/name/at; the oldest falls off beyond RECENT_MAX.
 * user_id must be non-empty. Returns 0 or -1 with err (usage, no memory:
 * r unchanged). */
int recent_add(struct recent *r, const char *user_id, const char *username,
               const char *name, long long at, struct pf_error *err);

/* Remember the credential's own id (NULL forgets). 0 or -1 (no memory). */
int recent_set_self(struct recent *r, const char *user_id,
                    struct pf_error *err);

/* Whether who (an id or a username, compared ignoring case as the API
 * does) is the credential's own user by r: who equals self_id, or names
 * the entry whose id is self_id. */
bool recent_is_self(const struct recent *r, const char *who);

/* Save r to path for env/account atomically (see above). 0 or -1. */
int recent_save(const char *path, const char *env, const char *account_id,
                const struct recent *r, struct pf_error *err);

void recent_clear(struct recent *r); /* frees the entries; accepts NULL */

#endif
