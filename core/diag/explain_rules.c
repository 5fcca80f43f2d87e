// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The explain rules: one entry per diagnosis, each a match function over the
 * correlated evidence.  Rules reason from what the evidence shows (a drop's
 * reason and place, a packet's addresses, a counter's rise, a neighbour
 * entry's timeline), never from names or addresses of a particular setup.
 *
 * A rule returns NW_RULE_STEP when it added a step to the chain (possibly
 * moving the chain to another stage: an errno to a neighbour entry, an entry
 * to the qdisc that dropped its replies), NW_RULE_CAUSE when the evidence
 * shows the cause, NW_RULE_NO when its evidence is absent.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/diag/explain_int.h"
#include "core/names.h"
#include "core/util.h"

#define NS_PER_S 1000000000ull
#define ETH_ARP 0x0806
#define ETH_IPV6 0x86dd
#define NEED(s) (1u << (s))

/* --- shared pieces ------------------------------------------------------------------- */

static enum nw_cause_layer reason_layer(uint32_t reason)
{
	static const struct {
		const char *name;
		enum nw_cause_layer layer;
	} map[] = {
	    {"QDISC_*", NW_CL_QDISC},
	    {"TC_*", NW_CL_QDISC},
	    {"CAKE_*", NW_CL_QDISC},
	    {"FQ_*", NW_CL_QDISC},
	    {"NETFILTER_DROP", NW_CL_NETFILTER},
	    {"OTHERHOST", NW_CL_L2},
	    {"MAC_*", NW_CL_L2},
	    {"LOCAL_MAC", NW_CL_L2},
	    {"UNICAST_IN_L2_MULTICAST", NW_CL_L2},
	    {"NEIGH_*", NW_CL_NEIGH},
	    {"IP_OUTNOROUTES", NW_CL_ROUTE},
	    {"IP_INNOROUTES", NW_CL_ROUTE},
	    {"IP_RPFILTER", NW_CL_ROUTE},
	    {"SOCKET_*", NW_CL_SOCKET},
	    {"PROTO_MEM", NW_CL_SOCKET},
	    {"TCP_*", NW_CL_SOCKET},
	    {"DEV_READY", NW_CL_LINK},
	    {"FULL_RING", NW_CL_LINK},
	};

	for (size_t i = 0; i < NW_ARRAY_SIZE(map); i++)
		if (nw_drop_reason_is(reason, map[i].name))
			return map[i].layer;
	return NW_CL_COUNT;
}

static const char *ifname_of(const struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
			     const char *fallback)
{
	const struct nw_link_rec *l = nw_link_model_find(nw_models_link(c->m), netns, ifindex);

	if (fallback && fallback[0])
		return fallback;
	return l && l->ifname[0] ? l->ifname : "?";
}

static const char *fmt_addr(const struct nw_addr *a, char *buf, size_t size)
{
	if (!a->family) {
		snprintf(buf, size, "?");
		return buf;
	}
	return nw_addr_fmt(a, buf, size);
}

/* What a dropped packet was: "ARP reply 192.0.2.1 > 192.0.2.2". */
static void drop_what(const struct nw_event *d, char *buf, size_t size)
{
	const struct nw_drop_ev *x = &d->u.drop;
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN];
	enum nw_pktclass pc = nw_pktclass_of(x->protocol, x->arp_op, x->l4proto, 0);

	if (x->protocol == ETH_ARP)
		snprintf(buf, size, "%s %s > %s", nw_pktclass_name(pc),
			 fmt_addr(&x->arp_spa, a, sizeof(a)), fmt_addr(&x->arp_tpa, b, sizeof(b)));
	else
		snprintf(buf, size, "%s %s > %s", nw_pktclass_name(pc),
			 fmt_addr(&x->src, a, sizeof(a)), fmt_addr(&x->dst, b, sizeof(b)));
}

/*
 * The qdisc named as tc(8) would: the drop's own qdisc event first (it names
 * the kind and handle), then the model's root qdisc of that device.
 */
static const struct nw_qdisc_rec *qdisc_for(struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
					    const struct nw_event *qev)
{
	const struct nw_qdisc_model *qm = nw_models_qdisc(c->m);
	const struct nw_qdisc_rec *r = NULL;

	if (qev)
		r = nw_qdisc_model_find(qm, netns, ifindex, qev->u.qdisc.handle, false);
	if (!r || !r->have_stats) {
		const struct nw_qdisc_rec *root = nw_qdisc_model_root(qm, netns, ifindex);

		if (root && (!r || !qev || root->key.handle == qev->u.qdisc.handle))
			r = root;
	}
	return r;
}

