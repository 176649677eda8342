/* check_image.c - the local picture checks: every failure with its own
 * message, magic bytes, the name sent to the server, sizes for people. The
 * files are tiny and written here (magic bytes plus padding). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "image.h"
#include "testutil.h"

static char *dir;
static struct pf_error err;
static struct image_info info;

static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
static const char jpeg[] = "\xff\xd8\xff\xe0\0\x10JFIF\0";
static const char gif[] = "GIF89a\x01\0\x01\0\0\0";
static const char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";

static void setup(void)
{
	dir = tu_tempdir();
	pf_error_clear(&err);
	memset(&info, 0, sizeof(info));
}

static void teardown(void)
{
	tu_rmtree(dir);
	free(dir);
}

/* dir/name, in a static buffer (one at a time). */
static const char *at(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Write name with head (n bytes) then pad bytes of padding; returns the
 * path (static, see at). */
static const char *make(const char *name, const char *head, size_t n,
                        size_t pad)
{
	char *buf = calloc(1, n + pad + 1);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, n);
	const char *p = at(name);
	ck_assert_int_eq(tu_write_file(p, buf, n + pad, 0600), 0);
	free(buf);
	return p;
}

/* Assert image_check fails with a validation message containing both
 * the path and what. */
static void expect_refused(const char *path, size_t max, const char *what)
{
	pf_error_clear(&err);
	ck_assert_int_eq(image_check(path, max, &info, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_str_eq(err.field, "profile_picture");
	ck_assert_msg(strstr(err.message, what), "'%s' lacks '%s'", err.message,
	              what);
	if (path && *path)
		ck_assert_msg(strstr(err.message, path), "'%s' lacks the path",
		              err.message);
	ck_assert_ptr_null(info.content_type);
}

START_TEST(test_sniff)
{
	const char *fmt = "x";
	ck_assert_str_eq(image_sniff(png, 8, &fmt), "image/png");
	ck_assert_str_eq(fmt, "PNG");
	ck_assert_str_eq(image_sniff(jpeg, 3, &fmt), "image/jpeg");
	ck_assert_str_eq(fmt, "JPEG");
	ck_assert_str_eq(image_sniff("GIF87a", 6, NULL), "image/gif");
	ck_assert_str_eq(image_sniff(gif, 6, &fmt), "image/gif");
	ck_assert_str_eq(image_sniff(webp, 12, &fmt), "image/webp");
	ck_assert_str_eq(fmt, "WebP");
	/* one byte short, or almost right, is nothing */
	ck_assert_ptr_null(image_sniff(png, 7, &fmt));
	ck_assert_ptr_null(fmt);
	ck_assert_ptr_null(image_sniff(jpeg, 2, NULL));
	ck_assert_ptr_null(image_sniff("GIF88a", 6, NULL));
	ck_assert_ptr_null(image_sniff("RIFF\x24\0\0\0WAVE", 12, NULL));
	ck_assert_ptr_null(image_sniff("RIFF\x24\0\0\0WEB", 11, NULL));
	ck_assert_ptr_null(image_sniff("\x89PNG\r\n\x1a\x0b", 8, NULL));
	ck_assert_ptr_null(image_sniff(NULL, 12, NULL));
	ck_assert_ptr_null(image_sniff("<svg xmlns=", 11, NULL));
}
END_TEST

START_TEST(test_each_format)
{
	static const struct {
		const char *name, *head;
		size_t n;
		const char *type, *sent;
	} t[] = {
		{ "me.png", png, sizeof(png) - 1, "image/png", "me.png" },
		{ "me.JPEG", jpeg, sizeof(jpeg) - 1, "image/jpeg", "me.JPEG" },
		{ "me.jpg", jpeg, sizeof(jpeg) - 1, "image/jpeg", "me.jpg" },
		{ "anim.gif", gif, sizeof(gif) - 1, "image/gif", "anim.gif" },
		{ "me.webp", webp, sizeof(webp) - 1, "image/webp", "me.webp" },
		/* the bytes decide; the name gets the right extension */
		{ "photo.png", jpeg, sizeof(jpeg) - 1, "image/jpeg", "photo.jpg" },
		{ "avatar", png, sizeof(png) - 1, "image/png", "avatar.png" },
		{ "v1.final", gif, sizeof(gif) - 1, "image/gif", "v1.final.gif" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *p = make(t[i].name, t[i].head, t[i].n, 100);
		ck_assert_msg(image_check(p, 0, &info, &err) == 0, "%s: %s",
		              t[i].name, err.message);
		ck_assert_int_eq(err.kind, PF_OK);
		ck_assert_str_eq(info.content_type, t[i].type);
		ck_assert_str_eq(info.filename, t[i].sent);
		ck_assert_uint_eq(info.size, t[i].n + 100);
	}
}
END_TEST

START_TEST(test_each_failure_has_its_message)
{
	expect_refused(at("missing.png"), 0, "does not exist");
	expect_refused(at("no/dir/x.png"), 0, "does not exist");
	expect_refused(dir, 0, "is a directory");
	ck_assert_int_eq(mkfifo(at("fifo.png"), 0600), 0);
	expect_refused(at("fifo.png"), 0, "not a regular file");
	expect_refused(make("empty.png", "", 0, 0), 0, "is empty");
	expect_refused(make("text.png", "hello, world\n", 13, 0), 0,
	               "not a PNG, JPEG, GIF or WebP image");
	expect_refused(make("short.png", "\x89PN", 3, 0), 0,
	               "not a PNG, JPEG, GIF or WebP image");
	/* the limit: exactly at it is fine, one byte over is not */
	const char *p = make("big.png", png, sizeof(png) - 1, 2048 - (sizeof(png) - 1));
	ck_assert_int_eq(image_check(p, 2048, &info, &err), 0);
	expect_refused(p, 2047, "at most 2047 bytes");
	p = make("huge.png", png, sizeof(png) - 1, 11u * 1024 * 1024);
	expect_refused(p, 0, "a picture may be at most 10 MiB (setting "
	               "max-picture-mb)");
	ck_assert_ptr_nonnull(strstr(err.message, "is 11 MiB"));
	pf_error_clear(&err);
	ck_assert_int_eq(image_check(NULL, 0, &info, &err), -1);
	ck_assert_str_eq(err.message, "No picture file was given");
	ck_assert_int_eq(image_check("", 0, NULL, &err), -1);
}
END_TEST

START_TEST(test_unreadable)
{
	const char *p = make("secret.png", png, sizeof(png) - 1, 10);
	ck_assert_int_eq(chmod(p, 0), 0);
	if (geteuid() == 0) {
		/* root reads anything: the check then passes, as it should */
		ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
		return;
	}
	expect_refused(p, 0, "is not readable (permission denied)");
}
END_TEST

START_TEST(test_hostile_names)
{
	/* controls, bidi overrides and bad UTF-8 never reach the server */
	const char *p = make("a\x1b[31mb\xe2\x80\xae\xff.png", png,
	                     sizeof(png) - 1, 0);
	ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
	ck_assert_str_eq(info.filename, "a_[31mb__.png");
	/* UTF-8 names are kept */
	p = make("Ada — 日本.webp", webp, sizeof(webp) - 1, 0);
	ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
	ck_assert_str_eq(info.filename, "Ada — 日本.webp");
	/* the added extension never makes the name longer than 255 bytes:
	 * the name is cut at a character boundary */
	char name[256] = "", want[256] = "";
	for (int i = 0; i < 126; i++)
		strcat(name, "\xc3\xa9");     /* 252 bytes of é */
	memcpy(want, name, 250);
	strcat(want, ".png");
	p = make(name, png, sizeof(png) - 1, 0);
	ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
	ck_assert_str_eq(info.filename, want);
	ck_assert_uint_eq(strlen(info.filename), 254);
	/* a file called just ".png" still gets a name */
	p = make(".png", png, sizeof(png) - 1, 0);
	ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
	ck_assert_str_eq(info.filename, ".png.png");
}
END_TEST

START_TEST(test_read)
{
	char *data = (char *)1;
	const char *p = make("me.gif", gif, sizeof(gif) - 1, 30);
	ck_assert_int_eq(image_read(p, 0, &info, &data, &err), 0);
	ck_assert_uint_eq(info.size, sizeof(gif) - 1 + 30);
	ck_assert_int_eq(memcmp(data, gif, sizeof(gif) - 1), 0);
	free(data);
	/* the same checks as image_check */
	p = make("text.gif", "GIF", 3, 0);
	ck_assert_int_eq(image_read(p, 0, &info, &data, &err), -1);
	ck_assert_ptr_null(data);
	ck_assert_ptr_nonnull(strstr(err.message, "not a PNG"));
	ck_assert_int_eq(image_read(at("nope"), 0, &info, &data, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "does not exist"));
	ck_assert_int_eq(image_read(p, 0, &info, NULL, &err), -1);
}
END_TEST

START_TEST(test_sizes_and_description)
{
	char b[64];
	ck_assert_str_eq(image_size_text(0, b, sizeof(b)), "0 bytes");
	ck_assert_str_eq(image_size_text(1, b, sizeof(b)), "1 byte");
	ck_assert_str_eq(image_size_text(1023, b, sizeof(b)), "1023 bytes");
	ck_assert_str_eq(image_size_text(1024, b, sizeof(b)), "1 KiB");
	ck_assert_str_eq(image_size_text(1536, b, sizeof(b)), "1.5 KiB");
	ck_assert_str_eq(image_size_text(20480, b, sizeof(b)), "20 KiB");
	ck_assert_str_eq(image_size_text(10u * 1024 * 1024, b, sizeof(b)), "10 MiB");
	ck_assert_str_eq(image_size_text(1024u * 1024 + 104858, b, sizeof(b)),
	                 "1.1 MiB");
	const char *p = make("me.png", png, sizeof(png) - 1, 20480 - (sizeof(png) - 1));
	ck_assert_int_eq(image_check(p, 0, &info, &err), 0);
	ck_assert_str_eq(image_describe(&info, b, sizeof(b)),
	                 "me.png (20 KiB, image/png)");
	ck_assert_str_eq(image_describe(NULL, b, sizeof(b)), "(no picture)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_each_format);
	tcase_add_test(tc, test_each_failure_has_its_message);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_sizes_and_description);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
