/* app.c - ui_run: the terminal, the signals and the single-threaded event
 * loop that ties keys, requests and drawing together (see app.h), and the
 * table that routes each dialog to its screen.
 *
 * Each turn: open a dialog that was asked for, redraw when asked, wait in
 * api_wait on the terminal, the signal self-pipe and libcurl's sockets,
 * handle signals, run finished requests (their callbacks), then read
 * every pending key. Handlers return enum ui_flags and only this loop
 * repaints or quits.
 */
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "colors.h"
#include "config.h"
#include "draw.h"
#include "files.h"
#include "panel.h"
#include "screens.h"
#include "strbuf.h"
#include "tty.h"
#include "text.h"
#include "title.h"
#include "ui.h"
#include "user.h"

/* Each dialog's screen: what opens it (fills the dialog from the state;
 * NULL: opened with its text by whoever says it) and what acts on its
 * answer (NULL: it only closes). */
static const struct {
	enum ui_dialog_kind kind;
	int (*open)(struct ui_app *app);
	int (*answer)(struct ui_app *app, enum ui_answer ans);
} screens[] = {
	{ UI_DLG_MESSAGE, NULL, NULL },
	{ UI_DLG_ERROR, NULL, NULL },
	{ UI_DLG_HELP, ui_help_open, ui_help_answer },
	{ UI_DLG_CONFIRM_SUBMIT, ui_confirm_open, ui_confirm_answer },
	{ UI_DLG_CONFIRM_REVERT, ui_revert_open, ui_revert_answer },
	{ UI_DLG_ASK_UNSAVED, ui_unsaved_open, ui_unsaved_answer },
	{ UI_DLG_DRAFT, ui_draftoffer_open, ui_draftoffer_answer },
	{ UI_DLG_CONFLICT, ui_conflict_open, ui_conflict_answer },
	{ UI_DLG_PROMPT_TOKEN, ui_token_open, ui_token_answer },
	{ UI_DLG_FINDER, ui_finder_open, ui_finder_answer },
};
#define N_SCREENS (sizeof screens / sizeof screens[0])

/* The screens that are more than a dialog box: they take every key while
 * open and draw themselves (the others: the dialog widget's). */
static const struct {
	enum ui_dialog_kind kind;
	int (*key)(struct ui_app *app, enum ui_action act, int r, wint_t ch);
	void (*draw)(struct ui_app *app, int rows, int cols, int *cy, int *cx);
} own_screens[] = {
	{ UI_DLG_FINDER, ui_finder_key, ui_finder_draw },
};
#define N_OWN_SCREENS (sizeof own_screens / sizeof own_screens[0])

/* Open the dialog a command or a finished request asked for. */
static int open_wanted(struct ui_app *app)
{
	enum ui_dialog_kind kind = app->want;

	app->want = UI_DLG_NONE;
	for (size_t i = 0; kind != UI_DLG_NONE && i < N_SCREENS; i++) {
		if (screens[i].kind == kind && screens[i].open)
			return screens[i].open(app) | UI_REDRAW;
	}
	return 0;
}

/* The open dialog was answered: its screen acts and closes it. */
static int answer_dialog(struct ui_app *app, enum ui_answer ans)
{
	for (size_t i = 0; i < N_SCREENS; i++) {
		if (screens[i].kind == app->dialog.kind && screens[i].answer)
			return screens[i].answer(app, ans) | UI_REDRAW;
	}
	ui_dialog_close(&app->dialog);
	return UI_REDRAW;
}

/* The row of own_screens of kind, -1 when it is a dialog box. */
static int screen_of(enum ui_dialog_kind kind)
{
	for (size_t i = 0; i < N_OWN_SCREENS; i++) {
		if (own_screens[i].kind == kind)
			return (int)i;
	}
	return -1;
}

/* Below the minimum size the editor is replaced by a notice. */
static bool too_small(void)
{
	return LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS;
}

