// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF source while it runs (see bpf_source_int.h for the lifecycle):
 * the ring buffer drained on the loop's timer and when it passes half full,
 * each record handed to its probe's decoder and the events to the bus; the
 * maps read on timers (qdisc enqueue counters, drop counts beyond the
 * sample); the counters that make up each probe's numbers, and the
 * `source` events that report them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "core/bus.h"
#include "core/kstore.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/util.h"
#include "probes/bpf_source_int.h"
#include "probes/kallsyms.h"

#define NW_QDISC_SEEN_MAX 2048
#define NW_AGG_SEEN_MAX 8192 /* twice nw_drop_agg's max_entries (keys are never removed) */
/*
 * Records per drain from the loop: ~2-5 ms of decoding and printing, after
 * which the loop gets its turn (timers, the terminal) and the drain resumes.
 */
#define NW_DRAIN_BATCH 4096

struct qdisc_seen {
	struct nw_qdisc_key key; /* first: kstore key */
	uint64_t packets;
};

/* What was reported of one nw_drop_agg key. */
struct agg_seen {
	struct nw_drop_agg_key key; /* first: kstore key */
	uint64_t reported;
};

void nw_bpf_drain_init(struct nw_bpf_source *src)
{
	src->qseen = nw_kstore_new(sizeof(struct nw_qdisc_key), sizeof(struct qdisc_seen),
				   NW_QDISC_SEEN_MAX);
	src->aseen = nw_kstore_new(sizeof(struct nw_drop_agg_key), sizeof(struct agg_seen),
				   NW_AGG_SEEN_MAX);
}

/* --- draining --------------------------------------------------------------------- */

static int on_record(void *ctx, void *data, size_t len)
{
	struct nw_bpf_source *src = ctx;
	struct nw_event evs[NW_DECODE_MAX_EVENTS];
	int prog = nw_probe_record_prog(data, len);
	int probe = nw_bpf_probe_of_prog(prog);
	int n;

	if (prog < 0 || prog >= NW_PROG_COUNT || probe < 0 || !nw_bpf_probes[probe].decode) {
		src->unknown_prog++;
		return 0;
	}
	src->delivered[prog]++;
	/* Consumed either way: libbpf has moved past it before calling us. */
	if (src->batch_left && !--src->batch_left)
		src->batch_ended = true;
	if (src->tap)
		src->tap(data, len, src->tap_arg);
	n = nw_bpf_probes[probe].decode(data, len, evs);
	if (n < 0) {
		if (!src->invalid[prog]++)
			nw_warn("bpf: undecodable record (%s, %zu bytes): the BPF objects and this "
				"binary disagree; rebuild both", strerror(-n), len);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (evs[i].type == NW_EV_DROP)
			nw_ksyms_resolve(src->ksyms, evs[i].u.drop.location, evs[i].u.drop.location_sym,
					 sizeof(evs[i].u.drop.location_sym));
		if (src->bus)
			nw_bus_submit(src->bus, &evs[i]);
		src->events[prog]++;
	}
	/* Negative: libbpf stores the consumer position and returns. */
	return src->batch_ended ? -EAGAIN : 0;
}

void nw_bpf_source_set_tap(struct nw_bpf_source *src, nw_bpf_tap_cb cb, void *arg)
{
	if (!src)
		return;
	src->tap = cb;
	src->tap_arg = arg;
}

int nw_bpf_source_drain(struct nw_bpf_source *src)
{
	int n;

	if (!src || !src->rb)
		return 0;
	src->batch_left = 0;
	src->batch_ended = false;
	n = ring_buffer__consume(src->rb);
	return n;
}

static void drain_batch(struct nw_bpf_source *src);

static bool rearm_cb(struct nw_loop *loop, void *arg)
{
	struct nw_bpf_source *src = arg;

	src->rearm_timer = 0;
	drain_batch(src);
	return false;
}

/*
 * At most NW_DRAIN_BATCH records, so a flood that refills the ring as fast
 * as we read cannot hold the loop here; when the batch ran out the rest
 * follows on the loop's next round (a zero-delay timer), after the others.
 */
