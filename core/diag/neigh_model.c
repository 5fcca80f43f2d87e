// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Neighbour model.  Netlink and the neigh:* tracepoints both report an
 * entry; the model keeps whichever arrives, in order, as the timeline, and
 * records a transition only when the state or the probe count changed (the
 * two sources repeat each other).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/kstore.h"
#include "core/diag/neigh_model.h"
#include "core/util.h"

#define ETH_P_ARP_ 0x0806
#define ETH_P_IPV6_ 0x86dd
#define IPPROTO_ICMPV6_ 58
#define ND_NS 135
#define ND_NA 136

struct nw_neigh_model {
	struct nw_kstore *entries;
	struct nw_kstore *tables;
	const struct nw_neigh_entry *last_failed;
};

bool nw_addr_eq(const struct nw_addr *a, const struct nw_addr *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family && a->family == b->family && !memcmp(a->bytes, b->bytes, n);
}

bool nw_mac_eq(const struct nw_mac *a, const struct nw_mac *b)
{
	return a->len && a->len == b->len && !memcmp(a->bytes, b->bytes, a->len);
}

bool nw_mac_is_unicast(const struct nw_mac *m)
{
	if (!m->len || (m->bytes[0] & 1))
		return false;
	for (size_t i = 0; i < m->len; i++)
		if (m->bytes[i])
			return true;
	return false;
}

struct nw_neigh_model *nw_neigh_model_new(size_t capacity)
{
	struct nw_neigh_model *m = nw_xcalloc(1, sizeof(*m));

	m->entries = nw_kstore_new(sizeof(struct nw_neigh_key), sizeof(struct nw_neigh_entry),
				   capacity ? capacity : 1);
	m->tables =
	    nw_kstore_new(sizeof(struct nw_neigh_table_key), sizeof(struct nw_neigh_table_rec), 64);
	return m;
}

void nw_neigh_model_free(struct nw_neigh_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->entries);
	nw_kstore_free(m->tables);
	free(m);
}

static void make_key(struct nw_neigh_key *k, uint64_t netns, uint32_t ifindex,
		     const struct nw_addr *ip)
{
	memset(k, 0, sizeof(*k));
	k->netns_ino = netns;
	k->ifindex = ifindex;
	k->ip.family = ip->family;
	memcpy(k->ip.bytes, ip->bytes, ip->family == AF_INET ? 4 : 16);
}

static struct nw_neigh_entry *entry_get(struct nw_neigh_model *m, const struct nw_event *ev,
					const struct nw_addr *ip)
{
	struct nw_neigh_key k;
	struct nw_neigh_entry *e;
	bool created;

	make_key(&k, ev->netns_ino, ev->ifindex, ip);
	e = nw_kstore_get(m->entries, &k, &created);
	if (created) {
		e->family = ip->family;
		e->first_ts = ev->ts;
	}
	if (ev->ifname[0])
		nw_strlcpy(e->ifname, ev->ifname, sizeof(e->ifname));
	return e;
}

static void link_add(struct nw_neigh_link *l, const struct nw_event *ev)
{
	if (!l->count) {
		l->first_ts = ev->ts;
		l->first_id = ev->id;
	}
	l->count++;
	l->last_ts = ev->ts;
	l->last_id = ev->id;
}

static void add_transition(struct nw_neigh_entry *e, const struct nw_event *ev, uint16_t prev)
{
	const struct nw_neigh_ev *n = &ev->u.neigh;
	struct nw_neigh_transition *t = &e->tl[e->tl_total % NW_NEIGH_TL_MAX];

	memset(t, 0, sizeof(*t));
	t->ts = ev->ts;
	t->ev_id = ev->id;
	t->state = n->state;
	t->prev_state = prev;
	t->probes = n->probes;
	t->error = n->error;
	t->op = n->op;
	t->by_admin = n->by_admin;
	t->lladdr = n->lladdr;
	e->tl_total++;
}

/*
 * The kernel gave up resolving: the entry moved into FAILED by its own state
 * machine.  An administrator's delete or flush also passes through FAILED
 * (neigh_delete updates to NUD_FAILED with NEIGH_UPDATE_F_ADMIN), and a
 * removal (a flushed device, a namespace going away) may report the state
 * the entry died in: neither is a failure to resolve.  Nor is the failed
 * reconfirmation of a peer that went away (PROBE -> FAILED: the unicast
 * probes after the last packet found nobody; no packet waits, since PROBE
 * still sends).  Whoever still wants the peer re-creates the entry, and its
 * INCOMPLETE -> FAILED counts; so does a real failure after a flush.
 */