/* The screen that replaces the editor below the minimum size. */
static void draw_too_small(const struct ui_app *app)
{
	char line[96];
	int y = LINES / 2 - 1;

	if (y < 0)
		y = 0;
	snprintf(line, sizeof line, "Terminal too small: %dx%d, need %dx%d.",
	         COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
	ui_draw_text(stdscr, y, 0, COLS, line, ui_attr(UI_ROLE_STATUS_ERROR));
	ui_draw_text(stdscr, y + 1, 0, COLS, "Enlarge it to go on; Ctrl-Q quits.",
	             ui_attr(UI_ROLE_NORMAL));
	if (app_too_small_note(app))
		ui_draw_text(stdscr, y + 2, 0, COLS, app_too_small_note(app),
		             ui_attr(UI_ROLE_NORMAL));
	wmove(stdscr, y < LINES ? y : 0, 0);
}

/* Repaint everything from the state: title, form, panel, status, hints,
 * then the dialog over them. The terminal cursor ends in the focused
 * field (or the dialog), where screen readers look. */
static void draw(struct ui_app *app)
{
	struct ui_title t = { app->cfg, app->user, app->who, app->other,
	                      app->user && edit_any_changed(&app->edit),
	                      app->user && app->cap.look_only
	                          ? (app->cap.why ? app->cap.why : "") : NULL };
	int rows = LINES, cols = COLS, status_y, body_h, panel_w, cy = 1, cx = 0;
	bool beside = ui_panel_beside(cols), hist = app->history.open;
	bool chart = app->chart.open;

	app->rows = rows;
	app->cols = cols;
	werase(stdscr);
	ui_preview_frame_begin(&app->preview);
	if (too_small()) {
		draw_too_small(app);
		ui_preview_frame_end(&app->preview, stdscr, false);
		wnoutrefresh(stdscr);
		doupdate();
		ui_preview_emit(&app->preview);
		return;
	}
	/* the overview is built when a user is adopted (app_adopt_user);
	 * this only catches a path that replaced the user without telling it */
	if (app->panel.user != app->user &&
	    ui_panel_set_user(&app->panel, app->user) != 0)
		ui_oom_note();
	/* the pictures follow the profile and the picture field */
	ui_preview_sync(&app->preview, app->user ? app->user->picture_url : NULL,
	                app->user && edit_is_changed(&app->edit, FIELD_PICTURE)
	                    ? edit_current(&app->edit, FIELD_PICTURE) : NULL);
	status_y = rows - 1 - (app->hints ? 1 : 0);
	body_h = status_y - 1;
	panel_w = ui_panel_width(&app->panel, cols);
	ui_title_draw(stdscr, cols, &t);
	/* beside the form when wide; else a summary line under the form, and
	 * the whole panel in its place while the panel has the keyboard */
	ui_form_layout(&app->form, &app->edit, 1, 0,
	               beside ? body_h : body_h - 1,
	               cols - panel_w);
	if (beside || !(app->panel.focus || hist || chart))
		ui_form_draw(&app->form, stdscr, &app->edit, &cy, &cx);
	/* the history (F7) and the chart (F8) stand where the overview does */
	if (hist)
		ui_history_draw(&app->history, stdscr, 1, beside ? cols - panel_w
		                : 0, body_h, beside ? panel_w : cols, beside,
		                &cy, &cx);
	else if (chart)
		ui_chartpane_draw(&app->chart, stdscr, 1, beside ? cols - panel_w
		                  : 0, body_h, beside ? panel_w : cols, beside,
		                  &cy, &cx);
	else if (beside)
		ui_panel_draw(&app->panel, stdscr, 1, cols - panel_w, body_h,
		              panel_w, true, &cy, &cx);
	else if (app->panel.focus)
		ui_panel_draw(&app->panel, stdscr, 1, 0, body_h, cols, false,
		              &cy, &cx);
	else
		ui_panel_draw_strip(&app->panel, stdscr, body_h, cols);
	ui_status_draw(&app->status, stdscr, status_y, cols,
	               (unsigned)(clock_now_ms() / 120));
	if (app->hints)
		ui_hints_draw(stdscr, rows - 1, cols,
		              app->cfg->read_only || !app->user ||
		              app->cap.look_only);
	if (ui_dialog_active(&app->dialog)) {
		int k = screen_of(app->dialog.kind);
		if (k >= 0)
			own_screens[k].draw(app, rows, cols, &cy, &cx);
		else
			ui_dialog_draw(&app->dialog, stdscr, rows, cols, &cy, &cx);
	}
	/* sixel/kitty pictures: not over a dialog; written after curses */
	ui_preview_frame_end(&app->preview, stdscr,
	                     !ui_dialog_active(&app->dialog));
	wmove(stdscr, cy, cx);
	wnoutrefresh(stdscr);
	doupdate();
	ui_preview_emit(&app->preview);
}

/* A key for the form: editing and moving in the focused field. */
static int form_key(struct ui_app *app, enum ui_action act, int r, wint_t ch)
{
	bool editable = app_editable(app);
	enum ui_entry_result res;

	if (act == UI_ACT_NONE && (r != OK || ch < 0x20))
		return 0;
	if (act != UI_ACT_NEXT_FIELD)
		app->pic_tab[0] = '\0';
	else if (editable && app->form.focus == FIELD_PICTURE &&
	         app_complete_picture(app))
		return UI_HANDLED | UI_REDRAW;
	res = ui_form_key(&app->form, &app->edit, act, (uint32_t)ch, editable);
	if (res == UI_ENTRY_CHANGED) /* an error about it is stale now */
		ui_status_field_changed(&app->status, (int)app->form.focus);
	if (res == UI_ENTRY_MOVED || res == UI_ENTRY_CHANGED ||
	    res == UI_ENTRY_IGNORED)
		return UI_HANDLED | UI_REDRAW;
	return UI_HANDLED | app_entry_result(app, res);
}

/* F8 (c in the overview): the chart pane opens in the overview's place,
 * or closes. The others sharing the place close. */
static int chart_toggle(struct ui_app *app)
{
	if (app->chart.open) {
		ui_chartpane_close(&app->chart);
		return UI_HANDLED | UI_REDRAW;
	}
	ui_history_close(&app->history);
	app->panel.focus = false;
	ui_chartpane_open(&app->chart);
	return UI_HANDLED | UI_REDRAW;
}

/* A read-only pane in the overview's place (the overview itself, F7's
 * history, F8's chart): the words its refusals say, how it cancels its
 * own request (NULL: it has none), how it closes, and its moving keys
 * (returns whether it used the key). */
struct pane {
	const char *readonly;
	bool (*cancel)(struct ui_app *app);
	void (*close)(struct ui_app *app);
	bool (*moves)(struct ui_app *app, enum ui_action act);
};

/* A key for a pane, after its own keys: Esc cancels the pane's request
 * in flight, else (with no load or save to cancel) closes it, as Tab
 * and Shift-Tab do; moving keys go to the pane; editing keys and text
 * are refused with a word on the status line. 0 for the commands, which
 * the caller handles. */
static int pane_key(struct ui_app *app, const struct pane *p,
                    enum ui_action act, int r, wint_t ch)
{
	switch (act) {
	case UI_ACT_CANCEL:
		if (p->cancel && p->cancel(app))
			return UI_HANDLED | UI_REDRAW;
		if (app_running(app))
			return 0;
		/* fall through */
	case UI_ACT_NEXT_FIELD:
	case UI_ACT_PREV_FIELD:
		p->close(app);
		return UI_HANDLED | UI_REDRAW;
	case UI_ACT_NONE:
		if (r != OK || ch < 0x20)
			return UI_HANDLED;
		/* fall through */
	case UI_ACT_LEFT:
	case UI_ACT_RIGHT:
	case UI_ACT_UP:
	case UI_ACT_DOWN:
	case UI_ACT_PAGE_UP:
	case UI_ACT_PAGE_DOWN:
	case UI_ACT_HOME:
	case UI_ACT_END:
	case UI_ACT_BACKSPACE:
	case UI_ACT_DELETE:
	case UI_ACT_KILL_TO_START:
	case UI_ACT_KILL_TO_END:
	case UI_ACT_ENTER:
		if (p->moves && p->moves(app, act))
			return UI_HANDLED | UI_REDRAW;
		ui_status_set(&app->status, UI_STATUS_INFO, "%s", p->readonly);
		return UI_HANDLED | UI_REDRAW;
	default:
		return 0;
	}
}

static bool chart_cancel(struct ui_app *app)
{
	return ui_chartpane_cancel(&app->chart);
}

static void chart_close(struct ui_app *app)
{
	ui_chartpane_close(&app->chart);
}

static bool history_cancel(struct ui_app *app)
{
	return ui_history_cancel(&app->history);
}

static void history_close(struct ui_app *app)
{
	ui_history_close(&app->history);
}

static bool history_move(struct ui_app *app, enum ui_action act)
{
	return ui_history_key(&app->history, act);
}

static void panel_close(struct ui_app *app)
{
	app->panel.focus = false;
}

static bool panel_move(struct ui_app *app, enum ui_action act)
{
	return ui_panel_key(&app->panel, act);
}

static const struct pane chart_pane = {
	"The chart is read-only: F8 or Esc goes back to the form.",
	chart_cancel, chart_close, NULL,
};
static const struct pane history_pane = {
	"The history is read-only: F7 or Esc goes back to the form.",
	history_cancel, history_close, history_move,
};
static const struct pane overview_pane = {
	"The overview is read-only: F6 or Esc goes back to the form.",
	NULL, panel_close, panel_move,
};

/* A key while the chart pane is open: its own keys first
 * (ui_keys_chart_action), then as every pane. */
static int chart_key(struct ui_app *app, enum ui_action act, int r,
                     wint_t ch)
{
	enum ui_action own = ui_keys_chart_action(r, ch);

	if (own != UI_ACT_NONE) {
		ui_chartpane_key(&app->chart, own, r, ch);
		return UI_HANDLED | UI_REDRAW;
	}
	return pane_key(app, &chart_pane, act, r, ch);
}

/* A key while the overview has the keyboard: the filter's keys, y
 * (copy) and c (the chart), then as every pane. */
static int panel_key(struct ui_app *app, enum ui_action act, int r, wint_t ch)
{
	if (ui_panel_filter_key(&app->panel, act, r, ch))
		return UI_HANDLED | UI_REDRAW; /* '/', n, N and the filter line */
	if (act == UI_ACT_NONE && r == OK && ch == 'y')
		return UI_HANDLED | app_copy(app);
	if (act == UI_ACT_NONE && r == OK && ch == 'c')
		return chart_toggle(app);
	return pane_key(app, &overview_pane, act, r, ch);
}

/* F7: the history pane opens for the profile shown, or closes. */
static int history_toggle(struct ui_app *app)
{
	if (app->history.open) {
		ui_history_close(&app->history);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!app->user || !app->user->id) {
		ui_status_set(&app->status, UI_STATUS_ERROR, "No profile loaded: "
		              "its history needs one (Ctrl-R retries, Ctrl-G opens "
		              "a user).");
		return UI_HANDLED | UI_REDRAW;
	}
	app->panel.focus = false;
	if (ui_history_open(&app->history, app->user->id,
	                    app->user->username) != 0)
		ui_oom_note();
	return UI_HANDLED | UI_REDRAW;
}

/* A key while the history pane is open: as every pane. */
static int history_key(struct ui_app *app, enum ui_action act, int r,
                       wint_t ch)
{
	return pane_key(app, &history_pane, act, r, ch);
}

/* One key: the too-small screen, then an open dialog, then the panel's
 * keys while it has the keyboard, then commands, then the focused field. */
static int handle_key(struct ui_app *app, int r, wint_t ch)
{
	enum ui_action act = ui_keys_action(r, ch);
	bool nomem;
	enum ui_answer ans;

	if (r == KEY_CODE_YES && ch == KEY_RESIZE)
		return UI_REDRAW;
	if (too_small()) {
		if (act == UI_ACT_QUIT)
			return UI_QUIT;
		if (act == UI_ACT_CANCEL)
			return app_cancel(app);
		return 0;
	}
	if (ui_dialog_active(&app->dialog)) {
		int k = screen_of(app->dialog.kind);
		if (k >= 0)
			return own_screens[k].key(app, act, r, ch) | UI_REDRAW;
		ans = ui_dialog_key(&app->dialog, act, r, ch, &nomem);
		if (nomem)
			ui_oom_note();
		if (ans == UI_ANS_NONE)
			return UI_REDRAW;
		return answer_dialog(app, ans);
	}
	if (act == UI_ACT_PANEL) {
		ui_history_close(&app->history); /* they share the place */
		ui_chartpane_close(&app->chart);
		app->panel.focus = !app->panel.focus;
		return UI_HANDLED | UI_REDRAW;
	}
	if (act == UI_ACT_HISTORY) {
		ui_chartpane_close(&app->chart);
		return history_toggle(app);
	}
	if (act == UI_ACT_CHART)
		return chart_toggle(app);
	if (app->chart.open) {
		int flags = chart_key(app, act, r, ch);
		if (flags)
			return flags;
	}
	if (app->history.open) {
		int flags = history_key(app, act, r, ch);
		if (flags)
			return flags;
	}
	if (app->panel.focus) {
		int flags = panel_key(app, act, r, ch);
		if (flags)
			return flags;
	}
	switch (act) {
	case UI_ACT_HELP:
		app_want(app, UI_DLG_HELP);
		return UI_REDRAW;
	case UI_ACT_SUBMIT:
		return app_submit(app);
	case UI_ACT_QUIT:
		return app_quit(app);
	case UI_ACT_OPEN_USER:
		return app_open_prompt(app);
	case UI_ACT_BACK:
		return app_back(app);
	case UI_ACT_COPY:
		return app_copy(app);
	case UI_ACT_RELOAD:
		return app_reload(app);
	case UI_ACT_EXT_EDITOR:
		return app_ext_editor(app);
	case UI_ACT_REVERT_FIELD:
		return app_revert_field(app);
	case UI_ACT_REVERT_ALL:
		return app_revert_all(app);
	case UI_ACT_TOGGLE_HINTS:
		app->hints = !app->hints;
		return UI_REDRAW;
	case UI_ACT_CANCEL:
		return app_cancel(app);
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		return UI_REDRAW;
	case UI_ACT_SUSPEND:
		app_keep_draft(app);
		if (!ui_term_suspend())
			ui_status_set(&app->status, UI_STATUS_INFO, "Not suspended: "
			              "no shell with job control started profed.");
		return UI_REDRAW;
	default:
		return form_key(app, act, r, ch);
	}
}

/* A pasted character: kept for the form (inserted whole at the end of
 * the paste), or typed into a prompt; nothing else takes a paste, and no
 * pasted byte is ever a command. A newline is one, whether it came as
 * CR, LF or CR LF. */
static int paste_char(struct ui_app *app, int r, wint_t ch)
{
	char utf8[8];
	bool nomem = false;
	size_t n;

	if (r != OK)
		return 0;
	if (ch == '\n' && app->paste_last == '\r') {
		app->paste_last = ch;
		return 0;
	}
	app->paste_last = ch;
	if (ch == '\r')
		ch = '\n';
	if (ui_dialog_active(&app->dialog)) {
		if (app->dialog.kind == UI_DLG_FINDER && ch >= 0x20)
			return ui_finder_key(app, UI_ACT_NONE, OK, ch) | UI_REDRAW;
		if (app->dialog.kind == UI_DLG_PROMPT_TOKEN && ch >= 0x20)
			ui_dialog_key(&app->dialog, UI_ACT_NONE, OK, ch, &nomem);
		if (nomem)
			ui_oom_note();
		return UI_REDRAW;
	}
	if (ch == '\t')
		ch = ' ';
	if ((ch < 0x20 && ch != '\n') || ch == 0x7f)
		return 0;
	n = text_utf8_encode((uint32_t)ch, utf8);
	if (n && strbuf_append(&app->paste, utf8, n) != 0)
		ui_oom_note();
	return 0;
}

/* The paste ended: its text goes into the focused field at the cursor,
 * line breaks as spaces in a one-line field (said once). */
static int paste_end(struct ui_app *app)
{
	enum ui_entry_result res;
	bool flat = false;
	char *text = app->paste.data;

	if (text && app->panel.focus && app->panel.typing &&
	    ui_panel_filter_paste(&app->panel, text) != 0)
		ui_oom_note(); /* a paste into the overview's filter line */
	if (!text || app->panel.focus || app->history.open || app->chart.open ||
	    ui_dialog_active(&app->dialog)) {
		strbuf_free(&app->paste);
		return UI_REDRAW;
	}
	if (!app_editable(app)) {
		strbuf_free(&app->paste);
		return app_entry_result(app, UI_ENTRY_DENIED);
	}
	if (!edit_fields[app->form.focus].multiline) {
		for (char *p = text; *p; p++) {
			if (*p == '\n') {
				*p = ' ';
				flat = true;
			}
		}
	}
	res = ui_form_insert(&app->form, &app->edit, text);
	strbuf_free(&app->paste);
	if (res != UI_ENTRY_CHANGED)
		return app_entry_result(app, res);
	if (flat)
		ui_status_set(&app->status, UI_STATUS_INFO, "Pasted into %s as one "
		              "line: line breaks became spaces.",
		              edit_fields[app->form.focus].label);
	return UI_REDRAW;
}

/* Every key ncurses has for us now (it may have buffered several). */
static int read_keys(struct ui_app *app)
{
	int flags = 0, r;
	wint_t ch;

	while (!(flags & UI_QUIT) && (r = ui_term_read_key(&ch)) != ERR) {
		if (r == KEY_CODE_YES && ch == UI_KEY_SWALLOWED)
			continue;
		if (r == KEY_CODE_YES && ch == UI_KEY_PASTE_BEGIN) {
			app->pasting = true;
			app->paste_last = 0;
			continue;
		}
		if (r == KEY_CODE_YES && ch == UI_KEY_PASTE_END) {
			app->pasting = false;
			flags |= paste_end(app);
			continue;
		}
		if (app->pasting) {
			flags |= paste_char(app, r, ch);
			continue;
		}
		flags |= handle_key(app, r, ch);
		flags |= open_wanted(app); /* before the next key */
	}
	return flags;
}

/* The loop. Returns 0 on a quit, a signal number when SIGTERM, SIGHUP or
 * SIGINT ended it, or -1 with err (out of memory, the terminal is gone). */
static int loop(struct ui_app *app, struct pf_error *err)
{
	int flags = UI_REDRAW, sig = 0;

	while (!(flags & UI_QUIT)) {
		int fds[2] = { STDIN_FILENO, ui_term_signal_fd() };
		short rev[2] = { 0, 0 };
		int wait_ms = app_running(app) ? 100 : 60000;
		int pv_due;

		flags |= open_wanted(app);
		if (ui_oom_happened())
			return pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		/* a picture path that stopped changing is decoded here, never
		 * in a draw; keys waiting to be drawn go first (they may change
		 * the path again) */
		if (!(flags & UI_REDRAW) && ui_preview_run(&app->preview))
			flags |= UI_REDRAW;
		if (flags & UI_REDRAW)
			draw(app);
		flags = 0;
		pv_due = ui_preview_next_wakeup_ms(&app->preview);
		if (pv_due >= 0 && pv_due < wait_ms)
			wait_ms = pv_due; /* a picture path settles */
		if (api_wait(app->api, fds, 2, rev, app_timeout_ms(app, wait_ms)) != 0 &&
		    errno != EINTR)
			return pf_error_set(err, PF_ERR_IO, "waiting for input: %s",
			                    strerror(errno));
		/* idle: a long wait (libcurl takes no "forever") */
		if (rev[1] & POLLIN)
			flags |= ui_term_signals(&sig);
		api_run(app->api);
		flags |= app_tick(app); /* drafts, the countdown */
		flags |= app->flags;
		app->flags = 0;
		if (rev[0] & (POLLIN | POLLHUP | POLLERR))
			flags |= read_keys(app);
		if (rev[0] & (POLLHUP | POLLERR | POLLNVAL))
			return pf_error_set(err, PF_ERR_IO, "the terminal went away");
		if (app_running(app))
			flags |= UI_REDRAW; /* the spinner */
	}
	return sig;
}

/* Free everything (the requests' owners first: cancelled callbacks
 * still touch the app). */
static void free_all(struct ui_app *app)
{
	ui_preview_free(&app->preview); /* its downloads touch the app */
	ui_finder_free(app);
	app_free(app);
	files_free(app->files);
	app->files = NULL;
	api_free(app->api);
	app->api = NULL;
}

/* See ui.h. Order matters: the api and the signal handlers exist before
 * the terminal, and go after it (the api first: its callbacks touch app). */
int ui_run(const struct config *cfg, const char *who, struct pf_error *err)
{
	struct ui_app app;
	struct picture_term pt;
	struct api *api;
	struct files *files = NULL;
	char note[1200];
	SCREEN *scr;
	int rc;

	memset(&app, 0, sizeof app);
	setlocale(LC_ALL, "");
	api = api_new(cfg, err);
	files = api ? files_new(api, NULL, err) : NULL;
	if (!files) {
		api_free(api);
		return pf_error_exit_code(err);
	}
	/* app_init keeps api and files first: free_all frees them */
	if (app_init(&app, cfg, api, files) != 0 ||
	    !(app.who = strdup(who && *who ? who : "me"))) {
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
		free_all(&app);
		return pf_error_exit_code(err);
	}
	if (ui_term_signals_install(err) != 0) {
		free_all(&app);
		return pf_error_exit_code(err);
	}
	scr = ui_term_open(cfg, &pt, err);
	if (!scr) {
		ui_term_signals_restore();
		free_all(&app);
		return pf_error_exit_code(err);
	}
	ui_preview_init(&app.preview, cfg, &pt, api_http(app.api), &app.flags,
	                STDOUT_FILENO);
	app.panel.preview = &app.preview;
	app.panel.access = &app.access;
	app.other = strcmp(app.who, "me") != 0;
	app_load(&app, app.who, true);
	rc = loop(&app, err);
	app_exit(&app, note, sizeof note); /* unsent edits become a draft */
	free_all(&app);
	ui_term_close(scr);
	ui_term_signals_restore();
	fputs(note, stderr);
	if (rc < 0)
		return pf_error_exit_code(err);
	return rc > 0 ? 128 + rc : PF_EXIT_OK;
}
