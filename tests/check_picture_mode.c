/* check_picture_mode.c - unit tests of how pictures are shown: the mode
 * used for the mode asked and the terminal (picture_mode_resolve), when
 * the terminal is asked (picture_mode_wants_da1), reading its DA1 answer,
 * shrinking decoded pixels, and chafa's sixel and kitty encodings. No
 * terminal, no curses. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "autoconf.h"
#include "picture.h"
#include "sandbox.h"
#include "testutil.h"

/* A terminal described by TERM, TERM_PROGRAM, KITTY_WINDOW_ID, TMUX and
 * the DA1 outcome. */
static struct picture_term term(const char *t, const char *prog,
                                const char *kitty, const char *tmux, int da1)
{
	struct picture_term pt = { t, prog, kitty, tmux, da1 };

	return pt;
}

/* The mode used for asked in pt; note receives the sentence. */
static enum config_images used(enum config_images asked,
                               struct picture_term pt, char *note, size_t n)
{
	return picture_mode_resolve(asked, &pt, note, n);
}

START_TEST(symbols_and_none_are_kept)
{
	char note[160];
	struct picture_term kitty = term("xterm-kitty", NULL, "1", NULL, 1);

	ck_assert_int_eq(used(CONFIG_IMAGES_SYMBOLS, kitty, note, sizeof note),
	                 CONFIG_IMAGES_SYMBOLS);
	ck_assert_str_eq(note, "");
	ck_assert_int_eq(used(CONFIG_IMAGES_NONE, kitty, note, sizeof note),
	                 CONFIG_IMAGES_NONE);
	ck_assert_str_eq(note, "");
	/* no description of the terminal at all */
	ck_assert_int_eq(picture_mode_resolve(CONFIG_IMAGES_KITTY, NULL, note,
	                                      sizeof note), CONFIG_IMAGES_SYMBOLS);
	ck_assert_int_eq(picture_mode_resolve(CONFIG_IMAGES_SIXEL, NULL, NULL, 0),
	                 CONFIG_IMAGES_SYMBOLS);
}
END_TEST

START_TEST(kitty_when_the_terminal_is_kitty)
{
	static const struct {
		const char *term, *prog, *kitty, *tmux;
		enum config_images want;
	} cases[] = {
		{ "xterm-kitty", NULL, NULL, NULL, CONFIG_IMAGES_KITTY },
		{ "xterm-256color", NULL, "3", NULL, CONFIG_IMAGES_KITTY },
		{ "xterm-256color", "WezTerm", NULL, NULL, CONFIG_IMAGES_KITTY },
		{ "xterm-ghostty", NULL, NULL, NULL, CONFIG_IMAGES_KITTY },
		{ "xterm-256color", "ghostty", NULL, NULL, CONFIG_IMAGES_KITTY },
		{ "xterm-256color", NULL, NULL, NULL, CONFIG_IMAGES_SYMBOLS },
		{ "xterm-256color", NULL, "", NULL, CONFIG_IMAGES_SYMBOLS },
		{ NULL, NULL, NULL, NULL, CONFIG_IMAGES_SYMBOLS },
		{ "xterm-kittyish", NULL, NULL, NULL, CONFIG_IMAGES_SYMBOLS },
		{ "xterm-256color", "Apple_Terminal", NULL, NULL, CONFIG_IMAGES_SYMBOLS },
		/* tmux inside kitty keeps KITTY_WINDOW_ID but passes nothing on */
		{ "tmux-256color", "tmux", "3", "/tmp/tmux-0/default,1,0",
		  CONFIG_IMAGES_SYMBOLS },
		{ "xterm-kitty", NULL, NULL, "/tmp/tmux-0/default,1,0",
		  CONFIG_IMAGES_SYMBOLS },
	};
	char note[160];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct picture_term pt = term(cases[i].term, cases[i].prog,
		                              cases[i].kitty, cases[i].tmux, -1);
		enum config_images m = used(CONFIG_IMAGES_KITTY, pt, note, sizeof note);
		ck_assert_msg(m == cases[i].want, "case %zu: %s", i,
		              config_images_name(m));
		if (m == CONFIG_IMAGES_KITTY) {
			ck_assert_str_eq(note, "");
		} else {
			ck_assert_ptr_nonnull(strstr(note, "Kitty graphics not available"));
			ck_assert_ptr_nonnull(strstr(note, "character cells"));
			ck_assert_ptr_nonnull(strstr(note, cases[i].tmux ? "inside tmux"
			                                                 : "terminal"));
		}
		/* asking the terminal never happens for kitty */
		ck_assert(!picture_mode_wants_da1(CONFIG_IMAGES_KITTY, &pt));
	}
}
END_TEST

