/* chartview.c - the balance chart widget (see chartview.h). */
#include "chartview.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "draw.h"
#include "strbuf.h"
#include "text.h"

void ui_chart_area(int h, int cols, int *model_w, int *model_h)
{
	int mh = h - UI_CHART_EXTRA;
	bool fits = mh >= CHART_MIN_H && cols >= CHART_MIN_W;
	if (model_w)
		*model_w = fits ? cols : 0;
	if (model_h)
		*model_h = fits ? mh : 0;
}

enum chart_glyphs ui_chart_glyphs(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0)
	       ? CHART_BRAILLE : CHART_ASCII;
}

int ui_chart_move(const struct chart_model *m, int cursor, int dir)
{
	if (!m || !m->drawn || m->plot_w <= 0)
		return -1;
	if (cursor < 0)
		return m->plot_w - 1;
	cursor += dir;
	if (cursor < 0)
		cursor = 0;
	if (cursor >= m->plot_w)
		cursor = m->plot_w - 1;
	return cursor;
}

/* The notes joined by two spaces. Caller frees; NULL out of memory. */
static char *ui_chart_notes(const struct chart_model *m)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < m->n_notes; i++)
		strbuf_appendf(&sb, "%s%s", i ? "  " : "", m->notes[i]);
	return sb.overflow ? NULL : strbuf_take(&sb);
}

/* A model without a plot: its notes, word-wrapped (the last row ends in
 * "…" when they go on). */
static void ui_chart_draw_notes(WINDOW *w, int y, int x, int h, int cols,
                                const struct chart_model *m)
{
	int row = 0;
	for (size_t i = 0; i < m->n_notes && row < h; i++)
		row += ui_draw_wrapped(w, y + row, x, cols, h - row, m->notes[i],
		                       ui_attr(UI_ROLE_PANEL_NOTE));
}

/* The plot rows, the y labels and the x labels. */
static void ui_chart_draw_plot(WINDOW *w, int y, int x,
                               const struct chart_model *m, int cursor)
{
	attr_t axis = ui_attr(UI_ROLE_CHART_AXIS);
	int lw = m->plot_x - 1;
	if (m->y_top)
		ui_draw_text(w, y, x + lw - ui_text_cols(m->y_top), lw, m->y_top,
		             axis);
	if (m->y_bottom && m->plot_h > 1)
		ui_draw_text(w, y + m->plot_h - 1,
		             x + lw - ui_text_cols(m->y_bottom), lw, m->y_bottom,
		             axis);
	for (int r = 0; r < m->plot_h; r++) {
		char *row = chart_row_text(m, r);
		if (!row) {
			ui_oom_note();
			return;
		}
		ui_draw_text(w, y + r, x + m->plot_x, m->plot_w, row,
		             ui_attr(UI_ROLE_CHART_LINE));
		free(row);
		if (cursor >= 0 && cursor < m->plot_w) {
			char u[5] = {0};
			text_utf8_encode(m->cells[r * m->plot_w + cursor], u);
			ui_draw_text(w, y + r, x + m->plot_x + cursor, 1, u,
			             ui_attr(UI_ROLE_CHART_CURSOR));
		}
	}
	for (size_t i = 0; i < m->n_xlabels; i++)
		ui_draw_text(w, y + m->plot_h, x + m->plot_x + m->xlabels[i].col,
		             m->plot_w - m->xlabels[i].col, m->xlabels[i].text,
		             axis);
}

/* The summary line: the change in the up/down role (the sign carries it
 * in monochrome). Narrower than the whole line, min and max give way
 * (the y labels say them), then the word "change": the change is what
 * the line is for. */
static void ui_chart_draw_summary(WINDOW *w, int y, int x, int cols,
                                  const struct chart_model *m)
{
	const struct chart_summary *s = &m->summary;
	struct strbuf sb = {0}, change = {0};
	strbuf_appendf(&change, "%s (%s)", s->change, s->change_pct);
	int cw = change.data ? ui_text_cols(strbuf_str(&change)) : 0;
	strbuf_appendf(&sb, "last %s  min %s  max %s  change ", s->last, s->min,
	               s->max);
	if (sb.data && ui_text_cols(strbuf_str(&sb)) + cw > cols) {
		strbuf_reset(&sb);
		strbuf_appendf(&sb, "last %s  change ", s->last);
		if (sb.data && ui_text_cols(strbuf_str(&sb)) + cw > cols) {
			strbuf_reset(&sb);
			strbuf_appendf(&sb, "last %s  ", s->last);
		}
	}
	if (sb.overflow || !sb.data) {
		ui_oom_note();
		strbuf_free(&sb);
		strbuf_free(&change);
		return;
	}
	int used = ui_draw_text(w, y, x, cols, strbuf_str(&sb),
	                        ui_attr(UI_ROLE_PANEL));
	enum ui_role role = s->change_cents > 0 ? UI_ROLE_CHART_UP :
	                    s->change_cents < 0 ? UI_ROLE_CHART_DOWN :
	                    UI_ROLE_PANEL;
	if (change.data)
		ui_draw_text(w, y, x + used, cols - used, strbuf_str(&change),
		             ui_attr(role));
	strbuf_free(&sb);
	strbuf_free(&change);
}

void ui_chart_draw(WINDOW *w, int y, int x, int h, int cols,
                   const struct ui_chart *c)
{
	if (!w || !c || h <= 0 || cols <= 0)
		return;
	const struct chart_model *m = c->model;
	bool plot = m && m->drawn && m->plot_h + UI_CHART_EXTRA + 1 <= h &&
	            m->width <= cols;
	/* the plot's cells are all drawn over (blanks included): clear only
	 * around them */
	for (int r = 0; r < h; r++) {
		if (plot && r < m->plot_h) {
			ui_draw_blank(w, y + r, x, m->plot_x, ui_attr(UI_ROLE_PANEL));
			ui_draw_blank(w, y + r, x + m->plot_x + m->plot_w,
			              cols - m->plot_x - m->plot_w,
			              ui_attr(UI_ROLE_PANEL));
		} else {
			ui_draw_blank(w, y + r, x, cols, ui_attr(UI_ROLE_PANEL));
		}
	}
	if (!m) {
		if (c->busy)
			ui_draw_text(w, y, x, cols, c->busy,
			             ui_attr(UI_ROLE_PANEL_NOTE));
		return;
	}
	if (!plot) {
		ui_chart_draw_notes(w, y, x, h - (c->busy ? 1 : 0), cols, m);
		if (c->busy)
			ui_draw_text(w, y + h - 1, x, cols, c->busy,
			             ui_attr(UI_ROLE_PANEL_NOTE));
		return;
	}
	ui_chart_draw_plot(w, y, x, m, c->cursor);
	int row = y + m->plot_h + 1;
	ui_chart_draw_summary(w, row++, x, cols, m);
	char *readout = c->cursor >= 0 ? chart_readout(m, c->cursor) : NULL;
	if (c->busy)
		ui_draw_text(w, row, x, cols, c->busy, ui_attr(UI_ROLE_PANEL_NOTE));
	else if (readout)
		ui_draw_text(w, row, x, cols, readout,
		             ui_attr(UI_ROLE_CHART_CURSOR));
	free(readout);
	row++;
	if (m->n_notes) {
		char *notes = ui_chart_notes(m);
		if (!notes)
			ui_oom_note();
		else
			ui_draw_text(w, row, x, cols, notes,
			             ui_attr(UI_ROLE_PANEL_NOTE));
		free(notes);
	}
}
