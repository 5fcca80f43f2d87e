/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2 checks (see l2check.h).  Four bounded tables keyed by (netns, ifindex,
 * address): interfaces, the local neighbour table as fed to us, the MAC each
 * sender last claimed, and request targets.  Tables evict in allocation
 * order when full and count it; a table is a hash of chains over a fixed
 * array of slots, so a lookup per frame stays cheap at any rate.
 *
 * Keys carry addresses a sender on the link chooses, so the hash is keyed
 * with a per-table random seed: without the seed nobody can pick addresses
 * that share a chain and turn each lookup into a scan.
 *
 * Not core/kstore.c, though the hash is the same (nw_hash_bytes): these
 * tables evict in allocation order, not by last use, and delete (a link or
 * a neighbour gone); the key is four words compared inline, on the per-frame
 * path.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>

#include "capture/l2check.h"
#include "core/json_schema.h"
#include "core/util.h"

#define IF_HISTORY 4

struct l2_key {
	uint64_t netns;
	uint32_t ifindex;
	uint8_t family;
	uint8_t pad[3];
	uint8_t addr[16];
};

struct l2_hdr {
	struct l2_key key;
	int32_t next;
	bool used;
};

struct l2_if {
	struct l2_hdr h;
	char name[NW_IFNAMSIZ];
	struct nw_mac mac;
	struct nw_mac hist[IF_HISTORY]; /* [0] newest */
	uint8_t nhist;
	bool forwarding;
	bool announce_pending;
	bool pending_is_mac;
	uint64_t pending_since;
};

struct l2_neigh {
	struct l2_hdr h;
	struct nw_mac mac;
};

struct l2_sender {
	struct l2_hdr h;
	struct nw_mac mac;
	uint32_t flaps;
	uint64_t last_ts;
};

struct l2_req {
	struct l2_hdr h;
	struct nw_l2_request r;
};

struct l2_tab {
	size_t cap, esz, nb;
	uint8_t *ents;
	int32_t *bucket;
	size_t hand;
	uint64_t evicted;
	uint64_t seed;
};

struct nw_l2check {
	struct l2_tab ifs, neigh, senders, reqs;
	/* The interface the last frame came from (NULL: none yet): frames come
	 * in runs from one interface, and each is looked up two or three times. */
	struct l2_if *if_last;
};

static int tab_init(struct l2_tab *t, size_t cap, size_t esz)
{
	t->cap = cap;
	t->esz = esz;
	t->nb = 1;
	while (t->nb < cap)
		t->nb <<= 1;
	t->ents = calloc(cap, esz);
	t->bucket = malloc(t->nb * sizeof(*t->bucket));
	if (!t->ents || !t->bucket)
		return -ENOMEM;
	for (size_t i = 0; i < t->nb; i++)
		t->bucket[i] = -1;
	t->hand = 0;
	t->evicted = 0;
	t->seed = nw_hash_seed();
	return 0;
}

static void tab_fini(struct l2_tab *t)
{
	free(t->ents);
	free(t->bucket);
}

static struct l2_hdr *tab_slot(const struct l2_tab *t, size_t i)
{
	return (struct l2_hdr *)(void *)(t->ents + i * t->esz); /* esz keeps slots aligned */
}

/* The key as the four 64-bit words it is made of (mkkey() zeroes the padding). */
static void key_words(const struct l2_key *k, uint64_t w[4])
{
	_Static_assert(sizeof(struct l2_key) == 4 * sizeof(uint64_t), "l2_key is four words");
	memcpy(w, k, sizeof(*k));
}

static size_t key_hash(const struct l2_tab *t, const struct l2_key *k)
{
	return (size_t)nw_hash_bytes(k, sizeof(*k), t->seed) & (t->nb - 1);
}

static bool key_eq(const struct l2_key *a, const struct l2_key *b)
{
	uint64_t x[4], y[4];

	key_words(a, x);
	key_words(b, y);
	return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]));
}

