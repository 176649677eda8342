/* check_edit.c - tests for src/edit.c: NULL and empty cases first, then
 * validation, the changed-only PATCH body, revert, rebase and commit. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "testutil.h"
#include "user.h"

/* Parse a user from a string and insist it works. Caller frees. */
static struct user *mkuser(const char *json)
{
	struct pf_error err;
	struct user *u = user_parse(json, strlen(json), &err);
	ck_assert_msg(u != NULL, "user_parse: %s", err.message);
	return u;
}

/* The fixture user-me.json. Caller frees. */
static struct user *fixture_me(void)
{
	size_t len = 0;
	char *s = tu_read_file(TEST_FIXTURES_DIR "/user-me.json", &len);
	ck_assert_ptr_nonnull(s);
	struct user *u = user_parse(s, len, NULL);
	ck_assert_ptr_nonnull(u);
	free(s);
	return u;
}

/* An edit loaded from user-me.json. */
static void load_me(struct edit *e)
{
	struct user *u = fixture_me();
	struct pf_error err;
	ck_assert_int_eq(edit_load(e, u, &err), 0);
	ck_assert_int_eq(err.kind, PF_OK);
	user_free(u);
}

/* The body now, insisting it exists. Caller frees. */
static char *body_of(const struct edit *e)
{
	struct pf_error err;
	char *b = edit_patch_body(e, &err);
	ck_assert_msg(b != NULL, "no body: kind %d %s", (int)err.kind,
	              err.message);
	ck_assert_int_eq(err.kind, PF_OK);
	return b;
}

/* A string of n copies of the UTF-8 sequence unit. Caller frees. */
static char *repeat(const char *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = malloc(u * n + 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	return s;
}

/* ---- NULL and empty ---- */

START_TEST(test_null_cases)
{
	struct pf_error err;
	ck_assert_str_eq(edit_current(NULL, FIELD_NAME), "");
	ck_assert_str_eq(edit_baseline(NULL, FIELD_BIO), "");
	ck_assert_int_eq(edit_set(NULL, FIELD_NAME, "x"), -1);
	ck_assert(!edit_is_changed(NULL, FIELD_NAME));
	ck_assert(!edit_any_changed(NULL));
	edit_revert(NULL, FIELD_NAME);
	edit_revert_all(NULL);
	edit_free(NULL);
	edit_clear_sent(NULL);
	ck_assert_int_eq(edit_load(NULL, NULL, &err), -1);
	ck_assert_int_ne(err.kind, PF_OK);
	ck_assert_int_eq(edit_rebase(NULL, NULL, &err), -1);
	ck_assert_int_eq(edit_commit(NULL, NULL, &err), -1);
	ck_assert_int_eq(edit_mark_sent(NULL, &err), -1);
	ck_assert_ptr_null(edit_patch_body(NULL, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_ptr_null(edit_patch_body(NULL, NULL));
	ck_assert(edit_validate(NULL, NULL, &err));
	ck_assert_ptr_null(edit_field_by_key(NULL));
	ck_assert_ptr_null(edit_field_by_key(""));
	ck_assert_ptr_null(edit_field_by_key("Name"));
	ck_assert_ptr_null(edit_field_by_key("profile_picture.id"));

	/* out-of-range field ids */
	struct edit e = { 0 };
	ck_assert_int_eq(edit_set(&e, FIELD_COUNT, "x"), -1);
	ck_assert_int_eq(edit_set(&e, (enum field_id)-1, "x"), -1);
	ck_assert_str_eq(edit_current(&e, FIELD_COUNT), "");
	ck_assert(!edit_is_changed(&e, FIELD_COUNT));
	edit_revert(&e, FIELD_COUNT);
	ck_assert(!edit_validate_field(&e, FIELD_COUNT, &err));

	/* validators accept NULL why and treat NULL text as "" */
	ck_assert(edit_validate_name(NULL, NULL, 0));
	ck_assert(edit_validate_bio(NULL, NULL, 0));
	ck_assert(!edit_validate_username(NULL, NULL, 0));
	ck_assert(!edit_validate_picture(NULL, NULL, 0));
	char why[64];
	ck_assert(!edit_validate_username("", why, sizeof(why)));
	ck_assert_str_eq(why, "cannot be empty");
	char tiny[4];
	ck_assert(!edit_validate_username("a b", tiny, sizeof(tiny)));
	ck_assert_str_eq(tiny, "let"); /* truncated, NUL-terminated */
}
END_TEST

START_TEST(test_empty_edit)
{
	struct pf_error err;
	struct edit e = { 0 };
	for (int f = 0; f < FIELD_COUNT; f++) {
		ck_assert_str_eq(edit_current(&e, (enum field_id)f), "");
		ck_assert(!edit_is_changed(&e, (enum field_id)f));
	}
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_OK);

	/* no user: all "" */
	ck_assert_int_eq(edit_load(&e, NULL, &err), 0);
	ck_assert(!edit_any_changed(&e));
	ck_assert_str_eq(edit_baseline(&e, FIELD_NAME), "");
	/* NULL text counts as "": no change */
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, NULL), 0);
	ck_assert(!edit_is_changed(&e, FIELD_NAME));
	edit_free(&e);
	edit_free(&e); /* twice is fine: left zeroed */

	/* a user whose fields are null loads as "" */
	struct user *u = mkuser("{\"id\":\"user_2\",\"name\":null,"
	                        "\"bio\":null,\"profile_picture\":null}");
	ck_assert_int_eq(edit_load(&e, u, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "");
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE), "");
	ck_assert_str_eq(edit_current(&e, FIELD_USERNAME), "");
	ck_assert(!edit_any_changed(&e));
	user_free(u);
	edit_free(&e);
}
END_TEST

