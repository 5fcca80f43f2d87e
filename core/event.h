/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one event type every source produces and every consumer reads.
 *
 * An event is a fixed-size value (no pointers), so stores can copy it into
 * bounded rings and a recording can hold it as bytes.  Timestamps are
 * CLOCK_MONOTONIC nanoseconds: sources convert whatever clock they have (BPF
 * uses bpf_ktime_get_ns(), which is CLOCK_MONOTONIC; pcap gives wall-clock
 * time and is converted with nw_time_wall_to_mono()).
 *
 * Strings inside events are always NUL-terminated; producers use
 * nw_strlcpy() from core/util.h.  Names of kernel values (drop reasons,
 * neighbour states, errnos) are NOT stored: events keep the number and the
 * consumer resolves it through core/names.h at run time.
 */
#ifndef NW_CORE_EVENT_H
#define NW_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#define NW_IFNAMSIZ 16
#define NW_COMMLEN 16
#define NW_MAC_MAX 8 /* Ethernet uses 6; infiniband-style 20-byte addresses are truncated and flagged */

enum nw_event_type {
	NW_EV_PACKET,
	NW_EV_NEIGH,
	NW_EV_NEIGH_TABLE,
	NW_EV_QDISC,
	NW_EV_DROP,
	NW_EV_SOCK_ERR,
	NW_EV_LINK,
	NW_EV_SOURCE,
	NW_EV_SOCK_INFO, /* JSON "sock": a socket's buffers and drop counter (sock_diag) */
	NW_EV_COUNTER,   /* JSON "counter": a kernel counter that changed (/proc/net/snmp ...) */
	NW_EV_FINDING,   /* JSON "finding": a symptom the models detected (core/diag/findings.h) */
	NW_EV_EXPLANATION, /* JSON "explanation": reference to an explanation (core/diag/explain.h) */
	NW_EV_ROUTE,       /* JSON "route": a route, a policy rule, or the answer of a FIB lookup */
	NW_EV_COUNT
};

/* An IPv4 or IPv6 address; family 0 means "none". */
struct nw_addr {
	uint8_t family; /* AF_INET, AF_INET6 or 0 */
	uint8_t pad[3];
	uint8_t bytes[16]; /* network order; IPv4 in the first 4 bytes */
};

struct nw_mac {
	uint8_t len; /* 0 when unknown */
	uint8_t bytes[NW_MAC_MAX];
};

/* Where a fact came from; several sources can report the same thing. */
enum nw_origin {
	NW_ORIGIN_NETLINK, /* initial dump or change notification */
	NW_ORIGIN_BPF,     /* tracepoint */
	NW_ORIGIN_PCAP,
	NW_ORIGIN_PROC,    /* /proc or /sys counters */
	NW_ORIGIN_REPLAY,
	NW_ORIGIN_COUNT
};

/* --- packet (capture/) ---------------------------------------------------- */
enum nw_pkt_dir { NW_DIR_UNKNOWN, NW_DIR_IN, NW_DIR_OUT, NW_DIR_COUNT };

struct nw_packet_ev {
	uint32_t caplen;
	uint32_t len;
	uint64_t store_ref; /* handle into the packet byte store; 0 = bytes not kept */
	uint8_t dir;        /* enum nw_pkt_dir */
	uint8_t partial;    /* dissection stopped early: truncated or malformed */
	uint16_t linktype;  /* DLT_* */
	struct nw_mac src_mac, dst_mac;
	uint16_t ethertype; /* innermost, after VLAN tags */
	uint16_t vlan[2];   /* 0 = none */
	uint8_t l4proto;    /* IPPROTO_* or 0 */
	uint8_t tcp_flags;
	uint16_t arp_op;    /* ARP opcode, or ICMP(v6) type << 8 | code */
	struct nw_addr src, dst;
	uint16_t sport, dport;
	uint32_t l2_flags;  /* capture/l2check.h NW_L2_* bits */
	uint16_t icmp_id, icmp_seq; /* ICMP(v6) echo request/reply: identifier and sequence, else 0 */
	uint64_t wall_ns;   /* CLOCK_REALTIME capture time (a file's own clock); 0 = not known */
};

