/* chartpane.c - the balance chart pane (see chartpane.h).
 *
 * Top to bottom: the title (the interval and the window in local time,
 * the way back), the chart's keys, then the chart widget (chartview.h):
 * the plot with its labels, the summary, the cursor readout or the busy
 * text, the notes. Instead of the widget: why there is nothing to draw.
 */
#include "chartpane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "chartview.h"
#include "colors.h"
#include "draw.h"
#include "error.h"

#define PATH_MAX_LEN (16 + HISTORY_QUERY_MAX)
#define AT_PRESENT_S 60 /* a window ending this close to now is at now */
#define BUSY_TEXT "Loading the balance history... (Esc cancels)"
/* The key line, long and short (the narrowest that fits is drawn). */
#define KEYS_TEXT "h d w m interval  [ ] earlier/later  + - wider/narrower  " \
                  "Left/Right cursor"
#define BACK_TEXT "F8/Esc: back to the form"
#define KEYS_SHORT "h d w m  [ ]  + -  Left/Right"

/* See chartpane.h. */
void ui_chartpane_init(struct ui_chartpane *c, struct api *api,
                       const char *version, int *flags,
                       enum chart_glyphs glyphs)
{
	memset(c, 0, sizeof *c);
	c->api = api;
	c->version = version;
	c->flags = flags;
	c->glyphs = glyphs;
	c->cursor = -1;
	history_local_zone(c->zone, sizeof c->zone);
}

static int64_t now_s(const struct ui_chartpane *c)
{
	return c->now ? c->now() : (int64_t)time(NULL);
}

/* Forget the request in flight first, so that its callback (which runs
 * inside api_cancel) is ignored. */
static bool cancel_op(struct ui_chartpane *c)
{
	long op = c->op;

	c->op = 0;
	if (op > 0)
		api_cancel(c->api, op);
	return op > 0;
}

static void drop_model(struct ui_chartpane *c)
{
	chart_free(c->model);
	c->model = NULL;
	c->model_w = c->model_h = 0;
}

/* Replace the note (copied; out of memory leaves none). */
static void set_note(struct ui_chartpane *c, bool error, const char *text)
{
	free(c->note);
	c->note = text ? strdup(text) : NULL;
	c->note_error = error;
	if (text && !c->note)
		ui_oom_note();
}

/* Forget the chart: series, model, note, cursor. */
static void drop_data(struct ui_chartpane *c)
{
	cancel_op(c);
	drop_model(c);
	chart_series_free(&c->series);
	c->loaded = false;
	c->cursor = -1;
	set_note(c, false, NULL);
}

/* See chartpane.h. */
void ui_chartpane_free(struct ui_chartpane *c)
{
	drop_data(c);
	c->open = false;
}

/* The end of the request (exactly once, also when cancelled). */
static void answered(void *ud, long id, const struct api_answer *ans,
                     const struct pf_error *err)
{
	struct ui_chartpane *c = ud;
	struct chart_series s;
	struct pf_error perr;
	char text[1024];

	if (id != c->op)
		return; /* cancelled by us: already forgotten */
	c->op = 0;
	if (c->flags)
		*c->flags |= UI_REDRAW;
	pf_error_clear(&perr);
	if (ans && chart_series_parse(ans->body, ans->body_len, &s, &perr) == 0) {
		drop_model(c);
		chart_series_free(&c->series);
		c->series = s;
		c->loaded = true;
		c->shown = c->win;
		set_note(c, false, NULL);
		return;
	}
	/* nothing new to draw: the title goes on naming what is drawn */
	if (c->loaded)
		c->win = c->shown;
	if (!ans && err->kind == PF_ERR_CANCELLED) {
		if (!c->loaded)
			set_note(c, false, "Cancelled: F8 twice asks again.");
		return;
	}
	set_note(c, true, pf_error_sentence(ans ? &perr : err, text, sizeof text));
}

/* Ask for c->win, cancelling the request in flight. */
static void start(struct ui_chartpane *c)
{
	char q[HISTORY_QUERY_MAX], path[PATH_MAX_LEN], text[1024];
	struct pf_error err;

	cancel_op(c);
	pf_error_clear(&err);
	if (history_query(&c->win, c->zone, q, sizeof q) != 0) {
		set_note(c, true, "The balance history's query does not fit.");
		return;
	}
	snprintf(path, sizeof path, "/users/me?%s", q);
	c->requests++;
	struct api_json_request req = { .path = path, .version = c->version,
	                                .what = "load the balance history" };
	c->op = api_json_start(c->api, &req, answered, c, &err);
	if (c->op < 0) {
		c->op = 0;
		set_note(c, true, pf_error_sentence(&err, text, sizeof text));
	}
}

