/* tui.h - drive a real program in a real pseudo-terminal and read its
 * screen back: the harness of the end-to-end tests (tests/check_tui.c).
 *
 * tui_start() runs a program under forkpty(3) with exactly the environment
 * it is given; everything the program writes is kept (tui_raw_output) and
 * fed to a libvterm terminal emulator, whose screen the tests read
 * (tui_screen, tui_row, tui_cursor). Keys go in as the bytes an xterm would
 * send (TUI_KEY_*). Answers the emulator owes the program (cursor position
 * reports, device attributes) are written back to it.
 *
 * Synchronisation is always "wait until the screen shows X, with a
 * deadline" (tui_wait_text, tui_wait_gone, tui_wait_exit), never a fixed
 * sleep. When a wait times out the harness prints the screen on stderr so a
 * failing test says what was there instead.
 *
 * Not thread-safe: one struct tui belongs to one thread.
 */
#ifndef PROFED_TUI_H
#define PROFED_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Keys as an xterm (TERM=xterm-256color) sends them with the keypad in
 * application mode, which is what curses programs switch on (keypad()). */
#define TUI_KEY_TAB "\t"
#define TUI_KEY_BTAB "\x1b[Z"
#define TUI_KEY_ENTER "\r"
#define TUI_KEY_ESC "\x1b"
#define TUI_KEY_BACKSPACE "\x7f"
#define TUI_KEY_DELETE "\x1b[3~"
#define TUI_KEY_UP "\x1bOA"
#define TUI_KEY_DOWN "\x1bOB"
#define TUI_KEY_RIGHT "\x1bOC"
#define TUI_KEY_LEFT "\x1bOD"
#define TUI_KEY_HOME "\x1bOH"
#define TUI_KEY_END "\x1bOF"
#define TUI_KEY_PGUP "\x1b[5~"
#define TUI_KEY_PGDN "\x1b[6~"
#define TUI_KEY_F1 "\x1bOP"
#define TUI_KEY_F2 "\x1bOQ"
#define TUI_KEY_F9 "\x1b[20~"
#define TUI_KEY_F10 "\x1b[21~"
/* Control keys: TUI_CTRL_S is Ctrl-S. */
#define TUI_CTRL_A "\x01"
#define TUI_CTRL_E "\x05"
#define TUI_CTRL_G "\x07"
#define TUI_CTRL_K "\x0b"
#define TUI_CTRL_Q "\x11"
#define TUI_CTRL_R "\x12"
#define TUI_CTRL_S "\x13"
#define TUI_CTRL_U "\x15"

/* Default deadline for one wait in the tests, in milliseconds. Generous:
 * the screen usually changes in a few milliseconds, but CI machines and
 * valgrind are slow. */
#define TUI_WAIT_MS 10000

struct tui;

/* A clean environment for tui_start, built one variable at a time. vars
 * is NULL-terminated and points into owned, which the struct owns. A
 * zeroed struct is empty. */
#define TUI_ENV_MAX 32
struct tui_env {
	const char *vars[TUI_ENV_MAX + 1];
	char *owned[TUI_ENV_MAX];
};

/* Add "name=value" (copied). Returns 0, or -1 when full or out of memory. */
int tui_env_set(struct tui_env *e, const char *name, const char *value);
/* Whether name is set. */
bool tui_env_has(const struct tui_env *e, const char *name);
/* Free every variable; e is empty again. */
void tui_env_clear(struct tui_env *e);

/* Start argv[0] (a path; no PATH search) with arguments argv (NULL
 * terminated) and exactly the environment env (NULL terminated; NULL means
 * an empty environment) in a new pseudo-terminal of rows x cols.
 * Returns NULL with errno set when argv is NULL or empty, the size is not
 * positive, the pty cannot be made, or the program cannot be executed
 * (ENOENT, EACCES, ... from execve). Free with tui_free. */
struct tui *tui_start(const char *const argv[], const char *const env[],
                      int rows, int cols);

/* Kill the program (SIGTERM, then SIGKILL to its process group) if it is
 * still running, reap it, free everything. Accepts NULL. */
void tui_free(struct tui *t);

/* The program's process id (it leads its own session and process group);
 * -1 for NULL. */
pid_t tui_pid(const struct tui *t);

/* Type bytes (a NUL-terminated string of keys, UTF-8 text or TUI_KEY_*).
 * Reads the program's output while writing so neither side blocks.
 * Returns 0, or -1 with errno (EINVAL for NULL, EIO when the program has
 * gone). */
int tui_send(struct tui *t, const char *bytes);

/* Read whatever the program has written within timeout_ms (0: only what is
 * already there) into the emulator. Returns the number of bytes read, 0 on
 * timeout, -1 when the program has closed the terminal (exited). */
