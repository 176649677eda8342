/* check_sandbox.c - children hold nothing of profed (src/child.c), and
 * pictures are decoded only in the sandboxed helper (src/sandbox.c, the
 * real profed-decode): its environment and fds, its seccomp filter, the
 * CPU limit and the time-out killing a helper that loops or hangs, a
 * crash or a garbled reply ending as "the picture could not be decoded",
 * and every picture of the hostile corpus (tests/hostile) decoded or
 * refused with profed's memory untouched.
 *
 * Run one case:  CK_RUN_CASE=sandbox ./tests/check_sandbox
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "autoconf.h"
#include "child.h"
#include "picture.h"
#include "sandbox.h"
#include "testutil.h"

#define HOSTILE_DIR TEST_FIXTURES_DIR "/../hostile"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- child.c */

START_TEST(env_secrets)
{
	char *env[] = { "HOME=/h", "WHOP_API_KEY=sk_secret_value",
	                "WHOP_API_KEYX=gone", "PROFED_TOKEN=x",
	                "WHOP_SESSION_SECRET=y", "TOKEN=not-ours", "PATH=/bin",
	                "WHOP_BASE_URL=http://127.0.0.1:1", "=", "", NULL };
	char **clean;

	ck_assert(!child_env_is_secret(NULL));
	ck_assert(!child_env_is_secret(""));
	ck_assert(child_env_is_secret("WHOP_API_KEY"));
	ck_assert(child_env_is_secret("WHOP_API_KEY="));
	ck_assert(child_env_is_secret("PROFED_API_KEY=1"));
	ck_assert(child_env_is_secret("WHOP_API_KEYX=1"));
	ck_assert(!child_env_is_secret("WHOP_BASE_URL=http://x"));
	ck_assert(!child_env_is_secret("MY_TOKEN=1"));
	clean = child_env_clean(env);
	ck_assert_ptr_nonnull(clean);
	for (size_t i = 0; clean[i]; i++) {
		ck_assert_ptr_null(strstr(clean[i], "secret_value"));
		ck_assert(strncmp(clean[i], "PROFED_TOKEN", 12) != 0);
		ck_assert(strncmp(clean[i], "WHOP_SESSION", 12) != 0);
	}
	ck_assert_str_eq(clean[0], "HOME=/h");
	ck_assert_str_eq(clean[1], "TOKEN=not-ours");
	ck_assert_str_eq(clean[2], "PATH=/bin");
	ck_assert_str_eq(clean[3], "WHOP_BASE_URL=http://127.0.0.1:1");
	free(clean);
	clean = child_env_clean(NULL);
	ck_assert_ptr_nonnull(clean);
	ck_assert_ptr_null(clean[0]);
	free(clean);
}
END_TEST

