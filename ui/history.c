/* history.c - the member's history pane (see history.h).
 *
 * Top to bottom: the title with the way back, the member and business,
 * the column headings, one row per entry (the selected one in reverse),
 * and a footer: what is shown of how many, a request in flight, or why
 * no more came. Without entries the body holds the pane's note (no
 * account, not a member, the error's sentence).
 */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "colors.h"
#include "draw.h"
#include "error.h"
#include "members.h"
#include "support.h"
#include "text.h"

#define ACTOR_CAP 24 /* widest the actor column gets */
#define ONE_LINE_COLS 64
#define FOOT_NOTE 3      /* lines for a later page's failure */ /* narrower: two lines an entry (action below) */

/* See history.h. */
void ui_history_init(struct ui_history *h, struct api *api,
                     const char *account, int *flags)
{
	memset(h, 0, sizeof *h);
	h->api = api;
	h->account = account && *account ? account : NULL;
	h->flags = flags;
}

/* Cancel the request in flight: forgotten first, so its callback (which
 * runs inside api_cancel) is ignored. */
static bool cancel_op(struct ui_history *h)
{
	long op = h->op;

	h->op = 0;
	h->step = UI_HISTORY_IDLE;
	if (op > 0)
		api_cancel(h->api, op);
	return op > 0;
}

/* Forget the entries and everything learnt of the person's membership. */
static void clear_data(struct ui_history *h)
{
	cancel_op(h);
	for (size_t i = 0; i < h->n * HISTORY_COLS; i++)
		free(h->cells[i]);
	free(h->cells);
	free(h->member_id);
	free(h->after);
	free(h->note);
	h->cells = NULL;
	h->member_id = h->after = h->note = NULL;
	h->n = h->cap = 0;
	h->more = h->done = h->note_error = false;
	h->sel = h->top = 0;
}

/* See history.h. */
void ui_history_free(struct ui_history *h)
{
	clear_data(h);
	free(h->user_id);
	free(h->who);
	h->user_id = h->who = NULL;
	ui_history_known_member(h, NULL, NULL);
	h->open = false;
}

/* Replace the note (text copied; an out-of-memory copy leaves none). */
static void set_note(struct ui_history *h, bool error, const char *text)
{
	free(h->note);
	h->note = text ? strdup(text) : NULL;
	h->note_error = error;
	if (text && !h->note)
		ui_oom_note();
}

/* The note for a failure: the one formatter's sentence. */
static void note_error(struct ui_history *h, const struct pf_error *err)
{
	char s[1024];

	set_note(h, true, pf_error_sentence(err, s, sizeof s));
}

static void answered(void *ud, long id, struct support_result *r,
                     const struct pf_error *err);

/* GET path as kind (the path is freed here; NULL: out of memory). */
static void start(struct ui_history *h, enum support_kind kind, char *path,
                  enum ui_history_step step)
{
	struct pf_error err;

	pf_error_clear(&err);
	if (!path) {
		ui_oom_note();
		return;
	}
	h->step = step;
	h->op = support_start(h->api, kind, path, answered, h, &err);
	free(path);
	if (h->op < 0) {
		h->op = 0;
		h->step = UI_HISTORY_IDLE;
		note_error(h, &err);
	}
}

/* Ask for the next page of entries, when there is one and none is on
 * its way. */
static void more(struct ui_history *h)
{
	if (h->op || !h->more || !h->member_id || !h->after)
		return;
	set_note(h, false, NULL);
	start(h, SUPPORT_LOGS, support_logs_path(h->member_id, HISTORY_PAGE,
	                                         h->after), UI_HISTORY_PAGE);
}

/* The person is the business's member member_id: ask for the first page
 * of their entries. */
static void first_page(struct ui_history *h, const char *member_id)
{
	if (!(h->member_id = strdup(member_id))) {
		ui_oom_note();
		return;
	}
	start(h, SUPPORT_LOGS, support_logs_path(h->member_id, HISTORY_PAGE,
	                                         NULL), UI_HISTORY_PAGE);
}

/* The person is not a member of the business: the note says so. */
static void not_member(struct ui_history *h)
{
	char text[400];

	snprintf(text, sizeof text, "%.120s is not a member of %.120s.",
	         h->who ? h->who : h->user_id, h->account);
	set_note(h, false, text);
}

/* Find the member: the first of the business's members that is this
 * person (a hostile answer may hold others). */
static void member_found(struct ui_history *h, const struct member_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct person *u = p->items[i].user;
		if (u && u->id && strcmp(u->id, h->user_id) == 0) {
			first_page(h, p->items[i].id);
			return;
		}
	}
	not_member(h);
}

