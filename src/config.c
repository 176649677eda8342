/* config.c - settings from flags > environment > config file > defaults;
 * see config.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "members.h"
#include "strbuf.h"
#include "urlpolicy.h"

#define OPT(name, type, metavar, help, file_only, field) \
	{name, type, metavar, help, file_only, offsetof(struct config, field), \
	 NULL, NULL, NULL}

/* The one list of settings: flags, config-file keys and --help lines. */
static const struct config_option config_table[] = {
	OPT("base-url", CONFIG_STRING, "URL",
	    "API base URL (default " CONFIG_PRODUCTION_URL ")", false, base_url),
	OPT("sandbox", CONFIG_BOOL, NULL,
	    "use the sandbox API (" CONFIG_SANDBOX_URL ")", false, sandbox),
	OPT("account-id", CONFIG_STRING, "ID",
	    "the account whose profile override to read and update (API keys)",
	    false, account_id),
	OPT("api-version", CONFIG_STRING, "DATE",
	    "Api-Version-Date of users requests (default " CONFIG_USERS_VERSION ")",
	    false, users_version),
	OPT("files-api-version", CONFIG_STRING, "DATE",
	    "Api-Version-Date of files requests (default " CONFIG_FILES_VERSION ")",
	    false, files_version),
	OPT("members-api-version", CONFIG_STRING, "DATE",
	    "Api-Version-Date of members requests (default "
	    CONFIG_MEMBERS_VERSION ")", false, members_version),
	OPT("logs-api-version", CONFIG_STRING, "DATE",
	    "Api-Version-Date of member logs requests (default "
	    CONFIG_LOGS_VERSION ")", false, logs_version),
	OPT("history-api-version", CONFIG_STRING, "DATE",
	    "Api-Version-Date of the balance history request (default "
	    CONFIG_HISTORY_VERSION ")", false, history_version),
	OPT("token-file", CONFIG_STRING, "FILE",
	    "read the API token from FILE (mode 600)", false, token_file),
	OPT("timeout", CONFIG_SECONDS, "SECONDS",
	    "give up on a request after SECONDS (default 30)", false, timeout_s),
	OPT("retries", CONFIG_COUNT, "N",
	    "repeat a failed request up to N times, 0 to 10 (default 2)", false,
	    retries),
	OPT("trace", CONFIG_STRING, "FILE",
	    "append every HTTP exchange to FILE, token redacted", false,
	    trace_file),
	OPT("no-color", CONFIG_BOOL, NULL, "monochrome (also NO_COLOR=1)", false,
	    no_color),
	OPT("read-only", CONFIG_BOOL, NULL,
	    "open the editor with editing and submit disabled", false, read_only),
	{"images", CONFIG_IMAGES, "MODE",
	 "pictures in the editor: symbols (default), sixel, kitty or none "
	 "(the URL as text)", false, offsetof(struct config, images),
	 "no-images", "none", "symbols"},
	OPT("max-picture-mb", CONFIG_MEBIBYTES, "MIB",
	    "refuse pictures larger than MIB mebibytes (default 10)", false,
	    max_picture_mb),
	{"audit", CONFIG_BOOL, NULL,
	 "record every change sent in the audit trail (default yes; see "
	 "profed log)", false, offsetof(struct config, audit),
	 "no-audit", "no", "yes"},
	{"clipboard", CONFIG_BOOL, NULL,
	 "y and Ctrl-Y in the editor copy to the clipboard with OSC 52 "
	 "(default yes)", false, offsetof(struct config, clipboard),
	 "no-clipboard", "no", "yes"},
	OPT("audit-days", CONFIG_DAYS, "DAYS",
	    "keep DAYS days of audit trail, 1 to 36500 (default 90)", false,
	    audit_days),
	OPT("chart", CONFIG_BOOL, NULL,
	    "show the balance chart in the overview when the editor opens",
	    false, chart),
	OPT("access-check", CONFIG_STRING, "LIST",
	    "in the editor's overview, show the opened person's access to "
	    "each of LIST (biz_, prod_ or exp_ ids, comma-separated)", false,
	    access_check),
	OPT("token", CONFIG_STRING, NULL, "the API token (config file only)", true,
	    token),
};
#define CONFIG_N (sizeof config_table / sizeof config_table[0])
_Static_assert(CONFIG_N <= sizeof ((struct config *)0)->from /
               sizeof ((struct config *)0)->from[0], "from[] too small");

