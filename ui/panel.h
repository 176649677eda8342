/* panel.h - the account overview panel: id, created date, picture,
 * verification (KYC/KYB), total USD value and the balances with their
 * breakdowns, from the core's overview (src/overview.h).
 *
 * The overview is built once per loaded user (ui_panel_set_user after each
 * load and save), never per redraw or keystroke; drawing walks only the
 * rows that are visible, so 5,000 balances scroll as fast as 5.
 *
 * Layout: terminals at least UI_PANEL_BESIDE_COLS wide show the panel
 * beside the form. Narrower ones show a one-line summary under the form
 * (ui_panel_draw_strip) and the whole panel in place of the form while it
 * has the focus (F6). Every string goes through the core's sanitiser and
 * width functions (draw.h), so server text cannot move the layout or reach
 * the terminal as an escape sequence.
 */
#ifndef PROFED_UI_PANEL_H
#define PROFED_UI_PANEL_H

#include <stdbool.h>
#include <stddef.h>

#include "curses_wide.h"
#include "keys.h"

struct user;
struct overview;
struct ui_preview;
struct ui_access;

/* The member card: the person's membership in the account set
 * (--account-id), fetched by appstate.c after each load. */
enum ui_card {
	UI_CARD_OFF,        /* no account: no card */
	UI_CARD_LOADING,
	UI_CARD_MEMBER,     /* text[] holds the membership */
	UI_CARD_NOT_MEMBER, /* "not a member of biz_…" */
	UI_CARD_FAILED,     /* why says why */
};
#define UI_CARD_TEXTS 5     /* member id, status, access, joined, last seen */

struct ui_member_card {
	enum ui_card state;
	char *account;
	char *text[UI_CARD_TEXTS];
	char *why;
};

/* From this width on the panel stands beside the form. */
#define UI_PANEL_BESIDE_COLS 100

struct ui_panel {
	const struct user *user; /* the user shown; owned by the app */
	struct overview *ov;     /* built from user; NULL when none */
	char *created;           /* created_at in local time; NULL when none */
	char *id;                /* a copy of user->id: is the next the same? */
	bool focus;              /* the keyboard is in the panel */
	size_t sel;              /* the selected balance (index in ov->rows) */
	size_t top;              /* the first balance row shown */
	int page;                /* balance rows shown at the last draw */
	/* width of each column (symbol, name, amount, value, price) that
	 * nearly every row fits in, measured once per build */
	int widest[5];
	/* each column's whole width (its longest cell, integer part and
	 * fraction measured apart so amounts line up on the point), the
	 * widest fraction (".50": 3, none: 0), and the columns the whole
	 * panel wants (ui_panel_width grows to it) */
	int full[5];
	int frac[5];
	int content_w;
	/* the picture as art under its URL (ui/preview.h); NULL: URL only.
	 * Set by the app; not owned. */
	struct ui_preview *preview;
	/* access badges under the verification (ui/access.h); NULL: none.
	 * Set by the app; not owned. */
	const struct ui_access *access;
	struct ui_member_card card; /* kept across ui_panel_set_user */
	/* The filter ('/'): balances whose symbol or name holds filter
	 * (ASCII case ignored) are the list while it is set; sel and top
	 * then count in match[]. Kept across a reload of the same profile. */
	char filter[64];
	bool typing;             /* the filter line has the keyboard */
	size_t *match;           /* indexes into ov->rows; n_match of them */
	size_t n_match;
};

#define UI_PANEL_FILTER_MAX 63

/* An empty panel (nothing loaded, focus on the form). */
void ui_panel_init(struct ui_panel *p);

/* Show u (may be NULL): builds its overview and local created date. The
 * selection is kept (clamped) when u is the same profile as before (a
 * reload or a save), reset otherwise. u must outlive its use by the panel:
 * call this whenever the app replaces its user (the old one may already
 * be freed; it is not looked at). Returns 0, or -1 out
 * of memory (the panel then shows nothing; the caller notes the OOM). */
int ui_panel_set_user(struct ui_panel *p, const struct user *u);

/* The member card (texts copied; text NULL or its members NULL: "";
 * UI_CARD_OFF frees it). Returns 0, or -1 out of memory (card off). */
int ui_panel_set_card(struct ui_panel *p, enum ui_card state,
                      const char *account, const char *const *text,
                      const char *why);

/* Free what the panel built (not the user, not the card). Accepts a
 * zeroed panel. */
void ui_panel_free(struct ui_panel *p);

/* Whether a terminal cols wide shows the panel beside the form. */
bool ui_panel_beside(int cols);

/* Width the panel takes beside the form (its separator included) in a
 * terminal cols wide; 0 when it does not stand beside the form. It grows
 * with the terminal (two fifths, 40 to 84 columns) and beyond, up to
 * what p's balances and lines want (p NULL: not beyond), while the form
 * keeps half the terminal and at least 100 columns. */
int ui_panel_width(const struct ui_panel *p, int cols);

/* Draw the panel in the rectangle (rows y..y+h-1, columns x..x+width-1);
 * with separator, a vertical line in its first column. When the panel has
 * the focus, *cy and *cx receive the selected row's position (else they are
 * left alone). */
void ui_panel_draw(struct ui_panel *p, WINDOW *w, int y, int x, int h,
                   int width, bool separator, int *cy, int *cx);

/* The one-line summary under the form on narrow terminals: verification
 * words, total, number of balances and the key that opens the panel. */
void ui_panel_draw_strip(const struct ui_panel *p, WINDOW *w, int y, int cols);

/* A key while the panel has the focus: moving through the balances (Up,
 * Down, PgUp, PgDn, Home, End). Returns true when it was used (redraw),
 * false when the key is not the panel's. */
bool ui_panel_key(struct ui_panel *p, enum ui_action act);

/* The filter's keys while the panel has the focus (act from the key
 * table, r/ch from get_wch): '/' starts typing the filter, whose line
 * then takes text, Backspace, Enter (keep it) and Esc (clear it); n and
 * N go to the next and previous match (wrapping); Esc clears a kept
 * filter. Moving keys are left to ui_panel_key. Returns true when the key
 * was used (redraw). Each change of the filter walks the rows once. */
bool ui_panel_filter_key(struct ui_panel *p, enum ui_action act, int r,
                         wint_t ch);

/* Set the filter to text (NULL or "": none). Returns 0, or -1 out of
 * memory (the filter is then cleared). */
int ui_panel_set_filter(struct ui_panel *p, const char *text);

/* A paste into the filter line: text (UTF-8) added at the filter's end,
 * line breaks and tabs as spaces, cut to UI_PANEL_FILTER_MAX bytes on a
 * character's boundary. 0, or -1 out of memory (filter cleared). */
int ui_panel_filter_paste(struct ui_panel *p, const char *text);

/* Rows the list shows: the matches while a filter is set. */
size_t ui_panel_rows(const struct ui_panel *p);

#endif
