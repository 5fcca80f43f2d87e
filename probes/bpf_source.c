// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF source: skeleton lifecycle open -> rodata -> autoload by feature
 * -> shared maps -> load -> attach -> drain, per probe; see bpf_source.h.
 *
 * The shared maps (ring buffer, counters, namespace filter) are created here
 * first and handed to every object with bpf_map__reuse_fd(), so each object
 * loads (or fails) on its own while all of them write the same ring.
 *
 * First every wanted probe is loaded from one object (probes.bpf.c, the four
 * probes' programs together; one_start()), because libbpf parses the
 * kernel's BTF once per object.  Only when that fails (a program refused,
 * no privilege) are the per-probe objects loaded one after the other, which
 * is where a refused program is found and left out probe by probe.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "core/bus.h"
#include "core/kstore.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "core/util.h"
#include "probes/bpf_source.h"
#include "probes/btf_names.h"
#include "probes/decode.h"
#include "probes/kallsyms.h"
#include "probes/nw_records.h"

#include "probes/drops.skel.h"
#include "probes/neigh.skel.h"
#include "probes/probes.skel.h"
#include "probes/qdisc.skel.h"
#include "probes/sockerr.skel.h"

/* Kept equal to the BPF side's tables (drops.bpf.c, sockerr.bpf.c). */
#define NW_REASON_TABLE 1024
#define NW_RF_SKIP 0x01
#define NW_RF_QDISC 0x02
#define NW_SYS_TABLE 512
#define NW_SYS_WATCH 0x01
#define NW_SYS_SOCK_ONLY 0x02
#define NW_SYS_CONNECT 0x04
#define NW_SYS_ADDR2 0x08
#define NW_SYS_ADDR5 0x10
#define NW_SYS_MSGNAME 0x20
#define NW_SYS_LOCAL 0x40
#define NW_SYS_SOERROR 0x80

#define NW_BPF_DEFAULT_RING (4u << 20)
#define NW_BPF_NETNS_MAX 4096 /* nw_netns_allow's max_entries */
#define NW_BPF_MAX_LINKS 12
#define NW_QDISC_SEEN_MAX 2048
#define NW_BPF_DEFAULT_DROP_SAMPLE 64
#define NW_AGG_SEEN_MAX 8192 /* twice nw_drop_agg's max_entries (keys are never removed) */
/*
 * Records per drain from the loop: ~2-5 ms of decoding and printing, after
 * which the loop gets its turn (timers, the terminal) and the drain resumes.
 */
#define NW_DRAIN_BATCH 4096

_Static_assert(sizeof(((struct nw_drops__rodata *)0)->cfg_reason_flags) == NW_REASON_TABLE,
	       "reason table size differs between drops.bpf.c and the loader");
_Static_assert(sizeof(((struct nw_sockerr__rodata *)0)->cfg_sys_flags) == NW_SYS_TABLE,
	       "syscall table size differs between sockerr.bpf.c and the loader");

static const char *const probe_names[NW_BPF_PROBE_COUNT] = {
	[NW_BPF_DROPS] = "bpf:drops",
	[NW_BPF_NEIGH] = "bpf:neigh",
	[NW_BPF_QDISC] = "bpf:qdisc",
	[NW_BPF_SOCK] = "bpf:sockets",
};

/* Which kernel counters (nw_prog_id) make up each probe's numbers. */
static const int probe_progs[NW_BPF_PROBE_COUNT][2] = {
	[NW_BPF_DROPS] = { NW_PROG_DROPS, -1 },
	[NW_BPF_NEIGH] = { NW_PROG_NEIGH, -1 },
	[NW_BPF_QDISC] = { NW_PROG_QDISC, -1 },
	[NW_BPF_SOCK] = { NW_PROG_SOCK, NW_PROG_SOCK_ASYNC },
};

/*
 * Every program, the tracepoint it needs, and how to tell whether the
 * running kernel has it.  A program whose `instead_of` is available is the
 * fallback that stays unloaded.  `needs` names a program that must load
 * with it (sys_exit is useless without sys_enter).
 */
struct prog_spec {
	enum nw_bpf_probe probe;
	const char *prog;
	const char *group, *event;
	bool btf; /* tp_btf (typed arguments) or a classic tracepoint */
	const char *instead_of;
	const char *needs;
};

