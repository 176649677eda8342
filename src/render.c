/* render.c - chafa's character cells and sixel/kitty images, inside
 * profed-decode only (see render.h). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include <chafa.h>

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

/* See render.h. */
void render_warm_up(void)
{
	unsigned char px[4 * 4 * 4];
	struct picture_rgba p = { px, 4, 4 };
	struct picture_cells c;
	struct pf_error err;
	char *seq = NULL;
	size_t len;
	int cols, rows;

	memset(px, 0x80, sizeof px);
	chafa_set_n_threads(1);
	if (render_cells(&p, 2, 2, PICTURE_240, &c, &err) == 0)
		picture_cells_free(&c);
	if (render_cells(&p, 2, 2, PICTURE_16, &c, &err) == 0)
		picture_cells_free(&c);
	if (render_cells(&p, 2, 2, PICTURE_MONO, &c, &err) == 0)
		picture_cells_free(&c);
	if (render_pixels(&p, CONFIG_IMAGES_SIXEL, 2, 2, 8, 16, &seq, &len, &cols,
	                  &rows, &err) == 0)
		free(seq);
	if (render_pixels(&p, CONFIG_IMAGES_KITTY, 2, 2, 8, 16, &seq, &len, &cols,
	                  &rows, &err) == 0)
		free(seq);
}

/* The largest canvas of at most *w x *h cells that keeps p's aspect at
 * this cell width/height ratio; at least 1 x 1. */
static void fit_canvas(const struct picture_rgba *p, gint *w, gint *h,
                       gfloat font_ratio)
{
	chafa_calc_canvas_geometry(p->width, p->height, w, h, font_ratio, TRUE,
	                           FALSE);
	if (*w < 1)
		*w = 1;
	if (*h < 1)
		*h = 1;
}

/* See render.h. */
int render_cells(const struct picture_rgba *p, int max_cols, int max_rows,
                   enum picture_colors colors, struct picture_cells *out,
                   struct pf_error *err)
{
	memset(out, 0, sizeof *out);
	if (!p || !p->px || max_cols < 1 || max_rows < 1)
		return pf_error_set(err, PF_ERR_USAGE, "no room for the picture");
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
		fit_canvas(p, &w, &h, 0.5f);
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
}

/* See render.h. */
int render_pixels(const struct picture_rgba *p, enum config_images mode,
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
	{
		ChafaCanvasConfig *cfg = chafa_canvas_config_new();
		ChafaCanvas *canvas;
		GString *gs;
		gint w = max_cols, h = max_rows;

		fit_canvas(p, &w, &h, (gfloat)cell_w / (gfloat)cell_h);
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
}
