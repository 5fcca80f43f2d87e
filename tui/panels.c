/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The panels, listed once, in tab order (as tmux's command table or htop's
 * screens).  The layout, the tab bar, the hotkeys, the help and the explain
 * view's jumps all walk this list; nothing else names a panel.  A new panel
 * is its file (tui/panel_NAME.c, defining its const ops), a line here and a
 * line in tui/local.mk; tests/unit/test_tui_panels.c checks the list.
 */
#include "core/util.h"
#include "tui/layout.h"
#include "tui/panel.h"

extern const struct nw_panel_ops nw_panel_packets_ops;
extern const struct nw_panel_ops nw_panel_neigh_ops;
extern const struct nw_panel_ops nw_panel_qdisc_ops;
extern const struct nw_panel_ops nw_panel_sockets_ops;

const struct nw_panel_ops *const nw_panels[] = {
	&nw_panel_packets_ops,
	&nw_panel_neigh_ops,
	&nw_panel_qdisc_ops,
	&nw_panel_sockets_ops,
};

const size_t nw_npanels = NW_ARRAY_SIZE(nw_panels);

_Static_assert(NW_ARRAY_SIZE(nw_panels) <= NW_PANELS_MAX, "raise NW_PANELS_MAX (tui/layout.h)");

int nw_panels_find_key(int key)
{
	for (size_t i = 0; i < nw_npanels; i++) {
		if (nw_panels[i]->hotkey == key)
			return (int)i;
	}
	return -1;
}
