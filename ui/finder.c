/* finder.c - Ctrl-G: find a person as you type and open them.
 *
 * A screen of its own (routed by the table in app.c with its key and draw
 * columns): a line of text, a list with the columns of `profed find`
 * fitted to the width (listfmt_table), and a line for what the search is
 * doing or why it failed. The search itself is src/lookup.h, driven
 * through appstate.c (app_find_type: one request after a pause, the one
 * before it cancelled). An empty text lists the recent people. Enter
 * opens the selected person through app_ask_or_run (unsaved edits are
 * asked about); a user_ id, "me", or a text with no results opens
 * directly. Esc closes; Ctrl-O closes and goes back to the person before.
 */
#include "app.h"
#include "screens.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colors.h"
#include "config.h"
#include "draw.h"
#include "listfmt.h"
#include "text.h"

/* The list as drawn last: the table text and where each line starts. */
struct ui_finder_cache {
	char *text;
	size_t *line;      /* offsets of nlines lines */
	size_t nlines;
	unsigned long gen; /* app->find_gen it was made for */
	int width;
	bool recent;
	size_t nrows;
};

static const char *const recent_titles[] = { "USERNAME", "NAME", "USER ID" };

/* The text without surrounding blanks and a leading '@'. Caller frees;
 * NULL when empty or out of memory. */
static char *typed(const char *input)
{
	const char *s = input ? input : "";
	size_t n;

	while (*s == ' ')
		s++;
	if (*s == '@')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n ? strndup(s, n) : NULL;
}

/* Whether the list shows the recent people (nothing typed). */
static bool showing_recent(const struct ui_app *app)
{
	char *t = typed(app->dialog.input);
	bool empty = t == NULL;

	free(t);
	return empty;
}

/* Rows in the list now. */
static size_t list_rows(const struct ui_app *app)
{
	return showing_recent(app) ? app->recent.n : app->find.nrows;
}

/* The user id of list row i, NULL when it is not a person. */
static const char *row_id(const struct ui_app *app, size_t i)
{
	if (showing_recent(app))
		return i < app->recent.n ? app->recent.items[i].user_id : NULL;
	return i < app->find.nrows ? app->find.people[i].user_id : NULL;
}

void ui_finder_free(struct ui_app *app)
{
	struct ui_finder_cache *c = app->find_cache;

	if (c) {
		free(c->text);
		free(c->line);
		free(c);
	}
	app->find_cache = NULL;
}

/* Which columns fit in width, by priority (the person first: username,
 * name, then the membership, then the ids and dates), each at its widest
 * cell up to 32 columns; shown in the order of `find`. Fills on[] and
 * returns how many; at least the first by priority. */
static size_t fit_columns(const char *const *titles, size_t ncols,
                          const char *const *cells, size_t nrows, int width,
                          bool on[])
{
	/* find's columns: USERNAME NAME USER_ID [MEMBER_ID STATUS ACCESS
	 * JOINED LAST_SEEN] */
	static const size_t prio[] = { 0, 1, 4, 5, 2, 7, 3, 6 };
	int want[16] = { 0 }, used = 0;
	size_t n = 0;

	for (size_t c = 0; c < ncols && c < 16; c++) {
		want[c] = ui_text_cols(titles[c]);
		for (size_t r = 0; r < nrows && want[c] < 32; r++) {
			int w = ui_text_cols(cells[r * ncols + c]);
			if (w > want[c])
				want[c] = w > 32 ? 32 : w;
		}
		on[c] = false;
	}
	for (size_t k = 0; k < sizeof prio / sizeof prio[0]; k++) {
		size_t c = prio[k];
		int add = want[c] + (n ? LISTFMT_GAP : 0);
		if (c >= ncols || c >= 16)
			continue;
		if (n && used + add > width)
			continue;
		on[c] = true;
		used += add;
		n++;
	}
	return n;
}

