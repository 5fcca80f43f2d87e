/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Screen geometry, pure arithmetic: a header line, the findings strip, the
 * panels (two columns at 160x40 and larger: 2x2 for four; one at a time
 * with a tab bar below that,
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
#define NW_LAYOUT_GRID_W 160
#define NW_LAYOUT_GRID_H 40
#define NW_PANELS_MAX 8 /* the panel table's size (tui/panels.c) at most */

enum nw_layout_mode { NW_LAYOUT_TOO_SMALL, NW_LAYOUT_TABS, NW_LAYOUT_GRID, NW_LAYOUT_ZOOM };

struct nw_layout {
	enum nw_layout_mode mode;
	int w, h;
	struct nw_rect header, findings, tabs, keybar, status;
	struct nw_rect panel[NW_PANELS_MAX]; /* w == 0: not shown */
};

/*
 * npanels (1..NW_PANELS_MAX) panels, focus the one shown in tabs and zoom
 * modes; explain: the findings strip grows into the explain view (about 2/5
 * of the height, most of it below NW_LAYOUT_GRID_H); findings: how many the
 * strip has (its title line only when none).
 */
void nw_layout_compute(struct nw_layout *l, int w, int h, int npanels, int focus, bool zoom, bool explain,
		       int findings);

#endif