const struct config_option *config_options(size_t *n)
{
	if (n)
		*n = CONFIG_N;
	return config_table;
}

/* Index of a setting by name or alias, or -1; *alias tells which. */
static int config_lookup(const char *name, bool *alias)
{
	*alias = false;
	for (size_t i = 0; name && i < CONFIG_N; i++) {
		if (strcmp(config_table[i].name, name) == 0)
			return (int)i;
		if (config_table[i].alias && strcmp(config_table[i].alias, name) == 0) {
			*alias = true;
			return (int)i;
		}
	}
	return -1;
}

/* Index of a setting by its own name, or -1. */
static int config_index(const char *name)
{
	bool alias;
	int i = config_lookup(name, &alias);

	return alias ? -1 : i;
}

static const char *const images_names[] = {
	[CONFIG_IMAGES_SYMBOLS] = "symbols",
	[CONFIG_IMAGES_SIXEL] = "sixel",
	[CONFIG_IMAGES_KITTY] = "kitty",
	[CONFIG_IMAGES_NONE] = "none",
};

/* See config.h. */
const char *config_images_name(enum config_images m)
{
	if ((size_t)m >= sizeof images_names / sizeof images_names[0])
		return "symbols";
	return images_names[m];
}

const char *config_option_text(const struct config *cfg,
                               const struct config_option *o,
                               const char *unset, char *buf, size_t len)
{
	const void *field = (const char *)cfg + o->offset;
	const char *s;

	switch (o->type) {
	case CONFIG_STRING:
		s = *(char *const *)field;
		snprintf(buf, len, "%s", s ? s : unset);
		break;
	case CONFIG_BOOL:
		snprintf(buf, len, "%s", *(const bool *)field ? "yes" : "no");
		break;
	case CONFIG_IMAGES:
		snprintf(buf, len, "%s",
		         config_images_name(*(const enum config_images *)field));
		break;
	case CONFIG_SECONDS:
	case CONFIG_COUNT:
	case CONFIG_MEBIBYTES:
	case CONFIG_DAYS:
		snprintf(buf, len, "%ld", *(const long *)field);
		break;
	}
	return buf;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->users_version = strdup(CONFIG_USERS_VERSION);
	cfg->files_version = strdup(CONFIG_FILES_VERSION);
	cfg->members_version = strdup(CONFIG_MEMBERS_VERSION);
	cfg->logs_version = strdup(CONFIG_LOGS_VERSION);
	cfg->history_version = strdup(CONFIG_HISTORY_VERSION);
	cfg->timeout_s = CONFIG_TIMEOUT_S;
	cfg->retries = CONFIG_RETRIES;
	cfg->max_picture_mb = CONFIG_MAX_PICTURE_MB;
	cfg->audit = true;
	cfg->audit_days = CONFIG_AUDIT_DAYS;
	cfg->clipboard = true;
}

/* Overwrite a secret string with NULs before it is freed (volatile: the
 * wipe must not be optimised away). Accepts NULL. */
static void config_wipe(char *secret)
{
	for (volatile char *p = secret; p && *p; p++)
		*p = '\0';
}

/* Free every string setting, wiping the token first. */
void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	config_wipe(cfg->token);
	for (size_t i = 0; i < CONFIG_N; i++) {
		if (config_table[i].type != CONFIG_STRING)
			continue;
		char **field = (char **)((char *)cfg + config_table[i].offset);
		free(*field);
		*field = NULL;
	}
	free(cfg->config_path);
	cfg->config_path = NULL;
}

/* Boolean text: "" (a bare flag), 1/0, true/false, yes/no, on/off. Returns
 * 1, 0 or -1 for anything else. */
