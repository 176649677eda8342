/* history.c - the balance chart's interval, window, zone and query; see
 * history.h. */
#include "history.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http.h"

#define DAY 86400

/* One row per interval: its word, a bucket's nominal seconds, the default
 * window's length in buckets. */
static const struct {
	const char *name;
	int64_t seconds;
	int64_t default_buckets;
} history_intervals[HISTORY_INTERVAL_COUNT] = {
	[HISTORY_HOUR] = {"hour", 3600, 72},
	[HISTORY_DAY] = {"day", DAY, 30},
	[HISTORY_WEEK] = {"week", 7 * DAY, 26},
	[HISTORY_MONTH] = {"month", 30 * DAY, 12},
};

static enum history_interval history_iv(enum history_interval iv)
{
	return (unsigned)iv < HISTORY_INTERVAL_COUNT ? iv : HISTORY_DAY;
}

const char *history_interval_name(enum history_interval iv)
{
	return history_intervals[history_iv(iv)].name;
}

int history_interval_parse(const char *s)
{
	for (int i = 0; s && i < HISTORY_INTERVAL_COUNT; i++)
		if (strcmp(s, history_intervals[i].name) == 0)
			return i;
	return -1;
}

int64_t history_interval_seconds(enum history_interval iv)
{
	return history_intervals[history_iv(iv)].seconds;
}

struct history_window history_window_default(enum history_interval iv,
                                             int64_t now)
{
	iv = history_iv(iv);
	struct history_window w = {
		.to = now,
		.from = now - history_intervals[iv].seconds *
		        history_intervals[iv].default_buckets,
		.interval = iv,
	};
	return w;
}

bool history_set_interval(struct history_window *w, enum history_interval iv,
                          int64_t now)
{
	if (!w)
		return false;
	int64_t end = w->to > now ? now : w->to;
	struct history_window n = history_window_default(iv, end);
	bool changed = n.from != w->from || n.to != w->to ||
	               n.interval != w->interval;
	*w = n;
	return changed;
}

bool history_shift(struct history_window *w, int dir, int64_t now)
{
	if (!w || dir == 0)
		return false;
	int64_t len = w->to - w->from;
	if (len <= 0)
		len = history_interval_seconds(w->interval);
	int64_t to = dir < 0 ? w->to - len : w->to + len;
	if (to > now)
		to = now;
	if (to == w->to || to - len < 0)
		return false;
	w->to = to;
	w->from = to - len;
	return true;
}

bool history_zoom(struct history_window *w, int dir)
{
	if (!w || dir == 0)
		return false;
	int64_t b = history_interval_seconds(w->interval);
	int64_t len = w->to - w->from;
	len = dir > 0 ? len * 2 : len / 2;
	if (len > b * HISTORY_MAX_BUCKETS)
		len = b * HISTORY_MAX_BUCKETS;
	if (len < b * HISTORY_MIN_BUCKETS)
		len = b * HISTORY_MIN_BUCKETS;
	if (len > w->to)
		len = w->to; /* never before 1970 */
	if (w->to - len == w->from)
		return false;
	w->from = w->to - len;
	return true;
}

