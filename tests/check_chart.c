/* check_chart.c - the balance chart core: the series read tolerantly, the
 * model in cells (scaling, Braille packing, blocks, ASCII, labels through
 * the money formatter, local-time x labels, the cursor), every edge case's
 * sentence, the window and query of the request (history.c), and the
 * command-mode output (histout.c). No curses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "histout.h"
#include "history.h"
#include "strbuf.h"
#include "testutil.h"
#include "text.h"
#include "user.h"

static void set_tz(const char *tz)
{
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

/* The series of a User body; the parse must succeed. */
static void series_of(const char *json, struct chart_series *s)
{
	struct pf_error err;
	ck_assert_msg(chart_series_parse(json, strlen(json), s, &err) == 0, "%s",
	              err.message);
}

/* A body whose balance_history.data is the given JSON array text. */
static void series_data(const char *data, struct chart_series *s)
{
	char *json = malloc(strlen(data) + 64);
	ck_assert_ptr_nonnull(json);
	sprintf(json, "{\"id\":\"u\",\"balance_history\":{\"data\":%s}}", data);
	series_of(json, s);
	free(json);
}

static char *fixture(const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TEST_FIXTURES_DIR, name);
	char *s = tu_read_file(path, len);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Whether any note of m contains needle. */
static bool has_note(const struct chart_model *m, const char *needle)
{
	for (size_t i = 0; i < m->n_notes; i++)
		if (strstr(m->notes[i], needle))
			return true;
	return false;
}

/* ------------------------------------------------------------ NULL, empty,
 * hostile */

