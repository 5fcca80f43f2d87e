// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the table stage: a neighbour table overflowed.
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
			nw_r_sockets_with(c, r->key.netns_ino, errs[k], 0, UINT64_MAX, list,
				     sizeof(list), &last);
			nw_x_cite(nw_x_step(c, NW_CL_SOCKET, "Sends that failed with %s: %s.",
					    nw_errno_name(errs[k], e1, sizeof(e1)), list),
				  last);
			break;
		}
	}
}

/* Four times the threshold in force at the overflow, or now if raised since; dflt when unknown. */
static uint32_t suggest(uint32_t then, uint32_t now, uint32_t dflt)
{
	uint32_t t = then > now ? then : now;

	return t ? t * 4 : dflt;
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
		const struct nw_neigh_table_ev *at = &o.table->at_full, *now = &o.table->last;

		t1 = at->gc_thresh1;
		t2 = at->gc_thresh2;
		t3 = at->gc_thresh3;
		entries = at->entries;
		s = nw_x_step(
		    c, NW_CL_NEIGH,
		    "%s the %s table held %" PRIu32 " entries against gc_thresh1/2/3 = %" PRIu32
		    "/%" PRIu32 "/%" PRIu32 "%s; table_fulls rose by %" PRIu64
		    ", forced GC ran %" PRIu64 " times and freed too little.",
		    o.table->last_full_id ? "When it overflowed," : "At its fullest,", tname,
		    entries, t1, t2, t3, o.table->last_full_id ? " (in force then)" : "",
		    o.table_fulls, o.forced_gc);
		nw_x_cite(s, o.table->at_full_id);
		if (now->gc_thresh3 != t3 || now->gc_thresh1 != t1 || now->gc_thresh2 != t2)
			nw_x_cite(nw_x_step(c, NW_CL_NEIGH,
					    "The thresholds changed since: gc_thresh1/2/3 are now "
					    "%" PRIu32 "/%" PRIu32 "/%" PRIu32 ".",
					    now->gc_thresh1, now->gc_thresh2, now->gc_thresh3),
				  o.table->last_id);
		if (t3 && !o.table->reached_thresh3)
			nw_x_step(
			    c, NW_CL_NEIGH,
			    "No snapshot netwhy saw had the table at its gc_thresh3: it filled and "
			    "emptied between snapshots (the kernel counts a table_full only at "
			    "gc_thresh3).");
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
	if (o.top_entries && entries > 2 * o.all_entries) {
		/* The table is the whole host's: most entries live where netwhy did not look. */
		nw_x_step(c, NW_CL_NEIGH,
			  "netwhy saw %" PRIu32 " of the table's %" PRIu32 " entries: the others "
			  "belong to network namespaces it did not watch (the table is shared by "
			  "all of them).",
			  o.all_entries, entries);
		nw_x_missing(c, "the neighbour entries of the namespaces not watched: run netwhy "
				"--netns all to see which namespace fills the table");
	} else if (o.top_entries) {
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
			  "network namespace, so one namespace can fill it for all.",
			  owner, o.top_entries, o.all_entries, noarp);
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
		 sys, suggest(t1, o.table ? o.table->last.gc_thresh1 : 0, 1024), sys,
		 suggest(t2, o.table ? o.table->last.gc_thresh2 : 0, 4096), sys,
		 suggest(t3, o.table ? o.table->last.gc_thresh3 : 0, 8192),
		 owner[0] ? "And find why " : "", owner,
		 owner[0] ? " needs so many entries (routes to a NOARP device "
			    "create one per destination)."
			  : "");
	nw_x_check(
	    c, "ip -s ntable show name %s: table_fulls no longer rises; entries below gc_thresh3",
	    tname);
	return NW_RULE_CAUSE;
}

static const struct nw_rule rules[] = {
    {"neigh.table_overflow", NW_CL_NEIGH, NW_STAGE_TABLE, 0, r_table_overflow,
     "the neighbour table is full (entries vs gc_thresh3, table_fulls, NEIGH_CREATEFAIL), who owns "
     "the entries",
     "raise gc_thresh1/2/3; find the namespace/device that floods it"},
};

const struct nw_rule_set nw_rules_table = {rules, NW_ARRAY_SIZE(rules)};
