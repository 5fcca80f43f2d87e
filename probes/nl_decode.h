/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure decoders: one netlink message in, one event out.  The same function
 * serves the initial dump and the live stream (and the unit tests, which
 * feed recorded messages and every truncation of them).  The caller gives
 * the number of bytes it really holds; every length is checked before a
 * header or attribute is read, through libnl-3's nlmsg_parse() with a policy
 * and memcpy into aligned locals.
 *
 * Each returns 0 with *ev filled (type, origin, ifindex, netns left 0, the
 * op from the message type), -EBADMSG when the message is truncated or
 * malformed, or -ENOENT when it is valid but not something we report (a
 * bridge FDB entry, a per-device neighbour table parameter set).
 * Context that is not in the message (interface names, previous states,
 * the namespace) is the source's job.
 */
#ifndef NW_PROBES_NL_DECODE_H
#define NW_PROBES_NL_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "core/event.h"

int nw_nl_link_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
int nw_nl_neigh_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
int nw_nl_neightbl_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
/* Qdiscs and classes (RTM_{NEW,DEL}{QDISC,TCLASS}). */
int nw_nl_qdisc_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
/*
 * Routes (RTM_{NEW,DEL}ROUTE; table local, local/broadcast/multicast types
 * and cached clones are -ENOENT) and policy rules (RTM_{NEW,DEL}RULE).
 */
int nw_nl_route_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
int nw_nl_rule_decode(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);
/*
 * A SOCK_DIAG_BY_FAMILY reply: netlink_diag_msg (AF_NETLINK) or
 * inet_diag_msg; inet replies do not always say their protocol, so the
 * caller passes the one it asked for (IPPROTO_TCP/UDP).
 */
int nw_nl_sockdiag_decode(const struct nlmsghdr *nlh, size_t len, uint16_t inet_protocol, struct nw_event *ev);

struct nlattr;
struct nla_policy;

/*
 * nlmsg_parse()/nla_parse_nested() that also refuse leftover bytes: libnl
 * silently ignores a cut-off last attribute, which would turn a truncated
 * message into a plausible but wrong event.  Return 0 or -EBADMSG.
 */
int nw_nl_parse(const struct nlmsghdr *nlh, size_t hdrlen, struct nlattr **tb, int max,
		const struct nla_policy *policy);
int nw_nl_parse_nested(struct nlattr **tb, int max, const struct nlattr *nla, const struct nla_policy *policy);

/* True when [nlh, nlh+len) holds a whole message with at least hdrlen bytes of family header. */
static inline int nw_nl_msg_fits(const struct nlmsghdr *nlh, size_t len, size_t hdrlen)
{
	return len >= NLMSG_HDRLEN && nlh->nlmsg_len >= NLMSG_HDRLEN && nlh->nlmsg_len <= len &&
	       nlh->nlmsg_len >= NLMSG_LENGTH(hdrlen);
}

#endif
