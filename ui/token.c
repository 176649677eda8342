/* token.c - the token was refused (401): type another for this session,
 * masked (dialog.c draws one '*' per character), kept in memory only;
 * then what failed starts again. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>

#include "api.h"
#include "draw.h"
#include "edit.h"
#include "strbuf.h"

/* See screens.h. */
int ui_token_open(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	char s[700], *body;

	pf_error_sentence(&app->retry_err, s, sizeof s);
	if (strbuf_appendf(&sb, "%s\n\nType a token to use in this session "
	                   "(kept in memory only: never shown, never saved), "
	                   "or Esc.", s) != 0 || !(body = strbuf_take(&sb))) {
		strbuf_free(&sb);
		ui_oom_note();
		return UI_REDRAW;
	}
	if (ui_dialog_open(&app->dialog, UI_DLG_PROMPT_TOKEN,
	                   "The token was refused", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* See screens.h: the typed token replaces the client's and the failed
 * operation starts again. The input is wiped by ui_dialog_close. */
int ui_token_answer(struct ui_app *app, enum ui_answer ans)
{
	struct pf_error err;
	int rc = 0;

	if (ans == UI_ANS_YES)
		rc = api_set_token(app->api, app->dialog.input, &err);
	ui_dialog_close(&app->dialog);
	if (ans != UI_ANS_YES) {
		app->retry = UI_RETRY_NONE;
		ui_status_set(&app->status, UI_STATUS_ERROR, "No new token: nothing "
		              "sent%s. Fix WHOP_API_KEY or --token-file, or try "
		              "again to be asked again.",
		              app->user && edit_any_changed(&app->edit)
		                      ? " (edits kept, also in a draft)" : "");
		return UI_REDRAW;
	}
	if (rc != 0) {
		app->retry = UI_RETRY_NONE;
		app_show_error(app, "Token not used", &err);
		return UI_REDRAW;
	}
	ui_status_set(&app->status, UI_STATUS_INFO, "Using the new token.");
	return app_retry(app);
}
