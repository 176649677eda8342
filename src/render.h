/* render.h - RGBA pixels into character cells or a sixel/kitty image with
 * libchafa: the code that runs only inside the sandboxed helper,
 * profed-decode (profed itself never links chafa or glib). The contracts
 * are those of picture_render and picture_encode in picture.h, which ask
 * the helper to run these.
 */
#ifndef PROFED_RENDER_H
#define PROFED_RENDER_H

#include "picture.h"

/* Load chafa's lazily built state (symbol tables, one thread) with a tiny
 * picture of each kind: the helper calls it before its seccomp filter, so
 * nothing later needs a system call the filter refuses. */
void render_warm_up(void);

/* picture_render, in the helper. */
int render_cells(const struct picture_rgba *p, int max_cols, int max_rows,
                 enum picture_colors colors, struct picture_cells *out,
                 struct pf_error *err);

/* picture_encode, in the helper. */
int render_pixels(const struct picture_rgba *p, enum config_images mode,
                  int max_cols, int max_rows, int cell_w, int cell_h,
                  char **out, size_t *len, int *cols, int *rows,
                  struct pf_error *err);

#endif
