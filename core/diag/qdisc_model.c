// SPDX-License-Identifier: GPL-2.0-or-later
/* Qdisc model: statistics deltas and what each qdisc dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kstore.h"
#include "core/diag/qdisc_model.h"
#include "core/ring.h"
#include "core/util.h"

#define TC_H_ROOT_ 0xffffffffu

struct nw_qdisc_model {
	struct nw_kstore *recs;
	struct nw_ring *drops;
};

enum nw_pktclass nw_pktclass_of(uint32_t ethertype, uint16_t arp_op, uint8_t l4proto,
				uint8_t tcp_flags)
{
	if (ethertype == 0x0806) {
		if (arp_op == 1)
			return NW_PKT_ARP_REQUEST;
		if (arp_op == 2)
			return NW_PKT_ARP_REPLY;
		return NW_PKT_ARP_OTHER;
	}
	switch (l4proto) {
	case 6:
		/* SYN without ACK: a connection attempt. */
		return (tcp_flags & 0x12) == 0x02 ? NW_PKT_TCP_SYN : NW_PKT_TCP;
	case 17:
		return NW_PKT_UDP;
	case 1:
		return NW_PKT_ICMP;
	case 58: {
		unsigned type = arp_op >> 8;

		return type >= 133 && type <= 137 ? NW_PKT_NDP : NW_PKT_ICMP;
	}
	default:
		return NW_PKT_OTHER;
	}
}

const char *nw_pktclass_name(enum nw_pktclass c)
{
	static const char *const names[NW_PKTCLASS_COUNT] = {
	    [NW_PKT_ARP_REQUEST] = "ARP request",
	    [NW_PKT_ARP_REPLY] = "ARP reply",
	    [NW_PKT_ARP_OTHER] = "ARP",
	    [NW_PKT_NDP] = "NDP",
	    [NW_PKT_TCP_SYN] = "TCP SYN",
	    [NW_PKT_TCP] = "TCP",
	    [NW_PKT_UDP] = "UDP",
	    [NW_PKT_ICMP] = "ICMP",
	    [NW_PKT_OTHER] = "other",
	};

	return (unsigned)c < NW_PKTCLASS_COUNT ? names[c] : "other";
}

bool nw_pktclass_is_control(enum nw_pktclass c)
{
	return c == NW_PKT_ARP_REQUEST || c == NW_PKT_ARP_REPLY || c == NW_PKT_ARP_OTHER ||
	       c == NW_PKT_NDP;
}

char *nw_tc_handle_fmt(uint32_t h, char *buf, size_t size)
{
	if (h == TC_H_ROOT_)
		snprintf(buf, size, "root");
	else if ((h & 0xffff) == 0)
		snprintf(buf, size, "%x:", h >> 16);
	else
		snprintf(buf, size, "%x:%x", h >> 16, h & 0xffff);
	return buf;
}

struct nw_qdisc_model *nw_qdisc_model_new(size_t capacity, size_t drop_ring)
{
	struct nw_qdisc_model *m = nw_xcalloc(1, sizeof(*m));

	m->recs = nw_kstore_new(sizeof(struct nw_qdisc_key), sizeof(struct nw_qdisc_rec),
				capacity ? capacity : 1);
	m->drops = nw_ring_new(sizeof(struct nw_event), drop_ring ? drop_ring : 1);
	return m;
}

void nw_qdisc_model_free(struct nw_qdisc_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->recs);
	nw_ring_free(m->drops);
	free(m);
}

static void make_key(struct nw_qdisc_key *k, uint64_t netns, uint32_t ifindex, uint32_t handle,
		     bool is_class)
{
	memset(k, 0, sizeof(*k));
	k->netns_ino = netns;
	k->ifindex = ifindex;
	k->handle = handle;
	k->is_class = is_class;
}

void nw_qdisc_model_on_event(struct nw_qdisc_model *m, const struct nw_event *ev)
{
	const struct nw_qdisc_ev *q = &ev->u.qdisc;
	struct nw_qdisc_key k;
	struct nw_qdisc_rec *r;
	bool created;

	if (ev->type != NW_EV_QDISC)
		return;
	make_key(&k, ev->netns_ino, ev->ifindex, q->handle, q->is_class);
	r = nw_kstore_get(m->recs, &k, &created);
	if (ev->ifname[0])
		nw_strlcpy(r->ifname, ev->ifname, sizeof(r->ifname));
	if (q->kind[0])
		nw_strlcpy(r->kind, q->kind, sizeof(r->kind));
	switch (q->op) {
	case NW_QDISC_STATS:
		if (r->have_stats && q->drops > r->last.drops) {
			r->drops_delta += q->drops - r->last.drops;
			r->last_drop_delta_ts = ev->ts;
			r->last_drop_delta_id = ev->id;
		}
		r->last = *q;
		r->have_stats = true;
		r->parent = q->parent;
		r->stats_ts = ev->ts;
		r->stats_id = ev->id;
		r->deleted = false;
		break;
	case NW_QDISC_DEL:
		r->deleted = true;
		break;
	case NW_QDISC_DROP: {
		enum nw_pktclass c = nw_pktclass_of(q->pkt_ethertype, q->pkt_arp_op, q->pkt_l4proto,
						    q->pkt_tcp_flags);

		if (!r->pkt_drops_total)
			r->first_pkt_drop_ts = ev->ts;
		r->pkt_drops[c]++;
		r->pkt_drop_last_id[c] = ev->id;
		r->pkt_drops_total++;
		r->last_pkt_drop_ts = ev->ts;
		if (q->parent && !r->parent)
			r->parent = q->parent;
		nw_ring_push(m->drops, ev);
		break;
	}
	default:
		break;
	}
}

const struct nw_qdisc_rec *nw_qdisc_model_find(const struct nw_qdisc_model *m, uint64_t netns_ino,
					       uint32_t ifindex, uint32_t handle, bool is_class)
{
	struct nw_qdisc_key k;

	make_key(&k, netns_ino, ifindex, handle, is_class);
	return nw_kstore_find(m->recs, &k);
}

const struct nw_qdisc_rec *nw_qdisc_model_root(const struct nw_qdisc_model *m, uint64_t netns_ino,
					       uint32_t ifindex)
{
	const struct nw_qdisc_rec *r;

	NW_KSTORE_FOREACH(m->recs, r) {
		if (!r->key.is_class && r->key.netns_ino == netns_ino &&
		    r->key.ifindex == ifindex && r->parent == TC_H_ROOT_ && !r->deleted)
			return r;
	}
	return NULL;
}

NW_KSTORE_VIEW(nw_qdisc_model, struct nw_qdisc_model, recs, struct nw_qdisc_rec)

uint64_t nw_qdisc_model_evicted(const struct nw_qdisc_model *m)
{
	return nw_kstore_evicted(m->recs);
}

size_t nw_qdisc_model_ndrops(const struct nw_qdisc_model *m)
{
	return nw_ring_count(m->drops);
}

const struct nw_event *nw_qdisc_model_drop_at(const struct nw_qdisc_model *m, size_t i)
{
	return nw_ring_at(m->drops, i);
}

uint64_t nw_qdisc_model_drops_evicted(const struct nw_qdisc_model *m)
{
	return nw_ring_evicted(m->drops);
}
