/* history.h - what the balance chart asks for: the interval, the window
 * of time, the person's time zone, and the query of the request.
 *
 * Pure functions (no I/O) except history_local_zone(), which reads TZ and
 * the system's zone files. No allocation: results go into buffers the
 * caller owns, always NUL-terminated.
 *
 * The request (ui/chartpane.c and src/cli_balance.c send it):
 *   char q[HISTORY_QUERY_MAX];
 *   history_query(&win, zone, q, sizeof q);
 *   GET /users/me?<q>   with Api-Version-Date: cfg->history_version
 * expected as e.g. api_get_json(api, "/users/me", q, cfg->history_version,
 * ...) on the new engine; the answer goes to chart_series_parse (chart.h).
 * Each key (h d w m [ ] + -) changes the window with the functions below
 * and starts one request, cancelling the one in flight.
 */
#ifndef PROFED_HISTORY_H
#define PROFED_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum history_interval {
	HISTORY_HOUR = 0,
	HISTORY_DAY,     /* the server's default */
	HISTORY_WEEK,
	HISTORY_MONTH,
	HISTORY_INTERVAL_COUNT
};

/* "hour", "day", "week", "month"; "day" for an out-of-range value. */
const char *history_interval_name(enum history_interval iv);
/* The interval of a word (exact, lower case), or -1. */
int history_interval_parse(const char *s);
/* Nominal seconds of one bucket (a month counts 30 days, a week 7). */
int64_t history_interval_seconds(enum history_interval iv);

/* Caps: a window never holds more than HISTORY_MAX_BUCKETS buckets of its
 * interval nor fewer than HISTORY_MIN_BUCKETS. */
#define HISTORY_MAX_BUCKETS 2000
#define HISTORY_MIN_BUCKETS 2

/* The window [from, to] in Unix seconds (UTC), and its interval. */
struct history_window {
	int64_t from, to;
	enum history_interval interval;
};

/* The default window of an interval ending at now: hour 3 days, day 30
 * days (the server's default), week 26 weeks, month 12 months of 30
 * days. */
struct history_window history_window_default(enum history_interval iv,
                                             int64_t now);

/* The keys. Each returns true when the window changed (then one request
 * is due), false when it stayed (e.g. ] at the present).
 *   h d w m  history_set_interval: the interval's default length, ending
 *            where the window ends now;
 *   [ ]      history_shift: back (dir < 0) or forth (dir > 0) by the
 *            window's length; never past now (the window then ends at now)
 *            and never before 1970;
 *   + -      history_zoom: + widens (dir > 0: twice as long, same end), -
 *            narrows (half as long, same end); kept within the caps and
 *            after 1970. */
bool history_set_interval(struct history_window *w, enum history_interval iv,
                          int64_t now);
bool history_shift(struct history_window *w, int dir, int64_t now);
bool history_zoom(struct history_window *w, int dir);

/* A time as ISO 8601 UTC "2026-11-05T14:00:00Z" into out (at least
 * HISTORY_ISO_MAX bytes). Returns out ("" when t is out of years
 * 0000..9999). */
#define HISTORY_ISO_MAX 24
char *history_iso_utc(int64_t t, char *out, size_t n);

/* Parse --from/--to: "2026-11-05" (midnight, local time), "2026-11-05T14:00"
 * or with ":SS" (local time), either with "Z" or "+HH:MM"/"-HH:MM" (that
 * instant). Returns 0 and *t, or -1 for anything else. */
int history_parse_time(const char *s, int64_t *t);

/* True when s is a plausible IANA zone name safe to send: 1..64
 * characters of letters, digits, '/', '_', '+', '-'; no leading '/' or
 * '-', no empty or "." / ".." component. */
bool history_zone_valid(const char *s);

/* The IANA zone from what the system says, in order (each may be NULL):
 *   tz_env     the value of TZ: ":Europe/Berlin", "Europe/Berlin" or a
 *              path ".../zoneinfo/Europe/Berlin" give "Europe/Berlin";
 *              set but not such a name (a POSIX rule like "CET-1CEST",
 *              "", hostile text) gives "UTC", since the local time of
 *              the process then is not a zone of the system;
 *   link       the target of /etc/localtime (".../zoneinfo/NAME");
 *   etc_tz     the contents of /etc/timezone (first line);
 * default "UTC". "posix/" and "right/" prefixes are dropped. Writes the
 * name into out (HISTORY_ZONE_MAX bytes is enough) and returns out. */
#define HISTORY_ZONE_MAX 65
char *history_zone_pick(const char *tz_env, const char *link,
                        const char *etc_tz, char *out, size_t n);

/* history_zone_pick with getenv("TZ"), readlink("/etc/localtime") and
 * /etc/timezone. */
char *history_local_zone(char *out, size_t n);

/* The query of the request, without '?':
 * "include_balance_history=true&from=...&to=...&interval=day&time_zone=..."
 * (from/to ISO 8601 UTC, values percent-encoded). zone must pass
 * history_zone_valid, else "UTC" is sent. Returns 0, or -1 when it does
 * not fit (out is then ""). HISTORY_QUERY_MAX is always enough. */
#define HISTORY_QUERY_MAX 256
int history_query(const struct history_window *w, const char *zone,
                  char *out, size_t n);

#endif
