/* submit.h - the submit flow: one explicit state machine, no curses.
 *
 *   submit_prepare: validate every changed field, "no changes", and check
 *                   a picture that is a local file (image_check)
 *   ... the driver shows old -> new and asks (the editor's dialog,
 *       `set`'s prompt or --yes) ...
 *   submit_start:   [UPLOADING]  the picture, when it is a local file
 *                   [CHECKING]   read the profile again, three-way check
 *                   [RESOLVING]  conflicts wait for the person's choices
 *                   [PATCHING]   one PATCH with exactly the changed keys
 *                   -> IDLE with an outcome: saved, not saved, not known
 *
 * Every event moves the machine through one function, submit_step. The
 * requests are started through struct submit_ops: submit_new_api() wires
 * them to api.h (and files.h) and feeds their answers back into
 * submit_step; unit tests give their own ops and feed the answers
 * themselves, so every transition runs without a network or a terminal.
 *
 * Drivers: the editor calls submit_step(CANCEL) on Esc and
 * submit_choose/RESOLVED at the conflict dialog, and reads the state after
 * each hooks.changed; `profed set` and bulk edits call submit_run, which
 * waits on the api until the machine is IDLE or RESOLVING (command mode
 * has nobody to ask: it stops there, nothing sent).
 *
 * Ownership: the edit is the driver's and outlives the submit; the flow
 * changes it only through edit.h (mark sent, commit, rebase, resolve,
 * record the upload). Every user the server sends that becomes the new
 * baseline is handed to the driver through hooks.adopt, which owns it
 * from then on; the flow keeps no user past a step except the server's
 * profile while conflicts wait (RESOLVING).
 *
 * Outcomes (submit_outcome after the machine is IDLE again):
 *   SUBMIT_SAVED      the server holds the change; its answer became the
 *                     baseline (also when the answer was lost and a
 *                     re-read showed the change: err->landed YES, and
 *                     pf_error_sentence tells that story);
 *   SUBMIT_NOT_SAVED  the server surely does not hold it (refused, never
 *                     sent, stopped before the PATCH); every edit stays;
 *   SUBMIT_NOT_KNOWN  the answer was lost and reading again could not
 *                     tell: reload before trying again.
 * submit_error says why (cancel, 401, 409, 422 with err->field, ...) and
 * submit_stage where it ended.
 */
#ifndef PROFED_SUBMIT_H
#define PROFED_SUBMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"
#include "edit.h"
#include "error.h"
#include "image.h"

struct api;
struct files;
struct user;
struct submit;

enum submit_state {
	SUBMIT_IDLE,       /* not started, or ended (see submit_outcome) */
	SUBMIT_UPLOADING,  /* the picture's upload runs */
	SUBMIT_CHECKING,   /* the re-read before the PATCH (or after a 409) */
	SUBMIT_RESOLVING,  /* conflicts wait: submit_choose, then RESOLVED */
	SUBMIT_PATCHING,   /* the PATCH runs */
};

enum submit_outcome {
	SUBMIT_PENDING,    /* running, or never started */
	SUBMIT_SAVED,
	SUBMIT_NOT_SAVED,
	SUBMIT_NOT_KNOWN,
};

/* The step a finished submit ended in (for the words around the error). */
enum submit_stage {
	SUBMIT_AT_START,   /* could not begin (the picture changed, memory) */
	SUBMIT_AT_UPLOAD,
	SUBMIT_AT_CHECK,
	SUBMIT_AT_CONFLICT,
	SUBMIT_AT_PATCH,
};

/* What submit_prepare found. */
enum submit_ready {
	SUBMIT_READY,      /* valid changes: confirm, then submit_start */
	SUBMIT_NO_CHANGES, /* nothing differs from the baseline */
	SUBMIT_INVALID,    /* err says which field (err->field) and why */
};

enum submit_input_kind {
	SUBMIT_IN_START,    /* begin the prepared submit (submit_start) */
	SUBMIT_IN_UPLOADED, /* the upload ended: file_id, or NULL and err */
	SUBMIT_IN_READ,     /* the re-read ended: user, or NULL and err */
	SUBMIT_IN_RESOLVED, /* every conflict has its choice */
	SUBMIT_IN_PATCHED,  /* the PATCH ended: user, or NULL and err */
	SUBMIT_IN_CANCEL,   /* the person stops: the request in flight is
	                       cancelled (its answer arrives as CANCELLED) */
};

struct submit_input {
	enum submit_input_kind kind;
	const char *file_id;         /* UPLOADED; valid during the call */
	struct user *user;           /* READ, PATCHED; handed over */
	const struct pf_error *err;  /* when file_id / user is NULL */
};

/* How requests start. Each returns an operation id (> 0) or -1 with err;
 * its answer must come back as one submit_step input, never from inside
 * the call. cancel makes the answer of op arrive (as PF_ERR_CANCELLED). */
struct submit_ops {
	long (*upload)(void *ctx, const char *path,
	               const struct image_info *img, struct pf_error *err);
	long (*read)(void *ctx, const char *who, struct pf_error *err);
	long (*patch)(void *ctx, const char *who, const char *body,
	              struct pf_error *err);
	void (*cancel)(void *ctx, long op);
};

