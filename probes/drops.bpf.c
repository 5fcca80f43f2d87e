// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dropped packets: skb:kfree_skb with its drop reason, the device and
 * namespace, the kernel location, and what the packet was.  Drops with a
 * qdisc reason also carry the device's root qdisc (kind, handle).
 *
 * Two entry points, one loaded: tp_btf (typed arguments) where the kernel's
 * BTF has btf_trace_kfree_skb, else the classic tracepoint.  Floods are
 * counted per key in nw_drop_agg rather than sent packet by packet.
 */
#include "probes/nw_bpf.h"

#ifndef NW_BPF_ONE_OBJECT /* probes.bpf.c has its own */
char LICENSE[] SEC("license") = "GPL";
#endif

/* Per reason (index = enum skb_drop_reason value, below NW_REASON_TABLE). */
#define NW_REASON_TABLE 1024
#define NW_RF_SKIP 0x01  /* not a drop (SKB_CONSUMED) or noise (NOT_SPECIFIED) */
#define NW_RF_QDISC 0x02 /* a qdisc dropped it: report the qdisc */

/*
 * User space fills this from the running kernel's enum names (BTF or the
 * tracefs format); numbers are never hard-coded here.
 */
const volatile __u8 cfg_reason_flags[NW_REASON_TABLE] = {};

static __always_inline __u8 reason_flags(__u32 reason)
{
	if (reason >= NW_REASON_TABLE)
		return 0; /* subsystem reasons (high bits) are always drops */
	return cfg_reason_flags[reason];
}

/*
 * The qdisc the packet met: its transmit queue's, which is the root for a
 * single-queue device, the per-queue child under mq, and noop while the
 * device is down or has no carrier (then noop did the dropping, not the
 * configured root).  Falls back to dev->qdisc.
 */
static __always_inline struct Qdisc *tx_qdisc(struct sk_buff *skb, struct net_device *dev)
{
	struct netdev_queue *txq = BPF_CORE_READ(dev, _tx);
	__u32 n = BPF_CORE_READ(dev, real_num_tx_queues);
	__u16 qm = BPF_CORE_READ(skb, queue_mapping);
	struct Qdisc *q = NULL;

	if (txq) {
		if (qm >= n)
			qm = 0;
		txq = (void *)txq + (__u64)qm * bpf_core_type_size(struct netdev_queue);
		q = BPF_CORE_READ(txq, qdisc);
	}
	return q ? q : BPF_CORE_READ(dev, qdisc);
}

/*
 * Floods are counted instead of sent (see nw_records.h): per key and CPU,
 * cfg_drop_sample per-packet records per window, then only a count.
 * cfg_drop_sample 0 sends every drop as a record.  The window is
 * nw_drop_epoch, which user space advances each time it reads the counts
 * (about a second): a global costs one load, where the clock would cost a
 * helper call (and the coarse clock is not allowed in tracing programs).
 */
const volatile __u32 cfg_drop_sample = 0;
volatile __u64 nw_drop_epoch = 0;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 4096); /* full: drops of new keys are sent as records */
	__type(key, struct nw_drop_agg_key);
	__type(value, struct nw_drop_agg_val);
} nw_drop_agg SEC(".maps");

static __always_inline void read_qdisc(struct sk_buff *skb, struct net_device *dev, char *kind,
				       __u32 *handle, __u32 *parent, __u32 *flags)
{
	struct Qdisc *q = tx_qdisc(skb, dev);

	if (!q)
		return;
	BPF_CORE_READ_STR_INTO((char (*)[16])kind, q, ops, id);
	*handle = BPF_CORE_READ(q, handle);
	*parent = BPF_CORE_READ(q, parent);
	*flags |= NW_DROP_QDISC;
}

/*
 * Returns true when the drop was counted in nw_drop_agg and needs no
 * record; false when a record should go (within the sample, or the map is
 * full: then nothing is lost, it is only dearer).
 */
