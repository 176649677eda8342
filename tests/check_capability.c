/* check_capability.c - what a credential may change, from the contract's
 * table, known before anything is sent: every (kind, self, account) cell,
 * the reasons, and that the override's fields come from edit_fields[]. */
#include <check.h>
#include <string.h>

#include "capability.h"
#include "edit.h"
#include "testutil.h"

static const enum cap_cred kinds[] = { CAP_CRED_UNKNOWN, CAP_CRED_USER,
                                       CAP_CRED_API_KEY };

START_TEST(test_null_and_hostile)
{
	capability_of(CAP_CRED_USER, true, false, NULL);
	ck_assert_int_eq(capability_count(NULL), 0);
	struct capability c;
	memset(&c, 0xA5, sizeof c); /* garbage in: every member is set */
	capability_of((enum cap_cred)99, false, false, &c);
	ck_assert(c.look_only);
	ck_assert_int_eq(capability_count(&c), 0);
	ck_assert_str_eq(capability_kind_name((enum cap_cred)99), "unknown");
	ck_assert_str_eq(capability_kind_name(CAP_CRED_USER), "user");
	ck_assert_str_eq(capability_kind_name(CAP_CRED_API_KEY), "api-key");
	/* every cell: locked fields have a sentence, allowed ones none */
	for (size_t k = 0; k < 3; k++)
		for (int self = 0; self < 2; self++)
			for (int acc = 0; acc < 2; acc++) {
				capability_of(kinds[k], self, acc, &c);
				for (size_t f = 0; f < FIELD_COUNT; f++) {
					ck_assert(c.allowed[f] == (c.reason[f] == NULL));
					if (c.reason[f]) {
						size_t n = strlen(c.reason[f]);
						ck_assert_uint_gt(n, 20);
						ck_assert_int_eq(c.reason[f][n - 1], '.');
					}
				}
				ck_assert(c.look_only == (capability_count(&c) == 0));
				ck_assert(c.look_only == (c.why != NULL));
				ck_assert(!c.refused || c.look_only);
			}
}
END_TEST

START_TEST(test_user_token)
{
	struct capability c;
	capability_of(CAP_CRED_USER, true, false, &c);
	ck_assert_int_eq(capability_count(&c), FIELD_COUNT);
	ck_assert(!c.look_only && !c.refused);
	capability_of(CAP_CRED_USER, false, false, &c);
	ck_assert(c.look_only && !c.refused);
	ck_assert_ptr_nonnull(strstr(c.why, "Look only"));
	ck_assert_ptr_nonnull(strstr(c.reason[FIELD_NAME], "its own profile"));
	/* its own override in an account: name and picture */
	capability_of(CAP_CRED_USER, true, true, &c);
	ck_assert(c.allowed[FIELD_NAME] && c.allowed[FIELD_PICTURE]);
	ck_assert(!c.allowed[FIELD_BIO] && !c.allowed[FIELD_USERNAME]);
	/* with an account, still not someone else */
	capability_of(CAP_CRED_USER, false, true, &c);
	ck_assert(c.look_only);
}
END_TEST

START_TEST(test_api_key)
{
	struct capability c;
	capability_of(CAP_CRED_API_KEY, true, false, &c);
	ck_assert(c.refused && c.look_only);
	ck_assert_ptr_nonnull(strstr(c.why, "id or username"));
	capability_of(CAP_CRED_API_KEY, false, false, &c);
	ck_assert(c.look_only && !c.refused);
	ck_assert_ptr_nonnull(strstr(c.why, "--account-id"));
	capability_of(CAP_CRED_API_KEY, false, true, &c);
	ck_assert(!c.look_only);
	ck_assert_int_eq(capability_count(&c), 2);
	ck_assert(c.allowed[FIELD_NAME] && c.allowed[FIELD_PICTURE]);
	ck_assert_str_eq(c.reason[FIELD_BIO], "An account override (--account-id) "
	                 "can change only Name and Picture.");
	ck_assert_ptr_eq(c.reason[FIELD_USERNAME], c.reason[FIELD_BIO]);
	capability_of(CAP_CRED_API_KEY, true, true, &c);
	ck_assert(c.refused);
}
END_TEST

/* Unknown kind: decided locally where the kinds agree, left to the
 * server where they differ. */
START_TEST(test_unknown_kind)
{
	struct capability c;
	capability_of(CAP_CRED_UNKNOWN, false, false, &c);
	ck_assert(c.look_only);
	capability_of(CAP_CRED_UNKNOWN, true, false, &c);
	ck_assert_int_eq(capability_count(&c), FIELD_COUNT);
	capability_of(CAP_CRED_UNKNOWN, false, true, &c);
	ck_assert_int_eq(capability_count(&c), 2);
	ck_assert_int_eq(capability_kind_learn(CAP_CRED_UNKNOWN, 200), CAP_CRED_USER);
	ck_assert_int_eq(capability_kind_learn(CAP_CRED_UNKNOWN, 400), CAP_CRED_API_KEY);
	ck_assert_int_eq(capability_kind_learn(CAP_CRED_UNKNOWN, 401), CAP_CRED_UNKNOWN);
	ck_assert_int_eq(capability_kind_learn(CAP_CRED_USER, 0), CAP_CRED_USER);
	ck_assert_int_eq(capability_kind_learn(CAP_CRED_API_KEY, 500), CAP_CRED_API_KEY);
}
END_TEST

/* The override's fields are the table's in_override rows, not names. */
START_TEST(test_driven_by_table)
{
	struct capability c;
	capability_of(CAP_CRED_API_KEY, false, true, &c);
	for (size_t f = 0; f < FIELD_COUNT; f++) {
		ck_assert(c.allowed[f] == edit_fields[f].in_override);
		if (edit_fields[f].in_override)
			ck_assert_ptr_nonnull(strstr(c.reason[FIELD_BIO],
			                             edit_fields[f].label));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("capability");
	TCase *tc = tcase_create("capability");
	tcase_add_test(tc, test_null_and_hostile);
	tcase_add_test(tc, test_user_token);
	tcase_add_test(tc, test_api_key);
	tcase_add_test(tc, test_unknown_kind);
	tcase_add_test(tc, test_driven_by_table);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
