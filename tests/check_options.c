/* check_options.c - the command line's tables (options.h) and what is made
 * from them: the completions, the example config and the manual page must
 * name every flag, subcommand, value and key of the tables, and nothing
 * else; the manual's date follows SOURCE_DATE_EPOCH and mandoc finds
 * nothing to say; --version has its GNU-style lines. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "config.h"
#include "edit.h"
#include "options.h"
#include "testutil.h"

#define GENCOMP TEST_BUILDDIR "/gencomp"

/* ---- the tables' words */

#define MAX_WORDS 256
struct words {
	char *w[MAX_WORDS];
	size_t n;
};

static void words_add(struct words *ws, const char *w)
{
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return;
	ck_assert_uint_lt(ws->n, MAX_WORDS);
	ws->w[ws->n] = strdup(w);
	ck_assert_ptr_nonnull(ws->w[ws->n]);
	ws->n++;
}

static bool words_has(const struct words *ws, const char *w)
{
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], w) == 0)
			return true;
	return false;
}

static void words_free(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	ws->n = 0;
}

/* Every long flag of the tables (without dashes). */
static void table_flags(struct words *ws)
{
	size_t n;
	const struct config_option *o = config_options(&n);
	for (size_t i = 0; i < n; i++) {
		if (!o[i].file_only)
			words_add(ws, o[i].name);
		if (o[i].alias)
			words_add(ws, o[i].alias);
	}
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		words_add(ws, edit_fields[f].flag);
		if (edit_fields[f].flag_alias)
			words_add(ws, edit_fields[f].flag_alias);
	}
	for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++)
		words_add(ws, options_flags[i].name);
}

/* The words after each occurrence of prefix in text: [a-z0-9-]+ starting
 * with a letter (a prefix of dashes not preceded by another dash). */
static void text_words(const char *text, const char *prefix, struct words *ws)
{
	size_t pl = strlen(prefix);
	for (const char *p = strstr(text, prefix); p; p = strstr(p + 1, prefix)) {
		if (*prefix == '-' && p > text && p[-1] == '-')
			continue;
		const char *s = p + pl;
		if (!islower((unsigned char)*s))
			continue;
		size_t k = 0;
		char w[64];
		while (k < sizeof w - 1 && (islower((unsigned char)s[k]) ||
		       isdigit((unsigned char)s[k]) || s[k] == '-'))
			w[k] = s[k], k++;
		while (k && w[k - 1] == '-')
			k--;
		w[k] = '\0';
		words_add(ws, w);
	}
}

static char *read_built(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TEST_BUILDDIR, rel);
	char *text = tu_read_file(path, NULL);
	ck_assert_msg(text != NULL, "%s was not built", path);
	return text;
}

/* The flags named in text after prefix equal the tables' flags. */
static void expect_same_flags(const char *what, const char *text,
                              const char *prefix)
{
	struct words table = {0}, found = {0};
	table_flags(&table);
	text_words(text, prefix, &found);
	for (size_t i = 0; i < table.n; i++)
		ck_assert_msg(words_has(&found, table.w[i]), "%s lacks %s%s", what,
		              prefix, table.w[i]);
	for (size_t i = 0; i < found.n; i++)
		ck_assert_msg(words_has(&table, found.w[i]),
		              "%s names %s%s, which no table has", what, prefix,
		              found.w[i]);
	words_free(&table);
	words_free(&found);
}

/* ---- options.c itself: NULL, empty, hostile first */

