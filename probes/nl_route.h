/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The FIB lookup of probes/nl_route.c, for the netlink source: `ip route get
 * TARGET` on a request socket of the namespace (the socket's receive timeout
 * bounds the wait).  Returns 0 with *ev an NW_EV_ROUTE of op LOOKUP (error =
 * the lookup's positive errno, 0 when a route was found; the matched route's
 * fields when the kernel names it; ifindex set, ifname and netns left to the
 * caller), or -errno when the kernel could not be asked (no answer).
 */
#ifndef NW_PROBES_NL_ROUTE_H
#define NW_PROBES_NL_ROUTE_H

#include "core/event.h"

struct nl_sock;

int nw_nl_route_lookup(struct nl_sock *sk, const struct nw_addr *target, struct nw_event *ev);

#endif
