/* cli.c - command mode (show, set); see cli.h. */
#include "cli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "audit.h"
#include "capability.h"
#include "config.h"
#include "datetime.h"
#include "edit.h"
#include "files.h"
#include "image.h"
#include "overview.h"
#include "recent.h"
#include "strbuf.h"
#include "submit.h"
#include "text.h"
#include "user.h"

#define CLI_MAX_FILE (1024 * 1024) /* a bio from @FILE or stdin */
/* Stands for the id the upload will give, in a --dry-run's PATCH body;
 * printed as "file_…". */
#define CLI_DRY_RUN_ID "file_DryRunPlaceholder"

/* Open the API client for cfg, or report why not. */
static struct api *cli_api(const struct config *cfg, struct pf_error *err)
{
	if (config_require_token(cfg, err) < 0)
		return NULL;
	return api_new(cfg, err);
}

/* Write s sanitised (newlines kept when keep_nl), "-" for NULL. */
static void cli_put(FILE *out, const char *s, bool keep_nl)
{
	if (!s) {
		fputs("-", out);
		return;
	}
	char *clean = text_sanitize(s, keep_nl ? TEXT_KEEP_NEWLINES : 0);
	fputs(clean ? clean : "?", out);
	free(clean);
}

/* Write s sanitised and padded (or cut) to cols columns; right-aligned
 * when right is set. */
static void cli_cell(FILE *out, const char *s, size_t cols, bool right)
{
	char *cut = text_truncate(s ? s : "", cols);
	size_t w = text_width(cut);
	if (right)
		fprintf(out, "%*s", (int)(cols - w), "");
	fputs(cut ? cut : "", out);
	if (!right)
		fprintf(out, "%*s", (int)(cols - w), "");
	free(cut);
}

/* "label      value" lines; a multi-line value continues under itself. */
static void cli_line(FILE *out, const char *label, const char *value,
                     bool multiline)
{
	fprintf(out, "  %-10s ", label);
	if (!value || !multiline) {
		cli_put(out, value, false);
		fputc('\n', out);
		return;
	}
	char *clean = text_sanitize(value, TEXT_KEEP_NEWLINES);
	for (char *line = clean, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		fprintf(out, "%s\n", line);
		if (next)
			fprintf(out, "  %-10s ", "");
	}
	free(clean);
}

/* Widest cell of one column over the rows, at least the heading's, at
 * most cap columns. */
static size_t cli_col(const struct overview *o, size_t offset,
                      const char *heading, size_t cap)
{
	size_t w = text_width(heading);
	for (size_t i = 0; i < o->n_rows; i++) {
		const char *cell = *(char *const *)((const char *)&o->rows[i] + offset);
		size_t cw = text_width(cell);
		if (cw > w)
			w = cw;
	}
	return w < cap ? w : cap;
}

/* One balance row and, indented under it, its breakdown. */
static void cli_print_row(FILE *out, const struct overview_row *r,
                          const size_t w[5])
{
	fputs("  ", out);
	cli_cell(out, r->symbol, w[0], false);
	fputs("  ", out);
	cli_cell(out, r->name, w[1], false);
	fputs("  ", out);
	cli_cell(out, r->amount, w[2], true);
	fputs("  ", out);
	cli_cell(out, r->value, w[3], true);
	fputs("  ", out);
	cli_cell(out, r->price, w[4], true);
	fputc('\n', out);
	for (size_t k = 0; k < r->n_breakdown; k++)
		fprintf(out, "%s%s %s", k ? " · " : "      ", r->breakdown[k].label,
		        r->breakdown[k].amount);
	if (r->n_breakdown)
		fputc('\n', out);
}