/*
 * The one l2_flags bit core knows (JSON "mac_mismatch"): the frame's
 * destination MAC is not this interface's, nor broadcast/multicast.  The
 * other bits and their names belong to capture/l2check.h.
 */
#define NW_L2_DST_MISMATCH (1u << 0)

/* --- neighbour entry (probes/, netlink and neigh:* tracepoints) ------------ */
enum nw_neigh_op {
	NW_NEIGH_SNAPSHOT, /* from a dump */
	NW_NEIGH_NEW,
	NW_NEIGH_UPDATE,
	NW_NEIGH_DEL,
	NW_NEIGH_TIMER,        /* neigh_timer_handler */
	NW_NEIGH_CREATE_FAIL,  /* neigh_create with an error */
	NW_NEIGH_OP_COUNT
};

struct nw_neigh_ev {
	uint8_t op;        /* enum nw_neigh_op */
	uint8_t family;    /* AF_INET (arp_cache) or AF_INET6 (ndisc_cache) */
	uint16_t state;    /* NUD_* bits; resolved by names */
	uint16_t prev_state; /* NUD_* bits, 0 when not known */
	uint16_t flags;    /* NTF_* */
	uint32_t probes;
	int32_t error;     /* -errno reported by the kernel, 0 if none */
	uint32_t dev_flags; /* IFF_* of the device, so NOARP entries can be told apart */
	struct nw_addr ip;
	struct nw_mac lladdr;
	/*
	 * 1: the change was an administrator's request (ip neigh del/flush/replace,
	 * arp -d: the kernel's NEIGH_UPDATE_F_ADMIN, or a netlink notification
	 * answering a request), not the kernel's own state machine.  Added last,
	 * in what was tail padding: older recordings read 0 there.
	 */
	uint8_t by_admin;
};

/* --- neighbour table (RTM_GETNEIGHTBL) ------------------------------------- */
struct nw_neigh_table_ev {
	uint8_t family;
	char name[24];      /* "arp_cache", "ndisc_cache" */
	uint32_t gc_thresh1, gc_thresh2, gc_thresh3;
	uint32_t entries;
	uint64_t allocs, destroys, hash_grows, res_failed;
	uint64_t lookups, hits, rcv_probes_mcast, rcv_probes_ucast;
	uint64_t periodic_gc_runs, forced_gc_runs, table_fulls;
	uint32_t ucast_probes, mcast_probes, app_probes, mcast_reprobes; /* default parms */
	uint32_t retrans_time_ms;
};

/* --- qdisc or class -------------------------------------------------------- */
enum nw_qdisc_op {
	NW_QDISC_STATS,   /* state or statistics from netlink */
	NW_QDISC_DEL,
	NW_QDISC_ENQUEUE, /* per-packet, from qdisc:qdisc_enqueue */
	NW_QDISC_DROP,    /* per-packet drop with a qdisc drop reason */
	NW_QDISC_OP_COUNT
};

struct nw_qdisc_ev {
	uint8_t op;        /* enum nw_qdisc_op */
	uint8_t is_class;
	char kind[16];
	uint32_t handle, parent;
	uint64_t bytes, packets, drops, overlimits, requeues;
	uint32_t qlen, backlog;
	uint32_t direct_qlen;    /* htb: TCA_HTB_INIT direct_qlen; UINT32_MAX = not htb/unknown */
	uint32_t defcls;         /* htb default class minor */
	uint64_t direct_packets; /* htb: packets sent through the direct queue */
	uint64_t rate_bps;
	uint32_t pkt_ethertype;  /* per-packet ops: what the packet was */
	uint16_t pkt_arp_op;
	uint8_t pkt_l4proto;
	uint8_t pkt_tcp_flags;
	struct nw_addr pkt_src, pkt_dst;
	uint32_t drop_reason;    /* per-packet drops: skb_drop_reason, resolved by names */
};

