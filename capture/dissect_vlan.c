/* SPDX-License-Identifier: GPL-2.0-or-later */
/* 802.1Q and 802.1ad (QinQ) tags: TCI then the next ethertype. */
#include "capture/dissect_int.h"

/* More tags than this on one frame is taken as malformed (a loop guard, not a standard). */
#define VLAN_MAX_TAGS 8

void nw_dis_vlan(struct nw_cursor *c, struct nw_dissection *d, uint16_t tpid)
{
	unsigned tags = 0;
	uint16_t tci, type = tpid;
	struct nw_hdr h;

	/* Iterative so a frame of stacked tags cannot recurse deeply. */
	while (type == NW_ETH_P_8021Q || type == NW_ETH_P_8021AD || type == NW_ETH_P_QINQ_OLD) {
		if (++tags > VLAN_MAX_TAGS) {
			nw_dis_malformed(d, "vlan: more than %d tags", VLAN_MAX_TAGS);
			return;
		}
		h = nw_cur_hdr(c, 4);
		tci = nw_hdr_be16(&h, 0);
		type = nw_hdr_be16(&h, 2);
		if (c->truncated) {
			nw_dis_short(d, "vlan tag");
			return;
		}
		nw_dis_layer(d, NW_LAYER_VLAN);
		if (d->nvlan < NW_DIS_MAX_VLAN) {
			d->vlan_tpid[d->nvlan] = tpid;
			d->vlan[d->nvlan] = tci & 0x0fff;
			d->vlan_pcp[d->nvlan] = tci >> 13;
			d->nvlan++;
		}
		tpid = type;
	}
	if (type < 0x0600) {
		d->llc = true;
		d->ethertype = type;
		d->unsupported = true;
		return;
	}
	nw_dis_ethertype(c, d, type);
}
