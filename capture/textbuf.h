/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Appending formatted text to a fixed buffer, snprintf-style: the buffer is
 * always terminated and `len` counts what the whole text needs, so a caller
 * can tell it was cut.  Internal to capture/.
 */
#ifndef NW_CAPTURE_TEXTBUF_H
#define NW_CAPTURE_TEXTBUF_H

#include <stddef.h>

struct nw_tbuf {
	char *buf;
	size_t size, len;
};

static inline void nw_tbuf_init(struct nw_tbuf *t, char *buf, size_t size)
{
	t->buf = buf;
	t->size = size;
	t->len = 0;
	if (size)
		buf[0] = '\0';
}

void nw_tbuf_printf(struct nw_tbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
