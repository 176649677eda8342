/* sandbox.c - the decoder helper, from profed's side (see sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "clock.h"

#ifndef PROFED_PKGLIBEXECDIR
#define PROFED_PKGLIBEXECDIR "/usr/local/libexec/profed"
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif

static const char failed[] = "the picture could not be decoded";

static char *helper_set;
static int timeout_ms;
static void (*started_hook)(pid_t, void *);
static void *started_ud;

/* See sandbox.h. */
void sandbox_set_helper(const char *path)
{
	free(helper_set);
	helper_set = path ? strdup(path) : NULL;
}

/* See sandbox.h. */
void sandbox_set_timeout_ms(int ms)
{
	timeout_ms = ms > 0 ? ms : 0;
}

/* See sandbox.h. */
void sandbox_set_started_hook(void (*fn)(pid_t pid, void *ud), void *ud)
{
	started_hook = fn;
	started_ud = ud;
}

/* See sandbox.h. */
const char *sandbox_helper_path(void)
{
	static char found[PATH_MAX + 32];
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (helper_set)
		return helper_set;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(found, sizeof found, "%s/profed-decode", exe);
			if (access(found, X_OK) == 0)
				return found;
		}
	}
	snprintf(found, sizeof found, "%s/profed-decode", PROFED_PKGLIBEXECDIR);
	return access(found, X_OK) == 0 ? found : NULL;
}

/* Where the request's payload comes from: memory, or a file read in
 * chunks (so a large local picture never sits whole in profed). */
struct feed {
	const unsigned char *hdr;   /* the request header, hdr_n bytes */
	size_t hdr_n;
	const unsigned char *mem;   /* the payload in memory, or NULL */
	int fd;                     /* else read from here */
	size_t n;                   /* payload bytes */
	size_t sent;                /* of hdr_n + n */
	unsigned char chunk[65536]; /* fd: bytes read, not yet written */
	size_t chunk_off, chunk_len;
};

/* The next bytes to write (*len of them), or NULL when all are sent or
 * the file ended early. */
static const unsigned char *feed_next(struct feed *f, size_t *len)
{
	size_t off;

	if (f->sent < f->hdr_n) {
		*len = f->hdr_n - f->sent;
		return f->hdr + f->sent;
	}
	off = f->sent - f->hdr_n;
	if (off >= f->n)
		return NULL;
	if (f->mem) {
		*len = f->n - off;
		return f->mem + off;
	}
	if (f->chunk_off == f->chunk_len) {
		size_t want = f->n - off < sizeof f->chunk ? f->n - off
		                                           : sizeof f->chunk;
		ssize_t r;
		do
			r = read(f->fd, f->chunk, want);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			return NULL; /* the file shrank: the helper sees a short request */
		f->chunk_off = 0;
		f->chunk_len = (size_t)r;
	}
	*len = f->chunk_len - f->chunk_off;
	return f->chunk + f->chunk_off;
}

/* n bytes of feed_next's were written. */
static void feed_done(struct feed *f, size_t n)
{
	if (f->sent >= f->hdr_n && !f->mem)
		f->chunk_off += n;
	f->sent += n;
}

/* Feed the request and collect the reply until the helper closes its
 * stdout or the deadline passes. 0, or -1 (time-out, read error, too
 * long a reply). buf holds *got bytes of at most cap. to is closed on
 * every return. */
static int exchange(int to, int from, struct feed *f, unsigned char *buf,
                    size_t cap, size_t *got, long long deadline)
{
	int rc = 0;

	*got = 0;
	while (rc == 0) {
		struct pollfd pfd[2];
		nfds_t k = 0;
		long long left = deadline - clock_now_ms();
		int r;

		if (left <= 0) {
			rc = -1;
			break;
		}
		pfd[k++] = (struct pollfd){ from, POLLIN, 0 };
		if (to >= 0)
			pfd[k++] = (struct pollfd){ to, POLLOUT, 0 };
		r = poll(pfd, k, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -1;
			break;
		}
		if (to >= 0 && pfd[1].revents) {
			size_t n = 0;
			const unsigned char *p = feed_next(f, &n);
			ssize_t w = p ? write(to, p, n) : -1;
			if (w > 0)
				feed_done(f, (size_t)w);
			if (!p || (w < 0 && errno != EAGAIN && errno != EINTR) ||
			    !feed_next(f, &n)) {
				close(to); /* all sent, the file ended, or the helper left */
				to = -1;
			}
		}
		if (pfd[0].revents) {
			unsigned char scratch[1];
			unsigned char *dst = *got < cap ? buf + *got : scratch;
			size_t room = *got < cap ? cap - *got : sizeof scratch;
			ssize_t n = read(from, dst, room);
			if (n == 0)
				break;
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n < 0 || *got >= cap)
				rc = -1; /* an error, or more than any reply */
			else
				*got += (size_t)n;
		}
	}
	if (to >= 0)
		close(to);
	return rc;
}

