// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Neighbour entries: every neigh:* tracepoint, read through the typed
 * struct neighbour * that tp_btf hands us (state, probes, device, address),
 * so entries netlink never shows (NOARP devices, failed creations, entries
 * of namespaces nobody dumps) are seen too.
 *
 * The tracepoints carry the state after the event; the state before comes
 * from neigh_update's arguments or from the last state this program saw for
 * the entry (an LRU map keyed by the neighbour's address).
 */
#include "probes/nw_bpf.h"

#ifndef NW_BPF_ONE_OBJECT /* probes.bpf.c has its own */
char LICENSE[] SEC("license") = "GPL";
#endif

#define NW_ENOBUFS 105

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);  /* struct neighbour * */
	__type(value, __u8); /* last NUD state seen */
} nw_neigh_last SEC(".maps");

static __always_inline void read_key(struct nw_rec_neigh *r, const void *pkey, __u32 key_len)
{
	if (key_len == 4) {
		bpf_probe_read_kernel(r->key, 4, pkey);
		r->key_len = 4;
	} else if (key_len == 16) {
		bpf_probe_read_kernel(r->key, 16, pkey);
		r->key_len = 16;
	}
}

/*
 * Fills the record from the entry and its device (passed: at neigh_create
 * the entry has none yet).  Returns NULL when out of scope or when
 * the ring is full (counted).
 */
static __always_inline struct nw_rec_neigh *neigh_rec(struct neighbour *n, struct net_device *dev,
							 __u8 op)
{
	struct neigh_table *tbl = BPF_CORE_READ(n, tbl);
	struct nw_rec_neigh *r;
	__u32 ino = nw_dev_netns(dev);
	__u64 key = (__u64)n;
	__u8 *last;

	if (!nw_netns_allowed(ino))
		return NULL;
	r = nw_reserve(NW_PROG_NEIGH, NW_REC_NEIGH, sizeof(*r));
	if (!r)
		return NULL;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	nw_where_dev(&r->where, dev);
	r->op = op;
	r->family = BPF_CORE_READ(tbl, family);
	r->state = BPF_CORE_READ(n, nud_state);
	last = bpf_map_lookup_elem(&nw_neigh_last, &key);
	r->prev_state = last ? *last : 0;
	r->ntf_flags = BPF_CORE_READ(n, flags);
	r->dead = BPF_CORE_READ(n, dead);
	r->probes = BPF_CORE_READ(n, probes.counter);
	r->dev_flags = dev ? BPF_CORE_READ(dev, flags) : 0;
	r->lladdr_len = dev ? BPF_CORE_READ(dev, addr_len) : 0;
	bpf_probe_read_kernel(r->lladdr, sizeof(r->lladdr), &n->ha);
	read_key(r, &n->primary_key, BPF_CORE_READ(tbl, key_len));
	return r;
}

static __always_inline void remember(struct neighbour *n, __u8 state)
{
	__u64 key = (__u64)n;

	bpf_map_update_elem(&nw_neigh_last, &key, &state, BPF_ANY);
}

/*
 * only_changes: report only when the state moved since this program last
 * saw the entry (neigh_event_send_done fires for every packet sent through
 * an unresolved entry; its first call is the NONE/STALE -> INCOMPLETE/DELAY
 * step that matters).  keep_err: the tracepoint's int is an errno (for
 * neigh_event_send_* it is 1 = "queued", not an error).
 */
static __always_inline int neigh_simple(struct neighbour *n, int err, __u8 op, bool only_changes,
					bool keep_err)
{
	struct nw_rec_neigh *r;

	if (only_changes) {
		__u64 key = (__u64)n;
		__u8 *last = bpf_map_lookup_elem(&nw_neigh_last, &key);

		if (last && *last == BPF_CORE_READ(n, nud_state))
			return 0;
	}
	r = neigh_rec(n, BPF_CORE_READ(n, dev), op);
	if (!r)
		return 0;
	if (keep_err)
		r->error = err;
	remember(n, r->state);
	nw_submit(r);
	return 0;
}

