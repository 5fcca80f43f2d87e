/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 (RFC 8200) with its extension header chain: hop-by-hop, routing,
 * fragment, destination options and AH, followed at most NW_DIS_MAX_EXT
 * deep.  ESP and unknown next headers end the walk with the number kept.
 */
#include <sys/socket.h>

#include "capture/dissect_int.h"

enum {
	IP6_HOPOPTS = 0,
	IP6_ROUTING = 43,
	IP6_FRAGMENT = 44,
	IP6_ESP = 50,
	IP6_AH = 51,
	IP6_NONE = 59,
	IP6_DSTOPTS = 60,
	IP6_MOBILITY = 135,
};

static bool is_ext(uint8_t nh)
{
	return nh == IP6_HOPOPTS || nh == IP6_ROUTING || nh == IP6_FRAGMENT ||
	       nh == IP6_AH || nh == IP6_DSTOPTS || nh == IP6_MOBILITY;
}

/* Walks one extension header; returns false when the walk must stop. */
static bool ipv6_ext(struct nw_cursor *c, struct nw_dissection *d, uint8_t *nh)
{
	uint8_t next, hlen;
	uint16_t off;
	size_t total;

	next = nw_cur_u8(c);
	hlen = nw_cur_u8(c);
	if (c->truncated) {
		nw_dis_short(d, "ipv6 extension header");
		return false;
	}
	if (*nh == IP6_FRAGMENT) {
		off = nw_cur_be16(c);
		nw_cur_skip(c, 4); /* identification */
		if (c->truncated) {
			nw_dis_short(d, "ipv6 fragment header");
			return false;
		}
		d->frag_off = off & 0xfff8;
		d->frag_more = off & 1;
		d->fragment = true;
		*nh = next;
		/* Later fragments carry no transport header. */
		return d->frag_off == 0;
	}
	if (*nh == IP6_AH)
		total = ((size_t)hlen + 2) * 4;
	else
		total = ((size_t)hlen + 1) * 8;
	if (!nw_cur_skip(c, total - 2)) {
		nw_dis_short(d, "ipv6 extension header");
		return false;
	}
	*nh = next;
	return true;
}

void nw_dis_ipv6(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 40);
	uint32_t vtf;
	uint16_t plen;
	uint8_t nh;
	struct nw_cursor payload;

	vtf = nw_hdr_be32(&h, 0);
	plen = nw_hdr_be16(&h, 4);
	nh = nw_hdr_u8(&h, 6);
	d->ttl = nw_hdr_u8(&h, 7);
	nw_dis_hdr_addr(&h, 8, &d->src, AF_INET6);
	nw_dis_hdr_addr(&h, 24, &d->dst, AF_INET6);
	if (c->truncated) {
		nw_dis_short(d, "ipv6 header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_IPV6);
	d->ip_version = 6;
	d->l4proto = nh;
	d->tos = (uint8_t)(vtf >> 20);
	d->flow_label = vtf & 0xfffff;
	d->ip_len = (uint16_t)(plen + 40 < 0xffff ? plen + 40 : 0xffff);
	if (vtf >> 28 != 6) {
		nw_dis_malformed(d, "ipv6: version %u", vtf >> 28);
		return;
	}
	if (plen == 0) { /* jumbogram or TSO: take what was captured */
		payload = nw_cur_rest(c);
	} else {
		payload = nw_cur_sub(c, plen);
		nw_dis_check_sub(d, &payload, "ipv6 payload length");
	}
	while (is_ext(nh)) {
		if (d->ext.count >= NW_DIS_MAX_EXT) {
			nw_dis_malformed(d, "ipv6: more than %d extension headers", NW_DIS_MAX_EXT);
			return;
		}
		d->ext.type[d->ext.count++] = nh;
		nw_dis_layer(d, NW_LAYER_IPV6_EXT);
		if (!ipv6_ext(&payload, d, &nh)) {
			d->l4proto = nh;
			return;
		}
	}
	d->l4proto = nh;
	if (nh == IP6_NONE)
		return;
	nw_dis_ipproto(&payload, d, nh);
}
