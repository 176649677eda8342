/* statefile.h - small private files under profed's state directory
 * ($XDG_STATE_HOME/profed, XDG_STATE_HOME absolute, else
 * ~/.local/state/profed): drafts (draft.h), recent people (recent.h) and
 * the audit trail (audit.h) share these rules through this one module.
 *
 *   - names: every part escaped (anything but [A-Za-z0-9_-] becomes %XX);
 *   - directories are created 0700; statefile_private_dir() also refuses
 *     an existing directory that is a symlink, not ours, or open to group
 *     or others;
 *   - whole files are written atomically: a temporary file in the same
 *     directory (O_EXCL, 0600), fsync, rename over the old one, fsync of
 *     the directory. A reader sees the old file or the new one;
 *   - reading refuses a symlink (O_NOFOLLOW), a FIFO (O_NONBLOCK, then not
 *     regular), a file of another owner, a file group or others may read
 *     or write, and a file over the caller's size cap.
 *
 * `what` names the file in messages ("draft", "recent-people file"):
 * "cannot write the draft X", "refusing the draft X: ...". Functions never
 * print; errors fill err (PF_ERR_IO naming the file, PF_ERR_NOMEM,
 * PF_ERR_CONFIG when neither XDG_STATE_HOME nor HOME is set).
 */
#ifndef PROFED_STATEFILE_H
#define PROFED_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct config;
struct strbuf;

/* "$XDG_STATE_HOME/profed/SUB/" (or ~/.local/state/profed/SUB/; just
 * ".../profed/" when sub is NULL or ""), with the trailing slash. Not
 * created here. Caller frees; NULL with err. `what` is for the message
 * ("cannot keep drafts: ..." with what "drafts"). */
char *statefile_dir(const char *sub, const char *what, struct pf_error *err);

/* Append s to sb with every byte but [A-Za-z0-9_-] as %XX. Returns 0 or
 * -1 out of memory. */
int statefile_escape(struct strbuf *sb, const char *s);

/* FNV-1a (64 bits) of s, continuing from h (start with
 * STATEFILE_HASH_INIT). */
#define STATEFILE_HASH_INIT 0xcbf29ce484222325ULL
uint64_t statefile_hash(uint64_t h, const char *s);

/* A file name from parts joined by '.', each escaped, ending in suffix
 * (".json"); a name longer than 200 bytes is cut to 150 and ends in
 * "~HASH" of all the parts. NULL parts are skipped, as are "" parts
 * after the first. Appended to sb. Returns 0 or -1 out of memory. */
int statefile_name(struct strbuf *sb, const char *const *parts, size_t n,
                   const char *suffix);

/* A file's path: the directory sub (statefile_dir, what naming it in
 * messages) and the name made of parts (statefile_name) with ext.
 * Caller frees; NULL with err. */
char *statefile_path(const char *sub, const char *what,
                     const char *const *parts, size_t n, const char *ext,
                     struct pf_error *err);

/* The environment files are filed under for cfg: "production",
 * "sandbox", or the base URL of a custom server; never NULL. */
const char *statefile_env_of(const struct config *cfg);

/* Create dir and its missing parents, mode 0700. Returns 0 or -1. */
int statefile_mkdirs(const char *dir, const char *what, struct pf_error *err);

/* statefile_mkdirs, then refuse dir itself when it is a symlink, not a
 * directory, not ours, or has any group/other bit ("chmod 700 DIR"). */
int statefile_private_dir(const char *dir, const char *what,
                          struct pf_error *err);

/* Write all n bytes of buf to fd (EINTR retried). 0 or -1 with errno. */
int statefile_write_all(int fd, const char *buf, size_t n);

/* Replace path with data[0..n) atomically (see above), creating the
 * directories (0700; with private_dir the last one is checked like
 * statefile_private_dir). On failure the old file, if any, is left as it
 * was and no temporary file remains. Returns 0 or -1 with err. */
int statefile_write_atomic(const char *path, const char *data, size_t n,
                           bool private_dir, const char *what,
                           struct pf_error *err);

/* Check an open fd: a regular file, ours, no group/other bits, at most
 * max bytes (0: no cap). Returns 0 or -1 with err ("refusing the WHAT
 * PATH: ..."; a loose file's message ends "chmod 600 PATH"). */
int statefile_check_fd(int fd, const char *path, size_t max, const char *what,
                       struct pf_error *err);

/* Read path whole into out (appended; out->limit is set to max). Returns 0,
 * 1 when there is no such file (out untouched), or -1 with err when the
 * file is refused (symlink, not regular, not ours, loose, over max bytes)
 * or cannot be read. */
int statefile_read_private(const char *path, size_t max, const char *what,
                           struct strbuf *out, struct pf_error *err);

/* Remove path; a missing file is fine. Returns 0 or -1 with err. */
int statefile_remove(const char *path, const char *what, struct pf_error *err);

#endif
