// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the drop stage: the kernel dropped packets with a reason.
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
		nw_r_drop_what(set.ev[set.n - 1], what, sizeof(what));
	s = nw_x_step(
	    c, nw_r_reason_layer(c->f->reason) == NW_CL_COUNT ? NW_CL_LINK : nw_r_reason_layer(c->f->reason),
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
	if (nw_r_reason_layer(c->f->reason) != NW_CL_QDISC || nw_drop_reason_is(c->f->reason, "TC_*"))
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
	nw_r_qdisc_cause(c, d->netns_ino, d->ifindex, d->ifname, q, control, c->f->count);
	return NW_RULE_CAUSE;
}

static enum nw_rule_result r_drop_reason(struct nw_xctx *c)
{
	struct nw_corr_set set;

	drops_of_finding(c, &set);
	if (!set.n)
		return NW_RULE_NO;
	return nw_r_drop_cause(c, set.ev[set.n - 1], "packets", c->f->count, false) ? NW_RULE_CAUSE
									       : NW_RULE_NO;
}

static const struct nw_rule rules[] = {
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
    {"drop.route", NW_CL_ROUTE, NW_STAGE_DROP, 0, nw_r_drop_route,
     "IP_INNOROUTES/IP_OUTNOROUTES with the FIB lookup of the destination refusing it: follow the route "
     "(core/diag/rules_route.c)",
     ""},
    {"drop.reason", NW_CL_LINK, NW_STAGE_DROP, 0, r_drop_reason,
     "a reason that names its layer (netfilter, route, socket, l2, link)",
     "fix what the reason names"},
};

const struct nw_rule_set nw_rules_drop = {rules, NW_ARRAY_SIZE(rules)};
