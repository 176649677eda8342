/* form.c - the fields of the editor (see form.h). */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "draw.h"
#include "text.h"

/* Entries follow the field table: multi-line and length limits. */
void ui_form_init(struct ui_form *f)
{
	memset(f, 0, sizeof *f);
	for (int i = 0; i < FIELD_COUNT; i++) {
		f->entry[i].multiline = edit_fields[i].multiline;
		f->entry[i].max_chars = edit_fields[i].max_chars;
	}
	f->focus = edit_fields[0].id;
}

/* The rows a multi-line field wants: its wrapped text and a row for
 * the cursor after it, at least three (the wrap is kept per edit
 * generation: no work per keystroke elsewhere). */
static int rows_wanted(struct ui_form *f, const struct edit *e, int i,
                       int width)
{
	size_t n;

	f->entry[i].gen = edit_gen(e, edit_fields[i].id);
	n = ui_entry_rows(&f->entry[i], edit_current(e, edit_fields[i].id),
	                  width) + 1;
	return n < 3 ? 3 : n > 100000 ? 100000 : (int)n;
}

/* Single-line fields take a label line and a value line; multi-line ones
 * share what is left after the labels, each as tall as its text wants
 * (so the fields after it follow it instead of sitting at the bottom). A
 * blank line separates fields when that still leaves the multi-line
 * fields three rows each. */
void ui_form_layout(struct ui_form *f, const struct edit *e, int y, int x,
                    int h, int w)
{
	int singles = 0, multis = 0, gap = 1, avail = h - 1, rest, row;

	for (int i = 0; i < FIELD_COUNT; i++) {
		if (edit_fields[i].multiline)
			multis++;
		else
			singles++;
	}
	rest = avail - 2 * singles - multis - gap * (FIELD_COUNT - 1);
	if (multis > 0 && rest < 3 * multis) {
		gap = 0;
		rest = avail - 2 * singles - multis;
	}
	f->x = x;
	f->w = w;
	row = y + 1;
	for (int i = 0; i < FIELD_COUNT; i++) {
		int rows = 1, share = multis ? rest / multis : 1;
		if (edit_fields[i].multiline) {
			rows = share > 1 ? share : 1;
			if (e) {
				int want = rows_wanted(f, e, i, w - 3);
				rows = want < rows ? want : rows;
			}
		}
		f->label_y[i] = row;
		f->y[i] = row + 1;
		f->h[i] = rows;
		row += 1 + rows + gap;
	}
}

/* The value column: two columns for the focus mark, one of margin. */
static int value_x(const struct ui_form *f)
{
	return f->x + 2;
}

/* Width of the value area (one column of right margin). */
static int value_w(const struct ui_form *f)
{
	return f->w - 3 > 1 ? f->w - 3 : 1;
}

/* Why field i's text is invalid, "" when valid; validated again only
 * when the field changed (a 60 KB bio is not re-read per keystroke). */
static const char *invalid_why(struct ui_form *f, const struct edit *e, int i)
{
	unsigned long gen = edit_gen(e, edit_fields[i].id);
	struct pf_error err;

	if (gen && f->valid_gen[i] == gen)
		return f->why[i];
	pf_error_clear(&err);
	if (edit_validate_field(e, edit_fields[i].id, &err))
		f->why[i][0] = '\0';
	else
		snprintf(f->why[i], sizeof f->why[i], "! %s", err.message);
	f->valid_gen[i] = gen;
	return f->why[i];
}

/* The label line: mark, label, '*' when changed, then the server's note
 * or the reason the value is invalid. */
static void draw_label(struct ui_form *f, WINDOW *w, const struct edit *e,
                       int i)
{
	const struct field_def *d = &edit_fields[i];
	bool focus = f->focus == d->id;
	int y = f->label_y[i], x = value_x(f), room = value_w(f), used;
	if (focus)
		mvwaddch(w, y, f->x, '>' | ui_attr(UI_ROLE_LABEL_FOCUS));
	used = ui_draw_text(w, y, x, room, d->label,
	                    ui_attr(focus ? UI_ROLE_LABEL_FOCUS : UI_ROLE_LABEL));
	if (edit_is_changed(e, d->id) && used + 2 <= room) {
		mvwaddch(w, y, x + used + 1, '*' | ui_attr(UI_ROLE_CHANGED));
		used += 2;
	}
	if (used + 4 > room)
		return;
	if (f->note[i][0])
		ui_draw_text(w, y, x + used + 2, room - used - 2, f->note[i],
		             ui_attr(UI_ROLE_INVALID));
	else if (*invalid_why(f, e, i))
		ui_draw_text(w, y, x + used + 2, room - used - 2, f->why[i],
		             ui_attr(UI_ROLE_INVALID));
}

/* Labels and values of every field; the focused one gives the cursor. */
void ui_form_draw(struct ui_form *f, WINDOW *w, const struct edit *e,
                  int *cy, int *cx)
{
	*cy = f->y[0];
	*cx = value_x(f);
	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id id = edit_fields[i].id;
		bool focus = f->focus == id;
		int y, x;
		draw_label(f, w, e, i);
		f->entry[i].gen = edit_gen(e, id);
		ui_entry_draw(&f->entry[i], w, f->y[i], value_x(f), f->h[i],
		              value_w(f), edit_current(e, id),
		              ui_attr(focus ? UI_ROLE_FIELD_FOCUS : UI_ROLE_FIELD),
		              &y, &x);
		if (!*edit_current(e, id)) /* nothing there: say so, dimly */
			ui_draw_text(w, f->y[i], value_x(f), value_w(f), "(empty)",
			             ui_attr(UI_ROLE_PLACEHOLDER));
		if (focus) {
			*cy = y;
			*cx = x;
		}
	}
}