/* See chartpane.h. */
void ui_chartpane_open(struct ui_chartpane *c)
{
	c->open = true;
	if (!c->has_win) {
		c->win = history_window_default(HISTORY_DAY, now_s(c));
		c->has_win = true;
	}
	if (c->person == UI_CHARTPANE_OWN) {
		set_note(c, false, NULL);
		start(c);
	}
}

/* See chartpane.h. */
void ui_chartpane_close(struct ui_chartpane *c)
{
	cancel_op(c);
	c->open = false;
}

/* See chartpane.h. */
void ui_chartpane_person(struct ui_chartpane *c,
                         enum ui_chartpane_person person)
{
	if (person == c->person)
		return;
	c->person = person;
	drop_data(c);
	if (person == UI_CHARTPANE_OWN && c->open)
		start(c);
}

/* See chartpane.h. */
bool ui_chartpane_cancel(struct ui_chartpane *c)
{
	if (!cancel_op(c))
		return false;
	if (c->loaded)
		c->win = c->shown; /* the title says what is drawn */
	else
		set_note(c, false, "Cancelled: F8 twice asks again.");
	return true;
}

/* The interval of an interval key. */
static int key_interval(wint_t ch)
{
	switch (ch) {
	case 'h': return HISTORY_HOUR;
	case 'd': return HISTORY_DAY;
	case 'w': return HISTORY_WEEK;
	case 'm': return HISTORY_MONTH;
	default: return -1;
	}
}

/* See chartpane.h. */
bool ui_chartpane_key(struct ui_chartpane *c, enum ui_action act, int r,
                      wint_t ch)
{
	bool fn = r == KEY_CODE_YES, changed = false;
	int iv;

	if (act == UI_ACT_CHART_CURSOR) {
		const struct chart_model *m = c->model;
		if (!fn || !m)
			return false;
		if (ch == KEY_LEFT || ch == KEY_RIGHT)
			c->cursor = ui_chart_move(m, c->cursor,
			                          ch == KEY_LEFT ? -1 : 1);
		else if (ch == KEY_HOME)
			c->cursor = ui_chart_move(m, 0, -m->plot_w);
		else if (ch == KEY_END)
			c->cursor = ui_chart_move(m, -1, 0);
		return true;
	}
	if (fn || c->person != UI_CHARTPANE_OWN || !c->has_win)
		return false;
	switch (act) {
	case UI_ACT_CHART_INTERVAL:
		if ((iv = key_interval(ch)) < 0)
			return false;
		changed = history_set_interval(&c->win, (enum history_interval)iv,
		                               now_s(c));
		break;
	case UI_ACT_CHART_SHIFT:
		/* ] at the present (within a minute of now) stays */
		if (ch == ']' && now_s(c) - c->win.to < AT_PRESENT_S)
			break;
		changed = history_shift(&c->win, ch == '[' ? -1 : 1, now_s(c));
		break;
	case UI_ACT_CHART_ZOOM:
		changed = history_zoom(&c->win, ch == '-' ? -1 : 1);
		break;
	default:
		return false;
	}
	if (changed)
		start(c);
	return true;
}

/* ---- drawing */

/* t in local time for the title: a date, with the hour for hours; short
 * without the year. */
static void local_text(int64_t t, bool hours, bool short_, char *out,
                       size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t k = 0;

	if (localtime_r(&tt, &tm)) {
		if (hours)
			k = short_ ? strftime(out, n, "%m-%d %H:%M", &tm)
			           : strftime(out, n, "%Y-%m-%d %H:%M", &tm);
		else
			k = short_ ? strftime(out, n, "%m-%d", &tm)
			           : strftime(out, n, "%Y-%m-%d", &tm);
	}
	if (!k)
		snprintf(out, n, "?");
}

/* The title in cw columns: "Balance by day, 2026-10-29 to 2026-11-28",
 * else "By day, ..." and then without the years. */
static void title_text(const struct ui_chartpane *c, int cw, char *out,
                       size_t n)
{
	char from[40], to[40];
	bool hours = c->win.interval == HISTORY_HOUR;
	const char *iv = history_interval_name(c->win.interval);

	if (!c->has_win) {
		snprintf(out, n, "Balance history");
		return;
	}
	for (int k = 0; k < 3; k++) {
		local_text(c->win.from, hours, k == 2, from, sizeof from);
		local_text(c->win.to, hours, k == 2, to, sizeof to);
		snprintf(out, n, "%s %s, %s to %s", k ? "By" : "Balance by", iv,
		         from, to);
		if ((int)strlen(out) <= cw)
			return;
	}
}

