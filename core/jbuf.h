/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growable output buffer with JSON-escaping writers: the plumbing under
 * the JSON Lines encoder (core/json.c) and the diagnosis's renderers
 * (core/diag/explain.c, report.c), which write into it without knowing
 * events.  It grows to the largest line seen and is then reused, so a
 * writer allocates nothing once warm.
 *
 * Two ways to write: the nw_jbuf_raw/printf/str calls append and keep the
 * text NUL-terminated; the fast path reserves a worst case once
 * (nw_jbuf_at), writes through the pointer, ends with nw_jbuf_set and
 * terminates with nw_jbuf_term when the line is done.
 */
#ifndef NW_CORE_JBUF_H
#define NW_CORE_JBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct nw_jbuf {
	char *data;
	size_t len, cap;
};

void nw_jbuf_init(struct nw_jbuf *b);
void nw_jbuf_free(struct nw_jbuf *b);
void nw_jbuf_reset(struct nw_jbuf *b);
void nw_jbuf_raw(struct nw_jbuf *b, const char *s, size_t n);
void nw_jbuf_printf(struct nw_jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes "s" with JSON escaping; invalid UTF-8 bytes are written as \u00XX. */
void nw_jbuf_str(struct nw_jbuf *b, const char *s);

/* --- the fast path: reserve, write at a pointer, set the length --------------- */

/* Room for n more bytes plus a terminating NUL (out of line: rare). */
void nw_jbuf_grow(struct nw_jbuf *b, size_t n);

static inline void nw_jbuf_reserve(struct nw_jbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		nw_jbuf_grow(b, n);
}

/* Where to write the next n bytes (at most). */
static inline char *nw_jbuf_at(struct nw_jbuf *b, size_t n)
{
	nw_jbuf_reserve(b, n);
	return b->data + b->len;
}

/* The text ends at p (a pointer from nw_jbuf_at, advanced). */
static inline void nw_jbuf_set(struct nw_jbuf *b, const char *p)
{
	b->len = (size_t)(p - b->data);
}

static inline void nw_jbuf_term(struct nw_jbuf *b)
{
	nw_jbuf_reserve(b, 0);
	b->data[b->len] = '\0';
}

/* A string literal at p; evaluates to the position after it. */
#define NW_JBUF_LIT(p, lit) ((char *)memcpy((p), (lit), sizeof(lit) - 1) + sizeof(lit) - 1)

/* The body of a JSON string for the n bytes at s (no NUL among them) at p, which has room for 6 *
 * n. */
char *nw_jbuf_esc(char *p, const char *s, size_t n);
/* The n bytes at s (no NUL among them) as a quoted JSON string; not terminated. */
void nw_jbuf_strn(struct nw_jbuf *b, const char *s, size_t n);

#endif
