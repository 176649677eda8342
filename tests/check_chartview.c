/* check_chartview.c - the balance chart widget (ui/chartview.c) drawn into
 * a curses pad on a terminal that writes to /dev/null, then read back cell
 * by cell: the labels, the Braille line, the cursor's column and readout,
 * the summary, the notes, the ASCII fallback, monochrome. No pty. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "chart.h"
#include "chartview.h"
#include "colors.h"

static SCREEN *scr;
static FILE *out, *in;
static WINDOW *pad;

static void setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	setenv("TZ", "UTC", 1);
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	scr = newterm("xterm-256color", out, in);
	ck_assert_ptr_nonnull(scr);
	ui_colors_init(true);
	pad = newpad(40, 120);
	ck_assert_ptr_nonnull(pad);
}

static void teardown(void)
{
	delwin(pad);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

/* Row y of the pad from column x, n cells, as UTF-8 (spacing characters
 * only). */
static char *row_text(int y, int x, int n)
{
	static char buf[1024];
	size_t at = 0;
	for (int i = 0; i < n && at + 8 < sizeof buf; i++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1] = {0};
		attr_t a;
		short pair;
		mvwin_wch(pad, y, x + i, &cc);
		getcchar(&cc, wc, &a, &pair, NULL);
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t k = wcrtomb(buf + at, wc[0] ? wc[0] : L' ', &st);
		at += k == (size_t)-1 ? 0 : k;
	}
	buf[at] = '\0';
	return buf;
}

static attr_t cell_attr(int y, int x)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	mvwin_wch(pad, y, x, &cc);
	getcchar(&cc, wc, &a, &pair, NULL);
	return a;
}

static void series(const char *data, struct chart_series *s)
{
	char json[2048];
	struct pf_error err;
	snprintf(json, sizeof json, "{\"id\":\"u\",\"balance_history\":"
	         "{\"data\":%s}}", data);
	ck_assert_int_eq(chart_series_parse(json, strlen(json), s, &err), 0);
}

START_TEST(test_null_and_nothing)
{
	/* NULL everything: nothing drawn, no crash */
	ui_chart_draw(NULL, 0, 0, 10, 10, NULL);
	ui_chart_draw(pad, 0, 0, 10, 10, NULL);
	struct ui_chart c = {.model = NULL, .cursor = -1, .busy = NULL};
	ui_chart_draw(pad, 0, 0, 0, 0, &c);
	ui_chart_draw(pad, 0, 0, 10, 40, &c);
	ck_assert_str_eq(row_text(0, 0, 5), "     ");
	c.busy = "Loading the balance history…";
	ui_chart_draw(pad, 0, 0, 10, 40, &c);
	ck_assert_ptr_nonnull(strstr(row_text(0, 0, 40), "Loading the balance"));
	ck_assert_int_eq(ui_chart_move(NULL, 3, 1), -1);
	int w, h;
	ui_chart_area(3, 80, &w, &h);
	ck_assert_int_eq(w, 0);
	ui_chart_area(24, 80, &w, &h);
	ck_assert_int_eq(w, 80);
	ck_assert_int_eq(h, 24 - UI_CHART_EXTRA);
}
END_TEST

/* A model with nothing to draw shows its sentence, word-wrapped; hostile
 * version text is inert. */
START_TEST(test_notes_only)
{
	struct chart_series s;
	series("[]", &s);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 20, 10, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	struct ui_chart c = {.model = m, .cursor = -1};
	ui_chart_draw(pad, 0, 0, 10, 20, &c);
	ck_assert_str_eq(row_text(0, 0, 20), "No wallet activity  ");
	ck_assert_str_eq(row_text(1, 0, 20), "in this window.     ");
	/* one row for the sentence: it ends in "…", the row below untouched */
	ui_chart_draw(pad, 20, 0, 1, 20, &c);
	ck_assert_str_eq(row_text(20, 0, 20), "No wallet activity \xe2\x80\xa6");
	ck_assert_str_eq(row_text(21, 0, 20), "                    ");
	chart_free(m);
	chart_series_free(&s);
	series("[1]", &s);
	chart_series_free(&s);
	struct chart_series absent = {0};
	m = chart_build(&absent, 60, 10, CHART_BRAILLE, HISTORY_DAY,
	                "\x1b]0;pwned\x07", &err);
	c.model = m;
	ui_chart_draw(pad, 0, 0, 10, 60, &c);
	char both[2100];
	snprintf(both, sizeof both, "%s", row_text(0, 0, 60));
	snprintf(both + strlen(both), sizeof both - strlen(both), "%s",
	         row_text(1, 0, 60));
	ck_assert_ptr_null(strchr(both, '\x1b'));
	ck_assert_ptr_null(strchr(both, '\x07'));
	ck_assert_ptr_nonnull(strstr(both, "^[]0;pwned^G"));
	chart_free(m);
}
END_TEST

