/* check_submit.c - the submit flow's state machine (src/submit.c) without
 * a network or a terminal: fake ops record what would be sent and the
 * test feeds each answer back as a submit_step input, so every transition
 * and a failure at each step is driven by hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "submit.h"
#include "user.h"
#include "testutil.h"

/* What the fake ops saw. */
struct fake {
	int uploads, reads, patches, cancels;
	char last_body[512];
	char last_who[64];
	bool fail_next;      /* the next request does not start */
	long next_op;
	int adopted;         /* users handed to the driver */
	int changed;         /* hooks.changed calls */
	int progress;
	const char *audit_file; /* lines in it when the PATCH was started */
	int audit_lines_at_patch;
};

static struct fake fk;
static struct edit ed;
static struct submit *s;
static struct pf_error err;
static char *tmpdir;

static long fake_start(struct pf_error *e)
{
	if (fk.fail_next) {
		fk.fail_next = false;
		return pf_error_set(e, PF_ERR_TRANSPORT, "refused");
	}
	return ++fk.next_op;
}

static long fake_upload(void *ctx, const char *path,
                        const struct image_info *img, struct pf_error *e)
{
	(void)ctx;
	(void)path;
	(void)img;
	fk.uploads++;
	return fake_start(e);
}

static long fake_read(void *ctx, const char *who, struct pf_error *e)
{
	(void)ctx;
	fk.reads++;
	snprintf(fk.last_who, sizeof fk.last_who, "%s", who);
	return fake_start(e);
}

static long fake_patch(void *ctx, const char *who, const char *body,
                       struct pf_error *e)
{
	(void)ctx;
	fk.patches++;
	if (fk.audit_file) {
		char *t = tu_read_file(fk.audit_file, NULL);
		fk.audit_lines_at_patch = 0;
		for (const char *p = t; p && *p; p++)
			fk.audit_lines_at_patch += *p == '\n';
		free(t);
	}
	snprintf(fk.last_who, sizeof fk.last_who, "%s", who);
	snprintf(fk.last_body, sizeof fk.last_body, "%s", body);
	return fake_start(e);
}

static void fake_cancel(void *ctx, long op)
{
	(void)ctx;
	(void)op;
	fk.cancels++;
}

static void hook_adopt(void *ud, struct user *u)
{
	(void)ud;
	fk.adopted++;
	user_free(u);
}

static void hook_changed(void *ud, struct submit *sub)
{
	(void)ud;
	(void)sub;
	fk.changed++;
}

static const struct submit_ops ops = { fake_upload, fake_read, fake_patch,
                                       fake_cancel };
static const struct submit_hooks hooks = { hook_adopt, hook_changed, NULL };

/* A user as the server would send it. */
static struct user *mkuser(const char *name, const char *bio)
{
	char json[512];
	struct pf_error e;

	snprintf(json, sizeof json, "{\"id\":\"user_1\",\"username\":\"ada\","
	         "\"name\":\"%s\",\"bio\":\"%s\",\"profile_picture\":"
	         "{\"url\":\"https://x/old.png\"}}", name, bio);
	struct user *u = user_parse(json, strlen(json), &e);
	ck_assert_ptr_nonnull(u);
	return u;
}

static void feed(enum submit_input_kind kind, struct user *u,
                 const char *file_id, const struct pf_error *e)
{
	struct submit_input in = { .kind = kind, .user = u,
	                           .file_id = file_id, .err = e };
	submit_step(s, &in);
}

/* An error of kind (HTTP status when kind is PF_ERR_HTTP). */
static struct pf_error mkerr(enum pf_err_kind kind, long status,
                             enum pf_landed landed)
{
	struct pf_error e;
	pf_error_clear(&e);
	pf_error_set(&e, kind, "boom");
	e.status = status;
	e.landed = landed;
	return e;
}

static const struct submit_opts checked_opts = { .check_first = true,
                                                 .max_picture_bytes = 1 << 20 };
static const struct submit_opts direct_opts = { .check_first = false,
                                                .max_picture_bytes = 1 << 20 };

