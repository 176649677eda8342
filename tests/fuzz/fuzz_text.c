/* fuzz_text.c - libFuzzer target: UTF-8 validity, width, sanitising,
 * truncation and grapheme clusters on any bytes (every server string
 * passes through them). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when s holds no C0 control other than those flags keep, no DEL,
 * no C1 control and no bidi override: what text.h promises. */
static bool inert(const char *s, int flags)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		if ((cp < 0x20 && !(cp == '\n' && (flags & TEXT_KEEP_NEWLINES)) &&
		     !(cp == '\t' && (flags & TEXT_KEEP_TABS))) ||
		    (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return false;
	}
	return true;
}

/* Grapheme clusters of s[0..n): walking forwards and backwards gives the
 * same boundaries, every step moves, and a cluster's width is between 0
 * and two columns a byte (plus 2). */
static void clusters(const char *s, size_t n)
{
	size_t *at = malloc((n + 1) * sizeof *at), k = 0, p = 0;

	if (!at)
		return;
	at[k++] = 0;
	while (p < n) {
		size_t q = text_grapheme_next(s, n, p);
		int w = text_grapheme_width(s + p, q - p);
		if (q <= p || q > n || w < 0 || (size_t)w > 2 * (q - p) + 2)
			__builtin_trap();
		at[k++] = p = q;
	}
	while (p > 0) {
		size_t q = text_grapheme_prev(s, n, p);
		if (q >= p || k < 2 || at[--k] != p || at[k - 1] != q)
			__builtin_trap();
		p = q;
	}
	if (k != 1)
		__builtin_trap();
	free(at);
}

/* One input: the first byte picks flags and a column limit. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int flags = data[0] & 3;
	size_t cols = data[0] >> 2;
	char *s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	text_utf8_valid(s, size - 1);
	text_char_count(s);
	clusters(s, strlen(s));
	size_t w = text_width(s);
	char *clean = text_sanitize(s, flags);
	char *cut = text_truncate(s, cols);
	char *fit = text_fit(s, cols);
	if (clean && (!text_utf8_valid(clean, strlen(clean)) || !inert(clean, flags)))
		__builtin_trap();
	if (cut && (text_width(cut) > cols || !inert(cut, 0)))
		__builtin_trap();
	if (fit && text_width(fit) != cols)
		__builtin_trap();
	if (!flags && clean && text_width(clean) != w)
		__builtin_trap();
	free(clean);
	free(cut);
	free(fit);
	free(s);
	return 0;
}
