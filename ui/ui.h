/* ui.h - the terminal editor (ncurses). The only entry point main.c uses.
 *
 * Everything that draws lives in ui/. The UI talks to the core only through
 * its headers (api.h, edit.h, user.h, text.h, money.h, error.h) and never
 * calls libcurl.
 */
#ifndef PROFED_UI_H
#define PROFED_UI_H

#include "error.h"

struct config;

/* Open the editor on user `who` ("me", a user_ id or a username) and run
 * until the person quits. cfg must have a token (config_require_token).
 * Returns a command-mode exit code (PF_EXIT_OK on a normal quit); on a
 * failure that prevents the UI from running at all (no terminal, ...)
 * returns non-zero with err set, the terminal already restored. */
int ui_run(const struct config *cfg, const char *who, struct pf_error *err);

#endif
