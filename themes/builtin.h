/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in themes: the .theme files compiled in by themes/embed.sh
 * (themes/builtin_themes.c is generated at build time), so netwhy works
 * without being installed.  Private to themes/theme.c.
 */
#ifndef NW_THEMES_BUILTIN_H
#define NW_THEMES_BUILTIN_H

#include <stddef.h>

struct nw_builtin_theme {
	const char *name;
	const char *text;
};

extern const struct nw_builtin_theme nw_builtin_themes[];
extern const size_t nw_builtin_theme_count;

#endif
