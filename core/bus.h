/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bus: every source hands its events to nw_bus_submit(); the bus stamps
 * the id, keeps the event in a bounded ring (evictions counted) and calls
 * each subscriber in order (models, the JSON printer, the recorder).
 * Subscribers must not submit from inside their callback (sources do).
 */
#ifndef NW_CORE_BUS_H
#define NW_CORE_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_bus;
struct nw_ring;

typedef void (*nw_bus_cb)(const struct nw_event *ev, void *arg);

/* capacity events are kept (oldest evicted and counted). */
struct nw_bus *nw_bus_new(size_t capacity);
void nw_bus_free(struct nw_bus *bus);

/* Returns 0 or -ENOSPC when too many subscribers (16). */
int nw_bus_subscribe(struct nw_bus *bus, nw_bus_cb cb, void *arg);
/*
 * Removes the subscription (cb, arg) so arg may be freed; 0 or -ENOENT.  Safe
 * from inside a callback: the removed subscriber is not called again, not
 * even for the event being delivered.
 */
int nw_bus_unsubscribe(struct nw_bus *bus, nw_bus_cb cb, void *arg);

/* Stamps ev->id (and ev->ts when 0), stores a copy, notifies. Returns the id. */
uint64_t nw_bus_submit(struct nw_bus *bus, struct nw_event *ev);

/*
 * nw_bus_submit() in two steps, for a source that submits at packet rate:
 * the event is built where the bus keeps it instead of being built and
 * copied.  nw_bus_reserve() returns the slot of the next event (its contents
 * undefined: the oldest event was evicted to make room); nw_bus_commit()
 * takes that slot, once built, and stamps, counts and notifies as submit
 * does.  One reservation at a time, committed before the bus is used again.
 */
struct nw_event *nw_bus_reserve(struct nw_bus *bus);
uint64_t nw_bus_commit(struct nw_bus *bus, struct nw_event *ev);

const struct nw_ring *nw_bus_ring(const struct nw_bus *bus);
uint64_t nw_bus_count(const struct nw_bus *bus, enum nw_event_type type); /* submitted, by type */
/* The stored event with that id, NULL once evicted. */
const struct nw_event *nw_bus_get(const struct nw_bus *bus, uint64_t id);

#endif
