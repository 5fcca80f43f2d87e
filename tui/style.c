/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Role styles for a terminal: theme lookup, colour reduction, the no-colour fallback. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tui/style.h"

bool nw_style_env_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v && v[0];
}

int nw_style_resolve(const char *theme_name, bool no_color, int ncolors, struct nw_style out[NW_ROLE_COUNT],
		     char *err, size_t errsize)
{
	struct nw_theme *t = nw_theme_find(theme_name ? theme_name : "default", err, errsize);
	struct nw_theme *mono = NULL;

	if (!t)
		return strstr(err, "no theme") ? -ENOENT : -EINVAL;
	if (no_color || ncolors < 8) {
		/* Attributes only: a colour theme's roles differ mostly by colour, mono's by attribute. */
		mono = nw_theme_builtin("mono");
		if (!mono) {
			nw_theme_free(t);
			return -ENOENT;
		}
		ncolors = 0;
	}
	for (int r = 0; r < NW_ROLE_COUNT; r++) {
		struct nw_style s = nw_theme_style(mono ? mono : t, (enum nw_role)r);

		out[r] = nw_style_reduce(s, ncolors);
	}
	nw_theme_free(mono);
	nw_theme_free(t);
	return 0;
}
