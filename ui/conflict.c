/* conflict.c - a field changed both here and on the server since it was
 * loaded: loaded / server now / yours, one conflict at a time; m keeps
 * mine, t takes theirs, Esc stops (nothing sent). The choices go to the
 * core's submit flow (submit_choose), which sends or stops. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>

#include "draw.h"
#include "strbuf.h"
#include "submit.h"
#include "text.h"

#define SHOW_MAX_COLS 2000

/* See screens.h: the dialog for conflict app->conflict_i. */
int ui_conflict_open(struct ui_app *app)
{
	const enum field_id *conf;
	const struct user *now;
	size_t n = submit_conflicts(app->submit, &conf, &now);
	struct strbuf sb = { 0 };
	const struct pf_error *why = submit_error(app->submit);
	enum field_id f;
	char *body, s[700];
	int rc = 0;

	if (app->conflict_i >= n)
		return 0;
	f = conf[app->conflict_i];
	if (submit_after_409(app->submit, NULL))
		rc |= strbuf_appendf(&sb, "%s\nThe profile was read again.\n\n",
		                     pf_error_sentence(why, s, sizeof s));
	rc |= strbuf_appendf(&sb, "%s was changed on the server since you "
	                     "loaded it (%zu of %zu).\n\n", edit_field(f)->label,
	                     app->conflict_i + 1, n);
	rc |= text_append_diff_value(&sb, "loaded:      ",
	                             edit_baseline(&app->edit, f), SHOW_MAX_COLS);
	rc |= text_append_diff_value(&sb, "server now:  ",
	                             edit_value_of(now, f), SHOW_MAX_COLS);
	rc |= text_append_diff_value(&sb, "yours:       ",
	                             edit_current(&app->edit, f), SHOW_MAX_COLS);
	rc |= strbuf_appendf(&sb, "\nm keeps yours (it replaces theirs), t "
	                     "takes theirs (yours is dropped), Esc stops: "
	                     "nothing is sent.");
	body = rc == 0 ? strbuf_take(&sb) : NULL;
	strbuf_free(&sb);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_CONFLICT,
	                            "Changed on the server", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* See screens.h: the next conflict, or settle them all, or stop. */
int ui_conflict_answer(struct ui_app *app, enum ui_answer ans)
{
	size_t n = submit_conflicts(app->submit, NULL, NULL);

	ui_dialog_close(&app->dialog);
	if (ans != UI_ANS_YES && ans != UI_ANS_THEIRS)
		return app_conflicts_settled(app, true);
	submit_choose(app->submit, app->conflict_i,
	              ans == UI_ANS_YES ? EDIT_KEEP_MINE : EDIT_TAKE_THEIRS);
	if (++app->conflict_i < n)
		return ui_conflict_open(app);
	return app_conflicts_settled(app, false);
}
