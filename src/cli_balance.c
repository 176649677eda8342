/* cli_balance.c - `profed show --balance-history`: the caller's balance
 * over a window, through histout.h; see cli.h.
 *
 * One request: GET /users/me?<history_query> with the history version
 * (--history-api-version), the body read with chart_series_parse and
 * printed as a table (local time), CSV (UTC) or the balance_history
 * member as received (--json).
 */
#include "cli.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "chart.h"
#include "config.h"
#include "histout.h"
#include "history.h"
#include "strbuf.h"

#define CLI_PATH_MAX (16 + HISTORY_QUERY_MAX)

/* A usage error: the message, the hint, exit 2. */
static int balance_usage(FILE *errout, const char *msg)
{
	fprintf(errout, "profed: %s\nTry 'profed --help'.\n", msg);
	return PF_EXIT_USAGE;
}

/* Whether the locale of the environment writes UTF-8 (for the
 * sparkline); the process's own locale is left as it was. */
static bool balance_utf8(void)
{
	const char *cur = setlocale(LC_CTYPE, NULL);
	char *saved = cur ? strdup(cur) : NULL;
	bool utf8 = false;

	if (setlocale(LC_CTYPE, "")) {
		const char *cs = nl_langinfo(CODESET);
		utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	}
	setlocale(LC_CTYPE, saved ? saved : "C");
	free(saved);
	return utf8;
}

/* The window of the flags: --to (default now), --from (default the
 * interval's default length before --to). 0, or an exit code after
 * saying why. */
static int balance_window(const struct cli_balance_args *a,
                          struct history_window *w, FILE *errout)
{
	int iv = a->interval ? history_interval_parse(a->interval) : HISTORY_DAY;
	int64_t from, to = (int64_t)time(NULL);
	char msg[200];

	if (iv < 0)
		return balance_usage(errout, "--interval takes hour, day, week or "
		                     "month");
	if (a->to && history_parse_time(a->to, &to) != 0) {
		snprintf(msg, sizeof msg, "--to: not a date or time: '%.40s' "
		         "(YYYY-MM-DD or YYYY-MM-DDTHH:MM, Z or +HH:MM for UTC or an "
		         "offset)", a->to);
		return balance_usage(errout, msg);
	}
	*w = history_window_default((enum history_interval)iv, to);
	if (a->from && history_parse_time(a->from, &from) != 0) {
		snprintf(msg, sizeof msg, "--from: not a date or time: '%.40s' "
		         "(YYYY-MM-DD or YYYY-MM-DDTHH:MM, Z or +HH:MM for UTC or an "
		         "offset)", a->from);
		return balance_usage(errout, msg);
	}
	if (a->from)
		w->from = from;
	if (w->from > w->to)
		return balance_usage(errout, "--from is after --to");
	if ((w->to - w->from) / history_interval_seconds(w->interval) >
	    HISTORY_MAX_BUCKETS) {
		snprintf(msg, sizeof msg, "the window holds more than %d points "
		         "of a%s %s: a longer --interval or a shorter window",
		         HISTORY_MAX_BUCKETS, iv == HISTORY_HOUR ? "n" : "",
		         history_interval_name(w->interval));
		return balance_usage(errout, msg);
	}
	return 0;
}

/* The output of the format asked for into sb: 0, or -1 with err. */
static int balance_format(const struct cli_balance_args *a,
                          const struct config *cfg, const char *body,
                          const struct chart_series *s,
                          enum history_interval iv, FILE *out,
                          struct strbuf *sb, struct pf_error *err)
{
	if (a->json)
		return histout_json(body, sb, err) < 0 ? -1 : 0;
	if (a->csv)
		return histout_csv(s, sb, err);
	return histout_text(s, iv, cfg->history_version, isatty(fileno(out)),
	                    balance_utf8(), sb, err);
}

/* See cli.h. */
int cli_balance_history(const struct config *cfg,
                        const struct cli_balance_args *a, FILE *out,
                        FILE *errout)
{
	struct history_window w;
	struct chart_series s = {0};
	struct strbuf sb = {0};
	struct pf_error err;
	struct api *api = NULL;
	char zone[HISTORY_ZONE_MAX], q[HISTORY_QUERY_MAX], path[CLI_PATH_MAX];
	char *body = NULL;
	size_t len = 0;
	int rc;

	pf_error_clear(&err);
	if (a->who && strcmp(a->who, "me") != 0)
		return balance_usage(errout, "--balance-history is your own "
		                     "balance: give no USER (or me)");
	if (a->json && a->csv)
		return balance_usage(errout, "--json or --csv: one of them");
	if ((rc = balance_window(a, &w, errout)) != 0)
		return rc;
	history_local_zone(zone, sizeof zone);
	if (history_query(&w, zone, q, sizeof q) != 0) {
		pf_error_set(&err, PF_ERR_USAGE, "the query does not fit");
		return pf_error_report(errout, &err);
	}
	snprintf(path, sizeof path, "/users/me?%s", q);
	if (config_require_token(cfg, &err) < 0 ||
	    !(api = api_new(cfg, &err)) ||
	    api_get_body_sync(api, path, cfg->history_version, &body, &len,
	                      &err) < 0) {
		api_free(api);
		return pf_error_report(errout, &err);
	}
	api_free(api);
	if (chart_series_parse(body, len, &s, &err) < 0) {
		free(body);
		return pf_error_report(errout, &err);
	}
	/* null, absent or unreadable: the sentence, nothing on stdout */
	if (s.state != CHART_OK && s.state != CHART_EMPTY) {
		char msg[200];
		fprintf(errout, "profed: %s\n", chart_state_sentence(s.state,
		        cfg->history_version, msg, sizeof msg));
		chart_series_free(&s);
		free(body);
		return PF_EXIT_OTHER;
	}
	rc = balance_format(a, cfg, body, &s, w.interval, out, &sb, &err);
	chart_series_free(&s);
	free(body);
	if (rc < 0 || sb.overflow) {
		if (rc == 0)
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		strbuf_free(&sb);
		return pf_error_report(errout, &err);
	}
	if (sb.data)
		fputs(strbuf_str(&sb), out);
	strbuf_free(&sb);
	return PF_EXIT_OK;
}
