/* cmd_access.c - `profed access USER RESOURCE...`: one access check per
 * resource, one line each (resource, access yes/no, level); every
 * resource's prefix is checked before anything is sent; see cmd.h. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "config.h"
#include "listfmt.h"
#include "members.h"
#include "support.h"
#include "text.h"

static const char *const titles[] = { "RESOURCE", "ACCESS", "LEVEL" };
#define NCOLS 3

/* Whether an error for one resource ends the whole command: the
 * credential itself failed (401) or the API cannot be reached; a 403 or
 * 404 for one resource does not stop the others. */
static bool fatal(const struct pf_error *err)
{
	if (err->kind != PF_ERR_HTTP)
		return true;
	return err->status == 401 || err->status == 429 || err->status >= 500;
}

int cmd_access(const struct config *cfg, const struct cmd_args *a,
               FILE *out, FILE *errout)
{
	struct pf_error err;
	struct api *api = NULL;
	const char **cells = NULL;
	char **owned = NULL;
	size_t rows = 0;
	int rc = PF_EXIT_OK;

	pf_error_clear(&err);
	if (!a->user || !*a->user || !a->n_args) {
		pf_error_set(&err, PF_ERR_USAGE, "access needs a USER and at least "
		             "one RESOURCE (biz_…, prod_… or exp_…)");
		return pf_error_report(errout, &err);
	}
	/* every prefix first: a bad one sends nothing at all */
	for (size_t i = 0; i < a->n_args; i++) {
		if (!members_resource_ok(a->args[i])) {
			char *r = text_sanitize(a->args[i], 0);
			pf_error_set(&err, PF_ERR_VALIDATION,
			             "'%s' is not a resource profed can check: give a "
			             "biz_, prod_ or exp_ id", r ? r : "?");
			free(r);
			return pf_error_report(errout, &err);
		}
	}
	if (config_require_token(cfg, &err) < 0 || !(api = api_new(cfg, &err)))
		return pf_error_report(errout, &err);
	cells = calloc(a->n_args * NCOLS, sizeof *cells);
	owned = calloc(a->n_args, sizeof *owned);
	if (!cells || !owned) {
		pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		rc = pf_error_report(errout, &err);
		goto out;
	}
	for (size_t i = 0; i < a->n_args; i++) {
		struct support_result r;
		char *path = support_access_path(a->user, a->args[i]);
		if (!path) {
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
			rc = pf_error_report(errout, &err);
			break;
		}
		int got = support_get_sync(api, SUPPORT_ACCESS, path, &r, &err);
		free(path);
		if (got != 0) {
			cmd_set_what(&err, "check %s's access to %s", a->user,
			             a->args[i]);
			/* said now, in order; the first failure gives the exit code */
			int code = pf_error_report(errout, &err);
			if (rc == PF_EXIT_OK)
				rc = code;
			if (fatal(&err))
				break;
			continue;
		}
		cells[rows * NCOLS] = a->args[i];
		cells[rows * NCOLS + 1] = !r.access.known ? "unknown"
		                          : r.access.has_access ? "yes" : "no";
		owned[rows] = r.access.access_level ? strdup(r.access.access_level)
		                                    : NULL;
		cells[rows * NCOLS + 2] = owned[rows] ? owned[rows] : "-";
		rows++;
		support_result_free(&r);
	}
	if (rows) {
		char *text = listfmt_table(titles, NCOLS, cells, rows, a->width);
		if (text)
			fputs(text, out);
		free(text);
	}
out:
	for (size_t i = 0; owned && i < rows; i++)
		free(owned[i]);
	free(owned);
	free(cells);
	api_free(api);
	return rc;
}
