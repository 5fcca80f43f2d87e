/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPv4 (RFC 791): header, options walked for consistency, fragments. */
#include <sys/socket.h>

#include "capture/dissect_int.h"

static void ipv4_options(struct nw_cursor *o, struct nw_dissection *d)
{
	uint8_t type, len;

	while (nw_cur_remaining(o) > 0) {
		type = nw_cur_u8(o);
		if (type == 0) /* end of options list; the rest is padding */
			return;
		if (type == 1) /* no-op */
			continue;
		len = nw_cur_u8(o);
		if (o->truncated || len < 2 || !nw_cur_skip(o, (size_t)len - 2)) {
			nw_dis_malformed(d, "ipv4 option %u: bad length %u", type, len);
			return;
		}
	}
}

void nw_dis_ipv4(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 20);
	uint8_t vihl, proto;
	uint16_t frag;
	size_t hlen;
	struct nw_cursor opts, payload;

	vihl = nw_hdr_u8(&h, 0);
	d->tos = nw_hdr_u8(&h, 1);
	d->ip_len = nw_hdr_be16(&h, 2);
	d->ip_id = nw_hdr_be16(&h, 4);
	frag = nw_hdr_be16(&h, 6);
	d->ttl = nw_hdr_u8(&h, 8);
	proto = nw_hdr_u8(&h, 9);
	/* 10: checksum, not verified: offloads leave it unset on capture */
	nw_dis_hdr_addr(&h, 12, &d->src, AF_INET);
	nw_dis_hdr_addr(&h, 16, &d->dst, AF_INET);
	if (c->truncated) {
		nw_dis_short(d, "ipv4 header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_IPV4);
	d->ip_version = 4;
	d->l4proto = proto;
	d->frag_df = frag & 0x4000;
	d->frag_more = frag & 0x2000;
	d->frag_off = (uint16_t)((frag & 0x1fff) * 8);
	d->fragment = d->frag_more || d->frag_off;
	if (vihl >> 4 != 4) {
		nw_dis_malformed(d, "ipv4: version %u", vihl >> 4);
		return;
	}
	hlen = (size_t)(vihl & 0x0f) * 4;
	if (hlen < 20) {
		nw_dis_malformed(d, "ipv4: header length %zu", hlen);
		return;
	}
	d->ip_optlen = (uint8_t)(hlen - 20);
	opts = nw_cur_sub(c, hlen - 20);
	if (opts.short_by) {
		nw_dis_short(d, "ipv4 options");
		return;
	}
	ipv4_options(&opts, d);
	if (d->ip_len < hlen) {
		/* TSO on capture leaves total length 0: take what was captured, as tcpdump does. */
		if (d->ip_len != 0) {
			nw_dis_malformed(d, "ipv4: total length %u < header %zu", d->ip_len, hlen);
			return;
		}
		payload = nw_cur_rest(c);
	} else {
		payload = nw_cur_sub(c, d->ip_len - hlen);
		nw_dis_check_sub(d, &payload, "ipv4 total length");
	}
	if (d->frag_off) /* only the first fragment carries the transport header */
		return;
	nw_dis_ipproto(&payload, d, proto);
}