/* Read fd to its end into a NUL-terminated buffer. */
static char *slurp(int fd)
{
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t r;

	ck_assert_ptr_nonnull(buf);
	while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += (size_t)r;
		if (n + 1 >= cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[n] = '\0';
	return buf;
}

/* A child sees exactly the environment given and fds 0-2, whatever the
 * parent holds open without close-on-exec (a socket pair like libcurl's,
 * a file like the trace). */
START_TEST(spawn_env_and_fds)
{
	char *argv[] = { "sh", "-c",
	                 "echo \"env:$(env | grep -c .):${WHOP_API_KEY:-none}\"; "
	                 "ls /proc/self/fd | tr '\\n' ' '", NULL };
	char *env[] = { "WHOP_API_KEY=sk_parent", "PATH=/usr/bin:/bin", NULL };
	char **clean = child_env_clean(env);
	struct child_spec spec = { .path = "/bin/sh", .argv = argv,
	                           .envp = clean, .pipe_stdout = true };
	struct pf_error err;
	int sv[2], file, from, to, status;
	pid_t pid;
	char *out;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	file = open("/dev/null", O_RDONLY); /* no O_CLOEXEC */
	ck_assert_int_ge(file, 0);
	pf_error_clear(&err);
	ck_assert_int_eq(child_spawn(&spec, &pid, &to, &from, &err), 0);
	ck_assert_int_eq(to, -1);
	out = slurp(from);
	close(from);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* PATH only (sh adds PWD and a few of its own at most) */
	ck_assert_msg(strstr(out, ":none\n"), "%s", out);
	ck_assert_ptr_null(strstr(out, "sk_parent"));
	/* 0 1 2, and 3: the directory ls reads */
	ck_assert_msg(strstr(out, "\n0 1 2 3 ") && !strstr(out, " 4 "), "%s", out);
	free(out);
	free(clean);
	close(sv[0]);
	close(sv[1]);
	close(file);

	/* no program: exit status 127, no crash */
	spec.path = "/nonexistent/program";
	spec.pipe_stdout = false;
	ck_assert_int_eq(child_spawn(&spec, &pid, NULL, NULL, &err), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 127);
	spec.path = NULL;
	ck_assert_int_eq(child_spawn(&spec, &pid, NULL, NULL, &err), -1);
	ck_assert_int_eq(child_spawn(NULL, &pid, NULL, NULL, &err), -1);
}
END_TEST

/* Limits reach the new program. */
START_TEST(spawn_limits)
{
	char *argv[] = { "sh", "-c", "ulimit -f; ulimit -t; ulimit -n", NULL };
	struct child_limits lim = { .cpu_seconds = 7, .file_bytes = CHILD_NO_FILES,
	                            .open_files = 9 };
	struct child_spec spec = { .path = "/bin/sh", .argv = argv,
	                           .pipe_stdout = true, .limits = &lim };
	struct pf_error err;
	int from, status;
	pid_t pid;
	char *out;

	ck_assert_int_eq(child_spawn(&spec, &pid, NULL, &from, &err), 0);
	out = slurp(from);
	close(from);
	waitpid(pid, &status, 0);
	ck_assert_str_eq(out, "0\n7\n9\n");
	free(out);
}
END_TEST

/* ---- the sandbox */

static void helper_setup(void)
{
	sandbox_set_helper(DECODE_BIN);
	sandbox_set_timeout_ms(0);
	sandbox_set_started_hook(NULL, NULL);
}

/* One test request; returns sandbox_call's result, *ms the time taken. */
static int test_op(enum sandbox_op op, struct sandbox_reply *rep,
                   struct pf_error *err, long long *ms)
{
	struct sandbox_request req = { .magic = SANDBOX_MAGIC, .op = op };
	void *out = NULL;
	long long t0 = now_ms();
	int rc;

	pf_error_clear(err);
	rc = sandbox_call(&req, NULL, rep, &out, 4096, err);
	*ms = now_ms() - t0;
	free(out);
	return rc;
}

struct seen {
	char environ[4096];
	size_t environ_len;
	char fds[256];
	bool execed;
};

/* The started hook: wait for the exec, then read the helper's
 * environment and open fds from /proc while it hangs. */
static void inspect(pid_t pid, void *ud)
{
	struct seen *s = ud;
	char path[64], comm[64] = "";
	long long end = now_ms() + 2000;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	while (now_ms() < end) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;
		if (fd >= 0)
			close(fd);
		comm[n > 0 ? n : 0] = '\0';
		if (strncmp(comm, "profed-decode", 13) == 0)
			break;
		usleep(2000);
	}
	s->execed = strncmp(comm, "profed-decode", 13) == 0;
	usleep(50000); /* past the warm-up: the helper now waits in its op */
	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	{
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, s->environ, sizeof s->environ) : -1;
		s->environ_len = n > 0 ? (size_t)n : 0;
		if (fd >= 0)
			close(fd);
	}
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	{
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.') {
				strcat(s->fds, e->d_name);
				strcat(s->fds, " ");
			}
		if (d)
			closedir(d);
	}
}

/* The helper's environment is empty and it holds fds 0-2 only, though
 * the parent has the token in its environment and a socket and a file
 * open without close-on-exec. */
START_TEST(helper_env_and_fds)
{
	struct sandbox_reply rep;
	struct pf_error err;
	struct seen s;
	long long ms;
	int sv[2], file;

	memset(&s, 0, sizeof s);
	setenv("WHOP_API_KEY", "sk_in_the_parent", 1);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	file = open("/dev/null", O_RDONLY);
	sandbox_set_timeout_ms(600);
	sandbox_set_started_hook(inspect, &s);
	ck_assert_int_eq(test_op(SANDBOX_TEST_HANG, &rep, &err, &ms), -1);
	ck_assert(s.execed);
	ck_assert_uint_eq(s.environ_len, 0);
	ck_assert_str_eq(s.fds, "0 1 2 ");
	ck_assert_str_eq(err.message, "the picture could not be decoded");
	close(sv[0]);
	close(sv[1]);
	close(file);
}
END_TEST

