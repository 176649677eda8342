/* lookup.h - the editor finder's search as you type (no curses): what was
 * typed, the pause before a request, the one request in flight, the
 * results so far and the next page.
 *
 * Requests go through support.h: with an account, the members of that
 * business (GET /members?account_id=&query=); without, users
 * (GET /users?query=). lookup_type() only remembers the text and when the
 * pause ends (LOOKUP_PAUSE_MS after the last key); the request in flight
 * for an older text is cancelled at once (api_cancel), so four quick keys
 * make at most two requests (one when no pause falls between them). The
 * loop waits at most lookup_timeout_ms() and calls lookup_tick(), which
 * starts the request once the pause is over. An empty text starts nothing
 * (the finder then shows the recent people).
 *
 * Results: rows with the columns of `profed find` (members_rows_*:
 * titles static, cells owned) and, per row, the person to open (user_id
 * NULL for a business buyer). lookup_more() asks for the next page when
 * the answer said there is one (members_page_more) and none is in flight.
 * A failed request keeps its error (err, failed) for the finder to show;
 * results of an older text are dropped when a new request starts.
 *
 * Ownership: everything is the lookup's; lookup_free cancels and frees.
 * changed(ud) is called when an answer (or error) arrived, so the caller
 * redraws; it is not called from lookup_type/lookup_stop.
 */
#ifndef PROFED_LOOKUP_H
#define PROFED_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct api;

#define LOOKUP_PAUSE_MS 250
#define LOOKUP_PAGE_USERS 50    /* first= of a users page */
#define LOOKUP_PAGE_MEMBERS 100 /* first= of a members page */
#define LOOKUP_MAX_ROWS 1000    /* pages stop here */

struct lookup_person {
	char *user_id;   /* NULL: not a person (a business buyer) */
	char *username;  /* NULL when none */
	char *name;
};

struct lookup {
	struct api *api;
	char *account_id;      /* NULL: users search */
	void (*changed)(void *ud);
	void *ud;

	char *text;            /* the text typed last ("" none) */
	long long due_ms;      /* when its request starts; 0: nothing due */
	long op;               /* the request in flight, 0 none */
	char *op_after;        /* the cursor it asked with (NULL: first page) */

	char *searched;        /* the text the rows are for, NULL none yet */
	bool answered;         /* the first page for searched has arrived */
	const char *const *titles;
	size_t ncols;
	char **cells;          /* nrows * ncols, never NULL cells */
	struct lookup_person *people; /* nrows */
	size_t nrows;
	char *after;           /* end_cursor of the last page; NULL: no more */

	bool failed;           /* the last request failed: err says why */
	struct pf_error err;
	unsigned long requests; /* started so far */
};

/* account_id NULL or "": users search. Copies account_id. 0, or -1 out of
 * memory. */
int lookup_init(struct lookup *l, struct api *api, const char *account_id,
                void (*changed)(void *ud), void *ud);
void lookup_free(struct lookup *l);  /* accepts a zeroed lookup */

/* The text is now text (NULL as ""): its request is due LOOKUP_PAUSE_MS
 * from now_ms; a request in flight is cancelled. The same text again
 * changes nothing. 0, or -1 out of memory. */
int lookup_type(struct lookup *l, const char *text, long long now_ms);

/* Forget the text and results; cancel the request in flight. */
void lookup_stop(struct lookup *l);

/* At most timeout_ms, less when a request is due sooner (0 when due). */
int lookup_timeout_ms(const struct lookup *l, long long now_ms,
                      int timeout_ms);
/* Start the request whose pause is over. Returns true when one started
 * (or failed to start: failed and err set). */
bool lookup_tick(struct lookup *l, long long now_ms);

/* Ask for the next page (results shown are kept). Returns true when a
 * request started. */
bool lookup_more(struct lookup *l);
/* Whether there is a next page to ask for. */
bool lookup_has_more(const struct lookup *l);
/* A request is due or in flight for the text typed. */
bool lookup_busy(const struct lookup *l);

#endif
