// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink source (see probes/nl_source.h).
 *
 * Per namespace three netlink sockets are created inside it (setns, create,
 * setns back): a listener subscribed to link, neighbour and tc groups, a
 * request socket for dumps, and a sock_diag socket.  Every message, from a
 * dump or the live stream, goes through the same decoders
 * (probes/nl_decode.h) and the same compare-with-last-state step
 * (probes/nl_tab.h), which yields transitions and suppresses repeats.
 *
 * Why not libnl-route's cache manager: its objects drop exactly the
 * attributes the founding failures need (NDA_PROBES, NDTA_STATS, HTB
 * direct_qlen), its change callback never sees the raw message, and it maps
 * ENOBUFS to a generic error.  We use libnl-3 for sockets and attribute
 * parsing and keep our own last-state tables, so one decode path serves the
 * dump and the stream and an overrun is seen, counted and resynced.
 *
 * Neighbour tables are global: the kernel has one arp_cache and one
 * ndisc_cache shared by every namespace, and their thresholds exist only in
 * the initial namespace (/proc/sys/net/ipv4/neigh/default/).  RTM_GETNEIGHTBL
 * in any namespace returns the same numbers.  So the tables are polled from
 * one namespace and reported once per table, attributed to the initial
 * namespace (or to the polled one when the initial one cannot be
 * identified, e.g. inside a PID namespace).  The same holds for
 * /proc/net/stat/arp_cache.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fib_rules.h>
#include <linux/inet_diag.h>
#include <linux/neighbour.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/tcp.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/utils.h>

#include "core/bus.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "probes/netns.h"
#include "probes/nl_decode.h"
#include "probes/nl_route.h"
#include "probes/nl_source.h"
#include "probes/nl_tab.h"
#include "probes/proc_counters.h"

#define NL_TICK_NS (500ULL * 1000 * 1000) /* liveness checks; polls run every other tick */
#define NL_RCVBUF (8 << 20)               /* our listeners: a burst of thousands of neighbours fits */
#define NL_BUF (64 * 1024)
#define NL_NEIGH_POLL_MAX 4096          /* above this many entries, neighbours are polled every 5 s */
#define NL_MAX_READS 64                   /* per wake-up, so one busy namespace cannot starve the loop */

struct nl_ns {
	struct nw_nl_source *src;
	struct nw_netns info;
	int nsfd;
	struct nl_sock *ev_sk, *req_sk, *diag_sk;
	struct nw_proc_counters *pc;
	struct nl_tab links, neighs, qdiscs, socks;
	bool snapshot; /* the first dump: report everything as SNAPSHOT */
	bool socks_primed;
	bool stale;    /* a dump stayed interrupted: dump again at the next tick */
	uint32_t warned;   /* WARN_* bits: a failing poll is logged once, not every second */
	uint8_t diag_off;  /* sock_diag requests the kernel refused (bit i = request i) */
	uint64_t resyncs;
	char srcname[32];
};

struct nw_nl_source {
	struct nw_loop *loop;
	struct nw_bus *bus;
	bool all;
	struct nl_ns **ns;
	size_t nns, capns;
	struct nw_netns_set *wanted; /* explicit scope */
	struct nw_netns_set *failed; /* scope all: namespaces that could not be opened, not retried */
	int64_t timer;
	uint64_t ticks;
	int ino_fd, ino_wd;
	uint64_t init_ino;
	struct nl_tab tables; /* neighbour tables, global */
	bool global_taken; /* one namespace reads /proc/net/stat/arp_cache */
	uint64_t events, malformed, resyncs;
	uint8_t *buf;
};

/*
 * Our listeners' receive buffer.  NETWHY_NL_RCVBUF overrides it (bytes):
 * the resync test shrinks it to prove an overrun is seen and repaired.
 */
static int listener_rcvbuf(void)
{
	const char *env = getenv("NETWHY_NL_RCVBUF");
	long v = env ? strtol(env, NULL, 10) : 0;

	return v > 0 && v <= INT_MAX / 2 ? (int)v : NL_RCVBUF;
}

/* --- emitting --------------------------------------------------------------- */

static void submit(struct nw_nl_source *src, struct nw_event *ev)
{
	nw_bus_submit(src->bus, ev);
	src->events++;
}

