/* check_draft.c - drafts on disk: where, what (and what never), how they
 * are written (0600, atomic) and what a hostile or stray file gets. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "draft.h"
#include "draftkeep.h"
#include "edit.h"
#include "testutil.h"
#include "user.h"

#define ENV "production"
#define UID "user_Demo0000000001"

static char *dir;          /* the temporary HOME / XDG_STATE_HOME */
static struct edit e;
static struct pf_error err;

static void setup(void)
{
	dir = tu_tempdir();
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("HOME", dir, 1);
	memset(&e, 0, sizeof(e));
	pf_error_clear(&err);
	struct user u = { .id = UID, .username = "ada-lovelace",
	                  .name = "Ada Lovelace", .bio = "Mathematician" };
	ck_assert_int_eq(edit_load(&e, &u, &err), 0);
}

static void teardown(void)
{
	edit_free(&e);
	tu_rmtree(dir);
	free(dir);
}

/* The draft path for the default identity; the test frees it. */
static char *path_of(void)
{
	char *p = draft_path(ENV, NULL, UID, &err);
	ck_assert_msg(p != NULL, "%s", err.message);
	return p;
}

/* Number of entries in directory d other than . and .. */
static int entries(const char *d)
{
	DIR *dh = opendir(d);
	ck_assert_ptr_nonnull(dh);
	int n = 0;
	for (struct dirent *de; (de = readdir(dh));)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(dh);
	return n;
}

