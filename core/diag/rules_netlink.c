// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the netlink stage: a netlink listener lost messages.
 * (core/diag/explain_rules.c lists the rule sets in the order stages run;
 * explain_int.h has the rule contract and the helpers.)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>

#include "core/diag/explain_int.h"
#include "core/names.h"
#include "core/util.h"

/* --- stage netlink: a listener that lost messages ----------------------------------------------
 */

/*
 * A netlink protocol as netlink(7) names it, "NETLINK_KOBJECT_UEVENT", and
 * with what it carries when long: "NETLINK_KOBJECT_UEVENT: uevents ...".
 */
static const char *nl_proto_name(uint16_t proto, bool long_form, char *buf, size_t size)
{
	static const struct {
		uint16_t proto;
		const char *name, *what;
	} protos[] = {
	    {NETLINK_ROUTE, "NETLINK_ROUTE", "links, addresses, routes, neighbours"},
	    {NETLINK_USERSOCK, "NETLINK_USERSOCK", "user-space protocol"},
	    {NETLINK_SOCK_DIAG, "NETLINK_SOCK_DIAG", "socket monitoring"},
	    {NETLINK_NFLOG, "NETLINK_NFLOG", "netfilter logging"},
	    {NETLINK_XFRM, "NETLINK_XFRM", "IPsec"},
	    {NETLINK_SELINUX, "NETLINK_SELINUX", "SELinux events"},
	    {NETLINK_ISCSI, "NETLINK_ISCSI", "iSCSI"},
	    {NETLINK_AUDIT, "NETLINK_AUDIT", "audit"},
	    {NETLINK_FIB_LOOKUP, "NETLINK_FIB_LOOKUP", "FIB lookup"},
	    {NETLINK_CONNECTOR, "NETLINK_CONNECTOR", "connector: process events ..."},
	    {NETLINK_NETFILTER, "NETLINK_NETFILTER", "nftables, conntrack events"},
	    {NETLINK_KOBJECT_UEVENT, "NETLINK_KOBJECT_UEVENT", "uevents: device hotplug"},
	    {NETLINK_GENERIC, "NETLINK_GENERIC", "generic netlink families"},
	    {NETLINK_SCSITRANSPORT, "NETLINK_SCSITRANSPORT", "SCSI transport"},
	    {NETLINK_RDMA, "NETLINK_RDMA", "RDMA"},
	    {NETLINK_CRYPTO, "NETLINK_CRYPTO", "crypto API"},
	};

	for (size_t i = 0; i < NW_ARRAY_SIZE(protos); i++)
		if (protos[i].proto == proto) {
			snprintf(buf, size, "%s%s%s", protos[i].name, long_form ? ": " : "",
				 long_form ? protos[i].what : "");
			return buf;
		}
	snprintf(buf, size, "netlink protocol %u", proto);
	return buf;
}

/* The protocol of the listener's socket as the failed calls saw it; UINT16_MAX when unknown. */
static uint16_t err_sock_proto(const struct nw_xctx *c)
{
	const struct nw_sock_model *sm = nw_models_sock(c->m);

	for (size_t i = 0; i < nw_sock_model_capacity(sm); i++) {
		const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);

		if (r && r->family == AF_NETLINK && r->key.pid == c->f->pid &&
		    r->key.netns_ino == c->fev->netns_ino)
			return r->protocol;
	}
	return UINT16_MAX;
}

static enum nw_rule_result r_netlink_overrun(struct nw_xctx *c)
{
	const struct nw_sockinfo_rec *si =
	    nw_sock_model_netlink(nw_models_sock(c->m), c->fev->netns_ino, 0, c->f->pid);
	char obj[256], ns[96], proto[80] = "netlink", what[80];
	struct nw_expl_step *s;
	bool tiny;

