/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The drop model: counts per (reason, namespace, device) and a bounded ring
 * of the latest drops with their addresses, for correlation.
 */
#ifndef NW_CORE_DROP_MODEL_H
#define NW_CORE_DROP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_drop_key {
	uint64_t netns_ino;
	uint32_t ifindex;
	uint32_t reason;
};

struct nw_drop_rec {
	struct nw_drop_key key;
	char ifname[NW_IFNAMSIZ];
	uint64_t count;
	uint64_t first_ts, last_ts, first_id, last_id;
	char location_sym[48]; /* of the last one */
};

struct nw_drop_model;

struct nw_drop_model *nw_drop_model_new(size_t capacity, size_t ring);
void nw_drop_model_free(struct nw_drop_model *m);
/* Returns the updated record for a drop event, NULL otherwise. */
const struct nw_drop_rec *nw_drop_model_on_event(struct nw_drop_model *m,
						 const struct nw_event *ev);

size_t nw_drop_model_capacity(const struct nw_drop_model *m);
const struct nw_drop_rec *nw_drop_model_slot(const struct nw_drop_model *m, size_t i);
uint64_t nw_drop_model_evicted(const struct nw_drop_model *m);
uint64_t nw_drop_model_total(const struct nw_drop_model *m);

/* Latest drop events, 0 = oldest kept. */
size_t nw_drop_model_nrecent(const struct nw_drop_model *m);
const struct nw_event *nw_drop_model_recent(const struct nw_drop_model *m, size_t i);
uint64_t nw_drop_model_recent_evicted(const struct nw_drop_model *m);

#endif
