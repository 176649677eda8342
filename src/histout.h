/* histout.h - `profed show --balance-history` as text, CSV or JSON.
 *
 * Pure functions: they append to a strbuf the caller owns and never print
 * (src/cli.c writes the buffer to standard output). Every string that came
 * from the server is sanitised; amounts go through money.h.
 *
 * Wired in src/cli_balance.c: the flags --balance-history, --interval,
 * --from, --to (history_parse_time), the request of history.h with
 * cfg->history_version, then one of these with the answer's series
 * (chart_series_parse) or raw body, and an exit code: 0 for a series (even
 * empty), 1 (PF_EXIT_OTHER) with the state's sentence on stderr when the
 * history is null, absent or unreadable.
 */
#ifndef PROFED_HISTOUT_H
#define PROFED_HISTOUT_H

#include <stdbool.h>

#include "chart.h"
#include "error.h"
#include "history.h"
#include "strbuf.h"

/* The table: one line per point, local time (hour: "2026-11-05 14:00
 * CET", other intervals: "2026-11-05") and the value with two decimals,
 * right aligned; then last, min, max and change lines; then, when
 * sparkline is set (standard output is a terminal), one sparkline line
 * (eighth blocks when utf8, else ASCII ".,-~=+*#"); then one line per note
 * of chart_build (skipped entries, a flat series, ...). A series with no
 * points gives only its sentence ("No wallet activity in this window.").
 * version is for the "not available" sentence. Returns 0, or -1 with err
 * (out of memory). */
int histout_text(const struct chart_series *s, enum history_interval iv,
                 const char *version, bool sparkline, bool utf8,
                 struct strbuf *out, struct pf_error *err);

/* "time,value" then one "2026-11-05T00:00:00Z,15234.5" row per point (UTC,
 * the value as its shortest decimal text). Only the header when there are
 * no points. Returns 0 or -1 with err. */
int histout_csv(const struct chart_series *s, struct strbuf *out,
                struct pf_error *err);

/* The "balance_history" member of the User body json (NUL-terminated) as
 * received: its bytes exactly, or sanitised (newlines and tabs kept) when
 * they could carry terminal escapes; then "\n". Returns 0, 1 when the body
 * has no such member (nothing appended), or -1 with err (PF_ERR_PARSE: not
 * a JSON object; out of memory). */
int histout_json(const char *json, struct strbuf *out, struct pf_error *err);

/* A sparkline of at most width characters (one per point when they fit,
 * else the series sampled at even times); "" when there are no points.
 * Caller frees; NULL when out of memory. */
char *histout_sparkline(const struct chart_series *s, int width, bool utf8);

#endif
