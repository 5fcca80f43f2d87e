/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Screen geometry. */
#include <string.h>

#include "tui/layout.h"

void nw_layout_compute(struct nw_layout *l, int w, int h, int focus, bool zoom, bool explain)
{
	int y, area_h, findings_lines;

	memset(l, 0, sizeof(*l));
	l->w = w;
	l->h = h;
	if (w < NW_LAYOUT_MIN_W || h < NW_LAYOUT_MIN_H) {
		l->mode = NW_LAYOUT_TOO_SMALL;
		return;
	}
	if (focus < 0 || focus >= NW_PANELS)
		focus = 0;
	/* More room, more findings: the strip is what a person reads first. */
	findings_lines = h >= NW_LAYOUT_QUAD_H ? 4 : (h >= 20 ? 2 : 1);
	if (explain)
		findings_lines = (h - 4) * 2 / 5 - 1;

	l->header = (struct nw_rect){ 0, 0, w, 1 };
	l->findings = (struct nw_rect){ 0, 1, w, 1 + findings_lines };
	y = 1 + l->findings.h;
	l->keybar = (struct nw_rect){ 0, h - 2, w, 1 };
	l->status = (struct nw_rect){ 0, h - 1, w, 1 };
	area_h = h - 2 - y;

	if (zoom) {
		l->mode = NW_LAYOUT_ZOOM;
		l->panel[focus] = (struct nw_rect){ 0, y, w, area_h };
	} else if (w >= NW_LAYOUT_QUAD_W && h >= NW_LAYOUT_QUAD_H) {
		int lw = w / 2, th = area_h / 2;

		l->mode = NW_LAYOUT_QUAD;
		l->panel[0] = (struct nw_rect){ 0, y, lw, th };
		l->panel[1] = (struct nw_rect){ lw, y, w - lw, th };
		l->panel[2] = (struct nw_rect){ 0, y + th, lw, area_h - th };
		l->panel[3] = (struct nw_rect){ lw, y + th, w - lw, area_h - th };
	} else {
		l->mode = NW_LAYOUT_TABS;
		l->tabs = (struct nw_rect){ 0, y, w, 1 };
		l->panel[focus] = (struct nw_rect){ 0, y + 1, w, area_h - 1 };
	}
}