START_TEST(sixel_when_the_terminal_shows_it)
{
	static const struct {
		const char *term, *prog;
		int da1;
		enum config_images want;
		bool ask;
	} cases[] = {
		{ "xterm-256color", "WezTerm", -1, CONFIG_IMAGES_SIXEL, false },
		{ "xterm-256color", "mlterm", -1, CONFIG_IMAGES_SIXEL, false },
		{ "xterm-256color", "iTerm.app", -1, CONFIG_IMAGES_SIXEL, false },
		{ "foot", NULL, -1, CONFIG_IMAGES_SIXEL, false },
		{ "foot-extra", NULL, -1, CONFIG_IMAGES_SIXEL, false },
		{ "mlterm-256color", NULL, -1, CONFIG_IMAGES_SIXEL, false },
		{ "contour", NULL, -1, CONFIG_IMAGES_SIXEL, false },
		{ "xterm-256color", NULL, 1, CONFIG_IMAGES_SIXEL, true },
		{ "tmux-256color", "tmux", 1, CONFIG_IMAGES_SIXEL, true },
		{ "xterm-256color", NULL, 0, CONFIG_IMAGES_SYMBOLS, true },
		{ "xterm-256color", NULL, -1, CONFIG_IMAGES_SYMBOLS, true },
		{ "xterm-kitty", NULL, 0, CONFIG_IMAGES_SYMBOLS, true },
		{ NULL, NULL, 0, CONFIG_IMAGES_SYMBOLS, true },
	};
	char note[160];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct picture_term pt = term(cases[i].term, cases[i].prog, NULL,
		                              NULL, cases[i].da1);
		enum config_images m = used(CONFIG_IMAGES_SIXEL, pt, note, sizeof note);
		ck_assert_msg(m == cases[i].want, "case %zu: %s", i,
		              config_images_name(m));
		ck_assert_msg(picture_mode_wants_da1(CONFIG_IMAGES_SIXEL, &pt) ==
		              cases[i].ask, "case %zu: ask", i);
		if (m == CONFIG_IMAGES_SIXEL) {
			ck_assert_str_eq(note, "");
		} else {
			ck_assert_ptr_nonnull(strstr(note, "Sixel graphics not detected"));
			ck_assert_ptr_nonnull(strstr(note, cases[i].term ? cases[i].term
			                                                 : "TERM=unset"));
		}
	}
	/* only sixel may ask */
	{
		struct picture_term pt = term("xterm-256color", NULL, NULL, NULL, -1);
		ck_assert(picture_mode_wants_da1(CONFIG_IMAGES_SIXEL, &pt));
		ck_assert(!picture_mode_wants_da1(CONFIG_IMAGES_SYMBOLS, &pt));
		ck_assert(!picture_mode_wants_da1(CONFIG_IMAGES_NONE, &pt));
		ck_assert(!picture_mode_wants_da1(CONFIG_IMAGES_SIXEL, NULL));
	}
}
END_TEST

/* A hostile TERM is cut in the note, never longer than its buffer. */
START_TEST(note_is_bounded)
{
	char term_text[400], note[60];
	struct picture_term pt;

	memset(term_text, 'x', sizeof term_text - 1);
	term_text[sizeof term_text - 1] = '\0';
	pt = term(term_text, NULL, NULL, NULL, 0);
	ck_assert_int_eq(used(CONFIG_IMAGES_SIXEL, pt, note, sizeof note),
	                 CONFIG_IMAGES_SYMBOLS);
	ck_assert_uint_lt(strlen(note), sizeof note);
}
END_TEST

START_TEST(da1_answers)
{
	static const struct {
		const char *answer;
		bool sixel;
	} cases[] = {
		{ "\x1b[?62;4;9;22c", true },      /* xterm -ti vt340 */
		{ "\x1b[?4c", true },
		{ "\x1b[?64;1;2;4;6;9;15;18;21;22c", true },
		{ "junk\x1b[?63;4c", true },
		{ "\x9b?62;4c", true },             /* 8-bit CSI */
		{ "\x1b[?1;2c", false },            /* libvterm, VT100 */
		{ "\x1b[?62;44c", false },
		{ "\x1b[?14;1c", false },
		{ "\x1b[?62;4", false },            /* cut before the final c */
		{ "\x1b[62;4c", false },            /* not DA1 (no ?) */
		{ "4c", false },
		{ "", false },
		{ "\x1b[?99999999999999999999;4c", false },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(picture_da1_has_sixel(cases[i].answer,
		                                    strlen(cases[i].answer)) ==
		              cases[i].sixel, "case %zu", i);
	ck_assert(!picture_da1_has_sixel(NULL, 10));
	/* the length counts, not a NUL */
	ck_assert(!picture_da1_has_sixel("\x1b[?4c", 4));
}
END_TEST

/* A w x h picture of one opaque colour (r, g, b). */
static struct picture_rgba solid(int w, int h, unsigned char r,
                                 unsigned char g, unsigned char b)
{
	struct picture_rgba p = { malloc((size_t)w * (size_t)h * 4u), w, h };

	ck_assert_ptr_nonnull(p.px);
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
		p.px[i * 4] = r;
		p.px[i * 4 + 1] = g;
		p.px[i * 4 + 2] = b;
		p.px[i * 4 + 3] = 255;
	}
	return p;
}

