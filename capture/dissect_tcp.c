/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP (RFC 9293): ports, sequence numbers, flags, window; options skipped. */
#include "capture/dissect_int.h"

void nw_dis_tcp(struct nw_cursor *c, struct nw_dissection *d)
{
	uint16_t off_flags;
	size_t seglen = nw_cur_remaining(c) + c->short_by;
	size_t hlen;

	d->sport = nw_cur_be16(c);
	d->dport = nw_cur_be16(c);
	d->tcp_seq = nw_cur_be32(c);
	d->tcp_ack = nw_cur_be32(c);
	off_flags = nw_cur_be16(c);
	d->tcp_win = nw_cur_be16(c);
	nw_cur_skip(c, 4); /* checksum, urgent pointer */
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
