/* main.c - argv and configuration; chooses the editor or command mode.
 *
 * The option list is built from the tables that own the settings:
 * config_options() (global settings), edit_fields[] (`set --FIELD`), and the
 * subcommands and command flags of options.h, so --help and the parser
 * cannot drift apart (the completions and the manual page are checked
 * against the same tables).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <langinfo.h>
#include <locale.h>

#include "autoconf.h"
#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "doctor.h"
#include "edit.h"
#include "error.h"
#include "options.h"
#include "secure.h"
#include "ui.h"
#include "version.h"


enum {
	OPT_CONFIG = 0x100,         /* + index in config_options() */
	OPT_FIELD = 0x200,          /* + enum field_id */
	OPT_ALIAS = 0x280,          /* + index: the setting's alias flag */
	OPT_COMMAND = 0x300,        /* + enum options_flag_id */
};

/* The command who is within edit distance 2 of (the nearest; NULL when
 * none, or for "me", which always exists). */
static const char *command_near(const char *who)
{
	size_t n;
	const struct options_command *cmds = options_commands(&n);
	const char *best = NULL;
	size_t best_d = 3;

	if (strcmp(who, "me") == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = cli_typo_distance(who, cmds[i].name);
		if (d < best_d) {
			best_d = d;
			best = cmds[i].name;
		}
	}
	return best;
}

static void usage(FILE *out)
{
	size_t n;
	const struct config_option *opts = config_options(&n);
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	fputs("Usage: profed [OPTIONS] [USER]\n", out);
	for (size_t c = 0; c < nc; c++) {
		fprintf(out, "       profed [OPTIONS] %s%s%s", cmds[c].name,
		        *cmds[c].args ? " " : "", cmds[c].args);
		for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++)
			if (options_flags[i].commands &&
			    options_flag_allowed(&options_flags[i], cmds[c].name))
				fprintf(out, " [--%s%s%s]", options_flags[i].name,
				        options_flags[i].metavar ? " " : "",
				        options_flags[i].metavar ? options_flags[i].metavar
				                                 : "");
		fputc('\n', out);
	}
	fputs("\nWithout a command profed opens the editor on USER.\n"
	      "USER is me (the default), a user_ id or a username.\n"
	      "\nCommands:\n", out);
	for (size_t c = 0; c < nc; c++)
		fprintf(out, "  %-28s %s\n", cmds[c].name, cmds[c].help);
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < n; i++) {
		if (opts[i].file_only)
			continue;
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", opts[i].name,
		         opts[i].metavar ? " " : "",
		         opts[i].metavar ? opts[i].metavar : "");
		fprintf(out, "  %-28s %s\n", left, opts[i].help);
		if (opts[i].alias) {
			char help[128];
			snprintf(left, sizeof left, "--%s", opts[i].alias);
			fprintf(out, "  %-28s %s\n", left,
			        config_alias_help(&opts[i], help, sizeof help));
		}
	}
	fputs("\nset fields:\n", out);
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		char left[64], help[256];
		snprintf(left, sizeof left, "--%s %s", edit_fields[f].flag,
		         edit_fields[f].flag_arg);
		fprintf(out, "  %-28s %s\n", left,
		        edit_field_help(&edit_fields[f], help, sizeof help));
		if (edit_fields[f].flag_alias) {
			snprintf(left, sizeof left, "--%s", edit_fields[f].flag_alias);
			fprintf(out, "  %-28s the same as --%s\n", left,
			        edit_fields[f].flag);
		}
	}
	fputs("\nCommand flags:\n", out);
	for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++) {
		const struct options_flag *f = &options_flags[i];
		char left[64], shortf[8] = "";
		if (f->short_name)
			snprintf(shortf, sizeof shortf, "-%c, ", f->short_name);
		snprintf(left, sizeof left, "%s--%s%s%s%s%s%s", shortf, f->name,
		         f->metavar ? " " : "", f->metavar ? f->metavar : "",
		         f->commands ? "  (" : "", f->commands ? f->commands : "",
		         f->commands ? ")" : "");
		fprintf(out, "  %-28s %s\n", left, f->help);
	}
	fputc('\n', out);
	ui_keys_print_help(out);
	fputs("\nEnvironment:\n"
	      "  WHOP_API_KEY     the API token (never give it on the command line)\n"
	      "  WHOP_BASE_URL    the API base URL\n"
	      "  NO_COLOR         monochrome when set\n"
	      "  XDG_CONFIG_HOME  config file at $XDG_CONFIG_HOME/profed/config\n"
	      "                   (default ~/.config/profed/config, mode 600)\n"
	      "  TERM, TERM_PROGRAM, KITTY_WINDOW_ID, TMUX\n"
	      "                   whether --images=sixel or kitty can be used\n"
	      "\nExit codes: 0 success, 1 other failure, 2 usage or configuration,\n"
	      "3 authentication or permission, 4 not found, 5 validation (local or\n"
	      "server), 6 network or rate limit.\n", out);
}

