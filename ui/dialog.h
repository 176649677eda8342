/* dialog.h - the dialog widget: a box drawn over the last screen.
 *
 * One dialog at a time. Each kind (keys.h) is a screen of its own under
 * ui/ that fills the body and acts on the answer (routed by the table in
 * app.c); this widget draws it, scrolls it, and turns keys into answers
 * through the answer rows of the key table (keys.c), which also give the
 * key line. The masked token prompt carries a line of text (drawn as one
 * '*' per character; its text is wiped when closed); the finder (its own
 * screen) keeps its typed text in input and entry. Esc always closes a dialog ("no", "cancel",
 * "keep for later"). Text is sanitised and word-wrapped when drawn; a
 * body longer than the screen scrolls with Up/Down/PgUp/PgDn.
 */
#ifndef PROFED_UI_DIALOG_H
#define PROFED_UI_DIALOG_H

#include <stdbool.h>

#include "curses_wide.h"
#include "entry.h"
#include "keys.h"

/* A body line starting with one of these is a line of a diff: drawn in
 * the diff colour, with the '-' or '+' that follows (monochrome still
 * reads). Bodies put user text through text_sanitize first, which turns
 * control characters into caret notation: no user text can start one. */
#define UI_DIALOG_DEL "\x01-"
#define UI_DIALOG_ADD "\x01+"

struct ui_dialog {
	enum ui_dialog_kind kind;
	char title[80];
	char *body;        /* lines separated by '\n'; owned */
	int scroll;        /* first body row shown */
	int body_rows;     /* rows shown at the last draw (for paging) */
	char *input;       /* the prompt's text; owned */
	struct ui_entry entry;
};

/* Open a dialog (title and body are copied). Returns 0, or -1 out of
 * memory (the dialog is then closed). */
int ui_dialog_open(struct ui_dialog *d, enum ui_dialog_kind kind,
                   const char *title, const char *body);
void ui_dialog_close(struct ui_dialog *d); /* frees; safe when closed */
bool ui_dialog_active(const struct ui_dialog *d);

/* Feed a key (act from the key table, r/ch from get_wch). Returns the
 * answer; on an answer other than UI_ANS_NONE the caller acts and closes
 * the dialog (the prompt's text is still in d->input then). *nomem is set
 * when the prompt could not store its text. */
enum ui_answer ui_dialog_key(struct ui_dialog *d, enum ui_action act, int r,
                             wint_t ch, bool *nomem);

/* Draw centred over the screen (rows x cols). *cy, *cx receive where the
 * terminal cursor belongs: in the prompt's text, else on the key line. */
void ui_dialog_draw(struct ui_dialog *d, WINDOW *w, int rows, int cols,
                    int *cy, int *cx);

#endif
