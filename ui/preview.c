/* preview.c - the current and the new profile picture as character-cell
 * art (see preview.h). */
#include "preview.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "colors.h"
#include "complete.h"
#include "config.h"
#include "draw.h"
#include "edit.h"
#include "http.h"
#include "image.h"
#include "keys.h"

/* Art is at most this many rows high (plus a caption line). */
#define PV_MAX_ROWS 8
/* Below this many rows there is no art, only text. */
#define PV_MIN_ROWS 3
#define PV_PAIR_SLOTS (257 * 257)

/* Free what a slot holds and cancel its download; zero it. */
static void slot_clear(struct ui_preview *pv, struct ui_preview_slot *s)
{
	if (s->fetch) {
		long id = s->fetch;
		s->fetch = 0;
		http_cancel(pv->http, id); /* its callback sees fetch == 0 */
	}
	free(s->key);
	picture_rgba_free(&s->rgba);
	picture_cells_free(&s->cells);
	memset(s, 0, sizeof *s);
}

/* See preview.h. */
void ui_preview_init(struct ui_preview *pv, const struct config *cfg,
                     struct http_client *http, int *flags)
{
	const char *home = getenv("HOME");
	const char *cs = nl_langinfo(CODESET);

	memset(pv, 0, sizeof *pv);
	pv->http = http;
	pv->flags = flags;
	pv->home = home && *home ? strdup(home) : NULL;
	pv->max_bytes = (size_t)cfg->max_picture_mb * 1024u * 1024u;
	if (cfg->no_images)
		snprintf(pv->off_why, sizeof pv->off_why, "--no-images");
	else if (!picture_previews_built())
		snprintf(pv->off_why, sizeof pv->off_why, "built without previews");
	else if (!cs || (strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "utf8") != 0))
		snprintf(pv->off_why, sizeof pv->off_why, "the terminal is not UTF-8");
	else
		pv->on = true;
}

/* See preview.h. */
void ui_preview_free(struct ui_preview *pv)
{
	slot_clear(pv, &pv->cur);
	slot_clear(pv, &pv->next);
	free(pv->home);
	free(pv->pairs);
	pv->home = NULL;
	pv->pairs = NULL;
}

/* Decode bytes into the slot: READY, or FAILED with the reason. */
static void slot_decode(struct ui_preview_slot *s, const char *bytes, size_t n)
{
	struct pf_error err;

	pf_error_clear(&err);
	picture_rgba_free(&s->rgba);
	picture_cells_free(&s->cells);
	s->box_cols = s->box_rows = 0;
	if (picture_decode(bytes, n, &s->rgba, &err) == 0) {
		s->state = UI_PV_READY;
		return;
	}
	s->state = UI_PV_FAILED;
	snprintf(s->note, sizeof s->note, "no preview: %.200s", err.message);
}

/* The end of the current picture's download (from api_run). */
static void on_fetched(void *ud, const char *body, size_t len,
                       const struct pf_error *err)
{
	struct ui_preview *pv = ud;
	struct ui_preview_slot *s = &pv->cur;

	if (!s->fetch)
		return; /* cancelled by slot_clear: the slot is another's now */
	s->fetch = 0;
	*pv->flags |= UI_REDRAW;
	s->note[0] = '\0';
	if (!body) {
		s->state = UI_PV_FAILED;
		snprintf(s->note, sizeof s->note, "no preview: %.200s", err->message);
		return;
	}
	slot_decode(s, body, len);
}

/* Show url as the current picture. */
static void set_current(struct ui_preview *pv, const char *url)
{
	struct ui_preview_slot *s = &pv->cur;
	struct pf_error err;

	slot_clear(pv, s);
	if (!url || !*url)
		return;
	s->key = strdup(url);
	if (!s->key) {
		ui_oom_note();
		return;
	}
	if (!pv->on) {
		s->state = UI_PV_TEXT;
		return;
	}
	pf_error_clear(&err);
	s->state = UI_PV_LOADING;
	snprintf(s->note, sizeof s->note, "loading the picture...");
	/* set before the start: a transfer that fails at once calls back */
	s->fetch = -1;
	s->fetch = picture_fetch_start(pv->http, url, on_fetched, pv, &err);
	if (s->fetch < 0) {
		s->fetch = 0;
		s->state = UI_PV_FAILED;
		snprintf(s->note, sizeof s->note, "no preview: %.200s", err.message);
	}
}