START_TEST(test_options_hostile)
{
	ck_assert_ptr_null(options_command_by_name(NULL));
	ck_assert_ptr_null(options_command_by_name(""));
	ck_assert_ptr_null(options_command_by_name("shows"));
	ck_assert_ptr_null(options_command_by_name("sho"));
	ck_assert_ptr_null(options_command_by_name("show\n"));
	ck_assert_ptr_nonnull(options_command_by_name("doctor"));
	ck_assert(!options_flag_allowed(NULL, "show"));
	const struct options_flag *json = &options_flags[OPTIONS_JSON];
	ck_assert(!options_flag_allowed(json, NULL));
	ck_assert(!options_flag_allowed(json, ""));
	ck_assert(!options_flag_allowed(json, "sho"));
	ck_assert(!options_flag_allowed(json, "show doctor"));
	ck_assert(options_flag_allowed(json, "show"));
	ck_assert(options_flag_allowed(json, "doctor"));
	ck_assert(!options_flag_allowed(json, "set"));
	ck_assert(options_flag_allowed(&options_flags[OPTIONS_HELP], NULL));
	ck_assert(options_flag_allowed(&options_flags[OPTIONS_HELP], "set"));
	ck_assert(options_flag_allowed(&options_flags[OPTIONS_YES], "set"));
	ck_assert(!options_flag_allowed(&options_flags[OPTIONS_YES], "show"));
	/* every row is where its id says */
	for (size_t i = 0; i < OPTIONS_FLAG_COUNT; i++)
		ck_assert_int_eq(options_flags[i].id, (int)i);

	ck_assert_int_eq(options_arg_of_metavar(NULL), OPTIONS_ARG_NONE);
	ck_assert_int_eq(options_arg_of_metavar(""), OPTIONS_ARG_TEXT);
	ck_assert_int_eq(options_arg_of_metavar("FILE"), OPTIONS_ARG_FILE);
	ck_assert_int_eq(options_arg_of_metavar("PATH|FILE_ID"), OPTIONS_ARG_FILE);
	ck_assert_int_eq(options_arg_of_metavar("TEXT|@FILE|-"),
	                 OPTIONS_ARG_AT_FILE);
	ck_assert_int_eq(options_arg_of_metavar("URL"), OPTIONS_ARG_TEXT);
	ck_assert_int_eq(options_arg_of_setting(NULL), OPTIONS_ARG_NONE);
	const char *c[8];
	ck_assert_uint_eq(options_choices(NULL, c, 8), 0);

	size_t n;
	const struct config_option *o = config_options(&n);
	for (size_t i = 0; i < n; i++) {
		size_t k = options_choices(&o[i], c, 8);
		if (o[i].type == CONFIG_IMAGES) {
			ck_assert_uint_eq(k, 4);
			ck_assert_str_eq(c[0], "symbols");
			ck_assert_str_eq(c[3], "none");
			ck_assert_int_eq(options_arg_of_setting(&o[i]),
			                 OPTIONS_ARG_CHOICE);
			ck_assert_uint_eq(options_choices(&o[i], c, 2), 2);
		} else {
			ck_assert_uint_eq(k, 0);
		}
		if (o[i].type == CONFIG_BOOL)
			ck_assert_int_eq(options_arg_of_setting(&o[i]), OPTIONS_ARG_NONE);
	}
	/* subcommand names and flags are distinct words */
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	ck_assert_uint_ge(nc, 3);
	for (size_t i = 0; i < nc; i++)
		for (size_t j = i + 1; j < nc; j++)
			ck_assert_str_ne(cmds[i].name, cmds[j].name);
}
END_TEST

/* ---- the completions */

START_TEST(test_bash_completion_matches_tables)
{
	char *text = read_built("completions/bash/profed");
	expect_same_flags("the bash completion", text, "--");
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	struct strbuf_line { char s[256]; } line = {"_profed_commands='"};
	for (size_t i = 0; i < nc; i++) {
		strcat(line.s, cmds[i].name);
		strcat(line.s, i + 1 < nc ? " " : "'\n");
	}
	ck_assert_msg(strstr(text, line.s), "bash completion lacks %s", line.s);
	ck_assert(strstr(text, "compgen -W 'symbols sixel kitty none'"));
	ck_assert(strstr(text, "complete -F _profed profed"));
	free(text);
}
END_TEST