static int config_parse_bool(const char *v)
{
	static const char *const yes[] = {"", "1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/* True when every byte is printable ASCII other than space: what may go in
 * a header or a URL without being able to inject anything. */
static bool config_is_token_text(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* YYYY-MM-DD with an optional "-N" suffix (N of 1 to 9 digits), as the
 * server's versions are; at most 20 bytes, so it always fits the
 * Api-Version-Date header (api.c). */
static bool config_is_version(const char *s)
{
	size_t digits = 0;

	static const char shape[] = "dddd-dd-dd";
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
			return false;
	}
	s += sizeof shape - 1;
	if (!*s)
		return true;
	if (*s++ != '-' || !*s)
		return false;
	for (; *s; s++, digits++)
		if (!isdigit((unsigned char)*s) || digits == 9)
			return false;
	return true;
}

/* The next item of a comma-separated list from *p: its start and length
 * (blanks trimmed; 0 for an empty item), *p moved past its comma. false
 * at the end. */
static bool config_list_next(const char **p, const char **item, size_t *len)
{
	const char *s = *p, *e;

	if (!s)
		return false;
	e = s + strcspn(s, ",");
	*p = *e ? e + 1 : NULL;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*item = s;
	*len = (size_t)(e - s);
	return true;
}

/* access-check: every item a resource id (members_resource_ok), at most
 * CONFIG_ACCESS_MAX. 0, or -1 with err (kind) naming the bad id. */
static int config_check_resources(const char *v, enum pf_err_kind kind,
                                  struct pf_error *err)
{
	const char *item;
	size_t len, count = 0;
	char id[128];

	for (const char *p = v; config_list_next(&p, &item, &len); ) {
		if (!len)
			continue;
		snprintf(id, sizeof id, "%.*s", (int)(len < 127 ? len : 127), item);
		if (len >= sizeof id || !members_resource_ok(id))
			return pf_error_set(err, kind, "access-check: '%.60s%s' is "
			                    "not a resource id (biz_, prod_ or exp_ "
			                    "followed by letters and digits)", id,
			                    len > 60 ? "..." : "");
		if (++count > CONFIG_ACCESS_MAX)
			return pf_error_set(err, kind, "access-check: at most %d "
			                    "resources", CONFIG_ACCESS_MAX);
	}
	return 0;
}

/* See config.h. */
void config_list_free(char **list, size_t n)
{
	for (size_t i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

/* See config.h. */
int config_access_list(const struct config *cfg, char ***out, size_t *n)
{
	const char *item;
	size_t len, k = 0, cap = 0;
	char **list = NULL;

	*out = NULL;
	*n = 0;
	for (const char *p = cfg->access_check; config_list_next(&p, &item, &len); )
		cap += len > 0;
	if (!cap)
		return 0;
	if (!(list = calloc(cap, sizeof *list)))
		return -1;
	for (const char *p = cfg->access_check;
	     k < cap && config_list_next(&p, &item, &len); ) {
		if (!len)
			continue;
		if (!(list[k] = strndup(item, len))) {
			config_list_free(list, k);
			return -1;
		}
		k++;
	}
	*out = list;
	*n = k;
	return 0;
}

/* Check a value for setting i. Returns NULL when fine, else the reason. */
static const char *config_check_value(int i, const char *v)
{
	const char *name = config_table[i].name;
	if (strcmp(name, "base-url") == 0) {
		if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
			return "must start with https:// or http://";
		if (!config_is_token_text(v))
			return "must not contain spaces or control characters";
	} else if (strlen(name) >= 11 &&
	           strcmp(name + strlen(name) - 11, "api-version") == 0) {
		/* api-version, files-api-version, ...: every version setting */
		if (!config_is_version(v))
			return "must be a date like 2026-06-09 (optionally -N)";
	} else if (strcmp(name, "account-id") == 0 || strcmp(name, "token") == 0) {
		if (!config_is_token_text(v))
			return "must not be empty or contain spaces or control characters";
	} else if (strcmp(name, "access-check") == 0) {
		return NULL; /* an empty list is none; ids: config_set */
	} else if (config_table[i].type == CONFIG_STRING && !*v) {
		return "must not be empty";
	}
	return NULL;
}

int config_set(struct config *cfg, const char *name, const char *value,
               enum config_source from, struct pf_error *err)
{
	bool alias;
	int i = config_lookup(name, &alias);
	if (i < 0)
		return 1;
	const struct config_option *opt = &config_table[i];
	enum pf_err_kind kind = from == CONFIG_FROM_FLAG ? PF_ERR_USAGE
	                                                 : PF_ERR_CONFIG;
	if (alias) {
		/* --no-images, no-images = yes|no: the same setting's values */
		int b = config_parse_bool(value ? value : "");
		if (b < 0)
			return pf_error_set(err, kind, "%s: expected yes or no, not "
			                    "'%.40s'", opt->alias, value);
		value = b ? opt->alias_yes : opt->alias_no;
	}
	if (opt->file_only && from == CONFIG_FROM_FLAG)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "The token is never taken on the command line "
		                    "(it would show in ps). Use WHOP_API_KEY or "
		                    "--token-file FILE.");
	if (from < cfg->from[i])
		return 0;
	void *field = (char *)cfg + opt->offset;
	if (!value)
		value = "";

	/* The token's value is never echoed in a message. */
	bool secret = strcmp(opt->name, "token") == 0;
	if (opt->type == CONFIG_BOOL) {
		int b = config_parse_bool(value);
		if (b < 0)
			return pf_error_set(err, kind, "%s: expected yes or no, not "
			                    "'%.40s'", opt->name, value);
		*(bool *)field = b;
	} else if (opt->type == CONFIG_SECONDS) {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < 1 || v > 3600)
			return pf_error_set(err, kind, "%s: expected whole seconds "
			                    "from 1 to 3600, not '%.40s'",
			                    opt->name, value);
		*(long *)field = v;
	} else if (opt->type == CONFIG_COUNT) {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < 0 ||
		    v > CONFIG_RETRIES_MAX)
			return pf_error_set(err, kind, "%s: expected a whole number "
			                    "from 0 to %d, not '%.40s'", opt->name,
			                    CONFIG_RETRIES_MAX, value);
		*(long *)field = v;
	} else if (opt->type == CONFIG_MEBIBYTES) {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < 1 ||
		    v > CONFIG_MAX_PICTURE_MB_LIMIT)
			return pf_error_set(err, kind, "%s: expected whole mebibytes "
			                    "from 1 to %d, not '%.40s'", opt->name,
			                    CONFIG_MAX_PICTURE_MB_LIMIT, value);
		*(long *)field = v;
	} else if (opt->type == CONFIG_DAYS) {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < 1 ||
		    v > CONFIG_AUDIT_DAYS_MAX)
			return pf_error_set(err, kind, "%s: expected whole days "
			                    "from 1 to %d, not '%.40s'", opt->name,
			                    CONFIG_AUDIT_DAYS_MAX, value);
		*(long *)field = v;
	} else if (opt->type == CONFIG_IMAGES) {
		size_t k, nk = sizeof images_names / sizeof images_names[0];
		for (k = 0; k < nk; k++)
			if (strcasecmp(value, images_names[k]) == 0)
				break;
		if (k == nk)
			return pf_error_set(err, kind, "%s: expected symbols, sixel, "
			                    "kitty or none, not '%.40s'", opt->name,
			                    value);
		*(enum config_images *)field = (enum config_images)k;
	} else {
		const char *why = config_check_value(i, value);
		if (!why && strcmp(opt->name, "access-check") == 0 &&
		    config_check_resources(value, kind, err) != 0)
			return -1;
		if (why)
			return pf_error_set(err, kind, "%s %s%s%.80s%s", opt->name,
			                    why, secret ? "" : " (got '",
			                    secret ? "" : value, secret ? "" : "')");
		char *copy = strdup(value);
		if (!copy)
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		if (secret)
			config_wipe(*(char **)field);
		free(*(char **)field);
		*(char **)field = copy;
	}
	cfg->from[i] = from;
	return 0;
}