/* Build the getopt table from the settings, the fields and the command
 * flags. Caller frees. */
static struct option *build_options(void)
{
	size_t n;
	const struct config_option *opts = config_options(&n);
	/* each field: its flag and perhaps an alias (--picture-id) */
	/* each setting: its flag and perhaps an alias (--no-images) */
	struct option *lo = calloc(2 * n + 2 * FIELD_COUNT + OPTIONS_FLAG_COUNT + 1,
	                           sizeof *lo);
	if (!lo)
		return NULL;
	size_t k = 0;
	/* File-only settings are parsed too, so that config_set can say why
	 * they are refused (the token must not be in argv). */
	for (size_t i = 0; i < n; i++) {
		lo[k++] = (struct option){opts[i].name,
			opts[i].type == CONFIG_BOOL ? no_argument : required_argument,
			NULL, OPT_CONFIG + (int)i};
		if (opts[i].alias)
			lo[k++] = (struct option){opts[i].alias, no_argument, NULL,
				OPT_ALIAS + (int)i};
	}
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		lo[k++] = (struct option){edit_fields[f].flag, required_argument,
			NULL, OPT_FIELD + (int)f};
		if (edit_fields[f].flag_alias)
			lo[k++] = (struct option){edit_fields[f].flag_alias,
				required_argument, NULL, OPT_FIELD + (int)f};
	}
	for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++)
		lo[k++] = (struct option){options_flags[i].name,
			options_flags[i].metavar ? required_argument : no_argument,
			NULL, OPT_COMMAND + (int)options_flags[i].id};
	return lo;
}

struct invocation {
	const char *mode;          /* "edit" or a subcommand's name */
	const char *who;
	bool given[OPTIONS_FLAG_COUNT]; /* which command flags were given */
	const char *value[OPTIONS_FLAG_COUNT]; /* their values (with a metavar) */
	bool json;
	struct cli_set_args set;
	bool any_field;
	bool who_given;            /* USER was on the command line */
	const char *const *rest;   /* a more_args command's other arguments */
	size_t n_rest;
};

/* Report a usage error and return the usage exit code. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("profed: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'profed --help'.\n", stderr);
	va_end(ap);
	return PF_EXIT_USAGE;
}

/* --version: GNU style on stdout (version.h). */
static int print_version(void)
{
	char *text = version_text(ui_curses_version());
	if (!text) {
		fputs("profed: out of memory\n", stderr);
		return PF_EXIT_OTHER;
	}
	fputs(text, stdout);
	free(text);
	return PF_EXIT_OK;
}

/* profed doctor [--json]: cfg holds the flags; doctor loads the rest. */
static int run_doctor(struct config *cfg, bool json)
{
	struct doctor_report r = {0};
	struct doctor_term t;
	struct pf_error err;
	pf_error_clear(&err);
	ui_terminal_facts(&t);
	int rc = doctor_run(&r, cfg, &t, &err);
	char *text = rc < 0 ? NULL : json ? doctor_format_json(&r)
	                                  : doctor_format_text(&r);
	if (!text) {
		fputs("profed: out of memory\n", stderr);
		doctor_free(&r);
		return PF_EXIT_OTHER;
	}
	fputs(text, stdout);
	if (json)
		fputc('\n', stdout);
	free(text);
	rc = doctor_failed(&r) ? PF_EXIT_OTHER : PF_EXIT_OK;
	doctor_free(&r);
	return rc;
}

