/* http.h - the one place that talks libcurl.
 *
 * One multi handle per client, so transfers never block the caller and
 * connections are reused between requests. Every request gets the
 * User-Agent, timeouts and TLS verification (always on); proxies come from
 * the usual environment variables (libcurl's defaults). Redirects are never
 * followed. The Authorization header is added only when the request asks
 * for it AND its scheme, host and port are the API's. Responses are read
 * into a buffer with a hard cap (PF_ERR_TOO_LARGE past it).
 *
 * A request body is handed to libcurl through a read callback that
 * cannot rewind once any of it was read, so libcurl never sends a write
 * (PATCH, POST, PUT) a second time by itself: when a reused connection
 * dies before an answer, libcurl wants to re-send, the rewind is refused
 * and the transfer fails with PF_ERR_TRANSPORT "the connection closed
 * before an answer came", not_sent false (the caller re-reads; see
 * api.h). A request other than GET also reuses a connection only when it
 * was busy in the last HTTP_WRITE_MAX_IDLE_S seconds
 * (CURLOPT_MAXAGE_CONN), else it opens a new one: the idle connection a
 * server closes would turn the write into an unknown outcome. Transport
 * errors set err->not_sent when the request surely never reached the
 * server (see error.h); that is what makes repeating a PATCH safe.
 *
 * With a trace path, every exchange (request line, headers, bodies, status)
 * is appended to that file, with the token redacted to "****" plus its last
 * four characters wherever it would appear, and any run of 6 or more of its
 * characters to "****" (each transfer redacts the token the client had when
 * it started, also after http_set_token). The file is opened with
 * O_NOFOLLOW and O_CLOEXEC and created 0600; an existing file that is not
 * the person's own, or that others may read or write, is refused ("chmod
 * 600 FILE", as for the config file). C0 and C1 controls and DEL are
 * written as '.'.
 *
 * Event loop use (single thread):
 *   id = http_start(c, &req, done, ud, &err);
 *   while (http_busy(c)) { http_wait(c, fds, nfds, revents, 100); http_run(c); }
 * http_run() calls each finished transfer's callback exactly once.
 */
#ifndef PROFED_HTTP_H
#define PROFED_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

/* A write (PATCH, POST, PUT) reuses a connection idle at most this long
 * (fewer writes meet a connection the server closes; not needed for
 * sending a write at most once, see above). */
#define HTTP_WRITE_MAX_IDLE_S 2
#define HTTP_MAX_BODY_DEFAULT (4u * 1024u * 1024u)
/* The longest Retry-After taken as it is (a day); longer is cut to it. */
#define HTTP_RETRY_AFTER_MAX 86400
/* The answer header that names the server's request (docs/decisions.md:
 * the contract names none; the usual one). */
#define HTTP_REQUEST_ID_HEADER "X-Request-Id"

struct http_client_opts {
	const char *api_base_url;  /* requests to its origin may carry the token */
	const char *token;         /* NULL = never send Authorization */
	const char *user_agent;    /* "profed/0.1.0" */
	long connect_timeout_ms;   /* 0 = 10000 */
	long total_timeout_ms;     /* 0 = 30000 */
	size_t max_body;           /* 0 = HTTP_MAX_BODY_DEFAULT */
	const char *trace_path;    /* NULL = no trace */
};

/* Upload progress of one transfer: bytes of the request body sent so far
 * and in all. Called from inside http_run() while libcurl works, with the
 * transfer's ud: it may record the numbers, but must not start, cancel or
 * wait on transfers. */
typedef void (*http_progress_fn)(void *ud, size_t sent, size_t total);

struct http_request {
	const char *method;        /* "GET", "PATCH", "POST", "PUT" */
	const char *url;           /* absolute */
	const char *body;          /* NULL = no body */
	size_t body_len;
	/* extra "Name: value" lines, NULL-terminated. "Name:" with nothing
	 * after the colon removes a header libcurl would add itself (Accept,
	 * Expect, User-Agent). */
	const char *const *headers;
	bool with_auth;            /* add the token (API origin only) */
	long timeout_ms;           /* 0 = the client's total timeout */
	http_progress_fn progress; /* NULL = none */
	/* Connect only to public addresses (urlpolicy_addr_public), checked
	 * on the address about to be connected to; ignored when the API's
	 * own host is loopback or private (http_api_private). A refused
	 * address ends the transfer with PF_ERR_TRANSPORT, not_sent, before
	 * any connect. Pictures ask for it. */
	bool public_only;
};

struct http_response {
	long status;
	char *body;                /* NUL-terminated; "" when empty */
	size_t body_len;
	int retry_after_s;         /* Retry-After in seconds (http_retry_after_parse),
	                              -1 when absent or unreadable */
	char *content_type;        /* NULL when absent */
	/* The X-Request-Id header (HTTP_REQUEST_ID_HEADER): printable ASCII
	 * other than space and quotes kept, cut to 63 bytes; "" when absent */
	char request_id[64];
};

