/* error.c - one error value, and the one place that turns it into the
 * sentence a person reads; see error.h.
 *
 * Nothing here allocates: an error must be reportable out of memory.
 */
#include "error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Reset err to PF_OK with empty strings and an unknown wait. Accepts NULL. */
void pf_error_clear(struct pf_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->kind = PF_OK;
	err->retry_after_s = -1;
}

/* Fill err with kind and a formatted message. Every other detail is reset
 * except `what`: the operation is context set by the caller, not part of
 * the failure. Always returns -1; NULL err is accepted. */
int pf_error_set(struct pf_error *err, enum pf_err_kind kind,
                 const char *fmt, ...)
{
	if (!err)
		return -1;
	char what[sizeof(err->what)];
	memcpy(what, err->what, sizeof(what));
	pf_error_clear(err);
	memcpy(err->what, what, sizeof(what));
	err->kind = kind;
	err->keep_case = fmt[0] == '%' && strcmp(fmt, "%s") != 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

/* Copy src into dst (capacity n > 0) so that nothing can reach a terminal
 * as a control: C0 controls and DEL become caret notation ("^[" for ESC),
 * C1 controls, bidi overrides/isolates and invalid UTF-8 become U+FFFD. A
 * character that does not fit whole is dropped, so dst stays valid UTF-8. */
static void error_scrub(char *dst, size_t n, const char *src)
{
	size_t o = 0, len = strlen(src);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t used = text_utf8_decode(src + i, len - i, &cp);
		char rep[4];
		const char *out = src + i;
		size_t outlen = used;
		if (cp < 0x20 || cp == 0x7f) {
			rep[0] = '^';
			rep[1] = (char)(cp == 0x7f ? '?' : cp + '@');
			out = rep;
			outlen = 2;
		} else if (cp == 0xfffd || /* also what invalid bytes decode to */
		           (cp >= 0x80 && cp <= 0x9f) ||
		           (cp >= 0x202a && cp <= 0x202e) ||
		           (cp >= 0x2066 && cp <= 0x2069)) {
			out = "\xef\xbf\xbd";
			outlen = 3;
		}
		if (o + outlen >= n)
			break;
		memcpy(dst + o, out, outlen);
		o += outlen;
		i += used;
	}
	dst[o] = '\0';
}

/* Append a formatted string to the NUL-terminated raw (capacity n),
 * silently cutting what does not fit. */
__attribute__((format(printf, 3, 4)))
static void error_append(char *raw, size_t n, const char *fmt, ...)
{
	size_t len = strlen(raw);
	if (len + 1 >= n)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw + len, n - len, fmt, ap);
	va_end(ap);
}

/* The meaning of an HTTP status for a person, and the advice that goes
 * with it. advice is "" when there is nothing useful to add. */
static void error_http_reason(const struct pf_error *err, const char **reason,
                              char *advice, size_t n)
{
	long st = err->status;
	advice[0] = '\0';
	if (st == 401) {
		*reason = "the token was refused";
		snprintf(advice, n, "Check WHOP_API_KEY or --token-file.");
	} else if (st == 403) {
		*reason = "the token has no permission for this";
		snprintf(advice, n, "Use a token with the needed permission.");
	} else if (st == 404) {
		*reason = "that user was not found";
		snprintf(advice, n, "Check the user id or username.");
	} else if (st == 409) {
		*reason = "the profile changed on the server meanwhile";
		snprintf(advice, n, "Reload it to see what changed.");
	} else if (st == 422 && err->field[0]) {
		*reason = "the server did not accept the change";
		snprintf(advice, n, "Correct the %s field and try again.",
		         err->field);
	} else if (st == 400 || st == 422) {
		*reason = "the server did not accept the request";
	} else if (st == 429) {
		*reason = "too many requests";
		if (err->retry_after_s == 0)
			snprintf(advice, n, "Try again.");
		else if (err->retry_after_s > 0)
			snprintf(advice, n, "Wait %d second%s and try again.",
			         err->retry_after_s,
			         err->retry_after_s == 1 ? "" : "s");
		else
			snprintf(advice, n, "Wait a moment and try again.");
	} else if (st >= 500) {
		*reason = "the server failed";
		snprintf(advice, n, "Try again later.");
	} else if (st >= 300 && st < 400) {
		*reason = "the server answered with a redirect, which is not followed";
		snprintf(advice, n, "Check --base-url.");
	} else {
		*reason = "the server refused the request";
	}
}

/* The sentence a person reads; see error.h. Built as
 * "Could not WHAT: REASON (DETAIL). ADVICE" and scrubbed of controls. */
