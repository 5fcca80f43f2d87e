/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qdisc model: one record per (namespace, device, handle, qdisc/class)
 * with the latest statistics, the drops that appeared between snapshots,
 * kind-specific options (HTB direct_qlen, default class) and, from the
 * per-packet drop events, what was dropped: ARP requests and replies, NDP,
 * TCP SYNs, other TCP, UDP, ICMP.  A bounded ring keeps the latest
 * per-packet drops for correlation.
 */
#ifndef NW_CORE_QDISC_MODEL_H
#define NW_CORE_QDISC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

/* What a packet was, for "what did the qdisc drop". */
enum nw_pktclass {
	NW_PKT_ARP_REQUEST,
	NW_PKT_ARP_REPLY,
	NW_PKT_ARP_OTHER,
	NW_PKT_NDP, /* ICMPv6 router/neighbour solicitation/advertisement, redirect */
	NW_PKT_TCP_SYN,
	NW_PKT_TCP,
	NW_PKT_UDP,
	NW_PKT_ICMP,
	NW_PKT_OTHER,
	NW_PKTCLASS_COUNT
};

enum nw_pktclass nw_pktclass_of(uint32_t ethertype, uint16_t arp_op, uint8_t l4proto,
				uint8_t tcp_flags);
const char *nw_pktclass_name(enum nw_pktclass c); /* "ARP reply" ... */
/* ARP and NDP: the traffic the neighbour layer needs. */
bool nw_pktclass_is_control(enum nw_pktclass c);

struct nw_qdisc_key {
	uint64_t netns_ino;
	uint32_t ifindex;
	uint32_t handle;
	uint8_t is_class;
	uint8_t pad[7];
};

struct nw_qdisc_rec {
	struct nw_qdisc_key key;
	char ifname[NW_IFNAMSIZ];
	char kind[16];
	uint32_t parent;
	struct nw_qdisc_ev last; /* latest statistics snapshot (op STATS) */
	bool have_stats;
	uint64_t stats_ts, stats_id;
	uint64_t drops_delta; /* drop counter increases seen between snapshots */
	uint64_t last_drop_delta_ts, last_drop_delta_id;
	uint64_t pkt_drops[NW_PKTCLASS_COUNT]; /* per-packet drops by what was dropped */
	uint64_t pkt_drop_last_id[NW_PKTCLASS_COUNT];
	uint64_t pkt_drops_total;
	uint64_t first_pkt_drop_ts, last_pkt_drop_ts;
	bool deleted;
};

struct nw_qdisc_model;

struct nw_qdisc_model *nw_qdisc_model_new(size_t capacity, size_t drop_ring);
void nw_qdisc_model_free(struct nw_qdisc_model *m);
void nw_qdisc_model_on_event(struct nw_qdisc_model *m, const struct nw_event *ev);

const struct nw_qdisc_rec *nw_qdisc_model_find(const struct nw_qdisc_model *m, uint64_t netns_ino,
					       uint32_t ifindex, uint32_t handle, bool is_class);
/* The root qdisc of a device (parent root), NULL when not seen. */
const struct nw_qdisc_rec *nw_qdisc_model_root(const struct nw_qdisc_model *m, uint64_t netns_ino,
					       uint32_t ifindex);
size_t nw_qdisc_model_capacity(const struct nw_qdisc_model *m);
const struct nw_qdisc_rec *nw_qdisc_model_slot(const struct nw_qdisc_model *m, size_t i);
uint64_t nw_qdisc_model_evicted(const struct nw_qdisc_model *m);

/* Latest per-packet qdisc drop events (type NW_EV_QDISC, op DROP), 0 = oldest kept. */
size_t nw_qdisc_model_ndrops(const struct nw_qdisc_model *m);
const struct nw_event *nw_qdisc_model_drop_at(const struct nw_qdisc_model *m, size_t i);
uint64_t nw_qdisc_model_drops_evicted(const struct nw_qdisc_model *m);

/* "htb 8003:" into buf (tc spelling of a handle). */
char *nw_tc_handle_fmt(uint32_t handle, char *buf, size_t size);

#endif