/* The table of the shown columns of a list (see fit_columns). */
static char *fitted_table(const char *const *titles, size_t ncols,
                          const char *const *cells, size_t nrows, int width)
{
	bool on[16];
	size_t k = fit_columns(titles, ncols, cells, nrows, width, on), j = 0;
	const char **t = calloc(k + 1, sizeof *t);
	const char **c = calloc(k * nrows + 1, sizeof *c);
	char *text = NULL;

	if (t && c) {
		for (size_t col = 0; col < ncols && col < 16; col++) {
			if (!on[col])
				continue;
			t[j] = titles[col];
			for (size_t r = 0; r < nrows; r++)
				c[r * k + j] = cells[r * ncols + col];
			j++;
		}
		text = listfmt_table(t, k, c, nrows, (size_t)width);
	}
	free(t);
	free(c);
	return text;
}

/* The table text for the list at width (titles on line 0). NULL out of
 * memory. Rebuilt only when the rows or the width changed. */
static struct ui_finder_cache *table(struct ui_app *app, int width)
{
	struct ui_finder_cache *c = app->find_cache;
	bool recent = showing_recent(app);
	size_t n = list_rows(app), k = 0;
	const char **cells = NULL;
	char *text;

	if (c && c->gen == app->find_gen && c->width == width &&
	    c->recent == recent && c->nrows == n)
		return c;
	ui_finder_free(app);
	if (recent) {
		cells = calloc(n * 3 + 1, sizeof *cells);
		if (!cells)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			const struct recent_entry *e = &app->recent.items[i];
			cells[i * 3] = e->username ? e->username : "";
			cells[i * 3 + 1] = e->name ? e->name : "";
			cells[i * 3 + 2] = e->user_id;
		}
		text = fitted_table(recent_titles, 3, cells, n, width);
		free(cells);
	} else if (app->find.ncols) {
		text = fitted_table(app->find.titles, app->find.ncols,
		                    (const char *const *)app->find.cells, n, width);
	} else {
		text = strdup("");
	}
	if (!text || !(c = calloc(1, sizeof *c))) {
		free(text);
		return NULL;
	}
	c->text = text;
	for (const char *p = text; *p; p++)
		k += *p == '\n';
	c->line = calloc(k + 1, sizeof *c->line);
	if (!c->line) {
		free(text);
		free(c);
		return NULL;
	}
	for (size_t off = 0, len = strlen(text); off < len; ) {
		size_t one = strcspn(text + off, "\n");
		c->line[c->nlines++] = off;
		text[off + one] = '\0';
		off += one + 1;
	}
	c->gen = app->find_gen;
	c->width = width;
	c->recent = recent;
	c->nrows = n;
	app->find_cache = c;
	return c;
}

/* See screens.h. */
int ui_finder_open(struct ui_app *app)
{
	if (ui_dialog_open(&app->dialog, UI_DLG_FINDER, "Find a person", "") != 0)
		ui_oom_note();
	app_find_stop(app);
	app->find_sel = app->find_top = 0;
	return UI_REDRAW;
}

/* Close the finder; its search stops. */
static void finder_close(struct ui_app *app)
{
	ui_dialog_close(&app->dialog);
	app_find_stop(app);
}

/* See screens.h: open the selected person, or what was typed. */
int ui_finder_answer(struct ui_app *app, enum ui_answer ans)
{
	char *text = typed(app->dialog.input), *who = NULL;
	size_t n = list_rows(app);
	const char *id;

	if (ans != UI_ANS_YES) {
		free(text);
		finder_close(app);
		return UI_REDRAW;
	}
	if (text && (strncmp(text, "user_", 5) == 0 || strcmp(text, "me") == 0) &&
	    !strchr(text, ' ')) {
		who = text; /* an id (or yourself) opens directly */
		text = NULL;
	} else if (n && app->find_sel < n) {
		id = row_id(app, app->find_sel);
		if (!id) {
			free(text);
			ui_status_set(&app->status, UI_STATUS_INFO, "That member is a "
			              "business, not a person: nothing to open.");
			return UI_REDRAW;
		}
		who = strdup(id);
		if (!who)
			ui_oom_note();
	} else if (text && !app->find.op) {
		who = text; /* no results: an exact username opens directly */
		text = NULL;
	}
	free(text);
	if (!who)
		return UI_REDRAW; /* nothing to open yet */
	finder_close(app);
	return app_ask_or_run(app, UI_AFTER_OPEN, who);
}

/* The selection moved to sel (clamped); at the end the next page is
 * asked for. */
