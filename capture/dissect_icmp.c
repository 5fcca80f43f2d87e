/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ICMP for IPv4 (RFC 792): type, code, and the echo identifier and sequence. */
#include "capture/dissect_int.h"

void nw_dis_icmp(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 4);

	d->icmp_type = nw_hdr_u8(&h, 0);
	d->icmp_code = nw_hdr_u8(&h, 1);
	/* 2: checksum */
	if (c->truncated) {
		nw_dis_short(d, "icmp header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_ICMP);
	switch (d->icmp_type) {
	case 0:  /* echo reply */
	case 8:  /* echo request */
	case 13: /* timestamp */
	case 14: /* timestamp reply */
		d->icmp_id = nw_cur_be16(c);
		d->icmp_seq = nw_cur_be16(c);
		if (c->truncated)
			nw_dis_short(d, "icmp echo");
		break;
	default:
		break;
	}
	d->payload_len = (uint32_t)nw_cur_remaining(c);
}
