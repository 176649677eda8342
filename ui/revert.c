/* revert.c - F4's question: every field back to the server's value. */
#include "app.h"
#include "screens.h"

#include "draw.h"

/* See screens.h. */
int ui_revert_open(struct ui_app *app)
{
	if (ui_dialog_open(&app->dialog, UI_DLG_CONFIRM_REVERT, "Revert all",
	                   "Revert every field to the value the server holds?\n"
	                   "Unsent edits are lost.") != 0)
		ui_oom_note();
	return UI_REDRAW;
}

/* See screens.h. */
int ui_revert_answer(struct ui_app *app, enum ui_answer ans)
{
	ui_dialog_close(&app->dialog);
	if (ans == UI_ANS_YES)
		app_revert_all_now(app);
	return UI_REDRAW;
}
