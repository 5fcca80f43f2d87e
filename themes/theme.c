/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Theme roles, the theme file parser, the built-in registry and lookup. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/util.h"
#include "themes/builtin.h"
#include "themes/theme.h"

#define THEME_FILE_MAX (256 * 1024) /* a theme is a few KB; refuse to slurp a mistaken path */

struct nw_theme {
	char name[64];
	struct nw_style style[NW_ROLE_COUNT];
	bool set[NW_ROLE_COUNT];
};

static const char *const role_names[NW_ROLE_COUNT] = {
	[NW_ROLE_DEFAULT] = "default",
	[NW_ROLE_HEADER] = "header",
	[NW_ROLE_PANEL_BORDER] = "panel.border",
	[NW_ROLE_PANEL_TITLE] = "panel.title",
	[NW_ROLE_PANEL_FOCUS] = "panel.focus",
	[NW_ROLE_TAB] = "tab",
	[NW_ROLE_TAB_ACTIVE] = "tab.active",
	[NW_ROLE_SELECTION] = "selection",
	[NW_ROLE_RELATED] = "related",
	[NW_ROLE_COLUMN] = "column",
	[NW_ROLE_KEY] = "key",
	[NW_ROLE_KEY_LABEL] = "key.label",
	[NW_ROLE_STATUS] = "status",
	[NW_ROLE_STATUS_WARN] = "status.warn",
	[NW_ROLE_STATUS_ERROR] = "status.error",
	[NW_ROLE_FINDING] = "finding",
	[NW_ROLE_FINDING_TITLE] = "finding.title",
	[NW_ROLE_NEIGH_REACHABLE] = "neigh.reachable",
	[NW_ROLE_NEIGH_STALE] = "neigh.stale",
	[NW_ROLE_NEIGH_INCOMPLETE] = "neigh.incomplete",
	[NW_ROLE_NEIGH_FAILED] = "neigh.failed",
	[NW_ROLE_NEIGH_PERMANENT] = "neigh.permanent",
	[NW_ROLE_PACKET_IN] = "packet.in",
	[NW_ROLE_PACKET_OUT] = "packet.out",
	[NW_ROLE_PACKET_MAC_MISMATCH] = "packet.mac_mismatch",
	[NW_ROLE_PACKET_ARP] = "packet.arp",
	[NW_ROLE_PACKET_PARTIAL] = "packet.partial",
	[NW_ROLE_DROP] = "drop",
	[NW_ROLE_ERRNO] = "errno",
	[NW_ROLE_QDISC] = "qdisc",
	[NW_ROLE_QDISC_DROP] = "qdisc.drop",
	[NW_ROLE_GAUGE_OK] = "gauge.ok",
	[NW_ROLE_GAUGE_WARN] = "gauge.warn",
	[NW_ROLE_GAUGE_FULL] = "gauge.full",
	[NW_ROLE_SOURCE_OK] = "source.ok",
	[NW_ROLE_SOURCE_DEGRADED] = "source.degraded",
	[NW_ROLE_SOURCE_OFF] = "source.off",
	[NW_ROLE_LINK] = "link",
	[NW_ROLE_SEARCH_MATCH] = "search.match",
	[NW_ROLE_PROMPT] = "prompt",
	[NW_ROLE_MUTED] = "muted",
};

const char *nw_role_name(enum nw_role role)
{
	if ((unsigned)role >= NW_ROLE_COUNT)
		return NULL;
	return role_names[role];
}

bool nw_role_lookup(const char *name, size_t len, enum nw_role *role)
{
	for (size_t i = 0; i < NW_ROLE_COUNT; i++) {
		if (strlen(role_names[i]) == len && memcmp(role_names[i], name, len) == 0) {
			*role = (enum nw_role)i;
			return true;
		}
	}
	return false;
}

struct nw_theme *nw_theme_new(const char *name)
{
	struct nw_theme *t = nw_xcalloc(1, sizeof(*t));

	nw_strlcpy(t->name, name ? name : "", sizeof(t->name));
	for (size_t i = 0; i < NW_ROLE_COUNT; i++)
		t->style[i] = (struct nw_style){ NW_COLOR_DEFAULT, NW_COLOR_DEFAULT, 0 };
	return t;
}

