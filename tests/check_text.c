/* check_text.c - unit tests for src/text.c: strict UTF-8, display width,
 * sanitising of hostile server text, truncation and padding. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "testutil.h"

#define FFFD "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"
#define RETURN_SYMBOL "\xE2\x86\xB5"
#define ZWJ "\xE2\x80\x8D"
#define MAN "\xF0\x9F\x91\xA8"
#define WOMAN "\xF0\x9F\x91\xA9"
#define GIRL "\xF0\x9F\x91\xA7"

/* Sanitise s with flags and compare with want; frees the result. */
static void expect_sanitized(const char *s, int flags, const char *want)
{
	char *got = text_sanitize(s, flags);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Truncate s to cols and compare with want; frees the result. */
static void expect_truncated(const char *s, size_t cols, const char *want)
{
	char *got = text_truncate(s, cols);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Fit s to cols and compare with want; frees the result. */
static void expect_fit(const char *s, size_t cols, const char *want)
{
	char *got = text_fit(s, cols);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Decoding s must consume want_len bytes and yield want_cp. */
static void expect_decoded(const char *s, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0;

	ck_assert_uint_eq(text_utf8_decode(s, strlen(s), &cp), want_len);
	ck_assert_uint_eq(cp, want_cp);
}

/* True when no byte of s could start a terminal control sequence: no C0
 * control, no DEL, no UTF-8 encoded C1 control, and s is valid UTF-8. */
static int is_terminal_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!text_utf8_valid(s, strlen(s)))
		return 0;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7F)
			return 0;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return 0;
	}
	return 1;
}

START_TEST(test_null_and_empty)
{
	uint32_t cp = 42;

	ck_assert_uint_eq(text_width(NULL), 0);
	ck_assert_uint_eq(text_width(""), 0);
	ck_assert_uint_eq(text_char_count(NULL), 0);
	ck_assert_uint_eq(text_char_count(""), 0);
	ck_assert(text_utf8_valid(NULL, 0));
	ck_assert(text_utf8_valid("", 0));
	ck_assert_uint_eq(text_utf8_decode(NULL, 4, &cp), 0);
	ck_assert_uint_eq(text_utf8_decode("abc", 0, &cp), 0);
	ck_assert_uint_eq(cp, 42);
	ck_assert_uint_eq(text_utf8_encode(0x41, NULL), 0);
	expect_sanitized(NULL, 0, "");
	expect_sanitized("", TEXT_KEEP_NEWLINES, "");
	expect_truncated(NULL, 5, "");
	expect_truncated("", 0, "");
	expect_fit(NULL, 3, "   ");
	expect_fit("", 0, "");

	/* text_dup: NULL stays NULL and is no failure; a copy is a copy */
	bool oom = false;
	ck_assert_ptr_null(text_dup(NULL, &oom));
	ck_assert(!oom);
	char *c = text_dup("", &oom);
	ck_assert_str_eq(c, "");
	free(c);
	const char *s = "\xe6\x9d\x8e";
	c = text_dup(s, &oom);
	ck_assert_str_eq(c, s);
	ck_assert_ptr_ne(c, s);
	ck_assert(!oom);
	free(c);
}
END_TEST

