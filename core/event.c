// SPDX-License-Identifier: GPL-2.0-or-later
/* Event header helpers and the stable names used in JSON. */
#include <string.h>

#include "core/event.h"
#include "core/util.h"

void nw_event_init(struct nw_event *ev, enum nw_event_type type, enum nw_origin origin)
{
	nw_event_init_ts(ev, type, origin, nw_now_mono());
}

void nw_event_init_ts(struct nw_event *ev, enum nw_event_type type, enum nw_origin origin,
		      uint64_t ts)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = (uint8_t)type;
	ev->origin = (uint8_t)origin;
	ev->ts = ts;
	if (type == NW_EV_QDISC)
		ev->u.qdisc.direct_qlen = UINT32_MAX; /* "not htb / unknown" is not 0 */
	if (type == NW_EV_SOCK_ERR) {
		ev->u.sock.fd = -1;
		ev->u.sock.syscall = -1;
	}
}

const char *nw_event_type_name(enum nw_event_type type)
{
	static const char *const names[NW_EV_COUNT] = {
		[NW_EV_PACKET] = "packet",	   [NW_EV_NEIGH] = "neigh", [NW_EV_NEIGH_TABLE] = "neigh_table",
		[NW_EV_QDISC] = "qdisc",	   [NW_EV_DROP] = "drop",   [NW_EV_SOCK_ERR] = "sock_err",
		[NW_EV_LINK] = "link",		   [NW_EV_SOURCE] = "source", [NW_EV_SOCK_INFO] = "sock",
		[NW_EV_COUNTER] = "counter",	   [NW_EV_FINDING] = "finding", [NW_EV_EXPLANATION] = "explanation",
		[NW_EV_ROUTE] = "route",
	};

	if ((unsigned)type < NW_EV_COUNT && names[type])
		return names[type];
	return "unknown";
}

const char *nw_origin_name(enum nw_origin origin)
{
	static const char *const names[NW_ORIGIN_COUNT] = {
		[NW_ORIGIN_NETLINK] = "netlink", [NW_ORIGIN_BPF] = "bpf",	  [NW_ORIGIN_PCAP] = "pcap",
		[NW_ORIGIN_PROC] = "proc",	 [NW_ORIGIN_REPLAY] = "replay",
	};

	if ((unsigned)origin < NW_ORIGIN_COUNT && names[origin])
		return names[origin];
	return "unknown";
}

const char *nw_source_state_name(enum nw_source_state state)
{
	static const char *const names[NW_SOURCE_STATE_COUNT] = {
		[NW_SOURCE_STARTING] = "starting", [NW_SOURCE_RUNNING] = "running",
		[NW_SOURCE_DEGRADED] = "degraded", [NW_SOURCE_OFF] = "off",
		[NW_SOURCE_GONE] = "gone",	   [NW_SOURCE_RESYNC] = "resync",
	};

	if ((unsigned)state < NW_SOURCE_STATE_COUNT && names[state])
		return names[state];
	return "unknown";
}

const char *nw_finding_kind_name(enum nw_finding_kind kind)
{
	static const char *const names[NW_FIND_KIND_COUNT] = {
		[NW_FIND_SOCK_ERRNO] = "sock_errno",
		[NW_FIND_NEIGH_FAILED] = "neigh_failed",
		[NW_FIND_MAC_MISMATCH] = "mac_mismatch",
		[NW_FIND_QDISC_CTRL_DROP] = "qdisc_control_drop",
		[NW_FIND_NEIGH_TABLE_FULL] = "neigh_table_overflow",
		[NW_FIND_NETLINK_OVERRUN] = "netlink_overrun",
		[NW_FIND_SILENT_DROP] = "silent_drop",
		[NW_FIND_DROP] = "drop",
	};

	return (unsigned)kind < NW_FIND_KIND_COUNT ? names[kind] : "unknown";
}

const char *nw_cause_layer_name(enum nw_cause_layer layer)
{
	static const char *const names[NW_CL_COUNT] = {
		[NW_CL_LINK] = "link",		 [NW_CL_L2] = "l2",
		[NW_CL_NEIGH] = "neigh",	 [NW_CL_QDISC] = "qdisc",
		[NW_CL_NETFILTER] = "netfilter", [NW_CL_ROUTE] = "route",
		[NW_CL_SOCKET] = "socket",	 [NW_CL_NETLINK] = "netlink",
	};

	return (unsigned)layer < NW_CL_COUNT ? names[layer] : "unknown";
}