static const struct prog_spec prog_specs[] = {
	{ NW_BPF_DROPS, "nw_kfree_skb_btf", "skb", "kfree_skb", true, NULL, NULL },
	{ NW_BPF_DROPS, "nw_kfree_skb_tp", "skb", "kfree_skb", false, "nw_kfree_skb_btf", NULL },
	{ NW_BPF_NEIGH, "nw_neigh_create", "neigh", "neigh_create", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_update", "neigh", "neigh_update", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_update_done", "neigh", "neigh_update_done", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_timer_handler", "neigh", "neigh_timer_handler", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_event_send_done", "neigh", "neigh_event_send_done", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_event_send_dead", "neigh", "neigh_event_send_dead", true, NULL, NULL },
	{ NW_BPF_NEIGH, "nw_neigh_cleanup_and_release", "neigh", "neigh_cleanup_and_release", true, NULL, NULL },
	{ NW_BPF_QDISC, "nw_qdisc_enqueue", "qdisc", "qdisc_enqueue", true, NULL, NULL },
	/*
	 * Where the BPF side can read the syscall number at exit (x86, arm64),
	 * the object has no nw_sys_enter: a need of a program the object lacks
	 * does not apply.
	 */
	{ NW_BPF_SOCK, "nw_sys_enter", "raw_syscalls", "sys_enter", true, NULL, "nw_sys_exit" },
	{ NW_BPF_SOCK, "nw_sys_exit", "raw_syscalls", "sys_exit", true, NULL, "nw_sys_enter" },
	{ NW_BPF_SOCK, "nw_inet_sk_error_report", "sock", "inet_sk_error_report", true, NULL, NULL },
};

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

struct qdisc_seen {
	struct nw_qdisc_key key; /* first: kstore key */
	uint64_t packets;
};

/* What was reported of one nw_drop_agg key. */
struct agg_seen {
	struct nw_drop_agg_key key; /* first: kstore key */
	uint64_t reported;
};

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
	struct nw_kstore *qseen; /* struct qdisc_seen */
	uint64_t qdisc_events;
	struct nw_kstore *aseen; /* struct agg_seen */
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

/* --- libbpf's messages into our log ----------------------------------------- */

static int libbpf_to_log(enum libbpf_print_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static int libbpf_to_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[NW_LOG_MSG_MAX];
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	nw_log(level == LIBBPF_WARN ? NW_LOG_WARN : NW_LOG_DEBUG, "libbpf: %s", buf);
	return 0;
}

/* --- small helpers ------------------------------------------------------------ */

const char *nw_bpf_probe_name(enum nw_bpf_probe probe)
{
	if ((unsigned)probe >= NW_BPF_PROBE_COUNT)
		return "bpf:?";
	return probe_names[probe];
}

static void slot_set(struct probe_slot *ps, enum nw_source_state state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void slot_set(struct probe_slot *ps, enum nw_source_state state, const char *fmt, ...)
{
	va_list ap;

	ps->state = state;
	va_start(ap, fmt);
	vsnprintf(ps->detail, sizeof(ps->detail), fmt, ap);
	va_end(ap);
}

/* What to tell a person when the kernel said no. */
static const char *load_fix(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "needs CAP_BPF and CAP_PERFMON: run as root";
	case ENOMEM:
		return "the kernel refused the memory (cgroup memory limit?)";
	case ENOENT:
	case ESRCH:
		return "the kernel lacks a tracepoint or type it needs";
	case EINVAL:
		return "the verifier or the kernel refused it (see the log)";
	default:
		return "see the log";
	}
}

static bool tracefs_has(const char *group, const char *event)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];

	for (size_t i = 0; i < NW_ARRAY_SIZE(roots); i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s", roots[i], group, event);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

/* "tp_btf/kfree_skb", "tp/skb/kfree_skb": the program's section name. */
static const char *spec_section(const struct prog_spec *sp, char *buf, size_t size)
{
	if (sp->btf)
		snprintf(buf, size, "tp_btf/%s", sp->event);
	else
		snprintf(buf, size, "tp/%s/%s", sp->group, sp->event);
	return buf;
}

static bool in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static bool pretended_missing(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	char section[96];

	return in_list(src->opts.pretend_missing, spec_section(sp, section, sizeof(section)));
}

static bool spec_available(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	if (pretended_missing(src, sp))
		return false;
	if (sp->btf)
		return nw_btf_has_tp(src->btf, sp->event);
	return tracefs_has(sp->group, sp->event);
}

static const struct prog_spec *spec_by_prog(const char *prog)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(prog_specs); i++)
		if (!strcmp(prog_specs[i].prog, prog))
			return &prog_specs[i];
	return NULL;
}

/* Available, and so is the program it needs: a fallback is then not wanted. */
static bool spec_usable(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	const struct prog_spec *other = sp->needs ? spec_by_prog(sp->needs) : NULL;

	if (!spec_available(src, sp))
		return false;
	return !sp->needs || (other && spec_available(src, other));
}

/* --- rodata per object ------------------------------------------------------- */