	nw_x_ns(c->fev->netns_ino, ns, sizeof(ns));
	if (!si) {
		uint16_t p = err_sock_proto(c);

		nw_x_need(c, NW_EVSRC_SOCKDIAG, 0, 0);
		if (c->f->err != ENOBUFS)
			return NW_RULE_NO;
		if (p != UINT16_MAX)
			nl_proto_name(p, false, proto, sizeof(proto));
		snprintf(obj, sizeof(obj), "%s socket of pid %" PRIu32 " (%.64s)%s", proto,
			 c->f->pid, c->f->object, ns);
		nw_x_cause(c, NW_CL_NETLINK, obj,
			   "recv() on a netlink socket returned ENOBUFS: the kernel had more "
			   "notifications for it than its "
			   "receive buffer held and dropped them (netlink_broadcast). Its buffer "
			   "size is not known.");
		nw_x_fix(c,
			 "Size the socket's SO_RCVBUF for the burst (or do not set it: the default "
			 "is rmem_default), "
			 "and on ENOBUFS re-read the full state (dump) because events were lost.");
		nw_x_check(c, "the Drops column of /proc/net/netlink for that socket stays at 0");
		return NW_RULE_CAUSE;
	}
	tiny = si->last.rcvbuf <= 4608;
	{
		const struct nw_sock_model *sm = nw_models_sock(c->m);
		uint64_t nerr = 0, last = 0;

		for (size_t i = 0; i < nw_sock_model_capacity(sm); i++) {
			const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);
			const struct nw_sock_errno_count *ec;

			if (!r || r->family != AF_NETLINK ||
			    (r->key.pid != si->last.pid && r->nl_portid != si->last.nl_portid))
				continue;
			ec = nw_sock_rec_errno(r, ENOBUFS);
			if (ec) {
				nerr += ec->count;
				last = ec->last_id;
			}
		}
		if (nerr)
			nw_x_cite(nw_x_step(c, NW_CL_NETLINK,
					    "Its recv() failed with ENOBUFS %" PRIu64 " time%s.",
					    nerr, nerr == 1 ? "" : "s"),
				  last);
	}
	s = nw_x_step(c, NW_CL_NETLINK,
		      "Netlink socket portid %" PRIu32 " (%s, groups 0x%" PRIx32 ") of pid "
		      "%" PRIu32 " %.16s: rcvbuf %" PRIu32 " bytes, in use %" PRIu32
		      ", drops %" PRIu32 " (+%" PRIu64 " while watched).",
		      si->last.nl_portid,
		      nl_proto_name(si->last.sk_protocol, true, what, sizeof(what)),
		      si->last.nl_groups, si->last.pid, si->last.comm, si->last.rcvbuf,
		      si->last.rmem, si->last.drops, si->drops_delta);
	nw_x_cite(s, si->last_drop_id);
	nw_x_cite(s, si->last_id);
	nw_x_cite(s, c->f->last_event_id);
	snprintf(obj, sizeof(obj), "%s socket portid %" PRIu32 " of pid %" PRIu32 " (%.16s)%s",
		 nl_proto_name(si->last.sk_protocol, false, proto, sizeof(proto)),
		 si->last.nl_portid, si->last.pid, si->last.comm, ns);
	nw_x_cause(c, NW_CL_NETLINK, obj,
		   "The listener's receive buffer is %" PRIu32
		   " bytes%s; a burst of notifications did not fit, the "
		   "kernel dropped %" PRIu64 " (sk_drops) and the next recv() returns ENOBUFS.",
		   si->last.rcvbuf,
		   tiny ? ": the program set a tiny SO_RCVBUF (the kernel doubles the value asked "
			  "for and raises it to at "
			  "least 2304 bytes, SOCK_MIN_RCVBUF), far below the ~200 KB default "
			  "(net.core.rmem_default)"
			: "",
		   si->drops_delta ? si->drops_delta : si->last.drops);
	nw_x_fix(c,
		 "%s and handle ENOBUFS by re-reading the full state (a dump), since notifications "
		 "were lost.",
		 tiny ? "Remove the setsockopt(SO_RCVBUF) call (or size it for the burst, e.g. 1 "
			"MB with SO_RCVBUFFORCE)"
		      : "Raise the socket's SO_RCVBUF for the burst (net.core.rmem_max caps it "
			"unless SO_RCVBUFFORCE)");
	nw_x_check(c, "the Drops column of /proc/net/netlink (ss -f netlink -m: d) stays flat "
		      "during the burst");
	return NW_RULE_CAUSE;
}

static const struct nw_rule rules[] = {
    {"netlink.rcvbuf_overrun", NW_CL_NETLINK, NW_STAGE_NETLINK, 0, r_netlink_overrun,
     "a netlink listener's receive buffer overran (ENOBUFS, sk_drops), SO_RCVBUF doubled and "
     "clamped",
     "remove or size SO_RCVBUF; resync on ENOBUFS"},
};

const struct nw_rule_set nw_rules_netlink = {rules, NW_ARRAY_SIZE(rules)};
