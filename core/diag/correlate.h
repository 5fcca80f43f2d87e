/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The models together, fed by the bus, and the joins between them.
 *
 * nw_models_new() subscribes to the bus; every event updates the models
 * (neighbour, qdisc, socket, drop, link, route), the counters and the sources'
 * health, then the detectors raise findings.  Findings are submitted to the
 * bus by nw_models_flush(), which the owner calls from the loop (not from a
 * bus callback), e.g. after each batch of source events.
 *
 * Correlation joins events by namespace, interface, IP and MAC, socket
 * identity, skb address and time window; the nw_corr_* functions are the
 * joins the explain rules use, each returning the event ids that prove it.
 *
 * Everything is bounded; every store counts what it evicted.
 *
 * Wiring (main.c):
 *	struct nw_models *m = nw_models_new(bus, NULL);    after nw_names_init_system()
 *	... each loop batch:   nw_models_flush(m);          findings become bus events
 *	... headless explain:  nw_explain_pending(m, nw_now_mono(), 2 s, false, print, arg);
 *	... at the end:        nw_explain_pending(m, 0, 0, true, print, arg);
 *	                       nw_report_write(file, m, &info);
 *	nw_models_free(m) before nw_bus_free(bus).
 * The TUI reads the models through the const getters below.
 */
#ifndef NW_CORE_CORRELATE_H
#define NW_CORE_CORRELATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag/drop_model.h"
#include "core/event.h"
#include "core/diag/findings.h"
#include "core/diag/link_model.h"
#include "core/diag/neigh_model.h"
#include "core/diag/qdisc_model.h"
#include "core/diag/route_model.h"
#include "core/diag/sock_model.h"

struct nw_bus;

struct nw_models_opts {
	size_t neigh_capacity;	  /* neighbour entries (4096) */
	size_t qdisc_capacity;	  /* qdiscs and classes (1024) */
	size_t sock_capacity;	  /* sockets (1024) */
	size_t drop_capacity;	  /* (reason, netns, dev) counters (1024) */
	size_t drop_ring;	  /* latest drops kept (4096) */
	size_t link_capacity;	  /* interfaces (1024) */
	size_t packet_ring;	  /* ARP/NDP and mismatching frames kept (4096) */
	size_t findings_capacity; /* (512) */
	uint64_t window_ns;	  /* how far apart evidence may be to join (10 s) */
	uint32_t noise_drop_min;  /* drops of a routine reason before they become a finding (50) */
};

/* Evidence sources, for "what is missing". */
enum nw_evsrc {
	NW_EVSRC_CAPTURE,  /* pcap: packets on the wire */
	NW_EVSRC_DROPS,	   /* bpf:drops, skb:kfree_skb */
	NW_EVSRC_NEIGH,	   /* bpf:neigh or netlink neighbours */
	NW_EVSRC_QDISC,	   /* netlink qdisc statistics and options */
	NW_EVSRC_SOCK,	   /* bpf:sockets, failed syscalls */
	NW_EVSRC_SOCKDIAG, /* sock_diag snapshots */
	NW_EVSRC_TABLE,	   /* neighbour table statistics */
	NW_EVSRC_LINK,	   /* links and their MACs */
	NW_EVSRC_COUNTERS, /* /proc/net/snmp ... */
	NW_EVSRC_COUNT
};

struct nw_counter_key {
	uint64_t netns_ino;
	char name[40];
};

struct nw_counter_rec {
	struct nw_counter_key key;
	uint64_t value;
	uint64_t delta_total; /* increases seen (the first reading is a baseline) */
	uint64_t first_delta_ts, last_delta_ts, last_delta_id;
};

struct nw_models;

/* bus may be NULL (tests, replay tools): feed with nw_models_on_event() then. opts NULL = defaults.
 */
struct nw_models *nw_models_new(struct nw_bus *bus, const struct nw_models_opts *opts);
void nw_models_free(struct nw_models *m);
void nw_models_on_event(struct nw_models *m, const struct nw_event *ev);
/* Submits pending findings to the bus (or just marks them when there is no bus); returns how many.
 */
size_t nw_models_flush(struct nw_models *m);

const struct nw_neigh_model *nw_models_neigh(const struct nw_models *m);
const struct nw_qdisc_model *nw_models_qdisc(const struct nw_models *m);
const struct nw_sock_model *nw_models_sock(const struct nw_models *m);
const struct nw_drop_model *nw_models_drop(const struct nw_models *m);
const struct nw_link_model *nw_models_link(const struct nw_models *m);
/* Routes, rules and FIB lookup answers (sized like the link model). */
const struct nw_route_model *nw_models_route(const struct nw_models *m);
const struct nw_findings *nw_models_findings(const struct nw_models *m);
struct nw_findings *nw_models_findings_rw(struct nw_models *m);
const struct nw_models_opts *nw_models_get_opts(const struct nw_models *m);
/* Records all stores evicted to stay within their bounds (for the header's "lost" count). */
uint64_t nw_models_evicted(const struct nw_models *m);
/* Bytes the stores take at these capacities (opts NULL = defaults), to size them under --mem-cap.
 */
