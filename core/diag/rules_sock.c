// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the sock stage: a socket call failed with an errno; where can it come from.
 * (core/diag/explain_rules.c lists the rule sets in the order stages run;
 * explain_int.h has the rule contract and the helpers.)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "core/diag/explain_int.h"
#include "core/names.h"
#include "core/util.h"

/* --- stage sock: an errno ------------------------------------------------------------- */

static const char *errno_origins(int err)
{
	switch (err) {
	case EHOSTUNREACH:
		return "a neighbour entry that failed to resolve (the usual one), an ICMP "
		       "host-unreachable from a "
		       "router, or a route of type unreachable";
	case ENETUNREACH:
		return "routing (no route to the destination) or an ICMP net-unreachable";
	case ENOBUFS:
		return "a qdisc that dropped the packet, a full neighbour table (IPv4 on recent "
		       "kernels, seen only with "
		       "IP_RECVERR), the socket's send buffer, or for netlink sockets a "
		       "receive-buffer overrun";
	case EINVAL:
		return "a full neighbour table (IPv6 today, IPv4 on kernels before 4.x), or bad "
		       "arguments";
	case EPERM:
		return "a netfilter rule that dropped the packet on output, or missing privileges";
	case ECONNREFUSED:
		return "the peer answered with a reset or ICMP port-unreachable: nothing listens "
		       "there";
	case ETIMEDOUT:
		return "no answer from the peer: packets or replies lost on the way (neighbour, "
		       "qdisc, netfilter, link)";
	case EMSGSIZE:
		return "the packet is larger than the path MTU";
	case ECONNRESET:
	case EPIPE:
		return "the peer reset the connection";
	default:
		return "the socket layer or below";
	}
}

static enum nw_rule_result r_sock_errno(struct nw_xctx *c)
{
	const struct nw_sock_errno_count *ec =
	    c->sock ? nw_sock_rec_errno(c->sock, c->f->err) : NULL;
	char e[32], sc[48] = "?", ip[NW_ADDR_STRLEN] = "";
	struct nw_expl_step *s;

	if (ec && ec->syscall >= 0) {
		/* The name comes back from the table, or written into sc when unknown. */
		const char *name =
		    nw_names_get(nw_names_table(NW_NAMES_SYSCALL), ec->syscall, sc, sizeof(sc));

		if (name != sc)
			nw_strlcpy(sc, name, sizeof(sc));
	}
	if (c->f->ip.family)
		nw_addr_fmt(&c->f->ip, ip, sizeof(ip));
	if (c->f->pid || c->f->fd >= 0)
		s = nw_x_step(c, NW_CL_SOCKET,
			      "%s (pid %" PRIu32 ", fd %" PRId32 ") got %s%s%s %" PRIu64
			      " time%s%s%s. "
			      "That errno can come from %s.",
			      c->f->object, c->f->pid, c->f->fd,
			      nw_errno_name(c->f->err, e, sizeof(e)), sc[0] != '?' ? " from " : "",
			      sc[0] != '?' ? sc : "", c->f->count, c->f->count == 1 ? "" : "s",
			      ip[0] ? " talking to " : "", ip, errno_origins(c->f->err));
	else
		s = nw_x_step(
		    c, NW_CL_SOCKET,
		    "The kernel reported %s to sockets%s%s %" PRIu64 " time%s (an error report, "
		    "not a call's return). That errno can come from %s.",
		    nw_errno_name(c->f->err, e, sizeof(e)), ip[0] ? " talking to " : "", ip,
		    c->f->count, c->f->count == 1 ? "" : "s", errno_origins(c->f->err));
	nw_x_cite(s, c->f->first_event_id);
	nw_x_cite(s, c->f->last_event_id);
	return NW_RULE_STEP;
}

static enum nw_rule_result r_sock_neigh_failed(struct nw_xctx *c)
{
	const struct nw_neigh_entry *e[4];
	size_t n;
	char ip[NW_ADDR_STRLEN];
	struct nw_expl_step *s;