/* Write text as the draft file at path with mode, creating its dirs. */
static void plant(const char *path, const char *text, size_t len, mode_t mode)
{
	char *d = strdup(path);
	*strrchr(d, '/') = '\0';
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
	free(d);
	ck_assert_int_eq(tu_write_file(path, text, len, mode), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(test_null_and_empty)
{
	struct draft *d = (struct draft *)&d;
	draft_free(NULL);
	ck_assert_ptr_null(draft_path(NULL, NULL, UID, &err));
	ck_assert_int_eq(err.kind, PF_ERR_USAGE);
	ck_assert_ptr_null(draft_path(ENV, NULL, "", &err));
	ck_assert_ptr_null(draft_path("", NULL, UID, NULL));
	ck_assert_int_eq(draft_save(NULL, ENV, NULL, UID, &e, &err), -1);
	ck_assert_int_eq(draft_save("/x/y", ENV, NULL, UID, NULL, &err), -1);
	ck_assert_int_eq(draft_load(NULL, ENV, NULL, UID, &d, &err), -1);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(draft_remove(NULL, &err), -1);
	ck_assert_ptr_null(draft_parse(NULL, 0, &err));
	ck_assert_ptr_null(draft_parse("", 0, &err));
	ck_assert_int_eq(draft_apply(NULL, &e, &err), -1);
	enum field_id out[FIELD_COUNT];
	ck_assert_uint_eq(draft_server_changes(NULL, &e, out), 0);
	ck_assert(!draft_timer_due(NULL, 0));
	ck_assert_int_eq(draft_timer_timeout_ms(NULL, 0), -1);
	draft_timer_touch(NULL, 0);
	draft_timer_clear(NULL);

	/* nothing changed: no file at all (and saving removes one) */
	char *p = path_of();
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 1);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(draft_remove(p, &err), 0); /* missing is fine */
	free(p);
}
END_TEST

START_TEST(test_path)
{
	char *p = path_of();
	char want[4096];
	snprintf(want, sizeof(want), "%s/profed/drafts/production." UID ".json", dir);
	ck_assert_str_eq(p, want);
	free(p);

	/* ~/.local/state without (or with a relative) XDG_STATE_HOME */
	setenv("XDG_STATE_HOME", "relative/dir", 1);
	p = path_of();
	snprintf(want, sizeof(want), "%s/.local/state/profed/drafts/production." UID ".json", dir);
	ck_assert_str_eq(p, want);
	free(p);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(draft_path(ENV, NULL, UID, &err));
	ck_assert_int_eq(err.kind, PF_ERR_CONFIG);
	setenv("XDG_STATE_HOME", dir, 1);

	/* every part escaped: nothing can climb out or hide */
	p = draft_path("http://127.0.0.1:8080/api/v1", "biz_../x", "../../etc/passwd", &err);
	ck_assert_ptr_nonnull(p);
	const char *name = p + strlen(dir) + strlen("/profed/drafts/");
	ck_assert_str_eq(name, "http%3A%2F%2F127%2E0%2E0%2E1%3A8080%2Fapi%2Fv1."
	                 "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.biz_%2E%2E%2Fx.json");
	ck_assert_ptr_null(strchr(name, '/'));
	free(p);

	/* an over-long name is cut and made unique by a hash */
	char big[600];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *p1 = draft_path(big, NULL, "user_1", &err);
	char *p2 = draft_path(big, NULL, "user_2", &err);
	ck_assert_ptr_nonnull(p1);
	ck_assert_ptr_nonnull(p2);
	ck_assert_str_ne(p1, p2);
	ck_assert_uint_le(strlen(strrchr(p1, '/') + 1), 255);
	free(p1);
	free(p2);

	/* the config's environment: production, sandbox, or the URL */
	struct config cfg = { .base_url = CONFIG_SANDBOX_URL, .account_id = "biz_1" };
	ck_assert_str_eq(draft_env_of(&cfg), "sandbox");
	p = draft_path_for(&cfg, UID, &err);
	ck_assert_ptr_nonnull(strstr(p, "/sandbox." UID ".biz_1.json"));
	free(p);
	cfg.base_url = "http://127.0.0.1:1/api/v1";
	ck_assert_str_eq(draft_env_of(&cfg), "http://127.0.0.1:1/api/v1");
}
END_TEST

START_TEST(test_round_trip)
{
	const char *bio = "第一行 — 日本語と中文\n\nline three\twith a tab\n"
	                  "emoji 👩‍🔬 and \"quotes\" \\ backslash";
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K. 艾达"), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_BIO, bio), 0);
	char *p = path_of();
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);

	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	char *drafts = strdup(p);
	*strrchr(drafts, '/') = '\0';
	ck_assert_int_eq(stat(drafts, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	ck_assert_int_eq(entries(drafts), 1); /* no temporary file left */

	struct draft *d = NULL;
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 0);
	ck_assert_str_eq(d->user_id, UID);
	ck_assert_str_eq(d->env, ENV);
	ck_assert_ptr_null(d->account_id);
	ck_assert_int_gt(d->saved_at, 1700000000);
	ck_assert(d->has[FIELD_NAME] && d->has[FIELD_BIO]);
	ck_assert(!d->has[FIELD_USERNAME] && !d->has[FIELD_PICTURE]);
	ck_assert_ptr_null(d->yours[FIELD_USERNAME]);
	ck_assert_str_eq(d->loaded[FIELD_NAME], "Ada Lovelace");
	ck_assert_str_eq(d->yours[FIELD_NAME], "Ada K. 艾达");
	ck_assert_str_eq(d->loaded[FIELD_BIO], "Mathematician");
	ck_assert_str_eq(d->yours[FIELD_BIO], bio);

	/* restore into a fresh edit of the unchanged server profile */
	struct edit fresh = { 0 };
	struct user u = { .id = UID, .username = "ada-lovelace",
	                  .name = "Ada Lovelace", .bio = "Mathematician" };
	ck_assert_int_eq(edit_load(&fresh, &u, &err), 0);
	enum field_id out[FIELD_COUNT];
	ck_assert_uint_eq(draft_server_changes(d, &fresh, out), 0);
	ck_assert_int_eq(draft_apply(d, &fresh, &err), 0);
	ck_assert_str_eq(edit_current(&fresh, FIELD_BIO), bio);
	ck_assert_str_eq(edit_current(&fresh, FIELD_NAME), "Ada K. 艾达");
	ck_assert_str_eq(edit_current(&fresh, FIELD_USERNAME), "ada-lovelace");

	/* the server changed the bio since: reported, and yours still wins */
	u.bio = "Changed elsewhere";
	ck_assert_int_eq(edit_load(&fresh, &u, &err), 0);
	ck_assert_uint_eq(draft_server_changes(d, &fresh, out), 1);
	ck_assert_int_eq(out[0], FIELD_BIO);
	edit_free(&fresh);
	draft_free(d);

	/* saving again replaces it atomically; an unchanged edit removes it */
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Second"), 0);
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	ck_assert_int_eq(entries(drafts), 1);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 0);
	ck_assert_str_eq(d->yours[FIELD_NAME], "Second");
	draft_free(d);
	edit_revert_all(&e);
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	ck_assert_int_eq(entries(drafts), 0);
	free(drafts);
	free(p);
}
END_TEST

