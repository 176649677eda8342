/* check_datetime.c - server timestamps in local time. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "testutil.h"

static void check_local(const char *tz, const char *in, const char *want)
{
	setenv("TZ", tz, 1);
	tzset();
	char *got = datetime_local(in);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "%s in %s: got '%s', want '%s'",
	              in, tz, got, want);
	free(got);
}

START_TEST(test_null_empty_hostile)
{
	ck_assert_ptr_null(datetime_local(NULL));
	check_local("UTC", "", "");
	check_local("UTC", "yesterday", "yesterday");
	check_local("UTC", "2023-13-01T05:00:00Z", "2023-13-01T05:00:00Z");
	check_local("UTC", "2023-12-01T05:00:00", "2023-12-01T05:00:00");
	check_local("UTC", "2023-12-01T05:00:00.Z", "2023-12-01T05:00:00.Z");
	check_local("UTC", "2023-12-01T05:00:00Zjunk", "2023-12-01T05:00:00Zjunk");
	/* escape sequences come back inert */
	check_local("UTC", "\x1b[2J", "^[[2J");
}
END_TEST

START_TEST(test_zones)
{
	check_local("UTC", "2023-12-01T05:00:00.401Z", "2023-12-01 05:00 UTC");
	check_local("Europe/Paris", "2023-12-01T05:00:00.401Z", "2023-12-01 06:00 CET");
	check_local("Europe/Paris", "2023-07-01T05:00:00Z", "2023-07-01 07:00 CEST");
	check_local("UTC", "2024-02-29T23:59:59.000+01:00", "2024-02-29 22:59 UTC");
	check_local("America/New_York", "2024-02-29T23:59:59.000Z", "2024-02-29 18:59 EST");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("datetime");
	TCase *tc = tcase_create("datetime");
	tcase_add_test(tc, test_null_empty_hostile);
	tcase_add_test(tc, test_zones);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
