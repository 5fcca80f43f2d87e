// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink source's handling of one message, whatever its origin (a dump
 * or the live stream, see nl_source_int.h): decoded by the pure decoders
 * (nl_decode.h), compared with the last state reported for its object
 * (nl_tab.h), which yields transitions (a neighbour's previous state, a
 * link's previous MAC) and suppresses repeats, and submitted as events.
 * Sockets also get their owning process, searched in /proc.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/neighbour.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "core/bus.h"
#include "core/log.h"
#include "core/util.h"
#include "probes/nl_decode.h"
#include "probes/nl_source_int.h"

/* --- emitting --------------------------------------------------------------- */

void nl_submit(struct nw_nl_source *src, struct nw_event *ev)
{
	nw_bus_submit(src->bus, ev);
	src->events++;
}

void nl_source_event(struct nw_nl_source *src, uint64_t netns_ino, const char *name,
		     enum nw_source_state state, uint64_t lost, const char *fmt, ...)
{
	struct nw_event ev;
	va_list ap;

	nw_event_init(&ev, NW_EV_SOURCE, NW_ORIGIN_NETLINK);
	ev.netns_ino = netns_ino;
	nw_strlcpy(ev.u.source.name, name, sizeof(ev.u.source.name));
	ev.u.source.state = (uint8_t)state;
	ev.u.source.delivered = src->events;
	ev.u.source.lost = lost;
	va_start(ap, fmt);
	vsnprintf(ev.u.source.detail, sizeof(ev.u.source.detail), fmt, ap);
	va_end(ap);
	if (state != NW_SOURCE_RUNNING)
		nw_log(state == NW_SOURCE_RESYNC ? NW_LOG_WARN : NW_LOG_INFO, "%s: %s", name, ev.u.source.detail);
	nl_submit(src, &ev);
}

static const char *ns_ifname(struct nl_ns *ns, uint32_t ifindex, uint32_t *flags)
{
	struct nl_tab_entry *e = nl_tab_get(&ns->links, &ifindex, sizeof(ifindex), false, NULL);

	if (flags)
		*flags = e ? e->ev.u.link.flags : 0;
	return e ? e->ev.ifname : "";
}

void nl_route_submit(struct nl_ns *ns, struct nw_event *ev)
{
	nw_strlcpy(ev->ifname, ns_ifname(ns, ev->ifindex, NULL), sizeof(ev->ifname));
	nl_submit(ns->src, ev);
}

/* --- links ---------------------------------------------------------------------- */

static bool link_differs(const struct nw_event *a, const struct nw_event *b)
{
	const struct nw_link_ev *x = &a->u.link, *y = &b->u.link;

	return strcmp(a->ifname, b->ifname) || x->flags != y->flags || x->mtu != y->mtu || x->txqlen != y->txqlen ||
	       x->operstate != y->operstate || x->master != y->master || strcmp(x->kind, y->kind) ||
	       x->mac.len != y->mac.len || memcmp(x->mac.bytes, y->mac.bytes, x->mac.len);
}

static void handle_link(struct nl_ns *ns, struct nw_event *ev)
{
	struct nw_link_ev *l = &ev->u.link;
	struct nl_tab_entry *e;
	bool created;

	e = nl_tab_get(&ns->links, &ev->ifindex, sizeof(ev->ifindex), l->op != NW_LINK_DEL, &created);
	if (l->op == NW_LINK_DEL) {
		/* Unknown: its removal was already reported by a dump's sweep (or it never existed for us). */
		if (e) {
			nl_tab_del(&ns->links, e);
			nl_submit(ns->src, ev);
		}
		return;
	}
	e->gen = ns->links.gen;
	if (created) {
		l->op = ns->snapshot ? NW_LINK_SNAPSHOT : NW_LINK_NEW;
	} else {
		if (!link_differs(&e->ev, ev))
			return;
		l->op = NW_LINK_CHANGE;
		if (e->ev.u.link.mac.len &&
		    (l->mac.len != e->ev.u.link.mac.len || memcmp(l->mac.bytes, e->ev.u.link.mac.bytes, l->mac.len))) {
			l->prev_mac = e->ev.u.link.mac;
			memmove(&e->macs[1], &e->macs[0], sizeof(e->macs[0]) * (NL_TAB_MACS - 1));
			e->macs[0] = l->prev_mac;
			if (e->nmacs < NL_TAB_MACS)
				e->nmacs++;
		}
	}
	e->ev = *ev;
	nl_submit(ns->src, ev);
}

void nl_link_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.link.op = NW_LINK_DEL;
	memset(&ev.u.link.prev_mac, 0, sizeof(ev.u.link.prev_mac));
	nl_submit(ns->src, &ev);
}