static void setup(void)
{
	struct user *u = mkuser("Ada", "one");

	memset(&fk, 0, sizeof fk);
	memset(&ed, 0, sizeof ed);
	ck_assert_int_eq(edit_load(&ed, u, &err), 0);
	user_free(u);
	s = submit_new(&ops, NULL, &hooks, NULL);
	ck_assert_ptr_nonnull(s);
	tmpdir = tu_tempdir();
}

static void teardown(void)
{
	submit_free(s);
	edit_free(&ed);
	tu_rmtree(tmpdir);
	free(tmpdir);
}

/* Prepare and start with the name changed. */
static void start_name_change(const struct submit_opts *o)
{
	ck_assert_int_eq(edit_set(&ed, FIELD_NAME, "Ada K"), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", o, &err), SUBMIT_READY);
	submit_start(s);
}

START_TEST(test_null_and_idle)
{
	struct submit_input in = { .kind = SUBMIT_IN_START };

	ck_assert_ptr_null(submit_new(NULL, NULL, NULL, NULL));
	submit_free(NULL);
	submit_step(NULL, &in);
	submit_step(s, NULL);
	ck_assert_int_eq(submit_state(NULL), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(NULL), SUBMIT_PENDING);
	ck_assert_ptr_null(submit_error(NULL));
	ck_assert(submit_edits_allowed(NULL));
	ck_assert_int_eq(submit_prepare(NULL, &ed, "me", NULL, &err),
	                 SUBMIT_INVALID);
	ck_assert_int_eq(submit_prepare(s, NULL, "me", NULL, &err),
	                 SUBMIT_INVALID);
	/* START without a prepare does nothing; answers out of turn neither */
	submit_start(s);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &err);
	feed(SUBMIT_IN_RESOLVED, NULL, NULL, NULL);
	feed(SUBMIT_IN_CANCEL, NULL, NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(fk.patches + fk.reads + fk.uploads + fk.cancels, 0);
}
END_TEST

START_TEST(test_validate)
{
	/* nothing changed */
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &checked_opts, &err),
	                 SUBMIT_NO_CHANGES);
	/* invalid: the field and why, nothing sent */
	ck_assert_int_eq(edit_set(&ed, FIELD_USERNAME, "a b"), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &checked_opts, &err),
	                 SUBMIT_INVALID);
	ck_assert_str_eq(err.field, "username");
	/* hostile: invalid UTF-8 in the name */
	ck_assert_int_eq(edit_set(&ed, FIELD_USERNAME, "ada"), 0);
	ck_assert_int_eq(edit_set(&ed, FIELD_NAME, "\xff\xfe"), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &checked_opts, &err),
	                 SUBMIT_INVALID);
	ck_assert_str_eq(err.field, "name");
	submit_start(s);
	ck_assert_int_eq(fk.patches + fk.reads, 0);
}
END_TEST

