// SPDX-License-Identifier: GPL-2.0-or-later
/* Recorded event sequences of the founding failures (see scenarios.h). */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "core/nsreg.h"
#include "tests/tui/scenarios.h"

#define NUD_INCOMPLETE 0x01
#define NUD_REACHABLE 0x02
#define NUD_STALE 0x04
#define NUD_FAILED 0x20
#define NUD_PERMANENT 0x80

void scn_name_namespaces(void)
{
	nw_nsreg_set(SCN_NS_HOST, "lab-host");
	nw_nsreg_set(SCN_NS_CTR, "lab-ctr");
	nw_nsreg_set(SCN_NS_PEER, "lab-peer");
}

void scn_htb_arp_drop(struct fx *fx, int probe_ms)
{
	fx_link(fx, 10, SCN_NS_HOST, 3, "br0", "bridge", SCN_BR_MAC, NULL, 1000, 0);
	fx_link(fx, 1, SCN_NS_CTR, 2, "eth0", "veth", SCN_CTR_MAC, NULL, 1000, 0);
	fx_qdisc_stats(fx, 5, SCN_NS_HOST, 3, "br0", "htb", 0x10000, 0, 0);
	fx_table(fx, 1, SCN_NS_HOST, AF_INET, 12, 1024, 0, 0);
	fx_neigh_full(fx, 100, SCN_NS_CTR, 2, "eth0", "192.0.2.1", NUD_INCOMPLETE, 0, NULL, 0x1003, NW_NEIGH_NEW);
	for (int i = 1; i <= 3; i++) {
		fx_arp(fx, 1, SCN_NS_CTR, 2, "eth0", NW_DIR_OUT, 1, SCN_CTR_MAC, "ff:ff:ff:ff:ff:ff", "192.0.2.2",
		       "192.0.2.1");
		fx_arp(fx, 1, SCN_NS_HOST, 3, "br0", NW_DIR_IN, 1, SCN_CTR_MAC, "ff:ff:ff:ff:ff:ff", "192.0.2.2",
		       "192.0.2.1");
		fx_drop_arp(fx, 1, SCN_NS_HOST, 3, "br0", "QDISC_DROP", 2, "192.0.2.1", "192.0.2.2", "htb", 0x10000);
		if (i < 3)
			fx_neigh(fx, probe_ms - 3, SCN_NS_CTR, 2, "eth0", "192.0.2.1", NUD_INCOMPLETE, NUD_INCOMPLETE,
				 (uint32_t)i);
	}
	fx_neigh(fx, probe_ms - 3, SCN_NS_CTR, 2, "eth0", "192.0.2.1", NUD_FAILED, NUD_INCOMPLETE, 3);
	fx_sockerr(fx, 1, SCN_NS_CTR, 4242, 3, "curl", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect, "192.0.2.1",
		   80);
	fx_qdisc_stats(fx, probe_ms / 2, SCN_NS_HOST, 3, "br0", "htb", 0x10000, 3, 0);
	fx_neigh(fx, 10, SCN_NS_HOST, 3, "br0", "192.0.2.2", NUD_STALE, NUD_REACHABLE, 0);
}

void scn_stale_peer_arp(struct fx *fx, int gap_ms)
{
	const char *old_mac = "02:00:00:00:0a:01", *new_mac = "02:00:00:00:0a:02", *host_mac = "02:00:00:00:0b:01";

	fx_link(fx, 10, SCN_NS_PEER, 5, "veth-p", "veth", old_mac, NULL, 1000, 0);
	fx_link(fx, 1, SCN_NS_HOST, 6, "veth-h", "veth", host_mac, NULL, 1000, 0);
	fx_link(fx, gap_ms * 4, SCN_NS_PEER, 5, "veth-p", "veth", new_mac, old_mac, 1000, 0);
	fx_neigh_full(fx, 10, SCN_NS_HOST, 6, "veth-h", "198.51.100.2", NUD_PERMANENT, 0, old_mac, 0x1003,
		      NW_NEIGH_SNAPSHOT);
	for (int i = 0; i < 4; i++) {
		fx_ip_pkt(fx, gap_ms, SCN_NS_PEER, 5, "veth-p", NW_DIR_OUT, IPPROTO_ICMP, new_mac, host_mac,
			  "198.51.100.2", "198.51.100.1", 0);
		fx_ip_pkt(fx, 1, SCN_NS_PEER, 5, "veth-p", NW_DIR_IN, IPPROTO_ICMP, host_mac, old_mac, "198.51.100.1",
			  "198.51.100.2", 1u << 0 | 1u << 1);
		fx_drop_ip(fx, 1, SCN_NS_PEER, 5, "veth-p", "OTHERHOST", IPPROTO_ICMP, 0, "198.51.100.1",
			   "198.51.100.2", 0, old_mac, NULL, 0);
	}
	fx_sockerr(fx, 5, SCN_NS_PEER, 5150, 4, "ping", AF_INET, SOCK_DGRAM, EAGAIN, SYS_recvmsg, NULL, 0);
	fx_sockinfo(fx, 5, SCN_NS_PEER, 6161, "nlmon", 6161, 2304, 39);
}
