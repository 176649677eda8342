/* entry.c - UTF-8 text entry, single- and multi-line (see entry.h). */
#include "entry.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "text.h"

/* One screen row of a multi-line entry: text[start, end), no newline. */
struct row {
	size_t start, end;
};

/* Offset of the character after the one at off (len = strlen(text)). */
static size_t next_char(const char *text, size_t len, size_t off)
{
	uint32_t cp;

	if (off >= len)
		return len;
	return off + text_utf8_decode(text + off, len - off, &cp);
}

/* Offset of the character before off. Decoding restarts at the line's
 * start ('\n' is never part of a longer sequence), so invalid bytes split
 * the same way as when moving forward. */
static size_t prev_char(const char *text, size_t off)
{
	size_t p = off, last = 0, len = strlen(text);

	while (p > 0 && text[p - 1] != '\n')
		p--;
	if (p == off)
		return off > 0 ? off - 1 : 0;
	while (p < off) {
		last = p;
		p = next_char(text, len, p);
	}
	return last;
}

/* Columns of the character at off; *next receives the following offset. */
static int char_cols(const char *text, size_t len, size_t off, size_t *next)
{
	char buf[8];
	size_t n;

	*next = next_char(text, len, off);
	n = *next - off;
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, text + off, n);
	buf[n] = '\0';
	return (int)text_width(buf);
}

/* Columns of text[from, to). */
static int span_cols(const char *text, size_t len, size_t from, size_t to)
{
	int cols = 0;
	size_t next;

	while (from < to) {
		cols += char_cols(text, len, from, &next);
		from = next;
	}
	return cols;
}

/* Start of the logical line holding off, and its end (the '\n' or len). */
static size_t line_start(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n')
		off--;
	return off;
}

/* The end of the logical line holding off (its '\n' or len). */
static size_t line_end(const char *text, size_t len, size_t off)
{
	while (off < len && text[off] != '\n')
		off++;
	return off;
}

/* Split text into rows of at most cols columns, after the last space of a
 * row when there is one (a character wider than cols still gets a row of
 * its own). Returns a new array (caller frees)
 * with *n rows, at least one; NULL out of memory. */
static struct row *rows_build(const char *text, int cols, size_t *n)
{
	size_t len = strlen(text), cap = 16, count = 0, off = 0;
	struct row *rows = malloc(cap * sizeof *rows);

	if (!rows)
		return NULL;
	for (;;) {
		size_t start = off, end = line_end(text, len, off);
		do {
			int used = 0;
			size_t p = start, next, after_space = 0;
			while (p < end) {
				int w = char_cols(text, len, p, &next);
				if (used + w > cols && p > start) {
					if (after_space > start)
						p = after_space; /* word wrap */
					break;
				}
				used += w;
				if (text[p] == ' ')
					after_space = next;
				p = next;
			}
			if (count == cap) {
				struct row *bigger = realloc(rows, 2 * cap * sizeof *rows);
				if (!bigger) {
					free(rows);
					return NULL;
				}
				rows = bigger;
				cap *= 2;
			}
			rows[count].start = start;
			rows[count].end = p;
			count++;
			start = p;
		} while (start < end);
		if (end >= len)
			break;
		off = end + 1;
	}
	*n = count;
	return rows;
}

/* See entry.h. */
void ui_entry_free(struct ui_entry *en)
{
	free(en->rows);
	en->rows = NULL;
	en->rows_n = 0;
	en->rows_gen = 0;
}

/* text's rows at cols: kept ones when the text's generation and the
 * width are those they were built for. Owned by en (never freed by the
 * caller); NULL out of memory. */
static const struct row *rows_of(struct ui_entry *en, const char *text,
                                 int cols, size_t *n)
{
	struct row *rows;

	if (en->rows && en->gen && en->rows_gen == en->gen &&
	    en->rows_cols == cols) {
		*n = en->rows_n;
		return en->rows;
	}
	if (!(rows = rows_build(text, cols, n)))
		return NULL;
	free(en->rows);
	en->rows = rows;
	en->rows_n = *n;
	en->rows_cols = cols;
	en->rows_gen = en->gen;
	return rows;
}

