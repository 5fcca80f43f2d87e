/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ncursesw: screen setup and teardown, input, signals, showing a canvas. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "core/util.h"
#include "tui/keys.h"
#include "tui/style.h"
#include "tui/term.h"

struct nw_term {
	SCREEN *screen;
	bool ascii;
	int colors;
	attr_t attr[NW_ROLE_COUNT];
	short pair[NW_ROLE_COUNT];
	struct nw_cell *prev; /* what the terminal shows */
	int prev_w, prev_h;
	bool need_full;
};

/*
 * Process-wide, for the signal handlers: the pipe, and what restores the
 * terminal when the process dies (the saved termios and the terminfo
 * strings that leave the alternate screen and show the cursor).
 */
static int sig_pipe[2] = { -1, -1 };
static struct termios saved_tio;
static bool saved_tio_ok;
static volatile sig_atomic_t curses_up;
static char restore_seq[256];
static size_t restore_len;
static struct sigaction old_act[NSIG];
static bool atexit_done;

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static const int pipe_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };

/* Async-signal-safe: raw writes and tcsetattr only. */
static void restore_terminal_raw(void)
{
	if (!curses_up)
		return;
	curses_up = 0;
	if (restore_len) {
		ssize_t n = write(STDOUT_FILENO, restore_seq, restore_len);

		(void)n;
	}
	if (saved_tio_ok)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

static void on_fatal(int sig)
{
	restore_terminal_raw();
	sigaction(sig, &old_act[sig], NULL);
	raise(sig);
}

static void on_pipe_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	ssize_t n = write(sig_pipe[1], &c, 1); /* a full pipe already says "something happened" */

	(void)n;
	errno = saved;
}

static void at_exit_restore(void)
{
	restore_terminal_raw();
}

static void add_cap(const char *cap)
{
	const char *s = tigetstr(cap);

	if (s && s != (char *)-1 && restore_len + strlen(s) < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, strlen(s));
		restore_len += strlen(s);
	}
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < NW_ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &old_act[fatal_signals[i]]);
	sa.sa_handler = on_pipe_signal;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < NW_ARRAY_SIZE(pipe_signals); i++)
		sigaction(pipe_signals[i], &sa, &old_act[pipe_signals[i]]);
}

static void remove_signals(void)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &old_act[fatal_signals[i]], NULL);
	for (size_t i = 0; i < NW_ARRAY_SIZE(pipe_signals); i++)
		sigaction(pipe_signals[i], &old_act[pipe_signals[i]], NULL);
}

static int open_pipe(void)
{
	if (sig_pipe[0] >= 0)
		return 0;
	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

static attr_t attrs_of(uint8_t a)
{
	attr_t r = A_NORMAL;

	if (a & NW_ATTR_BOLD)
		r |= A_BOLD;
	if (a & NW_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & NW_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & NW_ATTR_DIM)
		r |= A_DIM;
	return r;
}

static int setup_styles(struct nw_term *t, const struct nw_term_opts *opts, char *err, size_t errsize)
{
	struct nw_style st[NW_ROLE_COUNT];
	bool no_color = opts->no_color || nw_style_env_no_color() || !has_colors();
	int rc;

	t->colors = 0;
	if (!no_color && start_color() == OK && COLOR_PAIRS > NW_ROLE_COUNT) {
		use_default_colors();
		t->colors = COLORS >= 256 ? 256 : (COLORS >= 16 ? 16 : (COLORS >= 8 ? 8 : 0));
	}
	rc = nw_style_resolve(opts->theme, t->colors == 0, t->colors, st, err, errsize);
	if (rc < 0)
		return rc;
	for (int r = 0; r < NW_ROLE_COUNT; r++) {
		t->attr[r] = attrs_of(st[r].attrs);
		t->pair[r] = 0;
		if (t->colors && (st[r].fg >= 0 || st[r].bg >= 0)) {
			init_pair((short)(r + 1), st[r].fg, st[r].bg);
			t->pair[r] = (short)(r + 1);
		}
	}
	return 0;
}

static bool locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

struct nw_term *nw_term_open(const struct nw_term_opts *opts, char *err, size_t errsize)
{
	const char *term = getenv("TERM");
	struct nw_term *t;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errsize, "the screen needs a terminal on standard input and output; use --json or 'netwhy explain' for pipes and files");
		return NULL;
	}
	if (!term || !term[0] || strcmp(term, "dumb") == 0) {
		snprintf(err, errsize, "TERM=%s cannot move the cursor: run netwhy in a terminal emulator (e.g. TERM=xterm-256color), or use --json",
			 term && term[0] ? term : "(unset)");
		return NULL;
	}
	{
		/* A broken or missing theme is reported before the screen flashes up. */
		struct nw_style probe[NW_ROLE_COUNT];

		if (nw_style_resolve(opts->theme, false, 256, probe, err, errsize) < 0)
			return NULL;
	}
	rc = open_pipe();
	if (rc < 0) {
		snprintf(err, errsize, "cannot create the signal pipe: %s", strerror(-rc));
		return NULL;
	}
	/* ncursesw draws wide characters only in the user's locale; the program may still be in "C". */
	if (!setlocale(LC_CTYPE, ""))
		setlocale(LC_CTYPE, "C.UTF-8");
	t = nw_xcalloc(1, sizeof(*t));
	t->ascii = opts->ascii || !locale_is_utf8();
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		saved_tio_ok = true;
	/* Our SIGWINCH handler first: ncurses then leaves resizing to us (nw_term_signals). */
	install_signals();
	t->screen = newterm(NULL, stdout, stdin);
	if (!t->screen) {
		remove_signals();
		snprintf(err, errsize, "terminfo does not know TERM=%s: install the Debian package ncurses-term or set TERM=xterm-256color",
			 term);
		free(t);
		return NULL;
	}
	set_term(t->screen);
	restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmcup");
	curses_up = 1;
	if (!atexit_done)
		atexit_done = atexit(at_exit_restore) == 0;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	leaveok(stdscr, TRUE);
	/* Clicks and the wheel only: dragging stays the terminal's (Shift selects text in most). */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	rc = setup_styles(t, opts, err, errsize);
	if (rc < 0) {
		nw_term_close(t);
		return NULL;
	}
	t->need_full = true;
	return t;
}