int config_check_private(const char *path, struct pf_error *err)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return pf_error_set(err, PF_ERR_CONFIG, "Cannot read %s: %s", path,
		                    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return pf_error_set(err, PF_ERR_CONFIG, "%s is not a regular file",
		                    path);
	if (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))
		return pf_error_set(err, PF_ERR_CONFIG,
		                    "%s can be read or written by other users and "
		                    "may hold the API token; refusing to use it. "
		                    "Fix it with: chmod 600 %s", path, path);
	return 0;
}

/* The most a config or token file may hold. */
#define CONFIG_FILE_MAX (64 * 1024)

/* Read a small private file whole, with read(2) into one buffer of
 * CONFIG_FILE_MAX + 1 bytes (no stdio buffer, no copies left behind by
 * growing it: the file may hold the token). Returns it NUL-terminated
 * (caller wipes all CONFIG_FILE_MAX + 1 bytes with config_free_text) or
 * NULL with err: missing, unsafe mode, too large, or holding NUL. */
static char *config_read_private(const char *path, struct pf_error *err)
{
	if (config_check_private(path, err) < 0)
		return NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		pf_error_set(err, PF_ERR_CONFIG, "Cannot read %s: %s", path,
		             strerror(errno));
		return NULL;
	}
	char *buf = calloc(1, CONFIG_FILE_MAX + 1);
	size_t n = 0;
	int rc = buf ? 0 : -1;
	while (rc == 0 && n <= CONFIG_FILE_MAX) {
		ssize_t r = read(fd, buf + n, CONFIG_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -1;
		else if (r == 0)
			break;
		else
			n += (size_t)r;
	}
	close(fd);
	if (!buf)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory"), NULL;
	if (rc < 0 || n > CONFIG_FILE_MAX || memchr(buf, '\0', n)) {
		pf_error_set(err, PF_ERR_CONFIG, "%s is %s", path,
		             rc < 0 ? "unreadable" : n > CONFIG_FILE_MAX
		             ? "too large" : "not a text file");
		explicit_bzero(buf, CONFIG_FILE_MAX + 1);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Wipe and free what config_read_private returned. Accepts NULL. */
static void config_free_text(char *text)
{
	if (text)
		explicit_bzero(text, CONFIG_FILE_MAX + 1);
	free(text);
}

/* Trim leading and trailing white space in place; returns the start. */
static char *config_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Apply the "key = value" lines of text (file name path for messages). */
static int config_apply_file(struct config *cfg, const char *path, char *text,
                             struct pf_error *err)
{
	int lineno = 0;
	for (char *line = text, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *s = config_trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq)
			return pf_error_set(err, PF_ERR_CONFIG,
			                    "%s:%d: expected 'key = value'", path, lineno);
		*eq = '\0';
		char *key = config_trim(s), *value = config_trim(eq + 1);
		size_t vlen = strlen(value);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value[vlen - 1] = '\0';
			value++;
		}
		struct pf_error e;
		pf_error_clear(&e);
		int rc = config_set(cfg, key, value, CONFIG_FROM_FILE, &e);
		if (rc == 1)
			return pf_error_set(err, PF_ERR_CONFIG,
			                    "%s:%d: unknown setting '%.40s'", path,
			                    lineno, key);
		if (rc < 0)
			return pf_error_set(err, PF_ERR_CONFIG, "%s:%d: %s", path,
			                    lineno, e.message);
	}
	return 0;
}

