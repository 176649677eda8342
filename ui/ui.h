/* ui.h - the terminal editor (ncurses). The only entry points main.c uses.
 *
 * Everything that draws lives in ui/. The UI talks to the core only through
 * its headers (api.h, edit.h, user.h, text.h, error.h, config.h) and never
 * calls libcurl. docs/editor.md describes the screen and the keys.
 */
#ifndef PROFED_UI_H
#define PROFED_UI_H

#include <stdio.h>

#include "error.h"

struct config;

/* Open the editor on user `who` ("me", a user_ id or a username; NULL or
 * "" mean "me") and run until the person quits. cfg must have a token
 * (config_require_token); cfg->read_only and cfg->no_color are honoured.
 * Sets the locale (setlocale(LC_ALL, "")) and owns the terminal while it
 * runs; the terminal is restored on every way out (quit, error, SIGTERM,
 * SIGHUP, SIGINT, out of memory, and crashes).
 *
 * Returns a command-mode exit code: PF_EXIT_OK on a normal quit; 128 +
 * the signal number when SIGTERM, SIGHUP or SIGINT ended it (unsent edits
 * are then kept as a draft, see resil.h); on a failure that prevents the UI from running at all
 * (not a terminal, TERM unusable, out of memory) pf_error_exit_code(err)
 * with err set, the terminal already restored. Errors of requests are
 * shown inside the UI and do not change the exit code. */
int ui_run(const struct config *cfg, const char *who, struct pf_error *err);

/* Print the editor's keys as plain text (for `profed --help`), from the
 * same table as the F1 help and the hint line. */
void ui_keys_print_help(FILE *out);

/* What terminfo, the locale and the environment say about the terminal,
 * for `profed doctor` (TERM, colours, a UTF-8 locale, Home/End). The
 * strings are terminfo's or the environment's (valid until exit). Sets
 * the locale. */
struct doctor_term;
void ui_terminal_facts(struct doctor_term *t);

/* The curses library's version, for --version. */
const char *ui_curses_version(void);

#endif
