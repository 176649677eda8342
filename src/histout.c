/* histout.c - the balance history in command mode; see histout.h. */
#include "histout.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "money.h"
#include "text.h"

static int histout_nomem(struct pf_error *err)
{
	return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
}

/* Append s sanitised (one line). */
static int histout_put(struct strbuf *out, const char *s)
{
	char *clean = text_sanitize(s ? s : "", 0);
	int rc = clean ? strbuf_append_str(out, clean) : -1;
	free(clean);
	return rc;
}

char *histout_sparkline(const struct chart_series *s, int width, bool utf8)
{
	static const char ascii[] = ".,-~=+*#";
	struct strbuf sb = {0};
	if (!s || s->n == 0 || !s->pts || width <= 0)
		return strdup("");
	double lo = s->pts[0].v, hi = lo;
	for (size_t i = 1; i < s->n; i++) {
		lo = s->pts[i].v < lo ? s->pts[i].v : lo;
		hi = s->pts[i].v > hi ? s->pts[i].v : hi;
	}
	size_t cols = s->n < (size_t)width ? s->n : (size_t)width;
	for (size_t c = 0; c < cols; c++) {
		/* the point at an even share of the series */
		size_t i = cols == 1 ? s->n - 1 : c * (s->n - 1) / (cols - 1);
		double v = s->pts[i].v;
		int l = hi > lo ? (int)((v - lo) / (hi - lo) * 7 + 0.5) : 3;
		if (utf8) {
			char u[4];
			size_t k = text_utf8_encode(0x2581 + (uint32_t)l, u);
			strbuf_append(&sb, u, k);
		} else {
			strbuf_append(&sb, &ascii[l], 1);
		}
	}
	if (sb.overflow)
		return NULL;
	return strbuf_take(&sb);
}

/* The local time of a point for the table. */
static void histout_when(int64_t t, enum history_interval iv, char *out,
                         size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm)) {
		snprintf(out, n, "?");
		return;
	}
	strftime(out, n, iv == HISTORY_HOUR ? "%Y-%m-%d %H:%M %Z" : "%Y-%m-%d",
	         &tm);
}

int histout_text(const struct chart_series *s, enum history_interval iv,
                 const char *version, bool sparkline, bool utf8,
                 struct strbuf *out, struct pf_error *err)
{
	pf_error_clear(err);
	if (!s || !out)
		return pf_error_set(err, PF_ERR_USAGE, "nothing to print");
	struct chart_model *m = chart_build(s, 0, 0, CHART_ASCII, iv, version,
	                                    err);
	if (!m)
		return -1;
	int rc = 0;
	if (m->has_summary) {
		/* the values first, to align them right */
		char **vals = calloc(s->n, sizeof *vals);
		size_t w = 0;
		if (!vals)
			rc = -1;
		for (size_t i = 0; !rc && i < s->n; i++) {
			vals[i] = chart_usd(s->pts[i].v);
			if (!vals[i])
				rc = -1;
			else if (strlen(vals[i]) > w)
				w = strlen(vals[i]);
		}
		for (size_t i = 0; !rc && i < s->n; i++) {
			char when[64];
			histout_when(s->pts[i].t, iv, when, sizeof when);
			rc |= histout_put(out, when);
			rc |= strbuf_appendf(out, "  %*s\n", (int)w, vals[i]);
		}
		for (size_t i = 0; vals && i < s->n; i++)
			free(vals[i]);
		free(vals);
		const struct chart_summary *sum = &m->summary;
		rc |= strbuf_appendf(out, "\nlast    %s\nmin     %s\nmax     %s\n"
		                     "change  %s (%s)\n", sum->last, sum->min,
		                     sum->max, sum->change, sum->change_pct);
		if (sparkline) {
			char *sp = histout_sparkline(s, 72, utf8);
			if (!sp)
				rc = -1;
			else
				rc |= strbuf_appendf(out, "%s\n", sp);
			free(sp);
		}
	}
	for (size_t i = 0; i < m->n_notes; i++) {
		rc |= histout_put(out, m->notes[i]);
		rc |= strbuf_append_str(out, "\n");
	}
	chart_free(m);
	return rc ? histout_nomem(err) : 0;
}

