/* http.c - libcurl multi wrapper; see http.h.
 *
 * Each transfer is a struct http_xfer: it owns its easy handle, copies of
 * the request, the capped response buffer and its trace state, and it is
 * the userdata of every libcurl callback (no globals). The client keeps the
 * transfers in flight in a list; a finished or cancelled transfer is
 * unlinked before its callback runs, so callbacks may start or cancel other
 * transfers. Callbacks must not free the client.
 */
#include "http.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "redact.h"
#include "strbuf.h"
#include "text.h"
#include "urlpolicy.h"

#define HTTP_CONNECT_TIMEOUT_MS 10000L
#define HTTP_TOTAL_TIMEOUT_MS 30000L

struct http_xfer;

struct http_client {
	CURLM *multi;
	CURLU *api_origin;        /* NULL: no request may carry the token */
	char *auth_header;        /* "Authorization: Bearer ...", NULL = none */
	char *token;
	char *user_agent;
	long connect_timeout_ms;
	long total_timeout_ms;
	size_t max_body;
	FILE *trace;              /* NULL = no trace */
	struct http_xfer *xfers;  /* in flight */
	size_t n_xfers;
	long next_id;
	struct http_stats stats;
	bool api_loopback;        /* urlpolicy_url_loopback(API base URL) */
	bool api_private;         /* urlpolicy_url_private(API base URL) */
};

struct http_xfer {
	struct http_client *c;
	struct http_xfer *next;
	long id;
	CURL *easy;
	struct curl_slist *headers;
	char *url;
	char *method;
	char *body;
	size_t body_len;
	size_t body_read;         /* bytes of body handed to libcurl so far */
	bool rewind_refused;      /* libcurl asked to send the body again */
	/* The client's token when the transfer started (NULL: none), the one
	 * its trace redacts: http_set_token may replace the client's before
	 * this request's headers are traced. Wiped when freed. */
	char *token;
	struct strbuf resp;       /* capped at max_body */
	char host[256];
	char errbuf[CURL_ERROR_SIZE];
	bool addr_refused;        /* public_only refused the address */
	http_done_fn done;
	http_progress_fn progress;
	void *ud;
	/* trace: bytes of one debug type not yet written (no newline yet) */
	struct strbuf trace_pending;
	curl_infotype trace_type;
};

/* See http.h: redact.c does it (the whole token and any run of it). */
char *http_redact(const char *text, size_t len, const char *token)
{
	return redact_text(text, len, token);
}

/* See http.h. */
char *http_redact_answer(const struct http_client *c, const char *text,
                         size_t len)
{
	return redact_text(text, len, c ? c->token : NULL);
}

/* Redact token in the NUL-terminated buf of capacity n (> 0), in place;
 * a result that no longer fits is cut at a UTF-8 character boundary.
 * Out of memory: buf is emptied rather than left holding the token. */
static void http_redact_buf(char *buf, size_t n, const char *token)
{
	if (!token || !*token || !redact_found(buf, strlen(buf), token))
		return;
	char *clean = http_redact(buf, strlen(buf), token);
	size_t len = clean ? strlen(clean) : 0;
	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)clean[len] & 0xc0) == 0x80)
			len--;
	}
	if (len)
		memcpy(buf, clean, len);
	buf[len] = '\0';
	free(clean);
}

/* See http.h. */
void http_redact_error(const struct http_client *c, struct pf_error *err)
{
	if (!c || !err)
		return;
	http_redact_buf(err->code, sizeof(err->code), c->token);
	http_redact_buf(err->message, sizeof(err->message), c->token);
}

/* Percent-encode everything but RFC 3986 unreserved characters. Caller
 * frees; NULL s encodes as ""; NULL out of memory. */
