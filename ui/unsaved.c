/* unsaved.c - the unsaved-edits question before a quit, a reload or an
 * open: submit first, discard, or cancel. */
#include "app.h"
#include "screens.h"

#include <stdio.h>

#include "draw.h"

/* See screens.h: the question names the action that waits. */
int ui_unsaved_open(struct ui_app *app)
{
	char title[80];

	if (app->after == UI_AFTER_QUIT)
		snprintf(title, sizeof title, "Quit with unsaved edits?");
	else if (app->after == UI_AFTER_RELOAD)
		snprintf(title, sizeof title, "Reload and lose the unsaved edits?");
	else
		snprintf(title, sizeof title, "Open %.40s and leave the unsaved "
		         "edits?", app->after_who ? app->after_who : "another user");
	if (ui_dialog_open(&app->dialog, UI_DLG_ASK_UNSAVED, title,
	                   "Some fields have changes that were not sent.\n"
	                   "Submit them first, discard them, or cancel?") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

/* See screens.h: submit (what waits runs after the save), discard (and
 * its draft), or forget what waited. */
int ui_unsaved_answer(struct ui_app *app, enum ui_answer ans)
{
	ui_dialog_close(&app->dialog);
	if (ans == UI_ANS_YES)
		return app_submit(app);
	if (ans == UI_ANS_DISCARD) {
		app_discard(app);
		return app_run_after(app);
	}
	app_after_cancel(app);
	return UI_REDRAW;
}
