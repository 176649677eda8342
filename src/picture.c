/* picture.c - decoding and character-cell rendering of pictures, and
 * their download for the preview (see picture.h). */
#include "picture.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoconf.h"
#include "http.h"
#include "image.h"

#ifdef HAVE_PREVIEWS
#include <chafa.h>
#include <stb_image.h>
#include <webp/decode.h>
#endif

/* See picture.h. */
bool picture_previews_built(void)
{
#ifdef HAVE_PREVIEWS
	return true;
#else
	return false;
#endif
}

/* See picture.h. chafa's version is the one built against (it has no
 * run-time query); libwebp's is the library loaded. */
const char *picture_library_versions(char *buf, size_t len)
{
	if (!buf || !len)
		return "";
#ifdef HAVE_PREVIEWS
	int webp = WebPGetDecoderVersion();
	snprintf(buf, len, "libchafa %d.%d.%d, libwebp %d.%d.%d, stb_image",
	         CHAFA_MAJOR_VERSION, CHAFA_MINOR_VERSION, CHAFA_MICRO_VERSION,
	         (webp >> 16) & 0xff, (webp >> 8) & 0xff, webp & 0xff);
#else
	buf[0] = '\0';
#endif
	return buf;
}

/* Free the pixels; the struct is zeroed. Accepts NULL. */
void picture_rgba_free(struct picture_rgba *p)
{
	if (!p)
		return;
	free(p->px);
	memset(p, 0, sizeof *p);
}

/* Free the cells; the struct is zeroed. Accepts NULL. */
void picture_cells_free(struct picture_cells *c)
{
	if (!c)
		return;
	free(c->cell);
	memset(c, 0, sizeof *c);
}

#ifdef HAVE_PREVIEWS
/* Whether a w x h picture may be decoded (PICTURE_MAX_SIDE). */
static bool size_ok(int w, int h)
{
	return w > 0 && h > 0 && w <= PICTURE_MAX_SIDE && h <= PICTURE_MAX_SIDE;
}

/* Copy w x h RGBA pixels into a malloc'd buffer of out. -1 out of memory. */
static int keep_pixels(const unsigned char *px, int w, int h,
                       struct picture_rgba *out)
{
	size_t n = (size_t)w * (size_t)h * 4u;

	out->px = malloc(n);
	if (!out->px)
		return -1;
	memcpy(out->px, px, n);
	out->width = w;
	out->height = h;
	return 0;
}

/* WebP through libwebp. */
static int decode_webp(const void *bytes, size_t n, struct picture_rgba *out,
                       struct pf_error *err)
{
	int w = 0, h = 0, rc;
	uint8_t *px;

	if (!WebPGetInfo(bytes, n, &w, &h))
		return pf_error_set(err, PF_ERR_PARSE, "the WebP picture is damaged");
	if (!size_ok(w, h))
		return pf_error_set(err, PF_ERR_PARSE, "the picture is too large "
		                    "to preview (%dx%d pixels, at most %d a side)",
		                    w, h, PICTURE_MAX_SIDE);
	px = WebPDecodeRGBA(bytes, n, &w, &h);
	if (!px)
		return pf_error_set(err, PF_ERR_PARSE, "the WebP picture is damaged");
	rc = keep_pixels(px, w, h, out);
	WebPFree(px);
	if (rc != 0)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	return 0;
}

/* PNG, JPEG and GIF through stb_image (its lengths are ints). */
static int decode_stb(const void *bytes, size_t n, struct picture_rgba *out,
                      struct pf_error *err)
{
	int w = 0, h = 0, comp = 0, rc;
	unsigned char *px;

	if (n > INT_MAX)
		return pf_error_set(err, PF_ERR_PARSE, "the picture is too large "
		                    "to preview");
	if (!stbi_info_from_memory(bytes, (int)n, &w, &h, &comp))
		return pf_error_set(err, PF_ERR_PARSE, "the picture is damaged (%s)",
		                    stbi_failure_reason());
	if (!size_ok(w, h))
		return pf_error_set(err, PF_ERR_PARSE, "the picture is too large "
		                    "to preview (%dx%d pixels, at most %d a side)",
		                    w, h, PICTURE_MAX_SIDE);
	px = stbi_load_from_memory(bytes, (int)n, &w, &h, &comp, 4);
	if (!px)
		return pf_error_set(err, PF_ERR_PARSE, "the picture is damaged (%s)",
		                    stbi_failure_reason());
	rc = size_ok(w, h) ? keep_pixels(px, w, h, out) : -1;
	stbi_image_free(px);
	if (rc != 0)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	return 0;
}
#endif

