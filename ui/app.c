/* app.c - ui_run: the terminal, the signals and the single-threaded event
 * loop that ties keys, requests and drawing together (see app.h).
 *
 * Each turn: redraw when asked, wait in api_wait on the terminal, the
 * signal self-pipe and libcurl's sockets, handle signals, run finished
 * requests (their callbacks), then read every pending key. Handlers return
 * enum ui_flags and only this loop repaints or quits.
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
#include "colors.h"
#include "config.h"
#include "draw.h"
#include "files.h"
#include "panel.h"
#include "title.h"
#include "ui.h"
#include "user.h"

/* Signals only write their number here; the loop reads it. A handler has
 * nowhere else to put it, hence file scope. */
static int sig_pipe[2] = { -1, -1 };

static const int loop_signals[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT,
                                    SIGCONT };
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                     SIGABRT };
#define N_LOOP (sizeof loop_signals / sizeof loop_signals[0])
#define N_FATAL (sizeof fatal_signals / sizeof fatal_signals[0])

/* Async-signal-safe: one byte into the pipe. */
static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	if (write(sig_pipe[1], &c, 1) < 0) {
		/* pipe full: a wake-up is already pending */
	}
	errno = saved;
}

/* What a crash writes to give the terminal back: the tty modes from
 * before curses, and the terminal's own "leave the alternate screen, show
 * the cursor, plain attributes, keypad off" strings. Prepared while
 * nothing is wrong (fatal_prepare); the handler only uses async-signal-
 * safe calls (endwin is not one). */
static struct termios fatal_tios;
static bool fatal_have_tios;
static char fatal_reset[256];
static size_t fatal_reset_len;

/* Remember the tty modes before curses changes them. */
static void fatal_save_tty(void)
{
	fatal_have_tios = tcgetattr(STDIN_FILENO, &fatal_tios) == 0;
}

/* Build the reset string from terminfo, once the terminal is set up. */
static void fatal_prepare(void)
{
	static const char *const caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };

	fatal_reset_len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *s = tigetstr(caps[i]);
		size_t n;
		if (!s || s == (char *)-1)
			continue;
		n = strlen(s);
		if (fatal_reset_len + n >= sizeof fatal_reset)
			break;
		memcpy(fatal_reset + fatal_reset_len, s, n);
		fatal_reset_len += n;
	}
}

/* A crash: give the person their terminal back, then die of the signal
 * (SA_RESETHAND made the default action current). */
static void on_fatal(int sig)
{
	if (fatal_have_tios)
		tcsetattr(STDIN_FILENO, TCSANOW, &fatal_tios);
	if (fatal_reset_len && write(STDOUT_FILENO, fatal_reset,
	                             fatal_reset_len) < 0) {
		/* nothing more can be done */
	}
	raise(sig);
}

struct saved_signals {
	struct sigaction loop[N_LOOP];
	struct sigaction fatal[N_FATAL];
};

/* Create the self-pipe and install the handlers; before newterm, so
 * ncurses leaves SIGWINCH/SIGTERM/SIGINT to us. -1 with err on failure. */
static int signals_install(struct saved_signals *old, struct pf_error *err)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		return pf_error_set(err, PF_ERR_IO, "cannot create a pipe: %s",
		                    strerror(errno));
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < N_LOOP; i++)
		sigaction(loop_signals[i], &sa, &old->loop[i]);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(fatal_signals[i], &sa, &old->fatal[i]);
	return 0;
}

/* Put back the handlers signals_install replaced; close the pipe. */
static void signals_restore(const struct saved_signals *old)
{
	for (size_t i = 0; i < N_LOOP; i++)
		sigaction(loop_signals[i], &old->loop[i], NULL);
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(fatal_signals[i], &old->fatal[i], NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* Raw mode (Ctrl-S, Ctrl-Q, Ctrl-C arrive as keys, not as flow control
 * or signals), no echo, keypad keys decoded, a short Esc delay, and
 * non-blocking reads (the loop polls). What the terminal can show of
 * pictures goes to *pt (asked before curses takes the terminal). Returns
 * the screen or NULL with err. */
static SCREEN *terminal_open(const struct config *cfg, struct picture_term *pt,
                             struct pf_error *err)
{
	SCREEN *scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		pf_error_set(err, PF_ERR_USAGE, "the editor needs a terminal; "
		             "in scripts use `profed show` or `profed set`");
		return NULL;
	}
	fatal_save_tty();
	ui_preview_probe(pt, cfg->images);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *term = getenv("TERM");
		pf_error_set(err, PF_ERR_USAGE, "cannot use the terminal (TERM=%s)",
		             term ? term : "unset");
		return NULL;
	}
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(1);
	ui_colors_init(cfg->no_color);
	fatal_prepare();
	return scr;
}

