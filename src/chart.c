/* chart.c - the balance history series and the chart model; see chart.h. */
#include "chart.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "money.h"
#include "jsontext.h"
#include "strbuf.h"
#include "text.h"

#define CHART_MAX_T 253402300799LL /* 9999-12-31T23:59:59Z */

/* ------------------------------------------------------------ the series */

/* A point with its position in the answer, for a stable sort. */
struct chart_entry {
	struct chart_point p;
	size_t at;
};

static int chart_entry_cmp(const void *a, const void *b)
{
	const struct chart_entry *x = a, *y = b;
	if (x->p.t != y->p.t)
		return x->p.t < y->p.t ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* One entry as a point; false when it is not {t, v} numbers in range. */
static bool chart_entry_read(const cJSON *e, struct chart_point *p)
{
	if (!cJSON_IsObject(e))
		return false;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "t");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "v");
	if (!cJSON_IsNumber(t) || !cJSON_IsNumber(v))
		return false;
	double tt = t->valuedouble, vv = v->valuedouble;
	if (!isfinite(tt) || tt < 0 || tt > (double)CHART_MAX_T ||
	    tt != floor(tt) || !isfinite(vv) || fabs(vv) > CHART_MAX_ABS)
		return false;
	p->t = (int64_t)tt;
	p->v = vv == 0 ? 0 : vv; /* no negative zero */
	return true;
}

void chart_series_free(struct chart_series *s)
{
	if (!s)
		return;
	free(s->pts);
	memset(s, 0, sizeof *s);
}

/* Read the value of balance_history (NULL: absent). */
static int chart_series_read(const cJSON *h, bool present,
                             struct chart_series *s, struct pf_error *err)
{
	memset(s, 0, sizeof *s);
	pf_error_clear(err);
	if (!present)
		return 0;
	if (cJSON_IsNull(h)) {
		s->state = CHART_NULL;
		return 0;
	}
	const cJSON *data = cJSON_IsObject(h) ?
		cJSON_GetObjectItemCaseSensitive(h, "data") : NULL;
	if (!cJSON_IsArray(data)) {
		s->state = CHART_INVALID;
		return 0;
	}
	size_t total = (size_t)cJSON_GetArraySize(data);
	size_t cap = total < CHART_MAX_POINTS ? total : CHART_MAX_POINTS;
	struct chart_entry *es = cap ? malloc(cap * sizeof *es) : NULL;
	if (cap && !es)
		return pf_error_set(err, PF_ERR_NOMEM,
		                    "out of memory reading the balance history");
	size_t n = 0, i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, data) {
		if (i++ >= cap) {
			s->dropped++;
			continue;
		}
		struct chart_point p;
		if (!chart_entry_read(e, &p)) {
			s->skipped++;
			continue;
		}
		if (n && p.t < es[n - 1].p.t)
			s->reordered = true;
		es[n].p = p;
		es[n].at = n;
		n++;
	}
	if (s->reordered)
		qsort(es, n, sizeof *es, chart_entry_cmp);
	/* one point per time: the later entry of a repeated t wins */
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		if (k && es[k - 1].p.t == es[j].p.t) {
			es[k - 1] = es[j];
			s->duplicates++;
		} else {
			es[k++] = es[j];
		}
	}
	if (k) {
		s->pts = malloc(k * sizeof *s->pts);
		if (!s->pts) {
			free(es);
			memset(s, 0, sizeof *s);
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory "
			                    "reading the balance history");
		}
		for (size_t j = 0; j < k; j++)
			s->pts[j] = es[j].p;
	}
	free(es);
	s->n = k;
	s->state = k ? CHART_OK : CHART_EMPTY;
	return 0;
}

int chart_series_from_cjson(const struct cJSON *user, struct chart_series *s,
                            struct pf_error *err)
{
	if (!s)
		return pf_error_set(err, PF_ERR_USAGE, "no series to fill");
	const cJSON *h = cJSON_IsObject(user) ?
		cJSON_GetObjectItemCaseSensitive(user, "balance_history") : NULL;
	return chart_series_read(h, h != NULL, s, err);
}

int chart_series_parse(const char *json, size_t n, struct chart_series *s,
                       struct pf_error *err)
{
	if (!s)
		return pf_error_set(err, PF_ERR_USAGE, "no series to fill");
	memset(s, 0, sizeof *s);
	if (!json || n == 0 || memchr(json, '\0', n))
		return pf_error_set(err, PF_ERR_PARSE,
		                    "the answer is not a JSON object");
	cJSON *root = jsontext_parse(json, n);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pf_error_set(err, PF_ERR_PARSE,
		                    "the answer is not a JSON object");
	}
	int rc = chart_series_from_cjson(root, s, err);
	cJSON_Delete(root);
	return rc;
}

