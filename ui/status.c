/* status.c - status line and hint line (see status.h). */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "colors.h"
#include "draw.h"
#include "keys.h"

/* printf into the message; the kind picks its colour. */
void ui_status_set(struct ui_status *s, enum ui_status_kind kind,
                   const char *fmt, ...)
{
	va_list ap;

	s->kind = kind;
	s->about = -1;
	s->said = s->busy[0] != '\0';
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
}

/* See status.h. */
void ui_status_about(struct ui_status *s, int field)
{
	s->about = field;
}

/* See status.h. */
bool ui_status_field_changed(struct ui_status *s, int field)
{
	if (s->about < 0 || s->about != field || !s->msg[0])
		return false;
	s->msg[0] = '\0';
	s->kind = UI_STATUS_INFO;
	s->about = -1;
	return true;
}

/* Set or clear (NULL) what is running. */
void ui_status_busy(struct ui_status *s, const char *what)
{
	if (!what || !*what || !s->busy[0])
		s->said = false; /* a request starts or ends */
	snprintf(s->busy, sizeof s->busy, "%s", what ? what : "");
}

/* See status.h. */
void ui_status_countdown(struct ui_status *s, bool waiting, int left,
                         const char *why)
{
	const char *http = why ? strstr(why, "HTTP ") : NULL;
	char text[160];

	if (!waiting) {
		if (s->counting && s->busy[0])
			ui_status_busy(s, s->busy_saved);
		s->counting = false;
		return;
	}
	if (!s->counting) {
		snprintf(s->busy_saved, sizeof s->busy_saved, "%s", s->busy);
		s->counting = true;
	}
	if (why && strstr(why, "429"))
		snprintf(text, sizeof text, "Rate limited: retrying in %d s", left);
	else if (http)
		snprintf(text, sizeof text, "Server error (%.8s); retrying in %d s",
		         http, left);
	else
		snprintf(text, sizeof text, "No connection (%s); retrying in %d s",
		         why ? why : "network", left);
	ui_status_busy(s, text);
}

/* The colour role of the message's kind. */
static enum ui_role msg_role(enum ui_status_kind kind)
{
	if (kind == UI_STATUS_OK)
		return UI_ROLE_STATUS_OK;
	if (kind == UI_STATUS_ERROR)
		return UI_ROLE_STATUS_ERROR;
	return UI_ROLE_STATUS;
}

/* Busy: spinner, a message said meanwhile, what runs and how to cancel;
 * otherwise the message. */
void ui_status_draw(const struct ui_status *s, WINDOW *w, int y, int cols,
                    unsigned frame)
{
	static const char spin[] = "|/-\\";
	int x = 1;

	ui_draw_blank(w, y, 0, cols, ui_attr(UI_ROLE_STATUS));
	if (s->busy[0]) {
		char line[sizeof s->busy + 32], glyph[3] = { spin[frame % 4], ' ' };
		x += ui_draw_text(w, y, x, cols - 1 - x, glyph,
		                  ui_attr(UI_ROLE_STATUS));
		if (s->said && s->msg[0])
			x += ui_draw_text(w, y, x, cols - 1 - x, s->msg,
			                  ui_attr(msg_role(s->kind))) + 2;
		snprintf(line, sizeof line, "%s  (Esc cancels)", s->busy);
		ui_draw_text(w, y, x, cols - 1 - x, line, ui_attr(UI_ROLE_STATUS));
		return;
	}
	ui_draw_text(w, y, x, cols - 2, s->msg, ui_attr(msg_role(s->kind)));
}

/* "KEY label" pairs from the table until the line is full. */
void ui_hints_draw(WINDOW *w, int y, int cols, bool read_only)
{
	size_t n;
	const struct ui_key *k = ui_keys_table(&n);
	int x = 0;

	ui_draw_blank(w, y, 0, cols, ui_attr(UI_ROLE_HINT));
	for (size_t i = 0; i < n; i++) {
		int need;
		if (!k[i].hint_key || (read_only && k[i].edits))
			continue;
		need = ui_text_cols(k[i].hint_key) + 1 + ui_text_cols(k[i].hint);
		if (x + need > cols - 1)
			break;
		x += ui_draw_text(w, y, x, cols - x, k[i].hint_key,
		                  ui_attr(UI_ROLE_HINT_KEY));
		x += 1;
		x += ui_draw_text(w, y, x, cols - x, k[i].hint,
		                  ui_attr(UI_ROLE_HINT));
		x += 2;
	}
}
