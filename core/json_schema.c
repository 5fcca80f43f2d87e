// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The descriptors of core/json_schema.h: for each event type its JSON
 * fields in output order, with where each value lives in struct nw_event.
 * Offsets are from the start of the event, so a condition (`when`) can name
 * any field of it, header or payload.  The name tables here are the ones
 * the encoder writes with.
 */
#include <net/if.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "core/json_schema.h"
#include "core/nsreg.h"
#include "core/util.h"

/* The tables read best one entry, one field a line: clang-format would pack them. */
/* clang-format off */
#define NAMES(id, ...)                                                     \
	static const struct nw_jname id##_v[] = { __VA_ARGS__ };           \
	const struct nw_jnames nw_jn_##id = { id##_v, NW_ARRAY_SIZE(id##_v) }

/* Standard numbers (IEEE ethertypes, IANA protocols, RFC 826 opcodes) and Linux UAPI constants. */
NAMES(ethertypes, { 0x0800, "ipv4" }, { 0x0806, "arp" }, { 0x86dd, "ipv6" }, { 0x8100, "vlan" },
      { 0x88a8, "qinq" }, { 0x8035, "rarp" }, { 0x88cc, "lldp" }, { 0x8847, "mpls" }, { 0x8848, "mpls_mc" },
      { 0x8864, "pppoe" }, { 0x8863, "pppoe_disc" }, { 0x888e, "eapol" }, { 0x0004, "802.2" }, { 0x0003, "all" });
NAMES(ipprotos, { 1, "icmp" }, { 2, "igmp" }, { 4, "ipip" }, { 6, "tcp" }, { 17, "udp" }, { 41, "ipv6" },
      { 47, "gre" }, { 50, "esp" }, { 51, "ah" }, { 58, "icmpv6" }, { 88, "eigrp" }, { 89, "ospf" },
      { 103, "pim" }, { 112, "vrrp" }, { 115, "l2tp" }, { 132, "sctp" }, { 136, "udplite" }, { 262, "mptcp" });
NAMES(arp_ops, { 1, "request" }, { 2, "reply" }, { 3, "rarp_request" }, { 4, "rarp_reply" },
      { 8, "inarp_request" }, { 9, "inarp_reply" }, { 10, "nak" });
NAMES(families, { AF_UNSPEC, "unspec" }, { AF_UNIX, "unix" }, { AF_INET, "inet" }, { AF_INET6, "inet6" },
      { AF_NETLINK, "netlink" }, { AF_PACKET, "packet" }, { AF_BRIDGE, "bridge" }, { AF_VSOCK, "vsock" },
      { AF_XDP, "xdp" });
NAMES(sock_types, { SOCK_STREAM, "stream" }, { SOCK_DGRAM, "dgram" }, { SOCK_RAW, "raw" }, { SOCK_RDM, "rdm" },
      { SOCK_SEQPACKET, "seqpacket" }, { SOCK_PACKET, "packet" });
/* <linux/if_packet.h> PACKET_* (UAPI); spelled out so core needs no kernel header. */
NAMES(pkt_types, { 0, "host" }, { 1, "broadcast" }, { 2, "multicast" }, { 3, "otherhost" }, { 4, "outgoing" },
      { 5, "loopback" });
/* RFC 2863 operational states as IF_OPER_* (UAPI <linux/if.h>), spelled like ip(8). */
NAMES(operstates, { 0, "UNKNOWN" }, { 1, "NOTPRESENT" }, { 2, "DOWN" }, { 3, "LOWERLAYERDOWN" }, { 4, "TESTING" },
      { 5, "DORMANT" }, { 6, "UP" });
/*
 * IFF_* device flags.  The first sixteen are in <net/if.h>; LOWER_UP, DORMANT
 * and ECHO (bits 16-18) are only in <linux/if.h>, so they are numbers here.
 */