	if (c->f->err != EHOSTUNREACH && c->f->err != ETIMEDOUT)
		return NW_RULE_NO;
	n = nw_corr_failed_neighs(c->m, c->fev->netns_ino, &c->f->ip, c->from, c->to, e,
				  NW_ARRAY_SIZE(e));
	/*
	 * With a known peer only its own entry counts: routes are not watched, so which entry is
	 * the next hop towards it cannot be told, and naming another one would be a guess.
	 */
	if (!n || (c->f->ip.family && !nw_addr_eq(&c->f->ip, &e[0]->key.ip))) {
		if (n)
			nw_x_missing(c,
				     "routes are not watched: if %s is reached through a gateway, "
				     "check that gateway's "
				     "neighbour entry (ip neigh show) and ip route get %s",
				     nw_r_fmt_addr(&c->f->ip, ip, sizeof(ip)), ip);
		return NW_RULE_NO;
	}
	c->neigh = e[0];
	s = nw_x_step(c, NW_CL_NEIGH,
		      "In the same namespace the neighbour entry %s dev %s went FAILED at that "
		      "moment: the kernel "
		      "reports EHOSTUNREACH to the sockets whose packets waited for it to resolve.",
		      nw_addr_fmt(&e[0]->key.ip, ip, sizeof(ip)), e[0]->ifname);
	nw_x_cite(s, e[0]->last_failed_id);
	c->stage = NW_STAGE_NEIGH;
	return NW_RULE_STEP;
}

static enum nw_rule_result r_sock_table(struct nw_xctx *c)
{
	struct nw_corr_overflow o;

	if (c->f->err != ENOBUFS && c->f->err != EINVAL)
		return NW_RULE_NO;
	if (c->f->family != AF_INET && c->f->family != AF_INET6)
		return NW_RULE_NO;
	if (!nw_corr_table_overflow(c->m, c->f->family, c->from, c->to, &o))
		return NW_RULE_NO;
	nw_x_step(c, NW_CL_NEIGH,
		  "At the same time the %s neighbour table overflowed: a send that needs a new "
		  "entry fails (%s).",
		  c->f->family == AF_INET6 ? "IPv6 (ndisc_cache)" : "IPv4 (arp_cache)",
		  c->f->err == EINVAL
		      ? "EINVAL: IPv6 today, IPv4 on old kernels"
		      : "ENOBUFS: IPv4 on recent kernels, visible only with IP_RECVERR");
	c->table_family = c->f->family;
	c->stage = NW_STAGE_TABLE;
	return NW_RULE_STEP;
}

struct sock_match {
	uint64_t netns;
	const struct nw_addr *peer;
};

static bool qdrop_for_sock(const struct nw_event *ev, const void *arg)
{
	const struct sock_match *sm = arg;
	const struct nw_qdisc_ev *q = &ev->u.qdisc;

	if (ev->netns_ino != sm->netns)
		return false;
	return !sm->peer->family || nw_addr_eq(&q->pkt_dst, sm->peer);
}

static enum nw_rule_result r_sock_qdisc(struct nw_xctx *c)
{
	struct sock_match sm = {c->fev->netns_ino, &c->f->ip};
	struct nw_corr_set set;
	struct nw_expl_step *s;
	const struct nw_event *q;

	if (c->f->err != ENOBUFS || c->f->family == AF_NETLINK)
		return NW_RULE_NO;
	nw_corr_qdisc_drops(c->m, c->from, c->to, qdrop_for_sock, &sm, &set);
	if (!set.total)
		return NW_RULE_NO;
	q = set.ev[set.n - 1];
	s = nw_x_step(c, NW_CL_QDISC,
		      "%" PRIu64 " of this socket's packets were dropped by the qdisc of dev %s: "
		      "dev_queue_xmit returns NET_XMIT_DROP, which the socket sees as ENOBUFS.",
		      set.total, q->ifname);
	nw_x_cite_set(s, &set);
	nw_r_qdisc_cause(c, q->netns_ino, q->ifindex, q->ifname, q, false, set.total);
	return NW_RULE_CAUSE;
}

static bool nf_drop_in(const struct nw_event *ev, const void *arg)
{
	const uint64_t *netns = arg;

	return ev->netns_ino == *netns && nw_drop_reason_is(ev->u.drop.reason, "NETFILTER_DROP");
}

