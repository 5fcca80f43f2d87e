// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bus: stamps ids, keeps the newest events in a bounded ring and calls
 * the subscribers.  Submitting costs one memcpy and the callbacks: no
 * allocation per event.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/ring.h"
#include "core/util.h"

#define NW_BUS_MAX_SUBS 16

struct nw_bus_sub {
	nw_bus_cb cb;
	void *arg;
};

struct nw_bus {
	struct nw_ring *ring;
	struct nw_bus_sub subs[NW_BUS_MAX_SUBS];
	size_t nsubs;
	uint64_t counts[NW_EV_COUNT];
	uint64_t invalid; /* events with an out-of-range type, stored but not counted by type */
	uint64_t reserved_id; /* of the slot nw_bus_reserve() handed out last */
	unsigned dispatching; /* depth of nw_bus_submit() calling subscribers */
	bool holes;           /* unsubscribed during dispatch: compact afterwards */
};

struct nw_bus *nw_bus_new(size_t capacity)
{
	struct nw_bus *bus;
	struct nw_ring *ring = nw_ring_new(sizeof(struct nw_event), capacity);

	if (!ring)
		return NULL;
	bus = nw_xcalloc(1, sizeof(*bus));
	bus->ring = ring;
	return bus;
}

void nw_bus_free(struct nw_bus *bus)
{
	if (!bus)
		return;
	nw_ring_free(bus->ring);
	free(bus);
}

int nw_bus_subscribe(struct nw_bus *bus, nw_bus_cb cb, void *arg)
{
	if (!cb)
		return -EINVAL;
	if (bus->nsubs == NW_BUS_MAX_SUBS)
		return -ENOSPC;
	bus->subs[bus->nsubs].cb = cb;
	bus->subs[bus->nsubs].arg = arg;
	bus->nsubs++;
	return 0;
}

int nw_bus_unsubscribe(struct nw_bus *bus, nw_bus_cb cb, void *arg)
{
	for (size_t i = 0; i < bus->nsubs; i++) {
		if (bus->subs[i].cb != cb || bus->subs[i].arg != arg)
			continue;
		if (bus->dispatching) {
			/* A callback is running over the array: leave a hole, compact after dispatch. */
			bus->subs[i].cb = NULL;
			bus->holes = true;
		} else {
			memmove(&bus->subs[i], &bus->subs[i + 1], (bus->nsubs - i - 1) * sizeof(bus->subs[0]));
			bus->nsubs--;
		}
		return 0;
	}
	return -ENOENT;
}

static void compact(struct nw_bus *bus)
{
	size_t o = 0;

	for (size_t i = 0; i < bus->nsubs; i++)
		if (bus->subs[i].cb)
			bus->subs[o++] = bus->subs[i];
	bus->nsubs = o;
	bus->holes = false;
}

struct nw_event *nw_bus_reserve(struct nw_bus *bus)
{
	uint64_t seq;
	struct nw_event *slot = nw_ring_reserve(bus->ring, &seq);

	/* Ids start at 1 (0 means "not accepted"): id = ring sequence + 1. */
	bus->reserved_id = seq + 1;
	return slot;
}

uint64_t nw_bus_commit(struct nw_bus *bus, struct nw_event *stored)
{
	stored->id = bus->reserved_id;
	if (!stored->ts)
		stored->ts = nw_now_mono();
	if (stored->type < NW_EV_COUNT)
		bus->counts[stored->type]++;
	else
		bus->invalid++;
	/* Subscribers added by a callback start with the next event. */
	size_t n = bus->nsubs;

	bus->dispatching++;
	for (size_t i = 0; i < n; i++)
		if (bus->subs[i].cb)
			bus->subs[i].cb(stored, bus->subs[i].arg);
	bus->dispatching--;
	if (!bus->dispatching && bus->holes)
		compact(bus);
	return stored->id;
}

uint64_t nw_bus_submit(struct nw_bus *bus, struct nw_event *ev)
{
	struct nw_event *stored = nw_bus_reserve(bus);

	/* The caller's copy gets the id and time too, as the stored one does. */
	ev->id = bus->reserved_id;
	if (!ev->ts)
		ev->ts = nw_now_mono();
	*stored = *ev;
	return nw_bus_commit(bus, stored);
}

const struct nw_ring *nw_bus_ring(const struct nw_bus *bus)
{
	return bus->ring;
}

uint64_t nw_bus_count(const struct nw_bus *bus, enum nw_event_type type)
{
	if ((unsigned)type >= NW_EV_COUNT)
		return bus->invalid;
	return bus->counts[type];
}

const struct nw_event *nw_bus_get(const struct nw_bus *bus, uint64_t id)
{
	if (!id)
		return NULL;
	return nw_ring_get(bus->ring, id - 1);
}
