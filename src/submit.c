/* submit.c - the submit flow as one state machine; see submit.h.
 *
 * submit_step is the only place the state changes. Each state accepts
 * the inputs listed in its case and ignores the rest; every way out of a
 * running state either starts the next request (enter_*) or ends the
 * submit (finish) with its outcome.
 */
#include "submit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "audit.h"
#include "autoconf.h"
#include "complete.h"
#include "files.h"
#include "strbuf.h"
#include "user.h"

struct submit {
	struct submit_ops ops;
	void *ctx;
	struct submit_hooks hooks;
	void *ud;
	struct api *api;          /* submit_new_api: for submit_run */
	struct files *files;

	enum submit_state state;
	enum submit_outcome outcome;
	enum submit_stage stage;
	struct pf_error err;
	long op;                  /* the request in flight, 0 when none */

	struct edit *edit;        /* the driver's */
	char *who;
	struct submit_opts opts;
	bool prepared;
	bool checked;             /* this submit's re-read is done */

	/* the picture, when it is a local file */
	char *pic_text;           /* the field's text that was checked */
	char *pic_path;           /* the same with "~/" expanded */
	struct image_info pic_img;
	bool pic_ok;
	char *uploaded_id;

	/* conflicts (RESOLVING) */
	struct user *now;
	enum field_id conf[FIELD_COUNT];
	enum edit_resolution how[FIELD_COUNT];
	size_t nconf;

	/* the 409 path */
	bool after_409;
	struct pf_error err_409;
	char changed[256];
	bool nothing_left;

	/* the audit trail: the PATCH in flight's request (copies of its
	 * strings, so the outcome line names what the intent did) */
	struct audit *own_audit;        /* opened here (submit_new_api) */
	struct audit_request arq;
	struct audit_change ach[FIELD_COUNT];
	char *astr[3 * FIELD_COUNT + 2]; /* the copies, freed after the outcome */
	bool arq_open;                  /* intent written, outcome not yet */
	struct pf_error audit_err;
	bool audit_warn;                /* a failure not yet handed out */
};

/* ---- the audit trail (submit.h: submit_audit_warning) */

/* The trail this submit writes to, or NULL. The credential's kind follows
 * what the api learnt from a `me` answer. */
static struct audit *audit_of(struct submit *s)
{
	struct audit *a = s->opts.audit;
	if (!a && s->api) {
		if (!s->own_audit) {
			const struct config *cfg = api_config(s->api);
			s->own_audit = audit_open(cfg, api_cred_kind(s->api),
			                          audit_source_of(cfg), PACKAGE_VERSION);
		}
		a = s->own_audit;
	}
	if (a && s->api && api_cred_kind(s->api) != CAP_CRED_UNKNOWN)
		audit_set_kind(a, api_cred_kind(s->api));
	return a;
}

/* A failed write: kept for submit_audit_warning (the first only). */
static void audit_failed(struct submit *s, struct audit *a,
                         const struct pf_error *e)
{
	if (audit_warn_once(a)) {
		s->audit_err = *e;
		s->audit_warn = true;
	}
}

static void audit_strs_free(struct submit *s)
{
	for (size_t i = 0; i < sizeof s->astr / sizeof s->astr[0]; i++) {
		free(s->astr[i]);
		s->astr[i] = NULL;
	}
}

/* A copy kept until the outcome line ("" when out of memory). */
static const char *audit_keep(struct submit *s, size_t *k, const char *v)
{
	char *c = strdup(v ? v : "");
	if (!c || *k >= sizeof s->astr / sizeof s->astr[0]) {
		free(c);
		return "";
	}
	s->astr[(*k)++] = c;
	return c;
}