/* ------------------------------------------------------------ money */

int chart_cents(double v, int64_t *cents)
{
	if (!isfinite(v) || fabs(v) > CHART_MAX_ABS || !cents)
		return -1;
	char *s = money_from_double(v);
	if (!s)
		return -1;
	const char *p = s;
	bool neg = *p == '-';
	if (neg || *p == '+')
		p++;
	int64_t whole = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (*p - '0');
	int d[3] = {0, 0, 0};
	if (*p == '.') {
		p++;
		for (int i = 0; i < 3 && *p >= '0' && *p <= '9'; i++, p++)
			d[i] = *p - '0';
	}
	free(s);
	int64_t c = whole * 100 + d[0] * 10 + d[1] + (d[2] >= 5);
	*cents = neg ? -c : c;
	return 0;
}

/* Whole cents as "$1,234.56" (sign before the "$"). Caller frees. */
static char *chart_usd_cents(int64_t c)
{
	char buf[48];
	unsigned long long a = c < 0 ? 0ULL - (unsigned long long)c
	                             : (unsigned long long)c;
	snprintf(buf, sizeof buf, "%s%llu.%02llu", c < 0 ? "-" : "", a / 100,
	         a % 100);
	return money_format_usd(buf);
}

/* See chart.h. */
char *chart_usd(double v)
{
	int64_t c;
	if (chart_cents(v, &c) < 0)
		return strdup("?");
	return chart_usd_cents(c);
}

void chart_summary_free(struct chart_summary *sum)
{
	if (!sum)
		return;
	free(sum->first);
	free(sum->last);
	free(sum->min);
	free(sum->max);
	free(sum->change);
	free(sum->change_pct);
	memset(sum, 0, sizeof *sum);
}

