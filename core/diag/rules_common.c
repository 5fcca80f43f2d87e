// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pieces shared by the explain rules of several stages: layer of a drop reason, names of interfaces, qdiscs and packets, and the causes that several stages name (a qdisc, a netfilter rule, a reason that names its layer).
 * (core/diag/explain_rules.c lists the rule sets in the order stages run;
 * explain_int.h has the rule contract and the helpers.)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/diag/explain_int.h"
#include "core/names.h"
#include "core/util.h"

/* --- shared pieces ------------------------------------------------------------------- */

enum nw_cause_layer nw_r_reason_layer(uint32_t reason)
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

const char *nw_r_ifname_of(const struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
			     const char *fallback)
{
	const struct nw_link_rec *l = nw_link_model_find(nw_models_link(c->m), netns, ifindex);

	if (fallback && fallback[0])
		return fallback;
	return l && l->ifname[0] ? l->ifname : "?";
}

const char *nw_r_fmt_addr(const struct nw_addr *a, char *buf, size_t size)
{
	if (!a->family) {
		snprintf(buf, size, "?");
		return buf;
	}
	return nw_addr_fmt(a, buf, size);
}

/* What a dropped packet was: "ARP reply 192.0.2.1 > 192.0.2.2". */
void nw_r_drop_what(const struct nw_event *d, char *buf, size_t size)
{
	const struct nw_drop_ev *x = &d->u.drop;
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN];
	enum nw_pktclass pc = nw_pktclass_of(x->protocol, x->arp_op, x->l4proto, 0);

	if (x->protocol == ETH_ARP)
		snprintf(buf, size, "%s %s > %s", nw_pktclass_name(pc),
			 nw_r_fmt_addr(&x->arp_spa, a, sizeof(a)), nw_r_fmt_addr(&x->arp_tpa, b, sizeof(b)));
	else
		snprintf(buf, size, "%s %s > %s", nw_pktclass_name(pc),
			 nw_r_fmt_addr(&x->src, a, sizeof(a)), nw_r_fmt_addr(&x->dst, b, sizeof(b)));
}

/*
 * The qdisc named as tc(8) would: the drop's own qdisc event first (it names
 * the kind and handle), then the model's root qdisc of that device.
 */