static void set_reason_flags(volatile uint8_t *flags, bool report_not_specified)
{
	static const char *const qdisc_reasons[] = {
		"QDISC_DROP", "QDISC_OVERLIMIT", "QDISC_CONGESTED", "CAKE_FLOOD",
		"FQ_BAND_LIMIT", "FQ_HORIZON_LIMIT", "FQ_FLOW_LIMIT",
	};
	const struct nw_names *names = nw_names_table(NW_NAMES_DROP_REASON);
	int64_t v;

	/*
	 * SKB_CONSUMED is a normal free, not a drop.  NOT_SPECIFIED is what
	 * kfree_skb() without a reason says: thousands a second from code that
	 * frees on purpose, so it is noise unless asked for.
	 */
	if (nw_names_lookup(names, "CONSUMED", &v) && v >= 0 && v < NW_REASON_TABLE)
		flags[v] |= NW_RF_SKIP;
	if (!report_not_specified && nw_names_lookup(names, "NOT_SPECIFIED", &v) && v >= 0 &&
	    v < NW_REASON_TABLE)
		flags[v] |= NW_RF_SKIP;
	for (size_t i = 0; i < NW_ARRAY_SIZE(qdisc_reasons); i++)
		if (nw_names_lookup(names, qdisc_reasons[i], &v) && v >= 0 && v < NW_REASON_TABLE)
			flags[v] |= NW_RF_QDISC;
}

static void set_sys(volatile uint8_t *t, long nr, uint8_t flags)
{
	if (nr >= 0 && nr < NW_SYS_TABLE)
		t[nr] = flags;
}

static void set_sys_flags(volatile uint8_t *t)
{
	/* The running architecture's numbers: compiled from <sys/syscall.h>. */
#ifdef SYS_connect
	set_sys(t, SYS_connect, NW_SYS_WATCH | NW_SYS_CONNECT | NW_SYS_ADDR2);
#endif
#ifdef SYS_accept
	set_sys(t, SYS_accept, NW_SYS_WATCH);
#endif
#ifdef SYS_accept4
	set_sys(t, SYS_accept4, NW_SYS_WATCH);
#endif
#ifdef SYS_bind
	set_sys(t, SYS_bind, NW_SYS_WATCH | NW_SYS_ADDR2 | NW_SYS_LOCAL);
#endif
#ifdef SYS_listen
	set_sys(t, SYS_listen, NW_SYS_WATCH);
#endif
#ifdef SYS_sendto
	set_sys(t, SYS_sendto, NW_SYS_WATCH | NW_SYS_ADDR5);
#endif
#ifdef SYS_sendmsg
	set_sys(t, SYS_sendmsg, NW_SYS_WATCH | NW_SYS_MSGNAME);
#endif
#ifdef SYS_sendmmsg
	set_sys(t, SYS_sendmmsg, NW_SYS_WATCH);
#endif
#ifdef SYS_recvfrom
	set_sys(t, SYS_recvfrom, NW_SYS_WATCH);
#endif
#ifdef SYS_recvmsg
	set_sys(t, SYS_recvmsg, NW_SYS_WATCH);
#endif
#ifdef SYS_recvmmsg
	set_sys(t, SYS_recvmmsg, NW_SYS_WATCH);
#endif
#ifdef SYS_setsockopt
	set_sys(t, SYS_setsockopt, NW_SYS_WATCH);
#endif
#ifdef SYS_getsockopt
	/* Only for SO_ERROR: how a non-blocking connect learns that it failed. */
	set_sys(t, SYS_getsockopt, NW_SYS_WATCH | NW_SYS_SOERROR);
#endif
#ifdef SYS_read
	set_sys(t, SYS_read, NW_SYS_WATCH | NW_SYS_SOCK_ONLY);
#endif
#ifdef SYS_write
	set_sys(t, SYS_write, NW_SYS_WATCH | NW_SYS_SOCK_ONLY);
#endif
}

/* The rodata every skeleton has, and each probe's own (s: a skeleton with them). */
#define NW_RODATA_COMMON(s)                                                  \
	do {                                                                 \
		(s)->rodata->cfg_ring_size = src->opts.ring_bytes;           \
		(s)->rodata->cfg_self_tgid = (uint32_t)getpid();             \
		(s)->rodata->cfg_netns_filter = src->scoped;                 \
	} while (0)
#define NW_RODATA_DROPS(s)                                                   \
	do {                                                                 \
		set_reason_flags((s)->rodata->cfg_reason_flags,              \
				 src->opts.report_not_specified);            \
		(s)->rodata->cfg_drop_sample =                               \
			src->opts.drop_sample == NW_BPF_DROP_SAMPLE_ALL ?    \
			0 : src->opts.drop_sample;                           \
		src->drop_epoch = &(s)->bss->nw_drop_epoch;                  \
	} while (0)
#define NW_RODATA_SOCK(s)                                                    \
	do {                                                                 \
		(s)->rodata->cfg_report_eagain = src->opts.report_eagain;    \
		set_sys_flags((s)->rodata->cfg_sys_flags);                   \
	} while (0)

/* What every per-probe skeleton gets: the shared rodata, and its handles in the slot. */
#define NW_SLOT_ADOPT(ps, s, type)                                           \
	do {                                                                 \
		NW_RODATA_COMMON(s);                                         \
		(ps)->skel = (s);                                            \
		(ps)->obj = (s)->obj;                                        \
		(ps)->destroy = (void (*)(void *))type##__destroy;           \
	} while (0)

