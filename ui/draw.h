/* draw.h - putting text on the screen safely.
 *
 * Every string that may hold server or user text goes through text.h
 * (text_sanitize, text_truncate, text_fit) here before it reaches curses,
 * so escape sequences and control characters are shown as inert text.
 * Widths for layout come from text_width.
 *
 * Drawing never fails loudly: when a sanitising copy cannot be allocated
 * nothing is drawn and the out-of-memory flag is raised; the event loop
 * checks it and leaves the UI cleanly (terminal restored).
 */
#ifndef PROFED_UI_DRAW_H
#define PROFED_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"

/* Draw s, which must already be sanitised (from text_sanitize & co), at
 * (y, x) with attribute a. Multibyte UTF-8 is converted to wide characters;
 * bytes the locale cannot convert are drawn as '?'. */
void ui_draw_sanitized(WINDOW *w, int y, int x, const char *s, attr_t a);

/* Sanitise s, cut it to max_cols columns (ending in "…" when cut) and draw
 * it. Returns the columns drawn. */
int ui_draw_text(WINDOW *w, int y, int x, int max_cols, const char *s,
                 attr_t a);

/* Fill cols cells from (y, x) with spaces in attribute a. */
void ui_draw_blank(WINDOW *w, int y, int x, int cols, attr_t a);

/* Draw a box border (ACS lines) around the rectangle, inside it. */
void ui_draw_frame(WINDOW *w, int y, int x, int h, int cols, attr_t a);

/* Columns text takes on screen (its sanitised form); clamped to int. */
int ui_text_cols(const char *s);

/* Raise / read the out-of-memory flag. */
void ui_oom_note(void);
bool ui_oom_happened(void);



/* Word wrap: the number of bytes of sanitised text s that fit in cols
 * columns, broken after the last space when the whole does not fit (at a
 * character when there is no space). At least one character when s is not
 * empty. */
size_t ui_wrap_len(const char *s, int cols);

/* Sanitise text and word-wrap it into at most max lines of cols columns
 * from (y, x); the last line ends in "…" when the text goes on. Returns
 * the lines used (0 for an empty text or no room). */
int ui_draw_wrapped(WINDOW *w, int y, int x, int cols, int max,
                    const char *text, attr_t a);
#endif
