/* panel.c - the account overview panel (see panel.h).
 *
 * Top to bottom: the title, id, created date, picture, the two
 * verification states, the total (or why there is none) and the nested
 * totals, then the balances: a heading with the shown range, column
 * headings and one row per balance. The selected row (when the panel has
 * the focus) is followed by its breakdown and whatever its row could not
 * show (a hidden column, a cut value), so every digit is reachable.
 */
#include "panel.h"
#include "access.h"
#include "preview.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "datetime.h"
#include "draw.h"
#include "overview.h"
#include "text.h"
#include "user.h"

enum { COL_SYMBOL, COL_NAME, COL_AMOUNT, COL_VALUE, COL_PRICE, N_COLS };

#define LABEL_W 9        /* "Created  " */
#define VERIF_LABEL_W 18 /* "Individual (KYC)  " */
#define TOTAL_NOTE_LINES 6
#define MAX_DETAIL 64    /* breakdown lines shown under one row */

static const char *const col_head[N_COLS] = {
	"SYMBOL", "NAME", "AMOUNT", "VALUE", "PRICE",
};

/* Widest a column ever gets: longer cells end in "…" in the row and are
 * shown whole under it when selected. */
static const int col_cap[N_COLS] = { 10, 24, 18, 16, 12 };

/* Which columns a width allows, where they stand (from the text column)
 * and how wide they are. */
struct cols {
	bool on[N_COLS];
	int x[N_COLS];
	int w[N_COLS];
};

/* Nothing shown, the form has the keyboard. */
void ui_panel_init(struct ui_panel *p)
{
	memset(p, 0, sizeof *p);
}

