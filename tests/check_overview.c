/* check_overview.c - balances as sorted, formatted display rows. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "overview.h"
#include "strbuf.h"
#include "testutil.h"
#include "user.h"

static struct user *load(const char *fixture)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TEST_FIXTURES_DIR, fixture);
	size_t len;
	char *json = tu_read_file(path, &len);
	ck_assert_ptr_nonnull(json);
	struct pf_error err;
	struct user *u = user_parse(json, len, &err);
	ck_assert_ptr_nonnull(u);
	free(json);
	return u;
}

static struct user *parse(const char *json)
{
	struct pf_error err;
	struct user *u = user_parse(json, strlen(json), &err);
	ck_assert_msg(u != NULL, "%s", err.message);
	return u;
}

START_TEST(test_null_and_empty)
{
	struct pf_error err;
	ck_assert_ptr_null(overview_build(NULL, &err));
	overview_free(NULL);
	struct user *u = parse("{\"id\":\"user_1\"}");
	struct overview *o = overview_build(u, &err);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_null(o->total);
	ck_assert_ptr_nonnull(strstr(o->total_note, "not available"));
	ck_assert_ptr_nonnull(strstr(o->total_note, "API version"));
	ck_assert_uint_eq(o->n_rows, 0);
	ck_assert_ptr_nonnull(strstr(o->empty_note, "not sent"));
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_other_user_null_total)
{
	struct user *u = load("user-other.json");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_ptr_null(o->total); /* never $0.00 */
	ck_assert_ptr_nonnull(strstr(o->total_note, "your own profile"));
	/* an empty list with no total is not "no balances": unknown */
	ck_assert_ptr_nonnull(strstr(o->empty_note, "only sent along with the total"));
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_me_sorted_and_formatted)
{
	struct user *u = load("user-me.json");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_str_eq(o->total, "$15,234.50");
	ck_assert_ptr_null(o->total_note);
	ck_assert_uint_eq(o->n_rows, 4);
	static const char *const order[] = {"USD", "EUR", "cbBTC", "GLD"};
	for (size_t i = 0; i < 4; i++)
		ck_assert_str_eq(o->rows[i].symbol, order[i]);
	ck_assert_str_eq(o->rows[0].amount, "12,000.00");
	ck_assert_str_eq(o->rows[0].value, "$12,000.00");
	ck_assert_str_eq(o->rows[0].price, "$1");
	ck_assert_str_eq(o->rows[2].amount, "0.01650000");
	ck_assert_str_eq(o->rows[2].price, "$97,803.03");
	ck_assert(o->rows[3].unpriced);
	ck_assert_str_eq(o->rows[3].value, "unpriced");
	ck_assert_str_eq(o->rows[3].price, "-");
	ck_assert_uint_eq(o->rows[0].n_breakdown, 3);
	ck_assert_str_eq(o->rows[0].breakdown[1].label, "pending");
	ck_assert_str_eq(o->rows[0].breakdown[1].amount, "750.00");
	ck_assert_uint_eq(o->rows[3].n_breakdown, 0);
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_nested_balance)
{
	struct user *u = load("user-nested-balance.json");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_str_eq(o->total, "$15,234.50");
	ck_assert_uint_eq(o->n_totals, 5);
	ck_assert_str_eq(o->totals[0].label, "cash");
	ck_assert_str_eq(o->totals[0].amount, "$13,620.75");
	ck_assert_uint_eq(o->n_rows, 2);
	ck_assert_str_eq(o->rows[0].section, "cash");
	ck_assert_str_eq(o->rows[0].value, "$11,000.00");
	ck_assert_str_eq(o->rows[1].section, "crypto");
	ck_assert_str_eq(o->rows[1].symbol, "cbBTC");
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_hostile_values)
{
	struct user *u = parse("{\"id\":\"user_1\",\"total_usd\":\"lots\\u001b[2J\","
		"\"balances\":["
		"{\"symbol\":\"\\u001b]0;x\\u0007EVIL\",\"name\":\"a\\u202eb\","
		" \"balance\":\"1e9\",\"value_usd\":\"NaN\",\"price_usd\":\"0x10\"},"
		"{\"symbol\":\"NEG\",\"balance\":\"-5\",\"value_usd\":\"-0.005\"},"
		"{\"symbol\":\"TINY\",\"balance\":\"0.000000000000000001\","
		" \"value_usd\":\"0.004\",\"price_usd\":\"0.00000001\"},"
		"{\"symbol\":\"BIG\",\"balance\":\"123456789012345678901234567890\","
		" \"value_usd\":\"99999999999999999999.995\"}]}");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_str_eq(o->total, "lots^[[2J");
	ck_assert_str_eq(o->rows[0].symbol, "BIG");
	ck_assert_str_eq(o->rows[0].value, "$100,000,000,000,000,000,000.00");
	ck_assert_str_eq(o->rows[0].amount, "123,456,789,012,345,678,901,234,567,890");
	ck_assert_str_eq(o->rows[1].symbol, "TINY");
	ck_assert_str_eq(o->rows[1].value, "$0.00");
	ck_assert_str_eq(o->rows[1].price, "$0.00000001");
	ck_assert_str_eq(o->rows[2].symbol, "NEG");
	ck_assert_str_eq(o->rows[2].value, "-$0.01");
	ck_assert_str_eq(o->rows[3].symbol, "^[]0;x^GEVIL");
	ck_assert(o->rows[3].unpriced);
	ck_assert_str_eq(o->rows[3].amount, "1e9");
	ck_assert_str_eq(o->rows[3].price, "0x10");
	ck_assert_ptr_null(strchr(o->rows[3].name, 0x1b));
	ck_assert_ptr_null(strstr(o->rows[3].name, "\xe2\x80\xae"));
	overview_free(o);
	user_free(u);
}
END_TEST

