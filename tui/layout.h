/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Screen geometry, pure arithmetic: a header line, the findings strip, the
 * panels (2x2 at 160x40 and larger, one at a time with a tab bar below that,
 * or the focused one alone when zoomed), a key bar and a status line.  Below
 * NW_LAYOUT_MIN_W x NW_LAYOUT_MIN_H there is only a "terminal too small"
 * message.
 */
#ifndef NW_TUI_LAYOUT_H
#define NW_TUI_LAYOUT_H

#include <stdbool.h>

#include "tui/canvas.h"

#define NW_LAYOUT_MIN_W 40
#define NW_LAYOUT_MIN_H 12
#define NW_LAYOUT_QUAD_W 160
#define NW_LAYOUT_QUAD_H 40
#define NW_PANELS 4

enum nw_layout_mode { NW_LAYOUT_TOO_SMALL, NW_LAYOUT_TABS, NW_LAYOUT_QUAD, NW_LAYOUT_ZOOM };

struct nw_layout {
	enum nw_layout_mode mode;
	int w, h;
	struct nw_rect header, findings, tabs, keybar, status;
	struct nw_rect panel[NW_PANELS]; /* w == 0: not shown */
};

/* explain: the findings strip grows into the explain view (about 2/5 of the height). */
void nw_layout_compute(struct nw_layout *l, int w, int h, int focus, bool zoom, bool explain);

#endif
