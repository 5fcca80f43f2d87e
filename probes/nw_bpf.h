/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-side helpers shared by the probes/NAME.bpf.c files: the maps every program
 * shares (user space creates them with the first object it loads and hands
 * the same fds to the others with bpf_map__reuse_fd()), the counters, the
 * namespace filter and the CO-RE readers of devices and packets.
 *
 * CO-RE shims (each says which kernel change it absorbs):
 *  - struct sock::sk_protocol became a plain u16 in 5.6 (commit bf9765145b85
 *    "sock: Make sk_protocol a 16-bit value"); before it was a bitfield, so
 *    nw_sk_protocol() reads it with BPF_CORE_READ_BITFIELD_PROBED, which
 *    relocates offset, size and shifts for either kind.
 *  - tp_btf/kfree_skb gained the reason in 5.17 (c504e5c2f964) and rx_sk in
 *    6.10; the programs use only (skb, location, reason).
 */
#ifndef NW_PROBES_BPF_H
#define NW_PROBES_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "probes/nw_records.h"

#define NW_ETH_P_IP 0x0800
#define NW_ETH_P_ARP 0x0806
#define NW_ETH_P_IPV6 0x86DD
#define NW_AF_INET 2
#define NW_AF_INET6 10
#define NW_AF_NETLINK 16
#define NW_IPPROTO_ICMP 1
#define NW_IPPROTO_TCP 6
#define NW_IPPROTO_UDP 17
#define NW_IPPROTO_ICMPV6 58
#define NW_ARPHRD_ETHER 1

/* Filled by user space before load (rodata). */
const volatile __u32 cfg_ring_size = 0;  /* bytes; wake user space past half */
const volatile __u32 cfg_self_tgid = 0;  /* our own process: its errors are ours, not news */
/*
 * A scope was given: only the namespaces in nw_netns_allow.  Rodata rather
 * than a key in that map: every event of the host asks, and a constant
 * costs nothing where a map lookup does.  The members of the scope can still
 * change while running; whether there is one cannot.
 */
const volatile bool cfg_netns_filter = false;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024); /* user space sets the real size */
} nw_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NW_COUNTERS_MAX);
	__type(key, __u32);
	__type(value, __u64);
} nw_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);  /* netns inode (used when cfg_netns_filter) */
	__type(value, __u8);
} nw_netns_allow SEC(".maps");

