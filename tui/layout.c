/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Screen geometry. */
#include <string.h>

#include "tui/layout.h"

/* Two columns, as many rows as it takes; a last panel alone gets the whole width. */
static void grid(struct nw_layout *l, int npanels, int y, int area_h)
{
	int rows = (npanels + 1) / 2, lw = l->w / 2, rh = area_h / rows;

	for (int i = 0; i < npanels; i++) {
		int row = i / 2, top = y + row * rh, h = row + 1 == rows ? area_h - row * rh : rh;

		if (i + 1 == npanels && i % 2 == 0)
			l->panel[i] = (struct nw_rect){ 0, top, l->w, h };
		else
			l->panel[i] = (struct nw_rect){ i % 2 ? lw : 0, top, i % 2 ? l->w - lw : lw, h };
	}
}

void nw_layout_compute(struct nw_layout *l, int w, int h, int npanels, int focus, bool zoom, bool explain,
		       int findings)
{
	int y, area_h, findings_lines;

	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	if (w < NW_LAYOUT_MIN_W || h < NW_LAYOUT_MIN_H) {
		l->mode = NW_LAYOUT_TOO_SMALL;
		return;
	}
	if (npanels < 1 || npanels > NW_PANELS_MAX)
		npanels = npanels < 1 ? 1 : NW_PANELS_MAX;
	if (focus < 0 || focus >= npanels)
		focus = 0;
	/* More room, more findings: the strip is what a person reads first; no rows kept for none. */
	findings_lines = h >= NW_LAYOUT_GRID_H ? 4 : (h >= 20 ? 2 : 1);
	if (findings < findings_lines)
		findings_lines = findings > 0 ? findings : 0;
	/* The explain view: 2/5 beside the grid; on a small screen all but a short panel (6 rows). */
	if (explain)
		findings_lines = (h - 4) * 2 / 5 - 1;
	if (explain && h < NW_LAYOUT_GRID_H && h - 12 > findings_lines)
		findings_lines = h - 12;

	l->header = (struct nw_rect){ 0, 0, w, 1 };
	l->findings = (struct nw_rect){ 0, 1, w, 1 + findings_lines };
	y = 1 + l->findings.h;
	l->keybar = (struct nw_rect){ 0, h - 2, w, 1 };
	l->status = (struct nw_rect){ 0, h - 1, w, 1 };
	area_h = h - 2 - y;

	if (zoom) {
		l->mode = NW_LAYOUT_ZOOM;
		l->panel[focus] = (struct nw_rect){ 0, y, w, area_h };
	} else if (w >= NW_LAYOUT_GRID_W && h >= NW_LAYOUT_GRID_H) {
		l->mode = NW_LAYOUT_GRID;
		grid(l, npanels, y, area_h);
	} else {
		l->mode = NW_LAYOUT_TABS;
		l->tabs = (struct nw_rect){ 0, y, w, 1 };
		l->panel[focus] = (struct nw_rect){ 0, y + 1, w, area_h - 1 };
	}
}