/* The verification and balances part of the overview. */
static void cli_print_money(FILE *out, const struct user *u)
{
	fputs("\nVerification\n", out);
	fprintf(out, "  %-18s %s\n", "individual (KYC)", verif_status_word(u->kyc));
	fprintf(out, "  %-18s %s\n", "business (KYB)", verif_status_word(u->kyb));

	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	if (!o)
		return;
	fputs("\nBalances\n", out);
	fprintf(out, "  %-18s %s\n", "total (USD)",
	        o->total ? o->total : o->total_note);
	for (size_t i = 0; i < o->n_totals; i++)
		fprintf(out, "  %-18s %s\n", o->totals[i].label, o->totals[i].amount);
	if (o->earnings)
		fprintf(out, "  %-18s %s\n", "earnings (USD)", o->earnings);
	if (o->empty_note)
		fprintf(out, "  %s\n", o->empty_note);
	if (o->n_rows) {
		size_t w[5] = {
			cli_col(o, offsetof(struct overview_row, symbol), "SYMBOL", 12),
			cli_col(o, offsetof(struct overview_row, name), "NAME", 28),
			cli_col(o, offsetof(struct overview_row, amount), "AMOUNT", 30),
			cli_col(o, offsetof(struct overview_row, value), "VALUE", 20),
			cli_col(o, offsetof(struct overview_row, price), "PRICE", 20),
		};
		struct overview_row head = {.symbol = "SYMBOL", .name = "NAME",
			.amount = "AMOUNT", .value = "VALUE", .price = "PRICE"};
		const char *section = NULL;
		cli_print_row(out, &head, w);
		for (size_t i = 0; i < o->n_rows; i++) {
			if (o->rows[i].section && o->rows[i].section != section)
				fprintf(out, "  [%s]\n", o->rows[i].section);
			section = o->rows[i].section;
			cli_print_row(out, &o->rows[i], w);
		}
	}
	overview_free(o);
}

/* The whole profile as aligned plain text. */
static void cli_print_user(FILE *out, const struct user *u)
{
	cli_put(out, u->username, false);
	if (u->name) {
		fputs(" · ", out);
		cli_put(out, u->name, false);
	}
	fputc('\n', out);
	char *created = datetime_local(u->created_at);
	cli_line(out, "id", u->id, false);
	cli_line(out, "created", created, false);
	cli_line(out, "picture", u->picture_url, false);
	cli_line(out, "bio", u->bio, true);
	free(created);
	cli_print_money(out, u);
}

/* True when the raw body may go to a terminal as is: sanitising (with
 * newlines and tabs kept) would not change a byte of it. */
static bool cli_is_inert(const char *s)
{
	char *clean = text_sanitize(s, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	bool same = clean && strcmp(clean, s) == 0;
	free(clean);
	return same;
}

int cli_show(const struct config *cfg, const char *who, bool json, FILE *out,
             FILE *errout)
{
	struct pf_error err;
	pf_error_clear(&err);
	struct api *api = cli_api(cfg, &err);
	struct user *u = NULL;
	if (!api || api_user_get_sync(api, who, &u, &err) < 0) {
		api_free(api);
		return pf_error_report(errout, &err);
	}
	if (json) {
		/* As received, unless it could carry escapes to the terminal. */
		const char *raw = u->raw_json ? u->raw_json : "";
		if (cli_is_inert(raw)) {
			fputs(raw, out);
			if (!*raw || raw[strlen(raw) - 1] != '\n')
				fputc('\n', out);
		} else {
			cli_put(out, raw, true);
			fputc('\n', out);
		}
	} else {
		cli_print_user(out, u);
	}
	user_free(u);
	api_free(api);
	return PF_EXIT_OK;
}

/* See cli.h. Optimal string alignment: insert, delete, replace, swap two
 * neighbours. */
size_t cli_typo_distance(const char *a, const char *b)
{
	size_t la = a ? strlen(a) : 0, lb = b ? strlen(b) : 0;
	size_t d[16][16];

	if (!a || !b || la > lb + 2 || lb > la + 2 || la > 15 || lb > 15)
		return 3;
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			size_t v;

			if (i && j) {
				size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
				v = d[i - 1][j] + 1 < d[i][j - 1] + 1 ? d[i - 1][j] + 1
				                                      : d[i][j - 1] + 1;
				if (sub < v)
					v = sub;
				if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
				    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
					v = d[i - 2][j - 2] + 1;
			} else {
				v = i + j;
			}
			d[i][j] = v;
		}
	return d[la][lb] < 3 ? d[la][lb] : 3;
}

/* See cli.h. */
int cli_probe_user(const struct config *cfg, const char *who,
                   const char *command, FILE *errout)
{
	struct pf_error err;
	struct user *u = NULL;
	struct api *api;
	char msg[1024];

	pf_error_clear(&err);
	api = cli_api(cfg, &err);
	if (!api)
		return -1; /* no token or no client: the editor says why */
	if (api_user_get_sync(api, who, &u, &err) == 0) {
		user_free(u);
		api_free(api);
		return -1;
	}
	api_free(api);
	if (err.kind != PF_ERR_HTTP || err.status != 404)
		return -1;
	fprintf(errout, "profed: %s Did you mean `profed %s`?\n",
	        pf_error_sentence(&err, msg, sizeof msg), command);
	return (int)pf_error_exit_code(&err);
}

/* Read a whole stream (at most CLI_MAX_FILE) as text. name is for
 * messages. Returns a new string or NULL with err. */
