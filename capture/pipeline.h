/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The capture pipeline every packet source feeds (live libpcap, libpcap
 * files, our pcapng reader): dissect, classify (l2check), keep the bytes
 * and the annotation (pkt_store), build the NW_EV_PACKET event and submit
 * it to the bus.  The bus, the l2check context and the store are borrowed,
 * not owned; any of l2check and store may be NULL (no checks, no bytes).
 */
#ifndef NW_CAPTURE_PIPELINE_H
#define NW_CAPTURE_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"

struct nw_bus;
struct nw_l2check;
struct nw_pkt_store;
struct nw_capture_pipe;

struct nw_capture_frame {
	uint64_t netns;        /* namespace inode, 0 unknown */
	uint32_t ifindex;      /* 0 unknown */
	const char *ifname;    /* may be NULL */
	uint16_t linktype;     /* DLT_ / LINKTYPE_ */
	uint64_t wall_ns;      /* CLOCK_REALTIME capture time */
	uint64_t mono_ns;      /* event time; 0: wall_ns converted now (live). Files map their
				* own time base so an old recording keeps its intervals. */
	const uint8_t *data;
	uint32_t caplen, len;
	uint8_t dir;           /* enum nw_pkt_dir; NW_DIR_UNKNOWN: derived from MACs */
	uint8_t origin;        /* enum nw_origin: PCAP or REPLAY */
	/* Replay of our own recordings: what the live run concluded. */
	const char *comment;   /* recorded annotation, NULL if none */
	bool has_l2_flags;
	uint32_t l2_flags;
};

/* Called before classifying a frame that looks addressed to someone else, so
 * a source can re-read the interface's MAC (it may just have changed). */
typedef void (*nw_capture_refresh_cb)(void *arg, uint64_t netns, uint32_t ifindex);

struct nw_capture_pipe *nw_capture_pipe_new(struct nw_bus *bus, struct nw_l2check *l2,
					    struct nw_pkt_store *store);
void nw_capture_pipe_free(struct nw_capture_pipe *p);

/*
 * Runs one frame through; fills *ev (may be NULL) with the event as
 * submitted and returns its id (0 when there is no bus: the event is still
 * built, so tests and tools can run without one).
 */
uint64_t nw_capture_pipe_frame(struct nw_capture_pipe *p, const struct nw_capture_frame *f,
			       struct nw_event *ev, nw_capture_refresh_cb refresh, void *refresh_arg);

/* Submits an event read from a recording unchanged but for its id (the bus stamps it). */
uint64_t nw_capture_pipe_event(struct nw_capture_pipe *p, struct nw_event *ev);

struct nw_capture_pipe_stats {
	uint64_t frames, partial, mismatches, flagged, not_stored;
	uint64_t over_limit; /* frames refused after the limit (nw_capture_pipe_set_limit) */
};
void nw_capture_pipe_stats(const struct nw_capture_pipe *p, struct nw_capture_pipe_stats *s);

/*
 * At most limit frames go through (tcpdump's -c; 0: no limit).  Frames past
 * it are refused (counted in over_limit): several frames arrive per turn of
 * the loop, so stopping the loop at the limit alone would let some through.
 * reached(arg) is called once, right after the frame that reaches it.
 */
void nw_capture_pipe_set_limit(struct nw_capture_pipe *p, uint64_t limit,
			       void (*reached)(void *arg), void *arg);

struct nw_l2check *nw_capture_pipe_l2check(const struct nw_capture_pipe *p);
struct nw_pkt_store *nw_capture_pipe_store(const struct nw_capture_pipe *p);

#endif
