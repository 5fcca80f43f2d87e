// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Qdisc enqueues, counted per qdisc in a map instead of one ring record per
 * packet (a busy link would flood the ring); user space reads the map on a
 * timer and reports each qdisc whose count moved.  Qdisc drops come from
 * skb:kfree_skb's qdisc reasons (drops.bpf.c).
 *
 * The kernel fires qdisc_enqueue only for packets that really went through
 * the qdisc's enqueue: qdiscs that may be bypassed while empty (pfifo_fast,
 * pfifo, bfifo: TCQ_F_CAN_BYPASS) hand idle-time packets straight to the
 * driver, so their count here is the packets that had to queue.
 */
#include "probes/nw_bpf.h"

#ifndef NW_BPF_ONE_OBJECT /* probes.bpf.c has its own */
char LICENSE[] SEC("license") = "GPL";
#endif

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2048);
	__type(key, struct nw_qdisc_key);
	__type(value, struct nw_qdisc_val);
} nw_qdisc_stats SEC(".maps");

SEC("tp_btf/qdisc_enqueue")
int BPF_PROG(nw_qdisc_enqueue, struct Qdisc *q, const struct netdev_queue *txq, struct sk_buff *skb)
{
	/* Every enqueue of the host: BTF-typed arguments, read with plain loads. */
	struct net_device *dev = txq->dev;
	struct nw_qdisc_key key = {};
	struct nw_qdisc_val *v;

	key.netns_ino = nw_dev_netns_btf(dev);
	if (!nw_netns_allowed(key.netns_ino))
		return 0;
	key.ifindex = dev ? dev->ifindex : 0;
	key.handle = q->handle;
	key.parent = q->parent;
	nw_count(NW_PROG_QDISC, NW_CNT_GENERATED);

	v = bpf_map_lookup_elem(&nw_qdisc_stats, &key);
	if (!v) {
		struct nw_qdisc_val init = {};

		BPF_CORE_READ_STR_INTO(&init.kind, q, ops, id);
		if (dev)
			BPF_CORE_READ_STR_INTO(&init.ifname, dev, name);
		/* NOEXIST: another CPU may have inserted it meanwhile; then use its. */
		bpf_map_update_elem(&nw_qdisc_stats, &key, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&nw_qdisc_stats, &key);
		if (!v) {
			nw_count(NW_PROG_QDISC, NW_CNT_LOST); /* map full */
			return 0;
		}
	}
	__sync_fetch_and_add(&v->packets, 1);
	__sync_fetch_and_add(&v->bytes, skb->len);
	v->qlen = q->q.qlen;
	v->backlog = q->qstats.backlog;
	v->drops = q->qstats.drops;
	v->last_ts = bpf_ktime_get_ns();
	return 0;
}