/* Wait for pid until the deadline, then kill it. true when it exited
 * with status 0 by itself. */
static bool reap(pid_t pid, long long deadline)
{
	int status = 0;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) == 0;
		if (r < 0 && errno != EINTR)
			return false;
		if (clock_now_ms() >= deadline)
			break;
		{
			struct timespec ts = { 0, 2 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return false;
}

/* sandbox_call and sandbox_call_fd: in (memory) or in_fd. */
static int call(const struct sandbox_request *req, const void *in, int in_fd,
                struct sandbox_reply *rep, void **out, size_t max_out,
                struct pf_error *err)
{
	static struct feed f; /* 64 KiB: not on the stack */
	const char *helper = sandbox_helper_path();
	char *argv[] = { (char *)"profed-decode", NULL };
	struct child_limits lim = { 0 };
	struct child_spec spec = { 0 };
	struct sigaction ign, old_pipe;
	unsigned char *buf = NULL;
	size_t got = 0, cap;
	long long deadline;
	int to = -1, from = -1, rc;
	pid_t pid;
	bool ok;

	*out = NULL;
	memset(rep, 0, sizeof *rep);
	if (!helper || !req || req->len > SANDBOX_MAX_INPUT ||
	    (req->len && !in && in_fd < 0) || max_out > SANDBOX_MAX_REPLY)
		return pf_error_set(err, PF_ERR_PARSE, "%s", failed);
	cap = sizeof *rep + max_out;
	buf = malloc(cap);
	if (!buf)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
#ifndef SANDBOX_ASAN
	lim.as_bytes = SANDBOX_AS_BYTES + 2 * req->len;
#endif
	lim.cpu_seconds = SANDBOX_CPU_S;
	lim.file_bytes = CHILD_NO_FILES;
	lim.open_files = SANDBOX_NOFILE;
	spec.path = helper;
	spec.argv = argv;
	spec.envp = NULL;
	spec.pipe_stdin = spec.pipe_stdout = spec.null_stderr = true;
	spec.limits = &lim;
	/* a helper that dies while we write must not kill profed */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	if (child_spawn(&spec, &pid, &to, &from, err) != 0) {
		sigaction(SIGPIPE, &old_pipe, NULL);
		free(buf);
		return pf_error_set(err, PF_ERR_PARSE, "%s", failed);
	}
	if (started_hook)
		started_hook(pid, started_ud);
	fcntl(to, F_SETFL, fcntl(to, F_GETFL) | O_NONBLOCK);
	fcntl(from, F_SETFL, fcntl(from, F_GETFL) | O_NONBLOCK);
	deadline = clock_now_ms() + (timeout_ms ? timeout_ms : SANDBOX_TIMEOUT_MS);
	memset(&f, 0, sizeof f);
	f.hdr = (const unsigned char *)req;
	f.hdr_n = sizeof *req;
	f.mem = in;
	f.fd = in_fd;
	f.n = (size_t)req->len;
	rc = exchange(to, from, &f, buf, cap, &got, deadline);
	close(from);
	ok = reap(pid, rc == 0 ? deadline : 0) && rc == 0;
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (ok && got >= sizeof *rep) {
		memcpy(rep, buf, sizeof *rep);
		ok = rep->magic == SANDBOX_MAGIC && rep->len <= max_out &&
		     got == sizeof *rep + rep->len;
	} else {
		ok = false;
	}
	if (ok && rep->len > 0) {
		*out = malloc((size_t)rep->len);
		if (!*out) {
			free(buf);
			memset(rep, 0, sizeof *rep);
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		}
		memcpy(*out, buf + sizeof *rep, (size_t)rep->len);
	}
	free(buf);
	if (!ok) {
		memset(rep, 0, sizeof *rep);
		return pf_error_set(err, PF_ERR_PARSE, "%s", failed);
	}
	return 0;
}

/* See sandbox.h. */
int sandbox_call(const struct sandbox_request *req, const void *in,
                 struct sandbox_reply *rep, void **out, size_t max_out,
                 struct pf_error *err)
{
	return call(req, in, -1, rep, out, max_out, err);
}

/* See sandbox.h. */
int sandbox_call_fd(const struct sandbox_request *req, int in_fd,
                    struct sandbox_reply *rep, void **out, size_t max_out,
                    struct pf_error *err)
{
	return call(req, NULL, in_fd, rep, out, max_out, err);
}