static __always_inline void nw_count(__u32 prog, __u32 which)
{
	__u32 key = prog * NW_CNT_PER_PROG + which;
	__u64 *v = bpf_map_lookup_elem(&nw_counters, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline bool nw_netns_allowed(__u32 ino)
{
	if (!cfg_netns_filter)
		return true;
	return ino && bpf_map_lookup_elem(&nw_netns_allow, &ino) != NULL;
}

/*
 * Reserves a record and fills its header; counts it as generated, and as
 * lost when the ring is full.  Returns NULL when lost.
 */
static __always_inline void *nw_reserve(__u32 prog, __u16 type, __u32 size)
{
	struct nw_rec_hdr *h;

	nw_count(prog, NW_CNT_GENERATED);
	h = bpf_ringbuf_reserve(&nw_events, size, 0);
	if (!h) {
		nw_count(prog, NW_CNT_LOST);
		return NULL;
	}
	h->type = type;
	h->version = NW_REC_VERSION;
	h->prog = prog;
	h->size = size;
	h->ts = bpf_ktime_get_ns();
	return h;
}

/*
 * Never wakes user space per record: it drains on a timer.  Only when the
 * ring is more than half full does it force a wake-up so a burst cannot
 * overrun the ring between two timer ticks.
 */
static __always_inline void nw_submit(void *rec)
{
	__u64 avail = bpf_ringbuf_query(&nw_events, BPF_RB_AVAIL_DATA);
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (cfg_ring_size && avail > cfg_ring_size / 2)
		flags = BPF_RB_FORCE_WAKEUP;
	bpf_ringbuf_submit(rec, flags);
}

static __always_inline __u32 nw_net_ino(const struct net *net)
{
	if (!net)
		return 0;
	return BPF_CORE_READ(net, ns.inum);
}

static __always_inline __u32 nw_dev_netns(const struct net_device *dev)
{
	if (!dev)
		return 0;
	return nw_net_ino(BPF_CORE_READ(dev, nd_net.net));
}

static __always_inline __u32 nw_sk_netns(const struct sock *sk)
{
	if (!sk)
		return 0;
	return nw_net_ino(BPF_CORE_READ(sk, __sk_common.skc_net.net));
}

/*
 * The same for BTF-typed pointers (tp_btf arguments): plain loads, which the
 * verifier turns into fault-safe reads, instead of one helper call per
 * pointer.  The classic tracepoint programs must use the readers above.
 */
static __always_inline __u32 nw_dev_netns_btf(const struct net_device *dev)
{
	if (!dev)
		return 0;
	return dev->nd_net.net->ns.inum;
}

static __always_inline __u32 nw_sk_netns_btf(const struct sock *sk)
{
	if (!sk)
		return 0;
	return sk->__sk_common.skc_net.net->ns.inum;
}

static __always_inline void nw_where_dev(struct nw_rec_where *w, const struct net_device *dev)
{
	if (!dev)
		return;
	w->ifindex = BPF_CORE_READ(dev, ifindex);
	BPF_CORE_READ_STR_INTO(&w->ifname, dev, name);
	w->netns_ino = nw_dev_netns(dev);
}

/* See the shim note at the top: reads a plain field and a bitfield alike. */
static __always_inline __u16 nw_sk_protocol(const struct sock *sk)
{
	return BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol);
}

static __always_inline __u16 nw_bswap16(__u16 v)
{
	return __builtin_bswap16(v);
}

/*
 * Reads what the packet was from its headers: Ethernet addresses when the
 * mac header is set on an Ethernet device, then ARP (Ethernet/IPv4) or
 * IPv4/IPv6 with the L4 protocol and ports.  Every read is a probe read of a
 * fixed size; a failed one sets NW_PKT_TRUNC and stops.
 */
static __always_inline void nw_read_pkt(struct nw_rec_pkt *p, const struct sk_buff *skb,
					 const struct net_device *dev)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 mac = BPF_CORE_READ(skb, mac_header);
	__u16 nh = BPF_CORE_READ(skb, network_header);
	__u16 th_off = 0;
	__u16 proto = nw_bswap16(BPF_CORE_READ(skb, protocol));
	__u8 l4 = 0;

	p->ethertype = proto;
	if (!head)
		return;
	if (mac != (__u16)~0U && dev && BPF_CORE_READ(dev, type) == NW_ARPHRD_ETHER &&
	    mac != nh) {
		if (bpf_probe_read_kernel(p->dst_mac, 6, head + mac) ||
		    bpf_probe_read_kernel(p->src_mac, 6, head + mac + 6))
			p->flags |= NW_PKT_TRUNC;
		else
			p->flags |= NW_PKT_HAS_MAC;
	}

	if (proto == NW_ETH_P_ARP) {
		struct {
			__be16 hrd, pro;
			__u8 hln, pln;
			__be16 op;
			__u8 sha[6], spa[4], tha[6], tpa[4];
		} __attribute__((packed)) a;

		if (bpf_probe_read_kernel(&a, sizeof(a), head + nh)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		p->arp_op = nw_bswap16(a.op);
		if (a.hrd == nw_bswap16(NW_ARPHRD_ETHER) && a.pro == nw_bswap16(NW_ETH_P_IP) &&
		    a.hln == 6 && a.pln == 4) {
			__builtin_memcpy(p->arp_sha, a.sha, 6);
			__builtin_memcpy(p->arp_tha, a.tha, 6);
			__builtin_memcpy(p->arp_spa, a.spa, 4);
			__builtin_memcpy(p->arp_tpa, a.tpa, 4);
			p->flags |= NW_PKT_HAS_ARP;
		}
		return;
	}
	if (proto == NW_ETH_P_IP) {
		struct iphdr ip;

		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + nh)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		if (ip.version != 4)
			return;
		p->family = NW_AF_INET;
		__builtin_memcpy(p->src, &ip.saddr, 4);
		__builtin_memcpy(p->dst, &ip.daddr, 4);
		p->l4proto = ip.protocol;
		p->flags |= NW_PKT_HAS_L3;
		if (ip.frag_off & bpf_htons(0x1fff))
			return; /* not the first fragment: no L4 header */
		l4 = ip.protocol;
		th_off = nh + ip.ihl * 4;
	} else if (proto == NW_ETH_P_IPV6) {
		struct ipv6hdr ip6;

		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + nh)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		if (ip6.version != 6)
			return;
		p->family = NW_AF_INET6;
		__builtin_memcpy(p->src, &ip6.saddr, 16);
		__builtin_memcpy(p->dst, &ip6.daddr, 16);
		p->l4proto = ip6.nexthdr;
		p->flags |= NW_PKT_HAS_L3;
		l4 = ip6.nexthdr; /* extension headers are not walked */
		th_off = nh + sizeof(ip6);
	} else {
		return;
	}

	if (l4 == NW_IPPROTO_TCP) {
		__u8 t[14];

		if (bpf_probe_read_kernel(t, sizeof(t), head + th_off)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		p->sport = (__u16)t[0] << 8 | t[1];
		p->dport = (__u16)t[2] << 8 | t[3];
		p->tcp_flags = t[13];
		p->flags |= NW_PKT_HAS_L4;
	} else if (l4 == NW_IPPROTO_UDP) {
		__u8 u[4];

		if (bpf_probe_read_kernel(u, sizeof(u), head + th_off)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		p->sport = (__u16)u[0] << 8 | u[1];
		p->dport = (__u16)u[2] << 8 | u[3];
		p->flags |= NW_PKT_HAS_L4;
	} else if (l4 == NW_IPPROTO_ICMP || l4 == NW_IPPROTO_ICMPV6) {
		__u8 ic[2];

		if (bpf_probe_read_kernel(ic, sizeof(ic), head + th_off)) {
			p->flags |= NW_PKT_TRUNC;
			return;
		}
		p->arp_op = (__u16)ic[0] << 8 | ic[1];
	}
}

#endif