/* A helper that loops is killed (CPU limit, then the time-out); one that
 * hangs without using CPU is killed at the time-out; a crash, a system
 * call outside the filter and a short reply all fail cleanly. */
START_TEST(helper_killed)
{
	struct sandbox_reply rep;
	struct pf_error err;
	long long ms;

	/* burning CPU: SIGXCPU after SANDBOX_CPU_S seconds */
	ck_assert_int_eq(test_op(SANDBOX_TEST_SPIN, &rep, &err, &ms), -1);
	ck_assert_str_eq(err.message, "the picture could not be decoded");
	ck_assert_msg(ms < SANDBOX_TIMEOUT_MS + 1000, "took %lld ms", ms);
	/* hanging: the wall-clock time-out */
	sandbox_set_timeout_ms(300);
	ck_assert_int_eq(test_op(SANDBOX_TEST_HANG, &rep, &err, &ms), -1);
	ck_assert_msg(ms >= 290 && ms < 2000, "took %lld ms", ms);
	sandbox_set_timeout_ms(0);
	ck_assert_int_eq(test_op(SANDBOX_TEST_CRASH, &rep, &err, &ms), -1);
	ck_assert_int_eq(test_op(SANDBOX_TEST_GARBAGE, &rep, &err, &ms), -1);
	/* open(2) is not in the filter: killed (EPERM in sanitizer builds) */
	if (test_op(SANDBOX_TEST_OPEN, &rep, &err, &ms) == 0) {
		ck_assert_int_ne(rep.status, SANDBOX_OK);
		ck_assert_int_eq(rep.val[0], 0);
	}
	/* an unknown request is refused by the helper */
	ck_assert_int_eq(test_op((enum sandbox_op)77, &rep, &err, &ms), 0);
	ck_assert_int_eq(rep.status, SANDBOX_BAD_REQUEST);
	/* no helper at all */
	sandbox_set_helper("/nonexistent/profed-decode");
	ck_assert_int_eq(test_op(SANDBOX_TEST_OPEN, &rep, &err, &ms), -1);
	ck_assert_str_eq(err.message, "the picture could not be decoded");
}
END_TEST

/* Bad calls are refused before any helper starts. */
START_TEST(call_refuses)
{
	struct sandbox_request req = { .magic = SANDBOX_MAGIC,
	                               .op = SANDBOX_DECODE, .len = 10 };
	struct sandbox_reply rep;
	struct pf_error err;
	void *out = (void *)1;

	ck_assert_int_eq(sandbox_call(NULL, NULL, &rep, &out, 10, &err), -1);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(sandbox_call(&req, NULL, &rep, &out, 10, &err), -1);
	req.len = (uint64_t)SANDBOX_MAX_INPUT + 1;
	ck_assert_int_eq(sandbox_call(&req, "x", &rep, &out, 10, &err), -1);
	ck_assert_ptr_nonnull(sandbox_helper_path());
}
END_TEST

/* Open fds of this process. */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* A helper that answers more than any reply before it has read the whole
 * request (cat echoes it) fails the call, and the pipe to it is closed
 * like every other: no fd is left behind. */
START_TEST(call_closes_on_long_reply)
{
	static const char cat[] = "/bin/cat";
	size_t len = 4u * 1024u * 1024u;
	struct sandbox_request req = { .magic = SANDBOX_MAGIC,
	                               .op = SANDBOX_DECODE, .len = len };
	struct sandbox_reply rep;
	struct pf_error err;
	void *out = NULL;
	char *in;
	int before;

	if (access(cat, X_OK) != 0)
		return; /* nothing to echo with */
	ck_assert_ptr_nonnull(in = calloc(1, len));
	sandbox_set_helper(cat);
	before = count_fds();
	for (int i = 0; i < 3; i++) {
		pf_error_clear(&err);
		ck_assert_int_eq(sandbox_call(&req, in, &rep, &out, 16, &err), -1);
		ck_assert_ptr_null(out);
		ck_assert_str_eq(err.message, "the picture could not be decoded");
	}
	ck_assert_int_eq(count_fds(), before);
	free(in);
}
END_TEST

/* VmHWM of this process in KiB. */
static long peak_kib(void)
{
	char *s = tu_read_file("/proc/self/status", NULL);
	char *p = s ? strstr(s, "VmHWM:") : NULL;
	long v = p ? strtol(p + 6, NULL, 10) : -1;

	free(s);
	return v;
}

