/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP (RFC 9293): ports, sequence numbers, flags, window; options skipped. */
#include "capture/dissect_int.h"

void nw_dis_tcp(struct nw_cursor *c, struct nw_dissection *d)
{
	uint16_t off_flags;
	size_t seglen = nw_cur_remaining(c) + c->short_by;
	size_t hlen;
	struct nw_hdr h = nw_cur_hdr(c, 20);

	d->sport = nw_hdr_be16(&h, 0);
	d->dport = nw_hdr_be16(&h, 2);
	d->tcp_seq = nw_hdr_be32(&h, 4);
	d->tcp_ack = nw_hdr_be32(&h, 8);
	off_flags = nw_hdr_be16(&h, 12);
	d->tcp_win = nw_hdr_be16(&h, 14);
	/* 16: checksum, urgent pointer */
	if (c->truncated) {
		nw_dis_short(d, "tcp header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_TCP);
	d->tcp_flags = off_flags & 0xff;
	hlen = (size_t)(off_flags >> 12) * 4;
	if (hlen < 20) {
		nw_dis_malformed(d, "tcp: data offset %zu", hlen);
		return;
	}
	if (hlen > seglen) {
		nw_dis_malformed(d, "tcp: data offset %zu beyond segment %zu", hlen, seglen);
		return;
	}
	if (!nw_cur_skip(c, hlen - 20))
		nw_dis_short(d, "tcp options");
	d->payload_len = (uint32_t)(seglen - hlen);
}