/* See entry.h: the width draw_rows wraps at. */
size_t ui_entry_rows(struct ui_entry *en, const char *text, int width)
{
	size_t n = 1;

	if (!rows_of(en, text ? text : "", width > 2 ? width - 1 : 1, &n))
		return 1;
	return n;
}

/* The row the cursor is drawn on: at a soft wrap it belongs to the next
 * row, at a line's end to the line's last row. */
static size_t row_of(const struct row *rows, size_t n, size_t cur)
{
	for (size_t i = 0; i < n; i++) {
		if (cur < rows[i].start)
			continue;
		if (cur < rows[i].end)
			return i;
		if (cur == rows[i].end && (i + 1 == n || rows[i + 1].start != cur))
			return i;
	}
	return n - 1;
}

/* The offset in row r closest to column col without passing it. */
static size_t offset_at_col(const char *text, size_t len, const struct row *r,
                            int col)
{
	size_t p = r->start, next;
	int used = 0;

	while (p < r->end) {
		int w = char_cols(text, len, p, &next);
		if (used + w > col)
			break;
		used += w;
		p = next;
	}
	return p;
}

/* The text with [from, to) replaced by ins (n bytes). Caller frees; NULL
 * out of memory. */
static char *splice(const char *text, size_t from, size_t to,
                    const char *ins, size_t n)
{
	size_t len = strlen(text);
	char *s = malloc(len - (to - from) + n + 1);

	if (!s)
		return NULL;
	memcpy(s, text, from);
	memcpy(s + from, ins, n);
	memcpy(s + from + n, text + to, len - to + 1);
	return s;
}

/* Up, Down, PgUp, PgDn in a multi-line entry: move by rows keeping the
 * column. Returns IGNORED at the edge so the form can change fields. */
static enum ui_entry_result move_rows(struct ui_entry *en, const char *text,
                                      int width, long delta)
{
	size_t len = strlen(text), n, r;
	const struct row *rows = rows_of(en, text, width > 2 ? width - 1 : 1,
	                                 &n);
	long target;
	int col;

	if (!rows)
		return UI_ENTRY_NOMEM;
	r = row_of(rows, n, en->cur);
	target = (long)r + delta;
	if (target < 0)
		target = 0;
	if (target >= (long)n)
		target = (long)n - 1;
	if ((size_t)target == r)
		return UI_ENTRY_IGNORED;
	col = span_cols(text, len, rows[r].start, en->cur);
	en->cur = offset_at_col(text, len, &rows[target], col);
	return UI_ENTRY_MOVED;
}

/* Replace text[from, to) with ins and put the cursor at cur_after. */
static enum ui_entry_result change(struct ui_entry *en, const char *text,
                                   size_t from, size_t to, const char *ins,
                                   size_t n, size_t cur_after, char **out)
{
	*out = splice(text, from, to, ins, n);
	if (!*out)
		return UI_ENTRY_NOMEM;
	en->cur = cur_after;
	return UI_ENTRY_CHANGED;
}

