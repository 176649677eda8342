/* listfmt.c - tables, JSON arrays, JSON lines and CSV; see listfmt.h. */
#include "listfmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"

/* Sanitised, one line: a new string or NULL out of memory. */
static char *listfmt_cell(const char *s)
{
	return text_sanitize(s ? s : "", 0);
}

char *listfmt_table(const char *const *titles, size_t ncols,
                    const char *const *cells, size_t nrows, size_t width)
{
	if (!ncols)
		return strdup("");
	struct strbuf out = { 0 };
	size_t total = (nrows + 1) * ncols;
	char **clean = calloc(total, sizeof *clean);
	size_t *w = calloc(ncols, sizeof *w);
	size_t *minw = calloc(ncols, sizeof *minw);
	bool oom = !clean || !w || !minw;
	for (size_t i = 0; !oom && i < total; i++) {
		const char *src = i < ncols ? (titles ? titles[i] : NULL)
		                            : (cells ? cells[i - ncols] : NULL);
		if (!(clean[i] = listfmt_cell(src)))
			oom = true;
		else if (text_width(clean[i]) > w[i % ncols])
			w[i % ncols] = text_width(clean[i]);
	}
	/* fit: the widest column gives up a column at a time */
	size_t sum = 0;
	for (size_t c = 0; !oom && c < ncols; c++) {
		size_t tw = text_width(clean[c]);
		minw[c] = tw > LISTFMT_MIN_COL ? tw : LISTFMT_MIN_COL;
		if (minw[c] > w[c])
			minw[c] = w[c];
		sum += w[c] + (c ? LISTFMT_GAP : 0);
	}
	while (!oom && width && sum > width) {
		size_t best = ncols;
		for (size_t c = 0; c < ncols; c++)
			if (w[c] > minw[c] && (best == ncols || w[c] > w[best]))
				best = c;
		if (best == ncols)
			break;
		w[best]--;
		sum--;
	}
	for (size_t r = 0; !oom && r <= nrows; r++) {
		struct strbuf line = { 0 };
		for (size_t c = 0; !oom && c < ncols; c++) {
			bool last = c + 1 == ncols;
			char *cut = last ? text_truncate(clean[r * ncols + c], w[c])
			                 : text_fit(clean[r * ncols + c], w[c]);
			if (!cut || (c && strbuf_appendf(&line, "%*s", LISTFMT_GAP, "") < 0) ||
			    strbuf_append_str(&line, cut) < 0)
				oom = true;
			free(cut);
		}
		/* no trailing blanks; then the hard limit */
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		if (!oom && width && text_width(strbuf_str(&line)) > width) {
			char *cut = text_truncate(strbuf_str(&line), width);
			strbuf_reset(&line);
			if (!cut || strbuf_append_str(&line, cut) < 0)
				oom = true;
			free(cut);
		}
		if (!oom && (strbuf_append(&out, strbuf_str(&line), line.len) < 0 ||
		             strbuf_append_str(&out, "\n") < 0))
			oom = true;
		strbuf_free(&line);
	}
	for (size_t i = 0; clean && i < total; i++)
		free(clean[i]);
	free(clean);
	free(w);
	free(minw);
	if (oom) {
		strbuf_free(&out);
		return NULL;
	}
	return strbuf_take(&out);
}

char *listfmt_csv_field(const char *cell)
{
	char *clean = text_sanitize(cell ? cell : "",
	                            TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	if (!clean)
		return NULL;
	if (!strpbrk(clean, ",\"\r\n"))
		return clean;
	struct strbuf sb = { 0 };
	int rc = strbuf_append_str(&sb, "\"");
	for (const char *p = clean; rc == 0 && *p; p++)
		rc = *p == '"' ? strbuf_append_str(&sb, "\"\"") : strbuf_append(&sb, p, 1);
	if (rc == 0)
		rc = strbuf_append_str(&sb, "\"");
	free(clean);
	if (rc < 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

char *listfmt_csv(const char *const *titles, size_t ncols,
                  const char *const *cells, size_t nrows)
{
	struct strbuf out = { 0 };
	bool oom = false;
	for (size_t r = 0; !oom && r <= nrows && ncols; r++) {
		for (size_t c = 0; !oom && c < ncols; c++) {
			const char *src = r == 0 ? (titles ? titles[c] : NULL)
			                         : (cells ? cells[(r - 1) * ncols + c] : NULL);
			char *f = listfmt_csv_field(src);
			if (!f || (c && strbuf_append_str(&out, ",") < 0) ||
			    strbuf_append_str(&out, f) < 0)
				oom = true;
			free(f);
		}
		if (!oom && strbuf_append_str(&out, "\r\n") < 0)
			oom = true;
	}
	if (oom) {
		strbuf_free(&out);
		return NULL;
	}
	return strbuf_take(&out);
}

/* Append one item for a JSON array or line: verbatim when inert, else
 * sanitised; raw newlines/tabs/CRs (only possible between tokens in valid
 * JSON) become spaces. Returns 0 or -1 out of memory. */
static int listfmt_item(struct strbuf *out, const char *item)
{
	if (!item || !*item)
		return strbuf_append_str(out, "null");
	char *clean = text_sanitize(item, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	if (!clean)
		return -1;
	for (char *p = clean; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	int rc = strbuf_append_str(out, clean);
	free(clean);
	return rc;
}

char *listfmt_json_array(const char *const *items, size_t n)
{
	struct strbuf out = { 0 };
	int rc = strbuf_append_str(&out, "[");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (i)
			rc = strbuf_append_str(&out, ",\n");
		if (rc == 0)
			rc = listfmt_item(&out, items ? items[i] : NULL);
	}
	if (rc == 0)
		rc = strbuf_append_str(&out, "]\n");
	if (rc < 0) {
		strbuf_free(&out);
		return NULL;
	}
	return strbuf_take(&out);
}

char *listfmt_jsonl(const char *const *items, size_t n)
{
	struct strbuf out = { 0 };
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = listfmt_item(&out, items ? items[i] : NULL);
		if (rc == 0)
			rc = strbuf_append_str(&out, "\n");
	}
	if (rc < 0) {
		strbuf_free(&out);
		return NULL;
	}
	return strbuf_take(&out);
}