const struct nw_qdisc_rec *nw_r_qdisc_for(struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
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
bool nw_r_classful(const char *kind)
{
	static const char *const kinds[] = {"htb", "hfsc", "cbq",    "drr",    "qfq",
					    "ets", "prio", "mqprio", "multiq", "taprio"};

	for (size_t i = 0; i < NW_ARRAY_SIZE(kinds); i++)
		if (!strcmp(kind, kinds[i]))
			return true;
	return false;
}

#define NW_IFF_UP 0x1
#define NW_IFF_LOWER_UP 0x10000 /* the carrier */

/*
 * The veth whose going down took this one's carrier: veth_close() turns the
 * peer's carrier off in the same instant, so it is the veth that went
 * administratively down within a second of the carrier loss.  NULL when
 * none, or more than one, fits (then the peer is not named).
 */
static const struct nw_link_rec *veth_peer_down(const struct nw_xctx *c,
						const struct nw_link_rec *l)
{
	const struct nw_link_model *lm = nw_models_link(c->m);
	const struct nw_link_rec *peer = NULL;

	for (size_t i = 0; i < nw_link_model_capacity(lm); i++) {
		const struct nw_link_rec *p = nw_link_model_slot(lm, i);
		uint64_t d;

		if (!p || p == l || p->deleted || strcmp(p->kind, "veth") || (p->flags & NW_IFF_UP))
			continue;
		d = p->updown_ts > l->updown_ts ? p->updown_ts - l->updown_ts
						: l->updown_ts - p->updown_ts;
		if (d > NS_PER_S)
			continue;
		if (peer)
			return NULL;
		peer = p;
	}
	return peer;
}

/*
 * A device that cannot send drops everything into the noop qdisc the kernel
 * gives it while it is down: the link is the cause, the qdisc drops its
 * consequence.  Names the link when it was down (or without carrier) at the
 * drop; false when it was up.
 */
static bool link_down_cause(struct nw_xctx *c, uint64_t netns, uint32_t ifindex, const char *ifname,
			    const char *kind, uint64_t ndropped, const char *what)
{
	const struct nw_link_rec *l = nw_link_model_find(nw_models_link(c->m), netns, ifindex);
	const struct nw_link_rec *peer = NULL;
	char ns[96], nsopt[96], pns[96], pnsopt[96], obj[320], why[160];
	bool down;

	if (l && (l->flags & NW_IFF_UP) && (l->flags & NW_IFF_LOWER_UP))
		return false; /* up now: the noop qdisc was of a moment it was down */
	if (!l && strcmp(kind, "noop"))
		return false;
	nw_x_ns(netns, ns, sizeof(ns));
	nw_x_nsopt(netns, nsopt, sizeof(nsopt));
	down = l && !(l->flags & NW_IFF_UP);
	if (l && !down && !strcmp(l->kind, "veth"))
		peer = veth_peer_down(c, l);
	if (!l)
		snprintf(why, sizeof(why), "down or without carrier: its qdisc is noop");
	else if (down)
		snprintf(why, sizeof(why), "administratively down");
	else if (peer)
		snprintf(why, sizeof(why), "no carrier: its peer %s%s is down", peer->ifname,
			 nw_x_ns(peer->key.netns_ino, pns, sizeof(pns)));
	else
		snprintf(why, sizeof(why), "no carrier: %s",
			 !strcmp(l->kind, "veth") ? "its veth peer is down"
						  : "the cable or the far end is down");
	snprintf(obj, sizeof(obj), "dev %s%s (%s)", ifname, ns, why);
	nw_x_cause(c, NW_CL_LINK, obj,
		   "The device could not send (%s). While a link is down the kernel gives it "
		   "the noop qdisc, which drops every packet: %" PRIu64 " %s were dropped there. "
		   "The qdisc drops are the consequence; the link is the cause.",
		   why, ndropped, what);
	if (down)
		nw_x_fix(c, "Bring it up: ip %slink set %s up", nsopt, ifname);
	else if (peer)
		nw_x_fix(c, "Bring the peer up: ip %slink set %s up",
			 nw_x_nsopt(peer->key.netns_ino, pnsopt, sizeof(pnsopt)), peer->ifname);
	else if (l && !strcmp(l->kind, "veth"))
		nw_x_fix(c,
			 "Bring its peer up: ip %slink show %s names the peer's index after '@'; "
			 "ip link set PEER up in the peer's namespace",
			 nsopt, ifname);
	else
		nw_x_fix(c,
			 "Check the cable and the far end (ip %slink show %s: NO-CARRIER; "
			 "ethtool %s: Link detected)",
			 nsopt, ifname, ifname);
	nw_x_check(c, "ip %slink show %s: state UP, no NO-CARRIER; no more drops", nsopt, ifname);
	if (!l)
		nw_x_need(c, NW_EVSRC_LINK, netns, 0);
	return true;
}

/* Names the qdisc as the cause of dropped control (ARP/NDP) or data packets and gives the fix. */
void nw_r_qdisc_cause(struct nw_xctx *c, uint64_t netns, uint32_t ifindex, const char *ifname,
			const struct nw_event *qev, bool control, uint64_t ndropped)
{
	const struct nw_qdisc_rec *r = nw_r_qdisc_for(c, netns, ifindex, qev);
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
	ifname = nw_r_ifname_of(c, netns, ifindex, ifname);
	if (link_down_cause(c, netns, ifindex, ifname, kind, ndropped, what))
		return;
	nw_x_ns(netns, ns, sizeof(ns));
	nw_x_nsopt(netns, nsopt, sizeof(nsopt));
	nw_tc_handle_fmt(handle, h, sizeof(h));
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
	if (control && nw_r_classful(kind))
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

void nw_r_netfilter_cause(struct nw_xctx *c, const struct nw_event *d, const char *what,
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
bool nw_r_drop_cause(struct nw_xctx *c, const struct nw_event *d, const char *what, uint64_t n,
		       bool control)
{
	enum nw_cause_layer layer = nw_r_reason_layer(d->u.drop.reason);
	char rs[64], ns[96], obj[256];

	if (nw_drop_reason_is(d->u.drop.reason, "TC_INGRESS") ||
	    nw_drop_reason_is(d->u.drop.reason, "TC_EGRESS")) {
		bool in = nw_drop_reason_is(d->u.drop.reason, "TC_INGRESS");
		char nsopt[96];

		nw_x_ns(d->netns_ino, ns, sizeof(ns));
		nw_x_nsopt(d->netns_ino, nsopt, sizeof(nsopt));
		snprintf(obj, sizeof(obj), "tc filter %s dev %s%s", in ? "ingress" : "egress",
			 nw_r_ifname_of(c, d->netns_ino, d->ifindex, d->ifname), ns);
		nw_x_cause(c, NW_CL_QDISC, obj,
			   "A tc filter action (or BPF program) on the %s hook dropped %" PRIu64
			   " %s.",
			   in ? "ingress" : "egress", n, what);
		nw_x_fix(c,
			 "Find the filter: tc %sfilter show dev %s %s (and tc %s-s filter show for "
			 "its counters); change "
			 "its match or action so this traffic passes.",
			 nsopt, nw_r_ifname_of(c, d->netns_ino, d->ifindex, d->ifname),
			 in ? "ingress" : "egress", nsopt);
		nw_x_check(c, "no more %s drops", in ? "TC_INGRESS" : "TC_EGRESS");
		return true;
	}
	if (nw_drop_reason_is(d->u.drop.reason, "IP_RPFILTER")) {
		char ex[128], a[NW_ADDR_STRLEN];

		nw_x_ns(d->netns_ino, ns, sizeof(ns));
		nw_x_nsexec(d->netns_ino, ex, sizeof(ex));
		snprintf(obj, sizeof(obj), "rp_filter dev %s%s",
			 nw_r_ifname_of(c, d->netns_ino, d->ifindex, d->ifname), ns);
		nw_x_cause(c, NW_CL_ROUTE, obj,
			   "Reverse-path filtering dropped %" PRIu64
			   " %s: the route back to the source %s does not leave "
			   "through the interface they came in on.",
			   n, what, nw_r_fmt_addr(&d->u.drop.src, a, sizeof(a)));
		nw_x_fix(c,
			 "Fix the asymmetric route (%sip route get %s), or loosen the check: "
			 "%ssysctl -w "
			 "net.ipv4.conf.%s.rp_filter=2 (and .all.rp_filter, the maximum of both "
			 "applies).",
			 ex, a, ex, nw_r_ifname_of(c, d->netns_ino, d->ifindex, d->ifname));
		nw_x_check(c, "no more IP_RPFILTER drops");
		return true;
	}
	switch (layer) {
	case NW_CL_QDISC:
		nw_r_qdisc_cause(c, d->netns_ino, d->ifindex, d->ifname, nw_corr_qdisc_of_drop(c->m, d),
			    control, n);
		return true;
	case NW_CL_NETFILTER:
		nw_r_netfilter_cause(c, d, what, n);
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
			   d->ifname[0] ? d->ifname : "?", nw_r_fmt_addr(&d->u.drop.dst, a, sizeof(a)));
		nw_x_fix(c,
			 "Look at the lookup: %sip route get %s (and ip -6 route for IPv6); add "
			 "the missing route or "
			 "address, or stop the sender if the traffic is not meant to be routed.",
			 ex, a);
		nw_x_check(c, "%sip route get %s succeeds; no more %s drops", ex, a, rs);
		return true;
	}
	snprintf(obj, sizeof(obj), "dev %s%s", nw_r_ifname_of(c, d->netns_ino, d->ifindex, d->ifname),
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

uint64_t nw_r_sockets_with(const struct nw_xctx *c, uint64_t netns, int err, uint64_t from,
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
