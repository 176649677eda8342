/* capability.c - what a credential may change; see capability.h. */
#include "capability.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char cap_user_other[] =
	"Look only: a user token can change only its own profile.";
static const char cap_key_other[] =
	"Look only: an API key changes another person's profile only through "
	"an account override (--account-id).";
static const char cap_any_other[] =
	"Look only: another person's profile changes only through an account "
	"override (--account-id) with that account's API key.";
static const char cap_key_me[] =
	"An API key has no profile of its own: give a user id or username.";

/* Every field set to allowed, or locked with reason. */
static void cap_all(struct capability *c, bool allowed, const char *reason)
{
	for (size_t i = 0; i < FIELD_COUNT; i++) {
		c->allowed[i] = allowed;
		c->reason[i] = allowed ? NULL : reason;
	}
	c->look_only = !allowed;
	c->why = allowed ? NULL : reason;
}

void capability_of(enum cap_cred kind, bool is_self, bool account_set,
                   struct capability *out)
{
	if (!out)
		return;
	*out = (struct capability){ 0 };
	if (is_self && kind == CAP_CRED_API_KEY && !account_set) {
		cap_all(out, false, cap_key_me);
		out->refused = true;
		return;
	}
	if (!is_self && !account_set) {
		cap_all(out, false, kind == CAP_CRED_API_KEY ? cap_key_other
		                    : kind == CAP_CRED_USER ? cap_user_other
		                    : cap_any_other);
		return;
	}
	if (!is_self && kind == CAP_CRED_USER) {
		/* a user token with an account still edits only itself */
		cap_all(out, false, cap_user_other);
		return;
	}
	if (is_self && kind == CAP_CRED_API_KEY) {
		/* `me` with an account: still no user behind an API key */
		cap_all(out, false, cap_key_me);
		out->refused = true;
		return;
	}
	cap_all(out, true, NULL);
	if (!account_set)
		return;
	/* The override: the fields the table marks, whoever's it is; the
	 * sentence names them from the table ("Name and Picture"). */
	char *p = out->note;
	size_t left = sizeof out->note, n_in = 0, k = 0;
	for (size_t i = 0; i < FIELD_COUNT; i++)
		n_in += edit_fields[i].in_override;
	int w = snprintf(p, left, "An account override (--account-id) can "
	                 "change only ");
	for (size_t i = 0; i < FIELD_COUNT && w > 0 && (size_t)w < left; i++) {
		if (!edit_fields[i].in_override)
			continue;
		p += w;
		left -= (size_t)w;
		k++;
		w = snprintf(p, left, "%s%s", k == 1 ? "" : k == n_in ? " and " :
		             ", ", edit_fields[i].label);
	}
	if (w > 0 && (size_t)w < left)
		snprintf(p + w, left - (size_t)w, ".");
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if (!edit_fields[i].in_override) {
			out->allowed[i] = false;
			out->reason[i] = out->note;
		}
}

enum cap_cred capability_kind_learn(enum cap_cred kind, long me_status)
{
	if (me_status >= 200 && me_status < 300)
		return CAP_CRED_USER;
	if (me_status == 400)
		return CAP_CRED_API_KEY;
	return kind;
}

const char *capability_kind_name(enum cap_cred kind)
{
	switch (kind) {
	case CAP_CRED_USER:
		return "user";
	case CAP_CRED_API_KEY:
		return "api-key";
	default:
		return "unknown";
	}
}

int capability_count(const struct capability *c)
{
	int n = 0;
	for (size_t i = 0; c && i < FIELD_COUNT; i++)
		n += c->allowed[i];
	return n;
}
