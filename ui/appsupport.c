/* appsupport.c - the editor's support work beside the profile (see
 * app.h): who the person is (yourself by id or username), what the
 * credential may change (capability.h: look only, locked fields), the
 * recent people (recent.h), the jump list of Ctrl-O, the member card's
 * request, copying with OSC 52 and the finder's search (lookup.h).
 * appstate.c calls these from its load path and its life; they never call
 * back into it and open no screen. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "draw.h"
#include "members.h"
#include "osc52.h"
#include "statefile.h"
#include "support.h"
#include "user.h"

/* The jump list: who was shown before, last on top (Ctrl-O). */
static void jump_push(struct ui_app *app, const char *id)
{
	char *c;

	if (!id || (app->njumps && strcmp(app->jumps[app->njumps - 1], id) == 0))
		return;
	if (!(c = strdup(id))) {
		ui_oom_note();
		return;
	}
	if (app->njumps == UI_JUMPS) {
		free(app->jumps[0]);
		memmove(app->jumps, app->jumps + 1,
		        (UI_JUMPS - 1) * sizeof app->jumps[0]);
		app->njumps--;
	}
	app->jumps[app->njumps++] = c;
}

/* The recent people: u goes first and the file follows (a failure is
 * said once, then the list is kept in memory only). */
void app_support_opened(struct ui_app *app, const struct user *u, bool me)
{
	struct pf_error err;
	char s[700];

	if (recent_add(&app->recent, u->id, u->username, u->name,
	               (long long)time(NULL), &err) != 0 ||
	    (me && recent_set_self(&app->recent, u->id, &err) != 0)) {
		ui_oom_note();
		return;
	}
	if (app->recent_path &&
	    recent_save(app->recent_path, statefile_env_of(app->cfg),
	                app->cfg->account_id, &app->recent, &err) != 0) {
		pf_error_sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Recent people not "
		              "kept: %s", s);
		free(app->recent_path);
		app->recent_path = NULL;
	}
}

/* Whether who (as asked) or u is the credential's own user. */
bool app_support_is_self(const struct ui_app *app, const char *who,
                         const struct user *u)
{
	if (strcmp(who, "me") == 0)
		return true;
	if (recent_is_self(&app->recent, who))
		return true;
	return u && u->id && app->recent.self_id &&
	       strcasecmp(u->id, app->recent.self_id) == 0;
}

/* What the credential may change for u: fields locked (with the reason
 * beside them) or the whole profile look only. */
void app_support_capability(struct ui_app *app)
{
	capability_of(app->cred, !app->other, app->cfg->account_id != NULL,
	              &app->cap);
	for (int i = 0; i < FIELD_COUNT; i++) {
		enum field_id f = edit_fields[i].id;
		char note[256];
		if (app->cap.look_only || app->cap.allowed[f] || !app->cap.reason[f])
			continue;
		snprintf(note, sizeof note, "locked: %s", app->cap.reason[f]);
		ui_form_set_note(&app->form, f, note);
	}
}

/* The member card's answer: the person's membership, or none. */
static void card_done(void *ud, long id, struct support_result *r,
                      const struct pf_error *err)
{
	struct ui_app *app = ud;
	const char *text[UI_CARD_TEXTS] = { 0 };
	struct members_rows rows = { 0 };
	char why[700];

	if (id != app->card_op) {
		support_result_free(r);
		return;
	}
	app->card_op = 0;
	app->flags |= UI_REDRAW;
	if (!r) {
		if (err->kind == PF_ERR_CANCELLED)
			return;
		pf_error_sentence(err, why, sizeof why);
		if (ui_panel_set_card(&app->panel, UI_CARD_FAILED,
		                      app->cfg->account_id, NULL, why) != 0)
			ui_oom_note();
		return;
	}
	/* the person's own membership: a hostile page may hold others */
	const struct member *m = NULL;
	for (size_t i = 0; app->user && app->user->id && i < r->members.n; i++) {
		const struct person *p = r->members.items[i].user;
		if (p && p->id && strcmp(p->id, app->user->id) == 0) {
			m = &r->members.items[i];
			break;
		}
	}
	if (app->user && app->user->id) /* F7 needs no second search */
		ui_history_known_member(&app->history, app->user->id,
		                        m ? m->id : NULL);
	if (!m) {
		if (ui_panel_set_card(&app->panel, UI_CARD_NOT_MEMBER,
		                      app->cfg->account_id, NULL, NULL) != 0)
			ui_oom_note();
	} else if (members_rows_members(m, 1, false, &rows) != 0) {
		/* the card says so instead of "loading..." for good */
		ui_oom_note();
		if (ui_panel_set_card(&app->panel, UI_CARD_FAILED,
		                      app->cfg->account_id, NULL,
		                      "out of memory") != 0)
			ui_oom_note();
	} else {
		/* MEMBER ID, STATUS, ACCESS, JOINED, LAST SEEN of the find rows */
		for (int k = 0; k < UI_CARD_TEXTS; k++)
			text[k] = rows.cells[3 + k];
		if (ui_panel_set_card(&app->panel, UI_CARD_MEMBER,
		                      app->cfg->account_id, text, NULL) != 0)
			ui_oom_note();
		members_rows_free(&rows);
	}
	support_result_free(r);
}

/* With an account: ask for u's membership (its own request; the editor
 * goes on meanwhile). */