static void source_event(struct nw_nl_source *src, uint64_t netns_ino, const char *name,
			 enum nw_source_state state, uint64_t lost, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void source_event(struct nw_nl_source *src, uint64_t netns_ino, const char *name,
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
	submit(src, &ev);
}

static const char *ns_ifname(struct nl_ns *ns, uint32_t ifindex, uint32_t *flags)
{
	struct nl_tab_entry *e = nl_tab_get(&ns->links, &ifindex, sizeof(ifindex), false, NULL);

	if (flags)
		*flags = e ? e->ev.u.link.flags : 0;
	return e ? e->ev.ifname : "";
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
			submit(ns->src, ev);
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
	submit(ns->src, ev);
}

static void link_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.link.op = NW_LINK_DEL;
	memset(&ev.u.link.prev_mac, 0, sizeof(ev.u.link.prev_mac));
	submit(ns->src, &ev);
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
			submit(ns->src, ev);
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
	submit(ns->src, ev);
}

static void neigh_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.neigh.op = NW_NEIGH_DEL;
	ev.u.neigh.prev_state = e->ev.u.neigh.state;
	submit(ns->src, &ev);
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
			submit(ns->src, ev);
		}
		return;
	}
	e->gen = ns->qdiscs.gen;
	if (!created && !qdisc_differs(&e->ev.u.qdisc, q))
		return;
	e->ev = *ev;
	submit(ns->src, ev);
}

static void qdisc_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.qdisc.op = NW_QDISC_DEL;
	submit(ns->src, &ev);
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
	submit(src, ev);
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
	submit(ns->src, ev);
}

static void sock_gone(struct nl_tab_entry *e, void *arg)
{
	struct nl_ns *ns = arg;
	struct nw_event ev = e->ev;

	ev.ts = nw_now_mono();
	ev.id = 0;
	ev.u.sockinfo.op = NW_SOCKINFO_GONE;
	submit(ns->src, &ev);
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
	case NW_EV_SOCK_INFO:
		handle_sock(ns, &ev);
		break;
	case NW_EV_ROUTE: /* routes and rules: reported as they come (probes/nl_route.c) */
		nw_strlcpy(ev.ifname, ns_ifname(ns, ev.ifindex, NULL), sizeof(ev.ifname));
		if (ns->snapshot && ev.u.route.op == NW_ROUTE_NEW)
			ev.u.route.op = NW_ROUTE_SNAPSHOT;
		submit(ns->src, &ev);
		break;
	default:
		break;
	}
}

/* Feeds every message of a buffer to ns_handle; returns 1 at NLMSG_DONE, -errno on NLMSG_ERROR, else 0. */
static int ns_feed(struct nl_ns *ns, const uint8_t *buf, size_t n, uint32_t seq, bool check_seq, uint16_t inet_proto,
		   bool *intr)
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

enum { WARN_TC = 1, WARN_NEIGH = 2, WARN_TABLES = 4 };

static void ns_warn_once(struct nl_ns *ns, uint32_t bit, const char *what, int err)
{
	if (ns->warned & bit)
		return;
	ns->warned |= bit;
	nw_warn("%s: %s poll failed: %s (further failures not logged)", ns->srcname, what, strerror(-err));
}

/* Sends a dump request on sk and feeds the answer; retries an interrupted dump. */
static int ns_dump(struct nl_ns *ns, struct nl_sock *sk, uint16_t type, const void *hdr, size_t hdrlen,
		   uint16_t inet_proto)
{
	int tries, r = 0;

	for (tries = 0; tries < 3; tries++) {
		struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_DUMP);
		bool intr = false;
		uint32_t seq;

		if (!msg)
			return -ENOMEM;
		if (nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		r = nl_send_auto(sk, msg);
		seq = nlmsg_hdr(msg)->nlmsg_seq;
		nlmsg_free(msg);
		if (r < 0)
			return -EIO;
		for (r = 0; r == 0;) {
			ssize_t n = recv(nl_socket_get_fd(sk), ns->src->buf, NL_BUF, MSG_TRUNC);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				return -errno; /* EAGAIN: the kernel did not answer within SO_RCVTIMEO */
			}
			if (n == 0)
				return -EIO; /* netlink never sends empty datagrams; do not spin */
			if ((size_t)n > NL_BUF) {
				ns->src->malformed++;
				n = NL_BUF;
			}
			r = ns_feed(ns, ns->src->buf, (size_t)n, seq, true, inet_proto, &intr);
		}
		if (r < 0)
			return r;
		if (!intr)
			return 0;
	}
	nw_warn("%s: dump of type %u kept being interrupted by changes; dumping again shortly", ns->srcname, type);
	ns->stale = true;
	return 0;
}

