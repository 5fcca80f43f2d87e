// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the counter stage: a drop counter rose without an errno.
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
	nw_r_qdisc_cause(c, q->netns_ino, q->ifindex, q->ifname, q, false, set.total);
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
			      set.total, nw_r_fmt_addr(&d->u.drop.dst, a, sizeof(a)), d->u.drop.dport),
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

static const struct nw_rule rules[] = {
    {"counter.silent", NW_CL_SOCKET, NW_STAGE_COUNTER, 0, r_counter_step,
     "a drop counter rose without an errno", ""},
    {"counter.neigh_table", NW_CL_NEIGH, NW_STAGE_COUNTER, 0, r_counter_table,
     "send-side counters rose while the neighbour table overflowed: follow the table", ""},
    {"counter.qdisc", NW_CL_QDISC, NW_STAGE_COUNTER, 0, r_counter_qdisc,
     "send-side counters rose with qdisc drops in the namespace", "raise the qdisc's limit"},
    {"counter.udp_rcvbuf", NW_CL_SOCKET, NW_STAGE_COUNTER, 0, r_counter_rcvbuf,
     "UDP receive-buffer errors: a socket's buffer was full", "read faster or raise SO_RCVBUF"},
};

const struct nw_rule_set nw_rules_counter = {rules, NW_ARRAY_SIZE(rules)};
