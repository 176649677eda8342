/* picture_px.c - pixel buffers: freeing and shrinking (see picture.h).
 * Pure C with no library: linked by profed and by profed-decode. */
#include "picture.h"

#include <stdlib.h>
#include <string.h>

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