/* Index of the focused field in edit_fields[] (the table is indexed by
 * field id). */
static int focus_index(const struct ui_form *f)
{
	return edit_field(f->focus) ? (int)f->focus : 0;
}

/* Focus the field delta rows away in table order, wrapping around. A
 * one-line field gets its cursor at the end of its text (typing appends,
 * Ctrl-U clears); a multi-line one keeps where it was, as a text area
 * does. */
static void move_focus(struct ui_form *f, const struct edit *e, int delta)
{
	int i = (focus_index(f) + delta + FIELD_COUNT) % FIELD_COUNT;

	f->focus = edit_fields[i].id;
	if (!edit_fields[i].multiline)
		f->entry[i].cur = strlen(edit_current(e, f->focus));
}

/* Field changes first, then the entry; an entry that ignores Up,
 * Down or Enter at its edge passes the focus on. */
enum ui_entry_result ui_form_key(struct ui_form *f, struct edit *e,
                                 enum ui_action act, uint32_t cp,
                                 bool editable)
{
	int i = focus_index(f);
	char *text = NULL;
	enum ui_entry_result r;

	if (act == UI_ACT_NEXT_FIELD || act == UI_ACT_PREV_FIELD) {
		move_focus(f, e, act == UI_ACT_NEXT_FIELD ? 1 : -1);
		return UI_ENTRY_MOVED;
	}
	f->entry[i].gen = edit_gen(e, f->focus);
	r = ui_entry_key(&f->entry[i], edit_current(e, f->focus), act, cp,
	                 value_w(f), f->h[i], editable, &text);
	if (r == UI_ENTRY_CHANGED) {
		if (edit_set(e, f->focus, text) != 0)
			r = UI_ENTRY_NOMEM;
		f->note[i][0] = '\0';
		free(text);
		return r;
	}
	if (r == UI_ENTRY_IGNORED) {
		if (act == UI_ACT_DOWN || act == UI_ACT_ENTER) {
			move_focus(f, e, 1);
			return UI_ENTRY_MOVED;
		}
		if (act == UI_ACT_UP) {
			move_focus(f, e, -1);
			return UI_ENTRY_MOVED;
		}
	}
	return r;
}

/* See form.h. */
void ui_form_set_note(struct ui_form *f, enum field_id id, const char *msg)
{
	if (edit_field(id))
		snprintf(f->note[id], sizeof f->note[id], "%s", msg ? msg : "");
}

/* See form.h. */
void ui_form_set_cursor(struct ui_form *f, enum field_id id, size_t pos)
{
	if (edit_field(id))
		f->entry[id].cur = pos;
}

/* See form.h. */
enum ui_entry_result ui_form_insert(struct ui_form *f, struct edit *e,
                                    const char *text)
{
	int i = focus_index(f);
	const char *old = edit_current(e, f->focus);
	size_t cur = f->entry[i].cur, n = strlen(text), len = strlen(old);
	size_t max = edit_fields[i].max_chars;
	char *joined;

	if (cur > len)
		cur = len;
	if (max) { /* keep whole characters up to the limit */
		size_t room = text_char_count(old) >= max ? 0 :
		              max - text_char_count(old), k = 0, chars = 0;
		while (k < n && chars < room) {
			k++;
			while (k < n && ((unsigned char)text[k] & 0xC0) == 0x80)
				k++;
			chars++;
		}
		n = k;
	}
	if (n == 0)
		return UI_ENTRY_FULL;
	if (!(joined = malloc(len + n + 1)))
		return UI_ENTRY_NOMEM;
	memcpy(joined, old, cur);
	memcpy(joined + cur, text, n);
	memcpy(joined + cur + n, old + cur, len - cur + 1);
	if (edit_set(e, f->focus, joined) != 0) {
		free(joined);
		return UI_ENTRY_NOMEM;
	}
	free(joined);
	f->entry[i].cur = cur + n;
	f->note[i][0] = '\0';
	return UI_ENTRY_CHANGED;
}

/* See form.h. */
void ui_form_free(struct ui_form *f)
{
	for (int i = 0; i < FIELD_COUNT; i++)
		ui_entry_free(&f->entry[i]);
}

/* Focus a field by id. */
void ui_form_focus(struct ui_form *f, enum field_id id)
{
	f->focus = id;
}

/* Every cursor back onto a character start of its new text. */
void ui_form_clamp(struct ui_form *f, const struct edit *e)
{
	for (int i = 0; i < FIELD_COUNT; i++)
		ui_entry_clamp(&f->entry[i], edit_current(e, edit_fields[i].id));
}

/* Cursors and scrolling to the start, notes cleared (another user). */
void ui_form_reset(struct ui_form *f, const struct edit *e)
{
	for (int i = 0; i < FIELD_COUNT; i++) {
		/* one line: at the end (typing appends); several: the top */
		f->entry[i].cur = edit_fields[i].multiline ? 0 :
		                  strlen(edit_current(e, edit_fields[i].id));
		f->entry[i].top = 0;
		f->note[i][0] = '\0';
	}
	ui_form_clamp(f, e);
}
