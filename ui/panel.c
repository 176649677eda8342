/* panel.c - the side panel (see panel.h). */
#include "panel.h"

#include <string.h>

#include "colors.h"
#include "draw.h"
#include "user.h"

/* A third of the terminal, between 22 and 40 columns. */
int ui_panel_width(int cols)
{
	int w = cols / 3;

	if (w < 22)
		w = 22;
	if (w > 40)
		w = 40;
	return w;
}

/* A label line and its value on the next line; returns the next free row. */
static int draw_item(WINDOW *w, int y, int x, int width, const char *label,
                     const char *value)
{
	ui_draw_text(w, y, x, width, label, ui_attr(UI_ROLE_PANEL_TITLE));
	ui_draw_text(w, y + 1, x, width, value, ui_attr(UI_ROLE_PANEL));
	return y + 3;
}

/* The date part of an ISO 8601 timestamp ("2024-03-01T..." -> "2024-03-01"),
 * or the whole text when it has another shape. */
static void created_date(const char *ts, char *out, size_t n)
{
	size_t len = ts ? strlen(ts) : 0;

	if (len > 10 && ts[4] == '-' && ts[7] == '-' && ts[10] == 'T')
		len = 10;
	if (len >= n)
		len = n - 1;
	memcpy(out, ts ? ts : "", len);
	out[len] = '\0';
}

/* Separator, "Account", then id and created date while they fit. */
void ui_panel_draw(WINDOW *w, int y, int x, int h, int width,
                   const struct user *u)
{
	int row = y + 1, cx = x + 2, cw = width - 3;
	char date[64];

	wattrset(w, ui_attr(UI_ROLE_PANEL));
	mvwvline(w, y, x, ACS_VLINE, h);
	wattrset(w, A_NORMAL);
	if (cw < 4)
		return;
	ui_draw_text(w, row, cx, cw, "Account", ui_attr(UI_ROLE_PANEL_TITLE) | A_UNDERLINE);
	row += 2;
	if (!u) {
		ui_draw_text(w, row, cx, cw, "(not loaded)", ui_attr(UI_ROLE_PANEL));
		return;
	}
	created_date(u->created_at, date, sizeof date);
	if (row + 1 < y + h)
		row = draw_item(w, row, cx, cw, "ID", u->id);
	if (row + 1 < y + h)
		draw_item(w, row, cx, cw, "Created", date[0] ? date : "unknown");
}