NAMES(iff, { IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_DEBUG, "DEBUG" }, { IFF_LOOPBACK, "LOOPBACK" },
      { IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_RUNNING, "RUNNING" },
      { IFF_NOARP, "NOARP" }, { IFF_PROMISC, "PROMISC" }, { IFF_ALLMULTI, "ALLMULTI" }, { IFF_MASTER, "MASTER" },
      { IFF_SLAVE, "SLAVE" }, { IFF_MULTICAST, "MULTICAST" }, { IFF_PORTSEL, "PORTSEL" },
      { IFF_AUTOMEDIA, "AUTOMEDIA" }, { IFF_DYNAMIC, "DYNAMIC" }, { 1u << 16, "LOWER_UP" }, { 1u << 17, "DORMANT" },
      { 1u << 18, "ECHO" });

/* NW_L2_* (capture/l2check.h; bit 0 is core/event.h's NW_L2_DST_MISMATCH); the screens' names too. */
NAMES(l2_flags, { NW_L2_DST_MISMATCH, "dst_mismatch" }, { 1u << 1, "dst_was_ours" }, { 1u << 2, "neigh_conflict" },
      { 1u << 3, "sender_flap" }, { 1u << 4, "gratuitous" }, { 1u << 5, "announce_missing" },
      { 1u << 6, "req_unanswered" }, { 1u << 7, "reply" }, { 1u << 8, "no_dst_mac" }, { 1u << 9, "if_unknown" });

NAMES(pkt_dir, { NW_DIR_UNKNOWN, "unknown" }, { NW_DIR_IN, "in" }, { NW_DIR_OUT, "out" });
NAMES(neigh_op, { NW_NEIGH_SNAPSHOT, "snapshot" }, { NW_NEIGH_NEW, "new" }, { NW_NEIGH_UPDATE, "update" },
      { NW_NEIGH_DEL, "del" }, { NW_NEIGH_TIMER, "timer" }, { NW_NEIGH_CREATE_FAIL, "create_fail" });
NAMES(qdisc_op, { NW_QDISC_STATS, "stats" }, { NW_QDISC_DEL, "del" }, { NW_QDISC_ENQUEUE, "enqueue" },
      { NW_QDISC_DROP, "drop" });
/* RTN_* (linux/rtnetlink.h) as ip-route(8) spells them. */
NAMES(route_types, { 1, "unicast" }, { 2, "local" }, { 3, "broadcast" }, { 4, "anycast" },
      { 5, "multicast" }, { 6, "blackhole" }, { 7, "unreachable" }, { 8, "prohibit" }, { 9, "throw" },
      { 10, "nat" }, { 11, "xresolve" });
/* FR_ACT_* (linux/fib_rules.h) as ip-rule(8) spells them. */
NAMES(rule_actions, { 1, "lookup" }, { 2, "goto" }, { 3, "nop" }, { 6, "blackhole" },
      { 7, "unreachable" }, { 8, "prohibit" });
NAMES(route_op, { NW_ROUTE_SNAPSHOT, "snapshot" }, { NW_ROUTE_NEW, "new" }, { NW_ROUTE_DEL, "del" },
      { NW_ROUTE_LOOKUP, "lookup" });
NAMES(route_kind, { 0, "route" }, { 1, "rule" });
NAMES(link_op, { NW_LINK_SNAPSHOT, "snapshot" }, { NW_LINK_NEW, "new" }, { NW_LINK_CHANGE, "change" },
      { NW_LINK_DEL, "del" });
NAMES(sockinfo_op, { NW_SOCKINFO_SNAPSHOT, "snapshot" }, { NW_SOCKINFO_CHANGE, "change" },
      { NW_SOCKINFO_GONE, "gone" });
NAMES(sockerr_origin, { NW_SOCKERR_SYSCALL, "syscall" }, { NW_SOCKERR_ASYNC, "async" });

static const char *type_name(unsigned v)
{
	return nw_event_type_name((enum nw_event_type)v);
}

static const char *origin_name(unsigned v)
{
	return nw_origin_name((enum nw_origin)v);
}

