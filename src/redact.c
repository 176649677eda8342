/* redact.c - the token out of text (see redact.h). */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* The length of the longest run of token (tlen bytes) starting at text[i]
 * (len bytes in all). */
static size_t run_at(const char *text, size_t len, size_t i,
                     const char *token, size_t tlen)
{
	size_t best = 0;

	for (size_t j = 0; j < tlen && best < tlen - j; j++) {
		size_t k = 0;
		if (token[j] != text[i])
			continue;
		while (i + k < len && j + k < tlen && text[i + k] == token[j + k])
			k++;
		if (k > best)
			best = k;
	}
	return best;
}

/* The shortest run that counts for a token of tlen bytes. */
static size_t min_run(size_t tlen)
{
	return tlen < REDACT_MIN_RUN ? tlen : REDACT_MIN_RUN;
}

/* See redact.h. */
bool redact_found(const char *text, size_t len, const char *token)
{
	size_t tlen = token ? strlen(token) : 0;
	bool in[256] = { false };

	if (!text || tlen == 0)
		return false;
	for (size_t j = 0; j < tlen; j++)
		in[(unsigned char)token[j]] = true;
	for (size_t i = 0; i + min_run(tlen) <= len; i++)
		if (in[(unsigned char)text[i]] &&
		    run_at(text, len, i, token, tlen) >= min_run(tlen))
			return true;
	return false;
}

/* See redact.h. */
char *redact_text(const char *text, size_t len, const char *token)
{
	size_t tlen = token ? strlen(token) : 0;
	size_t shown = tlen / 4 < 4 ? tlen / 4 : 4;
	struct strbuf sb = { 0 };
	bool in[256] = { false };
	size_t i = 0, plain = 0;

	if (!text)
		len = 0;
	for (size_t j = 0; j < tlen; j++)
		in[(unsigned char)token[j]] = true;
	while (i < len) {
		size_t run = tlen && in[(unsigned char)text[i]]
		             ? run_at(text, len, i, token, tlen) : 0;
		if (run < min_run(tlen) || run == 0) {
			i++;
			continue;
		}
		if (strbuf_append(&sb, text + plain, i - plain) < 0 ||
		    strbuf_append_str(&sb, "****") < 0)
			goto fail;
		if (run == tlen && memcmp(text + i, token, tlen) == 0 &&
		    strbuf_append(&sb, token + tlen - shown, shown) < 0)
			goto fail;
		i += run;
		plain = i;
	}
	if (strbuf_append(&sb, text + plain, len - plain) < 0)
		goto fail;
	return strbuf_take(&sb);
fail:
	strbuf_free(&sb);
	return NULL;
}