/* The intent line, just before the PATCH of the marked (sent) fields. */
static void audit_intent_line(struct submit *s)
{
	struct audit *a = audit_of(s);
	struct pf_error e;
	size_t k = 0, n = 0;

	if (!a)
		return;
	audit_strs_free(s);
	memset(&s->arq, 0, sizeof s->arq);
	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = edit_fields[i].id;
		struct audit_change *c = &s->ach[n];
		const char *sent = s->edit->sent[f];
		if (!sent)
			continue;
		c->field = f;
		c->old_value = audit_keep(s, &k, edit_baseline(s->edit, f));
		c->local_file = NULL;
		if (edit_fields[i].kind == FIELD_KIND_FILE_REF && s->uploaded_id &&
		    s->pic_text && strcmp(sent, s->pic_text) == 0) {
			const char *path = s->pic_path ? s->pic_path : s->pic_text;
			const char *base = strrchr(path, '/');
			c->new_value = audit_keep(s, &k, s->uploaded_id);
			c->local_file = audit_keep(s, &k, base ? base + 1 : path);
		} else {
			c->new_value = audit_keep(s, &k, sent);
		}
		n++;
	}
	s->arq.mode = s->opts.audit_mode;
	s->arq.user_id = audit_keep(s, &k, s->edit->user_id ? s->edit->user_id
	                                                    : s->who);
	s->arq.username = audit_keep(s, &k, edit_baseline(s->edit,
	                                                  FIELD_USERNAME));
	s->arq.changes = s->ach;
	s->arq.n_changes = n;
	pf_error_clear(&e);
	if (audit_intent(a, &s->arq, &e) != 0)
		audit_failed(s, a, &e);
	s->arq_open = true; /* the outcome follows even when this failed */
}

/* The outcome line of the PATCH the intent announced. */
static void audit_outcome_line(struct submit *s, enum audit_outcome o,
                               const struct pf_error *err)
{
	struct audit *a;
	struct pf_error e;

	if (!s->arq_open)
		return;
	s->arq_open = false;
	if (!(a = audit_of(s)))
		return;
	pf_error_clear(&e);
	if (audit_outcome(a, &s->arq, o, err ? err->answer_status : 0,
	                  err && err->request_id[0] ? err->request_id : NULL,
	                  &e) != 0)
		audit_failed(s, a, &e);
	audit_strs_free(s);
}

/* See submit.h. */
bool submit_audit_warning(struct submit *s, const struct pf_error **why)
{
	if (!s || !s->audit_warn)
		return false;
	s->audit_warn = false;
	if (why)
		*why = &s->audit_err;
	return true;
}

/* Tell the driver something changed. */
static void notify(struct submit *s)
{
	if (s->hooks.changed)
		s->hooks.changed(s->ud, s);
}

/* Hand u to the driver as the new baseline (or free it). */
static void adopt(struct submit *s, struct user *u)
{
	if (s->hooks.adopt)
		s->hooks.adopt(s->ud, u);
	else
		user_free(u);
}

/* End the submit: IDLE with outcome, where, and why (err NULL: PF_OK). */
static void finish(struct submit *s, enum submit_outcome outcome,
                   enum submit_stage stage, const struct pf_error *err)
{
	s->state = SUBMIT_IDLE;
	s->op = 0;
	s->outcome = outcome;
	s->stage = stage;
	s->checked = false;
	if (err)
		s->err = *err;
	else
		pf_error_clear(&s->err);
	notify(s);
}

/* End before or outside a request with a message of our own. */
static void finish_msg(struct submit *s, enum submit_stage stage,
                       enum pf_err_kind kind, const char *msg)
{
	struct pf_error e;

	pf_error_clear(&e);
	pf_error_set(&e, kind, "%s", msg);
	finish(s, SUBMIT_NOT_SAVED, stage, &e);
}

/* Enter state with the request op (or end the submit when it could not
 * start: nothing was sent). */
static void enter(struct submit *s, enum submit_state state, long op,
                  enum submit_stage stage, const struct pf_error *err)
{
	if (op < 0) {
		finish(s, SUBMIT_NOT_SAVED, stage, err);
		return;
	}
	s->state = state;
	s->op = op;
	notify(s);
}

/* The PATCH with exactly the changed keys. */
static void enter_patching(struct submit *s)
{
	struct pf_error e;
	char *body;
	long op;

	pf_error_clear(&e);
	body = edit_patch_body(s->edit, &e);
	if (!body) {
		if (e.kind == PF_OK) {
			s->nothing_left = true;
			finish_msg(s, SUBMIT_AT_PATCH, PF_OK, "no changes left");
		} else {
			finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_PATCH, &e);
		}
		return;
	}
	if (edit_mark_sent(s->edit, &e) != 0) {
		free(body);
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_PATCH, &e);
		return;
	}
	audit_intent_line(s); /* on disk before the request is sent */
	op = s->ops.patch(s->ctx, s->who, body, &e);
	free(body);
	if (op < 0) {
		audit_outcome_line(s, AUDIT_NOT_SAVED, &e); /* nothing went out */
		edit_clear_sent(s->edit);
	}
	enter(s, SUBMIT_PATCHING, op, SUBMIT_AT_PATCH, &e);
}