static void drain_batch(struct nw_bpf_source *src)
{
	if (!src->rb)
		return;
	src->batch_left = NW_DRAIN_BATCH;
	src->batch_ended = false;
	ring_buffer__consume(src->rb);
	src->batch_left = 0;
	if (src->batch_ended && src->loop && !src->rearm_timer && !src->stopped) {
		int64_t id = nw_loop_add_timer(src->loop, 0, 0, rearm_cb, src);

		src->rearm_timer = id > 0 ? id : 0;
	}
	src->batch_ended = false;
}

static bool poll_timer_cb(struct nw_loop *loop, void *arg)
{
	drain_batch(arg);
	return true;
}

static void ring_wakeup_cb(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	/* The ring passed half full: a burst; drain now rather than at the tick. */
	drain_batch(arg);
}

/* --- counters ---------------------------------------------------------------------- */

static uint64_t kernel_counter(const struct nw_bpf_source *src, int prog, int which)
{
	uint32_t key = (uint32_t)(prog * NW_CNT_PER_PROG + which);
	uint64_t sum = 0;

	if (src->counters_fd < 0 || !src->cpu_vals)
		return 0;
	if (bpf_map_lookup_elem(src->counters_fd, &key, src->cpu_vals))
		return 0;
	for (int i = 0; i < src->ncpus; i++)
		sum += src->cpu_vals[i];
	return sum;
}

/* The kernel's count of runs it skipped because the program was already running on that CPU. */
static uint64_t recursion_misses(const struct probe_slot *ps)
{
	struct bpf_program *prog;
	uint64_t sum = 0;

	if (!ps->obj)
		return 0;
	bpf_object__for_each_program(prog, ps->obj) {
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (nw_bpf_prog_of_other(prog, ps->id))
			continue; /* another probe's, in the one object */
		memset(&info, 0, sizeof(info));
		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
			sum += info.recursion_misses;
	}
	return sum;
}

int nw_bpf_source_stats(const struct nw_bpf_source *src, enum nw_bpf_probe probe,
			struct nw_bpf_stats *st)
{
	if (!src || !st || (unsigned)probe >= NW_BPF_PROBE_COUNT)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	st->missed = recursion_misses(&src->probes[probe]);
	if (probe == NW_BPF_DROPS) {
		st->aggregated = src->aggregated;
		st->events += src->agg_events;
	}
	for (int i = 0; i < 2; i++) {
		int prog = nw_bpf_probes[probe].counters[i];

		if (prog < 0)
			continue;
		st->generated += kernel_counter(src, prog, NW_CNT_GENERATED);
		st->lost += kernel_counter(src, prog, NW_CNT_LOST);
		if (probe == NW_BPF_QDISC) {
			/* Counted in a map, not sent: what was counted is what arrived. */
			st->delivered += kernel_counter(src, prog, NW_CNT_GENERATED) -
					 kernel_counter(src, prog, NW_CNT_LOST);
			st->events += src->qdisc_events;
		} else {
			st->delivered += src->delivered[prog];
			st->invalid += src->invalid[prog];
			st->events += src->events[prog];
		}
	}
	return 0;
}

static void report_one(struct nw_bpf_source *src, struct probe_slot *ps)
{
	struct nw_bpf_stats st;
	struct nw_event ev;
	struct nw_source_ev *s = &ev.u.source;

	nw_event_init(&ev, NW_EV_SOURCE, NW_ORIGIN_BPF);
	nw_strlcpy(s->name, nw_bpf_probe_name(ps->id), sizeof(s->name));
	s->state = ps->state;
	if (nw_bpf_source_stats(src, ps->id, &st) == 0) {
		s->delivered = st.delivered;
		s->lost = st.lost;
	}
	/* Built in a larger buffer, then cut to the event's field. */
	char detail[512];

	if (st.lost && nw_bpf_probes[ps->id].decode) /* its records come through the ring */
		snprintf(detail, sizeof(detail),
			 "%s%sring buffer full: %" PRIu64 " of %" PRIu64 " records lost; give it "
			 "more room (ring size %" PRIu32 " bytes)", ps->detail, ps->detail[0] ? "; " : "",
			 st.lost, st.generated, src->opts.ring_bytes);
	else if (st.lost)
		snprintf(detail, sizeof(detail), "%s%scounter map full: %" PRIu64 " enqueues not counted",
			 ps->detail, ps->detail[0] ? "; " : "", st.lost);
	else
		nw_strlcpy(detail, ps->detail, sizeof(detail));
	if (st.aggregated) {
		size_t len = strlen(detail);

		snprintf(detail + len, sizeof(detail) - len,
			 "%s%" PRIu64 " drops of floods reported as counts (no headers)",
			 len ? "; " : "", st.aggregated);
	}
	if (st.missed) {
		size_t len = strlen(detail);

		snprintf(detail + len, sizeof(detail) - len,
			 "%s%" PRIu64 " tracepoint hits skipped by the kernel (program already "
			 "running on that CPU)", len ? "; " : "", st.missed);
	}
	nw_strlcpy(s->detail, detail, sizeof(s->detail));
	ps->last_lost_reported = st.lost;
	ps->last_missed_reported = st.missed;
	ps->last_state_reported = ps->state;
	if (src->bus)
		nw_bus_submit(src->bus, &ev);
}

