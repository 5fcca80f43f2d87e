/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861): echo, router and
 * neighbour solicitation/advertisement, redirect, with the source and target
 * link-layer address options.  An option of length 0 is malformed (RFC 4861
 * 4.6: nodes must silently discard such packets).
 */
#include <sys/socket.h>

#include "capture/dissect_int.h"

enum {
	ND_ROUTER_SOLICIT = 133,
	ND_ROUTER_ADVERT = 134,
	ND_NEIGHBOR_SOLICIT = 135,
	ND_NEIGHBOR_ADVERT = 136,
	ND_REDIRECT = 137,
	ND_OPT_SOURCE_LLADDR = 1,
	ND_OPT_TARGET_LLADDR = 2,
	ND_MAX_OPTS = 64, /* a loop guard: 64 options of 8 bytes is more than any real packet */
};

static void nd_options(struct nw_cursor *c, struct nw_dissection *d)
{
	uint8_t type, len;
	struct nw_cursor o;
	struct nw_mac *mac;

	while (nw_cur_remaining(c) > 0) {
		type = nw_cur_u8(c);
		len = nw_cur_u8(c);
		if (c->truncated) {
			nw_dis_short(d, "nd option");
			return;
		}
		if (len == 0) {
			nw_dis_malformed(d, "nd option %u: length 0", type);
			return;
		}
		if (d->nd_opts < ND_MAX_OPTS)
			d->nd_opts++;
		o = nw_cur_sub(c, (size_t)len * 8 - 2);
		if (o.short_by)
			nw_dis_short(d, "nd option");
		if (type != ND_OPT_SOURCE_LLADDR && type != ND_OPT_TARGET_LLADDR)
			continue;
		mac = type == ND_OPT_SOURCE_LLADDR ? &d->nd_sll : &d->nd_tll;
		/* Ethernet addresses are 6 bytes, padded to the 8-byte unit. */
		if (!nw_dis_read_mac(&o, mac, len == 1 ? 6 : nw_cur_remaining(&o)))
			return;
	}
}

void nw_dis_icmpv6(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 4);
	uint8_t flags;

	d->icmp_type = nw_hdr_u8(&h, 0);
	d->icmp_code = nw_hdr_u8(&h, 1);
	/* 2: checksum */
	if (c->truncated) {
		nw_dis_short(d, "icmpv6 header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_ICMPV6);
	switch (d->icmp_type) {
	case 128: /* echo request */
	case 129: /* echo reply */
		d->icmp_id = nw_cur_be16(c);
		d->icmp_seq = nw_cur_be16(c);
		if (c->truncated)
			nw_dis_short(d, "icmpv6 echo");
		d->payload_len = (uint32_t)nw_cur_remaining(c);
		return;
	case ND_ROUTER_SOLICIT:
		nw_cur_skip(c, 4);
		break;
	case ND_ROUTER_ADVERT:
		nw_cur_skip(c, 12); /* hop limit, flags, lifetime, reachable, retrans */
		break;
	case ND_NEIGHBOR_SOLICIT:
		nw_cur_skip(c, 4);
		nw_dis_read_addr(c, &d->nd_target, AF_INET6);
		break;
	case ND_NEIGHBOR_ADVERT:
		flags = nw_cur_u8(c);
		nw_cur_skip(c, 3);
		nw_dis_read_addr(c, &d->nd_target, AF_INET6);
		d->nd_flags = flags & 0xe0;
		break;
	case ND_REDIRECT:
		nw_cur_skip(c, 4);
		nw_dis_read_addr(c, &d->nd_target, AF_INET6);
		nw_cur_skip(c, 16); /* destination */
		break;
	default:
		d->payload_len = (uint32_t)nw_cur_remaining(c);
		return;
	}
	if (c->truncated) {
		nw_dis_short(d, "ndp message");
		return;
	}
	nd_options(c, d);
}