/* --- neighbours --------------------------------------------------------------------- */

struct neigh_key {
	uint32_t ifindex;
	uint8_t family;
	uint8_t pad[3];
	uint8_t ip[16];
};

static void handle_neigh(struct nl_ns *ns, struct nw_event *ev)
{
	struct nw_neigh_ev *n = &ev->u.neigh;
	struct neigh_key k;
	struct nl_tab_entry *e;
	bool created;

	memset(&k, 0, sizeof(k));
	k.ifindex = ev->ifindex;
	k.family = n->family;

	memcpy(k.ip, n->ip.bytes, sizeof(k.ip));
	nw_strlcpy(ev->ifname, ns_ifname(ns, ev->ifindex, &n->dev_flags), sizeof(ev->ifname));
	e = nl_tab_get(&ns->neighs, &k, sizeof(k), n->op != NW_NEIGH_DEL, &created);
	if (n->op == NW_NEIGH_DEL) {
		if (e) {
			n->prev_state = e->ev.u.neigh.state;
			nl_tab_del(&ns->neighs, e);
			nl_submit(ns->src, ev);
		}
		return;
	}
	e->gen = ns->neighs.gen;
	if (created) {
		n->op = ns->snapshot ? NW_NEIGH_SNAPSHOT : NW_NEIGH_NEW;
	} else {
		const struct nw_neigh_ev *o = &e->ev.u.neigh;

		if (o->state == n->state && o->probes == n->probes && o->flags == n->flags &&
		    o->lladdr.len == n->lladdr.len && !memcmp(o->lladdr.bytes, n->lladdr.bytes, n->lladdr.len))
			return;
		n->op = NW_NEIGH_UPDATE;
		n->prev_state = o->state;
	}
	e->ev = *ev;
	nl_submit(ns->src, ev);
}

void nl_neigh_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.neigh.op = NW_NEIGH_DEL;
	ev.u.neigh.prev_state = e->ev.u.neigh.state;
	nl_submit(ns->src, &ev);
}

/* --- qdiscs and classes ------------------------------------------------------------------ */

struct qdisc_key {
	uint32_t ifindex, handle, parent;
	uint8_t is_class;
};

static bool qdisc_differs(const struct nw_qdisc_ev *a, const struct nw_qdisc_ev *b)
{
	return a->bytes != b->bytes || a->packets != b->packets || a->drops != b->drops ||
	       a->overlimits != b->overlimits || a->requeues != b->requeues || a->qlen != b->qlen ||
	       a->backlog != b->backlog || a->direct_qlen != b->direct_qlen || a->defcls != b->defcls ||
	       a->direct_packets != b->direct_packets || strcmp(a->kind, b->kind);
}

static void handle_qdisc(struct nl_ns *ns, struct nw_event *ev)
{
	struct nw_qdisc_ev *q = &ev->u.qdisc;
	struct qdisc_key k;
	struct nl_tab_entry *e;
	bool created;

	memset(&k, 0, sizeof(k)); /* padding is part of the key */
	k.ifindex = ev->ifindex;
	k.handle = q->handle;
	k.parent = q->parent;
	k.is_class = q->is_class;

	nw_strlcpy(ev->ifname, ns_ifname(ns, ev->ifindex, NULL), sizeof(ev->ifname));
	e = nl_tab_get(&ns->qdiscs, &k, sizeof(k), q->op != NW_QDISC_DEL, &created);
	if (q->op == NW_QDISC_DEL) {
		if (e) {
			nl_tab_del(&ns->qdiscs, e);
			nl_submit(ns->src, ev);
		}
		return;
	}
	e->gen = ns->qdiscs.gen;
	if (!created && !qdisc_differs(&e->ev.u.qdisc, q))
		return;
	e->ev = *ev;
	nl_submit(ns->src, ev);
}

void nl_qdisc_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.qdisc.op = NW_QDISC_DEL;
	nl_submit(ns->src, &ev);
}

/* --- neighbour tables (global) ---------------------------------------------------------- */