/* --- dropped skb (skb:kfree_skb) ------------------------------------------- */
struct nw_drop_ev {
	uint32_t reason;      /* enum skb_drop_reason value of the running kernel */
	uint16_t protocol;    /* skb->protocol, host order */
	uint8_t l4proto;
	uint8_t pkt_type;     /* skb->pkt_type (PACKET_OTHERHOST ...) */
	uint64_t location;    /* kernel address */
	char location_sym[48];/* resolved from /proc/kallsyms, "" if not */
	uint64_t skbaddr;
	struct nw_addr src, dst;
	uint16_t sport, dport;
	uint16_t arp_op;
	struct nw_mac src_mac, dst_mac;     /* from the skb's mac header when set */
	struct nw_mac arp_sha, arp_tha;
	struct nw_addr arp_spa, arp_tpa;
	/*
	 * How many drops this event stands for.  0 or 1: this one packet.  More:
	 * an aggregated report of a flood (probes count drops beyond a sample
	 * per second in the kernel): the drops of one namespace, device, reason,
	 * location, protocol and packet type since the last report; no packet
	 * headers (src/dst/ports/MACs are unset).  Use nw_drop_count().
	 */
	uint64_t count;
};

static inline uint64_t nw_drop_count(const struct nw_drop_ev *d)
{
	return d->count ? d->count : 1;
}

/* --- socket error (syscall exits, sock:inet_sk_error_report) --------------- */
enum nw_sockerr_origin { NW_SOCKERR_SYSCALL, NW_SOCKERR_ASYNC, NW_SOCKERR_ORIGIN_COUNT };

struct nw_sock_ev {
	uint8_t origin;       /* enum nw_sockerr_origin */
	uint8_t sk_type;      /* SOCK_STREAM ... */
	uint16_t sk_family;   /* AF_INET, AF_INET6, AF_NETLINK, ... */
	uint16_t sk_protocol; /* IPPROTO_* or NETLINK_* */
	uint16_t pad;
	uint32_t pid, tid;
	int32_t fd;           /* -1 for asynchronous reports */
	int32_t syscall;      /* syscall number, -1 if none; resolved by names */
	int32_t err;          /* positive errno */
	char comm[NW_COMMLEN];
	struct nw_addr laddr, raddr;
	uint16_t lport, rport;
	uint32_t nl_portid, nl_groups;
	uint64_t sk_cookie;
};

/*
 * --- socket snapshot (sock_diag: NETLINK_SOCK_DIAG) ------------------------
 * Not an error: the state of a socket's receive buffer and drop counter, so
 * a consumer can show "rcvbuf 2304, drops 39" next to an ENOBUFS.
 */
enum nw_sockinfo_op { NW_SOCKINFO_SNAPSHOT, NW_SOCKINFO_CHANGE, NW_SOCKINFO_GONE, NW_SOCKINFO_OP_COUNT };

struct nw_sockinfo_ev {
	uint8_t op;           /* enum nw_sockinfo_op */
	uint8_t sk_type;      /* SOCK_DGRAM, SOCK_RAW ... */
	uint16_t sk_family;   /* AF_NETLINK, AF_INET, AF_INET6 */
	uint16_t sk_protocol; /* NETLINK_* or IPPROTO_* */
	uint8_t sk_state;     /* TCP_* for inet, NETLINK_* socket state for netlink */
	uint8_t pad;
	uint32_t pid;         /* owning process, 0 when not resolved */
	uint32_t nl_portid;   /* netlink port id (often the owner's pid) */
	uint32_t nl_groups;   /* first 32 multicast groups, as /proc/net/netlink shows */
	uint32_t rmem, rcvbuf, wmem, sndbuf; /* SK_MEMINFO_* bytes */
	uint32_t drops;       /* SK_MEMINFO_DROPS: sk_drops */
	uint64_t inode;
	uint64_t cookie;
	char comm[NW_COMMLEN];
	struct nw_addr laddr, raddr;
	uint16_t lport, rport;
};

/* --- kernel counter (/proc/net/snmp, /proc/net/stat/arp_cache) ------------- */
struct nw_counter_ev {
	char name[40];        /* "Udp.SndbufErrors", "Ip.OutDiscards", "arp_cache.table_fulls" */
	uint64_t value;
	uint64_t delta;       /* since the previous reading; 0 on the first */
};

/* --- link (RTM_NEWLINK and friends) ---------------------------------------- */
enum nw_link_op { NW_LINK_SNAPSHOT, NW_LINK_NEW, NW_LINK_CHANGE, NW_LINK_DEL, NW_LINK_OP_COUNT };

