/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The key map.  tui/term.c turns curses input into NW_KEY_* codes (ASCII
 * stays ASCII); nw_keys_action() turns a key into an action, and the help
 * screen is written from the same table, so help and behaviour cannot drift.
 * Every function key has a letter alias (some terminals and ssh clients eat
 * F-keys).
 */
#ifndef NW_TUI_KEYS_H
#define NW_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum {
	NW_KEY_TAB = 9,
	NW_KEY_ENTER = 10,
	NW_KEY_CTRL_L = 12,
	NW_KEY_CTRL_U = 21, /* prompts: clear the line */
	NW_KEY_CTRL_W = 23, /* prompts: erase the word before the cursor */
	NW_KEY_ESC = 27,
	NW_KEY_DEL = 127,
	NW_KEY_SPECIAL = 0x110000, /* past Unicode */
	NW_KEY_UP,
	NW_KEY_DOWN,
	NW_KEY_LEFT,
	NW_KEY_RIGHT,
	NW_KEY_PGUP,
	NW_KEY_PGDN,
	NW_KEY_HOME,
	NW_KEY_END,
	NW_KEY_BTAB, /* Shift-Tab */
	NW_KEY_BACKSPACE,
	NW_KEY_RESIZE,
	NW_KEY_F0 = 0x110100, /* NW_KEY_F0 + n is Fn */
};
#define NW_KEY_F(n) (NW_KEY_F0 + (n))

/*
 * Mouse events travel as keys too: a flag, the button and the cell
 * (x, y < 1024).  Optional: every action has a key.
 */
enum nw_mouse_button { NW_MOUSE_CLICK = 1, NW_MOUSE_WHEEL_UP = 2, NW_MOUSE_WHEEL_DOWN = 3 };
#define NW_KEY_MOUSE_FLAG 0x40000000
#define NW_KEY_MOUSE(btn, x, y) (NW_KEY_MOUSE_FLAG | (int)(btn) << 20 | ((y) & 0x3ff) << 10 | ((x) & 0x3ff))
#define NW_KEY_IS_MOUSE(k) (((k) & NW_KEY_MOUSE_FLAG) != 0)
#define NW_KEY_MOUSE_BUTTON(k) (((k) >> 20) & 0xf)
#define NW_KEY_MOUSE_Y(k) (((k) >> 10) & 0x3ff)
#define NW_KEY_MOUSE_X(k) ((k) & 0x3ff)

enum nw_action {
	NW_ACT_NONE,
	NW_ACT_HELP,
	NW_ACT_QUIT,
	NW_ACT_SEARCH,
	NW_ACT_SEARCH_NEXT,
	NW_ACT_SEARCH_PREV,
	NW_ACT_FILTER,
	NW_ACT_NEXT_PANEL,
	NW_ACT_PREV_PANEL,
	NW_ACT_UP,
	NW_ACT_DOWN,
	NW_ACT_LEFT,
	NW_ACT_RIGHT,
	NW_ACT_TOP,
	NW_ACT_BOTTOM,
	NW_ACT_PAGE_UP,
	NW_ACT_PAGE_DOWN,
	NW_ACT_ENTER,
	NW_ACT_BACK,
	NW_ACT_PAUSE,
	NW_ACT_REDRAW,
	NW_ACT_ZOOM,
	NW_ACT_EXPLAIN,
	NW_ACT_EXPLAIN_NEXT,
	NW_ACT_EXPLAIN_PREV,
	NW_ACT_REPORT,
	NW_ACT_FINDINGS,
	NW_ACT_CAPTURE_FILTER,
	NW_ACT_MESSAGES,
	NW_ACT_COUNT
};

/* Contexts change a few keys: in the explain view n/p walk the steps. */
enum nw_key_ctx { NW_KEYCTX_MAIN, NW_KEYCTX_EXPLAIN, NW_KEYCTX_COUNT };

enum nw_action nw_keys_action(int key, enum nw_key_ctx ctx);

/*
 * One line of the help screen per binding group: "?  F1" and what it does.
 * The line with keys NULL stands for the panels' hotkeys, which their table
 * (tui/panels.c) binds and the help screen writes.
 */
struct nw_key_help {
	const char *keys;
	const char *what;
};
size_t nw_keys_help_count(void);
const struct nw_key_help *nw_keys_help(size_t i);

/* "Tab", "F1", "Ctrl-L", "x": a printable name for a key code. */
const char *nw_key_name(int key, char *buf, size_t size);

#endif