/* Called once per transfer, from http_run() or http_cancel(). res is NULL
 * when err->kind != PF_OK at the transport level; for any HTTP status
 * (including 4xx/5xx) res is set and err is PF_OK: interpreting statuses is
 * the caller's job. res and err are valid only during the call. */
typedef void (*http_done_fn)(void *ud, const struct http_response *res,
                             const struct pf_error *err);

struct http_client;

/* New client; NULL with err on failure. Free with http_client_free. */
struct http_client *http_client_new(const struct http_client_opts *opts,
                                    struct pf_error *err);
/* Cancels (callbacks run with PF_ERR_CANCELLED) and frees. Accepts NULL. */
void http_client_free(struct http_client *c);

/* Replace the token of a running client (the editor's answer to a 401:
 * the person types another one). Requests started from now on carry
 * "Authorization: Bearer token" (still only to the API's origin); those in
 * flight keep the header they were built with, and their trace still
 * redacts the token they carry. The client's copy of the old token is
 * wiped from memory. NULL or "" token:
 * requests carry no Authorization header any more. Returns 0, or -1 with
 * err (PF_ERR_CONFIG: a line break in the token; PF_ERR_NOMEM) and the
 * client unchanged. */
int http_set_token(struct http_client *c, const char *token,
                   struct pf_error *err);

/* Whether c's API base URL is on a loopback host (urlpolicy.h), and
 * whether it is on loopback or a private or link-local IP literal. */
bool http_api_loopback(const struct http_client *c);
bool http_api_private(const struct http_client *c);

/* Start a transfer. Returns its id (> 0) or -1 with err. The request's
 * strings are copied; the caller may free them after the call. */
long http_start(struct http_client *c, const struct http_request *req,
                http_done_fn done, void *ud, struct pf_error *err);

/* Cancel a transfer: its callback runs now with PF_ERR_CANCELLED. Unknown
 * ids are ignored. */
void http_cancel(struct http_client *c, long id);

/* Number of transfers in flight. */
size_t http_busy(const struct http_client *c);

/* Wait until one of the client's sockets or one of the extra fds (polled for
 * POLLIN) is ready, or timeout_ms passes. revents[i] receives the events of
 * fds[i] (revents may be NULL when nfds is 0). Returns 0, or -1 with errno
 * on failure. Interrupted by signals: returns 0. */
int http_wait(struct http_client *c, const int *fds, size_t nfds,
              short *revents, int timeout_ms);

/* Move transfers on and run the callbacks of those that finished. */
void http_run(struct http_client *c);

/* Blocking convenience: start, then wait and run until this transfer is
 * done. On success (any HTTP status) fills *res (free with
 * http_response_free) and returns 0; else -1 with err. */
int http_perform(struct http_client *c, const struct http_request *req,
                 struct http_response *res, struct pf_error *err);

void http_response_free(struct http_response *res); /* accepts NULL */

/* What the client did since it was made: finished transfers (any outcome)
 * and the new connections they opened (the rest reused one). For the
 * benchmark and tests of connection reuse. */
struct http_stats {
	unsigned long transfers;
	unsigned long connections;
};
void http_get_stats(const struct http_client *c, struct http_stats *out);

/* Seconds to wait from a Retry-After value (RFC 9110, 10.2.3), read at
 * time now: delay-seconds (digits, blanks around them allowed) or an
 * HTTP-date (the IMF-fixdate "Fri, 31 Dec 1999 23:59:59 GMT" or the two
 * obsolete forms; read with curl_getdate, which ignores words after the
 * date it understands). A date not after now is 0; more than
 * HTTP_RETRY_AFTER_MAX is cut to it. -1 for NULL, "" and anything else
 * ("-3", "1.5", "soon"). Nothing to free. */
int http_retry_after_parse(const char *value, time_t now);

/* Percent-encode s for a URL path segment or query value. Caller frees;
 * NULL when out of memory. */
char *http_escape(const char *s);

/* Replace every occurrence of token in text with "****" + its last four
 * characters (fewer for short tokens), and any other run of 6 or more of
 * its characters with "****" (redact.h). Caller frees; NULL out of memory.
 * Used by the trace and by anything that could echo a request. */
char *http_redact(const char *text, size_t len, const char *token);

/* http_redact with c's token: what a server answered, redacted before it
 * is parsed and cut to a column limit. Caller frees; NULL out of memory. */
char *http_redact_answer(const struct http_client *c, const char *text,
                         size_t len);

/* Redact c's token (as http_redact does) in err's code and message, which
 * may quote a server's answer: a server that echoes the token must not
 * put it on the screen. What no longer fits is cut at a character
 * boundary. Accepts NULL c or err. */
void http_redact_error(const struct http_client *c, struct pf_error *err);

#endif