START_TEST(test_never_the_token)
{
	/* The token is in the config next to the edit; nothing of it (nor
	 * of the config) may reach the file. */
	static const char token[] = "pf-secret-token-6a1f0c";
	struct config cfg = { .base_url = "http://127.0.0.1:1/api/v1",
	                      .token = (char *)token };
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	char *p = draft_path_for(&cfg, UID, &err);
	ck_assert_int_eq(draft_save(p, draft_env_of(&cfg), cfg.account_id, UID,
	                            &e, &err), 0);
	size_t len;
	char *text = tu_read_file(p, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_null(strstr(text, token));
	ck_assert_ptr_null(strstr(text, "secret"));
	ck_assert_ptr_nonnull(strstr(text, "Ada K"));
	free(text);
	free(p);
}
END_TEST

START_TEST(test_another_user_refused)
{
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	char *p = path_of();
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	struct draft *d = NULL;
	ck_assert_int_eq(draft_load(p, ENV, NULL, "user_Demo0000000002", &d, &err), -1);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err.message, "another user"));
	ck_assert_int_eq(draft_load(p, "sandbox", NULL, UID, &d, &err), -1);
	ck_assert_int_eq(draft_load(p, ENV, "biz_1", UID, &d, &err), -1);
	ck_assert_int_eq(access(p, F_OK), 0); /* refused, not deleted */
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 0);
	draft_free(d);
	free(p);
}
END_TEST

START_TEST(test_hostile_files)
{
	static const char *const bad[] = {
		"", "{", "[]", "null", "\"text\"", "{\"profed_draft\":1}",
		"{\"profed_draft\":2,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{}}",
		"{\"profed_draft\":\"1\",\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{}}",
		"{\"profed_draft\":1,\"env\":5,\"user_id\":\"" UID "\",\"fields\":{}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":null,\"fields\":{}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"account_id\":7,\"fields\":{}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":[]}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"saved_at\":\"now\",\"fields\":{}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{\"name\":\"x\"}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{\"name\":{\"loaded\":1,\"yours\":\"x\"}}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{\"name\":{\"loaded\":\"a\"}}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{\"name\":{\"loaded\":\"a\",\"yours\":\"b\"},\"name\":{\"loaded\":\"a\",\"yours\":\"c\"}}}",
		"{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\",\"fields\":{}} trailing",
	};
	char *p = path_of();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		plant(p, bad[i], (size_t)-1, 0600);
		struct draft *d = (struct draft *)&d;
		pf_error_clear(&err);
		ck_assert_msg(draft_load(p, ENV, NULL, UID, &d, &err) == -1,
		              "accepted: %s", bad[i]);
		ck_assert_ptr_null(d);
		ck_assert_int_eq(err.kind, PF_ERR_IO);
		ck_assert_ptr_nonnull(strstr(err.message, p));
	}
	/* a NUL byte inside */
	plant(p, "{\"profed_draft\":1,\0}", 20, 0600);
	struct draft *d = NULL;
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), -1);

	/* tolerated: unknown fields and members, escape sequences kept as
	 * text (display sanitises), invalid UTF-8 kept raw */
	const char *odd = "{\"profed_draft\":1,\"env\":\"production\",\"user_id\":\"" UID "\","
	                  "\"future\":true,\"fields\":{\"pronouns\":{\"x\":1},"
	                  "\"name\":{\"loaded\":\"A\",\"yours\":\"\\u001b[2J\xff\"}}}";
	plant(p, odd, (size_t)-1, 0600);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 0);
	ck_assert_str_eq(d->yours[FIELD_NAME], "\x1b[2J\xff");
	draft_free(d);
	free(p);
}
END_TEST

START_TEST(test_unsafe_files_refused)
{
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	char *p = path_of();
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	struct draft *d = NULL;
	static const mode_t modes[] = { 0640, 0604, 0660, 0666, 0620 };
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		ck_assert_int_eq(chmod(p, modes[i]), 0);
		ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
	}
	ck_assert_int_eq(chmod(p, 0600), 0);

	/* a symbolic link is not followed, a directory is not a draft */
	char other[4096], link[4096];
	snprintf(other, sizeof(other), "%s/elsewhere.json", dir);
	snprintf(link, sizeof(link), "%s", p);
	ck_assert_int_eq(rename(p, other), 0);
	ck_assert_int_eq(symlink(other, link), 0);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), -1);
	ck_assert_ptr_null(d);
	unlink(link);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), -1);
	ck_assert_int_eq(rmdir(p), 0);

	/* huge: refused before reading it all */
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(chmod(p, 0600), 0);
	ck_assert_int_eq(fseek(f, DRAFT_MAX_BYTES + 1, SEEK_SET), 0);
	fputc('}', f);
	fclose(f);
	ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "larger than"));
	free(p);
}
END_TEST