START_TEST(test_field_table)
{
	ck_assert_int_eq(edit_fields[FIELD_NAME].id, FIELD_NAME);
	ck_assert_str_eq(edit_fields[FIELD_NAME].key, "name");
	ck_assert_str_eq(edit_fields[FIELD_NAME].label, "Name");
	ck_assert_uint_eq(edit_fields[FIELD_NAME].max_chars, 100);
	ck_assert(!edit_fields[FIELD_NAME].multiline);
	ck_assert_str_eq(edit_fields[FIELD_USERNAME].key, "username");
	ck_assert_uint_eq(edit_fields[FIELD_USERNAME].max_chars, 42);
	ck_assert_str_eq(edit_fields[FIELD_BIO].key, "bio");
	ck_assert(edit_fields[FIELD_BIO].multiline);
	ck_assert_uint_eq(edit_fields[FIELD_BIO].max_chars, 0);
	ck_assert_str_eq(edit_fields[FIELD_PICTURE].key, "profile_picture");
	ck_assert_str_eq(edit_fields[FIELD_PICTURE].label, "Picture");
	ck_assert_str_eq(edit_fields[FIELD_PICTURE].flag, "picture");
	ck_assert_str_eq(edit_fields[FIELD_PICTURE].flag_alias, "picture-id");
	ck_assert_str_eq(edit_fields[FIELD_PICTURE].flag_arg, "PATH|FILE_ID");
	for (int f = 0; f < FIELD_COUNT; f++) {
		const struct field_def *d = &edit_fields[f];
		ck_assert_int_eq(d->id, f);
		ck_assert_ptr_nonnull(d->key);
		ck_assert_ptr_nonnull(d->label);
		ck_assert_ptr_nonnull(d->flag);
		ck_assert_ptr_nonnull(d->flag_arg);
		ck_assert_ptr_nonnull(d->validate);
		ck_assert_ptr_nonnull(d->help);
		ck_assert_ptr_eq(edit_field_by_key(d->key), d);
		ck_assert_ptr_eq(edit_field_by_key(d->flag), d);
	}
	ck_assert_ptr_eq(edit_field_by_key("picture-id"),
	                 &edit_fields[FIELD_PICTURE]);
}
END_TEST

/* ---- validation ---- */