const char *pf_error_sentence(const struct pf_error *err, char *buf, size_t n)
{
	if (!buf || n == 0)
		return buf;
	if (!err || (err->kind == PF_OK && err->landed != PF_LANDED_YES)) {
		error_scrub(buf, n, "No error.");
		return buf;
	}
	if (err->kind == PF_OK) { /* a lost answer, the change found applied */
		char raw[1024] = "";
		error_append(raw, sizeof(raw), "The answer to %s was lost",
		             err->what[0] ? err->what : "the request");
		if (err->message[0])
			error_append(raw, sizeof(raw), " (%s)", err->message);
		error_append(raw, sizeof(raw),
		             ", but the server has your change after all.");
		error_scrub(buf, n, raw);
		return buf;
	}
	const char *reason = "";
	char detail[sizeof(err->message) + 32] = "";
	char advice[128] = "";
	const char *msg = err->message;
	const char *host = err->host[0] ? err->host : "the server";

	switch (err->kind) {
	case PF_ERR_USAGE:
		reason = msg;
		snprintf(advice, sizeof(advice), "See profed --help.");
		break;
	case PF_ERR_CONFIG:
	case PF_ERR_IO:
	case PF_ERR_VALIDATION:
		reason = msg;
		break;
	case PF_ERR_NOMEM:
		reason = "out of memory";
		break;
	case PF_ERR_TRANSPORT:
		reason = "could not talk to";
		snprintf(detail, sizeof(detail), "%s", msg);
		snprintf(advice, sizeof(advice), "%s", err->not_sent ?
		         "Check the network connection and the base URL "
		         "(--base-url, WHOP_BASE_URL)." :
		         "Check the network connection.");
		break;
	case PF_ERR_TIMEOUT:
		/* not_sent: no connection within the connect timeout */
		reason = err->not_sent ? "could not connect in time to" :
		                         "no answer in time from";
		snprintf(detail, sizeof(detail), "%s", msg);
		snprintf(advice, sizeof(advice), "%s", err->not_sent ?
		         "Check the network connection, any proxy setting "
		         "(https_proxy) and the base URL." :
		         "Check the network, or allow more time with --timeout.");
		break;
	case PF_ERR_TOO_LARGE:
		reason = "the answer was too large";
		snprintf(detail, sizeof(detail), "%s", msg);
		break;
	case PF_ERR_HTTP:
		error_http_reason(err, &reason, advice, sizeof(advice));
		if (msg[0])
			snprintf(detail, sizeof(detail), "HTTP %ld: %s",
			         err->status, msg);
		else
			snprintf(detail, sizeof(detail), "HTTP %ld", err->status);
		break;
	case PF_ERR_PARSE:
		reason = "the server's answer was not usable";
		snprintf(detail, sizeof(detail), "%s", msg);
		break;
	case PF_ERR_CANCELLED:
		reason = "cancelled";
		break;
	case PF_OK:
		break;
	}

	/* "(Try again in 12 seconds.)." reads badly: drop a final period. */
	size_t dl = strlen(detail);
	if (dl && detail[dl - 1] == '.')
		detail[dl - 1] = '\0';

	char raw[1024] = "";
	if (err->what[0])
		error_append(raw, sizeof(raw), "Could not %s: ", err->what);
	if (err->kind == PF_ERR_TRANSPORT || err->kind == PF_ERR_TIMEOUT)
		error_append(raw, sizeof(raw), "%s %s", reason, host);
	else
		error_append(raw, sizeof(raw), "%s", reason);
	/* A sentence starts with a capital letter, unless it starts with
	 * user text (a path or a name as typed), which is never changed. */
	if (err->what[0] || reason != msg || !err->keep_case)
		raw[0] = (char)toupper((unsigned char)raw[0]);
	if (detail[0])
		error_append(raw, sizeof(raw), " (%s)", detail);
	if (err->landed == PF_LANDED_YES)
		error_append(raw, sizeof(raw),
		             "; the server has your change after all");
	else if (err->landed == PF_LANDED_NO)
		error_append(raw, sizeof(raw), "; your change was not saved");
	else if (err->landed == PF_LANDED_UNKNOWN)
		error_append(raw, sizeof(raw), "; whether your change was saved "
		             "is not known: reload before trying again");
	size_t len = strlen(raw);
	if (len == 0 || raw[len - 1] != '.')
		error_append(raw, sizeof(raw), ".");
	if (advice[0])
		error_append(raw, sizeof(raw), " %s", advice);
	error_scrub(buf, n, raw);
	return buf;
}

/* The exit code of command mode for err; see enum pf_exit. */
enum pf_exit pf_error_exit_code(const struct pf_error *err)
{
	if (!err)
		return PF_EXIT_OK;
	switch (err->kind) {
	case PF_OK:
		return PF_EXIT_OK;
	case PF_ERR_USAGE:
	case PF_ERR_CONFIG:
		return PF_EXIT_USAGE;
	case PF_ERR_VALIDATION:
		return PF_EXIT_VALIDATION;
	case PF_ERR_TRANSPORT:
	case PF_ERR_TIMEOUT:
		return PF_EXIT_NETWORK;
	case PF_ERR_HTTP:
		if (err->status == 401 || err->status == 403)
			return PF_EXIT_AUTH;
		if (err->status == 404)
			return PF_EXIT_NOT_FOUND;
		if (err->status == 400 || err->status == 422)
			return PF_EXIT_VALIDATION;
		if (err->status == 429)
			return PF_EXIT_NETWORK;
		return PF_EXIT_OTHER;
	case PF_ERR_NOMEM:
	case PF_ERR_IO:
	case PF_ERR_TOO_LARGE:
	case PF_ERR_PARSE:
	case PF_ERR_CANCELLED:
		return PF_EXIT_OTHER;
	}
	return PF_EXIT_OTHER;
}

int pf_error_report(FILE *out, const struct pf_error *err)
{
	char msg[1024];

	fprintf(out, "profed: %s\n", pf_error_sentence(err, msg, sizeof msg));
	return (int)pf_error_exit_code(err);
}
