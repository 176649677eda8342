/* child.h - starting another program so that it holds nothing of profed.
 *
 * Every child profed starts (the $EDITOR, the picture decoder helper,
 * anything later) goes through child_spawn: fork, then execve, so the
 * child's memory is the new program's and never a copy of profed's (where
 * the token lives). The child gets:
 *   - exactly the environment given: child_env_clean builds one from
 *     profed's own without WHOP_API_KEY or any other secret
 *     (child_env_is_secret), or an empty one;
 *   - only file descriptors 0, 1 and 2: every other one is closed between
 *     fork and exec (close_range, else one by one), whatever its
 *     close-on-exec flag, so no API connection, libcurl socketpair, trace
 *     or draft file reaches it;
 *   - default signal dispositions and an empty signal mask;
 *   - optional resource limits (address space, CPU seconds, file size,
 *     open files), set before exec so they bind the new program too.
 *
 * No curses, nothing printed. Between fork and exec the child calls only
 * async-signal-safe functions; when exec fails it exits with 127.
 */
#ifndef PROFED_CHILD_H
#define PROFED_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Resource limits for a child; 0 leaves that limit as it is. file_bytes
 * uses CHILD_NO_FILES for a limit of zero (no file may be written). */
struct child_limits {
	unsigned long long as_bytes;   /* RLIMIT_AS */
	unsigned long cpu_seconds;     /* RLIMIT_CPU (SIGXCPU, then SIGKILL) */
	unsigned long long file_bytes; /* RLIMIT_FSIZE */
	unsigned long open_files;      /* RLIMIT_NOFILE */
};
#define CHILD_NO_FILES (~0ULL)

struct child_spec {
	const char *path;          /* absolute path of the program */
	char *const *argv;         /* NULL-terminated, argv[0] first */
	char *const *envp;         /* NULL-terminated; NULL = empty */
	bool pipe_stdin;           /* true: *to_child writes the child's stdin */
	bool pipe_stdout;          /* true: *from_child reads its stdout */
	bool null_stderr;          /* true: stderr is /dev/null */
	const struct child_limits *limits; /* NULL = none */
};

/* Start spec's program. *pid receives the child's id; *to_child and
 * *from_child the parent's ends of the pipes asked for (close-on-exec,
 * -1 when not asked; the parent closes them). Fds 0-2 not piped are
 * profed's own. Returns 0, or -1 with err (PF_ERR_IO: no pipe or fork;
 * a failed exec shows only as the child's exit status 127). */
int child_spawn(const struct child_spec *spec, pid_t *pid, int *to_child,
                int *from_child, struct pf_error *err);

/* Whether the environment entry "NAME=value" (or the bare NAME) is a
 * secret no child may see: WHOP_API_KEY, and any name holding TOKEN,
 * SECRET, PASSWORD or API_KEY that starts with WHOP_ or PROFED_. */
bool child_env_is_secret(const char *entry);

/* A copy of env (NULL-terminated, e.g. environ) without its secrets:
 * a malloc'd array of pointers into env's strings (free the array only,
 * with free()). NULL when out of memory. */
char **child_env_clean(char *const *env);

#endif
