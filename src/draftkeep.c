/* draftkeep.c - the editor's draft of the open profile; see draftkeep.h. */
#include "draftkeep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "user.h"

/* Tells that the edit changed since the last look without a hook in
 * every place that changes it: its fields' generations (edit.h), which
 * change with every change of a text and are never reused. Costs the
 * same whatever the texts' size (a 60 KB bio is not hashed per turn). */
static unsigned long long fingerprint(const struct edit *e)
{
	unsigned long long h = 1469598103934665603ull;

	for (int f = 0; e && f < FIELD_COUNT; f++)
		h = (h ^ edit_gen(e, (enum field_id)f)) * 1099511628211ull;
	return h;
}

void draftkeep_init(struct draftkeep *dk, const struct config *cfg)
{
	memset(dk, 0, sizeof *dk);
	dk->cfg = cfg;
}

void draftkeep_free(struct draftkeep *dk)
{
	free(dk->path);
	dk->path = NULL;
	draft_free(dk->offer);
	dk->offer = NULL;
	draft_free(dk->kept);
	dk->kept = NULL;
}

/* Save the draft kept for later together with e's changes when
 * with_edits (a field changed in both keeps e's text): one file holds
 * both, so neither is lost. Returns 0 or -1 with err. */
static int save_with_kept(struct draftkeep *dk, const struct user *u,
                          const struct edit *e, bool with_edits,
                          struct pf_error *err)
{
	struct edit both;
	int rc;

	memset(&both, 0, sizeof both);
	rc = edit_load(&both, u, err);
	if (rc == 0)
		rc = draft_apply(dk->kept, &both, err);
	for (int f = 0; rc == 0 && with_edits && f < FIELD_COUNT; f++) {
		if (edit_is_changed(e, (enum field_id)f) &&
		    edit_set(&both, (enum field_id)f,
		             edit_current(e, (enum field_id)f)) != 0)
			rc = pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	}
	if (rc == 0)
		rc = draft_save(dk->path, draft_env_of(dk->cfg),
		                dk->cfg->account_id, u->id, &both, err);
	edit_free(&both);
	return rc;
}

/* See draftkeep.h. */
int draftkeep_save(struct draftkeep *dk, const struct user *u,
                   const struct edit *e, struct pf_error *err)
{
	pf_error_clear(err);
	draft_timer_clear(&dk->timer);
	dk->fp = fingerprint(e);
	if (!dk->path || !u || dk->offer)
		return 0;
	if (dk->kept)
		return save_with_kept(dk, u, e, true, err);
	return draft_save(dk->path, draft_env_of(dk->cfg), dk->cfg->account_id,
	                  u->id, e, err);
}

/* See draftkeep.h. */
void draftkeep_drop(struct draftkeep *dk, const struct user *u,
                    const struct edit *e)
{
	struct pf_error err;

	draft_timer_clear(&dk->timer);
	dk->fp = fingerprint(e);
	if (!dk->path)
		return;
	if (dk->kept && u)
		save_with_kept(dk, u, e, false, &err);
	else
		draft_remove(dk->path, &err);
}

/* See draftkeep.h. */
enum draftkeep_found draftkeep_loaded(struct draftkeep *dk,
                                      const struct user *u,
                                      const struct edit *e,
                                      struct pf_error *err)
{
	struct pf_error ignored;
	struct draft *d = NULL;
	char *path;
	int rc;

	pf_error_clear(err);
	if (dk->discard_pending && dk->path && !dk->kept)
		draft_remove(dk->path, &ignored);
	dk->discard_pending = false;
	dk->discarded = false;
	draft_free(dk->offer);
	dk->offer = NULL;
	draft_free(dk->kept); /* the file is offered again below */
	dk->kept = NULL;
	draft_timer_clear(&dk->timer);
	dk->fp = fingerprint(e);
	path = u ? draft_path_for(dk->cfg, u->id, err) : NULL;
	free(dk->path);
	dk->path = path;
	if (!path)
		return DRAFTKEEP_OFF;
	rc = draft_load(path, draft_env_of(dk->cfg), dk->cfg->account_id,
	                u->id, &d, err);
	if (rc == 1)
		return DRAFTKEEP_NONE;
	if (rc < 0)
		return DRAFTKEEP_REFUSED;
	if (dk->cfg->read_only) {
		draft_free(d);
		return DRAFTKEEP_READ_ONLY;
	}
	dk->offer = d;
	return DRAFTKEEP_OFFER;
}

/* See draftkeep.h. */
void draftkeep_load_failed(struct draftkeep *dk, const struct user *u,
                           const struct edit *e)
{
	struct pf_error err;

	if (dk->discard_pending && dk->kept)
		draftkeep_save(dk, u, e, &err); /* the edits are back in */
	dk->discard_pending = false;
}