size_t nw_models_mem_estimate(const struct nw_models_opts *opts);

/* The event with that id if the bus still holds it (NULL without a bus). */
const struct nw_event *nw_models_event(const struct nw_models *m, uint64_t id);

/* Counters. */
const struct nw_counter_rec *nw_models_counter(const struct nw_models *m, uint64_t netns_ino,
					       const char *name);
size_t nw_models_counter_capacity(const struct nw_models *m);
const struct nw_counter_rec *nw_models_counter_slot(const struct nw_models *m, size_t i);

/* Latest ARP/NDP frames and frames with a destination-MAC mismatch (packet events), 0 = oldest. */
size_t nw_models_npackets(const struct nw_models *m);
const struct nw_event *nw_models_packet(const struct nw_models *m, size_t i);

/*
 * Whether a source was there: it reported running/degraded, or its events
 * arrived.  For the capture, per interface (netns, ifindex; 0 = any).
 * When not, why[] says what is missing and how to get it.
 */
bool nw_models_have(const struct nw_models *m, enum nw_evsrc src, uint64_t netns_ino,
		    uint32_t ifindex, char *why, size_t why_size);

/* --- joins for the explain rules ------------------------------------------------ */

#define NW_CORR_MAX 16

struct nw_corr_set {
	size_t n;
	uint64_t total; /* matches, including those past NW_CORR_MAX */
	const struct nw_event *ev[NW_CORR_MAX];
};

/* Drops (type DROP) in [from, to] matched by fn; netns 0 = any. */
typedef bool (*nw_corr_pred)(const struct nw_event *ev, const void *arg);
void nw_corr_drops(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
		   const void *arg, struct nw_corr_set *out);
/* Per-packet qdisc drops (type QDISC op DROP) in [from, to] matched by fn. */
void nw_corr_qdisc_drops(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
			 const void *arg, struct nw_corr_set *out);
/* Kept packets in [from, to] matched by fn. */
void nw_corr_packets(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
		     const void *arg, struct nw_corr_set *out);

/* ARP/NDP requests for e's address dropped before they left (same namespace). */
void nw_corr_neigh_requests_dropped(const struct nw_models *m, const struct nw_neigh_entry *e,
				    uint64_t from, uint64_t to, struct nw_corr_set *out);
/* ARP/NDP replies from e's address dropped anywhere in scope (a reply is often dropped in the
 * peer's namespace). */
void nw_corr_neigh_replies_dropped(const struct nw_models *m, const struct nw_neigh_entry *e,
				   uint64_t from, uint64_t to, struct nw_corr_set *out);
/* The per-packet qdisc drop event recorded with drop d (same skb time and place), NULL if none. */
const struct nw_event *nw_corr_qdisc_of_drop(const struct nw_models *m, const struct nw_event *d);

/* Neighbour entries of that namespace that went FAILED in [from, to]; ip first when given. */
size_t nw_corr_failed_neighs(const struct nw_models *m, uint64_t netns_ino,
			     const struct nw_addr *ip, uint64_t from, uint64_t to,
			     const struct nw_neigh_entry **out, size_t max);

/* Neighbour-table overflow evidence in [from, to] (any namespace: the table is shared). */
struct nw_corr_overflow {
	const struct nw_neigh_table_rec *table; /* the table with the most table_fulls increase */
	uint64_t table_fulls, forced_gc, create_fail;
	struct nw_corr_set createfail_drops;	 /* NEIGH_CREATEFAIL drops */
	const struct nw_counter_rec *proc_fulls; /* arp_cache.table_fulls counter (global) */
	/* the namespace/device owning most entries of that family, NOARP ones counted apart */
	uint64_t top_netns;
	uint32_t top_ifindex;
	char top_ifname[NW_IFNAMSIZ];
	uint32_t top_entries, top_noarp, all_entries;
};
bool nw_corr_table_overflow(const struct nw_models *m, uint8_t family, uint64_t from, uint64_t to,
			    struct nw_corr_overflow *out);

/* True when the drop reason's name (runtime table) is name or starts with prefix when name ends
 * with '*'. */
bool nw_drop_reason_is(uint32_t reason, const char *name);

#endif