/* Qdiscs with classes, where a filter can steer traffic; the others are one queue. */
static bool classful(const char *kind)
{
	static const char *const kinds[] = {"htb", "hfsc", "cbq",    "drr",    "qfq",
					    "ets", "prio", "mqprio", "multiq", "taprio"};

	for (size_t i = 0; i < NW_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

/* Names the qdisc as the cause of dropped control (ARP/NDP) or data packets and gives the fix. */
static void qdisc_cause(struct nw_xctx *c, uint64_t netns, uint32_t ifindex, const char *ifname,
			const struct nw_event *qev, bool control, uint64_t ndropped)
{
	const struct nw_qdisc_rec *r = qdisc_for(c, netns, ifindex, qev);
	const struct nw_link_rec *l = nw_link_model_find(nw_models_link(c->m), netns, ifindex);
	char ns[96], nsopt[96], h[16], obj[256], kind[16];
	uint32_t handle = qev ? qev->u.qdisc.handle : r ? r->key.handle : 0;
	uint32_t direct_qlen = r && r->have_stats ? r->last.direct_qlen : UINT32_MAX;
	const char *what =
	    control ? "ARP/NDP packets (the neighbour layer's own traffic)" : "data packets";

	nw_strlcpy(kind,
		   qev && qev->u.qdisc.kind[0] ? qev->u.qdisc.kind
		   : r			       ? r->kind
					       : "",
		   sizeof(kind));
	nw_x_ns(netns, ns, sizeof(ns));
	nw_x_nsopt(netns, nsopt, sizeof(nsopt));
	nw_tc_handle_fmt(handle, h, sizeof(h));
	ifname = ifname_of(c, netns, ifindex, ifname);
	snprintf(obj, sizeof(obj), "qdisc %s %s dev %s%s", kind[0] ? kind : "?", h, ifname, ns);
	if (!strcmp(kind, "htb") && direct_qlen == 0) {
		nw_x_cause(c, NW_CL_QDISC, obj,
			   "HTB sends packets that no filter classifies and no default class takes "
			   "to its direct queue, "
			   "whose length direct_qlen is 0%s, so it dropped %" PRIu64 " %s.%s",
			   l && !l->txqlen
			       ? " (HTB takes it from the device's tx_queue_len, which is 0)"
			       : " (set explicitly: by default HTB takes the device's "
				 "tx_queue_len, which was 0 on bridges such "
				 "as docker0 before kernels refused a zero tx_queue_len there)",
			   ndropped, what,
			   control ? " ARP has no class here: while it cannot pass, neighbour "
				     "entries that need it cannot "
				     "resolve and go FAILED, and their sockets get EHOSTUNREACH."
				   : "");
		nw_x_fix(c,
			 "HTB cannot change direct_qlen or default in place (tc qdisc change "
			 "fails: 'Change operation not "
			 "supported'). Either classify the control traffic into an existing class: "
			 "tc %sfilter add dev %s "
			 "parent %s protocol arp prio 1 matchall classid %sCLASS (and protocol "
			 "ipv6 for NDP), or re-create "
			 "the qdisc with a direct queue or a default class: tc %sqdisc del dev %s "
			 "root; tc %sqdisc add dev "
			 "%s root handle %s htb default CLASS direct_qlen 1000, then re-add its "
			 "classes and filters.",
			 nsopt, ifname, h, h, nsopt, ifname, nsopt, ifname, h);
		nw_x_check(c,
			   "tc %s-s -d qdisc show dev %s: direct_qlen non-zero and 'dropped' no "
			   "longer rising; ip -s neigh "
			   "on the peer: the entry REACHABLE",
			   nsopt, ifname);
		return;
	}
	if (!strcmp(kind, "htb") && direct_qlen == UINT32_MAX)
		nw_x_missing(
		    c, "HTB options of %s (direct_qlen, default class): netlink qdisc source%s",
		    obj, ns);
	nw_x_cause(
	    c, NW_CL_QDISC, obj, "The qdisc dropped %" PRIu64 " %s%s. %s", ndropped, what,
	    r && r->have_stats ? "" : " (its statistics were not seen)",
	    control
		? "Control traffic has no class or room in this qdisc: it must not be shaped away."
		: "It is over its limit or shaping below the offered load.");
	if (control && classful(kind))
		nw_x_fix(c,
			 "Give ARP/NDP a path through the qdisc: a filter that sends protocol arp "
			 "(and ipv6-icmp) to a class "
			 "with room (tc %sfilter add dev %s parent %s protocol arp prio 1 matchall "
			 "classid %sCLASS), or raise "
			 "the limit of the class/queue it falls into (tc %s-s -d qdisc show dev %s "
			 "shows which drops).",
			 nsopt, ifname, h, h, nsopt, ifname);
	else if (control)
		nw_x_fix(c,
			 "The queue is full or over its rate when control traffic arrives: raise "
			 "its limit or rate (tc %sqdisc "
			 "change dev %s handle %s %s limit N ...) or replace it with one that "
			 "isolates flows (tc %sqdisc replace dev %s root fq_codel), and "
			 "find what fills it (tc %s-s qdisc show dev %s: backlog, overlimits).",
			 nsopt, ifname, h, kind[0] ? kind : "KIND", nsopt, ifname, nsopt, ifname);
	else
		nw_x_fix(c,
			 "Raise the qdisc's limit or rate, or reduce the offered load: tc %s-s -d "
			 "qdisc show dev %s and "
			 "tc %s-s class show dev %s show where the drops happen.",
			 nsopt, ifname, nsopt, ifname);
	nw_x_check(c, "tc %s-s qdisc show dev %s: 'dropped' stops rising", nsopt, ifname);
}

static void netfilter_cause(struct nw_xctx *c, const struct nw_event *d, const char *what,
			    uint64_t n)
{
	char ns[96], ex[128], obj[256];

	nw_x_ns(d->netns_ino, ns, sizeof(ns));
	nw_x_nsexec(d->netns_ino, ex, sizeof(ex));
	snprintf(obj, sizeof(obj), "netfilter%s%s%s", d->ifname[0] ? " dev " : "", d->ifname, ns);
	nw_x_cause(c, NW_CL_NETFILTER, obj,
		   "A netfilter rule (iptables/nftables) dropped %" PRIu64
		   " %s (kfree_skb reason NETFILTER_DROP at %s).",
		   n, what,
		   d->u.drop.location_sym[0] ? d->u.drop.location_sym : "a netfilter hook");
	nw_x_fix(c,
		 "Find the rule: %snft list ruleset (or %siptables-save -c / %sarptables -L for "
		 "ARP) and allow "
		 "this traffic.",
		 ex, ex, ex);
	nw_x_check(
	    c, "the rule's packet counter stops rising; no more NETFILTER_DROP drops in netwhy");
}

/* Names the cause of drops whose reason points at a layer; false when the reason says nothing
 * specific. */
static bool drop_cause(struct nw_xctx *c, const struct nw_event *d, const char *what, uint64_t n,
		       bool control)
{
	enum nw_cause_layer layer = reason_layer(d->u.drop.reason);
	char rs[64], ns[96], obj[256];

	if (nw_drop_reason_is(d->u.drop.reason, "TC_INGRESS") ||
	    nw_drop_reason_is(d->u.drop.reason, "TC_EGRESS")) {
		bool in = nw_drop_reason_is(d->u.drop.reason, "TC_INGRESS");
		char nsopt[96];

		nw_x_ns(d->netns_ino, ns, sizeof(ns));
		nw_x_nsopt(d->netns_ino, nsopt, sizeof(nsopt));
		snprintf(obj, sizeof(obj), "tc filter %s dev %s%s", in ? "ingress" : "egress",
			 ifname_of(c, d->netns_ino, d->ifindex, d->ifname), ns);
		nw_x_cause(c, NW_CL_QDISC, obj,
			   "A tc filter action (or BPF program) on the %s hook dropped %" PRIu64
			   " %s.",
			   in ? "ingress" : "egress", n, what);
		nw_x_fix(c,
			 "Find the filter: tc %sfilter show dev %s %s (and tc %s-s filter show for "
			 "its counters); change "
			 "its match or action so this traffic passes.",
			 nsopt, ifname_of(c, d->netns_ino, d->ifindex, d->ifname),
			 in ? "ingress" : "egress", nsopt);
		nw_x_check(c, "no more %s drops", in ? "TC_INGRESS" : "TC_EGRESS");
		return true;
	}
	if (nw_drop_reason_is(d->u.drop.reason, "IP_RPFILTER")) {
		char ex[128], a[NW_ADDR_STRLEN];

		nw_x_ns(d->netns_ino, ns, sizeof(ns));
		nw_x_nsexec(d->netns_ino, ex, sizeof(ex));
		snprintf(obj, sizeof(obj), "rp_filter dev %s%s",
			 ifname_of(c, d->netns_ino, d->ifindex, d->ifname), ns);
		nw_x_cause(c, NW_CL_ROUTE, obj,
			   "Reverse-path filtering dropped %" PRIu64
			   " %s: the route back to the source %s does not leave "
			   "through the interface they came in on.",
			   n, what, fmt_addr(&d->u.drop.src, a, sizeof(a)));
		nw_x_fix(c,
			 "Fix the asymmetric route (%sip route get %s), or loosen the check: "
			 "%ssysctl -w "
			 "net.ipv4.conf.%s.rp_filter=2 (and .all.rp_filter, the maximum of both "
			 "applies).",
			 ex, a, ex, ifname_of(c, d->netns_ino, d->ifindex, d->ifname));
		nw_x_check(c, "no more IP_RPFILTER drops");
		return true;
	}
	switch (layer) {
	case NW_CL_QDISC:
		qdisc_cause(c, d->netns_ino, d->ifindex, d->ifname, nw_corr_qdisc_of_drop(c->m, d),
			    control, n);
		return true;
	case NW_CL_NETFILTER:
		netfilter_cause(c, d, what, n);
		return true;
	case NW_CL_COUNT:
		return false;
	default:
		break;
	}
	nw_x_ns(d->netns_ino, ns, sizeof(ns));
	if (layer == NW_CL_ROUTE) {
		char a[NW_ADDR_STRLEN], ex[128];

		nw_x_nsexec(d->netns_ino, ex, sizeof(ex));
		snprintf(obj, sizeof(obj), "routing table%s", ns);
		nw_x_cause(c, NW_CL_ROUTE, obj,
			   "The kernel found no usable route for %" PRIu64
			   " %s (reason %s, dev %s), "
			   "e.g. to %s.",
			   n, what, nw_x_reason(d->u.drop.reason, rs, sizeof(rs)),
			   d->ifname[0] ? d->ifname : "?", fmt_addr(&d->u.drop.dst, a, sizeof(a)));
		nw_x_fix(c,
			 "Look at the lookup: %sip route get %s (and ip -6 route for IPv6); add "
			 "the missing route or "
			 "address, or stop the sender if the traffic is not meant to be routed.",
			 ex, a);
		nw_x_check(c, "%sip route get %s succeeds; no more %s drops", ex, a, rs);
		return true;
	}
	snprintf(obj, sizeof(obj), "dev %s%s", ifname_of(c, d->netns_ino, d->ifindex, d->ifname),
		 ns);
	nw_x_cause(c, layer, obj, "The kernel dropped %" PRIu64 " %s with reason %s at %s.", n,
		   what, nw_x_reason(d->u.drop.reason, rs, sizeof(rs)),
		   d->u.drop.location_sym[0] ? d->u.drop.location_sym : "an unresolved address");
	nw_x_fix(c,
		 "Look up reason %s (include/net/dropreason-core.h of the running kernel) and the "
		 "code at %s; fix "
		 "what it names on %s.",
		 rs, d->u.drop.location_sym[0] ? d->u.drop.location_sym : "the drop location", obj);
	return true;
}

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

	if (ec && ec->syscall >= 0)
		nw_names_get(nw_names_table(NW_NAMES_SYSCALL), ec->syscall, sc, sizeof(sc));
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
				     fmt_addr(&c->f->ip, ip, sizeof(ip)), ip);
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
	qdisc_cause(c, q->netns_ino, q->ifindex, q->ifname, q, false, set.total);
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
	netfilter_cause(c, set.ev[0], "packets", set.total);
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
	return reason_layer(d->reason) != NW_CL_COUNT;
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
	drop_what(d, what, sizeof(what));
	nw_x_cite_set(nw_x_step(c, reason_layer(d->u.drop.reason),
				"%" PRIu64 " packets to or from the peer were dropped "
				"on dev %s%s with reason %s (e.g. %s).",
				set.total, d->ifname, nw_x_ns(d->netns_ino, ns, sizeof(ns)),
				nw_x_reason(d->u.drop.reason, rs, sizeof(rs)), what),
		      &set);
	return drop_cause(c, d, "of this socket's packets", set.total, false) ? NW_RULE_CAUSE
									      : NW_RULE_STEP;
}

static enum nw_rule_result r_sock_route(struct nw_xctx *c)
{
	char ip[NW_ADDR_STRLEN], ex[128];

	if (c->f->err != ENETUNREACH)
		return NW_RULE_NO;
	/* The errno itself is the evidence: only the FIB lookup (or an ICMP net-unreachable)
	 * returns it. */
	nw_x_step(c, NW_CL_ROUTE,
		  "ENETUNREACH comes from the routing lookup (no route to %s in this namespace) or from an "
		  "ICMP net-unreachable sent back by a router.",
		  fmt_addr(&c->f->ip, ip, sizeof(ip)));
	nw_x_missing(c, "the routing table is not watched: run %sip route get %s to see the lookup",
		     nw_x_nsexec(c->fev->netns_ino, ex, sizeof(ex)), ip);
	return NW_RULE_STEP;
}

/* --- stage neigh: a neighbour entry that went FAILED --------------------------------------- */

