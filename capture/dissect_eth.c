/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ethernet II and 802.3 framing; Linux cooked headers (SLL, SLL2) for `-i any`. */
#include "capture/dissect_int.h"

void nw_dis_eth(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 14);
	uint16_t type;

	nw_dis_hdr_mac(&h, 0, &d->dst_mac, 6);
	nw_dis_hdr_mac(&h, 6, &d->src_mac, 6);
	type = nw_hdr_be16(&h, 12);
	if (c->truncated) {
		nw_dis_short(d, "ethernet header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_ETH);
	if (type < 0x0600) {
		/* 802.3 length + LLC: not dissected further; the length is kept. */
		d->llc = true;
		d->ethertype = type;
		d->unsupported = true;
		return;
	}
	nw_dis_ethertype(c, d, type);
}

/*
 * LINUX_SLL: packet type (2), ARPHRD (2), address length (2), address (8),
 * protocol (2).  The address is the sender's; there is no destination MAC,
 * which is why `-i any` loses the L2 checks.
 */
void nw_dis_sll(struct nw_cursor *c, struct nw_dissection *d)
{
	uint16_t alen, proto;
	struct nw_cursor a;

	d->sll_pkttype = nw_cur_be16(c);
	d->sll_hatype = nw_cur_be16(c);
	alen = nw_cur_be16(c);
	a = nw_cur_sub(c, 8);
	proto = nw_cur_be16(c);
	if (c->truncated || a.short_by) {
		nw_dis_short(d, "linux sll header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_SLL);
	nw_dis_read_mac(&a, &d->src_mac, alen <= 8 ? alen : 8);
	nw_dis_ethertype(c, d, proto);
}

/*
 * LINUX_SLL2: protocol (2), reserved (2), ifindex (4), ARPHRD (2), packet
 * type (1), address length (1), address (8).
 */
void nw_dis_sll2(struct nw_cursor *c, struct nw_dissection *d)
{
	uint16_t proto;
	uint8_t alen;
	struct nw_cursor a;

	proto = nw_cur_be16(c);
	nw_cur_skip(c, 2);
	d->sll_ifindex = nw_cur_be32(c);
	d->sll_hatype = nw_cur_be16(c);
	d->sll_pkttype = nw_cur_u8(c);
	alen = nw_cur_u8(c);
	a = nw_cur_sub(c, 8);
	if (c->truncated || a.short_by) {
		nw_dis_short(d, "linux sll2 header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_SLL2);
	nw_dis_read_mac(&a, &d->src_mac, alen <= 8 ? alen : 8);
	nw_dis_ethertype(c, d, proto);
}
