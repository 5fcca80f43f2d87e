/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The key map and the help text written from it (the panels' hotkeys are in their table, tui/panels.c). */
#include <stdio.h>

#include "core/util.h"
#include "tui/keys.h"

struct binding {
	int key;
	enum nw_action act;
	unsigned ctx_mask; /* bit per enum nw_key_ctx; 0 = every context */
};

#define CTX(c) (1u << (c))

/* Earlier entries win: the explain view's n/p come before search's n and pause's p. */
static const struct binding bindings[] = {
	{ 'n', NW_ACT_EXPLAIN_NEXT, CTX(NW_KEYCTX_EXPLAIN) },
	{ 'p', NW_ACT_EXPLAIN_PREV, CTX(NW_KEYCTX_EXPLAIN) },
	{ ' ', NW_ACT_EXPLAIN_NEXT, CTX(NW_KEYCTX_EXPLAIN) },
	{ '?', NW_ACT_HELP, 0 },
	{ NW_KEY_F(1), NW_ACT_HELP, 0 },
	{ 'q', NW_ACT_QUIT, 0 },
	{ NW_KEY_F(10), NW_ACT_QUIT, 0 },
	{ '/', NW_ACT_SEARCH, 0 },
	{ NW_KEY_F(3), NW_ACT_SEARCH, 0 },
	{ 'n', NW_ACT_SEARCH_NEXT, 0 },
	{ 'N', NW_ACT_SEARCH_PREV, 0 },
	{ '\\', NW_ACT_FILTER, 0 },
	{ NW_KEY_F(4), NW_ACT_FILTER, 0 },
	{ NW_KEY_TAB, NW_ACT_NEXT_PANEL, 0 },
	{ NW_KEY_BTAB, NW_ACT_PREV_PANEL, 0 },
	{ NW_KEY_UP, NW_ACT_UP, 0 },
	{ 'k', NW_ACT_UP, 0 },
	{ NW_KEY_DOWN, NW_ACT_DOWN, 0 },
	{ 'j', NW_ACT_DOWN, 0 },
	{ NW_KEY_LEFT, NW_ACT_LEFT, 0 },
	{ 'h', NW_ACT_LEFT, 0 },
	{ NW_KEY_RIGHT, NW_ACT_RIGHT, 0 },
	{ 'l', NW_ACT_RIGHT, 0 },
	{ 'g', NW_ACT_TOP, 0 },
	{ NW_KEY_HOME, NW_ACT_TOP, 0 },
	{ 'G', NW_ACT_BOTTOM, 0 },
	{ NW_KEY_END, NW_ACT_BOTTOM, 0 },
	{ NW_KEY_PGUP, NW_ACT_PAGE_UP, 0 },
	{ 'b', NW_ACT_PAGE_UP, 0 },
	{ NW_KEY_PGDN, NW_ACT_PAGE_DOWN, 0 },
	{ ' ', NW_ACT_PAGE_DOWN, 0 },
	{ NW_KEY_ENTER, NW_ACT_ENTER, 0 },
	{ '\r', NW_ACT_ENTER, 0 },
	{ NW_KEY_ESC, NW_ACT_BACK, 0 },
	{ NW_KEY_BACKSPACE, NW_ACT_BACK, 0 },
	{ 'p', NW_ACT_PAUSE, 0 },
	{ NW_KEY_F(7), NW_ACT_PAUSE, 0 },
	{ NW_KEY_CTRL_L, NW_ACT_REDRAW, 0 },
	{ 'o', NW_ACT_ZOOM, 0 },
	{ NW_KEY_F(5), NW_ACT_ZOOM, 0 },
	{ 'e', NW_ACT_EXPLAIN, 0 },
	{ NW_KEY_F(6), NW_ACT_EXPLAIN, 0 },
	{ 'r', NW_ACT_REPORT, 0 },
	{ NW_KEY_F(8), NW_ACT_REPORT, 0 },
	{ 'c', NW_ACT_CAPTURE_FILTER, 0 },
	{ NW_KEY_F(9), NW_ACT_CAPTURE_FILTER, 0 },
	{ 'm', NW_ACT_MESSAGES, 0 },
	{ 'f', NW_ACT_FINDINGS, 0 },
	{ NW_KEY_F(2), NW_ACT_FINDINGS, 0 },
};

enum nw_action nw_keys_action(int key, enum nw_key_ctx ctx)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(bindings); i++) {
		const struct binding *b = &bindings[i];

