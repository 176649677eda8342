/* redact.h - keeping the token out of text that is shown, traced or
 * written.
 *
 * The whole token becomes "****" followed by its last four characters
 * (fewer for a short token), so a person can tell which token it was; any
 * other run of REDACT_MIN_RUN or more characters of the token (its start
 * cut off by a column limit, its middle quoted by a server) becomes
 * "****". Runs are found anywhere, case-sensitively, left to right. A
 * token shorter than REDACT_MIN_RUN is redacted only whole. No I/O.
 */
#ifndef PROFED_REDACT_H
#define PROFED_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#define REDACT_MIN_RUN 6

/* The len bytes of text with the token redacted, NUL-terminated; caller
 * frees. NULL text is "", NULL or empty token redacts nothing. NULL when
 * out of memory (never a copy that still holds the token). */
char *redact_text(const char *text, size_t len, const char *token);

/* Whether the len bytes of text hold the token or a run of it. */
bool redact_found(const char *text, size_t len, const char *token);

#endif