static void *tab_find(const struct l2_tab *t, const struct l2_key *k)
{
	for (int32_t i = t->bucket[key_hash(t, k)]; i >= 0; i = tab_slot(t, (size_t)i)->next) {
		struct l2_hdr *h = tab_slot(t, (size_t)i);

		if (key_eq(&h->key, k))
			return h;
	}
	return NULL;
}

static void tab_unlink(struct l2_tab *t, size_t slot)
{
	struct l2_hdr *h = tab_slot(t, slot);
	int32_t *pp = &t->bucket[key_hash(t, &h->key)];

	while (*pp >= 0 && (size_t)*pp != slot)
		pp = &tab_slot(t, (size_t)*pp)->next;
	if (*pp >= 0)
		*pp = h->next;
	h->used = false;
}

static void tab_del(struct l2_tab *t, const struct l2_key *k)
{
	struct l2_hdr *h = tab_find(t, k);

	if (h)
		tab_unlink(t, (size_t)((uint8_t *)h - t->ents) / t->esz);
}

/* Finds or creates (zeroed) the entry for k; the oldest slot makes room. */
static void *tab_get(struct l2_tab *t, const struct l2_key *k)
{
	struct l2_hdr *h = tab_find(t, k);
	size_t slot, b;

	if (h)
		return h;
	slot = t->hand;
	t->hand = (t->hand + 1) % t->cap;
	h = tab_slot(t, slot);
	if (h->used) {
		tab_unlink(t, slot);
		t->evicted++;
	}
	memset(h, 0, t->esz);
	h->key = *k;
	h->used = true;
	b = key_hash(t, k);
	h->next = t->bucket[b];
	t->bucket[b] = (int32_t)slot;
	return h;
}

static struct l2_key mkkey(uint64_t netns, uint32_t ifindex, const struct nw_addr *a)
{
	struct l2_key k;

	memset(&k, 0, sizeof(k));
	k.netns = netns;
	k.ifindex = ifindex;
	if (a && (a->family == AF_INET || a->family == AF_INET6)) {
		k.family = a->family;
		memcpy(k.addr, a->bytes, a->family == AF_INET ? 4 : 16);
	}
	return k;
}

struct nw_l2check *nw_l2check_new(size_t max_entries)
{
	struct nw_l2check *ctx;
	size_t n = max_entries ? max_entries : 1024;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	if (tab_init(&ctx->ifs, n, sizeof(struct l2_if)) ||
	    tab_init(&ctx->neigh, n, sizeof(struct l2_neigh)) ||
	    tab_init(&ctx->senders, n, sizeof(struct l2_sender)) ||
	    tab_init(&ctx->reqs, n, sizeof(struct l2_req))) {
		nw_l2check_free(ctx);
		return NULL;
	}
	return ctx;
}

void nw_l2check_free(struct nw_l2check *ctx)
{
	if (!ctx)
		return;
	tab_fini(&ctx->ifs);
	tab_fini(&ctx->neigh);
	tab_fini(&ctx->senders);
	tab_fini(&ctx->reqs);
	free(ctx);
}

static bool mac_eq(const struct nw_mac *a, const struct nw_mac *b)
{
	if (a->len != b->len)
		return false;
	/* Ethernet's length as a constant: two compares, not a call, on every frame. */
	if (a->len == 6)
		return !memcmp(a->bytes, b->bytes, 6);
	return !memcmp(a->bytes, b->bytes, a->len);
}

static bool mac_is_group(const struct nw_mac *m)
{
	return m->len && (m->bytes[0] & 1); /* broadcast is a group address too */
}

static bool mac_is_zero(const struct nw_mac *m)
{
	for (size_t i = 0; i < m->len; i++)
		if (m->bytes[i])
			return false;
	return true;
}

