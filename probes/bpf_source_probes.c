// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of BPF probes (bpf_source_int.h): for each, its name, its
 * programs and the tracepoint each needs, its skeleton with its rodata (the
 * filters set before load), the kernel counters that make up its numbers,
 * the decoder of its ring records, and the maps it counts in.  The loader,
 * the drain and the reports only walk this table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "core/names.h"
#include "core/util.h"
#include "probes/bpf_source_int.h"

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

_Static_assert(sizeof(((struct nw_drops__rodata *)0)->cfg_reason_flags) == NW_REASON_TABLE,
	       "reason table size differs between drops.bpf.c and the loader");
_Static_assert(sizeof(((struct nw_sockerr__rodata *)0)->cfg_sys_flags) == NW_SYS_TABLE,
	       "syscall table size differs between sockerr.bpf.c and the loader");

/* --- rodata: the filters each object gets before it loads -------------------------- */

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

#define NW_RODATA_NONE(s) ((void)(s))

/*
 * Defines fn, which opens the probe's own skeleton `type`, sets the shared
 * rodata and the probe's own (own(s)), and keeps its handles in the slot.
 */
#define NW_PROBE_OPENER(fn, type, own)                                       \
	static int fn(struct nw_bpf_source *src, struct probe_slot *ps)       \
	{                                                                     \
		struct type *s = type##__open();                              \
                                                                              \
		if (!s)                                                       \
			return -errno;                                        \
		NW_RODATA_COMMON(s);                                          \
		ps->skel = s;                                                 \
		ps->obj = s->obj;                                             \
		ps->destroy = (void (*)(void *))type##__destroy;              \
		own(s);                                                       \
		return 0;                                                     \
	}

NW_PROBE_OPENER(drops_open, nw_drops, NW_RODATA_DROPS)
NW_PROBE_OPENER(neigh_open, nw_neigh, NW_RODATA_NONE)
NW_PROBE_OPENER(qdisc_open, nw_qdisc, NW_RODATA_NONE)
NW_PROBE_OPENER(sock_open, nw_sockerr, NW_RODATA_SOCK)

struct nw_probes *nw_bpf_one_open(struct nw_bpf_source *src)
{
	struct nw_probes *s = nw_probes__open();

	if (!s)
		return NULL;
	NW_RODATA_COMMON(s);
	NW_RODATA_DROPS(s);
	NW_RODATA_SOCK(s);
	return s;
}

/* --- the probes ---------------------------------------------------------------------- */

static const struct prog_spec drops_progs[] = {
	{ "nw_kfree_skb_btf", "skb", "kfree_skb", true, NULL, NULL },
	{ "nw_kfree_skb_tp", "skb", "kfree_skb", false, "nw_kfree_skb_btf", NULL },
	{ NULL },
};

static const struct prog_spec neigh_progs[] = {
	{ "nw_neigh_create", "neigh", "neigh_create", true, NULL, NULL },
	{ "nw_neigh_update", "neigh", "neigh_update", true, NULL, NULL },
	{ "nw_neigh_update_done", "neigh", "neigh_update_done", true, NULL, NULL },
	{ "nw_neigh_timer_handler", "neigh", "neigh_timer_handler", true, NULL, NULL },
	{ "nw_neigh_event_send_done", "neigh", "neigh_event_send_done", true, NULL, NULL },
	{ "nw_neigh_event_send_dead", "neigh", "neigh_event_send_dead", true, NULL, NULL },
	{ "nw_neigh_cleanup_and_release", "neigh", "neigh_cleanup_and_release", true, NULL, NULL },
	{ NULL },
};

static const struct prog_spec qdisc_progs[] = {
	{ "nw_qdisc_enqueue", "qdisc", "qdisc_enqueue", true, NULL, NULL },
	{ NULL },
};

/*
 * The socket calls' own exit tracepoints first (x86, arm64: only socket
 * calls pay); the raw sys_exit (every system call of the host) stands in
 * for them where the kernel lacks them, and where the object has none of
 * them (other architectures keep their arguments from sys_enter).  Where
 * the BPF side can read the syscall number at exit, the object has no
 * nw_sys_enter: a need of a program the object lacks does not apply.
 */
