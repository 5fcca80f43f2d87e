/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rows, and the list behaviour every panel shares: selection, scrolling, filter, search. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "tui/panel.h"

/* --- rows ------------------------------------------------------------------- */

uint64_t nw_row_key(uint64_t parent, unsigned tag, const void *what, size_t len)
{
	uint64_t key = nw_hash_bytes(what, len, parent ^ ((uint64_t)tag << 56 | tag));

	return key ? key : 1;
}

struct nw_row *nw_rows_push(struct nw_rows *rows, uint64_t key)
{
	struct nw_row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = nw_xrealloc(rows->v, rows->cap * sizeof(*rows->v));
	}
	r = &rows->v[rows->n++];
	r->key = key;
	r->id = 0;
	r->len = 0;
	r->cells = 0;
	r->indent = 0;
	r->expandable = r->expanded = false;
	r->lazy = false;
	r->ref = NULL;
	memset(&r->link, 0, sizeof(r->link));
	r->text[0] = '\0';
	return r;
}

void nw_rows_reset(struct nw_rows *rows)
{
	rows->n = 0;
}

void nw_rows_free(struct nw_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* Appends s in role; counts cells as UTF-8 lead bytes.  Cuts at a character boundary. */
static void row_append(struct nw_row *row, enum nw_role role, const char *s, int maxcells)
{
	while (*s && maxcells != 0) {
		const unsigned char c = (unsigned char)*s;
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;

		if (strnlen(s, n) < n)
			n = 1; /* truncated sequence: the canvas shows it as U+FFFD */
		if (row->len + n >= NW_ROW_MAX)
			break;
		memcpy(row->text + row->len, s, n);
		memset(row->role + row->len, role, n);
		row->len = (uint16_t)(row->len + n);
		row->cells++;
		s += n;
		if (maxcells > 0)
			maxcells--;
	}
	row->text[row->len] = '\0';
}

void nw_row_add(struct nw_row *row, enum nw_role role, const char *fmt, ...)
{
	char buf[NW_ROW_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	row_append(row, role, buf, -1);
}

void nw_row_pad(struct nw_row *row, int col)
{
	while (row->cells < col && row->len + 1 < NW_ROW_MAX)
		row_append(row, NW_ROLE_DEFAULT, " ", 1);
}

void nw_row_col(struct nw_row *row, int w, enum nw_role role, const char *fmt, ...)
{
	char buf[NW_ROW_MAX];
	int start = row->cells;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	row_append(row, role, buf, w);
	nw_row_pad(row, start + w);
}

static const char *glyph_utf8(bool ascii, enum nw_glyph g, char *buf)
{
	/* The same code points the canvas uses; encode one. */
	static struct nw_canvas *utf, *asc;
	uint32_t cp;

	if (!utf) {
		utf = nw_canvas_new(1, 1, false);
		asc = nw_canvas_new(1, 1, true);
	}
	cp = nw_canvas_glyph_ch(ascii ? asc : utf, g);
	if (cp < 0x80) {
		buf[0] = (char)cp;
		buf[1] = '\0';
	} else if (cp < 0x800) {
		buf[0] = (char)(0xc0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3f));
		buf[2] = '\0';
	} else {
		buf[0] = (char)(0xe0 | cp >> 12);
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		buf[3] = '\0';
	}
	return buf;
}

void nw_row_glyph(struct nw_row *row, bool ascii, enum nw_glyph g, enum nw_role role)
{
	char buf[5];

	row_append(row, role, glyph_utf8(ascii, g, buf), 1);
}

void nw_row_gauge(struct nw_row *row, bool ascii, int w, uint64_t value, uint64_t t1, uint64_t t2,
		  uint64_t t3)
{
	uint64_t max = t3 ? t3 : (t2 ? t2 : (t1 ? t1 : value));
	enum nw_role role = NW_ROLE_GAUGE_OK;
	int fill;

	if (w < 1)
		return;
	if (t3 && value >= t3)
		role = NW_ROLE_GAUGE_FULL;
	else if (t2 && value >= t2)
		role = NW_ROLE_GAUGE_WARN;
	fill = max ? (int)((value >= max ? max : value) * (uint64_t)w / max) : 0;
	if (value && !fill)
		fill = 1;
	for (int i = 0; i < w; i++) {
		uint64_t at = max * (uint64_t)(i + 1) / (uint64_t)w;
		uint64_t prev = max * (uint64_t)i / (uint64_t)w;
		bool mark = (t1 && t1 > prev && t1 <= at) || (t2 && t2 > prev && t2 <= at);

		if (i < fill)
			nw_row_glyph(row, ascii, NW_GLYPH_BAR_FULL, role);
		else if (mark)
			nw_row_glyph(row, ascii, NW_GLYPH_MARK, NW_ROLE_MUTED);
		else
			nw_row_glyph(row, ascii, NW_GLYPH_BAR_EMPTY, NW_ROLE_MUTED);
	}
}

bool nw_row_contains(const struct nw_row *row, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return true;
	for (size_t i = 0; i + n <= row->len; i++) {
		if (strncasecmp(row->text + i, needle, n) == 0)
			return true;
	}
	return false;
}

/* --- panels ------------------------------------------------------------------ */

void nw_panel_init(struct nw_panel *p, const struct nw_panel_ops *ops, const struct nw_ui_ctx *ctx)
{
	memset(p, 0, sizeof(*p));
	p->ops = ops;
	p->ctx = ctx;
	p->tail = p->follow = ops->tail;
}

struct nw_panel *nw_panel_new(const struct nw_panel_ops *ops, const struct nw_ui_ctx *ctx)
{
	struct nw_panel *p = nw_xcalloc(1, sizeof(*p));

	nw_panel_init(p, ops, ctx);
	if (ops->init)
		ops->init(p);
	return p;
}

void nw_panel_fini(struct nw_panel *p)
{
	free(p->fcache);
	nw_rows_free(&p->rows);
	free(p->shown);
}

void nw_panel_free(struct nw_panel *p)
{
	if (!p)
		return;
	if (p->ops->free)
		p->ops->free(p);
	nw_panel_fini(p);
	free(p);
}

void nw_panel_resize(struct nw_panel *p, int w, int h)
{
	p->view_w = w;
	p->view_h = h;
	if (p->ops->resize)
		p->ops->resize(p, w, h);
}

bool nw_panel_is_expanded(const struct nw_panel *p, uint64_t key)
{
	for (size_t i = 0; i < p->nexpanded; i++) {
		if (p->expanded[i] == key)
			return true;
	}
	return false;
}

void nw_panel_toggle_expanded(struct nw_panel *p, uint64_t key)
{
	for (size_t i = 0; i < p->nexpanded; i++) {
		if (p->expanded[i] == key) {
			p->expanded[i] = p->expanded[--p->nexpanded];
			return;
		}
	}
	if (p->nexpanded == NW_ARRAY_SIZE(p->expanded)) { /* forget the oldest */
		memmove(p->expanded, p->expanded + 1, sizeof(p->expanded) - sizeof(p->expanded[0]));
		p->nexpanded--;
	}
	p->expanded[p->nexpanded++] = key;
}

const struct nw_row *nw_panel_selected(const struct nw_panel *p)
{
	if (!p->nshown || p->sel >= p->nshown)
		return NULL;
	return &p->rows.v[p->shown[p->sel]];
}

static void remember_sel(struct nw_panel *p)
{
	const struct nw_row *r = nw_panel_selected(p);

	if (r) {
		p->sel_key = r->key;
		p->have_sel = true;
	}
	if (p->nshown)
		p->follow = p->tail && p->sel + 1 >= p->nshown;
}

/*
 * A lazy row's text depends only on its key and the panel's width, so
 * whether it passes the filter is computed once, not on every frame
 * (thousands of packets against a filter would cost milliseconds each time).
 */
#define FCACHE_SLOTS 16384 /* a power of two above twice the Packets panel's rows (5000) */

struct nw_filter_cache {
	char filter[64];
	int width;
	size_t used;
	uint64_t key[FCACHE_SLOTS]; /* 0 = empty; stored as key | 1 << 63 never collides with 0 */
	bool match[FCACHE_SLOTS];
};

static bool *fcache_slot(struct nw_filter_cache *fc, uint64_t key, bool *found)
{
	uint64_t k = key | (1ull << 63);
	size_t i = (size_t)k & (FCACHE_SLOTS - 1); /* keys are hashes already (nw_row_key) */

	while (fc->key[i] && fc->key[i] != k)
		i = (i + 1) & (FCACHE_SLOTS - 1);
	*found = fc->key[i] == k;
	if (!*found) {
		fc->key[i] = k;
		fc->used++;
	}
	return &fc->match[i];
}

static void fcache_reset(struct nw_panel *p)
{
	if (!p->fcache)
		p->fcache = nw_xcalloc(1, sizeof(*p->fcache));
	memset(p->fcache->key, 0, sizeof(p->fcache->key));
	p->fcache->used = 0;
	nw_strlcpy(p->fcache->filter, p->filter, sizeof(p->fcache->filter));
	p->fcache->width = p->view_w;
}

static struct nw_row *formatted(struct nw_panel *p, struct nw_row *r);

static bool passes_filter(struct nw_panel *p, struct nw_row *r)
{
	bool found, *m;

	if (!p->filter[0])
		return true;
	if (!r->lazy)
		return nw_row_contains(r, p->filter);
	if (!p->fcache || strcmp(p->fcache->filter, p->filter) != 0 || p->fcache->width != p->view_w ||
	    p->fcache->used > FCACHE_SLOTS / 2)
		fcache_reset(p);
	m = fcache_slot(p->fcache, r->key, &found);
	if (!found)
		*m = nw_row_contains(formatted(p, r), p->filter);
	return *m;
}

static struct nw_row *formatted(struct nw_panel *p, struct nw_row *r)
{
	if (r->lazy && p->ops->format) {
		r->lazy = false;
		p->ops->format(p, r);
	}
	return r;
}

void nw_panel_refresh(struct nw_panel *p)
{
	size_t i;

	nw_rows_reset(&p->rows);
	p->heading.len = p->heading.cells = 0;
	p->heading.text[0] = '\0';
	if (p->ops->collect)
		p->ops->collect(p, &p->rows, &p->heading);
	if (p->shown_cap < p->rows.n) {
		p->shown_cap = p->rows.n;
		p->shown = nw_xrealloc(p->shown, p->shown_cap * sizeof(*p->shown));
	}
	p->nshown = 0;
	for (i = 0; i < p->rows.n; i++) {
		if (passes_filter(p, &p->rows.v[i]))
			p->shown[p->nshown++] = i;
	}
	/* The selection follows its row; a vanished row leaves it at the same position. */
	if (p->tail && p->follow) {
		p->sel = p->nshown ? p->nshown - 1 : 0;
	} else if (!p->have_sel) {
		p->sel = 0;
	} else {
		for (i = 0; i < p->nshown; i++) {
			if (p->rows.v[p->shown[i]].key == p->sel_key) {
				p->sel = i;
				break;
			}
		}
		if (p->sel >= p->nshown)
			p->sel = p->nshown ? p->nshown - 1 : 0;
	}
	if (nw_panel_selected(p)) {
		p->sel_key = nw_panel_selected(p)->key;
		p->have_sel = true;
	}
}

static void scroll_to_sel(struct nw_panel *p, int h)
{
	if (h < 1)
		h = 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)h)
		p->top = p->sel - (size_t)h + 1;
	if (p->nshown <= (size_t)h)
		p->top = 0;
	else if (p->top + (size_t)h > p->nshown)
		p->top = p->nshown - (size_t)h;
}