/* See picture.h. */
int picture_decode(const void *bytes, size_t n, struct picture_rgba *out,
                   struct pf_error *err)
{
	const char *format = NULL;

	memset(out, 0, sizeof *out);
	if (!bytes || !image_sniff(bytes, n, &format))
		return pf_error_set(err, PF_ERR_PARSE, "not a PNG, JPEG, GIF or "
		                    "WebP picture");
#ifdef HAVE_PREVIEWS
	if (strcmp(format, "WebP") == 0)
		return decode_webp(bytes, n, out, err);
	return decode_stb(bytes, n, out, err);
#else
	return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
	                    "without picture previews");
#endif
}

#ifdef HAVE_PREVIEWS
/* The chafa canvas mode of a palette. */
static ChafaCanvasMode canvas_mode(enum picture_colors colors)
{
	switch (colors) {
	case PICTURE_240:
		return CHAFA_CANVAS_MODE_INDEXED_240;
	case PICTURE_16:
		return CHAFA_CANVAS_MODE_INDEXED_16;
	case PICTURE_8:
		return CHAFA_CANVAS_MODE_INDEXED_8;
	default:
		return CHAFA_CANVAS_MODE_FGBG;
	}
}

/* A palette index from chafa's raw colour: -1 stays the default. */
static short cell_color(gint raw, enum picture_colors colors)
{
	if (colors == PICTURE_MONO || raw < 0 || raw > 255)
		return -1;
	return (short)raw;
}
#endif

/* See picture.h. */
int picture_render(const struct picture_rgba *p, int max_cols, int max_rows,
                   enum picture_colors colors, struct picture_cells *out,
                   struct pf_error *err)
{
	memset(out, 0, sizeof *out);
	if (!p || !p->px || max_cols < 1 || max_rows < 1)
		return pf_error_set(err, PF_ERR_USAGE, "no room for the picture");
#ifdef HAVE_PREVIEWS
	{
		ChafaSymbolMap *map = chafa_symbol_map_new();
		ChafaCanvasConfig *cfg = chafa_canvas_config_new();
		ChafaCanvas *canvas;
		gint w = max_cols, h = max_rows;

		/* block elements and the space only: one column in every font */
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK |
		                                  CHAFA_SYMBOL_TAG_SPACE);
		chafa_symbol_map_remove_by_tags(map, CHAFA_SYMBOL_TAG_WIDE |
		                                     CHAFA_SYMBOL_TAG_AMBIGUOUS);
		/* a cell is about twice as high as wide: font ratio 1/2 */
		chafa_calc_canvas_geometry(p->width, p->height, &w, &h, 0.5f, TRUE,
		                           FALSE);
		if (w < 1)
			w = 1;
		if (h < 1)
			h = 1;
		chafa_canvas_config_set_geometry(cfg, w, h);
		chafa_canvas_config_set_canvas_mode(cfg, canvas_mode(colors));
		chafa_canvas_config_set_symbol_map(cfg, map);
		canvas = chafa_canvas_new(cfg);
		chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
		                             p->px, p->width, p->height,
		                             p->width * 4);
		out->cell = calloc((size_t)w * (size_t)h, sizeof *out->cell);
		if (out->cell) {
			out->cols = w;
			out->rows = h;
			for (gint y = 0; y < h; y++) {
				for (gint x = 0; x < w; x++) {
					struct picture_cell *c = &out->cell[y * w + x];
					gint fg = -1, bg = -1;
					c->ch = chafa_canvas_get_char_at(canvas, x, y);
					chafa_canvas_get_raw_colors_at(canvas, x, y, &fg, &bg);
					c->fg = cell_color(fg, colors);
					c->bg = cell_color(bg, colors);
					if (c->ch < 0x20)
						c->ch = ' ';
				}
			}
		}
		chafa_canvas_unref(canvas);
		chafa_canvas_config_unref(cfg);
		chafa_symbol_map_unref(map);
		if (!out->cell)
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return 0;
	}
