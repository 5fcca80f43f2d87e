// SPDX-License-Identifier: GPL-2.0-or-later
/* Link model: MAC history per interface and the namespace's own addresses. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/kstore.h"
#include "core/diag/link_model.h"
#include "core/diag/neigh_model.h"
#include "core/util.h"

struct nw_link_model {
	struct nw_kstore *links;
	struct nw_kstore *addrs;
};

struct nw_link_model *nw_link_model_new(size_t capacity)
{
	struct nw_link_model *m = nw_xcalloc(1, sizeof(*m));

	if (!capacity)
		capacity = 1;
	m->links = nw_kstore_new(sizeof(struct nw_link_key), sizeof(struct nw_link_rec), capacity);
	m->addrs = nw_kstore_new(sizeof(struct nw_local_addr_key), sizeof(struct nw_local_addr),
				 capacity * 4);
	return m;
}

void nw_link_model_free(struct nw_link_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->links);
	nw_kstore_free(m->addrs);
	free(m);
}

static struct nw_link_rec *link_get(struct nw_link_model *m, uint64_t netns, uint32_t ifindex,
				    bool *created)
{
	struct nw_link_key k;

	memset(&k, 0, sizeof(k));
	k.netns_ino = netns;
	k.ifindex = ifindex;
	return nw_kstore_get(m->links, &k, created);
}

static void new_era(struct nw_link_rec *l, const struct nw_mac *mac, uint64_t ts, uint64_t id)
{
	struct nw_link_mac_era *era;

	if (l->nhist)
		l->hist[(l->nhist - 1) % NW_LINK_MAC_HIST].until_ts = ts;
	era = &l->hist[l->nhist % NW_LINK_MAC_HIST];
	memset(era, 0, sizeof(*era));
	era->mac = *mac;
	era->from_ts = ts;
	era->from_id = id;
	l->nhist++;
}

static void on_link(struct nw_link_model *m, const struct nw_event *ev)
{
	const struct nw_link_ev *e = &ev->u.link;
	struct nw_link_rec *l;
	bool created;

	if (!ev->ifindex)
		return;
	l = link_get(m, ev->netns_ino, ev->ifindex, &created);
	if (created)
		l->first_ts = ev->ts;
	if (ev->ifname[0])
		nw_strlcpy(l->ifname, ev->ifname, sizeof(l->ifname));
	if (e->kind[0])
		nw_strlcpy(l->kind, e->kind, sizeof(l->kind));
	/* IFF_UP (0x1) and IFF_LOWER_UP (0x10000, the carrier): when a link went down, and why. */
	if (created || ((l->flags ^ e->flags) & 0x10001)) {
		l->updown_ts = ev->ts;
		l->updown_id = ev->id;
	}
	l->flags = e->flags;
	l->mtu = e->mtu;
	l->txqlen = e->txqlen;
	l->master = e->master;
	l->operstate = e->operstate;
	l->seen_by_netlink = true;
	l->deleted = e->op == NW_LINK_DEL;
	/* A change event may name the MAC it replaced: record that era too when it is new to us. */
	if (e->prev_mac.len && !l->nhist)
		new_era(l, &e->prev_mac, l->first_ts, 0);
	if (e->mac.len && !nw_mac_eq(&e->mac, &l->mac)) {
		if (l->nhist) {
			l->last_mac_change_ts = ev->ts;
			l->last_mac_change_id = ev->id;
		}
		new_era(l, &e->mac, ev->ts, ev->id);
		l->mac = e->mac;
	}
	l->last_ts = ev->ts;
	l->last_id = ev->id;
}

static void learn_addr(struct nw_link_model *m, const struct nw_event *ev, const struct nw_addr *a,
		       const struct nw_mac *mac)
{
	struct nw_local_addr_key k;
	struct nw_local_addr *r;
	bool created;

	if (!a->family)
		return;
	/* 0.0.0.0 (ARP probes) and :: are nobody's address. */
	if (a->family == AF_INET && !a->bytes[0] && !a->bytes[1] && !a->bytes[2] && !a->bytes[3])
		return;
	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.addr.family = a->family;
	memcpy(k.addr.bytes, a->bytes, a->family == AF_INET ? 4 : 16);
	r = nw_kstore_get(m->addrs, &k, &created);
	if (created)
		r->first_ts = ev->ts;
	if (ev->ifindex)
		r->ifindex = ev->ifindex;
	if (mac && mac->len)
		r->mac = *mac;
	r->last_ts = ev->ts;
	r->last_id = ev->id;
}

