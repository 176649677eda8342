/* cli_bulk.c - command mode of bulk edits: `profed set --from FILE`; see
 * cli.h (cli_bulk) and bulk.h (the reader, pacing, results).
 *
 * Pass 1 reads the whole file (streamed) and sends nothing: every bad row
 * is printed with its line and reason, and one bad row refuses the file.
 * Pass 2 reads it again, row by row: GET (paced), diff, and the changed
 * fields through the core submit flow (submit_run, check_first off: the
 * GET was just made; the audit trail in mode "bulk"), paced too. Standard
 * input is first copied to an unlinked temporary file (tmpfile) so it can
 * be read twice without being held in memory.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "audit.h"
#include "bulk.h"
#include "clock.h"
#include "config.h"
#include "edit.h"
#include "files.h"
#include "http.h"
#include "image.h"
#include "strbuf.h"
#include "submit.h"
#include "text.h"
#include "user.h"

static volatile sig_atomic_t bulk_stop;

static void bulk_on_signal(int sig)
{
	(void)sig;
	bulk_stop = 1;
}

/* Sleep ms (0: none); a signal ends it early. */
static void bulk_sleep(long long ms)
{
	struct timespec ts = { .tv_sec = (time_t)(ms / 1000),
	                       .tv_nsec = (long)(ms % 1000) * 1000000L };
	while (ms > 0 && !bulk_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* "line N: reason" with the reason sanitised. */
static void bulk_say_bad(FILE *errout, size_t line, const char *why)
{
	char *clean = text_sanitize(why, 0);
	fprintf(errout, "line %zu: %s\n", line, clean ? clean : "?");
	free(clean);
}

/* The checks of pass 1 on a well-formed row: the field rules, a picture
 * file, the capability. Returns false with why. */
static bool bulk_row_ok(const struct config *cfg, const struct bulk_row *row,
                        char *why, size_t n)
{
	struct pf_error err;
	bool given[FIELD_COUNT];
	pf_error_clear(&err);
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		const struct field_def *def = &edit_fields[f];
		char rule[200];
		given[f] = row->values[f] != NULL;
		if (!given[f])
			continue;
		if (!def->validate(row->values[f], rule, sizeof rule)) {
			snprintf(why, n, "%s: %s", def->label, rule);
			return false;
		}
		if (f == FIELD_PICTURE &&
		    edit_picture_kind(row->values[f]) == PICTURE_PATH) {
			struct image_info img;
			char msg[512];
			if (image_check(row->values[f], (size_t)cfg->max_picture_mb *
			                1024 * 1024, &img, &err) < 0) {
				snprintf(why, n, "%s", pf_error_sentence(&err, msg,
				                                         sizeof msg));
				return false;
			}
		}
	}
	if (cli_capable(cfg, row->user, given, &err) < 0) {
		snprintf(why, n, "%s", err.message);
		return false;
	}
	return true;
}

/* Pass 1. Returns the number of bad rows (printed), -1 on a read error
 * (err); *rows gets the number of rows. */
static long bulk_check(const struct config *cfg, FILE *f, size_t *rows,
                       FILE *errout, struct pf_error *err)
{
	struct bulk_reader *r = bulk_reader_new(f, err);
	struct bulk_row row = {0};
	struct bulk_set users = {0};
	long bad = 0;
	int rc;
	char why[512];

	*rows = 0;
	if (!r) {
		if (err->kind != PF_ERR_VALIDATION)
			return -1;
		fprintf(errout, "%s\n", err->message); /* "line N: ..." */
		*rows = 1;
		return 1;
	}
	while ((rc = bulk_reader_next(r, &row, err)) == 1) {
		int added = 1;
		(*rows)++;
		why[0] = '\0';
		if (row.error[0])
			snprintf(why, sizeof why, "%s", row.error);
		else if ((added = bulk_set_add(&users, bulk_key(row.user, 0))) < 0)
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		else if (!added)
			snprintf(why, sizeof why, "the same user as an earlier row");
		else
			bulk_row_ok(cfg, &row, why, sizeof why);
		if (rc < 0)
			break;
		if (why[0]) {
			bulk_say_bad(errout, row.line, why);
			bad++;
		}
	}
	bulk_row_clear(&row);
	bulk_set_free(&users);
	bulk_reader_free(r);
	return rc < 0 ? -1 : bad;
}

/* Rows an earlier run finished (saved or unchanged), from its results. */
static int bulk_load_done(const char *path, struct bulk_set *done,
                          struct pf_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *f;
	struct strbuf sb = {.limit = 1024 * 1024};
	int c;
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		if (fd >= 0)
			close(fd);
		return pf_error_set(err, PF_ERR_IO, "cannot read the results %s "
		                    "to resume: %s", path, strerror(errno));
	}
	do {
		c = getc(f);
		if (c != '\n' && c != EOF) {
			char ch = (char)c;
			strbuf_append(&sb, &ch, 1); /* a longer line is not done */
			continue;
		}
		size_t line;
		char user[1024];
		if (sb.len && bulk_result_done(strbuf_str(&sb), sb.len, &line, user,
		                               sizeof user) &&
		    bulk_set_add(done, bulk_key(user, line)) < 0) {
			fclose(f);
			strbuf_free(&sb);
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		}
		strbuf_reset(&sb);
	} while (c != EOF);
	fclose(f);
	strbuf_free(&sb);
	return 0;
}

