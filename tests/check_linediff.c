/* check_linediff.c - the line diff of the confirmation (src/linediff.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linediff.h"
#include "strbuf.h"
#include "testutil.h"

/* The diff as text: one line each, "  ", "- " or "+ " before it. */
static char *render(const char *old, const char *new)
{
	struct linediff_line *d;
	struct strbuf sb = { 0 };
	long n = linediff(old, new, &d);

	ck_assert_int_ge(n, 0);
	for (long i = 0; i < n; i++)
		strbuf_appendf(&sb, "%s%.*s\n", d[i].op == LINEDIFF_SAME ? "  " :
		               d[i].op == LINEDIFF_DEL ? "- " : "+ ",
		               (int)d[i].len, d[i].start);
	free(d);
	return sb.data ? strbuf_take(&sb) : strdup("");
}

static void expect(const char *old, const char *new, const char *want)
{
	char *got = render(old, new);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_null_and_empty)
{
	expect(NULL, NULL, "");
	expect("", "", "");
	expect(NULL, "a", "+ a\n");
	expect("a", "", "- a\n");
}
END_TEST

START_TEST(test_changes)
{
	expect("a\nb\nc", "a\nb\nc", "  a\n  b\n  c\n");
	expect("a\nb\nc", "a\nB\nc", "  a\n- b\n+ B\n  c\n");
	/* two changes far apart: both shown */
	expect("1\n2\n3\n4\n5\n6", "1\nX\n3\n4\n5\nY",
	       "  1\n- 2\n+ X\n  3\n  4\n  5\n- 6\n+ Y\n");
	/* blank lines are lines */
	expect("a\n\nb", "a\nb", "  a\n- \n  b\n");
	expect("a\n", "a\n\n", "  a\n+ \n");
	/* hostile bytes are only bytes here (sanitised when shown) */
	expect("\x1b[31m", "x", "- \x1b[31m\n+ x\n");
}
END_TEST

START_TEST(test_large_falls_back_exactly)
{
	size_t n = 3000;
	char *a = malloc(n * 3 + 1), *b = malloc(n * 3 + 1);
	struct linediff_line *d;
	long k, dels = 0, adds = 0;

	for (size_t i = 0; i < n; i++) {
		memcpy(a + i * 3, "ab\n", 3);
		memcpy(b + i * 3, "cd\n", 3);
	}
	a[n * 3] = b[n * 3] = '\0';
	k = linediff(a, b, &d);
	ck_assert_int_eq(k, (long)(2 * n));
	for (long i = 0; i < k; i++) {
		dels += d[i].op == LINEDIFF_DEL;
		adds += d[i].op == LINEDIFF_ADD;
	}
	ck_assert_int_eq(dels, (long)n);
	ck_assert_int_eq(adds, (long)n);
	free(d);
	free(a);
	free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("linediff");
	TCase *tc = tcase_create("linediff");

	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_changes);
	tcase_add_test(tc, test_large_falls_back_exactly);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
