/* preview.c - the current and the new profile picture as character-cell
 * art (see preview.h). */
#include "preview.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "colors.h"
#include "complete.h"
#include "config.h"
#include "draw.h"
#include "edit.h"
#include "http.h"
#include "image.h"
#include "keys.h"
#include "statefile.h"

/* Art is at most this many rows high (plus a caption line). */
#define PV_MAX_ROWS 8
/* Below this many rows there is no art, only text. */
#define PV_MIN_ROWS 3
#define PV_PAIR_SLOTS (257 * 257)
/* Cell size in pixels when the terminal does not say (TIOCGWINSZ). */
#define PV_CELL_W 8
#define PV_CELL_H 16

/* Kitty: delete every placement on the screen and free the images. */
static const char kitty_delete[] = "\x1b_Ga=d,d=A\x1b\\";

/* Forget a slot's pixel encoding. */
static void slot_unencode(struct ui_preview_slot *s)
{
	free(s->seq);
	s->seq = NULL;
	s->seq_len = 0;
	s->seq_cols = s->seq_rows = s->cell_w = s->cell_h = 0;
	s->gen++;
}

/* Free what a slot holds and cancel its download; zero it (its
 * generation goes on, so a place taken by the old picture never matches
 * a new one). */
static void slot_clear(struct ui_preview *pv, struct ui_preview_slot *s)
{
	unsigned gen = s->gen + 1;

	if (s->fetch) {
		long id = s->fetch;
		s->fetch = 0;
		http_cancel(pv->http, id); /* its callback sees fetch == 0 */
	}
	free(s->key);
	free(s->seq);
	picture_rgba_free(&s->rgba);
	picture_cells_free(&s->cells);
	memset(s, 0, sizeof *s);
	s->gen = gen;
}

/* See preview.h. Only sixel asked for and not shown by the environment
 * makes it ask the terminal. */
void ui_preview_probe(struct picture_term *t, enum config_images asked)
{
	struct termios old, raw;
	char buf[128];
	size_t n = 0;
	unsigned long end;

	memset(t, 0, sizeof *t);
	t->term = getenv("TERM");
	t->term_program = getenv("TERM_PROGRAM");
	t->kitty_window_id = getenv("KITTY_WINDOW_ID");
	t->tmux = getenv("TMUX");
	t->da1_sixel = -1;
	if (!picture_mode_wants_da1(asked, t) || !picture_previews_built() ||
	    !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
	    tcgetattr(STDIN_FILENO, &old) != 0)
		return;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0)
		return;
	t->da1_sixel = 0;
	fflush(stdout);
	if (statefile_write_all(STDOUT_FILENO, "\x1b[c", 3) == 0) {
		end = (unsigned long)clock_now_ms() + UI_PV_DA1_MS;
		/* read up to the answer's final 'c' or the deadline */
		while (n + 1 < sizeof buf) {
			struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
			unsigned long now = (unsigned long)clock_now_ms();
			ssize_t r;
			if (now >= end || poll(&pfd, 1, (int)(end - now)) <= 0)
				break;
			r = read(STDIN_FILENO, buf + n, sizeof buf - 1 - n);
			if (r <= 0)
				break;
			n += (size_t)r;
			if (memchr(buf, 'c', n) && memchr(buf, '?', n))
				break;
		}
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	t->da1_sixel = picture_da1_has_sixel(buf, n) ? 1 : 0;
}

/* See preview.h. */
void ui_preview_init(struct ui_preview *pv, const struct config *cfg,
                     const struct picture_term *t, struct http_client *http,
                     int *flags, int tty)
{
	const char *home = getenv("HOME");
	const char *cs = nl_langinfo(CODESET);

	memset(pv, 0, sizeof *pv);
	pv->http = http;
	pv->flags = flags;
	pv->tty = tty;
	pv->home = home && *home ? strdup(home) : NULL;
	pv->max_bytes = (size_t)cfg->max_picture_mb * 1024u * 1024u;
	pv->mode = CONFIG_IMAGES_SYMBOLS;
	if (cfg->images == CONFIG_IMAGES_NONE) {
		snprintf(pv->off_why, sizeof pv->off_why, "--images=none");
	} else if (!picture_previews_built()) {
		snprintf(pv->off_why, sizeof pv->off_why, "built without previews");
	} else if (!cs || (strcasecmp(cs, "UTF-8") != 0 &&
	                   strcasecmp(cs, "utf8") != 0)) {
		snprintf(pv->off_why, sizeof pv->off_why, "the terminal is not UTF-8");
	} else {
		pv->on = true;
		pv->mode = picture_mode_resolve(cfg->images, t, pv->mode_note,
		                                sizeof pv->mode_note);
	}
}