START_TEST(test_zsh_completion_matches_tables)
{
	char *text = read_built("completions/zsh/_profed");
	ck_assert(strncmp(text, "#compdef profed\n", 16) == 0);
	expect_same_flags("the zsh completion", text, "--");
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	for (size_t i = 0; i < nc; i++) {
		char want[64];
		snprintf(want, sizeof want, "\t'%s:", cmds[i].name);
		ck_assert_msg(strstr(text, want), "zsh lacks command %s",
		              cmds[i].name);
	}
	ck_assert(strstr(text, ":MODE:(symbols sixel kitty none)'"));
	ck_assert(strstr(text, "--token-file=[read the API token from FILE "
	                       "(mode 600)]:FILE:_files'"));
	free(text);
}
END_TEST

START_TEST(test_fish_completion_matches_tables)
{
	char *text = read_built("completions/fish/profed.fish");
	expect_same_flags("the fish completion", text, " -l ");
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	for (size_t i = 0; i < nc; i++) {
		char want[64];
		snprintf(want, sizeof want, " -a %s -d '", cmds[i].name);
		ck_assert_msg(strstr(text, want), "fish lacks command %s",
		              cmds[i].name);
	}
	ck_assert(strstr(text, "-l images -x -a 'symbols sixel kitty none'"));
	ck_assert(strstr(text, "-l trace -r -F"));
	ck_assert(strstr(text, "-l bio -x -a '(__profed_at_file)'"));
	free(text);
}
END_TEST

START_TEST(test_example_config_every_key)
{
	char *text = read_built("config.example");
	size_t n;
	const struct config_option *o = config_options(&n);
	struct words table = {0}, found = {0};
	for (size_t i = 0; i < n; i++) {
		words_add(&table, o[i].name);
		if (o[i].alias)
			words_add(&table, o[i].alias);
	}
	text_words(text, "\n#", &found);
	/* only "#key = value" lines count as keys */
	struct words keys = {0};
	for (size_t i = 0; i < found.n; i++) {
		char want[96];
		snprintf(want, sizeof want, "\n#%s = ", found.w[i]);
		if (strstr(text, want))
			words_add(&keys, found.w[i]);
	}
	for (size_t i = 0; i < table.n; i++)
		ck_assert_msg(words_has(&keys, table.w[i]),
		              "config.example lacks %s", table.w[i]);
	for (size_t i = 0; i < keys.n; i++)
		ck_assert_msg(words_has(&table, keys.w[i]),
		              "config.example names %s, no setting", keys.w[i]);
	/* every key commented out, defaults as values */
	ck_assert(strstr(text, "\n#timeout = 30\n"));
	ck_assert(strstr(text, "\n#retries = 2\n"));
	ck_assert(strstr(text, "\n#api-version = " CONFIG_USERS_VERSION "\n"));
	ck_assert(strstr(text, "\n#images = symbols\n"));
	for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1
	                                                    : p + strlen(p))
		ck_assert_msg(*p == '#' || *p == '\n', "an active line: %.40s", p);
	words_free(&table);
	words_free(&found);
	words_free(&keys);
	free(text);
}
END_TEST

/* ---- the manual page */

