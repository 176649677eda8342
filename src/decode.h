/* decode.h - PNG, JPEG, GIF and WebP bytes into RGBA pixels: the code that
 * runs only inside the sandboxed helper, profed-decode (src/decode_main.c;
 * docs/pictures.md, "The decoder sandbox"). profed itself never links it.
 *
 * Decoders upstream fuzzes continuously: libpng (simplified API),
 * libjpeg-turbo, giflib (first frame) and libwebp. The type comes from the
 * bytes (image_sniff). Width and height are read from the header and
 * checked against max_side BEFORE any pixel buffer is allocated (bombs);
 * a JPEG larger than needed is decoded at 1/2, 1/4 or 1/8 scale. The
 * result is shrunk (picture_shrink) so neither side exceeds keep_side.
 * No I/O, no curses; everything is in memory.
 */
#ifndef PROFED_DECODE_H
#define PROFED_DECODE_H

#include <stddef.h>

#include "picture.h"

enum decode_status {
	DECODE_OK = 0,
	DECODE_NOT_IMAGE,   /* not a PNG, JPEG, GIF or WebP */
	DECODE_TOO_LARGE,   /* over max_side on a side: *w, *h say how large */
	DECODE_DAMAGED,     /* the decoder refused the bytes */
	DECODE_NOMEM,
};

/* Decode the n bytes into *out (free with picture_rgba_free), at most
 * keep_side pixels on a side. *w and *h receive the picture's own size
 * when it is known (0 otherwise). Returns DECODE_OK, or another status
 * with *out zeroed. */
enum decode_status decode_image(const void *bytes, size_t n, int max_side,
                                int keep_side, struct picture_rgba *out,
                                int *w, int *h);

#endif
