// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RTM_NEWNEIGH / RTM_DELNEIGH -> NW_EV_NEIGH (pure; see probes/nl_decode.h).
 * NDA_PROBES is read here because libnl-route 3.7's neighbour object has no
 * getter for it, and the probe count is the evidence of an unanswered ARP.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "core/util.h"
#include "probes/nl_decode.h"

static const struct nla_policy neigh_policy[NDA_MAX + 1] = {
	[NDA_DST] = { .type = NLA_UNSPEC, .minlen = 4 },
	[NDA_LLADDR] = { .type = NLA_UNSPEC },
	[NDA_PROBES] = { .type = NLA_U32 },
};

int nw_nl_neigh_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[NDA_MAX + 1];
	struct nw_neigh_ev *n = &ev->u.neigh;
	struct ndmsg ndm;
	size_t alen;

	if (!nw_nl_msg_fits(nlh, len, sizeof(ndm)))
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH)
		return -ENOENT;
	memcpy(&ndm, NLMSG_DATA(nlh), sizeof(ndm));
	if (ndm.ndm_family != AF_INET && ndm.ndm_family != AF_INET6)
		return -ENOENT; /* bridge FDB and other families are not neighbour-cache entries */
	if (nw_nl_parse(nlh, sizeof(ndm), tb, NDA_MAX, neigh_policy) < 0 || !tb[NDA_DST])
		return -EBADMSG;
	alen = (size_t)nla_len(tb[NDA_DST]);
	if (alen != (ndm.ndm_family == AF_INET ? 4u : 16u))
		return -EBADMSG;

	nw_event_init(ev, NW_EV_NEIGH, NW_ORIGIN_NETLINK);
	ev->ifindex = (uint32_t)ndm.ndm_ifindex;
	n->op = nlh->nlmsg_type == RTM_DELNEIGH ? NW_NEIGH_DEL : NW_NEIGH_NEW;
	n->family = ndm.ndm_family;
	n->state = ndm.ndm_state;
	n->flags = ndm.ndm_flags;
	n->ip.family = ndm.ndm_family;
	memcpy(n->ip.bytes, nla_data(tb[NDA_DST]), alen);
	if (tb[NDA_LLADDR]) {
		alen = (size_t)nla_len(tb[NDA_LLADDR]);
		n->lladdr.len = (uint8_t)(alen < NW_MAC_MAX ? alen : NW_MAC_MAX);
		memcpy(n->lladdr.bytes, nla_data(tb[NDA_LLADDR]), n->lladdr.len);
	}
	if (tb[NDA_PROBES])
		n->probes = nla_get_u32(tb[NDA_PROBES]);
	/*
	 * A notification (not a dump part) carrying a port id answers that
	 * port's request (neigh_update_notify): an administrator's change.
	 */
	n->by_admin = nlh->nlmsg_pid && !(nlh->nlmsg_flags & NLM_F_MULTI);
	return 0;
}