/* The re-read (before the PATCH, or after a 409: when it cannot start,
 * the submit ends with the 409). */
static void enter_checking(struct submit *s)
{
	struct pf_error e;
	long op;

	pf_error_clear(&e);
	op = s->ops.read(s->ctx, s->who, &e);
	if (op < 0 && s->after_409)
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_PATCH, &s->err_409);
	else
		enter(s, SUBMIT_CHECKING, op, SUBMIT_AT_CHECK, &e);
}

/* After the upload (or without one): the re-read when asked, else the
 * PATCH. */
static void enter_check_or_patch(struct submit *s)
{
	if (s->opts.check_first && !s->checked)
		enter_checking(s);
	else
		enter_patching(s);
}

/* Check the picture's file now (image_check); keeps what was found. */
static int check_picture(struct submit *s, struct pf_error *err)
{
	const char *text = edit_current(s->edit, FIELD_PICTURE);

	free(s->pic_text);
	free(s->pic_path);
	s->pic_text = strdup(text);
	s->pic_path = complete_expand(text, s->opts.home);
	s->pic_ok = false;
	memset(&s->pic_img, 0, sizeof s->pic_img);
	if (!s->pic_text || !s->pic_path)
		return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	if (image_check(s->pic_path, s->opts.max_picture_bytes, &s->pic_img,
	                err) != 0) {
		snprintf(err->field, sizeof err->field, "%s",
		         edit_fields[FIELD_PICTURE].key);
		return -1;
	}
	s->pic_ok = true;
	return 0;
}

/* START: the picture's upload first when it is a local file (checked
 * again when its text changed since submit_prepare). */
static void on_start(struct submit *s)
{
	struct pf_error e;

	pf_error_clear(&e);
	s->outcome = SUBMIT_PENDING;
	s->after_409 = false;
	s->nothing_left = false;
	s->changed[0] = '\0';
	s->checked = false;
	free(s->uploaded_id);
	s->uploaded_id = NULL;
	if (!edit_picture_needs_upload(s->edit)) {
		enter_check_or_patch(s);
		return;
	}
	if ((!s->pic_ok || strcmp(s->pic_text,
	                          edit_current(s->edit, FIELD_PICTURE)) != 0) &&
	    check_picture(s, &e) != 0) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_START, &e);
		return;
	}
	enter(s, SUBMIT_UPLOADING,
	      s->ops.upload(s->ctx, s->pic_path, &s->pic_img, &e),
	      SUBMIT_AT_UPLOAD, &e);
}

/* UPLOADED: the picture becomes the file id in the PATCH. */
static void on_uploaded(struct submit *s, const struct submit_input *in)
{
	struct pf_error e;

	s->op = 0;
	if (!in->file_id) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_UPLOAD, in->err);
		return;
	}
	pf_error_clear(&e);
	if (edit_set_picture_upload(s->edit, s->pic_text, in->file_id, &e) != 0) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_UPLOAD, &e);
		return;
	}
	/* the audit trail names the file id; without it, no PATCH */
	if (!(s->uploaded_id = strdup(in->file_id))) {
		pf_error_set(&e, PF_ERR_NOMEM, "out of memory");
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_UPLOAD, &e);
		return;
	}
	enter_check_or_patch(s);
}

