/* tui.c - the pseudo-terminal harness of the end-to-end tests: forkpty(3)
 * runs the program, libvterm plays the terminal. See tui.h for the
 * contract of each function.
 */
#include "clock.h"
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

/* Cap on the kept raw output: a runaway program must not eat the machine. */
#define TUI_RAW_CAP (64u * 1024u * 1024u)
/* How long tui_free lets the program end after SIGTERM. */
#define TUI_TERM_GRACE_MS 2000

struct tui {
	pid_t pid;
	int fd;             /* pty master, non-blocking */
	bool eof;           /* the slave side is closed: nothing more to read */
	bool reaped;
	int status;         /* exit status once reaped (tui_wait_exit's value) */
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	char *raw;          /* every byte read, NUL terminated */
	size_t raw_len, raw_cap;
	bool raw_truncated;
	int apc;            /* feed_vterm's state: 0 text, 1 after ESC,
	                     * 2 in an APC/PM/SOS string, 3 ESC in one */
};

/* Milliseconds left until deadline, clamped to [0, INT_MAX]. */
static int left_ms(long long deadline)
{
	long long d = deadline - clock_now_ms();

	if (d < 0)
		return 0;
	return d > INT_MAX ? INT_MAX : (int)d;
}

/* Write all of buf to fd (non-blocking), waiting for room with poll up to
 * the deadline. Used for the emulator's answers, which are tiny; does not
 * read output, so it must not be used for long input. Returns 0 or -1. */
static int write_all(int fd, const char *buf, size_t len, long long deadline)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };
			int ms = left_ms(deadline);

			if (ms == 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			(void)poll(&p, 1, ms);
			continue;
		}
		return -1;
	}
	return 0;
}

/* libvterm output callback: the terminal's answers to the program (cursor
 * position reports, device attributes) go back into the pty. Errors are
 * ignored: the program has gone or will time out on its own. */
static void vterm_answer(const char *s, size_t len, void *user)
{
	struct tui *t = user;

	if (t->fd >= 0 && !t->eof)
		(void)write_all(t->fd, s, len, clock_now_ms() + 1000);
}

/* Give n bytes to libvterm without APC, PM and SOS strings (ESC _, ESC ^,
 * ESC X ... ESC \\), which libvterm 0.1 does not parse and would show as
 * text; a terminal without kitty graphics ignores them. The state
 * carries over between reads. */
static void feed_vterm(struct tui *t, const char *buf, size_t n)
{
	char out[4096 + 2];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		switch (t->apc) {
		case 0:
			if (c == '\x1b')
				t->apc = 1;
			else
				out[k++] = c;
			break;
		case 1:
			if (c == '_' || c == '^' || c == 'X') {
				t->apc = 2;
			} else if (c != '\x1b') {
				out[k++] = '\x1b';
				out[k++] = c;
				t->apc = 0;
			} else {
				out[k++] = '\x1b'; /* ESC ESC: the first stands alone */
			}
			break;
		case 2:
			if (c == '\x1b')
				t->apc = 3;
			break;
		default:
			t->apc = c == '\\' ? 0 : (c == '\x1b' ? 3 : 2);
			break;
		}
		if (k >= sizeof out - 2) {
			vterm_input_write(t->vt, out, k);
			k = 0;
		}
	}
	if (k)
		vterm_input_write(t->vt, out, k);
}

/* Append n bytes to the raw log (keeps it NUL terminated). Beyond the cap
 * the rest is dropped and raw_truncated set. */
static void raw_append(struct tui *t, const char *buf, size_t n)
{
	if (t->raw_len + n + 1 > t->raw_cap) {
		size_t cap = t->raw_cap ? t->raw_cap : 4096;
		char *p;

		while (cap < t->raw_len + n + 1 && cap < TUI_RAW_CAP)
			cap *= 2;
		if (cap > TUI_RAW_CAP)
			cap = TUI_RAW_CAP;
		if (cap != t->raw_cap) {
			p = realloc(t->raw, cap);
			if (p) {
				t->raw = p;
				t->raw_cap = cap;
			}
		}
		if (t->raw_len + n + 1 > t->raw_cap) {
			t->raw_truncated = true;
			n = t->raw_cap > t->raw_len + 1 ? t->raw_cap - t->raw_len - 1 : 0;
		}
	}
	if (n == 0 || !t->raw)
		return;
	memcpy(t->raw + t->raw_len, buf, n);
	t->raw_len += n;
	t->raw[t->raw_len] = '\0';
}