static enum nw_rule_result r_sock_netfilter(struct nw_xctx *c)
{
	uint64_t netns = c->fev->netns_ino;
	struct nw_corr_set set;
	struct nw_expl_step *s;

	/* EPERM on a send is what a local output rule returns; other errnos go by the peer's
	 * packets (sock.peer_drops). */
	if (c->f->err != EPERM)
		return NW_RULE_NO;
	nw_corr_drops(c->m, c->from, c->to, nf_drop_in, &netns, &set);
	if (!set.total)
		return NW_RULE_NO;
	s = nw_x_step(c, NW_CL_NETFILTER,
		      "%" PRIu64 " packets were dropped by netfilter in this namespace meanwhile.",
		      set.total);
	nw_x_cite_set(s, &set);
	nw_r_netfilter_cause(c, set.ev[0], "packets", set.total);
	return NW_RULE_CAUSE;
}

static enum nw_rule_result r_sock_otherhost(struct nw_xctx *c)
{
	/* Replies that never reach the socket: frames for this host dropped as OTHERHOST. */
	const struct nw_drop_model *dm = nw_models_drop(c->m);

	if (c->f->err != ETIMEDOUT && c->f->err != EHOSTUNREACH && c->f->err != ECONNREFUSED)
		return NW_RULE_NO;
	for (size_t i = nw_drop_model_nrecent(dm); i-- > 0;) {
		const struct nw_event *d = nw_drop_model_recent(dm, i);

		if (d->ts < c->from || d->ts > c->to || d->netns_ino != c->fev->netns_ino ||
		    !nw_drop_reason_is(d->u.drop.reason, "OTHERHOST") ||
		    !nw_mac_is_unicast(&d->u.drop.dst_mac))
			continue;
		if (c->f->ip.family && !nw_addr_eq(&d->u.drop.src, &c->f->ip))
			continue;
		nw_x_cite(
		    nw_x_step(c, NW_CL_L2,
			      "Frames from the peer were dropped on dev %s as OTHERHOST: they were "
			      "addressed to another MAC.",
			      d->ifname),
		    d->id);
		c->l2_netns = d->netns_ino;
		c->l2_ifindex = d->ifindex;
		c->l2_mac = d->u.drop.dst_mac;
		c->l2_ip = d->u.drop.dst;
		c->stage = NW_STAGE_L2;
		return NW_RULE_STEP;
	}
	return NW_RULE_NO;
}

struct peer_match {
	const struct nw_addr *peer;
};

/* Drops of packets to or from the peer whose reason names a place (not the consequences of a failed
 * entry). */
static bool peer_drop(const struct nw_event *ev, const void *arg)
{
	const struct peer_match *pm = arg;
	const struct nw_drop_ev *d = &ev->u.drop;

	if (!nw_addr_eq(&d->dst, pm->peer) && !nw_addr_eq(&d->src, pm->peer))
		return false;
	if (nw_drop_reason_is(d->reason, "NEIGH_*") || nw_drop_reason_is(d->reason, "OTHERHOST"))
		return false;
	return nw_r_reason_layer(d->reason) != NW_CL_COUNT;
}

static enum nw_rule_result r_sock_peer_drops(struct nw_xctx *c)
{
	struct peer_match pm = {&c->f->ip};
	struct nw_corr_set set;
	const struct nw_event *d;
	char what[160], rs[64], ns[96];

	if (!c->f->ip.family || (c->f->err != ETIMEDOUT && c->f->err != ECONNREFUSED &&
				 c->f->err != EHOSTUNREACH && c->f->err != ENOBUFS))
		return NW_RULE_NO;
	nw_corr_drops(c->m, c->from, c->to, peer_drop, &pm, &set);
	if (!set.total)
		return NW_RULE_NO;
	d = set.ev[set.n - 1];
	nw_r_drop_what(d, what, sizeof(what));
	nw_x_cite_set(nw_x_step(c, nw_r_reason_layer(d->u.drop.reason),
				"%" PRIu64 " packets to or from the peer were dropped "
				"on dev %s%s with reason %s (e.g. %s).",
				set.total, d->ifname, nw_x_ns(d->netns_ino, ns, sizeof(ns)),
				nw_x_reason(d->u.drop.reason, rs, sizeof(rs)), what),
		      &set);
	return nw_r_drop_cause(c, d, "of this socket's packets", set.total, false) ? NW_RULE_CAUSE
									      : NW_RULE_STEP;
}

