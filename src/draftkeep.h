/* draftkeep.h - the draft of the profile open in the editor: when to save
 * it, what to keep beside it, when it goes. No curses: the editor tells
 * it what happened and shows what it answers (docs/resilience.md).
 *
 * The file itself is draft.h's. This module decides:
 *   - after a load: which file belongs to the user, and whether a draft
 *     there is offered back (the offer), refused, or only mentioned
 *     (read-only);
 *   - while editing: a change of the edit (seen by its fingerprint) starts
 *     the debounce timer; when due, the draft is saved;
 *   - a draft kept for later at the offer stays in the file, with the new
 *     edits written beside it (newer text wins per field) until the next
 *     load; a success, a discard or a revert leaves it there alone;
 *   - on a failed submit, a signal or the way out: save now.
 *
 * Every call takes the loaded user and the edit as they are now (the
 * editor owns both); u may be NULL when nothing is loaded.
 */
#ifndef PROFED_DRAFTKEEP_H
#define PROFED_DRAFTKEEP_H

#include <stdbool.h>

#include "draft.h"
#include "edit.h"
#include "error.h"

struct config;
struct user;

struct draftkeep {
	const struct config *cfg;
	char *path;              /* of the loaded user; NULL when unknown */
	struct draft_timer timer;
	unsigned long long fp;   /* fingerprint of the edit at the last look */
	bool discarded;          /* edits explicitly discarded: keep nothing */
	bool discard_pending;    /* remove the file once the next load works */
	struct draft *offer;     /* the draft offered back; NULL when none */
	struct draft *kept;      /* a draft kept for later */
};

/* What draftkeep_loaded found. */
enum draftkeep_found {
	DRAFTKEEP_NONE,          /* no draft of this user */
	DRAFTKEEP_OFFER,         /* dk->offer is to be offered back */
	DRAFTKEEP_READ_ONLY,     /* there is one; --read-only cannot use it */
	DRAFTKEEP_OFF,           /* drafts are off: err says why */
	DRAFTKEEP_REFUSED,       /* a draft was found but not used: err */
};

/* How the offer was answered. */
enum draftkeep_answer { DRAFTKEEP_RESTORE, DRAFTKEEP_DELETE, DRAFTKEEP_KEEP };

void draftkeep_init(struct draftkeep *dk, const struct config *cfg);
void draftkeep_free(struct draftkeep *dk); /* accepts a zeroed one */

/* A load succeeded: u is the user, e was loaded from it. Removes the
 * draft of edits discarded before the load, finds this user's file and
 * reads it. */
enum draftkeep_found draftkeep_loaded(struct draftkeep *dk,
                                      const struct user *u,
                                      const struct edit *e,
                                      struct pf_error *err);
/* A load failed: a pending discard is forgotten (the edits are still
 * there; they are written again beside a draft kept for later). */
void draftkeep_load_failed(struct draftkeep *dk, const struct user *u,
                           const struct edit *e);

/* The offer's answer. RESTORE applies the draft to e (*restored gets the
 * number of fields) and saves it again (its "loaded" values are today's);
 * DELETE removes the file; KEEP keeps it for later. Returns 0 or -1 with
 * err (out of memory, or the save failed: the restore itself happened). */
int draftkeep_answer(struct draftkeep *dk, enum draftkeep_answer ans,
                     const struct user *u, struct edit *e, int *restored,
                     struct pf_error *err);

/* Save now (failed submit, signal, timer); with a draft kept for later,
 * both in one file. Nothing changed: the file goes (see draft_save).
 * Returns 0 or -1 with err; no file known or an offer open: 0. */
int draftkeep_save(struct draftkeep *dk, const struct user *u,
                   const struct edit *e, struct pf_error *err);
/* The edits were saved or reverted: the file goes, or holds only the
 * draft kept for later. */
void draftkeep_drop(struct draftkeep *dk, const struct user *u,
                    const struct edit *e);
/* The unsaved-edits question was answered "discard": for a quit the file
 * goes now; before a reload or an open, once the next load works. */
void draftkeep_discard(struct draftkeep *dk, const struct user *u,
                       const struct edit *e, bool quitting);

/* The loop's wait: at most timeout_ms, less when a save is due sooner.
 * Notices changes of e first. */
int draftkeep_timeout_ms(struct draftkeep *dk, const struct user *u,
                         const struct edit *e, int timeout_ms);
/* Every turn of the loop: 1 when a due save was made, 0 when nothing was
 * due, -1 with err when the due save failed. */
int draftkeep_tick(struct draftkeep *dk, const struct user *u,
                   const struct edit *e, struct pf_error *err);

/* The way out (quit, signal, error): unsent edits not discarded are
 * saved. Writes into note (n bytes) what the person should know after
 * the terminal is restored ("" when nothing): where the draft is, or why
 * the edits were lost. patch_in_flight: a PATCH was out when it ended,
 * so the change may have reached the server. */
void draftkeep_exit(struct draftkeep *dk, const struct user *u,
                    const struct edit *e, bool patch_in_flight, char *note,
                    size_t n);

/* Whether quitting now keeps the edits as a draft (the too-small
 * screen's note): a file is known. */
bool draftkeep_available(const struct draftkeep *dk);

#endif