START_TEST(test_name_length)
{
	char why[128];
	char *s100 = repeat("\xe4\xb8\xad", 100); /* 中, 3 bytes each */
	char *s101 = repeat("\xe4\xb8\xad", 101);
	ck_assert(edit_validate_name(s100, why, sizeof(why)));
	ck_assert_str_eq(why, "");
	ck_assert(!edit_validate_name(s101, why, sizeof(why)));
	ck_assert_str_eq(why, "at most 100 characters");
	free(s100);
	free(s101);
	/* 4-byte characters count one each */
	char *e100 = repeat("\xf0\x9f\x98\x80", 100);
	ck_assert(edit_validate_name(e100, why, sizeof(why)));
	free(e100);
	char *a100 = repeat("a", 100), *a101 = repeat("a", 101);
	ck_assert(edit_validate_name(a100, why, sizeof(why)));
	ck_assert(!edit_validate_name(a101, why, sizeof(why)));
	free(a100);
	free(a101);
	ck_assert(edit_validate_name("", why, sizeof(why)));

	/* through the edit: the field is the one reported */
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	s101 = repeat("\xe4\xb8\xad", 101);
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, s101), 0);
	enum field_id bad = FIELD_COUNT;
	ck_assert(!edit_validate(&e, &bad, &err));
	ck_assert_int_eq(bad, FIELD_NAME);
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_str_eq(err.field, "name");
	ck_assert_str_eq(err.message, "at most 100 characters");
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	free(s101);
	edit_free(&e);
}
END_TEST

START_TEST(test_name_one_line)
{
	char why[128];
	ck_assert(!edit_validate_name("Ada\nLovelace", why, sizeof(why)));
	ck_assert_str_eq(why, "must be one line");
	ck_assert(!edit_validate_name("Ada\r", why, sizeof(why)));
	ck_assert(!edit_validate_name("Ada\x1b[31m", why, sizeof(why)));
	ck_assert_str_eq(why, "control characters are not allowed");
	ck_assert(!edit_validate_name("a\tb", why, sizeof(why)));
	ck_assert(edit_validate_name("Zo\xc3\xab \xe4\xb8\xad\xe6\x96\x87", why,
	                             sizeof(why)));
}
END_TEST

START_TEST(test_username)
{
	char why[128];
	static const char *const good[] = {
		"a", "Z", "0", "-", "ada-lovelace", "ADA-1-2-3",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP", /* 42 */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(edit_validate_username(good[i], why, sizeof(why)),
		              "%s: %s", good[i], why);
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "", "cannot be empty" },
		{ "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
		  "1 to 42 characters" }, /* 43 */
		{ "ada_lovelace", "letters, digits and hyphens only" },
		{ "ada lovelace", "letters, digits and hyphens only" },
		{ " ada", "letters, digits and hyphens only" },
		{ "ada\n", "letters, digits and hyphens only" },
		{ "ada.l", "letters, digits and hyphens only" },
		{ "@ada", "letters, digits and hyphens only" },
		{ "\xc3\xa4\x64\x61", "letters, digits and hyphens only" }, /* äda */
		{ "\xef\xbd\x81", "letters, digits and hyphens only" }, /* fullwidth a */
		{ "ada\xff", "not valid UTF-8 text" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!edit_validate_username(bad[i].text, why,
		                                      sizeof(why)),
		              "accepted %s", bad[i].text);
		ck_assert_str_eq(why, bad[i].why);
	}
	/* the reason is stored against the username field */
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_USERNAME, "");
	ck_assert(!edit_validate_field(&e, FIELD_USERNAME, &err));
	ck_assert_str_eq(err.field, "username");
	ck_assert_str_eq(err.message, "cannot be empty");
	edit_free(&e);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	char why[128];
	static const char *const bad[] = {
		"\xff", "abc\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe4\xb8", "ok\x80ok",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert(!edit_validate_name(bad[i], why, sizeof(why)));
		ck_assert_str_eq(why, "not valid UTF-8 text");
		ck_assert(!edit_validate_bio(bad[i], why, sizeof(why)));
		ck_assert_str_eq(why, "not valid UTF-8 text");
		ck_assert(!edit_validate_username(bad[i], why, sizeof(why)));
		ck_assert(!edit_validate_picture(bad[i], why, sizeof(why)));
	}
	/* never sent */
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_BIO, "caf\xc3");
	enum field_id f = FIELD_COUNT;
	ck_assert(!edit_validate(&e, &f, &err));
	ck_assert_int_eq(f, FIELD_BIO);
	ck_assert_str_eq(err.field, "bio");
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	edit_free(&e);
}
END_TEST