void nw_bpf_source_report(struct nw_bpf_source *src)
{
	if (!src)
		return;
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		if (src->probes[i].wanted)
			report_one(src, &src->probes[i]);
}

/* --- aggregated drop counts --------------------------------------------------------- */

int nw_bpf_source_report_drop_counts(struct nw_bpf_source *src)
{
	struct nw_drop_agg_key key, next;
	struct bpf_map *map;
	void *prev = NULL;
	int fd, n = 0;

	if (!src)
		return -EINVAL;
	if (!src->probes[NW_BPF_DROPS].obj || !src->agg_vals)
		return 0;
	map = bpf_object__find_map_by_name(src->probes[NW_BPF_DROPS].obj, "nw_drop_agg");
	fd = map ? bpf_map__fd(map) : -1;
	if (fd < 0)
		return -ENOENT;
	/* A new sampling window: each key may send cfg_drop_sample records again. */
	if (src->drop_epoch)
		(*src->drop_epoch)++;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct nw_event evs[NW_DECODE_MAX_EVENTS];
		struct agg_seen *seen;
		uint64_t sum = 0;
		int m;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, src->agg_vals))
			continue; /* keys are never removed: not expected */
		for (int i = 0; i < src->ncpus; i++)
			sum += src->agg_vals[i].counted;
		if (!sum)
			continue;
		seen = nw_kstore_get_room(src->aseen, &key);
		if (!seen) {
			if (!src->agg_full_warned)
				nw_warn("bpf: more drop keys than the loader tracks (%d): some drop "
					"counts are not reported", NW_AGG_SEEN_MAX);
			src->agg_full_warned = true;
			continue;
		}
		if (sum == seen->reported)
			continue;
		m = nw_probe_decode_agg(&key, src->agg_vals, (size_t)src->ncpus, sum - seen->reported,
					nw_now_mono(), evs);
		if (m < 0)
			continue;
		src->aggregated += sum - seen->reported;
		seen->reported = sum;
		for (int i = 0; i < m; i++) {
			if (evs[i].type == NW_EV_DROP)
				nw_ksyms_resolve(src->ksyms, evs[i].u.drop.location,
						 evs[i].u.drop.location_sym,
						 sizeof(evs[i].u.drop.location_sym));
			if (src->bus)
				nw_bus_submit(src->bus, &evs[i]);
			src->agg_events++;
		}
		n += m;
	}
	return n;
}

static bool agg_timer_cb(struct nw_loop *loop, void *arg)
{
	nw_bpf_source_report_drop_counts(arg);
	return true;
}

/* --- qdisc enqueue counters --------------------------------------------------------- */

