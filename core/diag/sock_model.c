// SPDX-License-Identifier: GPL-2.0-or-later
/* Socket model: errno counts per socket and buffer/drop snapshots. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/kstore.h"
#include "core/diag/sock_model.h"
#include "core/util.h"

/* Reports waiting for their other half (see nw_sock_model_last_repeated). */
#define NW_SOCK_PENDING 32
#define NW_SOCK_PAIR_NS 1000000000ull /* both halves come within a second */

struct pending_report {
	struct nw_event ev;
	bool open;
};

struct nw_sock_model {
	struct nw_kstore *socks;
	struct nw_kstore *infos;
	const struct nw_sock_rec *last;
	const struct nw_sockinfo_rec *last_info;
	struct pending_report pending[NW_SOCK_PENDING];
	size_t npending;
	bool repeated;			 /* the last event was a pair's second report */
	struct pending_report retracted; /* open: the first report taken back */
};

struct nw_sock_model *nw_sock_model_new(size_t capacity)
{
	struct nw_sock_model *m = nw_xcalloc(1, sizeof(*m));

	if (!capacity)
		capacity = 1;
	m->socks = nw_kstore_new(sizeof(struct nw_sock_key), sizeof(struct nw_sock_rec), capacity);
	m->infos =
	    nw_kstore_new(sizeof(struct nw_sockinfo_key), sizeof(struct nw_sockinfo_rec), capacity);
	return m;
}

void nw_sock_model_free(struct nw_sock_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->socks);
	nw_kstore_free(m->infos);
	free(m);
}

static void make_key(struct nw_sock_key *k, uint64_t netns, uint32_t pid, int32_t fd,
		     uint64_t cookie)
{
	memset(k, 0, sizeof(*k));
	k->netns_ino = netns;
	k->pid = pid;
	k->fd = fd;
	k->cookie = cookie;
}

/* The open report of the other origin that the same failure made, or NULL. */
static struct pending_report *other_half(struct nw_sock_model *m, const struct nw_event *ev)
{
	const struct nw_sock_ev *s = &ev->u.sock;

	for (size_t i = 0; i < NW_SOCK_PENDING; i++) {
		struct pending_report *p = &m->pending[i];
		const struct nw_sock_ev *o = &p->ev.u.sock;

		if (p->open && p->ev.netns_ino == ev->netns_ino && o->err == s->err &&
		    o->origin != s->origin && ev->ts - p->ev.ts <= NW_SOCK_PAIR_NS &&
		    o->raddr.family == s->raddr.family &&
		    !memcmp(o->raddr.bytes, s->raddr.bytes, s->raddr.family == AF_INET ? 4 : 16) &&
		    o->rport == s->rport)
			return p;
	}
	return NULL;
}

static void remember_half(struct nw_sock_model *m, const struct nw_event *ev)
{
	struct pending_report *p = &m->pending[m->npending++ % NW_SOCK_PENDING];

	p->ev = *ev;
	p->open = true;
}

/* Takes a counted report back from its record. */
static void uncount(struct nw_sock_model *m, const struct pending_report *p)
{
	const struct nw_sock_ev *s = &p->ev.u.sock;
	struct nw_sock_key k;
	struct nw_sock_rec *r;

	make_key(&k, p->ev.netns_ino, s->fd < 0 ? 0 : s->pid, s->fd, s->sk_cookie);
	r = nw_kstore_find(m->socks, &k);
	if (!r)
		return;
	for (size_t i = 0; i < NW_SOCK_ERRNOS; i++) {
		struct nw_sock_errno_count *c = &r->errnos[i];

		if (!c->count || c->err != s->err)
			continue;
		if (!--c->count)
			memset(c, 0, sizeof(*c));
		r->errors--;
		return;
	}
}

/* Pairs the two reports of one failure; true when this event is not to be counted. */
static bool pair_reports(struct nw_sock_model *m, const struct nw_event *ev)
{
	struct pending_report *p;

	if (!ev->u.sock.raddr.family)
		return false;
	p = other_half(m, ev);
	if (!p) {
		remember_half(m, ev);
		return false;
	}
	p->open = false;
	if (ev->u.sock.origin == NW_SOCKERR_ASYNC)
		return (m->repeated = true);
	uncount(m, p);
	m->retracted = *p;
	m->retracted.open = true;
	return false;
}

