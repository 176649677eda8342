/* stub_history.c - the stub's balance history; see stub_history.h. */
#include "stub_history.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stub.h"

#define DAY 86400LL

/* ------------------------------------------------------------ calendar */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m,
                            unsigned *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

static long long floor_div(long long a, long long b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* ------------------------------------------------------------ zones */

/* A zone from its TZif file: the UTC offset after each transition. */
struct zone {
	long long *at;
	long *off;
	size_t n;
	long first_off; /* before the first transition */
};

static void zone_free(struct zone *z)
{
	free(z->at);
	free(z->off);
	memset(z, 0, sizeof *z);
}

static bool zone_name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 64 || *s == '/' || *s == '-')
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	return !strstr(s, "//") && s[strlen(s) - 1] != '/';
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static long long be64(const unsigned char *p)
{
	return (long long)((unsigned long long)be32(p) << 32 | be32(p + 4));
}

static bool zone_read(const unsigned char *buf, size_t len, struct zone *z);

/* Load /usr/share/zoneinfo/NAME (version 2+ data: 64-bit times). */
static bool zone_load(const char *name, struct zone *z)
{
	memset(z, 0, sizeof *z);
	if (!zone_name_ok(name))
		return false;
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
		return true;
	char path[128];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	/* per call: the server answers on several threads */
	enum { TZIF_MAX = 1 << 17 };
	unsigned char *buf = malloc(TZIF_MAX);
	size_t len = buf ? fread(buf, 1, TZIF_MAX, f) : 0;
	fclose(f);
	bool ok = zone_read(buf, len, z);
	free(buf);
	return ok;
}

/* Read the TZif data buf[0..len) into z (empty first). */
static bool zone_read(const unsigned char *buf, size_t len, struct zone *z)
{
	if (!buf || len < 44 || memcmp(buf, "TZif", 4) != 0 || buf[4] < '2')
		return false;
	/* skip the version 1 block */
	unsigned long c[6];
	for (int i = 0; i < 6; i++)
		c[i] = be32(buf + 20 + 4 * i);
	size_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
	const unsigned char *h = buf + 44 + v1;
	if ((size_t)(h - buf) + 44 > len || memcmp(h, "TZif", 4) != 0)
		return false;
	for (int i = 0; i < 6; i++)
		c[i] = be32(h + 20 + 4 * i);
	size_t timecnt = c[3], typecnt = c[4];
	const unsigned char *times = h + 44, *idx = times + timecnt * 8,
	                    *types = idx + timecnt;
	if (typecnt == 0 || (size_t)(types - buf) + typecnt * 6 > len)
		return false;
	z->at = malloc((timecnt + 1) * sizeof *z->at);
	z->off = malloc((timecnt + 1) * sizeof *z->off);
	if (!z->at || !z->off) {
		zone_free(z);
		return false;
	}
	z->first_off = (long)(int32_t)be32(types);
	for (size_t i = 0; i < typecnt; i++)
		if (!types[i * 6 + 4]) { /* the first standard-time type */
			z->first_off = (long)(int32_t)be32(types + i * 6);
			break;
		}
	for (size_t i = 0; i < timecnt; i++) {
		if (idx[i] >= typecnt) {
			zone_free(z);
			return false;
		}
		z->at[i] = be64(times + i * 8);
		z->off[i] = (long)(int32_t)be32(types + idx[i] * 6);
	}
	z->n = timecnt;
	return true;
}

