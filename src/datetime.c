/* datetime.c - ISO 8601 timestamps to local time; see datetime.h. */
#include "datetime.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* Read exactly n digits at *s into *out, advancing *s. */
static int datetime_digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++, (*s)++) {
		if (!isdigit((unsigned char)**s))
			return -1;
		v = v * 10 + (**s - '0');
	}
	*out = v;
	return 0;
}

/* Parse "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" into seconds since
 * the epoch. Returns 0 or -1. */
static int datetime_parse(const char *s, time_t *out)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0;
	if (datetime_digits(&s, 4, &y) || *s++ != '-' ||
	    datetime_digits(&s, 2, &mo) || *s++ != '-' ||
	    datetime_digits(&s, 2, &d) || (*s != 'T' && *s != ' ') || !*s++ ||
	    datetime_digits(&s, 2, &h) || *s++ != ':' ||
	    datetime_digits(&s, 2, &mi) || *s++ != ':' ||
	    datetime_digits(&s, 2, &se))
		return -1;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	int sign = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '+' ? 1 : -1;
		if (datetime_digits(&s, 2, &oh) || *s++ != ':' ||
		    datetime_digits(&s, 2, &om))
			return -1;
	} else {
		return -1;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60 || oh > 23 || om > 59)
		return -1;
	struct tm tm = {
		.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
		.tm_hour = h, .tm_min = mi, .tm_sec = se,
	};
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

char *datetime_local(const char *iso)
{
	if (!iso)
		return NULL;
	time_t t;
	struct tm local;
	char buf[64];
	if (datetime_parse(iso, &t) < 0 || !localtime_r(&t, &local) ||
	    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &local) == 0)
		return text_sanitize(iso, 0);
	return strdup(buf);
}
