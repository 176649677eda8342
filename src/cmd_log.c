/* cmd_log.c - `profed log [--user U] [--since DATE] [--until DATE]
 * [--json]`: the audit trail read back through audit.h (no request, no
 * token needed); see cmd.h. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "text.h"

/* A DATE flag's value, checked. 0 or -1 with err (PF_ERR_USAGE). */
static int check_day(const char *flag, const char *value,
                     struct pf_error *err)
{
	char *v;

	if (!value || audit_valid_day(value))
		return 0;
	v = text_sanitize(value, 0);
	pf_error_set(err, PF_ERR_USAGE, "--%s takes a day as YYYY-MM-DD (UTC), "
	             "not '%s'", flag, v ? v : "?");
	free(v);
	return -1;
}

int cmd_log(const struct config *cfg, const struct cmd_args *a,
            const char *dir, FILE *out, FILE *errout)
{
	struct pf_error err;
	struct audit_log log = { .filter = { a->log_user, a->since, a->until } };
	char *text = NULL;
	int rc = PF_EXIT_OK;

	(void)cfg; /* the trail's place is the state directory's, not a setting */
	pf_error_clear(&err);
	if (check_day("since", a->since, &err) != 0 ||
	    check_day("until", a->until, &err) != 0)
		return pf_error_report(errout, &err);
	if (a->since && a->until && strcmp(a->since, a->until) > 0) {
		pf_error_set(&err, PF_ERR_USAGE, "--since %s is after --until %s",
		             a->since, a->until);
		return pf_error_report(errout, &err);
	}
	if (a->log_user && !*a->log_user) {
		pf_error_set(&err, PF_ERR_USAGE, "--user must not be empty");
		return pf_error_report(errout, &err);
	}
	if (audit_log_read(&log, dir, &err) != 0) {
		rc = pf_error_report(errout, &err);
		goto out;
	}
	if (audit_log_finish(&log) != 0 ||
	    !(text = a->format == CMD_JSON ? audit_log_json(&log)
	                                   : audit_log_table(&log, a->width))) {
		pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		rc = pf_error_report(errout, &err);
		goto out;
	}
	fputs(text, out);
	if (log.skipped)
		fprintf(errout, "profed: %zu line%s of the trail %s not audit "
		        "records and %s skipped.\n", log.skipped,
		        log.skipped == 1 ? "" : "s",
		        log.skipped == 1 ? "was" : "were",
		        log.skipped == 1 ? "was" : "were");
out:
	free(text);
	audit_log_free(&log);
	return rc;
}