/* See preview.h. */
void ui_preview_free(struct ui_preview *pv)
{
	if (pv->mode == CONFIG_IMAGES_KITTY && pv->n_shown > 0) {
		fflush(stdout);
		statefile_write_all(pv->tty, kitty_delete, sizeof kitty_delete - 1);
	}
	pv->n_shown = pv->n_placed = 0;
	slot_clear(pv, &pv->cur);
	slot_clear(pv, &pv->next);
	for (size_t i = 0; i < UI_PV_CACHE; i++) {
		free(pv->cache[i].path);
		picture_rgba_free(&pv->cache[i].rgba);
		memset(&pv->cache[i], 0, sizeof pv->cache[i]);
	}
	free(pv->home);
	free(pv->pairs);
	pv->home = NULL;
	pv->pairs = NULL;
}

/* See preview.h. */
const char *ui_preview_take_note(struct ui_preview *pv)
{
	static char taken[sizeof pv->mode_note];

	if (!pv->mode_note[0])
		return NULL;
	memcpy(taken, pv->mode_note, sizeof taken);
	pv->mode_note[0] = '\0';
	return taken;
}

/* Decoded pixels into the slot (the n bytes at bytes, or read from fd
 * when bytes is NULL), shrunk to what a preview can use: READY, or FAILED
 * with the reason. */
static void slot_decode(struct ui_preview_slot *s, const char *bytes, int fd,
                        size_t n)
{
	struct pf_error err;
	int rc;

	pf_error_clear(&err);
	picture_rgba_free(&s->rgba);
	picture_cells_free(&s->cells);
	slot_unencode(s);
	s->box_cols = s->box_rows = 0;
	rc = bytes ? picture_decode(bytes, n, &s->rgba, &err)
	           : picture_decode_fd(fd, n, &s->rgba, &err);
	if (rc == 0 && picture_shrink(&s->rgba, PICTURE_KEEP_SIDE, &err) == 0) {
		s->state = UI_PV_READY;
		return;
	}
	picture_rgba_free(&s->rgba);
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
	slot_decode(s, body, -1, len);
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

/* Follow the picture field's new text: a file id is only named, a local
 * path waits until the text settles (ui_preview_run reads it). */
static void set_next(struct ui_preview *pv, const char *text)
{
	struct ui_preview_slot *s = &pv->next;

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
		s->state = UI_PV_WAITING;
		s->settle_at = (unsigned long)clock_now_ms() + UI_PV_SETTLE_MS;
		snprintf(s->note, sizeof s->note, "...");
		return;
	default:
		return;
	}
}

/* The cache entry for path as it is now (st), or NULL. */
static struct ui_preview_cached *cache_find(struct ui_preview *pv,
                                            const char *path,
                                            const struct stat *st)
{
	long long mt = (long long)st->st_mtim.tv_sec * 1000000000LL +
	               st->st_mtim.tv_nsec;

	for (size_t i = 0; i < UI_PV_CACHE; i++) {
		struct ui_preview_cached *c = &pv->cache[i];
		if (c->path && strcmp(c->path, path) == 0 &&
		    c->size == (long long)st->st_size && c->mtime_ns == mt)
			return c;
	}
	return NULL;
}

/* Copy p into *out. -1 out of memory. */
static int rgba_copy(const struct picture_rgba *p, struct picture_rgba *out)
{
	size_t n = (size_t)p->width * (size_t)p->height * 4u;

	memset(out, 0, sizeof *out);
	out->px = malloc(n ? n : 1);
	if (!out->px)
		return -1;
	memcpy(out->px, p->px, n);
	out->width = p->width;
	out->height = p->height;
	return 0;
}

/* Remember the slot's decoded picture for path (st as it was read). */
static void cache_put(struct ui_preview *pv, const char *path,
                      const struct stat *st, const struct ui_preview_slot *s,
                      const char *desc)
{
	struct ui_preview_cached *c = &pv->cache[pv->cache_next % UI_PV_CACHE];

	free(c->path);
	picture_rgba_free(&c->rgba);
	memset(c, 0, sizeof *c);
	c->path = strdup(path);
	if (!c->path || rgba_copy(&s->rgba, &c->rgba) != 0) {
		free(c->path);
		c->path = NULL;
		return; /* not cached: it is only slower */
	}
	c->size = (long long)st->st_size;
	c->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL +
	              st->st_mtim.tv_nsec;
	snprintf(c->desc, sizeof c->desc, "%s", desc);
	pv->cache_next++;
}

/* Check and decode the settled path of the next slot (nothing is sent):
 * from the cache when the file is the same as when it was decoded. */
