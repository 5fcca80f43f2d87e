/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The drawing surface and its text-grid backend (golden tests). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/canvas.h"

struct nw_canvas {
	int w, h;
	bool ascii;
	struct nw_cell *cells;
};

_Static_assert(NW_ROLE_COUNT <= 53, "role letters: '.', a-z, A-Z");

static const uint32_t glyph_utf8[NW_GLYPH_COUNT] = {
	[NW_GLYPH_HLINE] = 0x2500,	[NW_GLYPH_VLINE] = 0x2502,    [NW_GLYPH_TL] = 0x250c,
	[NW_GLYPH_TR] = 0x2510,		[NW_GLYPH_BL] = 0x2514,	      [NW_GLYPH_BR] = 0x2518,
	[NW_GLYPH_MISMATCH] = 0x25c6,	[NW_GLYPH_DROP] = 0x2716,     [NW_GLYPH_IN] = 0x2190,
	[NW_GLYPH_OUT] = 0x2192,	[NW_GLYPH_BAR_FULL] = 0x2588, [NW_GLYPH_BAR_EMPTY] = 0x2591,
	[NW_GLYPH_MARK] = 0x2502,	[NW_GLYPH_EXPANDED] = 0x25be, [NW_GLYPH_COLLAPSED] = 0x25b8,
	[NW_GLYPH_ARROW] = 0x2192,	[NW_GLYPH_ELLIPSIS] = 0x2026, [NW_GLYPH_FOCUS] = 0x25b6,
	[NW_GLYPH_DIR_UNKNOWN] = 0x00b7,
};

static const uint32_t glyph_ascii[NW_GLYPH_COUNT] = {
	[NW_GLYPH_HLINE] = '-',	    [NW_GLYPH_VLINE] = '|',	[NW_GLYPH_TL] = '+',
	[NW_GLYPH_TR] = '+',	    [NW_GLYPH_BL] = '+',	[NW_GLYPH_BR] = '+',
	[NW_GLYPH_MISMATCH] = '!',  [NW_GLYPH_DROP] = 'x',	[NW_GLYPH_IN] = '<',
	[NW_GLYPH_OUT] = '>',	    [NW_GLYPH_BAR_FULL] = '#',	[NW_GLYPH_BAR_EMPTY] = '.',
	[NW_GLYPH_MARK] = '|',	    [NW_GLYPH_EXPANDED] = '-',	[NW_GLYPH_COLLAPSED] = '+',
	[NW_GLYPH_ARROW] = '>',	    [NW_GLYPH_ELLIPSIS] = '~',	[NW_GLYPH_FOCUS] = '*',
	[NW_GLYPH_DIR_UNKNOWN] = '.',
};

struct nw_canvas *nw_canvas_new(int w, int h, bool ascii)
{
	struct nw_canvas *c = nw_xcalloc(1, sizeof(*c));

	c->ascii = ascii;
	nw_canvas_resize(c, w, h);
	return c;
}