static const char *source_state_name(unsigned v)
{
	return nw_source_state_name((enum nw_source_state)v);
}

static const char *finding_kind_name(unsigned v)
{
	return nw_finding_kind_name((enum nw_finding_kind)v);
}

static const char *cause_layer_name(unsigned v)
{
	return nw_cause_layer_name((enum nw_cause_layer)v);
}

#define OFF(m) ((uint16_t)offsetof(struct nw_event, m))
#define SZ(m) ((uint16_t)sizeof(((struct nw_event *)0)->m))
#define F(n, k, m, ...) { .name = (n), .kind = (k), .off = OFF(m), .size = SZ(m), __VA_ARGS__ }
#define WHEN(m, ...) .when = { OFF(m), (uint8_t)SZ(m), NW_ARRAY_SIZE(((uint32_t[]){ __VA_ARGS__ })), { __VA_ARGS__ } }
#define EN(t) .names = &nw_jn_##t
#define EFN(fn, cnt) .name_fn = (fn), .count = (cnt)
#define NUL(r) .null = NW_JN_##r
#define UNIT(u) .unit = (u)
#define DESC(id, type, ...)                                                          \
	static const struct nw_jfield id##_f[] = { __VA_ARGS__ };                      \
	static const struct nw_jdesc id = { (type), id##_f, NW_ARRAY_SIZE(id##_f) }

DESC(netns_desc, "netns",
     F("inode", NW_JK_U64, netns_ino, NUL(ZERO), .doc = "the namespace's inode, null when not known"),
     F("name", NW_JK_NSNAME, netns_ino,
       .doc = "its name: host, a name under /run/netns, docker:NAME or pod:NS/NAME for a container's, null when not known"));

DESC(header, "",
     F("ts", NW_JK_TS, ts, UNIT("s"), .doc = "monotonic clock"),
     F("id", NW_JK_U64, id, .doc = "the event's number in this run"),
     F("type", NW_JK_ENUM_FN, type, EFN(type_name, NW_EV_COUNT)),
     F("origin", NW_JK_ENUM_FN, origin, EFN(origin_name, NW_ORIGIN_COUNT)),
     F("netns", NW_JK_OBJECT, netns_ino, .sub = &netns_desc),
     F("ifindex", NW_JK_U64, ifindex, NUL(ZERO)),
     F("ifname", NW_JK_STR, ifname, NUL(ZERO)));

DESC(packet, "packet",
     F("dir", NW_JK_ENUM, u.packet.dir, EN(pkt_dir)),
     F("len", NW_JK_U64, u.packet.len, UNIT("bytes")),
     F("caplen", NW_JK_U64, u.packet.caplen, UNIT("bytes")),
     F("linktype", NW_JK_U64, u.packet.linktype, .doc = "DLT_*"),
     F("src_mac", NW_JK_MAC, u.packet.src_mac, NUL(ZERO)),
     F("dst_mac", NW_JK_MAC, u.packet.dst_mac, NUL(ZERO)),
     F("ethertype", NW_JK_ETHERTYPE, u.packet.ethertype, EN(ethertypes), NUL(ZERO)),
     F("ethertype_num", NW_JK_U64, u.packet.ethertype, NUL(ZERO)),
     F("vlan", NW_JK_LIST_U16, u.packet.vlan),
     F("src", NW_JK_ADDR, u.packet.src, NUL(ZERO)),
     F("dst", NW_JK_ADDR, u.packet.dst, NUL(ZERO)),
     F("proto", NW_JK_ENUM, u.packet.l4proto, EN(ipprotos), NUL(ZERO)),
     F("proto_num", NW_JK_U64, u.packet.l4proto, NUL(ZERO)),
     F("sport", NW_JK_U64, u.packet.sport, WHEN(u.packet.l4proto, 6, 17), .doc = "TCP and UDP only"),
     F("dport", NW_JK_U64, u.packet.dport, WHEN(u.packet.l4proto, 6, 17)),
     F("tcp_flags", NW_JK_U64, u.packet.tcp_flags, WHEN(u.packet.l4proto, 6)),
     F("arp_op", NW_JK_ENUM, u.packet.arp_op, EN(arp_ops), NUL(ZERO), WHEN(u.packet.ethertype, 0x0806)),
     F("icmp_type", NW_JK_U64, u.packet.arp_op, .mask = 0xff, .shift = 8, WHEN(u.packet.l4proto, 1, 58)),
     F("icmp_code", NW_JK_U64, u.packet.arp_op, .mask = 0xff, WHEN(u.packet.l4proto, 1, 58)),
     F("partial", NW_JK_BOOL, u.packet.partial, .doc = "truncated or malformed"),
     F("l2_flags", NW_JK_FLAGS, u.packet.l2_flags, EN(l2_flags), .doc = "layer-2 findings by name"),
     F("mac_mismatch", NW_JK_BOOL, u.packet.l2_flags, .mask = NW_L2_DST_MISMATCH),
     F("store_ref", NW_JK_U64, u.packet.store_ref),
     F("time", NW_JK_WALL, u.packet.wall_ns, NUL(ZERO), .doc = "capture time, UTC"));

DESC(neigh, "neigh",
     F("op", NW_JK_ENUM, u.neigh.op, EN(neigh_op)),
     F("family", NW_JK_ENUM, u.neigh.family, EN(families)),
     F("ip", NW_JK_ADDR, u.neigh.ip, NUL(ZERO)),
     F("lladdr", NW_JK_MAC, u.neigh.lladdr, NUL(ZERO)),
     F("state", NW_JK_NUD, u.neigh.state),
     F("prev_state", NW_JK_NUD, u.neigh.prev_state, NUL(ZERO)),
     F("probes", NW_JK_U64, u.neigh.probes),
     F("error", NW_JK_ERRNO, u.neigh.error, NUL(ZERO), .negated = 1, .doc = "the kernel's -errno, by name"),
     F("flags", NW_JK_U64, u.neigh.flags, .doc = "NTF_*"),
     F("dev_flags", NW_JK_U64, u.neigh.dev_flags, .doc = "IFF_*"),
     F("noarp", NW_JK_BOOL, u.neigh.dev_flags, .mask = IFF_NOARP));

#define TBL_U64(n) F(#n, NW_JK_U64, u.neigh_table.n)
DESC(neigh_table, "neigh_table",
     F("name", NW_JK_STR, u.neigh_table.name, NUL(ZERO)),
     F("family", NW_JK_ENUM, u.neigh_table.family, EN(families)),
     TBL_U64(gc_thresh1), TBL_U64(gc_thresh2), TBL_U64(gc_thresh3), TBL_U64(entries), TBL_U64(allocs),
     TBL_U64(destroys), TBL_U64(hash_grows), TBL_U64(res_failed), TBL_U64(lookups), TBL_U64(hits),
     TBL_U64(rcv_probes_mcast), TBL_U64(rcv_probes_ucast), TBL_U64(periodic_gc_runs), TBL_U64(forced_gc_runs),
     TBL_U64(table_fulls), TBL_U64(ucast_probes), TBL_U64(mcast_probes), TBL_U64(app_probes),
     TBL_U64(mcast_reprobes),
     F("retrans_time_ms", NW_JK_U64, u.neigh_table.retrans_time_ms, UNIT("ms")));

DESC(qdisc_pkt, "pkt",
     F("ethertype", NW_JK_ETHERTYPE, u.qdisc.pkt_ethertype, EN(ethertypes), NUL(ZERO)),
     F("ethertype_num", NW_JK_U64, u.qdisc.pkt_ethertype, NUL(ZERO)),
     F("arp_op", NW_JK_ENUM, u.qdisc.pkt_arp_op, EN(arp_ops), NUL(ZERO), WHEN(u.qdisc.pkt_ethertype, 0x0806)),
     F("proto", NW_JK_ENUM, u.qdisc.pkt_l4proto, EN(ipprotos), NUL(ZERO)),
     F("proto_num", NW_JK_U64, u.qdisc.pkt_l4proto, NUL(ZERO)),
     F("tcp_flags", NW_JK_U64, u.qdisc.pkt_tcp_flags, WHEN(u.qdisc.pkt_l4proto, 6)),
     F("src", NW_JK_ADDR, u.qdisc.pkt_src, NUL(ZERO)),
     F("dst", NW_JK_ADDR, u.qdisc.pkt_dst, NUL(ZERO)));

DESC(qdisc, "qdisc",
     F("op", NW_JK_ENUM, u.qdisc.op, EN(qdisc_op)),
     F("class", NW_JK_BOOL, u.qdisc.is_class),
     F("kind", NW_JK_STR, u.qdisc.kind, NUL(ZERO)),
     F("handle", NW_JK_TC_HANDLE, u.qdisc.handle),
     F("parent", NW_JK_TC_HANDLE, u.qdisc.parent, NUL(ZERO)),
     F("bytes", NW_JK_U64, u.qdisc.bytes, UNIT("bytes")),
     F("packets", NW_JK_U64, u.qdisc.packets, UNIT("packets")),
     F("drops", NW_JK_U64, u.qdisc.drops, UNIT("packets")),
     F("overlimits", NW_JK_U64, u.qdisc.overlimits),
     F("requeues", NW_JK_U64, u.qdisc.requeues),
     F("qlen", NW_JK_U64, u.qdisc.qlen, UNIT("packets")),
     F("backlog", NW_JK_U64, u.qdisc.backlog, UNIT("bytes")),
     F("direct_qlen", NW_JK_U64, u.qdisc.direct_qlen, UNIT("packets"), NUL(MAX)),
     F("defcls", NW_JK_U64, u.qdisc.defcls),
     F("direct_packets", NW_JK_U64, u.qdisc.direct_packets, UNIT("packets")),
     F("rate_bps", NW_JK_U64, u.qdisc.rate_bps, UNIT("bytes/s")),
     F("reason", NW_JK_KNAME, u.qdisc.drop_reason, .table = NW_NAMES_DROP_REASON, WHEN(u.qdisc.op, NW_QDISC_DROP)),
     F("pkt", NW_JK_OBJECT, u.qdisc.pkt_ethertype, .sub = &qdisc_pkt,
       WHEN(u.qdisc.op, NW_QDISC_ENQUEUE, NW_QDISC_DROP)));

DESC(drop, "drop",
     F("reason", NW_JK_KNAME, u.drop.reason, .table = NW_NAMES_DROP_REASON),
     F("ethertype", NW_JK_ETHERTYPE, u.drop.protocol, EN(ethertypes), NUL(ZERO), .alias = "protocol",
       .doc = "skb->protocol"),
     F("ethertype_num", NW_JK_U64, u.drop.protocol, NUL(ZERO)),
     F("proto", NW_JK_ENUM, u.drop.l4proto, EN(ipprotos), NUL(ZERO)),
     F("proto_num", NW_JK_U64, u.drop.l4proto, NUL(ZERO)),
     F("pkt_type", NW_JK_ENUM, u.drop.pkt_type, EN(pkt_types)),
     F("location", NW_JK_HEX, u.drop.location, .doc = "kernel address"),
     F("location_sym", NW_JK_STR, u.drop.location_sym, NUL(ZERO)),
     F("src", NW_JK_ADDR, u.drop.src, NUL(ZERO)),
     F("dst", NW_JK_ADDR, u.drop.dst, NUL(ZERO)),
     F("sport", NW_JK_U64, u.drop.sport, WHEN(u.drop.l4proto, 6, 17)),
     F("dport", NW_JK_U64, u.drop.dport, WHEN(u.drop.l4proto, 6, 17)),
     F("src_mac", NW_JK_MAC, u.drop.src_mac, NUL(ZERO)),
     F("dst_mac", NW_JK_MAC, u.drop.dst_mac, NUL(ZERO)),
     F("arp_op", NW_JK_ENUM, u.drop.arp_op, EN(arp_ops), NUL(ZERO), WHEN(u.drop.protocol, 0x0806)),
     F("arp_sha", NW_JK_MAC, u.drop.arp_sha, NUL(ZERO)),
     F("arp_spa", NW_JK_ADDR, u.drop.arp_spa, NUL(ZERO)),
     F("arp_tha", NW_JK_MAC, u.drop.arp_tha, NUL(ZERO)),
     F("arp_tpa", NW_JK_ADDR, u.drop.arp_tpa, NUL(ZERO)),
     F("count", NW_JK_U64, u.drop.count, UNIT("packets"), NUL(ABSENT_LE1), .doc = "an aggregated report"));

/* A socket's identity, the same in sock_err and sock. */
#define SOCK_ID(s, fam, type, proto)                                                                  \
	F("family", NW_JK_ENUM, s.fam, EN(families)), F("sock_type", NW_JK_ENUM, s.type, EN(sock_types), NUL(ZERO)), \
	    F("proto", NW_JK_ENUM, s.proto, EN(ipprotos), NUL(ZERO_WHEN), WHEN(s.fam, AF_INET, AF_INET6),           \
	      .alias = "protocol", .doc = "IPPROTO_* by name for inet sockets, else the number (NETLINK_* ...)"), \
	    F("proto_num", NW_JK_U64, s.proto),                                                                 \
	    F("laddr", NW_JK_ADDR, s.laddr, NUL(ZERO)), F("lport", NW_JK_U64, s.lport, WHEN(s.fam, AF_INET, AF_INET6)), \
	    F("raddr", NW_JK_ADDR, s.raddr, NUL(ZERO)), F("rport", NW_JK_U64, s.rport, WHEN(s.fam, AF_INET, AF_INET6)), \
	    F("nl_portid", NW_JK_U64, s.nl_portid, WHEN(s.fam, AF_NETLINK)),                                     \
	    F("nl_groups", NW_JK_U64, s.nl_groups, WHEN(s.fam, AF_NETLINK))

DESC(sock_err, "sock_err",
     F("err_origin", NW_JK_ENUM, u.sock.origin, EN(sockerr_origin)),
     F("pid", NW_JK_U64, u.sock.pid),
     F("tid", NW_JK_U64, u.sock.tid),
     F("comm", NW_JK_STR, u.sock.comm, NUL(ZERO)),
     F("fd", NW_JK_I64, u.sock.fd, NUL(NEG), .doc = "null for asynchronous reports"),
     F("syscall", NW_JK_KNAME, u.sock.syscall, .table = NW_NAMES_SYSCALL, NUL(NEG)),
     F("errno", NW_JK_ERRNO, u.sock.err, NUL(ZERO)),
     SOCK_ID(u.sock, sk_family, sk_type, sk_protocol),
     F("sk_cookie", NW_JK_U64, u.sock.sk_cookie));

DESC(sockinfo, "sock",
     F("op", NW_JK_ENUM, u.sockinfo.op, EN(sockinfo_op)),
     F("pid", NW_JK_U64, u.sockinfo.pid),
     F("comm", NW_JK_STR, u.sockinfo.comm, NUL(ZERO)),
     SOCK_ID(u.sockinfo, sk_family, sk_type, sk_protocol),
     F("sk_state", NW_JK_U64, u.sockinfo.sk_state, .doc = "TCP_* or the netlink socket state"),
     F("rmem", NW_JK_U64, u.sockinfo.rmem, UNIT("bytes")),
     F("rcvbuf", NW_JK_U64, u.sockinfo.rcvbuf, UNIT("bytes")),
     F("wmem", NW_JK_U64, u.sockinfo.wmem, UNIT("bytes")),
     F("sndbuf", NW_JK_U64, u.sockinfo.sndbuf, UNIT("bytes")),
     F("drops", NW_JK_U64, u.sockinfo.drops, UNIT("packets")),
     F("inode", NW_JK_U64, u.sockinfo.inode),
     F("sk_cookie", NW_JK_U64, u.sockinfo.cookie));

/*
 * A route, a policy rule (kind) or a FIB lookup's answer (op "lookup", with
 * target and error); the outgoing interface is the header's ifindex/ifname.
 */
DESC(route, "route",
     F("op", NW_JK_ENUM, u.route.op, EN(route_op)),
     F("kind", NW_JK_ENUM, u.route.is_rule, EN(route_kind)),
     F("family", NW_JK_ENUM, u.route.family, EN(families)),
     F("route_type", NW_JK_ENUM, u.route.type, EN(route_types), NUL(ZERO), WHEN(u.route.is_rule, 0),
       .doc = "a route's type as ip route spells it; null for a rule, and for a lookup that found none"),
     F("action", NW_JK_ENUM, u.route.type, EN(rule_actions), WHEN(u.route.is_rule, 1),
       .doc = "a rule's action as ip rule spells it; null for a route"),
     F("dst", NW_JK_ADDR, u.route.dst, NUL(ZERO), .doc = "0.0.0.0 or :: with dst_len 0 for a default route"),
     F("dst_len", NW_JK_U64, u.route.dst_len, .doc = "prefix length"),
     F("src", NW_JK_ADDR, u.route.src, NUL(ZERO)),
     F("src_len", NW_JK_U64, u.route.src_len),
     F("gateway", NW_JK_ADDR, u.route.gateway, NUL(ZERO)),
     F("table", NW_JK_U64, u.route.table, .doc = "254 is main; for a rule, the table it looks up"),
     F("priority", NW_JK_U64, u.route.priority, .doc = "a route's metric, a rule's preference"),
     F("protocol", NW_JK_U64, u.route.protocol, .doc = "RTPROT_*"),
     F("scope", NW_JK_U64, u.route.scope, .doc = "RT_SCOPE_*"),
     F("tos", NW_JK_U64, u.route.tos),
     F("target", NW_JK_ADDR, u.route.target, NUL(ZERO), .doc = "a lookup's address"),
     F("error", NW_JK_ERRNO, u.route.error, NUL(ZERO), .doc = "a lookup's errno, null when a route was found"),
     F("flags", NW_JK_U64, u.route.flags, .doc = "a rule's FIB_RULE_* bits"),
     F("fwmark", NW_JK_U64, u.route.fwmark),
     F("fwmask", NW_JK_U64, u.route.fwmask),
     F("iif", NW_JK_STR, u.route.iifname, NUL(ZERO), .doc = "a rule's iif selector"),
     F("oif", NW_JK_STR, u.route.oifname, NUL(ZERO), .doc = "a rule's oif selector"));

DESC(link, "link",
     F("op", NW_JK_ENUM, u.link.op, EN(link_op)),
     F("mac", NW_JK_MAC, u.link.mac, NUL(ZERO)),
     F("prev_mac", NW_JK_MAC, u.link.prev_mac, NUL(ZERO), .doc = "null when unchanged"),
     F("flags", NW_JK_FLAGS, u.link.flags, EN(iff)),
     F("mtu", NW_JK_U64, u.link.mtu, UNIT("bytes")),
     F("txqlen", NW_JK_U64, u.link.txqlen, UNIT("packets")),
     F("operstate", NW_JK_ENUM, u.link.operstate, EN(operstates)),
     F("kind", NW_JK_STR, u.link.kind, NUL(ZERO)),
     F("master", NW_JK_I64, u.link.master, NUL(NONPOS), .doc = "ifindex of the bridge or bond"));

DESC(source, "source",
     F("name", NW_JK_STR, u.source.name, NUL(ZERO)),
     F("state", NW_JK_ENUM_FN, u.source.state, EFN(source_state_name, NW_SOURCE_STATE_COUNT)),
     F("delivered", NW_JK_U64, u.source.delivered),
     F("lost", NW_JK_U64, u.source.lost),
     F("detail", NW_JK_STR, u.source.detail, NUL(ZERO)));

DESC(counter, "counter",
     F("name", NW_JK_STR, u.counter.name, NUL(ZERO)),
     F("value", NW_JK_U64, u.counter.value),
     F("delta", NW_JK_U64, u.counter.delta, .doc = "since the previous reading"));

DESC(finding, "finding",
     F("finding_id", NW_JK_U64, u.finding.finding_id),
     F("kind", NW_JK_ENUM_FN, u.finding.kind, EFN(finding_kind_name, NW_FIND_KIND_COUNT)),
     F("summary", NW_JK_SUMMARY, u.finding.kind),
     F("count", NW_JK_U64, u.finding.count),
     F("first_ts", NW_JK_TS, u.finding.first_ts, UNIT("s")),
     F("last_ts", NW_JK_TS, u.finding.last_ts, UNIT("s")),
     F("first_event_id", NW_JK_U64, u.finding.first_event_id),
     F("last_event_id", NW_JK_U64, u.finding.last_event_id),
     F("ip", NW_JK_ADDR, u.finding.ip, NUL(ZERO)),
     F("mac", NW_JK_MAC, u.finding.mac, NUL(ZERO)),
     F("errno", NW_JK_ERRNO, u.finding.err, NUL(ZERO)),
     F("reason", NW_JK_KNAME, u.finding.reason, .table = NW_NAMES_DROP_REASON, WHEN(u.finding.kind, NW_FIND_DROP)),
     F("pid", NW_JK_U64, u.finding.pid, NUL(ZERO)),
     F("fd", NW_JK_I64, u.finding.fd, NUL(NEG), WHEN(u.finding.kind, NW_FIND_SOCK_ERRNO)),
     F("handle", NW_JK_TC_HANDLE, u.finding.handle, .ingress_num = 1, WHEN(u.finding.kind, NW_FIND_QDISC_CTRL_DROP)),
     F("object", NW_JK_STR, u.finding.object, NUL(ZERO)));

DESC(cause, "cause",
     F("layer", NW_JK_ENUM_FN, u.explanation.layer, EFN(cause_layer_name, NW_CL_COUNT)),
     F("object", NW_JK_STR, u.explanation.object, .doc = "the cause's object, as a person would type it"));

DESC(explanation, "explanation",
     F("explanation_id", NW_JK_U64, u.explanation.explanation_id),
     F("finding_id", NW_JK_U64, u.explanation.finding_id),
     F("rule", NW_JK_STR, u.explanation.rule, NUL(ZERO)),
     F("cause", NW_JK_OBJECT, u.explanation.layer, .sub = &cause, WHEN(u.explanation.has_cause, 1)),
     F("full", NW_JK_FALSE, u.explanation.has_cause, .doc = "a reference: `netwhy explain` prints the whole"));

/* clang-format on */

const struct nw_jdesc *nw_json_header(void)
{
	return &header;
}

const struct nw_jdesc *nw_json_desc(enum nw_event_type type)
{
	static const struct nw_jdesc *const descs[NW_EV_COUNT] = {
	    [NW_EV_PACKET] = &packet,
	    [NW_EV_NEIGH] = &neigh,
	    [NW_EV_NEIGH_TABLE] = &neigh_table,
	    [NW_EV_QDISC] = &qdisc,
	    [NW_EV_DROP] = &drop,
	    [NW_EV_SOCK_ERR] = &sock_err,
	    [NW_EV_LINK] = &link,
	    [NW_EV_ROUTE] = &route,
	    [NW_EV_SOURCE] = &source,
	    [NW_EV_SOCK_INFO] = &sockinfo,
	    [NW_EV_COUNTER] = &counter,
	    [NW_EV_FINDING] = &finding,
	    [NW_EV_EXPLANATION] = &explanation,
	};

	return (unsigned)type < NW_EV_COUNT ? descs[type] : NULL;
}
