// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink source (see probes/nl_source.h): its namespaces and their
 * sockets, dumps, polls, the live stream; one message's handling is in
 * nl_source_msg.c (see nl_source_int.h).
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
#include "probes/nl_source_int.h"
#include "probes/nl_tab.h"
#include "probes/proc_counters.h"

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
			r = nl_feed(ns, ns->src->buf, (size_t)n, seq, true, inet_proto, &intr);
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
	nl_tab_sweep(&ns->links, nl_link_gone, ns);
	nl_tab_sweep(&ns->neighs, nl_neigh_gone, ns);
	nl_tab_sweep(&ns->qdiscs, nl_qdisc_gone, ns);
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
	nl_tab_sweep(&ns->qdiscs, nl_qdisc_gone, ns);
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
	nl_tab_sweep(&ns->neighs, nl_neigh_gone, ns);
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
			nl_source_event(ns->src, ns->info.inode, ns->srcname, NW_SOURCE_DEGRADED, 0,
				     "sock_diag for %s sockets unavailable: %s (kernel module %s_diag?)",
				     i ? inet[i - 1].name : "netlink", strerror(-r), i ? "inet/udp" : "netlink");
		}
	}
	if (ns->socks_primed)
		nl_tab_sweep(&ns->socks, nl_sock_gone, ns);
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
	nl_submit(c->src, &ev);
}

static void ns_poll_counters(struct nl_ns *ns)
{
	struct counter_ctx c = { ns->src, ns->info.inode };

	if (ns->pc)
		nw_proc_counters_poll(ns->pc, counter_changed, &c);
}

/* --- the live stream -------------------------------------------------------------------------- */

static void ns_resync(struct nl_ns *ns)
{
	int r;

	ns->resyncs++;
	ns->src->resyncs++;
	r = ns_dump_state(ns);
	nl_source_event(ns->src, ns->info.inode, ns->srcname, NW_SOURCE_RESYNC, ns->resyncs,
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
		nl_feed(ns, ns->src->buf, (size_t)n, 0, false, 0, &intr);
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
		nl_source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0, "cannot open %s: %s%s", info->path,
			     strerror(-r), r == -EACCES || r == -EPERM ? " (run as root)" : "");
		goto fail;
	}
	/* The global tables' counters are read in the initial namespace when it is in scope. */
	c.global_tables = !src->global_taken && (info->inode == src->init_ino || !src->init_ino);
	r = info->inode == nw_netns_self_inode() ? ns_open_sockets(&c) : nw_netns_run_in(ns->nsfd, ns_open_sockets, &c);
	src->global_taken |= c.global_tables && r == 0;
	if (r < 0) {
		nl_source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0,
			     "cannot create netlink sockets in netns %s: %s%s", info->name, strerror(-r),
			     r == -EPERM ? " (entering a namespace needs CAP_SYS_ADMIN: run as root)" : "");
		goto fail;
	}
	r = nw_loop_add_fd(src->loop, nl_socket_get_fd(ns->ev_sk), NW_LOOP_IN, ns_readable, ns);
	if (r < 0) {
		nl_source_event(src, info->inode, ns->srcname, NW_SOURCE_OFF, 0, "event loop: %s", strerror(-r));
		goto fail;
	}
	if (src->nns == src->capns) {
		src->capns = src->capns ? src->capns * 2 : 8;
		src->ns = nw_xrealloc(src->ns, src->capns * sizeof(*src->ns));
	}
	src->ns[src->nns++] = ns;
	nl_source_event(src, info->inode, ns->srcname, NW_SOURCE_RUNNING, 0, "watching links, neighbours, qdiscs%s",
		     ns->diag_sk ? ", sockets" : " (sock_diag unavailable: no socket buffers)");
	/*
	 * The counters' baseline is read now, when the namespace starts being
	 * watched: read at the first tick instead, a burst in between (a flood
	 * right after start-up) went into the baseline and was never reported.
	 */
	ns_poll_counters(ns);
	ns->snapshot = true;
	r = ns_dump_state(ns);
	ns->snapshot = false;
	if (r)
		nl_source_event(src, info->inode, ns->srcname, NW_SOURCE_DEGRADED, 0, "initial dump failed: %s",
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

	nl_source_event(src, ns->info.inode, ns->srcname, NW_SOURCE_GONE, 0, "network namespace %s (inode %llu) %s",
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

		if (ns->stale) {
			ns->stale = false;
			ns_dump_state(ns);
		}

		ns_poll_neigh(ns, src->ticks);
		ns_poll_tc(ns);
		ns_poll_socks(ns);
		ns_poll_counters(ns);
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
	nl_route_submit(ns, &ev);
	return 0;
}
