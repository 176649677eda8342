/* panel.h - the account side panel on the right of the form.
 *
 * For now it shows the profile's id and created date; the account
 * overview (balances, total USD, verification) fills the room it reserves.
 */
#ifndef PROFED_UI_PANEL_H
#define PROFED_UI_PANEL_H

#include "curses_wide.h"

struct user;

/* Width the panel takes in a terminal cols wide (its separator included). */
int ui_panel_width(int cols);

/* Draw the panel for u (NULL: nothing loaded yet) in the rectangle, with a
 * vertical separator in its first column. */
void ui_panel_draw(WINDOW *w, int y, int x, int h, int width,
                   const struct user *u);

#endif
