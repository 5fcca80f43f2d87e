/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `-r FILE`: reads a recording into the capture pipeline.  A pcapng file is
 * read by our own reader (pcapng_reader.h), which also restores the kernel
 * events netwhy stored in it, the interfaces' names and namespaces, and the
 * annotations; a classic pcap file goes through libpcap.  The pcap-filter
 * expression applies to packets either way (events are not filtered).
 */
#ifndef NW_CAPTURE_REPLAY_H
#define NW_CAPTURE_REPLAY_H

#include <stddef.h>
#include <stdint.h>

struct nw_capture_pipe;

struct nw_replay_stats {
	uint64_t packets;   /* delivered to the pipeline */
	uint64_t filtered;  /* read but not matching the filter */
	uint64_t events;    /* kernel events restored from custom blocks */
	uint64_t skipped;   /* blocks or records that could not be used (counted, not fatal) */
	uint64_t events_skipped; /* of those, kernel events of another netwhy's layout */
	uint64_t events_newer;   /* of those, of a newer layout version (capture/pcapng.h) */
	uint16_t newest_version; /* the highest layout version among them */
	uint64_t rederived; /* the recording's findings and explanations: the models raise them again */
	int pcapng;         /* 1 when read by the pcapng reader */
};

/*
 * Reads path to its end (max packets, 0 = all).  Returns 0, or -errno with
 * the cause and fix in err; what was read before an error was delivered.
 */
int nw_replay_file(const char *path, const char *filter, uint64_t max,
		   struct nw_capture_pipe *pipe, struct nw_replay_stats *st, char *err,
		   size_t errlen);

#endif