/* Milliseconds on the monotonic clock (the spinner's frame). */
static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000ul +
	       (unsigned long)ts.tv_nsec / 1000000ul;
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
	if (ui_resil_too_small_note(app))
		ui_draw_text(stdscr, y + 2, 0, COLS, ui_resil_too_small_note(app),
		             ui_attr(UI_ROLE_NORMAL));
	wmove(stdscr, y < LINES ? y : 0, 0);
}

/* Repaint everything from the state: title, form, panel, status, hints,
 * then the dialog over them. The terminal cursor ends in the focused
 * field (or the dialog), where screen readers look. */
static void draw(struct ui_app *app)
{
	struct ui_title t = { app->cfg, app->user, app->who, app->other,
	                      app->user && edit_any_changed(&app->edit) };
	int rows = LINES, cols = COLS, status_y, body_h, panel_w, cy = 1, cx = 0;
	bool beside = ui_panel_beside(cols);

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
	/* the overview is built when a user is loaded or saved (cmd.c); this
	 * only catches a path that replaced the user without telling it */
	if (app->panel.user != app->user &&
	    ui_panel_set_user(&app->panel, app->user) != 0)
		ui_oom_note();
	/* the pictures follow the profile and the picture field */
	ui_preview_sync(&app->preview, app->user ? app->user->picture_url : NULL,
	                app->user && edit_is_changed(&app->edit, FIELD_PICTURE)
	                    ? edit_current(&app->edit, FIELD_PICTURE) : NULL);
	status_y = rows - 1 - (app->hints ? 1 : 0);
	body_h = status_y - 1;
	panel_w = ui_panel_width(cols);
	ui_title_draw(stdscr, cols, &t);
	/* beside the form when wide; else a summary line under the form, and
	 * the whole panel in its place while the panel has the keyboard */
	ui_form_layout(&app->form, 1, 0, beside ? body_h : body_h - 1,
	               cols - panel_w);
	if (beside || !app->panel.focus)
		ui_form_draw(&app->form, stdscr, &app->edit, &cy, &cx);
	if (beside)
		ui_panel_draw(&app->panel, stdscr, 1, cols - panel_w, body_h,
		              panel_w, true, &cy, &cx);
	else if (app->panel.focus)
		ui_panel_draw(&app->panel, stdscr, 1, 0, body_h, cols, false,
		              &cy, &cx);
	else
		ui_panel_draw_strip(&app->panel, stdscr, body_h, cols);
	ui_status_draw(&app->status, stdscr, status_y, cols,
	               (unsigned)(now_ms() / 120));
	if (app->hints)
		ui_hints_draw(stdscr, rows - 1, cols,
		              app->cfg->read_only || !app->user);
	if (ui_dialog_active(&app->dialog))
		ui_dialog_draw(&app->dialog, stdscr, rows, cols, &cy, &cx);
	/* sixel/kitty pictures: not over a dialog; written after curses */
	ui_preview_frame_end(&app->preview, stdscr,
	                     !ui_dialog_active(&app->dialog));
	wmove(stdscr, cy, cx);
	wnoutrefresh(stdscr);
	doupdate();
	ui_preview_emit(&app->preview);
}

/* The size from the terminal itself (we handle SIGWINCH, not ncurses). */
static void resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	/* terminals keep or reflow old cells on resize: repaint them all */
	clearok(curscr, TRUE);
}

/* Drain the self-pipe. *fatal_sig receives SIGTERM/SIGHUP/SIGINT. */
static int handle_signals(int *fatal_sig)
{
	unsigned char c;
	int flags = 0;

	while (read(sig_pipe[0], &c, 1) == 1) {
		switch (c) {
		case SIGWINCH:
			resize();
			flags |= UI_REDRAW;
			break;
		case SIGCONT:
			/* after a stop: the shell may have changed the tty */
			reset_prog_mode();
			clearok(curscr, TRUE);
			resize();
			flags |= UI_REDRAW;
			break;
		default:
			*fatal_sig = c;
			flags |= UI_QUIT;
			break;
		}
	}
	return flags;
}