static __always_inline bool counted(struct nw_drop_agg_key *k, struct sk_buff *skb,
				    struct net_device *dev, __u8 rf)
{
	struct nw_drop_agg_val *v;
	__u64 w;

	v = bpf_map_lookup_elem(&nw_drop_agg, k);
	if (!v) {
		struct nw_drop_agg_val init = {};

		if (dev) {
			BPF_CORE_READ_STR_INTO(&init.ifname, dev, name);
			if (rf & NW_RF_QDISC)
				read_qdisc(skb, dev, init.qdisc_kind, &init.qdisc_handle,
					   &init.qdisc_parent, &init.flags);
		}
		/* NOEXIST: another CPU may have created it meanwhile; then use it. */
		bpf_map_update_elem(&nw_drop_agg, k, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&nw_drop_agg, k);
		if (!v)
			return false;
	}
	w = nw_drop_epoch;
	if (v->window != w) {
		v->window = w;
		v->in_window = 0;
	}
	if (v->in_window >= cfg_drop_sample) {
		v->counted++; /* this CPU's copy: no other writer */
		return true;
	}
	v->in_window++;
	return false;
}

/*
 * btf: skb is a BTF-typed tp_btf argument, so the hot path (every drop on
 * the host reaches the scope check) reads it with plain loads; the classic
 * tracepoint gets an untyped address and must use probe reads.  A constant
 * at each call site: the compiler keeps one branch.
 */
static __always_inline int on_kfree_skb(struct sk_buff *skb, __u64 location, __u32 reason,
					const bool btf)
{
	struct nw_drop_agg_key k;
	struct net_device *dev;
	struct nw_rec_drop *r;
	__u8 rf = reason_flags(reason);
	__u32 ino;

	if (rf & NW_RF_SKIP)
		return 0;
	if (btf) {
		dev = skb->dev;
		ino = nw_dev_netns_btf(dev);
		if (!ino)
			ino = nw_sk_netns_btf(skb->sk);
	} else {
		dev = BPF_CORE_READ(skb, dev);
		ino = nw_dev_netns(dev);
		if (!ino)
			ino = nw_sk_netns(BPF_CORE_READ(skb, sk));
	}
	if (!nw_netns_allowed(ino))
		return 0;

	k.netns_ino = ino;
	k.reason = reason;
	k.location = location;
	k.pad = 0;
	if (btf) {
		k.ifindex = dev ? dev->ifindex : 0;
		k.protocol = nw_bswap16(skb->protocol);
		k.pkt_type = BPF_CORE_READ_BITFIELD(skb, pkt_type);
	} else {
		k.ifindex = dev ? BPF_CORE_READ(dev, ifindex) : 0;
		k.protocol = nw_bswap16(BPF_CORE_READ(skb, protocol));
		k.pkt_type = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
	}
	if (cfg_drop_sample && counted(&k, skb, dev, rf))
		return 0;

	r = nw_reserve(NW_PROG_DROPS, NW_REC_DROP, sizeof(*r));
	if (!r)
		return 0;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	nw_where_dev(&r->where, dev);
	r->where.netns_ino = ino;
	r->reason = reason;
	r->protocol = k.protocol;
	r->pkt_type = k.pkt_type;
	r->location = location;
	r->skbaddr = (__u64)skb;
	nw_read_pkt(&r->pkt, skb, dev);
	if ((rf & NW_RF_QDISC) && dev) {
		__u32 fl = 0;

		read_qdisc(skb, dev, r->qdisc_kind, &r->qdisc_handle, &r->qdisc_parent, &fl);
		r->flags |= fl;
	}
	nw_submit(r);
	return 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(nw_kfree_skb_btf, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	return on_kfree_skb(skb, (__u64)location, reason, true);
}

SEC("tp/skb/kfree_skb")
int nw_kfree_skb_tp(struct trace_event_raw_kfree_skb *ctx)
{
	return on_kfree_skb((struct sk_buff *)ctx->skbaddr, (__u64)ctx->location, ctx->reason, false);
}