static uint64_t neigh_from(const struct nw_xctx *c)
{
	const struct nw_neigh_entry *e = c->neigh;
	uint64_t w = nw_models_get_opts(c->m)->window_ns;
	uint64_t t = e->incomplete_since && e->incomplete_since <= e->last_failed_ts
			 ? e->incomplete_since
			 : e->last_failed_ts;

	t = t > NS_PER_S ? t - NS_PER_S : 0;
	return e->last_failed_ts - t > w ? e->last_failed_ts - w : t;
}

static uint64_t neigh_to(const struct nw_xctx *c)
{
	return c->neigh->last_failed_ts + NS_PER_S;
}

static enum nw_rule_result r_neigh_timeline(struct nw_xctx *c)
{
	const struct nw_neigh_entry *e = c->neigh;
	const struct nw_neigh_table_rec *t = NULL;
	const struct nw_neigh_model *nm = nw_models_neigh(c->m);
	char ip[NW_ADDR_STRLEN], ns[96], line[256] = "", st[64], rel[32];
	struct nw_expl_step *s;
	size_t n = nw_neigh_entry_ntransitions(e), len = 0;

	for (size_t i = 0; i < n && len < sizeof(line) - 64; i++) {
		const struct nw_neigh_transition *tr = nw_neigh_entry_transition(e, i);

		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"%s%s (probes %" PRIu32 ", %s)", i ? " -> " : "",
					tr->state ? nw_names_get_flags(nw_names_table(NW_NAMES_NUD),
								       tr->state, st, sizeof(st))
						  : "NONE",
					tr->probes, nw_x_rel(c, tr->ts, rel, sizeof(rel)));
	}
	for (size_t i = 0; i < nw_neigh_model_table_capacity(nm); i++) {
		const struct nw_neigh_table_rec *r = nw_neigh_model_table_slot(nm, i);

		if (r && r->key.family == e->key.ip.family &&
		    (!t || r->key.netns_ino == e->key.netns_ino))
			t = r;
	}
	s = nw_x_step(c, NW_CL_NEIGH,
		      "Neighbour %s dev %s%s: %s; FAILED after %" PRIu32 " probes%s.",
		      nw_addr_fmt(&e->key.ip, ip, sizeof(ip)), e->ifname,
		      nw_x_ns(e->key.netns_ino, ns, sizeof(ns)),
		      line[0] ? line : "no transitions kept", e->max_probes, "");
	if (t && t->last.ucast_probes + t->last.mcast_probes + t->last.app_probes) {
		size_t l = strlen(s->text);

		snprintf(s->text + l - 1, sizeof(s->text) - l + 1,
			 " (the table allows ucast_probes %" PRIu32 " + mcast_probes %" PRIu32
			 " + app_probes %" PRIu32 " before FAILED).",
			 t->last.ucast_probes, t->last.mcast_probes, t->last.app_probes);
	}
	for (size_t i = n > NW_EXPL_IDS ? n - NW_EXPL_IDS : 0; i < n; i++)
		nw_x_cite(s, nw_neigh_entry_transition(e, i)->ev_id);
	if (nw_models_have(c->m, NW_EVSRC_CAPTURE, e->key.netns_ino, e->key.ifindex, NULL, 0)) {
		s = nw_x_step(c, NW_CL_NEIGH,
			      "On the wire (capture on dev %s): %" PRIu64
			      " request%s for %s went out, %" PRIu64 " repl%s came in.",
			      e->ifname, e->req_out.count, e->req_out.count == 1 ? "" : "s", ip,
			      e->reply_in.count, e->reply_in.count == 1 ? "y" : "ies");
		nw_x_cite(s, e->req_out.first_id);
		nw_x_cite(s, e->req_out.last_id);
		nw_x_cite(s, e->reply_in.last_id);
	}
	return NW_RULE_STEP;
}

/* Sockets of a namespace that got err in [from, to]: "pid 7 curl fd 3 (2), error reports (8)";
 * returns how many errors. */
static uint64_t sockets_with(const struct nw_xctx *c, uint64_t netns, int err, uint64_t from,
			     uint64_t to, char *buf, size_t size, uint64_t *last_id)
{
	const struct nw_sock_model *sm = nw_models_sock(c->m);
	uint64_t total = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nw_sock_model_capacity(sm); i++) {
		const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);
		const struct nw_sock_errno_count *ec;

		if (!r || r->key.netns_ino != netns || !(ec = nw_sock_rec_errno(r, err)) ||
		    ec->last_ts < from || ec->first_ts > to)
			continue;
		total += ec->count;
		if (last_id && ec->last_id > *last_id)
			*last_id = ec->last_id;
		if (len + 64 >= size)
			continue;
		if (r->key.pid || r->key.fd >= 0)
			len += (size_t)snprintf(buf + len, size - len,
						"%spid %" PRIu32 " %s fd %" PRId32 " (%" PRIu64 ")",
						len ? ", " : "", r->key.pid,
						r->comm[0] ? r->comm : "?", r->key.fd, ec->count);
		else
			len += (size_t)snprintf(buf + len, size - len,
						"%sa%s socket's error report (%" PRIu64 ")",
						len ? ", " : "",
						r->type == 3   ? " raw"
						: r->type == 1 ? " stream"
							       : "",
						ec->count);
	}
	return total;
}

static enum nw_rule_result r_neigh_victims(struct nw_xctx *c)
{
	const struct nw_neigh_entry *e = c->neigh;
	char list[320], e1[32];
	uint64_t last = 0, n;

	n = sockets_with(c, e->key.netns_ino, EHOSTUNREACH,
			 e->last_failed_ts - (e->last_failed_ts > NS_PER_S ? NS_PER_S : 0),
			 e->last_failed_ts + 5 * NS_PER_S, list, sizeof(list), &last);
	if (!n)
		return NW_RULE_NO;
	nw_x_cite(nw_x_step(c, NW_CL_SOCKET,
			    "When it failed, %" PRIu64
			    " %s went to the sockets that waited on it: %s.",
			    n, nw_errno_name(EHOSTUNREACH, e1, sizeof(e1)), list),
		  last);
	return NW_RULE_STEP;
}

static enum nw_rule_result r_neigh_requests_dropped(struct nw_xctx *c)
{
	struct nw_corr_set set;
	struct nw_expl_step *s;
	char what[160];

	nw_corr_neigh_requests_dropped(c->m, c->neigh, neigh_from(c), neigh_to(c), &set);
	if (!set.total)
		return NW_RULE_NO;
	drop_what(set.ev[0], what, sizeof(what));
	s = nw_x_step(c,
		      reason_layer(set.ev[0]->u.drop.reason) == NW_CL_COUNT
			  ? NW_CL_NEIGH
			  : reason_layer(set.ev[0]->u.drop.reason),
		      "The requests never left: %" PRIu64
		      " of them (%s) were dropped on dev %s before the wire.",
		      set.total, what, set.ev[0]->ifname);
	nw_x_cite_set(s, &set);
	return drop_cause(c, set.ev[0], "ARP/NDP requests", set.total, true) ? NW_RULE_CAUSE
									     : NW_RULE_STEP;
}

static enum nw_rule_result r_neigh_replies_dropped(struct nw_xctx *c)
{
	struct nw_corr_set set;
	struct nw_expl_step *s;
	char what[160], ns[96], rs[64];
	const struct nw_event *d;

	nw_corr_neigh_replies_dropped(c->m, c->neigh, neigh_from(c), neigh_to(c), &set);
	if (!set.total)
		return NW_RULE_NO;
	d = set.ev[set.n - 1];
	drop_what(d, what, sizeof(what));
	s = nw_x_step(c,
		      reason_layer(d->u.drop.reason) == NW_CL_COUNT
			  ? NW_CL_NEIGH
			  : reason_layer(d->u.drop.reason),
		      "The peer answered, but %" PRIu64
		      " of its replies (%s) were dropped on dev %s%s with reason %s, so "
		      "none reached this entry.",
		      set.total, what, d->ifname, nw_x_ns(d->netns_ino, ns, sizeof(ns)),
		      nw_x_reason(d->u.drop.reason, rs, sizeof(rs)));
	nw_x_cite_set(s, &set);
	if (nw_drop_reason_is(d->u.drop.reason, "OTHERHOST")) {
		c->l2_netns = d->netns_ino;
		c->l2_ifindex = d->ifindex;
		c->l2_mac = d->u.drop.dst_mac;
		c->l2_ip = d->u.drop.arp_tpa.family ? d->u.drop.arp_tpa : d->u.drop.dst;
		c->stage = NW_STAGE_L2;
		return NW_RULE_STEP;
	}
	return drop_cause(c, d, "ARP/NDP replies", set.total, true) ? NW_RULE_CAUSE : NW_RULE_STEP;
}

static enum nw_rule_result r_neigh_no_reply(struct nw_xctx *c)
{
	const struct nw_neigh_entry *e = c->neigh;
	uint64_t from = neigh_from(c), to = neigh_to(c);
	bool cap = nw_x_need(c, NW_EVSRC_CAPTURE, e->key.netns_ino, e->key.ifindex);
	bool drops = nw_x_need(c, NW_EVSRC_DROPS, 0, 0);
	char ip[NW_ADDR_STRLEN], ns[96], obj[256], ex[128];
	bool req = e->req_out.count && e->req_out.last_ts >= from && e->req_out.first_ts <= to;
	bool rep = e->reply_in.count && e->reply_in.last_ts >= from && e->reply_in.first_ts <= to;
	struct nw_expl_step *s;