static void select_row(struct ui_app *app, long long sel)
{
	size_t n = list_rows(app);

	if (sel >= (long long)n)
		sel = (long long)n - 1;
	if (sel < 0)
		sel = 0;
	app->find_sel = (size_t)sel;
	if (n && app->find_sel + 1 >= n && !showing_recent(app))
		lookup_more(&app->find);
}

/* See screens.h: moving keys select, Enter and Esc answer, Ctrl-O goes
 * back, everything else edits the text (and the search follows). */
int ui_finder_key(struct ui_app *app, enum ui_action act, int r, wint_t ch)
{
	enum ui_answer ans = ui_keys_answer(UI_DLG_FINDER, r, ch);
	long long sel = (long long)app->find_sel;
	int page = app->find_page > 1 ? app->find_page - 1 : 1;
	enum ui_entry_result res;
	char *text = NULL;

	if (ans != UI_ANS_NONE)
		return ui_finder_answer(app, ans);
	switch (act) {
	case UI_ACT_UP:
		select_row(app, sel - 1);
		return UI_REDRAW;
	case UI_ACT_DOWN:
		select_row(app, sel + 1);
		return UI_REDRAW;
	case UI_ACT_PAGE_UP:
		select_row(app, sel - page);
		return UI_REDRAW;
	case UI_ACT_PAGE_DOWN:
		select_row(app, sel + page);
		return UI_REDRAW;
	case UI_ACT_HOME:
		select_row(app, 0);
		return UI_REDRAW;
	case UI_ACT_END:
		select_row(app, (long long)list_rows(app));
		return UI_REDRAW;
	case UI_ACT_BACK:
		finder_close(app);
		return app_back(app);
	case UI_ACT_QUIT:
		finder_close(app);
		return app_quit(app);
	case UI_ACT_NONE:
		if (r != OK || ch < 0x20)
			return 0;
		break;
	case UI_ACT_LEFT:
	case UI_ACT_RIGHT:
	case UI_ACT_BACKSPACE:
	case UI_ACT_DELETE:
	case UI_ACT_KILL_TO_START:
	case UI_ACT_KILL_TO_END:
		break;
	default:
		return 0;
	}
	res = ui_entry_key(&app->dialog.entry, app->dialog.input, act,
	                   (uint32_t)ch, 40, 1, true, &text);
	if (res == UI_ENTRY_NOMEM)
		ui_oom_note();
	if (res != UI_ENTRY_CHANGED)
		return UI_REDRAW;
	free(app->dialog.input);
	app->dialog.input = text;
	app->find_sel = app->find_top = 0;
	app_find_type(app, app->dialog.input);
	return UI_REDRAW;
}

/* The line under the list: what the search does, or why it failed. */
static void state_line(struct ui_app *app, char *buf, size_t n, int *role)
{
	const struct lookup *l = &app->find;
	bool recent = showing_recent(app);

	*role = UI_ROLE_PANEL_NOTE;
	if (recent) {
		snprintf(buf, n, "%s", app->recent.n
		         ? "Recent people, most recent first."
		         : "No recent people yet: type a name, username or id.");
	} else if (l->failed) {
		pf_error_sentence(&l->err, buf, n);
		*role = UI_ROLE_STATUS_ERROR;
	} else if (l->due_ms || (l->op && !l->answered)) {
		snprintf(buf, n, "Searching...");
	} else if (l->op) {
		snprintf(buf, n, "%zu shown; loading more...", l->nrows);
	} else if (l->answered && !l->nrows) {
		snprintf(buf, n, "No matches. Enter opens the text as a "
		         "username or id.");
	} else if (l->answered) {
		snprintf(buf, n, "%zu shown%s.", l->nrows,
		         l->after ? "; more below (End loads them)" : "");
	} else {
		buf[0] = '\0';
	}
}

