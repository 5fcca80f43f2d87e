// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SOCK_DIAG_BY_FAMILY replies -> NW_EV_SOCK_INFO (pure; see probes/nl_decode.h).
 * Netlink sockets: portid, protocol, groups, rmem/rcvbuf and sk_drops, the
 * same numbers /proc/net/netlink shows (Rmem, Drops) plus rcvbuf, which it
 * does not.  Inet sockets: addresses, state, the SK_MEMINFO array.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "core/util.h"
#include "probes/nl_decode.h"

static const struct nla_policy nl_policy[NETLINK_DIAG_MAX + 1] = {
	[NETLINK_DIAG_MEMINFO] = { .type = NLA_UNSPEC },
	[NETLINK_DIAG_GROUPS] = { .type = NLA_UNSPEC },
};

static const struct nla_policy inet_policy[INET_DIAG_MAX + 1] = {
	[INET_DIAG_SKMEMINFO] = { .type = NLA_UNSPEC },
	[INET_DIAG_PROTOCOL] = { .type = NLA_U8 },
};

/* The SK_MEMINFO_* array; older kernels send fewer entries, missing ones stay 0. */
static void decode_meminfo(const struct nlattr *nla, struct nw_sockinfo_ev *s)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	size_t n = (size_t)nla_len(nla);

	memcpy(mem, nla_data(nla), n < sizeof(mem) ? n : sizeof(mem));
	s->rmem = mem[SK_MEMINFO_RMEM_ALLOC];
	s->rcvbuf = mem[SK_MEMINFO_RCVBUF];
	s->wmem = mem[SK_MEMINFO_WMEM_ALLOC];
	s->sndbuf = mem[SK_MEMINFO_SNDBUF];
	s->drops = mem[SK_MEMINFO_DROPS];
}

static int decode_netlink(const struct nlmsghdr *nlh, struct nw_event *ev)
{
	struct nlattr *tb[NETLINK_DIAG_MAX + 1];
	struct nw_sockinfo_ev *s = &ev->u.sockinfo;
	struct netlink_diag_msg m;

	memcpy(&m, NLMSG_DATA(nlh), sizeof(m));
	if (nw_nl_parse(nlh, sizeof(m), tb, NETLINK_DIAG_MAX, nl_policy) < 0)
		return -EBADMSG;
	nw_event_init(ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK);
	s->sk_family = AF_NETLINK;
	s->sk_type = m.ndiag_type;
	s->sk_protocol = m.ndiag_protocol;
	s->sk_state = m.ndiag_state;
	s->nl_portid = m.ndiag_portid;
	s->inode = m.ndiag_ino;
	s->cookie = (uint64_t)m.ndiag_cookie[1] << 32 | m.ndiag_cookie[0];
	if (tb[NETLINK_DIAG_MEMINFO])
		decode_meminfo(tb[NETLINK_DIAG_MEMINFO], s);
	if (tb[NETLINK_DIAG_GROUPS] && nla_len(tb[NETLINK_DIAG_GROUPS]) >= 4)
		memcpy(&s->nl_groups, nla_data(tb[NETLINK_DIAG_GROUPS]), sizeof(s->nl_groups));
	return 0;
}

static int decode_inet(const struct nlmsghdr *nlh, uint16_t protocol, struct nw_event *ev)
{
	struct nlattr *tb[INET_DIAG_MAX + 1];
	struct nw_sockinfo_ev *s = &ev->u.sockinfo;
	struct inet_diag_msg m;
	size_t alen;

	memcpy(&m, NLMSG_DATA(nlh), sizeof(m));
	if (m.idiag_family != AF_INET && m.idiag_family != AF_INET6)
		return -ENOENT;
	if (nw_nl_parse(nlh, sizeof(m), tb, INET_DIAG_MAX, inet_policy) < 0)
		return -EBADMSG;
	nw_event_init(ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK);
	alen = m.idiag_family == AF_INET ? 4 : 16;
	s->sk_family = m.idiag_family;
	s->sk_protocol = tb[INET_DIAG_PROTOCOL] ? nla_get_u8(tb[INET_DIAG_PROTOCOL]) : protocol;
	s->sk_type = s->sk_protocol == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM;
	s->sk_state = m.idiag_state;
	s->inode = m.idiag_inode;
	s->cookie = (uint64_t)m.id.idiag_cookie[1] << 32 | m.id.idiag_cookie[0];
	s->laddr.family = s->raddr.family = m.idiag_family;
	memcpy(s->laddr.bytes, m.id.idiag_src, alen);
	memcpy(s->raddr.bytes, m.id.idiag_dst, alen);
	s->lport = ntohs(m.id.idiag_sport);
	s->rport = ntohs(m.id.idiag_dport);
	ev->ifindex = m.id.idiag_if;
	if (tb[INET_DIAG_SKMEMINFO])
		decode_meminfo(tb[INET_DIAG_SKMEMINFO], s);
	return 0;
}

int nw_nl_sockdiag_decode(const struct nlmsghdr *nlh, size_t len, uint16_t inet_protocol, struct nw_event *ev)
{
	uint8_t family;

	if (!nw_nl_msg_fits(nlh, len, 1))
		return -EBADMSG;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -ENOENT;
	family = *(const uint8_t *)NLMSG_DATA(nlh);
	if (family == AF_NETLINK) {
		if (!nw_nl_msg_fits(nlh, len, sizeof(struct netlink_diag_msg)))
			return -EBADMSG;
		return decode_netlink(nlh, ev);
	}
	if (!nw_nl_msg_fits(nlh, len, sizeof(struct inet_diag_msg)))
		return -EBADMSG;
	return decode_inet(nlh, inet_protocol, ev);
}