/* Opens the probe's skeleton and fills its rodata; returns 0 or -errno. */
static int slot_open(struct nw_bpf_source *src, struct probe_slot *ps)
{
	switch (ps->id) {
	case NW_BPF_DROPS: {
		struct nw_drops *s = nw_drops__open();

		if (!s)
			return -errno;
		NW_SLOT_ADOPT(ps, s, nw_drops);
		NW_RODATA_DROPS(s);
		return 0;
	}
	case NW_BPF_NEIGH: {
		struct nw_neigh *s = nw_neigh__open();

		if (!s)
			return -errno;
		NW_SLOT_ADOPT(ps, s, nw_neigh);
		return 0;
	}
	case NW_BPF_QDISC: {
		struct nw_qdisc *s = nw_qdisc__open();

		if (!s)
			return -errno;
		NW_SLOT_ADOPT(ps, s, nw_qdisc);
		return 0;
	}
	case NW_BPF_SOCK: {
		struct nw_sockerr *s = nw_sockerr__open();

		if (!s)
			return -errno;
		NW_SLOT_ADOPT(ps, s, nw_sockerr);
		NW_RODATA_SOCK(s);
		return 0;
	}
	default:
		return -EINVAL;
	}
}

static void slot_destroy(struct probe_slot *ps)
{
	for (int i = 0; i < ps->n_links; i++)
		bpf_link__destroy(ps->links[i]);
	ps->n_links = 0;
	if (ps->skel && ps->destroy)
		ps->destroy(ps->skel);
	ps->skel = NULL;
	ps->obj = NULL;
}

static void list_add(char *list, size_t size, const struct prog_spec *sp)
{
	size_t len = strlen(list);

	snprintf(list + len, size - len, "%s%s:%s", len ? " " : "", sp->group, sp->event);
}

/* Whether one of our fallback programs stands in for `name`. */
static bool fallback_covers(const struct nw_bpf_source *src, const char *name)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(prog_specs); i++)
		if (prog_specs[i].instead_of && !strcmp(prog_specs[i].instead_of, name) &&
		    spec_available(src, &prog_specs[i]))
			return true;
	return false;
}

/*
 * Decides per program whether to load it.  Returns the number left to load;
 * why[] says what the kernel lacks and what is unused for want of it.
 */
static int slot_autoload(struct nw_bpf_source *src, struct probe_slot *ps, char *why, size_t why_size)
{
	char missing[120] = "", unused[120] = "";
	struct bpf_program *prog;
	int n = 0;

	bpf_object__for_each_program(prog, ps->obj) {
		const char *name = bpf_program__name(prog);
		const struct prog_spec *sp = spec_by_prog(name);
		bool on = sp && spec_available(src, sp);

		if (sp && sp->probe != ps->id)
			continue; /* another probe's, in the one object */

		if (on && sp->instead_of) {
			const struct prog_spec *main = spec_by_prog(sp->instead_of);

			if (main && spec_usable(src, main))
				on = false; /* the preferred program covers it */
		} else if (!on && sp && !sp->instead_of && !fallback_covers(src, name)) {
			list_add(missing, sizeof(missing), sp);
		}
		if (on && sp->needs && bpf_object__find_program_by_name(ps->obj, sp->needs)) {
			const struct prog_spec *other = spec_by_prog(sp->needs);

			if (!other || !spec_available(src, other)) {
				on = false;
				list_add(unused, sizeof(unused), sp);
			}
		}
		bpf_program__set_autoload(prog, on);
		n += on;
	}
	why[0] = '\0';
	if (missing[0])
		snprintf(why, why_size, "the kernel lacks %s%s%s", missing,
			 unused[0] ? "; unused without it: " : "", unused);
	return n;
}