void app_support_card(struct ui_app *app, const struct user *u)
{
	struct support_query q = { 0 };
	struct pf_error err;
	char *path;
	char why[700];
	long op = app->card_op;

	app->card_op = 0;
	if (op > 0)
		api_cancel(app->api, op);
	if (!app->cfg->account_id || !u || !u->id) {
		ui_panel_set_card(&app->panel, UI_CARD_OFF, NULL, NULL, NULL);
		return;
	}
	q.user_ids = u->id;
	q.first = 1;
	path = support_members_path(app->cfg->account_id, &q);
	if (!path) {
		ui_oom_note();
		return;
	}
	if (ui_panel_set_card(&app->panel, UI_CARD_LOADING, app->cfg->account_id,
	                      NULL, NULL) != 0)
		ui_oom_note();
	op = support_start(app->api, SUPPORT_MEMBERS, path, card_done, app, &err);
	free(path);
	if (op < 0) {
		pf_error_sentence(&err, why, sizeof why);
		if (ui_panel_set_card(&app->panel, UI_CARD_FAILED,
		                      app->cfg->account_id, NULL, why) != 0)
			ui_oom_note();
		return;
	}
	app->card_op = op;
}

/* The recent people of this environment and account; a refused file is
 * said and left alone (the list is then kept in memory only). */
static void recent_init(struct ui_app *app)
{
	struct pf_error err;
	char s[700];

	app->recent_path = recent_path_for(app->cfg, &err);
	if (app->recent_path &&
	    recent_load(app->recent_path, &app->recent, &err) != 0) {
		free(app->recent_path);
		app->recent_path = NULL;
	}
	if (!app->recent_path) {
		pf_error_sentence(&err, s, sizeof s);
		ui_status_set(&app->status, UI_STATUS_ERROR, "Recent people not "
		              "kept: %s", s);
	}
}

/* See app.h. */
int app_copy(struct ui_app *app)
{
	const char *what, *text;
	const char *tmux = getenv("TMUX");
	char *seq;
	size_t n;

	if (!app->cfg->clipboard) {
		ui_status_set(&app->status, UI_STATUS_INFO, "Copying is off "
		              "(--no-clipboard or clipboard = no).");
		return UI_REDRAW;
	}
	if (!app->user || !app->user->id) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Nothing to copy: no "
		              "profile loaded.");
		return UI_REDRAW;
	}
	if (app->copies % 2 == 1 && app->user->username) {
		what = "username";
		text = app->user->username;
	} else {
		what = "user id";
		text = app->user->id;
	}
	app->copies++;
	seq = osc52_sequence(text, tmux && *tmux, &n);
	if (!seq) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "Not copied: the "
		              "%s is too long for the clipboard.", what);
		return UI_REDRAW;
	}
	/* around curses, which has nothing buffered between two draws */
	if (statefile_write_all(STDOUT_FILENO, seq, n) != 0)
		ui_status_set(&app->status, UI_STATUS_ERROR, "Not copied: the "
		              "terminal could not be written: %s", strerror(errno));
	else
		ui_status_set(&app->status, UI_STATUS_OK, "Copied the %s %s to the "
		              "clipboard (OSC 52%s)%s.", what, text,
		              tmux && *tmux ? ", through tmux" : "",
		              app->copies % 2 == 1 && app->user->username
		                  ? "; again: the username" : "");
	free(seq);
	return UI_REDRAW;
}

/* The finder's search answered: the list is redrawn. */
static void find_changed(void *ud)
{
	struct ui_app *app = ud;

	app->find_gen++;
	app->flags |= UI_REDRAW;
}

/* See app.h. */
void app_find_type(struct ui_app *app, const char *text)
{
	char *t = text ? strdup(text) : NULL;
	char *p = t;
	size_t n;

	if (text && !t) {
		ui_oom_note();
		return;
	}
	/* the same text the finder opens: blanks and a leading '@' off */
	while (p && *p == ' ')
		p++;
	if (p && *p == '@')
		p++;
	n = p ? strlen(p) : 0;
	while (n > 0 && p[n - 1] == ' ')
		p[--n] = '\0';
	if (lookup_type(&app->find, p, clock_now_ms()) != 0)
		ui_oom_note();
	free(t);
	app->find_gen++;
}

/* See app.h. */
void app_find_stop(struct ui_app *app)
{
	lookup_stop(&app->find);
	app->find_gen++;
}


/* See app.h. */
int app_support_init(struct ui_app *app)
{
	if (lookup_init(&app->find, app->api, app->cfg->account_id, find_changed,
	                app) != 0)
		return -1;
	recent_init(app);
	return 0;
}

/* See app.h. */
void app_support_free(struct ui_app *app)
{
	long op = app->card_op;

	app->card_op = 0;
	if (op > 0)
		api_cancel(app->api, op);
	ui_panel_set_card(&app->panel, UI_CARD_OFF, NULL, NULL, NULL);
	lookup_free(&app->find);
	recent_clear(&app->recent);
	free(app->recent_path);
	app->recent_path = NULL;
	for (size_t i = 0; i < app->njumps; i++)
		free(app->jumps[i]);
	app->njumps = 0;
}

/* See app.h. */
void app_support_leaving(struct ui_app *app, const struct user *u)
{
	/* Ctrl-O took its top; any other open pushes who was shown */
	if (app->load_back && app->njumps)
		free(app->jumps[--app->njumps]);
	else if (app->user && app->user->id && u && u->id &&
	         strcmp(app->user->id, u->id) != 0)
		jump_push(app, app->user->id);
	app->copies = 0;
}
