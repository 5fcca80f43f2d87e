/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of kernel enum values from the running kernel's BTF (this module
 * owns the libbpf dependency for core/names.h): drop reasons for the
 * process-wide NW_NAMES_DROP_REASON table, with the tracefs format of
 * skb:kfree_skb as the fallback when BTF is missing.  Also answers which
 * tp_btf targets the kernel has, for the loader's feature probing.
 */
#ifndef NW_PROBES_BTF_NAMES_H
#define NW_PROBES_BTF_NAMES_H

#include <stdbool.h>

struct btf;
struct nw_names;

/*
 * Adds every value of `enum enum_name` in btf to names, its name with
 * strip_prefix (if given and present) or else fallback_prefix removed.
 * Values named *_MAX or *_MASK are skipped (bounds, not values).
 * Returns the number of names added, -ENOENT without that enum.
 */
int nw_btf_load_enum(struct nw_names *names, const struct btf *btf, const char *enum_name,
		     const char *strip_prefix, const char *fallback_prefix);

/*
 * The running kernel's BTF (/sys/kernel/btf/vmlinux), parsed on first use and
 * kept for the process: the parse takes 0.2-0.3 s on a loaded VM, and the
 * drop reason names and the BPF loader's feature checks all need it.  NULL
 * when the kernel has none (*err, if given, then says why: -errno).
 */
const struct btf *nw_btf_vmlinux(int *err);

/*
 * Fills NW_NAMES_DROP_REASON: BTF first (enum skb_drop_reason, prefix
 * SKB_DROP_REASON_ stripped, SKB_CONSUMED becomes CONSUMED), else the
 * tracefs format.  Returns the number of names or -errno (the table then
 * stays numeric and a warning says why).  btf may be NULL: nw_btf_vmlinux().
 */
int nw_btf_names_load_drop_reasons(const struct btf *btf);

/* Whether btf has the tp_btf target of tracepoint `tp` (typedef btf_trace_<tp>). */
bool nw_btf_has_tp(const struct btf *btf, const char *tp);

#endif
