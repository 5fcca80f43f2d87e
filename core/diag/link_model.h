/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The link model: per (namespace, ifindex) the interface's name, kind,
 * flags, tx_queue_len and its MAC history (which MAC it had, from when to
 * when), so "frames arrive for a MAC this interface had before" can be
 * proved; and the addresses netwhy saw the namespace use as a source (its
 * own addresses, as far as the evidence shows).
 */
#ifndef NW_CORE_LINK_MODEL_H
#define NW_CORE_LINK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

#define NW_LINK_MAC_HIST 8

struct nw_link_mac_era {
	struct nw_mac mac;
	uint64_t from_ts, until_ts; /* until_ts 0: current */
	uint64_t from_id;	    /* event that reported it */
};

struct nw_link_key {
	uint64_t netns_ino;
	uint32_t ifindex;
	uint32_t pad;
};

struct nw_link_rec {
	struct nw_link_key key;
	char ifname[NW_IFNAMSIZ];
	char kind[16];
	uint32_t flags, mtu, txqlen;
	int32_t master;
	uint8_t operstate;
	struct nw_mac mac;
	struct nw_link_mac_era hist[NW_LINK_MAC_HIST];
	uint32_t nhist; /* eras ever; the last NW_LINK_MAC_HIST kept */
	uint64_t last_mac_change_ts, last_mac_change_id;
	/* when IFF_UP or IFF_LOWER_UP last changed (or was first seen) */
	uint64_t updown_ts, updown_id;
	uint64_t first_ts, last_ts, last_id;
	bool deleted;
	bool seen_by_netlink;
};

struct nw_local_addr_key {
	uint64_t netns_ino;
	struct nw_addr addr;
};

struct nw_local_addr {
	struct nw_local_addr_key key;
	uint32_t ifindex;
	struct nw_mac mac; /* the MAC it was sent from, when seen */
	uint64_t first_ts, last_ts, last_id;
};

struct nw_link_model;

struct nw_link_model *nw_link_model_new(size_t capacity);
void nw_link_model_free(struct nw_link_model *m);
/* Link events; packets leaving (dir out) teach the namespace's own addresses. */
void nw_link_model_on_event(struct nw_link_model *m, const struct nw_event *ev);

const struct nw_link_rec *nw_link_model_find(const struct nw_link_model *m, uint64_t netns_ino,
					     uint32_t ifindex);
/* A link whose name is ifname in that namespace. */
const struct nw_link_rec *nw_link_model_by_name(const struct nw_link_model *m, uint64_t netns_ino,
						const char *ifname);
/* The link that had mac before (not now), NULL if none: any namespace when netns_ino is 0. */
const struct nw_link_rec *nw_link_model_had_mac(const struct nw_link_model *m, uint64_t netns_ino,
						const struct nw_mac *mac,
						const struct nw_link_mac_era **era);
/* The link whose current MAC is mac. */
const struct nw_link_rec *nw_link_model_has_mac(const struct nw_link_model *m,
						const struct nw_mac *mac);
size_t nw_link_model_capacity(const struct nw_link_model *m);
const struct nw_link_rec *nw_link_model_slot(const struct nw_link_model *m, size_t i);
uint64_t nw_link_model_evicted(const struct nw_link_model *m);

/* Addresses the namespace sent from (netns 0: any namespace). */
const struct nw_local_addr *nw_link_model_local_addr(const struct nw_link_model *m,
						     uint64_t netns_ino,
						     const struct nw_addr *addr);
/* The namespace sent from an address of that family on that interface. */
bool nw_link_model_sends_from(const struct nw_link_model *m, uint64_t netns_ino, uint32_t ifindex,
			      uint8_t family);
/* The i-th kept era of l, 0 = oldest. */
const struct nw_link_mac_era *nw_link_rec_era(const struct nw_link_rec *l, size_t i);
size_t nw_link_rec_neras(const struct nw_link_rec *l);

#endif
