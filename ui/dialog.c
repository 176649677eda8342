/* dialog.c - dialogs drawn over the screen (see dialog.h). */
#include "dialog.h"

#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "draw.h"
#include "text.h"

/* See dialog.h; closes any open dialog first. */
int ui_dialog_open(struct ui_dialog *d, enum ui_dialog_kind kind,
                   const char *title, const char *body)
{
	ui_dialog_close(d);
	d->body = strdup(body ? body : "");
	d->input = strdup("");
	if (!d->body || !d->input) {
		ui_dialog_close(d);
		return -1;
	}
	d->kind = kind;
	strncpy(d->title, title ? title : "", sizeof d->title - 1);
	d->title[sizeof d->title - 1] = '\0';
	d->scroll = 0;
	memset(&d->entry, 0, sizeof d->entry);
	return 0;
}

/* Free the texts; the dialog is then inactive. The input is wiped first:
 * it may be a token. */
void ui_dialog_close(struct ui_dialog *d)
{
	if (d->input)
		memset(d->input, 0, strlen(d->input));
	free(d->body);
	free(d->input);
	d->body = NULL;
	d->input = NULL;
	d->kind = UI_DLG_NONE;
}

/* Whether a dialog is up. */
bool ui_dialog_active(const struct ui_dialog *d)
{
	return d->kind != UI_DLG_NONE;
}

/* Scroll keys shared by every dialog with a long body. */
static bool scroll_key(struct ui_dialog *d, enum ui_action act)
{
	int page = d->body_rows > 1 ? d->body_rows - 1 : 1;

	switch (act) {
	case UI_ACT_UP:
		d->scroll--;
		break;
	case UI_ACT_DOWN:
		d->scroll++;
		break;
	case UI_ACT_PAGE_UP:
		d->scroll -= page;
		break;
	case UI_ACT_PAGE_DOWN:
		d->scroll += page;
		break;
	default:
		return false;
	}
	if (d->scroll < 0)
		d->scroll = 0;
	return true;
}

/* The token prompt: characters are appended, Backspace and Ctrl-U take
 * them back, Enter answers. No cursor movement: nothing is shown to aim
 * at. The old text is wiped before it is freed. */
static enum ui_answer secret_key(struct ui_dialog *d, enum ui_action act,
                                 int r, wint_t ch, bool *nomem)
{
	size_t n = strlen(d->input);
	enum ui_answer ans = ui_keys_answer(d->kind, r, ch);
	char *grown;

	if (ans == UI_ANS_YES)
		return n ? UI_ANS_YES : UI_ANS_NONE;
	if (ans != UI_ANS_NONE)
		return ans;
	if (act == UI_ACT_BACKSPACE) {
		while (n > 0 && ((unsigned char)d->input[--n] & 0xC0) == 0x80)
			d->input[n] = '\0';
		d->input[n] = '\0';
		return UI_ANS_NONE;
	}
	if (act == UI_ACT_KILL_TO_START) {
		memset(d->input, 0, n);
		return UI_ANS_NONE;
	}
	/* printable ASCII only: tokens are; a stray key cannot sneak in */
	if (act != UI_ACT_NONE || r != OK || ch <= 0x20 || ch >= 0x7f ||
	    n >= 4096)
		return UI_ANS_NONE;
	grown = malloc(n + 2);
	if (!grown) {
		*nomem = true;
		return UI_ANS_NONE;
	}
	memcpy(grown, d->input, n);
	grown[n] = (char)ch;
	grown[n + 1] = '\0';
	memset(d->input, 0, n);
	free(d->input);
	d->input = grown;
	return UI_ANS_NONE;
}

/* See dialog.h: the token prompt edits, others scroll or answer from the
 * key table. */
enum ui_answer ui_dialog_key(struct ui_dialog *d, enum ui_action act, int r,
                             wint_t ch, bool *nomem)
{
	*nomem = false;
	if (d->kind == UI_DLG_PROMPT_TOKEN)
		return secret_key(d, act, r, ch, nomem);
	if (scroll_key(d, act))
		return UI_ANS_NONE;
	return ui_keys_answer(d->kind, r, ch);
}

/* Lay the body out in cols columns: each line is sanitised and word-
 * wrapped; continuation rows hang under the line's text (its leading
 * blanks, or the column after a tab for "key<TAB>what it does" lines,
 * or after the marker of a diff line). A line starting with
 * UI_DIALOG_DEL or UI_DIALOG_ADD is drawn in the diff colour with its
 * '-' or '+'. With w, draws the rows skip..skip+h-1 at (y, x). Returns the
 * number of rows. */
