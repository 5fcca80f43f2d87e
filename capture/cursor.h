/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounds-checked read cursor over captured bytes.
 *
 * Every packet byte netwhy looks at is read through one of these.  A read
 * past the end does not fault and does not longjmp: it returns zero (or
 * copies nothing), leaves the position at the end and sets the sticky
 * `truncated` flag, so a dissector can read a whole header and check the
 * flag once afterwards.  Sub-cursors limit a dissector to the bytes its
 * parent says belong to it (an IPv4 total length, an option length); a
 * sub-cursor that was cut short by the capture is born truncated-capable:
 * `short_by` tells how many bytes the parent promised but did not have.
 */
#ifndef NW_CAPTURE_CURSOR_H
#define NW_CAPTURE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct nw_cursor {
	const uint8_t *base;
	size_t len;       /* bytes available to this cursor */
	size_t off;       /* next byte to read, always <= len */
	size_t short_by;  /* sub-cursor: bytes promised by the parent but not captured */
	bool truncated;   /* sticky: a read wanted more than was there */
};

static inline void nw_cur_init(struct nw_cursor *c, const uint8_t *data, size_t len)
{
	c->base = data;
	c->len = data ? len : 0;
	c->off = 0;
	c->short_by = 0;
	c->truncated = false;
}

static inline size_t nw_cur_remaining(const struct nw_cursor *c)
{
	return c->len - c->off;
}

static inline size_t nw_cur_offset(const struct nw_cursor *c)
{
	return c->off;
}

/* True when n more bytes can be read; sets nothing. */
static inline bool nw_cur_has(const struct nw_cursor *c, size_t n)
{
	return nw_cur_remaining(c) >= n;
}

/* Marks the cursor truncated and moves to the end; returns false. */
static inline bool nw_cur_fail(struct nw_cursor *c)
{
	c->truncated = true;
	c->off = c->len;
	return false;
}

static inline bool nw_cur_skip(struct nw_cursor *c, size_t n)
{
	if (!nw_cur_has(c, n))
		return nw_cur_fail(c);
	c->off += n;
	return true;
}

/* Pointer to the next n bytes, or NULL (and truncated) when they are not there. */
static inline const uint8_t *nw_cur_ptr(struct nw_cursor *c, size_t n)
{
	const uint8_t *p;

	if (!nw_cur_has(c, n)) {
		nw_cur_fail(c);
		return NULL;
	}
	p = c->base + c->off;
	c->off += n;
	return p;
}

static inline uint8_t nw_cur_u8(struct nw_cursor *c)
{
	const uint8_t *p = nw_cur_ptr(c, 1);

	return p ? p[0] : 0;
}

static inline uint16_t nw_cur_be16(struct nw_cursor *c)
{
	const uint8_t *p = nw_cur_ptr(c, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static inline uint16_t nw_cur_le16(struct nw_cursor *c)
{
	const uint8_t *p = nw_cur_ptr(c, 2);

	return p ? (uint16_t)(p[1] << 8 | p[0]) : 0;
}

static inline uint32_t nw_cur_be32(struct nw_cursor *c)
{
	const uint8_t *p = nw_cur_ptr(c, 4);

	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

static inline uint32_t nw_cur_le32(struct nw_cursor *c)
{
	const uint8_t *p = nw_cur_ptr(c, 4);

	return p ? (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0] : 0;
}

/* Copies n bytes into dst; on a short read dst is zeroed and false returned. */
static inline bool nw_cur_bytes(struct nw_cursor *c, void *dst, size_t n)
{
	const uint8_t *p = nw_cur_ptr(c, n);

	if (!p) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, p, n);
	return true;
}

/* The byte at offset ahead of the position without consuming it; 0 and false if absent. */
static inline bool nw_cur_peek_u8(const struct nw_cursor *c, size_t ahead, uint8_t *out)
{
	if (nw_cur_remaining(c) <= ahead) {
		*out = 0;
		return false;
	}
	*out = c->base[c->off + ahead];
	return true;
}

/*
 * Splits off the next n bytes as a sub-cursor and advances the parent past
 * them.  When fewer than n bytes remain, the sub-cursor gets what is there
 * with short_by set, and the parent is consumed to its end (not marked
 * truncated: the caller decides whether a short child is truncation or a
 * malformed length, by comparing with what the wire length allowed).
 */
static inline struct nw_cursor nw_cur_sub(struct nw_cursor *c, size_t n)
{
	struct nw_cursor s;
	size_t have = nw_cur_remaining(c);

	s.base = c->base ? c->base + c->off : NULL; /* no offset on NULL: undefined in C */
	s.off = 0;
	s.truncated = false;
	if (have >= n) {
		s.len = n;
		s.short_by = 0;
		c->off += n;
	} else {
		s.len = have;
		s.short_by = n - have;
		c->off = c->len;
	}
	return s;
}

/* The rest of the parent as a sub-cursor (the parent is consumed). */
static inline struct nw_cursor nw_cur_rest(struct nw_cursor *c)
{
	return nw_cur_sub(c, nw_cur_remaining(c));
}

/*
 * A fixed-size header taken from the cursor with one bounds check, its
 * fields then read by offset (the offsets of the RFC's diagram).  When fewer
 * bytes remain, the header holds what there is and the cursor is consumed
 * and marked truncated, as a read past the end does.  A field read returns
 * 0 (copies nothing) unless the field lies wholly within what was there:
 * the values reading the fields one by one through the cursor would give,
 * at the cost of one compare each instead of a cursor update.
 */
struct nw_hdr {
	const uint8_t *p;
	size_t have;      /* bytes of the header present: its size unless truncated */
};

static inline struct nw_hdr nw_cur_hdr(struct nw_cursor *c, size_t size)
{
	struct nw_hdr h = { NULL, nw_cur_remaining(c) };

	if (h.have >= size) {
		h.p = c->base + c->off; /* size > 0 bytes there: base is not NULL */
		h.have = size;
		c->off += size;
	} else {
		if (h.have)
			h.p = c->base + c->off;
		nw_cur_fail(c);
	}
	return h;
}

static inline bool nw_hdr_has(const struct nw_hdr *h, size_t off, size_t n)
{
	return off + n <= h->have;
}

static inline uint8_t nw_hdr_u8(const struct nw_hdr *h, size_t off)
{
	return nw_hdr_has(h, off, 1) ? h->p[off] : 0;
}

static inline uint16_t nw_hdr_be16(const struct nw_hdr *h, size_t off)
{
	if (!nw_hdr_has(h, off, 2))
		return 0;
	return (uint16_t)(h->p[off] << 8 | h->p[off + 1]);
}

static inline uint32_t nw_hdr_be32(const struct nw_hdr *h, size_t off)
{
	if (!nw_hdr_has(h, off, 4))
		return 0;
	return (uint32_t)h->p[off] << 24 | (uint32_t)h->p[off + 1] << 16 |
	       (uint32_t)h->p[off + 2] << 8 | h->p[off + 3];
}

/* Copies n bytes at off into dst; when they are not all there, dst is zeroed and false returned. */
static inline bool nw_hdr_bytes(const struct nw_hdr *h, size_t off, void *dst, size_t n)
{
	if (!nw_hdr_has(h, off, n)) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, h->p + off, n);
	return true;
}

#endif