/* Labels of the fields whose server value moved off the baseline. */
static void note_changed(struct submit *s, const struct user *now)
{
	struct strbuf sb = { 0 };

	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = edit_fields[i].id;
		if (strcmp(edit_baseline(s->edit, f), edit_value_of(now, f)) != 0)
			strbuf_appendf(&sb, "%s%s", sb.len ? ", " : "",
			               edit_fields[i].label);
	}
	snprintf(s->changed, sizeof s->changed, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* The server's profile now becomes the baseline: fields not changed
 * here follow it (edit_rebase); the driver gets the user. -1 out of
 * memory (now freed). */
static int rebase_on(struct submit *s, struct user *now, struct pf_error *e)
{
	note_changed(s, now);
	if (edit_rebase(s->edit, now, e) != 0) {
		user_free(now);
		return -1;
	}
	adopt(s, now);
	return 0;
}

/* READ: the three-way check. No conflict: on to the PATCH (after a 409:
 * stop and say what changed). Conflicts: wait for the person. */
static void on_read(struct submit *s, const struct submit_input *in)
{
	struct pf_error e;
	size_t n;

	s->op = 0;
	if (!in->user) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CHECK, in->err);
		return;
	}
	pf_error_clear(&e);
	n = edit_conflicts(s->edit, in->user, s->conf);
	if (n > 0) {
		s->now = in->user;
		s->nconf = n;
		for (size_t i = 0; i < n; i++)
			s->how[i] = EDIT_KEEP_MINE;
		s->state = SUBMIT_RESOLVING;
		notify(s);
		return;
	}
	if (rebase_on(s, in->user, &e) != 0) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CHECK, &e);
		return;
	}
	if (s->after_409) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_PATCH, &s->err_409);
		return;
	}
	s->checked = true;
	enter_patching(s);
}

/* RESOLVED: apply the choices; on to the PATCH unless this answers a
 * 409 (the person reviews and submits again) or nothing is left. */
static void on_resolved(struct submit *s)
{
	struct user *now = s->now;
	struct pf_error e;

	s->now = NULL;
	pf_error_clear(&e);
	for (size_t i = 0; i < s->nconf; i++) {
		if (edit_resolve(s->edit, s->conf[i], now, s->how[i]) != 0) {
			user_free(now);
			pf_error_set(&e, PF_ERR_NOMEM, "out of memory");
			finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CONFLICT, &e);
			return;
		}
	}
	s->nconf = 0;
	if (rebase_on(s, now, &e) != 0) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CONFLICT, &e);
		return;
	}
	if (s->after_409) {
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CONFLICT, &s->err_409);
		return;
	}
	if (!edit_any_changed(s->edit)) {
		s->nothing_left = true;
		finish_msg(s, SUBMIT_AT_CONFLICT, PF_OK, "no changes left");
		return;
	}
	s->checked = true;
	enter_patching(s);
}

/* PATCHED: the answer becomes the baseline; a 409 reads the profile
 * again; anything else ends with what is known of the change. */
static void on_patched(struct submit *s, const struct submit_input *in)
{
	struct pf_error e;
	const struct pf_error *err = in->err;

	s->op = 0;
	audit_outcome_line(s, in->user ? AUDIT_SAVED
	                   : err->landed == PF_LANDED_UNKNOWN ? AUDIT_NOT_KNOWN
	                   : AUDIT_NOT_SAVED, err);
	if (in->user) {
		pf_error_clear(&e);
		if (edit_commit(s->edit, in->user, &e) != 0) {
			/* saved, but the form cannot follow: it says so */
			user_free(in->user);
			finish(s, SUBMIT_SAVED, SUBMIT_AT_PATCH, &e);
			return;
		}
		adopt(s, in->user);
		finish(s, SUBMIT_SAVED, SUBMIT_AT_PATCH, err);
		return;
	}
	edit_clear_sent(s->edit);
	if (err->kind == PF_ERR_HTTP && err->status == 409) {
		s->after_409 = true;
		s->err_409 = *err;
		s->err_409.landed = PF_LANDED_NO;
		enter_checking(s);
		return;
	}
	finish(s, err->landed == PF_LANDED_UNKNOWN ? SUBMIT_NOT_KNOWN
	                                           : SUBMIT_NOT_SAVED,
	       SUBMIT_AT_PATCH, err);
}

/* CANCEL: stop at a conflict, or cancel the request in flight. */
static void on_cancel(struct submit *s)
{
	struct pf_error e;

	if (s->state == SUBMIT_RESOLVING) {
		user_free(s->now);
		s->now = NULL;
		s->nconf = 0;
		pf_error_clear(&e);
		pf_error_set(&e, PF_ERR_CANCELLED, "stopped at the conflict");
		finish(s, SUBMIT_NOT_SAVED, SUBMIT_AT_CONFLICT, &e);
		return;
	}
	if (s->op > 0)
		s->ops.cancel(s->ctx, s->op); /* the answer steps on */
}