char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = s ? strlen(s) : 0;
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (isalnum(ch) || ch == '-' || ch == '.' || ch == '_' ||
		    ch == '~') {
			out[o++] = (char)ch;
		} else {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* Release a response's memory; accepts NULL. */
void http_response_free(struct http_response *res)
{
	if (!res)
		return;
	free(res->body);
	free(res->content_type);
	res->body = NULL;
	res->content_type = NULL;
	res->body_len = 0;
}

/* Parse url into a new CURLU (caller frees with curl_url_cleanup), or NULL
 * when it is not an absolute http(s) URL. */
static CURLU *http_parse_url(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	if (!u || !url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "http") && strcmp(scheme, "https"))) {
		curl_free(scheme);
		curl_url_cleanup(u);
		return NULL;
	}
	curl_free(scheme);
	return u;
}

/* True when part of a and b is equal (case-insensitive; the port with its
 * scheme's default filled in). */
static bool http_same_part(CURLU *a, CURLU *b, CURLUPart part)
{
	char *pa = NULL, *pb = NULL;
	unsigned flags = part == CURLUPART_PORT ? CURLU_DEFAULT_PORT : 0;
	bool same = curl_url_get(a, part, &pa, flags) == CURLUE_OK &&
	            curl_url_get(b, part, &pb, flags) == CURLUE_OK &&
	            !strcasecmp(pa, pb);
	curl_free(pa);
	curl_free(pb);
	return same;
}

/* Whether u has the API base's scheme, host and port. */
static bool http_is_api_origin(const struct http_client *c, CURLU *u)
{
	return c->api_origin && http_same_part(c->api_origin, u, CURLUPART_SCHEME) &&
	       http_same_part(c->api_origin, u, CURLUPART_HOST) &&
	       http_same_part(c->api_origin, u, CURLUPART_PORT);
}

/* Open the trace file for appending: never through a symlink, created
 * 0600, and an existing file only when it is the person's own and no one
 * else may read or write it (it holds the profile and balances). NULL
 * with err (PF_ERR_CONFIG for a file refused, PF_ERR_IO otherwise). */
static FILE *http_trace_open(const char *path, struct pf_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	                    O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0600);
	struct stat st;
	FILE *f;

	if (fd < 0 && errno == ELOOP) {
		pf_error_set(err, PF_ERR_CONFIG, "the trace file %s is a symbolic "
		             "link; refusing to write through it", path);
		return NULL;
	}
	if (fd < 0) {
		pf_error_set(err, PF_ERR_IO, "cannot open trace file %s: %s", path,
		             strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		pf_error_set(err, PF_ERR_CONFIG, "the trace file %s is not a "
		             "regular file", path);
	} else if (st.st_uid != geteuid()) {
		pf_error_set(err, PF_ERR_CONFIG, "the trace file %s belongs to "
		             "another user; refusing to use it", path);
	} else if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		pf_error_set(err, PF_ERR_CONFIG, "%s can be read or written by other "
		             "users and would hold the profile and balances; "
		             "refusing to use it. Fix it with: chmod 600 %s", path,
		             path);
	} else if (fcntl(fd, F_SETFL, O_WRONLY | O_APPEND) == 0 &&
	           (f = fdopen(fd, "a")) != NULL) {
		return f;
	} else {
		pf_error_set(err, PF_ERR_IO, "cannot open trace file %s: %s", path,
		             strerror(errno));
	}
	close(fd);
	return NULL;
}

/* Make a trace line safe to view, in place: C0 controls but the tab,
 * DEL, C1 controls (U+0080 to U+009F) and bytes that are not UTF-8
 * become '.'. */
static void http_trace_clean(char *line)
{
	size_t n = strlen(line);

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = text_utf8_decode(line + i, n - i, &cp);
		bool bad = (cp < 0x20 && cp != '\t') || cp == 0x7f ||
		           (cp >= 0x80 && cp <= 0x9f) ||
		           (cp == 0xFFFD && k == 1);
		if (bad)
			memset(line + i, '.', k);
		i += k;
	}
}

/* Write the complete lines at the start of x's pending trace bytes (all of
 * them when flush), each prefixed with the transfer id and a mark for its
 * direction, with the token redacted line by line: a token never spans a
 * newline, so it is never written in two halves. Controls other than tab
 * become '.' so the trace is safe to view. */