START_TEST(test_check_then_patch_saved)
{
	start_name_change(&checked_opts);
	ck_assert_int_eq(submit_state(s), SUBMIT_CHECKING);
	ck_assert_int_eq(fk.reads, 1);
	ck_assert(!submit_edits_allowed(s));
	feed(SUBMIT_IN_READ, mkuser("Ada", "one"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	ck_assert(submit_edits_allowed(s));
	ck_assert_str_eq(fk.last_body, "{\"name\":\"Ada K\"}");
	ck_assert_str_eq(fk.last_who, "me");
	ck_assert_int_eq(submit_op(s), 2);
	feed(SUBMIT_IN_PATCHED, mkuser("Ada K", "one"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_SAVED);
	ck_assert_int_eq(submit_error(s)->kind, PF_OK);
	ck_assert_int_eq(fk.adopted, 2); /* the re-read, the answer */
	ck_assert(!edit_any_changed(&ed));
	ck_assert_str_eq(edit_baseline(&ed, FIELD_NAME), "Ada K");
	ck_assert_int_eq(submit_op(s), 0);
	ck_assert_int_ge(fk.changed, 3);
}
END_TEST

START_TEST(test_direct_patch)
{
	start_name_change(&direct_opts);
	ck_assert_int_eq(fk.reads, 0);
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	feed(SUBMIT_IN_PATCHED, mkuser("Ada K", "one"), NULL, NULL);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_SAVED);
	ck_assert_int_eq(fk.patches, 1);
}
END_TEST

START_TEST(test_lost_answer_landed)
{
	struct pf_error e;

	start_name_change(&direct_opts);
	pf_error_clear(&e);
	e.landed = PF_LANDED_YES;
	snprintf(e.message, sizeof e.message, "connection reset");
	feed(SUBMIT_IN_PATCHED, mkuser("Ada K", "one"), NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_SAVED);
	ck_assert_int_eq(submit_error(s)->landed, PF_LANDED_YES);
}
END_TEST

START_TEST(test_lost_answer_not_known_and_not_saved)
{
	struct pf_error e = mkerr(PF_ERR_TRANSPORT, 0, PF_LANDED_UNKNOWN);

	start_name_change(&direct_opts);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_KNOWN);
	ck_assert(edit_any_changed(&ed)); /* every edit stays */
	ck_assert_str_eq(edit_current(&ed, FIELD_NAME), "Ada K");

	/* again: refused for sure */
	e = mkerr(PF_ERR_HTTP, 500, PF_LANDED_NO);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_READY);
	submit_start(s);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_PATCH);
	ck_assert_int_eq(submit_error(s)->status, 500);
	ck_assert_int_eq(fk.patches, 2);
}
END_TEST

START_TEST(test_fail_at_each_step)
{
	struct pf_error e = mkerr(PF_ERR_TRANSPORT, 0, PF_LANDED_NA);

	/* the re-read cannot start */
	fk.fail_next = true;
	start_name_change(&checked_opts);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_CHECK);
	/* the re-read fails */
	submit_start(s);
	feed(SUBMIT_IN_READ, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_CHECK);
	ck_assert_int_eq(fk.patches, 0);
	/* the PATCH cannot start: no sent marks left behind */
	submit_start(s);
	feed(SUBMIT_IN_READ, mkuser("Ada", "one"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_PATCH);
	submit_start(s);
	fk.fail_next = true; /* the re-read went out; the PATCH will not */
	feed(SUBMIT_IN_READ, mkuser("Ada", "one"), NULL, NULL);
	ck_assert_int_eq(fk.patches, 2);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	for (int f = 0; f < FIELD_COUNT; f++)
		ck_assert_ptr_null(ed.sent[f]);
	ck_assert_str_eq(edit_current(&ed, FIELD_NAME), "Ada K");
}
END_TEST