static int layout(const char *body, int cols, WINDOW *w, int y, int x,
                  int skip, int h)
{
	int row = 0;
	const char *line = body;

	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		enum ui_role role = UI_ROLE_DIALOG;
		char *raw, *s, *p, *tab;
		int indent = 0;

		if (n >= 2 && line[0] == '\x01' && (line[1] == '-' || line[1] == '+')) {
			role = line[1] == '-' ? UI_ROLE_DIFF_DEL : UI_ROLE_DIFF_ADD;
			line++;
			n--;
			indent = 2;
		}
		if (!(raw = strndup(line, n))) {
			ui_oom_note();
			return row;
		}
		if (role == UI_ROLE_DIALOG && (tab = strchr(raw, '\t'))) {
			*tab = '\0';
			indent = ui_text_cols(raw) + 1;
			*tab = ' ';
		} else if (role == UI_ROLE_DIALOG) {
			while (raw[indent] == ' ')
				indent++;
		}
		if (indent > cols / 2)
			indent = 0;
		s = text_sanitize(raw, 0);
		free(raw);
		if (!s) {
			ui_oom_note();
			return row;
		}
		p = s;
		do {
			int lead = p == s ? 0 : indent;
			size_t k = ui_wrap_len(p, cols - lead);
			if (w && row >= skip && row < skip + h) {
				char c = p[k];
				p[k] = '\0';
				ui_draw_sanitized(w, y + row - skip, x + lead, p,
				                  ui_attr(role));
				p[k] = c;
			}
			p += k;
			row++;
		} while (*p);
		free(s);
		if (!nl || (w && row >= skip + h))
			return row;
		line = nl + 1;
	}
}

/* Rows the body takes when wrapped to cols columns. */
static int wrapped_rows(const char *body, int cols)
{
	return layout(body, cols, NULL, 0, 0, 0, 0);
}

/* Draw the body's wrapped rows from row `skip` into rows y..y+h-1. */
static void draw_body(const char *body, WINDOW *w, int y, int x, int cols,
                      int skip, int h)
{
	layout(body, cols, w, y, x, skip, h);
}

/* Width: the widest body line (help and lists) within the screen; short
 * messages get a comfortable minimum and wrap past 70 columns. */
static int dialog_width(const struct ui_dialog *d, int cols)
{
	int want = 40, max = cols - 4;
	const char *line = d->body;

	if (ui_text_cols(d->title) + 6 > want) /* the title fits when it can */
		want = ui_text_cols(d->title) + 6;

	for (;;) {
		const char *nl = strchr(line, '\n');
		char *one = strndup(line, nl ? (size_t)(nl - line) : strlen(line));
		if (one) {
			int lw = ui_text_cols(one) + 4;
			if (lw > want)
				want = lw;
			free(one);
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	if (d->kind == UI_DLG_MESSAGE || d->kind == UI_DLG_ERROR)
		want = want > 70 ? 70 : want;
	return want > max ? max : want;
}

/* The token prompt's line: one '*' per character typed (the last cols-1
 * of them), never the text; the cursor after them. */
static void draw_masked(WINDOW *w, int y, int x, int cols, size_t n, int *cy,
                        int *cx)
{
	int shown_n = n > (size_t)(cols - 1) ? cols - 1 : (int)n;

	ui_draw_blank(w, y, x, cols, ui_attr(UI_ROLE_FIELD_FOCUS));
	for (int i = 0; i < shown_n; i++)
		mvwaddch(w, y, x + i, '*' | ui_attr(UI_ROLE_FIELD_FOCUS));
	*cy = y;
	*cx = x + shown_n;
}

/* Box, title, wrapped body, scroll marks, key line, prompt; the
 * body scrolls when the screen is too short for it. */
void ui_dialog_draw(struct ui_dialog *d, WINDOW *w, int rows, int cols,
                    int *cy, int *cx)
{
	int width = dialog_width(d, cols), inner = width - 4;
	bool prompt = d->kind == UI_DLG_PROMPT_TOKEN;
	int extra = prompt ? 2 : 0;
	int body = wrapped_rows(d->body, inner), shown = body, h, y, x;
	attr_t a = ui_attr(UI_ROLE_DIALOG);
	enum ui_role trole = d->kind == UI_DLG_ERROR ? UI_ROLE_STATUS_ERROR
	                                             : UI_ROLE_DIALOG_TITLE;
	char keys[200];

	if (shown + extra + 4 > rows - 2)
		shown = rows - 2 - extra - 4;
	if (shown < 1)
		shown = 1;
	if (d->scroll > body - shown)
		d->scroll = body - shown > 0 ? body - shown : 0;
	d->body_rows = shown;
	h = shown + extra + 4;
	y = (rows - h) / 2;
	x = (cols - width) / 2;
	for (int i = 0; i < h; i++)
		ui_draw_blank(w, y + i, x, width, a);
	ui_draw_frame(w, y, x, h, width, a);
	ui_draw_text(w, y, x + 2, width - 4, d->title, ui_attr(trole));
	draw_body(d->body, w, y + 1, x + 2, inner, d->scroll, shown);
	if (d->scroll > 0)
		mvwaddch(w, y + 1, x + width - 2, '^' | a);
	if (d->scroll + shown < body)
		mvwaddch(w, y + shown, x + width - 2, 'v' | a);
	*cy = y + h - 2;
	*cx = x + 2;
	ui_draw_text(w, *cy, x + 2, inner,
	             ui_keys_answer_line(d->kind, keys, sizeof keys),
	             ui_attr(UI_ROLE_HINT_KEY));
	if (prompt)
		draw_masked(w, y + shown + 2, x + 2, inner, strlen(d->input), cy, cx);
}
