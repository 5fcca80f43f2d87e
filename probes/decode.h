/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ring buffer record -> core events.  Pure: no system state, no names (the
 * events keep numbers; consumers resolve them through core/names.h), so it
 * is unit-tested on recorded records (tests/data/probes/).
 */
#ifndef NW_PROBES_DECODE_H
#define NW_PROBES_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "probes/nw_records.h"

/* A record decodes into at most this many events (a qdisc drop gives a drop and a qdisc event). */
#define NW_DECODE_MAX_EVENTS 2

/*
 * Checks the record's header (type, version, size against len and against
 * the layout this build knows) and decodes it into out[].  The record may be
 * unaligned; it is copied to an aligned local first.
 * Returns the number of events written (1..NW_DECODE_MAX_EVENTS), or
 * -EINVAL (shorter than its header or than its type's layout),
 * -EPROTO (another NW_REC_VERSION), -ENOMSG (unknown type).
 * The drop event's location_sym is left empty: resolving it is the caller's.
 */
int nw_probe_decode(const void *data, size_t len, struct nw_event out[NW_DECODE_MAX_EVENTS]);

/*
 * An aggregated drop count (the loader reads it from nw_drop_agg, see
 * nw_records.h) -> a drop event with count and no packet headers, and for a
 * qdisc reason also a qdisc drop event with drops = count.  vals are the
 * key's per-CPU values (ifname and qdisc come from the first that has
 * them); count is how many drops the event reports (> 0), ts its time.
 * Returns the number of events written, or -EINVAL.
 */
int nw_probe_decode_agg(const struct nw_drop_agg_key *key, const struct nw_drop_agg_val *vals,
			size_t nvals, uint64_t count, uint64_t ts,
			struct nw_event out[NW_DECODE_MAX_EVENTS]);

/* The nw_prog_id (nw_records.h) that wrote the record, or -EINVAL when len is too short. */
int nw_probe_record_prog(const void *data, size_t len);

#endif