static void http_trace_lines(struct http_xfer *x, bool flush)
{
	static const char *const mark[] = {
		[CURLINFO_TEXT] = "*", [CURLINFO_HEADER_IN] = "<",
		[CURLINFO_HEADER_OUT] = ">", [CURLINFO_DATA_IN] = "{",
		[CURLINFO_DATA_OUT] = "}",
	};
	struct strbuf *p = &x->trace_pending;
	size_t start = 0;
	while (start < p->len) {
		char *nl = memchr(p->data + start, '\n', p->len - start);
		if (!nl && !flush)
			break;
		size_t end = nl ? (size_t)(nl - p->data) : p->len;
		size_t n = end - start;
		if (n && p->data[start + n - 1] == '\r')
			n--;
		char *line = http_redact(p->data + start, n, x->token);
		if (line) {
			http_trace_clean(line);
			fprintf(x->c->trace, "[%ld] %s %s\n", x->id,
			        mark[x->trace_type], line);
		} else {
			fprintf(x->c->trace, "[%ld] %s (line left out: no memory)\n",
			        x->id, mark[x->trace_type]);
		}
		free(line);
		start = nl ? end + 1 : p->len;
	}
	if (start) {
		memmove(p->data, p->data + start, p->len - start);
		p->len -= start;
		p->data[p->len] = '\0';
	}
	fflush(x->c->trace);
}

/* CURLOPT_DEBUGFUNCTION: queue the bytes for the trace. Request headers
 * arrive as one block, response headers one line at a time, bodies in
 * arbitrary chunks; lines are only written once complete. */
static int http_debug_cb(CURL *easy, curl_infotype type, char *data,
                         size_t size, void *ud)
{
	struct http_xfer *x = ud;
	(void)easy;
	if (type > CURLINFO_DATA_OUT)
		return 0; /* TLS records: nothing readable */
	if (type != x->trace_type) {
		http_trace_lines(x, true);
		x->trace_type = type;
	}
	if (strbuf_append(&x->trace_pending, data, size) < 0)
		strbuf_reset(&x->trace_pending); /* no memory: lose it, never leak */
	http_trace_lines(x, false);
	return 0;
}

/* CURLOPT_WRITEFUNCTION: append to the capped buffer; a short count makes
 * libcurl stop with CURLE_WRITE_ERROR (resp.overflow tells why). */
static size_t http_write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_xfer *x = ud;
	if (strbuf_append(&x->resp, data, size * nmemb) < 0)
		return 0;
	return size * nmemb;
}

/* CURLOPT_READFUNCTION: hand libcurl the request body, once. */
static size_t http_read_cb(char *buf, size_t size, size_t nitems, void *ud)
{
	struct http_xfer *x = ud;
	size_t n = x->body_len - x->body_read;
	if (n > size * nitems)
		n = size * nitems;
	memcpy(buf, x->body + x->body_read, n);
	x->body_read += n;
	return n;
}

/* CURLOPT_SEEKFUNCTION: the body can be "rewound" only while none of it
 * was read. libcurl rewinds when it wants to send the request again by
 * itself (a reused connection that died before any answer); refusing
 * makes that transfer fail with CURLE_SEND_FAIL_REWIND instead, so a
 * write reaches the server at most once unless profed repeats it. */
static int http_seek_cb(void *ud, curl_off_t offset, int origin)
{
	struct http_xfer *x = ud;
	if (origin == SEEK_SET && offset == 0 && x->body_read == 0)
		return CURL_SEEKFUNC_OK;
	x->rewind_refused = true;
	return CURL_SEEKFUNC_FAIL;
}

/* CURLOPT_XFERINFOFUNCTION: report upload progress to the caller. */
static int http_xferinfo_cb(void *ud, curl_off_t dltotal, curl_off_t dlnow,
                            curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_xfer *x = ud;
	(void)dltotal;
	(void)dlnow;
	x->progress(x->ud, (size_t)ulnow, (size_t)ultotal);
	return 0;
}

