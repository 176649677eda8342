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