/* The results stream: the file (0600, not a symlink; appended to on
 * --resume) or stdout. */
static FILE *bulk_results_open(const char *path, bool append, FILE *out,
                               struct pf_error *err)
{
	int fd;
	FILE *f;
	if (!path)
		return out;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
	          (append ? O_APPEND : O_TRUNC), 0600);
	if (fd < 0 || !(f = fdopen(fd, append ? "a" : "w"))) {
		pf_error_set(err, PF_ERR_IO, "cannot write the results %s: %s",
		             path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

/* Copy all of in to a private temporary file (unlinked), rewound. */
static FILE *bulk_spool(FILE *in, struct pf_error *err)
{
	FILE *t = tmpfile();
	char buf[65536];
	size_t n;
	if (!t) {
		pf_error_set(err, PF_ERR_IO, "cannot make a temporary file for "
		             "standard input: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, t) != n)
			break;
	if (ferror(in) || ferror(t) || fflush(t) != 0) {
		fclose(t);
		pf_error_set(err, PF_ERR_IO, "cannot read standard input");
		return NULL;
	}
	rewind(t);
	return t;
}

struct bulk_run {
	const struct config *cfg;
	const struct cli_bulk_args *args;
	struct api *api;
	struct submit *sub;
	struct bulk_pace get_pace, patch_pace;
	FILE *out, *errout, *results;
	bool progress;
	size_t total, done, changed, unchanged, failed, skipped;
	long long started_ms;
};

static void bulk_progress(struct bulk_run *b, bool last)
{
	if (!b->progress)
		return;
	long long el = clock_now_ms() - b->started_ms;
	size_t n = b->done - b->skipped, left = b->total - b->done;
	long long eta = n ? el / (long long)n * (long long)left / 1000 : 0;
	long rate = bulk_pace_rate(&b->get_pace);
	fprintf(b->errout, "\r%zu/%zu done, %zu changed, %zu unchanged, "
	        "%zu failed, ", b->done, b->total, b->changed, b->unchanged,
	        b->failed);
	if (rate)
		fprintf(b->errout, "%ld/min", rate);
	else
		fputs("unpaced", b->errout);
	fprintf(b->errout, ", ETA %lldm%02llds\033[K%s", eta / 60, eta % 60,
	        last ? "\n" : "");
	fflush(b->errout);
}

static void bulk_print_diff(FILE *out, const struct bulk_row *row,
                            const struct edit *e)
{
	char *who = text_sanitize(row->user, 0);
	fprintf(out, "line %zu %s:\n", row->line, who ? who : "?");
	free(who);
	cli_print_diff(out, e, NULL);
}

/* One row of pass 2: its result filled (strings in msg/idbuf). */
static void bulk_one(struct bulk_run *b, const struct bulk_row *row,
                     struct bulk_result *res, char *msg, size_t msg_n,
                     char *idbuf, size_t id_n)
{
	struct pf_error err;
	struct user *u = NULL;
	struct edit e = {0};
	unsigned long rep = api_repeats(b->api);
	pf_error_clear(&err);
	res->outcome = "not saved";
	bulk_sleep(bulk_pace_take(&b->get_pace, clock_now_ms()));
	long get_status = 0;
	if (api_user_get_sync(b->api, row->user, &u, &err) == 0)
		get_status = err.answer_status;
	if (!u || edit_load(&e, u, &err) < 0) {
		res->status = err.kind == PF_ERR_HTTP ? err.status : 0;
		pf_error_sentence(&err, msg, msg_n);
		goto out;
	}
	snprintf(idbuf, id_n, "%s", u->id ? u->id : "");
	res->id = idbuf;
	for (size_t f = 0; f < FIELD_COUNT; f++)
		if (row->values[f] &&
		    edit_set(&e, (enum field_id)f, row->values[f]) < 0) {
			snprintf(msg, msg_n, "out of memory");
			goto out;
		}
	for (size_t f = 0; f < FIELD_COUNT; f++)
		res->changed[f] = edit_is_changed(&e, (enum field_id)f);
	if (!edit_any_changed(&e)) {
		res->outcome = "unchanged";
		res->status = get_status;
		goto out;
	}
	if (b->args->dry_run) {
		bulk_print_diff(b->out, row, &e);
		res->outcome = "dry run";
		goto out;
	}
	struct submit_opts o = {
		.check_first = false, /* the GET was just made */
		.max_picture_bytes = (size_t)b->cfg->max_picture_mb * 1024 * 1024,
		.audit_mode = AUDIT_MODE_BULK,
	};
	if (submit_prepare(b->sub, &e, u->id, &o, &err) != SUBMIT_READY) {
		pf_error_sentence(&err, msg, msg_n);
		goto out;
	}
	bulk_sleep(bulk_pace_take(&b->patch_pace, clock_now_ms()));
	if (bulk_stop) {
		snprintf(msg, msg_n, "stopped before the change was sent");
		goto out;
	}
	submit_start(b->sub);
	enum submit_outcome so = submit_run(b->sub);
	const struct pf_error *se = submit_error(b->sub);
	cli_audit_warning(b->sub, b->errout);
	res->status = se->kind == PF_ERR_HTTP ? se->status : se->answer_status;
	if (so == SUBMIT_SAVED) {
		res->outcome = "saved";
		if (se->landed == PF_LANDED_YES || se->kind != PF_OK)
			pf_error_sentence(se, msg, msg_n);
	} else if (submit_nothing_left(b->sub)) {
		res->outcome = "unchanged";
	} else {
		res->outcome = so == SUBMIT_NOT_KNOWN ? "not known" : "not saved";
		pf_error_sentence(se, msg, msg_n);
	}
out:
	if (api_repeats(b->api) != rep) {
		/* the server made us wait: go on more slowly */
		bulk_pace_slow(&b->get_pace);
		bulk_pace_slow(&b->patch_pace);
	}
	edit_free(&e);
	user_free(u);
}

/* Pass 2. Returns the exit code. */
static int bulk_apply(struct bulk_run *b, FILE *f, struct bulk_set *done,
                      struct pf_error *err)
{
	struct bulk_reader *r = bulk_reader_new(f, err);
	struct bulk_row row = {0};
	int rc = 0;
	if (!r)
		return -1;
	b->started_ms = clock_now_ms();
	while (!bulk_stop && (rc = bulk_reader_next(r, &row, err)) == 1) {
		struct bulk_result res = { .line = row.line, .user = row.user,
		                           .message = "" };
		char msg[1024] = "", id[128] = "";
		if (done && bulk_set_has(done, bulk_key(row.user, row.line))) {
			b->done++;
			b->skipped++;
			continue;
		}
		bulk_one(b, &row, &res, msg, sizeof msg, id, sizeof id);
		res.message = msg;
		b->done++;
		if (strcmp(res.outcome, "saved") == 0 ||
		    strcmp(res.outcome, "dry run") == 0)
			b->changed++;
		else if (strcmp(res.outcome, "unchanged") == 0)
			b->unchanged++;
		else
			b->failed++;
		if (!b->args->dry_run) {
			char *line = bulk_result_line(&res);
			if (line)
				fputs(line, b->results);
			free(line);
			fflush(b->results);
		}
		bulk_progress(b, false);
	}
	bulk_progress(b, true);
	bulk_row_clear(&row);
	bulk_reader_free(r);
	return rc < 0 && !bulk_stop ? -1 : 0;
}

int cli_bulk(const struct config *cfg, const struct cli_bulk_args *args,
             FILE *out, FILE *errout)
{
	struct pf_error err;
	struct bulk_run b = { .cfg = cfg, .args = args, .out = out,
	                      .errout = errout };
	struct bulk_set done = {0};
	struct files *fl = NULL;
	FILE *f = NULL;
	long rate = BULK_RATE_DEFAULT, bad;
	int rc = PF_EXIT_OK;
	bool from_stdin = strcmp(args->from, "-") == 0;
	struct sigaction sa = { .sa_handler = bulk_on_signal }, old_int, old_term;

	pf_error_clear(&err);
	if (args->rate && bulk_rate_parse(args->rate, &rate, &err) < 0)
		return pf_error_report(errout, &err);
	if (args->resume && !args->results) {
		pf_error_set(&err, PF_ERR_USAGE, "--resume needs the --results "
		             "FILE of the run it resumes");
		return pf_error_report(errout, &err);
	}
	if (!args->yes && !args->dry_run &&
	    (from_stdin || !isatty(STDIN_FILENO))) {
		pf_error_set(&err, PF_ERR_USAGE, "Not sent: standard input is not "
		             "a terminal to confirm on; add --yes to send without "
		             "asking");
		return pf_error_report(errout, &err);
	}
	if (config_require_token(cfg, &err) < 0 ||
	    !(b.api = api_new(cfg, &err)))
		return pf_error_report(errout, &err);
	if (rate == 0 && !http_api_loopback(api_http(b.api))) {
		pf_error_set(&err, PF_ERR_USAGE, "--rate 0 (no pacing) is only for "
		             "an API on loopback; the API allows %d requests a "
		             "minute", BULK_RATE_MAX);
		rc = pf_error_report(errout, &err);
		goto done;
	}
	if (from_stdin) {
		f = bulk_spool(stdin, &err);
	} else {
		int fd = open(args->from, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || !(f = fdopen(fd, "r"))) {
			pf_error_set(&err, PF_ERR_IO, "cannot read %s: %s", args->from,
			             strerror(errno));
			if (fd >= 0)
				close(fd);
		}
	}
	if (!f) {
		rc = pf_error_report(errout, &err);
		goto done;
	}
	/* pass 1: every row checked, nothing sent */
	bad = bulk_check(cfg, f, &b.total, errout, &err);
	if (bad < 0) {
		rc = pf_error_report(errout, &err);
		goto done;
	}
	if (bad > 0) {
		fprintf(errout, "profed: %ld bad row%s: nothing was sent.\n", bad,
		        bad == 1 ? "" : "s");
		rc = PF_EXIT_VALIDATION;
		goto done;
	}
	if (b.total == 0) {
		fputs("No rows: nothing to do.\n", out);
		goto done;
	}
	if (!args->yes && !args->dry_run) {
		char answer[16];
		fprintf(errout, "Read and update up to %zu profiles? [y/N] ",
		        b.total);
		fflush(errout);
		if (!fgets(answer, sizeof answer, stdin) ||
		    (answer[0] != 'y' && answer[0] != 'Y')) {
			fputs("Not sent.\n", out);
			goto done;
		}
	}
	if (args->resume && bulk_load_done(args->results, &done, &err) < 0) {
		rc = pf_error_report(errout, &err);
		goto done;
	}
	if (!(b.results = bulk_results_open(args->results, args->resume, out,
	                                    &err))) {
		rc = pf_error_report(errout, &err);
		goto done;
	}
	if (!(fl = files_new(b.api, NULL, &err)) ||
	    !(b.sub = submit_new_api(b.api, fl, NULL, NULL))) {
		if (err.kind == PF_OK)
			pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		rc = pf_error_report(errout, &err);
		goto done;
	}
	bulk_pace_init(&b.get_pace, rate);
	bulk_pace_init(&b.patch_pace, rate);
	b.progress = !args->dry_run && isatty(STDERR_FILENO);
	bulk_stop = 0;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rewind(f);
	/* pass 2: row by row */
	if (bulk_apply(&b, f, args->resume ? &done : NULL, &err) < 0)
		rc = pf_error_report(errout, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (b.results != out && fclose(b.results) != 0 && rc == PF_EXIT_OK) {
		pf_error_set(&err, PF_ERR_IO, "cannot write the results %s",
		             args->results);
		rc = pf_error_report(errout, &err);
	}
	b.results = NULL;
	if (bulk_stop) {
		fprintf(errout, "profed: stopped after %zu of %zu rows (the request "
		        "in flight was finished).\n", b.done, b.total);
		if (args->results) {
			char *file = text_sanitize(args->from, 0);
			char *res = text_sanitize(args->results, 0);
			fprintf(errout, "To go on: profed set --from '%s' --results "
			        "'%s' --resume --yes%s%s\n", file ? file : "?",
			        res ? res : "?", args->rate ? " --rate " : "",
			        args->rate ? args->rate : "");
			free(file);
			free(res);
		} else {
			fputs("To go on, run the same command again: rows already "
			      "saved are unchanged now and send nothing (give "
			      "--results FILE to skip them with --resume).\n", errout);
		}
		rc = rc == PF_EXIT_OK ? PF_EXIT_OTHER : rc;
	} else if (rc == PF_EXIT_OK && b.failed > 0) {
		fprintf(errout, "profed: %zu of %zu rows failed (see the results).\n",
		        b.failed, b.total);
		rc = PF_EXIT_OTHER;
	}
done:
	if (f && f != stdin)
		fclose(f);
	submit_free(b.sub);
	files_free(fl);
	bulk_set_free(&done);
	api_free(b.api);
	return rc;
}
