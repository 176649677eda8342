/* testutil.c - shared test helpers; see testutil.h. */
#include "clock.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "strbuf.h"

char *tu_tempdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/profed-test-XXXXXX",
	         base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		abort();
	}
	char *p = strdup(tmpl);
	if (!p)
		abort();
	return p;
}

static int tu_rm_entry(const char *path, const struct stat *st, int flag,
                       struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void tu_rmtree(const char *path)
{
	if (path)
		nftw(path, tu_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_write_file(const char *path, const char *content, size_t len,
                  mode_t mode)
{
	if (len == (size_t)-1)
		len = strlen(content);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	fchmod(fd, mode); /* umask must not widen or narrow what the test asked */
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, content + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	return close(fd);
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append(&sb, chunk, n);
	fclose(f);
	if (len)
		*len = sb.len;
	return strbuf_take(&sb);
}

/* Child side of tu_run: wire the pipes and exec. Never returns. */
static void tu_exec_child(const char *const argv[], const char *const env[],
                          int in, int out, int err)
{
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	static const char *const empty_env[] = {NULL};
	execve(argv[0], (char *const *)argv,
	       (char *const *)(env ? env : empty_env));
	_exit(127);
}

int tu_run(const char *const argv[], const char *const env[],
           const char *stdin_data, int timeout_ms, struct tu_result *res)
{
	int pin[2], pout[2], perr[2];
	memset(res, 0, sizeof *res);
	if (!argv || !argv[0])
		return -1;
	if (pipe(pin) < 0 || pipe(pout) < 0 || pipe(perr) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		tu_exec_child(argv, env, pin[0], pout[1], perr[1]);
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	signal(SIGPIPE, SIG_IGN);

	const char *in = stdin_data ? stdin_data : "";
	size_t in_left = strlen(in);
	int in_fd = pin[1];
	if (in_left == 0) {
		close(in_fd);
		in_fd = -1;
	} else {
		fcntl(in_fd, F_SETFL, O_NONBLOCK);
	}
	struct strbuf out = {0}, errb = {0};
	int open_fds = 2;
	long long deadline = clock_now_ms() + timeout_ms;
	bool timed_out = false;
	while (open_fds > 0 || in_fd >= 0) {
		struct pollfd p[3] = {
			{.fd = pout[0], .events = POLLIN},
			{.fd = perr[0], .events = POLLIN},
			{.fd = in_fd, .events = POLLOUT},
		};
		long long left = deadline - clock_now_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (poll(p, 3, (int)left) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[8192];
			ssize_t n = read(p[i].fd, buf, sizeof buf);
			if (n > 0) {
				strbuf_append(i == 0 ? &out : &errb, buf, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(p[i].fd);
				if (i == 0)
					pout[0] = -1;
				else
					perr[0] = -1;
				open_fds--;
			}
		}
		if (in_fd >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in_fd, in, in_left);
			if (n > 0) {
				in += n;
				in_left -= (size_t)n;
			}
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				in_left = 0;
			if (in_left == 0) {
				close(in_fd);
				in_fd = -1;
			}
		}
	}
	if (in_fd >= 0)
		close(in_fd);
	if (pout[0] >= 0)
		close(pout[0]);
	if (perr[0] >= 0)
		close(perr[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		res->exit_code = -1;
	else if (WIFEXITED(status))
		res->exit_code = WEXITSTATUS(status);
	else
		res->exit_code = 128 + WTERMSIG(status);
	res->out_len = out.len;
	res->out = strbuf_take(&out);
	res->err_len = errb.len;
	res->err = strbuf_take(&errb);
	return 0;
}

void tu_result_free(struct tu_result *res)
{
	if (!res)
		return;
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}

bool tu_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle) != NULL;
}

int tu_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