/* A page of entries: its rows go after the others. */
static void page_arrived(struct ui_history *h, const struct log_page *p)
{
	struct members_rows rows;
	size_t add;

	h->done = true;
	free(h->after);
	h->after = NULL;
	h->more = members_page_more(&p->info);
	if (h->more && !(h->after = strdup(p->info.end_cursor))) {
		h->more = false;
		ui_oom_note();
	}
	if (members_rows_logs(p->items, p->n, &rows) != 0) {
		ui_oom_note();
		return;
	}
	add = rows.nrows * HISTORY_COLS;
	if (h->n * HISTORY_COLS + add > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 4 * HISTORY_PAGE * HISTORY_COLS;
		char **c;
		while (cap < h->n * HISTORY_COLS + add)
			cap *= 2;
		if (!(c = realloc(h->cells, cap * sizeof *c))) {
			members_rows_free(&rows);
			ui_oom_note();
			return;
		}
		h->cells = c;
		h->cap = cap;
	}
	/* the cells move: the rows keep only their array */
	memcpy(h->cells + h->n * HISTORY_COLS, rows.cells, add * sizeof *rows.cells);
	h->n += rows.nrows;
	free(rows.cells);
}

/* The end of a request (exactly once, also when cancelled). */
static void answered(void *ud, long id, struct support_result *r,
                     const struct pf_error *err)
{
	struct ui_history *h = ud;
	enum ui_history_step step = h->step;

	if (id != h->op)
		return; /* cancelled by us: already forgotten */
	h->op = 0;
	h->step = UI_HISTORY_IDLE;
	if (h->flags)
		*h->flags |= UI_REDRAW;
	if (!r) {
		if (err->kind == PF_ERR_CANCELLED)
			set_note(h, false, h->done
			         ? "Cancelled: Down at the last entry asks again."
			         : "Cancelled: F7 twice asks again.");
		else
			note_error(h, err);
		return;
	}
	if (step == UI_HISTORY_MEMBER)
		member_found(h, &r->members);
	else if (step == UI_HISTORY_PAGE)
		page_arrived(h, &r->logs);
}

/* Start from nothing for the person: the member, then the first page. */
static void begin(struct ui_history *h)
{
	struct support_query q = { .user_ids = h->user_id };

	clear_data(h);
	if (!h->account) {
		set_note(h, false, "The history is kept per business: start "
		         "profed with --account-id biz_... (or account-id = "
		         "biz_... in the config file) to see it.");
		return;
	}
	if (h->known_user && strcmp(h->known_user, h->user_id) == 0) {
		if (h->known_member)
			first_page(h, h->known_member);
		else /* known: not a member */
			not_member(h);
		return;
	}
	start(h, SUPPORT_MEMBERS, support_members_path(h->account, &q),
	      UI_HISTORY_MEMBER);
}

/* See history.h. */
void ui_history_known_member(struct ui_history *h, const char *user_id,
                             const char *member_id)
{
	char *u = user_id ? strdup(user_id) : NULL;
	char *m = member_id ? strdup(member_id) : NULL;

	free(h->known_user);
	free(h->known_member);
	if (!u || (member_id && !m)) { /* nothing known (or out of memory) */
		free(u);
		free(m);
		u = m = NULL;
	}
	h->known_user = u;
	h->known_member = m;
}

/* Take the person's id and name. -1 out of memory. */
static int set_person(struct ui_history *h, const char *user_id,
                      const char *who)
{
	char *id = strdup(user_id), *w = strdup(who && *who ? who : user_id);

	if (!id || !w) {
		free(id);
		free(w);
		return -1;
	}
	free(h->user_id);
	free(h->who);
	h->user_id = id;
	h->who = w;
	return 0;
}

/* See history.h. */
int ui_history_open(struct ui_history *h, const char *user_id,
                    const char *who)
{
	if (!user_id || !*user_id || set_person(h, user_id, who) != 0)
		return -1;
	h->open = true;
	begin(h);
	return 0;
}

/* See history.h. */
void ui_history_close(struct ui_history *h)
{
	cancel_op(h);
	h->open = false;
}

/* See history.h. */
int ui_history_person(struct ui_history *h, const char *user_id,
                      const char *who)
{
	if (!h->open || !user_id || (h->user_id && !strcmp(h->user_id, user_id)))
		return 0;
	return ui_history_open(h, user_id, who);
}