void nw_canvas_free(struct nw_canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

void nw_canvas_resize(struct nw_canvas *c, int w, int h)
{
	c->w = w < 1 ? 1 : w;
	c->h = h < 1 ? 1 : h;
	free(c->cells);
	c->cells = nw_xcalloc((size_t)c->w * (size_t)c->h, sizeof(*c->cells));
	nw_canvas_clear(c, NW_ROLE_DEFAULT);
}

int nw_canvas_width(const struct nw_canvas *c)
{
	return c->w;
}

int nw_canvas_height(const struct nw_canvas *c)
{
	return c->h;
}

bool nw_canvas_ascii(const struct nw_canvas *c)
{
	return c->ascii;
}

static struct nw_cell *cell_at(struct nw_canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

const struct nw_cell *nw_canvas_cell(const struct nw_canvas *c, int x, int y)
{
	return cell_at((struct nw_canvas *)c, x, y);
}

void nw_canvas_clear(struct nw_canvas *c, enum nw_role role)
{
	nw_canvas_fill(c, (struct nw_rect){ 0, 0, c->w, c->h }, ' ', role);
}

void nw_canvas_fill(struct nw_canvas *c, struct nw_rect r, uint32_t ch, enum nw_role role)
{
	for (int y = r.y; y < r.y + r.h; y++) {
		for (int x = r.x; x < r.x + r.w; x++) {
			struct nw_cell *cell = cell_at(c, x, y);

			if (cell)
				*cell = (struct nw_cell){ ch, (uint8_t)role };
		}
	}
}

void nw_canvas_set_role(struct nw_canvas *c, int x, int y, int w, enum nw_role role)
{
	for (int i = 0; i < w; i++) {
		struct nw_cell *cell = cell_at(c, x + i, y);

		if (cell)
			cell->role = (uint8_t)role;
	}
}

/* Decodes one UTF-8 sequence; invalid or truncated input yields U+FFFD and consumes one byte. */
static uint32_t utf8_next(const char **ps)
{
	const unsigned char *s = (const unsigned char *)*ps;
	uint32_t cp;
	int n;

	if (s[0] < 0x80) {
		*ps += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		n = 3;
	} else {
		*ps += 1;
		return 0xfffd;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) { /* also stops at the NUL */
			*ps += 1;
			return 0xfffd;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*ps += n + 1;
	return cp;
}

/* Only characters known to be one column wide in every UTF-8 terminal. */
static uint32_t sanitize(const struct nw_canvas *c, uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return '?';
	if (cp < 0x7f)
		return cp;
	if (c->ascii)
		return '?';
	if ((cp >= 0xa0 && cp <= 0xff) || (cp >= 0x2190 && cp <= 0x21ff) || (cp >= 0x2500 && cp <= 0x25ff) ||
	    cp == 0x2026 || cp == 0x2716 || cp == 0x2713)
		return cp;
	return '?';
}

int nw_text_width(const char *s)
{
	int n = 0;

	while (*s && *s != '\n') {
		utf8_next(&s);
		n++;
	}
	return n;
}

int nw_text_wrap(const char *s, int w, const char **next)
{
	const char *p = s, *space = NULL;
	int cells = 0;

	if (w < 1)
		w = 1;
	while (*p && *p != '\n') {
		const char *q = p;

		utf8_next(&q);
		if (cells == w)
			break;
		if (*p == ' ')
			space = p;
		cells++;
		p = q;
	}
	if (*p && *p != '\n' && *p != ' ' && space && space > s)
		p = space; /* cut at the word boundary */
	*next = p;
	while (**next == ' ' || **next == '\n')
		(*next)++;
	return (int)(p - s);
}

int nw_canvas_text(struct nw_canvas *c, int x, int y, int maxw, enum nw_role role, const char *s)
{
	int n = 0;

	if (y < 0 || y >= c->h)
		return 0;
	if (maxw > c->w - x)
		maxw = c->w - x;
	while (*s && *s != '\n' && n < maxw) {
		uint32_t cp = sanitize(c, utf8_next(&s));
		struct nw_cell *cell;

		/* The last cell shows that there was more. */
		if (n == maxw - 1 && *s && *s != '\n')
			cp = nw_canvas_glyph_ch(c, NW_GLYPH_ELLIPSIS);
		cell = cell_at(c, x + n, y);
		if (cell)
			*cell = (struct nw_cell){ cp, (uint8_t)role };
		n++;
	}
	return n;
}

int nw_canvas_printf(struct nw_canvas *c, int x, int y, int maxw, enum nw_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return nw_canvas_text(c, x, y, maxw, role, buf);
}

uint32_t nw_canvas_glyph_ch(const struct nw_canvas *c, enum nw_glyph g)
{
	if ((unsigned)g >= NW_GLYPH_COUNT)
		return '?';
	return c->ascii ? glyph_ascii[g] : glyph_utf8[g];
}

void nw_canvas_glyph(struct nw_canvas *c, int x, int y, enum nw_glyph g, enum nw_role role)
{
	struct nw_cell *cell = cell_at(c, x, y);

	if (cell)
		*cell = (struct nw_cell){ nw_canvas_glyph_ch(c, g), (uint8_t)role };
}

void nw_canvas_hline(struct nw_canvas *c, int x, int y, int w, enum nw_role role)
{
	nw_canvas_fill(c, (struct nw_rect){ x, y, w, 1 }, nw_canvas_glyph_ch(c, NW_GLYPH_HLINE), role);
}

void nw_canvas_box(struct nw_canvas *c, struct nw_rect r, enum nw_role border, const char *title,
		   enum nw_role title_role)
{
	if (r.w < 2 || r.h < 2)
		return;
	nw_canvas_hline(c, r.x + 1, r.y, r.w - 2, border);
	nw_canvas_hline(c, r.x + 1, r.y + r.h - 1, r.w - 2, border);
	nw_canvas_fill(c, (struct nw_rect){ r.x, r.y + 1, 1, r.h - 2 }, nw_canvas_glyph_ch(c, NW_GLYPH_VLINE),
		       border);
	nw_canvas_fill(c, (struct nw_rect){ r.x + r.w - 1, r.y + 1, 1, r.h - 2 },
		       nw_canvas_glyph_ch(c, NW_GLYPH_VLINE), border);
	nw_canvas_glyph(c, r.x, r.y, NW_GLYPH_TL, border);
	nw_canvas_glyph(c, r.x + r.w - 1, r.y, NW_GLYPH_TR, border);
	nw_canvas_glyph(c, r.x, r.y + r.h - 1, NW_GLYPH_BL, border);
	nw_canvas_glyph(c, r.x + r.w - 1, r.y + r.h - 1, NW_GLYPH_BR, border);
	if (title && *title && r.w > 6)
		nw_canvas_printf(c, r.x + 2, r.y, r.w - 4, title_role, " %s ", title);
}

/* --- text backend --------------------------------------------------------- */

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

char *nw_canvas_dump_text(const struct nw_canvas *c)
{
	char *out = nw_xmalloc((size_t)c->w * (size_t)c->h * 4 + (size_t)c->h + 1);
	size_t n = 0;

	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++)
			n += utf8_put(out + n, c->cells[(size_t)y * (size_t)c->w + (size_t)x].ch);
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

char nw_canvas_role_char(enum nw_role role)
{
	if (role == NW_ROLE_DEFAULT || (unsigned)role >= NW_ROLE_COUNT)
		return '.';
	if (role <= 26)
		return (char)('a' + role - 1);
	return (char)('A' + role - 27);
}

char *nw_canvas_dump_roles(const struct nw_canvas *c)
{
	char *out = nw_xmalloc((size_t)c->w * (size_t)c->h + (size_t)c->h + 1);
	size_t n = 0;

	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++)
			out[n++] = nw_canvas_role_char(c->cells[(size_t)y * (size_t)c->w + (size_t)x].role);
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

char *nw_canvas_role_legend(void)
{
	char *out = nw_xmalloc(NW_ROLE_COUNT * 40);
	size_t n = 0;

	for (int r = 0; r < NW_ROLE_COUNT; r++)
		n += (size_t)sprintf(out + n, "%c %s\n", nw_canvas_role_char((enum nw_role)r),
				     nw_role_name((enum nw_role)r));
	return out;
}
