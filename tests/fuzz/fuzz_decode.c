/* fuzz_decode.c - libFuzzer target: the picture decoders of profed-decode
 * (src/decode.c: libpng, libjpeg-turbo, giflib, libwebp, then the shrink)
 * on any bytes, as they run inside the sandbox. Seeds: tests/hostile.
 * Invariants: a decoded picture is 1 to keep_side pixels a side and every
 * pixel can be read; a refusal leaves nothing allocated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct picture_rgba p;
	int w, h;
	/* a small max side too, so the refusal paths run as often */
	int max_side = size > 0 && (data[size - 1] & 1) ? 64 : PICTURE_MAX_SIDE;
	enum decode_status st = decode_image(data, size, max_side,
	                                     PICTURE_KEEP_SIDE / 4, &p, &w, &h);

	if (st == DECODE_OK) {
		unsigned sum = 0;
		if (p.width < 1 || p.height < 1 || p.width > PICTURE_KEEP_SIDE / 4 ||
		    p.height > PICTURE_KEEP_SIDE / 4 || !p.px)
			__builtin_trap();
		for (size_t i = 0; i < (size_t)p.width * (size_t)p.height * 4u; i++)
			sum += p.px[i];
		(void)sum;
	} else if (p.px) {
		__builtin_trap();
	}
	picture_rgba_free(&p);
	return 0;
}