static int reuse_shared_maps(struct nw_bpf_source *src, struct bpf_object *obj)
{
	static const char *const names[] = { "nw_events", "nw_counters", "nw_netns_allow" };
	const int fds[] = { src->events_fd, src->counters_fd, src->netns_fd };

	for (size_t i = 0; i < NW_ARRAY_SIZE(names); i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, names[i]);
		int err;

		if (!m)
			return -ENOENT;
		err = bpf_map__reuse_fd(m, fds[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Test hook (opts.pretend_refused): as if the verifier refused one of the programs to load. */
static bool pretend_refused(const struct nw_bpf_source *src, const struct probe_slot *ps)
{
	struct bpf_program *prog;

	if (!src->opts.pretend_refused)
		return false;
	bpf_object__for_each_program(prog, ps->obj)
		if (bpf_program__autoload(prog) &&
		    in_list(src->opts.pretend_refused, bpf_program__section_name(prog)))
			return true;
	return false;
}

static bool name_in(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void word_add(char *list, size_t size, const char *word)
{
	size_t len = strlen(list);

	snprintf(list + len, size - len, "%s%s", len ? " " : "", word);
}

/* name is left out: load its fallback instead when the kernel has one. Returns 1 if so. */
static int enable_fallback(const struct nw_bpf_source *src, struct probe_slot *ps, const char *name,
			   const char *skip)
{
	for (size_t i = 0; i < NW_ARRAY_SIZE(prog_specs); i++) {
		const struct prog_spec *fb = &prog_specs[i];
		struct bpf_program *prog;

		if (!fb->instead_of || strcmp(fb->instead_of, name) || name_in(skip, fb->prog) ||
		    !spec_available(src, fb))
			continue;
		prog = bpf_object__find_program_by_name(ps->obj, fb->prog);
		if (prog && !bpf_program__autoload(prog)) {
			bpf_program__set_autoload(prog, true);
			return 1;
		}
	}
	return 0;
}

/*
 * Opens the skeleton, picks the programs the kernel has, minus those named
 * in skip (and, with only, just those named there), shares the maps and
 * loads.  tried gets the names it asked the kernel to load.  Returns 0
 * (loaded, ps->obj set), 1 (nothing to load) or -errno (ps cleaned up).
 */
static int slot_load(struct nw_bpf_source *src, struct probe_slot *ps, const char *skip,
		     const char *only, char *why, size_t why_size, char *tried, size_t tried_size)
{
	struct bpf_program *prog;
	int err, want;

	err = slot_open(src, ps);
	if (err)
		return err;
	want = slot_autoload(src, ps, why, why_size);
	tried[0] = '\0';
	bpf_object__for_each_program(prog, ps->obj) {
		const char *name = bpf_program__name(prog);

		if (!bpf_program__autoload(prog))
			continue;
		if (name_in(skip, name) || (only && !name_in(only, name))) {
			bpf_program__set_autoload(prog, false);
			want--;
			if (name_in(skip, name))
				want += enable_fallback(src, ps, name, skip);
			continue;
		}
		word_add(tried, tried_size, name);
	}
	/* Fallbacks switched on above come after their program in the object. */
	bpf_object__for_each_program(prog, ps->obj)
		if (bpf_program__autoload(prog) && !name_in(tried, bpf_program__name(prog)))
			word_add(tried, tried_size, bpf_program__name(prog));
	if (want <= 0) {
		slot_destroy(ps);
		return 1;
	}
	err = reuse_shared_maps(src, ps->obj);
	if (!err && pretend_refused(src, ps))
		err = -EINVAL;
	if (!err)
		err = bpf_object__load(ps->obj);
	if (err) {
		slot_destroy(ps);
		return err < 0 ? err : -EINVAL;
	}
	return 0;
}

/*
 * One object failed to load: find which of its programs the kernel refuses
 * by loading each alone (with the program it needs), and load the rest.
 * Returns 0 with refused[] naming the sections left out, or -errno.
 */
static int slot_load_without_refused(struct nw_bpf_source *src, struct probe_slot *ps,
				     const char *tried, char *why, size_t why_size,
				     char *refused, size_t refused_size)
{
	char skip[256] = "", only[128], scratch[256], name[64];
	const char *p = tried;
	int err;

	refused[0] = '\0';
	while (sscanf(p, "%63s", name) == 1) {
		const struct prog_spec *sp = spec_by_prog(name);

		p = strstr(p, name) + strlen(name);
		snprintf(only, sizeof(only), "%s %s", name, sp && sp->needs ? sp->needs : "");
		err = slot_load(src, ps, "", only, why, why_size, scratch, sizeof(scratch));
		if (err == 0) {
			slot_destroy(ps);
			continue;
		}
		word_add(skip, sizeof(skip), name);
		if (sp) {
			char section[96];

			word_add(refused, refused_size, spec_section(sp, section, sizeof(section)));
		}
	}
	if (!skip[0])
		return -EINVAL; /* each loads alone, not together: nothing to leave out */
	err = slot_load(src, ps, skip, NULL, why, why_size, scratch, sizeof(scratch));
	return err == 1 ? -ENOENT : err;
}

static void slot_attach(struct probe_slot *ps, const char *missing, const char *refused);

static void slot_start(struct nw_bpf_source *src, struct probe_slot *ps)
{
	char missing[200], tried[256], refused[160] = "";
	int err;

	err = slot_load(src, ps, "", NULL, missing, sizeof(missing), tried, sizeof(tried));
	if (err == 1) {
		slot_set(ps, NW_SOURCE_OFF, "%s", missing[0] ? missing : "the kernel lacks its tracepoints");
		return;
	}
	if (err < 0 && err != -EPERM && err != -EACCES && tried[0]) {
		int first = err;

		nw_warn("%s: load failed (%s); trying its programs one by one",
			nw_bpf_probe_name(ps->id), strerror(-err));
		err = slot_load_without_refused(src, ps, tried, missing, sizeof(missing), refused,
						sizeof(refused));
		if (err)
			err = first;
	}
	if (err < 0) {
		slot_set(ps, NW_SOURCE_OFF, "load failed (%s): %s", strerror(-err), load_fix(-err));
		nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
		return;
	}
	slot_attach(ps, missing, refused);
}

/* Attaches the probe's loaded programs and sets its state from what ran. */
static void slot_attach(struct probe_slot *ps, const char *missing, const char *refused)
{
	struct bpf_program *prog;
	int err = 0, failed = 0;
	char failed_names[120] = "";

	bpf_object__for_each_program(prog, ps->obj) {
		const struct prog_spec *sp = spec_by_prog(bpf_program__name(prog));
		struct bpf_link *link;

		if (!bpf_program__autoload(prog) || (sp && sp->probe != ps->id))
			continue;
		link = bpf_program__attach(prog);
		err = libbpf_get_error(link);
		if (err || ps->n_links >= NW_BPF_MAX_LINKS) {
			size_t len = strlen(failed_names);

			if (!err)
				bpf_link__destroy(link);
			snprintf(failed_names + len, sizeof(failed_names) - len, "%s%s", len ? " " : "",
				 bpf_program__section_name(prog));
			failed++;
			continue;
		}
		ps->links[ps->n_links++] = link;
	}
	if (!ps->n_links) {
		slot_set(ps, NW_SOURCE_OFF, "attach failed for %s: %s", failed_names, load_fix(-err));
		slot_destroy(ps);
	} else if (failed) {
		slot_set(ps, NW_SOURCE_DEGRADED, "not attached: %s", failed_names);
	} else if (refused[0]) {
		slot_set(ps, NW_SOURCE_DEGRADED, "the kernel refused %s (see the log)%s%s", refused,
			 missing[0] ? "; " : "", missing);
	} else if (missing[0]) {
		slot_set(ps, NW_SOURCE_DEGRADED, "%s", missing);
	} else {
		slot_set(ps, NW_SOURCE_RUNNING, "%s", "");
	}
	if (ps->state != NW_SOURCE_RUNNING)
		nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
}

/*
 * Loads every wanted probe from the one object (probes.bpf.c): one parse of
 * the kernel's BTF instead of one per probe.  Returns 0 when it loaded (each
 * probe then attached and has its state), or -errno: then nothing is kept
 * and the per-probe objects are used, which also find refused programs.
 */
static int one_start(struct nw_bpf_source *src)
{
	char why[NW_BPF_PROBE_COUNT][200];
	int want[NW_BPF_PROBE_COUNT] = { 0 }, total = 0, err;
	struct bpf_program *prog;
	struct nw_probes *s;

	if (src->opts.pretend_refused && src->opts.pretend_refused[0])
		return -EINVAL; /* a test of the refusal path: the per-probe objects have it */
	s = nw_probes__open();
	if (!s)
		return -errno;
	NW_RODATA_COMMON(s);
	NW_RODATA_DROPS(s);
	NW_RODATA_SOCK(s);
	/* Programs of probes not asked for stay unloaded. */
	bpf_object__for_each_program(prog, s->obj) {
		const struct prog_spec *sp = spec_by_prog(bpf_program__name(prog));

		if (!sp || !src->probes[sp->probe].wanted)
			bpf_program__set_autoload(prog, false);
	}
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		why[i][0] = '\0';
		if (!ps->wanted)
			continue;
		ps->obj = s->obj;
		want[i] = slot_autoload(src, ps, why[i], sizeof(why[i]));
		total += want[i];
	}
	err = total ? 0 : -ENOENT;
	if (!err)
		err = reuse_shared_maps(src, s->obj);
	if (!err)
		err = bpf_object__load(s->obj);
	if (err) {
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
			src->probes[i].obj = NULL;
		nw_probes__destroy(s);
		src->drop_epoch = NULL;
		return err < 0 ? err : -EINVAL;
	}
	src->one = s;
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		if (!ps->wanted)
			continue;
		if (!want[i]) {
			ps->obj = NULL;
			slot_set(ps, NW_SOURCE_OFF, "%s",
				 why[i][0] ? why[i] : "the kernel lacks its tracepoints");
			nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
			continue;
		}
		slot_attach(ps, why[i], "");
	}
	return 0;
}

/* --- shared maps ------------------------------------------------------------------ */

static int create_shared_maps(struct nw_bpf_source *src)
{
	src->events_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "nw_events", 0, 0,
					src->opts.ring_bytes, NULL);
	if (src->events_fd < 0)
		return -errno;
	src->counters_fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "nw_counters", sizeof(uint32_t),
					  sizeof(uint64_t), NW_COUNTERS_MAX, NULL);
	if (src->counters_fd < 0)
		return -errno;
	src->netns_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "nw_netns_allow", sizeof(uint32_t),
				       sizeof(uint8_t), NW_BPF_NETNS_MAX, NULL);
	if (src->netns_fd < 0)
		return -errno;
	return 0;
}