void nw_theme_free(struct nw_theme *theme)
{
	free(theme);
}

const char *nw_theme_name(const struct nw_theme *theme)
{
	return theme->name;
}

bool nw_theme_is_set(const struct nw_theme *theme, enum nw_role role)
{
	return (unsigned)role < NW_ROLE_COUNT && theme->set[role];
}

struct nw_style nw_theme_style(const struct nw_theme *theme, enum nw_role role)
{
	if ((unsigned)role >= NW_ROLE_COUNT || !theme->set[role])
		role = NW_ROLE_DEFAULT;
	return theme->style[role];
}

/* --- parser ----------------------------------------------------------------- */

static const char *const color_names[16] = {
	"black",	"red",	      "green",	     "yellow",	    "blue",	  "magenta",
	"cyan",		"white",      "bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

static bool tok_eq(const char *tok, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(tok, word, len) == 0;
}

/* Parses one colour token; returns false when it is not a colour. */
static bool parse_color(const char *tok, size_t len, int16_t *out)
{
	if (tok_eq(tok, len, "default") || tok_eq(tok, len, "-")) {
		*out = NW_COLOR_DEFAULT;
		return true;
	}
	if (tok_eq(tok, len, "grey") || tok_eq(tok, len, "gray")) {
		*out = 8;
		return true;
	}
	for (int i = 0; i < 16; i++) {
		if (tok_eq(tok, len, color_names[i])) {
			*out = (int16_t)i;
			return true;
		}
	}
	if (len == 0 || len > 3)
		return false;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)tok[i]))
			return false;
		v = v * 10 + (tok[i] - '0');
	}
	if (v > 255)
		return false;
	*out = (int16_t)v;
	return true;
}

static bool parse_attr(const char *tok, size_t len, uint8_t *attrs)
{
	static const struct {
		const char *name;
		uint8_t bit;
	} names[] = {
		{ "bold", NW_ATTR_BOLD }, { "underline", NW_ATTR_UNDERLINE },
		{ "reverse", NW_ATTR_REVERSE }, { "dim", NW_ATTR_DIM }, { "none", 0 },
	};

	for (size_t i = 0; i < NW_ARRAY_SIZE(names); i++) {
		if (tok_eq(tok, len, names[i].name)) {
			*attrs |= names[i].bit;
			return true;
		}
	}
	return false;
}