/* See panel.h. */
int ui_panel_set_card(struct ui_panel *p, enum ui_card state,
                      const char *account, const char *const *text,
                      const char *why)
{
	struct ui_member_card *c = &p->card;
	bool bad = false;

	free(c->account);
	free(c->why);
	for (int k = 0; k < UI_CARD_TEXTS; k++)
		free(c->text[k]);
	memset(c, 0, sizeof *c);
	if (state == UI_CARD_OFF)
		return 0;
	c->account = strdup(account ? account : "");
	c->why = strdup(why ? why : "");
	bad = !c->account || !c->why;
	for (int k = 0; k < UI_CARD_TEXTS; k++) {
		c->text[k] = strdup(text && text[k] ? text[k] : "");
		bad |= !c->text[k];
	}
	c->state = state;
	if (bad) {
		ui_panel_set_card(p, UI_CARD_OFF, NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void draw_pair(WINDOW *w, int y, int x, int cw, const char *label,
                      int lw, const char *value, attr_t a);

/* The member card's rows from row; returns the rows used. */
static int draw_card(const struct ui_panel *p, WINDOW *w, int row, int x,
                     int cw, int end)
{
	const struct ui_member_card *c = &p->card;
	attr_t a = ui_attr(UI_ROLE_PANEL), note = ui_attr(UI_ROLE_PANEL_NOTE);
	char line[700];

	if (c->state == UI_CARD_OFF || row >= end)
		return 0;
	switch (c->state) {
	case UI_CARD_LOADING:
		snprintf(line, sizeof line, "in %s: loading...", c->account);
		draw_pair(w, row, x, cw, "Member", LABEL_W, line, note);
		return 1;
	case UI_CARD_NOT_MEMBER:
		snprintf(line, sizeof line, "not a member of %s", c->account);
		draw_pair(w, row, x, cw, "Member", LABEL_W, line, note);
		return 1;
	case UI_CARD_FAILED:
		snprintf(line, sizeof line, "not shown: %s", c->why);
		draw_pair(w, row, x, cw, "Member", LABEL_W, line,
		          ui_attr(UI_ROLE_STATUS_ERROR));
		return 1;
	default:
		break;
	}
	snprintf(line, sizeof line, "%s %s %s", c->text[0], c->text[1],
	         c->text[2]);
	draw_pair(w, row, x, cw, "Member", LABEL_W, line, a);
	if (row + 1 >= end)
		return 1;
	snprintf(line, sizeof line, "joined %s, last seen %s", c->text[3],
	         c->text[4]);
	draw_pair(w, row + 1, x, cw, "", LABEL_W, line, a);
	return 2;
}

/* Free the overview and the date (not the user). */
void ui_panel_free(struct ui_panel *p)
{
	overview_free(p->ov);
	free(p->created);
	free(p->id);
	free(p->match);
	p->match = NULL;
	p->n_match = 0;
	p->ov = NULL;
	p->created = NULL;
	p->id = NULL;
	p->user = NULL;
}

/* The cell of row r in column c. */
static const char *cell(const struct overview_row *r, int c)
{
	switch (c) {
	case COL_SYMBOL:
		return r->symbol;
	case COL_NAME:
		return r->name;
	case COL_AMOUNT:
		return r->amount;
	case COL_VALUE:
		return r->value;
	default:
		return r->price;
	}
}

/* See panel.h. */
size_t ui_panel_rows(const struct ui_panel *p)
{
	if (!p->ov)
		return 0;
	return p->filter[0] ? p->n_match : p->ov->n_rows;
}

/* The i-th row of the list (a match while filtered). */
static const struct overview_row *vrow(const struct ui_panel *p, size_t i)
{
	return &p->ov->rows[p->filter[0] ? p->match[i] : i];
}

/* The index in ov->rows of the selected row; SIZE_MAX when none. */
static size_t selected_row(const struct ui_panel *p)
{
	if (p->sel >= ui_panel_rows(p))
		return SIZE_MAX;
	return p->filter[0] ? p->match[p->sel] : p->sel;
}

/* Whether r's symbol or name holds f (ASCII case ignored). */
static bool row_matches(const struct overview_row *r, const char *f)
{
	return strcasestr(r->symbol, f) || strcasestr(r->name, f);
}

/* See panel.h: one walk over the rows, or over the matches when the
 * filter only grew at its end (typing). The selected balance stays
 * selected when it still matches, else the first match is. */
int ui_panel_set_filter(struct ui_panel *p, const char *text)
{
	size_t cur = selected_row(p), n = p->ov ? p->ov->n_rows : 0, k = 0;
	size_t was = strlen(p->filter);
	bool narrower = was && p->match && strncmp(text ? text : "", p->filter,
	                                           was) == 0;

	snprintf(p->filter, sizeof p->filter, "%s", text ? text : "");
	if (narrower && p->filter[0]) {
		p->sel = 0;
		p->top = 0;
		for (size_t j = 0; j < p->n_match; j++) {
			size_t i = p->match[j];
			if (!row_matches(&p->ov->rows[i], p->filter))
				continue;
			if (i == cur)
				p->sel = k;
			p->match[k++] = i;
		}
		p->n_match = k;
		return 0;
	}
	p->n_match = 0;
	p->top = 0;
	if (!p->filter[0]) {
		p->sel = cur != SIZE_MAX ? cur : 0;
		return 0;
	}
	if (!p->match && n && !(p->match = malloc(n * sizeof *p->match))) {
		p->filter[0] = '\0';
		p->sel = 0;
		return -1;
	}
	p->sel = 0;
	for (size_t i = 0; i < n; i++) {
		if (!row_matches(&p->ov->rows[i], p->filter))
			continue;
		if (i == cur)
			p->sel = k;
		p->match[k++] = i;
	}
	p->n_match = k;
	return 0;
}

/* The fraction of a number as shown ("1,500.25": ".25"), NULL when s
 * has none or is not a number ("unpriced", "-"). */
static const char *num_frac(const char *s)
{
	const char *dot;

	if (!s || !(s[0] == '$' || s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return NULL;
	dot = strrchr(s, '.');
	return dot && dot[1] >= '0' && dot[1] <= '9' ? dot : NULL;
}

/* Columns of s's fraction, 0 without one. */
static int frac_cols(const char *s)
{
	const char *f = num_frac(s);

	return f ? ui_text_cols(f) : 0;
}

/* Longest fraction a column lines up (longer ones are drawn as they are). */
#define FRAC_CAP 12
/* Gap between columns when the panel has room. */
#define WIDE_GAP 2

/* What the panel's lines other than the balances want, in columns. */
static int other_lines_w(const struct ui_panel *p)
{
	int w = 44; /* "Account overview  F6/Esc: back to the form" */
	const struct user *u = p->user;

	if (u && u->id && LABEL_W + ui_text_cols(u->id) > w)
		w = LABEL_W + ui_text_cols(u->id);
	if (p->created && LABEL_W + ui_text_cols(p->created) > w)
		w = LABEL_W + ui_text_cols(p->created);
	if (p->ov && p->ov->total && LABEL_W + ui_text_cols(p->ov->total) > w)
		w = LABEL_W + ui_text_cols(p->ov->total);
	return w;
}

/* Measure every column once per build: the width that 98 in 100 rows fit
 * in (at least the heading's, at most the cap), so one absurd cell does not
 * squeeze the other columns out; the rare longer cell ends in "…" and is
 * shown whole under its row when selected. Also each column's whole width
 * and widest fraction (amounts line up on the point), and the width the
 * panel wants for all of it. */
static void measure(struct ui_panel *p)
{
	size_t n = p->ov ? p->ov->n_rows : 0;
	size_t must = n - n / 50; /* rows that must fit */
	int table = 0;

	for (int c = 0; c < N_COLS; c++) {
		int fw = 0, iw = 0;
		for (size_t i = 0; c >= COL_AMOUNT && i < n; i++) {
			int f = frac_cols(cell(&p->ov->rows[i], c));
			if (f > fw && f <= FRAC_CAP)
				fw = f;
		}
		for (size_t i = 0; i < n; i++) {
			const char *s = cell(&p->ov->rows[i], c);
			int f = frac_cols(s), sw = ui_text_cols(s);
			/* the integer part's columns, room for the widest fraction */
			int need = f <= fw && c >= COL_AMOUNT ? sw - f + fw : sw;
			if (need > iw)
				iw = need;
		}
		p->frac[c] = fw;
		p->full[c] = iw > ui_text_cols(col_head[c]) ? iw
		             : ui_text_cols(col_head[c]);
		table += p->full[c] + (c ? WIDE_GAP : 0);
	}
	p->content_w = table > other_lines_w(p) ? table : other_lines_w(p);
	p->content_w += 3; /* the separator and a blank on each side */

	for (int c = 0; c < N_COLS; c++) {
		size_t count[64] = { 0 }, fit = 0;
		int w = ui_text_cols(col_head[c]);

		for (size_t i = 0; i < n; i++) {
			const char *s = cell(&p->ov->rows[i], c);
			int cw = ui_text_cols(s), f = frac_cols(s);
			if (c >= COL_AMOUNT && f <= p->frac[c])
				cw += p->frac[c] - f;
			count[cw < 63 ? cw : 63]++;
		}
		for (int k = 0; k < 64; k++) {
			fit += count[k];
			if (fit >= must) {
				if (k > w)
					w = k;
				break;
			}
		}
		p->widest[c] = w < col_cap[c] ? w : col_cap[c];
	}
}

/* See panel.h. The same profile is recognised by its id. */
int ui_panel_set_user(struct ui_panel *p, const struct user *u)
{
	struct pf_error err;
	bool same = p->id && u && u->id && strcmp(p->id, u->id) == 0;
	size_t sel = p->sel, top = p->top;
	bool focus = p->focus;
	char filter[sizeof p->filter];

	snprintf(filter, sizeof filter, "%s", same ? p->filter : "");
	/* the old user may be freed already: only p->id is read */
	ui_panel_free(p);
	p->focus = focus;
	p->filter[0] = '\0';
	p->typing = p->typing && same;
	p->sel = same ? sel : 0;
	p->top = same ? top : 0;
	p->user = u;
	if (!u)
		return 0;
	p->ov = overview_build(u, &err);
	p->created = u->created_at ? datetime_local(u->created_at) : NULL;
	p->id = u->id ? strdup(u->id) : NULL;
	if (!p->ov || (u->created_at && !p->created) || (u->id && !p->id)) {
		ui_panel_free(p);
		return -1;
	}
	if (p->sel >= p->ov->n_rows)
		p->sel = p->ov->n_rows ? p->ov->n_rows - 1 : 0;
	if (p->top > p->sel)
		p->top = p->sel;
	measure(p);
	if (filter[0] && ui_panel_set_filter(p, filter) != 0)
		return -1;
	return 0;
}

/* Beside the form from UI_PANEL_BESIDE_COLS columns on. */
bool ui_panel_beside(int cols)
{
	return cols >= UI_PANEL_BESIDE_COLS;
}

/* See panel.h: two fifths of the terminal between 40 and 84 columns, as
 * before; wider when the content wants more and the form keeps half the
 * terminal and 100 columns (large terminals only). */
int ui_panel_width(const struct ui_panel *p, int cols)
{
	int base = cols * 2 / 5, form = cols / 2 > 100 ? cols / 2 : 100;
	int most = cols - form, want = p && p->ov ? p->content_w : 0;

	if (!ui_panel_beside(cols))
		return 0;
	if (base < 40)
		base = 40;
	if (base > 84)
		base = 84;
	if (want > most)
		want = most;
	return want > base ? want : base;
}

/* The colour role of a verification state; the word is always drawn too. */
static enum ui_role verif_role(enum verif_status s)
{
	switch (s) {
	case VERIF_APPROVED:
		return UI_ROLE_VERIF_APPROVED;
	case VERIF_PENDING:
		return UI_ROLE_VERIF_PENDING;
	case VERIF_REJECTED:
		return UI_ROLE_VERIF_REJECTED;
	case VERIF_UNKNOWN:
		return UI_ROLE_VERIF_UNKNOWN;
	default:
		return UI_ROLE_VERIF_NONE;
	}
}

/* Draw s (sanitised and cut to cols) left- or right-aligned in a cell. */
static void draw_cell(WINDOW *w, int y, int x, int cols, const char *s,
                      bool right, attr_t a)
{
	char *t;
	int tw;

	if (cols <= 0)
		return;
	t = text_truncate(s, (size_t)cols);
	if (!t) {
		ui_oom_note();
		return;
	}
	tw = ui_text_cols(t);
	ui_draw_sanitized(w, y, right ? x + cols - tw : x, t, a);
	free(t);
}

/* "Label    value": the label padded to lw, the value cut to the rest. */
static void draw_pair(WINDOW *w, int y, int x, int cw, const char *label,
                      int lw, const char *value, attr_t a)
{
	ui_draw_text(w, y, x, lw < cw ? lw : cw, label, ui_attr(UI_ROLE_PANEL));
	if (cw > lw)
		ui_draw_text(w, y, x + lw, cw - lw, value, a);
}

/* Word-wrap text into at most max_lines lines of cols columns from (y, x);
 * the last line ends in "…" when text goes on. Returns the lines used (1
 * for an empty text, whose line stays blank). */
static int draw_wrapped(WINDOW *w, int y, int x, int cols, int max_lines,
                        const char *text, attr_t a)
{
	int n = ui_draw_wrapped(w, y, x, cols, max_lines, text, a);

	return n > 0 || max_lines < 1 ? n : 1; /* an empty text takes its line */
}

/* Lines row i takes when the list starts at row t: its own, and a section
 * heading when it opens a section (or is the first shown of one). */
static int row_lines(const struct ui_panel *p, size_t t, size_t i)
{
	const char *sec = vrow(p, i)->section, *before;

	if (!sec)
		return 1;
	before = i > t ? vrow(p, i - 1)->section : NULL;
	if (i == t || !before || strcmp(sec, before) != 0)
		return 2;
	return 1;
}

/* Place the columns in cw columns: symbol and value always, then amount,
 * price and name as they fit, in the order SYMBOL NAME AMOUNT VALUE PRICE. */
static void cols_plan(const struct ui_panel *p, int cw, struct cols *c)
{
	int want[N_COLS], gap = cw >= 60 ? 2 : 1, used, x = 0;

	memset(c, 0, sizeof *c);
	for (int i = 0; i < N_COLS; i++)
		want[i] = p->widest[i];
	c->on[COL_SYMBOL] = c->on[COL_VALUE] = true;
	c->w[COL_SYMBOL] = want[COL_SYMBOL];
	c->w[COL_VALUE] = want[COL_VALUE];
	if (c->w[COL_SYMBOL] + gap + c->w[COL_VALUE] > cw)
		c->w[COL_SYMBOL] = cw / 3 > 3 ? cw / 3 : 3;
	if (c->w[COL_SYMBOL] + gap + c->w[COL_VALUE] > cw)
		c->w[COL_VALUE] = cw - c->w[COL_SYMBOL] - gap;
	used = c->w[COL_SYMBOL] + gap + c->w[COL_VALUE];
	if (used + gap + want[COL_AMOUNT] <= cw) {
		c->on[COL_AMOUNT] = true;
		c->w[COL_AMOUNT] = want[COL_AMOUNT];
	} else if (used + gap + 8 <= cw) {
		c->on[COL_AMOUNT] = true;
		c->w[COL_AMOUNT] = cw - used - gap;
	}
	if (c->on[COL_AMOUNT])
		used += gap + c->w[COL_AMOUNT];
	if (used + gap + want[COL_PRICE] <= cw) {
		c->on[COL_PRICE] = true;
		c->w[COL_PRICE] = want[COL_PRICE];
		used += gap + want[COL_PRICE];
	}
	if (cw - used - gap >= 6) {
		c->on[COL_NAME] = true;
		c->w[COL_NAME] = cw - used - gap < want[COL_NAME]
		                 ? cw - used - gap : want[COL_NAME];
	}
	/* room left: cut columns grow to their whole width (the name
	 * first), so nothing ends in "…" while there is room */
	{
		static const int order[] = { COL_NAME, COL_AMOUNT, COL_VALUE,
		                             COL_PRICE, COL_SYMBOL };
		int left = cw + gap; /* the last column has no gap after it */
		for (int i = 0; i < N_COLS; i++)
			left -= c->on[i] ? c->w[i] + gap : 0;
		for (int k = 0; k < N_COLS && left > 0; k++) {
			int i = order[k], more = p->full[i] - c->w[i];
			if (!c->on[i] || more <= 0)
				continue;
			more = more < left ? more : left;
			c->w[i] += more;
			left -= more;
		}
	}
	for (int i = 0; i < N_COLS; i++) {
		if (!c->on[i])
			continue;
		c->x[i] = x;
		x += c->w[i] + gap;
	}
}

/* Whether row r's cell in column i is hidden or cut in the plan. */
static bool cell_hidden(const struct cols *c, const struct overview_row *r,
                        int i)
{
	return !c->on[i] || ui_text_cols(cell(r, i)) > c->w[i];
}

/* The lines under the selected row: what its row hides, then every
 * breakdown bucket (or a note that none was sent). */
static int detail_count(const struct cols *c, const struct overview_row *r)
{
	int n = r->n_breakdown ? (int)r->n_breakdown : 1;

	if (r->name[0] && cell_hidden(c, r, COL_NAME))
		n++;
	for (int i = COL_AMOUNT; i < N_COLS; i++)
		n += cell_hidden(c, r, i);
	return n < MAX_DETAIL ? n : MAX_DETAIL;
}

/* Lines rows t..sel take, the selection's detail included. */
static size_t span_lines(const struct ui_panel *p, size_t t, size_t sel,
                         int detail)
{
	size_t n = (size_t)detail;

	for (size_t i = t; i <= sel; i++)
		n += (size_t)row_lines(p, t, i);
	return n;
}

/* Lines rows t.. take, counting only until limit is passed. */
static size_t fill_from(const struct ui_panel *p, size_t t, size_t limit)
{
	size_t fill = 0, n = ui_panel_rows(p);

	for (size_t i = t; i < n && fill <= limit; i++)
		fill += (size_t)row_lines(p, t, i);
	return fill;
}

/* Scroll so the selection and its detail are in the list_h lines (with
 * the focus), and so no room is left empty below the last row. Each step
 * looks at one screenful of rows, never the whole list. */
static void panel_scroll(struct ui_panel *p, int list_h, int detail)
{
	size_t n = ui_panel_rows(p), h = (size_t)list_h;
	size_t det = p->focus ? (size_t)detail : 0;

	if (n == 0)
		return;
	if (p->sel >= n)
		p->sel = n - 1;
	if (p->top >= n)
		p->top = n - 1;
	if (p->focus) {
		if (p->top > p->sel)
			p->top = p->sel;
		if (p->sel - p->top >= h || span_lines(p, p->top, p->sel, detail) > h) {
			p->top = p->sel;
			while (p->top > 0 &&
			       span_lines(p, p->top - 1, p->sel, detail) <= h)
				p->top--;
		}
	}
	/* room left below the last row: show earlier rows instead */
	while (p->top > 0 && fill_from(p, p->top - 1, h) + det <= h)
		p->top--;
}

/* A number in a column of cols whose fractions are frac wide: its point
 * under the others' (a number without one ends where theirs start). A
 * cell that does not fit so is drawn right-aligned (cut with "…"). */
static void draw_num(WINDOW *w, int y, int x, int cols, int frac,
                     const char *s, attr_t a)
{
	int f = frac_cols(s), sw = ui_text_cols(s), end = cols - frac + f;

	if (f > frac || sw > end) {
		draw_cell(w, y, x, cols, s, true, a);
		return;
	}
	ui_draw_sanitized(w, y, x + end - sw, s, a);
}

/* One balance row; the selected one in reverse across the width. */
static void draw_row(WINDOW *w, int y, int x, int cw, const struct cols *c,
                     const int *p_frac, const struct overview_row *r,
                     bool selected)
{
	attr_t sel = ui_attr(UI_ROLE_PANEL_SELECTED);

	if (selected)
		ui_draw_blank(w, y, x, cw, sel);
	for (int i = 0; i < N_COLS; i++) {
		attr_t a = ui_attr(UI_ROLE_PANEL);
		if (!c->on[i])
			continue;
		if (i == COL_VALUE && r->unpriced)
			a = ui_attr(UI_ROLE_PANEL_UNPRICED);
		if (i >= COL_AMOUNT)
			draw_num(w, y, x + c->x[i], c->w[i], p_frac[i], cell(r, i),
			         selected ? sel : a);
		else
			draw_cell(w, y, x + c->x[i], c->w[i], cell(r, i), false,
			          selected ? sel : a);
	}
}

/* The selected row's detail lines from y, at most max; returns lines. */
static int draw_detail(WINDOW *w, int y, int x, int cw, const struct cols *c,
                       const struct overview_row *r, int max)
{
	const char *label[N_COLS] = { NULL, "name", "amount", "value", "price" };
	char *line = NULL;
	int n = 0, lw = 6;
	int aend = c->on[COL_AMOUNT] ? c->x[COL_AMOUNT] + c->w[COL_AMOUNT] : 0;
	attr_t a = ui_attr(UI_ROLE_PANEL), note = ui_attr(UI_ROLE_PANEL_NOTE);

	for (size_t k = 0; k < r->n_breakdown; k++) {
		int kw = ui_text_cols(r->breakdown[k].label);
		if (kw > lw)
			lw = kw < cw / 2 ? kw : cw / 2;
	}
	for (int i = COL_NAME; i < N_COLS && n < max; i++) {
		if (!cell_hidden(c, r, i) || (i == COL_NAME && !r->name[0]))
			continue;
		ui_draw_text(w, y + n, x + 2, lw + 1, label[i], note);
		ui_draw_text(w, y + n, x + 3 + lw, cw - 3 - lw, cell(r, i), a);
		n++;
	}
	for (size_t k = 0; k < r->n_breakdown && n < max; k++, n++) {
		if (n + 1 == max && k + 1 < r->n_breakdown) {
			if (asprintf(&line, "... %zu more", r->n_breakdown - k) < 0)
				ui_oom_note();
			else
				ui_draw_text(w, y + n, x + 2, cw - 2, line, note);
			free(line);
			return n + 1;
		}
		ui_draw_text(w, y + n, x + 2, lw + 1, r->breakdown[k].label, note);
		/* under the amount column's right edge when it fits there */
		if (ui_text_cols(r->breakdown[k].amount) <= aend - 3 - lw)
			draw_cell(w, y + n, x + 3 + lw, aend - 3 - lw,
			          r->breakdown[k].amount, true, a);
		else
			ui_draw_text(w, y + n, x + 3 + lw, cw - 3 - lw,
			             r->breakdown[k].amount, a);
	}
	if (r->n_breakdown == 0 && n < max) {
		ui_draw_text(w, y + n, x + 2, cw - 2, "no breakdown sent", note);
		n++;
	}
	return n;
}

/* The balances from row y to y+h-1: heading with the shown range, column
 * headings, rows. *cy and *cx receive the selected row with the focus. */
static void draw_balances(struct ui_panel *p, WINDOW *w, int y, int x,
                          int h, int cw, int *cy, int *cx)
{
	const struct overview *o = p->ov;
	struct cols c;
	char head[200];
	int row = y + 2, list_h = h - 2, detail = 0, shown = 0;
	size_t i, last, n = ui_panel_rows(p);

	if (h < 1)
		return;
	if (o->n_rows == 0) {
		ui_draw_text(w, y, x, cw, "Balances", ui_attr(UI_ROLE_PANEL_TITLE));
		draw_wrapped(w, y + 1, x, cw, h - 1, o->empty_note,
		             ui_attr(UI_ROLE_PANEL_NOTE));
		if (p->focus) {
			*cy = y;
			*cx = x;
		}
		return;
	}
	if (n == 0) {
		snprintf(head, sizeof head, "Balances: none of %zu matches the "
		         "filter", o->n_rows);
		ui_draw_text(w, y, x, cw, head, ui_attr(UI_ROLE_PANEL_TITLE));
		p->page = 1;
		if (p->focus) {
			*cy = y;
			*cx = x;
		}
		return;
	}
	cols_plan(p, cw, &c);
	if (p->focus)
		detail = detail_count(&c, vrow(p, p->sel < n ? p->sel : 0));
	if (list_h < 1) {
		snprintf(head, sizeof head, "Balances (%zu)", n);
		ui_draw_text(w, y, x, cw, head, ui_attr(UI_ROLE_PANEL_TITLE));
		p->page = 1;
		if (p->focus) {
			*cy = y;
			*cx = x;
		}
		return;
	}
	if (detail > list_h - 1)
		detail = list_h - 1;
	panel_scroll(p, list_h, detail);
	for (int k = 0; k < N_COLS; k++)
		if (c.on[k])
			draw_cell(w, y + 1, x + c.x[k], c.w[k], col_head[k], k >= COL_AMOUNT,
			          ui_attr(UI_ROLE_PANEL_NOTE));
	for (i = last = p->top; i < n && row < y + h; i++) {
		const struct overview_row *r = vrow(p, i);
		bool selected = p->focus && i == p->sel;
		if (row_lines(p, p->top, i) == 2) {
			char sec[64];
			snprintf(sec, sizeof sec, "[%s]", r->section);
			ui_draw_text(w, row++, x, cw, sec, ui_attr(UI_ROLE_PANEL_NOTE));
			if (row >= y + h)
				break;
		}
		draw_row(w, row, x, cw, &c, p->frac, r, selected);
		if (selected) {
			*cy = row;
			*cx = x;
		}
		row++;
		shown++;
		last = i;
		if (selected)
			row += draw_detail(w, row, x, cw, &c, r, y + h - row);
	}
	p->page = shown > 0 ? shown : 1;
	if (p->filter[0] && p->top == 0 && last + 1 == n)
		snprintf(head, sizeof head, "Balances matching: %zu of %zu", n,
		         o->n_rows);
	else if (p->filter[0])
		snprintf(head, sizeof head, "Balances matching: %zu-%zu of %zu "
		         "(%zu in all)", p->top + 1, last + 1, n, o->n_rows);
	else if (p->top == 0 && last + 1 == n)
		snprintf(head, sizeof head, "Balances (%zu)", n);
	else
		snprintf(head, sizeof head, "Balances %zu-%zu of %zu", p->top + 1,
		         last + 1, n);
	ui_draw_text(w, y, x, cw, head, ui_attr(UI_ROLE_PANEL_TITLE));
}

/* The nested shape's other totals, "cash $13,620.75 · crypto $1,613.75
 * · ...", filled into lines of cw columns without breaking an item (one
 * longer than a line is cut); at most max lines. Returns lines used. */
static int draw_totals(const struct overview *o, WINDOW *w, int y, int x,
                       int cw, int max)
{
	int line = 0, col = 0;

	for (size_t i = 0; i < o->n_totals && line < max; i++) {
		char *item = NULL;
		int iw;

		if (asprintf(&item, "%s %s", o->totals[i].label,
		             o->totals[i].amount) < 0) {
			ui_oom_note();
			return line + (col > 0);
		}
		iw = ui_text_cols(item);
		if (col > 0 && col + 3 + iw > cw) {
			line++;
			col = 0;
		}
		if (line < max) {
			if (col > 0)
				col += ui_draw_text(w, y + line, x + col, cw - col,
				                    " \xc2\xb7 ", ui_attr(UI_ROLE_PANEL_NOTE));
			col += ui_draw_text(w, y + line, x + col, cw - col, item,
			                    ui_attr(UI_ROLE_PANEL));
		}
		free(item);
	}
	return line + (col > 0 && line < max);
}

/* The filter's line at the panel's top: "Filter: usd" and how many rows
 * match, or the keys. Returns the column after the filter's text (where
 * the cursor goes while it is typed). */
static int draw_filter(const struct ui_panel *p, WINDOW *w, int y, int x,
                       int cw)
{
	char note[160];
	int used = ui_draw_text(w, y, x, cw, "Filter /",
	                        ui_attr(UI_ROLE_PANEL_NOTE));
	int end;

	used += ui_draw_text(w, y, x + used, cw - used, p->filter,
	                     ui_attr(UI_ROLE_PANEL_TITLE));
	end = x + used;
	if (p->typing)
		snprintf(note, sizeof note, "%zu of %zu \xc2\xb7 Enter keeps, "
		         "Esc clears", ui_panel_rows(p), p->ov ? p->ov->n_rows : 0);
	else
		snprintf(note, sizeof note, "%zu of %zu \xc2\xb7 n/N next/previous"
		         ", Esc clears", ui_panel_rows(p), p->ov ? p->ov->n_rows : 0);
	if (cw - used > 4)
		ui_draw_text(w, y, x + used + 2, cw - used - 2, note,
		             ui_attr(UI_ROLE_PANEL_NOTE));
	return end;
}

/* See panel.h. */
void ui_panel_draw(struct ui_panel *p, WINDOW *w, int y, int x, int h,
                   int width, bool separator, int *cy, int *cx)
{
	const struct user *u = p->user;
	const struct overview *o = p->ov;
	int row = y, end = y + h, tx = x + (separator ? 2 : 1);
	int cw = width - (separator ? 3 : 2), used, fy = -1, fx = 0;
	attr_t head = ui_attr(UI_ROLE_PANEL_TITLE) | A_UNDERLINE;
	bool pic = u && u->picture_url && u->picture_url[0], compact;

	if (!p->focus)
		p->typing = false; /* the filter line lost the keyboard */

	if (separator) {
		wattrset(w, ui_attr(UI_ROLE_PANEL));
		mvwvline(w, y, x, ACS_VLINE, h);
		wattrset(w, A_NORMAL);
	}
	if (cw < 4 || h < 1)
		return;
	if (p->focus) {
		*cy = row;
		*cx = tx;
	}
	used = ui_draw_text(w, row, tx, cw, "Account overview", head);
	if (cw - used > 4)
		ui_draw_text(w, row, tx + used + 2, cw - used - 2,
		             p->focus ? "F6/Esc: back to the form"
		                      : "F6: select balances",
		             ui_attr(UI_ROLE_PANEL_NOTE));
	row++;
	if (!u || !o) {
		if (row < end)
			ui_draw_text(w, row, tx, cw, "(not loaded)",
			             ui_attr(UI_ROLE_PANEL_NOTE));
		return;
	}
	if ((p->filter[0] || p->typing) && row < end)
		fy = row++, fx = draw_filter(p, w, fy, tx, cw);
	/* short of room while browsing the balances: id, created date and
	 * picture give way to the selection and its breakdown */
	compact = p->focus && h < 20 && o->n_rows > 0;
	if (row < end && !compact)
		draw_pair(w, row++, tx, cw, "ID", LABEL_W, u->id, ui_attr(UI_ROLE_PANEL));
	if (row < end && !compact)
		draw_pair(w, row++, tx, cw, "Created", LABEL_W,
		          p->created ? p->created : "unknown", ui_attr(UI_ROLE_PANEL));
	if (!compact)
		row += draw_card(p, w, row, tx, cw, end);
	if (row < end && !compact) {
		/* a URL is worth two lines when there is room */
		ui_draw_text(w, row, tx, LABEL_W, "Picture", ui_attr(UI_ROLE_PANEL));
		row += draw_wrapped(w, row, tx + LABEL_W, cw - LABEL_W,
		                    end - row > 12 ? 2 : 1,
		                    pic ? u->picture_url : "none",
		                    ui_attr(pic ? UI_ROLE_PANEL : UI_ROLE_PANEL_NOTE));
		/* the pictures as art (or the new one as text) when the rest
		 * keeps about nine rows */
		if (p->preview) {
			int ph = ui_preview_rows(p->preview, (end - row - 9) / 2 + 1);
			if (ph > 0)
				row += ui_preview_draw(p->preview, w, row, tx + LABEL_W,
				                       ph, cw - LABEL_W);
		}
	}
	if (row < end)
		draw_pair(w, row++, tx, cw, "Individual (KYC)", VERIF_LABEL_W,
		          verif_status_word(u->kyc), ui_attr(verif_role(u->kyc)));
	if (row < end)
		draw_pair(w, row++, tx, cw, "Business (KYB)", VERIF_LABEL_W,
		          verif_status_word(u->kyb), ui_attr(verif_role(u->kyb)));
	if (p->access && row < end)
		row += ui_access_draw(p->access, w, row, tx, end - row, cw, LABEL_W);
	if (row < end) {
		if (o->total) {
			draw_pair(w, row++, tx, cw, "Total", LABEL_W, o->total,
			          ui_attr(UI_ROLE_PANEL_TITLE));
		} else {
			/* leave two lines for the balances' heading and note */
			int room = end - row - 3 < TOTAL_NOTE_LINES ? end - row - 3
			                                            : TOTAL_NOTE_LINES;
			if (room < 1)
				room = 1;
			ui_draw_text(w, row, tx, LABEL_W, "Total", ui_attr(UI_ROLE_PANEL));
			row += draw_wrapped(w, row, tx + LABEL_W, cw - LABEL_W, room,
			                    o->total_note, ui_attr(UI_ROLE_PANEL_NOTE));
		}
	}
	if (row < end && o->earnings) /* later versions send it */
		draw_pair(w, row++, tx, cw, "Earnings", LABEL_W, o->earnings,
		          ui_attr(UI_ROLE_PANEL));
	row += draw_totals(o, w, row, tx + LABEL_W, cw - LABEL_W,
	                   end - row < 3 ? end - row : 3);
	if (row + 1 < end && !compact)
		row++; /* a blank line before the balances when there is room */
	draw_balances(p, w, row, tx, end - row, cw, cy, cx);
	if (p->focus && p->typing && fy >= 0) {
		*cy = fy;
		*cx = fx;
	}
}

/* One piece of the strip; returns the columns drawn. */
static int strip_part(WINDOW *w, int y, int x, int room, const char *s,
                      enum ui_role role)
{
	return room > 0 ? ui_draw_text(w, y, x, room, s, ui_attr(role)) : 0;
}

/* See panel.h: "KYC approved · KYB pending · Total $15,234.50 · 4
 * balances", and "F6 overview" on the right. */
void ui_panel_draw_strip(const struct ui_panel *p, WINDOW *w, int y, int cols)
{
	static const char key[] = "F6 overview";
	const struct user *u = p->user;
	const struct overview *o = p->ov;
	int kw = ui_text_cols(key), room = cols - kw - 2, x = 1;
	char n[48];

	ui_draw_blank(w, y, 0, cols, ui_attr(UI_ROLE_PANEL));
	ui_draw_text(w, y, cols - kw - 1, kw, key, ui_attr(UI_ROLE_HINT_KEY));
	if (!u || !o) {
		strip_part(w, y, x, room - x, "Overview: not loaded",
		           UI_ROLE_PANEL_NOTE);
		return;
	}
	x += strip_part(w, y, x, room - x, "KYC ", UI_ROLE_PANEL);
	x += strip_part(w, y, x, room - x, verif_status_word(u->kyc),
	                verif_role(u->kyc));
	x += strip_part(w, y, x, room - x, " \xc2\xb7 KYB ", UI_ROLE_PANEL);
	x += strip_part(w, y, x, room - x, verif_status_word(u->kyb),
	                verif_role(u->kyb));
	x += strip_part(w, y, x, room - x, " \xc2\xb7 Total ", UI_ROLE_PANEL);
	x += strip_part(w, y, x, room - x, o->total ? o->total : "not available",
	                o->total ? UI_ROLE_PANEL_TITLE : UI_ROLE_PANEL_NOTE);
	/* an empty list is only "no balances" when the total is known */
	if (o->n_rows)
		snprintf(n, sizeof n, " \xc2\xb7 %zu balance%s", o->n_rows,
		         o->n_rows == 1 ? "" : "s");
	else
		snprintf(n, sizeof n, "%s", o->total ? " \xc2\xb7 no balances" : "");
	strip_part(w, y, x, room - x, n, UI_ROLE_PANEL);
}

/* See panel.h. Moves are clamped; the next draw scrolls. */
bool ui_panel_key(struct ui_panel *p, enum ui_action act)
{
	size_t n = ui_panel_rows(p);
	size_t step = p->page > 1 ? (size_t)p->page - 1 : 1;

	switch (act) {
	case UI_ACT_UP:
		if (p->sel > 0)
			p->sel--;
		return true;
	case UI_ACT_DOWN:
		if (p->sel + 1 < n)
			p->sel++;
		return true;
	case UI_ACT_PAGE_UP:
		/* the view moves a page too, as in a pager */
		p->sel = p->sel > step ? p->sel - step : 0;
		p->top = p->top > step ? p->top - step : 0;
		return true;
	case UI_ACT_PAGE_DOWN:
		p->sel = p->sel + step < n ? p->sel + step : (n ? n - 1 : 0);
		p->top = p->top + step < n ? p->top + step : (n ? n - 1 : 0);
		return true;
	case UI_ACT_HOME:
		p->sel = 0;
		p->top = 0;
		return true;
	case UI_ACT_END:
		p->sel = n ? n - 1 : 0;
		return true;
	default:
		return false;
	}
}

/* The filter without its last character (a whole UTF-8 sequence). */
static void filter_backspace(struct ui_panel *p)
{
	char f[sizeof p->filter];
	size_t n = strlen(p->filter);

	memcpy(f, p->filter, n + 1);
	while (n > 0 && ((unsigned char)f[--n] & 0xC0) == 0x80)
		;
	f[n] = '\0';
	if (ui_panel_set_filter(p, f) != 0)
		ui_oom_note();
}

/* The filter with ch at its end (when it fits). */
static void filter_add(struct ui_panel *p, wint_t ch)
{
	char f[sizeof p->filter + 8];
	size_t n = strlen(p->filter), k;

	memcpy(f, p->filter, n);
	k = text_utf8_encode((uint32_t)ch, f + n);
	if (!k || n + k > UI_PANEL_FILTER_MAX)
		return;
	f[n + k] = '\0';
	if (ui_panel_set_filter(p, f) != 0)
		ui_oom_note();
}

/* See panel.h. */
int ui_panel_filter_paste(struct ui_panel *p, const char *text)
{
	char f[UI_PANEL_FILTER_MAX + 1];
	size_t n = strlen(p->filter);

	memcpy(f, p->filter, n);
	for (const char *s = text; s && *s && n < UI_PANEL_FILTER_MAX; s++)
		f[n++] = (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s;
	/* a character cut in two loses its first bytes too */
	if (n == UI_PANEL_FILTER_MAX && text && text[0]) {
		size_t k = n;
		while (k > 0 && ((unsigned char)f[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)f[k - 1] & 0x80)) {
			unsigned char lead = (unsigned char)f[k - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (n - (k - 1) < need)
				n = k - 1;
		}
	}
	f[n] = '\0';
	return ui_panel_set_filter(p, f);
}

/* See panel.h. */
bool ui_panel_filter_key(struct ui_panel *p, enum ui_action act, int r,
                         wint_t ch)
{
	size_t n = ui_panel_rows(p);

	if (!p->ov)
		return false;
	if (p->typing) {
		switch (act) {
		case UI_ACT_CANCEL:
			p->typing = false;
			ui_panel_set_filter(p, NULL);
			return true;
		case UI_ACT_ENTER:
			p->typing = false;
			return true;
		case UI_ACT_BACKSPACE:
			if (!p->filter[0])
				p->typing = false;
			else
				filter_backspace(p);
			return true;
		case UI_ACT_KILL_TO_START:
			ui_panel_set_filter(p, NULL);
			return true;
		case UI_ACT_NONE:
			if (r == OK && ch >= 0x20 && ch != 0x7f)
				filter_add(p, ch);
			return true;
		default:
			return false; /* moving keys and commands */
		}
	}
	if (act == UI_ACT_NONE)
		act = ui_keys_overview_action(r, ch);
	switch (act) {
	case UI_ACT_FILTER:
		p->typing = true;
		return true;
	case UI_ACT_NEXT_MATCH:
		if (n)
			p->sel = p->sel + 1 < n ? p->sel + 1 : 0;
		return true;
	case UI_ACT_PREV_MATCH:
		if (n)
			p->sel = p->sel > 0 && p->sel <= n ? p->sel - 1 : n - 1;
		return true;
	case UI_ACT_CANCEL:
		if (!p->filter[0])
			return false;
		ui_panel_set_filter(p, NULL);
		return true;
	default:
		return false;
	}
}
