/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The records the BPF programs write into the ring buffer: the one ABI
 * between the probes/NAME.bpf.c files and user space (probes/decode.c).
 *
 * Rules: fixed-width fields only, explicit padding, every struct a multiple
 * of 8 bytes, no pointers (kernel addresses travel as __u64).  Each record
 * starts with struct nw_rec_hdr; user space checks type, version and size
 * before it decodes anything, and copies the record to an aligned local
 * first (ring buffer records are only 8-byte aligned by accident).
 * Change a layout => bump NW_REC_VERSION.
 *
 * Included by BPF code (after vmlinux.h, which defines __u8 ...) and by user
 * space (which gets them from <linux/types.h>).
 */
#ifndef NW_PROBES_RECORDS_H
#define NW_PROBES_RECORDS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define NW_REC_VERSION 1

enum nw_rec_type {
	NW_REC_DROP = 1,
	NW_REC_NEIGH = 2,
	NW_REC_SOCK = 3,
	NW_REC_TYPE_COUNT
};

/*
 * Programs, for the per-program counters (generated, lost) that the kernel
 * side keeps in the per-CPU array nw_counters at index prog * 2 + NW_CNT_*.
 */
enum nw_prog_id {
	NW_PROG_DROPS = 0,
	NW_PROG_NEIGH,
	NW_PROG_SOCK,       /* failed socket syscalls */
	NW_PROG_SOCK_ASYNC, /* sock:inet_sk_error_report */
	NW_PROG_QDISC,      /* qdisc:qdisc_enqueue: counted in nw_qdisc_stats, not the ring */
	NW_PROG_COUNT
};

enum nw_counter {
	NW_CNT_GENERATED = 0, /* records the program wanted to write */
	NW_CNT_LOST,          /* ... of which the ring had no room for */
	NW_CNT_PER_PROG
};
#define NW_COUNTERS_MAX (NW_PROG_COUNT * NW_CNT_PER_PROG)

struct nw_rec_hdr {
	__u16 type;    /* enum nw_rec_type */
	__u8 version;  /* NW_REC_VERSION */
	__u8 prog;     /* enum nw_prog_id */
	__u32 size;    /* sizeof the whole record */
	__u64 ts;      /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
};

/* Where the event happened: namespace and device (0/"" when unknown). */
struct nw_rec_where {
	__u32 netns_ino;
	__u32 ifindex;
	char ifname[16];
};

/* What a packet was, read from the skb's headers. */
#define NW_PKT_HAS_MAC 0x01    /* src_mac/dst_mac valid (mac header set, Ethernet) */
#define NW_PKT_HAS_L3 0x02     /* family/src/dst valid */
#define NW_PKT_HAS_L4 0x04     /* sport/dport valid (TCP/UDP, first fragment) */
#define NW_PKT_HAS_ARP 0x08    /* arp_* valid (Ethernet/IPv4 ARP) */
#define NW_PKT_TRUNC 0x10      /* a header could not be read */

struct nw_rec_pkt {
	__u8 flags;       /* NW_PKT_* */
	__u8 family;      /* 2 (AF_INET), 10 (AF_INET6) or 0 */
	__u8 l4proto;
	__u8 tcp_flags;
	__u16 ethertype;  /* host order: skb->protocol */
	__u16 arp_op;     /* ARP opcode, or ICMP(v6) type << 8 | code */
	__u16 sport, dport; /* host order */
	__u8 src_mac[6], dst_mac[6];
	__u8 src[16], dst[16];  /* network order; IPv4 in the first 4 bytes */
	__u8 arp_sha[6], arp_tha[6];
	__u8 arp_spa[4], arp_tpa[4];
	__u8 pad[4];
};

#define NW_DROP_QDISC 0x01 /* a qdisc reason: qdisc_* name the packet's tx queue's qdisc */

struct nw_rec_drop {
	struct nw_rec_hdr hdr;
	struct nw_rec_where where;
	__u32 reason;     /* enum skb_drop_reason of the running kernel */
	__u16 protocol;   /* skb->protocol, host order */
	__u8 pkt_type;    /* skb->pkt_type */
	__u8 flags;       /* NW_DROP_* */
	__u64 location;   /* kernel text address that freed the skb */
	__u64 skbaddr;
	struct nw_rec_pkt pkt;
	char qdisc_kind[16]; /* Qdisc_ops id ("htb"; "noop" when the device is not up) */
	__u32 qdisc_handle;
	__u32 qdisc_parent;
};

/* What happened to the neighbour entry (tracepoint that fired). */
enum nw_rec_neigh_op {
	NW_RNEIGH_CREATE = 1,
	NW_RNEIGH_CREATE_FAIL,
	NW_RNEIGH_UPDATE,       /* neigh_update: before -> new_state */
	NW_RNEIGH_UPDATE_DONE,
	NW_RNEIGH_TIMER,        /* neigh_timer_handler */
	NW_RNEIGH_SEND_DONE,    /* neigh_event_send_done */
	NW_RNEIGH_SEND_DEAD,    /* neigh_event_send_dead */
	NW_RNEIGH_RELEASE,      /* neigh_cleanup_and_release */
	NW_RNEIGH_OP_COUNT
};

