/* preview.h - the profile picture in the account overview: the current
 * picture (downloaded from its URL) and the new one the picture field
 * names (a local file, decoded here), as character-cell art.
 *
 * The core does the work without curses (src/picture.h: decode, render
 * with libchafa, fetch without the token); this module keeps the state of
 * the two pictures, renders them for the room the panel gives, and puts
 * the cells on the screen with colour pairs of its own (a cache after the
 * colour roles' pairs). chafa's escape-sequence output is never used.
 *
 * Off (the panel then shows the URL as text, and the new picture as a
 * line of text): with --no-images, in a build without previews, or in a
 * terminal that is not UTF-8. Monochrome (--no-color, NO_COLOR, no
 * colours): the shapes only, in the default colours.
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

enum ui_preview_state {
	UI_PV_NONE,     /* nothing to show */
	UI_PV_TEXT,     /* only the note (previews off, a file id) */
	UI_PV_LOADING,  /* downloading */
	UI_PV_READY,    /* pixels decoded */
	UI_PV_FAILED,   /* the note says why there is no picture */
};

struct ui_preview_slot {
	char *key;                   /* the URL or field text shown; NULL none */
	enum ui_preview_state state;
	char note[256];              /* what to say under / instead of it */
	struct picture_rgba rgba;    /* UI_PV_READY */
	struct picture_cells cells;  /* rendered for the box below */
	int box_cols, box_rows;      /* 0: not rendered yet */
	long fetch;                  /* transfer in flight, 0 none */
};

struct ui_preview {
	bool on;                     /* pictures are drawn as art */
	char off_why[64];            /* why not, when !on */
	struct http_client *http;    /* the api's client; not owned */
	char *home;                  /* $HOME for "~/" in the field */
	size_t max_bytes;            /* local pictures: max-picture-mb */
	int *flags;                  /* raise UI_REDRAW here from downloads */
	struct ui_preview_slot cur;  /* the profile's picture now */
	struct ui_preview_slot next; /* what the picture field names */
	short *pairs;                /* (fg+1)*257+(bg+1) -> pair; 0 none */
	int n_pairs;                 /* pairs handed out */
};

/* Set up from cfg (--no-images, max-picture-mb) and the terminal (call
 * after the colours are initialised). http: where downloads go (the api's
 * client, api_http). flags: where a finished download asks for a redraw. */
void ui_preview_init(struct ui_preview *pv, const struct config *cfg,
                     struct http_client *http, int *flags);

/* Cancel downloads and free everything. Before the http client goes.
 * Accepts a zeroed preview. */
void ui_preview_free(struct ui_preview *pv);

/* Follow the profile's picture URL (NULL or "" none) and the picture
 * field's new text (NULL when unchanged). Cheap when neither changed;
 * otherwise starts a download or reads and decodes the local file. */
void ui_preview_sync(struct ui_preview *pv, const char *url,
                     const char *new_text);

/* Rows the preview would take with at most avail rows: 0 when there is
 * nothing to show (only the URL, drawn by the panel). */
int ui_preview_rows(const struct ui_preview *pv, int avail);

/* Draw in the rectangle (rows y..y+h-1, columns x..x+width-1): the
 * current picture, and beside it the new one with its description.
 * Returns the rows used. */
int ui_preview_draw(struct ui_preview *pv, WINDOW *w, int y, int x, int h,
                    int width);

#endif
