/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The netlink source: in every namespace in scope, links, neighbours,
 * qdiscs and classes, routes and rules (dump, then the live stream), the neighbour tables
 * (polled), sockets through sock_diag (polled) and /proc drop counters
 * (polled), submitted to the bus as events.  Runs on the caller's loop.
 *
 * Health is reported as `source` events named "netlink:<netns>":
 * RUNNING when a namespace is being watched, RESYNC when our listener
 * overran (ENOBUFS) and everything was dumped again, GONE when the
 * namespace disappeared, OFF/DEGRADED with the cause and the fix.
 *
 * Scope `all` follows namespaces created and deleted while running
 * (inotify on /run/netns and a periodic scan of /proc).
 */
#ifndef NW_PROBES_NL_SOURCE_H
#define NW_PROBES_NL_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_loop;
struct nw_bus;
struct nw_netns_set;
struct nw_nl_source;

/*
 * Opens the source on scope (copied; an empty set means the namespace
 * netwhy runs in).  The initial dumps are submitted before this returns.
 * Returns NULL with errno set only when nothing at all can be watched;
 * a namespace that cannot be entered reports itself with a source event.
 */
struct nw_nl_source *nw_nl_source_open(struct nw_loop *loop, struct nw_bus *bus, const struct nw_netns_set *scope);
void nw_nl_source_close(struct nw_nl_source *src);

struct nw_nl_source_stats {
	size_t namespaces;  /* being watched now */
	uint64_t events;    /* submitted */
	uint64_t resyncs;   /* ENOBUFS on our listeners, each followed by a full dump */
	uint64_t malformed; /* messages that failed to decode (never silently skipped) */
};
void nw_nl_source_get_stats(const struct nw_nl_source *src, struct nw_nl_source_stats *st);

/* The MACs a link had before its current one, newest first; returns how many (<= max). */
size_t nw_nl_source_link_macs(const struct nw_nl_source *src, uint64_t netns_ino, uint32_t ifindex,
			      struct nw_mac *out, size_t max);

/*
 * Asks the FIB of that namespace about target (`ip route get`) and submits
 * the answer as an NW_EV_ROUTE of op LOOKUP.  Blocks for the kernel's
 * answer (bounded by the request socket's timeout); call it from the loop,
 * never from a bus subscriber.  -ENOENT when the namespace is not watched.
 */
int nw_nl_source_route_lookup(struct nw_nl_source *src, uint64_t netns_ino, const struct nw_addr *target);

#endif