	if (!cap)
		return NW_RULE_NO;
	nw_addr_fmt(&e->key.ip, ip, sizeof(ip));
	nw_x_ns(e->key.netns_ino, ns, sizeof(ns));
	if (!req) {
		nw_x_step(
		    c, NW_CL_NEIGH,
		    "No request for %s was seen leaving dev %s: the probes did not reach the wire "
		    "(dropped before the capture point without a recorded drop).",
		    ip, e->ifname);
		return NW_RULE_STEP;
	}
	/* The capture counts are in the timeline step already. */
	if (rep) {
		s = nw_x_step(
		    c, NW_CL_NEIGH,
		    "%" PRIu64 " repl%s from %s arrived on dev %s, yet the entry failed: they "
		    "were lost after the capture point.",
		    e->reply_in.count, e->reply_in.count == 1 ? "y" : "ies", ip, e->ifname);
		nw_x_cite(s, e->reply_in.last_id);
		return NW_RULE_STEP;
	}
	if (!drops)
		return NW_RULE_STEP;
	nw_x_step(c, NW_CL_LINK,
		  "No reply from %s came back on dev %s, and no reply from it was dropped anywhere "
		  "netwhy watches.",
		  ip, e->ifname);
	snprintf(obj, sizeof(obj), "peer %s via dev %s%s", ip, e->ifname, ns);
	nw_x_cause(c, NW_CL_LINK, obj,
		   "The requests went out and nothing answered: the peer %s is down or absent, is "
		   "not on this link "
		   "(wrong subnet or VLAN), or the link/bridge between does not forward (its "
		   "replies were not dropped "
		   "in any namespace netwhy watches).",
		   ip);
	nw_x_fix(c,
		 "Check the peer and the path: %sarping -c 3 -I %s %s; on the peer: ip addr, ip "
		 "link (state, "
		 "master); on a bridge between: bridge link, bridge fdb. Watch the peer's "
		 "namespace too (--netns) "
		 "so netwhy can see its side.",
		 nw_x_nsexec(e->key.netns_ino, ex, sizeof(ex)), e->ifname, ip);
	nw_x_check(c, "ip -s neigh show %s: REACHABLE", ip);
	return NW_RULE_CAUSE;
}

/*
 * Without the drop probe the qdiscs' statistics still count drops: name the ones that rose while
 * the entry waited, as a lead to follow, never as the cause (what they dropped is not known).
 */
static enum nw_rule_result r_neigh_qdisc_stats(struct nw_xctx *c)
{
	const struct nw_qdisc_model *qm = nw_models_qdisc(c->m);
	uint64_t from = neigh_from(c), to = neigh_to(c) + 5 * NS_PER_S;
	char ns[96], h[16], list[384] = "";
	size_t len = 0;
	struct nw_expl_step *s;

	if (nw_models_have(c->m, NW_EVSRC_DROPS, 0, 0, NULL, 0))
		return NW_RULE_NO;
	for (size_t i = 0; i < nw_qdisc_model_capacity(qm) && len + 96 < sizeof(list); i++) {
		const struct nw_qdisc_rec *r = nw_qdisc_model_slot(qm, i);

		if (!r || !r->drops_delta || r->last_drop_delta_ts < from ||
		    r->last_drop_delta_ts > to)
			continue;
		len += (size_t)snprintf(
		    list + len, sizeof(list) - len, "%sqdisc %s %s dev %s%s (+%" PRIu64 ")",
		    len ? ", " : "", r->kind, nw_tc_handle_fmt(r->key.handle, h, sizeof(h)),
		    r->ifname, nw_x_ns(r->key.netns_ino, ns, sizeof(ns)), r->drops_delta);
	}
	if (!len)
		return NW_RULE_NO;
	s = nw_x_step(
	    c, NW_CL_QDISC,
	    "While the entry waited, these qdiscs counted drops: %s. What they dropped is not "
	    "known without the drop probe; if one of them sits on the path of the requests or "
	    "the replies, look there first (tc -s -d qdisc show).",
	    list);
	(void)s;
	return NW_RULE_STEP;
}

/* --- stage qdisc: control traffic dropped by a qdisc --------------------------------------- */

static bool is_reply_spa(const struct nw_event *ev, const void *arg)
{
	const struct nw_addr *ip = arg;

	return nw_addr_eq(&ev->u.qdisc.pkt_src, ip);
}

static enum nw_rule_result r_qdisc_control(struct nw_xctx *c)
{
	const struct nw_qdisc_rec *r = c->qdisc;
	char ns[96], byw[256] = "", ip[NW_ADDR_STRLEN];
	size_t len = 0;
	uint64_t nctl = 0;
	struct nw_expl_step *s;
	const struct nw_neigh_model *nm = nw_models_neigh(c->m);

	if (!r)
		return NW_RULE_NO;
	for (int k = 0; k < NW_PKTCLASS_COUNT; k++) {
		if (!r->pkt_drops[k])
			continue;
		if (nw_pktclass_is_control(k))
			nctl += r->pkt_drops[k];
		len += (size_t)snprintf(byw + len, sizeof(byw) - len, "%s%" PRIu64 " %s",
					len ? ", " : "", r->pkt_drops[k], nw_pktclass_name(k));
		if (len >= sizeof(byw))
			break;
	}
	if (!nctl)
		return NW_RULE_NO;
	s = nw_x_step(c, NW_CL_QDISC, "qdisc %s %s dev %s%s dropped: %s.",
		      r->kind[0] ? r->kind : "?", nw_tc_handle_fmt(r->key.handle, ns, sizeof(ns)),
		      r->ifname, nw_x_ns(r->key.netns_ino, ns + 32, sizeof(ns) - 32), byw);
	for (int k = 0; k < NW_PKTCLASS_COUNT; k++)
		nw_x_cite(s, r->pkt_drop_last_id[k]);
	/* Whose resolution it broke: entries that failed while their replies died here. */
	for (size_t i = 0; i < nw_neigh_model_capacity(nm); i++) {
		const struct nw_neigh_entry *e = nw_neigh_model_slot(nm, i);
		struct nw_corr_set set;

		if (!e || !e->failed_count)
			continue;
		nw_corr_qdisc_drops(
		    c->m, e->last_failed_ts > 60 * NS_PER_S ? e->last_failed_ts - 60 * NS_PER_S : 0,
		    e->last_failed_ts + NS_PER_S, is_reply_spa, &e->key.ip, &set);
		if (!set.total || set.ev[0]->netns_ino != r->key.netns_ino)
			continue;
		s = nw_x_step(
		    c, NW_CL_NEIGH,
		    "Those were answers from %s: its neighbour entry dev %s%s went FAILED.",
		    nw_addr_fmt(&e->key.ip, ip, sizeof(ip)), e->ifname,
		    nw_x_ns(e->key.netns_ino, ns, sizeof(ns)));
		nw_x_cite(s, e->last_failed_id);
		break;
	}
	qdisc_cause(c, r->key.netns_ino, r->key.ifindex, r->ifname,
		    c->qdrop && c->qdrop->type == NW_EV_QDISC ? c->qdrop : NULL, true, nctl);
	return NW_RULE_CAUSE;
}

/* --- stage table: neighbour table overflow -------------------------------------------------- */

/* Who a full table hurts: the send counters that rose (silent drops) and the sockets whose sends
 * failed. */
static void table_victims(struct nw_xctx *c, bool v6)
{
	static const char *const v4_counters[] = {"Udp.SndbufErrors", "Ip.OutDiscards"};
	static const char *const v6_counters[] = {"Udp6SndbufErrors", "Ip6OutDiscards"};
	const char *const *names = v6 ? v6_counters : v4_counters;
	const int errs[] = {ENOBUFS, EINVAL};
	const struct nw_sock_model *sm = nw_models_sock(c->m);
	char ns[96], list[320], e1[32];

	for (size_t i = 0; i < nw_models_counter_capacity(c->m); i++) {
		const struct nw_counter_rec *r = nw_models_counter_slot(c->m, i);

		if (!r || !r->delta_total || !r->key.netns_ino)
			continue;
		for (size_t j = 0; j < 2; j++)
			if (!strcmp(r->key.name, names[j]))
				nw_x_cite(nw_x_step(c, NW_CL_SOCKET,
						    "Silent drops: %s rose by %" PRIu64 "%s.",
						    r->key.name, r->delta_total,
						    nw_x_ns(r->key.netns_ino, ns, sizeof(ns))),
					  r->last_delta_id);
	}
	for (size_t k = 0; k < NW_ARRAY_SIZE(errs); k++) {
		/* One line per errno, for the first namespace whose sockets saw it. */
		for (size_t i = 0; i < nw_sock_model_capacity(sm); i++) {
			const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);
			uint64_t last = 0;

			if (!r || r->family != (v6 ? AF_INET6 : AF_INET) ||
			    !nw_sock_rec_errno(r, errs[k]))
				continue;
			sockets_with(c, r->key.netns_ino, errs[k], 0, UINT64_MAX, list,
				     sizeof(list), &last);
			nw_x_cite(nw_x_step(c, NW_CL_SOCKET, "Sends that failed with %s: %s.",
					    nw_errno_name(errs[k], e1, sizeof(e1)), list),
				  last);
			break;
		}
	}
}