START_TEST(test_decode_valid)
{
	expect_decoded("A", 1, 0x41);
	expect_decoded("\xC3\xA9", 2, 0xE9);
	expect_decoded("\xE6\x97\xA5", 3, 0x65E5);
	expect_decoded("\xF0\x9F\x98\x80", 4, 0x1F600);
	expect_decoded("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
	expect_decoded("\xEE\x80\x80", 3, 0xE000); /* just past surrogates */
	ck_assert(text_utf8_valid("Zo\xC3\xAB \xE6\x97\xA5 " MAN, 13));
}
END_TEST

START_TEST(test_decode_invalid)
{
	/* overlongs of '/' and of NUL */
	expect_decoded("\xC0\xAF", 1, 0xFFFD);
	expect_decoded("\xC1\xBF", 1, 0xFFFD);
	expect_decoded("\xE0\x80\xAF", 1, 0xFFFD);
	expect_decoded("\xF0\x80\x80\xAF", 1, 0xFFFD);
	/* surrogates, beyond U+10FFFF, bytes that never appear */
	expect_decoded("\xED\xA0\x80", 1, 0xFFFD);
	expect_decoded("\xED\xBF\xBF", 1, 0xFFFD);
	expect_decoded("\xF4\x90\x80\x80", 1, 0xFFFD);
	expect_decoded("\xF5\x80\x80\x80", 1, 0xFFFD);
	expect_decoded("\xFF", 1, 0xFFFD);
	expect_decoded("\xFE", 1, 0xFFFD);
	/* stray continuation, truncated sequences */
	expect_decoded("\x80", 1, 0xFFFD);
	expect_decoded("\xE2\x82", 1, 0xFFFD);
	expect_decoded("\xF0\x9F\x98", 1, 0xFFFD);
	expect_decoded("\xC3" "A", 1, 0xFFFD);
	/* a valid sequence that the length cuts short is invalid too */
	ck_assert(!text_utf8_valid("\xC3\xA9", 1));
	ck_assert(!text_utf8_valid("ok\xFF", 3));
	ck_assert(!text_utf8_valid("\xED\xA0\x80", 3));
	ck_assert(!text_utf8_valid("\xC0\x80", 2));
}
END_TEST

START_TEST(test_encode_roundtrip)
{
	static const uint32_t cps[] = { 0x0, 0x7F, 0x80, 0x7FF, 0x800,
		0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF };
	char buf[4];

	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = text_utf8_encode(cps[i], buf);
		uint32_t back = 0xFFFFFFFF;

		ck_assert_uint_ge(n, 1);
		ck_assert_uint_eq(text_utf8_decode(buf, n, &back), n);
		ck_assert_uint_eq(back, cps[i]);
		ck_assert(text_utf8_valid(buf, n));
	}
	ck_assert_uint_eq(text_utf8_encode(0xD800, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0xDFFF, buf), 0);
	ck_assert_uint_eq(text_utf8_encode(0x110000, buf), 0);
}
END_TEST

START_TEST(test_char_count)
{
	ck_assert_uint_eq(text_char_count("abc"), 3);
	ck_assert_uint_eq(text_char_count("h\xC3\xA9llo"), 5);
	ck_assert_uint_eq(text_char_count("\xE6\x97\xA5\xE6\x9C\xAC"), 2);
	ck_assert_uint_eq(text_char_count(MAN ZWJ WOMAN), 3);
	/* each invalid byte is one character */
	ck_assert_uint_eq(text_char_count("\xFF\xFE"), 2);
	ck_assert_uint_eq(text_char_count("\xE2\x82"), 2);
	ck_assert_uint_eq(text_char_count("\xED\xA0\x80"), 3);
}
END_TEST