START_TEST(test_conflict_keep_mine)
{
	const enum field_id *f;
	const struct user *now;

	ck_assert_int_eq(edit_set(&ed, FIELD_BIO, "mine"), 0);
	start_name_change(&checked_opts);
	feed(SUBMIT_IN_READ, mkuser("Ada", "theirs"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_RESOLVING);
	ck_assert_uint_eq(submit_conflicts(s, &f, &now), 1);
	ck_assert_int_eq(f[0], FIELD_BIO);
	ck_assert_str_eq(now->bio, "theirs");
	ck_assert(!submit_after_409(s, NULL));
	submit_choose(s, 0, EDIT_KEEP_MINE);
	submit_choose(s, 9, EDIT_TAKE_THEIRS); /* out of range: ignored */
	feed(SUBMIT_IN_RESOLVED, NULL, NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	ck_assert_str_eq(fk.last_body, "{\"name\":\"Ada K\",\"bio\":\"mine\"}");
	ck_assert_int_eq(fk.reads, 1); /* not read again */
}
END_TEST

START_TEST(test_conflict_take_theirs_nothing_left)
{
	ck_assert_int_eq(edit_set(&ed, FIELD_BIO, "mine"), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "user_1", &checked_opts, &err),
	                 SUBMIT_READY);
	submit_start(s);
	feed(SUBMIT_IN_READ, mkuser("Ada", "theirs"), NULL, NULL);
	submit_choose(s, 0, EDIT_TAKE_THEIRS);
	feed(SUBMIT_IN_RESOLVED, NULL, NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert(submit_nothing_left(s));
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(fk.patches, 0);
	ck_assert_str_eq(edit_current(&ed, FIELD_BIO), "theirs");
}
END_TEST

START_TEST(test_conflict_stopped)
{
	ck_assert_int_eq(edit_set(&ed, FIELD_BIO, "mine"), 0);
	start_name_change(&checked_opts);
	feed(SUBMIT_IN_READ, mkuser("Ada", "theirs"), NULL, NULL);
	feed(SUBMIT_IN_CANCEL, NULL, NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_CONFLICT);
	ck_assert_int_eq(submit_error(s)->kind, PF_ERR_CANCELLED);
	ck_assert_int_eq(fk.patches, 0);
	ck_assert_str_eq(edit_current(&ed, FIELD_BIO), "mine");
}
END_TEST

START_TEST(test_409_reread_no_conflict)
{
	struct pf_error e = mkerr(PF_ERR_HTTP, 409, PF_LANDED_NO);
	const char *changed;

	start_name_change(&direct_opts);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_state(s), SUBMIT_CHECKING);
	ck_assert(submit_after_409(s, NULL));
	/* the server changed the bio meanwhile, not the name */
	feed(SUBMIT_IN_READ, mkuser("Ada", "new bio"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_error(s)->status, 409);
	ck_assert(submit_after_409(s, &changed));
	ck_assert_str_eq(changed, "Bio");
	ck_assert_int_eq(fk.patches, 1); /* never sent again by itself */
	ck_assert_str_eq(edit_current(&ed, FIELD_NAME), "Ada K");
	ck_assert_str_eq(edit_current(&ed, FIELD_BIO), "new bio");
}
END_TEST

START_TEST(test_409_with_conflict)
{
	struct pf_error e = mkerr(PF_ERR_HTTP, 409, PF_LANDED_NO);

	start_name_change(&direct_opts);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	feed(SUBMIT_IN_READ, mkuser("Grace", "one"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_RESOLVING);
	ck_assert(submit_after_409(s, NULL));
	feed(SUBMIT_IN_RESOLVED, NULL, NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_error(s)->status, 409);
	ck_assert_int_eq(fk.patches, 1);
	/* kept mine; the baseline is the server's now */
	ck_assert_str_eq(edit_current(&ed, FIELD_NAME), "Ada K");
	ck_assert_str_eq(edit_baseline(&ed, FIELD_NAME), "Grace");
}
END_TEST

START_TEST(test_409_reread_cannot_start)
{
	struct pf_error e = mkerr(PF_ERR_HTTP, 409, PF_LANDED_NO);

	start_name_change(&direct_opts);
	fk.fail_next = true;
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	ck_assert_int_eq(submit_error(s)->status, 409);
}
END_TEST

START_TEST(test_cancel_in_flight)
{
	struct pf_error e = mkerr(PF_ERR_CANCELLED, 0, PF_LANDED_UNKNOWN);

	start_name_change(&checked_opts);
	feed(SUBMIT_IN_CANCEL, NULL, NULL, NULL);
	ck_assert_int_eq(fk.cancels, 1);
	ck_assert_int_eq(submit_state(s), SUBMIT_CHECKING); /* until answered */
	e.landed = PF_LANDED_NA;
	feed(SUBMIT_IN_READ, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	/* cancelled while the PATCH was out: not known */
	submit_start(s);
	feed(SUBMIT_IN_READ, mkuser("Ada", "one"), NULL, NULL);
	feed(SUBMIT_IN_CANCEL, NULL, NULL, NULL);
	e.landed = PF_LANDED_UNKNOWN;
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_KNOWN);
}
END_TEST

/* A 1x1 PNG written to the temp dir; returns its path (static buffer). */
static const char *png_file(void)
{
	static char path[512];
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',
		'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f,
		0x15, 0xc4, 0x89, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42,
		0x60, 0x82,
	};
	snprintf(path, sizeof path, "%s/me.png", tmpdir);
	ck_assert_int_eq(tu_write_file(path, (const char *)png, sizeof png,
	                               0600), 0);
	return path;
}

START_TEST(test_picture_upload_then_patch)
{
	const char *path = png_file();

	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, path), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_READY);
	ck_assert_ptr_nonnull(submit_picture(s));
	ck_assert_str_eq(submit_picture(s)->format, "PNG");
	ck_assert_str_eq(submit_picture_text(s), path);
	submit_start(s);
	ck_assert_int_eq(submit_state(s), SUBMIT_UPLOADING);
	ck_assert(!submit_edits_allowed(s));
	feed(SUBMIT_IN_UPLOADED, NULL, "file_abc123", NULL);
	ck_assert_str_eq(submit_uploaded_id(s), "file_abc123");
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	ck_assert_str_eq(fk.last_body,
	                 "{\"profile_picture\":{\"id\":\"file_abc123\"}}");
}
END_TEST