/* Child side of tui_start, between fork and exec: only async-signal-safe
 * calls. Reports an exec failure's errno on errfd and exits 127. */
static void child_exec(const char *const argv[], const char *const env[],
                       int errfd)
{
	static const char *const empty_env[] = { NULL };
	sigset_t all;
	int e;

	/* Whatever the test process holds (the stub's sockets, Check's
	 * pipes) must not leak into the program. */
	(void)close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	/* Ignored signals and the mask survive exec: start clean. */
	for (int sig = 1; sig < NSIG; sig++)
		(void)signal(sig, SIG_DFL);
	sigemptyset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, NULL);
	execve(argv[0], (char *const *)argv,
	       (char *const *)(env ? env : empty_env));
	e = errno;
	(void)!write(errfd, &e, sizeof e);
	_exit(127);
}

/* See tui.h. */
struct tui *tui_start(const char *const argv[], const char *const env[],
                      int rows, int cols)
{
	struct winsize ws;
	struct tui *t;
	int errpipe[2];
	int child_errno = 0;
	ssize_t n;
	int fd, flags;
	pid_t pid;

	if (!argv || !argv[0] || !argv[0][0] || rows <= 0 || cols <= 0 ||
	    rows > USHRT_MAX || cols > USHRT_MAX) {
		errno = EINVAL;
		return NULL;
	}
	t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->fd = -1;
	t->pid = -1;
	if (pipe2(errpipe, O_CLOEXEC) != 0) {
		free(t);
		return NULL;
	}
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		int e = errno;

		close(errpipe[0]);
		close(errpipe[1]);
		free(t);
		errno = e;
		return NULL;
	}
	if (pid == 0) {
		close(errpipe[0]);
		child_exec(argv, env, errpipe[1]);
	}
	close(errpipe[1]);
	do
		n = read(errpipe[0], &child_errno, sizeof child_errno);
	while (n < 0 && errno == EINTR);
	close(errpipe[0]);
	t->pid = pid;
	t->fd = fd;
	if (n == (ssize_t)sizeof child_errno) {
		tui_free(t);
		errno = child_errno;
		return NULL;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		int e = errno;

		tui_free(t);
		errno = e;
		return NULL;
	}
	t->rows = rows;
	t->cols = cols;
	t->vt = vterm_new(rows, cols);
	if (!t->vt) {
		tui_free(t);
		errno = ENOMEM;
		return NULL;
	}
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, vterm_answer, t);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->screen, 1);
	vterm_screen_reset(t->screen, 1);
	return t;
}

/* Send sig to the program's process group and to the program itself. */
static void signal_child(struct tui *t, int sig)
{
	if (t->pid > 0 && !t->reaped) {
		(void)kill(-t->pid, sig);
		(void)kill(t->pid, sig);
	}
}

/* See tui.h. */
void tui_free(struct tui *t)
{
	if (!t)
		return;
	if (t->pid > 0 && !t->reaped) {
		signal_child(t, SIGTERM);
		if (tui_wait_exit(t, TUI_TERM_GRACE_MS) < 0) {
			int st;

			signal_child(t, SIGKILL);
			while (waitpid(t->pid, &st, 0) < 0 && errno == EINTR)
				;
			t->reaped = true;
		}
	}
	if (t->fd >= 0)
		close(t->fd);
	if (t->vt)
		vterm_free(t->vt);
	free(t->raw);
	free(t);
}

/* See tui.h. */
pid_t tui_pid(const struct tui *t)
{
	return t ? t->pid : -1;
}

