/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the netlink source (nl_source.h), shared by its two files:
 *   nl_source.c      namespaces and their sockets, dumps, polls, the live
 *                    stream and its resync, the source's lifecycle
 *   nl_source_msg.c  one message, from a dump or the stream: decoded
 *                    (nl_decode.h), compared with the last state (nl_tab.h),
 *                    and submitted as events
 */
#ifndef NW_PROBES_NL_SOURCE_INT_H
#define NW_PROBES_NL_SOURCE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "probes/netns.h"
#include "probes/nl_tab.h"

struct nl_sock;
struct nw_loop;
struct nw_bus;
struct nw_proc_counters;

#define NL_TICK_NS (500ULL * 1000 * 1000) /* liveness checks; polls run every other tick */
#define NL_RCVBUF (8 << 20)               /* our listeners: a burst of thousands of neighbours fits */
#define NL_BUF (64 * 1024)
#define NL_NEIGH_POLL_MAX 4096          /* above this many entries, neighbours are polled every 5 s */
#define NL_MAX_READS 64                   /* per wake-up, so one busy namespace cannot starve the loop */

struct nl_ns {
	struct nw_nl_source *src;
	struct nw_netns info;
	int nsfd;
	struct nl_sock *ev_sk, *req_sk, *diag_sk;
	struct nw_proc_counters *pc;
	struct nl_tab links, neighs, qdiscs, socks;
	bool snapshot; /* the first dump: report everything as SNAPSHOT */
	bool socks_primed;
	bool stale;    /* a dump stayed interrupted: dump again at the next tick */
	uint32_t warned;   /* WARN_* bits: a failing poll is logged once, not every second */
	uint8_t diag_off;  /* sock_diag requests the kernel refused (bit i = request i) */
	uint64_t resyncs;
	char srcname[32];
};

struct nw_nl_source {
	struct nw_loop *loop;
	struct nw_bus *bus;
	bool all;
	struct nl_ns **ns;
	size_t nns, capns;
	struct nw_netns_set *wanted; /* explicit scope */
	struct nw_netns_set *failed; /* scope all: namespaces that could not be opened, not retried */
	int64_t timer;
	uint64_t ticks;
	int ino_fd, ino_wd;
	uint64_t init_ino;
	struct nl_tab tables; /* neighbour tables, global */
	bool global_taken; /* one namespace reads /proc/net/stat/arp_cache */
	uint64_t events, malformed, resyncs;
	uint8_t *buf;
};

/* nl_source_msg.c: an event to the bus, counted; a `source` event (logged when not running). */
void nl_submit(struct nw_nl_source *src, struct nw_event *ev);
/* A route, rule or lookup answer of ns, its outgoing interface named (probes/nl_route.c). */
void nl_route_submit(struct nl_ns *ns, struct nw_event *ev);
void nl_source_event(struct nw_nl_source *src, uint64_t netns_ino, const char *name,
		     enum nw_source_state state, uint64_t lost, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/*
 * Feeds every message of a buffer (one recv) to its handler; returns 1 at
 * NLMSG_DONE, -errno on NLMSG_ERROR, else 0; *intr set when a dump was
 * interrupted.  Messages of another seq are skipped when check_seq is set.
 */
int nl_feed(struct nl_ns *ns, const uint8_t *buf, size_t n, uint32_t seq, bool check_seq,
	    uint16_t inet_proto, bool *intr);
/* nl_tab_sweep() callbacks: what vanished while we were not listening, reported gone. */
void nl_link_gone(struct nl_tab_entry *e, void *arg);
void nl_neigh_gone(struct nl_tab_entry *e, void *arg);
void nl_qdisc_gone(struct nl_tab_entry *e, void *arg);
void nl_sock_gone(struct nl_tab_entry *e, void *arg);

#endif