static char *cli_slurp(FILE *f, const char *name, struct pf_error *err)
{
	struct strbuf sb = {.limit = CLI_MAX_FILE};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (strbuf_append(&sb, chunk, n) < 0) {
			pf_error_set(err, PF_ERR_VALIDATION, "%s is larger than %d KiB",
			             name, CLI_MAX_FILE / 1024);
			strbuf_free(&sb);
			return NULL;
		}
	}
	if (ferror(f) || memchr(strbuf_str(&sb), '\0', sb.len)) {
		pf_error_set(err, ferror(f) ? PF_ERR_IO : PF_ERR_VALIDATION,
		             "%s %s", name, ferror(f) ? "could not be read"
		                                      : "contains a NUL byte");
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_take(&sb);
}

/* The value given for a field: for a multi-line field "@FILE" reads FILE
 * and "-" reads stdin, as is (no newline is stripped: it is content).
 * Returns a new string or NULL with err. */
static char *cli_field_value(const struct field_def *def, const char *arg,
                             struct pf_error *err)
{
	if (def->multiline && strcmp(arg, "-") == 0)
		return cli_slurp(stdin, "standard input", err);
	if (def->multiline && arg[0] == '@') {
		FILE *f = fopen(arg + 1, "rb");
		if (!f) {
			pf_error_set(err, PF_ERR_IO, "Cannot read %s for --%s",
			             arg + 1, def->flag);
			return NULL;
		}
		char *s = cli_slurp(f, arg + 1, err);
		fclose(f);
		return s;
	}
	char *s = strdup(arg);
	if (!s)
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	return s;
}

/* See cli.h. */
void cli_print_diff(FILE *out, const struct edit *e,
                    const struct image_info *img)
{
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		if (!edit_is_changed(e, (enum field_id)f))
			continue;
		char desc[512], *old = text_diff_value(edit_baseline(e, f), 0, 0);
		char *new = text_diff_value(edit_current(e, f), 0, 0);
		fprintf(out, "  %-9s %s  ->  ", edit_fields[f].label,
		        old ? old : "?");
		if (edit_fields[f].kind == FIELD_KIND_FILE_REF && img) {
			cli_put(out, image_describe(img, desc, sizeof desc), false);
			fputs(", uploaded when sent", out);
		} else {
			fputs(new ? new : "?", out);
		}
		fputc('\n', out);
		free(old);
		free(new);
	}
}

/* Print a --dry-run's PATCH body with the placeholder id as "file_…". */
static void cli_put_dry_body(FILE *out, const char *wire)
{
	const char *at = strstr(wire, CLI_DRY_RUN_ID);
	if (!at) {
		cli_put(out, wire, true);
		return;
	}
	char *head = strndup(wire, (size_t)(at - wire));
	cli_put(out, head ? head : "", true);
	fputs("file_\xe2\x80\xa6", out);
	cli_put(out, at + strlen(CLI_DRY_RUN_ID), true);
	free(head);
}

/* What `set` prints while its submit runs: the upload's start and its
 * file id. */
struct cli_submit_view {
	FILE *out;
	bool told_upload, told_id;
};

static void cli_submit_changed(void *ud, struct submit *sub)
{
	struct cli_submit_view *v = ud;
	const struct image_info *img = submit_picture(sub);
	char desc[512];

	if (submit_state(sub) == SUBMIT_UPLOADING && !v->told_upload && img) {
		v->told_upload = true;
		fputs("Uploading ", v->out);
		cli_put(v->out, image_describe(img, desc, sizeof desc), false);
		fputs("...\n", v->out);
		fflush(v->out);
	}
	if (submit_uploaded_id(sub) && !v->told_id) {
		v->told_id = true;
		fprintf(v->out, "Uploaded as %s.\n", submit_uploaded_id(sub));
	}
}