/* A key for the form: editing and moving in the focused field. */
static int form_key(struct ui_app *app, enum ui_action act, int r, wint_t ch)
{
	bool editable = ui_cmd_editable(app);
	enum ui_entry_result res;

	if (act == UI_ACT_NONE && (r != OK || ch < 0x20))
		return 0;
	if (act != UI_ACT_NEXT_FIELD)
		app->pic_tab[0] = '\0';
	else if (editable && app->form.focus == FIELD_PICTURE &&
	         ui_cmd_complete_picture(app))
		return UI_HANDLED | UI_REDRAW;
	res = ui_form_key(&app->form, &app->edit, act, (uint32_t)ch, editable);
	if (res == UI_ENTRY_MOVED || res == UI_ENTRY_CHANGED ||
	    res == UI_ENTRY_IGNORED)
		return UI_HANDLED | UI_REDRAW;
	return UI_HANDLED | ui_cmd_entry_result(app, res);
}

/* A key while the overview panel has the keyboard: Esc (with no request
 * to cancel), Tab and Shift-Tab go back to the form, moving keys move
 * through the balances, editing keys are refused with a word on the
 * status line. 0 for the commands, which the caller handles. */
static int panel_key(struct ui_app *app, enum ui_action act, int r, wint_t ch)
{
	switch (act) {
	case UI_ACT_CANCEL:
		if (app->op)
			return 0;
		/* fall through */
	case UI_ACT_NEXT_FIELD:
	case UI_ACT_PREV_FIELD:
		app->panel.focus = false;
		return UI_HANDLED | UI_REDRAW;
	case UI_ACT_NONE:
		if (r != OK || ch < 0x20)
			return UI_HANDLED;
		/* fall through */
	case UI_ACT_LEFT:
	case UI_ACT_RIGHT:
	case UI_ACT_BACKSPACE:
	case UI_ACT_DELETE:
	case UI_ACT_KILL_TO_START:
	case UI_ACT_KILL_TO_END:
	case UI_ACT_ENTER:
		ui_status_set(&app->status, UI_STATUS_INFO, "The overview is "
		              "read-only: F6 or Esc goes back to the form.");
		return UI_HANDLED | UI_REDRAW;
	default:
		return ui_panel_key(&app->panel, act) ? UI_HANDLED | UI_REDRAW : 0;
	}
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
			return ui_cmd_cancel(app);
		return 0;
	}
	if (ui_dialog_active(&app->dialog)) {
		ans = ui_dialog_key(&app->dialog, act, r, ch, &nomem);
		if (nomem)
			ui_oom_note();
		if (ans == UI_ANS_NONE)
			return UI_REDRAW;
		return ui_cmd_answer(app, ans) | UI_REDRAW;
	}
	if (act == UI_ACT_PANEL) {
		app->panel.focus = !app->panel.focus;
		return UI_HANDLED | UI_REDRAW;
	}
	if (app->panel.focus) {
		int flags = panel_key(app, act, r, ch);
		if (flags)
			return flags;
	}
	switch (act) {
	case UI_ACT_HELP:
		return ui_cmd_help(app);
	case UI_ACT_SUBMIT:
		return ui_cmd_submit(app);
	case UI_ACT_QUIT:
		return ui_cmd_quit(app);
	case UI_ACT_OPEN_USER:
		return ui_cmd_open_prompt(app);
	case UI_ACT_RELOAD:
		return ui_cmd_reload(app);
	case UI_ACT_EXT_EDITOR:
		return ui_cmd_ext_editor(app);
	case UI_ACT_REVERT_FIELD:
		return ui_cmd_revert_field(app);
	case UI_ACT_REVERT_ALL:
		return ui_cmd_revert_all(app);
	case UI_ACT_TOGGLE_HINTS:
		app->hints = !app->hints;
		return UI_REDRAW;
	case UI_ACT_CANCEL:
		return ui_cmd_cancel(app);
	case UI_ACT_REDRAW:
		clearok(curscr, TRUE);
		return UI_REDRAW;
	default:
		return form_key(app, act, r, ch);
	}
}

/* Every key ncurses has for us now (it may have buffered several). */
static int read_keys(struct ui_app *app)
{
	int flags = 0, r;
	wint_t ch;

	while (!(flags & UI_QUIT) && (r = wget_wch(stdscr, &ch)) != ERR) {
		flags |= handle_key(app, r, ch);
		if (flags & UI_SUBMIT) {
			flags &= ~UI_SUBMIT;
			flags |= ui_cmd_send(app);
		}
	}
	return flags;
}