int histout_csv(const struct chart_series *s, struct strbuf *out,
                struct pf_error *err)
{
	pf_error_clear(err);
	if (!s || !out)
		return pf_error_set(err, PF_ERR_USAGE, "nothing to print");
	int rc = strbuf_append_str(out, "time,value\n");
	for (size_t i = 0; !rc && i < s->n; i++) {
		char iso[HISTORY_ISO_MAX];
		char *v = money_from_double(s->pts[i].v);
		if (!v)
			return histout_nomem(err);
		rc = strbuf_appendf(out, "%s,%s\n",
		                    history_iso_utc(s->pts[i].t, iso, sizeof iso), v);
		free(v);
	}
	return rc ? histout_nomem(err) : 0;
}

/* ------------------------------------------------------------ raw JSON */

static const char *histout_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* End of the string starting at the '"' at p, after its closing quote;
 * NULL when unterminated. */
static const char *histout_string_end(const char *p)
{
	for (p++; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				return NULL;
		} else if (*p == '"') {
			return p + 1;
		}
	}
	return NULL;
}

/* End of the JSON value at p (the text is known to be valid JSON). */
static const char *histout_value_end(const char *p)
{
	if (*p == '"')
		return histout_string_end(p);
	if (*p != '{' && *p != '[') {
		while (*p && !strchr(",}] \t\r\n", *p))
			p++;
		return p;
	}
	int depth = 0;
	while (*p) {
		if (*p == '"') {
			p = histout_string_end(p);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

int histout_json(const char *json, struct strbuf *out, struct pf_error *err)
{
	pf_error_clear(err);
	if (!out)
		return pf_error_set(err, PF_ERR_USAGE, "nothing to print");
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return pf_error_set(err, PF_ERR_PARSE,
		                    "the answer is not a JSON object");
	}
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(root,
	                                                  "balance_history");
	if (!h) {
		cJSON_Delete(root);
		return 1;
	}
	/* the member's bytes as received: the first top-level key spelled
	 * exactly so, as cJSON takes the first of repeated keys; sanitising
	 * with newlines and tabs kept changes no byte of inert text */
	const char *from = NULL, *to = NULL;
	const char *p = histout_ws(json);
	if (*p == '\xef' && p[1] == '\xbb' && p[2] == '\xbf')
		p = histout_ws(p + 3);
	if (*p == '{') {
		p = histout_ws(p + 1);
		while (*p == '"') {
			const char *kend = histout_string_end(p);
			if (!kend)
				break;
			bool match = (size_t)(kend - p) == strlen("\"balance_history\"") &&
			             strncmp(p, "\"balance_history\"", (size_t)(kend - p)) == 0;
			p = histout_ws(kend);
			if (*p != ':')
				break;
			p = histout_ws(p + 1);
			const char *vend = histout_value_end(p);
			if (!vend)
				break;
			if (match) {
				from = p;
				to = vend;
				break;
			}
			p = histout_ws(vend);
			if (*p != ',')
				break;
			p = histout_ws(p + 1);
		}
	}
	int rc;
	if (from) {
		size_t n = (size_t)(to - from);
		char *raw = malloc(n + 1);
		if (!raw) {
			cJSON_Delete(root);
			return histout_nomem(err);
		}
		memcpy(raw, from, n);
		raw[n] = '\0';
		char *clean = text_sanitize(raw, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
		rc = clean ? strbuf_append_str(out, clean) : -1;
		free(clean);
		free(raw);
	} else {
		/* a key spelled with escapes: cJSON's rendering of it */
		char *txt = cJSON_PrintUnformatted(h);
		char *clean = txt ? text_sanitize(txt, 0) : NULL;
		rc = clean ? strbuf_append_str(out, clean) : -1;
		free(clean);
		cJSON_free(txt);
	}
	cJSON_Delete(root);
	if (rc || strbuf_append_str(out, "\n"))
		return histout_nomem(err);
	return 0;
}
