/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF source: tracepoint programs (drops, neighbours, qdiscs, socket
 * errors) loaded from bpftool skeletons, one shared ring buffer drained on
 * the loop's timer, records decoded into core events and submitted to the
 * bus.  Each probe degrades on its own (the kernel lacks a tracepoint, the
 * verifier refuses a program) and says so in a `source` event; without the
 * privilege to load anything every probe reports OFF with the fix, and the
 * rest of the tool goes on.
 *
 * Counting: for each probe, generated (counted in the kernel before the
 * ring reservation) == delivered (records user space consumed) + lost
 * (reservations that failed, counted in the kernel), exactly, once the ring
 * has been drained with the programs detached (nw_bpf_source_close() does
 * that before its final report).
 */
#ifndef NW_PROBES_BPF_SOURCE_H
#define NW_PROBES_BPF_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_loop;
struct nw_bus;
struct nw_bpf_source;

enum nw_bpf_probe {
	NW_BPF_DROPS,   /* "bpf:drops"   skb:kfree_skb (qdisc drops included) */
	NW_BPF_NEIGH,   /* "bpf:neigh"   neigh:* */
	NW_BPF_QDISC,   /* "bpf:qdisc"   qdisc:qdisc_enqueue counters */
	NW_BPF_SOCK,    /* "bpf:sockets" failed socket syscalls, inet_sk_error_report */
	NW_BPF_PROBE_COUNT
};
#define NW_BPF_PROBES_ALL ((1u << NW_BPF_PROBE_COUNT) - 1)

struct nw_bpf_opts {
	const uint64_t *netns;     /* namespace inodes in scope; n_netns == 0: every namespace */
	size_t n_netns;
	uint32_t ring_bytes;       /* ring buffer size: a power of two >= the page size; 0 = 4 MiB */
	unsigned probes;           /* 1u << NW_BPF_* bits; 0 = all */
	uint32_t poll_ms;          /* ring drain period; 0 = 50 ms */
	uint32_t qdisc_period_ms;  /* enqueue counter reports; 0 = 1000 ms */
	/*
	 * Drop floods: per-packet records (with headers) for the first
	 * drop_sample drops per second of each (namespace, device, reason,
	 * location, protocol, packet type) on each CPU; beyond that the kernel
	 * only counts, and an aggregated drop event (count > 1) reports the
	 * count every agg_period_ms.  0 = 64; NW_BPF_DROP_SAMPLE_ALL = a record
	 * for every drop (the ring then overruns under a flood).
	 */
	uint32_t drop_sample;
	uint32_t agg_period_ms;    /* 0 = 1000 ms */
	bool report_not_specified; /* also report drops with reason NOT_SPECIFIED (noisy) */
	bool report_eagain;        /* also report EAGAIN from socket syscalls (noisy) */
	/*
	 * Programs to treat as if the kernel lacked them, by section name
	 * ("tp_btf/kfree_skb", "tp/skb/kfree_skb"), NULL-terminated; NULL = none.
	 * For testing the fallbacks and the per-probe degradation on a kernel
	 * that has everything.
	 */
	const char *const *pretend_missing;
	/* Programs to treat as refused by the verifier (same form): tests the retry one by one. */
	const char *const *pretend_refused;
};

#define NW_BPF_DROP_SAMPLE_ALL UINT32_MAX

struct nw_bpf_stats {
	uint64_t generated; /* records the kernel side wanted to write */
	uint64_t delivered; /* records consumed from the ring */
	uint64_t lost;      /* records the ring had no room for */
	uint64_t invalid;   /* delivered records that failed to decode (counted in delivered) */
	uint64_t events;    /* events submitted to the bus */
	uint64_t aggregated; /* drops counted in the kernel and reported in aggregated events
			      * (their counts' sum; not in generated) */
	uint64_t missed;    /* tracepoint hits the kernel did not run our program for
			     * (it was already running on that CPU: recursion) */
};

/*
 * Loads and attaches what the kernel and our privileges allow, submits one
 * `source` event per probe (running / degraded / off, with why), and when a
 * loop is given drains the ring on its timer (and on a wake-up when the ring
 * passes half full).  loop may be NULL: then call nw_bpf_source_drain().
 * Returns NULL only on bad arguments; a source that could load nothing is
 * returned too (every probe OFF) so the caller can show why.
 */
struct nw_bpf_source *nw_bpf_source_open(struct nw_loop *loop, struct nw_bus *bus,
					 const struct nw_bpf_opts *opts);
/*
 * Detaches every program, drains the ring and submits the final `source`
 * events (state OFF, "stopped"); counters stay readable.  Idempotent.
 */
void nw_bpf_source_stop(struct nw_bpf_source *src);
/* Stops (if not yet) and frees. NULL is fine. */
void nw_bpf_source_close(struct nw_bpf_source *src);

/*
 * A tap sees every raw record before it is decoded (recording test data,
 * debugging a layout); NULL removes it.
 */
typedef void (*nw_bpf_tap_cb)(const void *rec, size_t len, void *arg);
void nw_bpf_source_set_tap(struct nw_bpf_source *src, nw_bpf_tap_cb cb, void *arg);

/*
 * Consumes every record waiting in the ring now; returns how many, or
 * -errno.  (The loop's own drains take at most a batch at a time and come
 * back at once, so a flood cannot keep the loop inside one drain.)
 */
int nw_bpf_source_drain(struct nw_bpf_source *src);
/*
 * Reads the kernel's drop counts and submits an aggregated drop event per
 * key whose count grew (count = the growth).  Returns the events or -errno.
 */
int nw_bpf_source_report_drop_counts(struct nw_bpf_source *src);
/* Reads the enqueue counters and submits a qdisc event per qdisc that moved. */
int nw_bpf_source_report_qdiscs(struct nw_bpf_source *src);
/* Submits a `source` event per selected probe with the current counts. */
void nw_bpf_source_report(struct nw_bpf_source *src);

/*
 * Widens the scope by a namespace inode / narrows it; the kernel filter
 * follows at once.  Whether there is a scope is fixed when the programs load
 * (opts.netns): a source opened for every namespace refuses with -EOPNOTSUPP.
 */
int nw_bpf_source_add_netns(struct nw_bpf_source *src, uint64_t inode);
int nw_bpf_source_del_netns(struct nw_bpf_source *src, uint64_t inode);

/* True when at least one probe is running. */
bool nw_bpf_source_running(const struct nw_bpf_source *src);
enum nw_source_state nw_bpf_source_state(const struct nw_bpf_source *src, enum nw_bpf_probe probe);
/* Why the probe is degraded or off ("" when running); never NULL. */
const char *nw_bpf_source_detail(const struct nw_bpf_source *src, enum nw_bpf_probe probe);
/* Counters now (the kernel's, summed over CPUs, and ours). Returns 0 or -errno. */
int nw_bpf_source_stats(const struct nw_bpf_source *src, enum nw_bpf_probe probe,
			struct nw_bpf_stats *st);
/* "bpf:drops" ...; never NULL. */
const char *nw_bpf_probe_name(enum nw_bpf_probe probe);

#endif
