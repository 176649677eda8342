/* title.h - the title line: whose profile, which environment, the account
 * override, and the state flags ([read-only], [modified]). */
#ifndef PROFED_UI_TITLE_H
#define PROFED_UI_TITLE_H

#include <stdbool.h>

#include "curses_wide.h"

struct config;
struct user;

struct ui_title {
	const struct config *cfg;
	const struct user *user; /* NULL while nothing is loaded */
	const char *who;         /* what was asked for ("me", an id, a name) */
	bool other;              /* not the caller's own profile */
	bool modified;
	const char *look_only;   /* why the person is look only; NULL: not */
};

/* Draw on row 0 across cols columns. The flags on the right are never
 * cut; the left part is shortened to what is left: the base URL first
 * (to its host, then away), then the name; the account override stays
 * whole at every width from 80 columns. A look-only person gets a
 * "look only" flag and, when there is room, the reason on the left. */
void ui_title_draw(WINDOW *w, int cols, const struct ui_title *t);

#endif