/* Every file of the corpus: decoded (the good ones, shrunk to at most
 * PICTURE_KEEP_SIDE) or refused with a sentence; never a crash here, and
 * the bomb costs this process no more than its shrunk pixels. */
START_TEST(hostile_corpus)
{
	DIR *d = opendir(HOSTILE_DIR);
	struct dirent *e;
	size_t files = 0, decoded = 0;
	long before = peak_kib();

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		struct picture_rgba p;
		struct pf_error err;
		char path[4096];
		size_t n;
		char *bytes;
		long long t0;
		int rc;

		if (e->d_name[0] == '.' || !dot || !strcmp(dot, ".c"))
			continue;
		snprintf(path, sizeof path, "%s/%s", HOSTILE_DIR, e->d_name);
		bytes = tu_read_file(path, &n);
		ck_assert_ptr_nonnull(bytes);
		pf_error_clear(&err);
		t0 = now_ms();
		rc = picture_decode(bytes, n, &p, &err);
		fprintf(stderr, "%-32s %s %lld ms %s\n", e->d_name,
		        rc == 0 ? "decoded" : "refused", now_ms() - t0,
		        rc == 0 ? "" : err.message);
		if (!strncmp(e->d_name, "ok", 2) ||
		    !strcmp(e->d_name, "png-bomb-4096.png")) {
			ck_assert_msg(rc == 0, "%s: %s", e->d_name, err.message);
		}
		if (rc == 0) {
			ck_assert(p.width >= 1 && p.width <= PICTURE_KEEP_SIDE);
			ck_assert(p.height >= 1 && p.height <= PICTURE_KEEP_SIDE);
			decoded++;
		} else {
			ck_assert_ptr_null(p.px);
			ck_assert(err.message[0]);
		}
		if (strstr(e->d_name, "huge") || strstr(e->d_name, "too-wide"))
			ck_assert_msg(rc == -1, "%s decoded", e->d_name);
		picture_rgba_free(&p);
		free(bytes);
		files++;
	}
	closedir(d);
	ck_assert_uint_ge(files, 40);
	ck_assert_uint_ge(decoded, 5);
	/* the 64 MiB bomb never reached this process */
	ck_assert_msg(peak_kib() - before < 16 * 1024, "peak grew by %ld KiB",
	              peak_kib() - before);
}
END_TEST

/* A picture read from a file descriptor as it is sent; a file shorter
 * than announced fails cleanly; a bad fd is refused. */
START_TEST(decode_from_fd)
{
	struct picture_rgba p;
	struct pf_error err;
	struct stat sb;
	int fd = open(HOSTILE_DIR "/ok.webp", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &sb), 0);
	pf_error_clear(&err);
	ck_assert_int_eq(picture_decode_fd(fd, (size_t)sb.st_size, &p, &err), 0);
	ck_assert_int_eq(p.width, 64);
	ck_assert_int_eq(p.height, 48);
	picture_rgba_free(&p);
	lseek(fd, 0, SEEK_SET);
	ck_assert_int_eq(picture_decode_fd(fd, (size_t)sb.st_size + 100, &p,
	                                   &err), -1);
	ck_assert_ptr_null(p.px);
	close(fd);
	ck_assert_int_eq(picture_decode_fd(-1, 10, &p, &err), -1);
	fd = open(HOSTILE_DIR "/not-a-picture.bin", O_RDONLY);
	ck_assert_int_eq(picture_decode_fd(fd, 26, &p, &err), -1);
	ck_assert_msg(strstr(err.message, "not a PNG"), "%s", err.message);
	close(fd);
}
END_TEST

static Suite *sandbox_suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = tcase_create("child");
	TCase *sb = tcase_create("sandbox");

	tcase_add_test(tc, env_secrets);
	tcase_add_test(tc, spawn_env_and_fds);
	tcase_add_test(tc, spawn_limits);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(sb, helper_setup, NULL);
	tcase_set_timeout(sb, 60);
	tcase_add_test(sb, call_refuses);
	tcase_add_test(sb, call_closes_on_long_reply);
#ifdef HAVE_PREVIEWS
	tcase_add_test(sb, helper_env_and_fds);
	tcase_add_test(sb, helper_killed);
	tcase_add_test(sb, hostile_corpus);
	tcase_add_test(sb, decode_from_fd);
#endif
	suite_add_tcase(s, sb);
	return s;
}

int main(void)
{
	return tu_run_suite(sandbox_suite());
}
