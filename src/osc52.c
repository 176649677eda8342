/* osc52.c - the OSC 52 clipboard sequence (see osc52.h). */
#include "osc52.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* See osc52.h. */
char *osc52_base64(const unsigned char *in, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		size_t left = n - i;
		if (left > 1)
			v |= (unsigned)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		*o++ = abc[(v >> 18) & 63];
		*o++ = abc[(v >> 12) & 63];
		*o++ = left > 1 ? abc[(v >> 6) & 63] : '=';
		*o++ = left > 2 ? abc[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

/* See osc52.h. */
char *osc52_sequence(const char *text, bool tmux, size_t *len)
{
	size_t n = text ? strlen(text) : 0, size;
	char *b64, *out;
	int k;

	if (len)
		*len = 0;
	if (n == 0 || n > OSC52_MAX_TEXT)
		return NULL;
	b64 = osc52_base64((const unsigned char *)text, n);
	if (!b64)
		return NULL;
	size = strlen(b64) + 32;
	out = malloc(size);
	if (out) {
		if (tmux)
			k = snprintf(out, size, "\033Ptmux;\033\033]52;c;%s\a\033\\",
			             b64);
		else
			k = snprintf(out, size, "\033]52;c;%s\a", b64);
		if (len && k > 0)
			*len = (size_t)k;
	}
	free(b64);
	return out;
}