static void load_next(struct ui_preview *pv)
{
	struct ui_preview_slot *s = &pv->next;
	struct ui_preview_cached *c;
	struct image_info info;
	struct pf_error err;
	struct stat st;
	char *path, desc[200];
	int fd;

	path = complete_expand(s->key, pv->home);
	if (!path) {
		ui_oom_note();
		return;
	}
	if (pv->on && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size <= pv->max_bytes &&
	    (c = cache_find(pv, path, &st)) != NULL) {
		snprintf(s->note, sizeof s->note, "%s", c->desc);
		if (rgba_copy(&c->rgba, &s->rgba) == 0) {
			s->state = UI_PV_READY;
			free(path);
			return;
		}
	}
	pf_error_clear(&err);
	if (image_check(path, pv->max_bytes, &info, &err) != 0) {
		s->state = UI_PV_FAILED;
		snprintf(s->note, sizeof s->note, "%.240s", err.message);
		free(path);
		return;
	}
	image_describe(&info, desc, sizeof desc);
	snprintf(s->note, sizeof s->note, "%s", desc);
	if (!pv->on) {
		s->state = UI_PV_TEXT;
		free(path);
		return;
	}
	/* the bytes go to the decoder straight from the file, 64 KiB at a
	 * time: profed never holds a large picture whole */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && (size_t)st.st_size <= pv->max_bytes) {
		slot_decode(s, NULL, fd, (size_t)st.st_size);
	} else {
		s->state = UI_PV_FAILED;
	}
	if (fd >= 0)
		close(fd);
	if (s->state == UI_PV_FAILED)
		snprintf(s->note, sizeof s->note, "%s, no preview", desc);
	else if (stat(path, &st) == 0)
		cache_put(pv, path, &st, s, desc);
	free(path);
}

/* See preview.h. */
int ui_preview_next_wakeup_ms(const struct ui_preview *pv)
{
	unsigned long now;

	if (pv->next.state != UI_PV_WAITING)
		return -1;
	now = (unsigned long)clock_now_ms();
	return pv->next.settle_at <= now ? 0 : (int)(pv->next.settle_at - now);
}

/* See preview.h. */
bool ui_preview_run(struct ui_preview *pv)
{
	if (ui_preview_next_wakeup_ms(pv) != 0)
		return false;
	load_next(pv);
	return true;
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

/* The terminal's cell size in pixels (its own, else PV_CELL_W x H). */
static void cell_size(int *cw, int *ch)
{
	struct winsize ws;

	*cw = PV_CELL_W;
	*ch = PV_CELL_H;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0 && ws.ws_xpixel >= ws.ws_col * 4u &&
	    ws.ws_ypixel >= ws.ws_row * 8u) {
		*cw = ws.ws_xpixel / ws.ws_col;
		*ch = ws.ws_ypixel / ws.ws_row;
		if (*cw > 40)
			*cw = 40;
		if (*ch > 80)
			*ch = 80;
	}
}

/* Pixel modes: encode the slot for the box when the box or the cell size
 * changed, and note where the image goes; its cells stay blank in curses.
 * Returns the columns used, 0 when nothing can be shown. */
static int place_pixels(struct ui_preview *pv, struct ui_preview_slot *s,
                        WINDOW *w, int y, int x, int rows, int cols)
{
	struct ui_preview_place *pl;
	struct pf_error err;
	int cw, ch, by, bx;

	cell_size(&cw, &ch);
	if (!s->seq || s->box_cols != cols || s->box_rows != rows ||
	    s->cell_w != cw || s->cell_h != ch) {
		slot_unencode(s);
		s->box_cols = s->box_rows = 0;
		pf_error_clear(&err);
		if (picture_encode(&s->rgba, pv->mode, cols, rows, cw, ch, &s->seq,
		                   &s->seq_len, &s->seq_cols, &s->seq_rows,
		                   &err) != 0)
			return 0;
		s->box_cols = cols;
		s->box_rows = rows;
		s->cell_w = cw;
		s->cell_h = ch;
	}
	if (pv->n_placed >= (int)(sizeof pv->placed / sizeof pv->placed[0]))
		return 0;
	getbegyx(w, by, bx);
	pl = &pv->placed[pv->n_placed++];
	pl->slot = s;
	pl->y = by + y;
	pl->x = bx + x;
	pl->rows = s->seq_rows;
	pl->cols = s->seq_cols;
	pl->gen = s->gen;
	pl->area_x = pv->area_x;
	pl->cells = 0;
	return s->seq_cols;
}

/* Put a slot's cells in the box, rendering them first when the box
 * changed (pixel modes: place the image instead). Returns the columns
 * used, 0 when nothing was drawn. */
