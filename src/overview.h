/* overview.h - the account overview as display text, one model for both
 * `profed show` and the editor's side panel.
 *
 * overview_build() turns a user's balances (the 2026-06-09 balances[] or
 * the later nested "balance" object's cash/crypto/businesses) into rows of
 * sanitised, formatted text, sorted for display: by USD value, largest
 * first, holdings with no known rate last (unpriced) in server order. Money
 * is formatted without floats (money.h); every string is safe to draw
 * (text.h) and never NULL. Widths are the caller's business (text_width).
 */
#ifndef PROFED_OVERVIEW_H
#define PROFED_OVERVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "user.h"

/* A labelled amount, e.g. a breakdown bucket: ("pending", "750.00"). */
struct overview_item {
	char *label;
	char *amount;
};

struct overview_row {
	const char *section;   /* NULL for balances[]; "cash", "crypto",
	                          "business" for the nested shape */
	char *symbol;
	char *name;            /* "" when absent */
	char *amount;          /* native units, every digit kept; "-" if absent */
	char *value;           /* "$1,620.75", or "unpriced" */
	char *price;           /* "$1.0805", or "-" */
	bool unpriced;
	struct overview_item *breakdown; /* every bucket the server sent */
	size_t n_breakdown;
};

struct overview {
	char *total;             /* "$15,234.50", or NULL: not available */
	const char *total_note;  /* why there is no total; NULL when there is */
	struct overview_row *rows;
	size_t n_rows;
	const char *empty_note;  /* why there are no rows; NULL when there are */
	char *earnings;          /* earnings_usd as "$48,211.90" (sanitised
	                            text when not a number), NULL when the
	                            server did not send it */
	struct overview_item *totals; /* nested shape: the other *_usd totals,
	                                 labelled "cash", "pending", ... */
	size_t n_totals;
};

/* Build the overview of u. Returns a new overview (overview_free) or NULL
 * with err (PF_ERR_NOMEM; or u NULL: PF_ERR_USAGE). */
struct overview *overview_build(const struct user *u, struct pf_error *err);
void overview_free(struct overview *o); /* accepts NULL */

#endif