static bool table_differs(const struct nw_neigh_table_ev *a, const struct nw_neigh_table_ev *b)
{
	/* lookups, hits and received probes follow traffic; alone they are not news. */
	return a->gc_thresh1 != b->gc_thresh1 || a->gc_thresh2 != b->gc_thresh2 || a->gc_thresh3 != b->gc_thresh3 ||
	       a->entries != b->entries || a->allocs != b->allocs || a->destroys != b->destroys ||
	       a->hash_grows != b->hash_grows || a->res_failed != b->res_failed ||
	       a->forced_gc_runs != b->forced_gc_runs || a->table_fulls != b->table_fulls ||
	       a->ucast_probes != b->ucast_probes || a->mcast_probes != b->mcast_probes ||
	       a->app_probes != b->app_probes || a->mcast_reprobes != b->mcast_reprobes ||
	       a->retrans_time_ms != b->retrans_time_ms;
}

static void handle_neightbl(struct nl_ns *ns, struct nw_event *ev)
{
	struct nw_nl_source *src = ns->src;
	struct nw_neigh_table_ev *t = &ev->u.neigh_table;
	struct nl_tab_entry *e;
	bool created;
	char key[NL_TAB_KEY] = { 0 };

	key[0] = (char)t->family;
	nw_strlcpy(key + 1, t->name, sizeof(key) - 1);
	ev->netns_ino = src->init_ino ? src->init_ino : ns->info.inode;
	e = nl_tab_get(&src->tables, key, sizeof(key), true, &created);
	if (!created && !table_differs(&e->ev.u.neigh_table, t))
		return;
	e->ev = *ev;
	nl_submit(src, ev);
}

/* --- sockets ------------------------------------------------------------------------------- */

struct sock_key {
	uint16_t family, protocol;
	uint32_t pad;
	uint64_t inode, cookie;
};

/* True when process pid holds the socket (one of its fds is "socket:[inode]"). */
static bool pid_holds(unsigned pid, const char *want)
{
	char path[64], link[64];
	struct dirent *de;
	bool found = false;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%u/fd", pid);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/%u/fd/%.20s", pid, de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		found = !strcmp(link, want);
	}
	closedir(d);
	return found;
}

/*
 * The process holding a socket.  A netlink port id is the owner's pid for
 * the first socket it binds, so that is tried first; otherwise (inet
 * sockets, later netlink sockets) every process is searched, which costs a
 * readlink per open fd on the host: done once per socket, and only for
 * sockets that drop (the ones a person needs named).
 */
static void sock_owner(struct nw_sockinfo_ev *s, bool search_all)
{
	char want[40], path[64];
	struct dirent *de;
	DIR *d;
	FILE *f;

	snprintf(want, sizeof(want), "socket:[%llu]", (unsigned long long)s->inode);
	if (s->sk_family == AF_NETLINK && s->nl_portid && s->nl_portid <= INT_MAX && pid_holds(s->nl_portid, want))
		s->pid = s->nl_portid;
	if (!s->pid && search_all && (d = opendir("/proc"))) {
		while (!s->pid && (de = readdir(d)))
			if (de->d_name[0] >= '1' && de->d_name[0] <= '9' && pid_holds((unsigned)atoi(de->d_name), want))
				s->pid = (uint32_t)atoi(de->d_name);
		closedir(d);
	}
	if (!s->pid)
		return;
	snprintf(path, sizeof(path), "/proc/%u/comm", s->pid);
	f = fopen(path, "re");
	if (f) {
		if (fgets(s->comm, sizeof(s->comm), f))
			s->comm[strcspn(s->comm, "\n")] = '\0';
		fclose(f);
	}
}

static bool sock_interesting(const struct nw_sockinfo_ev *s)
{
	/* Every netlink and UDP socket; TCP only when listening or dropping (a host has thousands). */
	return s->sk_family == AF_NETLINK || s->sk_protocol != IPPROTO_TCP || s->sk_state == TCP_LISTEN ||
	       s->drops > 0;
}

static void handle_sock(struct nl_ns *ns, struct nw_event *ev)
{
	struct nw_sockinfo_ev *s = &ev->u.sockinfo;
	struct sock_key k;
	struct nl_tab_entry *e;
	bool created;

	memset(&k, 0, sizeof(k));
	k.family = s->sk_family;
	k.protocol = s->sk_protocol;
	k.inode = s->inode;
	k.cookie = s->cookie;

	if (!sock_interesting(s))
		return;
	e = nl_tab_get(&ns->socks, &k, sizeof(k), true, &created);
	e->gen = ns->socks.gen;
	if (!created) {
		const struct nw_sockinfo_ev *o = &e->ev.u.sockinfo;

		if (o->drops == s->drops && o->rcvbuf == s->rcvbuf && o->sndbuf == s->sndbuf &&
		    o->nl_groups == s->nl_groups)
			return;
		s->pid = o->pid;
		memcpy(s->comm, o->comm, sizeof(s->comm));
		s->op = NW_SOCKINFO_CHANGE;
	} else {
		if (s->sk_family == AF_NETLINK)
			sock_owner(s, false);
		s->op = NW_SOCKINFO_SNAPSHOT;
	}
	if (!s->pid && s->drops > 0 && !e->owner_tried) {
		e->owner_tried = true;
		sock_owner(s, true);
	}
	e->ev = *ev;
	nl_submit(ns->src, ev);
}