/* See draftkeep.h. */
int draftkeep_answer(struct draftkeep *dk, enum draftkeep_answer ans,
                     const struct user *u, struct edit *e, int *restored,
                     struct pf_error *err)
{
	struct draft *d = dk->offer;
	int rc = 0;

	pf_error_clear(err);
	*restored = 0;
	dk->offer = NULL;
	if (!d)
		return 0;
	if (ans == DRAFTKEEP_RESTORE) {
		rc = draft_apply(d, e, err);
		for (int f = 0; f < FIELD_COUNT; f++)
			*restored += d->has[f];
		/* the draft now says loaded = the server's values of today */
		if (rc == 0)
			rc = draftkeep_save(dk, u, e, err);
	} else if (ans == DRAFTKEEP_DELETE) {
		draftkeep_drop(dk, u, e);
	} else {
		dk->kept = d; /* the file stays as it is until an edit */
		d = NULL;
	}
	draft_free(d);
	return rc;
}

/* See draftkeep.h. */
void draftkeep_discard(struct draftkeep *dk, const struct user *u,
                       const struct edit *e, bool quitting)
{
	struct pf_error err;

	if (dk->kept && u && dk->path)
		save_with_kept(dk, u, e, false, &err); /* only it stays */
	if (quitting) {
		if (!(dk->kept && u) && dk->path)
			draft_remove(dk->path, &err);
		dk->discarded = true;
		draft_timer_clear(&dk->timer);
	} else {
		/* the file goes once the next load works (draftkeep_loaded) */
		dk->discard_pending = true;
	}
}

/* Whether the edit is one drafts follow now. */
static bool watching(const struct draftkeep *dk, const struct user *u)
{
	return u && !dk->offer && !dk->cfg->read_only;
}

/* A change to the edit since the last look starts the debounce timer
 * (keys are handled after the loop's wait was computed, so both the wait
 * and the tick look). */
static void notice_changes(struct draftkeep *dk, const struct user *u,
                           const struct edit *e, long long now)
{
	unsigned long long fp;

	if (!watching(dk, u))
		return;
	fp = fingerprint(e);
	if (fp != dk->fp) {
		dk->fp = fp;
		dk->discarded = false;
		draft_timer_touch(&dk->timer, now);
	}
}

/* See draftkeep.h. */
int draftkeep_timeout_ms(struct draftkeep *dk, const struct user *u,
                         const struct edit *e, int timeout_ms)
{
	long long now = clock_now_ms();
	long t;

	notice_changes(dk, u, e, now);
	t = draft_timer_timeout_ms(&dk->timer, now);
	return t >= 0 && t < timeout_ms ? (int)t : timeout_ms;
}

/* See draftkeep.h. */
int draftkeep_tick(struct draftkeep *dk, const struct user *u,
                   const struct edit *e, struct pf_error *err)
{
	long long now = clock_now_ms();

	pf_error_clear(err);
	if (!watching(dk, u))
		return 0;
	notice_changes(dk, u, e, now);
	if (!draft_timer_due(&dk->timer, now))
		return 0;
	return draftkeep_save(dk, u, e, err) == 0 ? 1 : -1;
}

/* See draftkeep.h. */
void draftkeep_exit(struct draftkeep *dk, const struct user *u,
                    const struct edit *e, bool patch_in_flight, char *note,
                    size_t n)
{
	struct pf_error err;
	char s[700];

	note[0] = '\0';
	if (!u || dk->discarded || dk->offer || dk->cfg->read_only)
		return;
	if (!edit_any_changed(e)) {
		if (dk->kept) /* edits undone since the last save */
			draftkeep_save(dk, u, e, &err);
		return;
	}
	if (!dk->path) {
		snprintf(note, n, "profed: unsent edits were lost (drafts are off: "
		         "no state directory).\n");
		return;
	}
	if (draftkeep_save(dk, u, e, &err) != 0) {
		pf_error_sentence(&err, s, sizeof s);
		snprintf(note, n, "profed: unsent edits could not be kept: %s\n", s);
		return;
	}
	if (patch_in_flight)
		snprintf(note, n, "profed: the save may have reached the server; "
		         "the draft is kept in %s, and opening this profile again "
		         "compares it.\n", dk->path);
	else
		snprintf(note, n, "profed: unsent edits kept as a draft in %s; "
		         "opening this profile again offers them.\n", dk->path);
}

/* See draftkeep.h. */
bool draftkeep_available(const struct draftkeep *dk)
{
	return dk->path != NULL;
}
