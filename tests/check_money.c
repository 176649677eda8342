/* check_money.c - unit tests for src/money.c: plain-decimal recognition,
 * USD rounding by string arithmetic, native amounts, comparison and
 * conversion of JSON doubles. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "text.h"
#include "testutil.h"

/* Format s as USD and compare with want; frees the result. */
static void expect_usd(const char *s, const char *want)
{
	char *got = money_format_usd(s);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Format s as a native amount and compare with want; frees the result. */
static void expect_amount(const char *s, const char *want)
{
	char *got = money_format_amount(s);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Convert v and compare with want; frees the result. */
static void expect_from_double(double v, const char *want)
{
	char *got = money_from_double(v);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert(money_is_decimal(got));
	free(got);
}

/* A string of n copies of c followed by tail. Caller frees. */
static char *repeat(char c, size_t n, const char *tail)
{
	size_t tail_len = strlen(tail);
	char *s = malloc(n + tail_len + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	memcpy(s + n, tail, tail_len + 1);
	return s;
}

/* True when s is digits grouped in threes by commas
 * with a leading group of 1..3 digits, and has total digits. */
static int is_grouped(const char *s, size_t digits)
{
	size_t len = strlen(s);
	size_t lead = digits % 3 ? digits % 3 : 3;

	if (len != digits + (digits - 1) / 3)
		return 0;
	for (size_t i = 0; i < len; i++) {
		int comma_here = i >= lead && (i - lead) % 4 == 0;

		if (comma_here ? s[i] != ',' : (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	return 1;
}

static const char *const not_numbers[] = {
	"", " 12", "12 ", "1e3", "1E3", "12abc", "NaN", "nan", "inf",
	"-Infinity", "0x10", "--1", "+-1", "-+1", "1.2.3", ".", "-", "+",
	".5", "5.", "-.5", "1,000", "1_000", "\xEF\xBC\x91\xEF\xBC\x92",
	"\x1B[31m5", "5\n", "\xFF", "\xD9\xA1", "null",
};

START_TEST(test_null)
{
	ck_assert(!money_is_decimal(NULL));
	ck_assert_ptr_null(money_format_usd(NULL));
	ck_assert_ptr_null(money_format_amount(NULL));
	ck_assert_int_eq(money_compare(NULL, NULL), 0);
	ck_assert_int_lt(money_compare(NULL, "0"), 0);
	ck_assert_int_gt(money_compare("-5", NULL), 0);
}
END_TEST

START_TEST(test_not_numbers_shown_sanitized)
{
	for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0];
	     i++) {
		const char *s = not_numbers[i];
		char *want = text_sanitize(s, 0);

		ck_assert_msg(!money_is_decimal(s), "accepted \"%s\"", s);
		expect_usd(s, want);
		expect_amount(s, want);
		free(want);
	}
	/* the escape sequence arrives inert */
	expect_usd("\x1B[31m5", "^[[31m5");
	expect_amount("12abc", "12abc");
}
END_TEST

START_TEST(test_not_numbers_compare)
{
	for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0];
	     i++) {
		const char *s = not_numbers[i];

		ck_assert_int_lt(money_compare(s, "-99999999"), 0);
		ck_assert_int_gt(money_compare("0", s), 0);
		ck_assert_int_eq(money_compare(s, "garbage"), 0);
	}
}
END_TEST

START_TEST(test_is_decimal)
{
	ck_assert(money_is_decimal("0"));
	ck_assert(money_is_decimal("-0"));
	ck_assert(money_is_decimal("+1"));
	ck_assert(money_is_decimal("12.5"));
	ck_assert(money_is_decimal("007"));
	ck_assert(money_is_decimal("-0.01650000"));
	ck_assert(money_is_decimal("0.000000000000000001"));
}
END_TEST

START_TEST(test_usd_basic)
{
	expect_usd("0", "$0.00");
	expect_usd("12", "$12.00");
	expect_usd("123", "$123.00");
	expect_usd("1234", "$1,234.00");
	expect_usd("15234.5", "$15,234.50");
	expect_usd("1234567.891", "$1,234,567.89");
	expect_usd("-1234.5", "-$1,234.50");
	expect_usd("+5", "$5.00");
	expect_usd("007.5", "$7.50");
	expect_usd("0.01650000", "$0.02");
}
END_TEST

START_TEST(test_usd_rounding)
{
	/* exactly half goes away from zero, in both directions */
	expect_usd("0.005", "$0.01");
	expect_usd("-0.005", "-$0.01");
	expect_usd("0.015", "$0.02");
	expect_usd("0.025", "$0.03");
	/* values a double cannot hold: 1.005 is 1.00499999... as a float */
	expect_usd("1.005", "$1.01");
	expect_usd("2.675", "$2.68");
	/* just below half */
	expect_usd("0.004", "$0.00");
	expect_usd("0.0049999999999", "$0.00");
	expect_usd("9.994", "$9.99");
	/* carries through every digit and into a new group */
	expect_usd("0.995", "$1.00");
	expect_usd("9.995", "$10.00");
	expect_usd("99.995", "$100.00");
	expect_usd("999.995", "$1,000.00");
	expect_usd("-999999.995", "-$1,000,000.00");
	expect_usd("19.999", "$20.00");
}
END_TEST

START_TEST(test_usd_zero_has_no_sign)
{
	expect_usd("-0", "$0.00");
	expect_usd("-0.00", "$0.00");
	expect_usd("-0.004", "$0.00");
	expect_usd("-0.0049", "$0.00");
	expect_usd("-000.000", "$0.00");
}
END_TEST

START_TEST(test_usd_huge_and_tiny)
{
	char *nines = repeat('9', 400, ".995");
	char *got = money_format_usd(nines);

	/* 400 nines round up to 1 followed by 400 zeros: 401 digits */
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got[0], '$');
	ck_assert(strncmp(got, "$10,000,", 8) == 0);
	ck_assert_str_eq(got + strlen(got) - 3, ".00");
	got[strlen(got) - 3] = '\0';
	ck_assert(is_grouped(got + 1, 401));
	free(got);
	free(nines);

	expect_usd("0.000000000000000001", "$0.00");
	expect_usd("-0.000000000000000001", "$0.00");
	expect_usd("0.005000000000000000001", "$0.01");
}
END_TEST

START_TEST(test_amount)
{
	expect_amount("0", "0");
	expect_amount("1234567.5", "1,234,567.5");
	expect_amount("0.01650000", "0.01650000");
	expect_amount("1234567.01650000", "1,234,567.01650000");
	expect_amount("-1234", "-1,234");
	expect_amount("100", "100");
	expect_amount("1000", "1,000");
	expect_amount("+12", "12");
	expect_amount("007", "7");
	expect_amount("0.000000000000000001", "0.000000000000000001");
	expect_amount("-0.000000000000000001", "-0.000000000000000001");
}
END_TEST

START_TEST(test_amount_zero_has_no_sign)
{
	expect_amount("-0", "0");
	expect_amount("-0.00", "0.00");
	expect_amount("-000.0000", "0.0000");
}
END_TEST

START_TEST(test_amount_huge)
{
	char *big = repeat('7', 400, ".12345678901234567890");
	char *got = money_format_amount(big);
	char *point;

	ck_assert_ptr_nonnull(got);
	point = strchr(got, '.');
	ck_assert_ptr_nonnull(point);
	ck_assert_str_eq(point, ".12345678901234567890");
	*point = '\0';
	ck_assert(is_grouped(got, 400));
	free(got);
	free(big);
}
END_TEST

START_TEST(test_compare)
{
	ck_assert_int_eq(money_compare("1", "1.0"), 0);
	ck_assert_int_eq(money_compare("-0", "0.00"), 0);
	ck_assert_int_eq(money_compare("007", "+7"), 0);
	ck_assert_int_lt(money_compare("2", "10"), 0);
	ck_assert_int_gt(money_compare("10", "2"), 0);
	ck_assert_int_gt(money_compare("-2", "-10"), 0);
	ck_assert_int_gt(money_compare("0.1", "0.09"), 0);
	ck_assert_int_lt(money_compare("-1", "0"), 0);
	ck_assert_int_lt(money_compare("-0.000001", "0"), 0);
	ck_assert_int_gt(money_compare("0.000000000000000001", "-0"), 0);
	ck_assert_int_gt(money_compare("1.0000000000000000001", "1"), 0);
	ck_assert_int_lt(money_compare("-1.0000000000000000001", "-1"), 0);
	ck_assert_int_lt(money_compare("99.99", "100"), 0);
}
END_TEST

START_TEST(test_compare_huge)
{
	char *a = repeat('9', 400, "");
	char *b = repeat('9', 400, ".000000001");
	char *c = repeat('1', 401, "");

	ck_assert_int_lt(money_compare(a, b), 0);
	ck_assert_int_lt(money_compare(b, c), 0);
	ck_assert_int_gt(money_compare(c, a), 0);
	ck_assert_int_eq(money_compare(a, a), 0);
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(test_from_double_non_finite)
{
	ck_assert_ptr_null(money_from_double(NAN));
	ck_assert_ptr_null(money_from_double(INFINITY));
	ck_assert_ptr_null(money_from_double(-INFINITY));
}
END_TEST

START_TEST(test_from_double)
{
	expect_from_double(97803.03, "97803.03");
	expect_from_double(0.0, "0");
	expect_from_double(-0.0, "0");
	expect_from_double(100.0, "100");
	expect_from_double(-1.5, "-1.5");
	expect_from_double(0.1 + 0.2, "0.3");
	expect_from_double(1.0 / 3.0, "0.333333333333333");
	expect_from_double(123456789012345678.0, "123456789012346000");
	expect_from_double(0.0165, "0.0165");
	/* where "%.15g" would switch to an exponent */
	expect_from_double(1e21, "1000000000000000000000");
	expect_from_double(1e-7, "0.0000001");
	expect_from_double(-2.5e-10, "-0.00000000025");
	expect_from_double(1e15, "1000000000000000");
}
END_TEST

START_TEST(test_from_double_extremes)
{
	char *big = money_from_double(1e308);
	char *tiny = money_from_double(5e-324);

	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(tiny);
	ck_assert(money_is_decimal(big));
	ck_assert(money_is_decimal(tiny));
	ck_assert_uint_eq(strlen(big), 309);
	ck_assert_uint_eq(big[0], '1');
	ck_assert_uint_eq(strspn(big + 1, "0"), 308);
	/* 4.94065645841247e-324: 323 zeros after the point, then digits */
	ck_assert(strncmp(tiny, "0.", 2) == 0);
	ck_assert_uint_eq(strspn(tiny + 2, "0"), 323);
	ck_assert_str_eq(tiny + 2 + 323, "494065645841247");
	free(big);
	free(tiny);
}
END_TEST

/* The suite: NULL and hostile input first. */
static Suite *money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_null);
	tcase_add_test(tc, test_not_numbers_shown_sanitized);
	tcase_add_test(tc, test_not_numbers_compare);
	tcase_add_test(tc, test_from_double_non_finite);
	tcase_add_test(tc, test_is_decimal);
	tcase_add_test(tc, test_usd_basic);
	tcase_add_test(tc, test_usd_rounding);
	tcase_add_test(tc, test_usd_zero_has_no_sign);
	tcase_add_test(tc, test_usd_huge_and_tiny);
	tcase_add_test(tc, test_amount);
	tcase_add_test(tc, test_amount_zero_has_no_sign);
	tcase_add_test(tc, test_amount_huge);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_compare_huge);
	tcase_add_test(tc, test_from_double);
	tcase_add_test(tc, test_from_double_extremes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(money_suite());
}
