/* user.h - the User model and its tolerant parsing.
 *
 * user_parse() accepts every shape of the contract: users version
 * 2026-06-09 (balances[], total_usd, verification), 2025-01-01 (none of
 * those), and the later nested "balance" object. A field that is missing,
 * null or of the wrong type becomes "absent" (NULL string, 0 count, or the
 * _ABSENT enum), never a crash. Unknown fields are ignored. Strings are kept
 * exactly as received (raw, unsanitised): sanitise at display time.
 */
#ifndef PROFED_USER_H
#define PROFED_USER_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum verif_status {
	VERIF_ABSENT = 0,   /* the verification object or key was not sent */
	VERIF_NOT_CREATED,  /* sent as null: that profile has not been created */
	VERIF_NOT_STARTED,
	VERIF_PENDING,
	VERIF_APPROVED,
	VERIF_REJECTED,
	VERIF_UNKNOWN,      /* a status word this build does not know */
};

/* One named amount, e.g. a breakdown bucket ("available", "12.00"). */
struct money_item {
	char *key;
	char *amount; /* decimal text; numbers are converted with money_from_double */
};

struct balance {
	char *symbol;
	char *name;
	char *amount;     /* "balance": native units, decimal text */
	char *value_usd;  /* decimal text or NULL when no rate is known */
	char *price_usd;  /* number as decimal text, or NULL */
	char *icon_url;
	struct money_item *breakdown; /* in server order */
	size_t n_breakdown;
};

/* The later nested "balance" object. */
struct balance_summary {
	bool present;
	struct money_item *totals;   /* every *_usd string/number at top level */
	size_t n_totals;
	struct balance *cash;        /* cash[]: symbol = currency, amount = balance */
	size_t n_cash;
	struct balance *crypto;
	size_t n_crypto;
	struct balance *businesses;  /* name/amount best effort */
	size_t n_businesses;
};

struct user {
	char *id;
	char *username;
	char *name;          /* NULL when null/absent */
	char *bio;           /* NULL when null/absent; may hold newlines */
	char *created_at;
	char *picture_url;   /* profile_picture.url, NULL when none */
	char *total_usd;     /* NULL when null/absent */
	bool has_balances;   /* a balances array was present (maybe empty) */
	struct balance *balances;
	size_t n_balances;
	enum verif_status kyc;  /* verification.individual.status */
	enum verif_status kyb;  /* verification.business.status */
	struct balance_summary summary;
	char *raw_json;      /* the body exactly as received */
};

/* Parse a User from JSON text of length n. Returns a new user (free with
 * user_free) or NULL with err set: PF_ERR_PARSE when the text is not JSON,
 * not an object, or lacks a string "id"; PF_ERR_NOMEM. */
struct user *user_parse(const char *json, size_t n, struct pf_error *err);

/* Parse from an already-parsed cJSON object (used for search results).
 * raw_json is left NULL. Same errors as user_parse. */
struct cJSON;
struct user *user_from_cjson(const struct cJSON *obj, struct pf_error *err);

/* Deep copy; NULL when out of memory or u is NULL. */
struct user *user_dup(const struct user *u);

void user_free(struct user *u); /* accepts NULL */

/* The word for a status ("approved", "not created", ...); never NULL. */
const char *verif_status_word(enum verif_status s);

/* The balances sorted for display: by USD value, largest first; entries with
 * no (or non-numeric) value_usd last, in server order. Returns a newly
 * allocated array of n_balances pointers into u (caller frees the array only). */
const struct balance **user_balances_sorted(const struct user *u);

#endif
