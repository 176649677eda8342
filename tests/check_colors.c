/* check_colors.c - every colour role as a terminal shows it, end to end:
 * the real profed in a pseudo-terminal, the cells' attributes read back
 * from libvterm (tui_cell_attr).
 *
 * The expected looks are ui/colors.c's table, written out again here on
 * purpose: a change of a role's colour has to be made in both places.
 * Checked per role, where the role is drawn:
 *   colour   title, [modified], labels (focused and not), fields (focused
 *            and not), the changed mark, the invalid note, status ok and
 *            error, hint keys and hint text, the dialog and its title, the
 *            panel's title, text, selected row, "unpriced", and each
 *            verification state (approved, pending, rejected, unknown);
 *            "viewing another user"; dim (panel notes, "not created") from
 *            the raw output, since libvterm 0.1 does not keep SGR 2;
 *   NO_COLOR no colour anywhere on the screen, and each role's monochrome
 *            attributes;
 *   light    black on white: the default background is kept (no cell
 *            paints a background but "viewing another user"), and the
 *            roles that set a background (reverse video, or an explicit
 *            one) reach a contrast of 4.5:1 (WCAG AA) on white.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "e2e.h"
#include "stub.h"
#include "testutil.h"
#include "tui.h"
#define KEY_F6 "\x1b[17~"

/* Palette indexes (SGR 30-37) and the default. */
#define BLACK 0
#define RED 1
#define GREEN 2
#define YELLOW 3
#define MAGENTA 5
#define CYAN 6
#define DEF TUI_COLOR_DEFAULT

/* Video attributes a look asks for. */
enum { BOLD = 1, UNDER = 2, REV = 4 };

struct look {
	int fg, bg;
	unsigned attrs;
};

/* a as a look, for comparing and printing. */
static struct look look_of(const struct tui_cell_attr *a)
{
	return (struct look){ a->fg, a->bg,
	                      (a->bold ? BOLD : 0u) | (a->underline ? UNDER : 0u) |
	                      (a->reverse ? REV : 0u) };
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until the cell at (dy, dx) from where text starts looks like want
 * (a redraw may be half way); fail with what is there instead. */
static void expect_look(const char *text, int dy, int dx, struct look want)
{
	long long deadline = now_ms() + TUI_WAIT_MS;
	struct tui_cell_attr a;
	struct look got = { -9, -9, 0 };
	int row, col;

	for (;;) {
		if (tui_find(e2e.t, text, &row, &col) &&
		    tui_cell_attr(e2e.t, row + dy, col + dx, &a)) {
			got = look_of(&a);
			if (got.fg == want.fg && got.bg == want.bg &&
			    got.attrs == want.attrs)
				return;
		}
		if (now_ms() >= deadline || tui_pump(e2e.t, 50) < 0)
			break;
	}
	tui_dump(e2e.t, text);
	ck_abort_msg("'%s' (%+d,%+d): fg %d bg %d attrs %u, want fg %d bg %d "
	             "attrs %u", text, dy, dx, got.fg, got.bg, got.attrs,
	             want.fg, want.bg, want.attrs);
}

#define LOOK(text, fg, bg, attrs) \
	expect_look((text), 0, 0, (struct look){ (fg), (bg), (attrs) })

/* No cell on the screen has a colour other than the default. */
static void expect_no_colour(void)
{
	int rows, cols;

	tui_size(e2e.t, &rows, &cols);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			struct tui_cell_attr a;

			ck_assert(tui_cell_attr(e2e.t, r, c, &a));
			ck_assert_msg(a.fg == DEF && a.bg == DEF,
			              "colour at %d,%d: fg %d bg %d", r, c, a.fg, a.bg);
		}
}

/* Whether the raw output ever switched to dim (SGR 2, as xterm-256color's
 * sgr capability writes it). */
static bool saw_dim(void)
{
	return tui_raw_contains(e2e.t, "\x1b[0;2m", 6);
}

static const char *const other_args[] = { "--account-id", STUB_ACCOUNT_ID,
                                          "charles-b", NULL };

/* ada's profile with a verification of every kind the panel colours:
 * rejected and a status word this build does not know. */
static void ada_rejected_unknown(void)
{
	ck_assert(stub_set_user_field(e2e.stub, STUB_ADA_ID, "verification",
	                              "{\"individual\": {\"status\": "
	                              "\"rejected\"}, \"business\": "
	                              "{\"status\": \"frobbed\"}}") == 0);
}

/* The editor's roles in colour, on ada's profile at 30x120 (the panel
 * beside the form): as loaded, after an edit, an invalid username, the
 * confirmation, and the panel's selection. */
