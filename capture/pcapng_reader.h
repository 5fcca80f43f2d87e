/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pcapng reader: every section, interface, packet (EPB, SPB, the obsolete
 * PB), packet comments and flags, and netwhy's custom blocks (kernel events)
 * and options (L2 flags); see pcapng.h for those.  Every byte is read
 * through the bounds-checked cursor; a damaged block ends the read with a
 * message naming the offset, after what came before was delivered.
 */
#ifndef NW_CAPTURE_PCAPNG_READER_H
#define NW_CAPTURE_PCAPNG_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/event.h"

struct nw_capture_pipe;
struct nw_replay_stats;

struct nw_pcapng_if {
	uint16_t linktype;
	uint32_t snaplen;
	char name[64];           /* if_name, "" if absent */
	char desc[160];          /* if_description */
	struct nw_mac mac;       /* if_MACaddr */
	uint64_t netns;          /* from netwhy's description, 0 otherwise */
	char netns_name[64];
	uint32_t ifindex;        /* from netwhy's description, 0 otherwise */
	uint64_t ts_units;       /* timestamp units per second (if_tsresol), default 10^6 */
};

struct nw_pcapng_pkt {
	const struct nw_pcapng_if *ifc;
	uint32_t if_id;
	uint64_t wall_ns;
	const uint8_t *data;     /* valid during the callback */
	uint32_t caplen, len;
	uint8_t dir;             /* enum nw_pkt_dir from epb_flags */
	const char *comment;     /* first opt_comment, NULL if none */
	bool has_l2_flags;
	uint32_t l2_flags;
};

struct nw_names;

struct nw_pcapng_cbs {
	/* Return 0 to go on, or -errno to stop the read (returned as is). */
	int (*packet)(void *arg, const struct nw_pcapng_pkt *p);
	int (*event)(void *arg, struct nw_event *ev, uint64_t wall_ns);
	/* A namespace's name, as the recording run knew it (before the events that need it). */
	int (*netns)(void *arg, uint64_t inode, const char *name);
	/* The recording kernel's names of a table (NW_PCAPNG_NM_*), complete and checked. */
	int (*names)(void *arg, uint32_t table, const struct nw_names *names);
	void *arg;
};

struct nw_pcapng_read_stats {
	uint64_t sections, interfaces, packets, events;
	uint64_t skipped;        /* unknown or unusable blocks, foreign events */
	uint64_t events_skipped; /* of those, netwhy events this build cannot read */
	uint64_t events_newer;   /* of those, events of a newer layout version (pcapng.h) */
	uint16_t newest_version; /* the highest layout version among them */
};

/* Reads path; 0 at the end, a callback's non-zero value, or -errno with a message in err. */
int nw_pcapng_read(const char *path, const struct nw_pcapng_cbs *cbs,
		   struct nw_pcapng_read_stats *st, char *err, size_t errlen);

/* The same from an open stream (the fuzzer reads from memory); f stays open. */
int nw_pcapng_read_stream(FILE *f, const struct nw_pcapng_cbs *cbs,
			  struct nw_pcapng_read_stats *st, char *err, size_t errlen);

/* The replay glue (replay.h): packets into the pipeline (filtered), events onto its bus. */
int nw_pcapng_replay(const char *path, const char *filter, uint64_t max,
		     struct nw_capture_pipe *pipe, struct nw_replay_stats *st, char *err,
		     size_t errlen);

#endif
