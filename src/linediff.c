/* linediff.c - a line diff; see linediff.h. */
#include "linediff.h"

#include <stdlib.h>
#include <string.h>

/* A text's lines. */
struct lines {
	const char **start;
	size_t *len;
	size_t n;
};

/* Split s at '\n' into l. 0 or -1 out of memory. */
static int split(const char *s, struct lines *l)
{
	size_t n = 0, cap;

	memset(l, 0, sizeof *l);
	if (!*s)
		return 0;
	cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == '\n';
	l->start = malloc(cap * sizeof *l->start);
	l->len = malloc(cap * sizeof *l->len);
	if (!l->start || !l->len)
		return -1;
	for (const char *p = s; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t k = nl ? (size_t)(nl - p) : strlen(p);
		l->start[n] = p;
		l->len[n++] = k;
		p += k + (nl ? 1 : 0);
	}
	l->n = n;
	return 0;
}

static void lines_free(struct lines *l)
{
	free(l->start);
	free(l->len);
}

/* Whether line i of a equals line j of b. */
static int same(const struct lines *a, size_t i, const struct lines *b,
                size_t j)
{
	return a->len[i] == b->len[j] &&
	       memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

/* See linediff.h. */
long linediff(const char *old, const char *new, struct linediff_line **out)
{
	struct lines a = { 0 }, b = { 0 };
	struct linediff_line *d = NULL;
	unsigned *t = NULL; /* t[i][j]: LCS of a[i..] and b[j..] */
	size_t n = 0, i = 0, j = 0, w;
	long rc = -1;

	*out = NULL;
	if (split(old ? old : "", &a) != 0 || split(new ? new : "", &b) != 0)
		goto done;
	w = b.n + 1;
	d = malloc((a.n + b.n + 1) * sizeof *d);
	if (!d)
		goto done;
	if ((a.n + 1) * w <= LINEDIFF_MAX_CELLS) {
		t = calloc((a.n + 1) * w, sizeof *t);
		if (!t)
			goto done;
		for (size_t x = a.n; x-- > 0;)
			for (size_t y = b.n; y-- > 0;)
				t[x * w + y] = same(&a, x, &b, y)
				               ? t[(x + 1) * w + y + 1] + 1
				               : t[(x + 1) * w + y] > t[x * w + y + 1]
				                 ? t[(x + 1) * w + y] : t[x * w + y + 1];
		while (i < a.n && j < b.n) {
			if (same(&a, i, &b, j)) {
				d[n++] = (struct linediff_line){ LINEDIFF_SAME, a.start[i],
				                                 a.len[i] };
				i++;
				j++;
			} else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) {
				d[n++] = (struct linediff_line){ LINEDIFF_DEL, a.start[i],
				                                 a.len[i] };
				i++;
			} else {
				d[n++] = (struct linediff_line){ LINEDIFF_ADD, b.start[j],
				                                 b.len[j] };
				j++;
			}
		}
	}
	for (; i < a.n; i++)
		d[n++] = (struct linediff_line){ LINEDIFF_DEL, a.start[i], a.len[i] };
	for (; j < b.n; j++)
		d[n++] = (struct linediff_line){ LINEDIFF_ADD, b.start[j], b.len[j] };
	*out = d;
	d = NULL;
	rc = (long)n;
done:
	free(t);
	free(d);
	lines_free(&a);
	lines_free(&b);
	return rc;
}