START_TEST(test_cp_width)
{
	/* controls draw nothing themselves */
	ck_assert_int_eq(text_cp_width(0x1B), 0);
	ck_assert_int_eq(text_cp_width(0x7F), 0);
	ck_assert_int_eq(text_cp_width(0x9B), 0);
	ck_assert_int_eq(text_cp_width('a'), 1);
	ck_assert_int_eq(text_cp_width(0xAD), 1);
	ck_assert_int_eq(text_cp_width(0xE9), 1);
	/* combining marks, joiners, variation selectors, tags */
	ck_assert_int_eq(text_cp_width(0x0300), 0);
	ck_assert_int_eq(text_cp_width(0x036F), 0);
	ck_assert_int_eq(text_cp_width(0x0370), 1);
	ck_assert_int_eq(text_cp_width(0x200B), 0);
	ck_assert_int_eq(text_cp_width(0x200D), 0);
	ck_assert_int_eq(text_cp_width(0xFE0F), 0);
	ck_assert_int_eq(text_cp_width(0xE0100), 0);
	ck_assert_int_eq(text_cp_width(0xE007F), 0);
	ck_assert_int_eq(text_cp_width(0x1160), 0);
	/* wide: the edges of table ranges */
	ck_assert_int_eq(text_cp_width(0x10FF), 1);
	ck_assert_int_eq(text_cp_width(0x1100), 2);
	ck_assert_int_eq(text_cp_width(0x115F), 2);
	ck_assert_int_eq(text_cp_width(0x3000), 2);
	ck_assert_int_eq(text_cp_width(0x4DBF), 2);
	ck_assert_int_eq(text_cp_width(0x4DC0), 1);
	ck_assert_int_eq(text_cp_width(0x4E00), 2);
	ck_assert_int_eq(text_cp_width(0xAC00), 2);
	ck_assert_int_eq(text_cp_width(0xD7A3), 2);
	ck_assert_int_eq(text_cp_width(0xFF21), 2);
	ck_assert_int_eq(text_cp_width(0xFF61), 1); /* halfwidth katakana */
	ck_assert_int_eq(text_cp_width(0x1F600), 2);
	ck_assert_int_eq(text_cp_width(0x1F64F), 2);
	ck_assert_int_eq(text_cp_width(0x1F650), 1);
	ck_assert_int_eq(text_cp_width(0x1F3FB), 2); /* skin tone modifier */
	ck_assert_int_eq(text_cp_width(0x1F1E6), 1); /* regional indicator */
	ck_assert_int_eq(text_cp_width(0x20000), 2);
	ck_assert_int_eq(text_cp_width(0x3FFFD), 2);
	/* narrow symbols the sanitiser and truncation emit */
	ck_assert_int_eq(text_cp_width(0x2026), 1);
	ck_assert_int_eq(text_cp_width(0x21B5), 1);
	ck_assert_int_eq(text_cp_width(0xFFFD), 1);
	ck_assert_int_eq(text_cp_width(0xD800), 1);
	ck_assert_int_eq(text_cp_width(0x10FFFF), 1);
}
END_TEST

START_TEST(test_width)
{
	ck_assert_uint_eq(text_width("abc"), 3);
	ck_assert_uint_eq(text_width("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"),
			  6);
	ck_assert_uint_eq(text_width("e\xCC\x81"), 1); /* e + combining acute */
	ck_assert_uint_eq(text_width("\xE1\x84\x80\xE1\x85\xA1"), 2); /* jamo */
	/* ZWJ family: the parts are counted, the joiners are not */
	ck_assert_uint_eq(text_width(MAN ZWJ WOMAN ZWJ GIRL), 6);
	ck_assert_uint_eq(text_width("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), 4);
	ck_assert_uint_eq(text_width("\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8"), 2);
	/* the sanitised form is what is measured */
	ck_assert_uint_eq(text_width("\x1B[31m"), 6);
	ck_assert_uint_eq(text_width("a\nb\tc"), 5);
	ck_assert_uint_eq(text_width("\xFF\xE2\x82"), 3);
	ck_assert_uint_eq(text_width("\xC2\x9B"), 1);
	ck_assert_uint_eq(text_width("\x7F"), 2);
}
END_TEST

START_TEST(test_width_ignores_locale)
{
	static const char *cjk = "\xE6\x97\xA5\xE6\x9C\xAC";

	/* libc wcwidth() would say -1 in "C"; our tables never change */
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C"));
	ck_assert_uint_eq(text_width(cjk), 4);
	ck_assert_uint_eq(text_width(MAN), 2);
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "C.utf8")) {
		ck_assert_uint_eq(text_width(cjk), 4);
		ck_assert_uint_eq(text_width(MAN), 2);
	}
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_sanitize_escapes)
{
	/* CSI colour, OSC window title with BEL, 8-bit CSI raw and encoded */
	expect_sanitized("\x1B[31mred", 0, "^[[31mred");
	expect_sanitized("\x1B]0;title\x07", 0, "^[]0;title^G");
	expect_sanitized("\x9B" "31m", 0, FFFD "31m");
	expect_sanitized("\xC2\x9B" "31m", 0, FFFD "31m");
	expect_sanitized("\xC2\x9D" "0;x\xC2\x9C", 0, FFFD "0;x" FFFD);
	expect_sanitized("a\rb\bc\x7F", 0, "a^Mb^Hc^?");
	expect_sanitized("\x01\x1F", 0, "^A^_");
	/* bidi overrides and isolates */
	expect_sanitized("a\xE2\x80\xAE" "cba", 0, "a" FFFD "cba");
	expect_sanitized("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9", 0,
			 FFFD FFFD FFFD);
}
END_TEST