/* See screens.h: a box over the body (title line and status stay). */
void ui_finder_draw(struct ui_app *app, int rows, int cols, int *cy, int *cx)
{
	int y = 1, h = rows - 2, x = 0, w = cols, inner = cols - 4;
	attr_t a = ui_attr(UI_ROLE_DIALOG);
	struct ui_finder_cache *c;
	char line[700], keys[200];
	size_t n = list_rows(app);
	int role, list_y, list_h, ty, tx, nstate = 0;
	const char *state[3] = { NULL, NULL, NULL };
	size_t state_len[3] = { 0, 0, 0 };
	char *clean;

	if (h < 8 || inner < 20)
		return;
	for (int i = 0; i < h; i++)
		ui_draw_blank(stdscr, y + i, x, w, a);
	ui_draw_frame(stdscr, y, x, h, w, a);
	ui_draw_text(stdscr, y, x + 2, inner, app->dialog.title,
	             ui_attr(UI_ROLE_DIALOG_TITLE));
	/* what is searched */
	if (app->find.account_id)
		snprintf(line, sizeof line, "Members of %s: name, username, exact "
		         "email or user id.", app->find.account_id);
	else
		snprintf(line, sizeof line, "Users, ranked by closeness to you "
		         "(not a directory); or a user id.");
	ui_draw_text(stdscr, y + 2, x + 2, inner, line,
	             ui_attr(UI_ROLE_PANEL_NOTE));
	/* what the search does (an error may take three rows) */
	state_line(app, line, sizeof line, &role);
	clean = text_sanitize(line, 0);
	if (!clean)
		ui_oom_note();
	for (const char *p = clean; p && *p && nstate < 3; nstate++) {
		size_t k = ui_wrap_len(p, inner);
		state[nstate] = p;
		state_len[nstate] = k;
		p += k;
		while (*p == ' ')
			p++;
	}
	if (nstate == 0)
		nstate = 1;
	/* the list */
	list_y = y + 3;
	list_h = h - 6 - nstate;
	c = table(app, inner);
	if (!c) {
		ui_oom_note();
	} else if (c->nlines > 0) {
		size_t top;
		ui_draw_text(stdscr, list_y, x + 2, inner, c->text + c->line[0],
		             ui_attr(UI_ROLE_PANEL_NOTE) | A_UNDERLINE);
		if (app->find_sel >= n)
			app->find_sel = n ? n - 1 : 0;
		if (app->find_sel < app->find_top)
			app->find_top = app->find_sel;
		if (app->find_sel >= app->find_top + (size_t)list_h)
			app->find_top = app->find_sel - (size_t)list_h + 1;
		top = app->find_top;
		for (int i = 0; i < list_h && top + (size_t)i < n &&
		                top + (size_t)i + 1 < c->nlines; i++) {
			size_t r = top + (size_t)i;
			bool sel = r == app->find_sel;
			attr_t ra = ui_attr(sel ? UI_ROLE_PANEL_SELECTED : UI_ROLE_DIALOG);
			if (sel)
				ui_draw_blank(stdscr, list_y + 1 + i, x + 1, w - 2, ra);
			ui_draw_text(stdscr, list_y + 1 + i, x + 2, inner,
			             c->text + c->line[r + 1], ra);
		}
		if (top > 0)
			mvwaddch(stdscr, list_y + 1, x + w - 2, '^' | a);
		if (top + (size_t)list_h < n || lookup_has_more(&app->find))
			mvwaddch(stdscr, list_y + list_h, x + w - 2, 'v' | a);
	}
	app->find_page = list_h;
	for (int i = 0; clean && i < nstate && state[i]; i++) {
		char *one = strndup(state[i], state_len[i]);
		if (one)
			ui_draw_text(stdscr, y + h - 2 - nstate + i, x + 2, inner, one,
			             ui_attr(role));
		free(one);
	}
	free(clean);
	ui_keys_answer_line(UI_DLG_FINDER, keys, sizeof keys);
	snprintf(line, sizeof line, "%s   Up/Down/PgUp/PgDn/Home/End select   "
	         "Ctrl-O back", keys);
	ui_draw_text(stdscr, y + h - 2, x + 2, inner, line,
	             ui_attr(UI_ROLE_HINT_KEY));
	/* the text last: the cursor stays in it */
	ty = y + 1;
	tx = x + 2;
	ui_draw_text(stdscr, ty, tx, inner, "Find:", ui_attr(UI_ROLE_DIALOG));
	ui_entry_draw(&app->dialog.entry, stdscr, ty, tx + 6, 1, inner - 6,
	              app->dialog.input, ui_attr(UI_ROLE_FIELD_FOCUS), cy, cx);
}