struct nw_link_ev {
	uint8_t op;
	uint8_t operstate;    /* IF_OPER_* */
	uint16_t pad;
	uint32_t flags;       /* IFF_* */
	uint32_t mtu, txqlen;
	int32_t master;       /* ifindex of the bridge/bond, 0 if none */
	char kind[16];        /* "veth", "bridge", ... "" if plain */
	struct nw_mac mac, prev_mac; /* prev_mac.len == 0 when unchanged */
};

/*
 * --- finding (core/diag/findings.h) ----------------------------------------------
 * A symptom detected by the models without being asked.  The subject is the
 * header (netns, ifindex, ifname) plus the fields the kind uses; the others
 * stay 0.  finding_id is the findings store's id (what nw_explain() takes),
 * not the event id.
 */
enum nw_finding_kind {
	NW_FIND_SOCK_ERRNO,       /* a socket's syscalls failed with an errno */
	NW_FIND_NEIGH_FAILED,     /* a neighbour entry went FAILED */
	NW_FIND_MAC_MISMATCH,     /* frames addressed to a MAC that is not the interface's */
	NW_FIND_QDISC_CTRL_DROP,  /* a qdisc dropped ARP/NDP */
	NW_FIND_NEIGH_TABLE_FULL, /* neighbour table overflow */
	NW_FIND_NETLINK_OVERRUN,  /* a netlink listener lost messages (ENOBUFS, drops) */
	NW_FIND_SILENT_DROP,      /* a drop counter rose (Udp.SndbufErrors ...) */
	NW_FIND_DROP,             /* the kernel dropped packets with a reason */
	NW_FIND_KIND_COUNT
};

struct nw_finding_ev {
	uint64_t finding_id;
	uint8_t kind;          /* enum nw_finding_kind */
	uint8_t family;        /* of ip, or the table's / socket's family */
	uint16_t pad;
	int32_t err;           /* SOCK_ERRNO, NETLINK_OVERRUN: positive errno, 0 if none */
	uint32_t reason;       /* DROP: skb_drop_reason */
	uint32_t pid;
	int32_t fd;            /* -1 when not a socket */
	uint32_t handle;       /* QDISC_CTRL_DROP: qdisc handle */
	uint32_t pad2;
	uint64_t count;        /* occurrences so far (errors, drops, counter increase) */
	uint64_t first_ts, last_ts;
	uint64_t first_event_id, last_event_id; /* the events that raised it */
	struct nw_addr ip;     /* neighbour IP, socket peer, dropped packet's destination */
	struct nw_mac mac;     /* MAC_MISMATCH: the destination MAC the frames carried */
	char object[64];       /* "htb 8003:", "Udp.SndbufErrors", "arp_cache", comm ... */
};

/*
 * --- explanation (core/diag/explain.h): the full text lives in the engine's store --
 * The layer of the kernel where a cause (or a step of the evidence) sits.
 */
enum nw_cause_layer {
	NW_CL_LINK,
	NW_CL_L2,
	NW_CL_NEIGH,
	NW_CL_QDISC,
	NW_CL_NETFILTER,
	NW_CL_ROUTE,
	NW_CL_SOCKET,
	NW_CL_NETLINK,
	NW_CL_COUNT
};

struct nw_explanation_ev {
	uint64_t explanation_id; /* nw_explain_get() */
	uint64_t finding_id;
	uint8_t layer;           /* enum nw_cause_layer */
	uint8_t has_cause;       /* 0: the evidence does not show a cause */
	uint16_t pad;
	char rule[28];           /* id of the rule that named the cause */
	char object[96];         /* the cause's object, as a person would type it */
};

/*
 * --- route, policy rule, FIB lookup (RTM_*ROUTE, RTM_*RULE, RTM_GETROUTE) --
 * A route (is_rule 0): dst/dst_len in table, of type RTN_*, via gateway on
 * oif (the header's ifindex and ifname).  A rule (is_rule 1): priority is
 * its preference, type its FR_ACT_* action, table its target, dst/src its
 * selectors.  A lookup (op LOOKUP) is the kernel's answer for the address
 * target, asked when a socket failed towards it: error is the errno the
 * lookup returned (0 = a route), and the other fields describe the route
 * the kernel matched when it says (IPv4 names even unreachable ones).
 */
enum nw_route_op { NW_ROUTE_SNAPSHOT, NW_ROUTE_NEW, NW_ROUTE_DEL, NW_ROUTE_LOOKUP, NW_ROUTE_OP_COUNT };

