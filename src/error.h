/* error.h - one error value for every failure, and the one place that
 * turns it into the sentence a person reads.
 *
 * Functions in src/ never print. They fill a struct pf_error that the caller
 * owns (no heap: every string is a fixed buffer, so an error can always be
 * reported, even out of memory). Only the UI and main.c show errors, always
 * through pf_error_sentence().
 */
#ifndef PROFED_ERROR_H
#define PROFED_ERROR_H

#include <stddef.h>

enum pf_err_kind {
	PF_OK = 0,
	PF_ERR_USAGE,      /* bad command line */
	PF_ERR_CONFIG,     /* bad config file, unsafe file mode, no token */
	PF_ERR_NOMEM,
	PF_ERR_IO,         /* local file could not be read or written */
	PF_ERR_TRANSPORT,  /* DNS, connect, TLS, reset, truncated body */
	PF_ERR_TIMEOUT,    /* connect or total timeout */
	PF_ERR_TOO_LARGE,  /* response body over the cap */
	PF_ERR_HTTP,       /* the server answered with a non-2xx status */
	PF_ERR_PARSE,      /* the server answered 2xx with something unusable */
	PF_ERR_VALIDATION, /* a field failed the client-side checks */
	PF_ERR_CANCELLED,  /* the person cancelled the request */
};

struct pf_error {
	enum pf_err_kind kind;
	long status;          /* HTTP status for PF_ERR_HTTP, else 0 */
	int retry_after_s;    /* 429: seconds to wait, -1 when unknown */
	char code[64];        /* server error.code or error.type, sanitised */
	char message[512];    /* server error.message or local detail, sanitised */
	char field[32];       /* JSON key the error is about, "" if none */
	char host[256];       /* host the transport error happened on */
	char what[128];       /* the operation, e.g. "load user me" */
};

/* Reset to PF_OK with empty strings. Accepts NULL. */
void pf_error_clear(struct pf_error *err);

/* Fill err with kind and a printf-style message. Returns -1 so callers can
 * write `return pf_error_set(err, ...)`. Accepts NULL err (returns -1). */
int pf_error_set(struct pf_error *err, enum pf_err_kind kind,
                 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The sentence a person reads: what failed and what to do about it, e.g.
 * "Could not load user me: the token was refused (HTTP 401: Invalid API
 * key). Check WHOP_API_KEY or --token-file." Always NUL-terminates buf;
 * returns buf. Never contains control characters. */
const char *pf_error_sentence(const struct pf_error *err, char *buf, size_t n);

/* Exit codes of command mode, documented in docs/profed.1 and README. */
enum pf_exit {
	PF_EXIT_OK = 0,
	PF_EXIT_OTHER = 1,      /* server 5xx, parse failures, local I/O */
	PF_EXIT_USAGE = 2,      /* bad arguments or configuration */
	PF_EXIT_AUTH = 3,       /* 401 or 403 */
	PF_EXIT_NOT_FOUND = 4,  /* 404 */
	PF_EXIT_VALIDATION = 5, /* client-side check, 400 or 422 */
	PF_EXIT_NETWORK = 6,    /* transport, timeout, 429 */
};

enum pf_exit pf_error_exit_code(const struct pf_error *err);

#endif
