/* screens.h - the dialogs, one file each, routed by the table in app.c
 * (kind -> open, answer). open fills app->dialog from the state and
 * returns enum ui_flags; answer acts through appstate.c (app.h), closes
 * the dialog and returns enum ui_flags. A screen never opens another: it
 * asks the loop (app_want). Messages and errors (UI_DLG_MESSAGE,
 * UI_DLG_ERROR) are opened with their text by app_tell_error and only
 * close. */
#ifndef PROFED_UI_SCREENS_H
#define PROFED_UI_SCREENS_H

#include "curses_wide.h"
#include "keys.h"

struct ui_app;

int ui_help_open(struct ui_app *app);          /* help.c */
int ui_help_answer(struct ui_app *app, enum ui_answer ans);
int ui_confirm_open(struct ui_app *app);       /* confirm.c */
int ui_confirm_answer(struct ui_app *app, enum ui_answer ans);
int ui_revert_open(struct ui_app *app);        /* revert.c */
int ui_revert_answer(struct ui_app *app, enum ui_answer ans);
int ui_unsaved_open(struct ui_app *app);       /* unsaved.c */
int ui_unsaved_answer(struct ui_app *app, enum ui_answer ans);
int ui_draftoffer_open(struct ui_app *app);    /* draftoffer.c */
int ui_draftoffer_answer(struct ui_app *app, enum ui_answer ans);
int ui_conflict_open(struct ui_app *app);      /* conflict.c */
int ui_conflict_answer(struct ui_app *app, enum ui_answer ans);
int ui_token_open(struct ui_app *app);         /* token.c */
int ui_token_answer(struct ui_app *app, enum ui_answer ans);

/* finder.c: a screen that draws itself and takes every key while open
 * (the table's key and draw columns). */
int ui_finder_open(struct ui_app *app);
int ui_finder_answer(struct ui_app *app, enum ui_answer ans);
int ui_finder_key(struct ui_app *app, enum ui_action act, int r, wint_t ch);
void ui_finder_draw(struct ui_app *app, int rows, int cols, int *cy, int *cx);
void ui_finder_free(struct ui_app *app);

#endif