/* Unicast only: every frame to ff:ff:ff:ff:ff:ff is not "related". */
static bool mac_same(const struct nw_mac *a, const struct nw_mac *b)
{
	return a->len && a->len == b->len && !(a->bytes[0] & 1) && memcmp(a->bytes, b->bytes, a->len) == 0;
}

bool nw_row_link_related(const struct nw_row_link *a, const struct nw_row_link *b)
{
	if (!a || !b || !a->valid || !b->valid)
		return false;
	if (a->ip.family && (nw_addr_same(&a->ip, &b->ip) || nw_addr_same(&a->ip, &b->ip2)))
		return true;
	if (a->ip2.family && (nw_addr_same(&a->ip2, &b->ip) || nw_addr_same(&a->ip2, &b->ip2)))
		return true;
	if (mac_same(&a->mac, &b->mac) || mac_same(&a->mac, &b->mac2) || mac_same(&a->mac2, &b->mac) ||
	    mac_same(&a->mac2, &b->mac2))
		return true;
	return a->ifname[0] && a->netns_ino == b->netns_ino && strcmp(a->ifname, b->ifname) == 0 &&
	       !a->ip.family;
}

void nw_panel_draw_row(struct nw_canvas *c, const struct nw_row *row, int x, int y, int w, int hscroll,
		       enum nw_role over)
{
	const char *s = row->text;
	int cell = 0, col = 0;

