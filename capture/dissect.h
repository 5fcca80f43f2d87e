/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packet dissection: captured bytes in, a flat record of what was found out.
 *
 * nw_dissect() walks the layers from the link type down to TCP/UDP/ICMP,
 * one dissector file per protocol (dissect_<proto>.c), every byte through
 * the bounds-checked cursor (capture/cursor.h).  It never fails: a frame cut
 * short by the snap length is marked `truncated`, a frame whose own length
 * fields contradict it is marked `malformed` with the reason, and what was
 * found up to that point is kept.  Unknown type values are kept as numbers.
 *
 * The record holds no pointers into the packet; it can outlive the bytes.
 */
#ifndef NW_CAPTURE_DISSECT_H
#define NW_CAPTURE_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* Link types (pcap LINKTYPE_/DLT_ values we understand). */
enum {
	NW_LINK_NULL = 0,        /* BSD loopback, host-order AF_ family */
	NW_LINK_ETHERNET = 1,
	NW_LINK_RAW = 12,        /* DLT_RAW on Linux: raw IPv4/IPv6 */
	NW_LINK_RAW_OPENBSD = 14,
	NW_LINK_RAW_LT = 101,    /* LINKTYPE_RAW as found in files */
	NW_LINK_LOOP = 108,      /* OpenBSD loopback, network-order family */
	NW_LINK_LINUX_SLL = 113,
	NW_LINK_IPV4 = 228,
	NW_LINK_IPV6 = 229,
	NW_LINK_LINUX_SLL2 = 276,
};

enum nw_layer {
	NW_LAYER_ETH,
	NW_LAYER_SLL,
	NW_LAYER_SLL2,
	NW_LAYER_NULL,
	NW_LAYER_VLAN,
	NW_LAYER_ARP,
	NW_LAYER_IPV4,
	NW_LAYER_IPV6,
	NW_LAYER_IPV6_EXT,
	NW_LAYER_ICMP,
	NW_LAYER_ICMPV6,
	NW_LAYER_TCP,
	NW_LAYER_UDP,
	NW_LAYER_COUNT
};

#define NW_DIS_MAX_VLAN 2
#define NW_DIS_MAX_EXT 8    /* IPv6 extension headers followed before giving up */
#define NW_DIS_WHY_MAX 64

/* IPv6 extension header numbers (IPPROTO_*), kept in order of appearance. */
struct nw_dis_ipv6_ext {
	uint8_t count;
	uint8_t type[NW_DIS_MAX_EXT];
};

struct nw_dissection {
	uint32_t caplen, len;
	uint16_t linktype;
	uint32_t layers;             /* 1u << enum nw_layer for each layer found */
	bool truncated;              /* the capture stopped before the packet did */
	bool malformed;              /* the packet contradicts itself; see why */
	bool unsupported;            /* a layer we do not dissect (kept as a number) */
	char why[NW_DIS_WHY_MAX];    /* first malformation found, "" if none */

	/* link layer */
	struct nw_mac src_mac, dst_mac; /* dst_mac.len 0: the link type has none (SLL/SLL2) */
	uint16_t ethertype;          /* innermost protocol, after VLAN tags (or length < 0x600) */
	uint8_t nvlan;
	uint16_t vlan_tpid[NW_DIS_MAX_VLAN];
	uint16_t vlan[NW_DIS_MAX_VLAN];   /* VLAN ids (12 bits) */
	uint8_t vlan_pcp[NW_DIS_MAX_VLAN];
	bool llc;                    /* 802.3 length field instead of an ethertype */
	uint16_t sll_pkttype;        /* SLL/SLL2: PACKET_HOST ... */
	uint16_t sll_hatype;
	uint32_t sll_ifindex;        /* SLL2 only */
	uint32_t null_family;        /* NULL/LOOP link types */

	/* ARP */
	uint16_t arp_hrd, arp_pro, arp_op;
	uint8_t arp_hln, arp_pln;
	struct nw_mac arp_sha, arp_tha;
	struct nw_addr arp_spa, arp_tpa;

	/* IP */
	uint8_t ip_version;          /* 4, 6 or 0 */
	struct nw_addr src, dst;
	uint8_t ttl;                 /* hop limit for IPv6 */
	uint8_t tos;
	uint16_t ip_id;
	uint16_t ip_len;             /* IPv4 total length, IPv6 payload length + 40 */
	uint16_t frag_off;           /* in bytes */
	bool frag_more, frag_df, fragment; /* fragment: not the whole datagram */
	uint8_t ip_optlen;           /* IPv4 option bytes */
	uint32_t flow_label;
	struct nw_dis_ipv6_ext ext;
	uint8_t l4proto;             /* after extension headers */

	/* ICMP / ICMPv6 */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;  /* echo */
	struct nw_addr nd_target;    /* NS/NA/redirect target */
	struct nw_mac nd_sll, nd_tll; /* source/target link-layer address options */
	uint8_t nd_flags;            /* NA: R 0x80, S 0x40, O 0x20 */
	uint8_t nd_opts;             /* options seen */

	/* TCP / UDP */
	uint16_t sport, dport;
	uint8_t tcp_flags;
	uint32_t tcp_seq, tcp_ack;
	uint16_t tcp_win;
	uint32_t payload_len;        /* L4 payload bytes on the wire, as the headers say */
};

/*
 * Dissects one frame of the given link type.  caplen bytes are at data; len
 * is the length on the wire (>= caplen; 0 is taken as caplen).  Always fills
 * d (zeroed first); never fails.
 */
void nw_dissect(uint16_t linktype, const uint8_t *data, uint32_t caplen, uint32_t len,
		struct nw_dissection *d);

static inline bool nw_dissect_has(const struct nw_dissection *d, enum nw_layer l)
{
	return d->layers & (1u << l);
}

/* Link types nw_dissect understands (others give an "unsupported" record). */
bool nw_dissect_linktype_known(uint16_t linktype);
/* Normalises file LINKTYPE_ values to DLT_ ones (LINKTYPE_RAW 101 -> 12). */
uint16_t nw_dissect_linktype_norm(uint16_t linktype);

/*
 * One deterministic line in the spirit of `tcpdump -e -n`:
 *   "02:00:00:00:00:01 > 02:00:00:00:00:02, IPv4, 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 1, length 98"
 * Truncation and malformation are marked "[|truncated]" and "[malformed: why]".
 * Returns the length the full line needs (like snprintf).
 */
size_t nw_dissect_summary(const struct nw_dissection *d, char *buf, size_t size);

/* Fills the packet fields of an event from a dissection (dir, store_ref, l2_flags untouched). */
void nw_dissect_to_packet(const struct nw_dissection *d, struct nw_packet_ev *p);

/* Name of a layer ("eth", "vlan", "arp", ...). */
const char *nw_layer_name(enum nw_layer l);

#endif