/* What the driver is told. Every member may be NULL. */
struct submit_hooks {
	/* u is the new baseline (the edit follows it already); the driver
	 * owns it now. */
	void (*adopt)(void *ud, struct user *u);
	/* The state, the outcome or the upload's progress changed. */
	void (*changed)(void *ud, struct submit *s);
	/* Upload progress: phase (files.h enum files_phase), bytes sent of
	 * total. */
	void (*progress)(void *ud, int phase, size_t sent, size_t total);
};

struct submit_opts {
	bool check_first;       /* re-read before the PATCH (the editor: the
	                           baseline may be minutes old); off for
	                           `set --yes` and bulk, which just read it */
	size_t max_picture_bytes;
	const char *home;       /* for "~/" in a picture path; NULL: none */
	/* The audit trail (audit.h) of every PATCH this submit sends: the
	 * driver (0: the editor; `set`; bulk edits) and the handle, lent.
	 * NULL: a submit from submit_new_api opens its own from the api's
	 * configuration (audit_open: $XDG_STATE_HOME, audit, audit-days) at
	 * its first PATCH and keeps it until submit_free; a submit from
	 * submit_new without one writes no trail. */
	enum audit_mode audit_mode;
	struct audit *audit;
};

/* The audit trail (see submit_opts.audit). Around every PATCH the flow
 * writes the intent line just before the request goes out and the
 * outcome line when its answer (or its cancel) arrives: the target's id
 * (edit->user_id, else who) and username (the baseline's), each field
 * sent with old and new value (the picture: the old URL, the new file id
 * and the local file's name), the mode, the credential (its kind from
 * api_cred_kind when learnt, source, last 4), the outcome (saved, not
 * saved, not known), the HTTP status and the server's request id
 * (pf_error.answer_status, .request_id). A failed write never stops the
 * PATCH and never changes the outcome: submit_audit_warning is true once
 * (the first failure of the trail) with the sentence in *why (owned by
 * s), for the driver to say once (the editor's status line, `set`'s
 * stderr). */
bool submit_audit_warning(struct submit *s, const struct pf_error **why);

/* A submit whose requests go through ops with ctx. NULL out of memory. */
struct submit *submit_new(const struct submit_ops *ops, void *ctx,
                          const struct submit_hooks *hooks, void *ud);
/* A submit whose requests go to api (and fl for the picture's upload; may
 * be NULL when no picture will be uploaded). Both must outlive it. */
struct submit *submit_new_api(struct api *api, struct files *fl,
                              const struct submit_hooks *hooks, void *ud);
/* Cancels what runs (its answer is dropped) and frees. Accepts NULL. */
void submit_free(struct submit *s);

/* Check e for a submit to who (a user_ id, a username or "me"): every
 * changed field valid, something changed, a local picture a usable
 * image (checked now, and kept for the confirmation and the upload).
 * Only while IDLE; e must stay alive until the machine is IDLE again. */
enum submit_ready submit_prepare(struct submit *s, struct edit *e,
                                 const char *who,
                                 const struct submit_opts *o,
                                 struct pf_error *err);

/* The one step function (see the top of this file). Inputs that do not
 * fit the state are ignored. */
void submit_step(struct submit *s, const struct submit_input *in);

/* submit_step(START). */
void submit_start(struct submit *s);

/* Block until the machine is IDLE or RESOLVING, running the api's loop
 * (command mode, bulk); only for a submit from submit_new_api. Returns
 * the outcome (SUBMIT_PENDING when it stopped at RESOLVING). */
enum submit_outcome submit_run(struct submit *s);

enum submit_state submit_state(const struct submit *s);
enum submit_outcome submit_outcome(const struct submit *s);
enum submit_stage submit_stage(const struct submit *s);
/* The last failure; kind PF_OK after a plain save. Owned by s. */
const struct pf_error *submit_error(const struct submit *s);
/* The operation in flight (for the countdown: api_waiting), 0 when none. */
long submit_op(const struct submit *s);
/* The edits may change now: nothing runs, or only the PATCH (edits typed
 * meanwhile are kept by edit_commit). */
bool submit_edits_allowed(const struct submit *s);

/* The local picture prepared (for "me.png (20 KiB, image/png)"), or NULL
 * when the picture is not a file to upload. */
const struct image_info *submit_picture(const struct submit *s);
/* The picture field's text that submit_picture describes, or NULL. */
const char *submit_picture_text(const struct submit *s);
/* The file id of the upload of this submit, or NULL. */
const char *submit_uploaded_id(const struct submit *s);

/* While RESOLVING: the conflicting fields (*fields, table order), the
 * server's profile now (*now), and whether this re-read answers a 409. */
size_t submit_conflicts(const struct submit *s, const enum field_id **fields,
                        const struct user **now);
/* The choice for conflict i (default: keep mine). */
void submit_choose(struct submit *s, size_t i, enum edit_resolution how);

/* About the last submit that ended: the PATCH was answered 409 and the
 * profile read again (*changed: labels of the fields the server had
 * changed, ", "-separated, "" none; owned by s). */
bool submit_after_409(const struct submit *s, const char **changed);
/* The conflicts were settled by taking the server's values for all of
 * them, and nothing was left to send. */
bool submit_nothing_left(const struct submit *s);

#endif
