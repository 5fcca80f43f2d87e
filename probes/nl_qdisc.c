// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RTM_{NEW,DEL}{QDISC,TCLASS} -> NW_EV_QDISC (pure; see probes/nl_decode.h).
 * Statistics come from TCA_STATS2 (or the old TCA_STATS when that is all
 * there is).  HTB's TCA_HTB_INIT (defcls, direct_pkts) and
 * TCA_HTB_DIRECT_QLEN are read here: libnl-route 3.7 has no getter for
 * direct_qlen, and direct_qlen 0 is how HTB on a bridge drops ARP replies.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "core/util.h"
#include "probes/nl_decode.h"

static const struct nla_policy tc_policy[TCA_MAX + 1] = {
	[TCA_KIND] = { .type = NLA_STRING },
	[TCA_OPTIONS] = { .type = NLA_UNSPEC },
	[TCA_STATS] = { .type = NLA_UNSPEC, .minlen = sizeof(struct tc_stats) },
	[TCA_STATS2] = { .type = NLA_NESTED },
};

/* gnet_stats_basic is {u64 bytes; u32 packets} plus tail padding: 12 bytes are the data. */
#define BASIC_LEN 12

static const struct nla_policy stats2_policy[TCA_STATS_MAX + 1] = {
	[TCA_STATS_BASIC] = { .type = NLA_UNSPEC, .minlen = BASIC_LEN },
	[TCA_STATS_QUEUE] = { .type = NLA_UNSPEC, .minlen = sizeof(struct gnet_stats_queue) },
	[TCA_STATS_RATE_EST] = { .type = NLA_UNSPEC, .minlen = sizeof(struct gnet_stats_rate_est) },
	[TCA_STATS_RATE_EST64] = { .type = NLA_UNSPEC, .minlen = sizeof(struct gnet_stats_rate_est64) },
};

static const struct nla_policy htb_policy[TCA_HTB_MAX + 1] = {
	[TCA_HTB_INIT] = { .type = NLA_UNSPEC, .minlen = sizeof(struct tc_htb_glob) },
	[TCA_HTB_DIRECT_QLEN] = { .type = NLA_U32 },
};

static int decode_stats2(const struct nlattr *nla, struct nw_qdisc_ev *q)
{
	struct nlattr *s[TCA_STATS_MAX + 1];
	struct gnet_stats_queue gq;
	struct gnet_stats_rate_est re;
	struct gnet_stats_rate_est64 re64;
	uint32_t packets;

	if (nw_nl_parse_nested(s, TCA_STATS_MAX, nla, stats2_policy) < 0)
		return -EBADMSG;
	if (s[TCA_STATS_BASIC]) {
		memcpy(&q->bytes, nla_data(s[TCA_STATS_BASIC]), sizeof(q->bytes));
		memcpy(&packets, (const char *)nla_data(s[TCA_STATS_BASIC]) + 8, sizeof(packets));
		q->packets = packets;
	}
	if (s[TCA_STATS_QUEUE]) {
		memcpy(&gq, nla_data(s[TCA_STATS_QUEUE]), sizeof(gq));
		q->qlen = gq.qlen;
		q->backlog = gq.backlog;
		q->drops = gq.drops;
		q->requeues = gq.requeues;
		q->overlimits = gq.overlimits;
	}
	if (s[TCA_STATS_RATE_EST64]) {
		memcpy(&re64, nla_data(s[TCA_STATS_RATE_EST64]), sizeof(re64));
		q->rate_bps = re64.bps;
	} else if (s[TCA_STATS_RATE_EST]) {
		memcpy(&re, nla_data(s[TCA_STATS_RATE_EST]), sizeof(re));
		q->rate_bps = re.bps;
	}
	return 0;
}

static void decode_old_stats(const struct nlattr *nla, struct nw_qdisc_ev *q)
{
	struct tc_stats st;

	memcpy(&st, nla_data(nla), sizeof(st));
	q->bytes = st.bytes;
	q->packets = st.packets;
	q->drops = st.drops;
	q->overlimits = st.overlimits;
	q->qlen = st.qlen;
	q->backlog = st.backlog;
	q->rate_bps = st.bps;
}

static int decode_htb(const struct nlattr *opts, struct nw_qdisc_ev *q)
{
	struct nlattr *h[TCA_HTB_MAX + 1];
	struct tc_htb_glob glob;

	if (nw_nl_parse_nested(h, TCA_HTB_MAX, opts, htb_policy) < 0)
		return -EBADMSG;
	if (h[TCA_HTB_INIT]) {
		memcpy(&glob, nla_data(h[TCA_HTB_INIT]), sizeof(glob));
		q->defcls = glob.defcls;
		q->direct_packets = glob.direct_pkts;
	}
	/* Kernels before 3.13 have no attribute: direct_qlen was the device's tx_queue_len. */
	if (h[TCA_HTB_DIRECT_QLEN])
		q->direct_qlen = nla_get_u32(h[TCA_HTB_DIRECT_QLEN]);
	return 0;
}

int nw_nl_qdisc_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[TCA_MAX + 1];
	struct nw_qdisc_ev *q = &ev->u.qdisc;
	struct tcmsg tcm;
	uint16_t type;

	if (!nw_nl_msg_fits(nlh, len, sizeof(tcm)))
		return -EBADMSG;
	type = nlh->nlmsg_type;
	if (type != RTM_NEWQDISC && type != RTM_DELQDISC && type != RTM_NEWTCLASS && type != RTM_DELTCLASS)
		return -ENOENT;
	memcpy(&tcm, NLMSG_DATA(nlh), sizeof(tcm));
	if (nw_nl_parse(nlh, sizeof(tcm), tb, TCA_MAX, tc_policy) < 0 || !tb[TCA_KIND] || tcm.tcm_ifindex <= 0)
		return -EBADMSG;

	nw_event_init(ev, NW_EV_QDISC, NW_ORIGIN_NETLINK);
	ev->ifindex = (uint32_t)tcm.tcm_ifindex;
	q->op = type == RTM_DELQDISC || type == RTM_DELTCLASS ? NW_QDISC_DEL : NW_QDISC_STATS;
	q->is_class = type == RTM_NEWTCLASS || type == RTM_DELTCLASS;
	q->handle = tcm.tcm_handle;
	q->parent = tcm.tcm_parent;
	q->direct_qlen = UINT32_MAX;
	nla_strlcpy(q->kind, tb[TCA_KIND], sizeof(q->kind));
	if (tb[TCA_STATS2]) {
		if (decode_stats2(tb[TCA_STATS2], q) < 0)
			return -EBADMSG;
	} else if (tb[TCA_STATS]) {
		decode_old_stats(tb[TCA_STATS], q);
	}
	if (tb[TCA_OPTIONS] && !q->is_class && !strcmp(q->kind, "htb") && nla_len(tb[TCA_OPTIONS]) > 0) {
		if (decode_htb(tb[TCA_OPTIONS], q) < 0)
			return -EBADMSG;
	}
	return 0;
}