/* Parse argv into cfg and inv. Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, struct config *cfg,
                      struct invocation *inv)
{
	struct option *lo = build_options();
	if (!lo)
		return PF_EXIT_OTHER;
	size_t n;
	const struct config_option *opts = config_options(&n);
	int c, rc = -1;
	opterr = 0;
	char shorts[2 * OPTIONS_FLAG_COUNT + 1] = "";
	for (size_t i = 0, k = 0; i < OPTIONS_FLAG_COUNT; i++)
		if (options_flags[i].short_name) {
			shorts[k++] = options_flags[i].short_name;
			if (options_flags[i].metavar)
				shorts[k++] = ':';
		}
	while (rc < 0 && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++)
			if (c == options_flags[i].short_name)
				c = OPT_COMMAND + (int)options_flags[i].id;
		struct pf_error err;
		pf_error_clear(&err);
		if (c >= OPT_CONFIG && c < OPT_CONFIG + (int)n) {
			if (config_set(cfg, opts[c - OPT_CONFIG].name, optarg,
			               CONFIG_FROM_FLAG, &err) < 0)
				rc = usage_error("%s", err.message);
		} else if (c >= OPT_ALIAS && c < OPT_ALIAS + (int)n) {
			if (config_set(cfg, opts[c - OPT_ALIAS].alias, NULL,
			               CONFIG_FROM_FLAG, &err) < 0)
				rc = usage_error("%s", err.message);
		} else if (c >= OPT_FIELD && c < OPT_FIELD + FIELD_COUNT) {
			inv->set.values[c - OPT_FIELD] = optarg;
			inv->any_field = true;
		} else if (c >= OPT_COMMAND && c < OPT_COMMAND + OPTIONS_FLAG_COUNT) {
			inv->given[c - OPT_COMMAND] = true;
			inv->value[c - OPT_COMMAND] = optarg;
			if (c == OPT_COMMAND + OPTIONS_HELP) {
				usage(stdout);
				rc = PF_EXIT_OK;
			} else if (c == OPT_COMMAND + OPTIONS_VERSION) {
				rc = print_version();
			}
		} else if (optopt && optopt < 0x100) {
			rc = usage_error("unknown option -%c", optopt);
		} else {
			rc = usage_error("unknown option or missing value: %s",
			                 argv[optind - 1]);
		}
	}
	free(lo);
	if (rc >= 0)
		return rc;

	int pos = optind;
	inv->mode = "edit";
	const struct options_command *cmd = NULL;
	if (pos < argc && (cmd = options_command_by_name(argv[pos])))
		inv->mode = argv[pos++];
	inv->who = "me";
	if (pos < argc && (!cmd || cmd->takes_user)) {
		inv->who = argv[pos++];
		inv->who_given = true;
	}
	if (cmd && cmd->more_args) {
		inv->rest = (const char *const *)argv + pos;
		inv->n_rest = (size_t)(argc - pos);
		pos = argc;
	}
	if (pos < argc)
		return usage_error("unexpected argument '%s'", argv[pos]);
	if (!*inv->who)
		return usage_error("USER must not be empty");
	for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++) {
		const struct options_flag *f = &options_flags[i];
		if (inv->given[f->id] && !options_flag_allowed(f, cmd ? cmd->name
		                                                      : NULL)) {
			/* "show doctor" -> "show or doctor" */
			char which[128] = "";
			size_t k = 0;
			for (const char *p = f->commands; *p && k + 4 < sizeof which; p++)
				k += (size_t)snprintf(which + k, sizeof which - k, "%s",
				                      *p == ' ' ? " or " : (char[]){*p, 0});
			return usage_error("--%s goes with %s", f->name, which);
		}
	}
	if (inv->any_field && (!cmd || strcmp(cmd->name, "set") != 0))
		return usage_error("field flags go with set");
	if (cmd && strcmp(cmd->name, "show") == 0 &&
	    !inv->given[OPTIONS_BALANCE_HISTORY] &&
	    (inv->given[OPTIONS_INTERVAL] || inv->given[OPTIONS_FROM] ||
	     inv->given[OPTIONS_TO] || inv->given[OPTIONS_CSV]))
		return usage_error("--interval, --from, --to and --csv go with "
		                   "show --balance-history");
	/* set --from FILE takes the users from the file (show --from is the
	 * balance history's start) */
	if (inv->given[OPTIONS_FROM] && strcmp(inv->mode, "set") == 0 &&
	    (inv->any_field || inv->who_given))
		return usage_error("--from takes the users and fields from the "
		                   "file: give no USER or field flags with it");
	if (!inv->given[OPTIONS_FROM] && (inv->given[OPTIONS_RATE] ||
	    inv->given[OPTIONS_RESULTS] || inv->given[OPTIONS_RESUME]))
		return usage_error("--rate, --results and --resume go with "
		                   "set --from FILE");
	inv->json = inv->given[OPTIONS_JSON];
	inv->set.dry_run = inv->given[OPTIONS_DRY_RUN];
	inv->set.yes = inv->given[OPTIONS_YES];
	return -1;
}

/* Load file and environment settings and resolve them. */
static int load_config(struct config *cfg)
{
	struct pf_error err;
	pf_error_clear(&err);
	if (config_load_file(cfg, NULL, &err) < 0 ||
	    config_load_env(cfg, &err) < 0 || config_finish(cfg, &err) < 0) {
		char msg[1024];
		fprintf(stderr, "profed: %s\n",
		        pf_error_sentence(&err, msg, sizeof msg));
		return PF_EXIT_USAGE;
	}
	return -1;
}

