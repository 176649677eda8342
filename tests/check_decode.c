/* check_decode.c - the decoders of profed-decode (src/decode.c) run in
 * this process on every file of the hostile corpus (tests/hostile), so
 * AddressSanitizer and UndefinedBehaviorSanitizer see them (tools/dev
 * asan): the sandbox would hide a crash as a refusal. Also NULL, empty
 * and nonsense arguments. Built only with previews.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
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