/* Ask on the terminal; true for y/yes. */
static bool cli_confirm(FILE *errout)
{
	fputs("Send these changes? [y/N] ", errout);
	fflush(errout);
	char answer[16];
	if (!fgets(answer, sizeof answer, stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

/* Command mode has nobody to ask at a conflict: say which fields the
 * server changed since they were read, as a 409 would. */
static void cli_conflict_error(struct submit *sub, struct pf_error *err)
{
	const enum field_id *f;
	size_t n = submit_conflicts(sub, &f, NULL);
	struct strbuf sb = {0};

	for (size_t i = 0; i < n; i++)
		strbuf_appendf(&sb, "%s%s", i ? ", " : "",
		               edit_fields[f[i]].label);
	pf_error_clear(err);
	err->kind = PF_ERR_HTTP;
	err->status = 409;
	err->landed = PF_LANDED_NO;
	snprintf(err->message, sizeof err->message, "changed on the server "
	         "while you confirmed: %s; run the command again",
	         strbuf_str(&sb));
	strbuf_free(&sb);
}

/* A failed write of the audit trail: said once, on errout (the change
 * went out all the same). */
void cli_audit_warning(struct submit *sub, FILE *errout)
{
	const struct pf_error *why;
	char msg[1024];

	if (submit_audit_warning(sub, &why))
		fprintf(errout, "profed: warning: %s (the change was sent all "
		        "the same)\n", pf_error_sentence(why, msg, sizeof msg));
}

/* Steps of `set` after the values were read: load, diff, then the core
 * submit flow (src/submit.h): the picture's upload when it is a path,
 * the three-way check when the person took time to confirm, one PATCH,
 * and the outcome said: saved, not saved, or not known. */
static int cli_set_send(const struct config *cfg, const char *who,
                        char *const values[FIELD_COUNT],
                        const struct image_info *img,
                        const struct cli_set_args *args, FILE *out,
                        FILE *errout)
{
	struct pf_error err;
	pf_error_clear(&err);
	struct api *api = cli_api(cfg, &err);
	struct files *fl = NULL;
	struct submit *sub = NULL;
	struct cli_submit_view view = {.out = out};
	struct submit_hooks hooks = {.changed = cli_submit_changed};
	struct submit_opts opts = {
		/* a confirmation on a terminal takes time: read again */
		.check_first = !args->yes && !args->dry_run,
		.max_picture_bytes = (size_t)cfg->max_picture_mb * 1024 * 1024,
		.audit_mode = AUDIT_MODE_SET,
	};
	struct user *u = NULL;
	struct edit e = {0};
	char *body = NULL, *wire = NULL, *url = NULL;
	int rc = PF_EXIT_OK;
	bool upload = false;
	const char *path = NULL;

	if (!api || api_user_get_sync(api, who, &u, &err) < 0 ||
	    edit_load(&e, u, &err) < 0)
		goto fail;
	for (size_t f = 0; f < FIELD_COUNT; f++)
		if (values[f] && edit_set(&e, (enum field_id)f, values[f]) < 0) {
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
			goto fail;
		}
	if (!edit_any_changed(&e)) {
		fputs("No changes: the profile already has these values. "
		      "Nothing was sent.\n", out);
		goto done;
	}
	upload = edit_picture_needs_upload(&e);
	path = edit_current(&e, FIELD_PICTURE);
	fputs("Changes:\n", out);
	cli_print_diff(out, &e, upload ? img : NULL);
	if (!(fl = files_new(api, NULL, &err)) ||
	    !(sub = submit_new_api(api, fl, &hooks, &view))) {
		if (err.kind == PF_OK)
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (submit_prepare(sub, &e, who, &opts, &err) != SUBMIT_READY)
		goto fail;
	if (args->dry_run) {
		if (upload && edit_set_picture_upload(&e, path, CLI_DRY_RUN_ID,
		                                      &err) < 0)
			goto fail;
		body = edit_patch_body(&e, &err);
		if (!body || !(wire = api_update_body(api, body)) ||
		    !(url = api_user_url(api, who))) {
			if (err.kind == PF_OK)
				pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
			goto fail;
		}
		fputs("Dry run, nothing sent. Would ", out);
		if (upload)
			fprintf(out, "upload the picture (POST %s/files, PUT to the "
			        "upload URL, wait until ready), then ", cfg->base_url);
		fprintf(out, "send:\nPATCH %s\n", url);
		cli_put_dry_body(out, wire);
		fputc('\n', out);
		goto done;
	}
	if (!args->yes) {
		if (!isatty(STDIN_FILENO)) {
			pf_error_set(&err, PF_ERR_USAGE, "Not sent: standard input is "
			             "not a terminal to confirm on; add --yes to send "
			             "without asking");
			goto fail;
		}
		if (!cli_confirm(errout)) {
			fputs("Not sent.\n", out);
			goto done;
		}
	}
	submit_start(sub);
	enum submit_outcome outcome = submit_run(sub);
	cli_audit_warning(sub, errout);
	switch (outcome) {
	case SUBMIT_SAVED:
		err = *submit_error(sub);
		if (err.landed == PF_LANDED_YES) {
			char msg[1024];
			fprintf(out, "%s\n", pf_error_sentence(&err, msg, sizeof msg));
		}
		fputs("Saved.\n", out);
		goto done;
	case SUBMIT_PENDING: /* stopped at a conflict */
		cli_conflict_error(sub, &err);
		break;
	default:
		err = *submit_error(sub);
		if (submit_nothing_left(sub)) {
			fputs("No changes left to send.\n", out);
			goto done;
		}
		break;
	}
fail:
	rc = pf_error_report(errout, &err);
	if (sub && submit_stage(sub) == SUBMIT_AT_UPLOAD)
		fputs("Nothing was saved: the profile is unchanged.\n", errout);
done:
	submit_free(sub);
	files_free(fl);
	free(url);
	free(wire);
	free(body);
	edit_free(&e);
	user_free(u);
	api_free(api);
	return rc;
}

/* Whether who is the credential's own profile: `me`, or the own id the
 * recent-people file remembers (recent.h; no request). */
bool cli_is_self(const struct config *cfg, const char *who)
{
	struct pf_error err;
	struct recent r = {0};
	char *path;
	bool self;

	if (strcmp(who, "me") == 0)
		return true;
	pf_error_clear(&err);
	if (!(path = recent_path_for(cfg, &err)))
		return false;
	self = recent_load(path, &r, &err) == 0 && r.self_id &&
	       strcmp(r.self_id, who) == 0;
	recent_clear(&r);
	free(path);
	return self;
}

/* The capability check of `set` (capability.h), before any request: a
 * field the credential cannot change is refused with the reason. The
 * kind is not known yet (nothing was sent): unknown, which the table
 * decides wherever the kinds agree. 0, or -1 with err (validation). */
int cli_capable(const struct config *cfg, const char *who,
                const bool given[FIELD_COUNT], struct pf_error *err)
{
	struct capability cap;

	capability_of(CAP_CRED_UNKNOWN, cli_is_self(cfg, who),
	              cfg->account_id != NULL, &cap);
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		if (!given[f] || cap.allowed[f])
			continue;
		pf_error_set(err, PF_ERR_VALIDATION, "%s: %s Nothing was sent.",
		             edit_fields[f].label, cap.reason[f] ? cap.reason[f]
		             : "this credential cannot change it.");
		snprintf(err->field, sizeof err->field, "%s", edit_fields[f].key);
		return -1;
	}
	return 0;
}

int cli_set(const struct config *cfg, const char *who,
            const struct cli_set_args *args, FILE *out, FILE *errout)
{
	struct pf_error err;
	pf_error_clear(&err);
	char *values[FIELD_COUNT] = {0};
	struct image_info img = {0};
	bool any = false;
	int rc = PF_EXIT_OK;

	/* Read and check every given value before any request; a picture
	 * path is checked as a file (image_check) too. */
	for (size_t f = 0; f < FIELD_COUNT && rc == PF_EXIT_OK; f++) {
		const struct field_def *def = &edit_fields[f];
		if (!args->values[f])
			continue;
		any = true;
		values[f] = cli_field_value(def, args->values[f], &err);
		char why[256];
		if (!values[f]) {
			rc = pf_error_report(errout, &err);
		} else if (!def->validate(values[f], why, sizeof why)) {
			pf_error_set(&err, PF_ERR_VALIDATION, "%s: %s", def->label, why);
			snprintf(err.field, sizeof err.field, "%s", def->key);
			rc = pf_error_report(errout, &err);
		} else if (f == FIELD_PICTURE &&
		           edit_picture_kind(values[f]) == PICTURE_PATH &&
		           image_check(values[f], (size_t)cfg->max_picture_mb *
		                       1024 * 1024, &img, &err) < 0) {
			rc = pf_error_report(errout, &err);
		}
	}
	if (rc == PF_EXIT_OK && !any) {
		struct strbuf flags = {0};
		for (size_t f = 0; f < FIELD_COUNT; f++)
			strbuf_appendf(&flags, "%s--%s", f ? ", " : "",
			               edit_fields[f].flag);
		pf_error_set(&err, PF_ERR_USAGE, "Nothing to set: give at least "
		             "one of %s", strbuf_str(&flags));
		strbuf_free(&flags);
		rc = pf_error_report(errout, &err);
	}
	if (rc == PF_EXIT_OK) {
		bool given[FIELD_COUNT];
		for (size_t f = 0; f < FIELD_COUNT; f++)
			given[f] = args->values[f] != NULL;
		if (cli_capable(cfg, who, given, &err) < 0)
			rc = pf_error_report(errout, &err);
	}
	if (rc == PF_EXIT_OK)
		rc = cli_set_send(cfg, who, values, &img, args, out, errout);
	for (size_t f = 0; f < FIELD_COUNT; f++)
		free(values[f]);
	return rc;
}
