/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ARP and RARP (RFC 826): any hardware/protocol sizes, Ethernet/IPv4 kept as MAC and address. */
#include <sys/socket.h>

#include "capture/dissect_int.h"

void nw_dis_arp(struct nw_cursor *c, struct nw_dissection *d)
{
	struct nw_hdr h = nw_cur_hdr(c, 8);
	bool ipv4;

	d->arp_hrd = nw_hdr_be16(&h, 0);
	d->arp_pro = nw_hdr_be16(&h, 2);
	d->arp_hln = nw_hdr_u8(&h, 4);
	d->arp_pln = nw_hdr_u8(&h, 5);
	d->arp_op = nw_hdr_be16(&h, 6);
	if (c->truncated) {
		nw_dis_short(d, "arp header");
		return;
	}
	nw_dis_layer(d, NW_LAYER_ARP);
	/* ATMARP (RFC 2225) reuses the ethertype with another layout: kept as numbers. */
	if (d->arp_hrd == 19) {
		d->unsupported = true;
		return;
	}
	ipv4 = d->arp_pro == NW_ETH_P_IPV4 && d->arp_pln == 4;

	nw_dis_read_mac(c, &d->arp_sha, d->arp_hln);
	if (ipv4)
		nw_dis_read_addr(c, &d->arp_spa, AF_INET);
	else
		nw_cur_skip(c, d->arp_pln);
	nw_dis_read_mac(c, &d->arp_tha, d->arp_hln);
	if (ipv4)
		nw_dis_read_addr(c, &d->arp_tpa, AF_INET);
	else
		nw_cur_skip(c, d->arp_pln);
	if (c->truncated)
		nw_dis_short(d, "arp addresses");
	if (d->arp_pro == NW_ETH_P_IPV4 && d->arp_pln != 4)
		nw_dis_malformed(d, "arp: ipv4 address length %u", d->arp_pln);
}
