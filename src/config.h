/* config.h - settings from flags > environment > config file > defaults.
 *
 * One table (config_options()) lists every setting with its long flag name,
 * which is also its key in the config file ("key = value" lines, '#'
 * comments). The token is never a flag: it comes from WHOP_API_KEY, from
 * --token-file, or from "token"/"token-file" in the config file. A config or
 * token file that group or others can read is refused (chmod 600 FILE).
 *
 * Typical use (main.c):
 *   config_init(&cfg);
 *   config_load_file(&cfg, NULL, &err);   // $XDG_CONFIG_HOME/profed/config
 *   config_load_env(&cfg, &err);          // WHOP_API_KEY, WHOP_BASE_URL, NO_COLOR
 *   config_set(&cfg, "timeout", "5", CONFIG_FROM_FLAG, &err);  // per flag
 *   config_finish(&cfg, &err);            // resolve URL, read token file
 *   ...
 *   config_free(&cfg);
 */
#ifndef PROFED_CONFIG_H
#define PROFED_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define CONFIG_PRODUCTION_URL "https://api.whop.com/api/v1"
#define CONFIG_SANDBOX_URL "https://sandbox-api.whop.com/api/v1"
#define CONFIG_USERS_VERSION "2026-06-09"
#define CONFIG_FILES_VERSION "2026-08-21-1"
#define CONFIG_MEMBERS_VERSION "2026-09-11"   /* GET /members */
#define CONFIG_LOGS_VERSION "2026-09-22-3"    /* GET /members/{id}/logs */
/* The first users version that carries balance_history and earnings_usd
 * (CONTRACT.md "Balance history and earnings"): the chart's request. */
#define CONFIG_HISTORY_VERSION "2026-07-20"
#define CONFIG_TIMEOUT_S 30
#define CONFIG_MAX_PICTURE_MB 10
#define CONFIG_MAX_PICTURE_MB_LIMIT 100
#define CONFIG_RETRIES 2      /* default of --retries */
#define CONFIG_RETRIES_MAX 10
#define CONFIG_AUDIT_DAYS 90       /* default of audit-days (audit.h) */
#define CONFIG_AUDIT_DAYS_MAX 36500
#define CONFIG_ACCESS_MAX 16       /* resources in access-check */

enum config_source {
	CONFIG_FROM_DEFAULT = 0,
	CONFIG_FROM_FILE,
	CONFIG_FROM_ENV,
	CONFIG_FROM_FLAG,
};

enum config_env { ENV_PRODUCTION, ENV_SANDBOX, ENV_CUSTOM };

/* --images: how the editor shows pictures (what the person asked for; the
 * mode used also depends on the terminal, picture_mode_resolve). */
enum config_images {
	CONFIG_IMAGES_SYMBOLS = 0, /* character cells (the default) */
	CONFIG_IMAGES_SIXEL,
	CONFIG_IMAGES_KITTY,
	CONFIG_IMAGES_NONE,        /* the URL as text (--no-images) */
};

struct config {
	char *base_url;        /* after config_finish: never NULL, no trailing '/' */
	bool sandbox;
	char *account_id;      /* NULL = none */
	char *users_version;
	char *files_version;
	char *members_version;
	char *logs_version;
	char *history_version; /* Api-Version-Date of the balance history */
	char *token_file;
	long timeout_s;        /* total time for one request */
	long retries;          /* repeats of a failed request, 0..10 (api.h) */
	char *trace_file;      /* NULL = no trace */
	bool no_color;
	bool read_only;
	enum config_images images; /* --images (--no-images: NONE) */
	long max_picture_mb;   /* size limit of an uploaded picture, MiB */
	bool audit;            /* keep the audit trail (default yes; audit.h) */
	long audit_days;       /* days of audit trail kept, 1..36500 (90) */
	bool chart;            /* show the balance chart when the editor opens */
	/* access-check: the resources (biz_, prod_, exp_ ids) whose access
	 * the editor shows for the opened person, comma-separated as given;
	 * every id checked by config_set (members_resource_ok). NULL: none.
	 * config_access_list splits it. */
	char *access_check;
	bool clipboard;        /* y / Ctrl-Y copy with OSC 52 (default yes) */
	char *config_path;     /* the file that was read, NULL if none */

	/* Secret. Never print it; only http.c puts it on the wire. */
	char *token;

	/* Where each setting came from, indexed like config_options(): a
	 * lower-ranked source never overrides a higher-ranked one. */
	enum config_source from[40];
};

