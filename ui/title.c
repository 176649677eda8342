/* title.c - the title line (see title.h). */
#include "title.h"

#include <stdio.h>
#include <string.h>

#include "colors.h"
#include "config.h"
#include "draw.h"
#include "user.h"

/* One flag on the right of the title. */
struct flag {
	const char *text;
	enum ui_role role;
};

/* " profed: NAME (ID)" (or what was asked for) into buf; without
 * "profed:" when short. */
static void who_text(const struct ui_title *t, bool short_form, char *buf,
                     size_t n)
{
	const char *p = short_form ? " " : " profed: ";

	if (t->user)
		snprintf(buf, n, "%s%s (%s)", p,
		         t->user->username ? t->user->username : "?", t->user->id);
	else
		snprintf(buf, n, "%s%s", p, t->who);
}

/* " · ENVIRONMENT [URL]": level 0 the whole base URL, 1 its host, 2 no
 * URL (production and sandbox have none), 3 nothing. */
static void env_text(const struct ui_title *t, int level, char *buf, size_t n)
{
	const struct config *cfg = t->cfg;
	const char *env = config_environment_name(cfg), *url = cfg->base_url;
	const char *host;
	size_t len;

	if (level >= 3) {
		buf[0] = '\0';
	} else if (config_environment(cfg) != ENV_CUSTOM || level == 2 || !url) {
		snprintf(buf, n, " \xc2\xb7 %s", env);
	} else if (level == 0) {
		snprintf(buf, n, " \xc2\xb7 %s %s", env, url);
	} else {
		host = strstr(url, "://");
		host = host ? host + 3 : url;
		len = strcspn(host, "/");
		snprintf(buf, n, " \xc2\xb7 %s %.*s", env, (int)len, host);
	}
}

/* How the left part gives way, in order: the URL to its host, the URL,
 * the environment's name, "profed:", the word "account"; then the name
 * is cut. The account id itself is never cut. */
static const struct { int env; bool short_who, short_acct; } steps[] = {
	{ 0, false, false }, { 1, false, false }, { 2, false, false },
	{ 3, false, false }, { 3, true, false }, { 3, true, true },
};
#define N_STEPS (sizeof steps / sizeof steps[0])

/* Flags are drawn right-aligned first in width terms; the left part
 * gives way as steps[] says. */
void ui_title_draw(WINDOW *w, int cols, const struct ui_title *t)
{
	struct flag flags[4];
	int nflags = 0, right = 0, x, avail, ww = 0, ew = 0, aw = 0;
	char who[600], env[600], acct[200] = "", why[400] = "";
	attr_t a = ui_attr(UI_ROLE_TITLE);

	if (t->other)
		flags[nflags++] = (struct flag){ " viewing another user ",
		                                 UI_ROLE_TITLE_OTHER };
	if (t->look_only)
		flags[nflags++] = (struct flag){ " look only ", UI_ROLE_TITLE_OTHER };
	if (t->cfg->read_only)
		flags[nflags++] = (struct flag){ " [read-only] ", UI_ROLE_TITLE };
	if (t->modified)
		flags[nflags++] = (struct flag){ " [modified] ", UI_ROLE_MODIFIED };
	for (int i = 0; i < nflags; i++)
		right += ui_text_cols(flags[i].text);
	ui_draw_blank(w, 0, 0, cols, a);
	avail = cols - right - 1;
	if (t->look_only && *t->look_only)
		snprintf(why, sizeof why, " \xc2\xb7 %s", t->look_only);
	for (size_t k = 0; k < N_STEPS; k++) {
		who_text(t, steps[k].short_who, who, sizeof who);
		env_text(t, steps[k].env, env, sizeof env);
		if (t->cfg->account_id)
			snprintf(acct, sizeof acct, " \xc2\xb7 %s%s",
			         steps[k].short_acct ? "" : "account ",
			         t->cfg->account_id);
		ww = ui_text_cols(who);
		ew = ui_text_cols(env);
		aw = ui_text_cols(acct);
		if (ww + ew + aw <= avail)
			break;
	}
	x = ui_draw_text(w, 0, 0, avail - ew - aw > 0 ? avail - ew - aw : 0,
	                 who, a);
	x += ui_draw_text(w, 0, x, avail - x > 0 ? avail - x : 0, env, a);
	x += ui_draw_text(w, 0, x, avail - x > 0 ? avail - x : 0, acct, a);
	if (why[0] && avail - x > 20)
		ui_draw_text(w, 0, x, avail - x, why, a);
	x = cols - right;
	for (int i = 0; i < nflags; i++)
		x += ui_draw_text(w, 0, x, cols - x, flags[i].text,
		                  ui_attr(flags[i].role));
}
