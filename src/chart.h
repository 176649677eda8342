/* chart.h - the balance chart without a terminal: the series as the
 * server sent it (read tolerantly), and a model of the chart in character
 * cells that ui/chartview.c draws and command mode prints.
 *
 * The series: balance_history of GET /users/me (CONTRACT.md "Balance
 * history and earnings"), { "data": [ {"t": <Unix s>, "v": <USD>} ],
 * "last", "min", "max" }. Points are kept sorted by time with one point per
 * time (the later entry of a repeated "t" wins); an entry whose t is not a
 * whole number of seconds in years 1970..9999 or whose v is not a finite
 * number within +-CHART_MAX_ABS (strings, null, booleans, objects,
 * 1e300...) is skipped and counted. The server's last/min/max are not
 * trusted: the summary is computed from the points drawn.
 *
 * Money: the values are JSON numbers (floats). They are drawn as floats
 * but every amount shown goes through money.h, and the change over the
 * window is computed in whole cents from the two decimal texts, never by
 * adding floats.
 *
 * Ownership: chart_series_* fill a struct the caller owns (free its points
 * with chart_series_free); chart_build returns a model the caller frees
 * with chart_free; it borrows the series, which must outlive it.
 */
#ifndef PROFED_CHART_H
#define PROFED_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "history.h"

#define CHART_MAX_POINTS 100000  /* entries past this are dropped */
#define CHART_MAX_ABS 1e15       /* |v| above this is not a balance */
/* A range is "huge" when it spans at least this many times the smallest
 * non-zero balance (small balances then sit on the bottom row). */
#define CHART_HUGE_RATIO 1e6

struct chart_point {
	int64_t t;  /* Unix seconds, the start of the bucket */
	double v;   /* USD, finite, |v| <= CHART_MAX_ABS */
};

enum chart_state {
	CHART_ABSENT = 0, /* no balance_history key: the version lacks it */
	CHART_NULL,       /* balance_history: null (not own profile / scope) */
	CHART_INVALID,    /* not an object, or "data" not an array */
	CHART_EMPTY,      /* no usable point */
	CHART_OK,         /* at least one point */
};

struct chart_series {
	enum chart_state state;
	struct chart_point *pts; /* sorted by t, each t once; NULL when n 0 */
	size_t n;
	size_t skipped;    /* entries that were not {t, v} numbers in range */
	size_t duplicates; /* entries replaced by a later one with the same t */
	size_t dropped;    /* entries past CHART_MAX_POINTS */
	bool reordered;    /* they did not arrive in time order */
};

/* Read the balance_history of a User body json[0..n) (need not be
 * NUL-terminated). Returns 0 with s filled (every state; ABSENT when the
 * key is missing), or -1 with err: PF_ERR_PARSE when the text is not a
 * JSON object, PF_ERR_NOMEM (s is then empty, state ABSENT). */
int chart_series_parse(const char *json, size_t n, struct chart_series *s,
                       struct pf_error *err);

/* The same from a parsed User object (NULL or not an object: ABSENT). */
struct cJSON;
int chart_series_from_cjson(const struct cJSON *user, struct chart_series *s,
                            struct pf_error *err);

/* Free the points; s becomes empty (ABSENT). Accepts NULL. */
void chart_series_free(struct chart_series *s);

/* The line under the chart. Strings are money_format_usd texts. */
struct chart_summary {
	char *first, *last, *min, *max; /* "$15,234.50" */
	char *change;      /* last - first in cents: "+$1,034.50", "-$5.00",
	                      "$0.00" */
	char *change_pct;  /* "+7.28%" of |first|; "n/a" when first is $0.00 */
	int64_t change_cents;
};

/* Fill sum for a series with at least one point. Returns 0, or -1 with
 * err (PF_ERR_USAGE: no points; PF_ERR_NOMEM). */
int chart_summary_build(const struct chart_series *s, struct chart_summary *sum,
                        struct pf_error *err);
/* "last $15,234.50  min $13,980.25  max $15,234.50  change +$1,034.50
 * (+7.28%)"; caller frees; NULL when out of memory. ASCII except what
 * the amounts hold. */
char *chart_summary_line(const struct chart_summary *sum);
void chart_summary_free(struct chart_summary *sum); /* accepts NULL */

/* A USD float as whole cents, rounded half away from zero on its
 * shortest decimal text (money_from_double): 0.125 -> 13, -0.005 -> -1.
 * Returns 0, or -1 for a non-finite value or |v| > CHART_MAX_ABS. */
int chart_cents(double v, int64_t *cents);