/* See tui.h. */
long tui_pump(struct tui *t, int timeout_ms)
{
	struct pollfd p;
	char buf[8192];
	long total = 0;
	int r;

	if (!t || t->eof)
		return -1;
	p.fd = t->fd;
	p.events = POLLIN;
	p.revents = 0;
	r = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -1;
	if (r == 0)
		return 0;
	for (;;) {
		ssize_t n = read(t->fd, buf, sizeof buf);

		if (n > 0) {
			raw_append(t, buf, (size_t)n);
			if (t->vt)
				feed_vterm(t, buf, (size_t)n);
			total += n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		/* 0 or EIO: the last holder of the slave side closed it. */
		t->eof = true;
		break;
	}
	if (total == 0 && t->eof)
		return -1;
	return total;
}

/* See tui.h. */
int tui_send(struct tui *t, const char *bytes)
{
	long long deadline = clock_now_ms() + TUI_WAIT_MS;
	size_t len, off = 0;

	if (!t || !bytes) {
		errno = EINVAL;
		return -1;
	}
	len = strlen(bytes);
	while (off < len) {
		struct pollfd p;
		ssize_t n;

		if (t->eof) {
			errno = EIO;
			return -1;
		}
		n = write(t->fd, bytes + off, len - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		/* Full: the program may be blocked writing to us. */
		if (left_ms(deadline) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		p.fd = t->fd;
		p.events = POLLOUT | POLLIN;
		p.revents = 0;
		if (poll(&p, 1, left_ms(deadline)) > 0 && (p.revents & POLLIN))
			(void)tui_pump(t, 0);
	}
	return 0;
}

/* Append the UTF-8 encoding of c to out (at least 4 bytes of room);
 * returns the number of bytes written. Invalid code points become U+FFFD. */
static size_t utf8_put(char *out, uint32_t c)
{
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Row r as UTF-8 without trailing blanks. When colmap is not NULL it
 * receives a malloc'd array giving, for each byte of the result, the
 * column of the cell it came from (caller frees). Caller frees the text.
 * NULL when r is out of range or out of memory. */
static char *row_text(struct tui *t, int r, int **colmap)
{
	/* Each cell: up to VTERM_MAX_CHARS_PER_CELL code points of 4 bytes. */
	size_t cap = (size_t)t->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
	char *s;
	int *map = NULL;
	size_t len = 0, keep = 0;

	if (r < 0 || r >= t->rows)
		return NULL;
	s = malloc(cap);
	if (colmap) {
		map = malloc(cap * sizeof *map);
		*colmap = map;
	}
	if (!s || (colmap && !map)) {
		free(s);
		free(map);
		if (colmap)
			*colmap = NULL;
		return NULL;
	}
	for (int c = 0; c < t->cols;) {
		VTermScreenCell cell;
		VTermPos pos = { .row = r, .col = c };
		size_t before = len;

		memset(&cell, 0, sizeof cell);
		vterm_screen_get_cell(t->screen, pos, &cell);
		if (cell.chars[0] == 0) {
			s[len++] = ' ';
		} else if (cell.chars[0] != (uint32_t)-1) {
			for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			                cell.chars[i]; i++)
				len += utf8_put(s + len, cell.chars[i]);
			keep = len;
		}
		/* else: the continuation cell of a wide character. */
		if (map)
			for (size_t i = before; i < len; i++)
				map[i] = c;
		c += cell.width > 0 ? cell.width : 1;
	}
	s[keep] = '\0';
	return s;
}

/* One VTermColor as an index or a kind, and its RGB in t's palette. */
static int cell_color(struct tui *t, VTermColor c, bool is_bg,
                      unsigned char rgb[3])
{
	int kind;

	if (is_bg ? VTERM_COLOR_IS_DEFAULT_BG(&c) : VTERM_COLOR_IS_DEFAULT_FG(&c)) {
		/* the default now, whatever it was when the cell was drawn */
		VTermColor fg, bg;

		vterm_state_get_default_colors(vterm_obtain_state(t->vt), &fg, &bg);
		c = is_bg ? bg : fg;
		kind = TUI_COLOR_DEFAULT;
	} else if (VTERM_COLOR_IS_INDEXED(&c))
		kind = c.indexed.idx;
	else
		kind = TUI_COLOR_RGB;
	vterm_screen_convert_color_to_rgb(t->screen, &c);
	rgb[0] = c.rgb.red;
	rgb[1] = c.rgb.green;
	rgb[2] = c.rgb.blue;
	return kind;
}

/* See tui.h. */
bool tui_cell_attr(struct tui *t, int row, int col, struct tui_cell_attr *a)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = row, .col = col };

	if (!t || !a || row < 0 || col < 0 || row >= t->rows || col >= t->cols)
		return false;
	memset(&cell, 0, sizeof cell);
	vterm_screen_get_cell(t->screen, pos, &cell);
	if (cell.chars[0] == (uint32_t)-1 && col > 0) { /* wide: its first */
		pos.col = col - 1;
		vterm_screen_get_cell(t->screen, pos, &cell);
	}
	memset(a, 0, sizeof *a);
	a->bold = cell.attrs.bold;
	a->underline = cell.attrs.underline != 0;
	a->italic = cell.attrs.italic;
	a->blink = cell.attrs.blink;
	a->reverse = cell.attrs.reverse;
	a->strike = cell.attrs.strike;
	a->fg = cell_color(t, cell.fg, false, a->fg_rgb);
	a->bg = cell_color(t, cell.bg, true, a->bg_rgb);
	return true;
}

/* See tui.h. */
bool tui_text_attr(struct tui *t, const char *text, struct tui_cell_attr *a)
{
	int row, col;

	return tui_find(t, text, &row, &col) && tui_cell_attr(t, row, col, a);
}

/* See tui.h. */
int tui_set_default_colors(struct tui *t, const unsigned char fg[3],
                           const unsigned char bg[3])
{
	VTermColor f, b;

	if (!t || !fg || !bg)
		return -1;
	vterm_color_rgb(&f, fg[0], fg[1], fg[2]);
	vterm_color_rgb(&b, bg[0], bg[1], bg[2]);
	vterm_state_set_default_colors(vterm_obtain_state(t->vt), &f, &b);
	return 0;
}

/* See tui.h. */
char *tui_row(struct tui *t, int r)
{
	if (!t)
		return NULL;
	return row_text(t, r, NULL);
}

/* See tui.h. */
char *tui_screen(struct tui *t)
{
	size_t cap = 1, len = 0;
	char *out;

	if (!t)
		return NULL;
	cap += (size_t)t->rows * ((size_t)t->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1);
	out = malloc(cap);
	if (!out)
		return NULL;
	for (int r = 0; r < t->rows; r++) {
		char *line = row_text(t, r, NULL);
		size_t n;

		if (!line) {
			free(out);
			return NULL;
		}
		n = strlen(line);
		memcpy(out + len, line, n);
		len += n;
		if (r + 1 < t->rows)
			out[len++] = '\n';
		free(line);
	}
	out[len] = '\0';
	return out;
}

/* See tui.h. */
bool tui_has_text(struct tui *t, const char *text)
{
	char *screen;
	bool found;

	if (!t || !text || !text[0])
		return false;
	screen = tui_screen(t);
	found = screen && strstr(screen, text);
	free(screen);
	return found;
}

/* Print the screen on stderr after a failed wait, framed so it reads. */
static void dump_screen(struct tui *t, const char *why, const char *text)
{
	char *screen = tui_screen(t);
	int cr = 0, cc = 0;

	tui_cursor(t, &cr, &cc);
	fprintf(stderr, "tui: %s%s%s%s; screen %dx%d, cursor %d,%d%s:\n", why,
	        text ? " \"" : "", text ? text : "", text ? "\"" : "",
	        t->rows, t->cols, cr, cc,
	        t->eof ? ", program has closed the terminal" : "");
	fprintf(stderr, "+%.*s\n", t->cols, "--------------------------------"
	        "--------------------------------------------------------------"
	        "--------------------------------------------------------------"
	        "--------------------------------------------------------------");
	if (screen) {
		char *line = screen;
		size_t n = strlen(screen);

		/* Trailing empty rows say nothing. */
		while (n > 0 && screen[n - 1] == '\n')
			screen[--n] = '\0';

		for (;;) {
			char *nl = strchr(line, '\n');

			if (nl)
				*nl = '\0';
			fprintf(stderr, "|%s\n", line);
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	fprintf(stderr, "+\n");
	free(screen);
}

/* See tui.h. */
void tui_dump(struct tui *t, const char *why)
{
	if (t)
		dump_screen(t, why ? why : "screen", NULL);
}

/* Wait until tui_has_text(t, text) equals want, or the deadline. When the
 * program closes the terminal the screen can no longer change: the answer
 * is whatever it shows then. */
static bool wait_for(struct tui *t, const char *text, bool want, int timeout_ms)
{
	long long deadline = clock_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);

	if (!t || !text || !text[0])
		return false;
	for (;;) {
		if (tui_has_text(t, text) == want)
			return true;
		if (t->eof || left_ms(deadline) == 0)
			break;
		(void)tui_pump(t, left_ms(deadline));
	}
	dump_screen(t, want ? "timed out waiting for" : "timed out waiting for "
	            "the screen to lose", text);
	return false;
}

/* See tui.h. */
bool tui_wait_text(struct tui *t, const char *text, int timeout_ms)
{
	return wait_for(t, text, true, timeout_ms);
}

/* See tui.h. */
bool tui_wait_gone(struct tui *t, const char *text, int timeout_ms)
{
	if (t && t->eof && text && text[0])
		return true;
	return wait_for(t, text, false, timeout_ms);
}

/* See tui.h. */
int tui_col_in_row(struct tui *t, int r, const char *text)
{
	int *map = NULL;
	char *line;
	char *hit;
	int col = -1;

	if (!t || !text || !text[0])
		return -1;
	line = row_text(t, r, &map);
	hit = line ? strstr(line, text) : NULL;
	if (hit)
		col = map[hit - line];
	free(line);
	free(map);
	return col;
}

/* See tui.h. */
bool tui_find(struct tui *t, const char *text, int *row, int *col)
{
	if (!t || !text || !text[0])
		return false;
	for (int r = 0; r < t->rows; r++) {
		int c = tui_col_in_row(t, r, text);

		if (c >= 0) {
			if (row)
				*row = r;
			if (col)
				*col = c;
			return true;
		}
	}
	return false;
}

/* See tui.h. */
bool tui_wait_cursor(struct tui *t, int row, int col, int timeout_ms)
{
	long long deadline = clock_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
	char want[64];

	if (!t)
		return false;
	for (;;) {
		int r, c;

		tui_cursor(t, &r, &c);
		if (r == row && c == col)
			return true;
		if (t->eof || left_ms(deadline) == 0)
			break;
		(void)tui_pump(t, left_ms(deadline));
	}
	snprintf(want, sizeof want, "the cursor at %d,%d", row, col);
	dump_screen(t, "timed out waiting for", want);
	return false;
}

/* See tui.h. */
void tui_cursor(struct tui *t, int *row, int *col)
{
	VTermPos pos = { .row = -1, .col = -1 };

	if (t)
		vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &pos);
	if (row)
		*row = pos.row;
	if (col)
		*col = pos.col;
}

/* See tui.h. */
void tui_size(const struct tui *t, int *rows, int *cols)
{
	if (rows)
		*rows = t ? t->rows : 0;
	if (cols)
		*cols = t ? t->cols : 0;
}

/* See tui.h. */
int tui_resize(struct tui *t, int rows, int cols)
{
	struct winsize ws;

	if (!t || rows <= 0 || cols <= 0 || rows > USHRT_MAX || cols > USHRT_MAX) {
		errno = EINVAL;
		return -1;
	}
	vterm_set_size(t->vt, rows, cols);
	t->rows = rows;
	t->cols = cols;
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	return ioctl(t->fd, TIOCSWINSZ, &ws);
}

/* Record a wait status as tui_wait_exit reports it. */
static void set_status(struct tui *t, int st)
{
	t->reaped = true;
	if (WIFEXITED(st))
		t->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		t->status = 128 + WTERMSIG(st);
	else
		t->status = -1;
}

/* See tui.h. */
int tui_wait_exit(struct tui *t, int timeout_ms)
{
	long long deadline = clock_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);

	if (!t || t->pid <= 0)
		return -1;
	while (!t->reaped) {
		int st;
		pid_t r = waitpid(t->pid, &st, WNOHANG);

		if (r == t->pid) {
			set_status(t, st);
			break;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		if (left_ms(deadline) == 0)
			return -1;
		/* Short slices: exit is noticed by waitpid, output by poll. */
		if (!t->eof)
			(void)tui_pump(t, left_ms(deadline) < 20 ? left_ms(deadline) : 20);
		else
			(void)poll(NULL, 0, left_ms(deadline) < 5 ? left_ms(deadline) : 5);
	}
	/* What it wrote just before exiting is still in the pty. */
	if (t->fd >= 0)
		while (tui_pump(t, 0) > 0)
			;
	return t->status;
}

/* See tui.h. */
const char *tui_raw_output(const struct tui *t, size_t *len)
{
	if (len)
		*len = t ? t->raw_len : 0;
	return t && t->raw ? t->raw : "";
}

/* See tui.h. */
bool tui_raw_contains(const struct tui *t, const char *needle, size_t len)
{
	if (!t || !needle || len == 0 || !t->raw)
		return false;
	return memmem(t->raw, t->raw_len, needle, len) != NULL;
}

int tui_env_set(struct tui_env *e, const char *name, const char *value)
{
	size_t n = 0;
	while (n < TUI_ENV_MAX && e->owned[n])
		n++;
	if (n == TUI_ENV_MAX || asprintf(&e->owned[n], "%s=%s", name, value) < 0) {
		if (n < TUI_ENV_MAX)
			e->owned[n] = NULL;
		return -1;
	}
	e->vars[n] = e->owned[n];
	e->vars[n + 1] = NULL;
	return 0;
}

bool tui_env_has(const struct tui_env *e, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; e->vars[i]; i++)
		if (!strncmp(e->vars[i], name, len) && e->vars[i][len] == '=')
			return true;
	return false;
}

void tui_env_clear(struct tui_env *e)
{
	for (size_t i = 0; i < TUI_ENV_MAX; i++)
		free(e->owned[i]);
	memset(e, 0, sizeof *e);
}
