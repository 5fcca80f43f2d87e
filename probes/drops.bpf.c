// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dropped packets: skb:kfree_skb with its drop reason, the device and
 * namespace, the kernel location, and what the packet was.  Drops with a
 * qdisc reason also carry the device's root qdisc (kind, handle).
 *
 * Two entry points, one loaded: tp_btf (typed arguments) where the kernel's
 * BTF has btf_trace_kfree_skb, else the classic tracepoint.
 */
#include "probes/nw_bpf.h"

char LICENSE[] SEC("license") = "GPL";

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

static __always_inline int on_kfree_skb(struct sk_buff *skb, __u64 location, __u32 reason)
{
	struct net_device *dev;
	struct nw_rec_drop *r;
	__u8 rf = reason_flags(reason);
	__u32 ino;

	if (rf & NW_RF_SKIP)
		return 0;
	dev = BPF_CORE_READ(skb, dev);
	ino = nw_dev_netns(dev);
	if (!ino)
		ino = nw_sk_netns(BPF_CORE_READ(skb, sk));
	if (!nw_netns_allowed(ino))
		return 0;

	r = nw_reserve(NW_PROG_DROPS, NW_REC_DROP, sizeof(*r));
	if (!r)
		return 0;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	nw_where_dev(&r->where, dev);
	r->where.netns_ino = ino;
	r->reason = reason;
	r->protocol = nw_bswap16(BPF_CORE_READ(skb, protocol));
	r->pkt_type = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
	r->location = location;
	r->skbaddr = (__u64)skb;
	nw_read_pkt(&r->pkt, skb, dev);
	if ((rf & NW_RF_QDISC) && dev) {
		struct Qdisc *q = tx_qdisc(skb, dev);

		if (q) {
			BPF_CORE_READ_STR_INTO(&r->qdisc_kind, q, ops, id);
			r->qdisc_handle = BPF_CORE_READ(q, handle);
			r->qdisc_parent = BPF_CORE_READ(q, parent);
			r->flags |= NW_DROP_QDISC;
		}
	}
	nw_submit(r);
	return 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(nw_kfree_skb_btf, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	return on_kfree_skb(skb, (__u64)location, reason);
}

SEC("tp/skb/kfree_skb")
int nw_kfree_skb_tp(struct trace_event_raw_kfree_skb *ctx)
{
	return on_kfree_skb((struct sk_buff *)ctx->skbaddr, (__u64)ctx->location, ctx->reason);
}