/* Wipe and free a secret string. Accepts NULL. */
static void http_free_secret(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* Free a transfer that is no longer in the multi handle. */
static void http_xfer_free(struct http_xfer *x)
{
	if (!x)
		return;
	curl_easy_cleanup(x->easy);
	/* the list holds a copy of the Authorization header */
	for (struct curl_slist *l = x->headers; l; l = l->next)
		if (l->data)
			explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(x->headers);
	free(x->url);
	free(x->method);
	free(x->body);
	http_free_secret(x->token);
	strbuf_free(&x->resp);
	strbuf_free(&x->trace_pending);
	free(x);
}

/* Take x out of the multi handle and the client's list. */
static void http_xfer_unlink(struct http_xfer *x)
{
	struct http_client *c = x->c;
	curl_multi_remove_handle(c->multi, x->easy);
	for (struct http_xfer **pp = &c->xfers; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			c->n_xfers--;
			break;
		}
	}
}

/* Seconds to wait from a Retry-After value; see http.h. */
int http_retry_after_parse(const char *value, time_t now)
{
	if (!value)
		return -1;
	const char *v = value + strspn(value, " \t");
	if (isdigit((unsigned char)*v)) {
		long s = 0;
		for (; isdigit((unsigned char)*v); v++)
			if ((s = s * 10 + (*v - '0')) > HTTP_RETRY_AFTER_MAX)
				s = HTTP_RETRY_AFTER_MAX;
		return v[strspn(v, " \t")] ? -1 : (int)s;
	}
	/* every HTTP-date form starts with the day's name */
	if (!isalpha((unsigned char)*v))
		return -1;
	time_t when = curl_getdate(v, NULL);
	if (when == -1)
		return -1;
	double d = difftime(when, now);
	if (d <= 0)
		return 0;
	return d > HTTP_RETRY_AFTER_MAX ? HTTP_RETRY_AFTER_MAX : (int)d;
}

/* The X-Request-Id header of easy's answer into out[64] ("" when absent):
 * printable ASCII other than space, '"' and '\\' only, cut to 63 bytes. */
static void http_request_id(CURL *easy, char out[64])
{
	struct curl_header *h = NULL;
	size_t k = 0;
	out[0] = '\0';
	if (curl_easy_header(easy, HTTP_REQUEST_ID_HEADER, 0, CURLH_HEADER, -1,
	                     &h) != CURLHE_OK || !h || !h->value)
		return;
	for (const char *v = h->value; *v && k < 63; v++)
		if (*v > ' ' && *v < 0x7f && *v != '"' && *v != '\\')
			out[k++] = *v;
	out[k] = '\0';
}

/* The Retry-After header of easy's answer in seconds, or -1 (absent or
 * unreadable; see http_retry_after_parse). */
static int http_retry_after(CURL *easy)
{
	struct curl_header *h = NULL;
	if (curl_easy_header(easy, "Retry-After", 0, CURLH_HEADER, -1, &h) !=
	    CURLHE_OK)
		return -1;
	return http_retry_after_parse(h->value, time(NULL));
}

/* See http.h. */
bool http_api_loopback(const struct http_client *c)
{
	return c && c->api_loopback;
}

/* See http.h. */
bool http_api_private(const struct http_client *c)
{
	return c && c->api_private;
}

/* CURLOPT_OPENSOCKETFUNCTION of public_only transfers: a socket only for
 * a public address (close-on-exec, like every socket profed opens). */
static curl_socket_t http_open_public(void *ud, curlsocktype purpose,
                                      struct curl_sockaddr *a)
{
	struct http_xfer *x = ud;