int chart_summary_build(const struct chart_series *s, struct chart_summary *sum,
                        struct pf_error *err)
{
	if (!sum)
		return pf_error_set(err, PF_ERR_USAGE, "no summary to fill");
	memset(sum, 0, sizeof *sum);
	if (!s || s->n == 0 || !s->pts)
		return pf_error_set(err, PF_ERR_USAGE, "no points to sum up");
	double lo = s->pts[0].v, hi = s->pts[0].v;
	for (size_t i = 1; i < s->n; i++) {
		if (s->pts[i].v < lo)
			lo = s->pts[i].v;
		if (s->pts[i].v > hi)
			hi = s->pts[i].v;
	}
	int64_t first = 0, last = 0;
	chart_cents(s->pts[0].v, &first);
	chart_cents(s->pts[s->n - 1].v, &last);
	sum->change_cents = last - first;
	sum->first = chart_usd_cents(first);
	sum->last = chart_usd_cents(last);
	sum->min = chart_usd(lo);
	sum->max = chart_usd(hi);
	char *ch = chart_usd_cents(sum->change_cents);
	if (ch) {
		sum->change = malloc(strlen(ch) + 2);
		if (sum->change)
			sprintf(sum->change, "%s%s", sum->change_cents > 0 ? "+" : "",
			        ch);
		free(ch);
	}
	char pct[48] = "n/a";
	if (first != 0) {
		/* hundredths of a percent, in integers (no locale's comma) */
		double r = (double)sum->change_cents * 10000.0 /
		           (double)(first < 0 ? -first : first);
		if (fabs(r) < 9e18) {
			long long bp = llround(r);
			unsigned long long a = bp < 0 ? 0ULL - (unsigned long long)bp
			                              : (unsigned long long)bp;
			snprintf(pct, sizeof pct, "%s%llu.%02llu%%",
			         bp > 0 ? "+" : bp < 0 ? "-" : "", a / 100, a % 100);
		} else { /* past a long long (a cent to 1e15): whole percent */
			snprintf(pct, sizeof pct, "%s%.0f%%", r > 0 ? "+" : "-",
			         fabs(r) / 100);
		}
	}
	sum->change_pct = strdup(pct);
	if (!sum->first || !sum->last || !sum->min || !sum->max ||
	    !sum->change || !sum->change_pct) {
		chart_summary_free(sum);
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	return 0;
}

char *chart_summary_line(const struct chart_summary *sum)
{
	if (!sum || !sum->last)
		return NULL;
	struct strbuf sb = {0};
	strbuf_appendf(&sb, "last %s  min %s  max %s  change %s (%s)", sum->last,
	               sum->min, sum->max, sum->change, sum->change_pct);
	if (sb.overflow || !sb.data) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* ------------------------------------------------------------ labels */

static const char *const chart_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Local time of t; false when it cannot be told. */
static bool chart_local(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	return localtime_r(&tt, tm) != NULL;
}

char *chart_time_label(int64_t t, enum history_interval iv, int64_t span,
                       char *out, size_t n)
{
	if (!out || n == 0)
		return out;
	struct tm tm;
	if (!chart_local(t, &tm)) {
		snprintf(out, n, "?");
		return out;
	}
	const char *mon = chart_months[tm.tm_mon % 12];
	switch (iv) {
	case HISTORY_HOUR:
		if (span <= 86400)
			snprintf(out, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
		else
			snprintf(out, n, "%s %d %02d:%02d", mon, tm.tm_mday,
			         tm.tm_hour, tm.tm_min);
		break;
	case HISTORY_MONTH:
		snprintf(out, n, "%s %d", mon, tm.tm_year + 1900);
		break;
	default:
		snprintf(out, n, "%s %d", mon, tm.tm_mday);
		break;
	}
	return out;
}

char *chart_state_sentence(enum chart_state st, const char *version,
                           char *out, size_t n)
{
	if (!out || n == 0)
		return out;
	switch (st) {
	case CHART_ABSENT: {
		char *v = text_sanitize(version ? version : "", 0);
		if (v && *v && strlen(v) < 40)
			snprintf(out, n, "The balance history is not available "
			         "with API version %s.", v);
		else
			snprintf(out, n, "The balance history is not available "
			         "with this API version.");
		free(v);
		break;
	}
	case CHART_NULL:
		snprintf(out, n, "The balance history needs your own profile "
		         "and the balance-read permission.");
		break;
	case CHART_INVALID:
		snprintf(out, n, "The server sent a balance history that "
		         "cannot be read.");
		break;
	case CHART_EMPTY:
		snprintf(out, n, "No wallet activity in this window.");
		break;
	default:
		out[0] = '\0';
		break;
	}
	return out;
}

/* ------------------------------------------------------------ the model */

unsigned chart_braille_bit(int dx, int dy)
{
	static const unsigned bits[4][2] = {
		{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80},
	};
	if (dx < 0 || dx > 1 || dy < 0 || dy > 3)
		return 0;
	return bits[dy][dx];
}

void chart_free(struct chart_model *m)
{
	if (!m)
		return;
	free(m->cells);
	free(m->y_top);
	free(m->y_bottom);
	for (size_t i = 0; i < m->n_xlabels; i++)
		free(m->xlabels[i].text);
	chart_summary_free(&m->summary);
	free(m->summary_line);
	for (size_t i = 0; i < m->n_notes; i++)
		free(m->notes[i]);
	free(m->notes);
	free(m->col_point);
	free(m);
}

/* Add a note (printf style). Returns -1 out of memory. */
__attribute__((format(printf, 2, 3)))
static int chart_note(struct chart_model *m, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **grown = realloc(m->notes, (m->n_notes + 1) * sizeof *grown);
	if (!grown)
		return -1;
	m->notes = grown;
	if (!(m->notes[m->n_notes] = strdup(buf)))
		return -1;
	m->n_notes++;
	return 0;
}

/* Time at the centre of plot column col. */
static double chart_col_time(const struct chart_model *m, int col)
{
	if (m->plot_w <= 1 || m->t1 == m->t0)
		return (double)m->t0;
	return (double)m->t0 + (double)(m->t1 - m->t0) * col / (m->plot_w - 1);
}

/* Value of the series at time t, linear between the points around it. */
static double chart_value_at(const struct chart_series *s, double t,
                             size_t *hint)
{
	size_t i = *hint;
	while (i + 1 < s->n && (double)s->pts[i + 1].t <= t)
		i++;
	*hint = i;
	if (i + 1 >= s->n || (double)s->pts[i].t >= t)
		return s->pts[i].v;
	const struct chart_point *a = &s->pts[i], *b = &s->pts[i + 1];
	double f = (t - (double)a->t) / (double)(b->t - a->t);
	return a->v + (b->v - a->v) * f;
}

/* Level 0 .. levels-1 of v in the window's range (the middle when flat). */
static int chart_level(const struct chart_model *m, double v, int levels)
{
	if (m->vmax <= m->vmin)
		return levels / 2;
	double f = (v - m->vmin) / (m->vmax - m->vmin);
	int l = (int)lround(f * (levels - 1));
	return l < 0 ? 0 : l >= levels ? levels - 1 : l;
}

/* Set Braille dot (x, y) with y counted from the bottom. */
static void chart_dot(struct chart_model *m, int x, int y)
{
	int w = m->plot_w * 2, h = m->plot_h * 4;
	if (x < 0 || x >= w || y < 0 || y >= h)
		return;
	int top = h - 1 - y;
	uint32_t *c = &m->cells[(top / 4) * m->plot_w + x / 2];
	if (*c == ' ')
		*c = 0x2800;
	*c |= chart_braille_bit(x % 2, top % 4);
}

/* A line of dots from (x0, y0) to (x1, y1) (Bresenham). */
static void chart_line(struct chart_model *m, int x0, int y0, int x1, int y1)
{
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;
	for (;;) {
		chart_dot(m, x0, y0);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

/* Dot column of time t (Braille: 2 per cell). */
static int chart_xdot(const struct chart_model *m, int64_t t, int dots)
{
	if (m->t1 == m->t0)
		return dots / 2;
	return (int)llround((double)(t - m->t0) * (dots - 1) /
	                    (double)(m->t1 - m->t0));
}

static void chart_draw_braille(struct chart_model *m)
{
	const struct chart_series *s = m->series;
	int dw = m->plot_w * 2, dh = m->plot_h * 4;
	int px = chart_xdot(m, s->pts[0].t, dw);
	int py = chart_level(m, s->pts[0].v, dh);
	chart_dot(m, px, py);
	for (size_t i = 1; i < s->n; i++) {
		int x = chart_xdot(m, s->pts[i].t, dw);
		int y = chart_level(m, s->pts[i].v, dh);
		if (x == px && y == py)
			continue;
		chart_line(m, px, py, x, y);
		px = x;
		py = y;
	}
}

/* Blocks and ASCII: one value per column. A single point only fills its
 * own column. */
static void chart_draw_columns(struct chart_model *m)
{
	const struct chart_series *s = m->series;
	size_t hint = 0;
	int prev_row = -1;
	int only = s->n == 1 ? m->plot_w / 2 : -1;
	for (int c = 0; c < m->plot_w; c++) {
		if (only >= 0 && c != only)
			continue;
		double v = chart_value_at(s, chart_col_time(m, c), &hint);
		if (m->glyphs == CHART_BLOCKS) {
			int eighths = chart_level(m, v, m->plot_h * 8) + 1;
			for (int r = 0; r < m->plot_h; r++) {
				int below = (m->plot_h - 1 - r) * 8;
				int fill = eighths - below;
				uint32_t cp = fill >= 8 ? 0x2588 : fill > 0 ?
					0x2580 + (uint32_t)fill : ' ';
				m->cells[r * m->plot_w + c] = cp;
			}
		} else {
			int l = chart_level(m, v, m->plot_h * 3);
			int row = m->plot_h - 1 - l / 3;
			static const char glyph[3] = {'_', '-', '\''};
			m->cells[row * m->plot_w + c] = (uint32_t)glyph[l % 3];
			if (prev_row >= 0) {
				int a = prev_row < row ? prev_row : row;
				int b = prev_row < row ? row : prev_row;
				for (int r = a + 1; r < b; r++)
					m->cells[r * m->plot_w + c] = '|';
			}
			prev_row = row;
		}
	}
}

/* The nearest point to each column's time. */
static void chart_map_columns(struct chart_model *m)
{
	const struct chart_series *s = m->series;
	size_t i = 0;
	for (int c = 0; c < m->plot_w; c++) {
		double t = chart_col_time(m, c);
		while (i + 1 < s->n && (double)s->pts[i + 1].t <= t)
			i++;
		size_t best = i;
		if (i + 1 < s->n &&
		    (double)s->pts[i + 1].t - t < t - (double)s->pts[i].t)
			best = i + 1;
		m->col_point[c] = (int)best;
	}
}

/* A few x labels at the points under evenly spaced columns, left to
 * right, never overlapping, each within the plot. */
static int chart_xlabels(struct chart_model *m)
{
	int64_t span = m->t1 - m->t0;
	char probe[32];
	chart_time_label(m->t0, m->interval, span, probe, sizeof probe);
	int lw = (int)strlen(probe) + 3;
	int k = m->plot_w / (lw > 0 ? lw : 1);
	if (k > CHART_MAX_XLABELS)
		k = CHART_MAX_XLABELS;
	if (k > (int)m->series->n)
		k = (int)m->series->n;
	if (k < 1)
		k = 1;
	int next_free = 0;
	int64_t last_t = INT64_MIN;
	for (int i = 0; i < k; i++) {
		int col = k == 1 ? 0 : i * (m->plot_w - 1) / (k - 1);
		int p = m->col_point[col];
		if (p < 0 || m->series->pts[p].t == last_t)
			continue;
		char text[32];
		chart_time_label(m->series->pts[p].t, m->interval, span, text,
		                 sizeof text);
		int w = (int)strlen(text);
		int at = col;
		if (at + w > m->plot_w)
			at = m->plot_w - w;
		if (at < next_free || at < 0)
			continue;
		char *copy = strdup(text);
		if (!copy)
			return -1;
		m->xlabels[m->n_xlabels].col = at;
		m->xlabels[m->n_xlabels].text = copy;
		m->n_xlabels++;
		next_free = at + w + 1;
		last_t = m->series->pts[p].t;
	}
	return 0;
}

/* The notes of the edge cases that apply to a drawable series. */
static int chart_series_notes(struct chart_model *m)
{
	const struct chart_series *s = m->series;
	int rc = 0;
	if (s->n == 1)
		rc |= chart_note(m, "Only one point in this window (%s): no line "
		                 "to draw.", m->summary.last);
	else if (m->vmax == m->vmin)
		rc |= chart_note(m, "No change in this window: the balance stayed "
		                 "at %s.", m->summary.last);
	if (m->vmin < 0)
		rc |= chart_note(m, "The balance was below zero in this window "
		                 "(lowest %s).", m->summary.min);
	double smallest = INFINITY;
	for (size_t i = 0; i < s->n; i++) {
		double a = fabs(s->pts[i].v);
		if (a > 0 && a < smallest)
			smallest = a;
	}
	if (m->vmax > m->vmin && isfinite(smallest) &&
	    m->vmax - m->vmin >= CHART_HUGE_RATIO * smallest)
		rc |= chart_note(m, "A huge range, from %s to %s: small balances "
		                 "sit on the bottom row.", m->summary.min,
		                 m->summary.max);
	return rc;
}

/* Notes on what was left out, for every state that read a data array. */
static int chart_input_notes(struct chart_model *m)
{
	const struct chart_series *s = m->series;
	int rc = 0;
	if (s->skipped)
		rc |= chart_note(m, "%zu %s not a number and %s skipped.",
		                 s->skipped, s->skipped == 1 ? "entry was" :
		                 "entries were", s->skipped == 1 ? "was" : "were");
	if (s->duplicates)
		rc |= chart_note(m, "%zu %s a time already seen: the later value "
		                 "is shown.", s->duplicates, s->duplicates == 1 ?
		                 "entry repeated" : "entries repeated");
	if (s->reordered)
		rc |= chart_note(m, "The points arrived out of order and were "
		                 "sorted by time.");
	if (s->dropped)
		rc |= chart_note(m, "Only the first %d entries are shown (%zu more "
		                 "were left out).", CHART_MAX_POINTS, s->dropped);
	return rc;
}

struct chart_model *chart_build(const struct chart_series *s, int width,
                                int height, enum chart_glyphs glyphs,
                                enum history_interval interval,
                                const char *version, struct pf_error *err)
{
	pf_error_clear(err);
	if (!s) {
		pf_error_set(err, PF_ERR_USAGE, "no balance history to draw");
		return NULL;
	}
	struct chart_model *m = calloc(1, sizeof *m);
	if (!m)
		goto nomem;
	if (width > CHART_MAX_W)
		width = CHART_MAX_W;
	if (height > CHART_MAX_H)
		height = CHART_MAX_H;
	m->width = width;
	m->height = height;
	m->glyphs = glyphs <= CHART_ASCII ? glyphs : CHART_ASCII;
	m->interval = interval;
	m->series = s;
	if (s->state != CHART_OK || s->n == 0 || !s->pts) {
		char buf[160];
		chart_state_sentence(s->state == CHART_OK ? CHART_EMPTY : s->state,
		                     version, buf, sizeof buf);
		if (chart_note(m, "%s", buf) < 0 ||
		    ((s->state == CHART_EMPTY || s->state == CHART_OK) &&
		     chart_input_notes(m) < 0))
			goto nomem;
		return m;
	}
	if (chart_summary_build(s, &m->summary, err) < 0) {
		chart_free(m);
		return NULL;
	}
	m->has_summary = true;
	if (!(m->summary_line = chart_summary_line(&m->summary)))
		goto nomem;
	m->t0 = s->pts[0].t;
	m->t1 = s->pts[s->n - 1].t;
	m->vmin = m->vmax = s->pts[0].v;
	for (size_t i = 1; i < s->n; i++) {
		if (s->pts[i].v < m->vmin)
			m->vmin = s->pts[i].v;
		if (s->pts[i].v > m->vmax)
			m->vmax = s->pts[i].v;
	}
	if (chart_series_notes(m) < 0 || chart_input_notes(m) < 0)
		goto nomem;

	m->y_top = strdup(m->summary.max);
	if (!m->y_top)
		goto nomem;
	if (m->vmax > m->vmin && !(m->y_bottom = strdup(m->summary.min)))
		goto nomem;
	if (width <= 0 && height <= 0)
		return m; /* the notes and the summary only */
	int lw = (int)text_width(m->y_top);
	if (m->y_bottom && (int)text_width(m->y_bottom) > lw)
		lw = (int)text_width(m->y_bottom);
	m->plot_x = lw + 1;
	m->plot_w = width - m->plot_x;
	m->plot_h = height - 1;
	if (width < CHART_MIN_W || height < CHART_MIN_H || m->plot_w < 4) {
		m->plot_w = m->plot_h = 0;
		if (chart_note(m, "Too small to draw: the chart needs %d x %d "
		               "cells.", lw + 1 + 4 > CHART_MIN_W ? lw + 5 :
		               CHART_MIN_W, CHART_MIN_H) < 0)
			goto nomem;
		return m;
	}
	size_t ncells = (size_t)m->plot_w * (size_t)m->plot_h;
	m->cells = malloc(ncells * sizeof *m->cells);
	m->col_point = malloc((size_t)m->plot_w * sizeof *m->col_point);
	if (!m->cells || !m->col_point)
		goto nomem;
	for (size_t i = 0; i < ncells; i++)
		m->cells[i] = ' ';
	if (m->glyphs == CHART_BRAILLE)
		chart_draw_braille(m);
	else
		chart_draw_columns(m);
	chart_map_columns(m);
	if (chart_xlabels(m) < 0)
		goto nomem;
	m->drawn = true;
	return m;
nomem:
	chart_free(m);
	pf_error_set(err, PF_ERR_NOMEM, "out of memory drawing the chart");
	return NULL;
}

int chart_point_at(const struct chart_model *m, int col)
{
	if (!m || !m->drawn || col < 0 || col >= m->plot_w)
		return -1;
	return m->col_point[col];
}

char *chart_readout(const struct chart_model *m, int col)
{
	int p = chart_point_at(m, col);
	if (p < 0)
		return NULL;
	const struct chart_point *pt = &m->series->pts[p];
	struct tm tm;
	char when[64] = "?";
	if (chart_local(pt->t, &tm)) {
		switch (m->interval) {
		case HISTORY_HOUR:
			strftime(when, sizeof when, "%Y-%m-%d %H:%M %Z", &tm);
			break;
		case HISTORY_WEEK:
			strftime(when, sizeof when, "week of %Y-%m-%d", &tm);
			break;
		case HISTORY_MONTH:
			strftime(when, sizeof when, "%Y-%m", &tm);
			break;
		default:
			strftime(when, sizeof when, "%Y-%m-%d", &tm);
			break;
		}
	}
	char *usd = chart_usd(pt->v);
	if (!usd)
		return NULL;
	struct strbuf sb = {0};
	strbuf_appendf(&sb, "%s  %s", when, usd);
	free(usd);
	if (!sb.data)
		return NULL;
	char *clean = text_sanitize(strbuf_str(&sb), 0);
	strbuf_free(&sb);
	return clean;
}

char *chart_row_text(const struct chart_model *m, int row)
{
	if (!m || !m->drawn || row < 0 || row >= m->plot_h)
		return NULL;
	struct strbuf sb = {0};
	for (int c = 0; c < m->plot_w; c++) {
		char u[4];
		size_t k = text_utf8_encode(m->cells[row * m->plot_w + c], u);
		if (strbuf_append(&sb, u, k) < 0) {
			strbuf_free(&sb);
			return NULL;
		}
	}
	return strbuf_take(&sb);
}
