/* check_decode.c - the code of profed-decode run in this process, so
 * AddressSanitizer and UndefinedBehaviorSanitizer see it (tools/dev
 * asan): the sandbox would hide a crash as a refusal. The decoders
 * (src/decode.c) on every file of the hostile corpus (tests/hostile), and
 * the drawing (src/render.c: character cells in every palette, sixel and
 * kitty) of every picture that decodes, at odd and tiny sizes. Also NULL,
 * empty and nonsense arguments. Built only with previews.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "render.h"
#include "testutil.h"

#define HOSTILE_DIR TEST_FIXTURES_DIR "/../hostile"

START_TEST(hostile_arguments)
{
	struct picture_rgba p;
	int w = -1, h = -1;

	ck_assert_int_eq(decode_image(NULL, 0, 4096, 512, &p, &w, &h),
	                 DECODE_NOT_IMAGE);
	ck_assert_ptr_null(p.px);
	ck_assert_int_eq(w, 0);
	ck_assert_int_eq(decode_image("", 0, 4096, 512, &p, &w, &h),
	                 DECODE_NOT_IMAGE);
	ck_assert_int_eq(decode_image("\x89PNG\r\n\x1a\n", 8, 4096, 512, &p, &w,
	                              &h), DECODE_DAMAGED);
	ck_assert_int_eq(decode_image("GIF89a", 6, 0, 512, &p, &w, &h),
	                 DECODE_TOO_LARGE);
}
END_TEST

/* Draw p as the helper would: cells in every palette at a few sizes
 * (one cell, odd, wide), then sixel and kitty. Any answer is fine; what
 * counts is that the sanitizers see no error. */
static void draw_every_way(const struct picture_rgba *p, const char *name)
{
	static const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 40, 12 } };
	static const enum picture_colors palettes[] = {
		PICTURE_MONO, PICTURE_8, PICTURE_16, PICTURE_240,
	};
	static const enum config_images modes[] = { CONFIG_IMAGES_SIXEL,
	                                            CONFIG_IMAGES_KITTY };
	struct pf_error err;

	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		for (size_t c = 0; c < sizeof palettes / sizeof palettes[0]; c++) {
			struct picture_cells cells;
			memset(&cells, 0, sizeof cells);
			if (render_cells(p, sizes[s][0], sizes[s][1], palettes[c],
			                 &cells, &err) == 0)
				ck_assert_msg(cells.cols >= 1 && cells.rows >= 1, "%s",
				              name);
			picture_cells_free(&cells);
		}
	}
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		char *out = NULL;
		size_t len = 0;
		int cols = 0, rows = 0;
		if (render_pixels(p, modes[m], 20, 8, 8, 16, &out, &len, &cols,
		                  &rows, &err) == 0)
			ck_assert_msg(out && len > 0, "%s", name);
		free(out);
	}
}

START_TEST(hostile_corpus)
{
	DIR *d = opendir(HOSTILE_DIR);
	struct dirent *e;
	size_t files = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');
		struct picture_rgba p;
		char path[4096];
		size_t n;
		char *bytes;
		int w, h;
		enum decode_status st;

		if (e->d_name[0] == '.' || !dot || !strcmp(dot, ".c"))
			continue;
		snprintf(path, sizeof path, "%s/%s", HOSTILE_DIR, e->d_name);
		bytes = tu_read_file(path, &n);
		ck_assert_ptr_nonnull(bytes);
		st = decode_image(bytes, n, 4096, 512, &p, &w, &h);
		if (!strncmp(e->d_name, "ok", 2))
			ck_assert_msg(st == DECODE_OK, "%s: %d", e->d_name, st);
		if (st == DECODE_OK) {
			ck_assert(p.width >= 1 && p.width <= 512);
			ck_assert(p.height >= 1 && p.height <= 512);
			/* every pixel readable */
			unsigned sum = 0;
			for (size_t i = 0; i < (size_t)p.width * p.height * 4; i++)
				sum += p.px[i];
			(void)sum;
			draw_every_way(&p, e->d_name);
		} else {
			ck_assert_ptr_null(p.px);
		}
		picture_rgba_free(&p);
		free(bytes);
		files++;
	}
	closedir(d);
	ck_assert_uint_ge(files, 40);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, hostile_arguments);
	tcase_add_test(tc, hostile_corpus);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