#else
	(void)colors;
	return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
	                    "without picture previews");
#endif
}

/* See picture.h. Each output pixel averages the box of source pixels it
 * covers; colours are weighted by alpha so transparent pixels do not
 * darken the edges. */
int picture_shrink(struct picture_rgba *p, int max_side, struct pf_error *err)
{
	int w, h;
	unsigned char *dst;

	if (!p || !p->px || max_side < 1 ||
	    (p->width <= max_side && p->height <= max_side))
		return 0;
	if (p->width >= p->height) {
		w = max_side;
		h = (int)((long long)p->height * max_side / p->width);
	} else {
		h = max_side;
		w = (int)((long long)p->width * max_side / p->height);
	}
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	dst = malloc((size_t)w * (size_t)h * 4u);
	if (!dst)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	for (int y = 0; y < h; y++) {
		int y0 = (int)((long long)y * p->height / h);
		int y1 = (int)((long long)(y + 1) * p->height / h);
		if (y1 <= y0)
			y1 = y0 + 1;
		for (int x = 0; x < w; x++) {
			int x0 = (int)((long long)x * p->width / w);
			int x1 = (int)((long long)(x + 1) * p->width / w);
			unsigned long long r = 0, g = 0, b = 0, a = 0, n = 0;
			unsigned char *o = dst + ((size_t)y * (size_t)w + (size_t)x) * 4u;
			if (x1 <= x0)
				x1 = x0 + 1;
			for (int sy = y0; sy < y1; sy++) {
				const unsigned char *q = p->px +
					((size_t)sy * (size_t)p->width + (size_t)x0) * 4u;
				for (int sx = x0; sx < x1; sx++, q += 4) {
					r += (unsigned long long)q[0] * q[3];
					g += (unsigned long long)q[1] * q[3];
					b += (unsigned long long)q[2] * q[3];
					a += q[3];
					n++;
				}
			}
			o[0] = (unsigned char)(a ? r / a : 0);
			o[1] = (unsigned char)(a ? g / a : 0);
			o[2] = (unsigned char)(a ? b / a : 0);
			o[3] = (unsigned char)(n ? a / n : 0);
		}
	}
	free(p->px);
	p->px = dst;
	p->width = w;
	p->height = h;
	return 0;
}

/* Whether s is set and equals one of the NULL-terminated names
 * (case-insensitive). */
static bool one_of(const char *s, const char *const *names)
{
	for (; s && *names; names++)
		if (strcasecmp(s, *names) == 0)
			return true;
	return false;
}

/* Whether s is set and starts with one of the NULL-terminated prefixes. */
static bool starts_one_of(const char *s, const char *const *prefixes)
{
	for (; s && *prefixes; prefixes++)
		if (strncmp(s, *prefixes, strlen(*prefixes)) == 0)
			return true;
	return false;
}

/* Whether the environment alone shows kitty graphics. */
static bool env_kitty(const struct picture_term *t)
{
	static const char *const terms[] = { "xterm-kitty", "xterm-ghostty",
	                                     NULL };
	static const char *const programs[] = { "WezTerm", "ghostty", NULL };

	if (t->tmux && *t->tmux)
		return false; /* tmux does not pass kitty graphics on */
	return one_of(t->term, terms) || one_of(t->term_program, programs) ||
	       (t->kitty_window_id && *t->kitty_window_id);
}

/* Whether the environment alone shows sixel graphics. */
static bool env_sixel(const struct picture_term *t)
{
	static const char *const programs[] = { "WezTerm", "mlterm",
	                                        "iTerm.app", NULL };
	static const char *const terms[] = { "foot", "mlterm", "contour",
	                                     "yaft", NULL };

	return one_of(t->term_program, programs) || starts_one_of(t->term, terms);
}

/* See picture.h. */
bool picture_mode_wants_da1(enum config_images asked,
                            const struct picture_term *t)
{
	return asked == CONFIG_IMAGES_SIXEL && t && !env_sixel(t);
}

