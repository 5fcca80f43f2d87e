// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict attribute parsing shared by the netlink decoders (see probes/nl_decode.h). */
#include <errno.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "probes/nl_decode.h"

/* Every byte of [head, head+len) must be whole attributes. */
static int attrs_complete(const struct nlattr *head, int len)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, head, len, rem)
		;
	return rem == 0 ? 0 : -EBADMSG;
}

int nw_nl_parse(const struct nlmsghdr *nlh, size_t hdrlen, struct nlattr **tb, int max,
		const struct nla_policy *policy)
{
	struct nlmsghdr *m = (struct nlmsghdr *)nlh; /* libnl's API is not const-correct */

	if (nlh->nlmsg_len < NLMSG_LENGTH(hdrlen))
		return -EBADMSG;
	if (attrs_complete(nlmsg_attrdata(m, (int)hdrlen), nlmsg_attrlen(m, (int)hdrlen)) < 0)
		return -EBADMSG;
	if (nlmsg_parse(m, (int)hdrlen, tb, max, (struct nla_policy *)policy) < 0)
		return -EBADMSG;
	return 0;
}

int nw_nl_parse_nested(struct nlattr **tb, int max, const struct nlattr *nla, const struct nla_policy *policy)
{
	struct nlattr *n = (struct nlattr *)nla;

	if (attrs_complete(nla_data(n), nla_len(n)) < 0)
		return -EBADMSG;
	if (nla_parse_nested(tb, max, n, (struct nla_policy *)policy) < 0)
		return -EBADMSG;
	return 0;
}
