// SPDX-License-Identifier: GPL-2.0-or-later
/* Small helpers: clocks, strings, allocation that cannot fail silently, formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
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

/* "00".."99" and "00".."ff": two output characters per table read. */
static const char dec2[200] = "0001020304050607080910111213141516171819"
			      "2021222324252627282930313233343536373839"
			      "4041424344454647484950515253545556575859"
			      "6061626364656667686970717273747576777879"
			      "8081828384858687888990919293949596979899";

static const char hex2[512] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
			      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
			      "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
			      "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
			      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
			      "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
			      "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
			      "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

static size_t u32_digits(uint32_t v)
{
	if (v < 10000)
		return v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4);
	if (v < 100000000)
		return v < 1000000 ? (v < 100000 ? 5 : 6) : (v < 10000000 ? 7 : 8);
	return v < 1000000000 ? 9 : 10;
}

/* The digits of v ending at end; returns where they start. */
static inline char *put_u32_back(char *end, uint32_t v)
{
	/* Two digits per step, in 32 bits: the divisions by 100 are cheap multiplies. */
	while (v >= 100) {
		uint32_t q = v / 100;

		end -= 2;
		memcpy(end, dec2 + 2 * (v - q * 100), 2);
		v = q;
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, dec2 + 2 * v, 2);
	} else {
		*--end = (char)('0' + v);
	}
	return end;
}

/* Above 2^32: 8 digits at a time from the low end, then the rest (at most 12 digits). */
static __attribute__((noinline)) size_t put_u64_big(char *dst, uint64_t v)
{
	char tmp[NW_U64_STRLEN];
	char *start = tmp + sizeof(tmp);
	size_t n;

	while (v > UINT32_MAX) {
		uint32_t lo = (uint32_t)(v % 100000000);

		v /= 100000000;
		start -= 8;
		memset(start, '0', 8);
		put_u32_back(start + 8, lo);
	}
	start = put_u32_back(start, (uint32_t)v);
	n = (size_t)(tmp + sizeof(tmp) - start);
	memcpy(dst, start, n);
	return n;
}

size_t nw_put_u64(char *dst, uint64_t v)
{
	size_t n;

	/* The common case stays free of a stack buffer (and of its canary). */
	if (v > UINT32_MAX)
		return put_u64_big(dst, v);
	n = u32_digits((uint32_t)v);
	put_u32_back(dst + n, (uint32_t)v);
	return n;
}

size_t nw_put_mac(char *dst, const struct nw_mac *mac)
{
	size_t len = mac->len < NW_MAC_MAX ? mac->len : NW_MAC_MAX;

	/* "xx:" per octet (the last colon is scratch, dst has room), minus the last colon. */
	for (size_t i = 0; i < len; i++) {
		memcpy(dst + 3 * i, hex2 + 2 * mac->bytes[i], 2);
		dst[3 * i + 2] = ':';
	}
	return len ? 3 * len - 1 : 0;
}

char *nw_mac_fmt(const struct nw_mac *mac, char *buf, size_t size)
{
	size_t len = mac->len < NW_MAC_MAX ? mac->len : NW_MAC_MAX;
	size_t o = 0;

	if (size >= NW_MAC_STRLEN) {
		buf[nw_put_mac(buf, mac)] = '\0';
		return buf;
	}
	if (!size)
		return buf;
	/* A short buffer: whole octets only. */
	for (size_t i = 0; i < len && o + 3 <= size; i++) {
		if (i) {
			if (o + 4 > size)
				break;
			buf[o++] = ':';
		}
		memcpy(buf + o, hex2 + 2 * mac->bytes[i], 2);
		o += 2;
	}
	buf[o] = '\0';
	return buf;
}

static char *fmt_ip4(char *p, const uint8_t *bytes)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = bytes[i];

		if (i)
			*p++ = '.';
		if (v >= 100) {
			*p++ = (char)('0' + v / 100);
			memcpy(p, dec2 + 2 * (v % 100), 2);
			p += 2;
		} else if (v >= 10) {
			memcpy(p, dec2 + 2 * v, 2);
			p += 2;
		} else {
			*p++ = (char)('0' + v);
		}
	}
	return p;
}

/* A 16-bit group in lower-case hex without leading zeros, like "%x". */
static char *fmt_hex16(char *p, unsigned w)
{
	if (w >= 0x1000) {
		memcpy(p, hex2 + 2 * (w >> 8), 2);
		memcpy(p + 2, hex2 + 2 * (w & 0xff), 2);
		return p + 4;
	}
	if (w >= 0x100) {
		*p = hex2[2 * (w >> 8) + 1];
		memcpy(p + 1, hex2 + 2 * (w & 0xff), 2);
		return p + 3;
	}
	if (w >= 0x10) {
		memcpy(p, hex2 + 2 * w, 2);
		return p + 2;
	}
	*p = hex2[2 * w + 1];
	return p + 1;
}

/*
 * The text glibc's inet_ntop gives (RFC 5952): the first longest run of two
 * or more zero groups becomes "::", and ::a.b.c.d or ::ffff:a.b.c.d when the
 * first five or six groups are that run.
 */
static char *fmt_ip6(char *p, const uint8_t *bytes)
{
	unsigned w[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0;

	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned)bytes[2 * i] << 8 | bytes[2 * i + 1];
		if (w[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			cur_len++;
			if (cur_len > best_len)
				best = cur, best_len = cur_len;
		} else {
			cur = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)))
			return fmt_ip4(p, bytes + 12);
		p = fmt_hex16(p, w[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

size_t nw_put_addr(char *dst, const struct nw_addr *addr)
{
	if (addr->family == AF_INET)
		return (size_t)(fmt_ip4(dst, addr->bytes) - dst);
	if (addr->family == AF_INET6)
		return (size_t)(fmt_ip6(dst, addr->bytes) - dst);
	return 0;
}

char *nw_addr_fmt(const struct nw_addr *addr, char *buf, size_t size)
{
	char tmp[NW_ADDR_STRLEN];
	size_t n;

	if (!size)
		return buf;
	if (size >= NW_ADDR_STRLEN) {
		buf[nw_put_addr(buf, addr)] = '\0';
		return buf;
	}
	/* Like inet_ntop: the whole text or nothing. */
	n = nw_put_addr(tmp, addr);
	if (n >= size)
		n = 0;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

uint64_t nw_hash_seed(void)
{
	uint64_t seed;

	/* Before the pool is ready at boot the table still works; only its resistance to chosen keys is lost. */
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t)sizeof(seed))
		seed = 0x94d049bb133111ebull;
	return seed;
}
