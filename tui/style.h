/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The styles the terminal gets for each role: the theme found by name
 * (themes/theme.h lookup order), its colours reduced to what the terminal
 * has.  Without colour (NO_COLOR, --no-color, or a terminal with fewer than
 * 8 colours) there is no colour at all: the mono theme's attributes (bold,
 * reverse, underline) keep roles apart.  Pure: tui/term.c applies it.
 */
#ifndef NW_TUI_STYLE_H
#define NW_TUI_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "themes/theme.h"

/* True when the environment asks for no colour (NO_COLOR set and not empty, https://no-color.org). */
bool nw_style_env_no_color(void);

/*
 * Fills out[] for every role.  theme_name NULL means "default".  Returns 0,
 * or -ENOENT / -EINVAL with err naming the theme, the file and line.
 */
int nw_style_resolve(const char *theme_name, bool no_color, int ncolors, struct nw_style out[NW_ROLE_COUNT],
		     char *err, size_t errsize);

#endif
