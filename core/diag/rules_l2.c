// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the l2 stage: frames addressed to a MAC that is not the interface's.
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
		uint64_t last = 0, n = nw_r_sockets_with(c, c->l2_netns, EAGAIN, c->from, c->to, list,
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

static const struct nw_rule rules[] = {
    {"l2.stale_peer_cache", NW_CL_NEIGH, NW_STAGE_L2, 0, r_l2_stale_peer,
     "frames for this host carry a MAC it had before (or that the peer's entry holds): the peer's "
     "cache is stale",
     "arping -U / arp_notify / fixed MAC / replace the peer's entry"},
};

const struct nw_rule_set nw_rules_l2 = {rules, NW_ARRAY_SIZE(rules)};
