/* cli.h - command mode: `profed show` and `profed set`, the same core as
 * the editor without a terminal UI. This is command mode's presentation
 * layer: it writes to the streams it is given (results to out, messages to
 * errout) and returns an exit code from enum pf_exit (error.h).
 */
#ifndef PROFED_CLI_H
#define PROFED_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "edit.h"

struct config;

/* profed show [USER] [--json]: profile, verification and balances as
 * aligned text (sanitised), or the JSON body as received. */
int cli_show(const struct config *cfg, const char *who, bool json, FILE *out,
             FILE *errout);

/* profed show --balance-history [--interval I] [--from DATE] [--to DATE]
 * [--json|--csv] (cli_balance.c): one GET /users/me with the balance
 * history's query (history.h) and cfg->history_version, printed through
 * histout.h: the table (with a sparkline when out is a terminal), CSV or
 * the balance_history member as received. The window: --to (default now)
 * and --from (default the interval's default length before it), at most
 * HISTORY_MAX_BUCKETS points. Exit 0 for a series (also an empty one);
 * 1 with the state's sentence on errout when the history is null, absent
 * (the version) or unreadable; 2 for a bad flag, another USER, --json
 * with --csv; else the request's error code. */
struct cli_balance_args {
	const char *who;      /* NULL or "me": only your own */
	const char *interval; /* hour, day, week, month; NULL: day */
	const char *from, *to;
	bool json, csv;
};
int cli_balance_history(const struct config *cfg,
                        const struct cli_balance_args *a, FILE *out,
                        FILE *errout);

/* Edit distance of a and b (insert, delete, replace, or swap two
 * neighbours: "shwo" is 1 from "show"), counted up to 3: any more is 3,
 * and so is anything of 16 bytes or more, or a NULL. */
size_t cli_typo_distance(const char *a, const char *b);

/* USER looks like the command command mistyped (main.c decides): read
 * that user once. When the server says there is no such user (404), print
 * why and "Did you mean `profed COMMAND`?" on errout and return the exit
 * code; otherwise (the user exists, or another failure, which the editor
 * will report) print nothing and return -1. */
int cli_probe_user(const struct config *cfg, const char *who,
                   const char *command, FILE *errout);

struct cli_set_args {
	/* Value per field from its --FLAG; NULL = not given. A multi-line field
	 * takes "@FILE" (read that file) or "-" (read stdin). */
	const char *values[FIELD_COUNT];
	bool dry_run;  /* read, compare and print the PATCH; send nothing */
	bool yes;      /* do not ask; required when stdin is not a terminal */
};

/* profed set [USER] --FIELD VALUE...: validate the given values (no request
 * when one is invalid; a --picture PATH must pass image_check), read the
 * current profile, print old -> new for the fields that differ, then (after
 * confirmation or --yes) send exactly those in one PATCH. Sends nothing and
 * says so when nothing differs. A picture path is uploaded (files.h) after
 * the confirmation and before the PATCH, which then carries its file id;
 * when the upload fails nothing is sent and the output says so. --dry-run
 * uploads nothing and shows the id as "file_…". */
int cli_set(const struct config *cfg, const char *who,
            const struct cli_set_args *args, FILE *out, FILE *errout);

/* profed set --from FILE [--dry-run] [--yes] [--rate N] [--results FILE]
 * [--resume]: bulk edits (bulk.h, cli_bulk.c). Every row is checked
 * first and nothing is sent when one is bad (each printed with its line:
 * exit 5); then row by row GET, diff, PATCH of the changed fields through
 * the submit flow, paced to rate requests a minute per operation; one
 * result line per row to results (or out); exit 0 when every row ended
 * saved or unchanged, 1 otherwise (also when stopped by SIGINT/SIGTERM,
 * after the request in flight, with the command that resumes). */
struct cli_bulk_args {
	const char *from;     /* FILE, "-" for stdin */
	bool dry_run, yes, resume;
	const char *rate;     /* NULL: BULK_RATE_DEFAULT */
	const char *results;  /* NULL: out */
};
int cli_bulk(const struct config *cfg, const struct cli_bulk_args *args,
             FILE *out, FILE *errout);

/* Shared with bulk edits (cli_bulk.c). */
struct submit;
/* The credential's own profile (`me`, or the recent file's self id). */
bool cli_is_self(const struct config *cfg, const char *who);
/* Refuse a given field the credential cannot change (capability.h), with
 * the reason: 0, or -1 with err (PF_ERR_VALIDATION, err->field). */
int cli_capable(const struct config *cfg, const char *who,
                const bool given[FIELD_COUNT], struct pf_error *err);
/* Print "  Label  old  ->  new" for every changed field of e; a picture
 * to upload (img not NULL) shows as "me.png (20 KiB, image/png)". */
struct image_info;
void cli_print_diff(FILE *out, const struct edit *e,
                    const struct image_info *img);
/* Say a failed audit-trail write once on errout (submit_audit_warning). */
void cli_audit_warning(struct submit *sub, FILE *errout);

#endif
