/* preview.h - the profile picture in the account overview: the current
 * picture (downloaded from its URL) and the new one the picture field
 * names (a local file, decoded here), as character-cell art or, in
 * terminals that can show them, sixel or kitty graphics (--images).
 *
 * The core does the work without curses (src/picture.h: decode, render
 * with libchafa, encode sixel/kitty with chafa, fetch without the token);
 * this module keeps the state of the two pictures, renders them for the
 * room the panel gives, and puts the cells on the screen with colour
 * pairs of its own (a cache after the colour roles' pairs).
 *
 * Pixel graphics: curses knows nothing of them. The panel's draw only
 * records where each image goes (blank cells underneath); after the
 * frame's doupdate, ui_preview_emit writes the sequences chafa encoded
 * straight to the terminal (save cursor, CUP, image, restore cursor), and
 * only when something changed: the picture, its place, a full repaint, or
 * the region coming back into view. Hidden while a dialog is open or the
 * panel is not drawn. Kitty images are deleted (ESC _G a=d) before being
 * placed again or when hidden; a sixel is cells to the terminal, so the
 * rows it covered are repainted by curses (wredrawln) when it goes.
 *
 * A local path is decoded only once its text has stopped changing for
 * UI_PV_SETTLE_MS (ui_preview_next_wakeup_ms / ui_preview_run, driven by
 * the loop's timer), never in a draw; decoded pictures are shrunk to
 * PICTURE_KEEP_SIDE and cached per path, size and modification time.
 *
 * Off (the panel then shows the URL as text, and the new picture as a
 * line of text): with --images=none (--no-images), in a build without
 * previews, or in a terminal that is not UTF-8. Monochrome (--no-color,
 * NO_COLOR, no colours): the shapes only, in the default colours.
 *
 * Single-threaded: a download's end arrives from api_run (the shared http
 * client) and raises UI_REDRAW in *flags.
 */
#ifndef PROFED_UI_PREVIEW_H
#define PROFED_UI_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"
#include "picture.h"

struct config;
struct http_client;

/* A local path is decoded once its text has not changed for this long. */
#define UI_PV_SETTLE_MS 300
/* Decoded local pictures kept (per path, size, modification time). */
#define UI_PV_CACHE 4

enum ui_preview_state {
	UI_PV_NONE,     /* nothing to show */
	UI_PV_TEXT,     /* only the note (previews off, a file id) */
	UI_PV_LOADING,  /* downloading */
	UI_PV_WAITING,  /* a path still being typed: decoded when it settles */
	UI_PV_READY,    /* pixels decoded */
	UI_PV_FAILED,   /* the note says why there is no picture */
};

struct ui_preview_slot {
	char *key;                   /* the URL or field text shown; NULL none */
	enum ui_preview_state state;
	char note[256];              /* what to say under / instead of it */
	struct picture_rgba rgba;    /* UI_PV_READY (at most KEEP_SIDE a side) */
	struct picture_cells cells;  /* rendered for the box below */
	int box_cols, box_rows;      /* 0: not rendered yet */
	long fetch;                  /* transfer in flight, 0 none */
	unsigned long settle_at;     /* UI_PV_WAITING: when to decode (ms) */
	/* pixel modes: chafa's sequence for box_cols x box_rows cells of
	 * cell_w x cell_h pixels, covering seq_cols x seq_rows cells */
	char *seq;
	size_t seq_len;
	int seq_cols, seq_rows, cell_w, cell_h;
	unsigned gen;                /* changes with seq */
};

/* A decoded local picture. */
struct ui_preview_cached {
	char *path;                  /* expanded; NULL: free entry */
	long long size, mtime_ns;
	char desc[200];              /* image_describe */
	struct picture_rgba rgba;
};

/* Where a pixel image is (screen cells) and which encoding it is. */
struct ui_preview_place {
	const struct ui_preview_slot *slot;
	int y, x, rows, cols;
	unsigned gen;
	int area_x;                  /* the previews' left column */
	unsigned long cells;         /* sixel: hash of the cells curses has in
	                              * its rows from area_x to the right */
};

