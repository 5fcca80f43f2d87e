// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded ring of fixed-size records.  Storage is allocated once; a push is
 * one memcpy into the next slot, evicting (and counting) the oldest when full.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/ring.h"
#include "core/util.h"

struct nw_ring {
	unsigned char *slots;
	size_t rec_size;
	size_t capacity;
	size_t head;      /* slot index of next_seq */
	uint64_t first;   /* sequence number of the oldest live record */
	uint64_t next;    /* sequence number the next push gets */
	uint64_t evicted;
	bool mapped;      /* slots from mmap (large rings), not malloc */
};

/*
 * Large rings (the bus holds --mem-cap / 2) are mapped and offered to
 * transparent huge pages: filling them page by page cost more in faults
 * than the copies into them (61k faults for 1M events, 28k with this).
 */
#define RING_MAP_MIN (4u << 20)

static void *slots_alloc(size_t bytes, bool *mapped)
{
	*mapped = false;
	if (bytes >= RING_MAP_MIN) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			/* Only advice: EINVAL where THP is off or unsupported changes nothing. */
			(void)madvise(p, bytes, MADV_HUGEPAGE);
			*mapped = true;
			return p;
		}
	}
	return nw_xcalloc(1, bytes);
}

struct nw_ring *nw_ring_new(size_t rec_size, size_t capacity)
{
	struct nw_ring *ring;

	if (!rec_size || !capacity || capacity > SIZE_MAX / rec_size)
		return NULL;
	ring = nw_xcalloc(1, sizeof(*ring));
	ring->slots = slots_alloc(capacity * rec_size, &ring->mapped);
	ring->rec_size = rec_size;
	ring->capacity = capacity;
	return ring;
}

void nw_ring_free(struct nw_ring *ring)
{
	if (!ring)
		return;
	if (ring->mapped)
		munmap(ring->slots, ring->capacity * ring->rec_size);
	else
		free(ring->slots);
	free(ring);
}

void *nw_ring_reserve(struct nw_ring *ring, uint64_t *seq)
{
	void *slot = ring->slots + ring->head * ring->rec_size;

	if (ring->next - ring->first == ring->capacity) {
		ring->first++;
		ring->evicted++;
	}
	if (seq)
		*seq = ring->next;
	ring->next++;
	if (++ring->head == ring->capacity)
		ring->head = 0;
	return slot;
}

uint64_t nw_ring_push(struct nw_ring *ring, const void *rec)
{
	uint64_t seq;
	void *slot = nw_ring_reserve(ring, &seq);

	memcpy(slot, rec, ring->rec_size);
	return seq;
}

size_t nw_ring_count(const struct nw_ring *ring)
{
	return (size_t)(ring->next - ring->first);
}

size_t nw_ring_capacity(const struct nw_ring *ring)
{
	return ring->capacity;
}

size_t nw_ring_rec_size(const struct nw_ring *ring)
{
	return ring->rec_size;
}

uint64_t nw_ring_evicted(const struct nw_ring *ring)
{
	return ring->evicted;
}

uint64_t nw_ring_pushed(const struct nw_ring *ring)
{
	return ring->next;
}

uint64_t nw_ring_first_seq(const struct nw_ring *ring)
{
	return ring->first;
}

uint64_t nw_ring_next_seq(const struct nw_ring *ring)
{
	return ring->next;
}

/* Slot of a live sequence number: head is the slot of `next`, count back from it. */
static const void *slot_of(const struct nw_ring *ring, uint64_t seq)
{
	size_t back = (size_t)(ring->next - seq); /* 1..capacity */
	size_t idx = ring->head >= back ? ring->head - back : ring->head + ring->capacity - back;

	return ring->slots + idx * ring->rec_size;
}

const void *nw_ring_get(const struct nw_ring *ring, uint64_t seq)
{
	if (seq < ring->first || seq >= ring->next)
		return NULL;
	return slot_of(ring, seq);
}

const void *nw_ring_at(const struct nw_ring *ring, size_t i)
{
	if (i >= nw_ring_count(ring))
		return NULL;
	return slot_of(ring, ring->first + i);
}

void nw_ring_clear(struct nw_ring *ring)
{
	ring->evicted += ring->next - ring->first;
	ring->first = ring->next;
}
