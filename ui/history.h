/* history.h - the member's history pane (F7): the opened person's log
 * entries in one business (the --account-id), drawn where the overview
 * is: beside the form from UI_PANEL_BESIDE_COLS columns, in place of the
 * form below that.
 *
 * The pane asks for its own answers, through the core's support
 * endpoints (src/support.h) on the one request engine, never blocking
 * the loop: first the member (GET /members?account_id=&user_ids=ID),
 * then its log entries, HISTORY_PAGE a page (GET /members/{id}/logs).
 * The next page (after=end_cursor) is asked for only when the selection
 * reaches the last entry shown, one page at a time: never more pages
 * than the person scrolled to. One request at most is in flight; its
 * answer raises UI_REDRAW in *flags (the app's flags).
 *
 * What it says instead of entries: that --account-id is needed (no
 * request is sent), "WHO is not a member of biz_…", or any failure
 * (403, 404, the network...) as the one error formatter's sentence
 * (pf_error_sentence). A failure of a later page keeps the entries.
 * Server text is drawn through draw.h (sanitised, cut to its column).
 *
 * Ownership: the pane copies what it keeps (ids, names, cells); api and
 * flags are the app's and must outlive it (ui_history_free first).
 */
#ifndef PROFED_UI_HISTORY_H
#define PROFED_UI_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"
#include "keys.h"

struct api;

#define HISTORY_PAGE 50   /* entries asked for per page (first=) */
#define HISTORY_COLS 3    /* time, action, actor (members_rows_logs) */

enum ui_history_step {
	UI_HISTORY_IDLE,      /* nothing in flight */
	UI_HISTORY_MEMBER,    /* finding the member */
	UI_HISTORY_PAGE,      /* reading a page of entries */
};

struct ui_history {
	struct api *api;        /* not owned */
	const char *account;    /* the business (cfg->account_id); NULL none */
	int *flags;             /* the app's flags: UI_REDRAW on an answer */
	bool open;              /* the pane is shown and has the keyboard */
	char *user_id;          /* the person: user_ id */
	char *who;              /* ... as said: username, else the id */
	char *member_id;        /* mber_… once found */
	char *known_user;       /* a membership learnt elsewhere (the member */
	char *known_member;     /* card): F7 for that person skips the search */
	enum ui_history_step step;
	long op;                /* the request in flight, 0 none */
	char *after;            /* end_cursor of the last page; NULL: none */
	bool more;              /* the server has another page */
	bool done;              /* the first page arrived */
	char **cells;           /* n rows of HISTORY_COLS cells, owned */
	size_t n, cap;
	char *note;             /* instead of entries (or under them); NULL */
	bool note_error;        /* the note is a failure */
	size_t sel, top;        /* the selected entry, the first shown */
	int page;               /* entries shown at the last draw */
};

/* An empty, closed pane asking through api for account (may be NULL:
 * the pane then says --account-id is needed). */
void ui_history_init(struct ui_history *h, struct api *api,
                     const char *account, int *flags);
/* Cancel what is in flight (its callback runs now and is ignored) and
 * free everything; the pane is closed and empty. Accepts a zeroed pane. */
void ui_history_free(struct ui_history *h);

/* The member card found user_id's membership member_id (NULL: user_id
 * is not a member): F7 for that person asks for its logs at once, or
 * says so, with no second members search. NULL user_id forgets it. */
void ui_history_known_member(struct ui_history *h, const char *user_id,
                             const char *member_id);

/* Open the pane for user_id (who: how to name the person, NULL: the id)
 * and start from the first page (a fresh read each time it opens).
 * 0, or -1 out of memory (the pane then stays closed). */
int ui_history_open(struct ui_history *h, const char *user_id,
                    const char *who);
/* Close the pane; a request in flight is cancelled. */
void ui_history_close(struct ui_history *h);
/* Another person was opened: an open pane starts again for them (when
 * the id differs). 0, or -1 out of memory. */
int ui_history_person(struct ui_history *h, const char *user_id,
                      const char *who);

/* Cancel the request in flight (true when there was one). */
bool ui_history_cancel(struct ui_history *h);

/* A key while the pane is open: Up, Down, PgUp, PgDn, Home, End move the
 * selection; reaching the last entry asks for the next page. Returns
 * true when used (redraw), false when the key is not the pane's. */
bool ui_history_key(struct ui_history *h, enum ui_action act);

/* Draw the pane in rows y..y+hgt-1, columns x..x+width-1; with
 * separator a vertical line in its first column (beside the form).
 * *cy, *cx receive the selected entry's position (the keyboard is
 * here). */
void ui_history_draw(struct ui_history *h, WINDOW *w, int y, int x, int hgt,
                     int width, bool separator, int *cy, int *cx);

#endif