/* See config.h. */
char *config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	struct strbuf sb = {0};
	if (xdg && *xdg == '/')
		strbuf_appendf(&sb, "%s/profed/config", xdg);
	else if (home && *home)
		strbuf_appendf(&sb, "%s/.config/profed/config", home);
	else
		return NULL;
	return strbuf_take(&sb);
}

int config_load_file(struct config *cfg, const char *path,
                     struct pf_error *err)
{
	char *owned = NULL;
	if (!path) {
		owned = config_default_path();
		if (!owned || access(owned, F_OK) != 0) {
			free(owned);
			return 0;
		}
		path = owned;
	}
	char *text = config_read_private(path, err);
	int rc = -1;
	if (text) {
		rc = config_apply_file(cfg, path, text, err);
		/* the file may hold the token: wipe the copy */
		config_free_text(text);
	}
	if (rc == 0) {
		free(cfg->config_path);
		cfg->config_path = strdup(path);
	}
	free(owned);
	return rc;
}

int config_load_env(struct config *cfg, struct pf_error *err)
{
	static const struct {
		const char *var, *setting;
	} env_table[] = {
		{"WHOP_API_KEY", "token"},
		{"WHOP_BASE_URL", "base-url"},
	};
	for (size_t i = 0; i < sizeof env_table / sizeof *env_table; i++) {
		const char *v = getenv(env_table[i].var);
		if (!v || !*v)
			continue;
		struct pf_error e;
		pf_error_clear(&e);
		int rc = config_set(cfg, env_table[i].setting, v, CONFIG_FROM_ENV,
		                    &e);
		if (strcmp(env_table[i].var, "WHOP_API_KEY") == 0) {
			/* profed's own environment forgets the token: wiped in
			 * place (also from /proc/PID/environ) and removed */
			explicit_bzero((char *)v, strlen(v));
			unsetenv(env_table[i].var);
		}
		if (rc < 0)
			return pf_error_set(err, PF_ERR_CONFIG, "%s: %s",
			                    env_table[i].var, e.message);
	}
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		config_set(cfg, "no-color", "yes", CONFIG_FROM_ENV, err);
	return 0;
}

