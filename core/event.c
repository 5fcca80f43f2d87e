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
