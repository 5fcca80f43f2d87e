/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The neighbour model: one record per (namespace, interface, IP) with its
 * current state, a bounded timeline of transitions (state, probes, time,
 * event id) and the evidence linked to it as it arrives: ARP/NDP requests
 * seen going out, replies seen coming in.  Drops are linked at explain time
 * (core/diag/correlate.h) because a reply is often dropped in another namespace.
 * Neighbour tables (RTM_GETNEIGHTBL) are kept per namespace and family with
 * the deltas of their overflow counters.
 *
 * Fed by nw_neigh_model_on_event(); read through the const functions.
 */
#ifndef NW_CORE_NEIGH_MODEL_H
#define NW_CORE_NEIGH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* NUD_* bits (UAPI <linux/neighbour.h>, stable since 2.2): the model must tell FAILED from the
 * rest. */
#define NW_NUD_INCOMPLETE 0x01
#define NW_NUD_REACHABLE 0x02
#define NW_NUD_STALE 0x04
#define NW_NUD_DELAY 0x08
#define NW_NUD_PROBE 0x10
#define NW_NUD_FAILED 0x20
#define NW_NUD_NOARP 0x40
#define NW_NUD_PERMANENT 0x80
#define NW_IFF_NOARP 0x80 /* IFF_NOARP */

#define NW_NEIGH_TL_MAX 32

struct nw_neigh_transition {
	uint64_t ts, ev_id;
	uint16_t state, prev_state;
	uint32_t probes;
	int32_t error;
	uint8_t op; /* enum nw_neigh_op */
	uint8_t by_admin; /* an administrator's change (nw_neigh_ev.by_admin) */
	struct nw_mac lladdr;
};

/* Packets linked to an entry: how many, when, the last one's event id. */
struct nw_neigh_link {
	uint64_t count;
	uint64_t first_ts, last_ts;
	uint64_t first_id, last_id;
};

struct nw_neigh_key {
	uint64_t netns_ino;
	uint32_t ifindex;
	uint32_t pad;
	struct nw_addr ip;
};

struct nw_neigh_entry {
	struct nw_neigh_key key; /* first: kstore key */
	char ifname[NW_IFNAMSIZ];
	uint8_t family;
	uint16_t state;
	uint16_t flags;
	uint32_t probes, max_probes;
	uint32_t dev_flags;
	struct nw_mac lladdr;
	uint64_t first_ts, last_ts, last_id;
	uint32_t failed_count;
	uint64_t last_failed_ts, last_failed_id;
	uint64_t incomplete_since; /* ts of the last move into INCOMPLETE, 0 if none */
	/* timeline: tl_total transitions ever, the last NW_NEIGH_TL_MAX kept */
	struct nw_neigh_transition tl[NW_NEIGH_TL_MAX];
	uint64_t tl_total;
	/* linked packets (capture) */
	struct nw_neigh_link req_out, reply_in;
	/* the same, seen in frames whose direction is not known (a capture without it): not counted above */
	struct nw_neigh_link req_seen, reply_seen;
	struct nw_addr req_spa; /* the sender address our requests carried */
	struct nw_mac req_sha;
	bool deleted;
};

struct nw_neigh_table_key {
	uint64_t netns_ino;
	uint8_t family;
	uint8_t pad[7];
};

struct nw_neigh_table_rec {
	struct nw_neigh_table_key key;
	struct nw_neigh_table_ev first, last; /* first and latest snapshot */
	uint64_t ts_first, ts_last, last_id;
	uint64_t table_fulls_delta, forced_gc_delta, res_failed_delta; /* increases seen */
	uint64_t last_full_ts, last_full_id; /* last snapshot where table_fulls rose */
	uint32_t max_entries;
	/* The snapshot where table_fulls last rose, else the one with the most entries: its
	 * thresholds are those in force when the table overflowed. */
	struct nw_neigh_table_ev at_full;
	uint64_t at_full_id;
	bool reached_thresh3; /* a snapshot had entries >= its own gc_thresh3 */
	uint64_t create_fail; /* neigh_create failures (tracepoint) in this netns */
	uint64_t last_create_fail_ts, last_create_fail_id;
};

struct nw_neigh_model;

struct nw_neigh_model *nw_neigh_model_new(size_t capacity);
void nw_neigh_model_free(struct nw_neigh_model *m);

/* Neighbour, neighbour table and packet (ARP/NDP) events; others are ignored. */
void nw_neigh_model_on_event(struct nw_neigh_model *m, const struct nw_event *ev);
/* Set when the last nw_neigh_model_on_event() moved an entry into FAILED: that entry, else NULL. */
const struct nw_neigh_entry *nw_neigh_model_last_failed(const struct nw_neigh_model *m);

const struct nw_neigh_entry *nw_neigh_model_find(const struct nw_neigh_model *m, uint64_t netns_ino,
						 uint32_t ifindex, const struct nw_addr *ip);
/* Iteration over slots: i from 0 to capacity; NULL for an empty slot. */
size_t nw_neigh_model_capacity(const struct nw_neigh_model *m);
const struct nw_neigh_entry *nw_neigh_model_slot(const struct nw_neigh_model *m, size_t i);
size_t nw_neigh_model_count(const struct nw_neigh_model *m);
uint64_t nw_neigh_model_evicted(const struct nw_neigh_model *m);

/* The i-th kept transition of e, 0 = oldest kept; NULL past the end. */
const struct nw_neigh_transition *nw_neigh_entry_transition(const struct nw_neigh_entry *e,
							    size_t i);
size_t nw_neigh_entry_ntransitions(const struct nw_neigh_entry *e);

/* Tables: iterate slots the same way. */
size_t nw_neigh_model_table_capacity(const struct nw_neigh_model *m);
const struct nw_neigh_table_rec *nw_neigh_model_table_slot(const struct nw_neigh_model *m,
							   size_t i);
const struct nw_neigh_table_rec *nw_neigh_model_table(const struct nw_neigh_model *m,
						      uint64_t netns_ino, uint8_t family);

/* True when a and b are the same address (family and bytes). */
bool nw_addr_eq(const struct nw_addr *a, const struct nw_addr *b);
bool nw_mac_eq(const struct nw_mac *a, const struct nw_mac *b);
/* Unicast (not group bit) and non-zero. */
bool nw_mac_is_unicast(const struct nw_mac *m);

#endif