START_TEST(test_null_empty)
{
	struct pf_error err;
	struct chart_series s;
	ck_assert_int_eq(chart_series_parse(NULL, 0, &s, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_int_eq(chart_series_parse("", 0, &s, &err), -1);
	ck_assert_int_eq(chart_series_parse("[]", 2, &s, &err), -1);
	ck_assert_int_eq(chart_series_parse("{\"id\"", 5, &s, &err), -1);
	ck_assert_int_eq(chart_series_parse("{}\0{}", 5, &s, &err), -1);
	/* one JSON object and nothing after it but blanks */
	ck_assert_int_eq(chart_series_parse("{} {}", 5, &s, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_PARSE);
	ck_assert_int_eq(chart_series_parse("{}x", 3, &s, &err), -1);
	ck_assert_int_eq(chart_series_parse("{} \r\n", 5, &s, &err), 0);
	chart_series_free(&s);
	ck_assert_int_eq(chart_series_parse("{}", 2, NULL, &err), -1);
	ck_assert_int_eq(chart_series_from_cjson(NULL, &s, &err), 0);
	ck_assert_int_eq(s.state, CHART_ABSENT);
	chart_series_free(NULL);
	chart_series_free(&s);
	ck_assert_ptr_null(chart_build(NULL, 80, 20, CHART_BRAILLE, HISTORY_DAY,
	                               NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	chart_free(NULL);
	ck_assert_int_eq(chart_point_at(NULL, 0), -1);
	ck_assert_ptr_null(chart_readout(NULL, 0));
	ck_assert_ptr_null(chart_row_text(NULL, 0));
	struct chart_summary sum;
	ck_assert_int_eq(chart_summary_build(NULL, &sum, &err), -1);
	ck_assert_ptr_null(chart_summary_line(NULL));
	chart_summary_free(NULL);
	ck_assert_int_eq(chart_cents(0, NULL), -1);

	/* the states of the member */
	series_of("{\"id\":\"u\"}", &s);
	ck_assert_int_eq(s.state, CHART_ABSENT);
	series_of("{\"id\":\"u\",\"balance_history\":null}", &s);
	ck_assert_int_eq(s.state, CHART_NULL);
	series_of("{\"id\":\"u\",\"balance_history\":5}", &s);
	ck_assert_int_eq(s.state, CHART_INVALID);
	series_of("{\"id\":\"u\",\"balance_history\":{\"data\":null}}", &s);
	ck_assert_int_eq(s.state, CHART_INVALID);
	series_of("{\"id\":\"u\",\"balance_history\":{}}", &s);
	ck_assert_int_eq(s.state, CHART_INVALID);
	series_data("[]", &s);
	ck_assert_int_eq(s.state, CHART_EMPTY);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_ptr_null(s.pts);
}
END_TEST

START_TEST(test_hostile_entries)
{
	struct chart_series s;
	/* every entry but two is unusable */
	series_data("[null, 1, \"x\", [], {}, {\"t\":1}, {\"v\":1},"
	            "{\"t\":\"1\",\"v\":1}, {\"t\":1,\"v\":\"15.50\"},"
	            "{\"t\":1,\"v\":null}, {\"t\":1,\"v\":true},"
	            "{\"t\":1,\"v\":{}}, {\"t\":-1,\"v\":1},"
	            "{\"t\":1.5,\"v\":1}, {\"t\":1e300,\"v\":1},"
	            "{\"t\":1,\"v\":1e300}, {\"t\":1,\"v\":-1e16},"
	            "{\"t\":253402300800,\"v\":1},"
	            "{\"t\":100,\"v\":2.5}, {\"t\":50,\"v\":-1e15}]", &s);
	ck_assert_int_eq(s.state, CHART_OK);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.skipped, 18);
	ck_assert(s.reordered);
	ck_assert_int_eq(s.pts[0].t, 50);
	ck_assert(s.pts[0].v == -1e15);
	ck_assert_int_eq(s.pts[1].t, 100);
	chart_series_free(&s);

	/* all unusable: empty, and the count still told */
	series_data("[\"a\", null]", &s);
	ck_assert_int_eq(s.state, CHART_EMPTY);
	ck_assert_uint_eq(s.skipped, 2);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 80, 20, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	ck_assert_ptr_nonnull(m);
	ck_assert(!m->drawn);
	ck_assert(has_note(m, "No wallet activity in this window."));
	ck_assert(has_note(m, "2 entries were not a number and were skipped."));
	chart_free(m);
	chart_series_free(&s);

	/* escapes in keys or values are data, never text that is shown */
	series_data("[{\"t\":1,\"v\":1,\"\\u001b[31m\":\"\\u001b]0;x\\u0007\"}]",
	            &s);
	ck_assert_uint_eq(s.n, 1);
	chart_series_free(&s);
}
END_TEST

/* Out of order and repeated times: sorted, one point per time, the later
 * entry wins; the notes say so. */
START_TEST(test_order_and_duplicates)
{
	struct chart_series s;
	series_data("[{\"t\":30,\"v\":3},{\"t\":10,\"v\":1},{\"t\":20,\"v\":2},"
	            "{\"t\":10,\"v\":1.5},{\"t\":30,\"v\":3.5},{\"t\":30,\"v\":4}]",
	            &s);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.duplicates, 3);
	ck_assert(s.reordered);
	ck_assert_int_eq(s.pts[0].t, 10);
	ck_assert(s.pts[0].v == 1.5);
	ck_assert_int_eq(s.pts[1].t, 20);
	ck_assert_int_eq(s.pts[2].t, 30);
	ck_assert(s.pts[2].v == 4);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 40, 10, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	ck_assert(has_note(m, "3 entries repeated a time already seen"));
	ck_assert(has_note(m, "sorted by time"));
	chart_free(m);
	chart_series_free(&s);

	/* in order, no repeats: no such notes */
	series_data("[{\"t\":1,\"v\":1},{\"t\":2,\"v\":2}]", &s);
	ck_assert(!s.reordered);
	m = chart_build(&s, 40, 10, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert_uint_eq(m->n_notes, 0);
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

START_TEST(test_cap)
{
	struct strbuf sb = {0};
	strbuf_append_str(&sb, "[");
	for (int i = 0; i < CHART_MAX_POINTS + 5; i++)
		strbuf_appendf(&sb, "%s{\"t\":%d,\"v\":%d}", i ? "," : "", i, i % 7);
	strbuf_append_str(&sb, "]");
	struct chart_series s;
	series_data(strbuf_str(&sb), &s);
	strbuf_free(&sb);
	ck_assert_uint_eq(s.n, CHART_MAX_POINTS);
	ck_assert_uint_eq(s.dropped, 5);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 200, 60, CHART_BRAILLE,
	                                    HISTORY_HOUR, NULL, &err);
	ck_assert(has_note(m, "5 more were left out"));
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

/* ------------------------------------------------------------ money */

START_TEST(test_cents_and_summary)
{
	int64_t c;
	ck_assert_int_eq(chart_cents(0.125, &c), 0);
	ck_assert_int_eq(c, 13);
	ck_assert_int_eq(chart_cents(-0.005, &c), 0);
	ck_assert_int_eq(c, -1);
	ck_assert_int_eq(chart_cents(0.1 + 0.2, &c), 0);
	ck_assert_int_eq(c, 30);
	ck_assert_int_eq(chart_cents(1e15, &c), 0);
	ck_assert_int_eq(c, 100000000000000000LL);
	ck_assert_int_eq(chart_cents(1.1e15, &c), -1);
	ck_assert_int_eq(chart_cents(-0.0, &c), 0);
	ck_assert_int_eq(c, 0);

	/* the fixture: the change in cents, the percentage without floats'
	 * locale */
	size_t len;
	char *json = fixture("user-me-balance-history.json", &len);
	struct chart_series s;
	struct pf_error err;
	ck_assert_int_eq(chart_series_parse(json, len, &s, &err), 0);
	free(json);
	ck_assert_int_eq(s.state, CHART_OK);
	ck_assert_uint_eq(s.n, 5);
	struct chart_summary sum;
	ck_assert_int_eq(chart_summary_build(&s, &sum, &err), 0);
	ck_assert_str_eq(sum.first, "$14,200.00");
	ck_assert_str_eq(sum.last, "$15,234.50");
	ck_assert_str_eq(sum.min, "$13,980.25");
	ck_assert_str_eq(sum.max, "$15,234.50");
	ck_assert_str_eq(sum.change, "+$1,034.50");
	ck_assert_str_eq(sum.change_pct, "+7.29%");
	char *line = chart_summary_line(&sum);
	ck_assert_str_eq(line, "last $15,234.50  min $13,980.25  max $15,234.50"
	                 "  change +$1,034.50 (+7.29%)");
	free(line);
	chart_summary_free(&sum);
	chart_series_free(&s);

	/* 0.1 then 0.3: +$0.20 exactly; from zero: n/a; down */
	series_data("[{\"t\":1,\"v\":0.1},{\"t\":2,\"v\":0.3}]", &s);
	chart_summary_build(&s, &sum, &err);
	ck_assert_str_eq(sum.change, "+$0.20");
	ck_assert_str_eq(sum.change_pct, "+200.00%");
	chart_summary_free(&sum);
	chart_series_free(&s);
	series_data("[{\"t\":1,\"v\":0},{\"t\":2,\"v\":5}]", &s);
	chart_summary_build(&s, &sum, &err);
	ck_assert_str_eq(sum.change_pct, "n/a");
	chart_summary_free(&sum);
	chart_series_free(&s);
	series_data("[{\"t\":1,\"v\":-200},{\"t\":2,\"v\":-250.5}]", &s);
	chart_summary_build(&s, &sum, &err);
	ck_assert_str_eq(sum.change, "-$50.50");
	ck_assert_str_eq(sum.change_pct, "-25.25%");
	ck_assert_str_eq(sum.min, "-$250.50");
	chart_summary_free(&sum);
	chart_series_free(&s);
	/* a cent to the largest balance and back: more hundredths of a
	 * percent than a long long holds, shown whole and with its sign */
	series_data("[{\"t\":1,\"v\":0.01},{\"t\":2,\"v\":1e15}]", &s);
	chart_summary_build(&s, &sum, &err);
	ck_assert_str_eq(sum.change_pct, "+10000000000000000000%");
	chart_summary_free(&sum);
	chart_series_free(&s);
	series_data("[{\"t\":1,\"v\":-0.01},{\"t\":2,\"v\":-1e15}]", &s);
	chart_summary_build(&s, &sum, &err);
	ck_assert_str_eq(sum.change_pct, "-10000000000000000000%");
	chart_summary_free(&sum);
	chart_series_free(&s);
}
END_TEST

/* ------------------------------------------------------------ the model */

START_TEST(test_braille_bits)
{
	ck_assert_uint_eq(chart_braille_bit(0, 0), 0x01);
	ck_assert_uint_eq(chart_braille_bit(0, 1), 0x02);
	ck_assert_uint_eq(chart_braille_bit(0, 2), 0x04);
	ck_assert_uint_eq(chart_braille_bit(0, 3), 0x40);
	ck_assert_uint_eq(chart_braille_bit(1, 0), 0x08);
	ck_assert_uint_eq(chart_braille_bit(1, 1), 0x10);
	ck_assert_uint_eq(chart_braille_bit(1, 2), 0x20);
	ck_assert_uint_eq(chart_braille_bit(1, 3), 0x80);
	ck_assert_uint_eq(chart_braille_bit(2, 0), 0);
	ck_assert_uint_eq(chart_braille_bit(0, 4), 0);
	ck_assert_uint_eq(chart_braille_bit(-1, 0), 0);
}
END_TEST

/* A rising line: bottom-left dot to top-right dot, packed into cells. */
START_TEST(test_braille_packing)
{
	struct chart_series s;
	series_data("[{\"t\":0,\"v\":0},{\"t\":100,\"v\":1}]", &s);
	struct pf_error err;
	/* labels "$1.00"/"$0.00": 5 columns and a space */
	struct chart_model *m = chart_build(&s, 16, 3, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	ck_assert(m->drawn);
	ck_assert_int_eq(m->plot_x, 6);
	ck_assert_int_eq(m->plot_w, 10);
	ck_assert_int_eq(m->plot_h, 2);
	ck_assert_str_eq(m->y_top, "$1.00");
	ck_assert_str_eq(m->y_bottom, "$0.00");
	/* 20 x 8 dots: (0, 0) is the bottom-left dot of cell (row 1, col 0):
	 * dot 7 (0x40); (19, 7) the top-right of cell (0, 9): dot 4 (0x08) */
	ck_assert_uint_eq(m->cells[1 * 10 + 0] & 0xFF40, 0x2840);
	ck_assert_uint_eq(m->cells[0 * 10 + 9] & 0xFF08, 0x2808);
	/* the line is continuous: every column has a dot, only Braille */
	for (int c = 0; c < 10; c++) {
		uint32_t a = m->cells[c], b = m->cells[10 + c];
		ck_assert(a == ' ' || (a >= 0x2800 && a <= 0x28FF));
		ck_assert(b == ' ' || (b >= 0x2800 && b <= 0x28FF));
		ck_assert_msg(a != ' ' || b != ' ', "column %d empty", c);
	}
	/* the left half is low, the right half high */
	ck_assert_uint_eq(m->cells[0], ' ');
	ck_assert_uint_eq(m->cells[10 + 9], ' ');
	char *row = chart_row_text(m, 0);
	ck_assert_uint_eq(text_char_count(row), 10);
	free(row);
	ck_assert_ptr_null(chart_row_text(m, 2));
	ck_assert_ptr_null(chart_row_text(m, -1));
	chart_free(m);

	/* flat: one dot row in the middle of 8 (level 4 from the bottom: top
	 * row, dots 7 and 8 of every cell) */
	chart_series_free(&s);
	series_data("[{\"t\":0,\"v\":5},{\"t\":100,\"v\":5}]", &s);
	m = chart_build(&s, 16, 3, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert_ptr_null(m->y_bottom);
	ck_assert_str_eq(m->y_top, "$5.00");
	ck_assert_int_eq(m->plot_x, 6);
	for (int c = 0; c < m->plot_w; c++) {
		ck_assert_uint_eq(m->cells[c], 0x28C0);
		ck_assert_uint_eq(m->cells[m->plot_w + c], ' ');
	}
	ck_assert(has_note(m, "No change in this window: the balance stayed "
	                   "at $5.00."));
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

/* Scaling: the area is used exactly; max on the top row, min on the
 * bottom row, at any size. */
START_TEST(test_scaling)
{
	struct chart_series s;
	series_data("[{\"t\":0,\"v\":10},{\"t\":10,\"v\":90},{\"t\":20,\"v\":-30},"
	            "{\"t\":30,\"v\":40}]", &s);
	static const int sizes[][2] = {{16, 3}, {40, 10}, {80, 24}, {200, 60}};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		for (int g = CHART_BRAILLE; g <= CHART_ASCII; g++) {
			struct pf_error err;
			struct chart_model *m = chart_build(&s, sizes[k][0],
			        sizes[k][1], (enum chart_glyphs)g, HISTORY_DAY,
			        NULL, &err);
			ck_assert(m->drawn);
			ck_assert_int_eq(m->plot_x + m->plot_w, sizes[k][0]);
			ck_assert_int_eq(m->plot_h + 1, sizes[k][1]);
			ck_assert_str_eq(m->y_top, "$90.00");
			ck_assert_str_eq(m->y_bottom, "-$30.00");
			bool top = false, bottom = false;
			for (int c = 0; c < m->plot_w; c++) {
				top = top || m->cells[c] != ' ';
				bottom = bottom ||
				         m->cells[(m->plot_h - 1) * m->plot_w + c] != ' ';
			}
			ck_assert(top && bottom);
			for (int i = 0; i < m->plot_w * m->plot_h; i++) {
				uint32_t cp = m->cells[i];
				if (g == CHART_BRAILLE)
					ck_assert(cp == ' ' || (cp >= 0x2800 && cp <= 0x28FF));
				else if (g == CHART_BLOCKS)
					ck_assert(cp == ' ' || (cp >= 0x2581 && cp <= 0x2588));
				else
					ck_assert(cp && strchr(" _-'|", (int)cp));
			}
			ck_assert(has_note(m, "below zero in this window (lowest "
			                   "-$30.00)"));
			chart_free(m);
		}
	}
	chart_series_free(&s);
}
END_TEST

/* Blocks: an area above the minimum, in eighths. */
START_TEST(test_blocks)
{
	struct chart_series s;
	series_data("[{\"t\":0,\"v\":0},{\"t\":100,\"v\":1}]", &s);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 16, 3, CHART_BLOCKS, HISTORY_DAY,
	                                    NULL, &err);
	/* first column: one eighth at the bottom; last: full */
	ck_assert_uint_eq(m->cells[m->plot_w + 0], 0x2581);
	ck_assert_uint_eq(m->cells[0], ' ');
	ck_assert_uint_eq(m->cells[m->plot_w - 1], 0x2588);
	ck_assert_uint_eq(m->cells[2 * m->plot_w - 1], 0x2588);
	chart_free(m);
	m = chart_build(&s, 16, 3, CHART_ASCII, HISTORY_DAY, NULL, &err);
	char *bottom = chart_row_text(m, 1), *top = chart_row_text(m, 0);
	ck_assert_int_eq(bottom[0], '_');
	ck_assert_int_eq(top[9], '\'');
	free(bottom);
	free(top);
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

/* Every edge case has its own sentence; nothing misleading is drawn. */
START_TEST(test_edge_sentences)
{
	struct pf_error err;
	struct chart_series s;
	struct chart_model *m;
	char buf[200];

	series_of("{\"id\":\"u\"}", &s);
	m = chart_build(&s, 80, 20, CHART_BRAILLE, HISTORY_DAY, "2026-06-09",
	                &err);
	ck_assert(!m->drawn);
	ck_assert_uint_eq(m->n_notes, 1);
	ck_assert_str_eq(m->notes[0], "The balance history is not available "
	                 "with API version 2026-06-09.");
	chart_free(m);
	/* a hostile version is never echoed raw */
	chart_state_sentence(CHART_ABSENT, "\x1b[2J", buf, sizeof buf);
	ck_assert_ptr_null(strchr(buf, '\x1b'));
	chart_state_sentence(CHART_ABSENT, NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "The balance history is not available with this "
	                 "API version.");

	series_of("{\"id\":\"u\",\"balance_history\":null}", &s);
	m = chart_build(&s, 80, 20, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(!m->drawn);
	ck_assert_str_eq(m->notes[0], "The balance history needs your own "
	                 "profile and the balance-read permission.");
	ck_assert(!m->has_summary);
	chart_free(m);

	series_of("{\"id\":\"u\",\"balance_history\":[]}", &s);
	m = chart_build(&s, 80, 20, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(has_note(m, "cannot be read"));
	chart_free(m);

	series_data("[]", &s);
	m = chart_build(&s, 80, 20, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(!m->drawn);
	ck_assert_str_eq(m->notes[0], "No wallet activity in this window.");
	chart_free(m);

	/* a single point: one dot in the middle, said */
	series_data("[{\"t\":1793836800,\"v\":42.5}]", &s);
	m = chart_build(&s, 40, 10, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(m->drawn);
	ck_assert(has_note(m, "Only one point in this window ($42.50): no line "
	                   "to draw."));
	int dots = 0;
	for (int i = 0; i < m->plot_w * m->plot_h; i++)
		if (m->cells[i] != ' ')
			dots += __builtin_popcount(m->cells[i] & 0xFF);
	ck_assert_int_eq(dots, 1);
	ck_assert_int_eq(chart_point_at(m, 0), 0);
	chart_free(m);
	chart_series_free(&s);

	/* a huge range */
	series_data("[{\"t\":1,\"v\":0.01},{\"t\":2,\"v\":50000000}]", &s);
	m = chart_build(&s, 60, 10, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(has_note(m, "A huge range, from $0.01 to $50,000,000.00"));
	ck_assert_str_eq(m->y_top, "$50,000,000.00");
	ck_assert_int_eq(m->plot_x, 15);
	chart_free(m);
	/* absurd sizes are cut */
	m = chart_build(&s, 1 << 30, 1 << 30, CHART_BLOCKS, HISTORY_DAY, NULL,
	                &err);
	ck_assert(m->drawn);
	ck_assert_int_eq(m->width, CHART_MAX_W);
	ck_assert_int_eq(m->plot_h, CHART_MAX_H - 1);
	chart_free(m);
	m = chart_build(&s, -5, -5, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(!m->drawn);
	chart_free(m);
	/* too small */
	m = chart_build(&s, 10, 2, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert(!m->drawn);
	ck_assert(has_note(m, "Too small to draw"));
	ck_assert_ptr_null(chart_readout(m, 0));
	chart_free(m);
	chart_series_free(&s);
	/* the same range from 1,000: not huge */
	series_data("[{\"t\":1,\"v\":1000},{\"t\":2,\"v\":50000000}]", &s);
	m = chart_build(&s, 60, 10, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert_uint_eq(m->n_notes, 0);
	chart_free(m);
	chart_series_free(&s);
}
END_TEST

/* X labels in the local time zone: the same instants are other days in
 * Tokyo than in UTC; hours across the end of daylight saving time. */
START_TEST(test_time_zone_labels)
{
	struct chart_series s;
	struct pf_error err;
	char buf[32];
	/* 2026-11-05 and -06 00:00 in Tokyo (15:00 UTC the day before) */
	series_data("[{\"t\":1793804400,\"v\":1},{\"t\":1793890800,\"v\":2}]", &s);
	set_tz("Asia/Tokyo");
	struct chart_model *m = chart_build(&s, 40, 10, CHART_BRAILLE,
	                                    HISTORY_DAY, NULL, &err);
	ck_assert_uint_eq(m->n_xlabels, 2);
	ck_assert_str_eq(m->xlabels[0].text, "Nov 5");
	ck_assert_int_eq(m->xlabels[0].col, 0);
	ck_assert_str_eq(m->xlabels[1].text, "Nov 6");
	ck_assert_int_eq(m->xlabels[1].col, m->plot_w - 5);
	char *r = chart_readout(m, 0);
	ck_assert_str_eq(r, "2026-11-05  $1.00");
	free(r);
	r = chart_readout(m, m->plot_w - 1);
	ck_assert_str_eq(r, "2026-11-06  $2.00");
	free(r);
	chart_free(m);
	set_tz("UTC");
	m = chart_build(&s, 40, 10, CHART_BRAILLE, HISTORY_DAY, NULL, &err);
	ck_assert_str_eq(m->xlabels[0].text, "Nov 4");
	ck_assert_str_eq(m->xlabels[1].text, "Nov 5");
	chart_free(m);
	chart_series_free(&s);

	/* New York, 2026-11-01: 01:00 EDT, then 01:00 EST an hour later */
	set_tz("America/New_York");
	ck_assert_str_eq(chart_time_label(1793509200, HISTORY_HOUR, 3600, buf,
	                                  sizeof buf), "01:00");
	ck_assert_str_eq(chart_time_label(1793512800, HISTORY_HOUR, 3600, buf,
	                                  sizeof buf), "01:00");
	ck_assert_str_eq(chart_time_label(1793512800, HISTORY_HOUR, 3 * 86400,
	                                  buf, sizeof buf), "Nov 1 01:00");
	ck_assert_str_eq(chart_time_label(1793512800, HISTORY_WEEK, 0, buf,
	                                  sizeof buf), "Nov 1");
	ck_assert_str_eq(chart_time_label(1793512800, HISTORY_MONTH, 0, buf,
	                                  sizeof buf), "Nov 2026");
	series_data("[{\"t\":1793509200,\"v\":1},{\"t\":1793512800,\"v\":2}]", &s);
	m = chart_build(&s, 40, 10, CHART_BRAILLE, HISTORY_HOUR, NULL, &err);
	r = chart_readout(m, 0);
	ck_assert_str_eq(r, "2026-11-01 01:00 EDT  $1.00");
	free(r);
	r = chart_readout(m, m->plot_w - 1);
	ck_assert_str_eq(r, "2026-11-01 01:00 EST  $2.00");
	free(r);
	chart_free(m);
	chart_series_free(&s);
	set_tz(NULL);
}
END_TEST

/* Many points: labels never overlap and stay inside the plot; the cursor
 * maps every column to a point. */
START_TEST(test_labels_and_cursor)
{
	set_tz("UTC");
	struct strbuf sb = {0};
	strbuf_append_str(&sb, "[");
	for (int i = 0; i < 720; i++)
		strbuf_appendf(&sb, "%s{\"t\":%d,\"v\":%d.25}", i ? "," : "",
		               1790000000 + i * 3600, 1000 + (i * 37) % 500);
	strbuf_append_str(&sb, "]");
	struct chart_series s;
	series_data(strbuf_str(&sb), &s);
	strbuf_free(&sb);
	struct pf_error err;
	struct chart_model *m = chart_build(&s, 200, 60, CHART_BRAILLE,
	                                    HISTORY_HOUR, NULL, &err);
	ck_assert_uint_ge(m->n_xlabels, 3);
	int end = -1;
	for (size_t i = 0; i < m->n_xlabels; i++) {
		ck_assert_int_gt(m->xlabels[i].col, end);
		end = m->xlabels[i].col + (int)strlen(m->xlabels[i].text);
		ck_assert_int_le(end, m->plot_w);
	}
	int prev = -1;
	for (int c = 0; c < m->plot_w; c++) {
		int p = chart_point_at(m, c);
		ck_assert_int_ge(p, prev);
		prev = p;
	}
	ck_assert_int_eq(chart_point_at(m, 0), 0);
	ck_assert_int_eq(chart_point_at(m, m->plot_w - 1), 719);
	ck_assert_int_eq(chart_point_at(m, m->plot_w), -1);
	ck_assert_int_eq(chart_point_at(m, -1), -1);
	chart_free(m);
	chart_series_free(&s);
	set_tz(NULL);
}
END_TEST

/* ------------------------------------------------------------ history.c */

START_TEST(test_window_keys)
{
	ck_assert_str_eq(history_interval_name(HISTORY_HOUR), "hour");
	ck_assert_str_eq(history_interval_name((enum history_interval)99), "day");
	ck_assert_int_eq(history_interval_parse("week"), HISTORY_WEEK);
	ck_assert_int_eq(history_interval_parse("Week"), -1);
	ck_assert_int_eq(history_interval_parse(NULL), -1);
	ck_assert_int_eq(history_interval_parse(""), -1);

	int64_t now = 1794182400, day = 86400;
	struct history_window w = history_window_default(HISTORY_DAY, now);
	ck_assert_int_eq(w.to, now);
	ck_assert_int_eq(w.from, now - 30 * day);
	/* h d w m */
	ck_assert(history_set_interval(&w, HISTORY_HOUR, now));
	ck_assert_int_eq(w.from, now - 3 * day);
	ck_assert(!history_set_interval(&w, HISTORY_HOUR, now));
	ck_assert(history_set_interval(&w, HISTORY_MONTH, now));
	ck_assert_int_eq(w.from, now - 360 * day);
	ck_assert(history_set_interval(&w, HISTORY_WEEK, now));
	ck_assert_int_eq(w.to - w.from, 26 * 7 * day);
	ck_assert(!history_set_interval(NULL, HISTORY_DAY, now));
	/* [ and ]: by the window's length, never past now */
	w = history_window_default(HISTORY_DAY, now);
	ck_assert(!history_shift(&w, 1, now));
	ck_assert(history_shift(&w, -1, now));
	ck_assert_int_eq(w.to, now - 30 * day);
	ck_assert_int_eq(w.from, now - 60 * day);
	ck_assert(history_shift(&w, 1, now));
	ck_assert_int_eq(w.to, now);
	ck_assert(!history_shift(&w, 0, now));
	/* a move that would pass now ends at now */
	w.to = now - day;
	w.from = w.to - 30 * day;
	ck_assert(history_shift(&w, 1, now));
	ck_assert_int_eq(w.to, now);
	ck_assert_int_eq(w.from, now - 30 * day);
	/* interval keys from a window in the past keep its end */
	history_shift(&w, -1, now);
	history_set_interval(&w, HISTORY_HOUR, now);
	ck_assert_int_eq(w.to, now - 30 * day);
	/* + and -: double and halve, within the caps */
	w = history_window_default(HISTORY_DAY, now);
	ck_assert(history_zoom(&w, 1));
	ck_assert_int_eq(w.to - w.from, 60 * day);
	ck_assert_int_eq(w.to, now);
	ck_assert(history_zoom(&w, -1));
	ck_assert(history_zoom(&w, -1));
	ck_assert_int_eq(w.to - w.from, 15 * day);
	for (int i = 0; i < 10; i++)
		history_zoom(&w, -1);
	ck_assert_int_eq(w.to - w.from, HISTORY_MIN_BUCKETS * day);
	ck_assert(!history_zoom(&w, -1));
	for (int i = 0; i < 20; i++)
		history_zoom(&w, 1);
	ck_assert_int_eq(w.to - w.from, HISTORY_MAX_BUCKETS * day);
	ck_assert(!history_zoom(&w, 1));
	ck_assert(!history_zoom(NULL, 1));
	/* never before 1970 */
	w = history_window_default(HISTORY_MONTH, 400 * day);
	ck_assert(!history_shift(&w, -1, 400 * day));
	ck_assert_int_eq(w.from, 40 * day);
	ck_assert(history_zoom(&w, 1));
	ck_assert_int_eq(w.from, 0);
	ck_assert(!history_zoom(&w, 1));
}
END_TEST

START_TEST(test_query)
{
	char q[HISTORY_QUERY_MAX];
	struct history_window w = {.from = 1791590400, .to = 1794182400,
	                           .interval = HISTORY_DAY};
	ck_assert_int_eq(history_query(&w, "America/New_York", q, sizeof q), 0);
	ck_assert_str_eq(q, "include_balance_history=true"
	                 "&from=2026-10-10T00%3A00%3A00Z"
	                 "&to=2026-11-09T00%3A00%3A00Z&interval=day"
	                 "&time_zone=America%2FNew_York");
	w.interval = HISTORY_HOUR;
	ck_assert_int_eq(history_query(&w, "Etc/GMT+5", q, sizeof q), 0);
	ck_assert_ptr_nonnull(strstr(q, "&interval=hour&time_zone=Etc%2FGMT%2B5"));
	/* a zone that is not a name is never sent */
	ck_assert_int_eq(history_query(&w, "x&include_balance_history=false", q,
	                               sizeof q), 0);
	ck_assert_ptr_nonnull(strstr(q, "&time_zone=UTC"));
	ck_assert_int_eq(history_query(&w, NULL, q, sizeof q), 0);
	ck_assert_ptr_nonnull(strstr(q, "&time_zone=UTC"));
	/* too small, NULL, out of range */
	ck_assert_int_eq(history_query(&w, "UTC", q, 20), -1);
	ck_assert_str_eq(q, "");
	ck_assert_int_eq(history_query(NULL, "UTC", q, sizeof q), -1);
	ck_assert_int_eq(history_query(&w, "UTC", NULL, 0), -1);
	w.to = 300000000000LL;
	ck_assert_int_eq(history_query(&w, "UTC", q, sizeof q), -1);
	char iso[HISTORY_ISO_MAX];
	ck_assert_str_eq(history_iso_utc(0, iso, sizeof iso),
	                 "1970-01-01T00:00:00Z");
}
END_TEST

START_TEST(test_zone_pick)
{
	char z[HISTORY_ZONE_MAX];
	/* TZ first */
	ck_assert_str_eq(history_zone_pick("Europe/Berlin", "/usr/share/zoneinfo/"
	                 "Asia/Tokyo", "Etc/UTC\n", z, sizeof z), "Europe/Berlin");
	ck_assert_str_eq(history_zone_pick(":America/New_York", NULL, NULL, z,
	                                   sizeof z), "America/New_York");
	ck_assert_str_eq(history_zone_pick("/usr/share/zoneinfo/posix/Asia/Tokyo",
	                                   NULL, NULL, z, sizeof z), "Asia/Tokyo");
	ck_assert_str_eq(history_zone_pick("EST5EDT", NULL, NULL, z, sizeof z),
	                 "EST5EDT");
	/* set but not a zone name: UTC, never the system's */
	static const char *const hostile[] = {
		"", "CET-1CEST", "CET-1CEST,M3.5.0,M10.5.0/3", "../../etc/passwd",
		"Europe/../../etc", "Europe/Berlin\r\nX-Evil: 1", "$(reboot)",
		"\x1b[31m", "/etc/passwd", "-rf", "Europe//Berlin", "Europe/",
		"A/very/long/name/that/goes/on/and/on/and/on/past/sixty/four/chars/x",
		"Ünïcode/Zone", "Europe/Berlin ",
	};
	for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++)
		ck_assert_msg(strcmp(history_zone_pick(hostile[i], "/usr/share/"
		              "zoneinfo/Asia/Tokyo", NULL, z, sizeof z), "UTC") == 0,
		              "%s -> %s", hostile[i], z);
	/* then the link, then /etc/timezone, then UTC */
	ck_assert_str_eq(history_zone_pick(NULL, "/usr/share/zoneinfo/Asia/Tokyo",
	                                   "Europe/Paris\n", z, sizeof z),
	                 "Asia/Tokyo");
	ck_assert_str_eq(history_zone_pick(NULL, "../usr/share/zoneinfo/right/"
	                                   "Europe/Rome", NULL, z, sizeof z),
	                 "Europe/Rome");
	ck_assert_str_eq(history_zone_pick(NULL, "/etc/weird", "Europe/Paris\n",
	                                   z, sizeof z), "Europe/Paris");
	ck_assert_str_eq(history_zone_pick(NULL, NULL, "bad zone\n", z, sizeof z),
	                 "UTC");
	ck_assert_str_eq(history_zone_pick(NULL, NULL, NULL, z, sizeof z), "UTC");
	ck_assert_str_eq(history_zone_pick(NULL, NULL, NULL, z, 2), "");
	ck_assert(history_zone_valid("Etc/GMT-14"));
	ck_assert(history_zone_valid("America/Argentina/Buenos_Aires"));
	ck_assert(!history_zone_valid(NULL));
	ck_assert(!history_zone_valid("a/./b"));
	/* the real system: some valid name */
	ck_assert(history_zone_valid(history_local_zone(z, sizeof z)));
	setenv("TZ", "Pacific/Auckland", 1);
	ck_assert_str_eq(history_local_zone(z, sizeof z), "Pacific/Auckland");
	unsetenv("TZ");
}
END_TEST

START_TEST(test_parse_time)
{
	int64_t t;
	set_tz("Asia/Tokyo");
	ck_assert_int_eq(history_parse_time("2026-11-05", &t), 0);
	ck_assert_int_eq(t, 1793804400);
	ck_assert_int_eq(history_parse_time("2026-11-05T09:00", &t), 0);
	ck_assert_int_eq(t, 1793836800);
	ck_assert_int_eq(history_parse_time("2026-11-05T00:00:00Z", &t), 0);
	ck_assert_int_eq(t, 1793836800);
	ck_assert_int_eq(history_parse_time("2026-11-05T01:30:00+01:30", &t), 0);
	ck_assert_int_eq(t, 1793836800);
	ck_assert_int_eq(history_parse_time("2026-11-04T19:00-05:00", &t), 0);
	ck_assert_int_eq(t, 1793836800);
	static const char *const bad[] = {
		"", "2026", "2026-11-5", "2026-13-01", "2026-02-30", "2026-11-05T",
		"2026-11-05T25:00", "2026-11-05 09:00", "2026-11-05Z",
		"2026-11-05T09:00:00+1", "1969-12-31", "2026-11-05T09:00:00ZZ",
		"yesterday", "2026-11-05T09:00:00.5Z", "2026-11-05T1",
		"2026-11-05T09:", "2026-11-05T09:00:", "2026-11-05T09:00+",
		"2026-11-05T09:00+01", "2026-11-05T09:00+01:",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(history_parse_time(bad[i], &t) == -1, "%s", bad[i]);
	ck_assert_int_eq(history_parse_time(NULL, &t), -1);
	ck_assert_int_eq(history_parse_time("2028-02-29", &t), 0);
	set_tz(NULL);
}
END_TEST

/* ------------------------------------------------------------ histout.c */

START_TEST(test_histout_text)
{
	set_tz("UTC");
	size_t len;
	char *json = fixture("user-me-balance-history.json", &len);
	struct chart_series s;
	struct pf_error err;
	chart_series_parse(json, len, &s, &err);
	struct strbuf out = {0};
	ck_assert_int_eq(histout_text(&s, HISTORY_DAY, NULL, false, true, &out,
	                              &err), 0);
	ck_assert_str_eq(strbuf_str(&out),
	                 "2026-11-05  $14,200.00\n"
	                 "2026-11-06  $14,312.50\n"
	                 "2026-11-07  $13,980.25\n"
	                 "2026-11-08  $15,234.50\n"
	                 "2026-11-09  $15,234.50\n"
	                 "\n"
	                 "last    $15,234.50\n"
	                 "min     $13,980.25\n"
	                 "max     $15,234.50\n"
	                 "change  +$1,034.50 (+7.29%)\n");
	strbuf_reset(&out);
	/* with a sparkline: blocks, or ASCII */
	histout_text(&s, HISTORY_DAY, NULL, true, true, &out, &err);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&out), "+7.29%)\n▂▃▁██\n"));
	strbuf_reset(&out);
	histout_text(&s, HISTORY_DAY, NULL, true, false, &out, &err);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&out), "+7.29%)\n,-.##\n"));
	strbuf_reset(&out);
	/* hours carry the time and zone */
	histout_text(&s, HISTORY_HOUR, NULL, false, false, &out, &err);
	ck_assert_ptr_nonnull(strstr(strbuf_str(&out),
	                             "2026-11-05 00:00 UTC  $14,200.00\n"));
	strbuf_reset(&out);
	chart_series_free(&s);

	/* CSV: UTC, ISO 8601, the value as its decimal text */
	chart_series_parse(json, len, &s, &err);
	ck_assert_int_eq(histout_csv(&s, &out, &err), 0);
	ck_assert_str_eq(strbuf_str(&out), "time,value\n"
	                 "2026-11-05T00:00:00Z,14200\n"
	                 "2026-11-06T00:00:00Z,14312.5\n"
	                 "2026-11-07T00:00:00Z,13980.25\n"
	                 "2026-11-08T00:00:00Z,15234.5\n"
	                 "2026-11-09T00:00:00Z,15234.5\n");
	strbuf_reset(&out);
	chart_series_free(&s);

	/* the states without points: their sentence; skipped entries told */
	series_of("{\"id\":\"u\",\"balance_history\":null}", &s);
	histout_text(&s, HISTORY_DAY, NULL, true, true, &out, &err);
	ck_assert_str_eq(strbuf_str(&out), "The balance history needs your own "
	                 "profile and the balance-read permission.\n");
	strbuf_reset(&out);
	histout_csv(&s, &out, &err);
	ck_assert_str_eq(strbuf_str(&out), "time,value\n");
	strbuf_reset(&out);
	series_data("[{\"t\":0,\"v\":-3},{\"t\":0,\"v\":\"x\"}]", &s);
	histout_text(&s, HISTORY_DAY, NULL, false, true, &out, &err);
	ck_assert_str_eq(strbuf_str(&out), "1970-01-01  -$3.00\n\n"
	                 "last    -$3.00\nmin     -$3.00\nmax     -$3.00\n"
	                 "change  $0.00 (0.00%)\n"
	                 "Only one point in this window (-$3.00): no line to "
	                 "draw.\n"
	                 "The balance was below zero in this window (lowest "
	                 "-$3.00).\n"
	                 "1 entry was not a number and was skipped.\n");
	strbuf_reset(&out);
	ck_assert_int_eq(histout_text(NULL, HISTORY_DAY, NULL, false, true, &out,
	                              &err), -1);
	ck_assert_int_eq(histout_csv(&s, NULL, &err), -1);
	chart_series_free(&s);
	strbuf_free(&out);
	free(json);
	set_tz(NULL);
}
END_TEST

START_TEST(test_histout_json)
{
	struct strbuf out = {0};
	struct pf_error err;
	/* exactly as received, spacing and number spelling kept */
	const char *body = "{\"id\":\"u\", \"b\":{\"balance_history\":1},"
	                   "\"balance_history\" : {\"data\":[{\"t\":1,\"v\":14200.0}],"
	                   "\"last\":1.50e1, \"x\":\"}]\\\"\"} ,\"z\":null}";
	ck_assert_int_eq(histout_json(body, &out, &err), 0);
	ck_assert_str_eq(strbuf_str(&out), "{\"data\":[{\"t\":1,\"v\":14200.0}],"
	                 "\"last\":1.50e1, \"x\":\"}]\\\"\"}\n");
	strbuf_reset(&out);
	ck_assert_int_eq(histout_json("{\"balance_history\":null}", &out, &err),
	                 0);
	ck_assert_str_eq(strbuf_str(&out), "null\n");
	strbuf_reset(&out);
	/* raw terminal escapes (invalid JSON as text would be refused;
	 * valid JSON can carry a raw DEL or C1 byte) are made inert */
	ck_assert_int_eq(histout_json("{\"balance_history\":{\"n\":\"\x7f\xc2\x9b"
	                              "31m\"}}", &out, &err), 0);
	ck_assert_ptr_null(strchr(strbuf_str(&out), '\x7f'));
	ck_assert_ptr_null(strstr(strbuf_str(&out), "\xc2\x9b"));
	strbuf_reset(&out);
	/* a key spelled with an escape: cJSON's text of the value */
	ck_assert_int_eq(histout_json("{\"balance\\u005fhistory\":{\"data\":[]}}",
	                              &out, &err), 0);
	ck_assert_str_eq(strbuf_str(&out), "{\"data\":[]}\n");
	strbuf_reset(&out);
	ck_assert_int_eq(histout_json("{\"id\":\"u\"}", &out, &err), 1);
	ck_assert_str_eq(strbuf_str(&out), "");
	ck_assert_int_eq(histout_json("[1]", &out, &err), -1);
	ck_assert_int_eq(histout_json(NULL, &out, &err), -1);
	ck_assert_int_eq(histout_json("{", &out, &err), -1);
	ck_assert_int_eq(histout_json("{}", NULL, &err), -1);
	strbuf_free(&out);

	/* sparkline corners */
	struct chart_series s = {0};
	char *sp = histout_sparkline(&s, 10, true);
	ck_assert_str_eq(sp, "");
	free(sp);
	sp = histout_sparkline(NULL, 10, true);
	ck_assert_str_eq(sp, "");
	free(sp);
	series_data("[{\"t\":1,\"v\":1},{\"t\":2,\"v\":1}]", &s);
	sp = histout_sparkline(&s, 10, false);
	ck_assert_str_eq(sp, "~~");
	free(sp);
	chart_series_free(&s);
}
END_TEST

/* earnings_usd: a decimal string, a number, or absent. */
START_TEST(test_earnings)
{
	struct pf_error err;
	const char *a = "{\"id\":\"u\",\"earnings_usd\":\"48211.90\"}";
	struct user *u = user_parse(a, strlen(a), &err);
	ck_assert_str_eq(u->earnings_usd, "48211.90");
	struct user *d = user_dup(u);
	ck_assert_str_eq(d->earnings_usd, "48211.90");
	user_free(d);
	user_free(u);
	a = "{\"id\":\"u\",\"earnings_usd\":48211.9}";
	u = user_parse(a, strlen(a), &err);
	ck_assert_str_eq(u->earnings_usd, "48211.9");
	user_free(u);
	static const char *const absent[] = {
		"{\"id\":\"u\"}", "{\"id\":\"u\",\"earnings_usd\":null}",
		"{\"id\":\"u\",\"earnings_usd\":true}",
		"{\"id\":\"u\",\"earnings_usd\":{}}",
		"{\"id\":\"u\",\"earnings_usd\":1e999}",
	};
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++) {
		u = user_parse(absent[i], strlen(absent[i]), &err);
		ck_assert_ptr_nonnull(u);
		ck_assert_ptr_null(u->earnings_usd);
		user_free(u);
	}
	size_t len;
	char *json = fixture("user-me-balance-history.json", &len);
	u = user_parse(json, len, &err);
	ck_assert_str_eq(u->earnings_usd, "48211.90");
	user_free(u);
	free(json);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_null_empty);
	tcase_add_test(tc, test_hostile_entries);
	tcase_add_test(tc, test_order_and_duplicates);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_cents_and_summary);
	tcase_add_test(tc, test_braille_bits);
	tcase_add_test(tc, test_braille_packing);
	tcase_add_test(tc, test_scaling);
	tcase_add_test(tc, test_blocks);
	tcase_add_test(tc, test_edge_sentences);
	tcase_add_test(tc, test_time_zone_labels);
	tcase_add_test(tc, test_labels_and_cursor);
	tcase_add_test(tc, test_window_keys);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_zone_pick);
	tcase_add_test(tc, test_parse_time);
	tcase_add_test(tc, test_histout_text);
	tcase_add_test(tc, test_histout_json);
	tcase_add_test(tc, test_earnings);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