static bool addr_is_unspec(const struct nw_addr *a)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	if (!a->family)
		return true;
	for (size_t i = 0; i < n; i++)
		if (a->bytes[i])
			return false;
	return true;
}

/*
 * The interface entry, trying the last frame's first.  That entry is checked
 * against the key, so one deleted or reused since is simply a miss.
 */
static struct l2_if *if_find(const struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex)
{
	struct l2_if *i = ctx->if_last;
	struct l2_key k;

	if (i && i->h.used && i->h.key.netns == netns && i->h.key.ifindex == ifindex)
		return i;
	k = mkkey(netns, ifindex, NULL);
	return tab_find(&ctx->ifs, &k);
}

int nw_l2check_set_if_mac(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			  const char *ifname, const struct nw_mac *mac, uint64_t ts)
{
	struct l2_key k = mkkey(netns, ifindex, NULL);
	struct l2_if *i;

	if (!mac || mac->len > NW_MAC_MAX)
		return -EINVAL;
	i = tab_get(&ctx->ifs, &k);
	/* Zero-padded (the last byte stays 0 from tab_get), so frames copy it whole. */
	if (ifname && ifname[0])
		strncpy(i->name, ifname, sizeof(i->name) - 1);
	if (i->mac.len && !mac_eq(&i->mac, mac)) {
		memmove(&i->hist[1], &i->hist[0], sizeof(i->hist[0]) * (IF_HISTORY - 1));
		i->hist[0] = i->mac;
		if (i->nhist < IF_HISTORY)
			i->nhist++;
		i->announce_pending = true;
		i->pending_is_mac = true;
		i->pending_since = ts;
	}
	i->mac = *mac;
	return 0;
}

int nw_l2check_set_if_forwarding(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex, bool fwd)
{
	struct l2_key k = mkkey(netns, ifindex, NULL);
	struct l2_if *i = tab_get(&ctx->ifs, &k);

	i->forwarding = fwd;
	return 0;
}

int nw_l2check_set_if_addr(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			   const struct nw_addr *addr, uint64_t ts)
{
	struct l2_key k = mkkey(netns, ifindex, NULL);
	struct l2_if *i;

	if (!addr || (addr->family != AF_INET && addr->family != AF_INET6))
		return -EINVAL;
	i = tab_get(&ctx->ifs, &k);
	if (!i->announce_pending) {
		i->announce_pending = true;
		i->pending_is_mac = false;
		i->pending_since = ts;
	}
	return 0;
}

int nw_l2check_set_neigh(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			 const struct nw_addr *ip, const struct nw_mac *mac)
{
	struct l2_key k;
	struct l2_neigh *n;

	if (!ip || (ip->family != AF_INET && ip->family != AF_INET6))
		return -EINVAL;
	k = mkkey(netns, ifindex, ip);
	if (!mac || !mac->len) {
		tab_del(&ctx->neigh, &k);
		return 0;
	}
	n = tab_get(&ctx->neigh, &k);
	n->mac = *mac;
	return 0;
}

void nw_l2check_on_event(struct nw_l2check *ctx, const struct nw_event *ev)
{
	const struct nw_link_ev *l = &ev->u.link;
	const struct nw_neigh_ev *n = &ev->u.neigh;
	struct l2_key k;

	switch (ev->type) {
	case NW_EV_LINK:
		if (l->op == NW_LINK_DEL) {
			k = mkkey(ev->netns_ino, ev->ifindex, NULL);
			tab_del(&ctx->ifs, &k);
			break;
		}
		/* A change notification names the old MAC: record it first. */
		if (l->prev_mac.len && !nw_l2check_if_mac(ctx, ev->netns_ino, ev->ifindex, NULL))
			nw_l2check_set_if_mac(ctx, ev->netns_ino, ev->ifindex, ev->ifname,
					      &l->prev_mac, ev->ts);
		if (l->mac.len)
			nw_l2check_set_if_mac(ctx, ev->netns_ino, ev->ifindex, ev->ifname, &l->mac,
					      ev->ts);
		nw_l2check_set_if_forwarding(ctx, ev->netns_ino, ev->ifindex,
					     l->master != 0 || (l->flags & IFF_PROMISC));
		break;
	case NW_EV_NEIGH:
		if (n->op == NW_NEIGH_DEL || n->op == NW_NEIGH_CREATE_FAIL)
			nw_l2check_set_neigh(ctx, ev->netns_ino, ev->ifindex, &n->ip, NULL);
		else if (n->lladdr.len)
			nw_l2check_set_neigh(ctx, ev->netns_ino, ev->ifindex, &n->ip, &n->lladdr);
		break;
	default:
		break;
	}
}