void nw_link_model_on_event(struct nw_link_model *m, const struct nw_event *ev)
{
	switch (ev->type) {
	case NW_EV_LINK:
		on_link(m, ev);
		break;
	case NW_EV_PACKET:
		if (ev->u.packet.dir == NW_DIR_OUT)
			learn_addr(m, ev, &ev->u.packet.src, &ev->u.packet.src_mac);
		break;
	case NW_EV_SOCK_ERR:
		if (ev->u.sock.laddr.family)
			learn_addr(m, ev, &ev->u.sock.laddr, NULL);
		break;
	case NW_EV_SOCK_INFO:
		if (ev->u.sockinfo.laddr.family)
			learn_addr(m, ev, &ev->u.sockinfo.laddr, NULL);
		break;
	default:
		break;
	}
}

const struct nw_link_rec *nw_link_model_find(const struct nw_link_model *m, uint64_t netns_ino,
					     uint32_t ifindex)
{
	struct nw_link_key k;

	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	k.ifindex = ifindex;
	return nw_kstore_find(m->links, &k);
}

const struct nw_link_rec *nw_link_model_by_name(const struct nw_link_model *m, uint64_t netns_ino,
						const char *ifname)
{
	const struct nw_link_rec *l;

	NW_KSTORE_FOREACH(m->links, l)
		if (l->key.netns_ino == netns_ino && !strcmp(l->ifname, ifname))
			return l;
	return NULL;
}

size_t nw_link_rec_neras(const struct nw_link_rec *l)
{
	return l->nhist < NW_LINK_MAC_HIST ? l->nhist : NW_LINK_MAC_HIST;
}

const struct nw_link_mac_era *nw_link_rec_era(const struct nw_link_rec *l, size_t i)
{
	size_t n = nw_link_rec_neras(l);

	if (i >= n)
		return NULL;
	return &l->hist[(l->nhist - n + i) % NW_LINK_MAC_HIST];
}

const struct nw_link_rec *nw_link_model_had_mac(const struct nw_link_model *m, uint64_t netns_ino,
						const struct nw_mac *mac,
						const struct nw_link_mac_era **era)
{
	const struct nw_link_rec *l;

	NW_KSTORE_FOREACH(m->links, l) {
		if ((netns_ino && l->key.netns_ino != netns_ino) || nw_mac_eq(&l->mac, mac))
			continue;
		for (size_t j = 0; j < nw_link_rec_neras(l); j++) {
			const struct nw_link_mac_era *e = nw_link_rec_era(l, j);

			if (nw_mac_eq(&e->mac, mac)) {
				if (era)
					*era = e;
				return l;
			}
		}
	}
	return NULL;
}

const struct nw_link_rec *nw_link_model_has_mac(const struct nw_link_model *m,
						const struct nw_mac *mac)
{
	const struct nw_link_rec *l;

	NW_KSTORE_FOREACH(m->links, l)
		if (nw_mac_eq(&l->mac, mac))
			return l;
	return NULL;
}

NW_KSTORE_VIEW(nw_link_model, struct nw_link_model, links, struct nw_link_rec)

uint64_t nw_link_model_evicted(const struct nw_link_model *m)
{
	return nw_kstore_evicted(m->links) + nw_kstore_evicted(m->addrs);
}

const struct nw_local_addr *nw_link_model_local_addr(const struct nw_link_model *m,
						     uint64_t netns_ino, const struct nw_addr *addr)
{
	struct nw_local_addr_key k;
	const struct nw_local_addr *a;

	if (!addr->family)
		return NULL;
	if (!netns_ino) {
		NW_KSTORE_FOREACH(m->addrs, a)
			if (nw_addr_eq(&a->key.addr, addr))
				return a;
		return NULL;
	}
	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	k.addr.family = addr->family;
	memcpy(k.addr.bytes, addr->bytes, addr->family == AF_INET ? 4 : 16);
	return nw_kstore_find(m->addrs, &k);
}

bool nw_link_model_sends_from(const struct nw_link_model *m, uint64_t netns_ino, uint32_t ifindex,
			      uint8_t family)
{
	for (size_t i = 0; i < nw_kstore_capacity(m->addrs); i++) {
		const struct nw_local_addr *a = nw_kstore_slot(m->addrs, i);

		if (a && a->key.netns_ino == netns_ino && a->ifindex == ifindex &&
		    a->key.addr.family == family)
			return true;
	}
	return false;
}
