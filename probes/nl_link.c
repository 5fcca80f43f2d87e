// SPDX-License-Identifier: GPL-2.0-or-later
/* RTM_NEWLINK / RTM_DELLINK -> NW_EV_LINK (pure; see probes/nl_decode.h). */
#include <errno.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "core/util.h"
#include "probes/nl_decode.h"

static const struct nla_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING },
	[IFLA_ADDRESS] = { .type = NLA_UNSPEC },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_TXQLEN] = { .type = NLA_U32 },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_LINKINFO] = { .type = NLA_NESTED },
};

static const struct nla_policy info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = NLA_STRING },
};

int nw_nl_link_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	struct nw_link_ev *l = &ev->u.link;
	struct ifinfomsg ifi;
	size_t n;

	if (!nw_nl_msg_fits(nlh, len, sizeof(ifi)))
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -ENOENT;
	memcpy(&ifi, NLMSG_DATA(nlh), sizeof(ifi));
	if (nw_nl_parse(nlh, sizeof(ifi), tb, IFLA_MAX, link_policy) < 0 || ifi.ifi_index <= 0)
		return -EBADMSG;

	nw_event_init(ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	ev->ifindex = (uint32_t)ifi.ifi_index;
	l->op = nlh->nlmsg_type == RTM_DELLINK ? NW_LINK_DEL : NW_LINK_NEW;
	l->flags = ifi.ifi_flags;
	if (tb[IFLA_IFNAME])
		nla_strlcpy(ev->ifname, tb[IFLA_IFNAME], sizeof(ev->ifname));
	if (tb[IFLA_ADDRESS]) {
		n = (size_t)nla_len(tb[IFLA_ADDRESS]);
		/* Longer hardware addresses (infiniband) keep their first NW_MAC_MAX bytes. */
		l->mac.len = (uint8_t)(n < NW_MAC_MAX ? n : NW_MAC_MAX);
		memcpy(l->mac.bytes, nla_data(tb[IFLA_ADDRESS]), l->mac.len);
	}
	if (tb[IFLA_MTU])
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_TXQLEN])
		l->txqlen = nla_get_u32(tb[IFLA_TXQLEN]);
	if (tb[IFLA_OPERSTATE])
		l->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_MASTER])
		l->master = (int32_t)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_LINKINFO]) {
		if (nw_nl_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], info_policy) < 0)
			return -EBADMSG;
		if (info[IFLA_INFO_KIND])
			nla_strlcpy(l->kind, info[IFLA_INFO_KIND], sizeof(l->kind));
	}
	return 0;
}
