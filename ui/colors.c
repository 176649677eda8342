/* colors.c - the colour role table (see colors.h). */
#include "colors.h"

/* One row per role: colour foreground/background (-1 = the terminal's
 * default) and attributes, then the monochrome attributes. */
struct role_def {
	enum ui_role role;
	short fg, bg;
	attr_t color_attr;
	attr_t mono_attr;
};

static const struct role_def roles[UI_ROLE_COUNT] = {
	{ UI_ROLE_NORMAL,         -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_TITLE,          -1, -1, A_REVERSE | A_BOLD,    A_REVERSE | A_BOLD },
	{ UI_ROLE_TITLE_OTHER,    COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE },
	{ UI_ROLE_MODIFIED,       COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
	{ UI_ROLE_LABEL,          -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_LABEL_FOCUS,    COLOR_CYAN, -1, A_BOLD,        A_BOLD },
	{ UI_ROLE_FIELD,          -1, -1, A_UNDERLINE,           A_UNDERLINE },
	{ UI_ROLE_FIELD_FOCUS,    COLOR_CYAN, -1, A_UNDERLINE | A_BOLD, A_UNDERLINE | A_BOLD },
	{ UI_ROLE_FIELD_READONLY, -1, -1, A_DIM,                 A_NORMAL },
	{ UI_ROLE_CHANGED,        COLOR_YELLOW, -1, A_BOLD,      A_BOLD },
	{ UI_ROLE_INVALID,        COLOR_RED, -1, A_BOLD,         A_BOLD },
	{ UI_ROLE_PANEL_TITLE,    -1, -1, A_BOLD,                A_BOLD },
	{ UI_ROLE_PANEL,          -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_STATUS,         -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_STATUS_OK,      COLOR_GREEN, -1, A_BOLD,       A_BOLD },
	{ UI_ROLE_STATUS_ERROR,   COLOR_RED, -1, A_BOLD,         A_BOLD | A_REVERSE },
	{ UI_ROLE_HINT_KEY,       -1, -1, A_REVERSE,             A_REVERSE },
	{ UI_ROLE_HINT,           -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_DIALOG,         -1, -1, A_NORMAL,              A_NORMAL },
	{ UI_ROLE_DIALOG_TITLE,   COLOR_CYAN, -1, A_BOLD,        A_BOLD },
	{ UI_ROLE_PANEL_SELECTED, -1, -1, A_REVERSE,             A_REVERSE },
	{ UI_ROLE_PANEL_NOTE,     -1, -1, A_DIM,                 A_NORMAL },
	{ UI_ROLE_PANEL_UNPRICED, COLOR_YELLOW, -1, A_NORMAL,    A_UNDERLINE },
	{ UI_ROLE_VERIF_APPROVED, COLOR_GREEN, -1, A_BOLD,       A_BOLD },
	{ UI_ROLE_VERIF_PENDING,  COLOR_YELLOW, -1, A_BOLD,      A_UNDERLINE },
	{ UI_ROLE_VERIF_REJECTED, COLOR_RED, -1, A_BOLD,         A_BOLD | A_REVERSE },
	{ UI_ROLE_VERIF_NONE,     -1, -1, A_DIM,                 A_DIM },
	{ UI_ROLE_VERIF_UNKNOWN,  COLOR_MAGENTA, -1, A_BOLD,     A_BOLD | A_UNDERLINE },
	{ UI_ROLE_DIFF_DEL,       COLOR_RED, -1, A_NORMAL,       A_DIM },
	{ UI_ROLE_DIFF_ADD,       COLOR_GREEN, -1, A_BOLD,       A_BOLD },
	{ UI_ROLE_PLACEHOLDER,    -1, -1, A_DIM | A_UNDERLINE,   A_DIM | A_UNDERLINE },
	{ UI_ROLE_CHART_LINE,     COLOR_CYAN, -1, A_NORMAL,      A_NORMAL },
	{ UI_ROLE_CHART_AXIS,     -1, -1, A_DIM,                 A_NORMAL },
	{ UI_ROLE_CHART_CURSOR,   COLOR_YELLOW, -1, A_REVERSE,   A_REVERSE },
	{ UI_ROLE_CHART_UP,       COLOR_GREEN, -1, A_BOLD,       A_BOLD },
	{ UI_ROLE_CHART_DOWN,     COLOR_RED, -1, A_BOLD,         A_BOLD | A_UNDERLINE },
};

/* Which column is in use; set once by ui_colors_init. */
static bool use_mono = true;

/* Colour pairs are numbered role + 1 (pair 0 is the terminal's own).
 * Falls back to monochrome when colours are missing or the default
 * background cannot be kept. */
void ui_colors_init(bool mono)
{
	use_mono = true;
	if (mono || !has_colors() || start_color() == ERR ||
	    use_default_colors() == ERR)
		return;
	for (int i = 0; i < UI_ROLE_COUNT; i++) {
		if (init_pair((short)(i + 1), roles[i].fg, roles[i].bg) == ERR)
			return;
	}
	use_mono = false;
}

/* The attribute of role; A_NORMAL for an out-of-range role. */
attr_t ui_attr(enum ui_role role)
{
	if ((int)role < 0 || role >= UI_ROLE_COUNT)
		return A_NORMAL;
	if (use_mono)
		return roles[role].mono_attr;
	if (roles[role].fg == -1 && roles[role].bg == -1)
		return roles[role].color_attr;
	return roles[role].color_attr | COLOR_PAIR(role + 1);
}

/* See colors.h. */
bool ui_colors_mono(void)
{
	return use_mono;
}