/* See picture.h. */
enum config_images picture_mode_resolve(enum config_images asked,
                                        const struct picture_term *t,
                                        char *note, size_t note_len)
{
	static const struct picture_term none = { .da1_sixel = -1 };
	const char *term;

	if (note && note_len)
		note[0] = '\0';
	if (!t)
		t = &none;
	term = t->term && *t->term ? t->term : "unset";
	switch (asked) {
	case CONFIG_IMAGES_NONE:
	case CONFIG_IMAGES_SYMBOLS:
		return asked;
	case CONFIG_IMAGES_KITTY:
		if (env_kitty(t))
			return asked;
		if (note && note_len)
			snprintf(note, note_len, "Kitty graphics not available %s: "
			         "pictures as character cells.", t->tmux && *t->tmux
			         ? "inside tmux" : "in this terminal");
		return CONFIG_IMAGES_SYMBOLS;
	case CONFIG_IMAGES_SIXEL:
		if (env_sixel(t) || t->da1_sixel == 1)
			return asked;
		if (note && note_len)
			snprintf(note, note_len, "Sixel graphics not detected "
			         "(TERM=%.40s): pictures as character cells.", term);
		return CONFIG_IMAGES_SYMBOLS;
	}
	return CONFIG_IMAGES_SYMBOLS;
}

/* See picture.h. Looks for CSI ? (ESC [ ? or the 8-bit 0x9b ?), then
 * numbers separated by ';' up to the final 'c'. */
bool picture_da1_has_sixel(const char *answer, size_t n)
{
	for (size_t i = 0; answer && i < n; i++) {
		size_t j;
		long v = -1;

		if (answer[i] == '\x1b' && i + 2 < n && answer[i + 1] == '[' &&
		    answer[i + 2] == '?')
			j = i + 3;
		else if ((unsigned char)answer[i] == 0x9b && i + 1 < n &&
		         answer[i + 1] == '?')
			j = i + 2;
		else
			continue;
		for (; j < n; j++) {
			char c = answer[j];
			if (c >= '0' && c <= '9') {
				v = (v < 0 ? 0 : v) * 10 + (c - '0');
				if (v > 100000)
					break;
			} else if (c == ';' || c == 'c') {
				if (v == 4)
					return true;
				v = -1;
				if (c == 'c')
					break;
			} else {
				break;
			}
		}
	}
	return false;
}

/* See picture.h. */
int picture_encode(const struct picture_rgba *p, enum config_images mode,
                   int max_cols, int max_rows, int cell_w, int cell_h,
                   char **out, size_t *len, int *cols, int *rows,
                   struct pf_error *err)
{
	*out = NULL;
	*len = 0;
	*cols = *rows = 0;
	if (mode != CONFIG_IMAGES_SIXEL && mode != CONFIG_IMAGES_KITTY)
		return pf_error_set(err, PF_ERR_USAGE, "not a pixel graphics mode");
	if (!p || !p->px || max_cols < 1 || max_rows < 1 || cell_w < 1 ||
	    cell_h < 1)
		return pf_error_set(err, PF_ERR_USAGE, "no room for the picture");
#ifdef HAVE_PREVIEWS
	{
		ChafaCanvasConfig *cfg = chafa_canvas_config_new();
		ChafaCanvas *canvas;
		GString *gs;
		gint w = max_cols, h = max_rows;

		chafa_calc_canvas_geometry(p->width, p->height, &w, &h,
		                           (gfloat)cell_w / (gfloat)cell_h, TRUE,
		                           FALSE);
		if (w < 1)
			w = 1;
		if (h < 1)
			h = 1;
		chafa_canvas_config_set_geometry(cfg, w, h);
		chafa_canvas_config_set_cell_geometry(cfg, cell_w, cell_h);
		chafa_canvas_config_set_pixel_mode(cfg, mode == CONFIG_IMAGES_SIXEL
		                                   ? CHAFA_PIXEL_MODE_SIXELS
		                                   : CHAFA_PIXEL_MODE_KITTY);
		chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_TRUECOLOR);
		canvas = chafa_canvas_new(cfg);
		chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
		                             p->px, p->width, p->height,
		                             p->width * 4);
		/* NULL: chafa's fallback sequences, the standard DCS/APC forms */
		gs = chafa_canvas_print(canvas, NULL);
		chafa_canvas_unref(canvas);
		chafa_canvas_config_unref(cfg);
		if (!gs || gs->len == 0) {
			if (gs)
				g_string_free(gs, TRUE);
			return pf_error_set(err, PF_ERR_NOMEM, "the picture could "
			                    "not be encoded");
		}
		*out = malloc(gs->len);
		if (*out) {
			memcpy(*out, gs->str, gs->len);
			*len = gs->len;
			*cols = w;
			*rows = h;
		}
		g_string_free(gs, TRUE);
		if (!*out)
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return 0;
	}