long tui_pump(struct tui *t, int timeout_ms);

/* Wait until the screen contains text (UTF-8; may span rows when it holds
 * '\n', as in tui_screen's output), reading output meanwhile. true as soon
 * as it does; false after timeout_ms or when the program exits without
 * showing it (the screen is printed on stderr). NULL/empty text: false. */
bool tui_wait_text(struct tui *t, const char *text, int timeout_ms);

/* Wait until the screen no longer contains text. true when it is gone
 * (also when the program exits), false after timeout_ms. */
bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms);

/* Whether the screen contains text right now (no reading). */
bool tui_has_text(struct tui *t, const char *text);

/* The screen as UTF-8: rows joined by '\n', trailing blanks of each row
 * removed, a wide character once (its continuation cell skipped). Caller
 * frees. NULL for NULL t or out of memory. */
char *tui_screen(struct tui *t);

/* Row r (0-based) like one line of tui_screen. Caller frees. NULL when r is
 * out of range. */
char *tui_row(struct tui *t, int r);

/* How one cell is drawn, as the emulator keeps it (libvterm). Colours are
 * a palette index 0..255 (SGR 30-37, 90-97, 38;5;N), TUI_COLOR_DEFAULT
 * (SGR 39/49: the terminal's own) or TUI_COLOR_RGB (38;2;R;G;B); *_rgb is
 * the colour the emulator paints for it, defaults and palette resolved
 * (tui_set_default_colors), before reverse video swaps the two. dim is
 * always false: libvterm 0.1 parses SGR 2 (faint) but does not keep it,
 * so tests read dim from the raw output instead (tui_raw_contains). */
#define TUI_COLOR_DEFAULT (-1)
#define TUI_COLOR_RGB (-2)
struct tui_cell_attr {
	bool bold, underline, italic, blink, reverse, strike, dim;
	int fg, bg;
	unsigned char fg_rgb[3], bg_rgb[3];
};

/* The attributes of the cell at (row, col), 0-based; the continuation
 * cell of a wide character reports its character's. false when out of
 * range or t is NULL. */
bool tui_cell_attr(struct tui *t, int row, int col, struct tui_cell_attr *a);

/* The attributes of the first cell of text's first occurrence on the
 * screen (tui_find). false when text is not shown. */
bool tui_text_attr(struct tui *t, const char *text, struct tui_cell_attr *a);

/* The colours the emulator uses for "default" (SGR 39/49), as RGB: a
 * light theme is black on white. Returns 0, -1 for NULL. The program is
 * not told (profed never asks the terminal for its colours). */
int tui_set_default_colors(struct tui *t, const unsigned char fg[3],
                           const unsigned char bg[3]);

/* Find text on the screen: its row and column (cells, 0-based) of the first
 * occurrence, scanning rows top-down. Returns false when not found. */
bool tui_find(struct tui *t, const char *text, int *row, int *col);

/* The cell column (0-based) where text first starts in row r; -1 when it
 * is not there (or r is out of range). */
int tui_col_in_row(struct tui *t, int r, const char *text);

/* Wait until the cursor is at (row, col), reading output meanwhile. false
 * after timeout_ms (the screen is printed on stderr). */
bool tui_wait_cursor(struct tui *t, int row, int col, int timeout_ms);

/* The cursor position (0-based); either pointer may be NULL. */
void tui_cursor(struct tui *t, int *row, int *col);

/* Current emulated size. */
void tui_size(const struct tui *t, int *rows, int *cols);

/* Resize the terminal: the emulator and the pty (TIOCSWINSZ on the master,
 * so the kernel sends SIGWINCH to the program). Returns 0 or -1 with errno. */
int tui_resize(struct tui *t, int rows, int cols);

/* Wait up to timeout_ms for the program to exit, reading its output until
 * then. Returns its exit status, 128 + signal number when a signal killed
 * it, or -1 on timeout (or NULL t). Can be called again after it returned
 * a status (returns the same). */
int tui_wait_exit(struct tui *t, int timeout_ms);

/* Every byte the program wrote to the terminal so far, in order (NUL
 * terminated for convenience, but may hold NULs: use *len). Owned by t,
 * valid until the next call that reads output. */
const char *tui_raw_output(const struct tui *t, size_t *len);

/* Print the screen on stderr, framed, headed by why (may be NULL): for a
 * failing assertion that is not a wait. */
void tui_dump(struct tui *t, const char *why);

/* Whether the raw output contains the len bytes at needle. */
bool tui_raw_contains(const struct tui *t, const char *needle, size_t len);

#endif