char *history_iso_utc(int64_t t, char *out, size_t n)
{
	if (!out || n == 0)
		return out;
	out[0] = '\0';
	/* years 0000..9999 only */
	if (t < -62167219200LL || t > 253402300799LL)
		return out;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return out;
	if (!strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		out[0] = '\0';
	return out;
}

/* n digits at s as a number, or -1. Reads no further than a NUL, which
 * is no digit; callers pass s within the string (strnlen-checked). */
static int history_digits(const char *s, int n)
{
	int v = 0;
	if (strnlen(s, (size_t)n) < (size_t)n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int history_parse_time(const char *s, int64_t *t)
{
	if (!s || !t || strlen(s) < 10 || strlen(s) > 25)
		return -1;
	struct tm tm = {0};
	int y = history_digits(s, 4), mo = history_digits(s + 5, 2),
	    d = history_digits(s + 8, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || s[4] != '-' ||
	    s[7] != '-')
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	const char *p = s + 10;
	if (*p == 'T') {
		if (strnlen(p, 6) < 6 || p[3] != ':')
			return -1;
		int h = history_digits(p + 1, 2), mi = history_digits(p + 4, 2);
		if (h < 0 || h > 23 || mi < 0 || mi > 59)
			return -1;
		tm.tm_hour = h;
		tm.tm_min = mi;
		p += 6;
		if (*p == ':') {
			if (strnlen(p, 3) < 3)
				return -1;
			int sec = history_digits(p + 1, 2);
			if (sec < 0 || sec > 59)
				return -1;
			tm.tm_sec = sec;
			p += 3;
		}
	}
	bool utc = false;
	long off = 0;
	if (*p == 'Z' && p[1] == '\0' && p != s + 10) {
		utc = true;
	} else if ((*p == '+' || *p == '-') && p != s + 10) {
		if (strlen(p) != 6 || p[3] != ':')
			return -1;
		int oh = history_digits(p + 1, 2), om = history_digits(p + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		utc = true;
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	} else if (*p) {
		return -1;
	}
	int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] + (mo == 2 && leap))
		return -1;
	time_t v;
	if (utc) {
		v = timegm(&tm);
		v -= off;
	} else {
		tm.tm_isdst = -1;
		v = mktime(&tm);
	}
	if (v == (time_t)-1)
		return -1;
	*t = (int64_t)v;
	return 0;
}

bool history_zone_valid(const char *s)
{
	if (!s || !*s || strlen(s) > 64 || *s == '/' || *s == '-')
		return false;
	const char *comp = s;
	for (const char *p = s;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t len = (size_t)(p - comp);
			if (len == 0 || (len == 1 && comp[0] == '.') ||
			    (len == 2 && comp[0] == '.' && comp[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			comp = p + 1;
			continue;
		}
		if (!isalnum((unsigned char)*p) && !strchr("_+-", *p))
			return false;
	}
}

/* The zone name in a path or TZ value: the part after the last
 * "zoneinfo/" (and after "posix/" or "right/"), or the text itself;
 * copied into out when valid. Returns true when it was. */
static bool history_zone_from(const char *s, char *out, size_t n)
{
	if (!s)
		return false;
	if (*s == ':')
		s++;
	const char *z = NULL;
	for (const char *p = s; (p = strstr(p, "zoneinfo/")); p++)
		z = p + strlen("zoneinfo/");
	if (z)
		s = z;
	else if (*s == '/')
		return false;
	if (strncmp(s, "posix/", 6) == 0)
		s += 6;
	else if (strncmp(s, "right/", 6) == 0)
		s += 6;
	if (!history_zone_valid(s) || strlen(s) >= n)
		return false;
	/* A POSIX rule such as "EST5EDT" is also a zone name; one with a
	 * comma or an offset after letters ("CET-1CEST,M3.5.0") is not: the
	 * comma fails history_zone_valid, "CET-1CEST" passes but has no
	 * zone file; a name with a digit before any '/' is taken only when
	 * it is one of the few such zones. */
	if (!strchr(s, '/') && strpbrk(s, "0123456789")) {
		static const char *const digit_zones[] = {
			"EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "GMT0",
			"GMT+0", "GMT-0",
		};
		bool known = false;
		for (size_t i = 0; i < sizeof digit_zones / sizeof *digit_zones; i++)
			known = known || strcmp(s, digit_zones[i]) == 0;
		if (!known)
			return false;
	}
	strcpy(out, s);
	return true;
}

char *history_zone_pick(const char *tz_env, const char *link,
                        const char *etc_tz, char *out, size_t n)
{
	if (!out || n == 0)
		return out;
	if (n < 4) {
		out[0] = '\0';
		return out;
	}
	if (tz_env) {
		if (!history_zone_from(tz_env, out, n))
			strcpy(out, "UTC");
		return out;
	}
	if (history_zone_from(link, out, n))
		return out;
	if (etc_tz) {
		char line[HISTORY_ZONE_MAX + 1];
		size_t len = strcspn(etc_tz, "\r\n");
		if (len < sizeof line) {
			memcpy(line, etc_tz, len);
			line[len] = '\0';
			if (history_zone_from(line, out, n))
				return out;
		}
	}
	strcpy(out, "UTC");
	return out;
}

char *history_local_zone(char *out, size_t n)
{
	char link[512];
	ssize_t len = readlink("/etc/localtime", link, sizeof link - 1);
	link[len > 0 ? len : 0] = '\0';
	char etc[HISTORY_ZONE_MAX + 2] = "";
	FILE *f = fopen("/etc/timezone", "r");
	if (f) {
		if (!fgets(etc, sizeof etc, f))
			etc[0] = '\0';
		fclose(f);
	}
	return history_zone_pick(getenv("TZ"), len > 0 ? link : NULL,
	                         etc[0] ? etc : NULL, out, n);
}

/* Append literal text. */
static int history_lit(char *out, size_t n, size_t *at, const char *s)
{
	size_t len = strlen(s);
	if (*at + len >= n)
		return -1;
	memcpy(out + *at, s, len + 1);
	*at += len;
	return 0;
}

/* Append s percent-encoded (http_escape). */
static int history_put(char *out, size_t n, size_t *at, const char *s)
{
	char *e = http_escape(s);
	int rc = e ? history_lit(out, n, at, e) : -1;
	free(e);
	return rc;
}

int history_query(const struct history_window *w, const char *zone,
                  char *out, size_t n)
{
	if (!out || n == 0)
		return -1;
	out[0] = '\0';
	if (!w)
		return -1;
	char from[HISTORY_ISO_MAX], to[HISTORY_ISO_MAX];
	history_iso_utc(w->from, from, sizeof from);
	history_iso_utc(w->to, to, sizeof to);
	if (!from[0] || !to[0])
		return -1;
	size_t at = 0;
	if (history_lit(out, n, &at, "include_balance_history=true&from=") ||
	    history_put(out, n, &at, from) ||
	    history_lit(out, n, &at, "&to=") ||
	    history_put(out, n, &at, to) ||
	    history_lit(out, n, &at, "&interval=") ||
	    history_lit(out, n, &at, history_interval_name(w->interval)) ||
	    history_lit(out, n, &at, "&time_zone=") ||
	    history_put(out, n, &at, history_zone_valid(zone) ? zone : "UTC")) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}
