/* picture.h - turning a picture into character-cell art for the editor's
 * preview, and fetching a remote picture for it. No curses here: the UI
 * (ui/preview.c) puts the cells on the screen with its own colour pairs.
 *
 * Decoding and rendering never happen in profed: picture_decode,
 * picture_render and picture_encode each ask a fresh, sandboxed
 * profed-decode process (sandbox.h), which alone links the decoders
 * (libpng, libjpeg-turbo, giflib, libwebp; decode.h) and libchafa
 * (render.h). Decoded pixels are always 8-bit RGBA and arrive already
 * shrunk to at most PICTURE_KEEP_SIDE on a side, so profed never holds a
 * large picture. The type comes from the bytes (image_sniff), never from a
 * name. Pictures larger than PICTURE_MAX_SIDE on either side are refused
 * before any pixel is decoded (decompression bombs). Whatever the helper
 * does (crash, hang, garbage), these calls fail with PF_ERR_PARSE "the
 * picture could not be decoded" and profed goes on.
 *
 * Rendering: libchafa in symbols mode (block elements and spaces only, so
 * every cell is one column wide in every terminal font), into a grid of
 * cells that hold a character and palette indexes (checked when they come
 * back); or, for terminals with pixel graphics, chafa's sixel or kitty
 * encoder over our decoded pixels (picture_encode), returned as bytes:
 * nothing here writes to a terminal.
 *
 * Modes (picture_mode_resolve): what --images asked for and what the
 * terminal looks capable of give the mode used; no curses, no I/O here.
 *
 * Everything is optional at build time (configure --disable-previews, or
 * the libraries missing: then no helper is built): picture_previews_built()
 * is false and picture_decode/picture_render fail with a sentence saying
 * so. picture_rgba_free, picture_cells_free and picture_shrink live in
 * picture_px.c (no library), which the helper links too.
 *
 * Fetching: GET of an https URL (http only when the API itself is on
 * loopback) with the shared http client, never with the Authorization
 * header (with_auth false; http.c would also refuse to send it to another
 * origin), a short timeout and the client's body cap, and only to a public
 * address unless the API's own host is loopback or private (public_only:
 * checked on the address connected to, urlpolicy.h).
 */
#ifndef PROFED_PICTURE_H
#define PROFED_PICTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#include "config.h"

/* Refused above this many pixels on a side. */
#define PICTURE_MAX_SIDE 4096
/* Decoded pictures are kept at most this many pixels on a side (a preview
 * is a few hundred pixels at most; picture_shrink). */
#define PICTURE_KEEP_SIDE 512
/* A remote picture's download: time limit and size limit. */
#define PICTURE_FETCH_TIMEOUT_MS 10000L
#define PICTURE_FETCH_MAX_BYTES (4u * 1024u * 1024u)

/* Decoded pixels: width * height * 4 bytes, RGBA, unassociated alpha. */
struct picture_rgba {
	unsigned char *px;
	int width, height;
};

/* The palette the cells are rendered for. */
enum picture_colors {
	PICTURE_MONO,   /* no colour: the shape only (symbols on default colours) */
	PICTURE_8,      /* palette indexes 0-7 */
	PICTURE_16,     /* 0-15 */
	PICTURE_240,    /* 16-255 of the xterm 256-colour palette */
};

/* One character cell: a code point (U+0020 or a block element) and the
 * palette indexes of its foreground and background, -1 for the
 * terminal's default (transparent pixels, and always in PICTURE_MONO). */
struct picture_cell {
	uint32_t ch;
	short fg, bg;
};

struct picture_cells {
	int cols, rows;
	struct picture_cell *cell; /* rows * cols, row by row */
};

/* Whether this build can decode and render at all. */
bool picture_previews_built(void);

/* The image libraries of the helper, for --version: "libchafa 1.12.4,
 * libpng 1.6.39, ... (in profed-decode)" written into buf (what configure
 * found); "" without previews. Returns buf. */
const char *picture_library_versions(char *buf, size_t len);

/* Decode the n bytes of a PNG, JPEG, GIF or WebP picture into *out
 * (free with picture_rgba_free), in the sandboxed helper: at most
 * PICTURE_KEEP_SIDE pixels a side (larger pictures come back shrunk,
 * keeping their shape). Blocks for at most SANDBOX_TIMEOUT_MS. Returns 0,
 * or -1 with err (PF_ERR_PARSE: not an image of those types, damaged, too
 * large in pixels, or "the picture could not be decoded" when the helper
 * failed; PF_ERR_NOMEM; PF_ERR_USAGE when previews are not built) and *out
 * zeroed. */
int picture_decode(const void *bytes, size_t n, struct picture_rgba *out,
                   struct pf_error *err);

