/* check_conflict.c - the core of the conflict check before a PATCH
 * (edit_conflicts, edit_resolve, edit_value_of) and of the "did my change
 * land?" check after a lost answer (edit_body_landed). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "user.h"
#include "testutil.h"

static struct edit e;
static struct pf_error err;
/* what was loaded */
static struct user loaded = { .id = "user_1", .username = "ada",
                              .name = "Ada", .bio = "one",
                              .picture_url = "https://x/old.png" };

static void setup(void)
{
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(edit_load(&e, &loaded, &err), 0);
}

static void teardown(void)
{
	edit_free(&e);
}

START_TEST(test_null_and_nothing)
{
	enum field_id out[FIELD_COUNT];
	ck_assert_uint_eq(edit_conflicts(NULL, &loaded, out), 0);
	ck_assert_uint_eq(edit_conflicts(&e, NULL, out), 0);
	ck_assert_str_eq(edit_value_of(NULL, FIELD_NAME), "");
	ck_assert_str_eq(edit_value_of(&loaded, FIELD_COUNT), "");
	ck_assert_str_eq(edit_value_of(&loaded, FIELD_PICTURE), "https://x/old.png");
	ck_assert_int_eq(edit_resolve(NULL, FIELD_NAME, &loaded, EDIT_KEEP_MINE), -1);
	ck_assert_int_eq(edit_resolve(&e, FIELD_COUNT, &loaded, EDIT_KEEP_MINE), -1);
	ck_assert_int_eq(edit_resolve(&e, FIELD_NAME, &loaded, (enum edit_resolution)7), -1);
	/* nothing changed here: whatever the server did is no conflict */
	struct user now = loaded;
	now.name = "Someone else";
	ck_assert_uint_eq(edit_conflicts(&e, &now, out), 0);
}
END_TEST

START_TEST(test_conflicts_listed)
{
	enum field_id out[FIELD_COUNT];
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_BIO, "mine"), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_USERNAME, "ada-k"), 0);

	/* the server unchanged: no conflict */
	ck_assert_uint_eq(edit_conflicts(&e, &loaded, out), 0);

	struct user now = loaded;
	now.bio = "theirs";           /* both changed: conflict */
	now.username = "ada-k";       /* both changed to the same: none */
	now.picture_url = NULL;       /* only they changed: none */
	ck_assert_uint_eq(edit_conflicts(&e, &now, out), 1);
	ck_assert_int_eq(out[0], FIELD_BIO);

	now.name = NULL;              /* null on the server is "" */
	ck_assert_uint_eq(edit_conflicts(&e, &now, out), 2);
	ck_assert_int_eq(out[0], FIELD_NAME);
	ck_assert_int_eq(out[1], FIELD_BIO);
}
END_TEST

START_TEST(test_resolve_then_body)
{
	enum field_id out[FIELD_COUNT];
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_BIO, "mine"), 0);
	struct user now = loaded;
	now.name = "Ada L";
	now.bio = "theirs";
	now.username = "ada-renamed"; /* not touched here */
	ck_assert_uint_eq(edit_conflicts(&e, &now, out), 2);

	ck_assert_int_eq(edit_resolve(&e, FIELD_NAME, &now, EDIT_KEEP_MINE), 0);
	ck_assert_str_eq(edit_baseline(&e, FIELD_NAME), "Ada L");
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Ada K");
	ck_assert_int_eq(edit_resolve(&e, FIELD_BIO, &now, EDIT_TAKE_THEIRS), 0);
	ck_assert_str_eq(edit_baseline(&e, FIELD_BIO), "theirs");
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "theirs");
	ck_assert_uint_eq(edit_conflicts(&e, &now, out), 0);

	/* the untouched username follows the server; the body carries only
	 * the name: nothing of theirs is overwritten unasked */
	ck_assert_int_eq(edit_rebase(&e, &now, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_USERNAME), "ada-renamed");
	char *body = edit_patch_body(&e, &err);
	ck_assert_str_eq(body, "{\"name\":\"Ada K\"}");
	free(body);
}
END_TEST

START_TEST(test_body_landed)
{
	struct user now = loaded;
	ck_assert_int_eq(edit_body_landed(NULL, &now), PF_LANDED_UNKNOWN);
	ck_assert_int_eq(edit_body_landed("{\"name\":\"Ada\"}", NULL), PF_LANDED_UNKNOWN);
	ck_assert_int_eq(edit_body_landed("{not json", &now), PF_LANDED_UNKNOWN);
	ck_assert_int_eq(edit_body_landed("[1]", &now), PF_LANDED_UNKNOWN);
	ck_assert_int_eq(edit_body_landed("{}", &now), PF_LANDED_UNKNOWN);

	ck_assert_int_eq(edit_body_landed("{\"name\":\"Ada\",\"bio\":\"one\"}", &now),
	                 PF_LANDED_YES);
	ck_assert_int_eq(edit_body_landed("{\"name\":\"Ada\",\"bio\":\"two\"}", &now),
	                 PF_LANDED_NO);
	ck_assert_int_eq(edit_body_landed("{\"name\":\"X\"}", &now), PF_LANDED_NO);
	/* other keys (company_id of 2025-01-01) are not fields */
	ck_assert_int_eq(edit_body_landed("{\"name\":\"Ada\",\"company_id\":\"biz\"}",
	                                  &now), PF_LANDED_YES);
	/* null on the server is "" */
	now.bio = NULL;
	ck_assert_int_eq(edit_body_landed("{\"bio\":\"\"}", &now), PF_LANDED_YES);
	ck_assert_int_eq(edit_body_landed("{\"bio\":\"x\\ny\"}", &now), PF_LANDED_NO);
	now.bio = "x\ny";
	ck_assert_int_eq(edit_body_landed("{\"bio\":\"x\\ny\"}", &now), PF_LANDED_YES);

	/* a picture: only a URL naming the file is evidence */
	const char *pic = "{\"profile_picture\":{\"id\":\"file_Stub00000001\"}}";
	ck_assert_int_eq(edit_body_landed(pic, &now), PF_LANDED_UNKNOWN);
	now.picture_url = "https://media.example.invalid/file_Stub00000001/me.png";
	ck_assert_int_eq(edit_body_landed(pic, &now), PF_LANDED_YES);
	ck_assert_int_eq(edit_body_landed("{\"profile_picture\":{\"id\":\"\"}}", &now),
	                 PF_LANDED_UNKNOWN);
	ck_assert_int_eq(edit_body_landed("{\"profile_picture\":\"file_Stub00000001\"}",
	                                  &now), PF_LANDED_UNKNOWN);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conflict");
	TCase *tc = tcase_create("conflict");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_nothing);
	tcase_add_test(tc, test_conflicts_listed);
	tcase_add_test(tc, test_resolve_then_body);
	tcase_add_test(tc, test_body_landed);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