/* --- a refused connect: does anything listen there? --------------------------------------- */

struct port_match {
	const struct nw_addr *peer;
	uint16_t port;
	uint8_t l4proto;
	uint64_t netns; /* for a loopback peer, the caller's own; else 0: any */
};

/* The kernel found no socket for a segment or datagram to the peer's port. */
static bool no_socket_drop(const struct nw_event *ev, const void *arg)
{
	const struct port_match *pm = arg;
	const struct nw_drop_ev *d = &ev->u.drop;

	return nw_drop_reason_is(d->reason, "NO_SOCKET") && nw_addr_eq(&d->dst, pm->peer) &&
	       (!pm->port || d->dport == pm->port) && (!d->l4proto || d->l4proto == pm->l4proto) &&
	       (!pm->netns || ev->netns_ino == pm->netns);
}

static bool addr_is_unspec(const struct nw_addr *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->bytes, zero, a->family == AF_INET ? 4 : 16);
}

static bool addr_is_loopback(const struct nw_addr *a)
{
	static const uint8_t one6[16] = {[15] = 1};

	return (a->family == AF_INET && a->bytes[0] == 127) ||
	       (a->family == AF_INET6 && !memcmp(a->bytes, one6, 16));
}

/* Whether a socket bound to l accepts what is sent to peer: the same address, the wildcard of its
 * family, or (IPv6 sockets without IPV6_V6ONLY, which sock_diag does not show) v4-mapped/any. */
static bool bound_accepts(const struct nw_addr *l, const struct nw_addr *peer)
{
	static const uint8_t mapped[12] = {[10] = 0xff, [11] = 0xff};

	if (l->family == peer->family)
		return addr_is_unspec(l) || nw_addr_eq(l, peer);
	if (l->family == AF_INET6 && peer->family == AF_INET)
		return addr_is_unspec(l) ||
		       (!memcmp(l->bytes, mapped, 12) && !memcmp(l->bytes + 12, peer->bytes, 4));
	return false;
}

/* A socket that receives on that port, alive then: a TCP listener, or a UDP socket bound to it. */
static bool is_receiver(const struct nw_sockinfo_rec *r, uint8_t l4proto, uint16_t port,
			uint64_t from, uint64_t to)
{
	const struct nw_sockinfo_ev *s = &r->last;

	if ((s->sk_family != AF_INET && s->sk_family != AF_INET6) || s->sk_protocol != l4proto ||
	    s->lport != port)
		return false;
	if (l4proto == IPPROTO_TCP && s->sk_state != TCP_LISTEN)
		return false;
	return r->first_ts <= to && (!r->gone || r->last_ts >= from);
}