/* Insert one character, refusing controls other than the bio's newline. */
static enum ui_entry_result insert(struct ui_entry *en, const char *text,
                                   uint32_t cp, char **out)
{
	char bytes[4];
	size_t n;

	if (cp < 0x20 && !(cp == '\n' && en->multiline))
		return UI_ENTRY_IGNORED;
	if (cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return UI_ENTRY_IGNORED;
	n = text_utf8_encode(cp, bytes);
	if (n == 0)
		return UI_ENTRY_IGNORED;
	if (en->max_chars && text_char_count(text) >= en->max_chars)
		return UI_ENTRY_FULL;
	return change(en, text, en->cur, en->cur, bytes, n, en->cur + n, out);
}

/* Whether act changes the text (refused when not editable). */
static bool is_edit(enum ui_action act, bool multiline)
{
	switch (act) {
	case UI_ACT_NONE:
	case UI_ACT_BACKSPACE:
	case UI_ACT_DELETE:
	case UI_ACT_KILL_TO_START:
	case UI_ACT_KILL_TO_END:
		return true;
	case UI_ACT_ENTER:
		return multiline;
	default:
		return false;
	}
}

/* Dispatch one action; see entry.h. */
enum ui_entry_result ui_entry_key(struct ui_entry *en, const char *text,
                                  enum ui_action act, uint32_t cp,
                                  int width, int height, bool editable,
                                  char **out)
{
	size_t len = strlen(text), to;
	long page = height > 1 ? height - 1 : 1;

	*out = NULL;
	ui_entry_clamp(en, text);
	if (!editable && is_edit(act, en->multiline))
		return UI_ENTRY_DENIED;
	switch (act) {
	case UI_ACT_NONE:
		return insert(en, text, cp, out);
	case UI_ACT_ENTER:
		return en->multiline ? insert(en, text, '\n', out) : UI_ENTRY_IGNORED;
	case UI_ACT_LEFT:
		if (en->cur == 0)
			return UI_ENTRY_IGNORED;
		en->cur = text_grapheme_prev(text, len, en->cur);
		return UI_ENTRY_MOVED;
	case UI_ACT_RIGHT:
		if (en->cur >= len)
			return UI_ENTRY_IGNORED;
		en->cur = text_grapheme_next(text, len, en->cur);
		return UI_ENTRY_MOVED;
	case UI_ACT_HOME:
		en->cur = en->multiline ? line_start(text, en->cur) : 0;
		return UI_ENTRY_MOVED;
	case UI_ACT_END:
		en->cur = en->multiline ? line_end(text, len, en->cur) : len;
		return UI_ENTRY_MOVED;
	case UI_ACT_UP:
	case UI_ACT_DOWN:
	case UI_ACT_PAGE_UP:
	case UI_ACT_PAGE_DOWN:
		if (!en->multiline)
			return UI_ENTRY_IGNORED;
		if (act == UI_ACT_UP)
			return move_rows(en, text, width, -1);
		if (act == UI_ACT_DOWN)
			return move_rows(en, text, width, 1);
		return move_rows(en, text, width,
		                 act == UI_ACT_PAGE_UP ? -page : page);
	case UI_ACT_BACKSPACE:
		if (en->cur == 0)
			return UI_ENTRY_IGNORED;
		to = text_grapheme_prev(text, len, en->cur);
		return change(en, text, to, en->cur, "", 0, to, out);
	case UI_ACT_DELETE:
		if (en->cur >= len)
			return UI_ENTRY_IGNORED;
		return change(en, text, en->cur,
		              text_grapheme_next(text, len, en->cur), "", 0,
		              en->cur, out);
	case UI_ACT_KILL_TO_START:
		to = en->multiline ? line_start(text, en->cur) : 0;
		if (to == en->cur)
			return UI_ENTRY_IGNORED;
		return change(en, text, to, en->cur, "", 0, to, out);
	case UI_ACT_KILL_TO_END:
		to = en->multiline ? line_end(text, len, en->cur) : len;
		if (to == en->cur)
			return UI_ENTRY_IGNORED;
		return change(en, text, en->cur, to, "", 0, en->cur, out);
	default:
		return UI_ENTRY_IGNORED;
	}
}

/* Sanitise text[from, to) and draw it at (y, x). */
static void draw_span(WINDOW *w, int y, int x, const char *text, size_t from,
                      size_t to, attr_t a)
{
	char *raw = malloc(to - from + 1), *clean;

	if (!raw) {
		ui_oom_note();
		return;
	}
	memcpy(raw, text + from, to - from);
	raw[to - from] = '\0';
	clean = text_sanitize(raw, 0);
	free(raw);
	if (!clean) {
		ui_oom_note();
		return;
	}
	ui_draw_sanitized(w, y, x, clean, a);
	free(clean);
}

/* Single line: scroll sideways so the cursor (and, when there is room,
 * as much text as possible) is visible, then draw. */
static void draw_line(struct ui_entry *en, WINDOW *w, int y, int x, int width,
                      const char *text, attr_t a, int *cy, int *cx)
{
	size_t len = strlen(text), p, next;
	int room = width - 1, used = 0;

	while (en->top < en->cur && span_cols(text, len, en->top, en->cur) > room)
		en->top = next_char(text, len, en->top);
	while (en->top > 0) {
		size_t before = prev_char(text, en->top);
		if (span_cols(text, len, before, len) > room)
			break;
		en->top = before;
	}
	for (p = en->top; p < len; p = next) {
		int cw = char_cols(text, len, p, &next);
		if (used + cw > width)
			break;
		used += cw;
	}
	ui_draw_blank(w, y, x, width, a);
	draw_span(w, y, x, text, en->top, p, a);
	*cy = y;
	*cx = x + span_cols(text, len, en->top, en->cur);
}

/* Multi-line: soft-wrap into rows, scroll so the cursor's row is shown,
 * draw the rows and the scroll marks in the last column. */
static void draw_rows(struct ui_entry *en, WINDOW *w, int y, int x,
                      int height, int width, const char *text, attr_t a,
                      int *cy, int *cx)
{
	size_t len = strlen(text), n, r;
	int cols = width > 2 ? width - 1 : 1;
	const struct row *rows = rows_of(en, text, cols, &n);

	*cy = y;
	*cx = x;
	if (!rows) {
		ui_oom_note();
		return;
	}
	r = row_of(rows, n, en->cur);
	if (en->top > r)
		en->top = r;
	if (r >= en->top + (size_t)height)
		en->top = r - (size_t)height + 1;
	if (en->top + (size_t)height > n)
		en->top = n > (size_t)height ? n - (size_t)height : 0;
	for (int i = 0; i < height; i++) {
		size_t k = en->top + (size_t)i;
		ui_draw_blank(w, y + i, x, width, a);
		if (k < n)
			draw_span(w, y + i, x, text, rows[k].start, rows[k].end, a);
	}
	if (en->top > 0)
		mvwaddch(w, y, x + width - 1, '^' | a);
	if (en->top + (size_t)height < n)
		mvwaddch(w, y + height - 1, x + width - 1, 'v' | a);
	*cy = y + (int)(r - en->top);
	*cx = x + span_cols(text, len, rows[r].start, en->cur);
}

/* Scroll to the cursor, then draw; see entry.h. */
void ui_entry_draw(struct ui_entry *en, WINDOW *w, int y, int x,
                   int height, int width, const char *text, attr_t a,
                   int *cy, int *cx)
{
	ui_entry_clamp(en, text);
	if (width < 1 || height < 1) {
		*cy = y;
		*cx = x;
		return;
	}
	if (en->multiline)
		draw_rows(en, w, y, x, height, width, text, a, cy, cx);
	else
		draw_line(en, w, y, x, width, text, a, cy, cx);
}

/* The start of the character holding off (off itself when it is one). */
static size_t align(const char *text, size_t len, size_t off)
{
	size_t p, next;

	if (off > len)
		return len;
	for (p = line_start(text, off); p < off; p = next) {
		next = next_char(text, len, p);
		if (next > off)
			return p;
	}
	return off;
}

/* Cursor (and a single line's scroll) onto character starts. */
void ui_entry_clamp(struct ui_entry *en, const char *text)
{
	size_t len = strlen(text);

	en->cur = align(text, len, en->cur);
	if (!en->multiline)
		en->top = align(text, len, en->top > en->cur ? en->cur : en->top);
}
