/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Asks the netlink source for the FIB lookup (`ip route get`) of each
 * destination a socket failed to reach with a routing errno, or whose
 * packets were dropped for want of a route; the answers become NW_EV_ROUTE
 * events of op LOOKUP on the bus (and in a recording).  Live only: a replay
 * has the answers in its events.
 */
#ifndef NW_CLI_ROUTE_LOOKUP_H
#define NW_CLI_ROUTE_LOOKUP_H

struct nw_loop;
struct nw_bus;
struct nw_nl_source;

/* nl NULL: nothing is asked. */
void nw_route_lookup_start(struct nw_loop *loop, struct nw_bus *bus, struct nw_nl_source *nl);
/* Before the netlink source is closed. */
void nw_route_lookup_stop(void);

#endif