/* The offset from UTC at the instant t. */
static long zone_offset(const struct zone *z, long long t)
{
	size_t lo = 0, hi = z->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (z->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? z->first_off : z->off[lo - 1];
}

/* The instant of a local wall time (seconds as if it were UTC). */
static long long zone_utc(const struct zone *z, long long local)
{
	long off = zone_offset(z, local - zone_offset(z, local));
	return local - off;
}

enum iv { IV_HOUR, IV_DAY, IV_WEEK, IV_MONTH };

/* The start of the bucket holding t. */
static long long bucket_start(const struct zone *z, long long t, enum iv iv)
{
	long long local = t + zone_offset(z, t);
	long long day = floor_div(local, DAY);
	switch (iv) {
	case IV_HOUR:
		return zone_utc(z, floor_div(local, 3600) * 3600);
	case IV_DAY:
		return zone_utc(z, day * DAY);
	case IV_WEEK: /* Monday; 1970-01-01 was a Thursday */
		return zone_utc(z, (day - ((day + 3) % 7 + 7) % 7) * DAY);
	default: {
		long long y;
		unsigned m, d;
		civil_from_days(day, &y, &m, &d);
		return zone_utc(z, days_from_civil(y, m, 1) * DAY);
	}
	}
}

/* The start of the bucket after the one starting at b. */
static long long bucket_next(const struct zone *z, long long b, enum iv iv)
{
	if (iv == IV_HOUR)
		return b + 3600;
	long long local = b + zone_offset(z, b);
	long long day = floor_div(local, DAY);
	if (iv == IV_DAY)
		return zone_utc(z, (day + 1) * DAY);
	if (iv == IV_WEEK)
		return zone_utc(z, (day + 7) * DAY);
	long long y;
	unsigned m, d;
	civil_from_days(day, &y, &m, &d);
	return zone_utc(z, days_from_civil(m == 12 ? y + 1 : y,
	                                   m == 12 ? 1 : m + 1, 1) * DAY);
}

/* ------------------------------------------------------------ the series */

/* ada's balance at these UTC dates, linear in between. */
static const struct {
	int y, m, d;
	double v;
} ada_anchors[] = {
	{2026, 5, 1, 8000.00},  {2026, 6, 15, 11450.00},
	{2026, 8, 1, 13900.00}, {2026, 8, 20, 14650.00},
	{2026, 9, 25, 7350.00}, {2026, 10, 20, 10900.00},
	{2026, 11, 5, 14200.00}, {2026, 11, 9, 15234.50},
};
#define N_ANCHORS (sizeof ada_anchors / sizeof ada_anchors[0])

/* A deterministic number in [-1, 1] for k (a hash, no libm). */
static double jitter(long long k)
{
	unsigned long long x = (unsigned long long)k * 0x9E3779B97F4A7C15ULL;
	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 29;
	return (double)(x % 20001) / 10000.0 - 1.0;
}

bool stub_history_value(const char *user_id, long long t, double *v)
{
	if (!user_id || strcmp(user_id, STUB_ADA_ID) != 0)
		return false;
	long long at[N_ANCHORS];
	for (size_t i = 0; i < N_ANCHORS; i++)
		at[i] = days_from_civil(ada_anchors[i].y, (unsigned)ada_anchors[i].m,
		                        (unsigned)ada_anchors[i].d) * DAY;
	if (t < at[0])
		return false;
	double base = ada_anchors[N_ANCHORS - 1].v;
	for (size_t i = 0; i + 1 < N_ANCHORS; i++)
		if (t < at[i + 1]) {
			double f = (double)(t - at[i]) / (double)(at[i + 1] - at[i]);
			base = ada_anchors[i].v +
			       (ada_anchors[i + 1].v - ada_anchors[i].v) * f;
			break;
		}
	/* a wiggle of up to $60 a day and $8 an hour */
	double x = base + 60 * jitter(floor_div(t, DAY)) +
	           8 * jitter(floor_div(t, 3600) + 1000003);
	*v = round(x * 100) / 100;
	return true;
}

/* ------------------------------------------------------------ the query */

static int history_fail(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

/* ISO 8601 date (midnight in z) or datetime (with Z or an offset: that
 * instant; without: wall time in z). */
static bool parse_when(const char *s, const struct zone *z, long long *t)
{
	size_t len = strlen(s);
	if (len < 10 || len > 32 || s[4] != '-' || s[7] != '-')
		return false;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	long long local = days_from_civil(y, (unsigned)mo, (unsigned)d) * DAY;
	long long hh = 0, mm = 0, ss = 0;
	const char *p = s + 10;
	if (*p == 'T') {
		if (strnlen(p, 6) < 6)
			return false;
		hh = digits(p + 1, 2);
		mm = digits(p + 4, 2);
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || p[3] != ':')
			return false;
		p += 6;
		if (*p == ':') {
			ss = digits(p + 1, 2);
			if (ss < 0 || ss > 60)
				return false;
			p += 3;
			if (*p == '.') /* fractions of a second: ignored */
				for (p++; isdigit((unsigned char)*p); p++)
					;
		}
	}
	local += hh * 3600 + mm * 60 + ss;
	if (*p == '\0') {
		*t = zone_utc(z, local);
		return true;
	}
	if (p == s + 10)
		return false;
	if (*p == 'Z' && !p[1]) {
		*t = local;
		return true;
	}
	if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh = digits(p + 1, 2), om = digits(p + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return false;
		long long off = (oh * 3600LL + om * 60LL) * (*p == '-' ? -1 : 1);
		*t = local - off;
		return true;
	}
	return false;
}

int stub_history_apply(cJSON *v, const char *user_id, bool self,
                       const struct stub_history_query *q, long long now,
                       char *msg, size_t n)
{
	bool include = q && q->include && strcmp(q->include, "true") == 0;
	cJSON *hist = NULL;
	if (include) {
		static const char *const ivs[] = {"hour", "day", "week", "month"};
		const char *ivs_s = q->interval ? q->interval : "day";
		int iv = -1;
		for (int i = 0; i < 4; i++)
			if (strcmp(ivs_s, ivs[i]) == 0)
				iv = i;
		if (iv < 0)
			return history_fail(msg, n, "interval must be one of hour, "
			                    "day, week, month");
		const char *tzname = q->time_zone ? q->time_zone : "UTC";
		struct zone z;
		if (!zone_load(tzname, &z))
			return history_fail(msg, n, "Unknown time_zone '%.64s'",
			                    tzname);
		long long to = now, from;
		if (q->to && !parse_when(q->to, &z, &to)) {
			zone_free(&z);
			return history_fail(msg, n, "to must be an ISO 8601 date or "
			                    "datetime, not '%.40s'", q->to);
		}
		from = to - 30 * DAY;
		if (q->from && !parse_when(q->from, &z, &from)) {
			zone_free(&z);
			return history_fail(msg, n, "from must be an ISO 8601 date "
			                    "or datetime, not '%.40s'", q->from);
		}
		if (from > to) {
			zone_free(&z);
			return history_fail(msg, n, "from must not be after to");
		}
		if (self) {
			hist = cJSON_CreateObject();
			cJSON *data = cJSON_AddArrayToObject(hist, "data");
			double lo = 0, hi = 0, last = 0;
			size_t count = 0, buckets = 0;
			for (long long b = bucket_start(&z, from, (enum iv)iv); b <= to;
			     b = bucket_next(&z, b, (enum iv)iv)) {
				double val;
				if (++buckets > STUB_HISTORY_MAX_POINTS) {
					cJSON_Delete(hist);
					zone_free(&z);
					return history_fail(msg, n, "The window holds more "
					        "than %d points; use a longer interval",
					        STUB_HISTORY_MAX_POINTS);
				}
				if (!stub_history_value(user_id, b, &val))
					continue;
				count++;
				cJSON *pt = cJSON_CreateObject();
				cJSON_AddNumberToObject(pt, "t", (double)b);
				cJSON_AddNumberToObject(pt, "v", val);
				cJSON_AddItemToArray(data, pt);
				lo = count == 1 || val < lo ? val : lo;
				hi = count == 1 || val > hi ? val : hi;
				last = val;
			}
			cJSON_AddNumberToObject(hist, "last", last);
			cJSON_AddNumberToObject(hist, "min", lo);
			cJSON_AddNumberToObject(hist, "max", hi);
		} else {
			hist = cJSON_CreateNull();
		}
		zone_free(&z);
	}
	cJSON *earn;
	if (!self)
		earn = cJSON_CreateNull();
	else if (user_id && strcmp(user_id, STUB_ADA_ID) == 0)
		earn = cJSON_CreateString("48211.90");
	else
		earn = cJSON_CreateNumber(1250.5);
	cJSON_DeleteItemFromObjectCaseSensitive(v, "earnings_usd");
	cJSON_AddItemToObject(v, "earnings_usd", earn);
	if (hist) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "balance_history");
		cJSON_AddItemToObject(v, "balance_history", hist);
	}
	return 0;
}