void nw_l2check_bus_cb(const struct nw_event *ev, void *ctx)
{
	/* Packets are most of what the bus carries and nothing the tables take. */
	if (ev->type == NW_EV_LINK || ev->type == NW_EV_NEIGH)
		nw_l2check_on_event(ctx, ev);
}

bool nw_l2check_if_mac(const struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
		       struct nw_mac *mac)
{
	const struct l2_if *i = if_find(ctx, netns, ifindex);

	if (!i || !i->mac.len)
		return false;
	if (mac)
		*mac = i->mac;
	return true;
}

enum nw_pkt_dir nw_l2check_direction(const struct nw_l2check *ctx, uint64_t netns,
				     uint32_t ifindex, const struct nw_dissection *d)
{
	const struct l2_if *i;

	if (nw_dissect_has(d, NW_LAYER_SLL) || nw_dissect_has(d, NW_LAYER_SLL2))
		return d->sll_pkttype == 4 /* PACKET_OUTGOING */ ? NW_DIR_OUT : NW_DIR_IN;
	if (!nw_dissect_has(d, NW_LAYER_ETH))
		return NW_DIR_UNKNOWN;
	i = if_find(ctx, netns, ifindex);
	if (!i || !i->mac.len)
		return NW_DIR_UNKNOWN;
	/*
	 * Loopback (MAC all zeros): every frame is sent and received by this
	 * host, and libpcap sees it once, so neither "out" nor "in" is true.
	 */
	if (mac_is_zero(&i->mac))
		return NW_DIR_UNKNOWN;
	return mac_eq(&i->mac, &d->src_mac) ? NW_DIR_OUT : NW_DIR_IN;
}

/* (a) destination MAC against the receiving interface's. */
static void check_dst(struct l2_if *i, enum nw_pkt_dir dir, uint64_t ts,
		      const struct nw_dissection *d, struct nw_l2_verdict *v)
{
	if (!nw_dissect_has(d, NW_LAYER_ETH)) {
		v->flags |= NW_L2_NO_DST_MAC;
		/* -i any: no destination MAC, but the kernel's own verdict is in the
		 * cooked header (eth_type_trans set PACKET_OTHERHOST). */
		if ((nw_dissect_has(d, NW_LAYER_SLL) || nw_dissect_has(d, NW_LAYER_SLL2)) &&
		    d->sll_pkttype == 3 /* PACKET_OTHERHOST */ && !(i && i->forwarding))
			v->flags |= NW_L2_DST_MISMATCH;
		return;
	}
	if (!i || !i->mac.len) {
		v->flags |= NW_L2_IF_UNKNOWN;
		return;
	}
	if (dir != NW_DIR_IN || i->forwarding || mac_is_group(&d->dst_mac) ||
	    mac_eq(&d->dst_mac, &i->mac))
		return;
	v->flags |= NW_L2_DST_MISMATCH;
	for (unsigned h = 0; h < i->nhist; h++) {
		if (mac_eq(&i->hist[h], &d->dst_mac)) {
			v->flags |= NW_L2_DST_WAS_OURS;
			v->prev_mac = i->hist[h];
			break;
		}
	}
	if (i->announce_pending && ts >= i->pending_since + NW_L2_ANNOUNCE_GRACE_NS) {
		v->flags |= NW_L2_ANNOUNCE_MISSING;
		v->change_ns = ts - i->pending_since;
		v->change_was_mac = i->pending_is_mac;
	}
}