static enum nw_rule_result r_table_overflow(struct nw_xctx *c)
{
	struct nw_corr_overflow o;
	bool v6 = c->table_family == AF_INET6;
	const char *tname = v6 ? "ndisc_cache" : "arp_cache";
	const char *sys = v6 ? "net.ipv6.neigh.default" : "net.ipv4.neigh.default";
	char obj[256], ns[96], owner[256] = "";
	struct nw_expl_step *s;
	uint32_t t1 = 0, t2 = 0, t3 = 0, entries = 0;

	if (!nw_corr_table_overflow(c->m, c->table_family, c->from, c->to, &o))
		return NW_RULE_NO;
	if (o.table) {
		t1 = o.table->last.gc_thresh1;
		t2 = o.table->last.gc_thresh2;
		t3 = o.table->last.gc_thresh3;
		entries = o.table->max_entries;
		s = nw_x_step(c, NW_CL_NEIGH,
			      "The %s table held up to %" PRIu32
			      " entries against gc_thresh1/2/3 = %" PRIu32 "/%" PRIu32 "/%" PRIu32
			      "; table_fulls rose by %" PRIu64 ", forced GC ran %" PRIu64
			      " times and freed too little.",
			      tname, entries, t1, t2, t3, o.table_fulls, o.forced_gc);
		nw_x_cite(s, o.table->last_full_id);
		nw_x_cite(s, o.table->last_id);
		if (t3 && entries < t3)
			nw_x_step(
			    c, NW_CL_NEIGH,
			    "No snapshot netwhy saw had the table at gc_thresh3: it filled and "
			    "emptied between snapshots, or gc_thresh3 was lower then (the kernel "
			    "counts a "
			    "table_full only at gc_thresh3).");
	} else {
		nw_x_need(c, NW_EVSRC_TABLE, 0, 0);
	}
	if (o.createfail_drops.total || o.create_fail) {
		s = nw_x_step(c, NW_CL_NEIGH,
			      "%" PRIu64
			      " packets were dropped because no neighbour entry could be "
			      "created (NEIGH_CREATEFAIL)%s.",
			      o.createfail_drops.total ? o.createfail_drops.total : o.create_fail,
			      o.create_fail ? ", and neigh_create failed" : "");
		nw_x_cite_set(s, &o.createfail_drops);
	}
	if (o.proc_fulls)
		nw_x_cite(nw_x_step(c, NW_CL_NEIGH,
				    "/proc/net/stat/arp_cache table_fulls rose by %" PRIu64 ".",
				    o.proc_fulls->delta_total),
			  o.proc_fulls->last_delta_id);
	table_victims(c, v6);
	if (o.top_entries) {
		char noarp[256] = "";

		if (o.top_noarp)
			snprintf(noarp, sizeof(noarp),
				 " (%" PRIu32 " of them NOARP: a device without ARP, such as a "
					      "tunnel, makes one per destination; "
				 "/proc/net/arp and arp -a do not show NOARP entries, ip -s neigh "
				 "show nud noarp does)",
				 o.top_noarp);
		snprintf(owner, sizeof(owner), "dev %s%s", o.top_ifname,
			 nw_x_ns(o.top_netns, ns, sizeof(ns)));
		nw_x_step(c, NW_CL_NEIGH,
			  "Most entries netwhy saw belong to %s: %" PRIu32 " of %" PRIu32
			  "%s. The table is shared by every "
			  "network namespace, so one namespace can fill it for all.%s",
			  owner, o.top_entries, o.all_entries, noarp, "");
	}
	if (t3)
		snprintf(obj, sizeof(obj), "neighbour table %s (gc_thresh3 %" PRIu32 ")", tname,
			 t3);
	else
		snprintf(obj, sizeof(obj), "neighbour table %s", tname);
	nw_x_cause(c, NW_CL_NEIGH, obj,
		   "The %s neighbour table is full: a send to a destination without an entry "
		   "cannot create one, so the "
		   "packet is dropped (NEIGH_CREATEFAIL). %s%s",
		   v6 ? "IPv6" : "IPv4",
		   v6 ? "IPv6 senders get EINVAL. "
		      : "IPv4 UDP senders see nothing unless they set IP_RECVERR (then ENOBUFS; "
			"kernels before 4.x "
			"returned EINVAL); Udp.SndbufErrors and Ip.OutDiscards rise. ",
		   owner[0] ? "" : "");
	nw_x_fix(c,
		 "Raise the thresholds above the number of destinations: sysctl -w "
		 "%s.gc_thresh1=%" PRIu32 " %s.gc_thresh2=%" PRIu32 " %s.gc_thresh3=%" PRIu32
		 " (initial namespace only; persist in "
		 "/etc/sysctl.d/). %s%s%s",
		 sys, t1 ? t1 * 4 : 1024, sys, t2 ? t2 * 4 : 4096, sys, t3 ? t3 * 4 : 8192,
		 owner[0] ? "And find why " : "", owner,
		 owner[0] ? " needs so many entries (routes to a NOARP device "
			    "create one per destination)."
			  : "");
	nw_x_check(
	    c, "ip -s ntable show name %s: table_fulls no longer rises; entries below gc_thresh3",
	    tname);
	return NW_RULE_CAUSE;
}

/* --- stage l2: frames addressed to a MAC that is not the interface's ------------------------- */

struct gratuitous_match {
	uint64_t netns;
	uint32_t ifindex;
};

/* A gratuitous ARP (sender address = target address) or an unsolicited neighbour advertisement
 * leaving. */
static bool is_announcement(const struct nw_event *ev, const void *arg)
{
	const struct gratuitous_match *g = arg;
	const struct nw_packet_ev *p = &ev->u.packet;

	if (ev->netns_ino != g->netns || ev->ifindex != g->ifindex || p->dir == NW_DIR_IN)
		return false;
	if (p->ethertype == ETH_ARP)
		return nw_addr_eq(&p->src, &p->dst);
	return p->l4proto == 58 && (p->arp_op >> 8) == 136 && p->dst.family == AF_INET6 &&
	       p->dst.bytes[0] == 0xff;
}

static enum nw_rule_result r_l2_stale_peer(struct nw_xctx *c)
{
	const struct nw_link_model *lm = nw_models_link(c->m);
	const struct nw_link_mac_era *era = NULL;
	const struct nw_link_rec *had, *now;
	const struct nw_neigh_model *nm = nw_models_neigh(c->m);
	const struct nw_neigh_entry *peer = NULL;
	char mac[NW_MAC_STRLEN], cur[NW_MAC_STRLEN] = "?", ip[NW_ADDR_STRLEN] = "?", ns[96],
				 pns[96], obj[256], ex[128], nsopt[96], rel[32];
	struct nw_expl_step *s;
	bool ours;

