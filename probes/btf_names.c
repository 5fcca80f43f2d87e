// SPDX-License-Identifier: GPL-2.0-or-later
/* Kernel enum names from BTF; see btf_names.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "core/log.h"
#include "core/names.h"
#include "probes/btf_names.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int nw_btf_load_enum(struct nw_names *names, const struct btf *btf, const char *enum_name,
		     const char *strip_prefix, const char *fallback_prefix)
{
	const struct btf_type *t;
	int id, added = 0;

	if (!names || !btf || !enum_name)
		return -EINVAL;
	id = btf__find_by_name_kind(btf, enum_name, BTF_KIND_ENUM);
	if (id < 0)
		return -ENOENT;
	t = btf__type_by_id(btf, id);
	if (!t)
		return -ENOENT;

	const struct btf_enum *e = btf_enum(t);
	int n = btf_vlen(t);

	for (int i = 0; i < n; i++, e++) {
		const char *name = btf__name_by_offset(btf, e->name_off);
		size_t sp = strip_prefix ? strlen(strip_prefix) : 0;
		size_t fp = fallback_prefix ? strlen(fallback_prefix) : 0;

		if (!name || !*name || ends_with(name, "_MAX") || ends_with(name, "_MASK"))
			continue;
		if (sp && !strncmp(name, strip_prefix, sp))
			name += sp;
		else if (fp && !strncmp(name, fallback_prefix, fp))
			name += fp;
		/* BTF_KIND_ENUM values are 32 bits; kflag says signed. */
		int64_t v = btf_kflag(t) ? (int64_t)(int32_t)e->val : (int64_t)(uint32_t)e->val;

		if (nw_names_set(names, v, name) == 0)
			added++;
	}
	return added;
}

const struct btf *nw_btf_vmlinux(int *err)
{
	/* Reachable until exit on purpose: one parse for the whole run. */
	static struct btf *vmlinux;
	static int load_err;
	static bool tried;

	if (!tried) {
		tried = true;
		vmlinux = btf__load_vmlinux_btf();
		load_err = (int)libbpf_get_error(vmlinux);
		if (load_err)
			vmlinux = NULL;
	}
	if (err)
		*err = load_err;
	return vmlinux;
}

int nw_btf_names_load_drop_reasons(const struct btf *btf)
{
	struct nw_names *tbl = nw_names_table(NW_NAMES_DROP_REASON);
	int n = -ENOENT, err;

	if (!tbl)
		return -EINVAL;
	if (!btf) {
		btf = nw_btf_vmlinux(&err);
		if (!btf)
			nw_warn("drop reasons: no kernel BTF (%s); trying the tracefs format",
				strerror(-err));
	}
	if (btf)
		n = nw_btf_load_enum(tbl, btf, "skb_drop_reason", "SKB_DROP_REASON_", "SKB_");
	if (n > 0)
		return n;

	n = nw_names_load_tracefs(tbl, "skb", "kfree_skb", "REC->reason");
	if (n < 0)
		nw_warn("drop reasons: neither BTF nor the tracefs format of skb:kfree_skb "
			"names them (%s): reasons are shown as numbers; mount tracefs "
			"(mount -t tracefs nodev /sys/kernel/tracing) to get names",
			strerror(-n));
	return n;
}

bool nw_btf_has_tp(const struct btf *btf, const char *tp)
{
	char name[128];

	if (!btf || !tp)
		return false;
	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	return btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) >= 0;
}