static bool resolution_failed(const struct nw_neigh_entry *e, const struct nw_neigh_ev *n)
{
	uint16_t before = e->tl_total ? e->state : n->prev_state;

	return (n->state & NW_NUD_FAILED) && !(e->state & NW_NUD_FAILED) && !n->by_admin &&
	       n->op != NW_NEIGH_DEL && !(before & NW_NUD_PROBE) && !(n->prev_state & NW_NUD_PROBE);
}

static void on_neigh(struct nw_neigh_model *m, const struct nw_event *ev)
{
	const struct nw_neigh_ev *n = &ev->u.neigh;
	struct nw_neigh_entry *e;
	uint16_t prev;

	if (n->op == NW_NEIGH_CREATE_FAIL) {
		struct nw_neigh_table_key k;
		struct nw_neigh_table_rec *t;

		memset(&k, 0, sizeof(k));
		k.netns_ino = ev->netns_ino;
		k.family = n->family;
		t = nw_kstore_get(m->tables, &k, NULL);
		t->create_fail++;
		t->last_create_fail_ts = ev->ts;
		t->last_create_fail_id = ev->id;
		if (!n->ip.family)
			return;
	}
	if (!n->ip.family)
		return;
	e = entry_get(m, ev, &n->ip);
	prev = e->tl_total ? e->state : n->prev_state;
	if (n->prev_state && e->tl_total == 0)
		prev = n->prev_state;
	if (!e->tl_total || n->state != e->state || n->probes != e->probes ||
	    n->op == NW_NEIGH_DEL || n->op == NW_NEIGH_CREATE_FAIL)
		add_transition(e, ev, prev);
	if ((n->state & NW_NUD_INCOMPLETE) && !(e->state & NW_NUD_INCOMPLETE))
		e->incomplete_since = ev->ts;
	if (resolution_failed(e, n)) {
		e->failed_count++;
		e->last_failed_ts = ev->ts;
		e->last_failed_id = ev->id;
		m->last_failed = e;
	}
	e->state = n->state;
	e->probes = n->probes;
	if (n->probes > e->max_probes)
		e->max_probes = n->probes;
	e->flags = n->flags;
	if (n->dev_flags)
		e->dev_flags = n->dev_flags;
	if (n->lladdr.len)
		e->lladdr = n->lladdr;
	e->family = n->family ? n->family : n->ip.family;
	e->last_ts = ev->ts;
	e->last_id = ev->id;
	e->deleted = n->op == NW_NEIGH_DEL;
}

static void on_table(struct nw_neigh_model *m, const struct nw_event *ev)
{
	const struct nw_neigh_table_ev *t = &ev->u.neigh_table;
	struct nw_neigh_table_key k;
	struct nw_neigh_table_rec *r;
	bool created;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.family = t->family;
	r = nw_kstore_get(m->tables, &k, &created);
	if (created || !r->ts_first) {
		r->first = *t;
		r->ts_first = ev->ts;
	} else {
		if (t->table_fulls > r->last.table_fulls) {
			r->table_fulls_delta += t->table_fulls - r->last.table_fulls;
			r->last_full_ts = ev->ts;
			r->last_full_id = ev->id;
			r->at_full = *t;
			r->at_full_id = ev->id;
		}
		if (t->forced_gc_runs > r->last.forced_gc_runs)
			r->forced_gc_delta += t->forced_gc_runs - r->last.forced_gc_runs;
		if (t->res_failed > r->last.res_failed)
			r->res_failed_delta += t->res_failed - r->last.res_failed;
	}
	r->last = *t;
	r->ts_last = ev->ts;
	r->last_id = ev->id;
	if (t->entries > r->max_entries) {
		r->max_entries = t->entries;
		if (!r->last_full_id) {
			r->at_full = *t;
			r->at_full_id = ev->id;
		}
	}
	if (t->gc_thresh3 && t->entries >= t->gc_thresh3)
		r->reached_thresh3 = true;
}

/* The last 24 bits of an IPv6 address: what a solicited-node multicast address carries. */
static bool solicited_for(const struct nw_addr *dst, const struct nw_addr *ip)
{
	static const uint8_t prefix[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};

	return dst->family == AF_INET6 && !memcmp(dst->bytes, prefix, sizeof(prefix)) &&
	       !memcmp(dst->bytes + 13, ip->bytes + 13, 3);
}

