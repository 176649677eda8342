/* dialog.h - a dialog is a state drawn over the last screen.
 *
 * One dialog at a time: a message, the help, a yes/no confirmation (the
 * old -> new list before a submit, revert all), the unsaved-edits question
 * (submit / discard / cancel), the prompt for a user to open, and those
 * of resil.h: a draft to restore, a conflict, the masked token prompt
 * (drawn as one '*' per character; its text is wiped when closed). Esc
 * always closes it ("no", "cancel", "keep for later"). Text is sanitised and word-wrapped
 * when drawn; a body longer than the screen scrolls with Up/Down/PgUp/PgDn.
 */
#ifndef PROFED_UI_DIALOG_H
#define PROFED_UI_DIALOG_H

#include <stdbool.h>

#include "curses_wide.h"
#include "entry.h"
#include "keys.h"

enum ui_dialog_kind {
	UI_DLG_NONE,
	UI_DLG_MESSAGE,        /* Enter or Esc closes */
	UI_DLG_ERROR,          /* the same, titled in the error colour */
	UI_DLG_HELP,
	UI_DLG_CONFIRM_SUBMIT, /* Enter/y sends, Esc/n goes back */
	UI_DLG_CONFIRM_REVERT, /* Enter/y reverts all, Esc/n goes back */
	UI_DLG_ASK_UNSAVED,    /* s submits, d discards, Esc/c cancels */
	UI_DLG_PROMPT_USER,    /* a line of text; Enter opens, Esc cancels */
	UI_DLG_DRAFT,          /* r restores, d discards, Esc/k keeps for later */
	UI_DLG_CONFLICT,       /* m keeps mine, t takes theirs, Esc stops */
	UI_DLG_PROMPT_TOKEN,   /* a masked line; Enter uses it, Esc cancels */
};

enum ui_answer {
	UI_ANS_NONE,    /* still open */
	UI_ANS_YES,     /* send / revert / submit / open */
	UI_ANS_NO,      /* closed: back, cancel */
	UI_ANS_DISCARD, /* the unsaved-edits question, a draft: discard */
	UI_ANS_THEIRS,  /* a conflict: take theirs (UI_ANS_YES keeps mine) */
};

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
