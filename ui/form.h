/* form.h - the editable fields, driven by edit_fields[] (src/edit.h).
 *
 * One entry (entry.h) per row of edit_fields[]: single-line rows get one
 * screen line, multi-line rows share the height that is left. Each field
 * has a label line: the label, '*' when changed, and why it is invalid
 * (checked as the person types) or what the server said about it (422).
 * Adding a field to edit_fields[] adds it here with no code change.
 */
#ifndef PROFED_UI_FORM_H
#define PROFED_UI_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "curses_wide.h"
#include "edit.h"
#include "entry.h"
#include "keys.h"

struct ui_form {
	enum field_id focus;
	struct ui_entry entry[FIELD_COUNT];
	int label_y[FIELD_COUNT]; /* screen row of each label */
	int y[FIELD_COUNT];       /* first screen row of each value */
	int h[FIELD_COUNT];       /* rows of each value */
	int x, w;                 /* the form's column and width */
	char note[FIELD_COUNT][256]; /* the server's word on a field, "" none */
	/* why each field's text is invalid ("" valid), at the edit
	 * generation valid_gen: checked once per change, not per draw */
	unsigned long valid_gen[FIELD_COUNT];
	char why[FIELD_COUNT][520];
};

/* Set up the entries from edit_fields[]: focus on the first field. */
void ui_form_init(struct ui_form *f);

/* Free what the entries keep. */
void ui_form_free(struct ui_form *f);

/* Place the fields in the rectangle (rows y..y+h-1, columns x..x+w-1). */
void ui_form_layout(struct ui_form *f, const struct edit *e, int y, int x,
                    int h, int w);

/* Draw labels and values from e. *cy, *cx receive the focused field's
 * cursor position. */
void ui_form_draw(struct ui_form *f, WINDOW *w, const struct edit *e,
                  int *cy, int *cx);

/* Handle an editing or moving key (act UI_ACT_NONE: insert cp) for the
 * focused field; a changed text is stored with edit_set. Returns what the
 * entry did (UI_ENTRY_MOVED also for a change of field). */
enum ui_entry_result ui_form_key(struct ui_form *f, struct edit *e,
                                 enum ui_action act, uint32_t cp,
                                 bool editable);

void ui_form_focus(struct ui_form *f, enum field_id id);

/* Insert text (UTF-8, already fit for the field: no newline in a
 * one-line field) at the focused field's cursor, as one edit; the cursor
 * ends after it. What would pass the field's length limit is left out
 * (UI_ENTRY_FULL when nothing fits). UI_ENTRY_CHANGED, UI_ENTRY_FULL or
 * UI_ENTRY_NOMEM. */
enum ui_entry_result ui_form_insert(struct ui_form *f, struct edit *e,
                                    const char *text);

/* The word beside field id (the server's 422, why a picture cannot be
 * sent); "" or NULL clears it. Cut to the note's size. */
void ui_form_set_note(struct ui_form *f, enum field_id id, const char *msg);

/* Put field id's cursor at byte offset pos of its text (clamped by the
 * next ui_form_clamp or draw). */
void ui_form_set_cursor(struct ui_form *f, enum field_id id, size_t pos);

/* After the texts were replaced (load, revert, rebase): cursors back on
 * character starts; reset (another user) also clears the notes and puts
 * the cursors at the end of one-line fields and the top of the others.
 * A one-line field that gains the focus by a key gets its cursor at the
 * end; the bio keeps its own (the top at first). */
void ui_form_clamp(struct ui_form *f, const struct edit *e);
void ui_form_reset(struct ui_form *f, const struct edit *e);

#endif
