/* colors.h - the one table of colour roles.
 *
 * Every attribute the UI draws with comes from a role. Each role has a
 * colour rendering and a monochrome one; NO_COLOR, --no-color or a terminal
 * without colours pick the monochrome column. The terminal's default
 * background is kept (use_default_colors), so light themes stay readable.
 */
#ifndef PROFED_UI_COLORS_H
#define PROFED_UI_COLORS_H

#include <stdbool.h>

#include "curses_wide.h"

enum ui_role {
	UI_ROLE_NORMAL,
	UI_ROLE_TITLE,        /* the title line */
	UI_ROLE_TITLE_OTHER,  /* "viewing another user" in the title */
	UI_ROLE_MODIFIED,     /* "[modified]" in the title */
	UI_ROLE_LABEL,
	UI_ROLE_LABEL_FOCUS,
	UI_ROLE_FIELD,
	UI_ROLE_FIELD_FOCUS,
	UI_ROLE_FIELD_READONLY,
	UI_ROLE_CHANGED,      /* the '*' beside a changed field */
	UI_ROLE_INVALID,      /* why a field is invalid, the server's 422 */
	UI_ROLE_PANEL_TITLE,
	UI_ROLE_PANEL,
	UI_ROLE_STATUS,
	UI_ROLE_STATUS_OK,
	UI_ROLE_STATUS_ERROR,
	UI_ROLE_HINT_KEY,
	UI_ROLE_HINT,
	UI_ROLE_DIALOG,
	UI_ROLE_DIALOG_TITLE,
	/* the account overview panel */
	UI_ROLE_PANEL_SELECTED, /* the selected balance row */
	UI_ROLE_PANEL_NOTE,     /* notes, column headings, breakdown labels */
	UI_ROLE_PANEL_UNPRICED, /* "unpriced" in the value column */
	/* verification states; the word is always drawn with the colour */
	UI_ROLE_VERIF_APPROVED,
	UI_ROLE_VERIF_PENDING,
	UI_ROLE_VERIF_REJECTED,
	UI_ROLE_VERIF_NONE,     /* not started, not created, not sent */
	UI_ROLE_VERIF_UNKNOWN,  /* a status word this build does not know */
	/* the confirmation's diff: the marker '-' or '+' carries it in
	 * monochrome, the colour adds to it */
	UI_ROLE_DIFF_DEL,
	UI_ROLE_DIFF_ADD,
	UI_ROLE_PLACEHOLDER,    /* "(empty)" in an empty field */
	/* the balance chart (ui/chartview.c); the line alone carries the data */
	UI_ROLE_CHART_LINE,     /* the Braille/block/ASCII line */
	UI_ROLE_CHART_AXIS,     /* y and x labels */
	UI_ROLE_CHART_CURSOR,   /* the cursor's column and its readout */
	UI_ROLE_CHART_UP,       /* a change over the window above zero */
	UI_ROLE_CHART_DOWN,     /* a change below zero */
	UI_ROLE_COUNT
};

/* Set up the colour pairs after the screen exists. mono forces the
 * monochrome column; it is also used when the terminal has no colours or
 * cannot keep its default background. */
void ui_colors_init(bool mono);

/* Whether the monochrome column is in use (pictures are then drawn as
 * shapes only). */
bool ui_colors_mono(void);

/* The first colour pair free for others (ui/preview.c): the roles take
 * the pairs below it. */
#define UI_COLORS_FIRST_FREE_PAIR (UI_ROLE_COUNT + 1)

/* The attribute (colour pair and video attributes) of a role. */
attr_t ui_attr(enum ui_role role);

#endif