/* The page's text with "\-" read as "-". Caller frees. */
static char *unescape_minus(const char *text)
{
	char *out = strdup(text), *o = out;
	ck_assert_ptr_nonnull(out);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\\' && p[1] == '-')
			p++;
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static void expect_page_matches(const char *what, const char *page)
{
	char *text = unescape_minus(page);
	expect_same_flags(what, text, "--");
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	for (size_t i = 0; i < nc; i++) {
		char want[64];
		snprintf(want, sizeof want, "\n.SS %s", cmds[i].name);
		ck_assert_msg(strstr(text, want), "%s lacks a section on %s", what,
		              cmds[i].name);
	}
	/* every config key in FILES, token included */
	size_t n;
	const struct config_option *o = config_options(&n);
	const char *files = strstr(text, "\n.SH FILES");
	ck_assert_ptr_nonnull(files);
	for (size_t i = 0; i < n; i++) {
		if (!o[i].file_only)
			continue;
		char want[64];
		snprintf(want, sizeof want, "\\fB%s\\fR", o[i].name);
		ck_assert_msg(strstr(files, want), "%s FILES lacks %s", what,
		              o[i].name);
	}
	static const char *const sections[] = {"NAME", "SYNOPSIS",
		"DESCRIPTION", "COMMANDS", "OPTIONS", "ENVIRONMENT", "FILES",
		"EXIT STATUS", "EXAMPLES", "SEE ALSO"};
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		char want[64];
		snprintf(want, sizeof want, "\n.SH %s\n", sections[i]);
		ck_assert_msg(strstr(text, want), "%s lacks .SH %s", what,
		              sections[i]);
	}
	/* the XDG rules of every file */
	ck_assert(strstr(files, "XDG_CONFIG_HOME"));
	ck_assert(strstr(files, "XDG_STATE_HOME"));
	ck_assert(strstr(files, "drafts"));
	ck_assert(strstr(text, "--account-id"));
	free(text);
}

START_TEST(test_manual_matches_tables)
{
	char *src = tu_read_file(TEST_SRCDIR "/docs/profed.1", NULL);
	ck_assert_ptr_nonnull(src);
	expect_page_matches("docs/profed.1", src);
	free(src);
	char *built = read_built("profed.1");
	expect_page_matches("the built profed.1", built);
	ck_assert(strstr(built, "\"profed " PACKAGE_VERSION "\""));
	free(built);
}
END_TEST

START_TEST(test_manual_date)
{
	static const char *const argv[] = {GENCOMP, "man", "9.8.7", NULL};
	static const char page[] =
		".TH PROFED 1 \"2020-01-31\" \"profed 0.0.0\" \"User Commands\"\n"
		".SH NAME\n";
	struct tu_result r;
	static const char *const env_sde[] = {"SOURCE_DATE_EPOCH=86400", NULL};
	ck_assert_int_eq(tu_run(argv, env_sde, page, 10000, &r), 0);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_str_eq(r.out, ".TH PROFED 1 \"1970-01-02\" \"profed 9.8.7\" "
	                 "\"User Commands\"\n.SH NAME\n");
	tu_result_free(&r);
	/* unset: the page's own date */
	ck_assert_int_eq(tu_run(argv, NULL, page, 10000, &r), 0);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert(strstr(r.out, "\"2020-01-31\" \"profed 9.8.7\""));
	tu_result_free(&r);
	/* hostile: not a number, no .TH line */
	static const char *const env_bad[] = {"SOURCE_DATE_EPOCH=yesterday", NULL};
	ck_assert_int_eq(tu_run(argv, env_bad, page, 10000, &r), 0);
	ck_assert_int_ne(r.exit_code, 0);
	ck_assert(strstr(r.err, "SOURCE_DATE_EPOCH"));
	tu_result_free(&r);
	ck_assert_int_eq(tu_run(argv, NULL, ".SH NAME\n", 10000, &r), 0);
	ck_assert_int_ne(r.exit_code, 0);
	tu_result_free(&r);
	static const char *const bad[] = {GENCOMP, "html", NULL};
	ck_assert_int_eq(tu_run(bad, NULL, NULL, 10000, &r), 0);
	ck_assert_int_ne(r.exit_code, 0);
	tu_result_free(&r);
}
END_TEST

