/* user.c - the User model and its tolerant parsing; see user.h.
 *
 * Every read goes through a small getter that checks the JSON type: a
 * string field that holds anything but a string is absent, a money field
 * takes a string as is or converts a number with money_from_double, and
 * an array or object of the wrong type is treated as missing. Arrays are
 * walked through ->next (cJSON_GetArrayItem is O(n) per call) and capped.
 */
#include "user.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "money.h"

/* Copy s (NULL stays NULL). *oom is set when the copy fails. */
static char *user_strdup(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *p = strdup(s);
	if (!p)
		*oom = true;
	return p;
}

/* The child key of obj when obj is an object, else NULL. */
static const cJSON *user_get(const cJSON *obj, const char *key)
{
	if (!obj || !cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A copy of a string member, NULL when missing, null or not a string.
 * Sets *oom when the copy fails. Caller frees. */
static char *user_get_str(const cJSON *obj, const char *key, bool *oom)
{
	const cJSON *it = user_get(obj, key);
	if (!cJSON_IsString(it) || !it->valuestring)
		return NULL;
	return user_strdup(it->valuestring, oom);
}

/* Money text of a JSON value: a string is kept as is, a finite number is
 * converted with money_from_double, anything else is NULL. Sets *oom when
 * an allocation fails. Caller frees. */
static char *user_money_of(const cJSON *it, bool *oom)
{
	if (cJSON_IsString(it) && it->valuestring)
		return user_strdup(it->valuestring, oom);
	if (cJSON_IsNumber(it)) {
		/* money_from_double returns NULL for non-finite values too;
		 * that is "absent", not out of memory. */
		return money_from_double(it->valuedouble);
	}
	return NULL;
}

/* Money text of a member; see user_money_of. */
static char *user_get_money(const cJSON *obj, const char *key, bool *oom)
{
	return user_money_of(user_get(obj, key), oom);
}

/* Free the strings of a money_item array and the array itself. */
static void user_items_free(struct money_item *items, size_t n)
{
	if (!items)
		return;
	for (size_t i = 0; i < n; i++) {
		free(items[i].key);
		free(items[i].amount);
	}
	free(items);
}

/* Free what one balance owns (not the balance itself). */
static void user_balance_clear(struct balance *b)
{
	free(b->symbol);
	free(b->name);
	free(b->amount);
	free(b->value_usd);
	free(b->price_usd);
	free(b->icon_url);
	user_items_free(b->breakdown, b->n_breakdown);
	memset(b, 0, sizeof(*b));
}

/* Free an array of balances and the array. Accepts NULL. */
static void user_balances_free(struct balance *bs, size_t n)
{
	if (!bs)
		return;
	for (size_t i = 0; i < n; i++)
		user_balance_clear(&bs[i]);
	free(bs);
}

/* Count the children of an array or object, stopping at cap. */
static size_t user_count(const cJSON *arr, size_t cap)
{
	size_t n = 0;
	for (const cJSON *c = arr ? arr->child : NULL; c && n < cap; c = c->next)
		n++;
	return n;
}

/* True when key ends with suffix. */
static bool user_ends_with(const char *key, const char *suffix)
{
	size_t k = strlen(key), s = strlen(suffix);
	return k >= s && strcmp(key + k - s, suffix) == 0;
}

/* Collect the members of obj that carry money (strings or numbers) into a
 * new array, in server order, at most USER_MAX_ITEMS. With suffix, only
 * keys ending in it; skip lists keys to leave out (NULL-terminated, may be
 * NULL). Members of other types are skipped. Returns 0 (items may be NULL
 * with *n 0) or -1 out of memory. Caller frees with user_items_free. */
static int user_items_parse(const cJSON *obj, const char *suffix,
                            const char *const *skip,
                            struct money_item **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (!cJSON_IsObject(obj))
		return 0;
	size_t cap = user_count(obj, USER_MAX_ITEMS);
	if (cap == 0)
		return 0;
	struct money_item *items = calloc(cap, sizeof(*items));
	if (!items)
		return -1;
	size_t n = 0;
	bool oom = false;
	for (const cJSON *c = obj->child; c && n < cap && !oom; c = c->next) {
		if (!c->string)
			continue;
		if (suffix && !user_ends_with(c->string, suffix))
			continue;
		bool skipped = false;
		for (size_t i = 0; skip && skip[i]; i++)
			if (strcmp(c->string, skip[i]) == 0)
				skipped = true;
		if (skipped)
			continue;
		char *amount = user_money_of(c, &oom);
		if (!amount)
			continue;
		char *key = user_strdup(c->string, &oom);
		if (!key) {
			free(amount);
			break;
		}
		items[n].key = key;
		items[n].amount = amount;
		n++;
	}
	if (oom) {
		user_items_free(items, n);
		return -1;
	}
	if (n == 0) {
		free(items);
		items = NULL;
	}
	*out = items;
	*n_out = n;
	return 0;
}

/* Keys a nested-shape entry maps onto struct balance fields; the others
 * with money become its breakdown. */
static const char *const user_mapped_keys[] = {
	"symbol", "currency", "name", "balance", "value_usd", "balance_usd",
	"price_usd", "icon_url", "breakdown", NULL
};

/* Fill b from one balance object. The 2026-06-09 shape has a "breakdown"
 * object; entries of the nested "balance" shape (cash[], crypto[],
 * businesses[]) have none, so with flat set their remaining money members
 * become the breakdown ("pending_balance_usd", ...). Returns 0 or -1 out of
 * memory (b is then cleared). Not an object: b stays empty, returns 0. */
static int user_balance_parse(const cJSON *obj, struct balance *b, bool flat)
{
	bool oom = false;
	memset(b, 0, sizeof(*b));
	if (!cJSON_IsObject(obj))
		return 0;
	b->symbol = user_get_str(obj, "symbol", &oom);
	if (!b->symbol)
		b->symbol = user_get_str(obj, "currency", &oom);
	b->name = user_get_str(obj, "name", &oom);
	b->amount = user_get_money(obj, "balance", &oom);
	b->value_usd = user_get_money(obj, "value_usd", &oom);
	if (!b->value_usd && flat)
		b->value_usd = user_get_money(obj, "balance_usd", &oom);
	b->price_usd = user_get_money(obj, "price_usd", &oom);
	b->icon_url = user_get_str(obj, "icon_url", &oom);
	int rc;
	const cJSON *bd = user_get(obj, "breakdown");
	if (cJSON_IsObject(bd) || !flat)
		rc = user_items_parse(bd, NULL, NULL, &b->breakdown,
		                      &b->n_breakdown);
	else
		rc = user_items_parse(obj, NULL, user_mapped_keys,
		                      &b->breakdown, &b->n_breakdown);
	if (rc < 0 || oom) {
		user_balance_clear(b);
		return -1;
	}
	return 0;
}

/* Parse an array of balance objects (non-objects are skipped), at most
 * USER_MAX_BALANCES. Returns 0 or -1 out of memory. Caller frees with
 * user_balances_free. */
static int user_balances_parse(const cJSON *arr, bool flat,
                               struct balance **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	if (!cJSON_IsArray(arr))
		return 0;
	size_t cap = user_count(arr, USER_MAX_BALANCES);
	if (cap == 0)
		return 0;
	struct balance *bs = calloc(cap, sizeof(*bs));
	if (!bs)
		return -1;
	size_t n = 0;
	for (const cJSON *c = arr->child; c && n < cap; c = c->next) {
		if (!cJSON_IsObject(c))
			continue;
		if (user_balance_parse(c, &bs[n], flat) < 0) {
			user_balances_free(bs, n);
			return -1;
		}
		n++;
	}
	if (n == 0) {
		free(bs);
		bs = NULL;
	}
	*out = bs;
	*n_out = n;
	return 0;
}

/* A status word to the enum; unknown words give VERIF_UNKNOWN. */
static enum verif_status user_verif_word(const char *w)
{
	static const struct {
		const char *word;
		enum verif_status s;
	} map[] = {
		{ "not_started", VERIF_NOT_STARTED },
		{ "pending", VERIF_PENDING },
		{ "approved", VERIF_APPROVED },
		{ "rejected", VERIF_REJECTED },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(w, map[i].word) == 0)
			return map[i].s;
	return VERIF_UNKNOWN;
}

/* One side of verification: key missing or of a wrong type -> ABSENT;
 * null -> NOT_CREATED; an object whose status is missing or not a string
 * -> UNKNOWN (a profile exists but we cannot tell its state). */
static enum verif_status user_verif_parse(const cJSON *verif, const char *key)
{
	if (!cJSON_IsObject(verif))
		return VERIF_ABSENT;
	const cJSON *side = user_get(verif, key);
	if (!side)
		return VERIF_ABSENT;
	if (cJSON_IsNull(side))
		return VERIF_NOT_CREATED;
	if (!cJSON_IsObject(side))
		return VERIF_ABSENT;
	const cJSON *st = user_get(side, "status");
	if (!cJSON_IsString(st) || !st->valuestring)
		return VERIF_UNKNOWN;
	return user_verif_word(st->valuestring);
}

/* Parse the later nested "balance" object into s. Returns 0 or -1 out of
 * memory. Not an object: s stays "not present". */
static int user_summary_parse(const cJSON *obj, struct balance_summary *s)
{
	memset(s, 0, sizeof(*s));
	if (!cJSON_IsObject(obj))
		return 0;
	s->present = true;
	if (user_items_parse(obj, "_usd", NULL, &s->totals, &s->n_totals) < 0)
		return -1;
	if (user_balances_parse(user_get(obj, "cash"), true, &s->cash,
	                        &s->n_cash) < 0)
		return -1;
	if (user_balances_parse(user_get(obj, "crypto"), true, &s->crypto,
	                        &s->n_crypto) < 0)
		return -1;
	if (user_balances_parse(user_get(obj, "businesses"), true,
	                        &s->businesses, &s->n_businesses) < 0)
		return -1;
	return 0;
}

/* Free what a summary owns. */
static void user_summary_clear(struct balance_summary *s)
{
	user_items_free(s->totals, s->n_totals);
	user_balances_free(s->cash, s->n_cash);
	user_balances_free(s->crypto, s->n_crypto);
	user_balances_free(s->businesses, s->n_businesses);
	memset(s, 0, sizeof(*s));
}

/* Free a user and everything it owns. Accepts NULL. */
void user_free(struct user *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->username);
	free(u->name);
	free(u->bio);
	free(u->created_at);
	free(u->picture_url);
	free(u->total_usd);
	free(u->earnings_usd);
	user_balances_free(u->balances, u->n_balances);
	user_summary_clear(&u->summary);
	free(u->raw_json);
	free(u);
}

/* Build a user from a parsed object; see user.h. Errors: PF_ERR_PARSE
 * (not an object, no non-empty string id), PF_ERR_NOMEM. Caller frees. */
struct user *user_from_cjson(const struct cJSON *obj, struct pf_error *err)
{
	if (!cJSON_IsObject(obj)) {
		pf_error_set(err, PF_ERR_PARSE, "the user is not a JSON object");
		return NULL;
	}
	const cJSON *id = user_get(obj, "id");
	if (!cJSON_IsString(id) || !id->valuestring || !id->valuestring[0]) {
		pf_error_set(err, PF_ERR_PARSE, "the user has no id");
		return NULL;
	}
	struct user *u = calloc(1, sizeof(*u));
	if (!u)
		goto nomem;
	bool oom = false;
	u->id = user_strdup(id->valuestring, &oom);
	u->username = user_get_str(obj, "username", &oom);
	u->name = user_get_str(obj, "name", &oom);
	u->bio = user_get_str(obj, "bio", &oom);
	u->created_at = user_get_str(obj, "created_at", &oom);
	u->picture_url = user_get_str(user_get(obj, "profile_picture"), "url",
	                              &oom);
	u->total_usd = user_get_money(obj, "total_usd", &oom);
	u->earnings_usd = user_get_money(obj, "earnings_usd", &oom);
	const cJSON *bal = user_get(obj, "balances");
	u->has_balances = cJSON_IsArray(bal);
	if (oom || user_balances_parse(bal, false, &u->balances,
	                               &u->n_balances) < 0)
		goto nomem;
	const cJSON *verif = user_get(obj, "verification");
	u->kyc = user_verif_parse(verif, "individual");
	u->kyb = user_verif_parse(verif, "business");
	if (user_summary_parse(user_get(obj, "balance"), &u->summary) < 0)
		goto nomem;
	pf_error_clear(err);
	return u;
nomem:
	user_free(u);
	pf_error_set(err, PF_ERR_NOMEM, "out of memory reading the user");
	return NULL;
}

/* Parse json[0..n); see user.h. The text must be one JSON value with only
 * whitespace after it. raw_json keeps the n bytes as received (plus a NUL).
 * Errors: PF_ERR_PARSE, PF_ERR_NOMEM. Caller frees with user_free. */
struct user *user_parse(const char *json, size_t n, struct pf_error *err)
{
	if (!json || n == 0) {
		pf_error_set(err, PF_ERR_PARSE, "the answer is empty");
		return NULL;
	}
	/* A NUL byte is never valid JSON text (inside a string it must be
	 * escaped), and cJSON would silently cut a string at it. */
	if (memchr(json, '\0', n)) {
		pf_error_set(err, PF_ERR_PARSE, "the answer contains a NUL byte");
		return NULL;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(json, n, &end, 0);
	if (!root) {
		pf_error_set(err, PF_ERR_PARSE, "the answer is not valid JSON");
		return NULL;
	}
	if (end) {
		for (; end < json + n; end++) {
			if (*end != ' ' && *end != '\t' && *end != '\n' &&
			    *end != '\r')
				break;
		}
		if (end < json + n) {
			cJSON_Delete(root);
			pf_error_set(err, PF_ERR_PARSE,
			             "the answer has data after the JSON value");
			return NULL;
		}
	}
	struct user *u = user_from_cjson(root, err);
	cJSON_Delete(root);
	if (!u)
		return NULL;
	if (n == SIZE_MAX || !(u->raw_json = malloc(n + 1))) {
		user_free(u);
		pf_error_set(err, PF_ERR_NOMEM, "out of memory reading the user");
		return NULL;
	}
	memcpy(u->raw_json, json, n);
	u->raw_json[n] = '\0';
	return u;
}

/* Deep copy of n items; *ok false when out of memory. NULL for n 0. */
static struct money_item *user_items_dup(const struct money_item *src,
                                         size_t n, bool *oom)
{
	if (!src || n == 0)
		return NULL;
	struct money_item *d = calloc(n, sizeof(*d));
	if (!d) {
		*oom = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		d[i].key = user_strdup(src[i].key, oom);
		d[i].amount = user_strdup(src[i].amount, oom);
	}
	return d;
}

/* Deep copy of n balances; sets *oom on failure (partial copies are still
 * returned so the caller's free releases them). */
static struct balance *user_balances_dup(const struct balance *src, size_t n,
                                         bool *oom)
{
	if (!src || n == 0)
		return NULL;
	struct balance *d = calloc(n, sizeof(*d));
	if (!d) {
		*oom = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		d[i].symbol = user_strdup(src[i].symbol, oom);
		d[i].name = user_strdup(src[i].name, oom);
		d[i].amount = user_strdup(src[i].amount, oom);
		d[i].value_usd = user_strdup(src[i].value_usd, oom);
		d[i].price_usd = user_strdup(src[i].price_usd, oom);
		d[i].icon_url = user_strdup(src[i].icon_url, oom);
		d[i].breakdown = user_items_dup(src[i].breakdown,
		                                src[i].n_breakdown, oom);
		d[i].n_breakdown = d[i].breakdown ? src[i].n_breakdown : 0;
	}
	return d;
}

/* Deep copy; see user.h. NULL when u is NULL or out of memory. */
struct user *user_dup(const struct user *u)
{
	if (!u)
		return NULL;
	struct user *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	bool oom = false;
	d->id = user_strdup(u->id, &oom);
	d->username = user_strdup(u->username, &oom);
	d->name = user_strdup(u->name, &oom);
	d->bio = user_strdup(u->bio, &oom);
	d->created_at = user_strdup(u->created_at, &oom);
	d->picture_url = user_strdup(u->picture_url, &oom);
	d->total_usd = user_strdup(u->total_usd, &oom);
	d->earnings_usd = user_strdup(u->earnings_usd, &oom);
	d->has_balances = u->has_balances;
	d->balances = user_balances_dup(u->balances, u->n_balances, &oom);
	d->n_balances = d->balances ? u->n_balances : 0;
	d->kyc = u->kyc;
	d->kyb = u->kyb;
	const struct balance_summary *s = &u->summary;
	d->summary.present = s->present;
	d->summary.totals = user_items_dup(s->totals, s->n_totals, &oom);
	d->summary.n_totals = d->summary.totals ? s->n_totals : 0;
	d->summary.cash = user_balances_dup(s->cash, s->n_cash, &oom);
	d->summary.n_cash = d->summary.cash ? s->n_cash : 0;
	d->summary.crypto = user_balances_dup(s->crypto, s->n_crypto, &oom);
	d->summary.n_crypto = d->summary.crypto ? s->n_crypto : 0;
	d->summary.businesses = user_balances_dup(s->businesses,
	                                          s->n_businesses, &oom);
	d->summary.n_businesses = d->summary.businesses ? s->n_businesses : 0;
	d->raw_json = user_strdup(u->raw_json, &oom);
	if (oom) {
		user_free(d);
		return NULL;
	}
	return d;
}

/* The display word for s; see user.h. Never NULL. */
const char *verif_status_word(enum verif_status s)
{
	switch (s) {
	case VERIF_ABSENT:
		return "not sent";
	case VERIF_NOT_CREATED:
		return "not created";
	case VERIF_NOT_STARTED:
		return "not started";
	case VERIF_PENDING:
		return "pending";
	case VERIF_APPROVED:
		return "approved";
	case VERIF_REJECTED:
		return "rejected";
	case VERIF_UNKNOWN:
		return "unrecognised";
	}
	return "unrecognised";
}

/* qsort order for balances_sorted: numeric value_usd first, largest
 * first; ties and the non-numeric tail keep server order (the pointers
 * point into one array, so comparing them compares positions). */
static int user_balance_cmp(const void *pa, const void *pb)
{
	const struct balance *a = *(const struct balance *const *)pa;
	const struct balance *b = *(const struct balance *const *)pb;
	bool na = a->value_usd && money_is_decimal(a->value_usd);
	bool nb = b->value_usd && money_is_decimal(b->value_usd);
	if (na != nb)
		return na ? -1 : 1;
	if (na) {
		int c = money_compare(b->value_usd, a->value_usd);
		if (c != 0)
			return c < 0 ? -1 : 1;
	}
	return a < b ? -1 : (a > b ? 1 : 0);
}

/* Balances in display order; see user.h. Caller frees the array only. */
const struct balance **balances_sorted(const struct balance *list, size_t n)
{
	if (!list)
		n = 0;
	const struct balance **v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = &list[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), user_balance_cmp);
	return v;
}

/* u's balances[] in display order; see user.h. NULL when u is NULL or
 * out of memory. Caller frees the array only. */
const struct balance **user_balances_sorted(const struct user *u)
{
	return u ? balances_sorted(u->balances, u->n_balances) : NULL;
}