/* The loop. Returns 0 on a quit, a signal number when SIGTERM, SIGHUP or
 * SIGINT ended it, or -1 with err (out of memory, the terminal is gone). */
static int loop(struct ui_app *app, struct pf_error *err)
{
	int flags = UI_REDRAW, sig = 0;

	while (!(flags & UI_QUIT)) {
		int fds[2] = { STDIN_FILENO, sig_pipe[0] };
		short rev[2] = { 0, 0 };
		int wait_ms = app->op ? 100 : 60000;
		int pv_due;

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
		if (api_wait(app->api, fds, 2, rev, ui_resil_timeout_ms(app, wait_ms)) != 0 &&
		    errno != EINTR)
			return pf_error_set(err, PF_ERR_IO, "waiting for input: %s",
			                    strerror(errno));
		/* idle: a long wait (libcurl takes no "forever") */
		if (rev[1] & POLLIN)
			flags |= handle_signals(&sig);
		api_run(app->api);
		flags |= ui_resil_tick(app); /* drafts, the countdown */
		flags |= app->flags;
		app->flags = 0;
		if (flags & UI_SUBMIT) {
			flags &= ~UI_SUBMIT;
			flags |= ui_cmd_send(app);
		}
		if (rev[0] & (POLLIN | POLLHUP | POLLERR))
			flags |= read_keys(app);
		if (rev[0] & (POLLHUP | POLLERR | POLLNVAL))
			return pf_error_set(err, PF_ERR_IO, "the terminal went away");
		if (app->op)
			flags |= UI_REDRAW; /* the spinner */
	}
	return sig;
}

/* Free everything the app owns (the api first: its cancelled callbacks
 * still touch the app). */
static void app_free(struct ui_app *app)
{
	/* uploads and downloads first: their callbacks touch the app */
	files_free(app->files);
	app->files = NULL;
	ui_preview_free(&app->preview);
	api_free(app->api);
	app->api = NULL;
	ui_panel_free(&app->panel);
	user_free(app->user);
	edit_free(&app->edit);
	ui_dialog_close(&app->dialog);
	free(app->who);
	free(app->op_who);
	free(app->after_who);
	ui_resil_free(app);
	free(app->pic_text);
	free(app->pic_path);
}

/* See ui.h. Order matters: the api and the signal handlers exist before
 * the terminal, and go after it (the api first: its callbacks touch app). */
int ui_run(const struct config *cfg, const char *who, struct pf_error *err)
{
	struct ui_app app;
	struct saved_signals old;
	struct picture_term pt;
	SCREEN *scr;
	int rc;

	memset(&app, 0, sizeof app);
	app.cfg = cfg;
	app.hints = true;
	ui_form_init(&app.form);
	ui_panel_init(&app.panel);
	setlocale(LC_ALL, "");
	if (edit_load(&app.edit, NULL, err) != 0)
		return PF_EXIT_OTHER;
	app.who = strdup(who && *who ? who : "me");
	app.api = app.who ? api_new(cfg, err) : NULL;
	app.files = app.api ? files_new(app.api, NULL, err) : NULL;
	if (!app.who)
		pf_error_set(err, PF_ERR_NOMEM, "out of memory");
	if (!app.files || signals_install(&old, err) != 0) {
		app_free(&app);
		return pf_error_exit_code(err);
	}
	scr = terminal_open(cfg, &pt, err);
	if (!scr) {
		signals_restore(&old);
		app_free(&app);
		return pf_error_exit_code(err);
	}
	ui_preview_init(&app.preview, cfg, &pt, api_http(app.api), &app.flags,
	                STDOUT_FILENO);
	app.panel.preview = &app.preview;
	app.other = strcmp(app.who, "me") != 0;
	ui_cmd_load(&app, app.who, true);
	rc = loop(&app, err);
	ui_resil_exit(&app); /* unsent edits become a draft */
	app_free(&app);
	endwin();
	delscreen(scr);
	signals_restore(&old);
	fputs(ui_resil_exit_note(&app), stderr);
	if (rc < 0)
		return pf_error_exit_code(err);
	return rc > 0 ? 128 + rc : PF_EXIT_OK;
}