START_TEST(shrink_keeps_shape_and_colour)
{
	struct pf_error err;
	struct picture_rgba p = solid(2000, 1000, 10, 200, 30), q;

	pf_error_clear(&err);
	ck_assert_int_eq(picture_shrink(&p, 512, &err), 0);
	ck_assert_int_eq(p.width, 512);
	ck_assert_int_eq(p.height, 256);
	ck_assert_int_eq(p.px[0], 10);
	ck_assert_int_eq(p.px[1], 200);
	ck_assert_int_eq(p.px[(256 * 512 - 1) * 4 + 2], 30);
	ck_assert_int_eq(p.px[(256 * 512 - 1) * 4 + 3], 255);
	picture_rgba_free(&p);

	/* small enough: untouched */
	q = solid(40, 300, 1, 2, 3);
	{
		unsigned char *before = q.px;
		ck_assert_int_eq(picture_shrink(&q, 512, &err), 0);
		ck_assert_ptr_eq(q.px, before);
		ck_assert_int_eq(q.width, 40);
		ck_assert_int_eq(q.height, 300);
	}
	picture_rgba_free(&q);

	/* tall and thin: at least one pixel wide */
	q = solid(1, 4000, 9, 9, 9);
	ck_assert_int_eq(picture_shrink(&q, 100, &err), 0);
	ck_assert_int_eq(q.width, 1);
	ck_assert_int_eq(q.height, 100);
	picture_rgba_free(&q);

	/* a transparent pixel does not darken its opaque neighbour */
	q = solid(2, 1, 250, 0, 0);
	q.px[4] = q.px[5] = q.px[6] = q.px[7] = 0;
	ck_assert_int_eq(picture_shrink(&q, 1, &err), 0);
	ck_assert_int_eq(q.width, 1);
	ck_assert_int_eq(q.height, 1);
	ck_assert_int_eq(q.px[0], 250);
	ck_assert_int_eq(q.px[3], 127);
	picture_rgba_free(&q);

	ck_assert_int_eq(picture_shrink(NULL, 10, &err), 0);
}
END_TEST

START_TEST(encode_sixel_and_kitty)
{
	struct pf_error err;
	struct picture_rgba p = solid(64, 64, 200, 100, 50);
	char *out = NULL;
	size_t len = 0;
	int cols = 0, rows = 0;

	pf_error_clear(&err);
	/* only the pixel modes, and only with room */
	ck_assert_int_eq(picture_encode(&p, CONFIG_IMAGES_SYMBOLS, 20, 8, 8, 16,
	                                &out, &len, &cols, &rows, &err), -1);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(picture_encode(&p, CONFIG_IMAGES_KITTY, 0, 8, 8, 16,
	                                &out, &len, &cols, &rows, &err), -1);
	ck_assert_ptr_null(out);
	if (!picture_previews_built()) {
		ck_assert_int_eq(picture_encode(&p, CONFIG_IMAGES_KITTY, 20, 8, 8,
		                                16, &out, &len, &cols, &rows, &err),
		                 -1);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		picture_rgba_free(&p);
		return;
	}
	/* kitty: a square in 8x16-pixel cells is twice as wide as high */
	ck_assert_int_eq(picture_encode(&p, CONFIG_IMAGES_KITTY, 20, 8, 8, 16,
	                                &out, &len, &cols, &rows, &err), 0);
	ck_assert_int_eq(rows, 8);
	ck_assert_int_eq(cols, 16);
	ck_assert_uint_gt(len, 20);
	ck_assert(!memcmp(out, "\x1b_Ga=T", 6));
	ck_assert_ptr_nonnull(strstr(out, "c=16,r=8"));
	ck_assert(!memcmp(out + len - 2, "\x1b\\", 2));
	free(out);
	/* sixel: DCS ... q, the pixels, ST; within the box */
	ck_assert_int_eq(picture_encode(&p, CONFIG_IMAGES_SIXEL, 6, 8, 10, 20,
	                                &out, &len, &cols, &rows, &err), 0);
	ck_assert_int_le(cols, 6);
	ck_assert_int_le(rows, 8);
	ck_assert_int_ge(cols, 5);
	ck_assert(!memcmp(out, "\x1bP", 2));
	ck_assert_ptr_nonnull(memchr(out, 'q', 12));
	ck_assert(!memcmp(out + len - 2, "\x1b\\", 2));
	/* nothing but the image: no cursor moves or other escapes of chafa */
	for (size_t i = 2; i + 2 < len; i++)
		ck_assert_msg(out[i] != '\x1b', "an escape inside the sixel at %zu", i);
	free(out);
	picture_rgba_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("picture_mode");
	TCase *tc = tcase_create("picture_mode");

	sandbox_set_helper(DECODE_BIN); /* the build tree's profed-decode */

	tcase_add_test(tc, symbols_and_none_are_kept);
	tcase_add_test(tc, kitty_when_the_terminal_is_kitty);
	tcase_add_test(tc, sixel_when_the_terminal_shows_it);
	tcase_add_test(tc, note_is_bounded);
	tcase_add_test(tc, da1_answers);
	tcase_add_test(tc, shrink_keeps_shape_and_colour);
	tcase_add_test(tc, encode_sixel_and_kitty);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