START_TEST(test_sanitize_invalid_utf8)
{
	expect_sanitized("\xC0\xAF", 0, FFFD FFFD);
	expect_sanitized("\xE0\x80\xAF", 0, FFFD FFFD FFFD);
	expect_sanitized("\xED\xA0\x80", 0, FFFD FFFD FFFD);
	expect_sanitized("ab\xE2\x82", 0, "ab" FFFD FFFD);
	expect_sanitized("\xFF" "x", 0, FFFD "x");
	expect_sanitized("\xF4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD);
}
END_TEST

START_TEST(test_sanitize_newlines_tabs)
{
	expect_sanitized("a\nb", 0, "a" RETURN_SYMBOL "b");
	expect_sanitized("a\nb", TEXT_KEEP_NEWLINES, "a\nb");
	expect_sanitized("a\tb", 0, "a b");
	expect_sanitized("a\tb", TEXT_KEEP_TABS, "a\tb");
	expect_sanitized("a\t\n\r", TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS,
			 "a\t\n^M");
}
END_TEST

START_TEST(test_sanitize_keeps_text)
{
	static const char *s = "Zo\xC3\xAB \xE6\x97\xA5\xE6\x9C\xAC "
		MAN ZWJ WOMAN " e\xCC\x81 \xEF\xBF\xBD ~!";

	expect_sanitized(s, 0, s);
}
END_TEST

START_TEST(test_sanitize_every_byte)
{
	char all[256];
	char *out;

	/* every byte value in one string, then every byte alone after a
	 * lead byte: whatever comes in, nothing unsafe comes out */
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	out = text_sanitize(all, 0);
	ck_assert_ptr_nonnull(out);
	ck_assert(is_terminal_safe(out));
	ck_assert_uint_eq(text_width(all), text_width(out));
	free(out);
	for (int lead = 0xC0; lead < 0x100; lead++) {
		for (int b = 1; b < 256; b++) {
			char s[3] = { (char)lead, (char)b, '\0' };

			out = text_sanitize(s, 0);
			ck_assert_ptr_nonnull(out);
			ck_assert(is_terminal_safe(out));
			free(out);
		}
	}
}
END_TEST

START_TEST(test_sanitize_idempotent)
{
	static const char *s = "\x1B[2J\xFF\xC2\x85 x\n\xE2\x80\xAE\t\x7F";
	char *once = text_sanitize(s, 0);
	char *twice = text_sanitize(once, 0);

	ck_assert_str_eq(once, twice);
	ck_assert_uint_eq(text_width(s), text_width(once));
	free(once);
	free(twice);
}
END_TEST

START_TEST(test_truncate_ascii)
{
	expect_truncated("hello", 5, "hello");
	expect_truncated("hello", 9, "hello");
	expect_truncated("hello", 4, "hel" ELLIPSIS);
	expect_truncated("hello", 1, ELLIPSIS);
	expect_truncated("hello", 0, "");
	expect_truncated("a\nb", 3, "a" RETURN_SYMBOL "b");
	expect_truncated("a\nbc", 3, "a" RETURN_SYMBOL ELLIPSIS);
}
END_TEST

START_TEST(test_truncate_wide_boundary)
{
	static const char *jp = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";

	expect_truncated(jp, 6, jp);
	expect_truncated(jp, 5, "\xE6\x97\xA5\xE6\x9C\xAC" ELLIPSIS);
	/* the second ideograph would straddle column 3: it goes whole */
	expect_truncated(jp, 4, "\xE6\x97\xA5" ELLIPSIS);
	expect_truncated(jp, 3, "\xE6\x97\xA5" ELLIPSIS);
	expect_truncated(jp, 2, ELLIPSIS);
	expect_truncated("a\xE6\x97\xA5\xE6\x9C\xAC", 4,
			 "a\xE6\x97\xA5" ELLIPSIS);
	expect_truncated("ab\xE6\x97\xA5\xE6\x9C\xAC", 4, "ab" ELLIPSIS);
}
END_TEST

START_TEST(test_truncate_zero_width)
{
	/* combining marks stay with their base; a dangling joiner goes */
	expect_truncated("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2,
			 "e\xCC\x81" ELLIPSIS);
	expect_truncated(MAN ZWJ WOMAN ZWJ GIRL, 5, MAN ZWJ WOMAN ELLIPSIS);
	expect_truncated(MAN ZWJ WOMAN ZWJ GIRL, 3, MAN ELLIPSIS);
	expect_truncated(MAN ZWJ WOMAN ZWJ GIRL, 6, MAN ZWJ WOMAN ZWJ GIRL);
}
END_TEST

START_TEST(test_truncate_escapes)
{
	/* caret notation is one unit: never "^" alone */
	expect_truncated("\x1B[31mred", 2, ELLIPSIS);
	expect_truncated("\x1B[31mred", 3, "^[" ELLIPSIS);
	expect_truncated("\x1B[31mred", 9, "^[[31mred");
	expect_truncated("\xFF\xFF\xFF", 2, FFFD ELLIPSIS);
}
END_TEST

START_TEST(test_truncate_and_fit_every_width)
{
	static const char *s = "a\xE6\x97\xA5" "b\xCC\x81\x1B[1m"
		MAN ZWJ WOMAN "\xFF\n\xEF\xBC\xA1z";
	size_t full = text_width(s);

	ck_assert_uint_eq(full, 18);
	for (size_t cols = 0; cols <= full + 2; cols++) {
		char *cut = text_truncate(s, cols);
		char *fit = text_fit(s, cols);

		ck_assert_ptr_nonnull(cut);
		ck_assert_ptr_nonnull(fit);
		ck_assert(is_terminal_safe(cut));
		ck_assert_uint_le(text_width(cut), cols);
		/* at most one column lost to a wide char at the edge */
		if (cols > 0 && cols < full)
			ck_assert_uint_ge(text_width(cut) + 1, cols);
		ck_assert_uint_eq(text_width(fit), cols);
		ck_assert(strncmp(fit, cut, strlen(cut)) == 0);
		free(cut);
		free(fit);
	}
}
END_TEST

START_TEST(test_fit)
{
	expect_fit("ab", 4, "ab  ");
	expect_fit("abcdef", 4, "abc" ELLIPSIS);
	expect_fit("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 4,
		   "\xE6\x97\xA5" ELLIPSIS " ");
	expect_fit("\x1B", 3, "^[ ");
	expect_fit("x", 0, "");
}
END_TEST

/* The suite: NULL, empty and hostile input first. */
START_TEST(test_diff_value)
{
	char *v;

	v = text_diff_value(NULL, 0, 10);
	ck_assert_str_eq(v, "(empty)");
	free(v);
	v = text_diff_value("", 3, 0);
	ck_assert_str_eq(v, "(empty)");
	free(v);
	/* newlines visible, escapes inert, no limit */
	v = text_diff_value("a\nb\x1b[31m", 0, 0);
	ck_assert_str_eq(v, "a\xe2\x86\xb5" "b^[[31m");
	free(v);
	/* from a start: an ellipsis before it; a start past the end is the end */
	v = text_diff_value("hello world", 6, 0);
	ck_assert_str_eq(v, "\xe2\x80\xa6world");
	free(v);
	v = text_diff_value("abc", 99, 0);
	ck_assert_str_eq(v, "\xe2\x80\xa6");
	free(v);
	/* cut to columns */
	v = text_diff_value("abcdefghij", 0, 5);
	ck_assert_str_eq(v, "abcd\xe2\x80\xa6");
	free(v);
	struct strbuf sb = { 0 };
	ck_assert_int_eq(text_append_diff_value(&sb, "x: ", "", 5), 0);
	ck_assert_str_eq(strbuf_str(&sb), "x: (empty)\n");
	strbuf_free(&sb);
}
END_TEST

/* ---- grapheme clusters */

#define TECHNOLOGIST WOMAN ZWJ "\xF0\x9F\x92\xBB"          /* 👩‍💻 */
#define FLAG_FR "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7"        /* 🇫🇷 */
#define FLAG_DE "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA"        /* 🇩🇪 */
#define THUMBS_MEDIUM "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"  /* 👍🏽 */
#define HEART_VS16 "\xE2\x9D\xA4\xEF\xB8\x8F"             /* ❤️ */
#define E_ACUTE "e\xCC\x81"                               /* e + U+0301 */
#define HANGUL_LVT "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8" /* U+1100 1161 11A8 */
#define HANGUL_LV_T "\xEA\xB0\x80\xE1\x86\xA8"            /* U+AC00 11A8 */

/* Every boundary of s walking forwards, and again walking backwards, as
 * a string like "0 1 5" (the offsets). */
static void boundaries(const char *s, char *fwd, char *back, size_t n)
{
	size_t len = strlen(s), p = 0, o = 0;
	size_t offs[64], k = 0;

	o += (size_t)snprintf(fwd + o, n - o, "0");
	while (p < len) {
		size_t q = text_grapheme_next(s, len, p);
		ck_assert_uint_gt(q, p);
		p = q;
		o += (size_t)snprintf(fwd + o, n - o, " %zu", p);
	}
	p = len;
	offs[k++] = p;
	while (p > 0 && k < 64) {
		size_t q = text_grapheme_prev(s, len, p);
		ck_assert_uint_lt(q, p);
		p = q;
		offs[k++] = p;
	}
	o = 0;
	while (k > 0)
		o += (size_t)snprintf(back + o, n - o, o ? " %zu" : "%zu",
		                      offs[--k]);
}

/* s splits at exactly the offsets want, both ways. */
static void expect_clusters(const char *s, const char *want)
{
	char fwd[512], back[512];

	boundaries(s, fwd, back, sizeof fwd);
	ck_assert_msg(strcmp(fwd, want) == 0, "forwards %s, want %s", fwd, want);
	ck_assert_msg(strcmp(back, want) == 0, "backwards %s, want %s", back,
	              want);
}

START_TEST(test_grapheme_null_empty_hostile)
{
	ck_assert_uint_eq(text_grapheme_next(NULL, 5, 0), 0);
	ck_assert_uint_eq(text_grapheme_prev(NULL, 5, 3), 0);
	ck_assert_int_eq(text_grapheme_width(NULL, 4), 0);
	ck_assert_uint_eq(text_grapheme_next("", 0, 0), 0);
	ck_assert_uint_eq(text_grapheme_prev("", 0, 0), 0);
	ck_assert_int_eq(text_grapheme_width("", 0), 0);
	/* offsets past the end are the end */
	ck_assert_uint_eq(text_grapheme_next("ab", 2, 9), 2);
	ck_assert_uint_eq(text_grapheme_prev("ab", 2, 9), 1);
	/* every invalid byte is a cluster of its own, even before a mark or
	 * a joiner, and a cut sequence splits byte by byte */
	expect_clusters("a\xFF\x80" "b", "0 1 2 3 4");
	expect_clusters("\xFF\xCC\x81", "0 1 3");
	expect_clusters("\xE2\x82" "a", "0 1 2 3");
	expect_clusters(WOMAN "\xF0\x9F\x91" ZWJ, "0 4 5 6 7 10");
	expect_clusters("\xED\xA0\x80", "0 1 2 3"); /* a surrogate */
	expect_clusters("\xC0\xAF", "0 1 2");       /* an overlong '/' */
	ck_assert_int_eq(text_grapheme_width("\xFF", 1), 1);
	/* controls are their own clusters; CR LF is one; ESC takes no mark */
	expect_clusters("a\r\nb", "0 1 3 4");
	expect_clusters("\n\r", "0 1 2");
	expect_clusters("\x1b\xCC\x81", "0 1 3");
	ck_assert_int_eq(text_grapheme_width("\r\n", 2), 0);
}
END_TEST

/* Backspace: the cluster before the end goes whole; widths as drawn. */
START_TEST(test_grapheme_backspace)
{
	static const struct {
		const char *cluster;
		int width;
	} cases[] = {
		{TECHNOLOGIST, 2}, {FLAG_FR, 2}, {THUMBS_MEDIUM, 2},
		{HEART_VS16, 2}, {E_ACUTE, 1}, {HANGUL_LVT, 2}, {HANGUL_LV_T, 2},
		{MAN ZWJ WOMAN ZWJ GIRL, 2},
		{"1\xEF\xB8\x8F\xE2\x83\xA3", 2}, /* keycap 1️⃣ */
		{"\xE2\x8C\x9A\xEF\xB8\x8E", 2},  /* ⌚ + VS15: still wide */
		{"a\xCC\x81\xCC\xA7", 1},         /* two marks */
		{"\xE0\xA4\x95\xE0\xA4\xBF", 2},  /* क + SpacingMark ि */
		{"\xE0\xB8\x81\xE0\xB8\xB3", 2},  /* Thai ก + sara am */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char s[64];
		size_t n = strlen(cases[i].cluster);

		snprintf(s, sizeof s, "x%s", cases[i].cluster);
		ck_assert_msg(text_grapheme_prev(s, n + 1, n + 1) == 1,
		              "case %zu: prev %zu", i,
		              text_grapheme_prev(s, n + 1, n + 1));
		ck_assert_uint_eq(text_grapheme_next(s, n + 1, 1), n + 1);
		ck_assert_uint_eq(text_grapheme_next(s, n + 1, 0), 1);
		ck_assert_msg(text_grapheme_width(cases[i].cluster, n) ==
		              cases[i].width, "case %zu: width %d", i,
		              text_grapheme_width(cases[i].cluster, n));
	}
	/* flags pair up from the start of a run of regional indicators */
	expect_clusters(FLAG_FR FLAG_DE, "0 8 16");
	expect_clusters(FLAG_FR FLAG_DE "\xF0\x9F\x87\xAB", "0 8 16 20");
	ck_assert_int_eq(text_grapheme_width("\xF0\x9F\x87\xAB", 4), 1);
	/* a joiner after something that is not an emoji joins nothing after */
	expect_clusters("a" ZWJ WOMAN, "0 4 8");
	/* a mark after a ZWJ emoji stays in it; a Prepend takes its base */
	expect_clusters(TECHNOLOGIST "\xEF\xB8\x8F" "b", "0 14 15");
	expect_clusters("\xD8\x80" "1" "2", "0 3 4");
	/* Hangul: two syllables, one of them L V T */
	expect_clusters("\xEA\xB0\x80" HANGUL_LVT, "0 3 12");
}
END_TEST

/* Every case of Unicode's GraphemeBreakTest (15.0), both directions. */
START_TEST(test_grapheme_conformance)
{
	FILE *f = fopen(TEST_FIXTURES_DIR "/grapheme-break-test.txt", "r");
	char line[1024];
	int cases = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f)) {
		char s[256], want[512], fwd[512], back[512];
		size_t len = 0, o = 0;
		char *tok, *save = NULL;

		if (line[0] == '#')
			continue;
		want[0] = '\0';
		for (tok = strtok_r(line, " \n", &save); tok;
		     tok = strtok_r(NULL, " \n", &save)) {
			if (strcmp(tok, "/") == 0)
				o += (size_t)snprintf(want + o, sizeof want - o,
				                      o ? " %zu" : "%zu", len);
			else if (strcmp(tok, "x") != 0)
				len += text_utf8_encode((uint32_t)strtoul(tok, NULL, 16),
				                        s + len);
		}
		s[len] = '\0';
		if (memchr(s, '\0', len)) /* U+0000: strings here end at NUL */
			continue;
		boundaries(s, fwd, back, sizeof fwd);
		ck_assert_msg(strcmp(fwd, want) == 0, "line %d: forwards %s, want %s",
		              cases + 1, fwd, want);
		ck_assert_msg(strcmp(back, want) == 0, "line %d: backwards %s, want %s",
		              cases + 1, back, want);
		cases++;
	}
	fclose(f);
	ck_assert_int_ge(cases, 590);
}
END_TEST

