/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drawing surface.  Panels draw cells (a character and a semantic role)
 * into a canvas; they never talk to the terminal.  Two backends read a
 * canvas: the text grid (nw_canvas_dump_*, for golden tests, no terminal
 * needed) and ncursesw (tui/term.c, the only file that includes curses).
 *
 * Every cell is one column wide.  Text is UTF-8; control characters and
 * characters outside the few ranges we draw (box drawing, blocks, arrows,
 * Latin-1) become '?', so bytes from the network can never reach the
 * terminal as escape sequences nor break the grid with double-width glyphs.
 * In ASCII mode line drawing and glyphs fall back to + - | # . > < !
 */
#ifndef NW_TUI_CANVAS_H
#define NW_TUI_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "themes/theme.h"

struct nw_rect {
	int x, y, w, h;
};

struct nw_cell {
	uint32_t ch;  /* Unicode code point, never a control character */
	uint8_t role; /* enum nw_role */
};

enum nw_glyph {
	NW_GLYPH_HLINE,
	NW_GLYPH_VLINE,
	NW_GLYPH_TL,
	NW_GLYPH_TR,
	NW_GLYPH_BL,
	NW_GLYPH_BR,
	NW_GLYPH_MISMATCH,  /* marks a frame with a wrong destination MAC */
	NW_GLYPH_DROP,      /* marks a dropped packet or a failure */
	NW_GLYPH_IN,        /* received */
	NW_GLYPH_OUT,       /* sent */
	NW_GLYPH_BAR_FULL,  /* gauge */
	NW_GLYPH_BAR_EMPTY,
	NW_GLYPH_MARK,      /* gauge threshold mark */
	NW_GLYPH_EXPANDED,
	NW_GLYPH_COLLAPSED,
	NW_GLYPH_ARROW,     /* "then", in timelines */
	NW_GLYPH_ELLIPSIS,  /* text cut short */
	NW_GLYPH_FOCUS,     /* before the focused panel's title */
	NW_GLYPH_DIR_UNKNOWN, /* a frame whose direction is not known (loopback, a foreign capture) */
	NW_GLYPH_COUNT
};

struct nw_canvas;

/* w x h cells (each at least 1). */
struct nw_canvas *nw_canvas_new(int w, int h, bool ascii);
void nw_canvas_free(struct nw_canvas *c);
void nw_canvas_resize(struct nw_canvas *c, int w, int h); /* clears */
int nw_canvas_width(const struct nw_canvas *c);
int nw_canvas_height(const struct nw_canvas *c);
bool nw_canvas_ascii(const struct nw_canvas *c);

/* Fills every cell with a space of role. */
void nw_canvas_clear(struct nw_canvas *c, enum nw_role role);
/* Fills r (clipped) with ch of role. */
void nw_canvas_fill(struct nw_canvas *c, struct nw_rect r, uint32_t ch, enum nw_role role);
/* Changes the role of w cells from (x, y), keeping the characters. */
void nw_canvas_set_role(struct nw_canvas *c, int x, int y, int w, enum nw_role role);

/*
 * Writes UTF-8 text at (x, y), at most maxw cells (clipped to the canvas);
 * stops at a newline.  Text longer than maxw ends with an ellipsis glyph.
 * Returns the number of cells written.
 */
int nw_canvas_text(struct nw_canvas *c, int x, int y, int maxw, enum nw_role role, const char *s);
int nw_canvas_printf(struct nw_canvas *c, int x, int y, int maxw, enum nw_role role, const char *fmt,
		     ...) __attribute__((format(printf, 6, 7)));
void nw_canvas_glyph(struct nw_canvas *c, int x, int y, enum nw_glyph g, enum nw_role role);
/* The code point drawn for g in this canvas's mode. */
uint32_t nw_canvas_glyph_ch(const struct nw_canvas *c, enum nw_glyph g);
/* A box around r with an optional title in its top edge. */
void nw_canvas_box(struct nw_canvas *c, struct nw_rect r, enum nw_role border, const char *title,
		   enum nw_role title_role);
void nw_canvas_hline(struct nw_canvas *c, int x, int y, int w, enum nw_role role);

/* NULL outside the canvas. */
const struct nw_cell *nw_canvas_cell(const struct nw_canvas *c, int x, int y);

/*
 * Text backend: the characters as UTF-8, one line per row, trailing spaces
 * kept, each line ending in '\n'.  Caller frees.
 */
char *nw_canvas_dump_text(const struct nw_canvas *c);
/*
 * The roles, one character per cell: '.' for default and a letter per role
 * ('a' + role - 1, then 'A'...).  nw_canvas_role_legend() writes which
 * letter is which role.  Caller frees both.
 */
char *nw_canvas_dump_roles(const struct nw_canvas *c);
char *nw_canvas_role_legend(void);
char nw_canvas_role_char(enum nw_role role);

/*
 * Word wrap: the number of bytes of s that fit in w cells, cut at the last
 * space when there is one; *next points past that and the spaces after.
 */
int nw_text_wrap(const char *s, int w, const char **next);
/* Width in cells of UTF-8 text as nw_canvas_text() would draw it. */
int nw_text_width(const char *s);

#endif