static int ns_dump_classes(struct nl_ns *ns);

/* Links first: neighbours and qdiscs take their interface names from them. */
static int ns_dump_state(struct nl_ns *ns)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ndmsg ndm = { .ndm_family = AF_UNSPEC };
	struct tcmsg tcm = { .tcm_family = AF_UNSPEC };
	int r;

	ns->links.gen++;
	ns->neighs.gen++;
	ns->qdiscs.gen++;
	r = ns_dump(ns, ns->req_sk, RTM_GETLINK, &ifi, sizeof(ifi), 0);
	if (!r)
		r = ns_dump(ns, ns->req_sk, RTM_GETNEIGH, &ndm, sizeof(ndm), 0);
	if (!r)
		r = ns_dump(ns, ns->req_sk, RTM_GETQDISC, &tcm, sizeof(tcm), 0);
	if (!r)
		r = ns_dump_classes(ns);
	if (!r)
		r = ns_dump(ns, ns->req_sk, RTM_GETROUTE, &(struct rtmsg){ .rtm_family = AF_UNSPEC }, sizeof(struct rtmsg), 0);
	if (!r)
		r = ns_dump(ns, ns->req_sk, RTM_GETRULE, &(struct fib_rule_hdr){ .family = AF_UNSPEC },
			   sizeof(struct fib_rule_hdr), 0);
	if (r)
		return r;
	/* What the dump no longer shows went away while we were not listening. */
	nl_tab_sweep(&ns->links, link_gone, ns);
	nl_tab_sweep(&ns->neighs, neigh_gone, ns);
	nl_tab_sweep(&ns->qdiscs, qdisc_gone, ns);
	return 0;
}