/* The fixture's five days at 60 x 12: labels, line, summary, cursor. */
START_TEST(test_draw_braille)
{
	struct chart_series s;
	series("[{\"t\":1793836800,\"v\":14200.0},{\"t\":1793923200,\"v\":14312.5},"
	       "{\"t\":1794009600,\"v\":13980.25},{\"t\":1794096000,\"v\":15234.5},"
	       "{\"t\":1794182400,\"v\":15234.5}]", &s);
	int mw, mh;
	ui_chart_area(12, 100, &mw, &mh);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, mw, mh, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	ck_assert(m->drawn);
	struct ui_chart c = {.model = m, .cursor = -1};
	ui_chart_draw(pad, 2, 3, 12, 100, &c);
	/* the y labels, right aligned before the plot */
	ck_assert_str_eq(row_text(2, 3, m->plot_x), "$15,234.50 ");
	ck_assert_str_eq(row_text(2 + m->plot_h - 1, 3, m->plot_x),
	                 "$13,980.25 ");
	/* the plot holds Braille only, in the line's role */
	int braille = 0;
	for (int y = 0; y < m->plot_h; y++)
		for (int x = 0; x < m->plot_w; x++) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1] = {0};
			attr_t a;
			short pair;
			mvwin_wch(pad, 2 + y, 3 + m->plot_x + x, &cc);
			getcchar(&cc, wc, &a, &pair, NULL);
			if (wc[0] >= 0x2800 && wc[0] <= 0x28FF)
				braille++;
			else
				ck_assert_int_eq(wc[0], L' ');
		}
	ck_assert_int_gt(braille, m->plot_w / 2);
	/* the x labels in local time (UTC here) */
	char *xl = row_text(2 + m->plot_h, 3 + m->plot_x, m->plot_w);
	ck_assert_ptr_nonnull(strstr(xl, "Nov 5"));
	ck_assert_ptr_nonnull(strstr(xl, "Nov 9"));
	/* the summary */
	ck_assert_ptr_nonnull(strstr(row_text(2 + m->plot_h + 1, 3, 100),
	                             "last $15,234.50  min $13,980.25  max "
	                             "$15,234.50  change +$1,034.50 (+7.29%)"));
	/* the cursor: its column reversed, the readout below */
	c.cursor = ui_chart_move(m, -1, 0);
	ck_assert_int_eq(c.cursor, m->plot_w - 1);
	c.cursor = ui_chart_move(m, c.cursor, -1000);
	ck_assert_int_eq(c.cursor, 0);
	c.cursor = ui_chart_move(m, c.cursor, 1);
	ck_assert_int_eq(c.cursor, 1);
	c.cursor = 0;
	ui_chart_draw(pad, 2, 3, 12, 100, &c);
	ck_assert(cell_attr(2, 3 + m->plot_x) & A_REVERSE);
	ck_assert(cell_attr(3, 3 + m->plot_x) & A_REVERSE);
	ck_assert(!(cell_attr(2, 3 + m->plot_x + 1) & A_REVERSE));
	ck_assert_ptr_nonnull(strstr(row_text(2 + m->plot_h + 2, 3, 100),
	                             "2026-11-05  $14,200.00"));
	/* busy replaces the readout */
	c.busy = "Loading…";
	ui_chart_draw(pad, 2, 3, 12, 100, &c);
	ck_assert_ptr_nonnull(strstr(row_text(2 + m->plot_h + 2, 3, 100),
	                             "Loading…"));
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

/* ASCII in a non-UTF-8 locale; the notes line. */
START_TEST(test_draw_ascii)
{
	struct chart_series s;
	series("[{\"t\":0,\"v\":-5},{\"t\":3600,\"v\":7},{\"t\":3600,\"v\":9},"
	       "{\"t\":7200,\"v\":\"x\"}]", &s);
	setlocale(LC_ALL, "C");
	ck_assert_int_eq(ui_chart_glyphs(), CHART_ASCII);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 40, 8, ui_chart_glyphs(),
	                                    HISTORY_HOUR, NULL, &err);
	struct ui_chart c = {.model = m, .cursor = -1};
	ui_chart_draw(pad, 0, 0, 8 + UI_CHART_EXTRA, 40, &c);
	for (int y = 0; y < m->plot_h; y++) {
		char *r = row_text(y, m->plot_x, m->plot_w);
		for (const char *p = r; *p; p++)
			ck_assert_msg(strchr(" _-'|", *p), "row %d: %s", y, r);
	}
	char *notes = row_text(8 + UI_CHART_EXTRA - 1, 0, 40);
	ck_assert_ptr_nonnull(strstr(notes, "The balance was below zero"));
	chart_free(m);
	chart_series_free(&s);
	setlocale(LC_ALL, "C.UTF-8");
	ck_assert_int_eq(ui_chart_glyphs(), CHART_BRAILLE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("chartview");
	TCase *tc = tcase_create("pad");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_nothing);
	tcase_add_test(tc, test_notes_only);
	tcase_add_test(tc, test_draw_braille);
	tcase_add_test(tc, test_draw_ascii);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