	if (purpose != CURLSOCKTYPE_IPCXN ||
	    !urlpolicy_addr_public(&a->addr)) {
		x->addr_refused = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* Turn libcurl's result into err (PF_OK for any HTTP status). */
static void http_xfer_error(struct http_xfer *x, CURLcode rc,
                            struct pf_error *err)
{
	const char *why = x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc);
	if (rc == CURLE_OK)
		return;
	/* Surely never reached the server: no name, no connection, or a
	 * timeout before a single request byte went out (still connecting,
	 * or in the TLS handshake). */
	long sent = 0;
	curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE, &sent);
	bool not_sent = rc == CURLE_COULDNT_RESOLVE_HOST ||
	                rc == CURLE_COULDNT_RESOLVE_PROXY ||
	                rc == CURLE_COULDNT_CONNECT ||
	                (rc == CURLE_OPERATION_TIMEDOUT && sent == 0);
	if (x->addr_refused) {
		pf_error_set(err, PF_ERR_TRANSPORT, "the host is a private, "
		             "loopback or link-local address; refused");
		not_sent = true;
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		pf_error_set(err, PF_ERR_TIMEOUT, "%s", why);
	} else if (rc == CURLE_SEND_FAIL_REWIND || x->rewind_refused) {
		/* the request went out and the connection died before any
		 * answer: whether the server acted on it is not known */
		pf_error_set(err, PF_ERR_TRANSPORT, "the connection closed before "
		             "an answer came");
	} else if (rc == CURLE_FILESIZE_EXCEEDED ||
	           (rc == CURLE_WRITE_ERROR && x->resp.overflow)) {
		pf_error_set(err, PF_ERR_TOO_LARGE,
		             "the answer is larger than the limit of %zu bytes",
		             x->c->max_body);
	} else if (rc == CURLE_OUT_OF_MEMORY || rc == CURLE_WRITE_ERROR) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory reading the answer");
	} else {
		pf_error_set(err, PF_ERR_TRANSPORT, "%s", why);
	}
	if (err->kind == PF_ERR_TRANSPORT || err->kind == PF_ERR_TIMEOUT)
		err->not_sent = not_sent;
	snprintf(err->host, sizeof(err->host), "%s", x->host);
}

/* Finish x (already unlinked): trace the outcome, run its callback with
 * the response or the error, free it. */
static void http_xfer_finish(struct http_xfer *x, CURLcode rc, bool cancelled)
{
	struct pf_error err;
	struct http_response res = { .retry_after_s = -1 };
	pf_error_clear(&err);
	if (cancelled)
		pf_error_set(&err, PF_ERR_CANCELLED, "cancelled");
	else
		http_xfer_error(x, rc, &err);

	if (err.kind == PF_OK) {
		char *ct = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &res.status);
		curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ct);
		res.retry_after_s = http_retry_after(x->easy);
		http_request_id(x->easy, res.request_id);
		res.body_len = x->resp.len;
		res.body = strbuf_take(&x->resp);
		res.content_type = ct ? strdup(ct) : NULL;
		if (!res.body || (ct && !res.content_type))
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
	}

	long connects = 0;
	curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &connects);
	x->c->stats.transfers++;
	x->c->stats.connections += connects > 0 ? (unsigned long)connects : 0;
	if (x->c->trace) {
		http_trace_lines(x, true);
		if (err.kind == PF_OK)
			fprintf(x->c->trace,
			        "[%ld] = HTTP %ld, %zu bytes, new connections: %ld\n",
			        x->id, res.status, res.body_len, connects);
		else
			fprintf(x->c->trace, "[%ld] = failed: %s\n", x->id,
			        err.message);
		fflush(x->c->trace);
	}

	x->done(x->ud, err.kind == PF_OK ? &res : NULL, &err);
	http_response_free(&res);
	http_xfer_free(x);
}

/* New client; see http.h. NULL opts means all defaults (no token). The
 * token and its header are set by http_set_token, the one place the
 * Authorization header is built. */
struct http_client *http_client_new(const struct http_client_opts *opts,
                                    struct pf_error *err)
{
	static const struct http_client_opts none = { 0 };
	if (!opts)
		opts = &none;
	struct http_client *c = calloc(1, sizeof(*c));
	if (!c) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	c->next_id = 1;
	c->connect_timeout_ms = opts->connect_timeout_ms > 0 ?
	                        opts->connect_timeout_ms : HTTP_CONNECT_TIMEOUT_MS;
	c->total_timeout_ms = opts->total_timeout_ms > 0 ?
	                      opts->total_timeout_ms : HTTP_TOTAL_TIMEOUT_MS;
	c->max_body = opts->max_body ? opts->max_body : HTTP_MAX_BODY_DEFAULT;
	c->multi = curl_multi_init();
	c->user_agent = strdup(opts->user_agent ? opts->user_agent : "profed");
	if (!c->multi || !c->user_agent)
		goto nomem;
	c->api_loopback = urlpolicy_url_loopback(opts->api_base_url);
	c->api_private = urlpolicy_url_private(opts->api_base_url);
	if (opts->api_base_url && !(c->api_origin = http_parse_url(opts->api_base_url))) {
		pf_error_set(err, PF_ERR_CONFIG,
		             "the API base URL is not an http or https URL");
		goto fail;
	}
	if (http_set_token(c, opts->token, err) < 0) /* the one builder */
		goto fail;
	if (opts->trace_path &&
	    !(c->trace = http_trace_open(opts->trace_path, err)))
		goto fail;
	return c;
nomem:
	pf_error_set(err, PF_ERR_NOMEM, "out of memory");
fail:
	http_client_free(c);
	return NULL;
}

