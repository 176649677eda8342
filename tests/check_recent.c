/* check_recent.c - recent people on disk (recent.h) and the state-file
 * rules they share with drafts (statefile.h): where, most recent first,
 * at most 50, 0600 in a 0700 directory, atomic, and what a hostile,
 * loose, foreign or symlinked file gets. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "recent.h"
#include "statefile.h"
#include "strbuf.h"
#include "testutil.h"

#define ENV "production"
#define BIZ "biz_Demo00000001"

static char *dir;
static struct pf_error err;
static struct recent r;

static void setup(void)
{
	dir = tu_tempdir();
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("HOME", dir, 1);
	pf_error_clear(&err);
	memset(&r, 0, sizeof r);
}

static void teardown(void)
{
	recent_clear(&r);
	tu_rmtree(dir);
	free(dir);
}

static char *path_of(const char *account)
{
	char *p = recent_path(ENV, account, &err);
	ck_assert_msg(p != NULL, "%s", err.message);
	return p;
}

START_TEST(test_null_and_empty)
{
	recent_clear(NULL);
	ck_assert_ptr_null(recent_path(NULL, NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_ptr_null(recent_path("", NULL, &err));
	ck_assert_int_eq(recent_add(NULL, "user_1", NULL, NULL, 0, &err), -1);
	ck_assert_int_eq(recent_add(&r, NULL, NULL, NULL, 0, &err), -1);
	ck_assert_int_eq(recent_add(&r, "", NULL, NULL, 0, &err), -1);
	ck_assert_int_eq(recent_load(NULL, &r, &err), -1);
	ck_assert_int_eq(recent_parse(NULL, 0, &r, &err), -1);
	ck_assert_int_eq(recent_parse("", 0, &r, &err), -1);
	ck_assert_int_eq(recent_save(NULL, ENV, NULL, &r, &err), -1);
	ck_assert(!recent_is_self(NULL, "x"));
	ck_assert(!recent_is_self(&r, NULL));
	ck_assert(!recent_is_self(&r, "user_1"));
	/* no file yet: an empty list, not an error */
	char *p = path_of(NULL);
	ck_assert_int_eq(recent_load(p, &r, &err), 0);
	ck_assert_uint_eq(r.n, 0);
	free(p);
	/* neither XDG_STATE_HOME nor HOME */
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(recent_path(ENV, NULL, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	setenv("HOME", dir, 1);
	setenv("XDG_STATE_HOME", "relative/path", 1); /* ignored: not absolute */
	p = path_of(NULL);
	ck_assert_ptr_nonnull(strstr(p, "/.local/state/profed/recent/"));
	free(p);
}
END_TEST

START_TEST(test_path_per_env_and_account)
{
	char *a = path_of(NULL), *b = path_of(BIZ);
	char *c = recent_path("http://127.0.0.1:9/api/v1", NULL, &err);
	char want[4096];
	snprintf(want, sizeof want, "%s/profed/recent/production.json", dir);
	ck_assert_str_eq(a, want);
	snprintf(want, sizeof want, "%s/profed/recent/production." BIZ ".json", dir);
	ck_assert_str_eq(b, want);
	ck_assert_ptr_nonnull(strstr(c, "http%3A%2F%2F127%2E0%2E0%2E1%3A9%2Fapi%2Fv1.json"));
	ck_assert_ptr_null(strstr(strstr(c, "/recent/") + 8, "/"));
	free(a);
	free(b);
	free(c);
	/* an absurd account name stays one bounded file name */
	char acc[600];
	memset(acc, 'x', sizeof acc - 1);
	acc[sizeof acc - 1] = '\0';
	char *d = path_of(acc);
	ck_assert_uint_lt(strlen(strrchr(d, '/') + 1), 200);
	ck_assert_ptr_nonnull(strchr(d, '~'));
	free(d);
}
END_TEST

START_TEST(test_order_dedupe_cap)
{
	char id[32];
	for (int i = 0; i < RECENT_MAX + 10; i++) {
		snprintf(id, sizeof id, "user_%03d", i);
		ck_assert_int_eq(recent_add(&r, id, "u", "N", 1000 + i, &err), 0);
	}
	ck_assert_uint_eq(r.n, RECENT_MAX);
	ck_assert_str_eq(r.items[0].user_id, "user_059");
	ck_assert_str_eq(r.items[RECENT_MAX - 1].user_id, "user_010");
	/* opening someone again moves them first, once */
	ck_assert_int_eq(recent_add(&r, "user_030", "new-name", NULL, 5, &err), 0);
	ck_assert_uint_eq(r.n, RECENT_MAX);
	ck_assert_str_eq(r.items[0].user_id, "user_030");
	ck_assert_str_eq(r.items[0].username, "new-name");
	ck_assert_ptr_null(r.items[0].name);
	ck_assert_str_eq(r.items[1].user_id, "user_059");
	int seen = 0;
	for (size_t i = 0; i < r.n; i++)
		seen += strcmp(r.items[i].user_id, "user_030") == 0;
	ck_assert_int_eq(seen, 1);
	ck_assert_str_eq(r.items[RECENT_MAX - 1].user_id, "user_010");
}
END_TEST

START_TEST(test_round_trip_private_atomic)
{
	char *p = path_of(BIZ);
	ck_assert_int_eq(recent_add(&r, "user_A", "ada-lovelace", "Ada", 1790000000, &err), 0);
	ck_assert_int_eq(recent_add(&r, "user_B", "grace-hopper", NULL, 1790000001, &err), 0);
	ck_assert_int_eq(recent_set_self(&r, "user_A", &err), 0);
	ck_assert_int_eq(recent_save(p, ENV, BIZ, &r, &err), 0);
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	char *d = strdup(p);
	*strrchr(d, '/') = '\0';
	ck_assert_int_eq(stat(d, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	/* nothing but the file: no temporary left */
	DIR *dh = opendir(d);
	int n = 0;
	for (struct dirent *de; (de = readdir(dh));)
		n += de->d_name[0] != '.' || (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."));
	closedir(dh);
	ck_assert_int_eq(n, 1);
	free(d);
	recent_clear(&r);
	ck_assert_int_eq(recent_load(p, &r, &err), 0);
	ck_assert_uint_eq(r.n, 2);
	ck_assert_str_eq(r.items[0].user_id, "user_B");
	ck_assert_ptr_null(r.items[0].name);
	ck_assert_str_eq(r.items[1].username, "ada-lovelace");
	ck_assert_int_eq(r.items[1].at, 1790000000);
	ck_assert_str_eq(r.self_id, "user_A");
	/* yourself by id or by username, ignoring case */
	ck_assert(recent_is_self(&r, "user_A"));
	ck_assert(recent_is_self(&r, "Ada-Lovelace"));
	ck_assert(!recent_is_self(&r, "grace-hopper"));
	ck_assert(!recent_is_self(&r, "user_B"));
	free(p);
}
END_TEST

START_TEST(test_hostile_contents)
{
	static const char *const refused[] = {
		"{", "[]", "null", "\"x\"", "{\"profed_recent\":2,\"people\":[]}",
		"{\"profed_recent\":\"1\",\"people\":[]}", "{\"profed_recent\":1}",
		"{\"profed_recent\":1,\"people\":{}}",
		"{\"profed_recent\":1,\"people\":[]} trailing",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		ck_assert_msg(recent_parse(refused[i], strlen(refused[i]), &r, &err) == -1,
		              "accepted %s", refused[i]);
		ck_assert_int_eq(err.kind, PF_ERR_IO);
		ck_assert_uint_eq(r.n, 0);
	}
	ck_assert_int_eq(recent_parse("{\"a\":1}\0x", 9, &r, &err), -1);
	/* a good file with bad entries: those are skipped */
	const char *mixed =
		"{\"profed_recent\":1,\"self_id\":\"not-an-id\",\"people\":["
		"7, null, \"user_x\", {}, {\"id\":5}, {\"id\":\"mber_1\"},"
		"{\"id\":\"user_ok\",\"username\":3,\"name\":[\"x\"],\"at\":\"now\"},"
		"{\"id\":\"user_ok\",\"username\":\"dup\"},"
		"{\"id\":\"user_esc\",\"name\":\"\\u001b]0;t\\u0007 \\u202e\",\"at\":-5},"
		"{\"id\":\"user_bad\",\"name\":\"\xff\xfe\"},"
		"{\"id\":\"user_huge\",\"name\":\"";
	size_t big = RECENT_MAX_TEXT + 10;
	char *text = malloc(strlen(mixed) + big + 8), *fill = malloc(big + 1);
	memset(fill, 'a', big);
	fill[big] = '\0';
	strcpy(text, mixed);
	strcat(text, fill);
	strcat(text, "\"}]}");
	ck_assert_int_eq(recent_parse(text, strlen(text), &r, &err), 0);
	ck_assert_ptr_null(r.self_id);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_str_eq(r.items[0].user_id, "user_ok");
	ck_assert_ptr_null(r.items[0].username);
	ck_assert_ptr_null(r.items[0].name);
	ck_assert_int_eq(r.items[0].at, 0);
	ck_assert_str_eq(r.items[1].user_id, "user_esc");
	ck_assert_ptr_nonnull(strchr(r.items[1].name, '\033')); /* raw: sanitised at display */
	ck_assert_int_eq(r.items[1].at, 0);
	ck_assert_str_eq(r.items[2].user_id, "user_bad");
	ck_assert_ptr_null(r.items[2].name); /* invalid UTF-8: dropped */
	ck_assert_str_eq(r.items[3].user_id, "user_huge");
	ck_assert_ptr_null(r.items[3].name); /* over the cap: dropped */
	free(text);
	free(fill);
	/* more entries than the cap: the first RECENT_MAX */
	struct strbuf sb = { 0 };
	strbuf_append_str(&sb, "{\"profed_recent\":1,\"people\":[");
	for (int i = 0; i < 80; i++)
		strbuf_appendf(&sb, "%s{\"id\":\"user_%d\"}", i ? "," : "", i);
	strbuf_append_str(&sb, "]}");
	ck_assert_int_eq(recent_parse(sb.data, sb.len, &r, &err), 0);
	ck_assert_uint_eq(r.n, RECENT_MAX);
	strbuf_free(&sb);
}
END_TEST

START_TEST(test_unsafe_files_refused)
{
	char *p = path_of(NULL);
	ck_assert_int_eq(recent_add(&r, "user_A", "a", "A", 1, &err), 0);
	ck_assert_int_eq(recent_save(p, ENV, NULL, &r, &err), 0);
	static const mode_t modes[] = { 0640, 0604, 0660, 0666, 0620, 0602 };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		ck_assert_int_eq(chmod(p, modes[i]), 0);
		ck_assert_int_eq(recent_load(p, &r, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
		ck_assert_uint_eq(r.n, 0);
	}
	ck_assert_int_eq(chmod(p, 0600), 0);
	/* a symlink is not followed; a directory is not a file */
	char other[4096];
	snprintf(other, sizeof other, "%s/elsewhere.json", dir);
	ck_assert_int_eq(rename(p, other), 0);
	ck_assert_int_eq(symlink(other, p), 0);
	ck_assert_int_eq(recent_load(p, &r, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	unlink(p);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(recent_load(p, &r, &err), -1);
	ck_assert_int_eq(rmdir(p), 0);
	/* too large: refused */
	char *huge = malloc(RECENT_MAX_BYTES + 2);
	memset(huge, ' ', RECENT_MAX_BYTES + 1);
	huge[RECENT_MAX_BYTES + 1] = '\0';
	ck_assert_int_eq(tu_write_file(p, huge, RECENT_MAX_BYTES + 1, 0600), 0);
	ck_assert_int_eq(recent_load(p, &r, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "larger than"));
	free(huge);
	unlink(p);
	/* another owner's file (only root can make one) */
	if (geteuid() == 0) {
		ck_assert_int_eq(recent_save(p, ENV, NULL, &r, &err), 0);
		ck_assert_int_eq(chown(p, 4242, 4242), 0);
		ck_assert_int_eq(recent_load(p, &r, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.message, "not a regular file of yours"));
		unlink(p);
	}
	/* a loose directory is refused for writing, and nothing is written */
	char *d = strdup(p);
	*strrchr(d, '/') = '\0';
	ck_assert_int_eq(chmod(d, 0755), 0);
	ck_assert_int_eq(recent_add(&r, "user_B", NULL, NULL, 2, &err), 0);
	ck_assert_int_eq(recent_save(p, ENV, NULL, &r, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 700"));
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(chmod(d, 0700), 0);
	/* a symlinked directory is refused */
	char real[4096];
	snprintf(real, sizeof real, "%s/realdir", dir);
	ck_assert_int_eq(mkdir(real, 0700), 0);
	ck_assert_int_eq(rmdir(d), 0);
	ck_assert_int_eq(symlink(real, d), 0);
	ck_assert_int_eq(recent_save(p, ENV, NULL, &r, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "not a directory of yours"));
	free(d);
	free(p);
}
END_TEST

/* The helpers drafts share: names and the atomic write's failure. */
START_TEST(test_statefile_helpers)
{
	struct strbuf sb = { 0 };
	const char *parts[] = { "a b", NULL, "", "c.d" };
	ck_assert_int_eq(statefile_name(&sb, parts, 4, ".json"), 0);
	ck_assert_str_eq(sb.data, "a%20b.c%2Ed.json"); /* parts joined by dots, dots inside escaped */
	strbuf_free(&sb);
	ck_assert_uint_ne(statefile_hash(STATEFILE_HASH_INIT, "a"),
	                  statefile_hash(STATEFILE_HASH_INIT, "b"));
	ck_assert_str_eq(statefile_env_of(NULL), "");
	struct config cfg;
	config_init(&cfg);
	ck_assert_int_eq(config_finish(&cfg, &err), 0);
	ck_assert_str_eq(statefile_env_of(&cfg), "production");
	config_free(&cfg);
	/* writing where a directory cannot be made: an error, nothing left */
	char blocker[4096], target[4200];
	snprintf(blocker, sizeof blocker, "%s/file", dir);
	ck_assert_int_eq(tu_write_file(blocker, "x", 1, 0600), 0);
	snprintf(target, sizeof target, "%s/sub/x.json", blocker);
	ck_assert_int_eq(statefile_write_atomic(target, "{}", 2, true, "test file", &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	ck_assert_int_eq(statefile_write_atomic(NULL, "{}", 2, true, "test file", &err), -1);
	ck_assert_int_eq(statefile_write_atomic("nodir", "{}", 2, true, "test file", &err), -1);
	ck_assert_int_eq(statefile_remove(blocker, "test file", &err), 0);
	ck_assert_int_eq(statefile_remove(blocker, "test file", &err), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recent");
	TCase *tc = tcase_create("recent");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_path_per_env_and_account);
	tcase_add_test(tc, test_order_dedupe_cap);
	tcase_add_test(tc, test_round_trip_private_atomic);
	tcase_add_test(tc, test_hostile_contents);
	tcase_add_test(tc, test_unsafe_files_refused);
	tcase_add_test(tc, test_statefile_helpers);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
