// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Routes, policy rules and FIB lookups -> NW_EV_ROUTE.
 *
 * RTM_NEWROUTE / RTM_DELROUTE and RTM_NEWRULE / RTM_DELRULE are decoded
 * purely (see probes/nl_decode.h), for the dump and the live stream alike.
 * Routes the kernel manages for local delivery (table local, local /
 * broadcast / multicast / anycast types) and IPv6's cached clones are not
 * reported: they never explain a destination that cannot be reached.
 *
 * nw_nl_route_lookup() asks the kernel's FIB about one address, as `ip route
 * get` does: the plain lookup's errno is what a connect() to it gets
 * (unreachable: EHOSTUNREACH, blackhole: EINVAL, prohibit: EACCES, no route
 * or throw: ENETUNREACH, on 6.18); a second lookup with RTM_F_FIB_MATCH names
 * the route that matched (its prefix and table), which IPv4 gives even for
 * the reject types and IPv6 does not (then the route model finds it among
 * the watched routes).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "core/util.h"
#include "probes/nl_decode.h"
#include "probes/nl_route.h"

static const struct nla_policy route_policy[RTA_MAX + 1] = {
    [RTA_DST] = {.type = NLA_UNSPEC, .minlen = 4},
    [RTA_SRC] = {.type = NLA_UNSPEC, .minlen = 4},
    [RTA_GATEWAY] = {.type = NLA_UNSPEC, .minlen = 4},
    [RTA_PREFSRC] = {.type = NLA_UNSPEC, .minlen = 4},
    [RTA_OIF] = {.type = NLA_U32},
    [RTA_PRIORITY] = {.type = NLA_U32},
    [RTA_TABLE] = {.type = NLA_U32},
};

static const struct nla_policy rule_policy[FRA_MAX + 1] = {
    [FRA_DST] = {.type = NLA_UNSPEC, .minlen = 4},
    [FRA_SRC] = {.type = NLA_UNSPEC, .minlen = 4},
    [FRA_IIFNAME] = {.type = NLA_STRING},
    [FRA_OIFNAME] = {.type = NLA_STRING},
    [FRA_PRIORITY] = {.type = NLA_U32},
    [FRA_TABLE] = {.type = NLA_U32},
    [FRA_FWMARK] = {.type = NLA_U32},
    [FRA_FWMASK] = {.type = NLA_U32},
};

/* An address attribute of the family's exact size; false when it has another size. */
static bool get_addr(const struct nlattr *a, uint8_t family, struct nw_addr *out)
{
	size_t n = family == AF_INET ? 4 : 16;

	if (!a)
		return true;
	if ((size_t)nla_len((struct nlattr *)a) != n)
		return false;
	out->family = family;
	memcpy(out->bytes, nla_data((struct nlattr *)a), n);
	return true;
}

/* All routes of the message, local ones included (a lookup may answer one). */
static int route_decode_any(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[RTA_MAX + 1];
	struct nw_route_ev *r = &ev->u.route;
	struct rtmsg rtm;

	if (!nw_nl_msg_fits(nlh, len, sizeof(rtm)))
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE)
		return -ENOENT;
	memcpy(&rtm, NLMSG_DATA(nlh), sizeof(rtm));
	if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6)
		return -ENOENT; /* MPLS, IPMR ... */
	if (nw_nl_parse(nlh, sizeof(rtm), tb, RTA_MAX, route_policy) < 0)
		return -EBADMSG;
	nw_event_init(ev, NW_EV_ROUTE, NW_ORIGIN_NETLINK);
	r->op = nlh->nlmsg_type == RTM_DELROUTE ? NW_ROUTE_DEL : NW_ROUTE_NEW;
	r->family = rtm.rtm_family;
	r->type = rtm.rtm_type;
	r->protocol = rtm.rtm_protocol;
	r->scope = rtm.rtm_scope;
	r->dst_len = rtm.rtm_dst_len;
	r->src_len = rtm.rtm_src_len;
	r->tos = rtm.rtm_tos;
	r->flags = rtm.rtm_flags;
	r->table = tb[RTA_TABLE] ? nla_get_u32(tb[RTA_TABLE]) : rtm.rtm_table;
	if (tb[RTA_PRIORITY])
		r->priority = nla_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_OIF])
		ev->ifindex = nla_get_u32(tb[RTA_OIF]);
	if (!get_addr(tb[RTA_DST], rtm.rtm_family, &r->dst) ||
	    !get_addr(tb[RTA_SRC], rtm.rtm_family, &r->src) ||
	    !get_addr(tb[RTA_GATEWAY], rtm.rtm_family, &r->gateway))
		return -EBADMSG;
	if (!r->dst.family) /* the default route: 0.0.0.0/0 or ::/0 */
		r->dst.family = rtm.rtm_family;
	if (r->dst_len > (rtm.rtm_family == AF_INET ? 32 : 128))
		return -EBADMSG;
	return 0;
}

int nw_nl_route_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nw_route_ev *r = &ev->u.route;
	int err = route_decode_any(nlh, len, ev);

	if (err)
		return err;
	if (r->table == RT_TABLE_LOCAL || (r->flags & RTM_F_CLONED))
		return -ENOENT;
	switch (r->type) {
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_ANYCAST:
	case RTN_MULTICAST:
		return -ENOENT;
	default:
		break;
	}
	r->flags = 0;
	return 0;
}

int nw_nl_rule_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	struct nlattr *tb[FRA_MAX + 1];
	struct nw_route_ev *r = &ev->u.route;
	struct fib_rule_hdr frh;

	if (!nw_nl_msg_fits(nlh, len, sizeof(frh)))
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWRULE && nlh->nlmsg_type != RTM_DELRULE)
		return -ENOENT;
	memcpy(&frh, NLMSG_DATA(nlh), sizeof(frh));
	if (frh.family != AF_INET && frh.family != AF_INET6)
		return -ENOENT;
	if (nw_nl_parse(nlh, sizeof(frh), tb, FRA_MAX, rule_policy) < 0)
		return -EBADMSG;
	nw_event_init(ev, NW_EV_ROUTE, NW_ORIGIN_NETLINK);
	r->op = nlh->nlmsg_type == RTM_DELRULE ? NW_ROUTE_DEL : NW_ROUTE_NEW;
	r->is_rule = 1;
	r->family = frh.family;
	r->type = frh.action;
	r->dst_len = frh.dst_len;
	r->src_len = frh.src_len;
	r->tos = frh.tos;
	r->flags = frh.flags;
	r->table = tb[FRA_TABLE] ? nla_get_u32(tb[FRA_TABLE]) : frh.table;
	if (tb[FRA_PRIORITY])
		r->priority = nla_get_u32(tb[FRA_PRIORITY]);
	if (tb[FRA_FWMARK])
		r->fwmark = nla_get_u32(tb[FRA_FWMARK]);
	if (tb[FRA_FWMASK])
		r->fwmask = nla_get_u32(tb[FRA_FWMASK]);
	if (tb[FRA_IIFNAME])
		nla_strlcpy(r->iifname, tb[FRA_IIFNAME], sizeof(r->iifname));
	if (tb[FRA_OIFNAME])
		nla_strlcpy(r->oifname, tb[FRA_OIFNAME], sizeof(r->oifname));
	if (!get_addr(tb[FRA_DST], frh.family, &r->dst) ||
	    !get_addr(tb[FRA_SRC], frh.family, &r->src))
		return -EBADMSG;
	if (r->dst_len > (frh.family == AF_INET ? 32 : 128) ||
	    r->src_len > (frh.family == AF_INET ? 32 : 128))
		return -EBADMSG;
	return 0;
}

/* --- the FIB lookup ------------------------------------------------------------- */

#define LOOKUP_BUF 8192

/* One RTM_GETROUTE for target; 0 with the answer in *ev, or the kernel's -errno. */
static int get_route(struct nl_sock *sk, const struct nw_addr *target, unsigned rtm_flags,
		     struct nw_event *ev)
{
	struct rtmsg rtm = {.rtm_family = target->family, .rtm_flags = rtm_flags};
	size_t alen = target->family == AF_INET ? 4 : 16;
	uint8_t buf[LOOKUP_BUF] __attribute__((aligned(4)));
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST);
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)(const void *)buf;
	uint32_t seq;
	ssize_t n;
	int r;

	rtm.rtm_dst_len = (uint8_t)(alen * 8);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, (int)alen, target->bytes) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = nl_send_auto(sk, msg);
	seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (r < 0)
		return -EIO;
	for (;;) {
		n = recv(nl_socket_get_fd(sk), buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n > (ssize_t)sizeof(buf) || !nw_nl_msg_fits(nlh, (size_t)n, 0))
			return -EBADMSG;
		if (nlh->nlmsg_seq == seq)
			break; /* an older answer (a lookup that timed out) is skipped */
	}
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr err;

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
			return -EBADMSG;
		memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
		return err.error ? err.error : -EBADMSG;
	}
	return route_decode_any(nlh, (size_t)n, ev);
}

int nw_nl_route_lookup(struct nl_sock *sk, const struct nw_addr *target, struct nw_event *ev)
{
	struct nw_event match;
	int r;

	if (target->family != AF_INET && target->family != AF_INET6)
		return -EAFNOSUPPORT;
	r = get_route(sk, target, 0, ev);
	if (r == -EBADMSG || r == -EIO || r == -ENOMEM || r == -EAGAIN)
		return r; /* no answer: nothing to report */
	if (r < 0) {
		nw_event_init(ev, NW_EV_ROUTE, NW_ORIGIN_NETLINK);
		ev->u.route.family = target->family;
		ev->u.route.error = -r;
	}
	/* The matching route with its prefix, when the kernel names it. */
	if (get_route(sk, target, RTM_F_FIB_MATCH, &match) == 0) {
		int32_t error = ev->u.route.error;

		*ev = match;
		ev->u.route.error = error;
	}
	ev->u.route.op = NW_ROUTE_LOOKUP;
	ev->u.route.flags = 0;
	ev->u.route.target = *target;
	return 0;
}
