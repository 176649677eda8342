/* help.c - F1: the keys, the chart's and the dialogs' keys, from the key
 * tables (keys.c); wrapped rows hang under the description. */
#include "app.h"
#include "screens.h"

#include <stdlib.h>

#include "config.h"
#include "draw.h"
#include "strbuf.h"

/* See screens.h. */
int ui_help_open(struct ui_app *app)
{
	struct strbuf sb = { 0 };
	size_t n;
	const struct ui_key *k = ui_keys_table(&n);
	char *body, line[256];
	int rc = 0;

	/* a tab: the dialog hangs wrapped rows under the text after it */
	rc |= strbuf_append_str(&sb, "Keys\n");
	for (size_t i = 0; i < n; i++)
		rc |= strbuf_appendf(&sb, "  %-20s\t%s%s\n", k[i].names, k[i].help,
		                     app->cfg->read_only && k[i].edits
		                     ? " (off: --read-only)" : "");
	k = ui_keys_chart_table(&n);
	rc |= strbuf_append_str(&sb, "\nKeys in the balance chart (F8)\n");
	for (size_t i = 0; i < n; i++)
		rc |= strbuf_appendf(&sb, "  %-20s\t%s\n", k[i].names, k[i].help);
	rc |= strbuf_append_str(&sb, "\nKeys in dialogs\n");
	for (int d = UI_DLG_NONE + 1; d < UI_DLG_COUNT; d++)
		rc |= strbuf_appendf(&sb, "  %-20s\t%s\n", ui_keys_dialog_name(d),
		                     ui_keys_answer_line(d, line, sizeof line));
	body = rc == 0 ? strbuf_take(&sb) : NULL;
	strbuf_free(&sb);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_HELP,
	                            "Help: keys", body) != 0)
		ui_oom_note();
	free(body);
	return UI_REDRAW;
}

/* See screens.h. */
int ui_help_answer(struct ui_app *app, enum ui_answer ans)
{
	(void)ans;
	ui_dialog_close(&app->dialog);
	return UI_REDRAW;
}