		if (b->key == key && (!b->ctx_mask || (b->ctx_mask & CTX(ctx))))
			return b->act;
	}
	return NW_ACT_NONE;
}

static const struct nw_key_help help[] = {
	{ "?  F1", "this help (any key closes it)" },
	{ "q  F10", "quit (the terminal is restored)" },
	{ "Tab  Shift-Tab", "next / previous panel" },
	{ NULL, NULL }, /* the panels' hotkeys: "1 2 3 4", "go to Packets, ..." (tui/help.c) */
	{ "f  F2", "go to the findings strip (detected symptoms, newest first)" },
	{ "Up Down  k j", "move the selection" },
	{ "Left Right  h l", "scroll sideways / collapse and expand" },
	{ "g G  Home End", "first / last row (G follows new rows)" },
	{ "PgUp PgDn  b Space", "page up / down" },
	{ "Enter", "drill in: expand an entry (neighbour timeline, packet detail and bytes, socket errors); "
		   "on a finding, explain it" },
	{ "Esc  Backspace", "back: close the detail, the prompt or the explain view" },
	{ "/  F3", "search in the focused panel" },
	{ "n  N", "next / previous search match" },
	{ "\\  F4", "filter the focused panel to rows containing a text (empty clears)" },
	{ "c  F9", "capture filter: a pcap expression for the live captures (tcpdump syntax; empty captures all)" },
	{ "p  F7", "pause / resume the display (capture goes on, nothing is lost)" },
	{ "o  F5", "zoom the focused panel to the whole screen and back" },
	{ "e  F6", "explain the selected finding or row, layer by layer" },
	{ "n p  Space", "in the explain view: next / previous step" },
	{ "r  F8", "write a Markdown report of every finding, explained, to netwhy-report-DATE-TIME.md here" },
	{ "m", "messages: every warning and error of this run, whole (the status line shows the newest, cut)" },
	{ "Ctrl-U  Ctrl-W", "in a prompt: clear the line / erase a word (the old value comes selected: typing "
			    "replaces it, End or Backspace edits it)" },
	{ "Ctrl-L", "redraw the screen" },
	{ "mouse", "click a tab, a panel's row or a finding to go there; the wheel scrolls (Shift selects text)" },
};

size_t nw_keys_help_count(void)
{
	return NW_ARRAY_SIZE(help);
}

const struct nw_key_help *nw_keys_help(size_t i)
{
	return i < NW_ARRAY_SIZE(help) ? &help[i] : NULL;
}

const char *nw_key_name(int key, char *buf, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ NW_KEY_TAB, "Tab" },	     { NW_KEY_ENTER, "Enter" },     { NW_KEY_ESC, "Esc" },
		{ NW_KEY_UP, "Up" },	     { NW_KEY_DOWN, "Down" },	    { NW_KEY_LEFT, "Left" },
		{ NW_KEY_RIGHT, "Right" },   { NW_KEY_PGUP, "PgUp" },	    { NW_KEY_PGDN, "PgDn" },
		{ NW_KEY_HOME, "Home" },     { NW_KEY_END, "End" },	    { NW_KEY_BTAB, "Shift-Tab" },
		{ NW_KEY_BACKSPACE, "Backspace" }, { ' ', "Space" },
	};

	for (size_t i = 0; i < NW_ARRAY_SIZE(names); i++) {
		if (names[i].key == key) {
			snprintf(buf, size, "%s", names[i].name);
			return buf;
		}
	}
	if (key > NW_KEY_F0 && key <= NW_KEY_F(24))
		snprintf(buf, size, "F%d", key - NW_KEY_F0);
	else if (key > 0 && key < 32)
		snprintf(buf, size, "Ctrl-%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "key#%d", key);
	return buf;
}
