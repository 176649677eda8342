/* check_complete.c - unit tests of path completion (src/complete.c) and
 * of the preview's core checks (src/picture.c: which URLs may be fetched,
 * what decoding refuses). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "autoconf.h"
#include "complete.h"
#include "picture.h"
#include "sandbox.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	dir = tu_tempdir();
	ck_assert_ptr_nonnull(dir);
	sandbox_set_helper(DECODE_BIN); /* the build tree's profed-decode */
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

/* Create dir/name (a directory when name ends in '/'). */
static void touch(const char *name)
{
	char *p;

	ck_assert(asprintf(&p, "%s/%s", dir, name) > 0);
	if (p[strlen(p) - 1] == '/')
		ck_assert_int_eq(mkdir(p, 0755), 0);
	else
		ck_assert_int_eq(tu_write_file(p, "x", 1, 0644), 0);
	free(p);
}

/* complete_path on dir/typed; the result's text after "dir/" (NULL when
 * nothing matches) into *tail, the matches into *total. */
static char *complete(const char *typed, size_t *total)
{
	struct complete_result r;
	struct pf_error err;
	char *text, *tail = NULL;

	ck_assert(asprintf(&text, "%s/%s", dir, typed) > 0);
	ck_assert_int_eq(complete_path(text, NULL, &r, &err), 0);
	*total = r.total;
	if (r.text) {
		ck_assert(!strncmp(r.text, dir, strlen(dir)));
		tail = strdup(r.text + strlen(dir) + 1);
	}
	complete_result_free(&r);
	free(text);
	return tail;
}

START_TEST(test_common_prefix_and_unique)
{
	size_t n;
	char *t;

	touch("me.png");
	touch("mine.png");
	touch("pics/");
	touch(".hidden.png");
	t = complete("m", &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(t, "m"); /* nothing to add: the caller lists */
	free(t);
	t = complete("mi", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(t, "mine.png");
	free(t);
	t = complete("p", &n);
	ck_assert_str_eq(t, "pics/"); /* a directory gets its '/' */
	free(t);
	t = complete("x", &n);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(t);
	t = complete("", &n); /* every visible name, never the hidden one */
	ck_assert_uint_eq(n, 3);
	free(t);
	t = complete(".h", &n);
	ck_assert_str_eq(t, ".hidden.png");
	free(t);
}
END_TEST

START_TEST(test_not_a_path)
{
	static const char *const texts[] = { "", "https://x.example/a.png",
	                                     "file_abc", "a\nb" };
	struct complete_result r;
	struct pf_error err;

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		ck_assert_int_eq(complete_path(texts[i], NULL, &r, &err), 0);
		ck_assert_uint_eq(r.total, 0);
		ck_assert_ptr_null(r.text);
		complete_result_free(&r);
	}
	ck_assert_int_eq(complete_path(NULL, NULL, &r, &err), 0);
	ck_assert_uint_eq(r.total, 0);
}
END_TEST

START_TEST(test_home)
{
	struct complete_result r;
	struct pf_error err;
	char *s;

	touch("me.png");
	ck_assert_int_eq(complete_path("~/m", dir, &r, &err), 0);
	ck_assert_str_eq(r.text, "~/me.png"); /* "~/" stays as typed */
	complete_result_free(&r);
	s = complete_expand("~/me.png", "/home/ada");
	ck_assert_str_eq(s, "/home/ada/me.png");
	free(s);
	s = complete_expand("~ada/me.png", "/home/ada");
	ck_assert_str_eq(s, "~ada/me.png");
	free(s);
	s = complete_expand("~/x", NULL);
	ck_assert_str_eq(s, "~/x");
	free(s);
}
END_TEST

START_TEST(test_url_ok)
{
	static const char *const good[] = {
		"https://cdn.example.com/a.png", "http://127.0.0.1:8080/_media/f/x.png",
		"https://[::1]:443/a",
	};
	static const char *const bad[] = {
		"", "ftp://x.example/a", "javascript:alert(1)", "https://",
		"https://user:pw@x.example/a", "https://x.example/a b",
		"https://media.example.invalid/a.png", "https://invalid/a",
		"https://x.INVALID./a", "https://x.example/\x1b[2J",
	};
	char why[128];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(picture_url_ok(good[i], why, sizeof why), "%s: %s",
		              good[i], why);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!picture_url_ok(bad[i], why, sizeof why), "%s", bad[i]);
	ck_assert(!picture_url_ok(NULL, why, sizeof why));
	/* a host that merely ends in the letters is fine */
	ck_assert(picture_url_ok("https://notinvalid/a", why, sizeof why));
}
END_TEST

START_TEST(test_decode_refuses)
{
	/* a PNG header claiming 100000 x 100000 pixels (a bomb) */
	static const unsigned char bomb[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 2, 0, 0, 0,
		0, 0, 0, 0,
	};
	struct picture_rgba p;
	struct pf_error err;

	ck_assert_int_eq(picture_decode("hello", 5, &p, &err), -1);
	ck_assert_ptr_null(p.px);
	ck_assert_int_eq(picture_decode(NULL, 0, &p, &err), -1);
	ck_assert_int_eq(picture_decode(bomb, sizeof bomb, &p, &err), -1);
	ck_assert_ptr_null(p.px);
#ifdef HAVE_PREVIEWS
	ck_assert(picture_previews_built());
	ck_assert_msg(strstr(err.message, "too large") ||
	              strstr(err.message, "damaged"), "%s", err.message);
#else
	ck_assert(!picture_previews_built());
#endif
}
END_TEST

START_TEST(test_render_sizes)
{
	unsigned char px[16 * 16 * 4];
	struct picture_rgba p = { px, 16, 16 };
	struct picture_cells c;
	struct pf_error err;

	for (size_t i = 0; i < sizeof px; i += 4) {
		px[i] = (unsigned char)(i % 256);
		px[i + 1] = 0;
		px[i + 2] = 255;
		px[i + 3] = 255;
	}
	ck_assert_int_eq(picture_render(&p, 0, 5, PICTURE_240, &c, &err), -1);
#ifdef HAVE_PREVIEWS
	ck_assert_int_eq(picture_render(&p, 20, 8, PICTURE_240, &c, &err), 0);
	ck_assert(c.cols >= 1 && c.cols <= 20 && c.rows >= 1 && c.rows <= 8);
	/* square pixels in cells twice as high as wide: about 2:1 */
	ck_assert_int_eq(c.rows, 8);
	ck_assert_int_eq(c.cols, 16);
	for (int i = 0; i < c.cols * c.rows; i++) {
		ck_assert(c.cell[i].ch == ' ' || (c.cell[i].ch >= 0x2580 &&
		                                  c.cell[i].ch <= 0x259f));
		ck_assert(c.cell[i].fg >= -1 && c.cell[i].fg <= 255);
	}
	picture_cells_free(&c);
	ck_assert_int_eq(picture_render(&p, 20, 8, PICTURE_MONO, &c, &err), 0);
	for (int i = 0; i < c.cols * c.rows; i++)
		ck_assert(c.cell[i].fg == -1 && c.cell[i].bg == -1);
	picture_cells_free(&c);
#endif
}
END_TEST

static Suite *complete_suite(void)
{
	Suite *s = suite_create("complete");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_common_prefix_and_unique);
	tcase_add_test(tc, test_not_a_path);
	tcase_add_test(tc, test_home);
	tcase_add_test(tc, test_url_ok);
	tcase_add_test(tc, test_decode_refuses);
	tcase_add_test(tc, test_render_sizes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(complete_suite());
}