/* Open the editor; it needs a terminal and a token. */
static int run_editor(const struct config *cfg, const char *who)
{
	struct pf_error err;
	pf_error_clear(&err);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("profed: the editor needs a terminal; in scripts use "
		      "'profed show' and 'profed set'.\n", stderr);
		return PF_EXIT_USAGE;
	}
	int rc = PF_EXIT_OK;
	if (config_require_token(cfg, &err) < 0 ||
	    (rc = ui_run(cfg, who, &err)) != PF_EXIT_OK) {
		if (err.kind != PF_OK) {
			char msg[1024];
			fprintf(stderr, "profed: %s\n",
			        pf_error_sentence(&err, msg, sizeof msg));
			if (rc == PF_EXIT_OK)
				rc = pf_error_exit_code(&err);
		}
	}
	return rc;
}

/* find, history, access, log (cmd.h): their arguments from inv. */
static int run_support(const struct config *cfg, const struct invocation *inv)
{
	struct cmd_args a = {
		.user = inv->who_given ? inv->who : NULL,
		.args = inv->rest, .n_args = inv->n_rest,
		.members = inv->given[OPTIONS_MEMBERS],
		.users = inv->given[OPTIONS_USERS],
		.status = inv->value[OPTIONS_STATUS],
		.access_level = inv->value[OPTIONS_ACCESS],
		.limit = inv->value[OPTIONS_LIMIT],
		.show_phone = inv->given[OPTIONS_SHOW_PHONE],
		.log_user = inv->value[OPTIONS_USER],
		.since = inv->value[OPTIONS_SINCE],
		.until = inv->value[OPTIONS_UNTIL],
		.width = cmd_terminal_width(STDOUT_FILENO),
	};
	static const struct { enum options_flag_id id; enum cmd_format f; }
	formats[] = { {OPTIONS_JSON, CMD_JSON}, {OPTIONS_JSONL, CMD_JSONL},
	              {OPTIONS_CSV, CMD_CSV} };
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (inv->given[formats[i].id]) {
			a.format = formats[i].f;
			a.n_formats++;
		}
	if (strcmp(inv->mode, "find") == 0)
		return cmd_find(cfg, &a, stdout, stderr);
	if (strcmp(inv->mode, "history") == 0)
		return cmd_history(cfg, &a, stdout, stderr);
	if (strcmp(inv->mode, "access") == 0)
		return cmd_access(cfg, &a, stdout, stderr);
	return cmd_log(cfg, &a, NULL, stdout, stderr);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct invocation inv = {0};
	secure_no_core_dumps(NULL); /* before the token is read; best effort */
	config_init(&cfg);
	int rc = parse_args(argc, argv, &cfg, &inv);
	if (rc < 0 && strcmp(inv.mode, "doctor") == 0) {
		rc = run_doctor(&cfg, inv.json);
		config_free(&cfg);
		return rc;
	}
	if (rc < 0)
		rc = load_config(&cfg);
	if (rc < 0) {
		if (strcmp(inv.mode, "show") == 0 &&
		    inv.given[OPTIONS_BALANCE_HISTORY])
			rc = cli_balance_history(&cfg, &(struct cli_balance_args){
				.who = inv.who_given ? inv.who : NULL,
				.interval = inv.value[OPTIONS_INTERVAL],
				.from = inv.value[OPTIONS_FROM],
				.to = inv.value[OPTIONS_TO],
				.json = inv.json, .csv = inv.given[OPTIONS_CSV]},
				stdout, stderr);
		else if (strcmp(inv.mode, "show") == 0)
			rc = cli_show(&cfg, inv.who, inv.json, stdout, stderr);
		else if (strcmp(inv.mode, "set") == 0 && inv.given[OPTIONS_FROM])
			rc = cli_bulk(&cfg, &(struct cli_bulk_args){
				.from = inv.value[OPTIONS_FROM],
				.dry_run = inv.set.dry_run, .yes = inv.set.yes,
				.resume = inv.given[OPTIONS_RESUME],
				.rate = inv.value[OPTIONS_RATE],
				.results = inv.value[OPTIONS_RESULTS]},
				stdout, stderr);
		else if (strcmp(inv.mode, "set") == 0)
			rc = cli_set(&cfg, inv.who, &inv.set, stdout, stderr);
		else if (strcmp(inv.mode, "find") == 0 ||
		         strcmp(inv.mode, "history") == 0 ||
		         strcmp(inv.mode, "access") == 0 ||
		         strcmp(inv.mode, "log") == 0)
			rc = run_support(&cfg, &inv);
		else {
			const char *near = command_near(inv.who);
			if (!near || (rc = cli_probe_user(&cfg, inv.who, near,
			                                  stderr)) < 0)
				rc = run_editor(&cfg, inv.who);
		}
	}
	config_free(&cfg);
	return rc;
}