START_TEST(colors_editor_roles)
{
	e2e_start(STUB_TOKEN_ADA, NULL, 30, 120);
	ck_assert(tui_wait_text(e2e.t, "Loaded ada-lovelace", TUI_WAIT_MS));
	LOOK("profed:", DEF, DEF, BOLD | REV);                 /* title */
	LOOK("Loaded ada-lovelace", GREEN, DEF, BOLD);         /* status ok */
	LOOK("Name", CYAN, DEF, BOLD);                         /* label focus */
	expect_look("Name", 0, -2, (struct look){ CYAN, DEF, BOLD }); /* > */
	expect_look("Name", 1, 0, (struct look){ CYAN, DEF, BOLD | UNDER });
	LOOK("Username", DEF, DEF, 0);                         /* label */
	expect_look("Username", 1, 0, (struct look){ DEF, DEF, UNDER });
	LOOK("Account overview", DEF, DEF, BOLD | UNDER);      /* panel title */
	LOOK("Created", DEF, DEF, 0);                          /* panel */
	LOOK("approved", GREEN, DEF, BOLD);
	LOOK("pending", YELLOW, DEF, BOLD);
	LOOK("unpriced", YELLOW, DEF, 0);
	LOOK("F1 Help", DEF, DEF, REV);                        /* hint key */
	expect_look("F1 Help", 0, 3, (struct look){ DEF, DEF, 0 }); /* hint */
	ck_assert_msg(saw_dim(), "the panel's notes are not dim");

	/* an edit: the changed mark and the title's flag */
	e2e_keys("x");
	ck_assert(tui_wait_text(e2e.t, "[modified]", TUI_WAIT_MS));
	LOOK("[modified]", BLACK, YELLOW, BOLD);
	expect_look("Name *", 0, 5, (struct look){ YELLOW, DEF, BOLD });

	/* an invalid username: its note and the status error */
	e2e_keys(TUI_KEY_TAB TUI_KEY_END "!" TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, "Nothing sent", TUI_WAIT_MS));
	LOOK("Nothing sent", RED, DEF, BOLD);
	LOOK("! letters", RED, DEF, BOLD);

	/* the confirmation: title and text */
	e2e_keys(TUI_KEY_BACKSPACE "2" TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, "Send to", TUI_WAIT_MS));
	LOOK("Send to", DEF, DEF, 0);
	expect_look("Send to", -1, 0, (struct look){ CYAN, DEF, BOLD });

	/* back, then the panel's selected balance row */
	e2e_keys("n");
	ck_assert(tui_wait_gone(e2e.t, "Send to", TUI_WAIT_MS));
	e2e_keys(KEY_F6);
	LOOK("USD ", DEF, DEF, REV);
}
END_TEST

/* The roles only other data shows: rejected and unknown verification, and
 * another user's profile (the title's flag, "not created" dim). */
START_TEST(colors_other_roles)
{
	ada_rejected_unknown();
	e2e_start(STUB_TOKEN_ADA, NULL, 30, 120);
	ck_assert(tui_wait_text(e2e.t, "Loaded ada-lovelace", TUI_WAIT_MS));
	LOOK("rejected", RED, DEF, BOLD);
	LOOK("unrecognised", MAGENTA, DEF, BOLD);

	e2e_start(STUB_API_KEY, other_args, 30, 120);
	ck_assert(tui_wait_text(e2e.t, "Loaded charles-b", TUI_WAIT_MS));
	LOOK("viewing another user", BLACK, YELLOW, BOLD);
	LOOK("not created", DEF, DEF, 0);
	ck_assert_msg(saw_dim(), "\"not created\" is not dim");
}
END_TEST

/* NO_COLOR: no colour anywhere, each role's monochrome attributes. */
START_TEST(colors_monochrome)
{
	ada_rejected_unknown();
	e2e_env("NO_COLOR", "1");
	e2e_start(STUB_TOKEN_ADA, NULL, 30, 120);
	ck_assert(tui_wait_text(e2e.t, "Loaded ada-lovelace", TUI_WAIT_MS));
	LOOK("profed:", DEF, DEF, BOLD | REV);
	LOOK("Loaded ada-lovelace", DEF, DEF, BOLD);
	LOOK("Name", DEF, DEF, BOLD);
	expect_look("Name", 1, 0, (struct look){ DEF, DEF, BOLD | UNDER });
	LOOK("Username", DEF, DEF, 0);
	expect_look("Username", 1, 0, (struct look){ DEF, DEF, UNDER });
	LOOK("rejected", DEF, DEF, BOLD | REV);
	LOOK("unrecognised", DEF, DEF, BOLD | UNDER);
	LOOK("unpriced", DEF, DEF, UNDER);
	LOOK("F1 Help", DEF, DEF, REV);
	/* panel notes are plain in monochrome (dim only in colour) */
	ck_assert(!saw_dim());
	e2e_keys("x");
	ck_assert(tui_wait_text(e2e.t, "[modified]", TUI_WAIT_MS));
	LOOK("[modified]", DEF, DEF, BOLD | REV);
	expect_look("Name *", 0, 5, (struct look){ DEF, DEF, BOLD });
	e2e_keys(TUI_KEY_TAB TUI_KEY_END "!" TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, "Nothing sent", TUI_WAIT_MS));
	LOOK("Nothing sent", DEF, DEF, BOLD | REV);
	LOOK("! letters", DEF, DEF, BOLD);
	e2e_keys(TUI_KEY_BACKSPACE "2" TUI_CTRL_S);
	ck_assert(tui_wait_text(e2e.t, "Send to", TUI_WAIT_MS));
	expect_look("Send to", -1, 0, (struct look){ DEF, DEF, BOLD });
	expect_no_colour();

	e2e_env("NO_COLOR", "1"); /* each start takes its environment anew */
	e2e_start(STUB_API_KEY, other_args, 30, 120);
	ck_assert(tui_wait_text(e2e.t, "Loaded charles-b", TUI_WAIT_MS));
	LOOK("viewing another user", DEF, DEF, BOLD | UNDER);
	ck_assert_msg(saw_dim(), "\"not created\" is not dim");
	expect_no_colour();
}
END_TEST

