/* decode_main.c - profed-decode, the sandboxed picture helper (see
 * sandbox.h for the protocol and the limits profed sets).
 *
 * Started by profed with execve, an empty environment and fds 0-2 only.
 * It loads its libraries and warms chafa up, then installs a seccomp
 * filter (libseccomp) that allows only: read, write, exit, exit_group,
 * brk, mmap and mprotect without PROT_EXEC, munmap, mremap, madvise,
 * futex, rt_sigreturn, rt_sigprocmask, clock_gettime, getpid, gettid and
 * tgkill (abort), and refuses everything else by killing the process. Then it reads one
 * request from stdin, answers on stdout and exits. It holds no secret and
 * cannot open a file or a socket. Not meant to be run by hand.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <unistd.h>

#include "decode.h"
#include "render.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define HELPER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HELPER_ASAN 1
#endif
#endif

#ifdef HELPER_ASAN
/* LeakSanitizer's exit check needs system calls the filter refuses. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

/* Install the filter. 0, or -1 (the helper then refuses to work).
 * Sanitizer builds answer refused calls with EPERM instead of a kill, so
 * the sanitizer's own reporting can still fail gracefully. */
static int sandbox_enter(void)
{
	static const int plain[] = {
		SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(exit),
		SCMP_SYS(exit_group), SCMP_SYS(brk), SCMP_SYS(munmap),
		SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(futex),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(clock_gettime), SCMP_SYS(getpid), SCMP_SYS(gettid),
		SCMP_SYS(tgkill),
	};
#ifdef HELPER_ASAN
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
#else
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
#endif
	int rc = 0;

	if (!ctx)
		return -1;
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
#ifdef HELPER_ASAN
	{
		/* the sanitizer runtime's own needs at exit and on a report */
		static const int runtime[] = {
			SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction),
			SCMP_SYS(sched_yield), SCMP_SYS(prlimit64),
			SCMP_SYS(getrlimit),
		};
		for (size_t i = 0; i < sizeof runtime / sizeof runtime[0]; i++)
			rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, runtime[i], 0);
	}
#endif
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc == 0 ? 0 : -1;
}