/* earnings_usd in the summary: formatted when a number, sanitised text
 * otherwise, absent when not sent. */
START_TEST(test_earnings)
{
	struct pf_error err;
	struct user *u = load("user-me-balance-history.json");
	struct overview *o = overview_build(u, &err);
	ck_assert_str_eq(o->earnings, "$48,211.90");
	overview_free(o);
	user_free(u);
	u = parse("{\"id\":\"u\",\"earnings_usd\":-1234.5}");
	o = overview_build(u, &err);
	ck_assert_str_eq(o->earnings, "-$1,234.50");
	overview_free(o);
	user_free(u);
	u = parse("{\"id\":\"u\",\"earnings_usd\":\"lots\\u001b[31m\"}");
	o = overview_build(u, &err);
	ck_assert_str_eq(o->earnings, "lots^[[31m");
	overview_free(o);
	user_free(u);
	u = load("user-me.json");
	o = overview_build(u, &err);
	ck_assert_ptr_null(o->earnings);
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_many_balances)
{
	struct strbuf sb = {0};
	strbuf_append_str(&sb, "{\"id\":\"user_1\",\"total_usd\":\"1\",\"balances\":[");
	for (int i = 0; i < 5000; i++)
		strbuf_appendf(&sb, "%s{\"symbol\":\"T%d\",\"balance\":\"%d\","
		               "\"value_usd\":%s}", i ? "," : "", i, i,
		               i % 7 == 0 ? "null" : "\"1.5\"");
	strbuf_append_str(&sb, "]}");
	struct user *u = parse(strbuf_str(&sb));
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_uint_eq(o->n_rows, 5000);
	/* equal values keep server order; unpriced last in server order */
	ck_assert_str_eq(o->rows[0].symbol, "T1");
	ck_assert_str_eq(o->rows[1].symbol, "T2");
	ck_assert(o->rows[4999].unpriced);
	ck_assert_str_eq(o->rows[4999].symbol, "T4998");
	ck_assert(!o->rows[4284].unpriced);
	ck_assert(o->rows[4285].unpriced);
	ck_assert_str_eq(o->rows[4285].symbol, "T0");
	overview_free(o);
	user_free(u);
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_rounding_and_signs)
{
	/* Through the overview, not only money.c: half a cent rounds away
	 * from zero (2.675 is 2.67 through a double), zero is never negative,
	 * a total of zero is "$0.00" (known), not "not available". */
	struct user *u = parse("{\"id\":\"user_1\",\"total_usd\":\"0\","
		"\"balances\":["
		"{\"symbol\":\"A\",\"balance\":\"2.675\",\"value_usd\":\"2.675\","
		" \"price_usd\":1},"
		"{\"symbol\":\"B\",\"balance\":\"-0.000\",\"value_usd\":\"-0.004\"},"
		"{\"symbol\":\"C\",\"balance\":\"-1234.5\",\"value_usd\":\"-1234.505\"},"
		"{\"symbol\":\"D\",\"balance\":\"0\",\"value_usd\":\"0.005\"},"
		"{\"symbol\":\"E\",\"balance\":\"\",\"value_usd\":\"\"},"
		"{\"symbol\":\"F\",\"balance\":\"1.2.3\",\"value_usd\":\"1,000\","
		" \"price_usd\":\" 1\"}]}");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_str_eq(o->total, "$0.00");
	ck_assert_ptr_null(o->total_note);
	ck_assert_uint_eq(o->n_rows, 6);
	ck_assert_str_eq(o->rows[0].symbol, "A");
	ck_assert_str_eq(o->rows[0].value, "$2.68");
	ck_assert_str_eq(o->rows[1].symbol, "D");
	ck_assert_str_eq(o->rows[1].value, "$0.01");
	ck_assert_str_eq(o->rows[1].amount, "0");
	ck_assert_str_eq(o->rows[2].symbol, "B");
	ck_assert_str_eq(o->rows[2].value, "$0.00");
	ck_assert_str_eq(o->rows[2].amount, "0.000");
	ck_assert_str_eq(o->rows[3].symbol, "C");
	ck_assert_str_eq(o->rows[3].value, "-$1,234.51");
	ck_assert_str_eq(o->rows[3].amount, "-1,234.5");
	/* garbage is unpriced, last, in server order, and shown as sent */
	ck_assert(o->rows[4].unpriced);
	ck_assert_str_eq(o->rows[4].symbol, "E");
	ck_assert_str_eq(o->rows[4].value, "unpriced");
	ck_assert(o->rows[5].unpriced);
	ck_assert_str_eq(o->rows[5].amount, "1.2.3");
	ck_assert_str_eq(o->rows[5].price, " 1");
	overview_free(o);
	user_free(u);
}
END_TEST

