/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the per-protocol dissectors (dissect_*.c) only; not a public
 * header.  Each dissector reads its header from the cursor it is given,
 * records what it found in the dissection and hands the rest to the next
 * layer through nw_dis_ethertype() or nw_dis_ipproto().
 */
#ifndef NW_CAPTURE_DISSECT_INT_H
#define NW_CAPTURE_DISSECT_INT_H

#include <sys/socket.h>

#include "capture/cursor.h"
#include "capture/dissect.h"

/* Ethertypes we dissect or name. */
#define NW_ETH_P_IPV4 0x0800
#define NW_ETH_P_ARP 0x0806
#define NW_ETH_P_RARP 0x8035
#define NW_ETH_P_8021Q 0x8100
#define NW_ETH_P_8021AD 0x88a8
#define NW_ETH_P_QINQ_OLD 0x9100
#define NW_ETH_P_IPV6 0x86dd

static inline void nw_dis_layer(struct nw_dissection *d, enum nw_layer l)
{
	d->layers |= 1u << l;
}

/* A cursor ran out while reading `what`: truncated by the capture, or malformed. */
void nw_dis_short(struct nw_dissection *d, const char *what);
/* Records the first malformation; later ones are dropped (the first explains the rest). */
void nw_dis_malformed(struct nw_dissection *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Checks a sub-cursor cut short: truncated capture, or a length field that lies. */
static inline void nw_dis_check_sub(struct nw_dissection *d, const struct nw_cursor *sub,
				    const char *what)
{
	if (sub->short_by && d->caplen >= d->len)
		nw_dis_malformed(d, "%s: length exceeds the frame by %zu", what, sub->short_by);
}

void nw_dis_ethertype(struct nw_cursor *c, struct nw_dissection *d, uint16_t type);
void nw_dis_ipproto(struct nw_cursor *c, struct nw_dissection *d, uint8_t proto);

void nw_dis_eth(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_vlan(struct nw_cursor *c, struct nw_dissection *d, uint16_t tpid);
void nw_dis_sll(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_sll2(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_arp(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_ipv4(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_ipv6(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_icmp(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_icmpv6(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_tcp(struct nw_cursor *c, struct nw_dissection *d);
void nw_dis_udp(struct nw_cursor *c, struct nw_dissection *d);

/* Reads n address bytes into a MAC (n > NW_MAC_MAX keeps the first NW_MAC_MAX). */
bool nw_dis_read_mac(struct nw_cursor *c, struct nw_mac *mac, size_t n);
bool nw_dis_read_addr(struct nw_cursor *c, struct nw_addr *a, int family);

/*
 * The same from a header taken with nw_cur_hdr(): the n-byte MAC (n <=
 * NW_MAC_MAX) or the address at off, zeroed when not wholly there.  Inline
 * so the constant sizes of the callers make the copies a few moves.
 */
static inline void nw_dis_hdr_mac(const struct nw_hdr *h, size_t off, struct nw_mac *mac, size_t n)
{
	memset(mac, 0, sizeof(*mac));
	if (nw_hdr_bytes(h, off, mac->bytes, n))
		mac->len = (uint8_t)n;
}

static inline void nw_dis_hdr_addr(const struct nw_hdr *h, size_t off, struct nw_addr *a, int family)
{
	memset(a, 0, sizeof(*a));
	if (nw_hdr_bytes(h, off, a->bytes, family == AF_INET6 ? 16 : 4))
		a->family = (uint8_t)family;
}

#endif
