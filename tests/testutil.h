/* testutil.h - small helpers shared by the test programs: temp dirs, files,
 * and running a program with a given environment and stdin, capturing its
 * output and exit status (used to drive the real profed binary). */
#ifndef PROFED_TESTUTIL_H
#define PROFED_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A fresh private directory under $TMPDIR or /tmp. Caller frees the path
 * and removes the tree with tu_rmtree. Aborts the test on failure. */
char *tu_tempdir(void);
/* rm -rf path (best effort). Accepts NULL. */
void tu_rmtree(const char *path);

/* Write content (len bytes, or strlen when len is (size_t)-1) to path with
 * mode. Returns 0 or -1. */
int tu_write_file(const char *path, const char *content, size_t len,
                  mode_t mode);
/* The whole file, NUL-terminated; *len gets its size (len may be NULL).
 * Caller frees; NULL when it cannot be read. */
char *tu_read_file(const char *path, size_t *len);

struct tu_result {
	int exit_code;   /* exit status, or 128+signal, or -1 on timeout */
	char *out;       /* stdout, NUL-terminated */
	size_t out_len;
	char *err;       /* stderr, NUL-terminated */
	size_t err_len;
};

/* Run argv[0] (a path) with exactly the environment env (NULL-terminated
 * "K=V" list; NULL = empty), feeding stdin_data (NULL = /dev/null-like
 * empty stdin). Kills the child after timeout_ms. Returns 0 with res filled
 * (free with tu_result_free) or -1 when it could not be started. */
int tu_run(const char *const argv[], const char *const env[],
           const char *stdin_data, int timeout_ms, struct tu_result *res);
void tu_result_free(struct tu_result *res);

/* Run suite s (the runner takes ownership) with Check's defaults and the
 * CK_RUN_SUITE / CK_RUN_CASE filters; the exit status for main(). */
typedef struct Suite Suite;
int tu_run_suite(Suite *s);

/* Does hay contain needle? NULL hay is empty. */
bool tu_contains(const char *hay, const char *needle);

#endif