/* Cancel everything in flight (callbacks run), then free. Accepts NULL. */
void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	while (c->xfers)
		http_cancel(c, c->xfers->id);
	curl_multi_cleanup(c->multi);
	curl_url_cleanup(c->api_origin);
	/* the token must not linger in freed memory */
	http_free_secret(c->auth_header);
	http_free_secret(c->token);
	free(c->user_agent);
	if (c->trace)
		fclose(c->trace);
	free(c);
}

/* See http.h: the new token and header are built first, so a failure
 * leaves the client as it was. */
int http_set_token(struct http_client *c, const char *token,
                   struct pf_error *err)
{
	char *tok = NULL, *hdr = NULL;

	if (!c)
		return pf_error_set(err, PF_ERR_USAGE, "no HTTP client");
	if (token && token[0]) {
		struct strbuf sb = { 0 };
		if (strpbrk(token, "\r\n"))
			return pf_error_set(err, PF_ERR_CONFIG,
			                    "the token contains a line break");
		if (!(tok = strdup(token)) ||
		    strbuf_appendf(&sb, "Authorization: Bearer %s", token) < 0 ||
		    !(hdr = strbuf_take(&sb))) {
			if (sb.data)
				memset(sb.data, 0, sb.len);
			strbuf_free(&sb);
			http_free_secret(tok);
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		}
	}
	http_free_secret(c->auth_header);
	http_free_secret(c->token);
	c->auth_header = hdr;
	c->token = tok;
	return 0;
}

/* Check the caller's request: a method of capital letters, an absolute
 * http(s) URL, header lines without line breaks. Returns the parsed URL
 * (caller frees) or NULL with err. */