/* Build the model for a model area of mw x mh (rebuilt only when the
 * series or the size changed). */
static void ensure_model(struct ui_chartpane *c, int mw, int mh)
{
	struct pf_error err;

	if (c->model && c->model_w == mw && c->model_h == mh)
		return;
	drop_model(c);
	pf_error_clear(&err);
	c->model = chart_build(&c->series, mw, mh, c->glyphs,
	                       c->shown.interval, c->version, &err);
	if (!c->model) {
		ui_oom_note();
		return;
	}
	c->model_w = mw;
	c->model_h = mh;
	if (!c->model->drawn)
		c->cursor = -1;
	else if (c->cursor >= c->model->plot_w)
		c->cursor = c->model->plot_w - 1;
}

/* The body below the title and the key line: the chart, or why not. */
static void draw_body(struct ui_chartpane *c, WINDOW *w, int y, int x,
                      int h, int cw, int *cy, int *cx)
{
	attr_t note = ui_attr(UI_ROLE_PANEL_NOTE);
	struct ui_chart view = { NULL, -1, c->op ? BUSY_TEXT : NULL };
	char text[200];
	int mw, mh;

	if (h < 1)
		return;
	if (c->person == UI_CHARTPANE_NOBODY) {
		ui_draw_wrapped(w, y, x, cw, h, "No profile loaded yet: the chart "
		                "is of your own profile.", note);
		return;
	}
	if (c->person == UI_CHARTPANE_OTHER) {
		ui_draw_wrapped(w, y, x, cw, h, chart_state_sentence(CHART_NULL,
		                c->version, text, sizeof text), note);
		return;
	}
	if (c->note) {
		int used = ui_draw_wrapped(w, y, x, cw, h - (c->op ? 1 : 0), c->note,
		                           ui_attr(c->note_error
		                                   ? UI_ROLE_STATUS_ERROR
		                                   : UI_ROLE_PANEL_NOTE));
		if (c->op && used < h)
			ui_draw_text(w, y + used, x, cw, BUSY_TEXT, note);
		return;
	}
	if (c->loaded) {
		ui_chart_area(h, cw, &mw, &mh);
		if (!mw || !mh) { /* too small: the model says so */
			mw = cw > 0 ? cw : 1;
			mh = h - UI_CHART_EXTRA > 0 ? h - UI_CHART_EXTRA : 1;
		}
		ensure_model(c, mw, mh);
		view.model = c->model;
		view.cursor = c->cursor;
	}
	ui_chart_draw(w, y, x, h, cw, &view);
	if (view.model && view.model->drawn && c->cursor >= 0) {
		*cy = y + view.model->plot_h - 1;
		*cx = x + view.model->plot_x + c->cursor;
	}
}

/* See chartpane.h. */
void ui_chartpane_draw(struct ui_chartpane *c, WINDOW *w, int y, int x,
                       int hgt, int width, bool separator, int *cy, int *cx)
{
	int tx = x + (separator ? 2 : 1), cw = width - (separator ? 3 : 2);
	attr_t head = ui_attr(UI_ROLE_PANEL_TITLE) | A_UNDERLINE;
	attr_t note = ui_attr(UI_ROLE_PANEL_NOTE);
	char title[160];
	int used;

	if (separator) {
		wattrset(w, ui_attr(UI_ROLE_PANEL));
		mvwvline(w, y, x, ACS_VLINE, hgt);
		wattrset(w, A_NORMAL);
	}
	if (cw < 4 || hgt < 1)
		return;
	*cy = y;
	*cx = tx;
	title_text(c, cw, title, sizeof title);
	used = ui_draw_text(w, y, tx, cw, title, head);
	if (cw - used - 2 >= (int)strlen(BACK_TEXT)) /* whole, or not at all */
		ui_draw_text(w, y, tx + used + 2, cw - used - 2, BACK_TEXT, note);
	if (hgt < 3)
		return;
	ui_draw_text(w, y + 1, tx, cw, cw >= (int)strlen(KEYS_TEXT) ? KEYS_TEXT
	             : KEYS_SHORT, note);
	draw_body(c, w, y + 2, tx, hgt - 2, cw, cy, cx);
}