/* (b) the MAC a sender claims for its IP: against our table and against its own past. */
static void check_sender(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex, uint64_t ts,
			 struct nw_l2_verdict *v)
{
	struct l2_key k;
	struct l2_neigh *n;
	struct l2_sender *s;

	if (addr_is_unspec(&v->sender_ip) || !v->sender_mac.len || mac_is_zero(&v->sender_mac))
		return;
	k = mkkey(netns, ifindex, &v->sender_ip);
	n = tab_find(&ctx->neigh, &k);
	if (n && !mac_eq(&n->mac, &v->sender_mac)) {
		v->flags |= NW_L2_NEIGH_CONFLICT;
		v->neigh_mac = n->mac;
	}
	s = tab_get(&ctx->senders, &k);
	if (s->mac.len && !mac_eq(&s->mac, &v->sender_mac)) {
		s->flaps++;
		v->flags |= NW_L2_SENDER_FLAP;
		v->old_sender_mac = s->mac;
		v->flaps = s->flaps;
	}
	s->mac = v->sender_mac;
	s->last_ts = ts;
}

static void note_request(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex, uint64_t ts,
			 struct nw_l2_verdict *v)
{
	struct l2_key k = mkkey(netns, ifindex, &v->target_ip);
	struct l2_req *q = tab_get(&ctx->reqs, &k);

	if (!q->r.target.family) {
		q->r.netns = netns;
		q->r.ifindex = ifindex;
		q->r.target = v->target_ip;
	}
	q->r.requests++;
	if (!q->r.unanswered++)
		q->r.first_request_ts = ts;
	q->r.last_request_ts = ts;
	if (q->r.unanswered > 1) {
		v->flags |= NW_L2_REQ_UNANSWERED;
		v->unanswered = q->r.unanswered;
		v->unanswered_ns = ts - q->r.first_request_ts;
	}
}

static void note_reply(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex, uint64_t ts,
		       struct nw_l2_verdict *v)
{
	struct l2_key k = mkkey(netns, ifindex, &v->target_ip);
	struct l2_req *q = tab_find(&ctx->reqs, &k);

	if (!q)
		return;
	q->r.replies++;
	q->r.last_reply_ts = ts;
	if (q->r.unanswered) {
		v->flags |= NW_L2_REPLY;
		v->reply_ns = ts - q->r.last_request_ts;
	}
	q->r.unanswered = 0;
	q->r.first_request_ts = 0;
}

/* An announcement sent by the interface itself ends a pending change. */
static void note_announce(struct l2_if *i, enum nw_pkt_dir dir, const struct nw_l2_verdict *v)
{
	if (i && dir == NW_DIR_OUT && (!i->mac.len || mac_eq(&v->sender_mac, &i->mac)))
		i->announce_pending = false;
}

/* (b), (c), (d) for ARP. */
static void check_arp(struct nw_l2check *ctx, struct l2_if *i, uint64_t netns, uint32_t ifindex,
		      enum nw_pkt_dir dir, uint64_t ts, const struct nw_dissection *d,
		      struct nw_l2_verdict *v)
{
	bool gratuitous;