/*
 * include/net/neighbour.h NEIGH_UPDATE_F_ADMIN: the update was asked for by an
 * administrator (neigh_delete, neigh_add, arp_req_delete); the neigh_update
 * tracepoint's update_flags show 0x81 for `ip neigh del`.  BIT(7) in today's kernels,
 * 0x80000000 in the older layout (when the tracepoint came, v5.0); neither
 * value means anything else in the other layout.
 */
#define NW_NEIGH_UPDATE_F_ADMIN (0x80u | 0x80000000u)

struct nw_rec_neigh {
	struct nw_rec_hdr hdr;
	struct nw_rec_where where;
	__u8 op;          /* enum nw_rec_neigh_op */
	__u8 family;      /* table family: 2 arp_cache, 10 ndisc_cache */
	__u8 state;       /* NUD_* after the event */
	__u8 prev_state;  /* NUD_* before, 0 when not known */
	__u8 ntf_flags;   /* NTF_* of the entry */
	__u8 dead;
	__u8 lladdr_len;  /* device address length */
	__u8 key_len;     /* table key length: 4 or 16 */
	__u32 probes;
	__s32 error;      /* -errno from the kernel, 0 if none */
	__u32 dev_flags;  /* IFF_* */
	__u32 entries;    /* table entries (neigh_create only) */
	__u32 update_flags; /* NEIGH_UPDATE_F_* (neigh_update only) */
	__u32 nlmsg_pid;  /* neigh_update only: who asked (0 = kernel) */
	__u8 key[16];
	__u8 lladdr[32];
};

enum nw_rec_sock_origin { NW_RSOCK_SYSCALL = 0, NW_RSOCK_ASYNC = 1 };

struct nw_rec_sock {
	struct nw_rec_hdr hdr;
	struct nw_rec_where where; /* ifindex/ifname unused */
	__u8 origin;      /* enum nw_rec_sock_origin */
	__u8 sk_type;     /* SOCK_* (0 when no socket was found) */
	__u16 family;
	__u16 protocol;
	__u16 lport, rport; /* host order */
	__u16 pad;
	__u32 pid, tid;
	__s32 fd;         /* -1 for asynchronous reports */
	__s32 nr;         /* syscall number, -1 if none */
	__s32 err;        /* positive errno */
	__u32 nl_portid, nl_groups, nl_dst_portid, nl_dst_group;
	__u8 laddr[16], raddr[16];
	__u64 sk_cookie;  /* the kernel's socket cookie if it has one, else 0 */
	char comm[16];
};

/*
 * Drop floods are counted, not sent: per (namespace, device, reason,
 * location, protocol, packet type) the kernel side writes per-packet records
 * (with headers) for the first cfg_drop_sample drops of a window (about a
 * second) on each CPU, and only counts the rest in the per-CPU hash
 * nw_drop_agg.  User space reads the map periodically and reports what the
 * counts grew by as one aggregated drop event per key (count = the growth);
 * a final read after detaching makes the totals exact.  The counters only
 * grow and each CPU writes only its own copy, so a read racing a write
 * never sees a count go back.
 */
struct nw_drop_agg_key {
	__u32 netns_ino;
	__u32 ifindex;
	__u32 reason;
	__u16 protocol;   /* skb->protocol, host order */
	__u8 pkt_type;
	__u8 pad;
	__u64 location;
};

struct nw_drop_agg_val {
	__u64 window;     /* the window in_window counts for */
	__u64 counted;    /* drops counted here and not sent as records (only grows) */
	__u32 in_window;  /* per-packet records sent in this window (this CPU) */
	__u32 qdisc_handle; /* qdisc reasons: the qdisc of the first drop (NW_DROP_QDISC in flags) */
	__u32 qdisc_parent;
	__u32 flags;      /* NW_DROP_* */
	char ifname[16];  /* set on the CPU that created the entry; "" on the others */
	char qdisc_kind[16];
};

/*
 * qdisc:qdisc_enqueue is counted per qdisc in a hash map (one ring record
 * per packet would flood); user space reads it periodically.
 */
struct nw_qdisc_key {
	__u32 netns_ino;
	__u32 ifindex;
	__u32 handle;
	__u32 parent;
};

struct nw_qdisc_val {
	__u64 packets;    /* enqueues seen since the probe started */
	__u64 bytes;
	__u64 drops;      /* the qdisc's own qstats.drops at the last enqueue */
	__u32 qlen;       /* at the last enqueue */
	__u32 backlog;
	__u64 last_ts;
	char kind[16];
	char ifname[16];
};

#endif