void nl_sock_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.sockinfo.op = NW_SOCKINFO_GONE;
	nl_submit(ns->src, &ev);
}

/* --- one message, whatever its origin ------------------------------------------------------------ */

static void ns_handle(struct nl_ns *ns, const struct nlmsghdr *nlh, size_t len, uint16_t inet_proto)
{
	struct nw_event ev;
	int r;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		r = nw_nl_link_decode(nlh, len, &ev);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		r = nw_nl_neigh_decode(nlh, len, &ev);
		break;
	case RTM_NEWQDISC:
	case RTM_DELQDISC:
	case RTM_NEWTCLASS:
	case RTM_DELTCLASS:
		r = nw_nl_qdisc_decode(nlh, len, &ev);
		break;
	case RTM_NEWNEIGHTBL:
		r = nw_nl_neightbl_decode(nlh, len, &ev);
		break;
	case SOCK_DIAG_BY_FAMILY:
		r = nw_nl_sockdiag_decode(nlh, len, inet_proto, &ev);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		r = nw_nl_route_decode(nlh, len, &ev);
		break;
	case RTM_NEWRULE:
	case RTM_DELRULE:
		r = nw_nl_rule_decode(nlh, len, &ev);
		break;
	default:
		return; /* other rtnetlink messages on our groups: not ours to report */
	}
	if (r == -ENOENT)
		return;
	if (r < 0) {
		ns->src->malformed++;
		nw_warn("%s: malformed netlink message type %u, %u bytes (%llu so far)", ns->srcname,
			nlh->nlmsg_type, nlh->nlmsg_len, (unsigned long long)ns->src->malformed);
		return;
	}
	ev.netns_ino = ns->info.inode;
	switch (ev.type) {
	case NW_EV_LINK:
		handle_link(ns, &ev);
		break;
	case NW_EV_NEIGH:
		handle_neigh(ns, &ev);
		break;
	case NW_EV_QDISC:
		handle_qdisc(ns, &ev);
		break;
	case NW_EV_NEIGH_TABLE:
		handle_neightbl(ns, &ev);
		break;
	case NW_EV_ROUTE: /* routes and rules: reported as they come (probes/nl_route.c) */
		if (ns->snapshot && ev.u.route.op == NW_ROUTE_NEW)
			ev.u.route.op = NW_ROUTE_SNAPSHOT;
		nl_route_submit(ns, &ev);
		break;
	case NW_EV_SOCK_INFO:
		handle_sock(ns, &ev);
		break;
	default:
		break;
	}
}

/* Feeds every message of a buffer to ns_handle (see nl_source_int.h). */
int nl_feed(struct nl_ns *ns, const uint8_t *buf, size_t n, uint32_t seq, bool check_seq,
	    uint16_t inet_proto, bool *intr)
{
	/* buf is malloc'd and messages are NLMSG_ALIGNTO-aligned: the casts keep alignment. */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)(const void *)buf;
	size_t rem = n;

	for (; rem >= NLMSG_HDRLEN && nlh->nlmsg_len >= NLMSG_HDRLEN && nlh->nlmsg_len <= rem;
	     rem -= NLMSG_ALIGN(nlh->nlmsg_len) < rem ? NLMSG_ALIGN(nlh->nlmsg_len) : rem,
	     nlh = (const struct nlmsghdr *)(const void *)((const uint8_t *)nlh + NLMSG_ALIGN(nlh->nlmsg_len))) {
		if (check_seq && nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr err;

			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
				return -EBADMSG;
			memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
			if (err.error)
				return err.error;
			continue;
		}
		ns_handle(ns, nlh, nlh->nlmsg_len, inet_proto);
	}
	if (rem >= NLMSG_HDRLEN) {
		ns->src->malformed++;
		nw_warn("%s: %zu bytes of a netlink datagram do not form a message", ns->srcname, rem);
	}
	return 0;
}