/* See submit.h: the one place the state changes. A user handed over
 * with an input that does not fit the state is freed. */
void submit_step(struct submit *s, const struct submit_input *in)
{
	bool used = false;

	if (!s || !in)
		return;
	switch (s->state) {
	case SUBMIT_IDLE:
		if (in->kind == SUBMIT_IN_START && s->prepared)
			on_start(s);
		break;
	case SUBMIT_UPLOADING:
		if (in->kind == SUBMIT_IN_UPLOADED)
			on_uploaded(s, in);
		else if (in->kind == SUBMIT_IN_CANCEL)
			on_cancel(s);
		break;
	case SUBMIT_CHECKING:
		if ((used = in->kind == SUBMIT_IN_READ))
			on_read(s, in);
		else if (in->kind == SUBMIT_IN_CANCEL)
			on_cancel(s);
		break;
	case SUBMIT_RESOLVING:
		if (in->kind == SUBMIT_IN_RESOLVED)
			on_resolved(s);
		else if (in->kind == SUBMIT_IN_CANCEL)
			on_cancel(s);
		break;
	case SUBMIT_PATCHING:
		if ((used = in->kind == SUBMIT_IN_PATCHED))
			on_patched(s, in);
		else if (in->kind == SUBMIT_IN_CANCEL)
			on_cancel(s);
		break;
	}
	if (!used)
		user_free(in->user);
}

/* See submit.h. */
void submit_start(struct submit *s)
{
	struct submit_input in = { .kind = SUBMIT_IN_START };

	submit_step(s, &in);
}

/* See submit.h. */
enum submit_ready submit_prepare(struct submit *s, struct edit *e,
                                 const char *who,
                                 const struct submit_opts *o,
                                 struct pf_error *err)
{
	enum field_id bad;
	char *w;

	pf_error_clear(err);
	if (!s || !e || !who || s->state != SUBMIT_IDLE) {
		pf_error_set(err, PF_ERR_USAGE, "a submit is running");
		return SUBMIT_INVALID;
	}
	s->prepared = false;
	s->pic_ok = false; /* whatever this prepare ends in */
	s->edit = e;
	if (o)
		s->opts = *o;
	if (!(w = strdup(who))) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		return SUBMIT_INVALID;
	}
	free(s->who);
	s->who = w;
	if (!edit_validate(e, &bad, err))
		return SUBMIT_INVALID;
	if (!edit_any_changed(e))
		return SUBMIT_NO_CHANGES;
	if (edit_picture_needs_upload(e) && check_picture(s, err) != 0)
		return SUBMIT_INVALID;
	s->prepared = true;
	return SUBMIT_READY;
}

/* ---- the requests through api.h and files.h */

static void api_read_done(void *ud, struct user *u, const struct pf_error *err)
{
	struct submit_input in = { .kind = SUBMIT_IN_READ, .user = u,
	                           .err = err };
	submit_step(ud, &in);
}

static void api_patch_done(void *ud, struct user *u,
                           const struct pf_error *err)
{
	struct submit_input in = { .kind = SUBMIT_IN_PATCHED, .user = u,
	                           .err = err };
	submit_step(ud, &in);
}

static void files_done(void *ud, long id, const char *file_id,
                       const struct pf_error *err)
{
	struct submit_input in = { .kind = SUBMIT_IN_UPLOADED,
	                           .file_id = file_id, .err = err };
	(void)id;
	submit_step(ud, &in);
}

static void files_progress(void *ud, long id, enum files_phase phase,
                           size_t sent, size_t total)
{
	struct submit *s = ud;

	(void)id;
	if (s->hooks.progress)
		s->hooks.progress(s->ud, (int)phase, sent, total);
}

static long api_op_read(void *ctx, const char *who, struct pf_error *err)
{
	struct submit *s = ctx;
	return api_user_get(s->api, who, api_read_done, s, err);
}

static long api_op_patch(void *ctx, const char *who, const char *body,
                         struct pf_error *err)
{
	struct submit *s = ctx;
	return api_user_update(s->api, who, body, api_patch_done, s, err);
}

