/* child.c - starting a child that holds nothing of profed (see child.h). */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* See child.h. */
bool child_env_is_secret(const char *entry)
{
	static const char *const words[] = { "TOKEN", "SECRET", "PASSWORD",
	                                     "API_KEY", "APIKEY", NULL };
	size_t n;

	if (!entry)
		return false;
	n = strcspn(entry, "=");
	if (n == 12 && strncmp(entry, "WHOP_API_KEY", 12) == 0)
		return true;
	if (strncmp(entry, "WHOP_", 5) != 0 && strncmp(entry, "PROFED_", 7) != 0)
		return false;
	for (size_t i = 0; words[i]; i++) {
		size_t w = strlen(words[i]);
		for (size_t j = 0; j + w <= n; j++)
			if (strncmp(entry + j, words[i], w) == 0)
				return true;
	}
	return false;
}

/* See child.h. */
char **child_env_clean(char *const *env)
{
	size_t n = 0, k = 0;
	char **out;

	while (env && env[n])
		n++;
	out = malloc((n + 1) * sizeof *out);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!child_env_is_secret(env[i]))
			out[k++] = env[i];
	out[k] = NULL;
	return out;
}

/* In the child: close every fd from 3 up (async-signal-safe). */
static void close_from_3(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3u, ~0u, 0u) == 0)
		return;
#endif
	{
		struct rlimit rl;
		long max = 65536;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
		    rl.rlim_cur < 1048576)
			max = (long)rl.rlim_cur;
		for (long fd = 3; fd < max; fd++)
			close((int)fd);
	}
}

/* In the child: one limit, soft and hard. */
static int set_limit(int what, unsigned long long v)
{
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)v;
	return setrlimit(what, &rl);
}

/* In the child: the limits asked for. -1 when one could not be set. */
static int apply_limits(const struct child_limits *l)
{
	int rc = 0;

	if (!l)
		return 0;
	if (l->as_bytes && set_limit(RLIMIT_AS, l->as_bytes) != 0)
		rc = -1;
	if (l->cpu_seconds) {
		/* SIGXCPU at the soft limit, SIGKILL a second later */
		struct rlimit rl = { (rlim_t)l->cpu_seconds,
		                     (rlim_t)l->cpu_seconds + 1 };
		if (setrlimit(RLIMIT_CPU, &rl) != 0)
			rc = -1;
	}
	if (l->file_bytes &&
	    set_limit(RLIMIT_FSIZE, l->file_bytes == CHILD_NO_FILES
	                            ? 0 : l->file_bytes) != 0)
		rc = -1;
	if (l->open_files && set_limit(RLIMIT_NOFILE, l->open_files) != 0)
		rc = -1;
	return rc;
}

/* In the child: from fork to exec; never returns. */
static void child_exec(const struct child_spec *spec, int in[2], int out[2])
{
	static char *const empty[] = { NULL };
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	if (spec->pipe_stdin && dup2(in[0], 0) < 0)
		_exit(127);
	if (spec->pipe_stdout && dup2(out[1], 1) < 0)
		_exit(127);
	if (spec->null_stderr) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(127);
	}
	/* 0-2 stay open across exec whatever their flags were */
	for (int fd = 0; fd <= 2; fd++) {
		int fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && (fl & FD_CLOEXEC))
			fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
	}
	close_from_3();
	if (apply_limits(spec->limits) != 0)
		_exit(127);
	execve(spec->path, spec->argv, spec->envp ? spec->envp : empty);
	_exit(127);
}

/* See child.h. */
int child_spawn(const struct child_spec *spec, pid_t *pid, int *to_child,
                int *from_child, struct pf_error *err)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, e;
	pid_t p;

	*pid = -1;
	if (to_child)
		*to_child = -1;
	if (from_child)
		*from_child = -1;
	if (!spec || !spec->path || !spec->argv)
		return pf_error_set(err, PF_ERR_USAGE, "no program to start");
	if ((spec->pipe_stdin && pipe2(in, O_CLOEXEC) != 0) ||
	    (spec->pipe_stdout && pipe2(out, O_CLOEXEC) != 0)) {
		e = errno;
		goto fail;
	}
	p = fork();
	if (p < 0) {
		e = errno;
		goto fail;
	}
	if (p == 0)
		child_exec(spec, in, out);
	*pid = p;
	if (spec->pipe_stdin) {
		close(in[0]);
		if (to_child)
			*to_child = in[1];
		else
			close(in[1]);
	}
	if (spec->pipe_stdout) {
		close(out[1]);
		if (from_child)
			*from_child = out[0];
		else
			close(out[0]);
	}
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return pf_error_set(err, PF_ERR_IO, "cannot start %s: %s", spec->path,
	                    strerror(e));
}
