/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the BPF source (bpf_source.h), shared by its files, one per step of
 * a BPF tool's lifecycle as bcc's libbpf-tools write it:
 *
 *   bpf_source.c         the lifecycle itself: open -> feature-probe ->
 *                        load + attach -> drain -> detach -> close, and the
 *                        source's public getters
 *   bpf_source_probes.c  the table of probes: each probe's name, programs
 *                        (with the tracepoint each needs), skeleton and
 *                        rodata, kernel counters, how its records arrive
 *   bpf_source_load.c    feature probing (which programs the kernel can
 *                        run), loading (one object for all, else one per
 *                        probe, leaving refused programs out) and attaching
 *   bpf_source_drain.c   the ring buffer drain, the maps read on timers
 *                        (qdisc counters, drop counts), counters and the
 *                        `source` events
 *
 * Adding a probe: its x.bpf.c (and an #include of it in probes.bpf.c, the
 * object of every probe), its record layout and nw_prog_id (nw_records.h),
 * its decoder (decode.c), its name in NW_BPF_NAMES (probes/local.mk, for
 * the skeleton), an NW_BPF_* value (bpf_source.h), and in
 * bpf_source_probes.c an opener line and one entry in the table.
 */
#ifndef NW_PROBES_BPF_SOURCE_INT_H
#define NW_PROBES_BPF_SOURCE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "core/event.h"
#include "probes/bpf_source.h"
#include "probes/decode.h"
#include "probes/nw_records.h"

#define NW_BPF_MAX_LINKS 24 /* a probe's programs: sockets has 13 socket calls + 3 */

/*
 * A program, the tracepoint it needs, and how to tell whether the running
 * kernel has it.  A program whose `instead_of` is available is the fallback
 * that stays unloaded.  `needs` names a program that must load with it
 * (sys_exit is useless without sys_enter).
 */
struct prog_spec {
	const char *prog;
	const char *group, *event;
	bool btf; /* tp_btf (typed arguments) or a classic tracepoint */
	const char *instead_of;
	const char *needs;
};

struct probe_slot;
struct nw_bpf_source;

/* One probe: everything the lifecycle needs to know of it. */
struct bpf_probe_desc {
	const char *name; /* "bpf:drops" */
	/* Its programs, ended by one with a NULL prog. */
	const struct prog_spec *progs;
	/* Its own skeleton (the per-probe fallback of the one object): opened, rodata set. */
	int (*open)(struct nw_bpf_source *src, struct probe_slot *ps);
	/* The kernel counters (nw_prog_id) that make up its numbers; -1: none. */
	int counters[2];
	/* Its records through the ring, and their decoder; NULL: it only counts in maps. */
	int (*decode)(const void *data, size_t len, struct nw_event out[NW_DECODE_MAX_EVENTS]);
	/* Reads what its maps counted and submits events (on a timer and at stop); NULL: none. */
	int (*read_maps)(struct nw_bpf_source *src);
};

extern const struct bpf_probe_desc nw_bpf_probes[NW_BPF_PROBE_COUNT];

/* Every program of every probe: sp its spec, p its probe (an int). */
#define NW_BPF_FOR_EACH_SPEC(sp, p)                      \
	for (int p = 0; p < NW_BPF_PROBE_COUNT; p++)      \
		for (const struct prog_spec *sp = nw_bpf_probes[p].progs; sp->prog; sp++)

struct probe_slot {
	enum nw_bpf_probe id;
	bool wanted;
	void *skel;
	void (*destroy)(void *skel);
	struct bpf_object *obj;
	struct bpf_link *links[NW_BPF_MAX_LINKS];
	int n_links;
	enum nw_source_state state;
	char detail[160];
	uint64_t last_lost_reported, last_missed_reported;
	enum nw_source_state last_state_reported;
};

struct nw_probes;
struct nw_kstore;

struct nw_bpf_source {
	struct nw_loop *loop;
	struct nw_bus *bus;
	struct nw_bpf_opts opts;
	const struct btf *btf; /* nw_btf_vmlinux(): shared, not ours to free */
	struct nw_ksyms *ksyms;
	int events_fd, counters_fd, netns_fd;
	struct ring_buffer *rb;
	int rb_epoll_fd;
	int64_t poll_timer, report_timer;
	int ncpus;
	uint64_t *cpu_vals; /* per-CPU counter lookups land here (ncpus values) */
	struct probe_slot probes[NW_BPF_PROBE_COUNT];
	uint64_t delivered[NW_PROG_COUNT];
	uint64_t invalid[NW_PROG_COUNT];
	uint64_t events[NW_PROG_COUNT];
	uint64_t unknown_prog; /* records naming no known program (never expected) */
	struct nw_kstore *qseen; /* what was reported of each qdisc's counters */
	uint64_t qdisc_events;
	struct nw_kstore *aseen; /* what was reported of each drop count */
	struct nw_drop_agg_val *agg_vals; /* one per possible CPU */
	uint64_t aggregated, agg_events;
	bool agg_full_warned;
	int64_t agg_timer;
	/* Loop drains: records left in this batch (0 = no limit), whether it ran out, the re-arm. */
	unsigned batch_left;
	bool batch_ended;
	int64_t rearm_timer;
	bool scoped, loaded;
	/* Every probe in one object (probes.bpf.c), when that loaded; else NULL. */
	struct nw_probes *one;
	/* The loaded drops object's sampling window (nw_drop_epoch in .bss). */
	volatile __u64 *drop_epoch;
	bool stopped;
	nw_bpf_tap_cb tap;
	void *tap_arg;
};

/* bpf_source_probes.c: the program's spec and its probe (probe may be NULL), or NULL. */
const struct prog_spec *nw_bpf_spec_by_prog(const char *prog, enum nw_bpf_probe *probe);
/* The probe whose numbers a kernel counter (nw_prog_id) is part of, or -1. */
int nw_bpf_probe_of_prog(int prog);
/* Whether prog belongs to another probe than id (in the one object, every probe's are). */
bool nw_bpf_prog_of_other(const struct bpf_program *prog, enum nw_bpf_probe id);
/* Opens the object of every probe (probes.bpf.c) with every probe's rodata; NULL, errno set. */
struct nw_probes *nw_bpf_one_open(struct nw_bpf_source *src);

/* bpf_source_load.c */
void nw_bpf_slot_set(struct probe_slot *ps, enum nw_source_state state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* What to tell a person when the kernel said no. */
const char *nw_bpf_load_fix(int err);
int nw_bpf_create_shared_maps(struct nw_bpf_source *src);
/* Every wanted probe loaded and attached (each with its state); see bpf_source_load.c. */
void nw_bpf_load_all(struct nw_bpf_source *src);
void nw_bpf_slot_destroy(struct probe_slot *ps);

/* bpf_source_drain.c: its stores (at open); the ring and the timers (0 or -errno); their end. */
void nw_bpf_drain_init(struct nw_bpf_source *src);
int nw_bpf_drain_start(struct nw_bpf_source *src);
void nw_bpf_drain_stop(struct nw_bpf_source *src);

#endif
