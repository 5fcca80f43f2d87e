/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Themes: drawing code names what a cell *means* (a semantic role such as
 * neigh.failed or packet.mac_mismatch), never a colour.  A theme maps every
 * role to a style (foreground, background, attributes).
 *
 * A theme file has one assignment per line:
 *
 *	# comment
 *	neigh.failed = red default bold
 *	selection    = 16 39 reverse,bold
 *
 * Colours are names (default, black, red, green, yellow, blue, magenta, cyan,
 * white, bright-black ... bright-white, grey/gray = bright-black) or numbers
 * 0-255; attributes (optional, separated by spaces or commas) are bold,
 * underline, reverse, dim, or none.  A role a file does not set falls back to
 * the `default` role; the built-in themes set every role (a test checks).
 *
 * Lookup of --theme NAME: a NAME with a '/' is a file path; otherwise
 * $XDG_CONFIG_HOME/netwhy/themes/NAME.theme (XDG_CONFIG_HOME defaults to
 * ~/.config), then $(pkgdatadir)/themes/NAME.theme, then the copy compiled
 * into the program, so netwhy works without being installed.
 *
 * Owns no terminal: tui/ turns styles into curses attributes.
 */
#ifndef NW_THEMES_THEME_H
#define NW_THEMES_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nw_role {
	NW_ROLE_DEFAULT,
	NW_ROLE_HEADER,
	NW_ROLE_PANEL_BORDER,
	NW_ROLE_PANEL_TITLE,
	NW_ROLE_PANEL_FOCUS,
	NW_ROLE_TAB,
	NW_ROLE_TAB_ACTIVE,
	NW_ROLE_SELECTION,
	NW_ROLE_RELATED,   /* a row related to the selection in another panel */
	NW_ROLE_COLUMN,    /* column headings */
	NW_ROLE_KEY,       /* a key name in the key bar and help */
	NW_ROLE_KEY_LABEL, /* what the key does */
	NW_ROLE_STATUS,
	NW_ROLE_STATUS_WARN,
	NW_ROLE_STATUS_ERROR,
	NW_ROLE_FINDING,
	NW_ROLE_FINDING_TITLE,
	NW_ROLE_NEIGH_REACHABLE,
	NW_ROLE_NEIGH_STALE, /* also DELAY and PROBE: waiting for confirmation */
	NW_ROLE_NEIGH_INCOMPLETE,
	NW_ROLE_NEIGH_FAILED,
	NW_ROLE_NEIGH_PERMANENT, /* also NOARP */
	NW_ROLE_PACKET_IN,
	NW_ROLE_PACKET_OUT,
	NW_ROLE_PACKET_MAC_MISMATCH,
	NW_ROLE_PACKET_ARP,
	NW_ROLE_PACKET_PARTIAL,
	NW_ROLE_DROP,
	NW_ROLE_ERRNO,
	NW_ROLE_QDISC,
	NW_ROLE_QDISC_DROP,
	NW_ROLE_GAUGE_OK,
	NW_ROLE_GAUGE_WARN,
	NW_ROLE_GAUGE_FULL,
	NW_ROLE_SOURCE_OK,
	NW_ROLE_SOURCE_DEGRADED,
	NW_ROLE_SOURCE_OFF,
	NW_ROLE_LINK,
	NW_ROLE_SEARCH_MATCH,
	NW_ROLE_PROMPT,
	NW_ROLE_MUTED,
	NW_ROLE_COUNT
};

/* "neigh.failed"; NULL for an out-of-range role. */
const char *nw_role_name(enum nw_role role);
/* Reverse of nw_role_name(); false when unknown. */
bool nw_role_lookup(const char *name, size_t len, enum nw_role *role);

#define NW_COLOR_DEFAULT (-1) /* the terminal's own colour */

enum nw_attr {
	NW_ATTR_BOLD = 1u << 0,
	NW_ATTR_UNDERLINE = 1u << 1,
	NW_ATTR_REVERSE = 1u << 2,
	NW_ATTR_DIM = 1u << 3,
};

struct nw_style {
	int16_t fg, bg; /* 0-255 or NW_COLOR_DEFAULT */
	uint8_t attrs;  /* enum nw_attr bits */
};

struct nw_theme;

#define NW_THEME_ERR_MAX 160

/* An empty theme: every role unset (styled as terminal defaults). */
struct nw_theme *nw_theme_new(const char *name);
void nw_theme_free(struct nw_theme *theme);
const char *nw_theme_name(const struct nw_theme *theme);

/*
 * Parses theme text (len bytes, need not be NUL-terminated) into theme.
 * Returns 0, or -EINVAL with "LINE: what is wrong" written into err (the
 * first error; roles set by earlier lines stay set).
 */
int nw_theme_parse(struct nw_theme *theme, const char *text, size_t len, char *err, size_t errsize);
/* Reads and parses a file; errors are "PATH:LINE: ..." or "PATH: strerror". */
struct nw_theme *nw_theme_load_file(const char *path, char *err, size_t errsize);

/* The built-in themes (compiled from themes/ *.theme). */
size_t nw_theme_builtin_count(void);
const char *nw_theme_builtin_name(size_t i);
/* Parses the built-in theme NAME; NULL when there is none. */
struct nw_theme *nw_theme_builtin(const char *name);

/*
 * The lookup order described above.  NULL with err set when NAME is found
 * nowhere or a file found first is broken (a broken user theme is an error,
 * not silently replaced by the built-in one).
 */
struct nw_theme *nw_theme_find(const char *name, char *err, size_t errsize);

bool nw_theme_is_set(const struct nw_theme *theme, enum nw_role role);
/* The role's style; an unset role gets the default role's style. */
struct nw_style nw_theme_style(const struct nw_theme *theme, enum nw_role role);

/*
 * A style for a terminal with ncolors colours: 256 keeps it; 8 or 16 map
 * each colour to the nearest the terminal has; 0 (monochrome, NO_COLOR or
 * --no-color) drops the colours and keeps the attributes.
 */
struct nw_style nw_style_reduce(struct nw_style style, int ncolors);
/* Nearest colour among the first ncolors (8 or 16) of the xterm palette. */
int nw_color_reduce(int color, int ncolors);

#endif
