/* options.h - the command line's own table: the subcommands and the flags
 * of the commands (not settings, not fields).
 *
 * The command line is three tables: config_options() (config.h: global
 * settings, also config-file keys), edit_fields[] (edit.h: `set --FIELD`)
 * and the two below. main.c builds getopt's list and --help from them; the
 * generator (src/gencomp.c, run at build time) writes the bash, zsh and fish
 * completions and the example config from the same tables, and
 * tests/check_options.c compares those files and docs/profed.1 with them.
 * A new subcommand or command flag is one row here.
 */
#ifndef PROFED_OPTIONS_H
#define PROFED_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct config_option;

/* A subcommand: `profed [OPTIONS] NAME ARGS`. Without a subcommand profed
 * opens the editor. */
struct options_command {
	const char *name;  /* "show" */
	const char *args;  /* synopsis of its arguments: "[USER]"; "" for none */
	bool takes_user;   /* its argument is a USER (completion: recent people) */
	const char *help;  /* one line for --help */
	/* Takes more arguments after USER (or, without takes_user, any): they
	 * go to the command as they are (find's QUERY, access's RESOURCEs). */
	bool more_args;
};

/* The subcommands; *n receives their count. */
const struct options_command *options_commands(size_t *n);
/* The row named name, or NULL (NULL name too). */
const struct options_command *options_command_by_name(const char *name);

enum options_flag_id {
	OPTIONS_JSON,
	OPTIONS_DRY_RUN,
	OPTIONS_YES,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	/* find, history, log (docs/support.md) */
	OPTIONS_MEMBERS,
	OPTIONS_USERS,
	OPTIONS_STATUS,
	OPTIONS_ACCESS,
	OPTIONS_LIMIT,
	OPTIONS_JSONL,
	OPTIONS_CSV,
	OPTIONS_SHOW_PHONE,
	OPTIONS_USER,
	OPTIONS_SINCE,
	OPTIONS_UNTIL,
	OPTIONS_FROM,
	OPTIONS_RATE,
	OPTIONS_RESULTS,
	OPTIONS_RESUME,
	/* show --balance-history (the balance chart in command mode) */
	OPTIONS_BALANCE_HISTORY,
	OPTIONS_INTERVAL,
	OPTIONS_TO,
	OPTIONS_FLAG_COUNT
};

/* A flag of the commands themselves. */
struct options_flag {
	enum options_flag_id id;
	const char *name;     /* long name without dashes */
	char short_name;      /* 'h', or 0 */
	const char *metavar;  /* its value's name, NULL: takes no value */
	/* The subcommands that take it, separated by spaces ("show doctor");
	 * NULL: any, the editor too. */
	const char *commands;
	const char *help;
};

extern const struct options_flag options_flags[OPTIONS_FLAG_COUNT];

/* Whether flag f goes with subcommand command (NULL: the editor). */
bool options_flag_allowed(const struct options_flag *f, const char *command);

/* What a value looks like, for completion; read from its metavar so the
 * rows need no extra column: "@FILE" in it: text, or @ and a file name
 * ("TEXT|@FILE|-"); "FILE" or "PATH": a file name; NULL: no value;
 * otherwise free text. A setting with a fixed set of values is
 * OPTIONS_ARG_CHOICE (options_choices). */
enum options_arg {
	OPTIONS_ARG_NONE,
	OPTIONS_ARG_TEXT,
	OPTIONS_ARG_FILE,
	OPTIONS_ARG_AT_FILE,
	OPTIONS_ARG_CHOICE,
};
enum options_arg options_arg_of_metavar(const char *metavar);
enum options_arg options_arg_of_setting(const struct config_option *o);

/* The values a setting takes when they are a fixed set (--images: symbols,
 * sixel, kitty, none): up to max of them into out (static strings);
 * returns their count, 0 when the value is free. */
size_t options_choices(const struct config_option *o, const char **out,
                       size_t max);

#endif