START_TEST(test_picture_validation)
{
	char why[128];
	ck_assert(edit_validate_picture("file_abc123", why, sizeof(why)));
	ck_assert(edit_validate_picture("file_X", why, sizeof(why)));
	ck_assert_int_eq(edit_picture_kind("file_X"), PICTURE_FILE_ID);
	/* local paths are accepted as text; the file is checked at submit */
	static const char *const paths[] = {
		"me.png", "file", "FILE_abc", "./file_abc", "/tmp/a b/c.jpg",
		"~/Pictures/me.webp", "日本.gif", "no-such-file",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ck_assert_msg(edit_validate_picture(paths[i], why, sizeof(why)),
		              "refused %s: %s", paths[i], why);
		ck_assert_int_eq(edit_picture_kind(paths[i]), PICTURE_PATH);
	}
	static const char *const bad[] = {
		"", "file_", "file_ab-c", "file_ab_c", "file_abc ", " file_abc",
		"https://media.example.invalid/a.png", "file_\xc3\xa9", "file_abc\n",
		"me.png\n", "a\tb.png", "me.png ", "\xff.png", "file:///tmp/a.png",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!edit_validate_picture(bad[i], why, sizeof(why)),
		              "accepted %s", bad[i]);
		ck_assert_int_eq(edit_picture_kind(bad[i]), PICTURE_INVALID);
		ck_assert_str_ne(why, "");
	}
	ck_assert_int_eq(edit_picture_kind(NULL), PICTURE_INVALID);
	ck_assert(edit_validate_picture("file_ab-c", why, sizeof(why)) == false);
	ck_assert_ptr_nonnull(strstr(why, "./file_"));
	ck_assert(!edit_validate_picture("http://x/y.png", why, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, "URL"));
}
END_TEST

START_TEST(test_picture_upload)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	ck_assert(!edit_picture_needs_upload(NULL));
	ck_assert(!edit_picture_needs_upload(&e));
	/* a file id needs no upload */
	edit_set(&e, FIELD_PICTURE, "file_abc");
	ck_assert(!edit_picture_needs_upload(&e));
	/* a path does, and no body can be built before it is uploaded */
	edit_set(&e, FIELD_PICTURE, "me.png");
	edit_set(&e, FIELD_NAME, "Ada K");
	ck_assert(edit_picture_needs_upload(&e));
	ck_assert(edit_validate(&e, NULL, &err));
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_str_eq(err.field, "profile_picture");
	ck_assert_ptr_nonnull(strstr(err.message, "me.png"));

	/* a stale upload (the text changed meanwhile) or a bad id is refused */
	ck_assert_int_eq(edit_set_picture_upload(&e, "old.png", "file_X1", &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_int_eq(edit_set_picture_upload(&e, "me.png", "file_", &err), -1);
	ck_assert_int_eq(edit_set_picture_upload(&e, "me.png", NULL, &err), -1);
	ck_assert_int_eq(edit_set_picture_upload(NULL, "me.png", "file_X1", &err), -1);
	ck_assert(edit_picture_needs_upload(&e));

	ck_assert_int_eq(edit_set_picture_upload(&e, "me.png", "file_Up1", &err), 0);
	ck_assert(!edit_picture_needs_upload(&e));
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE), "me.png"); /* shown */
	char *b = body_of(&e);
	ck_assert_str_eq(b, "{\"name\":\"Ada K\",\"profile_picture\":{\"id\":"
	                 "\"file_Up1\"}}");
	free(b);

	/* typing another path forgets it; typing the same path back finds it */
	edit_set(&e, FIELD_PICTURE, "other.png");
	ck_assert(edit_picture_needs_upload(&e));
	edit_set(&e, FIELD_PICTURE, "me.png");
	ck_assert(!edit_picture_needs_upload(&e));

	/* a failed PATCH keeps it (retry without uploading again); the 2xx
	 * answer ends it: the picture follows the server */
	ck_assert_int_eq(edit_mark_sent(&e, &err), 0);
	edit_clear_sent(&e);
	ck_assert(!edit_picture_needs_upload(&e));
	ck_assert_int_eq(edit_mark_sent(&e, &err), 0);
	static const char answer[] = "{\"id\":\"user_1\",\"username\":\"ada\","
		"\"name\":\"Ada K\",\"profile_picture\":{\"url\":"
		"\"https://media.example.invalid/file_Up1/me.png\"}}";
	struct user *u = user_parse(answer, strlen(answer), &err);
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(edit_commit(&e, u, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE),
	                 "https://media.example.invalid/file_Up1/me.png");
	ck_assert_ptr_null(e.upload_id);
	ck_assert(!edit_any_changed(&e));
	user_free(u);
	edit_free(&e);
	ck_assert_ptr_null(e.upload_path);
}
END_TEST

