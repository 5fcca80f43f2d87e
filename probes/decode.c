// SPDX-License-Identifier: GPL-2.0-or-later
/* Ring buffer records -> core events; see decode.h. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "core/event.h"
#include "probes/decode.h"
#include "probes/nw_records.h"

_Static_assert(sizeof(struct nw_rec_hdr) == 16, "nw_rec_hdr layout");
_Static_assert(sizeof(struct nw_rec_pkt) % 8 == 0, "nw_rec_pkt padding");
_Static_assert(sizeof(struct nw_rec_drop) % 8 == 0, "nw_rec_drop padding");
_Static_assert(sizeof(struct nw_rec_neigh) % 8 == 0, "nw_rec_neigh padding");
_Static_assert(sizeof(struct nw_rec_sock) % 8 == 0, "nw_rec_sock padding");
_Static_assert(sizeof(struct nw_drop_agg_key) == 24, "nw_drop_agg_key padding");
_Static_assert(sizeof(struct nw_drop_agg_val) % 8 == 0, "nw_drop_agg_val padding");

union nw_rec_any {
	struct nw_rec_hdr hdr;
	struct nw_rec_drop drop;
	struct nw_rec_neigh neigh;
	struct nw_rec_sock sock;
};

/* Kernel strings arrive in fixed arrays that need not be terminated. */
static void copy_name(char *dst, size_t dst_size, const char *src, size_t src_size)
{
	size_t n = strnlen(src, src_size);

	if (n >= dst_size)
		n = dst_size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void set_addr(struct nw_addr *a, int family, const uint8_t *bytes)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->bytes, bytes, 4);
	} else if (family == AF_INET6) {
		a->family = AF_INET6;
		memcpy(a->bytes, bytes, 16);
	}
}

static void set_mac(struct nw_mac *m, const uint8_t *bytes, size_t len)
{
	memset(m, 0, sizeof(*m));
	if (len > NW_MAC_MAX)
		len = NW_MAC_MAX;
	m->len = (uint8_t)len;
	memcpy(m->bytes, bytes, len);
}

static void decode_where(struct nw_event *ev, const struct nw_rec_hdr *h,
			 const struct nw_rec_where *w, enum nw_event_type type)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->origin = NW_ORIGIN_BPF;
	ev->ts = h->ts;
	ev->netns_ino = w->netns_ino;
	ev->ifindex = w->ifindex;
	copy_name(ev->ifname, sizeof(ev->ifname), w->ifname, sizeof(w->ifname));
}

static int decode_drop(const struct nw_rec_drop *r, struct nw_event *out)
{
	const struct nw_rec_pkt *p = &r->pkt;
	struct nw_drop_ev *d = &out[0].u.drop;

	decode_where(&out[0], &r->hdr, &r->where, NW_EV_DROP);
	d->reason = r->reason;
	d->protocol = r->protocol;
	d->pkt_type = r->pkt_type;
	d->location = r->location;
	d->skbaddr = r->skbaddr;
	if (p->flags & NW_PKT_HAS_MAC) {
		set_mac(&d->src_mac, p->src_mac, 6);
		set_mac(&d->dst_mac, p->dst_mac, 6);
	}
	if (p->flags & NW_PKT_HAS_L3) {
		set_addr(&d->src, p->family, p->src);
		set_addr(&d->dst, p->family, p->dst);
		d->l4proto = p->l4proto;
	}
	if (p->flags & NW_PKT_HAS_L4) {
		d->sport = p->sport;
		d->dport = p->dport;
	}
	d->arp_op = p->arp_op;
	if (p->flags & NW_PKT_HAS_ARP) {
		set_mac(&d->arp_sha, p->arp_sha, 6);
		set_mac(&d->arp_tha, p->arp_tha, 6);
		set_addr(&d->arp_spa, AF_INET, p->arp_spa);
		set_addr(&d->arp_tpa, AF_INET, p->arp_tpa);
	}
	if (!(r->flags & NW_DROP_QDISC))
		return 1;

	/* The same drop seen from the qdisc: what it was and who dropped it. */
	struct nw_qdisc_ev *q = &out[1].u.qdisc;

	decode_where(&out[1], &r->hdr, &r->where, NW_EV_QDISC);
	q->op = NW_QDISC_DROP;
	copy_name(q->kind, sizeof(q->kind), r->qdisc_kind, sizeof(r->qdisc_kind));
	q->handle = r->qdisc_handle;
	q->parent = r->qdisc_parent;
	q->direct_qlen = UINT32_MAX;
	q->drops = 1;
	q->pkt_ethertype = p->ethertype;
	q->pkt_arp_op = p->arp_op;
	q->drop_reason = r->reason;
	if (p->flags & NW_PKT_HAS_ARP) {
		q->pkt_src = d->arp_spa;
		q->pkt_dst = d->arp_tpa;
	} else if (p->flags & NW_PKT_HAS_L3) {
		q->pkt_src = d->src;
		q->pkt_dst = d->dst;
		q->pkt_l4proto = p->l4proto;
		q->pkt_tcp_flags = p->tcp_flags;
	}
	return 2;
}

