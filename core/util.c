// SPDX-License-Identifier: GPL-2.0-or-later
/* Small helpers: clocks, strings, allocation that cannot fail silently, formatting. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/event.h"
#include "core/util.h"

static uint64_t clock_ns(clockid_t clk)
{
	struct timespec ts;

	/* Both clocks always exist on Linux; a failure here is a broken libc. */
	if (clock_gettime(clk, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t nw_now_mono(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

uint64_t nw_now_wall(void)
{
	return clock_ns(CLOCK_REALTIME);
}

uint64_t nw_time_wall_to_mono(uint64_t wall_ns)
{
	/* Sample the offset now: the two clocks drift apart when the wall clock is stepped. */
	uint64_t wall = nw_now_wall();
	uint64_t mono = nw_now_mono();

	if (wall_ns >= wall)
		return mono + (wall_ns - wall);
	if (wall - wall_ns > mono)
		return 0; /* before boot: clamp rather than wrap */
	return mono - (wall - wall_ns);
}

size_t nw_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static void nw_oom(size_t size)
{
	/* The memory cap is enforced by the stores; reaching this means the host is out. */
	fprintf(stderr, "netwhy: out of memory allocating %zu bytes; free memory or lower the store sizes\n",
		size);
	abort();
}

void *nw_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		nw_oom(size);
	return p;
}

void *nw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		nw_oom(n * size);
	return p;
}

void *nw_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q)
		nw_oom(size);
	return q;
}

char *nw_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = nw_xmalloc(len);

	memcpy(p, s, len);
	return p;
}

char *nw_mac_fmt(const struct nw_mac *mac, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = mac->len < NW_MAC_MAX ? mac->len : NW_MAC_MAX;
	size_t o = 0;

	if (!size)
		return buf;
	for (size_t i = 0; i < len && o + 3 <= size; i++) {
		if (i) {
			if (o + 4 > size)
				break;
			buf[o++] = ':';
		}
		buf[o++] = hex[mac->bytes[i] >> 4];
		buf[o++] = hex[mac->bytes[i] & 0xf];
	}
	buf[o] = '\0';
	return buf;
}

char *nw_addr_fmt(const struct nw_addr *addr, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	if (addr->family == AF_INET && size >= 16) {
		/* Hand-rolled: inet_ntop formats IPv4 through sprintf, and every event has addresses. */
		size_t o = 0;

		for (int i = 0; i < 4; i++) {
			unsigned v = addr->bytes[i];

			if (i)
				buf[o++] = '.';
			if (v >= 100)
				buf[o++] = (char)('0' + v / 100);
			if (v >= 10)
				buf[o++] = (char)('0' + v / 10 % 10);
			buf[o++] = (char)('0' + v % 10);
		}
		buf[o] = '\0';
	} else if (addr->family == AF_INET || addr->family == AF_INET6) {
		if (!inet_ntop(addr->family, addr->bytes, buf, (socklen_t)size))
			buf[0] = '\0';
	}
	return buf;
}
