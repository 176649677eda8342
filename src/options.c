/* options.c - subcommands and command flags; see options.h. */
#include "options.h"

#include <string.h>

#include "config.h"
#include "text.h"

static const struct options_command commands[] = {
	{"show", "[USER]", true,
	 "print the profile, verification and balances (or the JSON received)",
	 false},
	{"set", "[USER] --FIELD VALUE... | --from FILE", true,
	 "change fields of a profile, or of many from a file (--from)", false},
	{"doctor", "", false,
	 "explain this setup: settings, files, the API, the terminal", false},
	{"find", "QUERY", false,
	 "search a business's members (with an account) or users", true},
	{"history", "USER", true,
	 "a member's history in the business of --account-id", false},
	{"access", "USER RESOURCE...", true,
	 "whether USER has access to each biz_, prod_ or exp_ RESOURCE", true},
	{"log", "", false,
	 "the audit trail: every change profed sent from here", false},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

const struct options_flag options_flags[OPTIONS_FLAG_COUNT] = {
	{OPTIONS_JSON, "json", 0, NULL, "show doctor find history log",
	 "print JSON (show: the user as received; doctor: the checks; "
	 "find, history, log: one array)"},
	{OPTIONS_DRY_RUN, "dry-run", 0, NULL, "set",
	 "print the PATCH that would be sent; send nothing"},
	{OPTIONS_YES, "yes", 0, NULL, "set",
	 "send without asking (needed without a terminal)"},
	{OPTIONS_HELP, "help", 'h', NULL, NULL, "show this help"},
	{OPTIONS_VERSION, "version", 'V', NULL, NULL,
	 "show the version and the libraries in use"},
	{OPTIONS_MEMBERS, "members", 0, NULL, "find",
	 "search the members of --account-id (or the key's own business)"},
	{OPTIONS_USERS, "users", 0, NULL, "find",
	 "search users (ranked by closeness to you; not a directory)"},
	{OPTIONS_STATUS, "status", 0, "STATUS", "find",
	 "only members who joined or left"},
	{OPTIONS_ACCESS, "access", 0, "LEVEL", "find",
	 "only members with access customer, admin or no_access"},
	{OPTIONS_LIMIT, "limit", 0, "N", "find history",
	 "at most N results (find: default 20; history: default 50)"},
	{OPTIONS_JSONL, "jsonl", 0, NULL, "find",
	 "print one JSON item per line"},
	{OPTIONS_CSV, "csv", 0, NULL, "find show",
	 "print CSV with a header line (RFC 4180; show: time,value in UTC)"},
	{OPTIONS_SHOW_PHONE, "show-phone", 0, NULL, "find",
	 "show members' phone numbers (personal data: hidden by default)"},
	{OPTIONS_USER, "user", 0, "USER", "log",
	 "only changes to USER (a user_ id or a username)"},
	{OPTIONS_SINCE, "since", 0, "DATE", "log",
	 "only changes on or after DATE (YYYY-MM-DD, UTC)"},
	{OPTIONS_UNTIL, "until", 0, "DATE", "log",
	 "only changes on or before DATE (YYYY-MM-DD, UTC)"},
	{OPTIONS_FROM, "from", 0, "FILE|DATE", "set show",
	 "bulk edits: rows of JSONL or CSV (user and fields), - reads stdin; "
	 "show --balance-history: the window's start"},
	{OPTIONS_RATE, "rate", 0, "N", "set",
	 "bulk edits: requests a minute per operation (300; at most 600)"},
	{OPTIONS_RESULTS, "results", 0, "FILE", "set",
	 "bulk edits: one JSONL result line per row to FILE (default stdout)"},
	{OPTIONS_RESUME, "resume", 0, NULL, "set",
	 "bulk edits: skip the rows --results FILE has as saved or unchanged"},
	{OPTIONS_BALANCE_HISTORY, "balance-history", 0, NULL, "show",
	 "your balance over time: local time and value, then last, min, max "
	 "and change (--json: as received)"},
	{OPTIONS_INTERVAL, "interval", 0, "INTERVAL", "show",
	 "balance history: a point an hour, day (default), week or month"},
	{OPTIONS_TO, "to", 0, "DATE", "show",
	 "balance history: the window's end (default now; YYYY-MM-DD or "
	 "YYYY-MM-DDTHH:MM, local time unless Z or +HH:MM)"},
};

const struct options_command *options_commands(size_t *n)
{
	if (n)
		*n = N_COMMANDS;
	return commands;
}

const struct options_command *options_command_by_name(const char *name)
{
	for (size_t i = 0; name && i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

bool options_flag_allowed(const struct options_flag *f, const char *command)
{
	if (!f)
		return false;
	if (!f->commands)
		return true;
	return text_word_in(command, f->commands, " ");
}

enum options_arg options_arg_of_metavar(const char *metavar)
{
	if (!metavar)
		return OPTIONS_ARG_NONE;
	if (strstr(metavar, "@FILE"))
		return OPTIONS_ARG_AT_FILE;
	if (strstr(metavar, "FILE") || strstr(metavar, "PATH"))
		return OPTIONS_ARG_FILE;
	return OPTIONS_ARG_TEXT;
}

size_t options_choices(const struct config_option *o, const char **out,
                       size_t max)
{
	size_t n = 0;
	if (o && o->type == CONFIG_IMAGES) {
		static const enum config_images all[] = {CONFIG_IMAGES_SYMBOLS,
			CONFIG_IMAGES_SIXEL, CONFIG_IMAGES_KITTY, CONFIG_IMAGES_NONE};
		for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++)
			out[n++] = config_images_name(all[i]);
	}
	return n;
}

enum options_arg options_arg_of_setting(const struct config_option *o)
{
	const char *one;
	if (!o || o->type == CONFIG_BOOL)
		return OPTIONS_ARG_NONE;
	if (options_choices(o, &one, 1))
		return OPTIONS_ARG_CHOICE;
	return options_arg_of_metavar(o->metavar);
}
