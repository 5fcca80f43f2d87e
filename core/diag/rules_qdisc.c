// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the qdisc stage: control traffic (ARP/NDP) dropped by a qdisc.
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
	nw_r_qdisc_cause(c, r->key.netns_ino, r->key.ifindex, r->ifname,
		    c->qdrop && c->qdrop->type == NW_EV_QDISC ? c->qdrop : NULL, true, nctl);
	return NW_RULE_CAUSE;
}

static const struct nw_rule rules[] = {
    {"qdisc.control_drop", NW_CL_QDISC, NW_STAGE_QDISC, 0, r_qdisc_control,
     "a qdisc dropped ARP/NDP (HTB direct queue with direct_qlen 0, or no class for control "
     "traffic)",
     "direct_qlen / default class / a filter for ARP"},
};

const struct nw_rule_set nw_rules_qdisc = {rules, NW_ARRAY_SIZE(rules)};