/* picture_decode of the n bytes read from fd (from its current offset),
 * sent to the helper 64 KiB at a time: a large local file is never whole
 * in profed. The type is told by the helper. Same results; a file
 * shorter than n fails. The caller keeps and closes fd. */
int picture_decode_fd(int fd, size_t n, struct picture_rgba *out,
                      struct pf_error *err);
void picture_rgba_free(struct picture_rgba *p); /* accepts NULL */

/* Render p into at most max_cols x max_rows cells, keeping its shape
 * (a cell is about twice as high as wide; small pictures are enlarged to
 * fit) for the palette colors. *out is replaced (free with
 * picture_cells_free). Returns 0, or -1 with err (nothing to draw in,
 * previews not built) and *out zeroed. */
int picture_render(const struct picture_rgba *p, int max_cols, int max_rows,
                   enum picture_colors colors, struct picture_cells *out,
                   struct pf_error *err);
void picture_cells_free(struct picture_cells *c); /* accepts NULL */

/* Shrink p in place so neither side exceeds max_side, keeping its shape
 * (box filter, alpha-weighted). Nothing happens when it is small enough.
 * Returns 0, or -1 with err (PF_ERR_NOMEM; p is then unchanged). */
int picture_shrink(struct picture_rgba *p, int max_side, struct pf_error *err);

/* What the terminal tells about itself, for picture_mode_resolve: the
 * environment (NULL when unset) and the answer to a DA1 query. */
struct picture_term {
	const char *term;            /* TERM */
	const char *term_program;    /* TERM_PROGRAM */
	const char *kitty_window_id; /* KITTY_WINDOW_ID */
	const char *tmux;            /* TMUX */
	int da1_sixel;               /* 1: DA1 lists 4 (sixel), 0: it does not
	                              * or no answer, -1: not asked */
};

/* Whether asking the terminal (DA1) could change the outcome: sixel was
 * asked for and the environment alone does not show it is supported. */
bool picture_mode_wants_da1(enum config_images asked,
                            const struct picture_term *t);

/* The mode used for asked in terminal t: sixel and kitty only when the
 * terminal looks capable, else symbols with the reason in note (a
 * sentence for the status line; "" when the mode is the one asked).
 *  kitty: TERM xterm-kitty or xterm-ghostty, KITTY_WINDOW_ID set, or
 *         TERM_PROGRAM WezTerm or ghostty; never inside tmux (TMUX set),
 *         which does not pass kitty graphics on.
 *  sixel: TERM_PROGRAM WezTerm, mlterm or iTerm.app, TERM foot*,
 *         mlterm*, contour* or yaft*, or a DA1 answer listing 4. */
enum config_images picture_mode_resolve(enum config_images asked,
                                        const struct picture_term *t,
                                        char *note, size_t note_len);

/* Whether a DA1 answer (ESC [ ? Ps ; ... c, n bytes, possibly with other
 * bytes around it) lists attribute 4, sixel graphics. */
bool picture_da1_has_sixel(const char *answer, size_t n);

/* Encode p as a sixel (CONFIG_IMAGES_SIXEL) or kitty
 * (CONFIG_IMAGES_KITTY) image of at most max_cols x max_rows cells of
 * cell_w x cell_h pixels, keeping its shape, with chafa's encoder. *out
 * receives the bytes (malloc'd, caller frees; *len their count) and
 * *cols, *rows the cells the image covers. Returns 0, or -1 with err
 * (another mode, no room, out of memory, previews not built) and *out
 * NULL. */
int picture_encode(const struct picture_rgba *p, enum config_images mode,
                   int max_cols, int max_rows, int cell_w, int cell_h,
                   char **out, size_t *len, int *cols, int *rows,
                   struct pf_error *err);

/* Whether url may be fetched for a preview: http:// or https://, a host,
 * no user name or password, no white space or control characters, and a
 * host that can exist (names under the reserved .invalid top-level domain
 * never resolve, RFC 6761, so they are refused without asking DNS). false
 * with the reason in why. */
bool picture_url_ok(const char *url, char *why, size_t why_len);

struct http_client;

/* The end of a fetch: the body (valid only during the call) or NULL with
 * err (the url refused, transport, a status other than 200, too large,
 * PF_ERR_CANCELLED). */
typedef void (*picture_fetch_fn)(void *ud, const char *body, size_t len,
                                 const struct pf_error *err);

/* Start downloading url (checked with picture_url_ok; https unless c's
 * API is on loopback) on c without the token, to a public address only
 * (unless c's API is loopback or private). Returns the transfer id (> 0; http_cancel cancels it, the
 * callback then runs with PF_ERR_CANCELLED) or -1 with err (nothing
 * started, done not called). */
long picture_fetch_start(struct http_client *c, const char *url,
                         picture_fetch_fn done, void *ud, struct pf_error *err);

#endif