static int line_error(char *err, size_t errsize, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int line_error(char *err, size_t errsize, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err && errsize) {
		n = snprintf(err, errsize, "%u: ", line);
		if (n >= 0 && (size_t)n < errsize) {
			va_start(ap, fmt);
			vsnprintf(err + n, errsize - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

/* Next token of [p, end) split on spaces, tabs and commas. */
static bool next_tok(const char **p, const char *end, const char **tok, size_t *len)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t' || *s == ','))
		s++;
	if (s >= end)
		return false;
	*tok = s;
	while (s < end && *s != ' ' && *s != '\t' && *s != ',')
		s++;
	*len = (size_t)(s - *tok);
	*p = s;
	return true;
}

/* One "role = fg bg attrs" line, already stripped of its comment and newline. */
static int parse_line(struct nw_theme *t, const char *s, const char *end, unsigned lineno, char *err,
		      size_t errsize)
{
	const char *eq, *p, *tok;
	size_t len;
	enum nw_role role;
	struct nw_style st = { NW_COLOR_DEFAULT, NW_COLOR_DEFAULT, 0 };

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	if (s == end)
		return 0;
	eq = memchr(s, '=', (size_t)(end - s));
	if (!eq)
		return line_error(err, errsize, lineno, "expected 'role = fg bg [attrs]', found no '='");
	p = eq;
	while (p > s && isspace((unsigned char)p[-1]))
		p--;
	if (p == s)
		return line_error(err, errsize, lineno, "missing role name before '='");
	if (!nw_role_lookup(s, (size_t)(p - s), &role))
		return line_error(err, errsize, lineno, "unknown role '%.*s' (see themes/default.theme for the list)",
				  (int)(p - s > 40 ? 40 : p - s), s);
	p = eq + 1;
	if (!next_tok(&p, end, &tok, &len))
		return line_error(err, errsize, lineno, "role '%s' has no colours: write 'fg bg [attrs]'",
				  role_names[role]);
	if (!parse_color(tok, len, &st.fg))
		return line_error(err, errsize, lineno,
				  "bad foreground '%.*s': use a colour name, 'default' or 0-255",
				  (int)(len > 40 ? 40 : len), tok);
	if (!next_tok(&p, end, &tok, &len))
		return line_error(err, errsize, lineno, "role '%s' has no background: write 'fg bg [attrs]'",
				  role_names[role]);
	if (!parse_color(tok, len, &st.bg))
		return line_error(err, errsize, lineno,
				  "bad background '%.*s': use a colour name, 'default' or 0-255",
				  (int)(len > 40 ? 40 : len), tok);
	while (next_tok(&p, end, &tok, &len)) {
		if (!parse_attr(tok, len, &st.attrs))
			return line_error(err, errsize, lineno,
					  "unknown attribute '%.*s': use bold, underline, reverse, dim or none",
					  (int)(len > 40 ? 40 : len), tok);
	}
	t->style[role] = st;
	t->set[role] = true;
	return 0;
}

int nw_theme_parse(struct nw_theme *theme, const char *text, size_t len, char *err, size_t errsize)
{
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	int rc;

	if (err && errsize)
		err[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *hash = memchr(p, '#', (size_t)(eol - p));

		lineno++;
		if (memchr(p, '\0', (size_t)(eol - p)))
			return line_error(err, errsize, lineno, "NUL byte: not a text file");
		rc = parse_line(theme, p, hash ? hash : eol, lineno, err, errsize);
		if (rc < 0)
			return rc;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static char *read_small_file(const char *path, size_t *len, int *rc)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t n;

	if (!f) {
		*rc = -errno;
		return NULL;
	}
	buf = nw_xmalloc(THEME_FILE_MAX + 1);
	n = fread(buf, 1, THEME_FILE_MAX + 1, f);
	if (ferror(f)) {
		*rc = -EIO;
		goto err_free;
	}
	if (n > THEME_FILE_MAX) {
		*rc = -EFBIG;
		goto err_free;
	}
	fclose(f);
	*len = n;
	*rc = 0;
	return buf;

err_free:
	free(buf);
	fclose(f);
	return NULL;
}

/* The theme's name from its path: "dir/solar.theme" -> "solar". */
static void name_from_path(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	nw_strlcpy(name, base, size);
	n = strlen(name);
	if (n > 6 && strcmp(name + n - 6, ".theme") == 0)
		name[n - 6] = '\0';
}

struct nw_theme *nw_theme_load_file(const char *path, char *err, size_t errsize)
{
	char name[64], lerr[NW_THEME_ERR_MAX];
	struct nw_theme *t;
	size_t len = 0;
	int rc;
	char *text = read_small_file(path, &len, &rc);

	if (!text) {
		if (rc == -EFBIG)
			snprintf(err, errsize, "%s: larger than %d bytes: not a theme file", path, THEME_FILE_MAX);
		else
			snprintf(err, errsize, "%s: %s", path, strerror(-rc));
		return NULL;
	}
	name_from_path(path, name, sizeof(name));
	t = nw_theme_new(name);
	rc = nw_theme_parse(t, text, len, lerr, sizeof(lerr));
	free(text);
	if (rc < 0) {
		snprintf(err, errsize, "%s:%s", path, lerr);
		nw_theme_free(t);
		return NULL;
	}
	return t;
}

/* --- built-in themes and lookup --------------------------------------------- */

size_t nw_theme_builtin_count(void)
{
	return nw_builtin_theme_count;
}

const char *nw_theme_builtin_name(size_t i)
{
	return i < nw_builtin_theme_count ? nw_builtin_themes[i].name : NULL;
}

struct nw_theme *nw_theme_builtin(const char *name)
{
	char err[NW_THEME_ERR_MAX];

	for (size_t i = 0; i < nw_builtin_theme_count; i++) {
		const struct nw_builtin_theme *b = &nw_builtin_themes[i];
		struct nw_theme *t;

		if (strcmp(b->name, name) != 0)
			continue;
		t = nw_theme_new(name);
		/* The build checks the files (test_theme), so this cannot fail in a release. */
		if (nw_theme_parse(t, b->text, strlen(b->text), err, sizeof(err)) < 0) {
			nw_theme_free(t);
			return NULL;
		}
		return t;
	}
	return NULL;
}

static bool valid_theme_name(const char *name)
{
	if (!*name || strlen(name) > 48)
		return false;
	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return false;
	}
	return name[0] != '.';
}

/* Tries DIR/NAME.theme: 1 found (in *out, or an error in err), 0 absent. */
static int try_dir(const char *dir, const char *name, struct nw_theme **out, char *err, size_t errsize)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/%s.theme", dir, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (access(path, F_OK) != 0)
		return 0;
	*out = nw_theme_load_file(path, err, errsize);
	return 1;
}

struct nw_theme *nw_theme_find(const char *name, char *err, size_t errsize)
{
	struct nw_theme *t = NULL;
	char dir[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (strchr(name, '/'))
		return nw_theme_load_file(name, err, errsize);
	if (!valid_theme_name(name)) {
		snprintf(err, errsize, "theme name '%.64s' is not valid: use letters, digits, '-', '_' or a path",
			 name);
		return NULL;
	}
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s/netwhy/themes", xdg);
	else if (home && home[0])
		snprintf(dir, sizeof(dir), "%s/.config/netwhy/themes", home);
	else
		dir[0] = '\0';
	if (dir[0] && try_dir(dir, name, &t, err, errsize))
		return t;
	if (try_dir(NW_PKGDATADIR "/themes", name, &t, err, errsize))
		return t;
	t = nw_theme_builtin(name);
	if (t)
		return t;
	snprintf(err, errsize, "no theme '%s' (looked in %s, %s/themes and the built-in ones: default, light, mono, high-contrast)",
		 name, dir[0] ? dir : "$XDG_CONFIG_HOME/netwhy/themes", NW_PKGDATADIR);
	return NULL;
}

/* --- colour reduction ------------------------------------------------------- */

/* RGB of an xterm 256-colour index. */
static void xterm_rgb(int c, int rgb[3])
{
	static const int base[16][3] = {
		{ 0, 0, 0 },	   { 205, 0, 0 },   { 0, 205, 0 },   { 205, 205, 0 },
		{ 0, 0, 238 },	   { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 },   { 0, 255, 0 },   { 255, 255, 0 },
		{ 92, 92, 255 },   { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int cube[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		memcpy(rgb, base[c], sizeof(base[c]));
	} else if (c < 232) {
		c -= 16;
		rgb[0] = cube[c / 36];
		rgb[1] = cube[(c / 6) % 6];
		rgb[2] = cube[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + (c - 232) * 10;
	}
}

int nw_color_reduce(int color, int ncolors)
{
	int rgb[3], best = 0;
	long best_d = -1;

	if (color < 0 || ncolors <= 0)
		return NW_COLOR_DEFAULT;
	if (color < ncolors)
		return color;
	if (ncolors > 16)
		ncolors = 16;
	/* Bright colours on an 8-colour terminal are their base colour. */
	if (color < 16 && ncolors == 8)
		return color - 8;
	xterm_rgb(color, rgb);
	for (int i = 0; i < ncolors; i++) {
		int c[3];
		long d = 0;

		xterm_rgb(i, c);
		for (int k = 0; k < 3; k++)
			d += (long)(c[k] - rgb[k]) * (c[k] - rgb[k]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

struct nw_style nw_style_reduce(struct nw_style style, int ncolors)
{
	if (ncolors < 8) {
		style.fg = style.bg = NW_COLOR_DEFAULT;
		return style;
	}
	style.fg = (int16_t)nw_color_reduce(style.fg, ncolors);
	style.bg = (int16_t)nw_color_reduce(style.bg, ncolors);
	/* Reduction can merge fg and bg into one colour: text would vanish. */
	if (style.fg >= 0 && style.fg == style.bg) {
		style.attrs |= NW_ATTR_REVERSE;
		style.bg = NW_COLOR_DEFAULT;
	}
	return style;
}
