/* check_strbuf.c - the capped growable buffer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "testutil.h"

START_TEST(test_null_and_empty)
{
	strbuf_free(NULL);
	ck_assert_str_eq(strbuf_str(NULL), "");
	struct strbuf sb = {0};
	ck_assert_str_eq(strbuf_str(&sb), "");
	ck_assert_int_eq(strbuf_append_str(&sb, NULL), 0);
	ck_assert_int_eq(strbuf_append(&sb, "", 0), 0);
	ck_assert_uint_eq(sb.len, 0);
	char *s = strbuf_take(&sb);
	ck_assert_str_eq(s, "");
	free(s);
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_grow_and_binary)
{
	struct strbuf sb = {0};
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(strbuf_append(&sb, "ab\0", 3), 0);
	ck_assert_uint_eq(sb.len, 30000);
	ck_assert_int_eq(memcmp(sb.data + 29997, "ab\0", 3), 0);
	ck_assert_int_eq(sb.data[sb.len], '\0');
	strbuf_reset(&sb);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_int_eq(strbuf_appendf(&sb, "%d-%s", 42, "x"), 0);
	ck_assert_str_eq(strbuf_str(&sb), "42-x");
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_limit)
{
	struct strbuf sb = {.limit = 10};
	ck_assert_int_eq(strbuf_append_str(&sb, "0123456789"), 0);
	ck_assert(!sb.overflow);
	ck_assert_int_eq(strbuf_append_str(&sb, "x"), -1);
	ck_assert(sb.overflow);
	ck_assert_str_eq(strbuf_str(&sb), "0123456789");
	ck_assert_int_eq(strbuf_appendf(&sb, "%s", "y"), -1);
	/* a huge length must not wrap around the cap check */
	ck_assert_int_eq(strbuf_append(&sb, "z", (size_t)-1), -1);
	strbuf_free(&sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("strbuf");
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_grow_and_binary);
	tcase_add_test(tc, test_limit);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