static int netns_filter_set(struct nw_bpf_source *src, uint64_t inode, bool add)
{
	uint32_t key = (uint32_t)inode;
	uint8_t one = 1;

	if (src->netns_fd < 0)
		return -ENODEV;
	if (inode > UINT32_MAX)
		return -ERANGE; /* ns inodes are 32-bit in the kernel */
	if (add)
		return bpf_map_update_elem(src->netns_fd, &key, &one, BPF_ANY) ? -errno : 0;
	return bpf_map_delete_elem(src->netns_fd, &key) && errno != ENOENT ? -errno : 0;
}

int nw_bpf_source_add_netns(struct nw_bpf_source *src, uint64_t inode)
{
	int err;

	if (!src || !inode)
		return -EINVAL;
	/* The programs loaded without a filter (cfg_netns_filter is rodata). */
	if (src->loaded && !src->scoped)
		return -EOPNOTSUPP;
	err = netns_filter_set(src, inode, true);
	if (err)
		return err;
	src->scoped = true;
	return 0;
}

int nw_bpf_source_del_netns(struct nw_bpf_source *src, uint64_t inode)
{
	if (!src || !inode)
		return -EINVAL;
	return netns_filter_set(src, inode, false);
}

/* --- draining --------------------------------------------------------------------- */

