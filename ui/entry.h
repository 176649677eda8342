/* entry.h - a text entry over a UTF-8 string kept elsewhere.
 *
 * The real text lives in the core's edit state (struct edit); an entry is
 * only a cursor and a scroll position over it. Editing returns a new
 * string for the caller to store with edit_set, so what is shown, what is
 * compared and what is sent are the same bytes: newlines and blank lines
 * round-trip exactly, nothing is padded.
 *
 * Left, Right, Backspace and Delete step over one extended grapheme
 * cluster (text_grapheme_next/prev: 👩‍💻, a flag, e + U+0301 are one
 * step). Columns come from text.h (text_width), so wide CJK and emoji
 * take two cells and control characters are drawn in their inert
 * sanitised form. A single-line entry scrolls sideways; a multi-line one
 * soft-wraps and scrolls by rows.
 *
 * This replaces libform fields: ncurses 6.4's form library mis-draws and
 * mis-positions double-width characters (see docs/editor.md).
 */
#ifndef PROFED_UI_ENTRY_H
#define PROFED_UI_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "curses_wide.h"
#include "keys.h"

struct ui_entry {
	size_t cur;       /* byte offset of the cursor, on a character start */
	size_t top;       /* single-line: byte offset of the first shown
	                   * character; multi-line: first shown row */
	bool multiline;
	size_t max_chars; /* 0 = no limit on insertion */
	/* The text's generation (edit_gen), set by the owner before each key
	 * and draw; 0: unknown. With it, a multi-line entry keeps its wrapped
	 * rows between draws (rebuilt when the text or the width changes), so
	 * a keystroke elsewhere costs nothing here. */
	unsigned long gen;
	void *rows;       /* the kept rows (entry.c's), NULL none */
	size_t rows_n;
	int rows_cols;
	unsigned long rows_gen;
};

/* The rows text takes wrapped in a multi-line entry width columns wide
 * (as drawn; kept per en->gen). 1 out of memory. */
size_t ui_entry_rows(struct ui_entry *en, const char *text, int width);

/* Free what an entry keeps (its wrapped rows). Accepts a zeroed entry. */
void ui_entry_free(struct ui_entry *en);

enum ui_entry_result {
	UI_ENTRY_IGNORED,  /* not for this entry (e.g. Up on the first row) */
	UI_ENTRY_MOVED,    /* the cursor moved */
	UI_ENTRY_CHANGED,  /* the text changed: *out holds the new text */
	UI_ENTRY_FULL,     /* insertion refused: max_chars reached */
	UI_ENTRY_DENIED,   /* an edit while the entry is not editable */
	UI_ENTRY_NOMEM,
};

/* Apply act to text; with act UI_ACT_NONE insert the character cp.
 * width and height are the entry's size on screen (multi-line moves need
 * them). On UI_ENTRY_CHANGED *out is the new text (caller frees);
 * otherwise *out is NULL. */
enum ui_entry_result ui_entry_key(struct ui_entry *en, const char *text,
                                  enum ui_action act, uint32_t cp,
                                  int width, int height, bool editable,
                                  char **out);

/* Draw text in the height x width rectangle at (y, x) with attribute a,
 * first scrolling so the cursor is visible (this is where a resize takes
 * effect). A multi-line entry keeps its last column for the cursor and
 * the scroll marks. *cy, *cx receive the cursor's screen position. */
void ui_entry_draw(struct ui_entry *en, WINDOW *w, int y, int x,
                   int height, int width, const char *text, attr_t a,
                   int *cy, int *cx);

/* Move the cursor to a character start within text (after the text was
 * replaced under the entry: load, revert, external editor). */
void ui_entry_clamp(struct ui_entry *en, const char *text);

#endif