struct ui_preview {
	bool on;                     /* pictures are drawn (art or pixels) */
	char off_why[64];            /* why not, when !on */
	enum config_images mode;     /* used: symbols, sixel or kitty */
	char mode_note[160];         /* why not the mode asked ("" none) */
	int tty;                     /* where pixel images are written */
	struct ui_preview_cached cache[UI_PV_CACHE];
	unsigned cache_next;         /* the entry replaced next */
	struct ui_preview_place placed[2]; /* this frame's pixel images */
	int n_placed;
	struct ui_preview_place shown[2];  /* on the terminal now */
	int n_shown;
	int area_x;                  /* the previews' left column this frame */
	bool emit;                   /* ui_preview_emit has work */
	bool emit_delete;            /* ... starting with a kitty delete */
	struct http_client *http;    /* the api's client; not owned */
	char *home;                  /* $HOME for "~/" in the field */
	size_t max_bytes;            /* local pictures: max-picture-mb */
	int *flags;                  /* raise UI_REDRAW here from downloads */
	struct ui_preview_slot cur;  /* the profile's picture now */
	struct ui_preview_slot next; /* what the picture field names */
	short *pairs;                /* (fg+1)*257+(bg+1) -> pair; 0 none */
	int n_pairs;                 /* pairs handed out */
};

/* What the terminal is, for --images=sixel|kitty: the environment, and
 * when it could matter (sixel asked, the environment silent) the answer
 * to one DA1 query (ESC [ c), read for at most UI_PV_DA1_MS. Call before
 * curses takes the terminal (newterm); the tty modes are restored. */
#define UI_PV_DA1_MS 500
void ui_preview_probe(struct picture_term *t, enum config_images asked);

/* Set up from cfg (--images, max-picture-mb), the terminal t (from
 * ui_preview_probe) and the locale (call after the colours are
 * initialised). http: where downloads go (the api's client, api_http).
 * flags: where a finished download asks for a redraw. tty: the
 * terminal's fd for pixel images. */
void ui_preview_init(struct ui_preview *pv, const struct config *cfg,
                     const struct picture_term *t, struct http_client *http,
                     int *flags, int tty);

/* Cancel downloads, delete kitty images still shown, free everything.
 * Before the http client goes and before endwin. Accepts a zeroed
 * preview. */
void ui_preview_free(struct ui_preview *pv);

/* The sentence saying that the mode asked is not used and why, once:
 * NULL after the first call or when there is nothing to say. */
const char *ui_preview_take_note(struct ui_preview *pv);

/* Follow the profile's picture URL (NULL or "" none) and the picture
 * field's new text (NULL when unchanged). Cheap when neither changed;
 * otherwise starts a download, or, for a local path, waits for the text
 * to settle (nothing is read or decoded here). */
void ui_preview_sync(struct ui_preview *pv, const char *url,
                     const char *new_text);

/* Milliseconds until ui_preview_run has work (a path settled), 0 when it
 * has now, -1 when nothing waits. */
int ui_preview_next_wakeup_ms(const struct ui_preview *pv);

/* Check and decode a path that has settled (the file is read here, once
 * per path, size and modification time). Returns true when the panel
 * must be drawn again. */
bool ui_preview_run(struct ui_preview *pv);

/* Frames with pixel images. Before the panel is drawn: */
void ui_preview_frame_begin(struct ui_preview *pv);
/* After everything is drawn in w, before doupdate: decide what the
 * terminal needs (visible false: the previews are covered or not drawn,
 * images go). Sixel rows that change are repainted (wredrawln). */
void ui_preview_frame_end(struct ui_preview *pv, WINDOW *w, bool visible);
/* After doupdate: write the images (or the kitty delete), the cursor
 * where curses left it. */
void ui_preview_emit(struct ui_preview *pv);

/* Rows the preview would take with at most avail rows: 0 when there is
 * nothing to show (only the URL, drawn by the panel). */
int ui_preview_rows(const struct ui_preview *pv, int avail);

/* Draw in the rectangle (rows y..y+h-1, columns x..x+width-1): the
 * current picture, and beside it the new one with its description.
 * Returns the rows used. */
int ui_preview_draw(struct ui_preview *pv, WINDOW *w, int y, int x, int h,
                    int width);

#endif
