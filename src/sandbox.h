/* sandbox.h - running the picture decoder in its own process, and the
 * protocol between profed and that process (profed-decode,
 * src/decode_main.c; docs/pictures.md, "The decoder sandbox").
 *
 * Pictures come from other people (support staff open anyone's profile),
 * so they are decoded and rendered only in profed-decode, never in profed,
 * which holds the token. Each call starts a fresh helper with child_spawn
 * (fork + execve: the helper's memory never held the token) with:
 *   - an empty environment and only fds 0-2: stdin the request, stdout
 *     the reply, stderr /dev/null;
 *   - rlimits: address space SANDBOX_AS_BYTES plus twice the input (not
 *     in AddressSanitizer builds, whose shadow memory needs terabytes of
 *     address space), SANDBOX_CPU_S seconds of CPU, no file may be
 *     written, SANDBOX_NOFILE descriptors;
 *   - a seccomp filter the helper installs itself once its libraries are
 *     loaded and before it reads a byte (read, write, memory, futex,
 *     exit: decode_main.c lists it);
 *   - a wall-clock time-out (SANDBOX_TIMEOUT_MS), then SIGKILL.
 * The reply is checked before it is used (magic, sizes, exit status 0); a
 * crash, a hang, a kill or garbage all end as PF_ERR_PARSE "the picture
 * could not be decoded", and profed carries on.
 *
 * The helper is found (sandbox_helper_path): the path set with
 * sandbox_set_helper, else "profed-decode" beside the running program
 * (/proc/self/exe: the build tree), else the installed
 * PROFED_PKGLIBEXECDIR/profed-decode.
 */
#ifndef PROFED_SANDBOX_H
#define PROFED_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

#define SANDBOX_MAGIC 0x31444650u        /* "PFD1" */
#define SANDBOX_TIMEOUT_MS 3000
#define SANDBOX_CPU_S 2
#define SANDBOX_AS_BYTES (512ULL * 1024 * 1024)
#define SANDBOX_NOFILE 8
/* The largest request payload (encoded bytes or pixels) and reply. */
#define SANDBOX_MAX_INPUT (128u * 1024u * 1024u)
#define SANDBOX_MAX_REPLY (16u * 1024u * 1024u)

enum sandbox_op {
	SANDBOX_DECODE = 1, /* arg: max side, keep side; in: encoded bytes;
	                     * val: width, height (or the size refused);
	                     * out: width * height * 4 RGBA bytes */
	SANDBOX_RENDER,     /* arg: width, height, cols, rows, colours; in:
	                     * RGBA; val: cols, rows; out: cols * rows
	                     * struct sandbox_cell */
	SANDBOX_ENCODE,     /* arg: width, height, cols, rows, mode, cell w,
	                     * cell h; in: RGBA; val: cols, rows; out: the
	                     * sixel or kitty bytes */
	/* For the tests of the sandbox itself: */
	SANDBOX_TEST_SPIN = 100, /* burn CPU for ever */
	SANDBOX_TEST_HANG,       /* block for ever, using no CPU */
	SANDBOX_TEST_OPEN,       /* try to open /etc/passwd; val[0] = 1 if it
	                          * could (the filter failed) */
	SANDBOX_TEST_CRASH,      /* write through a null pointer */
	SANDBOX_TEST_GARBAGE,    /* answer with a reply of a wrong size */
};

enum sandbox_status {
	SANDBOX_OK = 0,
	SANDBOX_NOT_IMAGE,
	SANDBOX_TOO_LARGE,  /* val[0] x val[1]: the size refused */
	SANDBOX_DAMAGED,
	SANDBOX_NOMEM,
	SANDBOX_BAD_REQUEST,
};

struct sandbox_request {
	uint32_t magic;
	uint32_t op;
	int32_t arg[8];
	uint64_t len;      /* payload bytes that follow */
};

struct sandbox_reply {
	uint32_t magic;
	int32_t status;    /* enum sandbox_status */
	int32_t val[4];
	uint64_t len;      /* payload bytes that follow */
};

/* One rendered cell on the wire. */
struct sandbox_cell {
	uint32_t ch;
	int16_t fg, bg;
};

/* Run one request with in (req->len bytes) in a fresh helper. On 0, *rep
 * is the helper's reply header and *out its payload (malloc'd, caller
 * frees; NULL when empty), at most max_out bytes. -1 with err
 * (PF_ERR_PARSE "the picture could not be decoded": no helper, a crash,
 * a kill, the time-out, a reply that breaks the protocol) and *out NULL.
 * The reply's status is the caller's to read. */
int sandbox_call(const struct sandbox_request *req, const void *in,
                 struct sandbox_reply *rep, void **out, size_t max_out,
                 struct pf_error *err);

/* sandbox_call with the payload (req->len bytes) read from in_fd as it
 * is sent, 64 KiB at a time: a local file is never whole in profed. A
 * file shorter than req->len makes a short request (refused). Not
 * reentrant (one 64 KiB buffer). */
int sandbox_call_fd(const struct sandbox_request *req, int in_fd,
                    struct sandbox_reply *rep, void **out, size_t max_out,
                    struct pf_error *err);

/* The helper's path (see above); NULL when none is found. */
const char *sandbox_helper_path(void);

/* Use path for the helper (tests; the string is copied). NULL: search. */
void sandbox_set_helper(const char *path);

/* For the tests: the wall-clock time-out (0: SANDBOX_TIMEOUT_MS), and a
 * function called with each helper's pid right after it was started. */
void sandbox_set_timeout_ms(int ms);
void sandbox_set_started_hook(void (*fn)(pid_t pid, void *ud), void *ud);

#endif