START_TEST(test_write_failure_keeps_old)
{
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "First"), 0);
	char *p = path_of();
	ck_assert_int_eq(draft_save(p, ENV, NULL, UID, &e, &err), 0);
	char *drafts = strdup(p);
	*strrchr(drafts, '/') = '\0';
	/* a directory we cannot write to: the save fails cleanly */
	ck_assert_int_eq(chmod(drafts, 0500), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Second"), 0);
	int rc = draft_save(p, ENV, NULL, UID, &e, &err);
	ck_assert_int_eq(chmod(drafts, 0700), 0);
	if (geteuid() != 0) { /* root writes anyway */
		ck_assert_int_eq(rc, -1);
		ck_assert_int_eq(err.kind, PF_ERR_IO);
		ck_assert_ptr_nonnull(strstr(err.message, drafts));
		struct draft *d = NULL;
		ck_assert_int_eq(draft_load(p, ENV, NULL, UID, &d, &err), 0);
		ck_assert_str_eq(d->yours[FIELD_NAME], "First");
		draft_free(d);
	}
	ck_assert_int_eq(entries(drafts), 1);

	/* a path whose parent is a file cannot be created */
	char blocked[4096];
	snprintf(blocked, sizeof(blocked), "%s/file", dir);
	ck_assert_int_eq(tu_write_file(blocked, "x", 1, 0600), 0);
	strcat(blocked, "/sub/draft.json");
	ck_assert_int_eq(draft_save(blocked, ENV, NULL, UID, &e, &err), -1);
	ck_assert_int_eq(err.kind, PF_ERR_IO);
	free(drafts);
	free(p);
}
END_TEST

START_TEST(test_debounce)
{
	struct draft_timer t = { 0 };
	ck_assert_int_eq(draft_timer_timeout_ms(&t, 1000), -1);
	ck_assert(!draft_timer_due(&t, 1000));
	draft_timer_touch(&t, 1000);
	ck_assert_int_eq(draft_timer_timeout_ms(&t, 1000), DRAFT_DEBOUNCE_MS);
	ck_assert(!draft_timer_due(&t, 1000 + DRAFT_DEBOUNCE_MS - 1));
	/* typing on pushes it back ... */
	draft_timer_touch(&t, 1500);
	ck_assert(!draft_timer_due(&t, 1000 + DRAFT_DEBOUNCE_MS));
	ck_assert(draft_timer_due(&t, 1500 + DRAFT_DEBOUNCE_MS));
	ck_assert(!draft_timer_due(&t, 1500 + DRAFT_DEBOUNCE_MS)); /* once */
	ck_assert_int_eq(draft_timer_timeout_ms(&t, 9999), -1);
	/* ... but never beyond DRAFT_MAX_DELAY_MS after the first change */
	long long now = 10000;
	draft_timer_touch(&t, now);
	for (long long k = now; k < now + DRAFT_MAX_DELAY_MS; k += 200) {
		ck_assert(!draft_timer_due(&t, k));
		draft_timer_touch(&t, k);
	}
	ck_assert(draft_timer_due(&t, now + DRAFT_MAX_DELAY_MS));
	draft_timer_touch(&t, 5);
	draft_timer_clear(&t);
	ck_assert(!draft_timer_due(&t, 1000000));
	ck_assert_int_gt(clock_now_ms(), 0);
}
END_TEST

/* The editor's draft of the open profile (draftkeep.c): found, offered,
 * restored, kept for later beside new edits, discarded, and what the
 * way out says. */
