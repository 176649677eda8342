/* openuser.c - Ctrl-G: whom to open, by id or username. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"

/* The prompt's text, without surrounding blanks and a leading '@'.
 * Caller frees; NULL when empty or out of memory. */
static char *typed_user(const char *input)
{
	const char *s = input;
	size_t n;

	while (*s == ' ')
		s++;
	if (*s == '@')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n ? strndup(s, n) : NULL;
}

/* See screens.h. */
int ui_openuser_open(struct ui_app *app)
{
	if (ui_dialog_open(&app->dialog, UI_DLG_PROMPT_USER, "Open user",
	                   "User id (user_...), username, or me:") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

/* See screens.h: open the typed user (asking first about unsaved
 * edits). */
int ui_openuser_answer(struct ui_app *app, enum ui_answer ans)
{
	char *who = ans == UI_ANS_YES ? typed_user(app->dialog.input) : NULL;

	ui_dialog_close(&app->dialog);
	if (!who)
		return UI_REDRAW;
	return app_ask_or_run(app, UI_AFTER_OPEN, who);
}
