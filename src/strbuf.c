/* strbuf.c - growable byte buffer with a cap; see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int strbuf_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->limit && (extra > sb->limit || sb->len > sb->limit - extra)) {
		sb->overflow = true;
		return -1;
	}
	if (extra >= (size_t)-1 - sb->len)
		return -1;
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	char *p = realloc(sb->data, cap);
	if (!p)
		return -1;
	sb->data = p;
	sb->cap = cap;
	return 0;
}

int strbuf_append(struct strbuf *sb, const void *bytes, size_t n)
{
	if (strbuf_reserve(sb, n) < 0)
		return -1;
	if (n)
		memcpy(sb->data + sb->len, bytes, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
	return 0;
}

int strbuf_append_str(struct strbuf *sb, const char *s)
{
	return strbuf_append(sb, s ? s : "", s ? strlen(s) : 0);
}

int strbuf_appendf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || strbuf_reserve(sb, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->overflow = false;
	if (sb->data)
		sb->data[0] = '\0';
}

char *strbuf_take(struct strbuf *sb)
{
	char *p = sb->data ? sb->data : strdup("");
	sb->data = NULL;
	sb->len = sb->cap = 0;
	sb->overflow = false;
	return p;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb && sb->data ? sb->data : "";
}

void strbuf_free(struct strbuf *sb)
{
	if (!sb)
		return;
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}
