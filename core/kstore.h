/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounded keyed store for the models: fixed-size records that begin with
 * their key, found by hash.  When full, the record touched least recently
 * makes room and is counted (nothing leaves without being counted).  Records
 * never move, so a pointer stays valid until that record is evicted.
 *
 * Keys are compared as bytes: callers zero the key (memset) before filling
 * it so padding compares equal.
 *
 * The code base's keyed table: every model's stores, the correlator's, the
 * BPF loader's memory of what it reported.  Two tables keep their own chains
 * (capture/l2check.c, probes/nl_tab.h: each says why); all hash with
 * nw_hash_bytes (core/util.h).
 */
#ifndef NW_CORE_KSTORE_H
#define NW_CORE_KSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_kstore;

/* key_size <= rec_size; capacity >= 1.  NULL on bad arguments. */
struct nw_kstore *nw_kstore_new(size_t key_size, size_t rec_size, size_t capacity);
void nw_kstore_free(struct nw_kstore *ks);

/* The record with this key, or NULL. */
void *nw_kstore_find(const struct nw_kstore *ks, const void *key);
/*
 * The record with this key, created zeroed (key copied in) when missing,
 * evicting the least recently touched one when full.  *created tells which.
 * Marks the record as touched.
 */
void *nw_kstore_get(struct nw_kstore *ks, const void *key, bool *created);
/* The same for a store that must not forget: when full, NULL instead of an eviction. */
void *nw_kstore_get_room(struct nw_kstore *ks, const void *key);
/* Marks a record found with nw_kstore_find() as recently used. */
void nw_kstore_touch(struct nw_kstore *ks, const void *rec);

size_t nw_kstore_count(const struct nw_kstore *ks);
size_t nw_kstore_capacity(const struct nw_kstore *ks);
uint64_t nw_kstore_evicted(const struct nw_kstore *ks);
/* Slot i (0 <= i < capacity): the record, or NULL when the slot is free. */
const void *nw_kstore_slot(const struct nw_kstore *ks, size_t i);
/*
 * The first record in a slot >= *i, *i moved past it; NULL at the end.  Slot
 * order is stable (a record keeps its slot until evicted), so a walk over the
 * records, with NW_KSTORE_FOREACH, visits them in the same order every time:
 *	const struct nw_drop_rec *r;
 *	NW_KSTORE_FOREACH(m->recs, r)
 *		total += r->count;
 */
void *nw_kstore_next(const struct nw_kstore *ks, size_t *i);
#define NW_KSTORE_FOREACH(ks, rec) \
	for (size_t rec##_slot_ = 0; ((rec) = nw_kstore_next((ks), &rec##_slot_));)

/*
 * A model shows a store to its readers as two functions, PREFIX_capacity(m)
 * and PREFIX_slot(m, i), declared in the model's header; this defines them,
 * in the model's .c file, for the store m->MEMBER of records of type REC:
 *	NW_KSTORE_VIEW(nw_drop_model, struct nw_drop_model, recs, struct nw_drop_rec)
 */
#define NW_KSTORE_VIEW(prefix, model, member, rec)            \
	size_t prefix##_capacity(const model *m)              \
	{                                                     \
		return nw_kstore_capacity(m->member);         \
	}                                                     \
	const rec *prefix##_slot(const model *m, size_t i)    \
	{                                                     \
		return nw_kstore_slot(m->member, i);          \
	}

#endif