/* "192.0.2.1:80", "[2001:db8::1]:80". */
static char *fmt_endpoint(const struct nw_addr *a, uint16_t port, char *buf, size_t size)
{
	char ip[NW_ADDR_STRLEN];

	nw_r_fmt_addr(a, ip, sizeof(ip));
	snprintf(buf, size, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
	return buf;
}

struct listen_scan {
	bool here;	 /* something receives on the peer's address and port in its namespace */
	bool diag;	 /* sock_diag reported sockets of the peer's namespace */
	char other[320]; /* receivers on that port elsewhere */
	size_t n_other;
};

static void scan_receivers(const struct nw_xctx *c, uint64_t netns, const struct port_match *pm,
			   struct listen_scan *ls)
{
	const struct nw_sock_model *sm = nw_models_sock(c->m);
	size_t len = 0;

	memset(ls, 0, sizeof(*ls));
	for (size_t i = 0; i < nw_sock_model_info_capacity(sm); i++) {
		const struct nw_sockinfo_rec *r = nw_sock_model_info_slot(sm, i);
		char ep[NW_ADDR_STRLEN + 8], ns[96];

		if (!r)
			continue;
		if (r->key.netns_ino == netns)
			ls->diag = true;
		if (!is_receiver(r, pm->l4proto, pm->port, c->from, c->to))
			continue;
		if (r->key.netns_ino == netns && bound_accepts(&r->last.laddr, pm->peer)) {
			ls->here = true;
			continue;
		}
		ls->n_other++;
		if (len + 160 < sizeof(ls->other))
			len += (size_t)snprintf(
			    ls->other + len, sizeof(ls->other) - len, "%s%s%s%s%s", len ? ", " : "",
			    fmt_endpoint(&r->last.laddr, pm->port, ep, sizeof(ep)),
			    r->key.netns_ino == netns ? ""
						      : nw_x_ns(r->key.netns_ino, ns, sizeof(ns)),
			    r->last.comm[0] ? " by " : "", r->last.comm);
	}
}

/* The namespace the peer's address lives in, by the strongest evidence there is; 0 when unknown. */
static uint64_t peer_netns(const struct nw_xctx *c, const struct nw_corr_set *drops)
{
	const struct nw_link_model *lm = nw_models_link(c->m);
	const struct nw_local_addr *la;
	const struct nw_addr *peer = &c->f->ip;

	if (drops->n)
		return drops->ev[drops->n - 1]->netns_ino;
	if (addr_is_loopback(peer) || nw_link_model_local_addr(lm, c->fev->netns_ino, peer))
		return c->fev->netns_ino;
	la = nw_link_model_local_addr(lm, 0, peer);
	return la ? la->key.netns_ino : 0;
}

static enum nw_rule_result r_sock_no_listener(struct nw_xctx *c)
{
	struct port_match pm = {&c->f->ip, c->sock ? c->sock->rport : 0, IPPROTO_TCP, 0};
	const char *proto;
	struct listen_scan ls;
	struct nw_corr_set drops;
	char ep[NW_ADDR_STRLEN + 8], ns[96], in[100], ex[128], obj[256], loc[64] = "";
	uint64_t netns;

	if (c->f->err != ECONNREFUSED || !c->f->ip.family)
		return NW_RULE_NO;
	if (c->sock && c->sock->type == SOCK_DGRAM)
		pm.l4proto = IPPROTO_UDP;
	proto = pm.l4proto == IPPROTO_UDP ? "udp" : "tcp";
	if (addr_is_loopback(&c->f->ip))
		pm.netns = c->fev->netns_ino; /* every namespace has its own loopback */
	nw_corr_drops(c->m, c->from, c->to, no_socket_drop, &pm, &drops);
	if (!pm.port && drops.n)
		pm.port = drops.ev[drops.n - 1]->u.drop.dport;
	netns = peer_netns(c, &drops);
	if (!pm.port || (!netns && !drops.n))
		return NW_RULE_NO;
	scan_receivers(c, netns, &pm, &ls);
	/* A socket there took (or could take) the packet: the refusal came from elsewhere. */
	if (ls.here || (!drops.n && !ls.diag))
		return NW_RULE_NO;
	fmt_endpoint(&c->f->ip, pm.port, ep, sizeof(ep));
	nw_x_ns(netns, ns, sizeof(ns));
	snprintf(in, sizeof(in), "%s%s", ns[0] ? " in" : "", ns);
	if (drops.n) {
		const struct nw_event *d = drops.ev[drops.n - 1];

		if (d->u.drop.location_sym[0])
			snprintf(loc, sizeof(loc), " at %s", d->u.drop.location_sym);
		nw_x_cite_set(
		    nw_x_step(c, NW_CL_SOCKET,
			      "%" PRIu64 " packet%s to %s/%s %s dropped with reason NO_SOCKET%s"
			      "%s: no socket of%s was bound to that address and port.",
			      drops.total, drops.total == 1 ? "" : "s", ep, proto,
			      drops.total == 1 ? "was" : "were", loc,
			      pm.l4proto == IPPROTO_TCP ? " (the kernel answers with a reset)"
							: " (the kernel answers with ICMP "
							  "port unreachable)",
			      ns[0] ? ns : " this namespace"),
		    &drops);
	}
	if (ls.diag)
		nw_x_step(c, NW_CL_SOCKET, "sock_diag of%s shows no %s socket on %s.%s%s",
			  ns[0] ? ns : " this namespace",
			  pm.l4proto == IPPROTO_TCP ? "listening tcp" : "udp", ep,
			  ls.n_other ? " On that port elsewhere: " : "",
			  ls.n_other ? ls.other : "");
	else
		nw_x_missing(c,
			     "sockets of%s (sock_diag): include that namespace (--netns) to see "
			     "who listens where",
			     ns[0] ? ns : " the peer's namespace");
	snprintf(obj, sizeof(obj), "nothing listens on %s/%s%s", ep, proto, in);
	nw_x_cause(c, NW_CL_SOCKET, obj,
		   "No socket was bound to %s/%s%s when the %s arrived, so the kernel refused it "
		   "and the caller got ECONNREFUSED.%s%s%s",
		   ep, proto, in,
		   pm.l4proto == IPPROTO_TCP ? "connection request (SYN)" : "datagram",
		   ls.n_other ? " Something does receive on that port elsewhere: " : "",
		   ls.n_other ? ls.other : "", ls.n_other ? "." : "");
	nw_x_nsexec(netns, ex, sizeof(ex));
	nw_x_fix(c,
		 "Start the service on %s/%s%s, or bind it to that address (or the wildcard) if it "
		 "listens elsewhere%s%s%s, or point the client at the address where it listens. "
		 "See %sss -%snp 'sport = :%u'.",
		 ep, proto, in, ls.n_other ? " (" : "", ls.n_other ? ls.other : "",
		 ls.n_other ? ")" : "", ex, pm.l4proto == IPPROTO_TCP ? "lt" : "ua", pm.port);
	nw_x_check(c, "%sss -%sn 'sport = :%u' lists a socket on %s; the connect succeeds", ex,
		   pm.l4proto == IPPROTO_TCP ? "lt" : "ua", pm.port, ep);
	return NW_RULE_CAUSE;
}

static const struct nw_rule rules[] = {
    {"sock.errno", NW_CL_SOCKET, NW_STAGE_SOCK, 0, r_sock_errno,
     "a socket call failed; list where that errno can come from", ""},
    {"sock.neigh_failed", NW_CL_NEIGH, NW_STAGE_SOCK, NEED(NW_EVSRC_NEIGH), r_sock_neigh_failed,
     "EHOSTUNREACH/ETIMEDOUT while a neighbour entry of the namespace went FAILED: follow the "
     "entry",
     ""},
    {"sock.neigh_table", NW_CL_NEIGH, NW_STAGE_SOCK, 0, r_sock_table,
     "ENOBUFS/EINVAL on send while the neighbour table overflowed: follow the table", ""},
    {"sock.qdisc_drop", NW_CL_QDISC, NW_STAGE_SOCK, 0, r_sock_qdisc,
     "ENOBUFS with the socket's packets dropped by a qdisc",
     "raise the qdisc's limit or lower the load"},
    {"sock.netfilter", NW_CL_NETFILTER, NW_STAGE_SOCK, 0, r_sock_netfilter,
     "EPERM on a send with netfilter drops in the socket's namespace (a local output rule)",
     "find and change the rule"},
    {"sock.no_listener", NW_CL_SOCKET, NW_STAGE_SOCK, 0, r_sock_no_listener,
     "ECONNREFUSED while no socket received on the peer's address and port (NO_SOCKET drops, "
     "sock_diag without a listener)",
     "start the service there or point the client at it"},
    {"sock.otherhost", NW_CL_L2, NW_STAGE_SOCK, 0, r_sock_otherhost,
     "timeouts while the peer's frames are dropped as OTHERHOST: follow the MAC", ""},
    {"sock.peer_drops", NW_CL_LINK, NW_STAGE_SOCK, NEED(NW_EVSRC_DROPS), r_sock_peer_drops,
     "timeouts/refusals while packets to or from the peer were dropped at a named place (qdisc, "
     "netfilter, route ...)",
     "fix the layer that dropped them"},
    {"sock.route", NW_CL_ROUTE, NW_STAGE_SOCK, 0, nw_r_sock_route,
     "ENETUNREACH/EHOSTUNREACH/EACCES/EINVAL that the FIB lookup of the destination also returns: follow the "
     "route (core/diag/rules_route.c)",
     ""},
};

const struct nw_rule_set nw_rules_sock = {rules, NW_ARRAY_SIZE(rules)};