/* A prepare that ends without a picture to upload forgets the one an
 * earlier prepare checked. */
START_TEST(test_picture_forgotten_by_next_prepare)
{
	const char *path = png_file();
	char *base = strdup(edit_baseline(&ed, FIELD_PICTURE));

	ck_assert_ptr_nonnull(base);
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, path), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_READY);
	ck_assert_ptr_nonnull(submit_picture(s));
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, base), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_NO_CHANGES);
	ck_assert_ptr_null(submit_picture(s));
	ck_assert_ptr_null(submit_picture_text(s));
	free(base);
}
END_TEST

START_TEST(test_picture_failures)
{
	struct pf_error e = mkerr(PF_ERR_IO, 0, PF_LANDED_NA);
	char missing[600];

	/* not there: refused at prepare, with the field */
	snprintf(missing, sizeof missing, "%s/none.png", tmpdir);
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, missing), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_INVALID);
	ck_assert_str_eq(err.field, "profile_picture");
	/* the upload fails: nothing sent, edits kept */
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, png_file()), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &direct_opts, &err),
	                 SUBMIT_READY);
	submit_start(s);
	feed(SUBMIT_IN_UPLOADED, NULL, NULL, &e);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_UPLOAD);
	ck_assert_int_eq(fk.patches, 0);
	/* a hostile id from the server is refused */
	submit_start(s);
	feed(SUBMIT_IN_UPLOADED, NULL, "file_\x1b[31m", NULL);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_NOT_SAVED);
	ck_assert_int_eq(fk.patches, 0);
	/* the file went away after prepare, the text changed: checked again */
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, missing), 0);
	submit_start(s);
	ck_assert_int_eq(submit_stage(s), SUBMIT_AT_START);
	ck_assert_int_eq(fk.uploads, 2);
}
END_TEST

/* ---- the audit trail, written by the flow (submit.h) */

static struct config acfg;
static struct audit *aud;
static char afile[4400];

/* A trail in tmpdir/audit/ at a fixed day; opts lend it to the flow. */
static void audit_up(struct submit_opts *o, enum audit_mode mode)
{
	char dir[4200];
	pf_error_clear(&err);
	config_init(&acfg);
	ck_assert_int_eq(config_set(&acfg, "token", "pf-test-user-ada-0123",
	                            CONFIG_FROM_ENV, &err), 0);
	ck_assert_int_eq(config_finish(&acfg, &err), 0);
	snprintf(dir, sizeof dir, "%s/audit/", tmpdir);
	aud = audit_open_at(&acfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "9.9",
	                    dir, 1790000000LL);
	ck_assert_ptr_nonnull(aud);
	snprintf(afile, sizeof afile, "%s2026-09-21.jsonl", dir);
	fk.audit_file = afile;
	*o = direct_opts;
	o->audit = aud;
	o->audit_mode = mode;
}

