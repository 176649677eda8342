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

/* Caps against absurd answers: arrays longer than this keep their first
 * USER_MAX_BALANCES entries; objects of named amounts (breakdown, nested
 * totals) keep their first USER_MAX_ITEMS members. */
#define USER_MAX_BALANCES 100000
#define USER_MAX_ITEMS 1000

enum verif_status {
	VERIF_ABSENT = 0,   /* the verification object or key was not sent */
	VERIF_NOT_CREATED,  /* sent as null: that profile has not been created */
	/* individual/business of a wrong type (not null, not an object) is
	 * VERIF_ABSENT too; an object without a string "status" is
	 * VERIF_UNKNOWN. Status words are matched ignoring case. */
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

/* The later nested "balance" object. Entries of cash[], crypto[] and
 * businesses[] are read like balances with these fallbacks: symbol from
 * "currency", value_usd from "balance_usd"; they have no "breakdown"
 * object, so their other string/number members (e.g. pending_balance_usd)
 * become the breakdown, in server order. Non-object entries are skipped.
 * The top-level user->total_usd is NOT filled from balance.total_usd: it
 * is in totals[]. */
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
	/* earnings_usd (later versions, self view with the balance-read
	 * scope): decimal text as sent, or a number as money_from_double
	 * text; NULL when null, absent or of another type. */
	char *earnings_usd;
	bool has_balances;   /* a balances array was present (maybe empty) */
	struct balance *balances;
	size_t n_balances;
	enum verif_status kyc;  /* verification.individual.status */
	enum verif_status kyb;  /* verification.business.status */
	struct balance_summary summary;
	char *raw_json;      /* the body exactly as received */
};

/* Parse a User from JSON text of length n (need not be NUL-terminated).
 * Returns a new user (free with user_free) or NULL with err set:
 * PF_ERR_PARSE when the text is not JSON (or has non-space data after the
 * value, holds a NUL byte, or nests deeper than cJSON's limit of 1000; a
 * leading UTF-8 byte order mark is accepted), not an object, or
 * lacks a non-empty string "id"; PF_ERR_NOMEM. On success err is cleared.
 * raw_json is a NUL-terminated copy of the n bytes. Balances and breakdown
 * entries that are not objects are skipped; arrays are capped (above). */
struct user *user_parse(const char *json, size_t n, struct pf_error *err);

/* Parse from an already-parsed cJSON object (used for search results).
 * raw_json is left NULL. Same errors as user_parse. */
struct cJSON;
struct user *user_from_cjson(const struct cJSON *obj, struct pf_error *err);

/* Deep copy; NULL when out of memory or u is NULL. (raw_json is copied up
 * to its first NUL.) */
struct user *user_dup(const struct user *u);

void user_free(struct user *u); /* accepts NULL */

/* The word for a status ("approved", "not created", "not started",
 * "pending", "rejected"; "unknown" for ABSENT, "unrecognised" for
 * UNKNOWN); never NULL, static. */
const char *verif_status_word(enum verif_status s);

/* The n balances of list sorted for display: by USD value, largest first;
 * entries with no (or non-numeric) value_usd last, in server order (ties
 * too). Returns a newly allocated array of n pointers into list (caller
 * frees the array only). Numeric means money_is_decimal(). n 0 gives a
 * valid (empty) array; NULL only when out of memory. The one order of
 * balances (overview.c uses it for every list). */
const struct balance **balances_sorted(const struct balance *list, size_t n);

/* balances_sorted of u's balances[]; NULL when u is NULL or out of
 * memory. */
const struct balance **user_balances_sorted(const struct user *u);

#endif