/* Read exactly n bytes from fd 0. 0 or -1. */
static int read_all(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t r = read(0, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Write exactly n bytes to fd 1. 0 or -1. */
static int write_all(const void *buf, size_t n)
{
	const unsigned char *p = buf;

	while (n > 0) {
		ssize_t w = write(1, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Answer: the header, then len bytes of out. Exits. */
static void reply(int status, const int32_t val[4], const void *out,
                  size_t len)
{
	struct sandbox_reply rep;

	memset(&rep, 0, sizeof rep);
	rep.magic = SANDBOX_MAGIC;
	rep.status = status;
	if (val)
		memcpy(rep.val, val, sizeof rep.val);
	rep.len = len;
	if (write_all(&rep, sizeof rep) != 0 || (len && write_all(out, len) != 0))
		_exit(1);
	_exit(0);
}

/* The RGBA picture a RENDER or ENCODE request carries. */
static int request_pixels(const struct sandbox_request *req,
                          unsigned char *in, struct picture_rgba *p)
{
	long long w = req->arg[0], h = req->arg[1];

	if (w < 1 || h < 1 || w > PICTURE_MAX_SIDE || h > PICTURE_MAX_SIDE ||
	    (unsigned long long)(w * h * 4) != req->len)
		return -1;
	p->px = in;
	p->width = (int)w;
	p->height = (int)h;
	return 0;
}

static void do_decode(const struct sandbox_request *req, unsigned char *in)
{
	static const int map[] = {
		[DECODE_OK] = SANDBOX_OK, [DECODE_NOT_IMAGE] = SANDBOX_NOT_IMAGE,
		[DECODE_TOO_LARGE] = SANDBOX_TOO_LARGE,
		[DECODE_DAMAGED] = SANDBOX_DAMAGED, [DECODE_NOMEM] = SANDBOX_NOMEM,
	};
	struct picture_rgba p;
	int32_t val[4] = { 0 };
	int w = 0, h = 0;
	enum decode_status st = decode_image(in, (size_t)req->len, req->arg[0],
	                                     req->arg[1], &p, &w, &h);

	if (st != DECODE_OK) {
		val[0] = w;
		val[1] = h;
		reply(map[st], val, NULL, 0);
	}
	val[0] = p.width;
	val[1] = p.height;
	reply(SANDBOX_OK, val, p.px, (size_t)p.width * (size_t)p.height * 4u);
}

static void do_render(const struct sandbox_request *req, unsigned char *in)
{
	struct picture_rgba p;
	struct picture_cells c;
	struct sandbox_cell *cells;
	struct pf_error err;
	int32_t val[4] = { 0 };
	size_t n;

	if (request_pixels(req, in, &p) != 0 || req->arg[2] < 1 ||
	    req->arg[3] < 1 || req->arg[2] > 1000 || req->arg[3] > 1000 ||
	    req->arg[4] < PICTURE_MONO || req->arg[4] > PICTURE_240)
		reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
	if (render_cells(&p, req->arg[2], req->arg[3],
	                 (enum picture_colors)req->arg[4], &c, &err) != 0)
		reply(SANDBOX_NOMEM, NULL, NULL, 0);
	n = (size_t)c.cols * (size_t)c.rows;
	cells = malloc(n * sizeof *cells);
	if (!cells)
		reply(SANDBOX_NOMEM, NULL, NULL, 0);
	for (size_t i = 0; i < n; i++) {
		cells[i].ch = c.cell[i].ch;
		cells[i].fg = c.cell[i].fg;
		cells[i].bg = c.cell[i].bg;
	}
	val[0] = c.cols;
	val[1] = c.rows;
	reply(SANDBOX_OK, val, cells, n * sizeof *cells);
}

static void do_encode(const struct sandbox_request *req, unsigned char *in)
{
	struct picture_rgba p;
	struct pf_error err;
	int32_t val[4] = { 0 };
	char *seq = NULL;
	size_t len = 0;
	int cols = 0, rows = 0;

	if (request_pixels(req, in, &p) != 0 || req->arg[2] < 1 ||
	    req->arg[3] < 1 || req->arg[2] > 1000 || req->arg[3] > 1000 ||
	    (req->arg[4] != CONFIG_IMAGES_SIXEL &&
	     req->arg[4] != CONFIG_IMAGES_KITTY) ||
	    req->arg[5] < 1 || req->arg[6] < 1 || req->arg[5] > 100 ||
	    req->arg[6] > 200)
		reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
	if (render_pixels(&p, (enum config_images)req->arg[4], req->arg[2],
	                  req->arg[3], req->arg[5], req->arg[6], &seq, &len, &cols,
	                  &rows, &err) != 0)
		reply(SANDBOX_NOMEM, NULL, NULL, 0);
	val[0] = cols;
	val[1] = rows;
	reply(SANDBOX_OK, val, seq, len);
}

/* The sandbox's own tests (sandbox.h). */
static void do_test(const struct sandbox_request *req)
{
	static volatile int forever;
	int32_t val[4] = { 0 };

	switch (req->op) {
	case SANDBOX_TEST_SPIN:
		for (;;)
			forever++;
	case SANDBOX_TEST_HANG:
		for (;;)
			syscall(SYS_futex, &forever, FUTEX_WAIT, forever, NULL, NULL, 0);
	case SANDBOX_TEST_OPEN: {
		int fd = open("/etc/passwd", O_RDONLY);
		val[0] = fd >= 0;
		reply(fd >= 0 ? SANDBOX_OK : SANDBOX_DAMAGED, val, NULL, 0);
		break;
	}
	case SANDBOX_TEST_CRASH:
		*(volatile int *)(uintptr_t)forever = 1;
		break;
	case SANDBOX_TEST_GARBAGE: {
		struct sandbox_reply rep = { SANDBOX_MAGIC, 0, { 0 }, 1000 };
		write_all(&rep, sizeof rep);
		write_all("short", 5);
		_exit(0);
	}
	}
	reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
}

int main(void)
{
	struct sandbox_request req;
	unsigned char *in = NULL;

	render_warm_up();
	if (sandbox_enter() != 0)
		return 3; /* never work without the filter */
	if (read_all(&req, sizeof req) != 0 || req.magic != SANDBOX_MAGIC ||
	    req.len > SANDBOX_MAX_INPUT)
		reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
	if (req.len) {
		in = malloc((size_t)req.len);
		if (!in)
			reply(SANDBOX_NOMEM, NULL, NULL, 0);
		if (read_all(in, (size_t)req.len) != 0)
			reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
	}
	switch (req.op) {
	case SANDBOX_DECODE:
		do_decode(&req, in);
		break;
	case SANDBOX_RENDER:
		do_render(&req, in);
		break;
	case SANDBOX_ENCODE:
		do_encode(&req, in);
		break;
	default:
		do_test(&req);
	}
	reply(SANDBOX_BAD_REQUEST, NULL, NULL, 0);
	return 1;
}
