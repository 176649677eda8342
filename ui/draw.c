/* draw.c - sanitising text output (see draw.h). */
#include "draw.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <wchar.h>

#include "text.h"

/* Process-wide: any drawing call may hit out of memory, and the loop is
 * the one place that can act on it. */
static bool oom;

/* Remember that an allocation failed. */
void ui_oom_note(void)
{
	oom = true;
}

/* Whether one did. */
bool ui_oom_happened(void)
{
	return oom;
}

/* Convert and draw in chunks of wide characters; a character the locale
 * cannot convert becomes one '?' (the text is sanitised UTF-8 already, so
 * this only happens in a non-UTF-8 locale; the whole sequence is skipped,
 * so that the columns counted for it stay one). */
void ui_draw_sanitized(WINDOW *w, int y, int x, const char *s, attr_t a)
{
	wchar_t buf[128];
	size_t n = 0, len = strlen(s);
	mbstate_t st;

	memset(&st, 0, sizeof st);
	wattrset(w, a);
	wmove(w, y, x);
	while (len > 0) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			unsigned char b = (unsigned char)*s;
			size_t want = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
			memset(&st, 0, sizeof st);
			wc = L'?';
			for (k = 1; k < want && k < len &&
			     ((unsigned char)s[k] & 0xc0) == 0x80; k++)
				; /* its continuation bytes */
		}
		buf[n++] = wc;
		s += k;
		len -= k;
		if (n == sizeof buf / sizeof buf[0]) {
			waddnwstr(w, buf, (int)n);
			n = 0;
		}
	}
	if (n > 0)
		waddnwstr(w, buf, (int)n);
	wattrset(w, A_NORMAL);
}

/* text_truncate, then draw; see draw.h. */
int ui_draw_text(WINDOW *w, int y, int x, int max_cols, const char *s,
                 attr_t a)
{
	char *t;
	int cols;

	if (max_cols <= 0)
		return 0;
	t = text_truncate(s, (size_t)max_cols);
	if (!t) {
		ui_oom_note();
		return 0;
	}
	ui_draw_sanitized(w, y, x, t, a);
	cols = ui_text_cols(t);
	free(t);
	return cols;
}

/* Spaces in attribute a (clears and paints backgrounds). */
void ui_draw_blank(WINDOW *w, int y, int x, int cols, attr_t a)
{
	wattrset(w, a);
	for (int i = 0; i < cols; i++)
		mvwaddch(w, y, x + i, ' ');
	wattrset(w, A_NORMAL);
}

/* A box with ACS line characters. */
void ui_draw_frame(WINDOW *w, int y, int x, int h, int cols, attr_t a)
{
	if (h < 2 || cols < 2)
		return;
	wattrset(w, a);
	mvwhline(w, y, x + 1, ACS_HLINE, cols - 2);
	mvwhline(w, y + h - 1, x + 1, ACS_HLINE, cols - 2);
	mvwvline(w, y + 1, x, ACS_VLINE, h - 2);
	mvwvline(w, y + 1, x + cols - 1, ACS_VLINE, h - 2);
	mvwaddch(w, y, x, ACS_ULCORNER);
	mvwaddch(w, y, x + cols - 1, ACS_URCORNER);
	mvwaddch(w, y + h - 1, x, ACS_LLCORNER);
	mvwaddch(w, y + h - 1, x + cols - 1, ACS_LRCORNER);
	wattrset(w, A_NORMAL);
}

/* text_width, as an int. */
int ui_text_cols(const char *s)
{
	size_t n = text_width(s);

	return n > INT_MAX ? INT_MAX : (int)n;
}

/* Word-wrap one row of sanitised text; see draw.h. */
size_t ui_wrap_len(const char *s, int cols)
{
	size_t len = strlen(s), p = 0, last_space = 0;
	int used = 0;

	while (p < len) {
		uint32_t cp;
		size_t k = text_utf8_decode(s + p, len - p, &cp);
		int w = text_cp_width(cp);
		if (used + w > cols && p > 0)
			return last_space > 0 ? last_space : p;
		if (cp == ' ')
			last_space = p + 1;
		used += w;
		p += k;
	}
	return len;
}

/* See draw.h. */
int ui_draw_wrapped(WINDOW *w, int y, int x, int cols, int max,
                    const char *text, attr_t a)
{
	char *s = text_sanitize(text, 0), *p;
	int n = 0;

	if (!s) {
		ui_oom_note();
		return 0;
	}
	for (p = s; *p && n < max && cols > 0; n++) {
		size_t len = n + 1 == max ? strlen(p) : ui_wrap_len(p, cols);
		char save = p[len];

		p[len] = '\0';
		ui_draw_text(w, y + n, x, cols, p, a);
		p[len] = save;
		p += len;
		while (*p == ' ')
			p++;
	}
	free(s);
	return n;
}
