/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The netlink source's memory of what it last reported, per namespace:
 * a hash table from a small fixed key (ifindex; ifindex+family+address;
 * ifindex+handle+parent; socket inode) to the last event.  Comparing a new
 * event with it gives transitions (prev_state, prev_mac) and suppresses
 * repeats; a generation mark per dump finds what disappeared while we were
 * not listening (after ENOBUFS, or a DEL we never get for qdisc polls).
 *
 * Not core/kstore.c, though the hash is the same (nw_hash_bytes under a
 * per-table seed: a neighbour's address can be chosen by a sender on the
 * link): this table is unbounded (it mirrors the kernel's objects, which the
 * kernel bounds), deletes, and sweeps.  A sweep visits entries in hash
 * order, which is arbitrary.
 */
#ifndef NW_PROBES_NL_TAB_H
#define NW_PROBES_NL_TAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

#define NL_TAB_KEY 24
#define NL_TAB_MACS 4 /* previous MACs remembered per link */

struct nl_tab_entry {
	struct nl_tab_entry *next;
	uint8_t key[NL_TAB_KEY];
	uint32_t gen;
	bool owner_tried;   /* sockets: the owning process was searched for */
	uint8_t nmacs;
	struct nw_mac macs[NL_TAB_MACS]; /* links: MACs seen before the current one, newest first */
	struct nw_event ev; /* the last state */
};

struct nl_tab {
	struct nl_tab_entry **b;
	size_t nb, n;
	uint32_t gen;
	uint64_t seed;
};

void nl_tab_init(struct nl_tab *t);
void nl_tab_free(struct nl_tab *t);
/* The entry for key (klen <= NL_TAB_KEY bytes), created zeroed when create is set; NULL otherwise. */
struct nl_tab_entry *nl_tab_get(struct nl_tab *t, const void *key, size_t klen, bool create, bool *created);
void nl_tab_del(struct nl_tab *t, struct nl_tab_entry *e);
/* Removes every entry whose gen differs from t->gen, calling fn on it first. */
void nl_tab_sweep(struct nl_tab *t, void (*fn)(struct nl_tab_entry *e, void *arg), void *arg);

#endif