int nw_probe_decode_agg(const struct nw_drop_agg_key *key, const struct nw_drop_agg_val *vals,
			size_t nvals, uint64_t count, uint64_t ts,
			struct nw_event out[NW_DECODE_MAX_EVENTS])
{
	const struct nw_drop_agg_val *named = NULL, *qdisc = NULL;
	struct nw_drop_ev *d = &out[0].u.drop;
	struct nw_rec_hdr h = { .ts = ts };
	struct nw_rec_where w = { .netns_ino = key ? key->netns_ino : 0 };

	if (!key || !vals || !nvals || !count)
		return -EINVAL;
	/* Only the CPU that created the entry filled its names. */
	for (size_t i = 0; i < nvals; i++) {
		if (!named && vals[i].ifname[0])
			named = &vals[i];
		if (!qdisc && (vals[i].flags & NW_DROP_QDISC))
			qdisc = &vals[i];
	}
	w.ifindex = key->ifindex;
	if (named)
		memcpy(w.ifname, named->ifname, sizeof(w.ifname));
	decode_where(&out[0], &h, &w, NW_EV_DROP);
	d->reason = key->reason;
	d->protocol = key->protocol;
	d->pkt_type = key->pkt_type;
	d->location = key->location;
	d->count = count;
	if (!qdisc)
		return 1;

	struct nw_qdisc_ev *q = &out[1].u.qdisc;

	decode_where(&out[1], &h, &w, NW_EV_QDISC);
	q->op = NW_QDISC_DROP;
	copy_name(q->kind, sizeof(q->kind), qdisc->qdisc_kind, sizeof(qdisc->qdisc_kind));
	q->handle = qdisc->qdisc_handle;
	q->parent = qdisc->qdisc_parent;
	q->direct_qlen = UINT32_MAX;
	q->drops = count;
	q->pkt_ethertype = key->protocol;
	q->drop_reason = key->reason;
	return 2;
}

static const uint8_t neigh_ops[NW_RNEIGH_OP_COUNT] = {
	[NW_RNEIGH_CREATE] = NW_NEIGH_NEW,
	[NW_RNEIGH_CREATE_FAIL] = NW_NEIGH_CREATE_FAIL,
	[NW_RNEIGH_UPDATE] = NW_NEIGH_UPDATE,
	[NW_RNEIGH_UPDATE_DONE] = NW_NEIGH_UPDATE,
	[NW_RNEIGH_TIMER] = NW_NEIGH_TIMER,
	[NW_RNEIGH_SEND_DONE] = NW_NEIGH_UPDATE,
	[NW_RNEIGH_SEND_DEAD] = NW_NEIGH_UPDATE,
	[NW_RNEIGH_RELEASE] = NW_NEIGH_DEL,
};