START_TEST(test_draftkeep_cycle)
{
	struct config cfg = { .base_url = CONFIG_PRODUCTION_URL };
	struct user u = { .id = UID, .username = "ada-lovelace",
	                  .name = "Ada Lovelace", .bio = "Mathematician" };
	struct draftkeep dk;
	struct draft *d = NULL;
	struct stat st;
	char note[600];
	int n;

	draftkeep_init(&dk, &cfg);
	ck_assert(!draftkeep_available(&dk));
	/* nothing loaded: nothing to keep */
	draftkeep_exit(&dk, NULL, &e, false, note, sizeof note);
	ck_assert_str_eq(note, "");
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_NONE);
	ck_assert(draftkeep_available(&dk));
	/* an edit, saved now: 0600 */
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	ck_assert_int_eq(draftkeep_save(&dk, &u, &e, &err), 0);
	ck_assert_int_eq(stat(dk.path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* loaded again: offered, then restored */
	edit_revert_all(&e);
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_OFFER);
	ck_assert_ptr_nonnull(dk.offer);
	/* while it is offered the tick leaves the file alone */
	ck_assert_int_eq(draftkeep_tick(&dk, &u, &e, &err), 0);
	ck_assert_int_eq(draftkeep_answer(&dk, DRAFTKEEP_RESTORE, &u, &e, &n,
	                                  &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(edit_current(&e, FIELD_NAME), "Ada K");
	/* the way out with a PATCH in flight says what is known */
	draftkeep_exit(&dk, &u, &e, true, note, sizeof note);
	ck_assert(tu_contains(note, "may have reached the server"));
	draftkeep_exit(&dk, &u, &e, false, note, sizeof note);
	ck_assert(tu_contains(note, "kept as a draft"));
	/* kept for later: new edits go beside it */
	edit_revert_all(&e);
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_OFFER);
	ck_assert_int_eq(draftkeep_answer(&dk, DRAFTKEEP_KEEP, &u, &e, &n,
	                                  &err), 0);
	ck_assert_int_eq(edit_set(&e, FIELD_BIO, "new bio"), 0);
	ck_assert_int_eq(draftkeep_save(&dk, &u, &e, &err), 0);
	ck_assert_int_eq(draft_load(dk.path, ENV, NULL, UID, &d, &err), 0);
	ck_assert(d->has[FIELD_NAME] && d->has[FIELD_BIO]);
	draft_free(d);
	/* a success leaves the kept draft alone in the file */
	edit_revert_all(&e);
	draftkeep_drop(&dk, &u, &e);
	ck_assert_int_eq(draft_load(dk.path, ENV, NULL, UID, &d, &err), 0);
	ck_assert(d->has[FIELD_NAME] && !d->has[FIELD_BIO]);
	draft_free(d);
	/* discard on quit: the kept draft stays */
	draftkeep_discard(&dk, &u, &e, true);
	ck_assert_int_eq(stat(dk.path, &st), 0);
	draftkeep_exit(&dk, &u, &e, false, note, sizeof note);
	ck_assert_str_eq(note, "");
	/* deleted at the offer: gone */
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_OFFER);
	ck_assert_int_eq(draftkeep_answer(&dk, DRAFTKEEP_DELETE, &u, &e, &n,
	                                  &err), 0);
	ck_assert_int_ne(stat(dk.path, &st), 0);
	draftkeep_free(&dk);
	draftkeep_free(&dk); /* twice is fine */
}
END_TEST

START_TEST(test_draftkeep_read_only_refused_off)
{
	struct config cfg = { .base_url = CONFIG_PRODUCTION_URL };
	struct user u = { .id = UID, .username = "ada-lovelace" };
	struct draftkeep dk;

	draftkeep_init(&dk, &cfg);
	ck_assert_int_eq(edit_set(&e, FIELD_NAME, "Ada K"), 0);
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_NONE);
	ck_assert_int_eq(draftkeep_save(&dk, &u, &e, &err), 0);
	cfg.read_only = true;
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err),
	                 DRAFTKEEP_READ_ONLY);
	ck_assert_ptr_null(dk.offer);
	cfg.read_only = false;
	/* a loose file is refused, with the reason */
	ck_assert_int_eq(chmod(dk.path, 0644), 0);
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err),
	                 DRAFTKEEP_REFUSED);
	ck_assert(tu_contains(err.message, "600"));
	/* no state directory: drafts are off */
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_int_eq(draftkeep_loaded(&dk, &u, &e, &err), DRAFTKEEP_OFF);
	ck_assert(!draftkeep_available(&dk));
	draftkeep_free(&dk);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("draft");
	TCase *tc = tcase_create("draft");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_empty);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_never_the_token);
	tcase_add_test(tc, test_another_user_refused);
	tcase_add_test(tc, test_hostile_files);
	tcase_add_test(tc, test_unsafe_files_refused);
	tcase_add_test(tc, test_write_failure_keeps_old);
	tcase_add_test(tc, test_debounce);
	tcase_add_test(tc, test_draftkeep_cycle);
	tcase_add_test(tc, test_draftkeep_read_only_refused_off);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