/* Show the picture field's new text: a local file is checked and decoded
 * now (nothing is sent), a file id is only named. */
static void set_next(struct ui_preview *pv, const char *text)
{
	struct ui_preview_slot *s = &pv->next;
	struct image_info info;
	struct pf_error err;
	char *path, *data = NULL, desc[200];

	slot_clear(pv, s);
	if (!text)
		return;
	s->key = strdup(text);
	if (!s->key) {
		ui_oom_note();
		return;
	}
	switch (edit_picture_kind(text)) {
	case PICTURE_FILE_ID:
		s->state = UI_PV_TEXT;
		snprintf(s->note, sizeof s->note, "%s (a file already uploaded)", text);
		return;
	case PICTURE_PATH:
		break;
	default:
		return;
	}
	path = complete_expand(text, pv->home);
	if (!path) {
		ui_oom_note();
		return;
	}
	pf_error_clear(&err);
	if (image_read(path, pv->max_bytes, &info, &data, &err) != 0) {
		s->state = UI_PV_FAILED;
		snprintf(s->note, sizeof s->note, "%.240s", err.message);
		free(path);
		return;
	}
	free(path);
	image_describe(&info, desc, sizeof desc);
	snprintf(s->note, sizeof s->note, "%s", desc);
	if (!pv->on) {
		s->state = UI_PV_TEXT;
	} else {
		slot_decode(s, data, info.size);
		if (s->state == UI_PV_FAILED)
			snprintf(s->note, sizeof s->note, "%s, no preview", desc);
	}
	free(data);
}

/* Whether a slot's key is text (NULL and "" are the same: none). */
static bool same_key(const char *key, const char *text)
{
	if (!text || !*text)
		return !key;
	return key && strcmp(key, text) == 0;
}

/* See preview.h. */
void ui_preview_sync(struct ui_preview *pv, const char *url,
                     const char *new_text)
{
	if (!same_key(pv->cur.key, url))
		set_current(pv, url);
	if (!same_key(pv->next.key, new_text))
		set_next(pv, new_text);
}

/* Whether the current picture has something of its own to show (art or
 * a note); its URL alone is the panel's. */
static bool cur_shows(const struct ui_preview *pv)
{
	return pv->on && pv->cur.state != UI_PV_NONE && pv->cur.state != UI_PV_TEXT;
}

/* See preview.h. */
int ui_preview_rows(const struct ui_preview *pv, int avail)
{
	bool art = pv->on && (pv->cur.state == UI_PV_READY ||
	                      pv->next.state == UI_PV_READY);
	int want = 0;

	if (cur_shows(pv))
		want = 3; /* loading, or why there is no art */
	if (pv->next.state != UI_PV_NONE && want < 3)
		want = pv->on ? 3 : 1;
	if (art && avail >= PV_MIN_ROWS + 1)
		want = PV_MAX_ROWS + 1;
	return want < avail ? want : (avail > 0 ? avail : 0);
}

/* The palette of the terminal as it is now. */
static enum picture_colors palette(void)
{
	if (ui_colors_mono() || !has_colors())
		return PICTURE_MONO;
	if (COLORS >= 256)
		return PICTURE_240;
	if (COLORS >= 16)
		return PICTURE_16;
	return COLORS >= 8 ? PICTURE_8 : PICTURE_MONO;
}

/* The colour pair for fg on bg (palette indexes, -1 the default): from
 * the cache, else a new one. 0 (the terminal's own) when none is left. */
