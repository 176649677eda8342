/* chartview.h - the balance chart widget: draws a chart model (src/chart.h)
 * into a rectangle. It starts no request and opens no screen: the screen
 * that owns it builds the model for ui_chart_area()'s size, keeps the
 * cursor, and asks again when the window or interval changes.
 *
 * Layout of an h x cols rectangle, top to bottom:
 *   h - UI_CHART_EXTRA rows   the model (y labels, the line, x labels)
 *   1 row                     the summary: last, min, max, change
 *   1 row                     the cursor readout, or the busy text
 *   1 row                     the notes (edge cases), joined, cut with "…"
 * A model with nothing to draw (no points, null, version, too small) is
 * shown as its notes, word-wrapped from the top.
 */
#ifndef PROFED_UI_CHARTVIEW_H
#define PROFED_UI_CHARTVIEW_H

#include <stdbool.h>

#include "chart.h"
#include "curses_wide.h"

#define UI_CHART_EXTRA 3

struct ui_chart {
	const struct chart_model *model; /* NULL: nothing loaded yet */
	int cursor;        /* plot column of the cursor, -1 for none */
	const char *busy;  /* e.g. "Loading the balance history…", or NULL */
};

/* The model's size for an h x cols rectangle (0 x 0 when too small). */
void ui_chart_area(int h, int cols, int *model_w, int *model_h);

/* Braille when the locale's codeset is UTF-8, else ASCII. (Blocks are
 * for UTF-8 terminals whose font lacks Braille; nothing picks them yet.) */
enum chart_glyphs ui_chart_glyphs(void);

/* Move the cursor by dir columns within the plot (-1 when there is no
 * plot; from -1 it starts at the last column). Returns the new column. */
int ui_chart_move(const struct chart_model *m, int cursor, int dir);

/* Draw in rows y .. y+h-1, columns x .. x+cols-1 of w. */
void ui_chart_draw(WINDOW *w, int y, int x, int h, int cols,
                   const struct ui_chart *c);

#endif