START_TEST(test_unchanged_invalid_is_valid)
{
	/* the server may hold what we would refuse; unchanged is never
	 * validated and never sent */
	char *long_name = repeat("n", 150);
	char json[512];
	snprintf(json, sizeof(json),
	         "{\"id\":\"user_1\",\"name\":\"%s\",\"username\":\"a_b\"}",
	         long_name);
	struct user *u = mkuser(json);
	struct edit e = { 0 };
	struct pf_error err;
	ck_assert_int_eq(edit_load(&e, u, &err), 0);
	ck_assert(edit_validate(&e, NULL, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	edit_set(&e, FIELD_BIO, "hello");
	char *b = body_of(&e);
	ck_assert_str_eq(b, "{\"bio\":\"hello\"}");
	free(b);
	user_free(u);
	edit_free(&e);
	free(long_name);
}
END_TEST

/* ---- diff and body ---- */

START_TEST(test_nothing_changed)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	ck_assert(!edit_any_changed(&e));
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Ada Lovelace");
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE),
	                 "https://media.example.invalid/ada.png");
	err.kind = PF_ERR_IO; /* must be reset */
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	edit_free(&e);
}
END_TEST

START_TEST(test_only_name)
{
	struct edit e = { 0 };
	load_me(&e);
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada King"), 0);
	ck_assert(edit_is_changed(&e, FIELD_NAME));
	ck_assert(!edit_is_changed(&e, FIELD_BIO));
	ck_assert(edit_any_changed(&e));
	ck_assert_str_eq(edit_baseline(&e, FIELD_NAME), "Ada Lovelace");
	char *b = body_of(&e);
	ck_assert_str_eq(b, "{\"name\":\"Ada King\"}");
	free(b);
	/* cleared name is a change too: sent as "" */
	edit_set(&e, FIELD_NAME, "");
	b = body_of(&e);
	ck_assert_str_eq(b, "{\"name\":\"\"}");
	free(b);
	edit_free(&e);
}
END_TEST

START_TEST(test_typed_back)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_NAME, "Ada");
	edit_set(&e, FIELD_NAME, "Ada Lovelac");
	edit_set(&e, FIELD_NAME, "Ada Lovelace");
	ck_assert(!edit_is_changed(&e, FIELD_NAME));
	ck_assert(!edit_any_changed(&e));
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	/* a trailing space is a difference (padding is trimmed by the UI) */
	edit_set(&e, FIELD_NAME, "Ada Lovelace ");
	ck_assert(edit_is_changed(&e, FIELD_NAME));
	edit_free(&e);
}
END_TEST

