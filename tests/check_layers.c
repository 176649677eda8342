/* check_layers.c - the layering rules of docs/architecture.md, read from
 * the sources: the core (src/, except main.c) includes no curses header
 * and no header of ui/; ui/ includes no libcurl header. The compiler
 * flags leave these out too (Makefile.am), but on Debian both headers sit
 * in the default include path, so only reading the includes can tell. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Whether the line is an #include naming something that starts with one
 * of the prefixes (after '<' or '"'). */
static bool includes_any(const char *line, const char *const *prefixes)
{
	const char *p = line;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '#')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "include", 7) != 0)
		return false;
	p += 7;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '<' && *p != '"')
		return false;
	p++;
	for (size_t i = 0; prefixes[i]; i++) {
		if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	}
	return false;
}

/* Lines of the C files in dir (relative to the source tree) that include
 * one of prefixes; skip is a file name left out (NULL: none). Returns
 * how many, each printed. */
static int scan(const char *dir, const char *skip,
                const char *const *prefixes)
{
	char path[1024], line[1024];
	struct dirent *de;
	DIR *d;
	int bad = 0;

	snprintf(path, sizeof path, "%s/%s", TEST_SRCDIR, dir);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot open %s", path);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		FILE *f;
		int no = 0;
		if (n < 3 || (strcmp(de->d_name + n - 2, ".c") &&
		              strcmp(de->d_name + n - 2, ".h")))
			continue;
		if (skip && strcmp(de->d_name, skip) == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s/%s", TEST_SRCDIR, dir,
		         de->d_name);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "cannot read %s", path);
		while (fgets(line, sizeof line, f)) {
			no++;
			if (includes_any(line, prefixes)) {
				fprintf(stderr, "%s/%s:%d: %s", dir, de->d_name, no, line);
				bad++;
			}
		}
		fclose(f);
	}
	closedir(d);
	return bad;
}

START_TEST(test_matcher)
{
	static const char *const p[] = { "curl/", NULL };

	ck_assert(!includes_any("", p));
	ck_assert(!includes_any("/* #include <curl/curl.h> */", p));
	ck_assert(!includes_any("#define include <curl/", p));
	ck_assert(includes_any("#include <curl/curl.h>\n", p));
	ck_assert(includes_any("  #  include \"curl/x.h\"", p));
	ck_assert(!includes_any("#include <stdio.h>", p));
}
END_TEST

START_TEST(test_core_draws_nothing)
{
	/* curses and every header of ui/ */
	static const char *const drawing[] = {
		"curses.h", "ncurses", "form.h", "panel.h", "tty.h", "term.h",
		"curses_wide.h", "app.h", "colors.h", "dialog.h", "draw.h",
		"entry.h", "extedit.h", "keys.h", "preview.h", "screens.h",
		"status.h", "title.h", "ui.h", NULL,
	};
	ck_assert_int_eq(scan("src", "main.c", drawing), 0);
}
END_TEST

START_TEST(test_ui_calls_no_libcurl)
{
	static const char *const curl[] = { "curl/", NULL };

	ck_assert_int_eq(scan("ui", NULL, curl), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("layers");
	TCase *tc = tcase_create("includes");

	tcase_add_test(tc, test_matcher);
	tcase_add_test(tc, test_core_draws_nothing);
	tcase_add_test(tc, test_ui_calls_no_libcurl);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