void nw_term_close(struct nw_term *t)
{
	if (!t)
		return;
	if (t->screen) {
		curs_set(1);
		endwin();
		delscreen(t->screen);
		curses_up = 0;
		if (saved_tio_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	remove_signals();
	free(t->prev);
	free(t);
}

int nw_term_input_fd(const struct nw_term *t)
{
	(void)t;
	return STDIN_FILENO;
}

int nw_term_signal_fd(const struct nw_term *t)
{
	(void)t;
	return sig_pipe[0];
}

bool nw_term_ascii(const struct nw_term *t)
{
	return t->ascii;
}

int nw_term_colors(const struct nw_term *t)
{
	return t->colors;
}

void nw_term_size(const struct nw_term *t, int *w, int *h)
{
	(void)t;
	*w = COLS;
	*h = LINES;
}

static int map_mouse(void)
{
	MEVENT m;

	if (getmouse(&m) != OK || m.x < 0 || m.y < 0 || m.x > 1023 || m.y > 1023)
		return NW_KEY_SPECIAL;
	if (m.bstate & BUTTON4_PRESSED)
		return NW_KEY_MOUSE(NW_MOUSE_WHEEL_UP, m.x, m.y);
	if (m.bstate & BUTTON5_PRESSED)
		return NW_KEY_MOUSE(NW_MOUSE_WHEEL_DOWN, m.x, m.y);
	if (m.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		return NW_KEY_MOUSE(NW_MOUSE_CLICK, m.x, m.y);
	return NW_KEY_SPECIAL;
}

static int map_key(int rc, wint_t wch)
{
	if (rc == OK) {
		if (wch == '\r' || wch == '\n')
			return NW_KEY_ENTER;
		if (wch == 127 || wch == 8)
			return NW_KEY_BACKSPACE;
		return (int)wch;
	}
	switch (wch) {
	case KEY_UP:
		return NW_KEY_UP;
	case KEY_DOWN:
		return NW_KEY_DOWN;
	case KEY_LEFT:
		return NW_KEY_LEFT;
	case KEY_RIGHT:
		return NW_KEY_RIGHT;
	case KEY_PPAGE:
		return NW_KEY_PGUP;
	case KEY_NPAGE:
		return NW_KEY_PGDN;
	case KEY_HOME:
		return NW_KEY_HOME;
	case KEY_END:
		return NW_KEY_END;
	case KEY_BTAB:
		return NW_KEY_BTAB;
	case KEY_BACKSPACE:
		return NW_KEY_BACKSPACE;
	case KEY_ENTER:
		return NW_KEY_ENTER;
	case KEY_RESIZE:
		return NW_KEY_RESIZE;
	case KEY_MOUSE:
		return map_mouse();
	default:
		if (wch >= KEY_F(1) && wch <= KEY_F(24))
			return NW_KEY_F((int)(wch - KEY_F0));
		return NW_KEY_SPECIAL; /* a key we have no use for */
	}
}

int nw_term_read_key(struct nw_term *t)
{
	wint_t wch;
	int rc;

	(void)t;
	rc = wget_wch(stdscr, &wch);
	if (rc == ERR)
		return -1;
	return map_key(rc, wch);
}

unsigned nw_term_signals(struct nw_term *t)
{
	unsigned char buf[64];
	unsigned r = 0;
	ssize_t n;

	while ((n = read(sig_pipe[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			r |= buf[i] == SIGWINCH ? NW_TERM_SIG_RESIZE : NW_TERM_SIG_QUIT;
	}
	if (r & NW_TERM_SIG_RESIZE) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
			resize_term(ws.ws_row, ws.ws_col);
		t->need_full = true;
	}
	return r;
}

void nw_term_present(struct nw_term *t, const struct nw_canvas *c, bool full)
{
	int w = nw_canvas_width(c), h = nw_canvas_height(c);
	bool changed = false;

	if (full || t->need_full || t->prev_w != w || t->prev_h != h) {
		free(t->prev);
		t->prev = nw_xcalloc((size_t)w * (size_t)h, sizeof(*t->prev));
		t->prev_w = w;
		t->prev_h = h;
		clearok(curscr, TRUE);
		full = true;
		t->need_full = false;
	}
	for (int y = 0; y < h && y < LINES; y++) {
		for (int x = 0; x < w && x < COLS; x++) {
			const struct nw_cell *cell = nw_canvas_cell(c, x, y);
			struct nw_cell *old = &t->prev[(size_t)y * (size_t)w + (size_t)x];
			wchar_t wc[2] = { (wchar_t)cell->ch, 0 };
			cchar_t cc;
			int role = cell->role < NW_ROLE_COUNT ? cell->role : NW_ROLE_DEFAULT;

			if (!full && old->ch == cell->ch && old->role == cell->role)
				continue;
			*old = *cell;
			changed = true;
			setcchar(&cc, wc, t->attr[role], t->pair[role], NULL);
			mvwadd_wch(stdscr, y, x, &cc); /* ERR at the bottom-right cell is expected: it is drawn */
		}
	}
	if (changed || full) {
		wnoutrefresh(stdscr);
		doupdate();
	}
}
