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

/* "profed: NAME (ID) · ENVIRONMENT · account ACCOUNT" into buf. */
static void left_text(const struct ui_title *t, char *buf, size_t n)
{
	const struct config *cfg = t->cfg;
	const char *env = config_environment_name(cfg);
	int k;

	if (t->user)
		k = snprintf(buf, n, " profed: %s (%s)",
		             t->user->username ? t->user->username : "?",
		             t->user->id);
	else
		k = snprintf(buf, n, " profed: %s", t->who);
	if (k < 0 || (size_t)k >= n)
		return;
	if (config_environment(cfg) == ENV_CUSTOM)
		k += snprintf(buf + k, n - (size_t)k, " \xc2\xb7 %s %s", env,
		              cfg->base_url);
	else
		k += snprintf(buf + k, n - (size_t)k, " \xc2\xb7 %s", env);
	if (cfg->account_id && k > 0 && (size_t)k < n)
		snprintf(buf + k, n - (size_t)k, " \xc2\xb7 account %s",
		         cfg->account_id);
}

/* Flags are drawn right-aligned first in width terms, the left
 * part is cut to what remains. */
void ui_title_draw(WINDOW *w, int cols, const struct ui_title *t)
{
	struct flag flags[3];
	int nflags = 0, right = 0, x;
	char left[1024];

	if (t->other)
		flags[nflags++] = (struct flag){ " viewing another user ",
		                                 UI_ROLE_TITLE_OTHER };
	if (t->cfg->read_only)
		flags[nflags++] = (struct flag){ " [read-only] ", UI_ROLE_TITLE };
	if (t->modified)
		flags[nflags++] = (struct flag){ " [modified] ", UI_ROLE_MODIFIED };
	for (int i = 0; i < nflags; i++)
		right += ui_text_cols(flags[i].text);
	ui_draw_blank(w, 0, 0, cols, ui_attr(UI_ROLE_TITLE));
	left_text(t, left, sizeof left);
	ui_draw_text(w, 0, 0, cols - right - 1, left, ui_attr(UI_ROLE_TITLE));
	x = cols - right;
	for (int i = 0; i < nflags; i++)
		x += ui_draw_text(w, 0, x, cols - x, flags[i].text,
		                  ui_attr(flags[i].role));
}
