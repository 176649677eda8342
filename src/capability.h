/* capability.h - what a credential may change for a target, known before
 * anything is sent (CONTRACT.md, "Support work"):
 *
 *   credential        target                  may change
 *   user token        own profile             all fields
 *   user token        another person          nothing: look only
 *   API key           `me`                    refused: give an id or username
 *   API key           another person          nothing: look only
 *   any, with --account-id  the override      the fields with in_override in
 *                                             edit_fields[] (name, picture)
 *   user token + account    another person    nothing: look only
 *
 * The credential's kind is not in the token (the contract documents no
 * shape; docs/decisions.md): it is CAP_CRED_UNKNOWN until learnt, and
 * capability_kind_learn() upgrades it from the answer to GET /users/me
 * (2xx: only a user token has a `me`; 400: an API key). An unknown kind
 * is given the benefit of the doubt where the kinds differ (own profile:
 * all fields; another person with an account: the override fields) and
 * the server decides; where they agree it is decided locally.
 *
 * Pure functions: no I/O, no allocation; reasons are static sentences or
 * point into the struct itself (note[]).
 *
 * Wiring: after loading the target, capability_of(kind, is_self,
 * cfg->account_id != NULL, &cap); the editor locks each field with
 * !cap.allowed[f] and shows cap.reason[f] on an editing key; a look-only
 * target (cap.look_only) puts "look only" and cap.why in the title;
 * `profed set` refuses a flag whose field is not allowed with
 * pf_error_set(err, PF_ERR_VALIDATION, "%s", cap.reason[f]) (exit 5)
 * before any request; cap.refused (an API key on `me`) is a usage error.
 * is_self: the target is `me`, or its id/username equals the credential's
 * own user id when that is known (a `me` load, or recent.h's self_id).
 */
#ifndef PROFED_CAPABILITY_H
#define PROFED_CAPABILITY_H

#include <stdbool.h>

#include "edit.h"

enum cap_cred {
	CAP_CRED_UNKNOWN = 0, /* not learnt yet */
	CAP_CRED_USER,        /* a user (OAuth) token: it has a `me` */
	CAP_CRED_API_KEY,     /* an account or app API key: no `me` */
};

struct capability {
	bool refused;               /* cannot even be opened (API key on `me`) */
	bool look_only;             /* no field may change */
	bool allowed[FIELD_COUNT];  /* per field of edit_fields[] */
	const char *reason[FIELD_COUNT]; /* one sentence per locked field,
	                                    NULL for an allowed one */
	const char *why;            /* the look-only/refused sentence, or NULL */
	/* Room for a sentence built from the table; reason[] may point here,
	 * so use the struct where capability_of filled it (do not copy it). */
	char note[160];
};

/* Fill out for (kind, is_self, account_set); see the table above. Never
 * fails; out NULL is ignored. */
void capability_of(enum cap_cred kind, bool is_self, bool account_set,
                   struct capability *out);

/* The kind learnt from GET /users/me: status 2xx -> USER, 400 -> API_KEY
 * (an API key has no `me`), anything else leaves kind as it was. */
enum cap_cred capability_kind_learn(enum cap_cred kind, long me_status);

/* "user", "api-key" or "unknown" (for the audit trail); never NULL. */
const char *capability_kind_name(enum cap_cred kind);

/* How many fields out allows (0 for NULL). */
int capability_count(const struct capability *c);

#endif
