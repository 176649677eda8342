/* stub_history.h - the stub's balance history and earnings (users
 * versions 2026-07-20 and later; CONTRACT.md "Balance history and
 * earnings").
 *
 * A deterministic series per user: ada (user_Demo0000000001) has wallet
 * activity from 2026-05-01 with a rise, a dip in September, a recovery to
 * $15,234.50 on 2026-11-09, and a small wiggle every hour and day after;
 * every other user has none (an empty "data"). Points are bucketed by
 * interval in the time zone of the query (read from the system's zoneinfo
 * files), each at its bucket's start, for the buckets from the one holding
 * `from` to the one holding `to`.
 */
#ifndef PROFED_STUB_HISTORY_H
#define PROFED_STUB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* Query values (decoded; NULL when absent). */
struct stub_history_query {
	const char *include;   /* include_balance_history: "true" asks */
	const char *from, *to; /* ISO 8601 date or datetime */
	const char *interval;  /* hour, day (default), week, month */
	const char *time_zone; /* IANA name, default UTC */
};

/* The most buckets one window holds (with or without activity); more is
 * a 400. */
#define STUB_HISTORY_MAX_POINTS 5000

/* Add what a later version's GET /users/{key} carries to the view v of
 * user_id: "earnings_usd" (self view: ada "48211.90" as a string, others
 * a number; null otherwise) and, when q->include is "true",
 * "balance_history" (the series in the self view, null otherwise).
 * now is the default `to`. Returns 0, or -1 with a message for a 400 in
 * msg (bad interval, time_zone, from or to; from after to; too many
 * points); v is then unchanged. */
int stub_history_apply(struct cJSON *v, const char *user_id, bool self,
                       const struct stub_history_query *q, long long now,
                       char *msg, size_t n);

/* The balance at Unix time t of user_id, in USD (cents exact); false
 * when the user had no wallet activity yet at t. */
bool stub_history_value(const char *user_id, long long t, double *v);

#endif
