/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UDP (RFC 768): ports and length. */
#include "capture/dissect_int.h"

void nw_dis_udp(struct nw_cursor *c, struct nw_dissection *d)
{
	uint16_t ulen;
	size_t avail = nw_cur_remaining(c) + c->short_by;
	struct nw_hdr h = nw_cur_hdr(c, 8);

	d->sport = nw_hdr_be16(&h, 0);
	d->dport = nw_hdr_be16(&h, 2);
	ulen = nw_hdr_be16(&h, 4);
	/* 6: checksum */
	if (c->truncated) {
		nw_dis_short(d, "udp header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_UDP);
	if (ulen == 0 && d->ip_version == 6) { /* jumbogram (RFC 2675) */
		d->payload_len = (uint32_t)(avail - 8);
		return;
	}
	if (ulen < 8) {
		nw_dis_malformed(d, "udp: length %u", ulen);
		return;
	}
	if (ulen > avail)
		nw_dis_malformed(d, "udp: length %u beyond ip payload %zu", ulen, avail);
	d->payload_len = ulen - 8u;
}
