/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `-w FILE`: our own pcapng writer (libpcap 1.10 writes only classic pcap,
 * without comments).  One file holds the whole run: a section header, one
 * interface block per (interface, namespace) naming both, packets as
 * enhanced packet blocks with their direction, netwhy's annotation as the
 * packet comment and the L2 flags as a custom option, and every kernel
 * event of the run in a custom block (layouts in pcapng.h).  tshark,
 * Wireshark and tcpdump read it; `netwhy -r` restores all of it.
 *
 * The file is created without following symlinks and without truncating
 * anything in place: a new file (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600) is
 * made beside the target and renamed over it at once, so an existing FILE
 * is replaced atomically and a symlink planted at FILE is replaced, never
 * written through.
 */
#ifndef NW_CAPTURE_PCAPNG_WRITER_H
#define NW_CAPTURE_PCAPNG_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_pcapng_writer;
struct nw_pkt_store;
struct nw_l2check;

/* store: where packet events' bytes are (required for packets); l2: interface MACs (may be NULL). */
struct nw_pcapng_writer *nw_pcapng_writer_open(const char *path, const struct nw_pkt_store *store,
					       const struct nw_l2check *l2, char *err,
					       size_t errlen);

/*
 * Writes one event: a packet as an EPB (its bytes and note from the store),
 * anything else as a custom block.  Returns 0, or -errno (the first write
 * error is kept and reported again by close).
 */
int nw_pcapng_writer_write(struct nw_pcapng_writer *w, const struct nw_event *ev);
/* nw_pcapng_writer_write shaped as a bus subscriber: nw_bus_subscribe(bus, nw_pcapng_writer_bus_cb, w). */
void nw_pcapng_writer_bus_cb(const struct nw_event *ev, void *w);

/* Writes are flushed to the file at least every second by themselves; this forces it. */
/*
 * Writes the Interface Description Block of a capture that just opened, so a
 * recording names every interface it watched even when no packet came (a
 * file without one is refused by tcpdump).  Packets from it reuse the block.
 * Returns 0 or -errno.
 */
int nw_pcapng_writer_interface(struct nw_pcapng_writer *w, uint64_t netns, uint32_t ifindex,
			       const char *ifname, uint16_t linktype);
int nw_pcapng_writer_flush(struct nw_pcapng_writer *w);
/* Flushes, closes, frees; returns 0 or the first -errno met while writing. */
int nw_pcapng_writer_close(struct nw_pcapng_writer *w);

struct nw_pcapng_writer_stats {
	uint64_t packets, events, interfaces;
	uint64_t missing;   /* packet events whose bytes were no longer in the store */
	uint64_t bytes;     /* written to the file */
};
void nw_pcapng_writer_stats(const struct nw_pcapng_writer *w, struct nw_pcapng_writer_stats *st);

#endif