/* CONFIG_COUNT: a whole number from 0 to CONFIG_RETRIES_MAX.
 * CONFIG_MEBIBYTES: whole MiB from 1 to CONFIG_MAX_PICTURE_MB_LIMIT.
 * CONFIG_IMAGES: symbols, sixel, kitty or none (enum config_images).
 * CONFIG_DAYS: whole days from 1 to CONFIG_AUDIT_DAYS_MAX. */
enum config_type { CONFIG_STRING, CONFIG_BOOL, CONFIG_SECONDS, CONFIG_COUNT,
                   CONFIG_MEBIBYTES, CONFIG_IMAGES, CONFIG_DAYS };

struct config_option {
	const char *name;     /* long flag and config-file key */
	enum config_type type;
	const char *metavar;  /* for --help; NULL for booleans */
	const char *help;
	bool file_only;       /* "token" may be set in the file but is no flag */
	size_t offset;        /* where the value lives in struct config */
	/* Another spelling of the same setting, or NULL: a flag without a
	 * value (and a yes/no config-file key) that means name = alias_yes;
	 * its "no" means name = alias_no. One setting, one table row, one
	 * rank (--no-images is images = none). */
	const char *alias;
	const char *alias_yes, *alias_no;
};

/* The table of settings; *n receives its length. */
const struct config_option *config_options(size_t *n);

/* "symbols", "sixel", "kitty" or "none"; never NULL. */
const char *config_images_name(enum config_images m);

/* o's value in cfg as text into buf: "yes"/"no", the images name, the
 * number, or the string; an unset string gives `unset`. Always
 * NUL-terminates buf (len > 0); returns buf. */
const char *config_option_text(const struct config *cfg,
                               const struct config_option *o,
                               const char *unset, char *buf, size_t len);

/* The help line of o's alias flag (o->alias set): "the same as
 * --images=none", or for a yes/no setting "turns --audit off (config
 * file: audit = no)". Always NUL-terminates buf (n > 0); returns buf. */
const char *config_alias_help(const struct config_option *o, char *buf,
                              size_t n);

void config_init(struct config *cfg);
void config_free(struct config *cfg); /* accepts NULL */

/* Set one setting by name (or its alias) from a source. A setting from a lower-ranked
 * source never overrides one from a higher-ranked source. Returns 0,
 * 1 when name is not a setting, or -1 with err (bad value: PF_ERR_USAGE for
 * flags, PF_ERR_CONFIG otherwise; "token" from a flag is refused). */
int config_set(struct config *cfg, const char *name, const char *value,
               enum config_source from, struct pf_error *err);

/* Read the config file. path NULL means the default location:
 * $XDG_CONFIG_HOME/profed/config, else ~/.config/profed/config. A missing
 * default file is fine (returns 0); a missing explicit one, an unreadable
 * or group/other-readable one, or a bad line is -1 with PF_ERR_CONFIG and
 * the file and line in the message. */
int config_load_file(struct config *cfg, const char *path, struct pf_error *err);

/* The default config file: $XDG_CONFIG_HOME/profed/config when that is
 * absolute, else ~/.config/profed/config; NULL when neither is set (or
 * out of memory). Caller frees. */
char *config_default_path(void);

/* Read WHOP_API_KEY, WHOP_BASE_URL and NO_COLOR (any non-empty value). */
int config_load_env(struct config *cfg, struct pf_error *err);

/* Resolve: the base URL (flag/env/file --base-url, else --sandbox, else
 * production), read the token file when it outranks WHOP_API_KEY (same mode
 * rule; trailing newline stripped). Missing token is not an error here
 * (--dry-run needs none); see config_require_token. */
int config_finish(struct config *cfg, struct pf_error *err);

/* -1 with PF_ERR_CONFIG and advice when there is no token; the advice
 * names the config file that was read, else the one that would be
 * ($XDG_CONFIG_HOME/profed/config, else ~/.config/profed/config). */
int config_require_token(const struct config *cfg, struct pf_error *err);

/* The resources of access-check in order, trimmed, empty items left out:
 * *n copies in *out (caller frees with config_list_free; *out NULL when
 * there are none). 0, or -1 out of memory. */
int config_access_list(const struct config *cfg, char ***out, size_t *n);
void config_list_free(char **list, size_t n); /* accepts NULL */

enum config_env config_environment(const struct config *cfg);
/* "production", "sandbox" or "custom"; never NULL. */
const char *config_environment_name(const struct config *cfg);

/* Check that path is a regular file readable by its owner only; -1 with
 * PF_ERR_CONFIG and "chmod 600 PATH" advice otherwise. */
int config_check_private(const char *path, struct pf_error *err);

#endif