/* See history.h: the pane says so (the callback's note). */
bool ui_history_cancel(struct ui_history *h)
{
	long op = h->op;

	if (op <= 0)
		return false;
	api_cancel(h->api, op); /* answered() runs now: "Cancelled" */
	if (h->op == op) {      /* an engine that did not call back */
		h->op = 0;
		h->step = UI_HISTORY_IDLE;
	}
	return true;
}

/* See history.h. Moves are clamped; the next draw scrolls. */
bool ui_history_key(struct ui_history *h, enum ui_action act)
{
	size_t n = h->n, step = h->page > 1 ? (size_t)h->page - 1 : 1;
	size_t last = n ? n - 1 : 0;

	switch (act) {
	case UI_ACT_UP:
		if (h->sel > 0)
			h->sel--;
		return true;
	case UI_ACT_DOWN:
		if (h->sel < last)
			h->sel++;
		break;
	case UI_ACT_PAGE_UP:
		h->sel = h->sel > step ? h->sel - step : 0;
		h->top = h->top > step ? h->top - step : 0;
		return true;
	case UI_ACT_PAGE_DOWN:
		h->sel = h->sel + step < last ? h->sel + step : last;
		h->top += step;
		break;
	case UI_ACT_HOME:
		h->sel = h->top = 0;
		return true;
	case UI_ACT_END:
		h->sel = last;
		break;
	default:
		return false;
	}
	/* scrolled to the end: the next page, if the server has one */
	if (h->sel == last)
		more(h);
	return true;
}

/* ---- drawing */

/* Cell c of entry i. */
static const char *cell(const struct ui_history *h, size_t i, int c)
{
	return h->cells[i * HISTORY_COLS + (size_t)c];
}

/* Where the columns stand in cw columns: time as wide as its widest
 * shown cell, the actor up to ACTOR_CAP, the action the rest. With two
 * lines an entry: time and actor on the first, the action indented on
 * the second (x[1] then counts from the second line). */
static void plan(const struct ui_history *h, size_t from, size_t to, int cw,
                 bool two, int x[HISTORY_COLS], int wd[HISTORY_COLS])
{
	int gap = cw >= 60 ? 2 : 1, tw = 4, aw = 5;

	if (two) {
		for (size_t i = from; i < to; i++) {
			int t = ui_text_cols(cell(h, i, 0));
			tw = t > tw ? t : tw;
		}
		if (tw > cw - 6)
			tw = cw - 6 > 1 ? cw - 6 : 1;
		x[0] = 0;
		wd[0] = tw;
		x[2] = tw + gap;
		wd[2] = cw - x[2] > 1 ? cw - x[2] : 1;
		x[1] = 2;
		wd[1] = cw - 2 > 1 ? cw - 2 : 1;
		return;
	}

	for (size_t i = from; i < to; i++) {
		int t = ui_text_cols(cell(h, i, 0)), a = ui_text_cols(cell(h, i, 2));
		tw = t > tw ? t : tw;
		aw = a > aw ? a : aw;
	}
	if (tw > cw / 3)
		tw = cw / 3;
	if (aw > ACTOR_CAP)
		aw = ACTOR_CAP;
	if (aw > cw / 4)
		aw = cw / 4 > 5 ? cw / 4 : 5;
	wd[0] = tw;
	wd[2] = aw;
	wd[1] = cw - tw - aw - 2 * gap;
	if (wd[1] < 1)
		wd[1] = 1;
	x[0] = 0;
	x[1] = tw + gap;
	x[2] = x[1] + wd[1] + gap;
}

/* Keep the selection in the list_h rows, the rows filled when they can. */
static void keep_in_view(struct ui_history *h, size_t list_h)
{
	if (!h->n || !list_h)
		return;
	if (h->sel >= h->n)
		h->sel = h->n - 1;
	if (h->top > h->sel)
		h->top = h->sel;
	if (h->sel - h->top >= list_h)
		h->top = h->sel - list_h + 1;
	if (h->top + list_h > h->n)
		h->top = h->n > list_h ? h->n - list_h : 0;
}

/* The footer: a request in flight, else what is shown and what is left,
 * and the note of a later page that failed. */
