/* chartpane.h - the balance chart pane (F8, or c in the overview): the
 * caller's balance over time, drawn where the overview is (beside the
 * form from UI_PANEL_BESIDE_COLS columns, in place of the form below
 * that), like the history pane (F7). F6, F7 and F8 share that place.
 *
 * The pane asks for its own answers on the one request engine, never
 * blocking the loop and never with the load's or the submit's requests:
 *   GET /users/me?<history_query(window, zone)>
 *   Api-Version-Date: cfg->history_version
 * and reads the answer with chart_series_parse (src/chart.h). It asks
 * only while it is open and only for the caller's own profile (the
 * server fills balance_history for `me` alone; for anyone else the pane
 * says so and asks nothing). One request per change: opening the pane
 * (a fresh read each time), an interval key, a window key; a change
 * while a request runs cancels that request (api_cancel) first. Its
 * answer raises UI_REDRAW in *flags (the app's flags).
 *
 * The model (chart_build) is built for the size the pane is drawn at,
 * once per answer and per size, never per key that only moves the
 * cursor. Failures are the one formatter's sentence (pf_error_sentence);
 * the states with nothing to draw (null, a version without the field,
 * no points) are chart.h's sentences, never a line.
 *
 * Ownership: the pane owns its series, model and texts; api, cfg and
 * flags are the app's and must outlive it (ui_chartpane_free first).
 */
#ifndef PROFED_UI_CHARTPANE_H
#define PROFED_UI_CHARTPANE_H

#include <stdbool.h>
#include <stdint.h>

#include "chart.h"
#include "curses_wide.h"
#include "keys.h"

struct api;

/* Whose profile is shown: the chart is only the caller's own. */
enum ui_chartpane_person {
	UI_CHARTPANE_NOBODY = 0, /* no profile loaded (yet) */
	UI_CHARTPANE_OWN,        /* the caller's own profile */
	UI_CHARTPANE_OTHER,      /* someone else's: no request */
};

struct ui_chartpane {
	struct api *api;          /* not owned */
	const char *version;      /* cfg->history_version, not owned */
	int *flags;               /* the app's flags: UI_REDRAW on an answer */
	bool open;                /* shown; it has the keyboard */
	enum ui_chartpane_person person;
	char zone[HISTORY_ZONE_MAX]; /* the IANA zone sent */
	struct history_window win;   /* the window asked for */
	struct history_window shown; /* the window of the series held */
	bool has_win;             /* win is set (the first open sets it) */
	long op;                  /* the request in flight, 0 none */
	bool loaded;              /* series holds an answer */
	struct chart_series series;
	struct chart_model *model;   /* series for model_w x model_h; NULL */
	int model_w, model_h;
	enum chart_glyphs glyphs;    /* by the locale, at init */
	int cursor;               /* plot column, -1 none */
	char *note;               /* instead of the chart: a failure, NULL */
	bool note_error;
	unsigned long requests;   /* requests started, for tests and bench */
	/* the clock of the window keys (Unix seconds); NULL: time(NULL) */
	int64_t (*now)(void);
};

/* A closed, empty pane asking through api with version (may be NULL:
 * the users version). glyphs: ui_chart_glyphs() for the locale. */
void ui_chartpane_init(struct ui_chartpane *c, struct api *api,
                       const char *version, int *flags,
                       enum chart_glyphs glyphs);
/* Cancel what is in flight (its callback is ignored) and free
 * everything; the pane is closed. Accepts a zeroed pane. */
void ui_chartpane_free(struct ui_chartpane *c);

/* Open the pane and, for the caller's own profile, ask for the window
 * (the first time: a day a point, the 30 days up to now). */
void ui_chartpane_open(struct ui_chartpane *c);
/* Close it; a request in flight is cancelled. */
void ui_chartpane_close(struct ui_chartpane *c);
/* The profile shown changed (a load ended): an open pane asks for the
 * caller's own profile when it holds nothing yet, and forgets the chart
 * for someone else's. The same person again (a reload) asks nothing. */
void ui_chartpane_person(struct ui_chartpane *c,
                         enum ui_chartpane_person person);

/* Cancel the request in flight (true when there was one): the window
 * goes back to the one shown. */
bool ui_chartpane_cancel(struct ui_chartpane *c);

/* A chart key (ui_keys_chart_action: interval, window, zoom, cursor)
 * with the character or key code that chose it. Returns true when it
 * changed something (redraw). */
bool ui_chartpane_key(struct ui_chartpane *c, enum ui_action act, int r,
                      wint_t ch);

/* Draw the pane in rows y..y+hgt-1, columns x..x+width-1; with separator
 * a vertical line in its first column (beside the form). *cy, *cx get
 * where the terminal cursor goes (the title, or the chart's cursor). */
void ui_chartpane_draw(struct ui_chartpane *c, WINDOW *w, int y, int x,
                       int hgt, int width, bool separator, int *cy, int *cx);

#endif