/* Relative luminance of an sRGB colour (WCAG 2). */
static double luminance(const unsigned char rgb[3])
{
	double l[3];

	for (int i = 0; i < 3; i++) {
		double c = rgb[i] / 255.0;

		l[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* Contrast ratio of the cell at text as painted (reverse swaps). */
static double contrast_at(const char *text)
{
	struct tui_cell_attr a;
	double f, b;

	ck_assert_msg(tui_text_attr(e2e.t, text, &a), "'%s' not shown", text);
	f = luminance(a.reverse ? a.bg_rgb : a.fg_rgb);
	b = luminance(a.reverse ? a.fg_rgb : a.bg_rgb);
	return f > b ? (f + 0.05) / (b + 0.05) : (b + 0.05) / (f + 0.05);
}

/* Every cell keeps the default background, but the cells of except's
 * role (NULL: none): on its row, in its colours (it pads its text). */
static void expect_default_background(const char *except)
{
	int rows, cols, er = -1, ec = -1;
	struct tui_cell_attr ref = { .fg = DEF, .bg = DEF };

	if (except)
		ck_assert(tui_find(e2e.t, except, &er, &ec) &&
		          tui_cell_attr(e2e.t, er, ec, &ref));
	tui_size(e2e.t, &rows, &cols);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++) {
			struct tui_cell_attr a;

			ck_assert(tui_cell_attr(e2e.t, r, c, &a));
			if (r == er && a.fg == ref.fg && a.bg == ref.bg)
				continue;
			ck_assert_msg(a.bg == DEF, "a background at %d,%d: %d", r, c,
			              a.bg);
		}
}

/* A light theme, black on white: the default background is kept, and
 * every role that paints a background is readable on it. */
START_TEST(colors_light_background)
{
	static const unsigned char black[3] = { 0, 0, 0 };
	static const unsigned char white[3] = { 255, 255, 255 };
	/* the roles that set a background, where they are drawn */
	static const struct {
		const char *text;
		bool other;      /* drawn on another user's profile */
	} painted[] = {
		{ "profed:", false },              /* title: reverse */
		{ "F1 Help", false },              /* hint key: reverse */
		{ "[modified]", false },           /* black on yellow */
		{ "viewing another user", true },  /* black on yellow */
	};

	e2e_start(STUB_TOKEN_ADA, NULL, 30, 120);
	ck_assert(tui_set_default_colors(e2e.t, black, white) == 0);
	ck_assert(tui_wait_text(e2e.t, "Loaded ada-lovelace", TUI_WAIT_MS));
	e2e_keys("x");
	ck_assert(tui_wait_text(e2e.t, "[modified]", TUI_WAIT_MS));
	LOOK("[modified]", BLACK, YELLOW, BOLD);
	expect_default_background("[modified]");
	for (size_t i = 0; i < sizeof painted / sizeof painted[0]; i++) {
		double ratio;

		if (painted[i].other)
			continue;
		ratio = contrast_at(painted[i].text);
		ck_assert_msg(ratio >= 4.5, "'%s' is %.1f:1 on white",
		              painted[i].text, ratio);
	}

	e2e_start(STUB_API_KEY, other_args, 30, 120);
	ck_assert(tui_set_default_colors(e2e.t, black, white) == 0);
	ck_assert(tui_wait_text(e2e.t, "Loaded charles-b", TUI_WAIT_MS));
	LOOK("viewing another user", BLACK, YELLOW, BOLD);
	expect_default_background("viewing another user");
	for (size_t i = 0; i < sizeof painted / sizeof painted[0]; i++)
		if (painted[i].other)
			ck_assert_msg(contrast_at(painted[i].text) >= 4.5,
			              "'%s' is %.1f:1 on white", painted[i].text,
			              contrast_at(painted[i].text));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("colors");

	e2e_add_case(s, "editor_roles", colors_editor_roles, 1);
	e2e_add_case(s, "other_roles", colors_other_roles, 1);
	e2e_add_case(s, "monochrome", colors_monochrome, 1);
	e2e_add_case(s, "light_background", colors_light_background, 1);
	return tu_run_suite(s);
}