struct nw_route_ev {
	uint8_t op;        /* enum nw_route_op */
	uint8_t is_rule;
	uint8_t family;    /* AF_INET, AF_INET6 */
	uint8_t type;      /* routes: RTN_*; rules: FR_ACT_* */
	uint8_t protocol;  /* RTPROT_* */
	uint8_t scope;     /* RT_SCOPE_* */
	uint8_t dst_len, src_len;
	uint8_t tos;
	uint8_t pad[3];
	uint32_t table;    /* RT_TABLE_MAIN is 254; rules: the table they look up */
	uint32_t priority; /* routes: metric; rules: preference */
	int32_t error;     /* lookups: positive errno of the answer, 0 when a route was found */
	uint32_t flags;    /* rules: FIB_RULE_* (FIB_RULE_INVERT ...) */
	uint32_t fwmark, fwmask; /* rules */
	struct nw_addr dst, src, gateway;
	struct nw_addr target; /* lookups: the address asked about */
	char iifname[NW_IFNAMSIZ], oifname[NW_IFNAMSIZ]; /* rules: the iif/oif selectors, "" = any */
};

/* --- source health ----------------------------------------------------------- */
enum nw_source_state {
	NW_SOURCE_STARTING,
	NW_SOURCE_RUNNING,
	NW_SOURCE_DEGRADED,
	NW_SOURCE_OFF,
	NW_SOURCE_GONE,      /* interface or namespace disappeared */
	NW_SOURCE_RESYNC,    /* overran, dumped again */
	NW_SOURCE_STATE_COUNT
};

struct nw_source_ev {
	char name[32];        /* "bpf:drops", "netlink", "pcap:eth0" */
	uint8_t state;        /* enum nw_source_state */
	uint8_t pad[7];
	uint64_t delivered;
	uint64_t lost;        /* records or packets lost, cumulative */
	char detail[160];     /* why, and the fix, when not running */
};

/*
 * The event.  `id` is assigned by the core when the event is accepted
 * (nw_event_stamp), strictly increasing; 0 means "not yet accepted".
 */
struct nw_event {
	uint64_t id;
	uint64_t ts;          /* CLOCK_MONOTONIC ns */
	uint64_t netns_ino;   /* namespace inode, 0 if not known */
	uint32_t ifindex;     /* 0 if none */
	uint8_t type;         /* enum nw_event_type */
	uint8_t origin;       /* enum nw_origin */
	uint16_t pad;
	char ifname[NW_IFNAMSIZ];
	union {
		struct nw_packet_ev packet;
		struct nw_neigh_ev neigh;
		struct nw_neigh_table_ev neigh_table;
		struct nw_qdisc_ev qdisc;
		struct nw_drop_ev drop;
		struct nw_sock_ev sock;
		struct nw_link_ev link;
		struct nw_source_ev source;
		struct nw_sockinfo_ev sockinfo;
		struct nw_counter_ev counter;
		struct nw_finding_ev finding;
		struct nw_explanation_ev explanation;
		struct nw_route_ev route;
	} u;
};

/*
 * Fills the header: zeroes the event, sets type, origin and ts (now).  Fields
 * whose "unknown" is not 0 get their unknown value: qdisc direct_qlen =
 * UINT32_MAX, sock fd = -1 and syscall = -1.
 */
void nw_event_init(struct nw_event *ev, enum nw_event_type type, enum nw_origin origin);
/* The same with the time given, for a source that has it (a packet's capture
 * time): the clock is not read only to be overwritten. */
void nw_event_init_ts(struct nw_event *ev, enum nw_event_type type, enum nw_origin origin,
		      uint64_t ts);

/* Stable lowercase names used in JSON ("packet", "neigh", ...); never NULL. */
const char *nw_event_type_name(enum nw_event_type type);
const char *nw_origin_name(enum nw_origin origin);
const char *nw_source_state_name(enum nw_source_state state);
/* "sock_errno", "neigh_failed" ...; never NULL. */
const char *nw_finding_kind_name(enum nw_finding_kind kind);
/* "link", "l2", "neigh", "qdisc", "netfilter", "route", "socket", "netlink". */
const char *nw_cause_layer_name(enum nw_cause_layer layer);

#endif