static void draw_footer(const struct ui_history *h, WINDOW *w, int y, int x,
                        int cw, int lines, size_t shown)
{
	char line[200];

	if (h->op) {
		snprintf(line, sizeof line, "%s  (Esc cancels)",
		         h->step == UI_HISTORY_MEMBER ? "Finding the member..."
		                                      : "Loading entries...");
		ui_draw_text(w, y, x, cw, line, ui_attr(UI_ROLE_PANEL_NOTE));
		return;
	}
	if (h->n && h->note) {
		ui_draw_wrapped(w, y, x, cw, lines, h->note, ui_attr(h->note_error
		                ? UI_ROLE_STATUS_ERROR : UI_ROLE_PANEL_NOTE));
		return;
	}
	if (!h->n)
		return;
	/* "50+": more at the end */
	snprintf(line, sizeof line, "Entries %zu-%zu of %zu%s", h->top + 1,
	         h->top + shown, h->n, h->more ? "+" : "");
	ui_draw_text(w, y, x, cw, line, ui_attr(UI_ROLE_PANEL_NOTE));
}

/* See history.h. */
void ui_history_draw(struct ui_history *h, WINDOW *w, int y, int x, int hgt,
                     int width, bool separator, int *cy, int *cx)
{
	int tx = x + (separator ? 2 : 1), cw = width - (separator ? 3 : 2);
	int row = y, end = y + hgt, used, cx_[HISTORY_COLS], wd[HISTORY_COLS];
	attr_t head = ui_attr(UI_ROLE_PANEL_TITLE) | A_UNDERLINE;
	attr_t norm = ui_attr(UI_ROLE_PANEL), note = ui_attr(UI_ROLE_PANEL_NOTE);
	char line[400];
	size_t list_h, i, shown = 0, per = cw < ONE_LINE_COLS ? 2 : 1;
	int foot = 1;

	if (separator) {
		wattrset(w, norm);
		mvwvline(w, y, x, ACS_VLINE, hgt);
		wattrset(w, A_NORMAL);
	}
	if (cw < 4 || hgt < 1)
		return;
	*cy = row;
	*cx = tx;
	snprintf(line, sizeof line, "History of %s", h->who ? h->who : "");
	used = ui_draw_text(w, row, tx, cw, line, head);
	if (cw - used > 4)
		ui_draw_text(w, row, tx + used + 2, cw - used - 2,
		             "F7/Esc: back to the form", note);
	if (++row >= end)
		return;
	if (h->account) {
		if (h->member_id)
			snprintf(line, sizeof line, "Member %s of %s", h->member_id,
			         h->account);
		else
			snprintf(line, sizeof line, "In %s", h->account);
		ui_draw_text(w, row++, tx, cw, line, norm);
	}
	if (!h->n) {
		/* no entries: the note, or what is happening */
		if (h->note)
			ui_draw_wrapped(w, row, tx, cw, end - row - 1, h->note,
			             ui_attr(h->note_error ? UI_ROLE_STATUS_ERROR
			                                   : UI_ROLE_PANEL_NOTE));
		else if (h->done)
			ui_draw_text(w, row, tx, cw, "No entries.", note);
		if (end - 1 > row)
			draw_footer(h, w, end - 1, tx, cw, 1, 0);
		return;
	}
	if (row + 1 + (int)per >= end) {
		draw_footer(h, w, row, tx, cw, 1, 0);
		return;
	}
	/* a later page's failure: its sentence in up to FOOT_NOTE lines */
	if (h->note && !h->op && end - row - 2 - FOOT_NOTE >= (int)per)
		foot = FOOT_NOTE;
	list_h = (size_t)(end - row - 1 - foot) / per; /* headings, footer */
	keep_in_view(h, list_h);
	plan(h, h->top, h->top + list_h < h->n ? h->top + list_h : h->n, cw,
	     per == 2, cx_, wd);
	ui_draw_text(w, row, tx + cx_[0], wd[0], "TIME", note);
	if (per == 1)
		ui_draw_text(w, row, tx + cx_[1], wd[1], "ACTION", note);
	ui_draw_text(w, row, tx + cx_[2], wd[2], per == 1 ? "ACTOR"
	             : "ACTOR / ACTION", note);
	row++;
	for (i = h->top; i < h->n && shown < list_h; i++, shown++, row += per) {
		bool sel = i == h->sel;
		attr_t a = sel ? ui_attr(UI_ROLE_PANEL_SELECTED) : norm;
		if (sel) {
			for (size_t k = 0; k < per; k++)
				ui_draw_blank(w, row + (int)k, tx, cw, a);
			*cy = row;
			*cx = tx;
		}
		ui_draw_text(w, row, tx + cx_[0], wd[0], cell(h, i, 0), a);
		ui_draw_text(w, row + (int)per - 1, tx + cx_[1], wd[1], cell(h, i, 1),
		             a);
		ui_draw_text(w, row, tx + cx_[2], wd[2], cell(h, i, 2), a);
	}
	h->page = (int)shown;
	draw_footer(h, w, end - foot, tx, cw, foot, shown);
}