/* A USD float as "$1,234.56" (sign before the "$"; chart_cents's
 * rounding), "?" when chart_cents refuses it. Caller frees; NULL out of
 * memory. */
char *chart_usd(double v);

/* How the line is drawn; the UI picks by the locale. */
enum chart_glyphs {
	CHART_BRAILLE = 0, /* U+2800 + dots, 2x4 dots per cell, a line */
	CHART_BLOCKS,      /* U+2581..U+2588, eighths of a cell, an area
	                      above the window's minimum */
	CHART_ASCII,       /* '_' '-' '\'' one per column, '|' joins */
};

/* The bit of the Braille dot (dx 0..1, dy 0..3 from the top) in a cell:
 * dots 1-2-3 and 7 down the left column, 4-5-6 and 8 down the right.
 * 0 for a position outside the cell. */
unsigned chart_braille_bit(int dx, int dy);

#define CHART_MAX_XLABELS 8

struct chart_xlabel {
	int col;     /* column in the plot where the label starts */
	char *text;  /* local time, e.g. "Nov 5", "14:00", "Nov 2026" */
};

/* The chart laid out in a width x height area of cells:
 *   rows 0 .. plot_h-1    the y label column (0 .. plot_x-1, right
 *                         aligned: y_top on row 0, y_bottom on the last
 *                         plot row) and the plot (plot_x .. +plot_w);
 *   row plot_h            the x labels (columns relative to plot_x).
 * The summary line, the notes and the cursor readout are strings for the
 * lines the caller puts around it. */
struct chart_model {
	int width, height;
	enum chart_glyphs glyphs;
	enum history_interval interval;
	bool drawn;         /* false: no plot (see notes: why) */
	int plot_x, plot_w, plot_h;
	uint32_t *cells;    /* plot_w * plot_h code points, row-major from the
	                       top; ' ' where empty */
	char *y_top, *y_bottom; /* money labels at max and min; a flat series
	                           has only y_top (y_bottom NULL) */
	struct chart_xlabel xlabels[CHART_MAX_XLABELS];
	size_t n_xlabels;
	bool has_summary;
	struct chart_summary summary;
	char *summary_line;
	char **notes;       /* one sentence per edge case that applies */
	size_t n_notes;
	/* scale, for the cursor */
	const struct chart_series *series; /* borrowed */
	int64_t t0, t1;
	double vmin, vmax;
	int *col_point;     /* per plot column: the nearest point, -1 none */
};

/* Build the model of s in width x height cells with glyphs, labelled for
 * interval; version names the API version in the "not available" note
 * (NULL: "this version"). Every state gives a model: when there is
 * nothing to draw (ABSENT, NULL, INVALID, EMPTY, or an area smaller than
 * CHART_MIN_W x CHART_MIN_H) drawn is false and notes say why; width
 * and height both 0 ask for the notes and the summary only (command
 * mode), without a "too small" note. Returns
 * NULL only with err (PF_ERR_NOMEM; s NULL: PF_ERR_USAGE). */
#define CHART_MIN_W 16
#define CHART_MIN_H 3
#define CHART_MAX_W 2000 /* larger areas are cut to this */
#define CHART_MAX_H 500
struct chart_model *chart_build(const struct chart_series *s, int width,
                                int height, enum chart_glyphs glyphs,
                                enum history_interval interval,
                                const char *version, struct pf_error *err);
void chart_free(struct chart_model *m); /* accepts NULL */

/* The index in m->series of the point under plot column col, or -1. */
int chart_point_at(const struct chart_model *m, int col);

/* The cursor readout of plot column col: "2026-11-05 14:00 CET
 * $15,234.50" (hour), "2026-11-05  $15,234.50" (day), "week of
 * 2026-11-02  ..." (week), "2026-11  ..." (month), in local time. Caller
 * frees; NULL when there is no point or out of memory. */
char *chart_readout(const struct chart_model *m, int col);

/* Plot row `row` as UTF-8 text (plot_w cells; ASCII for CHART_ASCII).
 * Caller frees; NULL when out of range or out of memory. */
char *chart_row_text(const struct chart_model *m, int row);

/* The local time of t as an x label for the interval (span: the window's
 * length in seconds, to choose "14:00" or "Nov 5 14:00" for hours) into
 * out. Month names are English, independent of the locale. */
char *chart_time_label(int64_t t, enum history_interval iv, int64_t span,
                       char *out, size_t n);

/* The sentence of a state that has nothing to draw ("No wallet activity
 * in this window.", ...); version as in chart_build. Writes into out and
 * returns it; "" for CHART_OK. */
char *chart_state_sentence(enum chart_state st, const char *version,
                           char *out, size_t n);

#endif
