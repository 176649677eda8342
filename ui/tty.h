/* tty.h - the terminal itself: curses set up and given back on every
 * way out (crashes included), signals through a self-pipe, keys decoded
 * whatever TERM says, bracketed paste, and suspending with Ctrl-Z.
 *
 * Keys. Besides what terminfo lists for TERM, the usual other spellings
 * of Home, End, Insert, Delete, PgUp, PgDn and F1-F4 (xterm, VT220 and
 * screen/tmux, rxvt, the linux console) are registered with define_key,
 * as htop does, so Home works in tmux with TERM=xterm-256color. An escape
 * sequence that is still unknown is swallowed whole (CSI up to its final
 * byte, SS3 and its one character): its bytes never become text.
 *
 * Paste. Bracketed paste is turned on; a paste arrives between the keys
 * UI_KEY_PASTE_BEGIN and UI_KEY_PASTE_END, its characters as keys.
 */
#ifndef PROFED_UI_TTY_H
#define PROFED_UI_TTY_H

#include <stdbool.h>

#include "curses_wide.h"
#include "error.h"

struct config;
struct picture_term;

/* Key codes (with KEY_CODE_YES) beyond curses' own. */
enum {
	UI_KEY_PASTE_BEGIN = 0x1f00,
	UI_KEY_PASTE_END,
	UI_KEY_SWALLOWED,  /* an unknown escape sequence, read and dropped */
};

/* Install the signal handlers and the self-pipe; before ui_term_open, so
 * ncurses leaves SIGWINCH/SIGTERM/SIGINT to us. -1 with err on failure. */
int ui_term_signals_install(struct pf_error *err);
/* Put back the handlers; close the pipe. */
void ui_term_signals_restore(void);
/* The self-pipe's read end, for the loop's poll. */
int ui_term_signal_fd(void);
/* Drain the self-pipe: SIGWINCH and SIGCONT re-read the size (enum
 * ui_flags UI_REDRAW); SIGTERM, SIGHUP and SIGINT go to *fatal_sig
 * (UI_QUIT). */
int ui_term_signals(int *fatal_sig);

/* Take the terminal: raw mode (Ctrl-S, Ctrl-Q, Ctrl-C, Ctrl-Z arrive as
 * keys), no echo, keypad keys and the other spellings above, a short Esc
 * delay, non-blocking reads, colours, bracketed paste. What the terminal
 * can show of pictures goes to *pt (asked before curses takes it).
 * Returns the screen, or NULL with err (not a terminal, TERM unusable). */
SCREEN *ui_term_open(const struct config *cfg, struct picture_term *pt,
                     struct pf_error *err);
/* Give the terminal back (paste off, endwin) and free the screen. */
void ui_term_close(SCREEN *scr);

/* The next key: OK (a character), KEY_CODE_YES (a key code, also
 * UI_KEY_*), or ERR when none is waiting. */
int ui_term_read_key(wint_t *ch);

/* Ctrl-Z: give the terminal back, stop (SIGTSTP); on `fg` take it again
 * and repaint everything. false (nothing done) when profed leads its
 * session: no shell with job control started it, nothing could resume
 * it, and the kernel would drop the signal (an orphaned process group). */
bool ui_term_suspend(void);

#endif
