/* main.c - argv and configuration; chooses the editor or command mode.
 *
 * The option list is built from the tables that own the settings:
 * config_options() (global settings), edit_fields[] (`set --FIELD`), and the
 * few command flags below, so --help and the parser cannot drift apart.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "cli.h"
#include "config.h"
#include "edit.h"
#include "error.h"
#include "secure.h"
#include "ui.h"

enum {
	OPT_CONFIG = 0x100,         /* + index in config_options() */
	OPT_FIELD = 0x200,          /* + enum field_id */
	OPT_ALIAS = 0x280,          /* + index: the setting's alias flag */
	OPT_JSON = 0x300,
	OPT_DRY_RUN,
	OPT_YES,
	OPT_HELP = 'h',
	OPT_VERSION = 'V',
};

/* Flags of the commands themselves (not settings, not fields). */
static const struct {
	const char *name;
	int val;
	const char *mode; /* which mode takes it, for messages and --help */
	const char *help;
} command_flags[] = {
	{"json", OPT_JSON, "show", "print the user as the JSON received"},
	{"dry-run", OPT_DRY_RUN, "set", "print the PATCH that would be sent; send nothing"},
	{"yes", OPT_YES, "set", "send without asking (needed without a terminal)"},
	{"help", OPT_HELP, NULL, "show this help"},
	{"version", OPT_VERSION, NULL, "show the version"},
};
#define N_COMMAND_FLAGS (sizeof command_flags / sizeof command_flags[0])

/* The commands (the first word after the options); anything else there
 * is a USER for the editor. */
static const char *const commands[] = {"show", "set"};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* The command who is within edit distance 2 of (the nearest; NULL when
 * none, or for "me", which always exists). */
static const char *command_near(const char *who)
{
	const char *best = NULL;
	size_t best_d = 3;

	if (strcmp(who, "me") == 0)
		return NULL;
	for (size_t i = 0; i < N_COMMANDS; i++) {
		size_t d = cli_typo_distance(who, commands[i]);
		if (d < best_d) {
			best_d = d;
			best = commands[i];
		}
	}
	return best;
}

static void usage(FILE *out)
{
	size_t n;
	const struct config_option *opts = config_options(&n);
	fputs("Usage: profed [OPTIONS] [USER]           edit a profile in the terminal\n"
	      "       profed [OPTIONS] show [USER] [--json]\n"
	      "       profed [OPTIONS] set [USER] --FIELD VALUE... [--dry-run] [--yes]\n"
	      "\nUSER is me (the default), a user_ id or a username.\n"
	      "\nOptions:\n", out);
	for (size_t i = 0; i < n; i++) {
		if (opts[i].file_only)
			continue;
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", opts[i].name,
		         opts[i].metavar ? " " : "",
		         opts[i].metavar ? opts[i].metavar : "");
		fprintf(out, "  %-28s %s\n", left, opts[i].help);
		if (opts[i].alias) {
			snprintf(left, sizeof left, "--%s", opts[i].alias);
			fprintf(out, "  %-28s the same as --%s=%s\n", left,
			        opts[i].name, opts[i].alias_yes);
		}
	}
	fputs("\nset fields:\n", out);
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		char left[64], help[256];
		snprintf(left, sizeof left, "--%s %s", edit_fields[f].flag,
		         edit_fields[f].flag_arg);
		fprintf(out, "  %-28s %s\n", left,
		        edit_field_help(&edit_fields[f], help, sizeof help));
	}
	fputs("\nCommand flags:\n", out);
	for (size_t i = 0; i < N_COMMAND_FLAGS; i++) {
		char left[64];
		if (command_flags[i].mode)
			snprintf(left, sizeof left, "--%s  (%s)", command_flags[i].name,
			         command_flags[i].mode);
		else
			snprintf(left, sizeof left, "--%s", command_flags[i].name);
		fprintf(out, "  %-28s %s\n", left, command_flags[i].help);
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
	struct option *lo = calloc(2 * n + 2 * FIELD_COUNT + N_COMMAND_FLAGS + 1,
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
	for (size_t i = 0; i < N_COMMAND_FLAGS; i++)
		lo[k++] = (struct option){command_flags[i].name, no_argument, NULL,
			command_flags[i].val};
	return lo;
}

struct invocation {
	const char *mode;          /* "edit", "show" or "set" */
	const char *who;
	bool json;
	struct cli_set_args set;
	bool any_field;
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
	while (rc < 0 && (c = getopt_long(argc, argv, "hV", lo, NULL)) != -1) {
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
		} else if (c == OPT_JSON) {
			inv->json = true;
		} else if (c == OPT_DRY_RUN) {
			inv->set.dry_run = true;
		} else if (c == OPT_YES) {
			inv->set.yes = true;
		} else if (c == OPT_HELP) {
			usage(stdout);
			rc = PF_EXIT_OK;
		} else if (c == OPT_VERSION) {
			printf("profed %s\n", PACKAGE_VERSION);
			rc = PF_EXIT_OK;
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
	for (size_t i = 0; pos < argc && i < N_COMMANDS; i++)
		if (strcmp(argv[pos], commands[i]) == 0) {
			inv->mode = argv[pos++];
			break;
		}
	inv->who = pos < argc ? argv[pos++] : "me";
	if (pos < argc)
		return usage_error("unexpected argument '%s'", argv[pos]);
	if (!*inv->who)
		return usage_error("USER must not be empty");
	if (inv->json && strcmp(inv->mode, "show") != 0)
		return usage_error("--json goes with show");
	if ((inv->any_field || inv->set.dry_run || inv->set.yes) &&
	    strcmp(inv->mode, "set") != 0)
		return usage_error("field flags, --dry-run and --yes go with set");
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

int main(int argc, char **argv)
{
	struct config cfg;
	struct invocation inv = {0};
	secure_no_core_dumps(NULL); /* before the token is read; best effort */
	config_init(&cfg);
	int rc = parse_args(argc, argv, &cfg, &inv);
	if (rc < 0)
		rc = load_config(&cfg);
	if (rc < 0) {
		if (strcmp(inv.mode, "show") == 0)
			rc = cli_show(&cfg, inv.who, inv.json, stdout, stderr);
		else if (strcmp(inv.mode, "set") == 0)
			rc = cli_set(&cfg, inv.who, &inv.set, stdout, stderr);
		else if (!command_near(inv.who) ||
		         (rc = cli_probe_user(&cfg, inv.who, command_near(inv.who),
		                              stderr)) < 0)
			rc = run_editor(&cfg, inv.who);
	}
	config_free(&cfg);
	return rc;
}