static void on_err(struct nw_sock_model *m, const struct nw_event *ev)
{
	const struct nw_sock_ev *s = &ev->u.sock;
	struct nw_sock_key k;
	struct nw_sock_rec *r;
	struct nw_sock_errno_count *c = NULL;
	struct nw_sock_err_rec *l;

	/* Asynchronous reports have no fd: key them by the socket cookie alone. */
	make_key(&k, ev->netns_ino, s->fd < 0 ? 0 : s->pid, s->fd, s->sk_cookie);
	r = nw_kstore_get(m->socks, &k, NULL);
	if (s->comm[0])
		nw_strlcpy(r->comm, s->comm, sizeof(r->comm));
	if (s->sk_family) {
		r->family = s->sk_family;
		r->protocol = s->sk_protocol;
		r->type = s->sk_type;
	}
	if (s->laddr.family) {
		r->laddr = s->laddr;
		r->lport = s->lport;
	}
	if (s->raddr.family) {
		r->raddr = s->raddr;
		r->rport = s->rport;
	}
	if (s->sk_family == AF_NETLINK) {
		r->nl_portid = s->nl_portid;
		r->nl_groups = s->nl_groups;
	}
	m->last = r;
	if (pair_reports(m, ev))
		return;
	r->errors++;
	for (size_t i = 0; i < NW_SOCK_ERRNOS; i++) {
		if (r->errnos[i].count && r->errnos[i].err == s->err) {
			c = &r->errnos[i];
			break;
		}
		if (!r->errnos[i].count && !c)
			c = &r->errnos[i];
	}
	if (c && c->count && c->err != s->err)
		c = NULL;
	if (c) {
		if (!c->count) {
			c->err = s->err;
			c->first_ts = ev->ts;
			c->first_id = ev->id;
		}
		c->count++;
		c->syscall = s->syscall;
		c->last_ts = ev->ts;
		c->last_id = ev->id;
	} else {
		r->errnos_other++;
	}
	l = &r->last[r->last_total % NW_SOCK_LAST];
	l->ts = ev->ts;
	l->id = ev->id;
	l->err = s->err;
	l->syscall = s->syscall;
	l->raddr = s->raddr;
	l->rport = s->rport;
	r->last_total++;
	m->last = r;
}

static void on_info(struct nw_sock_model *m, const struct nw_event *ev)
{
	const struct nw_sockinfo_ev *s = &ev->u.sockinfo;
	struct nw_sockinfo_key k;
	struct nw_sockinfo_rec *r;
	bool created;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.inode = s->inode ? s->inode : s->cookie;
	k.family = s->sk_family;
	k.protocol = s->sk_protocol;
	k.portid = s->nl_portid;
	r = nw_kstore_get(m->infos, &k, &created);
	if (created) {
		r->first = *s;
		r->first_ts = ev->ts;
	} else if (s->drops > r->last.drops) {
		r->drops_delta += s->drops - r->last.drops;
		r->last_drop_ts = ev->ts;
		r->last_drop_id = ev->id;
	}
	r->last = *s;
	r->last_ts = ev->ts;
	r->last_id = ev->id;
	r->gone = s->op == NW_SOCKINFO_GONE;
	m->last_info = r;
}

void nw_sock_model_on_event(struct nw_sock_model *m, const struct nw_event *ev)
{
	m->last = NULL;
	m->last_info = NULL;
	m->repeated = false;
	m->retracted.open = false;
	if (ev->type == NW_EV_SOCK_ERR)
		on_err(m, ev);
	else if (ev->type == NW_EV_SOCK_INFO)
		on_info(m, ev);
}

bool nw_sock_model_last_repeated(const struct nw_sock_model *m)
{
	return m->repeated;
}

const struct nw_event *nw_sock_model_last_retracted(const struct nw_sock_model *m)
{
	return m->retracted.open ? &m->retracted.ev : NULL;
}

const struct nw_sock_rec *nw_sock_model_last(const struct nw_sock_model *m)
{
	return m->last;
}

const struct nw_sockinfo_rec *nw_sock_model_last_info(const struct nw_sock_model *m)
{
	return m->last_info;
}

const struct nw_sock_rec *nw_sock_model_find(const struct nw_sock_model *m, uint64_t netns_ino,
					     uint32_t pid, int32_t fd, uint64_t cookie)
{
	struct nw_sock_key k;

	make_key(&k, netns_ino, fd < 0 ? 0 : pid, fd, cookie);
	return nw_kstore_find(m->socks, &k);
}

const struct nw_sock_errno_count *nw_sock_rec_errno(const struct nw_sock_rec *r, int err)
{
	for (size_t i = 0; i < NW_SOCK_ERRNOS; i++)
		if (r->errnos[i].count && r->errnos[i].err == err)
			return &r->errnos[i];
	return NULL;
}

NW_KSTORE_VIEW(nw_sock_model, struct nw_sock_model, socks, struct nw_sock_rec)

NW_KSTORE_VIEW(nw_sock_model_info, struct nw_sock_model, infos, struct nw_sockinfo_rec)

uint64_t nw_sock_model_evicted(const struct nw_sock_model *m)
{
	return nw_kstore_evicted(m->socks) + nw_kstore_evicted(m->infos);
}

const struct nw_sockinfo_rec *nw_sock_model_netlink(const struct nw_sock_model *m,
						    uint64_t netns_ino, uint32_t portid,
						    uint32_t pid)
{
	const struct nw_sockinfo_rec *best = NULL, *r;

	NW_KSTORE_FOREACH(m->infos, r) {
		if (r->key.family != AF_NETLINK)
			continue;
		if (netns_ino && r->key.netns_ino && r->key.netns_ino != netns_ino)
			continue;
		if (portid && r->last.nl_portid == portid)
			return r;
		if (!portid && pid && r->last.pid == pid &&
		    (!best || r->drops_delta > best->drops_delta))
			best = r;
	}
	return best;
}
