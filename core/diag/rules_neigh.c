// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the neigh stage: a neighbour entry went FAILED (requests never left, replies never came, or came and were dropped).
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
static enum nw_rule_result r_neigh_victims(struct nw_xctx *c)
{
	const struct nw_neigh_entry *e = c->neigh;
	char list[320], e1[32];
	uint64_t last = 0, n;

	n = nw_r_sockets_with(c, e->key.netns_ino, EHOSTUNREACH,
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
	nw_r_drop_what(set.ev[0], what, sizeof(what));
	s = nw_x_step(c,
		      nw_r_reason_layer(set.ev[0]->u.drop.reason) == NW_CL_COUNT
			  ? NW_CL_NEIGH
			  : nw_r_reason_layer(set.ev[0]->u.drop.reason),
		      "The requests never left: %" PRIu64
		      " of them (%s) were dropped on dev %s before the wire.",
		      set.total, what, set.ev[0]->ifname);
	nw_x_cite_set(s, &set);
	return nw_r_drop_cause(c, set.ev[0], "ARP/NDP requests", set.total, true) ? NW_RULE_CAUSE
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
	nw_r_drop_what(d, what, sizeof(what));
	s = nw_x_step(c,
		      nw_r_reason_layer(d->u.drop.reason) == NW_CL_COUNT
			  ? NW_CL_NEIGH
			  : nw_r_reason_layer(d->u.drop.reason),
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
	return nw_r_drop_cause(c, d, "ARP/NDP replies", set.total, true) ? NW_RULE_CAUSE : NW_RULE_STEP;
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

static const struct nw_rule rules[] = {
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
};

const struct nw_rule_set nw_rules_neigh = {rules, NW_ARRAY_SIZE(rules)};