static CURLU *http_check_request(const struct http_request *req,
                                 struct pf_error *err)
{
	if (!req || !req->method || !req->method[0] ||
	    strspn(req->method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(req->method)) {
		pf_error_set(err, PF_ERR_USAGE, "invalid HTTP request method");
		return NULL;
	}
	for (const char *const *h = req->headers; h && *h; h++) {
		if (strpbrk(*h, "\r\n") || !strchr(*h, ':')) {
			pf_error_set(err, PF_ERR_USAGE, "invalid request header");
			return NULL;
		}
	}
	CURLU *u = http_parse_url(req->url);
	if (!u)
		pf_error_set(err, PF_ERR_USAGE, "invalid URL (not an absolute http or https URL)");
	return u;
}

/* Whether the caller's headers already set name (e.g. "Content-Type:"). */
static bool http_has_header(const char *const *headers, const char *name)
{
	for (const char *const *h = headers; h && *h; h++)
		if (!strncasecmp(*h, name, strlen(name)))
			return true;
	return false;
}

/* Build x's header list and easy handle from req. Returns 0 or -1 (out of
 * memory). */
static int http_xfer_setup(struct http_xfer *x, const struct http_request *req,
                           bool with_token)
{
	struct http_client *c = x->c;
	CURL *e = x->easy;
	struct curl_slist *l;
	for (const char *const *h = req->headers; h && *h; h++) {
		if (!(l = curl_slist_append(x->headers, *h)))
			return -1;
		x->headers = l;
	}
	if (with_token) {
		if (!(l = curl_slist_append(x->headers, c->auth_header)))
			return -1;
		x->headers = l;
	}
	/* Without this libcurl labels every body form-urlencoded. */
	if (req->body && !http_has_header(req->headers, "Content-Type:")) {
		if (!(l = curl_slist_append(x->headers, "Content-Type:")))
			return -1;
		x->headers = l;
	}
	/* A body of known size is sent at once, without waiting for a
	 * "100 Continue" first. */
	if (req->body && !http_has_header(req->headers, "Expect:")) {
		if (!(l = curl_slist_append(x->headers, "Expect:")))
			return -1;
		x->headers = l;
	}

	bool ok = curl_easy_setopt(e, CURLOPT_URL, x->url) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ?
		                 req->timeout_ms : c->total_timeout_ms) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_write_cb) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_WRITEDATA, x) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf) == CURLE_OK &&
		curl_easy_setopt(e, CURLOPT_PRIVATE, x) == CURLE_OK;
	/* A request that is not a GET reuses a connection only when it was
	 * busy in the last HTTP_WRITE_MAX_IDLE_S seconds (the conflict re-read
	 * right before a PATCH warms it), so the save costs no new connection
	 * while a connection the server may have closed after sitting idle is
	 * not used for a write: meeting that close half-way, the write would
	 * end with an unknown outcome (libcurl cannot re-send it, see
	 * http_seek_cb). */
	if (ok && strcmp(x->method, "GET"))
		ok = curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, x->method) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_MAXAGE_CONN,
		                      (long)HTTP_WRITE_MAX_IDLE_S) == CURLE_OK;
	/* The body goes through a read callback that cannot rewind once it
	 * was read (http_seek_cb), never CURLOPT_POSTFIELDS, which libcurl
	 * can always send again; its size is known, so no Expect. */
	if (ok && req->body)
		ok = curl_easy_setopt(e, CURLOPT_POST, 1L) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		                      (curl_off_t)req->body_len) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_READFUNCTION, http_read_cb) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_READDATA, x) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, http_seek_cb) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_SEEKDATA, x) == CURLE_OK;
	if (ok && x->progress)
		ok = curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, http_xferinfo_cb) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_XFERINFODATA, x) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L) == CURLE_OK;
	if (ok && req->public_only && !c->api_private)
		ok = curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, http_open_public) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x) == CURLE_OK;
	if (ok && c->trace)
		ok = curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, http_debug_cb) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_DEBUGDATA, x) == CURLE_OK &&
		     curl_easy_setopt(e, CURLOPT_VERBOSE, 1L) == CURLE_OK;
	return ok ? 0 : -1;
}

/* Start a transfer; see http.h. */
long http_start(struct http_client *c, const struct http_request *req,
                http_done_fn done, void *ud, struct pf_error *err)
{
	if (!c || !done)
		return pf_error_set(err, PF_ERR_USAGE, "no HTTP client or callback");
	CURLU *u = http_check_request(req, err);
	if (!u)
		return -1;
	struct http_xfer *x = calloc(1, sizeof(*x));
	char *host = NULL;
	if (!x)
		goto nomem;
	x->c = c;
	x->done = done;
	x->progress = req->progress;
	x->ud = ud;
	x->trace_type = CURLINFO_TEXT;
	x->resp.limit = c->max_body;
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		snprintf(x->host, sizeof(x->host), "%s", host);
	curl_free(host);
	x->easy = curl_easy_init();
	x->url = strdup(req->url);
	x->method = strdup(req->method);
	x->token = c->token ? strdup(c->token) : NULL;
	if (req->body && (x->body = malloc(req->body_len + 1))) {
		memcpy(x->body, req->body, req->body_len);
		x->body[req->body_len] = '\0';
		x->body_len = req->body_len;
	}
	if (!x->easy || !x->url || !x->method || (req->body && !x->body) ||
	    (c->token && !x->token) ||
	    http_xfer_setup(x, req, req->with_auth && c->auth_header &&
	                            http_is_api_origin(c, u)) < 0 ||
	    curl_multi_add_handle(c->multi, x->easy) != CURLM_OK)
		goto nomem;
	curl_url_cleanup(u);
	x->id = c->next_id++;
	x->next = c->xfers;
	c->xfers = x;
	c->n_xfers++;
	return x->id;
nomem:
	curl_url_cleanup(u);
	http_xfer_free(x);
	return pf_error_set(err, PF_ERR_NOMEM, "out of memory starting a request");
}