	if (!nw_mac_is_unicast(&c->l2_mac))
		return NW_RULE_NO;
	had = nw_link_model_had_mac(lm, c->l2_netns, &c->l2_mac, &era);
	now = nw_link_model_find(lm, c->l2_netns, c->l2_ifindex);
	if (had && had->key.ifindex != c->l2_ifindex)
		had = NULL;
	if (now && now->mac.len)
		nw_mac_fmt(&now->mac, cur, sizeof(cur));
	nw_mac_fmt(&c->l2_mac, mac, sizeof(mac));
	if (c->l2_ip.family)
		nw_addr_fmt(&c->l2_ip, ip, sizeof(ip));
	/* The peer's view: a neighbour entry (any namespace in scope) that maps this address to
	 * that MAC. */
	for (size_t i = 0; c->l2_ip.family && i < nw_neigh_model_capacity(nm); i++) {
		const struct nw_neigh_entry *e = nw_neigh_model_slot(nm, i);

		if (e && e->key.netns_ino != c->l2_netns && nw_addr_eq(&e->key.ip, &c->l2_ip) &&
		    nw_mac_eq(&e->lladdr, &c->l2_mac))
			peer = e;
	}
	ours = c->l2_ip.family && nw_link_model_local_addr(lm, c->l2_netns, &c->l2_ip);
	if (!had && !(peer && ours)) {
		if (!nw_x_need(c, NW_EVSRC_LINK, c->l2_netns, 0))
			return NW_RULE_NO;
		nw_x_step(
		    c, NW_CL_L2,
		    "The frames were addressed to %s, a MAC this interface did not have while "
		    "netwhy watched%s.",
		    mac,
		    ours ? ""
			 : ", for an address not seen as this namespace's own: traffic for another "
			   "host (flooding or a promiscuous capture), not a fault here");
		if (ours)
			nw_x_missing(c,
				     "the peer's neighbour table: watch the peer's namespace "
				     "(--netns) to see which MAC "
				     "it holds for %s; a MAC change before netwhy started is not "
				     "in its history",
				     ip);
		return NW_RULE_NO;
	}
	s = nw_x_step(
	    c, NW_CL_L2,
	    "Frames for %s arrive addressed to %s but dev %s now has %s, so the kernel drops "
	    "them as OTHERHOST before IP (captures still show them).",
	    ip, mac, now && now->ifname[0] ? now->ifname : "?", cur);
	nw_x_cite(s, c->f->first_event_id);
	nw_x_cite(s, c->f->last_event_id);
	if (had && era) {
		s = nw_x_step(
		    c, NW_CL_LINK, "dev %s had %s until %s; its MAC changed to %s.", had->ifname,
		    mac, era->until_ts ? nw_x_rel(c, era->until_ts, rel, sizeof(rel)) : "recently",
		    cur);
		nw_x_cite(s, had->last_mac_change_id);
	}
	if (had && era && era->until_ts) {
		struct gratuitous_match g = {c->l2_netns, c->l2_ifindex};
		struct nw_corr_set set;

		nw_corr_packets(c->m, era->until_ts, UINT64_MAX, is_announcement, &g, &set);
		if (set.total)
			nw_x_cite_set(
			    nw_x_step(c, NW_CL_L2,
				      "dev %s announced its new MAC %" PRIu64 " time%s (gratuitous "
				      "ARP / unsolicited NA), and the peer still kept the old one.",
				      had->ifname, set.total, set.total == 1 ? "" : "s"),
			    &set);
		else if (nw_models_have(c->m, NW_EVSRC_CAPTURE, c->l2_netns, c->l2_ifindex, NULL,
					0))
			nw_x_step(c, NW_CL_L2,
				  "No gratuitous ARP or unsolicited NA left dev %s after the "
				  "change (capture).",
				  had->ifname);
		else
			nw_x_need(c, NW_EVSRC_CAPTURE, c->l2_netns, c->l2_ifindex);
	}
	{
		char list[320];
		uint64_t last = 0, n = sockets_with(c, c->l2_netns, EAGAIN, c->from, c->to, list,
						    sizeof(list), &last);

		if (n)
			nw_x_cite(nw_x_step(c, NW_CL_SOCKET,
					    "Meanwhile sockets here wait in vain: EAGAIN %" PRIu64
					    " time%s (%s).",
					    n, n == 1 ? "" : "s", list),
				  last);
	}
	if (peer) {
		s = nw_x_step(c, NW_CL_NEIGH,
			      "The peer's neighbour entry %s dev %s%s still holds %s (state %s).",
			      ip, peer->ifname, nw_x_ns(peer->key.netns_ino, pns, sizeof(pns)), mac,
			      nw_names_get_flags(nw_names_table(NW_NAMES_NUD), peer->state, rel,
						 sizeof(rel)));
		nw_x_cite(s, peer->last_id);
	}
	nw_x_ns(c->l2_netns, ns, sizeof(ns));
	nw_x_nsexec(c->l2_netns, ex, sizeof(ex));
	if (peer)
		snprintf(obj, sizeof(obj), "neighbour %s lladdr %s dev %s%s", ip, mac, peer->ifname,
			 nw_x_ns(peer->key.netns_ino, pns, sizeof(pns)));
	else
		snprintf(obj, sizeof(obj), "the peer's neighbour entry for %s (lladdr %s)", ip,
			 mac);
	if (had)
		nw_x_cause(c, NW_CL_NEIGH, obj,
			   "The peer's neighbour cache still maps %s to the old MAC %s: dev %s%s "
			   "changed its MAC and no "
			   "announcement the peer believed followed, so the peer keeps addressing "
			   "frames to a MAC nobody "
			   "has.%s",
			   ip, mac, now && now->ifname[0] ? now->ifname : "?", ns,
			   peer && (peer->state & NW_NUD_PERMANENT)
			       ? " The peer's entry is PERMANENT: no announcement "
				 "will change it."
			       : "");
	else /* the peer's entry proves the mapping; the MAC change itself happened before netwhy
		watched */
		nw_x_cause(c, NW_CL_NEIGH, obj,
			   "The peer's neighbour cache maps %s to %s, a MAC dev %s%s does not have "
			   "(it has %s), so the peer "
			   "addresses frames to a MAC nobody here has. A MAC change without an "
			   "announcement the peer "
			   "believed is the usual way this happens (netwhy did not see this "
			   "interface change).%s",
			   ip, mac, now && now->ifname[0] ? now->ifname : "?", ns, cur,
			   peer && (peer->state & NW_NUD_PERMANENT)
			       ? " The peer's entry is PERMANENT: no announcement "
				 "will change it."
			       : "");
	{
		const char *dev = now && now->ifname[0] ? now->ifname : "DEV";

		if (c->l2_ip.family == AF_INET6)
			nw_x_fix(c,
				 "Announce the new MAC: %ssysctl -w "
				 "net.ipv6.conf.%s.ndisc_notify=1 (the kernel sends an "
				 "unsolicited neighbour advertisement on every change; set it, "
				 "then bounce or re-address the "
				 "interface), keep a fixed MAC on that interface, or on the peer: "
				 "ip %s-6 neigh replace %s "
				 "lladdr %s dev %s (or ip -6 neigh del, to re-resolve).",
				 ex, dev,
				 peer ? nw_x_nsopt(peer->key.netns_ino, nsopt, sizeof(nsopt)) : "",
				 ip, cur, peer ? peer->ifname : "DEV");
		else
			nw_x_fix(c,
				 "Announce the new MAC: %sarping -U -c 3 -I %s %s (or %ssysctl -w "
				 "net.ipv4.conf.%s.arp_notify=1 so the kernel does it on every "
				 "change), keep a fixed MAC on "
				 "that interface, or on the peer: ip %sneigh replace %s lladdr %s "
				 "dev %s (or ip neigh del, to "
				 "re-resolve).",
				 ex, dev, ip, ex, dev,
				 peer ? nw_x_nsopt(peer->key.netns_ino, nsopt, sizeof(nsopt)) : "",
				 ip, cur, peer ? peer->ifname : "DEV");
	}
	nw_x_check(
	    c, "the peer's ip neigh show %s shows %s; no more OTHERHOST drops or mismatched frames",
	    ip, cur);
	return NW_RULE_CAUSE;
}

/* --- stage netlink: a listener that lost messages ----------------------------------------------
 */

static enum nw_rule_result r_netlink_overrun(struct nw_xctx *c)
{
	const struct nw_sockinfo_rec *si =
	    nw_sock_model_netlink(nw_models_sock(c->m), c->fev->netns_ino, 0, c->f->pid);
	char obj[256], ns[96];
	struct nw_expl_step *s;
	bool tiny;

	nw_x_ns(c->fev->netns_ino, ns, sizeof(ns));
	if (!si) {
		nw_x_need(c, NW_EVSRC_SOCKDIAG, 0, 0);
		if (c->f->err != ENOBUFS)
			return NW_RULE_NO;
		snprintf(obj, sizeof(obj), "netlink socket of pid %" PRIu32 " (%.64s)%s", c->f->pid,
			 c->f->object, ns);
		nw_x_cause(c, NW_CL_NETLINK, obj,
			   "recv() on a netlink socket returned ENOBUFS: the kernel had more "
			   "notifications for it than its "
			   "receive buffer held and dropped them (netlink_broadcast). Its buffer "
			   "size is not known.");
		nw_x_fix(c,
			 "Size the socket's SO_RCVBUF for the burst (or do not set it: the default "
			 "is rmem_default), "
			 "and on ENOBUFS re-read the full state (dump) because events were lost.");
		nw_x_check(c, "the Drops column of /proc/net/netlink for that socket stays at 0");
		return NW_RULE_CAUSE;
	}
	tiny = si->last.rcvbuf <= 4608;
	{
		const struct nw_sock_model *sm = nw_models_sock(c->m);
		uint64_t nerr = 0, last = 0;

		for (size_t i = 0; i < nw_sock_model_capacity(sm); i++) {
			const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);
			const struct nw_sock_errno_count *ec;

			if (!r || r->family != AF_NETLINK ||
			    (r->key.pid != si->last.pid && r->nl_portid != si->last.nl_portid))
				continue;
			ec = nw_sock_rec_errno(r, ENOBUFS);
			if (ec) {
				nerr += ec->count;
				last = ec->last_id;
			}
		}
		if (nerr)
			nw_x_cite(nw_x_step(c, NW_CL_NETLINK,
					    "Its recv() failed with ENOBUFS %" PRIu64 " time%s.",
					    nerr, nerr == 1 ? "" : "s"),
				  last);
	}
	s = nw_x_step(
	    c, NW_CL_NETLINK,
	    "Netlink socket portid %" PRIu32 " (protocol %u, groups 0x%" PRIx32 ") of pid "
	    "%" PRIu32 " %.16s: rcvbuf %" PRIu32 " bytes, in use %" PRIu32 ", drops %" PRIu32
	    " (+%" PRIu64 " while watched).",
	    si->last.nl_portid, si->last.sk_protocol, si->last.nl_groups, si->last.pid,
	    si->last.comm, si->last.rcvbuf, si->last.rmem, si->last.drops, si->drops_delta);
	nw_x_cite(s, si->last_drop_id);
	nw_x_cite(s, si->last_id);
	nw_x_cite(s, c->f->last_event_id);
	snprintf(obj, sizeof(obj), "netlink socket portid %" PRIu32 " of pid %" PRIu32 " (%.16s)%s",
		 si->last.nl_portid, si->last.pid, si->last.comm, ns);
	nw_x_cause(c, NW_CL_NETLINK, obj,
		   "The listener's receive buffer is %" PRIu32
		   " bytes%s; a burst of notifications did not fit, the "
		   "kernel dropped %" PRIu64 " (sk_drops) and the next recv() returns ENOBUFS.",
		   si->last.rcvbuf,
		   tiny ? ": the program set a tiny SO_RCVBUF (the kernel doubles the value asked "
			  "for and raises it to at "
			  "least 2304 bytes, SOCK_MIN_RCVBUF), far below the ~200 KB default "
			  "(net.core.rmem_default)"
			: "",
		   si->drops_delta ? si->drops_delta : si->last.drops);
	nw_x_fix(c,
		 "%s and handle ENOBUFS by re-reading the full state (a dump), since notifications "
		 "were lost.",
		 tiny ? "Remove the setsockopt(SO_RCVBUF) call (or size it for the burst, e.g. 1 "
			"MB with SO_RCVBUFFORCE)"
		      : "Raise the socket's SO_RCVBUF for the burst (net.core.rmem_max caps it "
			"unless SO_RCVBUFFORCE)");
	nw_x_check(c, "the Drops column of /proc/net/netlink (ss -f netlink -m: d) stays flat "
		      "during the burst");
	return NW_RULE_CAUSE;
}

