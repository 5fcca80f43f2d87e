// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF source's lifecycle, as a BPF tool's main() reads (bcc's
 * libbpf-tools): open (defaults, one slot per probe of the table) ->
 * feature-probe (ring size, BTF, the shared maps and the namespace scope)
 * -> load and attach (bpf_source_load.c) -> drain (bpf_source_drain.c) ->
 * detach and a last drain (stop) -> destroy (close).  See
 * bpf_source_int.h for how the files divide the work, and bpf_source.h for
 * what the source promises.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "core/kstore.h"
#include "core/log.h"
#include "core/util.h"
#include "probes/bpf_source_int.h"
#include "probes/btf_names.h"
#include "probes/kallsyms.h"

#include "probes/probes.skel.h"

#define NW_BPF_DEFAULT_RING (4u << 20)
#define NW_BPF_DEFAULT_DROP_SAMPLE 64

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

/* --- the namespace filter ------------------------------------------------------------ */

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

/* --- state -------------------------------------------------------------------------- */

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
			nw_bpf_slot_set(&src->probes[i], NW_SOURCE_OFF, "%s: %s", why, fix);
}

/* --- lifecycle ------------------------------------------------------------------------ */

/* The options with their defaults, and a slot per probe: starting when wanted. */
static struct nw_bpf_source *source_new(struct nw_loop *loop, struct nw_bus *bus,
					const struct nw_bpf_opts *opts)
{
	struct nw_bpf_source *src = nw_xcalloc(1, sizeof(*src));

	src->loop = loop;
	src->bus = bus;
	src->opts = *opts;
	src->opts.netns = NULL; /* copied into the map at the scope step, not kept */
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
	nw_bpf_drain_init(src);
	src->ksyms = nw_ksyms_new(NULL);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		src->probes[i].id = i;
		src->probes[i].wanted = src->opts.probes & (1u << i);
		if (src->probes[i].wanted)
			src->probes[i].state = NW_SOURCE_STARTING;
		else
			nw_bpf_slot_set(&src->probes[i], NW_SOURCE_OFF, "%s", "not selected");
	}
	return src;
}

/* What every probe needs of the machine: a sane ring size, the kernel's BTF.  0 or -errno. */
static int feature_probe(struct nw_bpf_source *src)
{
	long page = sysconf(_SC_PAGESIZE);
	int err;

	if (!is_pow2(src->opts.ring_bytes) || (page > 0 && src->opts.ring_bytes < (uint32_t)page)) {
		char why[96];

		snprintf(why, sizeof(why), "ring size %" PRIu32 " is not a power of two >= %ld",
			 src->opts.ring_bytes, page);
		all_off(src, why, "choose e.g. 4194304");
		return -EINVAL;
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
		return -ENOENT;
	}
	nw_btf_names_load_drop_reasons(src->btf);
	return 0;
}

/* The maps every object shares, and the namespaces in scope.  0 or -errno. */
static int maps_create(struct nw_bpf_source *src, const struct nw_bpf_opts *opts)
{
	int err = nw_bpf_create_shared_maps(src);

	if (err) {
		char why[64];

		snprintf(why, sizeof(why), "cannot create BPF maps (%s)", strerror(-err));
		all_off(src, why, nw_bpf_load_fix(-err));
		nw_warn("bpf: %s: %s", why, nw_bpf_load_fix(-err));
		return err;
	}
	for (size_t i = 0; i < opts->n_netns && opts->netns; i++) {
		err = nw_bpf_source_add_netns(src, opts->netns[i]);
		if (err)
			nw_warn("bpf: cannot scope to netns %" PRIu64 ": %s", opts->netns[i],
				strerror(-err));
	}
	return 0;
}

struct nw_bpf_source *nw_bpf_source_open(struct nw_loop *loop, struct nw_bus *bus,
					 const struct nw_bpf_opts *opts)
{
	static const struct nw_bpf_opts defaults;
	struct nw_bpf_source *src;

	if (!opts)
		opts = &defaults;
	src = source_new(loop, bus, opts);
	libbpf_set_print(libbpf_to_log);
	if (!feature_probe(src) && !maps_create(src, opts)) {
		src->loaded = true;
		nw_bpf_load_all(src);    /* load, then attach, probe by probe */
		nw_bpf_drain_start(src); /* the ring and the timers */
	}
	nw_bpf_source_report(src);
	return src;
}

void nw_bpf_source_stop(struct nw_bpf_source *src)
{
	if (!src || src->stopped)
		return;
	src->stopped = true;
	nw_bpf_drain_stop(src);
	/* Detach first so nothing is generated after the last drain: the counts then balance. */
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		for (int l = 0; l < ps->n_links; l++)
			bpf_link__destroy(ps->links[l]);
		if (ps->n_links)
			nw_bpf_slot_set(ps, NW_SOURCE_OFF, "%s", "stopped");
		ps->n_links = 0;
	}
	nw_bpf_source_drain(src);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		if (nw_bpf_probes[i].read_maps)
			nw_bpf_probes[i].read_maps(src);
	nw_bpf_source_report(src);
}

void nw_bpf_source_close(struct nw_bpf_source *src)
{
	if (!src)
		return;
	nw_bpf_source_stop(src);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		nw_bpf_slot_destroy(&src->probes[i]);
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
