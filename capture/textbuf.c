/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>

#include "capture/textbuf.h"

void nw_tbuf_printf(struct nw_tbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room = t->len < t->size ? t->size - t->len : 0;

	va_start(ap, fmt);
	n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}