	while ((size_t)(s - row->text) < row->len && col < w) {
		size_t off = (size_t)(s - row->text);
		const unsigned char ch = (unsigned char)*s;
		size_t n = ch < 0x80 ? 1 : (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : 4;
		char one[5] = { 0 };
		enum nw_role role = row->role[off];

		if (off + n > row->len)
			n = row->len - off;
		memcpy(one, s, n);
		s += n;
		if (cell++ < hscroll)
			continue;
		if (over == NW_ROLE_SELECTION || (over != NW_ROLE_DEFAULT && role == NW_ROLE_DEFAULT))
			role = over;
		nw_canvas_text(c, x + col, y, 1, role, one);
		col++;
	}
	if (over == NW_ROLE_SELECTION)
		nw_canvas_fill(c, (struct nw_rect){ x + col, y, w - col, 1 }, ' ', over);
}

void nw_panel_draw_list(struct nw_panel *p, struct nw_canvas *c, struct nw_rect r)
{
	int y = r.y, h = r.h;
	nw_panel_refresh(p);
	if (p->heading.len && h > 1) {
		nw_canvas_fill(c, (struct nw_rect){ r.x, y, r.w, 1 }, ' ', NW_ROLE_COLUMN);
		nw_panel_draw_row(c, &p->heading, r.x, y, r.w, p->hscroll, NW_ROLE_COLUMN);
		y++;
		h--;
	}
	if (p->filter[0] && h > 1) {
		nw_canvas_printf(c, r.x, r.y + r.h - 1, r.w, NW_ROLE_PROMPT, "filter \"%s\": %zu of %zu rows",
				 p->filter, p->nshown, p->rows.n);
		h--;
	}
	p->view_w = r.w;
	p->view_h = h;
	p->view = (struct nw_rect){ r.x, y, r.w, h };
	scroll_to_sel(p, h);
	for (int i = 0; i < h && p->top + (size_t)i < p->nshown; i++) {
		size_t idx = p->top + (size_t)i;
		const struct nw_row *row = formatted(p, &p->rows.v[p->shown[idx]]);
		enum nw_role over = NW_ROLE_DEFAULT;

		if (idx == p->sel && p->have_sel && !p->hide_sel)
			over = NW_ROLE_SELECTION;
		else if (p->ctx->sel_link && &row->link != p->ctx->sel_link &&
			 nw_row_link_related(p->ctx->sel_link, &row->link))
			over = NW_ROLE_RELATED;
		nw_panel_draw_row(c, row, r.x, y + i, r.w, p->hscroll, over);
	}
}

unsigned nw_panel_list_key(struct nw_panel *p, enum nw_action act)
{
	size_t page = p->view_h > 1 ? (size_t)p->view_h - 1 : 1;

	switch (act) {
	case NW_ACT_UP:
		if (p->sel > 0)
			p->sel--;
		break;
	case NW_ACT_DOWN:
		if (p->sel + 1 < p->nshown)
			p->sel++;
		break;
	case NW_ACT_PAGE_UP:
		p->sel = p->sel > page ? p->sel - page : 0;
		break;
	case NW_ACT_PAGE_DOWN:
		p->sel = p->sel + page < p->nshown ? p->sel + page : (p->nshown ? p->nshown - 1 : 0);
		break;
	case NW_ACT_TOP:
		p->sel = 0;
		break;
	case NW_ACT_BOTTOM:
		p->sel = p->nshown ? p->nshown - 1 : 0;
		break;
	case NW_ACT_LEFT:
		if (p->hscroll == 0)
			return NW_REDRAW_NONE;
		p->hscroll = p->hscroll > 8 ? p->hscroll - 8 : 0;
		return NW_REDRAW_PANEL;
	case NW_ACT_RIGHT:
		if (p->hscroll < NW_ROW_MAX)
			p->hscroll += 8;
		return NW_REDRAW_PANEL;
	default:
		return NW_REDRAW_UNHANDLED;
	}
	remember_sel(p);
	return NW_REDRAW_ALL; /* other panels show what relates to the new selection */
}

void nw_panel_select_key(struct nw_panel *p, uint64_t key)
{
	p->sel_key = key;
	p->have_sel = true;
	p->follow = false;
	for (size_t i = 0; i < p->nshown; i++) {
		if (p->rows.v[p->shown[i]].key == key) {
			p->sel = i;
			return;
		}
	}
	/* A filter may hide it: clear the filter so the evidence shows. */
	p->filter[0] = '\0';
}

bool nw_panel_click(struct nw_panel *p, int x, int y)
{
	size_t idx;

	if (x < p->view.x || x >= p->view.x + p->view.w || y < p->view.y || y >= p->view.y + p->view.h)
		return false;
	idx = p->top + (size_t)(y - p->view.y);
	if (idx >= p->nshown)
		return false;
	p->sel = idx;
	remember_sel(p);
	return true;
}

bool nw_panel_search(struct nw_panel *p, int dir)
{
	size_t n = p->nshown;

	if (!p->search[0] || !n)
		return false;
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (p->sel + k) % n : (p->sel + n - k % n) % n;

		if (nw_row_contains(formatted(p, &p->rows.v[p->shown[i]]), p->search)) {
			p->sel = i;
			remember_sel(p);
			return true;
		}
	}
	return false;
}