/* --- stage counter: a drop counter that rose
 * ------------------------------------------------------ */

static bool counter_is(const struct nw_xctx *c, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(c->f->object, names[i], sizeof(c->f->object)))
			return true;
	return false;
}

static const char *const snd_counters[] = {"Udp.SndbufErrors", "Ip.OutDiscards", "Udp6SndbufErrors",
					   "Ip6OutDiscards"};

static enum nw_rule_result r_counter_step(struct nw_xctx *c)
{
	const struct nw_counter_rec *r = nw_models_counter(c->m, c->fev->netns_ino, c->f->object);
	char ns[96];
	struct nw_expl_step *s;

	s = nw_x_step(c, NW_CL_SOCKET,
		      "Counter %.64s%s rose by %" PRIu64 " while no socket call reported an error: "
		      "the kernel dropped these silently.",
		      c->f->object, nw_x_ns(c->fev->netns_ino, ns, sizeof(ns)),
		      r ? r->delta_total : c->f->count);
	if (r)
		nw_x_cite(s, r->last_delta_id);
	return NW_RULE_STEP;
}

static enum nw_rule_result r_counter_table(struct nw_xctx *c)
{
	struct nw_corr_overflow o;
	uint8_t fam = strstr(c->f->object, "6") ? AF_INET6 : AF_INET;

	if (!counter_is(c, snd_counters, NW_ARRAY_SIZE(snd_counters)))
		return NW_RULE_NO;
	if (!nw_corr_table_overflow(c->m, fam, c->from, c->to, &o))
		return NW_RULE_NO;
	nw_x_step(c, NW_CL_NEIGH,
		  "Meanwhile the neighbour table overflowed: sends that needed a new entry were "
		  "dropped, and UDP counts them here (no errno without IP_RECVERR).");
	c->table_family = fam;
	c->stage = NW_STAGE_TABLE;
	return NW_RULE_STEP;
}

static bool qdrop_in(const struct nw_event *ev, const void *arg)
{
	return ev->netns_ino == *(const uint64_t *)arg;
}

static enum nw_rule_result r_counter_qdisc(struct nw_xctx *c)
{
	uint64_t netns = c->fev->netns_ino;
	struct nw_corr_set set;
	const struct nw_event *q;

	if (!counter_is(c, snd_counters, NW_ARRAY_SIZE(snd_counters)))
		return NW_RULE_NO;
	nw_corr_qdisc_drops(c->m, c->from, c->to, qdrop_in, &netns, &set);
	if (!set.total)
		return NW_RULE_NO;
	q = set.ev[set.n - 1];
	nw_x_cite_set(nw_x_step(c, NW_CL_QDISC,
				"%" PRIu64
				" packets were dropped by the qdisc of dev %s meanwhile.",
				set.total, q->ifname),
		      &set);
	qdisc_cause(c, q->netns_ino, q->ifindex, q->ifname, q, false, set.total);
	return NW_RULE_CAUSE;
}

static bool rcvbuf_drop_in(const struct nw_event *ev, const void *arg)
{
	return ev->netns_ino == *(const uint64_t *)arg &&
	       nw_drop_reason_is(ev->u.drop.reason, "SOCKET_RCVBUFF");
}

static enum nw_rule_result r_counter_rcvbuf(struct nw_xctx *c)
{
	static const char *const rcv[] = {"Udp.RcvbufErrors", "Udp6RcvbufErrors"};
	uint64_t netns = c->fev->netns_ino;
	struct nw_corr_set set;
	char obj[256], ns[96], a[NW_ADDR_STRLEN], ex[128];
	const struct nw_event *d;

	if (!counter_is(c, rcv, NW_ARRAY_SIZE(rcv)))
		return NW_RULE_NO;
	nw_x_ns(netns, ns, sizeof(ns));
	nw_corr_drops(c->m, c->from, c->to, rcvbuf_drop_in, &netns, &set);
	if (!set.total) {
		snprintf(obj, sizeof(obj), "a UDP socket%s", ns);
		nw_x_need(c, NW_EVSRC_DROPS, 0, 0);
	} else {
		d = set.ev[set.n - 1];
		nw_x_cite_set(
		    nw_x_step(c, NW_CL_SOCKET,
			      "%" PRIu64 " datagrams to %s port %u were dropped with reason "
			      "SOCKET_RCVBUFF.",
			      set.total, fmt_addr(&d->u.drop.dst, a, sizeof(a)), d->u.drop.dport),
		    &set);
		snprintf(obj, sizeof(obj), "udp socket %s:%u%s", a, d->u.drop.dport, ns);
	}
	nw_x_cause(c, NW_CL_SOCKET, obj,
		   "The receiving socket's buffer was full: the application reads slower than "
		   "datagrams arrive, or its "
		   "SO_RCVBUF is small.");
	nw_x_fix(c,
		 "Read faster or raise the socket's SO_RCVBUF (net.core.rmem_max caps it); find "
		 "the socket with "
		 "%sss -uamp and look at its 'd' (drops) in skmem.",
		 nw_x_nsexec(netns, ex, sizeof(ex)));
	nw_x_check(c, "Udp.RcvbufErrors in %snstat -az stops rising",
		   nw_x_nsexec(netns, ex, sizeof(ex)));
	return NW_RULE_CAUSE;
}

/* --- stage drop: drops with a reason
 * --------------------------------------------------------------- */

struct drop_match {
	uint64_t netns;
	uint32_t ifindex, reason;
};

static bool same_drop(const struct nw_event *ev, const void *arg)
{
	const struct drop_match *dm = arg;

	return ev->netns_ino == dm->netns && ev->ifindex == dm->ifindex &&
	       ev->u.drop.reason == dm->reason;
}

static void drops_of_finding(struct nw_xctx *c, struct nw_corr_set *set)
{
	struct drop_match dm = {c->fev->netns_ino, c->fev->ifindex, c->f->reason};

	nw_corr_drops(c->m, c->f->first_ts, c->f->last_ts, same_drop, &dm, set);
}

static enum nw_rule_result r_drop_step(struct nw_xctx *c)
{
	struct nw_corr_set set;
	char what[160] = "", rs[64], ns[96];
	struct nw_expl_step *s;

	drops_of_finding(c, &set);
	if (set.n)
		drop_what(set.ev[set.n - 1], what, sizeof(what));
	s = nw_x_step(
	    c, reason_layer(c->f->reason) == NW_CL_COUNT ? NW_CL_LINK : reason_layer(c->f->reason),
	    "%" PRIu64 " packets dropped on dev %s%s with reason %s at %s%s%s.", c->f->count,
	    c->fev->ifname[0] ? c->fev->ifname : "?", nw_x_ns(c->fev->netns_ino, ns, sizeof(ns)),
	    nw_x_reason(c->f->reason, rs, sizeof(rs)),
	    set.n && set.ev[0]->u.drop.location_sym[0] ? set.ev[0]->u.drop.location_sym : "?",
	    what[0] ? ", e.g. " : "", what);
	nw_x_cite_set(s, &set);
	return NW_RULE_STEP;
}

static enum nw_rule_result r_drop_createfail(struct nw_xctx *c)
{
	struct nw_corr_set set;

	if (!nw_drop_reason_is(c->f->reason, "NEIGH_CREATEFAIL"))
		return NW_RULE_NO;
	drops_of_finding(c, &set);
	c->table_family = set.n && set.ev[0]->u.drop.protocol == 0x86dd ? AF_INET6 : AF_INET;
	c->stage = NW_STAGE_TABLE;
	return NW_RULE_STEP;
}

static enum nw_rule_result r_drop_neigh(struct nw_xctx *c)
{
	struct nw_corr_set set;
	const struct nw_neigh_entry *e[2];
	const struct nw_event *d;

