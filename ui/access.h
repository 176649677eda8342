/* access.h - access badges in the overview: for the opened person, one
 * line per resource of the access-check setting ("prod_X: customer",
 * "biz_Y: no access").
 *
 * After each load the badges are asked for again, one request at a time
 * in the setting's order (GET /users/{id}/access/{resource} through
 * src/support.h, never blocking the loop); starting again for another
 * person cancels what is still in flight. An answer raises UI_REDRAW in
 * *flags (the app's). A failure is that badge's word ("not known") with
 * the one formatter's sentence; the next badge is still asked.
 *
 * The panel draws them (ui_access_draw); the resources come from the
 * config (config_access_list), checked when the config was read.
 */
#ifndef PROFED_UI_ACCESS_H
#define PROFED_UI_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"

struct api;
struct config;

enum ui_badge_state {
	UI_BADGE_WAITING,  /* not asked yet (or asking) */
	UI_BADGE_ANSWERED, /* has / level below */
	UI_BADGE_FAILED,   /* why below */
	UI_BADGE_CANCELLED,
};

struct ui_badge {
	char *resource;          /* biz_, prod_ or exp_ id */
	enum ui_badge_state state;
	bool known;              /* the answer said yes or no */
	bool has;                /* has_access */
	char *level;             /* access_level, NULL when absent */
	char *why;               /* the error's sentence when FAILED */
};

struct ui_access {
	struct api *api;         /* not owned */
	int *flags;              /* the app's flags */
	struct ui_badge *badges; /* one per resource of the setting */
	size_t n;
	char *user_id;           /* whose badges */
	size_t next;             /* the badge asked for now (or next) */
	long op;                 /* its request, 0 none */
};

/* The badges of cfg's access-check (none: nothing is ever asked). 0, or
 * -1 out of memory. */
int ui_access_init(struct ui_access *a, struct api *api,
                   const struct config *cfg, int *flags);
/* Cancel what is in flight (ignored) and free. Accepts a zeroed one. */
void ui_access_free(struct ui_access *a);

/* Ask again for user_id (NULL: forget the badges' answers): what is in
 * flight is cancelled, every badge waits, the first is asked. */
void ui_access_start(struct ui_access *a, const char *user_id);
/* Stop asking (the rest are cancelled). */
void ui_access_cancel(struct ui_access *a);

/* Draw the badges from row y, at most max lines in cw columns from x,
 * label_w columns of label ("Access") first, then the first failure's
 * sentence once (wrapped, at most 3 lines). Returns the lines used. */
int ui_access_draw(const struct ui_access *a, WINDOW *w, int y, int x,
                   int max, int cw, int label_w);

#endif
