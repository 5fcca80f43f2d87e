/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The packet byte store: captured bytes kept in a bounded byte ring so the
 * hex view and the pcapng writer can get a packet's bytes from its event
 * (nw_packet_ev.store_ref).  With the bytes go the wall-clock capture time
 * (pcapng wants it; events carry the monotonic time) and the annotation
 * written for the frame.  When full, the oldest packets are evicted and
 * counted; a ref that was evicted is simply not found.
 */
#ifndef NW_CAPTURE_PKT_STORE_H
#define NW_CAPTURE_PKT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_pkt_store;

struct nw_pkt_view {
	const uint8_t *data;   /* valid until the next put */
	uint32_t caplen;
	uint64_t wall_ns;      /* CLOCK_REALTIME capture time */
	const char *note;      /* annotation, "" if none; valid until the next put */
};

/* bytes: capacity of the ring (0: 16 MiB). */
struct nw_pkt_store *nw_pkt_store_new(size_t bytes);
void nw_pkt_store_free(struct nw_pkt_store *st);

/*
 * Copies a packet in; returns its ref (> 0), or 0 when the packet alone is
 * larger than the store (counted in rejected).  note may be NULL.
 */
uint64_t nw_pkt_store_put(struct nw_pkt_store *st, const uint8_t *data, uint32_t caplen,
			  uint64_t wall_ns, const char *note);
bool nw_pkt_store_get(const struct nw_pkt_store *st, uint64_t ref, struct nw_pkt_view *out);

uint64_t nw_pkt_store_count(const struct nw_pkt_store *st);    /* live packets */
uint64_t nw_pkt_store_evicted(const struct nw_pkt_store *st);  /* packets pushed out, cumulative */
uint64_t nw_pkt_store_rejected(const struct nw_pkt_store *st); /* packets too large to keep */

#endif
