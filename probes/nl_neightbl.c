// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RTM_NEWNEIGHTBL -> NW_EV_NEIGH_TABLE (pure; see probes/nl_decode.h).
 * libnl-route 3.7's neighbour-table object has setters but no getters for
 * the thresholds and NDTA_STATS, so they are read here.
 *
 * A dump answers one message per table (thresholds, config, statistics and
 * the default parameters) and then one per device with only that device's
 * parameters; the latter are not a table and decode to -ENOENT.
 */
#include <errno.h>
#include <string.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "core/util.h"
#include "probes/nl_decode.h"

static const struct nla_policy tbl_policy[NDTA_MAX + 1] = {
	[NDTA_NAME] = { .type = NLA_STRING },
	[NDTA_THRESH1] = { .type = NLA_U32 },
	[NDTA_THRESH2] = { .type = NLA_U32 },
	[NDTA_THRESH3] = { .type = NLA_U32 },
	[NDTA_CONFIG] = { .type = NLA_UNSPEC, .minlen = sizeof(struct ndt_config) },
	[NDTA_STATS] = { .type = NLA_UNSPEC, .minlen = sizeof(struct ndt_stats) },
	[NDTA_PARMS] = { .type = NLA_NESTED },
};

static const struct nla_policy parms_policy[NDTPA_MAX + 1] = {
	[NDTPA_IFINDEX] = { .type = NLA_U32 },
	[NDTPA_UCAST_PROBES] = { .type = NLA_U32 },
	[NDTPA_MCAST_PROBES] = { .type = NLA_U32 },
	[NDTPA_APP_PROBES] = { .type = NLA_U32 },
	[NDTPA_MCAST_REPROBES] = { .type = NLA_U32 },
	[NDTPA_RETRANS_TIME] = { .type = NLA_U64 },
};

static int decode_parms(const struct nlattr *nla, struct nw_neigh_table_ev *t)
{
	struct nlattr *p[NDTPA_MAX + 1];

	if (nw_nl_parse_nested(p, NDTPA_MAX, nla, parms_policy) < 0)
		return -EBADMSG;
	if (p[NDTPA_IFINDEX] && nla_get_u32(p[NDTPA_IFINDEX]) != 0)
		return -ENOENT;
	if (p[NDTPA_UCAST_PROBES])
		t->ucast_probes = nla_get_u32(p[NDTPA_UCAST_PROBES]);
	if (p[NDTPA_MCAST_PROBES])
		t->mcast_probes = nla_get_u32(p[NDTPA_MCAST_PROBES]);
	if (p[NDTPA_APP_PROBES])
		t->app_probes = nla_get_u32(p[NDTPA_APP_PROBES]);
	if (p[NDTPA_MCAST_REPROBES])
		t->mcast_reprobes = nla_get_u32(p[NDTPA_MCAST_REPROBES]);
	if (p[NDTPA_RETRANS_TIME])
		t->retrans_time_ms = (uint32_t)nla_get_u64(p[NDTPA_RETRANS_TIME]);
	return 0;
}

int nw_nl_neightbl_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[NDTA_MAX + 1];
	struct nw_neigh_table_ev *t = &ev->u.neigh_table;
	struct ndt_config cfg;
	struct ndt_stats st;
	struct ndtmsg ndtm;
	int r;

	if (!nw_nl_msg_fits(nlh, len, sizeof(ndtm)))
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWNEIGHTBL)
		return -ENOENT;
	memcpy(&ndtm, NLMSG_DATA(nlh), sizeof(ndtm));
	if (nw_nl_parse(nlh, sizeof(ndtm), tb, NDTA_MAX, tbl_policy) < 0 || !tb[NDTA_NAME])
		return -EBADMSG;
	if (!tb[NDTA_THRESH3] || !tb[NDTA_CONFIG])
		return -ENOENT; /* a device's parameters, not the table */

	nw_event_init(ev, NW_EV_NEIGH_TABLE, NW_ORIGIN_NETLINK);
	t->family = ndtm.ndtm_family;
	nla_strlcpy(t->name, tb[NDTA_NAME], sizeof(t->name));
	t->gc_thresh1 = tb[NDTA_THRESH1] ? nla_get_u32(tb[NDTA_THRESH1]) : 0;
	t->gc_thresh2 = tb[NDTA_THRESH2] ? nla_get_u32(tb[NDTA_THRESH2]) : 0;
	t->gc_thresh3 = nla_get_u32(tb[NDTA_THRESH3]);
	memcpy(&cfg, nla_data(tb[NDTA_CONFIG]), sizeof(cfg));
	t->entries = cfg.ndtc_entries;
	if (tb[NDTA_STATS]) {
		memcpy(&st, nla_data(tb[NDTA_STATS]), sizeof(st));
		t->allocs = st.ndts_allocs;
		t->destroys = st.ndts_destroys;
		t->hash_grows = st.ndts_hash_grows;
		t->res_failed = st.ndts_res_failed;
		t->lookups = st.ndts_lookups;
		t->hits = st.ndts_hits;
		t->rcv_probes_mcast = st.ndts_rcv_probes_mcast;
		t->rcv_probes_ucast = st.ndts_rcv_probes_ucast;
		t->periodic_gc_runs = st.ndts_periodic_gc_runs;
		t->forced_gc_runs = st.ndts_forced_gc_runs;
		t->table_fulls = st.ndts_table_fulls;
	}
	if (tb[NDTA_PARMS]) {
		r = decode_parms(tb[NDTA_PARMS], t);
		if (r == -EBADMSG)
			return r;
	}
	return 0;
}