START_TEST(test_bio_byte_exact)
{
	static const char bio[] = "line one\n\n\nline four  \n\t tab\n"
	                          "\xe2\x80\x94 Lond\xc3\xb3n \xe4\xb8\xad"
	                          "\xf0\x9f\x98\x80 \"q\" back\\slash /\n\n";
	struct edit e = { 0 };
	load_me(&e);
	edit_set(&e, FIELD_BIO, bio);
	char *b = body_of(&e);
	/* non-ASCII stays UTF-8, control characters are JSON escapes */
	ck_assert_str_eq(b, "{\"bio\":\"line one\\n\\n\\nline four  \\n\\t tab\\n"
	                 "\xe2\x80\x94 Lond\xc3\xb3n \xe4\xb8\xad\xf0\x9f\x98\x80"
	                 " \\\"q\\\" back\\\\slash /\\n\\n\"}");
	ck_assert_ptr_null(strstr(b, "\\u"));
	/* and it parses back to the same bytes */
	cJSON *j = cJSON_Parse(b);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetArraySize(j), 1);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "bio");
	ck_assert(cJSON_IsString(v));
	ck_assert_str_eq(v->valuestring, bio);
	cJSON_Delete(j);
	free(b);
	edit_free(&e);
}
END_TEST

START_TEST(test_control_and_cjk_in_body)
{
	struct edit e = { 0 };
	load_me(&e);
	edit_set(&e, FIELD_BIO, "esc\x1b[2J del\x7f cr\r\n");
	char *b = body_of(&e);
	ck_assert_str_eq(b, "{\"bio\":\"esc\\u001b[2J del\x7f cr\\r\\n\"}");
	free(b);
	char *cjk = repeat("\xe4\xb8\xad", 100);
	edit_revert(&e, FIELD_BIO);
	edit_set(&e, FIELD_NAME, cjk);
	b = body_of(&e);
	ck_assert_uint_eq(strlen(b), strlen("{\"name\":\"\"}") + 300);
	ck_assert_ptr_nonnull(strstr(b, cjk));
	free(b);
	free(cjk);
	edit_free(&e);
}
END_TEST

START_TEST(test_all_fields_body)
{
	struct edit e = { 0 };
	load_me(&e);
	edit_set(&e, FIELD_PICTURE, "file_abc123");
	edit_set(&e, FIELD_BIO, "b");
	edit_set(&e, FIELD_USERNAME, "ada-2");
	edit_set(&e, FIELD_NAME, "N");
	char *b = body_of(&e);
	ck_assert_str_eq(b, "{\"name\":\"N\",\"username\":\"ada-2\",\"bio\":\"b\","
	                 "\"profile_picture\":{\"id\":\"file_abc123\"}}");
	free(b);
	/* only the picture */
	edit_revert(&e, FIELD_NAME);
	edit_revert(&e, FIELD_USERNAME);
	edit_revert(&e, FIELD_BIO);
	b = body_of(&e);
	ck_assert_str_eq(b, "{\"profile_picture\":{\"id\":\"file_abc123\"}}");
	free(b);
	/* a picture that is not a file id is refused */
	struct pf_error err;
	edit_set(&e, FIELD_PICTURE, "https://evil.example/x.png");
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_ERR_VALIDATION);
	ck_assert_str_eq(err.field, "profile_picture");
	edit_free(&e);
}
END_TEST

START_TEST(test_revert)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_NAME, "X");
	edit_set(&e, FIELD_BIO, "Y");
	edit_revert(&e, FIELD_NAME);
	ck_assert(!edit_is_changed(&e, FIELD_NAME));
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Ada Lovelace");
	ck_assert(edit_is_changed(&e, FIELD_BIO));
	edit_revert(&e, FIELD_NAME); /* already unchanged: no-op */
	edit_revert_all(&e);
	ck_assert(!edit_any_changed(&e));
	ck_assert_ptr_null(edit_patch_body(&e, &err));
	ck_assert_int_eq(err.kind, PF_OK);
	edit_free(&e);
}
END_TEST

/* ---- rebase and commit ---- */