/* A long run of flags or marks: stepping stays linear, not quadratic. */
START_TEST(test_word_in)
{
	ck_assert(text_word_in("find", "show find history", " "));
	ck_assert(text_word_in("show", "show find", " "));
	ck_assert(text_word_in("left", "joined|left", "|"));
	ck_assert(text_word_in("a", "  a  ", " "));
	ck_assert(!text_word_in("fin", "show find", " "));
	ck_assert(!text_word_in("show find", "show find", " "));
	ck_assert(!text_word_in("LEFT", "joined|left", "|"));
	ck_assert(!text_word_in("", " show", " "));
	ck_assert(!text_word_in(NULL, "show", " "));
	ck_assert(!text_word_in("show", NULL, " "));
	ck_assert(!text_word_in("show", "", " "));
}
END_TEST

START_TEST(test_grapheme_long_runs)
{
	size_t n = 20000 * 4, len;
	char *s = malloc(n + 1);
	size_t p, steps = 0;

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i += 4)
		memcpy(s + i, "\xF0\x9F\x87\xAB", 4);
	s[n] = '\0';
	len = n;
	for (p = len; p > len - 80; steps++)
		p = text_grapheme_prev(s, len, p);
	ck_assert_uint_eq(p, len - 80);
	ck_assert_uint_eq(steps, 10);
	for (p = 0; p < len; p = text_grapheme_next(s, len, p))
		steps++;
	ck_assert_uint_eq(steps, 10 + 10000);
	/* one cluster of 40000 combining marks */
	s[0] = 'e';
	for (size_t i = 1; i + 2 <= n; i += 2)
		memcpy(s + i, "\xCC\x81", 2);
	len = 1 + 2 * ((n - 1) / 2);
	s[len] = '\0';
	ck_assert_uint_eq(text_grapheme_next(s, len, 0), len);
	ck_assert_uint_eq(text_grapheme_prev(s, len, len), 0);
	ck_assert_int_eq(text_grapheme_width(s, len), 1);
	free(s);
}
END_TEST

static Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_decode_invalid);
	tcase_add_test(tc, test_sanitize_escapes);
	tcase_add_test(tc, test_sanitize_invalid_utf8);
	tcase_add_test(tc, test_sanitize_every_byte);
	tcase_add_test(tc, test_decode_valid);
	tcase_add_test(tc, test_encode_roundtrip);
	tcase_add_test(tc, test_char_count);
	tcase_add_test(tc, test_cp_width);
	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_width_ignores_locale);
	tcase_add_test(tc, test_sanitize_newlines_tabs);
	tcase_add_test(tc, test_sanitize_keeps_text);
	tcase_add_test(tc, test_sanitize_idempotent);
	tcase_add_test(tc, test_truncate_ascii);
	tcase_add_test(tc, test_truncate_wide_boundary);
	tcase_add_test(tc, test_truncate_zero_width);
	tcase_add_test(tc, test_truncate_escapes);
	tcase_add_test(tc, test_truncate_and_fit_every_width);
	tcase_add_test(tc, test_fit);
	tcase_add_test(tc, test_diff_value);
	tcase_add_test(tc, test_grapheme_null_empty_hostile);
	tcase_add_test(tc, test_grapheme_backspace);
	tcase_add_test(tc, test_grapheme_conformance);
	tcase_add_test(tc, test_grapheme_long_runs);
	tcase_add_test(tc, test_word_in);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(text_suite());
}
