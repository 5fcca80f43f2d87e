/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packets from libpcap: live on one interface inside one network namespace,
 * or from a capture file.  Frames go through the capture pipeline
 * (pipeline.h) to the bus; the source reports its own health as NW_EV_SOURCE
 * events named "pcap:IF" or "pcap:IF@NETNS" (running, the kernel's drop
 * counters as `lost`, degraded with the reason, gone when the interface
 * disappears).
 *
 * Live capture choices, and why:
 * - The handle is created inside the target namespace (setns into it,
 *   pcap_create + pcap_activate, setns back): a packet socket belongs to the
 *   namespace it was created in, and the calling thread returns to its own.
 * - Ethernet link type, so destination MACs are known (the OTHERHOST check
 *   needs them).  libpcap does not give the direction of DLT_EN10MB frames,
 *   so it is derived: a frame whose source MAC is the interface's is
 *   outgoing (l2check keeps the interface's MAC, re-read on a frame that
 *   looks foreign, so a MAC change is seen at the first frame after it).
 * - `-i any` gives LINUX_SLL2 frames: direction and ifindex exact, but no
 *   destination MAC, so the L2 checks cannot run; the source says so
 *   (state degraded, with the reason) rather than staying silent.
 * - No immediate mode (it wakes the loop per packet and halves the rate):
 *   the TPACKET_V3 ring is read in batches when its fd is readable (at most
 *   DISPATCH_BUDGET frames per turn of the loop, so timers still run under a
 *   flood); blocks retire after the 50 ms timeout and a 50 ms timer drains
 *   anything left, so a packet is on screen within ~100 ms.
 * - Not promiscuous: netwhy changes nothing on the host.  Frames for other
 *   MACs still reach the packet socket on veth and most drivers when the
 *   peer sends them, which is exactly the case the check is for.
 */
#ifndef NW_CAPTURE_PCAP_SOURCE_H
#define NW_CAPTURE_PCAP_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct nw_loop;
struct nw_capture_pipe;
struct nw_pcap_source;

struct nw_pcap_opts {
	const char *ifname;       /* interface, or "any" */
	int netns_fd;             /* namespace to capture in; -1: the current one */
	const char *filter;       /* pcap-filter expression; NULL or "" for none */
	int snaplen;              /* 0: 262144 */
	int buffer_size;          /* kernel ring bytes; 0: NW_PCAP_DEFAULT_BUFFER */
	int timeout_ms;           /* block retire timeout; 0: 50 */
	uint64_t stats_period_ns; /* drop-counter reports; 0: 1 s */
};

/*
 * 32 MiB: TPACKET_V3 stores a 60-byte frame in 144-160 bytes (header,
 * sockaddr_ll, alignment), so ~220k minimum frames, 0.22 s at the 1 Mpps
 * target; 8 MiB was ~55 ms, about one block retire timeout, which a slow
 * turn of the loop (a models tick, a stdout reader that stalls) exceeds.
 * It rides out bursts; it does not make a sustained overload lossless.
 * Kernel memory per captured interface; -B sets it.
 */
#define NW_PCAP_DEFAULT_BUFFER (32 << 20)

/* Opens and starts a live capture on the loop. NULL with a message in err (cause and fix). */
struct nw_pcap_source *nw_pcap_source_open_live(const struct nw_pcap_opts *o,
						struct nw_capture_pipe *pipe,
						struct nw_loop *loop, char *err, size_t errlen);

/* Opens a pcap or pcapng file through libpcap. NULL with a message in err. */
struct nw_pcap_source *nw_pcap_source_open_file(const char *path, const char *filter,
						struct nw_capture_pipe *pipe, char *err,
						size_t errlen);
/*
 * Reads a file source to its end (or max packets, 0 = all).  Returns the
 * packets read, or -errno with a message in err when the file is damaged
 * (the packets before the damage were delivered).
 */
long nw_pcap_source_read_file(struct nw_pcap_source *s, uint64_t max, char *err, size_t errlen);

/* Drains what the kernel holds now (the loop does this by itself). */
int nw_pcap_source_poll(struct nw_pcap_source *s);

struct nw_pcap_source_stats {
	uint64_t delivered;   /* frames handed to the pipeline */
	uint64_t kernel_drops;/* ps_drop: ring full */
	uint64_t if_drops;    /* ps_ifdrop */
	uint64_t received;    /* ps_recv */
};
void nw_pcap_source_stats(struct nw_pcap_source *s, struct nw_pcap_source_stats *st);

int nw_pcap_source_linktype(const struct nw_pcap_source *s);
uint64_t nw_pcap_source_netns(const struct nw_pcap_source *s);
uint32_t nw_pcap_source_ifindex(const struct nw_pcap_source *s);

/* Stops, reports the source as off, frees. */
void nw_pcap_source_close(struct nw_pcap_source *s);

#endif