	/* Only hardware addresses we keep whole can be compared. */
	if (d->arp_spa.family != AF_INET || d->arp_tpa.family != AF_INET || d->arp_hln > NW_MAC_MAX)
		return;
	v->sender_ip = d->arp_spa;
	v->sender_mac = d->arp_sha;
	v->target_ip = d->arp_tpa;
	/* RFC 5227: sender and target protocol address equal, request or reply. */
	gratuitous = !addr_is_unspec(&d->arp_spa) &&
		     !memcmp(d->arp_spa.bytes, d->arp_tpa.bytes, 4) &&
		     (d->arp_op == 1 || d->arp_op == 2);
	if (gratuitous) {
		v->flags |= NW_L2_GRATUITOUS;
		note_announce(i, dir, v);
	} else if (d->arp_op == 1) {
		note_request(ctx, netns, ifindex, ts, v);
	} else if (d->arp_op == 2) {
		v->target_ip = d->arp_spa; /* the reply answers a request for the sender */
		note_reply(ctx, netns, ifindex, ts, v);
	}
	check_sender(ctx, netns, ifindex, ts, v);
}

static bool ip6_is_multicast(const struct nw_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xff;
}

/* (b), (c), (d) for NDP. */
static void check_ndp(struct nw_l2check *ctx, struct l2_if *i, uint64_t netns, uint32_t ifindex,
		      enum nw_pkt_dir dir, uint64_t ts, const struct nw_dissection *d,
		      struct nw_l2_verdict *v)
{
	if (d->icmp_type == 135) { /* NS: the sender is the source address, lladdr in SLL */
		v->sender_ip = d->src;
		v->sender_mac = d->nd_sll.len ? d->nd_sll : d->src_mac;
		v->target_ip = d->nd_target;
		note_request(ctx, netns, ifindex, ts, v);
		if (!addr_is_unspec(&d->src) && d->nd_sll.len)
			check_sender(ctx, netns, ifindex, ts, v);
	} else if (d->icmp_type == 136) { /* NA: the target's lladdr in TLL */
		v->sender_ip = d->nd_target;
		v->sender_mac = d->nd_tll.len ? d->nd_tll : d->src_mac;
		v->target_ip = d->nd_target;
		if (!(d->nd_flags & 0x40) && ip6_is_multicast(&d->dst)) {
			v->flags |= NW_L2_GRATUITOUS;
			note_announce(i, dir, v);
		} else {
			note_reply(ctx, netns, ifindex, ts, v);
		}
		if (d->nd_tll.len)
			check_sender(ctx, netns, ifindex, ts, v);
	}
}

uint32_t nw_l2check_frame(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			  enum nw_pkt_dir dir, uint64_t ts, const struct nw_dissection *d,
			  struct nw_l2_verdict *v)
{
	struct l2_if *i = if_find(ctx, netns, ifindex);

	memset(v, 0, sizeof(*v));
	v->dst_mac = d->dst_mac;
	if (i) {
		ctx->if_last = i;
		memcpy(v->ifname, i->name, sizeof(v->ifname));
		v->if_mac = i->mac;
	}
	check_dst(i, dir, ts, d, v);
	if (nw_dissect_has(d, NW_LAYER_ARP))
		check_arp(ctx, i, netns, ifindex, dir, ts, d, v);
	else if (nw_dissect_has(d, NW_LAYER_ICMPV6) && !d->truncated && !d->malformed)
		check_ndp(ctx, i, netns, ifindex, dir, ts, d, v);
	return v->flags;
}

size_t nw_l2check_requests(const struct nw_l2check *ctx, struct nw_l2_request *out, size_t max)
{
	const struct l2_tab *t = &ctx->reqs;
	size_t n = 0;

	for (size_t j = 0; j < t->cap; j++) {
		const struct l2_req *q = (const struct l2_req *)tab_slot(t, (t->hand + j) % t->cap);

		if (!q->h.used)
			continue;
		if (n < max)
			out[n] = q->r;
		n++;
	}
	return n;
}

uint64_t nw_l2check_evicted(const struct nw_l2check *ctx)
{
	return ctx->ifs.evicted + ctx->neigh.evicted + ctx->senders.evicted + ctx->reqs.evicted;
}

/* The names are core's (core/json_schema.c): the JSON and the screens say the same. */
const char *nw_l2_flag_name(uint32_t bit)
{
	return nw_jnames_name(&nw_jn_l2_flags, bit);
}