static bool all_zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static int decode_neigh(const struct nw_rec_neigh *r, struct nw_event *out)
{
	struct nw_neigh_ev *n = &out[0].u.neigh;
	size_t lllen = r->lladdr_len;

	if (r->op == 0 || r->op >= NW_RNEIGH_OP_COUNT)
		return -EINVAL;
	decode_where(&out[0], &r->hdr, &r->where, NW_EV_NEIGH);
	n->op = neigh_ops[r->op];
	n->family = r->family;
	n->state = r->state;
	n->prev_state = r->prev_state;
	n->flags = r->ntf_flags;
	n->probes = r->probes;
	n->error = r->error;
	n->dev_flags = r->dev_flags;
	n->by_admin = r->op == NW_RNEIGH_UPDATE && (r->update_flags & NW_NEIGH_UPDATE_F_ADMIN);
	if (r->key_len == 4)
		set_addr(&n->ip, AF_INET, r->key);
	else if (r->key_len == 16)
		set_addr(&n->ip, AF_INET6, r->key);
	if (lllen > sizeof(r->lladdr))
		lllen = sizeof(r->lladdr);
	/* An entry that never resolved has an all-zero address: not one to show. */
	if (lllen && !all_zero(r->lladdr, lllen))
		set_mac(&n->lladdr, r->lladdr, lllen);
	return 1;
}

static int decode_sock(const struct nw_rec_sock *r, struct nw_event *out)
{
	struct nw_sock_ev *s = &out[0].u.sock;

	decode_where(&out[0], &r->hdr, &r->where, NW_EV_SOCK_ERR);
	s->origin = r->origin == NW_RSOCK_ASYNC ? NW_SOCKERR_ASYNC : NW_SOCKERR_SYSCALL;
	s->sk_type = r->sk_type;
	s->sk_family = r->family;
	s->sk_protocol = r->protocol;
	s->pid = r->pid;
	s->tid = r->tid;
	s->fd = r->fd;
	s->syscall = r->nr;
	s->err = r->err;
	copy_name(s->comm, sizeof(s->comm), r->comm, sizeof(r->comm));
	if (r->family == AF_INET || r->family == AF_INET6) {
		set_addr(&s->laddr, r->family, r->laddr);
		set_addr(&s->raddr, r->family, r->raddr);
		s->lport = r->lport;
		s->rport = r->rport;
	} else if (r->family == AF_NETLINK) {
		s->nl_portid = r->nl_portid;
		s->nl_groups = r->nl_groups;
	}
	s->sk_cookie = r->sk_cookie;
	return 1;
}

static size_t expected_size(unsigned type)
{
	switch (type) {
	case NW_REC_DROP:
		return sizeof(struct nw_rec_drop);
	case NW_REC_NEIGH:
		return sizeof(struct nw_rec_neigh);
	case NW_REC_SOCK:
		return sizeof(struct nw_rec_sock);
	default:
		return 0;
	}
}

int nw_probe_record_prog(const void *data, size_t len)
{
	struct nw_rec_hdr h;

	if (!data || len < sizeof(h))
		return -EINVAL;
	memcpy(&h, data, sizeof(h));
	return h.prog;
}

int nw_probe_decode(const void *data, size_t len, struct nw_event out[NW_DECODE_MAX_EVENTS])
{
	union nw_rec_any rec;
	size_t want;

	if (!data || len < sizeof(rec.hdr))
		return -EINVAL;
	memcpy(&rec.hdr, data, sizeof(rec.hdr));
	if (rec.hdr.version != NW_REC_VERSION)
		return -EPROTO;
	want = expected_size(rec.hdr.type);
	if (!want)
		return -ENOMSG;
	if (rec.hdr.size != want || len < want)
		return -EINVAL;
	memcpy(&rec, data, want);

	switch (rec.hdr.type) {
	case NW_REC_DROP:
		return decode_drop(&rec.drop, out);
	case NW_REC_NEIGH:
		return decode_neigh(&rec.neigh, out);
	case NW_REC_SOCK:
		return decode_sock(&rec.sock, out);
	}
	return -ENOMSG;
}