#else
	return pf_error_set(err, PF_ERR_USAGE, "this profed was built "
	                    "without picture previews");
#endif
}

/* Whether host (len bytes) is under the reserved .invalid domain. */
static bool host_invalid(const char *host, size_t len)
{
	static const char tld[] = "invalid";
	size_t t = sizeof tld - 1;

	while (len > 0 && host[len - 1] == '.')
		len--; /* "media.example.invalid." */
	if (len < t || strncasecmp(host + len - t, tld, t) != 0)
		return false;
	return len == t || host[len - t - 1] == '.';
}

/* See picture.h. */
bool picture_url_ok(const char *url, char *why, size_t why_len)
{
	const char *host, *end;
	size_t n;

	if (!url || !*url) {
		snprintf(why, why_len, "no picture");
		return false;
	}
	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else {
		snprintf(why, why_len, "not an http or https address");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f) {
			snprintf(why, why_len, "the address holds blanks or "
			         "control characters");
			return false;
		}
	}
	n = strcspn(host, "/?#");
	end = memchr(host, '@', n);
	if (end) {
		snprintf(why, why_len, "the address holds a user name");
		return false;
	}
	/* the host without its port ([v6] literals keep their brackets) */
	end = host[0] == '[' ? memchr(host, ']', n) : memchr(host, ':', n);
	if (host[0] == '[' && end)
		end++;
	if (!end)
		end = host + n;
	if (end == host) {
		snprintf(why, why_len, "the address has no host");
		return false;
	}
	if (host_invalid(host, (size_t)(end - host))) {
		snprintf(why, why_len, "the host cannot exist (.invalid)");
		return false;
	}
	return true;
}

/* What a fetch needs back from the http client. */
struct fetch_ctx {
	picture_fetch_fn done;
	void *ud;
};

/* The http answer: 200 with a body under the cap, else an error. */
static void fetch_done(void *ud, const struct http_response *res,
                       const struct pf_error *terr)
{
	struct fetch_ctx *f = ud;
	struct pf_error err;

	pf_error_clear(&err);
	if (!res) {
		f->done(f->ud, NULL, 0, terr);
	} else if (res->status != 200) {
		pf_error_set(&err, PF_ERR_HTTP, "the picture's host answered %ld",
		             res->status);
		err.status = res->status;
		f->done(f->ud, NULL, 0, &err);
	} else if (res->body_len > PICTURE_FETCH_MAX_BYTES) {
		pf_error_set(&err, PF_ERR_TOO_LARGE, "the picture is larger than "
		             "%u MiB", PICTURE_FETCH_MAX_BYTES / (1024u * 1024u));
		f->done(f->ud, NULL, 0, &err);
	} else {
		f->done(f->ud, res->body, res->body_len, &err);
	}
	free(f);
}

/* See picture.h. */
long picture_fetch_start(struct http_client *c, const char *url,
                         picture_fetch_fn done, void *ud, struct pf_error *err)
{
	static const char *const headers[] = {
		"Accept: image/png, image/jpeg, image/gif, image/webp", NULL
	};
	struct http_request req = { .method = "GET", .url = url,
	                            .headers = headers, .with_auth = false,
	                            .timeout_ms = PICTURE_FETCH_TIMEOUT_MS };
	struct fetch_ctx *f;
	char why[128];
	long id;

	if (!picture_url_ok(url, why, sizeof why))
		return pf_error_set(err, PF_ERR_USAGE, "%s", why);
	f = malloc(sizeof *f);
	if (!f)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	f->done = done;
	f->ud = ud;
	id = http_start(c, &req, fetch_done, f, err);
	if (id < 0)
		free(f);
	return id;
}
