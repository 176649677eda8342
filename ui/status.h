/* status.h - the status line (messages, progress with a spinner, errors)
 * and the key-hint line built from the key table. */
#ifndef PROFED_UI_STATUS_H
#define PROFED_UI_STATUS_H

#include <stdbool.h>

#include "curses_wide.h"

enum ui_status_kind { UI_STATUS_INFO, UI_STATUS_OK, UI_STATUS_ERROR };

struct ui_status {
	enum ui_status_kind kind;
	char msg[512];
	char busy[160]; /* what is running, "" when idle */
	bool said;      /* msg was set while busy: shown beside the spinner */
	int about;      /* the field (enum field_id) an error is about: it
	                   clears once that field changes; -1 none */
	bool counting;  /* a retry countdown replaces busy */
	char busy_saved[160]; /* the busy text the countdown replaced */
};

/* Replace the message (printf-style; the text is sanitised when drawn).
 * While a request runs, the message is shown before what runs, until the
 * request ends or another starts: a key refused meanwhile says why. */
void ui_status_set(struct ui_status *s, enum ui_status_kind kind,
                   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The message just set is about field (an enum field_id): it goes when
 * that field changes (ui_status_field_changed). */
void ui_status_about(struct ui_status *s, int field);
/* Field changed: a message about it goes. Returns true when it went. */
bool ui_status_field_changed(struct ui_status *s, int field);

/* Say what is running (shown with the spinner); NULL when it is over. A
 * new text while one runs (a countdown) keeps the message beside it. */
void ui_status_busy(struct ui_status *s, const char *what);

/* The countdown of a request waiting to be sent again: while waiting,
 * "Rate limited: retrying in 12 s" (from why, the api's reason) replaces
 * what runs; when it stops, the text it replaced comes back. */
void ui_status_countdown(struct ui_status *s, bool waiting, int left,
                         const char *why);

/* Draw the status line on row y; frame picks the spinner's glyph. */
void ui_status_draw(const struct ui_status *s, WINDOW *w, int y, int cols,
                    unsigned frame);

/* Draw the key hints on row y from the key table, in table order, dropping
 * those that no longer fit (never wrapping); with read_only, hints for
 * editing keys are left out. */
void ui_hints_draw(WINDOW *w, int y, int cols, bool read_only);

#endif
