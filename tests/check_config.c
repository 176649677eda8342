/* check_config.c - settings: precedence, validation, file safety. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "testutil.h"

static struct config cfg;
static struct pf_error err;
static char *dir;

static void setup(void)
{
	unsetenv("WHOP_API_KEY");
	unsetenv("WHOP_BASE_URL");
	unsetenv("NO_COLOR");
	dir = tu_tempdir();
	setenv("XDG_CONFIG_HOME", dir, 1);
	config_init(&cfg);
	pf_error_clear(&err);
}

static void teardown(void)
{
	config_free(&cfg);
	tu_rmtree(dir);
	free(dir);
}

/* Write the default config file with mode. */
static char *write_config(const char *text, mode_t mode)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/profed", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/profed/config", dir);
	ck_assert_int_eq(tu_write_file(path, text, (size_t)-1, mode), 0);
	return strdup(path);
}

START_TEST(test_free_null_and_unknown)
{
	config_free(NULL);
	ck_assert_int_eq(config_set(&cfg, "no-such", "x", CONFIG_FROM_FLAG, &err), 1);
	ck_assert_int_eq(config_set(&cfg, NULL, "x", CONFIG_FROM_FLAG, &err), 1);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(cfg.base_url, CONFIG_PRODUCTION_URL);
	ck_assert_str_eq(cfg.users_version, CONFIG_USERS_VERSION);
	ck_assert_str_eq(cfg.files_version, CONFIG_FILES_VERSION);
	ck_assert_int_eq(cfg.timeout_s, CONFIG_TIMEOUT_S);
	ck_assert_int_eq(cfg.retries, CONFIG_RETRIES);
	ck_assert_ptr_null(cfg.token);
	ck_assert_str_eq(config_environment_name(&cfg), "production");
}
END_TEST

START_TEST(test_token_never_from_flag)
{
	ck_assert_int_eq(config_set(&cfg, "token", "abc", CONFIG_FROM_FLAG, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "WHOP_API_KEY"));
	ck_assert_ptr_null(cfg.token);
}
END_TEST