/* Cancel a transfer; its callback runs now. Unknown ids are ignored. */
void http_cancel(struct http_client *c, long id)
{
	if (!c)
		return;
	for (struct http_xfer *x = c->xfers; x; x = x->next) {
		if (x->id == id) {
			http_xfer_unlink(x);
			http_xfer_finish(x, CURLE_OK, true);
			return;
		}
	}
}

/* Number of transfers in flight. */
size_t http_busy(const struct http_client *c)
{
	return c ? c->n_xfers : 0;
}

/* Wait for the client's sockets or the extra fds; see http.h. */
int http_wait(struct http_client *c, const int *fds, size_t nfds,
              short *revents, int timeout_ms)
{
	if (!c || (nfds && (!fds || !revents))) {
		errno = EINVAL;
		return -1;
	}
	struct curl_waitfd *w = nfds ? calloc(nfds, sizeof(*w)) : NULL;
	if (nfds && !w) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < nfds; i++) {
		w[i].fd = fds[i];
		w[i].events = CURL_WAIT_POLLIN;
	}
	CURLMcode mc = curl_multi_poll(c->multi, w, (unsigned)nfds, timeout_ms,
	                               NULL);
	int saved = errno;
	for (size_t i = 0; i < nfds; i++)
		revents[i] = mc == CURLM_OK ? w[i].revents : 0;
	free(w);
	if (mc == CURLM_OK || saved == EINTR)
		return 0;
	errno = saved ? saved : EIO;
	return -1;
}

/* Move transfers on and finish those that are done; see http.h. */
void http_run(struct http_client *c)
{
	if (!c)
		return;
	int running = 0, left = 0;
	curl_multi_perform(c->multi, &running);
	CURLMsg *m;
	while ((m = curl_multi_info_read(c->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		void *p = NULL;
		CURLcode rc = m->data.result;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		struct http_xfer *x = p;
		http_xfer_unlink(x);
		http_xfer_finish(x, rc, false);
	}
}

/* http_perform's transfer state: where the answer goes. */
struct http_sync {
	bool finished;
	struct http_response *res;
	struct pf_error *err;
};

/* Callback of http_perform: keep a copy of the answer or the error. */
static void http_sync_done(void *ud, const struct http_response *res,
                           const struct pf_error *err)
{
	struct http_sync *s = ud;
	s->finished = true;
	if (s->err)
		*s->err = *err;
	if (!res)
		return;
	*s->res = *res;
	s->res->body = malloc(res->body_len + 1);
	s->res->content_type = res->content_type ? strdup(res->content_type) : NULL;
	if (!s->res->body || (res->content_type && !s->res->content_type)) {
		http_response_free(s->res);
		pf_error_set(s->err, PF_ERR_NOMEM, "out of memory");
		return;
	}
	memcpy(s->res->body, res->body, res->body_len + 1);
}

/* Blocking transfer; see http.h. */
int http_perform(struct http_client *c, const struct http_request *req,
                 struct http_response *res, struct pf_error *err)
{
	struct pf_error local;
	struct http_sync s = { .res = res, .err = err ? err : &local };
	if (!res)
		return pf_error_set(err, PF_ERR_USAGE, "no response to fill");
	*res = (struct http_response){ .retry_after_s = -1 };
	pf_error_clear(s.err);
	long id = http_start(c, req, http_sync_done, &s, s.err);
	if (id < 0)
		return -1;
	while (!s.finished) {
		if (http_wait(c, NULL, 0, NULL, 1000) < 0) {
			int e = errno;
			http_cancel(c, id);
			return pf_error_set(s.err, PF_ERR_TRANSPORT,
			                    "waiting for the network failed: %s",
			                    strerror(e));
		}
		http_run(c);
	}
	return s.err->kind == PF_OK ? 0 : -1;
}

/* Counters since the client was made; see http.h. */
void http_get_stats(const struct http_client *c, struct http_stats *out)
{
	*out = c ? c->stats : (struct http_stats){0};
}
