/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The terminal: the only code that talks to curses (ncursesw).  Opens the
 * screen, turns input into NW_KEY_* codes, shows a canvas (only the cells
 * that changed), and restores the terminal on close, on exit() and on fatal
 * signals.  SIGWINCH, SIGINT, SIGTERM and SIGHUP arrive through a pipe the
 * event loop watches (nothing unsafe runs in a signal handler).
 *
 * One terminal per process (signal handlers are process-wide).
 */
#ifndef NW_TUI_TERM_H
#define NW_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "themes/theme.h"
#include "tui/canvas.h"

struct nw_term;

struct nw_term_opts {
	const char *theme; /* NULL = "default" */
	bool no_color;     /* also when NO_COLOR is set */
	bool ascii;        /* ASCII drawing even when the locale is UTF-8 */
};

/*
 * NULL with err set when the TUI cannot run: not a terminal, TERM unset or
 * dumb, a terminal type terminfo does not know, a broken theme.
 */
struct nw_term *nw_term_open(const struct nw_term_opts *opts, char *err, size_t errsize);
void nw_term_close(struct nw_term *t);

int nw_term_input_fd(const struct nw_term *t);
int nw_term_signal_fd(const struct nw_term *t);

/* One pending key (NW_KEY_* or a character), or -1 when there is none. */
int nw_term_read_key(struct nw_term *t);

enum { NW_TERM_SIG_RESIZE = 1, NW_TERM_SIG_QUIT = 2 };
/* Drains the signal pipe; applies a resize to curses; returns NW_TERM_SIG_* bits. */
unsigned nw_term_signals(struct nw_term *t);

void nw_term_size(const struct nw_term *t, int *w, int *h);
bool nw_term_ascii(const struct nw_term *t);
int nw_term_colors(const struct nw_term *t); /* 0 when colour is off */

/* Shows the canvas (same size as the terminal); full repaints everything (Ctrl-L, resize). */
void nw_term_present(struct nw_term *t, const struct nw_canvas *c, bool full);

#endif