static long api_op_upload(void *ctx, const char *path,
                          const struct image_info *img, struct pf_error *err)
{
	struct submit *s = ctx;

	if (!s->files)
		return pf_error_set(err, PF_ERR_USAGE, "no uploader");
	return files_upload_start(s->files, path, img, files_progress,
	                          files_done, s, err);
}

static void api_op_cancel(void *ctx, long op)
{
	struct submit *s = ctx;

	api_cancel(s->api, op); /* one cancel for every operation */
}

/* See submit.h. */
struct submit *submit_new(const struct submit_ops *ops, void *ctx,
                          const struct submit_hooks *hooks, void *ud)
{
	struct submit *s;

	if (!ops)
		return NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->ops = *ops;
	s->ctx = ctx;
	if (hooks)
		s->hooks = *hooks;
	s->ud = ud;
	return s;
}

/* See submit.h. */
struct submit *submit_new_api(struct api *api, struct files *fl,
                              const struct submit_hooks *hooks, void *ud)
{
	static const struct submit_ops ops = {
		.upload = api_op_upload, .read = api_op_read,
		.patch = api_op_patch, .cancel = api_op_cancel,
	};
	struct submit *s = submit_new(&ops, NULL, hooks, ud);

	if (!s)
		return NULL;
	s->ctx = s;
	s->api = api;
	s->files = fl;
	return s;
}

/* See submit.h. Whatever runs is cancelled with the hooks off: the
 * driver is going away. */
void submit_free(struct submit *s)
{
	if (!s)
		return;
	memset(&s->hooks, 0, sizeof s->hooks);
	if (s->state != SUBMIT_IDLE)
		on_cancel(s);
	audit_outcome_line(s, AUDIT_NOT_KNOWN, NULL); /* no answer came */
	audit_close(s->own_audit);
	audit_strs_free(s);
	user_free(s->now);
	free(s->who);
	free(s->pic_text);
	free(s->pic_path);
	free(s->uploaded_id);
	free(s);
}

/* See submit.h. */
enum submit_outcome submit_run(struct submit *s)
{
	if (!s || !s->api)
		return SUBMIT_PENDING;
	while (s->state != SUBMIT_IDLE && s->state != SUBMIT_RESOLVING) {
		if (api_wait(s->api, NULL, 0, NULL, 1000) < 0) {
			on_cancel(s);
			break;
		}
		api_run(s->api);
	}
	return s->state == SUBMIT_IDLE ? s->outcome : SUBMIT_PENDING;
}

/* ---- what the driver reads */

enum submit_state submit_state(const struct submit *s)
{
	return s ? s->state : SUBMIT_IDLE;
}

enum submit_outcome submit_outcome(const struct submit *s)
{
	return s ? s->outcome : SUBMIT_PENDING;
}

enum submit_stage submit_stage(const struct submit *s)
{
	return s ? s->stage : SUBMIT_AT_START;
}

const struct pf_error *submit_error(const struct submit *s)
{
	return s ? &s->err : NULL;
}

long submit_op(const struct submit *s)
{
	return s ? s->op : 0;
}

bool submit_edits_allowed(const struct submit *s)
{
	return !s || s->state == SUBMIT_IDLE || s->state == SUBMIT_PATCHING;
}

const struct image_info *submit_picture(const struct submit *s)
{
	return s && s->pic_ok ? &s->pic_img : NULL;
}

const char *submit_picture_text(const struct submit *s)
{
	return s && s->pic_ok ? s->pic_text : NULL;
}

const char *submit_uploaded_id(const struct submit *s)
{
	return s ? s->uploaded_id : NULL;
}

size_t submit_conflicts(const struct submit *s, const enum field_id **fields,
                        const struct user **now)
{
	if (!s || s->state != SUBMIT_RESOLVING)
		return 0;
	if (fields)
		*fields = s->conf;
	if (now)
		*now = s->now;
	return s->nconf;
}

void submit_choose(struct submit *s, size_t i, enum edit_resolution how)
{
	if (s && i < s->nconf)
		s->how[i] = how;
}

bool submit_after_409(const struct submit *s, const char **changed)
{
	if (changed)
		*changed = s ? s->changed : "";
	return s && s->after_409;
}

bool submit_nothing_left(const struct submit *s)
{
	return s && s->nothing_left;
}