static short pair_for(struct ui_preview *pv, short fg, short bg)
{
	int limit = COLOR_PAIRS < 32767 ? COLOR_PAIRS : 32767, key;
	short p;

	if (fg < -1 || fg > 255 || bg < -1 || bg > 255)
		return 0;
	if (!pv->pairs) {
		pv->pairs = calloc(PV_PAIR_SLOTS, sizeof *pv->pairs);
		if (!pv->pairs)
			return 0;
	}
	key = (fg + 1) * 257 + (bg + 1);
	if (pv->pairs[key])
		return pv->pairs[key];
	if (UI_COLORS_FIRST_FREE_PAIR + pv->n_pairs >= limit) {
		/* all used: start over (the cells are drawn again each frame) */
		memset(pv->pairs, 0, PV_PAIR_SLOTS * sizeof *pv->pairs);
		pv->n_pairs = 0;
		if (UI_COLORS_FIRST_FREE_PAIR >= limit)
			return 0;
	}
	p = (short)(UI_COLORS_FIRST_FREE_PAIR + pv->n_pairs);
	if (init_pair(p, fg, bg) == ERR)
		return 0;
	pv->n_pairs++;
	pv->pairs[key] = p;
	return p;
}

/* Put a slot's cells in the box, rendering them first when the box
 * changed. Returns the columns used, 0 when nothing was drawn. */
static int draw_art(struct ui_preview *pv, struct ui_preview_slot *s,
                    WINDOW *w, int y, int x, int rows, int cols)
{
	enum picture_colors pal = palette();
	struct pf_error err;

	if (s->state != UI_PV_READY || rows < 1 || cols < 1)
		return 0;
	if (s->box_cols != cols || s->box_rows != rows) {
		pf_error_clear(&err);
		picture_cells_free(&s->cells);
		if (picture_render(&s->rgba, cols, rows, pal, &s->cells, &err) != 0) {
			s->box_cols = s->box_rows = 0;
			return 0;
		}
		s->box_cols = cols;
		s->box_rows = rows;
	}
	for (int r = 0; r < s->cells.rows && r < rows; r++) {
		for (int c = 0; c < s->cells.cols && c < cols; c++) {
			const struct picture_cell *pc = &s->cells.cell[r * s->cells.cols + c];
			wchar_t wc[2] = { (wchar_t)pc->ch, L'\0' };
			short pair = pal == PICTURE_MONO ? 0 : pair_for(pv, pc->fg, pc->bg);
			cchar_t cc;

			if (setcchar(&cc, wc, A_NORMAL, pair, NULL) == OK)
				mvwadd_wch(w, y + r, x + c, &cc);
		}
	}
	return s->cells.cols;
}

/* One picture in a column: art, then its caption (or only the note). */
static void draw_column(struct ui_preview *pv, struct ui_preview_slot *s,
                        WINDOW *w, int y, int x, int h, int cols,
                        const char *caption)
{
	char line[sizeof s->note + 64];
	int art = h - 1;

	if (s->state == UI_PV_READY && art >= PV_MIN_ROWS)
		draw_art(pv, s, w, y, x, art, cols);
	else
		art = 0;
	if (*caption && s->note[0])
		snprintf(line, sizeof line, "%s: %s", caption, s->note);
	else
		snprintf(line, sizeof line, "%s%s", caption, s->note);
	if (art == 0) {
		/* no art: the note may take every row */
		int row = y;
		const char *p = line;
		while (*p && row < y + h) {
			size_t n = ui_wrap_len(p, cols);
			char *part = strndup(p, n);
			if (!part) {
				ui_oom_note();
				return;
			}
			ui_draw_text(w, row++, x, cols, part,
			             ui_attr(s->state == UI_PV_FAILED ? UI_ROLE_PANEL_NOTE
			                                              : UI_ROLE_PANEL));
			free(part);
			p += n;
			while (*p == ' ')
				p++;
		}
		return;
	}
	ui_draw_text(w, y + art, x, cols, line, ui_attr(UI_ROLE_PANEL_NOTE));
}

/* See preview.h. */
int ui_preview_draw(struct ui_preview *pv, WINDOW *w, int y, int x, int h,
                    int width)
{
	int half;

	if (h < 1 || width < 4)
		return 0;
	if (pv->next.state == UI_PV_NONE) {
		if (!cur_shows(pv))
			return 0;
		draw_column(pv, &pv->cur, w, y, x, h, width, "");
		return h;
	}
	if (!cur_shows(pv)) {
		draw_column(pv, &pv->next, w, y, x, h, width, "new");
		return h;
	}
	half = (width - 1) / 2;
	draw_column(pv, &pv->cur, w, y, x, h, half, "now");
	draw_column(pv, &pv->next, w, y, x + half + 1, h, width - half - 1,
	            "new");
	return h;
}
