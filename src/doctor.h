/* doctor.h - `profed doctor`: one screen that explains a setup.
 *
 * doctor_run loads the settings the rest of the way (config file,
 * environment, config_finish: main.c has applied the flags already) and
 * records every step as a check instead of stopping at the first failure,
 * then tries the API once and looks at the machine and the terminal. Each
 * check is ok, warn or fail, in five sections: settings (each value and
 * where it came from: flag, environment, file or default; the token only as
 * its source and its last 4 characters), files (the config and token
 * files' permissions), api (reached, with the latency of one GET /users/me
 * without repeats; the token accepted, a 401 fails; the users API version
 * accepted; what the credential may change: capability.h, the kind learnt
 * from the status of that GET), machine (the state directories writable) and terminal (TERM,
 * colours, a UTF-8 locale, the picture mode, terminfo's Home and End).
 *
 * Nothing here prints or includes curses: main.c fills struct doctor_term
 * from terminfo and prints doctor_format_text or doctor_format_json. The
 * token's value never enters a check.
 */
#ifndef PROFED_DOCTOR_H
#define PROFED_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct config;

enum doctor_status { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_check {
	const char *section;       /* "settings", "files", "api", "machine",
	                            * "terminal" (static) */
	char *name;                /* "base-url", "config file", ... */
	enum doctor_status status;
	char *detail;              /* sanitised text, one line */
};

struct doctor_report {
	struct doctor_check *checks; /* owned */
	size_t n, cap;
};

/* What main.c learns of the terminal (environment, terminfo, locale).
 * Strings are borrowed; NULL when unknown. */
struct doctor_term {
	const char *term;          /* TERM */
	bool terminfo;             /* terminfo has an entry for TERM */
	int colors;                /* terminfo "colors", -1 unknown */
	const char *seq_home;      /* terminfo khome, NULL: none */
	const char *seq_end;       /* terminfo kend, NULL: none */
	const char *codeset;       /* nl_langinfo(CODESET) of the locale */
	const char *term_program, *kitty_window_id, *tmux;
	bool stdout_tty;
};

/* Run every check into r (zero-initialised; free with doctor_free). cfg
 * holds the flags; it is loaded further here, and its retries are set to 0
 * (one GET). term may be NULL (no terminal checks). Returns 0, or -1 with
 * err only when out of memory. */
int doctor_run(struct doctor_report *r, struct config *cfg,
               const struct doctor_term *term, struct pf_error *err);

/* Whether any check failed (exit 1). */
bool doctor_failed(const struct doctor_report *r);

/* "ok", "warn" or "fail". */
const char *doctor_status_word(enum doctor_status s);

/* The report as aligned text, one check per line under section headings;
 * or as a JSON object {"ok": bool, "checks": [{"section", "name",
 * "status", "detail"}...]}. Caller frees; NULL out of memory. */
char *doctor_format_text(const struct doctor_report *r);
char *doctor_format_json(const struct doctor_report *r);

void doctor_free(struct doctor_report *r); /* accepts NULL */

#endif