static int on_record(void *ctx, void *data, size_t len)
{
	struct nw_bpf_source *src = ctx;
	struct nw_event evs[NW_DECODE_MAX_EVENTS];
	int prog = nw_probe_record_prog(data, len);
	int n;

	if (prog < 0 || prog >= NW_PROG_COUNT) {
		src->unknown_prog++;
		return 0;
	}
	src->delivered[prog]++;
	/* Consumed either way: libbpf has moved past it before calling us. */
	if (src->batch_left && !--src->batch_left)
		src->batch_ended = true;
	if (src->tap)
		src->tap(data, len, src->tap_arg);
	n = nw_probe_decode(data, len, evs);
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
		const struct prog_spec *sp = spec_by_prog(bpf_program__name(prog));
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_program__fd(prog);

		if (sp && sp->probe != ps->id)
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
		int prog = probe_progs[probe][i];

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

static bool probe_is_ring(enum nw_bpf_probe probe)
{
	return probe != NW_BPF_QDISC;
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

	if (st.lost && probe_is_ring(ps->id))
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

/* --- open / close ------------------------------------------------------------------- */

bool nw_bpf_source_running(const struct nw_bpf_source *src)
{
	if (!src)
		return false;
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		if (src->probes[i].n_links)
			return true;
	return false;
}

enum nw_source_state nw_bpf_source_state(const struct nw_bpf_source *src, enum nw_bpf_probe probe)
{
	if (!src || (unsigned)probe >= NW_BPF_PROBE_COUNT)
		return NW_SOURCE_OFF;
	return src->probes[probe].state;
}

const char *nw_bpf_source_detail(const struct nw_bpf_source *src, enum nw_bpf_probe probe)
{
	if (!src || (unsigned)probe >= NW_BPF_PROBE_COUNT)
		return "";
	return src->probes[probe].detail;
}

static bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static void all_off(struct nw_bpf_source *src, const char *why, const char *fix)
{
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		if (src->probes[i].wanted)
			slot_set(&src->probes[i], NW_SOURCE_OFF, "%s: %s", why, fix);
}

struct nw_bpf_source *nw_bpf_source_open(struct nw_loop *loop, struct nw_bus *bus,
					 const struct nw_bpf_opts *opts)
{
	static const struct nw_bpf_opts defaults;
	struct nw_bpf_source *src;
	long page = sysconf(_SC_PAGESIZE);
	int err;

	if (!opts)
		opts = &defaults;
	src = nw_xcalloc(1, sizeof(*src));
	src->loop = loop;
	src->bus = bus;
	src->opts = *opts;
	src->opts.netns = NULL; /* copied into the map below, not kept */
	src->events_fd = src->counters_fd = src->netns_fd = src->rb_epoll_fd = -1;
	if (!src->opts.ring_bytes)
		src->opts.ring_bytes = NW_BPF_DEFAULT_RING;
	if (!src->opts.probes)
		src->opts.probes = NW_BPF_PROBES_ALL;
	if (!src->opts.poll_ms)
		src->opts.poll_ms = 50;
	if (!src->opts.qdisc_period_ms)
		src->opts.qdisc_period_ms = 1000;
	if (!src->opts.drop_sample)
		src->opts.drop_sample = NW_BPF_DEFAULT_DROP_SAMPLE;
	if (!src->opts.agg_period_ms)
		src->opts.agg_period_ms = 1000;
	src->qseen = nw_kstore_new(sizeof(struct nw_qdisc_key), sizeof(struct qdisc_seen),
				   NW_QDISC_SEEN_MAX);
	src->aseen = nw_kstore_new(sizeof(struct nw_drop_agg_key), sizeof(struct agg_seen),
				   NW_AGG_SEEN_MAX);
	src->ksyms = nw_ksyms_new(NULL);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		src->probes[i].id = i;
		src->probes[i].wanted = src->opts.probes & (1u << i);
		if (src->probes[i].wanted)
			src->probes[i].state = NW_SOURCE_STARTING;
		else
			slot_set(&src->probes[i], NW_SOURCE_OFF, "%s", "not selected");
	}
	libbpf_set_print(libbpf_to_log);

	if (!is_pow2(src->opts.ring_bytes) || (page > 0 && src->opts.ring_bytes < (uint32_t)page)) {
		char why[96];

		snprintf(why, sizeof(why), "ring size %" PRIu32 " is not a power of two >= %ld",
			 src->opts.ring_bytes, page);
		all_off(src, why, "choose e.g. 4194304");
		goto report;
	}
	src->ncpus = libbpf_num_possible_cpus();
	if (src->ncpus > 0) {
		src->cpu_vals = nw_xcalloc((size_t)src->ncpus, sizeof(*src->cpu_vals));
		src->agg_vals = nw_xcalloc((size_t)src->ncpus, sizeof(*src->agg_vals));
	}
	src->btf = nw_btf_vmlinux(&err);
	if (!src->btf) {
		nw_btf_names_load_drop_reasons(NULL);
		all_off(src, "the kernel has no BTF (/sys/kernel/btf/vmlinux)",
			"BPF probes need a kernel built with CONFIG_DEBUG_INFO_BTF=y");
		goto report;
	}
	nw_btf_names_load_drop_reasons(src->btf);

	err = create_shared_maps(src);
	if (err) {
		char why[64];

		snprintf(why, sizeof(why), "cannot create BPF maps (%s)", strerror(-err));
		all_off(src, why, load_fix(-err));
		nw_warn("bpf: %s: %s", why, load_fix(-err));
		goto report;
	}
	for (size_t i = 0; i < opts->n_netns && opts->netns; i++) {
		err = nw_bpf_source_add_netns(src, opts->netns[i]);
		if (err)
			nw_warn("bpf: cannot scope to netns %" PRIu64 ": %s", opts->netns[i],
				strerror(-err));
	}
	src->loaded = true;
	err = one_start(src);
	if (err) {
		if (err != -ENOENT)
			nw_info("bpf: the probes' common object did not load (%s): loading them "
				"one by one", strerror(-err));
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
			if (src->probes[i].wanted)
				slot_start(src, &src->probes[i]);
	}

	src->rb = ring_buffer__new(src->events_fd, on_record, src, NULL);
	if (!src->rb) {
		err = -errno;
		nw_error("bpf: cannot map the ring buffer: %s", strerror(-err));
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
			if (src->probes[i].wanted && src->probes[i].obj) {
				slot_destroy(&src->probes[i]);
				slot_set(&src->probes[i], NW_SOURCE_OFF, "cannot map the ring buffer: %s",
					 strerror(-err));
			}
		}
		goto report;
	}
	if (loop) {
		src->rb_epoll_fd = ring_buffer__epoll_fd(src->rb);
		err = nw_loop_add_fd(loop, src->rb_epoll_fd, NW_LOOP_IN, ring_wakeup_cb, src);
		if (err)
			nw_warn("bpf: cannot watch the ring buffer (%s): draining on the timer only",
				strerror(-err));
		src->poll_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.poll_ms * 1000000,
						    (uint64_t)src->opts.poll_ms * 1000000,
						    poll_timer_cb, src);
		src->report_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.qdisc_period_ms * 1000000,
						      (uint64_t)src->opts.qdisc_period_ms * 1000000,
						      report_timer_cb, src);
		src->agg_timer = nw_loop_add_timer(loop, (uint64_t)src->opts.agg_period_ms * 1000000,
						   (uint64_t)src->opts.agg_period_ms * 1000000,
						   agg_timer_cb, src);
	}
