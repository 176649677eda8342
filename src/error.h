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

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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

/* Whether a PATCH whose answer was lost reached the server, learnt by
 * reading the profile again (api.c). PF_LANDED_NA (0): not a question for
 * this error (pf_error_clear sets it). */
enum pf_landed {
	PF_LANDED_NA = 0,
	PF_LANDED_YES,     /* the server holds every value that was sent */
	PF_LANDED_NO,      /* the server does not hold what was sent */
	PF_LANDED_UNKNOWN, /* it could not be told (the re-read failed too,
	                      or only the picture was sent) */
};

struct pf_error {
	enum pf_err_kind kind;
	long status;          /* HTTP status for PF_ERR_HTTP, else 0 */
	/* PF_ERR_TRANSPORT / PF_ERR_TIMEOUT: the request surely never reached
	 * the server (name not resolved, connection refused, no connection
	 * within the connect timeout), so repeating it cannot apply it twice. */
	bool not_sent;
	enum pf_landed landed;
	int retry_after_s;    /* 429: seconds to wait, -1 when unknown */
	char code[64];        /* server error.code or error.type, sanitised */
	char message[512];    /* server error.message or local detail, sanitised */
	char field[32];       /* JSON key the error is about, "" if none */
	char host[256];       /* host the transport error happened on */
	char what[128];       /* the operation, e.g. "load user me" */
	/* message starts with text that is not ours (a path, a name as typed):
	 * the sentence never changes its case. pf_error_set sets it when the
	 * format starts with a conversion other than a bare "%s" (which passes
	 * on a message of our own). */
	bool keep_case;
	/* The answer this is about (api.c, user operations), for the audit
	 * trail: its HTTP status, 2xx included (0 when no answer came), and
	 * the server's X-Request-Id header ("" when absent; printable ASCII
	 * only, cut to 63 bytes). After a lost PATCH answer and a re-read,
	 * the PATCH's own (status 0 when nothing came). Never in sentences. */
	long answer_status;
	char request_id[64];
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
 * key). Check WHOP_API_KEY or --token-file." The first letter is made a
 * capital only when the sentence starts with our own word, never when it
 * starts with user text (keep_case: "fake.png is not ...").
 * Always NUL-terminates buf;
 * returns buf. Never contains control characters.
 * With err->landed set it also says whether the change was saved:
 * "...; your change was not saved. Try again later." A PF_OK error with
 * PF_LANDED_YES (a PATCH whose answer was lost, found applied on re-read)
 * gives "The answer to WHAT was lost (DETAIL), but the server has your
 * change after all." */
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

/* How command mode reports a failure: "profed: <pf_error_sentence>\n"
 * on out; returns err's exit code (pf_error_exit_code). */
int pf_error_report(FILE *out, const struct pf_error *err);

#endif
