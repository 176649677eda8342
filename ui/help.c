/* help.c - F1: the keys, the dialogs' keys and the fields, from the key
 * table (keys.c) and the field table (src/edit.c). */
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

	rc |= strbuf_append_str(&sb, "Keys\n");
	for (size_t i = 0; i < n; i++)
		rc |= strbuf_appendf(&sb, "  %-20s %s\n", k[i].names, k[i].help);
	rc |= strbuf_append_str(&sb, "\nKeys in dialogs\n");
	for (int d = UI_DLG_NONE + 1; d < UI_DLG_COUNT; d++)
		rc |= strbuf_appendf(&sb, "  %-20s %s\n", ui_keys_dialog_name(d),
		                     ui_keys_answer_line(d, line, sizeof line));
	rc |= strbuf_append_str(&sb, "\nFields\n");
	for (int i = 0; i < FIELD_COUNT; i++)
		rc |= strbuf_appendf(&sb, "  %-20s %s\n", edit_fields[i].label,
		                     edit_field_help(&edit_fields[i], line,
		                                     sizeof line));
	rc |= strbuf_append_str(&sb, "\nA '*' marks a changed field. Submit "
	                        "sends only the changed fields, after showing "
	                        "old -> new.");
	if (app->cfg->read_only)
		rc |= strbuf_append_str(&sb, "\nRead-only (--read-only): editing "
		                        "and submit are off.");
	body = rc == 0 ? strbuf_take(&sb) : NULL;
	strbuf_free(&sb);
	if (!body || ui_dialog_open(&app->dialog, UI_DLG_HELP,
	                            "Help: keys and fields", body) != 0)
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