report:
	nw_bpf_source_report(src);
	return src;
}

void nw_bpf_source_stop(struct nw_bpf_source *src)
{
	if (!src || src->stopped)
		return;
	src->stopped = true;
	if (src->loop) {
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
	/* Detach first so nothing is generated after the last drain: the counts then balance. */
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		for (int l = 0; l < ps->n_links; l++)
			bpf_link__destroy(ps->links[l]);
		if (ps->n_links)
			slot_set(ps, NW_SOURCE_OFF, "%s", "stopped");
		ps->n_links = 0;
	}
	nw_bpf_source_drain(src);
	nw_bpf_source_report_drop_counts(src);
	nw_bpf_source_report_qdiscs(src);
	nw_bpf_source_report(src);
}

void nw_bpf_source_close(struct nw_bpf_source *src)
{
	if (!src)
		return;
	nw_bpf_source_stop(src);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		slot_destroy(&src->probes[i]);
	nw_probes__destroy(src->one); /* the slots' links are gone: now the programs */
	ring_buffer__free(src->rb);
	if (src->events_fd >= 0)
		close(src->events_fd);
	if (src->counters_fd >= 0)
		close(src->counters_fd);
	if (src->netns_fd >= 0)
		close(src->netns_fd);
	nw_ksyms_free(src->ksyms);
	nw_kstore_free(src->qseen);
	nw_kstore_free(src->aseen);
	free(src->agg_vals);
	free(src->cpu_vals);
	free(src);
}