/* The source rank of setting name. */
static enum config_source config_from(const struct config *cfg,
                                      const char *name)
{
	return cfg->from[config_index(name)];
}

/* Read the token file into cfg->token; the file outranks the token. */
static int config_read_token_file(struct config *cfg, struct pf_error *err)
{
	char *text = config_read_private(cfg->token_file, err);
	if (!text)
		return -1;
	char *tok = config_trim(text);
	int rc = 0;
	if (!config_is_token_text(tok))
		rc = pf_error_set(err, PF_ERR_CONFIG,
		                  "%s must hold the token alone on one line "
		                  "(no spaces or control characters)",
		                  cfg->token_file);
	else if (!(tok = strdup(tok)))
		rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	if (rc == 0) {
		/* the token it overrides (the config file's) is wiped */
		config_wipe(cfg->token);
		free(cfg->token);
		cfg->token = tok;
	}
	config_free_text(text);
	return rc;
}

int config_finish(struct config *cfg, struct pf_error *err)
{
	enum config_source url_from = config_from(cfg, "base-url");
	enum config_source sandbox_from = config_from(cfg, "sandbox");
	if (url_from == CONFIG_FROM_FLAG && sandbox_from == CONFIG_FROM_FLAG &&
	    cfg->sandbox)
		return pf_error_set(err, PF_ERR_USAGE,
		                    "--base-url and --sandbox contradict each other; "
		                    "give one of them");
	if (!cfg->base_url || (cfg->sandbox && sandbox_from > url_from) ||
	    url_from == CONFIG_FROM_DEFAULT) {
		free(cfg->base_url);
		cfg->base_url = strdup(cfg->sandbox ? CONFIG_SANDBOX_URL
		                                    : CONFIG_PRODUCTION_URL);
		if (!cfg->base_url)
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	size_t n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		cfg->base_url[--n] = '\0';
	if (!urlpolicy_base_ok(cfg->base_url))
		return pf_error_set(err, PF_ERR_CONFIG,
		                    "The API base URL %s uses plain http to a host "
		                    "that is not loopback: the token would cross the "
		                    "network unencrypted. Use https:// (plain http "
		                    "only for 127.0.0.1, ::1 or localhost).",
		                    cfg->base_url);

	if (cfg->token_file &&
	    config_from(cfg, "token-file") >= config_from(cfg, "token"))
		return config_read_token_file(cfg, err);
	return 0;
}

int config_require_token(const struct config *cfg, struct pf_error *err)
{
	if (cfg->token && *cfg->token)
		return 0;
	/* the file that was read, else where it would be read from */
	char *path = cfg->config_path ? NULL : config_default_path();
	const char *shown = cfg->config_path ? cfg->config_path :
	                    path ? path : "~/.config/profed/config";
	pf_error_set(err, PF_ERR_CONFIG,
	             "No API token. Set WHOP_API_KEY in the environment, "
	             "or put it in a file readable only by you and pass "
	             "--token-file FILE (or token-file = FILE in %.300s).", shown);
	free(path);
	return -1;
}

enum config_env config_environment(const struct config *cfg)
{
	if (!cfg->base_url || strcmp(cfg->base_url, CONFIG_PRODUCTION_URL) == 0)
		return ENV_PRODUCTION;
	if (strcmp(cfg->base_url, CONFIG_SANDBOX_URL) == 0)
		return ENV_SANDBOX;
	return ENV_CUSTOM;
}

const char *config_environment_name(const struct config *cfg)
{
	static const char *const names[] = {
		[ENV_PRODUCTION] = "production",
		[ENV_SANDBOX] = "sandbox",
		[ENV_CUSTOM] = "custom",
	};
	return names[config_environment(cfg)];
}

/* See config.h. */
const char *config_alias_help(const struct config_option *o, char *buf,
                              size_t n)
{
	if (!n)
		return buf;
	if (o->type == CONFIG_BOOL)
		snprintf(buf, n, "turns --%s off (config file: %s = %s)", o->name,
		         o->name, o->alias_yes);
	else
		snprintf(buf, n, "the same as --%s=%s", o->name, o->alias_yes);
	return buf;
}