static void on_packet(struct nw_neigh_model *m, const struct nw_event *ev)
{
	const struct nw_packet_ev *p = &ev->u.packet;
	struct nw_neigh_entry *e;

	if (p->ethertype == ETH_P_ARP_) {
		if (p->arp_op == 1 && p->dir != NW_DIR_IN && p->dst.family) {
			e = entry_get(m, ev, &p->dst);
			if (p->dir != NW_DIR_OUT) {
				link_add(&e->req_seen, ev);
				return;
			}
			link_add(&e->req_out, ev);
			if (p->src.family)
				e->req_spa = p->src;
			e->req_sha = p->src_mac;
		} else if (p->arp_op == 2 && p->dir != NW_DIR_OUT && p->src.family) {
			e = entry_get(m, ev, &p->src);
			link_add(p->dir == NW_DIR_IN ? &e->reply_in : &e->reply_seen, ev);
		}
		return;
	}
	if (p->ethertype != ETH_P_IPV6_ || p->l4proto != IPPROTO_ICMPV6_)
		return;
	if ((p->arp_op >> 8) == ND_NS && p->dir != NW_DIR_IN) {
		/* The target is in the NS body, which the packet event does not carry: match the
		 * entries it solicits. */
		struct nw_neigh_entry *x;

		NW_KSTORE_FOREACH(m->entries, x) {
			if (x->key.netns_ino != ev->netns_ino ||
			    x->key.ifindex != ev->ifindex || x->key.ip.family != AF_INET6)
				continue;
			if (!nw_addr_eq(&p->dst, &x->key.ip) && !solicited_for(&p->dst, &x->key.ip))
				continue;
			if (p->dir != NW_DIR_OUT) {
				link_add(&x->req_seen, ev);
				continue;
			}
			link_add(&x->req_out, ev);
			x->req_spa = p->src;
			x->req_sha = p->src_mac;
		}
	} else if ((p->arp_op >> 8) == ND_NA && p->dir != NW_DIR_OUT && p->src.family) {
		e = entry_get(m, ev, &p->src);
		link_add(p->dir == NW_DIR_IN ? &e->reply_in : &e->reply_seen, ev);
	}
}

void nw_neigh_model_on_event(struct nw_neigh_model *m, const struct nw_event *ev)
{
	m->last_failed = NULL;
	switch (ev->type) {
	case NW_EV_NEIGH:
		on_neigh(m, ev);
		break;
	case NW_EV_NEIGH_TABLE:
		on_table(m, ev);
		break;
	case NW_EV_PACKET:
		on_packet(m, ev);
		break;
	default:
		break;
	}
}

const struct nw_neigh_entry *nw_neigh_model_last_failed(const struct nw_neigh_model *m)
{
	return m->last_failed;
}

const struct nw_neigh_entry *nw_neigh_model_find(const struct nw_neigh_model *m, uint64_t netns_ino,
						 uint32_t ifindex, const struct nw_addr *ip)
{
	struct nw_neigh_key k;

	make_key(&k, netns_ino, ifindex, ip);
	return nw_kstore_find(m->entries, &k);
}

NW_KSTORE_VIEW(nw_neigh_model, struct nw_neigh_model, entries, struct nw_neigh_entry)

size_t nw_neigh_model_count(const struct nw_neigh_model *m)
{
	return nw_kstore_count(m->entries);
}

uint64_t nw_neigh_model_evicted(const struct nw_neigh_model *m)
{
	return nw_kstore_evicted(m->entries);
}

size_t nw_neigh_entry_ntransitions(const struct nw_neigh_entry *e)
{
	return e->tl_total < NW_NEIGH_TL_MAX ? (size_t)e->tl_total : NW_NEIGH_TL_MAX;
}

const struct nw_neigh_transition *nw_neigh_entry_transition(const struct nw_neigh_entry *e,
							    size_t i)
{
	size_t n = nw_neigh_entry_ntransitions(e);
	uint64_t first = e->tl_total - n;

	if (i >= n)
		return NULL;
	return &e->tl[(first + i) % NW_NEIGH_TL_MAX];
}

NW_KSTORE_VIEW(nw_neigh_model_table, struct nw_neigh_model, tables, struct nw_neigh_table_rec)

const struct nw_neigh_table_rec *nw_neigh_model_table(const struct nw_neigh_model *m,
						      uint64_t netns_ino, uint8_t family)
{
	struct nw_neigh_table_key k;

	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	k.family = family;
	return nw_kstore_find(m->tables, &k);
}
