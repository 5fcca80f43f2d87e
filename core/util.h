/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers every module uses: time, strings, allocation that cannot fail silently. */
#ifndef NW_CORE_UTIL_H
#define NW_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* CLOCK_MONOTONIC and CLOCK_REALTIME in nanoseconds. */
uint64_t nw_now_mono(void);
uint64_t nw_now_wall(void);
/* Converts a wall-clock time to the monotonic clock using the current offset. */
uint64_t nw_time_wall_to_mono(uint64_t wall_ns);

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t nw_strlcpy(char *dst, const char *src, size_t size);

/* Allocation: aborts with a message naming the size on failure (memory is capped elsewhere). */
void *nw_xmalloc(size_t size);
void *nw_xcalloc(size_t n, size_t size);
void *nw_xrealloc(void *p, size_t size);
char *nw_xstrdup(const char *s);

/* Formats a MAC ("02:00:5e:00:53:01") or an address into buf; returns buf. */
struct nw_mac;
struct nw_addr;
char *nw_mac_fmt(const struct nw_mac *mac, char *buf, size_t size);
char *nw_addr_fmt(const struct nw_addr *addr, char *buf, size_t size);
#define NW_MAC_STRLEN 3 * 8
#define NW_ADDR_STRLEN 46

/*
 * The same text written at dst without a terminating NUL, for hot paths
 * (JSON Lines writes every packet's MACs, addresses and numbers); each
 * returns the number of bytes written.  nw_put_addr writes nothing (0) for a
 * family other than AF_INET and AF_INET6, and IPv6 exactly as glibc's
 * inet_ntop (RFC 5952).  dst must have room for NW_U64_STRLEN - 1,
 * NW_MAC_STRLEN (one scratch byte after the text) and NW_ADDR_STRLEN - 1
 * bytes.
 */
#define NW_U64_STRLEN 21
size_t nw_put_u64(char *dst, uint64_t v);
size_t nw_put_mac(char *dst, const struct nw_mac *mac);
size_t nw_put_addr(char *dst, const struct nw_addr *addr);

/*
 * The one hash of the code base, for every table in user space (kstore,
 * l2check, the netlink source's memory, the TUI's row keys): wyhash's mixing
 * step (the 128-bit product of two words folded to 64 bits, every input bit
 * reaching the low bits that pick a chain), and a key of any size hashed
 * eight bytes at a time under a per-table random seed, so nobody can pick
 * keys that share a chain.  Inline: with a key of constant size (l2check's
 * per-frame lookups) the loop unrolls into a few multiplications.
 */
static inline uint64_t nw_hash_mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t nw_hash_bytes(const void *key, size_t n, uint64_t seed)
{
	const uint8_t *p = key;
	uint64_t h = seed ^ (uint64_t)n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = nw_hash_mix(h ^ w, 0x9e3779b97f4a7c15ull);
	}
	if (n) {
		w = 0;
		memcpy(&w, p, n);
		h = nw_hash_mix(h ^ w, 0xbf58476d1ce4e5b9ull);
	}
	return h;
}

/* A random seed (getrandom), or a fixed one before the kernel's pool is ready. */
uint64_t nw_hash_seed(void);

#endif
