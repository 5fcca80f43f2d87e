// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The growable JSON buffer (core/jbuf.h) and its escaper.  Split out of the
 * event encoder so the diagnosis can render into a buffer without
 * depending on core/json.c, and core/json.c on nothing of the diagnosis.
 *
 * The escaper is table-driven and reserves its worst case (6 bytes per
 * input byte) once per string: names and interface names are short, and
 * most of their bytes are copied as they are.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jbuf.h"
#include "core/util.h"

void nw_jbuf_init(struct nw_jbuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void nw_jbuf_free(struct nw_jbuf *b)
{
	free(b->data);
	nw_jbuf_init(b);
}

void nw_jbuf_reset(struct nw_jbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void nw_jbuf_grow(struct nw_jbuf *b, size_t n)
{
	size_t need = b->len + n + 1;
	size_t cap = b->cap ? b->cap : 256;

	while (cap < need)
		cap *= 2;
	b->data = nw_xrealloc(b->data, cap);
	b->cap = cap;
}

void nw_jbuf_raw(struct nw_jbuf *b, const char *s, size_t n)
{
	memcpy(nw_jbuf_at(b, n), s, n);
	b->len += n;
	nw_jbuf_term(b);
}

void nw_jbuf_printf(struct nw_jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	nw_jbuf_reserve(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		nw_jbuf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1..4, at most avail), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	/* Reject overlong forms, surrogates and code points above U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* Bytes that are not copied as they are: control characters, '"', '\\', DEL, and non-ASCII (checked
 * as UTF-8). */
static const uint8_t esc_class[256] = {
    [0x00 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
    [0x7f ... 0xff] = 1,
};

/* The body of a JSON string for the n bytes at str (no NUL among them); p has room for 6 * n. */
char *nw_jbuf_esc(char *p, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *end = s + n;

	while (s < end) {
		unsigned char c = *s;
		size_t len;

		if (!esc_class[c]) {
			*p++ = (char)c;
			s++;
			continue;
		}
		if (c >= 0x80) {
			len = utf8_seq(s, (size_t)(end - s));
			if (len) {
				memcpy(p, s, len);
				p += len;
				s += len;
				continue;
			}
		}
		*p++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*p++ = (char)c;
			break;
		case '\n':
			*p++ = 'n';
			break;
		case '\r':
			*p++ = 'r';
			break;
		case '\t':
			*p++ = 't';
			break;
		case '\b':
			*p++ = 'b';
			break;
		case '\f':
			*p++ = 'f';
			break;
		default:
			/* Other control characters, DEL and bytes that are not UTF-8. */
			p = NW_JBUF_LIT(p, "u00");
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
			break;
		}
		s++;
	}
	return p;
}

void nw_jbuf_strn(struct nw_jbuf *b, const char *str, size_t n)
{
	char *p = nw_jbuf_at(b, 6 * n + 2);

	*p++ = '"';
	p = nw_jbuf_esc(p, str, n);
	*p++ = '"';
	nw_jbuf_set(b, p);
}

void nw_jbuf_str(struct nw_jbuf *b, const char *s)
{
	nw_jbuf_strn(b, s, strlen(s));
	nw_jbuf_term(b);
}
