/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The packet byte store (pkt_store.h).  Records are laid out one after the
 * other in a byte ring, each contiguous (a record that does not fit before
 * the end starts again at 0).  A FIFO index, addressed by ref, gives each
 * live record's offset.  Putting a record evicts the oldest records that
 * overlap the space it needs, which are always the oldest ones: the ring is
 * written in order.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/pkt_store.h"

struct rec {
	size_t off;
	uint32_t caplen;
	uint32_t size;    /* bytes taken in the ring, aligned */
	uint64_t wall_ns;
	uint16_t notelen; /* including the NUL */
};

struct nw_pkt_store {
	uint8_t *ring;
	size_t cap;
	size_t head;            /* next write offset */
	struct rec *idx;        /* FIFO of live records, idx[ref % idxcap] */
	size_t idxcap;
	uint64_t first_ref;     /* oldest live ref */
	uint64_t next_ref;      /* one past the newest */
	size_t first_pos, next_pos; /* first_ref % idxcap, next_ref % idxcap: kept as
				     * the refs move, so a put does not divide */
	uint64_t evicted, rejected;
};

#define NOTE_MAX 1024

struct nw_pkt_store *nw_pkt_store_new(size_t bytes)
{
	struct nw_pkt_store *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->cap = bytes ? bytes : 16u << 20;
	/* Small frames are ~64 bytes; one index slot per 64 bytes suffices. */
	st->idxcap = st->cap / 64 + 16;
	st->ring = malloc(st->cap);
	st->idx = calloc(st->idxcap, sizeof(*st->idx));
	if (!st->ring || !st->idx) {
		nw_pkt_store_free(st);
		return NULL;
	}
	st->first_ref = st->next_ref = 1;
	st->first_pos = st->next_pos = 1 % st->idxcap;
	return st;
}

void nw_pkt_store_free(struct nw_pkt_store *st)
{
	if (!st)
		return;
	free(st->ring);
	free(st->idx);
	free(st);
}

static size_t pos_next(const struct nw_pkt_store *st, size_t pos)
{
	return pos + 1 == st->idxcap ? 0 : pos + 1;
}

static struct rec *oldest(struct nw_pkt_store *st)
{
	return st->first_ref < st->next_ref ? &st->idx[st->first_pos] : NULL;
}

static void evict_oldest(struct nw_pkt_store *st)
{
	st->first_ref++;
	st->first_pos = pos_next(st, st->first_pos);
	st->evicted++;
}

uint64_t nw_pkt_store_put(struct nw_pkt_store *st, const uint8_t *data, uint32_t caplen,
			  uint64_t wall_ns, const char *note)
{
	size_t nl = note ? strnlen(note, NOTE_MAX - 1) : 0;
	size_t need = ((size_t)caplen + nl + 1 + 7) & ~(size_t)7;
	size_t p = st->head;
	struct rec *o, *r;
	uint64_t ref;

	if (need > st->cap) {
		st->rejected++;
		return 0;
	}
	if (p + need > st->cap) {
		/* Records still between head and the end are the oldest: they go first. */
		while ((o = oldest(st)) && o->off >= p)
			evict_oldest(st);
		p = 0;
	}
	while ((o = oldest(st)) && o->off < p + need && o->off + o->size > p)
		evict_oldest(st);
	if (st->next_ref - st->first_ref >= st->idxcap)
		evict_oldest(st);

	ref = st->next_ref++;
	r = &st->idx[st->next_pos];
	st->next_pos = pos_next(st, st->next_pos);
	r->off = p;
	r->caplen = caplen;
	r->size = (uint32_t)need;
	r->wall_ns = wall_ns;
	r->notelen = (uint16_t)(nl + 1);
	if (caplen)
		memcpy(st->ring + p, data, caplen);
	if (nl)
		memcpy(st->ring + p + caplen, note, nl);
	st->ring[p + caplen + nl] = '\0';
	st->head = p + need;
	return ref;
}

bool nw_pkt_store_get(const struct nw_pkt_store *st, uint64_t ref, struct nw_pkt_view *out)
{
	const struct rec *r;

	if (ref < st->first_ref || ref >= st->next_ref)
		return false;
	r = &st->idx[ref % st->idxcap];
	out->data = st->ring + r->off;
	out->caplen = r->caplen;
	out->wall_ns = r->wall_ns;
	out->note = (const char *)st->ring + r->off + r->caplen;
	return true;
}

uint64_t nw_pkt_store_count(const struct nw_pkt_store *st)
{
	return st->next_ref - st->first_ref;
}

uint64_t nw_pkt_store_evicted(const struct nw_pkt_store *st)
{
	return st->evicted;
}

uint64_t nw_pkt_store_rejected(const struct nw_pkt_store *st)
{
	return st->rejected;
}
