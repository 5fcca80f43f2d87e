/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bounded ring of fixed-size records.  Pushing into a full ring evicts the
 * oldest record and counts it: nothing leaves a store without being counted.
 * Records are addressed by a sequence number that keeps increasing, so a
 * reader can tell an evicted record (seq < first) from a live one.
 */
#ifndef NW_CORE_RING_H
#define NW_CORE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_ring;

/* capacity records of rec_size bytes; returns NULL on bad arguments (0 size). */
struct nw_ring *nw_ring_new(size_t rec_size, size_t capacity);
void nw_ring_free(struct nw_ring *ring);

/* Copies rec in; evicts the oldest when full. Returns the record's sequence number. */
uint64_t nw_ring_push(struct nw_ring *ring, const void *rec);
/* A slot for the next record (evicting as push does); fill it before the next call. */
void *nw_ring_reserve(struct nw_ring *ring, uint64_t *seq);

size_t nw_ring_count(const struct nw_ring *ring);
size_t nw_ring_capacity(const struct nw_ring *ring);
size_t nw_ring_rec_size(const struct nw_ring *ring);
uint64_t nw_ring_evicted(const struct nw_ring *ring);  /* records pushed out, cumulative */
uint64_t nw_ring_pushed(const struct nw_ring *ring);   /* records ever pushed */
uint64_t nw_ring_first_seq(const struct nw_ring *ring); /* oldest live record */
uint64_t nw_ring_next_seq(const struct nw_ring *ring);  /* one past the newest */

/* The record with sequence seq, or NULL when evicted or not yet pushed. */
const void *nw_ring_get(const struct nw_ring *ring, uint64_t seq);
/* i-th live record, 0 = oldest; NULL when out of range. */
const void *nw_ring_at(const struct nw_ring *ring, size_t i);
void nw_ring_clear(struct nw_ring *ring); /* drops all records; counts them as evicted */

#endif