START_TEST(test_manual_lint)
{
	/* mandoc is in tools/dev's list; without it (a bare build host) say so
	 * and check with groff's warnings instead when that is there. */
	const char *page = TEST_BUILDDIR "/profed.1";
	struct tu_result r;
	if (access("/usr/bin/mandoc", X_OK) == 0) {
		static const char *argv[] = {"/usr/bin/mandoc", "-T", "lint", "-W",
			"all", NULL, NULL};
		argv[5] = page;
		ck_assert_int_eq(tu_run(argv, NULL, NULL, 20000, &r), 0);
		ck_assert_msg(r.exit_code == 0 && !*r.out && !*r.err,
		              "mandoc -T lint: %s%s", r.out, r.err);
		tu_result_free(&r);
	} else if (access("/usr/bin/groff", X_OK) == 0) {
		static const char *argv[] = {"/usr/bin/groff", "-ww", "-man", "-z",
			NULL, NULL};
		argv[4] = page;
		ck_assert_int_eq(tu_run(argv, NULL, NULL, 20000, &r), 0);
		ck_assert_msg(r.exit_code == 0 && !*r.err, "groff -ww: %s", r.err);
		tu_result_free(&r);
	} else {
		fputs("check_options: neither mandoc nor groff: manual not linted\n",
		      stderr);
	}
}
END_TEST

/* ---- the Debian package's Build-Depends name what configure needs */

START_TEST(test_build_depends_match_configure)
{
	char *conf = tu_read_file(TEST_SRCDIR "/configure.ac", NULL);
	char *control = tu_read_file(TEST_SRCDIR "/debian/control", NULL);
	ck_assert_ptr_nonnull(conf);
	ck_assert_ptr_nonnull(control);
	const char *bd = strstr(control, "\nBuild-Depends:");
	ck_assert_ptr_nonnull(bd);
	const char *bd_end = strstr(bd, "\nStandards-Version:");
	ck_assert_ptr_nonnull(bd_end);
	char *deps = strndup(bd, (size_t)(bd_end - bd));
	size_t checked = 0;
	/* every package configure names after "apt-get install" */
	for (const char *p = strstr(conf, "apt-get install "); p;
	     p = strstr(p + 1, "apt-get install ")) {
		const char *q = p + strlen("apt-get install ");
		while (*q && *q != ']' && *q != ')' && *q != '\n') {
			char pkg[64];
			size_t k = 0;
			while (q[k] && q[k] != ' ' && q[k] != ']' && q[k] != ')' &&
			       q[k] != '\n' && k < sizeof pkg - 1)
				pkg[k] = q[k], k++;
			pkg[k] = '\0';
			q += k;
			while (*q == ' ')
				q++;
			if (!k)
				break;
			if (pkg[0] == '$')
				continue; /* the PROFED_DEP macro's own text */
			char want[80];
			snprintf(want, sizeof want, "\n %s", pkg);
			ck_assert_msg(strstr(deps, want), "debian/control's "
			              "Build-Depends lack %s (configure.ac needs it)", pkg);
			checked++;
		}
	}
	/* and the third argument (packages, blank-separated) of every
	 * PROFED_DEP and PROFED_PREVIEW_DEP([VAR], [module], [pkgs]) */
	static const char *const macros[] = { "PROFED_DEP([",
	                                      "PROFED_PREVIEW_DEP([" };
	for (size_t m = 0; m < 2; m++) {
		for (const char *p = strstr(conf, macros[m]); p;
		     p = strstr(p + 1, macros[m])) {
			if (p[-1] != '\n' && p[-1] != ' ')
				continue; /* inside another name */
			if (strncmp(p + strlen(macros[m]), "$1", 2) == 0)
				continue; /* the macro's own definition */
			const char *a = p;
			for (int i = 0; i < 3 && a; i++)
				a = strchr(a + 1, '[');
			ck_assert_ptr_nonnull(a);
			const char *z = strchr(a, ']');
			ck_assert_ptr_nonnull(z);
			for (const char *w = a + 1; w < z; ) {
				size_t k = strcspn(w, " ]");
				char want[80];
				snprintf(want, sizeof want, "\n %.*s", (int)k, w);
				ck_assert_msg(strstr(deps, want), "debian/control's "
				              "Build-Depends lack%s (configure.ac "
				              "needs it)", want + 1);
				checked++;
				w += k;
				while (*w == ' ')
					w++;
			}
		}
	}
	ck_assert_uint_ge(checked, 10);
	ck_assert(strstr(deps, "debhelper-compat (= 13)"));
	ck_assert(strstr(control, "\nRules-Requires-Root: no\n"));
	free(deps);
	free(conf);
	free(control);
}
END_TEST