int nw_bpf_source_report_qdiscs(struct nw_bpf_source *src)
{
	struct probe_slot *ps;
	struct bpf_map *map;
	struct nw_qdisc_key key, next;
	struct nw_qdisc_val val;
	int fd, n = 0;
	void *prev = NULL;

	if (!src)
		return -EINVAL;
	ps = &src->probes[NW_BPF_QDISC];
	if (!ps->obj)
		return 0;
	map = bpf_object__find_map_by_name(ps->obj, "nw_qdisc_stats");
	fd = map ? bpf_map__fd(map) : -1;
	if (fd < 0)
		return -ENOENT;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		struct qdisc_seen *seen;
		struct nw_event ev;
		struct nw_qdisc_ev *q = &ev.u.qdisc;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &val))
			continue; /* removed meanwhile */
		seen = nw_kstore_get_room(src->qseen, &key);
		if (seen && seen->packets == val.packets)
			continue;
		if (seen)
			seen->packets = val.packets;
		nw_event_init(&ev, NW_EV_QDISC, NW_ORIGIN_BPF);
		ev.ts = val.last_ts;
		ev.netns_ino = key.netns_ino;
		ev.ifindex = key.ifindex;
		val.ifname[sizeof(val.ifname) - 1] = '\0';
		val.kind[sizeof(val.kind) - 1] = '\0';
		nw_strlcpy(ev.ifname, val.ifname, sizeof(ev.ifname));
		q->op = NW_QDISC_ENQUEUE;
		nw_strlcpy(q->kind, val.kind, sizeof(q->kind));
		q->handle = key.handle;
		q->parent = key.parent;
		q->packets = val.packets;
		q->bytes = val.bytes;
		q->drops = val.drops;
		q->qlen = val.qlen;
		q->backlog = val.backlog;
		q->direct_qlen = UINT32_MAX;
		if (src->bus)
			nw_bus_submit(src->bus, &ev);
		src->qdisc_events++;
		n++;
	}
	return n;
}

static bool report_timer_cb(struct nw_loop *loop, void *arg)
{
	struct nw_bpf_source *src = arg;

	nw_bpf_source_report_qdiscs(src);
	/* Health changes are news; steady counts are not. */
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];
		struct nw_bpf_stats st;

		if (!ps->wanted || nw_bpf_source_stats(src, ps->id, &st))
			continue;
		if (st.lost != ps->last_lost_reported || st.missed != ps->last_missed_reported ||
		    ps->state != ps->last_state_reported)
			report_one(src, ps);
	}
	return true;
}

/* --- start and stop ------------------------------------------------------------------ */

int nw_bpf_drain_start(struct nw_bpf_source *src)
{
	struct nw_loop *loop = src->loop;
	int err;

	src->rb = ring_buffer__new(src->events_fd, on_record, src, NULL);
	if (!src->rb) {
		err = -errno;
		nw_error("bpf: cannot map the ring buffer: %s", strerror(-err));
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
			if (src->probes[i].wanted && src->probes[i].obj) {
				nw_bpf_slot_destroy(&src->probes[i]);
				nw_bpf_slot_set(&src->probes[i], NW_SOURCE_OFF,
						"cannot map the ring buffer: %s", strerror(-err));
			}
		}
		return err;
	}
	if (!loop)
		return 0;
	src->rb_epoll_fd = ring_buffer__epoll_fd(src->rb);
	err = nw_loop_add_fd(loop, src->rb_epoll_fd, NW_LOOP_IN, ring_wakeup_cb, src);
	if (err)
		nw_warn("bpf: cannot watch the ring buffer (%s): draining on the timer only",
			strerror(-err));
	src->poll_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.poll_ms * 1000000,
					    (uint64_t)src->opts.poll_ms * 1000000, poll_timer_cb, src);
	src->report_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.qdisc_period_ms * 1000000,
					      (uint64_t)src->opts.qdisc_period_ms * 1000000,
					      report_timer_cb, src);
	src->agg_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.agg_period_ms * 1000000,
					   (uint64_t)src->opts.agg_period_ms * 1000000, agg_timer_cb,
					   src);
	return 0;
}

void nw_bpf_drain_stop(struct nw_bpf_source *src)
{
	if (!src->loop)
		return;
	if (src->poll_timer > 0)
		nw_loop_del_timer(src->loop, src->poll_timer);
	if (src->report_timer > 0)
		nw_loop_del_timer(src->loop, src->report_timer);
	if (src->agg_timer > 0)
		nw_loop_del_timer(src->loop, src->agg_timer);
	if (src->rearm_timer > 0)
		nw_loop_del_timer(src->loop, src->rearm_timer);
	if (src->rb_epoll_fd >= 0)
		nw_loop_del_fd(src->loop, src->rb_epoll_fd);
	src->poll_timer = src->report_timer = src->agg_timer = src->rearm_timer = 0;
}