static void audit_down(void)
{
	submit_free(s);
	s = NULL;
	audit_close(aud);
	config_free(&acfg);
}

/* Line i (0-based) of the trail, parsed. */
static char *audit_line(int i)
{
	char *t = tu_read_file(afile, NULL), *p = t;
	ck_assert_ptr_nonnull(t);
	for (int k = 0; k < i && p; k++)
		if ((p = strchr(p, '\n')))
			p++;
	ck_assert_msg(p && *p, "no line %d in %s", i, t);
	char *end = strchr(p, '\n');
	char *line = strndup(p, end ? (size_t)(end - p) : strlen(p));
	free(t);
	return line;
}

START_TEST(test_audit_intent_before_the_patch)
{
	struct submit_opts o;
	struct pf_error ok;
	audit_up(&o, AUDIT_MODE_BULK);
	start_name_change(&o);
	ck_assert_int_eq(fk.patches, 1);
	ck_assert_int_eq(fk.audit_lines_at_patch, 1); /* on disk first */
	char *in = audit_line(0);
	ck_assert(tu_contains(in, "\"phase\":\"intent\""));
	ck_assert(tu_contains(in, "\"mode\":\"bulk\""));
	ck_assert(tu_contains(in, "\"user_id\":\"user_1\",\"username\":\"ada\""));
	ck_assert(tu_contains(in, "{\"field\":\"name\",\"old\":\"Ada\",\"new\":\"Ada K\"}"));
	ck_assert(!tu_contains(in, "pf-test-user-ada-0123"));
	ck_assert(tu_contains(in, "\"last4\":\"0123\""));
	pf_error_clear(&ok);
	ok.answer_status = 200;
	snprintf(ok.request_id, sizeof ok.request_id, "req_42");
	feed(SUBMIT_IN_PATCHED, mkuser("Ada K", "one"), NULL, &ok);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_SAVED);
	char *out = audit_line(1);
	ck_assert(tu_contains(out, "\"outcome\":\"saved\",\"status\":200,"
	                      "\"request_id\":\"req_42\""));
	/* the same id, and the old value as the intent had it */
	ck_assert(tu_contains(out, "\"old\":\"Ada\""));
	ck_assert_int_eq(strncmp(in, out, 40), 0);
	ck_assert(!submit_audit_warning(s, NULL));
	free(in);
	free(out);
	audit_down();
}
END_TEST

START_TEST(test_audit_outcomes)
{
	struct submit_opts o;
	audit_up(&o, AUDIT_MODE_EDITOR);
	/* 409: not saved with its status; the re-read sends no line */
	start_name_change(&o);
	struct pf_error e = mkerr(PF_ERR_HTTP, 409, PF_LANDED_NO);
	e.answer_status = 409;
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	ck_assert_int_eq(submit_state(s), SUBMIT_CHECKING);
	char *l = audit_line(1);
	ck_assert(tu_contains(l, "\"mode\":\"editor\""));
	ck_assert(tu_contains(l, "\"outcome\":\"not saved\",\"status\":409,"
	                      "\"request_id\":null"));
	free(l);
	feed(SUBMIT_IN_READ, mkuser("Ada", "one"), NULL, NULL);
	ck_assert_int_eq(submit_state(s), SUBMIT_IDLE);
	/* a lost answer: not known */
	submit_start(s);
	ck_assert_int_eq(fk.patches, 2);
	e = mkerr(PF_ERR_TRANSPORT, 0, PF_LANDED_UNKNOWN);
	feed(SUBMIT_IN_PATCHED, NULL, NULL, &e);
	l = audit_line(3);
	ck_assert(tu_contains(l, "\"outcome\":\"not known\",\"status\":0"));
	free(l);
	/* the PATCH cannot start: its outcome follows at once */
	fk.fail_next = true;
	submit_start(s);
	l = audit_line(5);
	ck_assert(tu_contains(l, "\"outcome\":\"not saved\""));
	free(l);
	/* freed with the PATCH in flight (no answer): not known */
	submit_start(s);
	ck_assert_int_eq(submit_state(s), SUBMIT_PATCHING);
	audit_down();
	l = audit_line(7);
	ck_assert(tu_contains(l, "\"phase\":\"outcome\""));
	ck_assert(tu_contains(l, "\"outcome\":\"not known\""));
	free(l);
}
END_TEST