/* Classful qdiscs whose classes are worth reporting (mq's per-queue classes are not). */
static bool has_classes(const char *kind)
{
	static const char *const kinds[] = { "htb", "hfsc", "drr", "qfq", "prio", "cbq", "ets", "cake" };

	for (size_t i = 0; i < NW_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

/* Class dumps walk one device (the kernel answers nothing for ifindex 0): dump each that has classes. */
static int ns_dump_classes(struct nl_ns *ns)
{
	uint32_t ifs[64];
	size_t nifs = 0, i, j;
	int r = 0;

	/* Collect first: the dumps add entries to the table being walked. */
	for (i = 0; i < ns->qdiscs.nb; i++)
		for (struct nl_tab_entry *e = ns->qdiscs.b[i]; e; e = e->next) {
			if (e->ev.u.qdisc.is_class || !has_classes(e->ev.u.qdisc.kind))
				continue;
			for (j = 0; j < nifs && ifs[j] != e->ev.ifindex; j++)
				;
			if (j == nifs && nifs < NW_ARRAY_SIZE(ifs))
				ifs[nifs++] = e->ev.ifindex;
		}
	for (i = 0; i < nifs && !r; i++) {
		struct tcmsg tcm = { .tcm_family = AF_UNSPEC, .tcm_ifindex = (int)ifs[i] };

		r = ns_dump(ns, ns->req_sk, RTM_GETTCLASS, &tcm, sizeof(tcm), 0);
	}
	return r;
}

/* qdisc statistics have no change notification: poll them. */
static void ns_poll_tc(struct nl_ns *ns)
{
	struct tcmsg tcm = { .tcm_family = AF_UNSPEC };
	int r;

	ns->qdiscs.gen++;
	r = ns_dump(ns, ns->req_sk, RTM_GETQDISC, &tcm, sizeof(tcm), 0);
	if (!r)
		r = ns_dump_classes(ns);
	if (r) {
		ns_warn_once(ns, WARN_TC, "qdisc", r);
		return;
	}
	nl_tab_sweep(&ns->qdiscs, qdisc_gone, ns);
}

/*
 * The kernel notifies a neighbour's state changes, but not its creation in
 * INCOMPLETE nor each probe while it stays there: a FAILED entry would
 * appear from nowhere.  A periodic dump shows INCOMPLETE with its probes
 * counting up; only differences are reported.  Large tables are polled
 * less often.
 */
static void ns_poll_neigh(struct nl_ns *ns, uint64_t tick)
{
	struct ndmsg ndm = { .ndm_family = AF_UNSPEC };
	int r;

	if (ns->neighs.n > NL_NEIGH_POLL_MAX && tick % 10)
		return;
	ns->neighs.gen++;
	r = ns_dump(ns, ns->req_sk, RTM_GETNEIGH, &ndm, sizeof(ndm), 0);
	if (r) {
		ns_warn_once(ns, WARN_NEIGH, "neighbour", r);
		return;
	}
	nl_tab_sweep(&ns->neighs, neigh_gone, ns);
}

static void ns_poll_socks(struct nl_ns *ns)
{
	struct netlink_diag_req nreq = {
		.sdiag_family = AF_NETLINK,
		.sdiag_protocol = NDIAG_PROTO_ALL,
		.ndiag_show = NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS,
	};
	static const struct {
		uint8_t family, protocol;
		const char *name;
	} inet[] = { { AF_INET, IPPROTO_UDP, "udp" }, { AF_INET6, IPPROTO_UDP, "udp6" },
		     { AF_INET, IPPROTO_TCP, "tcp" }, { AF_INET6, IPPROTO_TCP, "tcp6" } };
	int r;

	if (!ns->diag_sk)
		return;
	ns->socks.gen++;
	for (size_t i = 0; i <= NW_ARRAY_SIZE(inet); i++) {
		struct inet_diag_req_v2 ireq = {
			.sdiag_family = i ? inet[i - 1].family : 0,
			.sdiag_protocol = i ? inet[i - 1].protocol : 0,
			.idiag_ext = 1 << (INET_DIAG_SKMEMINFO - 1),
			.idiag_states = ~0U,
		};

		if (ns->diag_off & (1u << i))
			continue;
		if (i == 0)
			r = ns_dump(ns, ns->diag_sk, SOCK_DIAG_BY_FAMILY, &nreq, sizeof(nreq), 0);
		else
			r = ns_dump(ns, ns->diag_sk, SOCK_DIAG_BY_FAMILY, &ireq, sizeof(ireq), inet[i - 1].protocol);
		if (r == -EAGAIN || r == -EINTR)
			return; /* a slow answer: try again next time, sweep nothing */
		if (r) {
			/* The kernel lacks this diag module (or refuses us): say so once, keep the others. */
			ns->diag_off |= 1u << i;
			source_event(ns->src, ns->info.inode, ns->srcname, NW_SOURCE_DEGRADED, 0,
				     "sock_diag for %s sockets unavailable: %s (kernel module %s_diag?)",
				     i ? inet[i - 1].name : "netlink", strerror(-r), i ? "inet/udp" : "netlink");
		}
	}
	if (ns->socks_primed)
		nl_tab_sweep(&ns->socks, sock_gone, ns);
	ns->socks_primed = true;
}

static void ns_poll_tables(struct nl_ns *ns)
{
	struct ndtmsg ndtm = { .ndtm_family = AF_UNSPEC };
	int r = ns_dump(ns, ns->req_sk, RTM_GETNEIGHTBL, &ndtm, sizeof(ndtm), 0);

	if (r)
		ns_warn_once(ns, WARN_TABLES, "neighbour table", r);
}

struct counter_ctx {
	struct nw_nl_source *src;
	uint64_t netns_ino;
};

static void counter_changed(const char *name, uint64_t value, uint64_t delta, void *arg)
{
	struct counter_ctx *c = arg;
	struct nw_event ev;

	nw_event_init(&ev, NW_EV_COUNTER, NW_ORIGIN_PROC);
	ev.netns_ino = c->netns_ino;
	nw_strlcpy(ev.u.counter.name, name, sizeof(ev.u.counter.name));
	ev.u.counter.value = value;
	ev.u.counter.delta = delta;
	submit(c->src, &ev);
}

/* --- the live stream -------------------------------------------------------------------------- */

static void ns_resync(struct nl_ns *ns)
{
	int r;

	ns->resyncs++;
	ns->src->resyncs++;
	r = ns_dump_state(ns);
	source_event(ns->src, ns->info.inode, ns->srcname, NW_SOURCE_RESYNC, ns->resyncs,
		     "our netlink listener overran (ENOBUFS, rcvbuf %d bytes): dumped links, neighbours and qdiscs "
		     "again%s; resync #%llu",
		     listener_rcvbuf(), r ? " but the dump failed" : "", (unsigned long long)ns->resyncs);
}

static void ns_readable(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct nl_ns *ns = arg;
	bool intr = false;

	for (int i = 0; i < NL_MAX_READS; i++) {
		ssize_t n = recv(fd, ns->src->buf, NL_BUF, MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				ns_resync(ns);
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				nw_warn("%s: netlink recv: %s", ns->srcname, strerror(errno));
			return;
		}
		if ((size_t)n > NL_BUF) {
			/* A notification larger than our buffer was cut: the model may have missed it. */
			ns->src->malformed++;
			ns_resync(ns);
			continue;
		}
		ns_feed(ns, ns->src->buf, (size_t)n, 0, false, 0, &intr);
	}
}

/* --- namespaces ------------------------------------------------------------------------------ */

static struct nl_sock *nl_open(int protocol, bool listener)
{
	struct nl_sock *sk = nl_socket_alloc();
	int fd, size = listener_rcvbuf();
	struct timeval tv = { .tv_sec = 2 };

	if (!sk)
		return NULL;
	nl_socket_disable_seq_check(sk);
	nl_socket_disable_auto_ack(sk);
	if (nl_connect(sk, protocol) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	fd = nl_socket_get_fd(sk);
	if (listener) {
		/* SO_RCVBUFFORCE needs CAP_NET_ADMIN; without it the kernel caps SO_RCVBUF at rmem_max. */
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	} else {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	return sk;
}

struct open_ctx {
	struct nl_ns *ns;
	bool global_tables;
	int err;
};

static int ns_open_sockets(void *arg)
{
	struct open_ctx *c = arg;
	struct nl_ns *ns = c->ns;

	ns->ev_sk = nl_open(NETLINK_ROUTE, true);
	ns->req_sk = nl_open(NETLINK_ROUTE, false);
	if (!ns->ev_sk || !ns->req_sk)
		return -errno ? -errno : -EIO;
	if (nl_socket_add_memberships(ns->ev_sk, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_TC, RTNLGRP_IPV4_ROUTE,
				      RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, 0) < 0)
		return -EPERM;
	nl_socket_set_nonblocking(ns->ev_sk);
	ns->diag_sk = nl_open(NETLINK_SOCK_DIAG, false); /* optional: sockets panel degrades without it */
	ns->pc = nw_proc_counters_open(c->global_tables);
	return 0;
}

static void ns_free(struct nl_ns *ns)
{
	if (!ns)
		return;
	if (ns->ev_sk) {
		nw_loop_del_fd(ns->src->loop, nl_socket_get_fd(ns->ev_sk));
		nl_socket_free(ns->ev_sk);
	}
	if (ns->req_sk)
		nl_socket_free(ns->req_sk);
	if (ns->diag_sk)
		nl_socket_free(ns->diag_sk);
	nw_proc_counters_close(ns->pc);
	if (ns->nsfd >= 0)
		close(ns->nsfd);
	nl_tab_free(&ns->links);
	nl_tab_free(&ns->neighs);
	nl_tab_free(&ns->qdiscs);
	nl_tab_free(&ns->socks);
	free(ns);
}

/* Returns false when the namespace could not be watched (a source event says why). */
static bool ns_add(struct nw_nl_source *src, const struct nw_netns *info)
{
	struct nl_ns *ns = nw_xcalloc(1, sizeof(*ns));
	struct open_ctx c = { .ns = ns };
	uint64_t ino = 0;
	int r;

	ns->src = src;
	ns->info = *info;
	snprintf(ns->srcname, sizeof(ns->srcname), "netlink:%.23s", info->name);
	nl_tab_init(&ns->links);
	nl_tab_init(&ns->neighs);
	nl_tab_init(&ns->qdiscs);
	nl_tab_init(&ns->socks);
	ns->nsfd = nw_netns_open(info->path, &ino);
	if (ns->nsfd < 0 || ino != info->inode) {
		r = ns->nsfd < 0 ? ns->nsfd : -ESTALE;
		source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0, "cannot open %s: %s%s", info->path,
			     strerror(-r), r == -EACCES || r == -EPERM ? " (run as root)" : "");
		goto fail;
	}
	/* The global tables' counters are read in the initial namespace when it is in scope. */
	c.global_tables = !src->global_taken && (info->inode == src->init_ino || !src->init_ino);
	r = info->inode == nw_netns_self_inode() ? ns_open_sockets(&c) : nw_netns_run_in(ns->nsfd, ns_open_sockets, &c);
	src->global_taken |= c.global_tables && r == 0;
	if (r < 0) {
		source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0,
			     "cannot create netlink sockets in netns %s: %s%s", info->name, strerror(-r),
			     r == -EPERM ? " (entering a namespace needs CAP_SYS_ADMIN: run as root)" : "");
		goto fail;
	}
	r = nw_loop_add_fd(src->loop, nl_socket_get_fd(ns->ev_sk), NW_LOOP_IN, ns_readable, ns);
	if (r < 0) {
		source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0, "event loop: %s", strerror(-r));
		goto fail;
	}
	if (src->nns == src->capns) {
		src->capns = src->capns ? src->capns * 2 : 8;
		src->ns = nw_xrealloc(src->ns, src->capns * sizeof(*src->ns));
	}
	src->ns[src->nns++] = ns;
	source_event(src, info->inode, ns->srcname, NW_SOURCE_RUNNING, 0, "watching links, neighbours, qdiscs%s",
		     ns->diag_sk ? ", sockets" : " (sock_diag unavailable: no socket buffers)");
	ns->snapshot = true;
	r = ns_dump_state(ns);
	ns->snapshot = false;
	if (r)
		source_event(src, info->inode, ns->srcname, NW_SOURCE_DEGRADED, 0, "initial dump failed: %s",
			     strerror(-r));
	ns_poll_socks(ns);
	return true;
fail:
	ns_free(ns);
	return false;
}

static void ns_remove(struct nw_nl_source *src, size_t i, const char *why)
{
	struct nl_ns *ns = src->ns[i];

	source_event(src, ns->info.inode, ns->srcname, NW_SOURCE_GONE, 0, "network namespace %s (inode %llu) %s",
		     ns->info.name, (unsigned long long)ns->info.inode, why);
	src->ns[i] = src->ns[--src->nns];
	ns_free(ns);
}

static struct nl_ns *ns_find(const struct nw_nl_source *src, uint64_t ino)
{
	for (size_t i = 0; i < src->nns; i++)
		if (src->ns[i]->info.inode == ino)
			return src->ns[i];
	return NULL;
}

/* Scope `all`: open what appeared, close what disappeared. */
static void rescan(struct nw_nl_source *src)
{
	struct nw_netns_set *now = nw_netns_set_new(), *failed = nw_netns_set_new();
	size_t i;

	nw_netns_scan(now);
	for (i = 0; i < nw_netns_set_count(now); i++) {
		const struct nw_netns *n = nw_netns_set_at(now, i);

		/* One that failed is not retried (and not reported again) while it exists. */
		if (nw_netns_set_find(src->failed, n->inode) >= 0 || (!ns_find(src, n->inode) && !ns_add(src, n)))
			nw_netns_set_add(failed, n);
	}
	nw_netns_set_free(src->failed);
	src->failed = failed;
	for (i = src->nns; i-- > 0;)
		if (nw_netns_set_find(now, src->ns[i]->info.inode) < 0)
			ns_remove(src, i, "no longer exists (no name, no process)");
	nw_netns_set_free(now);
}

static void watch_run_netns(struct nw_nl_source *src)
{
	if (src->ino_fd < 0 || src->ino_wd >= 0)
		return;
	src->ino_wd = inotify_add_watch(src->ino_fd, "/run/netns", IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM);
}

static bool rescan_soon(struct nw_loop *loop, void *arg)
{
	rescan(arg);
	return false;
}

static void inotify_readable(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct nw_nl_source *src = arg;
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	/* `ip netns add` creates the file, then bind-mounts the namespace on it: look again shortly. */
	rescan(src);
	nw_loop_add_timer(loop, 100ULL * 1000 * 1000, 0, rescan_soon, src);
}

static bool tick(struct nw_loop *loop, void *arg)
{
	struct nw_nl_source *src = arg;
	bool poll = (src->ticks++ & 1) == 0;
	size_t i;

	if (src->all && poll) {
		watch_run_netns(src);
		rescan(src);
	} else if (!src->all) {
		for (i = src->nns; i-- > 0;)
			if (!nw_netns_alive(&src->ns[i]->info))
				ns_remove(src, i, "disappeared (its name or process is gone)");
	}
	if (!poll)
		return true;
	for (i = 0; i < src->nns; i++) {
		struct nl_ns *ns = src->ns[i];
		struct counter_ctx c = { src, ns->info.inode };

		if (ns->stale) {
			ns->stale = false;
			ns_dump_state(ns);
		}

		ns_poll_neigh(ns, src->ticks);
		ns_poll_tc(ns);
		ns_poll_socks(ns);
		if (ns->pc)
			nw_proc_counters_poll(ns->pc, counter_changed, &c);
	}
	if (src->nns)
		ns_poll_tables(src->ns[0]);
	return true;
}

struct nw_nl_source *nw_nl_source_open(struct nw_loop *loop, struct nw_bus *bus, const struct nw_netns_set *scope)
{
	struct nw_nl_source *src;
	char err[256];
	size_t i;

	if (!loop || !bus) {
		errno = EINVAL;
		return NULL;
	}
	nl_debug = 0; /* libnl must not write to the terminal */
	src = nw_xcalloc(1, sizeof(*src));
	src->loop = loop;
	src->bus = bus;
	src->buf = nw_xmalloc(NL_BUF);
	src->ino_fd = src->ino_wd = -1;
	src->init_ino = nw_netns_init_inode();
	/* Neighbour tables are attributed to the initial namespace even when it is not in scope. */
	if (!nw_nsreg_name(src->init_ino)[0])
		nw_nsreg_set(src->init_ino, "host");
	nl_tab_init(&src->tables);
	src->all = scope && nw_netns_set_is_all(scope);
	src->wanted = nw_netns_set_new();
	src->failed = nw_netns_set_new();
	for (i = 0; scope && i < nw_netns_set_count(scope); i++) {
		const struct nw_netns *n = nw_netns_set_at(scope, i);

		if (nw_netns_set_find(src->wanted, n->inode) < 0)
			ns_add(src, n);
	}
	if (src->all) {
		src->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (src->ino_fd >= 0)
			nw_loop_add_fd(loop, src->ino_fd, NW_LOOP_IN, inotify_readable, src);
		watch_run_netns(src);
		rescan(src);
	} else if (!scope || !nw_netns_set_count(scope)) {
		if (nw_netns_set_add_self(src->wanted, err, sizeof(err)) < 0) {
			nw_error("netlink: %s", err);
		} else {
			ns_add(src, nw_netns_set_at(src->wanted, 0));
		}
	}
	if (src->nns)
		ns_poll_tables(src->ns[0]);
	src->timer = nw_loop_add_timer(loop, NL_TICK_NS, NL_TICK_NS, tick, src);
	if (!src->nns && !src->all) {
		nw_nl_source_close(src);
		errno = ENODEV;
		return NULL;
	}
	return src;
}

void nw_nl_source_close(struct nw_nl_source *src)
{
	if (!src)
		return;
	if (src->timer > 0)
		nw_loop_del_timer(src->loop, src->timer);
	if (src->ino_fd >= 0) {
		nw_loop_del_fd(src->loop, src->ino_fd);
		close(src->ino_fd);
	}
	for (size_t i = 0; i < src->nns; i++)
		ns_free(src->ns[i]);
	free(src->ns);
	nl_tab_free(&src->tables);
	nw_netns_set_free(src->wanted);
	nw_netns_set_free(src->failed);
	free(src->buf);
	free(src);
}

void nw_nl_source_get_stats(const struct nw_nl_source *src, struct nw_nl_source_stats *st)
{
	st->namespaces = src->nns;
	st->events = src->events;
	st->resyncs = src->resyncs;
	st->malformed = src->malformed;
}

size_t nw_nl_source_link_macs(const struct nw_nl_source *src, uint64_t netns_ino, uint32_t ifindex,
			      struct nw_mac *out, size_t max)
{
	struct nl_ns *ns = ns_find(src, netns_ino);
	struct nl_tab_entry *e;
	size_t n;

	if (!ns || !(e = nl_tab_get(&ns->links, &ifindex, sizeof(ifindex), false, NULL)))
		return 0;
	n = e->nmacs < max ? e->nmacs : max;
	memcpy(out, e->macs, n * sizeof(*out));
	return n;
}

int nw_nl_source_route_lookup(struct nw_nl_source *src, uint64_t netns_ino, const struct nw_addr *target)
{
	struct nl_ns *ns = ns_find(src, netns_ino);
	struct nw_event ev;
	int r;

	if (!ns)
		return -ENOENT;
	r = nw_nl_route_lookup(ns->req_sk, target, &ev);
	if (r)
		return r;
	ev.netns_ino = netns_ino;
	nw_strlcpy(ev.ifname, ns_ifname(ns, ev.ifindex, NULL), sizeof(ev.ifname));
	submit(src, &ev);
	return 0;
}