SEC("tp_btf/neigh_create")
int BPF_PROG(nw_neigh_create, struct neigh_table *tbl, struct net_device *dev, const void *pkey,
	     const struct neighbour *n, bool exempt_from_gc)
{
	struct nw_rec_neigh *r;
	__u32 ino;

	/*
	 * n is NULL when neigh_alloc() failed, but the verifier treats a
	 * tp_btf pointer argument as non-NULL and drops an `if (n)`; a probe
	 * read of n->tbl (which neigh_alloc always sets) cannot be elided.
	 */
	if (BPF_CORE_READ(n, tbl)) {
		/* n->dev and n->primary_key are set only after this tracepoint: use the arguments. */
		r = neigh_rec((struct neighbour *)n, dev, NW_RNEIGH_CREATE);
		if (!r)
			return 0;
		read_key(r, pkey, BPF_CORE_READ(tbl, key_len));
		r->prev_state = 0;
		r->entries = BPF_CORE_READ(tbl, entries.counter);
		remember((struct neighbour *)n, r->state);
		nw_submit(r);
		return 0;
	}
	/* neigh_alloc() failed: the table is full and forced GC freed nothing. */
	ino = nw_dev_netns(dev);
	if (!nw_netns_allowed(ino))
		return 0;
	r = nw_reserve(NW_PROG_NEIGH, NW_REC_NEIGH, sizeof(*r));
	if (!r)
		return 0;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	nw_where_dev(&r->where, dev);
	r->op = NW_RNEIGH_CREATE_FAIL;
	r->family = BPF_CORE_READ(tbl, family);
	r->error = -NW_ENOBUFS; /* what ___neigh_create returns for it */
	r->entries = BPF_CORE_READ(tbl, entries.counter);
	r->dev_flags = dev ? BPF_CORE_READ(dev, flags) : 0;
	read_key(r, pkey, BPF_CORE_READ(tbl, key_len));
	nw_submit(r);
	return 0;
}

SEC("tp_btf/neigh_update")
int BPF_PROG(nw_neigh_update, struct neighbour *n, const u8 *lladdr, u8 new_state, u32 flags,
	     u32 nlmsg_pid)
{
	struct nw_rec_neigh *r = neigh_rec(n, BPF_CORE_READ(n, dev), NW_RNEIGH_UPDATE);

	if (!r)
		return 0;
	/* Fires before the change: the entry holds the old state. */
	r->prev_state = r->state;
	r->state = new_state;
	r->update_flags = flags;
	r->nlmsg_pid = nlmsg_pid;
	if (lladdr)
		bpf_probe_read_kernel(r->lladdr, r->lladdr_len & 31, lladdr);
	remember(n, new_state);
	nw_submit(r);
	return 0;
}

/* After neigh_update(): news only when it failed (the update itself was reported). */
SEC("tp_btf/neigh_update_done")
int BPF_PROG(nw_neigh_update_done, struct neighbour *n, int err)
{
	if (!err)
		return 0;
	return neigh_simple(n, err, NW_RNEIGH_UPDATE_DONE, false, true);
}

/* Every run: INCOMPLETE/PROBE retries with the probe count, and the step to FAILED. */
SEC("tp_btf/neigh_timer_handler")
int BPF_PROG(nw_neigh_timer_handler, struct neighbour *n, int err)
{
	return neigh_simple(n, err, NW_RNEIGH_TIMER, false, true);
}

SEC("tp_btf/neigh_event_send_done")
int BPF_PROG(nw_neigh_event_send_done, struct neighbour *n, int rc)
{
	return neigh_simple(n, rc, NW_RNEIGH_SEND_DONE, true, false);
}

/* A packet was sent to an entry already dead: dropped (reason NEIGH_DEAD). */
SEC("tp_btf/neigh_event_send_dead")
int BPF_PROG(nw_neigh_event_send_dead, struct neighbour *n, int rc)
{
	return neigh_simple(n, rc, NW_RNEIGH_SEND_DEAD, false, false);
}

SEC("tp_btf/neigh_cleanup_and_release")
int BPF_PROG(nw_neigh_cleanup_and_release, struct neighbour *n, int err)
{
	struct nw_rec_neigh *r = neigh_rec(n, BPF_CORE_READ(n, dev), NW_RNEIGH_RELEASE);
	__u64 key = (__u64)n;

	bpf_map_delete_elem(&nw_neigh_last, &key);
	if (!r)
		return 0;
	r->error = err;
	nw_submit(r);
	return 0;
}
