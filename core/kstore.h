/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounded keyed store for the models: fixed-size records that begin with
 * their key, found by hash.  When full, the record touched least recently
 * makes room and is counted (nothing leaves without being counted).  Records
 * never move, so a pointer stays valid until that record is evicted.
 *
 * Keys are compared as bytes: callers zero the key (memset) before filling
 * it so padding compares equal.
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
/* Marks a record found with nw_kstore_find() as recently used. */
void nw_kstore_touch(struct nw_kstore *ks, const void *rec);

size_t nw_kstore_count(const struct nw_kstore *ks);
size_t nw_kstore_capacity(const struct nw_kstore *ks);
uint64_t nw_kstore_evicted(const struct nw_kstore *ks);
/* Slot i (0 <= i < capacity): the record, or NULL when the slot is free. */
const void *nw_kstore_slot(const struct nw_kstore *ks, size_t i);

#endif