	if (!nw_drop_reason_is(c->f->reason, "NEIGH_FAILED") &&
	    !nw_drop_reason_is(c->f->reason, "NEIGH_QUEUEFULL") &&
	    !nw_drop_reason_is(c->f->reason, "NEIGH_DEAD"))
		return NW_RULE_NO;
	drops_of_finding(c, &set);
	if (!set.n)
		return NW_RULE_NO;
	d = set.ev[set.n - 1];
	if (!nw_corr_failed_neighs(c->m, d->netns_ino, &d->u.drop.dst, c->from, c->to, e, 2))
		return NW_RULE_NO;
	{
		char ip[NW_ADDR_STRLEN];

		nw_x_cite(
		    nw_x_step(
			c, NW_CL_NEIGH,
			"These packets waited for neighbour entry %s dev %s, which went FAILED.",
			nw_addr_fmt(&e[0]->key.ip, ip, sizeof(ip)), e[0]->ifname),
		    e[0]->last_failed_id);
	}
	c->neigh = e[0];
	c->stage = NW_STAGE_NEIGH;
	return NW_RULE_STEP;
}

static enum nw_rule_result r_drop_otherhost(struct nw_xctx *c)
{
	struct nw_corr_set set;
	const struct nw_event *d;

	if (!nw_drop_reason_is(c->f->reason, "OTHERHOST"))
		return NW_RULE_NO;
	drops_of_finding(c, &set);
	if (!set.n)
		return NW_RULE_NO;
	d = set.ev[set.n - 1];
	c->l2_netns = d->netns_ino;
	c->l2_ifindex = d->ifindex;
	c->l2_mac = d->u.drop.dst_mac;
	c->l2_ip = d->u.drop.protocol == ETH_ARP ? d->u.drop.arp_tpa : d->u.drop.dst;
	c->stage = NW_STAGE_L2;
	return NW_RULE_STEP;
}

static enum nw_rule_result r_drop_qdisc(struct nw_xctx *c)
{
	struct nw_corr_set set;
	const struct nw_event *d, *q;
	bool control = false;

	/* tc filter drops (TC_INGRESS/TC_EGRESS) are no queue's: drop.reason names the filter. */
	if (reason_layer(c->f->reason) != NW_CL_QDISC || nw_drop_reason_is(c->f->reason, "TC_*"))
		return NW_RULE_NO;
	drops_of_finding(c, &set);
	if (!set.n)
		return NW_RULE_NO;
	for (size_t i = 0; i < set.n; i++)
		if (nw_pktclass_is_control(nw_pktclass_of(set.ev[i]->u.drop.protocol,
							  set.ev[i]->u.drop.arp_op,
							  set.ev[i]->u.drop.l4proto, 0)))
			control = true;
	d = set.ev[set.n - 1];
	q = nw_corr_qdisc_of_drop(c->m, d);
	if (control && q) {
		c->qdisc = nw_qdisc_model_find(nw_models_qdisc(c->m), q->netns_ino, q->ifindex,
					       q->u.qdisc.handle, false);
		c->qdrop = q;
		if (c->qdisc) {
			c->stage = NW_STAGE_QDISC;
			return NW_RULE_STEP;
		}
	}
	qdisc_cause(c, d->netns_ino, d->ifindex, d->ifname, q, control, c->f->count);
	return NW_RULE_CAUSE;
}

static enum nw_rule_result r_drop_reason(struct nw_xctx *c)
{
	struct nw_corr_set set;

	drops_of_finding(c, &set);
	if (!set.n)
		return NW_RULE_NO;
	return drop_cause(c, set.ev[set.n - 1], "packets", c->f->count, false) ? NW_RULE_CAUSE
									       : NW_RULE_NO;
}

/* --- the table
 * --------------------------------------------------------------------------------------- */

const struct nw_rule nw_rules[] = {
    /* errno: what the socket saw, then where it came from */
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
    {"sock.otherhost", NW_CL_L2, NW_STAGE_SOCK, 0, r_sock_otherhost,
     "timeouts while the peer's frames are dropped as OTHERHOST: follow the MAC", ""},
    {"sock.peer_drops", NW_CL_LINK, NW_STAGE_SOCK, NEED(NW_EVSRC_DROPS), r_sock_peer_drops,
     "timeouts/refusals while packets to or from the peer were dropped at a named place (qdisc, "
     "netfilter, route ...)",
     "fix the layer that dropped them"},
    {"sock.route", NW_CL_ROUTE, NW_STAGE_SOCK, 0, r_sock_route,
     "ENETUNREACH comes from routing: say how to look", "ip route get"},
    /* neighbour entry FAILED: requests never left, replies never came, replies came and were
       dropped */
    {"neigh.timeline", NW_CL_NEIGH, NW_STAGE_NEIGH, 0, r_neigh_timeline,
     "the entry's states over time with probe counts", ""},
    {"neigh.victims", NW_CL_SOCKET, NW_STAGE_NEIGH, 0, r_neigh_victims,
     "the sockets that got EHOSTUNREACH when the entry failed", ""},
    {"neigh.requests_dropped", NW_CL_NEIGH, NW_STAGE_NEIGH, NEED(NW_EVSRC_DROPS),
     r_neigh_requests_dropped,
     "the entry's ARP/NDP requests were dropped before leaving (where and why)",
     "fix the layer that dropped them"},
    {"neigh.replies_dropped", NW_CL_NEIGH, NW_STAGE_NEIGH, NEED(NW_EVSRC_DROPS),
     r_neigh_replies_dropped,
     "the peer's replies were dropped (qdisc, netfilter, OTHERHOST ...) in any namespace in scope",
     "fix the layer that dropped them"},
    {"neigh.qdisc_stats", NW_CL_QDISC, NW_STAGE_NEIGH, 0, r_neigh_qdisc_stats,
     "without the drop probe: qdiscs whose drop counters rose while the entry waited (a lead, not "
     "a cause)",
     ""},
    {"neigh.no_reply", NW_CL_LINK, NW_STAGE_NEIGH, 0, r_neigh_no_reply,
     "requests left, no reply on the wire and none dropped: the peer or the link",
     "check the peer and the path"},
    /* qdisc */
    {"qdisc.control_drop", NW_CL_QDISC, NW_STAGE_QDISC, 0, r_qdisc_control,
     "a qdisc dropped ARP/NDP (HTB direct queue with direct_qlen 0, or no class for control "
     "traffic)",
     "direct_qlen / default class / a filter for ARP"},
    /* neighbour table */
    {"neigh.table_overflow", NW_CL_NEIGH, NW_STAGE_TABLE, 0, r_table_overflow,
     "the neighbour table is full (entries vs gc_thresh3, table_fulls, NEIGH_CREATEFAIL), who owns "
     "the entries",
     "raise gc_thresh1/2/3; find the namespace/device that floods it"},
    /* l2 */
    {"l2.stale_peer_cache", NW_CL_NEIGH, NW_STAGE_L2, 0, r_l2_stale_peer,
     "frames for this host carry a MAC it had before (or that the peer's entry holds): the peer's "
     "cache is stale",
     "arping -U / arp_notify / fixed MAC / replace the peer's entry"},
    /* netlink */
    {"netlink.rcvbuf_overrun", NW_CL_NETLINK, NW_STAGE_NETLINK, 0, r_netlink_overrun,
     "a netlink listener's receive buffer overran (ENOBUFS, sk_drops), SO_RCVBUF doubled and "
     "clamped",
     "remove or size SO_RCVBUF; resync on ENOBUFS"},
    /* counters */
    {"counter.silent", NW_CL_SOCKET, NW_STAGE_COUNTER, 0, r_counter_step,
     "a drop counter rose without an errno", ""},
    {"counter.neigh_table", NW_CL_NEIGH, NW_STAGE_COUNTER, 0, r_counter_table,
     "send-side counters rose while the neighbour table overflowed: follow the table", ""},
    {"counter.qdisc", NW_CL_QDISC, NW_STAGE_COUNTER, 0, r_counter_qdisc,
     "send-side counters rose with qdisc drops in the namespace", "raise the qdisc's limit"},
    {"counter.udp_rcvbuf", NW_CL_SOCKET, NW_STAGE_COUNTER, 0, r_counter_rcvbuf,
     "UDP receive-buffer errors: a socket's buffer was full", "read faster or raise SO_RCVBUF"},
    /* drops by reason */
    {"drop.where", NW_CL_LINK, NW_STAGE_DROP, 0, r_drop_step, "where and why the kernel dropped",
     ""},
    {"drop.neigh_createfail", NW_CL_NEIGH, NW_STAGE_DROP, 0, r_drop_createfail,
     "NEIGH_CREATEFAIL: follow the table", ""},
    {"drop.neigh_failed", NW_CL_NEIGH, NW_STAGE_DROP, 0, r_drop_neigh,
     "packets dropped because their neighbour entry failed: follow the entry", ""},
    {"drop.otherhost", NW_CL_L2, NW_STAGE_DROP, 0, r_drop_otherhost,
     "OTHERHOST: follow the destination MAC", ""},
    {"drop.qdisc", NW_CL_QDISC, NW_STAGE_DROP, 0, r_drop_qdisc,
     "a qdisc dropped packets: control traffic (follow the qdisc) or data over its limit",
     "qdisc limits/classes"},
    {"drop.reason", NW_CL_LINK, NW_STAGE_DROP, 0, r_drop_reason,
     "a reason that names its layer (netfilter, route, socket, l2, link)",
     "fix what the reason names"},
};

const size_t nw_nrules = NW_ARRAY_SIZE(nw_rules);