START_TEST(test_rebase)
{
	struct edit e = { 0 };
	struct pf_error err;
	struct user *a = mkuser("{\"id\":\"user_1\",\"name\":\"A\",\"username\":"
	                        "\"a\",\"bio\":\"old bio\"}");
	struct user *b = mkuser("{\"id\":\"user_1\",\"name\":\"B\",\"username\":"
	                        "\"b\",\"bio\":\"new bio\",\"profile_picture\":"
	                        "{\"url\":\"https://x.invalid/p.png\"}}");
	ck_assert_int_eq(edit_load(&e, a, &err), 0);
	edit_set(&e, FIELD_NAME, "mine");
	edit_set(&e, FIELD_USERNAME, "b"); /* happens to equal the new value */
	ck_assert_int_eq(edit_rebase(&e, b, &err), 0);
	ck_assert_int_eq(err.kind, PF_OK);
	/* baseline is the server's */
	ck_assert_str_eq(edit_baseline(&e, FIELD_NAME), "B");
	ck_assert_str_eq(edit_baseline(&e, FIELD_BIO), "new bio");
	ck_assert_str_eq(edit_baseline(&e, FIELD_PICTURE),
	                 "https://x.invalid/p.png");
	/* the person's change is kept, the untouched fields follow */
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "mine");
	ck_assert(edit_is_changed(&e, FIELD_NAME));
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "new bio");
	ck_assert(!edit_is_changed(&e, FIELD_BIO));
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE),
	                 "https://x.invalid/p.png");
	ck_assert_str_eq(edit_current(&e, FIELD_USERNAME), "b");
	ck_assert(!edit_is_changed(&e, FIELD_USERNAME));
	char *body = body_of(&e);
	ck_assert_str_eq(body, "{\"name\":\"mine\"}");
	free(body);
	/* rebase to NULL: baseline all "", changes kept */
	ck_assert_int_eq(edit_rebase(&e, NULL, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "mine");
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "");
	user_free(a);
	user_free(b);
	edit_free(&e);
}
END_TEST

START_TEST(test_commit)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_NAME, "  Ada K  ");
	edit_set(&e, FIELD_BIO, "sent bio");
	edit_set(&e, FIELD_PICTURE, "file_abc123");
	char *body = body_of(&e);
	ck_assert_int_eq(edit_mark_sent(&e, &err), 0);
	/* the person keeps typing while the request runs */
	edit_set(&e, FIELD_BIO, "edited again");
	/* the server trimmed the name and turned the file into a URL */
	struct user *ans = mkuser(
		"{\"id\":\"user_Demo0000000001\",\"username\":\"ada-lovelace\","
		"\"name\":\"Ada K\",\"bio\":\"sent bio\",\"profile_picture\":"
		"{\"url\":\"https://media.example.invalid/new.png\"}}");
	ck_assert_int_eq(edit_commit(&e, ans, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Ada K");
	ck_assert(!edit_is_changed(&e, FIELD_NAME));
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE),
	                 "https://media.example.invalid/new.png");
	ck_assert(!edit_is_changed(&e, FIELD_PICTURE));
	ck_assert_str_eq(edit_baseline(&e, FIELD_BIO), "sent bio");
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "edited again");
	ck_assert(edit_is_changed(&e, FIELD_BIO));
	for (int f = 0; f < FIELD_COUNT; f++)
		ck_assert_ptr_null(e.sent[f]);
	free(body);
	body = body_of(&e);
	ck_assert_str_eq(body, "{\"bio\":\"edited again\"}");
	free(body);

	/* a failed PATCH: marks forgotten, every edit stays */
	ck_assert_int_eq(edit_mark_sent(&e, &err), 0);
	ck_assert_str_eq(e.sent[FIELD_BIO], "edited again");
	ck_assert_ptr_null(e.sent[FIELD_NAME]);
	edit_clear_sent(&e);
	ck_assert_ptr_null(e.sent[FIELD_BIO]);
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "edited again");

	/* without marks, commit is rebase: the picture id stays chosen */
	edit_set(&e, FIELD_PICTURE, "file_zzz");
	ck_assert_int_eq(edit_commit(&e, ans, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_PICTURE), "file_zzz");
	user_free(ans);
	edit_free(&e);
}
END_TEST

START_TEST(test_load_replaces)
{
	struct edit e = { 0 };
	struct pf_error err;
	load_me(&e);
	edit_set(&e, FIELD_NAME, "changed");
	edit_mark_sent(&e, &err);
	struct user *u = mkuser("{\"id\":\"user_9\",\"name\":\"Other\"}");
	ck_assert_int_eq(edit_load(&e, u, &err), 0);
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Other");
	ck_assert_str_eq(edit_current(&e, FIELD_BIO), "");
	ck_assert(!edit_any_changed(&e));
	ck_assert_ptr_null(e.sent[FIELD_NAME]);
	user_free(u);
	edit_free(&e);
}
END_TEST