static int draw_art(struct ui_preview *pv, struct ui_preview_slot *s,
                    WINDOW *w, int y, int x, int rows, int cols)
{
	enum picture_colors pal = palette();
	struct pf_error err;

	if (s->state != UI_PV_READY || rows < 1 || cols < 1)
		return 0;
	if (pv->mode == CONFIG_IMAGES_SIXEL || pv->mode == CONFIG_IMAGES_KITTY)
		return place_pixels(pv, s, w, y, x, rows, cols);
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
	pv->area_x = getbegx(w) + x;
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

/* See preview.h. */
void ui_preview_frame_begin(struct ui_preview *pv)
{
	pv->n_placed = 0;
}

/* Whether two places are the same image in the same cells, with the
 * same text around it. */
static bool same_place(const struct ui_preview_place *a,
                       const struct ui_preview_place *b)
{
	return a->slot == b->slot && a->gen == b->gen && a->y == b->y &&
	       a->x == b->x && a->rows == b->rows && a->cols == b->cols &&
	       a->cells == b->cells;
}

/* A hash (FNV-1a) of what w holds in the rows of a sixel from the
 * previews' left column to the right edge: when curses rewrites any of
 * it (a note beside the image changes), it may clear to the end of the
 * line through the image, so the image is written again. */
static unsigned long place_cells(WINDOW *w, const struct ui_preview_place *pl)
{
	unsigned long h = 2166136261ul;
	int by = getbegy(w), bx = getbegx(w), maxx = getmaxx(w);

	for (int r = 0; r < pl->rows; r++) {
		int y = pl->y - by + r;
		if (y < 0 || y >= getmaxy(w))
			break;
		for (int x = pl->area_x - bx; x >= 0 && x < maxx; x++) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (mvwin_wch(w, y, x, &cc) == ERR ||
			    getcchar(&cc, wc, &a, &pair, NULL) == ERR)
				continue;
			for (int k = 0; wc[k] && k < CCHARW_MAX; k++)
				h = (h ^ (unsigned long)wc[k]) * 16777619ul;
			h = (h ^ (unsigned long)a) * 16777619ul;
			h = (h ^ (unsigned long)pair) * 16777619ul;
		}
	}
	return h;
}

/* See preview.h. */
void ui_preview_frame_end(struct ui_preview *pv, WINDOW *w, bool visible)
{
	bool same, repaint = is_cleared(curscr) || is_cleared(w);
	int n = visible ? pv->n_placed : 0;

	if (pv->mode != CONFIG_IMAGES_SIXEL && pv->mode != CONFIG_IMAGES_KITTY)
		return;
	if (pv->mode == CONFIG_IMAGES_SIXEL)
		for (int i = 0; i < n; i++)
			pv->placed[i].cells = place_cells(w, &pv->placed[i]);
	same = n == pv->n_shown;
	for (int i = 0; same && i < n; i++)
		same = same_place(&pv->placed[i], &pv->shown[i]);
	if (same && !repaint) {
		pv->emit = false;
		return;
	}
	if (pv->mode == CONFIG_IMAGES_SIXEL && !repaint) {
		/* a sixel is cells to the terminal: curses paints its rows again */
		for (int i = 0; i < pv->n_shown; i++) {
			int y = pv->shown[i].y - getbegy(w), r = pv->shown[i].rows;
			if (y + r > getmaxy(w))
				r = getmaxy(w) - y;
			if (y >= 0 && r > 0)
				wredrawln(w, y, r);
		}
	}
	pv->emit_delete = pv->mode == CONFIG_IMAGES_KITTY &&
	                  (pv->n_shown > 0 || repaint);
	for (int i = 0; i < n; i++)
		pv->shown[i] = pv->placed[i];
	pv->n_shown = n;
	pv->emit = pv->emit_delete || n > 0;
}

/* See preview.h. Every sequence: save the cursor (DECSC), move (CUP, one-
 * based), chafa's image, restore (DECRC). */
void ui_preview_emit(struct ui_preview *pv)
{
	if (!pv->emit)
		return;
	pv->emit = false;
	fflush(stdout); /* curses' bytes before ours */
	if (pv->emit_delete)
		statefile_write_all(pv->tty, kitty_delete, sizeof kitty_delete - 1);
	pv->emit_delete = false;
	for (int i = 0; i < pv->n_shown; i++) {
		const struct ui_preview_place *pl = &pv->shown[i];
		const struct ui_preview_slot *s = pl->slot;
		char move[32];
		int n;

		if (!s->seq || s->gen != pl->gen)
			continue;
		n = snprintf(move, sizeof move, "\x1b" "7\x1b[%d;%dH", pl->y + 1,
		             pl->x + 1);
		if (n > 0 && (size_t)n < sizeof move &&
		    statefile_write_all(pv->tty, move, (size_t)n) == 0)
			statefile_write_all(pv->tty, s->seq, s->seq_len);
		statefile_write_all(pv->tty, "\x1b" "8", 2);
	}
}