START_TEST(test_bad_values)
{
	static const char *const bad[][2] = {
		{"timeout", "0"}, {"timeout", "abc"}, {"timeout", "5s"},
		{"timeout", "99999"}, {"timeout", ""},
		{"api-version", "yesterday"}, {"api-version", "2026-06-9"},
		{"api-version", "2026-06-09-"}, {"files-api-version", "2026-08-21-x"},
		{"api-version", "2026-06-09-1234567890"},
		{"base-url", "ftp://x"}, {"base-url", "api.whop.com"},
		{"base-url", "https://a b"}, {"base-url", "https://x\r\nHost: y"},
		{"account-id", ""}, {"account-id", "biz 1"}, {"sandbox", "maybe"},
		{"trace", ""}, {"retries", "-1"}, {"retries", "11"},
		{"retries", "two"}, {"retries", ""}, {"retries", "1.5"},
		{"max-picture-mb", "0"}, {"max-picture-mb", "101"},
		{"max-picture-mb", "10MB"}, {"max-picture-mb", ""},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pf_error_clear(&err);
		ck_assert_msg(config_set(&cfg, bad[i][0], bad[i][1], CONFIG_FROM_FLAG,
		                         &err) == -1, "%s=%s accepted", bad[i][0], bad[i][1]);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		ck_assert_ptr_nonnull(strstr(err.message, bad[i][0]));
	}
	ck_assert_int_eq(config_set(&cfg, "api-version", "2026-08-21-123456789",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_set(&cfg, "api-version", "2026-08-21-1",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_str_eq(cfg.users_version, "2026-08-21-1");
	ck_assert_int_eq(config_set(&cfg, "retries", "0", CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(cfg.retries, 0);
	ck_assert_int_eq(config_set(&cfg, "retries", "10", CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(cfg.retries, 10);
	/* the picture size limit: 10 MiB unless set, 1 to 100 */
	ck_assert_int_eq(cfg.max_picture_mb, 10);
	ck_assert_int_eq(config_set(&cfg, "max-picture-mb", "x", CONFIG_FROM_FLAG,
	                            &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "mebibytes from 1 to 100"));
	ck_assert_int_eq(config_set(&cfg, "max-picture-mb", "100",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(cfg.max_picture_mb, 100);
}
END_TEST

START_TEST(test_bad_token_not_echoed)
{
	setenv("WHOP_API_KEY", "sekrit value\n", 1);
	ck_assert_int_eq(config_load_env(&cfg, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_null(strstr(err.message, "sekrit"));
	ck_assert_ptr_nonnull(strstr(err.message, "WHOP_API_KEY"));
}
END_TEST

START_TEST(test_precedence_any_order)
{
	char *path = write_config("timeout = 7\naccount-id = biz_file\n"
	                          "base-url = https://file.example\n", 0600);
	/* flags first, then env, then file: ranks decide, not order */
	ck_assert_int_eq(config_set(&cfg, "timeout", "9", CONFIG_FROM_FLAG, &err), 0);
	setenv("WHOP_BASE_URL", "https://env.example/api/v1/", 1);
	setenv("WHOP_API_KEY", "tok-env", 1);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_int_eq(cfg.timeout_s, 9);
	ck_assert_str_eq(cfg.account_id, "biz_file");
	ck_assert_str_eq(cfg.base_url, "https://env.example/api/v1");
	ck_assert_str_eq(cfg.token, "tok-env");
	ck_assert_str_eq(cfg.config_path, path);
	ck_assert_str_eq(config_environment_name(&cfg), "custom");
	free(path);
}
END_TEST

START_TEST(test_file_mode_refused)
{
	char *path = write_config("token = abc\n", 0644);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
	ck_assert_ptr_nonnull(strstr(err.message, path));
	ck_assert_ptr_null(cfg.token);
	free(path);
}
END_TEST

START_TEST(test_file_syntax)
{
	char *path = write_config("# comment\n\n  sandbox = yes  \n"
	                          "api-version = \"2025-01-01\"\nbogus\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, ":5:"));
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("colour = blue\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown setting 'colour'"));
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("# comment\nsandbox = yes\napi-version = \"2025-01-01\"\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(cfg.base_url, CONFIG_SANDBOX_URL);
	ck_assert_str_eq(cfg.users_version, "2025-01-01");
	ck_assert_str_eq(config_environment_name(&cfg), "sandbox");
	free(path);
}
END_TEST

START_TEST(test_missing_files)
{
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0); /* default: fine */
	ck_assert_int_eq(config_load_file(&cfg, "/nonexistent/profed.conf", &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_int_eq(config_set(&cfg, "token-file", "/nonexistent/tok",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent/tok"));
}
END_TEST

START_TEST(test_token_file)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tok", dir);
	setenv("WHOP_API_KEY", "tok-env", 1);
	ck_assert_int_eq(tu_write_file(path, "tok-file\n", (size_t)-1, 0640), 0);
	ck_assert_int_eq(config_set(&cfg, "token-file", path, CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));

	ck_assert_int_eq(tu_write_file(path, "tok file\n", (size_t)-1, 0600), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), -1);
	ck_assert_ptr_null(strstr(err.message, "tok file"));

	ck_assert_int_eq(tu_write_file(path, "\n", (size_t)-1, 0600), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), -1);

	ck_assert_int_eq(tu_write_file(path, "tok-file\n", (size_t)-1, 0600), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(cfg.token, "tok-file"); /* --token-file outranks the env */
	ck_assert_int_eq(config_require_token(&cfg, &err), 0);
}
END_TEST

START_TEST(test_env_outranks_file_token)
{
	char *path = write_config("token = tok-from-file\n", 0600);
	setenv("WHOP_API_KEY", "tok-env", 1);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(cfg.token, "tok-env");
	free(path);
}
END_TEST

START_TEST(test_sandbox_and_url)
{
	ck_assert_int_eq(config_set(&cfg, "sandbox", NULL, CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_set(&cfg, "base-url", "http://x", CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	config_free(&cfg);
	config_init(&cfg);
	/* a --sandbox flag beats a base URL from the environment */
	setenv("WHOP_BASE_URL", "http://env.example", 1);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert_int_eq(config_set(&cfg, "sandbox", NULL, CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(cfg.base_url, CONFIG_SANDBOX_URL);
}
END_TEST

/* Plain http only to loopback: anything else is a configuration error
 * that names https (exit 2 through pf_error_exit_code). */
START_TEST(test_http_only_loopback)
{
	static const char *const bad[] = {
		"http://api.whop.com/api/v1", "http://10.0.0.1", "http://[fe80::1]/",
		"http://127.0.0.1.example.com/", "http://user@evil.example/",
	};
	static const char *const good[] = {
		"http://127.0.0.1:9/api/v1", "http://127.1.2.3", "http://[::1]:80",
		"http://localhost:8080/api/v1", "https://api.whop.com/api/v1",
		"https://10.0.0.1/api/v1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		config_free(&cfg);
		config_init(&cfg);
		ck_assert_int_eq(config_set(&cfg, "base-url", bad[i],
		                            CONFIG_FROM_FLAG, &err), 0);
		ck_assert_msg(config_finish(&cfg, &err) == -1, "%s", bad[i]);
		ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
		ck_assert_int_eq(pf_error_exit_code(&err), 2);
		ck_assert_ptr_nonnull(strstr(err.message, "https://"));
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		config_free(&cfg);
		config_init(&cfg);
		ck_assert_int_eq(config_set(&cfg, "base-url", good[i],
		                            CONFIG_FROM_FLAG, &err), 0);
		ck_assert_msg(config_finish(&cfg, &err) == 0, "%s: %s", good[i],
		              err.message);
	}
}
END_TEST

/* After reading WHOP_API_KEY, profed's own environment no longer holds
 * it: the variable is gone and its old text is wiped in place (what a
 * child or /proc/PID/environ would have shown). */
START_TEST(test_env_token_removed)
{
	setenv("WHOP_API_KEY", "tok-env-secret", 1);
	char *old = getenv("WHOP_API_KEY");
	ck_assert_ptr_nonnull(old);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert_str_eq(cfg.token, "tok-env-secret");
	ck_assert_ptr_null(getenv("WHOP_API_KEY"));
	/* glibc never frees setenv's strings: the old text is readable */
	ck_assert_int_eq(old[0], '\0');
	ck_assert_ptr_null(memmem(old, 14, "secret", 6));
	/* a refused value is removed too */
	setenv("WHOP_API_KEY", "bad value\n", 1);
	ck_assert_int_eq(config_load_env(&cfg, &err), -1);
	ck_assert_ptr_null(getenv("WHOP_API_KEY"));
}
END_TEST

START_TEST(test_no_color_and_require_token)
{
	setenv("NO_COLOR", "1", 1);
	ck_assert_int_eq(config_load_env(&cfg, &err), 0);
	ck_assert(cfg.no_color);
	ck_assert_int_eq(config_require_token(&cfg, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, "WHOP_API_KEY"));
	ck_assert_ptr_nonnull(strstr(err.message, "--token-file"));
}
END_TEST

/* "No API token" names the config path actually used: the file read,
 * else $XDG_CONFIG_HOME/profed/config, else ~/.config under HOME. */
START_TEST(test_no_token_names_the_config_path)
{
	char want[4200], *path, *home;

	/* nothing read: where it would be read from (XDG_CONFIG_HOME) */
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_require_token(&cfg, &err), -1);
	snprintf(want, sizeof want, "token-file = FILE in %s/profed/config).",
	         dir);
	ck_assert_msg(strstr(err.message, want), "%s", err.message);
	ck_assert_ptr_null(strstr(err.message, "~/.config"));
	/* a file was read: that one */
	path = write_config("timeout = 5\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_require_token(&cfg, &err), -1);
	snprintf(want, sizeof want, "in %s).", path);
	ck_assert_msg(strstr(err.message, want), "%s", err.message);
	free(path);
	/* no XDG_CONFIG_HOME: under HOME */
	config_free(&cfg);
	config_init(&cfg);
	home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/nonexistent/h14", 1);
	ck_assert_int_eq(config_require_token(&cfg, &err), -1);
	ck_assert_msg(strstr(err.message, "in /nonexistent/h14/.config/profed/"
	                     "config)."), "%s", err.message);
	/* neither: the conventional spelling */
	unsetenv("HOME");
	ck_assert_int_eq(config_require_token(&cfg, &err), -1);
	ck_assert_msg(strstr(err.message, "in ~/.config/profed/config)."), "%s",
	              err.message);
	if (home)
		setenv("HOME", home, 1);
	free(home);
}
END_TEST

/* --images and its alias --no-images are one setting: the values, the
 * alias's yes and no, case, bad values, and one rank for both spellings. */
START_TEST(test_images_setting)
{
	char *path;

	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_SYMBOLS);
	ck_assert_int_eq(config_set(&cfg, "images", "Kitty", CONFIG_FROM_FILE,
	                            &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_KITTY);
	ck_assert_int_eq(config_set(&cfg, "images", "sixel", CONFIG_FROM_FILE,
	                            &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_SIXEL);
	ck_assert_int_eq(config_set(&cfg, "images", "svg", CONFIG_FROM_FLAG,
	                            &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "symbols, sixel, kitty or none"));
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_SIXEL);
	/* the bare flag --no-images (no value) */
	ck_assert_int_eq(config_set(&cfg, "no-images", NULL, CONFIG_FROM_FLAG,
	                            &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_NONE);
	/* a file's images = kitty does not override the flag */
	ck_assert_int_eq(config_set(&cfg, "images", "kitty", CONFIG_FROM_FILE,
	                            &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_NONE);
	/* the flag --images=... after it wins (same rank, later) */
	ck_assert_int_eq(config_set(&cfg, "images", "symbols", CONFIG_FROM_FLAG,
	                            &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_SYMBOLS);
	ck_assert_int_eq(config_set(&cfg, "no-images", "maybe", CONFIG_FROM_FLAG,
	                            &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "no-images"));
	ck_assert_str_eq(config_images_name(CONFIG_IMAGES_NONE), "none");
	ck_assert_str_eq(config_images_name(CONFIG_IMAGES_KITTY), "kitty");
	ck_assert_str_eq(config_images_name((enum config_images)99), "symbols");
	config_free(&cfg);

	/* in the config file: no-images = yes, then no */
	config_init(&cfg);
	path = write_config("no-images = yes\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_NONE);
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("images = kitty\nno-images = no\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(cfg.images, CONFIG_IMAGES_SYMBOLS);
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("images = pixels\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, ":1:"));
	free(path);
}
END_TEST

/* The balance chart's settings: history-api-version (a version date,
 * default the first version with the field) and chart = yes|no. */
START_TEST(test_history_settings)
{
	ck_assert_str_eq(cfg.history_version, CONFIG_HISTORY_VERSION);
	ck_assert_str_eq(CONFIG_HISTORY_VERSION, "2026-07-20");
	ck_assert(!cfg.chart);
	static const char *const bad[] = {"", "2026-7-20", "latest", "2026-07-20-",
		"2026-07-20 ", "2026-07-20\r\nX: y", "\x1b[31m"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		pf_error_clear(&err);
		ck_assert_msg(config_set(&cfg, "history-api-version", bad[i],
		                         CONFIG_FROM_FLAG, &err) == -1, "%s", bad[i]);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		ck_assert_ptr_nonnull(strstr(err.message, "history-api-version"));
		char sentence[1024];
		ck_assert_ptr_null(strchr(pf_error_sentence(&err, sentence,
		                                            sizeof sentence), '\x1b'));
	}
	ck_assert_str_eq(cfg.history_version, CONFIG_HISTORY_VERSION);
	ck_assert_int_eq(config_set(&cfg, "history-api-version", "2026-08-21-1",
	                            CONFIG_FROM_FLAG, &err), 0);
	ck_assert_str_eq(cfg.history_version, "2026-08-21-1");
	/* the users version is a separate setting */
	ck_assert_str_eq(cfg.users_version, CONFIG_USERS_VERSION);
	ck_assert_int_eq(config_set(&cfg, "chart", "maybe", CONFIG_FROM_FILE,
	                            &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, "chart"));

	/* from the config file; a flag outranks it */
	char *path = write_config("chart = yes\n"
	                          "history-api-version = 2026-09-01\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, path, &err), 0);
	ck_assert(cfg.chart);
	ck_assert_str_eq(cfg.history_version, "2026-08-21-1");
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("chart = no\nhistory-api-version = 2026-09-01\n",
	                    0600);
	ck_assert_int_eq(config_load_file(&cfg, path, &err), 0);
	ck_assert(!cfg.chart);
	ck_assert_str_eq(cfg.history_version, "2026-09-01");
	free(path);
	path = write_config("history-api-version = soon\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, path, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.message, ":1:"));
	free(path);
}
END_TEST

START_TEST(test_options_table)
{
	size_t n = 0;
	const struct config_option *o = config_options(&n);
	ck_assert_uint_gt(n, 5);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(o[i].name);
		ck_assert_ptr_nonnull(o[i].help);
	}
}
END_TEST

/* The audit trail's settings (audit.h): on by default, 90 days. */
START_TEST(test_audit_keys)
{
	ck_assert(cfg.audit);
	ck_assert_int_eq(cfg.audit_days, CONFIG_AUDIT_DAYS);
	ck_assert_int_eq(cfg.audit_days, 90);
	static const char *const bad[][2] = {
		{"audit", "maybe"}, {"audit", "2"}, {"audit-days", "0"},
		{"audit-days", "-1"}, {"audit-days", "36501"}, {"audit-days", "30d"},
		{"audit-days", ""}, {"audit-days", "1.5"}, {"no-audit", "perhaps"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pf_error_clear(&err);
		ck_assert_msg(config_set(&cfg, bad[i][0], bad[i][1], CONFIG_FROM_FLAG,
		                         &err) == -1, "%s=%s accepted", bad[i][0], bad[i][1]);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		ck_assert_ptr_nonnull(strstr(err.message, bad[i][0]));
	}
	ck_assert(cfg.audit);
	ck_assert_int_eq(cfg.audit_days, 90);
	/* the file: audit = no, audit-days = 7 */
	char *path = write_config("audit = no\naudit-days = 7\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert(!cfg.audit);
	ck_assert_int_eq(cfg.audit_days, 7);
	free(path);
	/* a flag outranks the file: --audit, then --no-audit */
	ck_assert_int_eq(config_set(&cfg, "audit", NULL, CONFIG_FROM_FLAG, &err), 0);
	ck_assert(cfg.audit);
	ck_assert_int_eq(config_set(&cfg, "no-audit", NULL, CONFIG_FROM_FLAG, &err), 0);
	ck_assert(!cfg.audit);
	ck_assert_int_eq(config_set(&cfg, "audit-days", "36500", CONFIG_FROM_FLAG, &err), 0);
	ck_assert_int_eq(cfg.audit_days, 36500);
	/* both are in the one table, with help */
	size_t n;
	const struct config_option *o = config_options(&n);
	int found = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(o[i].name, "audit") || !strcmp(o[i].name, "audit-days")) {
			ck_assert_ptr_nonnull(strstr(o[i].help, "audit trail"));
			found++;
		}
	ck_assert_int_eq(found, 2);
}
END_TEST

/* config_option_text: one formatter for every kind of setting; an unset
 * string gives the caller's word, a tiny buffer is cut, not overrun. */
START_TEST(test_option_text)
{
	size_t n;
	const struct config_option *o = config_options(&n);
	char buf[64], want[32], tiny[3];
	int seen = 0;

	for (size_t i = 0; i < n; i++) {
		const char *t = config_option_text(&cfg, &o[i], "(none)", buf,
		                                   sizeof buf);
		ck_assert_ptr_eq(t, buf);
		if (!strcmp(o[i].name, "account-id") && ++seen)
			ck_assert_str_eq(buf, "(none)");
		if (!strcmp(o[i].name, "audit") && ++seen)
			ck_assert_str_eq(buf, "yes");
		if (!strcmp(o[i].name, "images") && ++seen)
			ck_assert_str_eq(buf, config_images_name(cfg.images));
		if (!strcmp(o[i].name, "timeout") && ++seen) {
			snprintf(want, sizeof want, "%ld", cfg.timeout_s);
			ck_assert_str_eq(buf, want);
		}
		config_option_text(&cfg, &o[i], "(none)", tiny, sizeof tiny);
		ck_assert_uint_le(strlen(tiny), 2);
	}
	ck_assert_int_eq(seen, 4);
	ck_assert_int_eq(config_set(&cfg, "account-id", "biz_1", CONFIG_FROM_FLAG,
	                            &err), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(o[i].name, "account-id"))
			ck_assert_str_eq(config_option_text(&cfg, &o[i], "x", buf,
			                                    sizeof buf), "biz_1");
}
END_TEST

/* access-check: a comma-separated list of resource ids, each checked
 * when read (members_resource_ok); hostile, empty and NULL first. */
START_TEST(test_access_check)
{
	char **list = NULL;
	size_t n = 99;

	/* unset: none */
	ck_assert_ptr_null(cfg.access_check);
	ck_assert_int_eq(config_access_list(&cfg, &list, &n), 0);
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(n, 0);
	config_list_free(NULL, 0);
	/* a bare flag, an empty value, only commas and blanks: none */
	static const char *const none[] = { "", " ", ",", " , ,", NULL };
	for (size_t i = 0; none[i]; i++) {
		ck_assert_msg(config_set(&cfg, "access-check", none[i],
		                         CONFIG_FROM_FLAG, &err) == 0, "'%s'", none[i]);
		ck_assert_int_eq(config_access_list(&cfg, &list, &n), 0);
		ck_assert_uint_eq(n, 0);
	}
	ck_assert_int_eq(config_set(&cfg, "access-check", NULL, CONFIG_FROM_FLAG,
	                            &err), 0);
	/* bad ids, each named in the message */
	static const char *const bad[][2] = {
		{ "user_Demo1", "user_Demo1" }, { "prod_", "prod_" },
		{ "biz_ok1, biz", "biz" }, { "prod_a b", "prod_a b" },
		{ "prod_ok,exp_\x1b[31m", "exp_" }, { "prod_a;b", "prod_a;b" },
		{ "PROD_x", "PROD_x" }, { "prod_ok1 exp_ok2", "prod_ok1 exp_ok2" },
		{ "biz_\xc3\xa9", "biz_" }, { "prod_a/../b", "prod_a/../b" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pf_error_clear(&err);
		ck_assert_msg(config_set(&cfg, "access-check", bad[i][0],
		                         CONFIG_FROM_FLAG, &err) == -1, "%s accepted",
		              bad[i][0]);
		ck_assert_int_eq(err.kind, PF_ERR_USAGE);
		ck_assert_msg(strstr(err.message, "access-check") &&
		              strstr(err.message, bad[i][1]), "%s", err.message);
	}
	/* a huge id is cut in the message, still refused */
	char huge[4096];
	memset(huge, 'a', sizeof huge - 1);
	memcpy(huge, "zzz_", 4);
	huge[sizeof huge - 1] = '\0';
	ck_assert_int_eq(config_set(&cfg, "access-check", huge, CONFIG_FROM_FLAG,
	                            &err), -1);
	ck_assert_uint_lt(strlen(err.message), 300);
	/* 16 ids are fine, 17 are too many */
	char many[1024] = "";
	for (int i = 0; i < 17; i++) {
		char one[32];
		snprintf(one, sizeof one, "%sprod_%d", i ? "," : "", i);
		strcat(many, one);
		if (i == 15)
			ck_assert_int_eq(config_set(&cfg, "access-check", many,
			                            CONFIG_FROM_FLAG, &err), 0);
	}
	ck_assert_int_eq(config_set(&cfg, "access-check", many, CONFIG_FROM_FLAG,
	                            &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "at most 16"));
	/* good: trimmed, in order, empty items left out */
	ck_assert_int_eq(config_set(&cfg, "access-check",
	                            " prod_A1 ,biz_b2,, exp_C3 ,", CONFIG_FROM_FLAG,
	                            &err), 0);
	ck_assert_int_eq(config_access_list(&cfg, &list, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(list[0], "prod_A1");
	ck_assert_str_eq(list[1], "biz_b2");
	ck_assert_str_eq(list[2], "exp_C3");
	config_list_free(list, n);
	config_free(&cfg);
	config_init(&cfg);
	/* from the file: a bad one is a configuration error naming the line
	 * and the id; a good one is kept */
	char *path = write_config("access-check = prod_ok1, foo_2\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	ck_assert_int_eq(pf_error_exit_code(&err), PF_EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, ":1:"));
	ck_assert_ptr_nonnull(strstr(err.message, "foo_2"));
	free(path);
	config_free(&cfg);
	config_init(&cfg);
	path = write_config("access-check = \"prod_ok1, biz_ok2\"\n", 0600);
	ck_assert_int_eq(config_load_file(&cfg, NULL, &err), 0);
	ck_assert_int_eq(config_access_list(&cfg, &list, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[1], "biz_ok2");
	config_list_free(list, n);
	free(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_free_null_and_unknown);
	tcase_add_test(tc, test_option_text);
	tcase_add_test(tc, test_token_never_from_flag);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_bad_token_not_echoed);
	tcase_add_test(tc, test_precedence_any_order);
	tcase_add_test(tc, test_file_mode_refused);
	tcase_add_test(tc, test_file_syntax);
	tcase_add_test(tc, test_missing_files);
	tcase_add_test(tc, test_token_file);
	tcase_add_test(tc, test_audit_keys);
	tcase_add_test(tc, test_env_outranks_file_token);
	tcase_add_test(tc, test_sandbox_and_url);
	tcase_add_test(tc, test_http_only_loopback);
	tcase_add_test(tc, test_env_token_removed);
	tcase_add_test(tc, test_no_color_and_require_token);
	tcase_add_test(tc, test_no_token_names_the_config_path);
	tcase_add_test(tc, test_images_setting);
	tcase_add_test(tc, test_options_table);
	tcase_add_test(tc, test_history_settings);
	tcase_add_test(tc, test_access_check);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
