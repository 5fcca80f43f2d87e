// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded keyed store: open hashing with chains of slot indexes, and a
 * doubly linked list of the slots in touch order, so finding, touching and
 * evicting are O(1) even when a flood of new keys keeps the store full.
 */
#include <stdlib.h>
#include <string.h>

#include "core/kstore.h"
#include "core/util.h"

#define NIL UINT32_MAX

struct nw_kstore {
	size_t key_size, rec_size, capacity, count;
	size_t nbuckets; /* power of two */
	uint8_t *recs;
	uint8_t *used;	/* slot holds a record */
	uint32_t *next; /* hash chain */
	uint32_t *bucket;
	uint32_t *lru_prev, *lru_next; /* touch order: head = least recent */
	uint32_t lru_head, lru_tail;
	uint64_t evicted;
	uint64_t seed;	/* keys come off the wire: chains must not be choosable */
};

struct nw_kstore *nw_kstore_new(size_t key_size, size_t rec_size, size_t capacity)
{
	struct nw_kstore *ks;

	if (!key_size || key_size > rec_size || !capacity || capacity >= NIL)
		return NULL;
	ks = nw_xcalloc(1, sizeof(*ks));
	ks->key_size = key_size;
	ks->rec_size = rec_size;
	ks->capacity = capacity;
	ks->nbuckets = 1;
	while (ks->nbuckets < capacity * 2)
		ks->nbuckets <<= 1;
	ks->recs = nw_xcalloc(capacity, rec_size);
	ks->used = nw_xcalloc(capacity, sizeof(*ks->used));
	ks->next = nw_xcalloc(capacity, sizeof(*ks->next));
	ks->lru_prev = nw_xcalloc(capacity, sizeof(*ks->lru_prev));
	ks->lru_next = nw_xcalloc(capacity, sizeof(*ks->lru_next));
	ks->lru_head = ks->lru_tail = NIL;
	ks->seed = nw_hash_seed();
	ks->bucket = nw_xmalloc(ks->nbuckets * sizeof(*ks->bucket));
	for (size_t i = 0; i < ks->nbuckets; i++)
		ks->bucket[i] = NIL;
	return ks;
}

void nw_kstore_free(struct nw_kstore *ks)
{
	if (!ks)
		return;
	free(ks->recs);
	free(ks->used);
	free(ks->next);
	free(ks->lru_prev);
	free(ks->lru_next);
	free(ks->bucket);
	free(ks);
}

static uint8_t *rec_at(const struct nw_kstore *ks, size_t i)
{
	return ks->recs + i * ks->rec_size;
}

static size_t bucket_of(const struct nw_kstore *ks, const void *key)
{
	return (size_t)(nw_hash_bytes(key, ks->key_size, ks->seed) & (ks->nbuckets - 1));
}

static uint32_t find_slot(const struct nw_kstore *ks, const void *key)
{
	for (uint32_t i = ks->bucket[bucket_of(ks, key)]; i != NIL; i = ks->next[i])
		if (!memcmp(rec_at(ks, i), key, ks->key_size))
			return i;
	return NIL;
}

void *nw_kstore_find(const struct nw_kstore *ks, const void *key)
{
	uint32_t i = find_slot(ks, key);

	return i == NIL ? NULL : rec_at(ks, i);
}

static void unlink_slot(struct nw_kstore *ks, uint32_t slot)
{
	uint32_t *pp = &ks->bucket[bucket_of(ks, rec_at(ks, slot))];

	while (*pp != NIL) {
		if (*pp == slot) {
			*pp = ks->next[slot];
			return;
		}
		pp = &ks->next[*pp];
	}
}

static void lru_unlink(struct nw_kstore *ks, uint32_t i)
{
	uint32_t p = ks->lru_prev[i], n = ks->lru_next[i];

	if (p != NIL)
		ks->lru_next[p] = n;
	else
		ks->lru_head = n;
	if (n != NIL)
		ks->lru_prev[n] = p;
	else
		ks->lru_tail = p;
}

static void lru_append(struct nw_kstore *ks, uint32_t i)
{
	ks->lru_prev[i] = ks->lru_tail;
	ks->lru_next[i] = NIL;
	if (ks->lru_tail != NIL)
		ks->lru_next[ks->lru_tail] = i;
	else
		ks->lru_head = i;
	ks->lru_tail = i;
}

static uint32_t take_slot(struct nw_kstore *ks)
{
	uint32_t victim;

	/* Records are never removed except by eviction, which reuses the slot at once: the free
	 * slots are the tail. */
	if (ks->count < ks->capacity)
		return (uint32_t)ks->count;
	victim = ks->lru_head;
	lru_unlink(ks, victim);
	unlink_slot(ks, victim);
	ks->used[victim] = 0;
	ks->count--;
	ks->evicted++;
	return victim;
}

void *nw_kstore_get(struct nw_kstore *ks, const void *key, bool *created)
{
	uint32_t i = find_slot(ks, key);
	size_t b;

	if (created)
		*created = i == NIL;
	if (i == NIL) {
		i = take_slot(ks);
		memset(rec_at(ks, i), 0, ks->rec_size);
		memcpy(rec_at(ks, i), key, ks->key_size);
		b = bucket_of(ks, key);
		ks->next[i] = ks->bucket[b];
		ks->bucket[b] = i;
		ks->count++;
		ks->used[i] = 1;
		lru_append(ks, i);
	} else if (ks->lru_tail != i) {
		lru_unlink(ks, i);
		lru_append(ks, i);
	}
	return rec_at(ks, i);
}

void *nw_kstore_get_room(struct nw_kstore *ks, const void *key)
{
	if (ks->count >= ks->capacity && find_slot(ks, key) == NIL)
		return NULL;
	return nw_kstore_get(ks, key, NULL);
}

void nw_kstore_touch(struct nw_kstore *ks, const void *rec)
{
	size_t i = (size_t)((const uint8_t *)rec - ks->recs) / ks->rec_size;

	if (i < ks->capacity && ks->used[i] && ks->lru_tail != i) {
		lru_unlink(ks, (uint32_t)i);
		lru_append(ks, (uint32_t)i);
	}
}

size_t nw_kstore_count(const struct nw_kstore *ks)
{
	return ks->count;
}

size_t nw_kstore_capacity(const struct nw_kstore *ks)
{
	return ks->capacity;
}

uint64_t nw_kstore_evicted(const struct nw_kstore *ks)
{
	return ks->evicted;
}

const void *nw_kstore_slot(const struct nw_kstore *ks, size_t i)
{
	if (i >= ks->capacity || !ks->used[i])
		return NULL;
	return rec_at(ks, i);
}

void *nw_kstore_next(const struct nw_kstore *ks, size_t *i)
{
	for (; *i < ks->capacity; (*i)++)
		if (ks->used[*i])
			return rec_at(ks, (*i)++);
	return NULL;
}