START_TEST(test_breakdown_keeps_every_bucket)
{
	/* A later version adds in_transit: shown, labelled, in server order. */
	struct user *u = parse("{\"id\":\"user_1\",\"total_usd\":\"1\","
		"\"balances\":[{\"symbol\":\"USD\",\"balance\":\"1\","
		"\"value_usd\":\"1\",\"breakdown\":{\"available\":\"0.25\","
		"\"pending\":\"0.25\",\"reserve\":\"0.25\",\"in_transit\":\"1000.25\"}}]}");
	struct pf_error err;
	struct overview *o = overview_build(u, &err);
	ck_assert_uint_eq(o->rows[0].n_breakdown, 4);
	ck_assert_str_eq(o->rows[0].breakdown[3].label, "in transit");
	ck_assert_str_eq(o->rows[0].breakdown[3].amount, "1,000.25");
	overview_free(o);
	user_free(u);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("overview");
	TCase *tc = tcase_create("overview");
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_other_user_null_total);
	tcase_add_test(tc, test_me_sorted_and_formatted);
	tcase_add_test(tc, test_nested_balance);
	tcase_add_test(tc, test_hostile_values);
	tcase_add_test(tc, test_many_balances);
	tcase_add_test(tc, test_earnings);
	tcase_add_test(tc, test_rounding_and_signs);
	tcase_add_test(tc, test_breakdown_keeps_every_bucket);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
