/* access.c - access badges for the opened person (see access.h). */
#include "access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "colors.h"
#include "config.h"
#include "draw.h"
#include "error.h"
#include "keys.h"
#include "support.h"

/* See access.h. */
int ui_access_init(struct ui_access *a, struct api *api,
                   const struct config *cfg, int *flags)
{
	char **list;
	size_t n;

	memset(a, 0, sizeof *a);
	a->api = api;
	a->flags = flags;
	if (config_access_list(cfg, &list, &n) != 0)
		return -1;
	if (!n)
		return 0;
	if (!(a->badges = calloc(n, sizeof *a->badges))) {
		config_list_free(list, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		a->badges[i].resource = list[i]; /* moved */
	free(list);
	a->n = n;
	return 0;
}

/* Forget badge b's answer. */
static void badge_clear(struct ui_badge *b)
{
	free(b->level);
	free(b->why);
	b->level = b->why = NULL;
	b->known = b->has = false;
	b->state = UI_BADGE_WAITING;
}

/* See access.h: the request is forgotten first, so its callback (run
 * inside api_cancel) is ignored; the badges not answered say so. */
void ui_access_cancel(struct ui_access *a)
{
	long op = a->op;

	a->op = 0;
	if (op > 0)
		api_cancel(a->api, op);
	for (size_t i = a->next; i < a->n; i++)
		a->badges[i].state = UI_BADGE_CANCELLED;
	a->next = a->n;
}

/* See access.h. */
void ui_access_free(struct ui_access *a)
{
	ui_access_cancel(a);
	for (size_t i = 0; i < a->n; i++) {
		badge_clear(&a->badges[i]);
		free(a->badges[i].resource);
	}
	free(a->badges);
	free(a->user_id);
	memset(a, 0, sizeof *a);
}

static void answered(void *ud, long id, struct support_result *r,
                     const struct pf_error *err);

/* Ask for the badges from a->next on until a request is on its way
 * (a badge whose request cannot start fails and the next is tried). */
static void ask_next(struct ui_access *a)
{
	struct pf_error err;
	char s[700];

	for (; a->next < a->n && a->user_id; a->next++) {
		struct ui_badge *b = &a->badges[a->next];
		char *path = support_access_path(a->user_id, b->resource);

		pf_error_clear(&err);
		a->op = path ? support_start(a->api, SUPPORT_ACCESS, path, answered,
		                             a, &err)
		             : pf_error_set(&err, PF_ERR_NOMEM, "out of memory");
		free(path);
		if (a->op > 0)
			return;
		a->op = 0;
		b->state = UI_BADGE_FAILED;
		b->why = strdup(pf_error_sentence(&err, s, sizeof s));
	}
}

/* One badge's answer; then the next is asked. */
static void answered(void *ud, long id, struct support_result *r,
                     const struct pf_error *err)
{
	struct ui_access *a = ud;
	struct ui_badge *b;
	char s[700];

	if (id != a->op || a->next >= a->n)
		return; /* cancelled by us */
	a->op = 0;
	b = &a->badges[a->next];
	if (a->flags)
		*a->flags |= UI_REDRAW;
	if (!r && err->kind == PF_ERR_CANCELLED) {
		/* cancelled by the engine (Esc is not ours): stop here */
		ui_access_cancel(a);
		b->state = UI_BADGE_CANCELLED;
		return;
	}
	if (!r) {
		b->state = UI_BADGE_FAILED;
		b->why = strdup(pf_error_sentence(err, s, sizeof s));
	} else {
		b->state = UI_BADGE_ANSWERED;
		b->known = r->access.known;
		b->has = r->access.has_access;
		b->level = r->access.access_level; /* moved */
		r->access.access_level = NULL;
	}
	a->next++;
	ask_next(a);
}

/* See access.h. */
void ui_access_start(struct ui_access *a, const char *user_id)
{
	char *id = user_id ? strdup(user_id) : NULL;

	ui_access_cancel(a);
	for (size_t i = 0; i < a->n; i++)
		badge_clear(&a->badges[i]);
	free(a->user_id);
	a->user_id = id;
	a->next = 0;
	if (user_id && !id) {
		ui_oom_note();
		return;
	}
	ask_next(a);
}

/* A badge's words and colour. */
static const char *badge_word(const struct ui_badge *b, enum ui_role *role)
{
	*role = UI_ROLE_VERIF_NONE;
	switch (b->state) {
	case UI_BADGE_WAITING:
		return "checking...";
	case UI_BADGE_CANCELLED:
		return "not checked (cancelled)";
	case UI_BADGE_FAILED:
		*role = UI_ROLE_STATUS_ERROR;
		return "not known";
	case UI_BADGE_ANSWERED:
		break;
	}
	if (!b->known) {
		*role = UI_ROLE_VERIF_UNKNOWN;
		return "not known (no answer)";
	}
	if (!b->has)
		return "no access";
	*role = UI_ROLE_VERIF_APPROVED;
	return b->level && *b->level ? b->level : "access";
}

/* See access.h: "Access   prod_X: customer", one badge a line. */
int ui_access_draw(const struct ui_access *a, WINDOW *w, int y, int x,
                   int max, int cw, int label_w)
{
	const char *why = NULL;
	int k;

	if (label_w > cw)
		label_w = cw;
	for (k = 0; (size_t)k < a->n && k < max; k++) {
		const struct ui_badge *b = &a->badges[k];
		enum ui_role role;
		const char *word = badge_word(b, &role);
		int used;

		if (k == 0)
			ui_draw_text(w, y, x, label_w, "Access", ui_attr(UI_ROLE_PANEL));
		used = ui_draw_text(w, y + k, x + label_w, cw - label_w, b->resource,
		                    ui_attr(UI_ROLE_PANEL));
		used += ui_draw_text(w, y + k, x + label_w + used,
		                     cw - label_w - used, ": ", ui_attr(UI_ROLE_PANEL));
		if (cw - label_w - used > 0)
			ui_draw_text(w, y + k, x + label_w + used, cw - label_w - used,
			             word, ui_attr(role));
		if (b->why && !why)
			why = b->why;
	}
	/* the first failure's sentence once, under the badges */
	if (why && k < max)
		k += ui_draw_wrapped(w, y + k, x + label_w, cw - label_w,
		                     max - k < 3 ? max - k : 3, why,
		                     ui_attr(UI_ROLE_STATUS_ERROR));
	return k;
}
