/* clirun.h - one command-mode run of the real profed binary, as a
 * person's shell would start it: shared by the command-mode test
 * programs (check_cli, check_cmds, check_bulk, check_doctor). */
#ifndef PROFED_TESTS_CLIRUN_H
#define PROFED_TESTS_CLIRUN_H

#include "testutil.h"

/* Run PROFED_BIN with args (NULL-terminated) and exactly this
 * environment: WHOP_BASE_URL=base_url, WHOP_API_KEY=token (empty when
 * NULL), HOME=home, XDG_CONFIG_HOME=home/config, XDG_STATE_HOME=state
 * (home/state when NULL), TZ=UTC, LANG=C.UTF-8, TERM=xterm, PATH;
 * stdin_data on stdin (NULL: none). res is freed first and filled. Fails
 * the test when the program cannot be run or passes timeout_ms. */
void cli_run(struct tu_result *res, const char *base_url, const char *home,
             const char *state, const char *token, const char *stdin_data,
             const char *const args[], int timeout_ms);

struct stub;

/* A command-mode test's fixture: a quiet stub serving the fixtures, a new
 * HOME in *home and an empty *res. Fails the test when either cannot be
 * made. Returns the stub. */
struct stub *cli_setup(char **home, struct tu_result *res);

/* Undo it: free *res, stop stub (NULL: none), remove HOME and free *home
 * (left NULL). */
void cli_teardown(struct stub *stub, char **home, struct tu_result *res);

#endif
