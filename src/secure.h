/* secure.h - process hardening that keeps the token out of places it
 * could leak from.
 *
 * The token lives in profed's memory while it runs. A core dump would
 * write that memory to disk (readable later, possibly by others, or
 * shipped to a crash reporter); a dumpable process can also be read by
 * any other process of the same user through ptrace or /proc/PID/mem.
 */
#ifndef PROFED_SECURE_H
#define PROFED_SECURE_H

#include "error.h"

/* No core dumps, not dumpable: RLIMIT_CORE 0 (soft and hard, so no child
 * can raise it again) and, on Linux, prctl(PR_SET_DUMPABLE, 0), which also
 * refuses ptrace attachment by other unprivileged processes. Call first
 * thing in main, before the token is read. Returns 0, or -1 with err
 * (PF_ERR_IO) when a step failed; every step is tried regardless, and
 * profed carries on either way (it is protection in depth). */
int secure_no_core_dumps(struct pf_error *err);

#endif