START_TEST(test_audit_picture_and_failure)
{
	struct submit_opts o;
	audit_up(&o, AUDIT_MODE_SET);
	const char *path = png_file();
	ck_assert_int_eq(edit_set(&ed, FIELD_PICTURE, path), 0);
	ck_assert_int_eq(submit_prepare(s, &ed, "me", &o, &err), SUBMIT_READY);
	submit_start(s);
	feed(SUBMIT_IN_UPLOADED, NULL, "file_abc123", NULL);
	ck_assert_int_eq(fk.audit_lines_at_patch, 1);
	char *l = audit_line(0);
	ck_assert(tu_contains(l, "{\"field\":\"profile_picture\",\"old\":"
	                      "\"https://x/old.png\",\"new\":\"file_abc123\","
	                      "\"file\":\"me.png\"}"));
	free(l);
	feed(SUBMIT_IN_PATCHED, mkuser("Ada", "one"), NULL, NULL);

	/* a trail that cannot be written: the PATCH goes out, said once */
	char bad[4300];
	snprintf(bad, sizeof bad, "%s/audit/2026-09-21.jsonl", tmpdir);
	unlink(bad);
	ck_assert_int_eq(symlink("/dev/null", bad), 0);
	audit_close(aud);
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/audit/", tmpdir);
	aud = audit_open_at(&acfg, CAP_CRED_USER, AUDIT_SRC_ENVIRONMENT, "9.9",
	                    dir, 1790000000LL);
	o.audit = aud;
	fk.audit_file = NULL;
	start_name_change(&o);
	ck_assert_int_eq(fk.patches, 2);
	const struct pf_error *why = NULL;
	ck_assert(submit_audit_warning(s, &why));
	ck_assert_ptr_nonnull(why);
	ck_assert(tu_contains(why->message, "audit trail"));
	ck_assert(!submit_audit_warning(s, &why)); /* once */
	feed(SUBMIT_IN_PATCHED, mkuser("Ada K", "one"), NULL, NULL);
	ck_assert_int_eq(submit_outcome(s), SUBMIT_SAVED);
	ck_assert(!submit_audit_warning(s, NULL));
	ck_assert(!submit_audit_warning(NULL, NULL));
	audit_down();
}
END_TEST

static Suite *submit_suite(void)
{
	Suite *su = suite_create("submit");
	TCase *tc = tcase_create("flow");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_and_idle);
	tcase_add_test(tc, test_validate);
	tcase_add_test(tc, test_check_then_patch_saved);
	tcase_add_test(tc, test_direct_patch);
	tcase_add_test(tc, test_lost_answer_landed);
	tcase_add_test(tc, test_lost_answer_not_known_and_not_saved);
	tcase_add_test(tc, test_fail_at_each_step);
	tcase_add_test(tc, test_conflict_keep_mine);
	tcase_add_test(tc, test_conflict_take_theirs_nothing_left);
	tcase_add_test(tc, test_conflict_stopped);
	tcase_add_test(tc, test_409_reread_no_conflict);
	tcase_add_test(tc, test_409_with_conflict);
	tcase_add_test(tc, test_409_reread_cannot_start);
	tcase_add_test(tc, test_cancel_in_flight);
	tcase_add_test(tc, test_picture_upload_then_patch);
	tcase_add_test(tc, test_picture_forgotten_by_next_prepare);
	tcase_add_test(tc, test_picture_failures);
	tcase_add_test(tc, test_audit_intent_before_the_patch);
	tcase_add_test(tc, test_audit_outcomes);
	tcase_add_test(tc, test_audit_picture_and_failure);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	return tu_run_suite(submit_suite());
}
