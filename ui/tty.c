/* tty.c - the terminal itself (see tty.h). */
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <langinfo.h>
#include <locale.h>
#include <term.h>

#include "colors.h"
#include "doctor.h"
#include "ui.h"
#include "config.h"
#include "keys.h"
#include "preview.h"
#include "statefile.h"

/* Bracketed paste on and off (xterm's private mode 2004). */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

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

	memcpy(fatal_reset, PASTE_OFF, sizeof PASTE_OFF - 1);
	fatal_reset_len = sizeof PASTE_OFF - 1;
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

/* The handlers signals_install replaced. */
static struct {
	struct sigaction loop[N_LOOP];
	struct sigaction fatal[N_FATAL];
} saved;

/* See tty.h. */
int ui_term_signals_install(struct pf_error *err)
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
		sigaction(loop_signals[i], &sa, &saved.loop[i]);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(fatal_signals[i], &sa, &saved.fatal[i]);
	return 0;
}

/* See tty.h. */
void ui_term_signals_restore(void)
{
	for (size_t i = 0; i < N_LOOP; i++)
		sigaction(loop_signals[i], &saved.loop[i], NULL);
	for (size_t i = 0; i < N_FATAL; i++)
		sigaction(fatal_signals[i], &saved.fatal[i], NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* Other spellings of keys that terminfo entries often leave out. */
static const struct {
	const char *seq;
	int key;
} other_keys[] = {
	/* xterm (normal and application cursor mode) */
	{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
	{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	/* VT220, screen and tmux; rxvt's Home/End are 7~/8~ */
	{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
	{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	/* F1-F4: xterm's SS3, VT220/rxvt's CSI n ~, the linux console's */
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
	{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
	{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
	{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
	/* bracketed paste */
	{ "\033[200~", UI_KEY_PASTE_BEGIN }, { "\033[201~", UI_KEY_PASTE_END },
};

/* Write s to the terminal as it is (not through curses' buffer); a
 * failure leaves nothing more to do. */
static void term_write(const char *s)
{
	(void)statefile_write_all(STDOUT_FILENO, s, strlen(s));
}

/* See tty.h. */
SCREEN *ui_term_open(const struct config *cfg, struct picture_term *pt,
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
	for (size_t i = 0; i < sizeof other_keys / sizeof other_keys[0]; i++)
		define_key(other_keys[i].seq, other_keys[i].key);
	ui_colors_init(cfg->no_color);
	fatal_prepare();
	term_write(PASTE_ON);
	return scr;
}

/* See tty.h. */
void ui_term_close(SCREEN *scr)
{
	term_write(PASTE_OFF);
	endwin();
	delscreen(scr);
}

/* See tty.h. */
int ui_term_signal_fd(void)
{
	return sig_pipe[0];
}

/* The rest of an escape sequence whose ESC curses gave back alone (it
 * knew no key for it): after '[' up to the final byte (0x40..0x7E), after
 * 'O' its digits (an old xterm's modifier, "\eO5Q") and one character; at
 * most 32 bytes. The linux console's "\e[[" takes one more character (its
 * F1-F5 are "\e[[A".."\e[[E"), so the '[' is not the final byte there. */
static void swallow_sequence(wint_t intro)
{
	wint_t c;

	for (int n = 0; n < 32; n++) {
		int r = wget_wch(stdscr, &c);
		if (r != OK)
			return;
		if (intro == 'O' && c >= '0' && c <= '9')
			continue;
		if (intro == '[' && n == 0 && c == '[') {
			intro = 'O'; /* one more character */
			continue;
		}
		if (intro == 'O' || (c >= 0x40 && c <= 0x7e))
			return;
	}
}

/* See tty.h. */
int ui_term_read_key(wint_t *ch)
{
	wint_t next;
	int r = wget_wch(stdscr, ch), r2;

	if (r != OK || *ch != 27)
		return r;
	r2 = wget_wch(stdscr, &next);
	if (r2 == ERR)
		return OK; /* Esc alone */
	if (r2 == OK && (next == '[' || next == 'O')) {
		swallow_sequence(next);
		*ch = UI_KEY_SWALLOWED;
		return KEY_CODE_YES;
	}
	if (r2 == OK)
		unget_wch(next);
	else
		ungetch((int)next);
	return OK;
}

/* See tty.h. */
bool ui_term_suspend(void)
{
	struct sigaction dfl, old;

	/* a session leader's process group is orphaned: the kernel drops
	 * its SIGTSTP, and no shell could bring it back anyway */
	if (getsid(0) == getpid())
		return false;
	term_write(PASTE_OFF);
	def_prog_mode();
	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	kill(getpid(), SIGTSTP); /* stops here until `fg` */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	term_write(PASTE_ON);
	clearok(curscr, TRUE);
	return true;
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

/* See tty.h. */
int ui_term_signals(int *fatal_sig)
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


/* See ui.h. */
void ui_terminal_facts(struct doctor_term *t)
{
	memset(t, 0, sizeof *t);
	setlocale(LC_ALL, "");
	t->codeset = nl_langinfo(CODESET);
	t->term = getenv("TERM");
	t->term_program = getenv("TERM_PROGRAM");
	t->kitty_window_id = getenv("KITTY_WINDOW_ID");
	t->tmux = getenv("TMUX");
	t->stdout_tty = isatty(STDOUT_FILENO);
	t->colors = -1;
	int e = 0;
	if (t->term && *t->term && setupterm(t->term, STDOUT_FILENO, &e) == OK) {
		t->terminfo = true;
		t->colors = tigetnum("colors");
		char *home = tigetstr("khome"), *end = tigetstr("kend");
		t->seq_home = home && home != (char *)-1 ? home : NULL;
		t->seq_end = end && end != (char *)-1 ? end : NULL;
	}
}


/* See ui.h. */
const char *ui_curses_version(void)
{
	return curses_version();
}
