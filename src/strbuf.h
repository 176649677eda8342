/* strbuf.h - a growable byte buffer with a hard size cap.
 *
 * The buffer is always NUL-terminated (data may also contain NULs; len
 * counts bytes without the terminator). A zeroed struct is a valid empty
 * buffer with no cap. Memory is owned by the strbuf; strbuf_free() releases
 * it and accepts NULL.
 */
#ifndef PROFED_STRBUF_H
#define PROFED_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *data;     /* NULL until the first append */
	size_t len;
	size_t cap;     /* allocated bytes */
	size_t limit;   /* 0 = unlimited; appends that would pass it fail */
	bool overflow;  /* set once an append was refused for the limit */
};

/* Append n bytes. Returns 0, or -1 when out of memory or over the limit
 * (nothing is appended then; overflow is set for the limit case). */
int strbuf_append(struct strbuf *sb, const void *bytes, size_t n);
int strbuf_append_str(struct strbuf *sb, const char *s);
int strbuf_appendf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empty the buffer, keeping the allocation and the limit. */
void strbuf_reset(struct strbuf *sb);
/* Give away the data (never NULL on success: "" for an empty buffer); the
 * strbuf is left empty. Caller frees. Returns NULL when out of memory. */
char *strbuf_take(struct strbuf *sb);
const char *strbuf_str(const struct strbuf *sb); /* "" when empty */
void strbuf_free(struct strbuf *sb);

#endif
