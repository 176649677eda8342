/* overview.c - balances as sorted, formatted display rows; see overview.h. */
#include "overview.h"

#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "text.h"

#define TOTAL_NOTE "not available: totals are only computed for your own " \
	"profile (me) with balance-read permission, or the balance source is down"
#define TOTAL_NOTE_NOT_SENT "not available: this profile or API version " \
	"sends no balances or total"

/* Strings that need no formatting, or could not be formatted. */
static char *overview_text(const char *s, const char *fallback)
{
	return text_sanitize(s && *s ? s : fallback, 0);
}

/* USD text for a decimal, or NULL when s is absent or not a number. */
static char *overview_usd(const char *s)
{
	return money_is_decimal(s) ? money_format_usd(s) : NULL;
}

/* "$1.0805": a price keeps its digits (money_format_usd would round a
 * sub-cent token to $0.00). Non-numbers are shown as text. */
static char *overview_price(const char *s)
{
	if (!s)
		return strdup("-");
	char *digits = money_format_amount(s);
	if (!digits || !money_is_decimal(s))
		return digits;
	char *out = malloc(strlen(digits) + 2);
	if (out) {
		bool neg = digits[0] == '-';
		out[0] = neg ? '-' : '$';
		out[1] = '\0';
		if (neg)
			strcat(out, "$");
		strcat(out, digits + neg);
	}
	free(digits);
	return out;
}

/* Amount text for a named bucket: *_usd keys are USD, others native. */
static char *overview_bucket(const char *key, const char *amount)
{
	size_t n = key ? strlen(key) : 0;
	if (n >= 4 && strcmp(key + n - 4, "_usd") == 0 && money_is_decimal(amount))
		return money_format_usd(amount);
	return amount ? money_format_amount(amount) : strdup("-");
}

/* A key as a label: "pending_balance_usd" -> "pending balance" (the
 * amount shows the $). Caller frees. */
static char *overview_label(const char *key)
{
	char *label = overview_text(key, "?");
	if (!label)
		return NULL;
	size_t n = strlen(label);
	if (n > 4 && strcmp(label + n - 4, "_usd") == 0)
		label[n - 4] = '\0';
	for (char *p = label; *p; p++)
		if (*p == '_')
			*p = ' ';
	return label;
}

/* Fill *out from money items, leaving out the key skip (may be NULL).
 * Returns 0 or -1 out of memory (what was filled is counted in *n_out). */
static int overview_items(const struct money_item *in, size_t n,
                          const char *skip, struct overview_item **out,
                          size_t *n_out)
{
	*n_out = 0;
	*out = NULL;
	if (n == 0)
		return 0;
	*out = calloc(n, sizeof **out);
	if (!*out)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (skip && in[i].key && strcmp(in[i].key, skip) == 0)
			continue;
		struct overview_item *it = &(*out)[(*n_out)++];
		it->label = overview_label(in[i].key);
		it->amount = overview_bucket(in[i].key, in[i].amount);
		if (!it->label || !it->amount)
			return -1;
	}
	return 0;
}

/* One display row for b. Returns 0 or -1 out of memory. */
static int overview_row_fill(struct overview_row *r, const struct balance *b,
                             const char *section)
{
	r->section = section;
	r->symbol = overview_text(b->symbol, "?");
	r->name = overview_text(b->name, "");
	r->amount = b->amount ? money_format_amount(b->amount) : strdup("-");
	r->value = overview_usd(b->value_usd);
	r->unpriced = r->value == NULL;
	if (r->unpriced)
		r->value = strdup("unpriced");
	r->price = overview_price(b->price_usd);
	if (!r->symbol || !r->name || !r->amount || !r->value || !r->price)
		return -1;
	return overview_items(b->breakdown, b->n_breakdown, NULL, &r->breakdown,
	                      &r->n_breakdown);
}

/* Append the rows of one list of balances, in display order. */
static int overview_add(struct overview *o, const struct balance *list,
                        size_t n, const char *section)
{
	if (n == 0)
		return 0;
	const struct balance **sorted = balances_sorted(list, n);
	if (!sorted)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = overview_row_fill(&o->rows[o->n_rows], sorted[i], section);
		o->n_rows++;
	}
	free(sorted);
	return rc;
}

/* The nested shape's total_usd, or NULL. */
static const char *overview_nested_total(const struct user *u)
{
	for (size_t i = 0; i < u->summary.n_totals; i++)
		if (u->summary.totals[i].key &&
		    strcmp(u->summary.totals[i].key, "total_usd") == 0)
			return u->summary.totals[i].amount;
	return NULL;
}

struct overview *overview_build(const struct user *u, struct pf_error *err)
{
	if (!u) {
		pf_error_set(err, PF_ERR_USAGE, "no user to summarise");
		return NULL;
	}
	struct overview *o = calloc(1, sizeof *o);
	const struct balance_summary *s = &u->summary;
	size_t n = u->n_balances + s->n_cash + s->n_crypto + s->n_businesses;
	if (!o || (n && !(o->rows = calloc(n, sizeof *o->rows))))
		goto nomem;
	const char *total = u->total_usd ? u->total_usd : overview_nested_total(u);
	if (total && !(o->total = money_is_decimal(total) ? money_format_usd(total)
	                                                   : text_sanitize(total, 0)))
		goto nomem;
	const char *earn = u->earnings_usd;
	if (earn && !(o->earnings = money_is_decimal(earn) ? money_format_usd(earn)
	                                                    : text_sanitize(earn, 0)))
		goto nomem;
	bool sent = u->has_balances || s->present;
	o->total_note = o->total ? NULL : sent ? TOTAL_NOTE : TOTAL_NOTE_NOT_SENT;
	if (overview_add(o, u->balances, u->n_balances, NULL) < 0 ||
	    overview_add(o, s->cash, s->n_cash, "cash") < 0 ||
	    overview_add(o, s->crypto, s->n_crypto, "crypto") < 0 ||
	    overview_add(o, s->businesses, s->n_businesses, "business") < 0 ||
	    overview_items(s->totals, s->n_totals, "total_usd", &o->totals,
	                   &o->n_totals) < 0)
		goto nomem;
	/* an empty list without a total is not known to be empty: the server
	 * sends balances only along with the total */
	if (o->n_rows == 0)
		o->empty_note = !sent ? "balances were not sent for this profile or "
		                        "API version"
		                : o->total ? "no balances"
		                : "none listed: balances are only sent along with "
		                  "the total";
	return o;
nomem:
	overview_free(o);
	pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	return NULL;
}

/* Free the strings of n items and the array. */
static void overview_items_free(struct overview_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].label);
		free(items[i].amount);
	}
	free(items);
}

void overview_free(struct overview *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n_rows; i++) {
		struct overview_row *r = &o->rows[i];
		free(r->symbol);
		free(r->name);
		free(r->amount);
		free(r->value);
		free(r->price);
		overview_items_free(r->breakdown, r->n_breakdown);
	}
	free(o->rows);
	overview_items_free(o->totals, o->n_totals);
	free(o->total);
	free(o->earnings);
	free(o);
}