/* ---- --version and --help */

START_TEST(test_version_format)
{
	static const char *const argv[] = {PROFED_BIN, "--version", NULL};
	struct tu_result r;
	ck_assert_int_eq(tu_run(argv, NULL, NULL, 10000, &r), 0);
	ck_assert_int_eq(r.exit_code, 0);
	ck_assert_str_eq(r.err, "");
	char *lines[16] = {0};
	size_t n = 0;
	for (char *p = r.out, *nl; *p && n < 16; p = nl + 1) {
		nl = strchr(p, '\n');
		ck_assert_msg(nl != NULL, "unterminated line: %s", p);
		*nl = '\0';
		lines[n++] = p;
	}
	ck_assert_uint_ge(n, 5);
	ck_assert_str_eq(lines[0], "profed " PACKAGE_VERSION);
	/* X.Y.Z */
	unsigned x, y, z;
	char tail;
	ck_assert_int_eq(sscanf(lines[0], "profed %u.%u.%u%c", &x, &y, &z, &tail),
	                 3);
	ck_assert_msg(strncmp(lines[1], "libcurl ", 8) == 0 &&
	              strchr(lines[1], '(') && lines[1][strlen(lines[1]) - 1] == ')',
	              "line 2: %s", lines[1]);
	ck_assert_msg(!strstr(lines[1], "(no TLS)"), "no TLS backend: %s",
	              lines[1]);
	ck_assert_msg(strncmp(lines[2], "ncurses ", 8) == 0, "line 3: %s",
	              lines[2]);
	ck_assert_msg(strncmp(lines[3], "cJSON ", 6) == 0, "line 4: %s", lines[3]);
	size_t api = 4;
#ifdef HAVE_PREVIEWS
	ck_assert_msg(strncmp(lines[4], "libchafa ", 9) == 0 &&
	              strstr(lines[4], "libpng ") && strstr(lines[4], "libwebp ") &&
	              strstr(lines[4], "(in profed-decode)"),
	              "line 5: %s", lines[4]);
	api = 5;
#endif
	ck_assert_uint_eq(n, api + 1);
	ck_assert_str_eq(lines[api], "API versions: users " CONFIG_USERS_VERSION
	                 ", files " CONFIG_FILES_VERSION);
	tu_result_free(&r);
}
END_TEST

START_TEST(test_help_names_every_row)
{
	static const char *const argv[] = {PROFED_BIN, "--help", NULL};
	struct tu_result r;
	ck_assert_int_eq(tu_run(argv, NULL, NULL, 10000, &r), 0);
	ck_assert_int_eq(r.exit_code, 0);
	struct words table = {0}, found = {0};
	table_flags(&table);
	text_words(r.out, "--", &found);
	for (size_t i = 0; i < table.n; i++)
		ck_assert_msg(words_has(&found, table.w[i]), "--help lacks --%s",
		              table.w[i]);
	size_t nc;
	const struct options_command *cmds = options_commands(&nc);
	for (size_t i = 0; i < nc; i++) {
		char want[64];
		snprintf(want, sizeof want, "profed [OPTIONS] %s", cmds[i].name);
		ck_assert_msg(strstr(r.out, want), "--help lacks %s", want);
	}
	words_free(&table);
	words_free(&found);
	tu_result_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("options");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_options_hostile);
	tcase_add_test(tc, test_bash_completion_matches_tables);
	tcase_add_test(tc, test_zsh_completion_matches_tables);
	tcase_add_test(tc, test_fish_completion_matches_tables);
	tcase_add_test(tc, test_example_config_every_key);
	tcase_add_test(tc, test_manual_matches_tables);
	tcase_add_test(tc, test_manual_date);
	tcase_add_test(tc, test_manual_lint);
	tcase_add_test(tc, test_build_depends_match_configure);
	tcase_add_test(tc, test_version_format);
	tcase_add_test(tc, test_help_names_every_row);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