#define NW_SOCK_CALL_SPEC(call) { "nw_sx_" #call, "syscalls", "sys_exit_" #call, false, NULL, NULL }
static const struct prog_spec sock_progs[] = {
	NW_SOCK_CALL_SPEC(connect),
	NW_SOCK_CALL_SPEC(accept),
	NW_SOCK_CALL_SPEC(accept4),
	NW_SOCK_CALL_SPEC(bind),
	NW_SOCK_CALL_SPEC(listen),
	NW_SOCK_CALL_SPEC(sendto),
	NW_SOCK_CALL_SPEC(sendmsg),
	NW_SOCK_CALL_SPEC(sendmmsg),
	NW_SOCK_CALL_SPEC(recvfrom),
	NW_SOCK_CALL_SPEC(recvmsg),
	NW_SOCK_CALL_SPEC(recvmmsg),
	NW_SOCK_CALL_SPEC(setsockopt),
	NW_SOCK_CALL_SPEC(getsockopt),
	{ "nw_sys_enter", "raw_syscalls", "sys_enter", true, "nw_sx_connect", "nw_sys_exit" },
	{ "nw_sys_exit", "raw_syscalls", "sys_exit", true, "nw_sx_connect", "nw_sys_enter" },
	{ "nw_inet_sk_error_report", "sock", "inet_sk_error_report", true, NULL, NULL },
	{ NULL },
};

const struct bpf_probe_desc nw_bpf_probes[NW_BPF_PROBE_COUNT] = {
	[NW_BPF_DROPS] = {
		.name = "bpf:drops", /* skb:kfree_skb (qdisc drops included) */
		.progs = drops_progs,
		.open = drops_open,
		.counters = { NW_PROG_DROPS, -1 },
		.decode = nw_probe_decode,
		.read_maps = nw_bpf_source_report_drop_counts, /* counts beyond the sample */
	},
	[NW_BPF_NEIGH] = {
		.name = "bpf:neigh", /* neigh:* */
		.progs = neigh_progs,
		.open = neigh_open,
		.counters = { NW_PROG_NEIGH, -1 },
		.decode = nw_probe_decode,
	},
	[NW_BPF_QDISC] = {
		.name = "bpf:qdisc", /* qdisc:qdisc_enqueue, counted per qdisc in a map */
		.progs = qdisc_progs,
		.open = qdisc_open,
		.counters = { NW_PROG_QDISC, -1 },
		.read_maps = nw_bpf_source_report_qdiscs,
	},
	[NW_BPF_SOCK] = {
		.name = "bpf:sockets", /* failed socket syscalls, inet_sk_error_report */
		.progs = sock_progs,
		.open = sock_open,
		.counters = { NW_PROG_SOCK, NW_PROG_SOCK_ASYNC },
		.decode = nw_probe_decode,
	},
};

const char *nw_bpf_probe_name(enum nw_bpf_probe probe)
{
	if ((unsigned)probe >= NW_BPF_PROBE_COUNT)
		return "bpf:?";
	return nw_bpf_probes[probe].name;
}

const struct prog_spec *nw_bpf_spec_by_prog(const char *prog, enum nw_bpf_probe *probe)
{
	NW_BPF_FOR_EACH_SPEC(sp, p)
		if (!strcmp(sp->prog, prog)) {
			if (probe)
				*probe = (enum nw_bpf_probe)p;
			return sp;
		}
	return NULL;
}

bool nw_bpf_prog_of_other(const struct bpf_program *prog, enum nw_bpf_probe id)
{
	enum nw_bpf_probe probe;

	return nw_bpf_spec_by_prog(bpf_program__name(prog), &probe) && probe != id;
}

int nw_bpf_probe_of_prog(int prog)
{
	for (int p = 0; p < NW_BPF_PROBE_COUNT; p++)
		for (int i = 0; i < 2; i++)
			if (nw_bpf_probes[p].counters[i] == prog)
				return p;
	return -1;
}