START_TEST(test_field_rows_limits_help)
{
	char buf[128];

	ck_assert_ptr_null(edit_field((enum field_id)-1));
	ck_assert_ptr_null(edit_field(FIELD_COUNT));
	for (int i = 0; i < FIELD_COUNT; i++) {
		ck_assert_ptr_eq(edit_field((enum field_id)i), &edit_fields[i]);
		ck_assert_int_eq(edit_fields[i].id, i);
	}
	ck_assert_str_eq(edit_field_limit(NULL, buf, sizeof buf), "");
	ck_assert_ptr_null(edit_field_limit(&edit_fields[FIELD_NAME], NULL, 4));
	ck_assert_str_eq(edit_field_limit(&edit_fields[FIELD_NAME], buf,
	                                  sizeof buf), "at most 100 characters");
	ck_assert_str_eq(edit_field_limit(&edit_fields[FIELD_USERNAME], buf,
	                                  sizeof buf), "1 to 42 characters");
	ck_assert_str_eq(edit_field_limit(&edit_fields[FIELD_BIO], buf,
	                                  sizeof buf), "");
	/* the help says the limit the validator uses */
	ck_assert(tu_contains(edit_field_help(&edit_fields[FIELD_NAME], buf,
	                                      sizeof buf), "at most 100 characters"));
	ck_assert_str_eq(edit_field_help(&edit_fields[FIELD_BIO], buf, sizeof buf),
	                 "About you; several lines, newlines are kept.");
	char why[64];
	char long_name[102];
	memset(long_name, 'x', 101);
	long_name[101] = '\0';
	ck_assert(!edit_validate_name(long_name, why, sizeof why));
	ck_assert_str_eq(why, "at most 100 characters");
	ck_assert(!edit_validate_username(long_name, why, sizeof why));
	ck_assert_str_eq(why, "1 to 42 characters");
	/* the kind and where a user holds the value */
	ck_assert_int_eq(edit_fields[FIELD_PICTURE].kind, FIELD_KIND_FILE_REF);
	ck_assert_int_eq(edit_fields[FIELD_BIO].kind, FIELD_KIND_TEXT);
	struct user u = { .id = "user_1", .username = "ada", .name = "Ada",
	                  .bio = "b", .picture_url = "https://x/p.png" };
	ck_assert_str_eq(edit_value_of(&u, FIELD_USERNAME), "ada");
	ck_assert_str_eq(edit_value_of(&u, FIELD_PICTURE), "https://x/p.png");
}
END_TEST

static Suite *edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("null");
	tcase_add_test(tc, test_null_cases);
	tcase_add_test(tc, test_empty_edit);
	tcase_add_test(tc, test_field_table);
	suite_add_tcase(s, tc);
	tc = tcase_create("validate");
	tcase_add_test(tc, test_name_length);
	tcase_add_test(tc, test_name_one_line);
	tcase_add_test(tc, test_username);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_picture_validation);
	tcase_add_test(tc, test_picture_upload);
	tcase_add_test(tc, test_unchanged_invalid_is_valid);
	suite_add_tcase(s, tc);
	tc = tcase_create("body");
	tcase_add_test(tc, test_nothing_changed);
	tcase_add_test(tc, test_only_name);
	tcase_add_test(tc, test_typed_back);
	tcase_add_test(tc, test_bio_byte_exact);
	tcase_add_test(tc, test_control_and_cjk_in_body);
	tcase_add_test(tc, test_all_fields_body);
	tcase_add_test(tc, test_revert);
	suite_add_tcase(s, tc);
	tc = tcase_create("rebase");
	tcase_add_test(tc, test_rebase);
	tcase_add_test(tc, test_commit);
	tcase_add_test(tc, test_load_replaces);
	tcase_add_test(tc, test_field_rows_limits_help);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run_suite(edit_suite());
}
