// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules on recorded event sequences: each rule on the sequence that
 * should make it fire, and on near-misses where it must not.  Namespaces,
 * interfaces, addresses and handles differ from the lab's on purpose: the
 * rules must reason from evidence, not from names.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "core/diag/findings.h"
#include "core/diag/neigh_model.h"
#include "core/nsreg.h"
#include "core/diag/report.h"
#include "core/util.h"
#include "tests/unit/explain_fixture.h"

#define NS_A 4026532101ull /* the client side */
#define NS_B 4026532202ull /* the side with the bridge / the peer */
#define NS_C 4026532303ull

#define IN NW_DIR_IN
#define OUT NW_DIR_OUT
#define INC NW_NUD_INCOMPLETE
#define FAILED NW_NUD_FAILED
#define REACH NW_NUD_REACHABLE

#define MAC_A "02:00:5e:10:00:0a"
#define MAC_B "02:00:5e:10:00:0b"
#define MAC_B_OLD "02:00:5e:10:00:b0"
#define BCAST "ff:ff:ff:ff:ff:ff"

static int setup(void **state)
{
	static struct fx fx;

	fx_setup(&fx);
	nw_nsreg_set(NS_A, "alpha");
	nw_nsreg_set(NS_B, "beta");
	nw_nsreg_set(NS_C, "gamma");
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	fx_teardown(*state);
	nw_nsreg_clear();
	return 0;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

static void assert_not_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("did not expect \"%s\" in \"%s\"", needle, hay);
}

static bool any_step_contains(const struct nw_explanation *x, const char *needle)
{
	for (size_t i = 0; i < x->nsteps; i++)
		if (strstr(x->steps[i].text, needle))
			return true;
	return false;
}

/* The sources a full run reports. */
static void all_sources(struct fx *fx)
{
	fx_source(fx, "bpf:drops", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "bpf:neigh", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "bpf:sockets", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "netlink:alpha", NW_SOURCE_RUNNING, NULL);
}

/*
 * The client in NS_A resolves 198.51.100.1 (the bridge's address in NS_B);
 * requests go out of e0; the bridge's replies are dropped by its root qdisc.
 */
static void htb_sequence(struct fx *fx, const char *kind, uint32_t direct_qlen)
{
	all_sources(fx);
	fx_link(fx, 0, NS_B, 7, "sw0", "bridge", MAC_B, NULL, 1000, 0);
	fx_link(fx, 0, NS_A, 2, "e0", "veth", MAC_A, NULL, 1000, 0);
	fx_qdisc_stats(fx, 1, NS_B, 7, "sw0", kind, 0x00070000, 0, direct_qlen);
	fx_neigh(fx, 100, NS_A, 2, "e0", "198.51.100.1", INC, 0, 1);
	for (int i = 0; i < 3; i++) {
		fx_arp(fx, 1, NS_A, 2, "e0", OUT, 1, MAC_A, BCAST, "198.51.100.7", "198.51.100.1");
		fx_drop_arp(fx, 1, NS_B, 7, "sw0", "QDISC_DROP", 2, "198.51.100.1", "198.51.100.7",
			    kind, 0x00070000);
		fx_neigh(fx, 1000, NS_A, 2, "e0", "198.51.100.1", INC, INC, (uint32_t)i + 2);
	}
	fx_qdisc_stats(fx, 1, NS_B, 7, "sw0", kind, 0x00070000, 3, direct_qlen);
	fx_neigh(fx, 1000, NS_A, 2, "e0", "198.51.100.1", FAILED, INC, 4);
	fx_sockerr(fx, 1, NS_A, 4242, 5, "client", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect,
		   "198.51.100.1", 8080);
}

static void test_htb_direct_qlen(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	htb_sequence(fx, "htb", 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_FAILED), 1);
	assert_int_equal(fx_nfindings(fx, NW_FIND_QDISC_CTRL_DROP), 1);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 1);

	/* From the errno: socket -> neighbour FAILED -> replies dropped -> the bridge's qdisc. */
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "qdisc");
	assert_string_equal(x->object, "qdisc htb 7: dev sw0 netns beta");
	assert_contains(x->fix, "direct_qlen 1000");
	assert_contains(x->fix, "tc -n beta ");
	assert_contains(x->cause, "direct_qlen is 0");
	assert_true(any_step_contains(x, "went FAILED"));
	assert_true(any_step_contains(x, "ARP reply 198.51.100.1 > 198.51.100.7"));
	assert_true(x->nsteps >= 4);

	/* From the neighbour entry and from the qdisc: the same cause. */
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc htb 7: dev sw0 netns beta");
	assert_true(any_step_contains(x, "probes"));
	x = fx_explain(fx, fx_finding(fx, NW_FIND_QDISC_CTRL_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc htb 7: dev sw0 netns beta");
	assert_true(any_step_contains(x, "3 ARP reply"));
	assert_true(any_step_contains(x, "went FAILED"));
}

/* Another qdisc kind dropping the replies: still the qdisc, without HTB's direct_qlen story. */
static void test_other_qdisc_drops_replies(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	htb_sequence(fx, "tbf", UINT32_MAX);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc tbf 7: dev sw0 netns beta");
	assert_not_contains(x->cause, "direct_qlen");
	assert_contains(
	    x->fix,
	    "tc -n beta qdisc change dev sw0 handle 7: tbf limit N"); /* classless: no filter */
}

/* Near-miss: the entry failed, requests left, no reply came; the qdisc only dropped TCP data. */
static void test_failed_no_reply_not_qdisc(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_neigh(fx, 0, NS_A, 2, "e0", "203.0.113.9", INC, 0, 1);
	for (int i = 0; i < 3; i++) {
		fx_arp(fx, 1, NS_A, 2, "e0", OUT, 1, MAC_A, BCAST, "203.0.113.5", "203.0.113.9");
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "QDISC_DROP", 6, 0x10, "203.0.113.5", "192.0.2.80",
			   443, NULL, "pfifo", 0x00010000);
		fx_neigh(fx, 1000, NS_A, 2, "e0", "203.0.113.9", INC, INC, (uint32_t)i + 2);
	}
	fx_neigh(fx, 1000, NS_A, 2, "e0", "203.0.113.9", FAILED, INC, 4);
	assert_int_equal(fx_nfindings(fx, NW_FIND_QDISC_CTRL_DROP), 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "link");
	assert_not_contains(x->object, "qdisc");
	assert_contains(x->object, "peer 203.0.113.9 via dev e0");
	assert_contains(x->fix, "arping");
	/* The data drops are a finding of their own, blamed on the qdisc's limit, not on ARP. */
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "qdisc");
	assert_contains(x->cause, "data packets");
	assert_not_contains(x->cause, "ARP");
}

/* Honesty: without capture and drop sources, a FAILED entry gets no cause, only what is missing. */
static void test_failed_without_sources(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	fx_source(fx, "bpf:drops", NW_SOURCE_OFF, "no BTF");
	fx_neigh(fx, 0, NS_A, 2, "e0", "192.0.2.44", INC, 0, 1);
	fx_neigh(fx, 3000, NS_A, 2, "e0", "192.0.2.44", FAILED, INC, 3);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_false(x->has_cause);
	assert_true(x->nmissing >= 2);
	assert_contains(x->missing[0], "no BTF");
	assert_true(any_step_contains(x, "FAILED"));
}

/* Degraded: no drop probe, but the peer's qdisc counted drops meanwhile: a lead, never a cause. */
static void test_failed_qdisc_stats_only(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	fx_source(fx, "bpf:drops", NW_SOURCE_OFF, "no BTF");
	fx_qdisc_stats(fx, 0, NS_B, 7, "sw0", "htb", 0x00070000, 10, 0);
	fx_qdisc_stats(fx, 0, NS_B, 8, "sw1", "fq_codel", 0x00080000, 4, UINT32_MAX);
	fx_neigh(fx, 1, NS_A, 2, "e0", "198.51.100.1", INC, 0, 1);
	fx_qdisc_stats(fx, 2000, NS_B, 7, "sw0", "htb", 0x00070000, 13, 0);
	fx_qdisc_stats(fx, 0, NS_B, 8, "sw1", "fq_codel", 0x00080000, 4,
		       UINT32_MAX); /* no rise: not named */
	fx_neigh(fx, 1000, NS_A, 2, "e0", "198.51.100.1", FAILED, INC, 3);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "qdisc htb 7: dev sw0 netns beta (+3)"));
	assert_false(any_step_contains(x, "fq_codel"));
	assert_contains(x->missing[0], "no BTF");
}

/* The requests themselves were dropped by a netfilter rule on the way out. */
static void test_requests_dropped_netfilter(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_neigh(fx, 0, NS_C, 3, "up0", "192.0.2.200", INC, 0, 1);
	fx_drop_arp(fx, 1, NS_C, 3, "up0", "NETFILTER_DROP", 1, "192.0.2.100", "192.0.2.200", NULL,
		    0);
	fx_drop_arp(fx, 1000, NS_C, 3, "up0", "NETFILTER_DROP", 1, "192.0.2.100", "192.0.2.200",
		    NULL, 0);
	fx_neigh(fx, 2000, NS_C, 3, "up0", "192.0.2.200", FAILED, INC, 3);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "netfilter");
	assert_string_equal(x->object, "netfilter dev up0 netns gamma");
	assert_true(any_step_contains(x, "never left"));
	assert_contains(x->fix, "ip netns exec gamma");
}

/* IPv6: a full ndisc table gives EINVAL; an IPv4 send gives ENOBUFS; the owner is a NOARP device.
 */
static void overflow_sequence(struct fx *fx, uint8_t family)
{
	all_sources(fx);
	fx_table(fx, 0, NS_A, family, 60, 64, 10, 100);
	for (int i = 0; i < 40; i++) {
		char ip[64];

		if (family == AF_INET6)
			snprintf(ip, sizeof(ip), "2001:db8:77::%x", i + 1);
		else
			snprintf(ip, sizeof(ip), "198.51.100.%d", i + 10);
		fx_neigh_full(fx, 1, NS_C, 9, "tun7", ip, NW_NUD_NOARP, 0, NULL,
			      0x91 /* UP|POINTOPOINT|NOARP */, NW_NEIGH_NEW);
	}
	fx_neigh_full(fx, 1, NS_A, 2, "e0", family == AF_INET6 ? "2001:db8::1" : "192.0.2.1", REACH,
		      0, MAC_B, 0x1003, NW_NEIGH_NEW);
	fx_table(fx, 1000, NS_A, family, 64, 64, 25, 180);
	if (family == AF_INET6) {
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "NEIGH_CREATEFAIL", 17, 0, "2001:db8::5",
			   "2001:db8:99::1", 53, NULL, NULL, 0);
		fx_sockerr(fx, 1, NS_A, 99, 4, "resolver", AF_INET6, SOCK_DGRAM, EINVAL, SYS_sendto,
			   "2001:db8:99::1", 53);
	} else {
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "NEIGH_CREATEFAIL", 17, 0, "192.0.2.5",
			   "203.0.113.77", 53, NULL, NULL, 0);
		fx_sockerr(fx, 1, NS_A, 99, 4, "resolver", AF_INET, SOCK_DGRAM, ENOBUFS, SYS_sendto,
			   "203.0.113.77", 53);
	}
}

static void test_table_overflow_v4(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	overflow_sequence(fx, AF_INET);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_TABLE_FULL), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "neigh");
	assert_contains(x->object, "arp_cache");
	assert_contains(x->fix, "net.ipv4.neigh.default.gc_thresh3=256");
	assert_contains(x->fix, "dev tun7 netns gamma");
	assert_contains(x->cause, "IP_RECVERR");
	assert_true(any_step_contains(x, "NOARP"));
	assert_true(any_step_contains(x, "shared by every"));
	assert_true(
	    any_step_contains(x, "Sends that failed with ENOBUFS: pid 99 resolver fd 4 (1)"));
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_TABLE_FULL));
	assert_true(x->has_cause);
	assert_contains(x->object, "arp_cache");
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_true(x->has_cause);
	assert_contains(x->object, "arp_cache");
}

static void test_table_overflow_v6_einval(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	overflow_sequence(fx, AF_INET6);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_contains(x->object, "ndisc_cache");
	assert_contains(x->fix, "net.ipv6.neigh.default.gc_thresh3");
	assert_contains(x->cause, "EINVAL");
}

/* Near-miss: ENOBUFS on a UDP send with no overflow and no qdisc drop: no cause is invented. */
static void test_enobufs_without_evidence(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_table(fx, 0, NS_A, AF_INET, 10, 1024, 0, 0);
	fx_table(fx, 1000, NS_A, AF_INET, 12, 1024, 0, 0);
	fx_sockerr(fx, 1, NS_A, 99, 4, "sender", AF_INET, SOCK_DGRAM, ENOBUFS, SYS_sendto,
		   "203.0.113.77", 53);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_TABLE_FULL), 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "qdisc"));
	assert_true(x->nmissing >= 1);
}

/* Silent drops: the counter alone, then with the overflow that explains it. */
static void test_silent_counter(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_counter(fx, 0, NS_A, "Udp.SndbufErrors", 500, 0); /* baseline: no finding */
	assert_int_equal(fx_nfindings(fx, NW_FIND_SILENT_DROP), 0);
	fx_counter(fx, 1000, NS_A, "Udp.SndbufErrors", 530, 30);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SILENT_DROP), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SILENT_DROP));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "rose by 30"));
	fx_counter(fx, 1, 0, "arp_cache.table_fulls", 100, 0);
	fx_counter(fx, 1000, 0, "arp_cache.table_fulls", 130, 30);
	fx_counter(fx, 1, NS_A, "Udp.SndbufErrors", 560, 30);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SILENT_DROP));
	assert_true(x->has_cause);
	assert_contains(x->object, "arp_cache");
}

/* UDP receive buffer errors with the drops that name the port. */
static void test_udp_rcvbuf(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_counter(fx, 0, NS_B, "Udp.RcvbufErrors", 0, 0);
	fx_drop_ip(fx, 1, NS_B, 4, "lan0", "SOCKET_RCVBUFF", 17, 0, "192.0.2.9", "192.0.2.10", 5353,
		   NULL, NULL, 0);
	fx_counter(fx, 1000, NS_B, "Udp.RcvbufErrors", 12, 12);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SILENT_DROP));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "socket");
	assert_string_equal(x->object, "udp socket 192.0.2.10:5353 netns beta");
}

/* The peer still addresses our old MAC: OTHERHOST drops and mismatching frames on our side. */
static void stale_sequence(struct fx *fx, bool peer_in_scope)
{
	all_sources(fx);
	fx_link(fx, 0, NS_A, 2, "usb0", "", MAC_B_OLD, NULL, 1000, 0);
	fx_ip_pkt(fx, 10, NS_A, 2, "usb0", OUT, 1, MAC_B_OLD, MAC_A, "192.0.2.20", "192.0.2.21", 0);
	if (peer_in_scope)
		fx_neigh_full(fx, 1, NS_B, 5, "rndis1", "192.0.2.20", NW_NUD_PERMANENT, 0,
			      MAC_B_OLD, 0x1003, NW_NEIGH_NEW);
	fx_link(fx, 2000, NS_A, 2, "usb0", "", MAC_B, MAC_B_OLD, 1000, 0);
	for (int i = 0; i < 3; i++) {
		fx_ip_pkt(fx, 1000, NS_A, 2, "usb0", IN, 1, MAC_A, MAC_B_OLD, "192.0.2.21",
			  "192.0.2.20", NW_L2_DST_MISMATCH);
		fx_drop_ip(fx, 0, NS_A, 2, "usb0", "OTHERHOST", 1, 0, "192.0.2.21", "192.0.2.20", 0,
			   MAC_B_OLD, NULL, 0);
	}
	fx_sockerr(fx, 10, NS_A, 31, 3, "ping", AF_INET, SOCK_DGRAM, EAGAIN, SYS_recvmsg, NULL, 0);
}

static void test_stale_peer_cache(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	stale_sequence(fx, true);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 0); /* EAGAIN is routine */
	assert_int_equal(fx_nfindings(fx, NW_FIND_MAC_MISMATCH), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_MAC_MISMATCH));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "neigh");
	assert_string_equal(x->object,
			    "neighbour 192.0.2.20 lladdr 02:00:5e:10:00:b0 dev rndis1 netns beta");
	assert_contains(x->fix, "arping -U");
	assert_contains(x->fix, "arp_notify");
	assert_contains(x->cause, "PERMANENT");
	assert_true(any_step_contains(x, "had 02:00:5e:10:00:b0"));
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "neigh");
}

static void test_stale_peer_not_in_scope(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	stale_sequence(fx, false);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_MAC_MISMATCH));
	assert_true(x->has_cause);
	assert_contains(x->object, "the peer's neighbour entry for 192.0.2.20");
}

/* OTHERHOST noise: group destinations are no finding; a foreign unicast host is no cause. */
static void test_otherhost_noise(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_link(fx, 0, NS_A, 2, "e0", "", MAC_A, NULL, 1000, 0);
	for (int i = 0; i < 5; i++)
		fx_drop_ip(fx, 100, NS_A, 2, "e0", "OTHERHOST", 17, 0, "192.0.2.30",
			   "239.255.255.250", 1900, "01:00:5e:7f:ff:fa", NULL, 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
	/* Unicast for a host that is not us, to a MAC we never had: reported, but nothing here is
	 * blamed. */
	fx_drop_ip(fx, 100, NS_A, 2, "e0", "OTHERHOST", 6, 0, "192.0.2.30", "192.0.2.31", 22,
		   "02:00:5e:10:00:99", NULL, 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "another host"));
}

/* A netlink listener with a tiny SO_RCVBUF overruns; one finding from both the errno and sk_drops.
 */
static void test_netlink_overrun(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_sockinfo(fx, 0, NS_C, 3131, "hotplugd", 3131, 2304, 0);
	fx_sockinfo(fx, 500, NS_C, 3131, "hotplugd", 3131, 2304, 39);
	fx_sockerr(fx, 1, NS_C, 3131, 3, "hotplugd", AF_NETLINK, SOCK_RAW, ENOBUFS, SYS_recvfrom,
		   NULL, 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NETLINK_OVERRUN), 1);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NETLINK_OVERRUN));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "netlink");
	assert_string_equal(x->object,
			    "NETLINK_ROUTE socket portid 3131 of pid 3131 (hotplugd) netns gamma");
	assert_contains(x->cause, "2304");
	assert_contains(x->fix, "SO_RCVBUF");
	assert_contains(x->fix, "re-reading the full state");
}

/* Near-miss: a big netlink buffer that never dropped is no finding. */
static void test_netlink_healthy(void **state)
{
	struct fx *fx = *state;

	fx_sockinfo(fx, 0, NS_C, 3131, "watcher", 3131, 212992, 0);
	fx_sockinfo(fx, 500, NS_C, 3131, "watcher", 3131, 212992, 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
}

/* Healthy traffic: resolution works, EAGAIN on a non-blocking socket, routine drops, flat counters.
 */
static void test_healthy(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	fx_link(fx, 0, NS_A, 2, "e0", "veth", MAC_A, NULL, 1000, 0);
	fx_counter(fx, 0, NS_A, "Udp.SndbufErrors", 7, 0);
	fx_neigh(fx, 1, NS_A, 2, "e0", "192.0.2.1", INC, 0, 1);
	fx_arp(fx, 1, NS_A, 2, "e0", OUT, 1, MAC_A, BCAST, "192.0.2.2", "192.0.2.1");
	fx_arp(fx, 1, NS_A, 2, "e0", IN, 2, MAC_B, MAC_A, "192.0.2.1", "192.0.2.2");
	fx_neigh(fx, 1, NS_A, 2, "e0", "192.0.2.1", REACH, INC, 1);
	for (int i = 0; i < 20; i++) {
		fx_ip_pkt(fx, 10, NS_A, 2, "e0", OUT, 6, MAC_A, MAC_B, "192.0.2.2", "192.0.2.1", 0);
		fx_ip_pkt(fx, 1, NS_A, 2, "e0", IN, 6, MAC_B, MAC_A, "192.0.2.1", "192.0.2.2", 0);
	}
	for (int i = 0; i < 4; i++)
		fx_sockerr(fx, 1, NS_A, 50, 9, "server", AF_INET, SOCK_STREAM, ECONNRESET,
			   SYS_recvfrom, "192.0.2.1", 80);
	for (int i = 0; i < 10; i++) {
		fx_sockerr(fx, 1, NS_A, 50, 7, "server", AF_INET, SOCK_STREAM, EAGAIN, SYS_recvfrom,
			   "192.0.2.1", 80);
		fx_sockerr(fx, 1, NS_A, 50, 8, "client", AF_INET, SOCK_STREAM, EINPROGRESS,
			   SYS_connect, "192.0.2.1", 80);
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "NOT_SPECIFIED", 17, 0, "192.0.2.1", "192.0.2.2",
			   9, MAC_A, NULL, 0);
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "NO_SOCKET", 17, 0, "192.0.2.1", "192.0.2.2",
			   33434, MAC_A, NULL, 0);
	}
	fx_counter(fx, 1000, NS_A, "Udp.SndbufErrors", 7, 0);
	fx_neigh(fx, 30000, NS_A, 2, "e0", "192.0.2.1", NW_NUD_STALE, REACH, 0);
	/* A fresh namespace's duplicate address detection, dropped for want of a route. */
	fx_drop_ip(fx, 1, NS_C, 2, "e0", "IP_INNOROUTES", 58, 0, "::", "ff02::1:ff3c:41c7", 0,
		   "33:33:ff:3c:41:c7", NULL, 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
}

/* Many routine drops do become a finding, with the drop point and no invented cause. */
static void test_routine_drops_many(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	for (int i = 0; i < 60; i++)
		fx_drop_ip(fx, 1, NS_A, 2, "e0", "NOT_SPECIFIED", 17, 0, "192.0.2.1", "192.0.2.2",
			   9, MAC_A, NULL, 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_DROP), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "NOT_SPECIFIED"));
}

/* EHOSTUNREACH with no failed neighbour entry anywhere: the origins, no cause. */
static void test_ehostunreach_without_neigh(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_neigh(fx, 0, NS_B, 2, "e0", "192.0.2.1", REACH, 0, 0);
	fx_sockerr(fx, 1, NS_A, 77, 3, "client", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect,
		   "192.0.2.1", 22);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	assert_true(any_step_contains(x, "ICMP host-unreachable"));
}

/* JSON of an explanation and of the finding event; the Markdown report. */
static void test_render(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	struct nw_jbuf b;
	struct nw_event ev;
	struct nw_report_info info = {"netwhy 0.1-test", "6.18.0-test", "netwhy explain",
				      "alpha beta", 5000000000ull};

	htb_sequence(fx, "htb", 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	nw_jbuf_init(&b);
	nw_explanation_json(x, 42, &b);
	/* The fields every object has: its event id, origin and interface. */
	assert_contains(b.data, "\"id\":42,\"type\":\"explanation\",\"origin\":");
	assert_contains(b.data, "\"ifindex\":");
	assert_contains(b.data, ",\"ifname\":");
	assert_contains(
	    b.data,
	    "\"cause\":{\"layer\":\"qdisc\",\"object\":\"qdisc htb 7: dev sw0 netns beta\"");
	assert_contains(b.data, "\"evidence\":[{\"layer\":\"socket\"");
	assert_contains(b.data, "\"fix\":\"HTB cannot change");
	assert_int_equal(b.data[b.len - 1], '\n');
	nw_jbuf_reset(&b);
	nw_explanation_to_event(x, &ev);
	nw_json_event(&b, &ev);
	assert_contains(b.data, "\"type\":\"explanation\"");
	assert_contains(b.data, "\"cause\":{\"layer\":\"qdisc\"");
	nw_jbuf_reset(&b);
	nw_json_event(
	    &b, nw_bus_get(fx->bus, nw_findings_get(nw_models_findings(fx->m), x->id)->event_id));
	assert_contains(b.data, "\"type\":\"finding\"");
	assert_contains(b.data, "\"kind\":\"sock_errno\"");
	assert_contains(b.data, "\"errno\":\"EHOSTUNREACH\"");
	nw_jbuf_reset(&b);
	nw_report_markdown(&b, fx->m, &info);
	assert_contains(b.data, "# netwhy report");
	assert_contains(b.data, "- kernel: 6.18.0-test");
	assert_contains(b.data, "**Timeline of the neighbour entry**");
	assert_contains(b.data, "| INCOMPLETE | FAILED | 4 |");
	assert_contains(b.data, "`qdisc htb 7: dev sw0 netns beta`");
	assert_contains(b.data, "```json\n{");
	nw_jbuf_free(&b);
}

static void count_cb(const struct nw_explanation *x, void *arg)
{
	(void)x;
	(*(size_t *)arg)++;
}

/* Headless delivery: after the settle time, once per finding, again only when it doubled. */
static void test_explain_pending(void **state)
{
	struct fx *fx = *state;
	size_t n = 0;

	htb_sequence(fx, "htb", 0);
	fx_nfindings(fx, -1);
	assert_int_equal(nw_explain_pending(fx->m, fx->now, 100000000000ull, false, count_cb, &n),
			 0);
	assert_int_equal(nw_explain_pending(fx->m, fx->now + 200000000000ull, 100000000000ull,
					    false, count_cb, &n),
			 fx_nfindings(fx, -1));
	assert_int_equal(n, fx_nfindings(fx, -1));
	assert_int_equal(nw_explain_pending(fx->m, fx->now, 0, true, count_cb, &n), 0);
	fx_sockerr(fx, 1, NS_A, 4242, 5, "client", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect,
		   "198.51.100.1", 8080);
	assert_int_equal(nw_explain_pending(fx->m, fx->now, 0, true, count_cb, &n),
			 1); /* 1 -> 2 errors: doubled */
	fx_sockerr(fx, 1, NS_A, 4242, 5, "client", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect,
		   "198.51.100.1", 8080);
	assert_int_equal(nw_explain_pending(fx->m, fx->now, 0, true, count_cb, &n), 0); /* 3 < 4 */
}

/* Many entries of one device failing at once: a few findings, the rest folded into one. */
static void test_neigh_failed_folding(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	char ip[32];

	all_sources(fx);
	for (int i = 0; i < 20; i++) {
		snprintf(ip, sizeof(ip), "203.0.113.%d", 100 + i);
		fx_neigh(fx, 1, NS_B, 4, "lan0", ip, INC, 0, 1);
	}
	for (int i = 0; i < 20; i++) {
		snprintf(ip, sizeof(ip), "203.0.113.%d", 100 + i);
		fx_neigh(fx, 1, NS_B, 4, "lan0", ip, FAILED, INC, 3);
	}
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_FAILED), 5);
	x = fx_explain(fx, nw_findings_at(nw_models_findings(fx->m), 4)->ev.u.finding.finding_id);
	assert_contains(x->symptom, "16 more neighbour entries dev lan0 netns beta went FAILED");
	assert_true(any_step_contains(x, "203.0.113.119"));
}

/* Not the network's: unix sockets, kernel-internal errnos; asynchronous reports are worded as such.
 */
static void test_sock_filters(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	fx_sockerr(fx, 1, NS_A, 10, 3, "tool", AF_UNIX, SOCK_STREAM, ENOENT, SYS_connect, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 10, 4, "tool", AF_INET, SOCK_STREAM, 512 /* ERESTARTSYS */,
		   SYS_connect, NULL, 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
	fx_sockerr(fx, 1, NS_A, 0, -1, "", AF_INET, SOCK_RAW, EHOSTUNREACH, -1, "0.0.0.0", 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_contains(x->symptom, "EHOSTUNREACH reported to sockets 1 time netns alpha");
	assert_true(any_step_contains(x, "an error report"));
	/* An unconnected UDP socket failing towards many peers is one finding. */
	for (int i = 0; i < 10; i++) {
		char ip[32];

		snprintf(ip, sizeof(ip), "192.0.2.%d", 10 + i);
		fx_sockerr(fx, 1, NS_A, 77, 6, "sender", AF_INET, SOCK_DGRAM, ECONNREFUSED,
			   SYS_sendto, ip, 53);
	}
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 2);
	/* Resets after a peer's close are life; 50 within a second make a burst (routine.h). */
	for (int i = 0; i < 50; i++) {
		fx_sockerr(fx, 1, NS_A, 78, 7, "proxy", AF_INET, SOCK_STREAM, ECONNRESET,
			   SYS_recvfrom, "192.0.2.9", 80);
		assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), i < 49 ? 2 : 3);
	}
}

/* IPv6: the neighbour's advertisements dropped by the peer's qdisc. */
static void test_ndp_replies_dropped(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_qdisc_stats(fx, 0, NS_B, 9, "up9", "pfifo", 0x00020000, 0, UINT32_MAX);
	fx_neigh(fx, 1, NS_A, 2, "e0", "2001:db8:5::1", INC, 0, 1);
	for (int i = 0; i < 3; i++) {
		fx_ndp(fx, 1, NS_A, 2, "e0", OUT, 135, MAC_A, "33:33:ff:00:00:01", "2001:db8:5::2",
		       "ff02::1:ff00:1");
		fx_drop_ndp(fx, 1, NS_B, 9, "up9", "QDISC_DROP", 136, "2001:db8:5::1",
			    "2001:db8:5::2", "pfifo", 0x00020000);
		fx_neigh(fx, 1000, NS_A, 2, "e0", "2001:db8:5::1", INC, INC, (uint32_t)i + 2);
	}
	fx_neigh(fx, 1000, NS_A, 2, "e0", "2001:db8:5::1", FAILED, INC, 4);
	assert_int_equal(fx_nfindings(fx, NW_FIND_QDISC_CTRL_DROP), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc pfifo 2: dev up9 netns beta");
	assert_true(any_step_contains(x, "NDP 2001:db8:5::1 > 2001:db8:5::2"));
	/* A neighbour solicitation for another address is not this entry's request. */
	assert_int_equal(nw_neigh_model_find(nw_models_neigh(fx->m), NS_A, 2, &(struct nw_addr){0}),
			 NULL);
	assert_int_equal(
	    nw_neigh_model_find(nw_models_neigh(fx->m), NS_A, 2, &x->finding.u.finding.ip)
		->req_out.count,
	    3);
}

/* Drops by a tc filter and by rp_filter name their own object and fix. */
static void test_tc_and_rpfilter_drops(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	const struct nw_findings *fs;

	all_sources(fx);
	fx_drop_ip(fx, 1, NS_C, 6, "ens6", "TC_INGRESS", 6, 0x02, "192.0.2.50", "192.0.2.60", 443,
		   MAC_A, NULL, 0);
	fx_drop_ip(fx, 1, NS_C, 7, "ens7", "IP_RPFILTER", 17, 0, "198.51.100.77", "192.0.2.60", 53,
		   MAC_A, NULL, 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_DROP), 2);
	fs = nw_models_findings(fx->m);
	x = fx_explain(fx, nw_findings_at(fs, 0)->ev.u.finding.finding_id);
	assert_true(x->has_cause);
	assert_string_equal(x->object, "tc filter ingress dev ens6 netns gamma");
	assert_contains(x->fix, "tc -n gamma filter show dev ens6 ingress");
	x = fx_explain(fx, nw_findings_at(fs, 1)->ev.u.finding.finding_id);
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "route");
	assert_string_equal(x->object, "rp_filter dev ens7 netns gamma");
	assert_contains(x->fix, "net.ipv4.conf.ens7.rp_filter=2");
}

/* sock.qdisc_drop: ENOBUFS with the socket's own packets dropped by a qdisc; not for another
 * destination's drops. */
static void test_sock_qdisc_enobufs(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_qdisc_stats(fx, 0, NS_A, 2, "e0", "tbf", 0x00050000, 0, UINT32_MAX);
	fx_drop_ip(fx, 1, NS_A, 2, "e0", "QDISC_DROP", 17, 0, "192.0.2.5", "203.0.113.40", 4789,
		   NULL, "tbf", 0x00050000);
	fx_sockerr(fx, 1, NS_A, 61, 9, "blaster", AF_INET, SOCK_DGRAM, ENOBUFS, SYS_sendto,
		   "198.51.100.40", 4789);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause); /* the drops were someone else's */
	fx_drop_ip(fx, 1, NS_A, 2, "e0", "QDISC_DROP", 17, 0, "192.0.2.5", "198.51.100.40", 4789,
		   NULL, "tbf", 0x00050000);
	fx_sockerr(fx, 1, NS_A, 61, 9, "blaster", AF_INET, SOCK_DGRAM, ENOBUFS, SYS_sendto,
		   "198.51.100.40", 4789);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc tbf 5: dev e0 netns alpha");
	assert_true(any_step_contains(x, "NET_XMIT_DROP"));
}

/* sock.netfilter: EPERM with netfilter drops in the socket's namespace; drops in another namespace
 * do not count. */
static void test_sock_netfilter(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_drop_ip(fx, 1, NS_B, 3, "e3", "NETFILTER_DROP", 6, 0x02, "192.0.2.5", "192.0.2.6", 25,
		   NULL, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 88, 4, "mailer", AF_INET, SOCK_STREAM, EPERM, SYS_connect,
		   "192.0.2.6", 25);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	fx_drop_ip(fx, 1, NS_A, 2, "e0", "NETFILTER_DROP", 6, 0x02, "192.0.2.7", "192.0.2.6", 25,
		   NULL, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 88, 4, "mailer", AF_INET, SOCK_STREAM, EPERM, SYS_connect,
		   "192.0.2.6", 25);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "netfilter dev e0 netns alpha");
	assert_contains(x->fix, "ip netns exec alpha nft list ruleset");
}

/* sock.otherhost: timeouts while the peer's answers die as OTHERHOST here lead to the MAC story. */
static void test_sock_otherhost(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_link(fx, 0, NS_A, 2, "e0", "", MAC_B_OLD, NULL, 1000, 0);
	fx_ip_pkt(fx, 1, NS_A, 2, "e0", OUT, 6, MAC_B_OLD, MAC_A, "192.0.2.20", "192.0.2.21", 0);
	fx_link(fx, 100, NS_A, 2, "e0", "", MAC_B, MAC_B_OLD, 1000, 0);
	fx_drop_ip(fx, 1000, NS_A, 2, "e0", "OTHERHOST", 6, 0x12, "192.0.2.21", "192.0.2.20", 40000,
		   MAC_B_OLD, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 90, 5, "client", AF_INET, SOCK_STREAM, ETIMEDOUT, SYS_connect,
		   "192.0.2.21", 443);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "neigh");
	assert_contains(x->object, "the peer's neighbour entry for 192.0.2.20");
	assert_true(any_step_contains(x, "dropped on dev e0 as OTHERHOST"));
	assert_true(any_step_contains(x, "No gratuitous ARP"));
}

/* sock.peer_drops: a connect that times out because its SYNs die in a netfilter rule on the peer's
 * side. */
static void test_sock_peer_drops(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_drop_ip(fx, 1, NS_B, 5, "srv0", "NETFILTER_DROP", 6, 0x02, "192.0.2.40", "192.0.2.41",
		   5432, NULL, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 70, 3, "psql", AF_INET, SOCK_STREAM, ETIMEDOUT, SYS_connect,
		   "192.0.2.77", 5432);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause); /* drops of another peer's packets are not this socket's */
	fx_drop_ip(fx, 1, NS_B, 5, "srv0", "NETFILTER_DROP", 6, 0x02, "192.0.2.40", "192.0.2.77",
		   5432, NULL, NULL, 0);
	fx_sockerr(fx, 1, NS_A, 70, 3, "psql", AF_INET, SOCK_STREAM, ETIMEDOUT, SYS_connect,
		   "192.0.2.77", 5432);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "netfilter dev srv0 netns beta");
	assert_true(any_step_contains(x, "to or from the peer"));
}

/* sock.route: ENETUNREACH names no cause it cannot see, but says how to look. */
static void test_sock_route(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_sockerr(fx, 1, NS_C, 12, 3, "agent", AF_INET, SOCK_STREAM, ENETUNREACH, SYS_connect,
		   "203.0.113.200", 443);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	assert_contains(x->missing[0], "ip netns exec gamma ip route get 203.0.113.200");
}

/* counter.qdisc: send-side counters with qdisc drops in the namespace. */
static void test_counter_qdisc(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_counter(fx, 0, NS_B, "Ip.OutDiscards", 10, 0);
	fx_drop_ip(fx, 1, NS_B, 4, "lan0", "QDISC_DROP", 17, 0, "192.0.2.5", "192.0.2.99", 514,
		   NULL, "pfifo", 0x00030000);
	fx_counter(fx, 1000, NS_B, "Ip.OutDiscards", 11, 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SILENT_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc pfifo 3: dev lan0 netns beta");
	assert_contains(x->cause, "data packets");
}

/* drop.neigh_failed: packets dropped because their entry failed lead to that entry. */
static void test_drop_neigh_failed(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	htb_sequence(fx, "htb", 0);
	fx_drop_ip(fx, 1, NS_A, 2, "e0", "NEIGH_FAILED", 1, 0, "198.51.100.7", "198.51.100.1", 0,
		   NULL, NULL, 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_DROP), 2);
	x = fx_explain(fx, nw_findings_at(nw_models_findings(fx->m),
					  nw_findings_count(nw_models_findings(fx->m)) - 1)
			       ->ev.u.finding.finding_id);
	assert_int_equal(x->finding.u.finding.reason, fx_reason("NEIGH_FAILED"));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "qdisc htb 7: dev sw0 netns beta");
	assert_true(any_step_contains(x, "waited for neighbour entry 198.51.100.1 dev e0"));
	/* The victims of the entry are named on the way. */
	assert_true(any_step_contains(x, "pid 4242 client fd 5"));
}

/* --- issue 14: routine kernel behaviour is no failure, unless far above normal ---------------- */

/* An administrator's delete or flush: the kernel's update to FAILED with NEIGH_UPDATE_F_ADMIN. */
static uint64_t admin_delete(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex,
			     const char *ifname, const char *ip, uint16_t prev, uint8_t origin)
{
	struct nw_event ev;

	memset(&ev, 0, sizeof(ev));
	fx->now += (uint64_t)dt_ms * 1000000u;
	ev.type = NW_EV_NEIGH;
	ev.origin = origin;
	ev.ts = fx->now;
	ev.netns_ino = ns;
	ev.ifindex = ifindex;
	nw_strlcpy(ev.ifname, ifname, sizeof(ev.ifname));
	/* netlink: the notification answering the request; BPF: the neigh_update tracepoint */
	ev.u.neigh.op = origin == NW_ORIGIN_NETLINK ? NW_NEIGH_NEW : NW_NEIGH_UPDATE;
	ev.u.neigh.ip = fx_ip(ip);
	ev.u.neigh.family = ev.u.neigh.ip.family;
	ev.u.neigh.state = FAILED;
	ev.u.neigh.prev_state = prev;
	ev.u.neigh.dev_flags = 0x1003;
	ev.u.neigh.by_admin = 1;
	return nw_bus_submit(fx->bus, &ev);
}

/* ip neigh flush / del, and entries removed with their link: no failure, no explanation. */
static void test_admin_flush_not_failure(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	for (int i = 0; i < 5; i++) {
		fx_neigh(fx, 1, NS_C, 4, "lan0", "198.51.100.20", INC, 0, 1);
		fx_neigh(fx, 5, NS_C, 4, "lan0", "198.51.100.20", REACH, INC, 1);
		admin_delete(fx, 900, NS_C, 4, "lan0", "198.51.100.20", REACH,
			     i % 2 ? NW_ORIGIN_NETLINK : NW_ORIGIN_BPF);
		fx_neigh_full(fx, 1, NS_C, 4, "lan0", "198.51.100.20", FAILED, 0, NULL, 0x1003,
			      NW_NEIGH_DEL);
	}
	/* An entry still resolving, flushed: not the kernel giving up either. */
	fx_neigh(fx, 1, NS_C, 4, "lan0", "2001:db8:14::7", INC, 0, 1);
	admin_delete(fx, 300, NS_C, 4, "lan0", "2001:db8:14::7", INC, NW_ORIGIN_BPF);
	/* The packet that waited on it, and one that caught the entry dead. */
	fx_drop_ip(fx, 0, NS_C, 4, "lan0", "NEIGH_FAILED", 17, 0, "2001:db8:14::1",
		   "2001:db8:14::7", 53, NULL, NULL, 0);
	fx_drop_ip(fx, 1, NS_C, 4, "lan0", "NEIGH_DEAD", 6, 0x10, "198.51.100.2", "198.51.100.20",
		   80, NULL, NULL, 0);
	/* Its link went away: the removal reports the state the entry died in. */
	fx_neigh(fx, 1, NS_C, 6, "tmp0", "198.51.100.30", NW_NUD_STALE, 0, 0);
	fx_neigh_full(fx, 1, NS_C, 6, "tmp0", "198.51.100.30", FAILED, 0, NULL, 0, NW_NEIGH_DEL);
	assert_int_equal(fx_nfindings(fx, -1), 0);
}

/*
 * Near miss: an administrator flushes an entry whose resolution is failing (requests out, no
 * reply); the entry is re-created, fails again by the kernel's timer: the failure is found and
 * explained as without the flush, and a flush after the kernel's FAILED does not hide it.
 */
static void test_admin_flush_during_failure(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_neigh(fx, 0, NS_A, 3, "up1", "203.0.113.77", INC, 0, 1);
	fx_arp(fx, 1, NS_A, 3, "up1", OUT, 1, MAC_A, BCAST, "203.0.113.5", "203.0.113.77");
	admin_delete(fx, 500, NS_A, 3, "up1", "203.0.113.77", INC, NW_ORIGIN_BPF);
	fx_neigh_full(fx, 1, NS_A, 3, "up1", "203.0.113.77", FAILED, 0, NULL, 0x1003, NW_NEIGH_DEL);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_FAILED), 0);
	fx_neigh(fx, 100, NS_A, 3, "up1", "203.0.113.77", INC, 0, 1);
	for (int i = 0; i < 3; i++) {
		fx_arp(fx, 1, NS_A, 3, "up1", OUT, 1, MAC_A, BCAST, "203.0.113.5", "203.0.113.77");
		fx_neigh(fx, 1000, NS_A, 3, "up1", "203.0.113.77", INC, INC, (uint32_t)i + 2);
	}
	fx_neigh(fx, 1000, NS_A, 3, "up1", "203.0.113.77", FAILED, INC, 4);
	admin_delete(fx, 200, NS_A, 3, "up1", "203.0.113.77", FAILED, NW_ORIGIN_NETLINK);
	fx_neigh_full(fx, 1, NS_A, 3, "up1", "203.0.113.77", FAILED, 0, NULL, 0x1003, NW_NEIGH_DEL);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_FAILED), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_FAILED));
	assert_contains(x->symptom, "went FAILED (1 time)");
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "link");
	assert_contains(x->object, "peer 203.0.113.77 via dev up1");
	assert_contains(x->fix, "arping");
}

/* QUEUE_PURGE (a socket closed with unread data): routine at a normal rate, a finding far above. */
static void test_queue_purge_rate(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	/* A busy, healthy server: one purge per short connection, 10 a second, for a minute. */
	for (int i = 0; i < 600; i++) {
		for (int k = 0; k < 4; k++)
			fx_ip_pkt(fx, 10, NS_B, 5, "srv0", k % 2 ? OUT : IN, 6, MAC_A, MAC_B,
				  "192.0.2.50", "192.0.2.60", 0);
		fx_drop_ip(fx, 60, NS_B, 0, "", "QUEUE_PURGE", 6, 0x18, "192.0.2.50", "192.0.2.60",
			   8443, NULL, NULL, 0);
	}
	/* Near miss: 60 in a second, but out of 400 packets in that second. */
	for (int i = 0; i < 400; i++)
		fx_ip_pkt(fx, 1, NS_B, 5, "srv0", IN, 6, MAC_A, MAC_B, "192.0.2.50", "192.0.2.60", 0);
	for (int i = 0; i < 60; i++)
		fx_drop_ip(fx, 5, NS_B, 0, "", "QUEUE_PURGE", 6, 0x18, "192.0.2.50", "192.0.2.60",
			   8443, NULL, NULL, 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
	/* A program closing every socket unread: 300 purges in a second, far above normal. */
	fx->now += 2000000000ull;
	for (int i = 0; i < 300; i++) {
		fx_ip_pkt(fx, 1, NS_B, 5, "srv0", IN, 6, MAC_A, MAC_B, "192.0.2.50", "192.0.2.60", 0);
		fx_drop_ip(fx, 2, NS_B, 0, "", "QUEUE_PURGE", 6, 0x18, "192.0.2.50", "192.0.2.60",
			   8443, NULL, NULL, 0);
	}
	assert_int_equal(fx_nfindings(fx, NW_FIND_DROP), 1);
	/* A namespace going away purges its sockets' queued netlink messages: no packet, no news. */
	for (int i = 0; i < 200; i++) {
		struct nw_event ev;

		memset(&ev, 0, sizeof(ev));
		fx->now += 1000000u;
		ev.type = NW_EV_DROP;
		ev.origin = NW_ORIGIN_BPF;
		ev.ts = fx->now;
		ev.netns_ino = NS_C;
		ev.u.drop.reason = fx_reason("QUEUE_PURGE");
		nw_strlcpy(ev.u.drop.location_sym, "skb_queue_purge_reason+0xfc",
			   sizeof(ev.u.drop.location_sym));
		nw_bus_submit(fx->bus, &ev);
	}
	assert_int_equal(fx_nfindings(fx, NW_FIND_DROP), 1);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_contains(x->symptom, "reason QUEUE_PURGE");
	assert_true(any_step_contains(x, "QUEUE_PURGE"));
}

/* A link's own flap: its noop qdisc drops the kernel's NDP then; long after, it is a symptom. */
static void test_link_flap_noop(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	fx_link(fx, 0, NS_C, 8, "idle0", "veth", MAC_B, NULL, 1000, 0);
	fx_link(fx, 3000, NS_C, 8, "idle0", "veth", MAC_B, NULL, 500, 0); /* a change */
	fx_drop_ndp(fx, 300, NS_C, 8, "idle0", "QDISC_DROP", 143, "fe80::1", "ff02::16", "noop", 0);
	assert_int_equal(fx_nfindings(fx, -1), 0);
	/* Near miss: the link settled long ago and still drops: that is news. */
	fx_drop_ndp(fx, 5000, NS_C, 8, "idle0", "QDISC_DROP", 135, "fe80::1", "ff02::1:ff00:2",
		    "noop", 0);
	assert_int_equal(fx_nfindings(fx, NW_FIND_QDISC_CTRL_DROP), 1);
}

/* A peer that went away: the kernel's reconfirmation (PROBE -> FAILED) finds nobody; no finding
 * until someone wants the peer again (INCOMPLETE -> FAILED). */
static void test_peer_left_reconfirm(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	fx_neigh(fx, 0, NS_B, 7, "br9", "198.51.100.77", REACH, 0, 0);
	fx_neigh(fx, 30000, NS_B, 7, "br9", "198.51.100.77", NW_NUD_STALE, REACH, 0);
	fx_neigh(fx, 100, NS_B, 7, "br9", "198.51.100.77", NW_NUD_DELAY, NW_NUD_STALE, 0);
	fx_neigh(fx, 5000, NS_B, 7, "br9", "198.51.100.77", NW_NUD_PROBE, NW_NUD_DELAY, 1);
	for (uint32_t i = 2; i <= 3; i++)
		fx_neigh(fx, 1000, NS_B, 7, "br9", "198.51.100.77", NW_NUD_PROBE, NW_NUD_PROBE, i);
	fx_neigh(fx, 1000, NS_B, 7, "br9", "198.51.100.77", FAILED, NW_NUD_PROBE, 3);
	assert_int_equal(fx_nfindings(fx, -1), 0);
	/* Near miss: traffic for it again, and the resolution fails: that is a failure. */
	fx_neigh(fx, 4000, NS_B, 7, "br9", "198.51.100.77", INC, FAILED, 1);
	fx_neigh(fx, 3000, NS_B, 7, "br9", "198.51.100.77", FAILED, INC, 3);
	assert_int_equal(fx_nfindings(fx, NW_FIND_NEIGH_FAILED), 1);
}

/* Frames to an address's previous MAC in the moment it changed are no stale cache; frames that
 * go on are. */
static void test_mac_mismatch_transient(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	fx_link(fx, 0, NS_A, 4, "wan4", "veth", MAC_A, NULL, 1000, 0);
	for (int i = 0; i < 2; i++)
		fx_ip_pkt(fx, 100, NS_A, 4, "wan4", IN, 1, MAC_B, MAC_B_OLD, "192.0.2.1",
			  "192.0.2.20", NW_L2_DST_MISMATCH);
	assert_int_equal(fx_nfindings(fx, NW_FIND_MAC_MISMATCH), 0);
	for (int i = 0; i < 3; i++)
		fx_ip_pkt(fx, 1000, NS_A, 4, "wan4", IN, 1, MAC_B, MAC_B_OLD, "192.0.2.1",
			  "192.0.2.20", NW_L2_DST_MISMATCH);
	assert_int_equal(fx_nfindings(fx, NW_FIND_MAC_MISMATCH), 1);
}

/* A discard or two while a link of the namespace flapped is the flap's; with no flap, news. */
static void test_discards_during_flap(void **state)
{
	struct fx *fx = *state;

	all_sources(fx);
	fx_link(fx, 0, NS_B, 12, "spare7", "veth", MAC_B, NULL, 1000, 0);
	fx_counter(fx, 0, NS_B, "Ip6OutDiscards", 3, 0);
	fx_link(fx, 20000, NS_B, 12, "spare7", "veth", MAC_B, NULL, 900, 0); /* down, up, MTU */
	fx_counter(fx, 3000, NS_B, "Ip6OutDiscards", 4, 1);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SILENT_DROP), 0);
	/* Near miss: long after the flap, the counter rises again. */
	fx_counter(fx, 30000, NS_B, "Ip6OutDiscards", 5, 1);
	assert_int_equal(fx_nfindings(fx, NW_FIND_SILENT_DROP), 1);
}

/* Every rule is in the table with an id, a stage and a message; ids are unique. */
static void test_rule_table(void **state)
{
	(void)state;
	assert_true(nw_explain_nrules() >= 20);
	for (size_t i = 0; i < nw_explain_nrules(); i++) {
		const struct nw_rule_info *r = nw_explain_rule(i);
		char id[64];

		assert_non_null(r->id);
		assert_non_null(r->stage);
		assert_true(strlen(r->message) > 10);
		nw_strlcpy(id, r->id, sizeof(id));
		for (size_t k = i + 1; k < nw_explain_nrules(); k++)
			assert_string_not_equal(id, nw_explain_rule(k)->id);
	}
}

/* Runs last: every rule of the table has fired in the tests above (the route stage's, and drop.route,
 * in test_explain_route). */
static void test_every_rule_fired(void **state)
{
	(void)state;
	for (size_t i = 0; i < nw_explain_nrules(); i++)
		if (!nw_explain_rule_hits(i) && strcmp(nw_explain_rule(i)->stage, "route") &&
		    strcmp(nw_explain_rule(i)->id, "drop.route"))
			fail_msg("rule %s never fired in these tests", nw_explain_rule(i)->id);
}

/* --- issue 14: symptoms named precisely ---------------------------------------------------- */

/* A socket snapshot (sock_diag) of an inet socket: a listener when state is TCP_LISTEN (10). */
static void inet_sock(struct fx *fx, uint64_t ns, uint8_t proto, uint8_t state, const char *laddr,
		      uint16_t lport, const char *comm, uint64_t inode)
{
	struct nw_event ev;

	nw_event_init_ts(&ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK, fx->now);
	ev.netns_ino = ns;
	ev.u.sockinfo.op = NW_SOCKINFO_SNAPSHOT;
	ev.u.sockinfo.laddr = fx_ip(laddr);
	ev.u.sockinfo.sk_family = ev.u.sockinfo.laddr.family;
	ev.u.sockinfo.sk_protocol = proto;
	ev.u.sockinfo.sk_type = proto == IPPROTO_TCP ? SOCK_STREAM : SOCK_DGRAM;
	ev.u.sockinfo.sk_state = state;
	ev.u.sockinfo.lport = lport;
	ev.u.sockinfo.inode = inode;
	nw_strlcpy(ev.u.sockinfo.comm, comm, sizeof(ev.u.sockinfo.comm));
	nw_bus_submit(fx->bus, &ev);
}

/* A NO_SOCKET drop where the kernel looks the socket up (tcp_v4_rcv, tcp_v6_rcv, __udp4_lib_rcv).
 */
static void no_socket(struct fx *fx, uint64_t ns, uint8_t proto, const char *src, const char *dst,
		      uint16_t dport, const char *where)
{
	struct nw_event ev;

	nw_event_init_ts(&ev, NW_EV_DROP, NW_ORIGIN_BPF, fx->now += 1000000);
	ev.netns_ino = ns;
	ev.ifindex = 1;
	nw_strlcpy(ev.ifname, "lo", sizeof(ev.ifname));
	ev.u.drop.reason = fx_reason("NO_SOCKET");
	ev.u.drop.src = fx_ip(src);
	ev.u.drop.dst = fx_ip(dst);
	ev.u.drop.protocol = ev.u.drop.dst.family == AF_INET6 ? 0x86dd : 0x0800;
	ev.u.drop.l4proto = proto;
	ev.u.drop.dport = dport;
	nw_strlcpy(ev.u.drop.location_sym, where, sizeof(ev.u.drop.location_sym));
	nw_bus_submit(fx->bus, &ev);
}

/* sock.no_listener: a refused connect to a port nobody listens on, in the peer's namespace. */
static void test_refused_no_listener(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	inet_sock(fx, NS_B, IPPROTO_TCP, 10, "0.0.0.0", 22, "sshd", 501);
	no_socket(fx, NS_B, IPPROTO_TCP, "203.0.113.5", "203.0.113.9", 5901, "tcp_v4_rcv");
	fx_sockerr(fx, 1, NS_A, 77, 4, "viewer", AF_INET, SOCK_STREAM, ECONNREFUSED, SYS_connect,
		   "203.0.113.9", 5901);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(nw_cause_layer_name(x->layer), "socket");
	assert_string_equal(x->object, "nothing listens on 203.0.113.9:5901/tcp in netns beta");
	assert_contains(x->fix, "ip netns exec beta ss -ltnp 'sport = :5901'");
	assert_true(any_step_contains(x, "NO_SOCKET at tcp_v4_rcv"));
	assert_not_contains(x->cause, "elsewhere");
	assert_int_equal(x->nmissing, 0);
}

/* The near miss: the port has a listener, on another address and in another namespace. */
static void test_refused_listener_elsewhere(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	inet_sock(fx, NS_C, IPPROTO_TCP, 10, "2001:db8:5::1", 8443, "api", 601);
	inet_sock(fx, NS_C, IPPROTO_TCP, 10, "::1", 8443, "api", 602);
	no_socket(fx, NS_C, IPPROTO_TCP, "2001:db8:5::7", "2001:db8:5::2", 8443, "tcp_v6_rcv");
	fx_sockerr(fx, 1, NS_A, 78, 6, "curl", AF_INET6, SOCK_STREAM, ECONNREFUSED, SYS_connect,
		   "2001:db8:5::2", 8443);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(x->object,
			    "nothing listens on [2001:db8:5::2]:8443/tcp in netns gamma");
	assert_contains(x->cause, "[2001:db8:5::1]:8443 by api");
	assert_contains(x->cause, "[::1]:8443 by api");
	assert_contains(x->fix, "[2001:db8:5::1]:8443");
}

/* The near miss: a listener on that very address and port (a REJECT rule refused, not the
 * socket layer): the rule stays silent. */
static void test_refused_listener_exists(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	inet_sock(fx, NS_B, IPPROTO_TCP, 10, "0.0.0.0", 5901, "vnc", 701);
	inet_sock(fx, NS_B, IPPROTO_TCP, 10, "203.0.113.9", 6000, "x11",
		  702); /* the address is NS_B's */
	fx_sockerr(fx, 1, NS_A, 79, 4, "viewer", AF_INET, SOCK_STREAM, ECONNREFUSED, SYS_connect,
		   "203.0.113.9", 5901);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause && strstr(x->object, "nothing listens"));
	/* Also with a NO_SOCKET drop there (a listener that came back within the poll). */
	no_socket(fx, NS_B, IPPROTO_TCP, "203.0.113.5", "203.0.113.9", 6000, "tcp_v4_rcv");
	fx_sockerr(fx, 1, NS_A, 80, 5, "xterm", AF_INET, SOCK_STREAM, ECONNREFUSED, SYS_connect,
		   "203.0.113.9", 6000);
	for (size_t i = 0; i < nw_findings_count(nw_models_findings(fx->m)); i++) {
		x = fx_explain(
		    fx, nw_findings_at(nw_models_findings(fx->m), i)->ev.u.finding.finding_id);
		assert_false(x->has_cause && strstr(x->object, "nothing listens"));
	}
}

/* UDP: ICMP port unreachable comes back as ECONNREFUSED on a connected socket; loopback peer. */
static void test_refused_udp_loopback(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	inet_sock(fx, NS_A, IPPROTO_UDP, 7, "127.0.0.1", 5353, "resolver", 801);
	/* Another namespace's loopback refused the same port meanwhile: not this one's evidence. */
	no_socket(fx, NS_C, IPPROTO_UDP, "127.0.0.1", "127.0.0.1", 5354, "__udp4_lib_rcv");
	fx_sockerr(fx, 1, NS_A, 81, 3, "probe", AF_INET, SOCK_DGRAM, ECONNREFUSED, SYS_recvfrom,
		   "127.0.0.1", 5354);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "nothing listens on 127.0.0.1:5354/udp in netns alpha");
	assert_false(any_step_contains(x, "NO_SOCKET"));
}

/* Every source on and still no cause: the advice must not be to turn them on (or to be root). */
static void test_no_cause_all_sources_on(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	fx_source(fx, "pcap:any", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "proc:alpha", NW_SOURCE_RUNNING, NULL);
	fx_sockerr(fx, 1, NS_A, 82, 4, "client", AF_INET, SOCK_STREAM, ETIMEDOUT, SYS_connect,
		   "192.0.2.80", 80);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	assert_int_equal(x->nmissing, 1);
	assert_contains(x->missing[0], "every source was on");
	assert_not_contains(x->missing[0], "root");
}

/* A replay lacks what the recording lacks: say that, not how to run netwhy live. */
static void test_no_cause_replay(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	struct nw_event ev;

	nw_event_init_ts(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_REPLAY, fx->now += 1000000);
	ev.netns_ino = NS_A;
	ev.u.sock.pid = 83;
	ev.u.sock.fd = 5;
	ev.u.sock.sk_family = AF_INET;
	ev.u.sock.sk_type = SOCK_STREAM;
	ev.u.sock.err = ETIMEDOUT;
	ev.u.sock.raddr = fx_ip("198.51.100.80");
	ev.u.sock.rport = 443;
	nw_bus_submit(fx->bus, &ev);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
	assert_false(x->has_cause);
	assert_true(x->nmissing >= 2);
	for (size_t i = 0; i < x->nmissing; i++) {
		assert_not_contains(x->missing[i], "run netwhy");
		assert_not_contains(x->missing[i], "as root");
	}
	assert_contains(x->missing[0], "the recording has no ");
}

/* A link event with the flags given (IFF_UP 0x1, IFF_LOWER_UP 0x10000: the carrier). */
static void link_flags(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname,
		       uint32_t flags)
{
	struct nw_event ev;

	nw_event_init_ts(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK, fx->now += (uint64_t)dt_ms * 1000000);
	ev.netns_ino = ns;
	ev.ifindex = ifindex;
	nw_strlcpy(ev.ifname, ifname, sizeof(ev.ifname));
	ev.u.link.op = NW_LINK_CHANGE;
	ev.u.link.flags = flags;
	ev.u.link.operstate = flags & 0x10000 ? 6 : 2;
	ev.u.link.mtu = 1500;
	nw_strlcpy(ev.u.link.kind, "veth", sizeof(ev.u.link.kind));
	nw_bus_submit(fx->bus, &ev);
}

/* The peer end of a veth went down: the link is named, not the noop qdisc it dropped into. */
static void test_peer_link_down(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	link_flags(fx, 0, NS_C, 9, "uplink", 0x11003);
	link_flags(fx, 0, NS_B, 4, "trunk7", 0x11003);
	link_flags(fx, 0, NS_A, 3, "spare", 0x1002); /* down long before: not the peer */
	link_flags(fx, 5000, NS_B, 4, "trunk7", 0x1002);
	link_flags(fx, 1, NS_C, 9, "uplink", 0x1003);
	fx_neigh(fx, 100, NS_C, 9, "uplink", "198.51.100.40", INC, 0, 1);
	for (int i = 0; i < 3; i++)
		fx_drop_arp(fx, 1000, NS_C, 9, "uplink", "QDISC_DROP", 1, "198.51.100.41",
			    "198.51.100.40", "noop", 0);
	fx_neigh(fx, 100, NS_C, 9, "uplink", "198.51.100.40", FAILED, INC, 3);
	for (size_t i = 0; i < nw_findings_count(nw_models_findings(fx->m)); i++) {
		x = fx_explain(
		    fx, nw_findings_at(nw_models_findings(fx->m), i)->ev.u.finding.finding_id);
		assert_true(x->has_cause);
		assert_string_equal(nw_cause_layer_name(x->layer), "link");
		assert_string_equal(
		    x->object,
		    "dev uplink netns gamma (no carrier: its peer trunk7 netns beta is down)");
		assert_string_equal(x->fix, "Bring the peer up: ip -n beta link set trunk7 up");
	}
	assert_true(nw_findings_count(nw_models_findings(fx->m)) >= 1);
}

/* The device itself set down: it is named, with its own fix. */
static void test_link_admin_down(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	link_flags(fx, 0, NS_B, 5, "wan1", 0x11003);
	link_flags(fx, 1000, NS_B, 5, "wan1", 0x1002);
	for (int i = 0; i < 3; i++)
		fx_drop_arp(fx, 1000, NS_B, 5, "wan1", "QDISC_DROP", 1, "192.0.2.61", "192.0.2.60",
			    "noop", 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_QDISC_CTRL_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "dev wan1 netns beta (administratively down)");
	assert_contains(x->fix, "ip -n beta link set wan1 up");
}

/* A uevent listener that overran: its protocol is named, never a number. */
static void test_netlink_uevent_named(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	struct nw_event ev;

	all_sources(fx);
	for (uint32_t drops = 0; drops <= 12; drops += 12) {
		nw_event_init_ts(&ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK, fx->now += 300000000);
		ev.netns_ino = NS_B;
		ev.u.sockinfo.sk_family = AF_NETLINK;
		ev.u.sockinfo.sk_type = SOCK_DGRAM;
		ev.u.sockinfo.sk_protocol = 15; /* NETLINK_KOBJECT_UEVENT */
		ev.u.sockinfo.pid = 4400;
		ev.u.sockinfo.nl_portid = 4400;
		ev.u.sockinfo.nl_groups = 1;
		ev.u.sockinfo.rcvbuf = 2304;
		ev.u.sockinfo.drops = drops;
		ev.u.sockinfo.inode = 99123;
		nw_strlcpy(ev.u.sockinfo.comm, "udevmon", sizeof(ev.u.sockinfo.comm));
		nw_bus_submit(fx->bus, &ev);
	}
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NETLINK_OVERRUN));
	assert_true(x->has_cause);
	assert_string_equal(
	    x->object,
	    "NETLINK_KOBJECT_UEVENT socket portid 4400 of pid 4400 (udevmon) netns beta");
	assert_true(any_step_contains(x, "NETLINK_KOBJECT_UEVENT: uevents"));
	assert_false(any_step_contains(x, "protocol 15"));
}

/* A socket error as the probe reports it: origin ASYNC (sk_error_report) or SYSCALL. */
static void sock_report(struct fx *fx, uint8_t origin, uint32_t pid, int32_t fd, const char *comm,
			int err, int32_t syscall, const char *raddr)
{
	struct nw_event ev;

	nw_event_init_ts(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF, fx->now += 100000);
	ev.netns_ino = NS_A;
	ev.u.sock.origin = origin;
	ev.u.sock.pid = pid;
	ev.u.sock.fd = fd;
	ev.u.sock.syscall = syscall;
	ev.u.sock.sk_family = AF_INET;
	ev.u.sock.sk_type = SOCK_STREAM;
	ev.u.sock.err = err;
	ev.u.sock.raddr = fx_ip(raddr);
	ev.u.sock.rport = 9000;
	nw_strlcpy(ev.u.sock.comm, comm, sizeof(ev.u.sock.comm));
	nw_bus_submit(fx->bus, &ev);
}

/* One refused connect, reported by sk_error_report and by the call: one finding, one count. */
static void test_refused_counted_once(void **state)
{
	struct fx *fx = *state;
	const struct nw_finding_ev *f;

	all_sources(fx);
	/* The reset came before connect returned: the report has no owner yet. */
	sock_report(fx, NW_SOCKERR_ASYNC, 0, -1, "", ECONNREFUSED, -1, "192.0.2.30");
	sock_report(fx, NW_SOCKERR_SYSCALL, 501, 3, "poller", ECONNREFUSED, SYS_getsockopt,
		    "192.0.2.30");
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 1);
	f = &nw_findings_at(nw_models_findings(fx->m), 0)->ev.u.finding;
	assert_int_equal(f->pid, 501);
	assert_int_equal(f->count, 1);
	/* The owner known (a non-blocking connect seen): still one count. */
	sock_report(fx, NW_SOCKERR_ASYNC, 501, 3, "poller", ECONNREFUSED, -1, "192.0.2.30");
	sock_report(fx, NW_SOCKERR_SYSCALL, 501, 3, "poller", ECONNREFUSED, SYS_getsockopt,
		    "192.0.2.30");
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 1);
	assert_int_equal(f->count, 2); /* the second failure */
	/* A stale owner (the socket's memory reused by the next process): the call names it. */
	sock_report(fx, NW_SOCKERR_ASYNC, 501, 3, "poller", ECONNREFUSED, -1, "192.0.2.30");
	sock_report(fx, NW_SOCKERR_SYSCALL, 502, 3, "poller", ECONNREFUSED, SYS_getsockopt,
		    "192.0.2.30");
	assert_int_equal(fx_nfindings(fx, NW_FIND_SOCK_ERRNO), 2);
	for (size_t i = 0; i < 2; i++) {
		f = &nw_findings_at(nw_models_findings(fx->m), i)->ev.u.finding;
		assert_int_equal(f->count, f->pid == 501 ? 2 : 1);
	}
	/* Two reports of the same kind are two failures. */
	sock_report(fx, NW_SOCKERR_SYSCALL, 502, 3, "poller", ECONNREFUSED, SYS_getsockopt,
		    "192.0.2.30");
	for (size_t i = 0; i < 2; i++) {
		f = &nw_findings_at(nw_models_findings(fx->m), i)->ev.u.finding;
		assert_int_equal(f->count, 2);
	}
}

/*
 * The table overflowed at thresholds lowered then restored, with most entries
 * in namespaces not watched: the thresholds in force then, the snapshot that
 * was at gc_thresh3 not denied, no owner named from the few entries seen.
 */
static void test_table_overflow_out_of_scope(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;
	char ip[64];

	all_sources(fx);
	fx_table(fx, 0, NS_B, AF_INET, 10, 1024, 0, 0);
	fx_table(fx, 1000, NS_B, AF_INET, 40, 48, 0, 3);
	for (int i = 0; i < 3; i++) {
		snprintf(ip, sizeof(ip), "127.0.0.%d", i + 2);
		fx_neigh_full(fx, 1, NS_B, 1, "lo", ip, NW_NUD_NOARP, 0, NULL, 0x49, NW_NEIGH_NEW);
	}
	fx_table(fx, 1000, NS_B, AF_INET, 48, 48, 7, 9); /* the overflow */
	fx_table(fx, 1000, NS_B, AF_INET, 49, 48, 7, 9);
	fx_table(fx, 1000, NS_B, AF_INET, 5, 1024, 7, 9); /* restored */
	x = fx_explain(fx, fx_finding(fx, NW_FIND_NEIGH_TABLE_FULL));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "neighbour table arp_cache (gc_thresh3 48)");
	assert_true(any_step_contains(
	    x, "held 48 entries against gc_thresh1/2/3 = 6/24/48 (in force then)"));
	assert_true(any_step_contains(x, "are now 128/512/1024"));
	assert_false(any_step_contains(x, "No snapshot"));
	assert_true(any_step_contains(x, "netwhy saw 3 of the table's 48 entries"));
	assert_false(any_step_contains(x, "Most entries"));
	assert_not_contains(x->fix, "dev lo");
	assert_contains(x->fix, "gc_thresh3=4096"); /* above what is in force now */
	assert_contains(x->missing[0], "--netns all");
	assert_int_equal(nw_findings_at(nw_models_findings(fx->m), 0)->ev.u.finding.count, 7);
	/* The IPv6 table's finding counts its own overflows, not arp_cache's. */
	fx_table(fx, 0, NS_B, AF_INET6, 10, 1024, 0, 0);
	fx_table(fx, 1000, NS_B, AF_INET6, 1024, 1024, 2, 0);
	for (size_t i = 0; i < nw_findings_count(nw_models_findings(fx->m)); i++) {
		const struct nw_event *f = &nw_findings_at(nw_models_findings(fx->m), i)->ev;

		if (f->u.finding.family == AF_INET6)
			assert_int_equal(f->u.finding.count, 2);
	}
}

/* The generic drop cause names the reason in its fix (it printed an unwritten buffer). */
static void test_drop_reason_named_in_fix(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	for (int i = 0; i < 60; i++)
		fx_drop_ip(fx, 5, NS_B, 3, "ens4", "TCP_ABORT_ON_DATA", 6, 0, "198.51.100.9",
			   "198.51.100.3", 443, NULL, NULL, 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "dev ens4 netns beta");
	assert_contains(x->fix, "Look up reason TCP_ABORT_ON_DATA (");
	assert_contains(x->cause, "with reason TCP_ABORT_ON_DATA at ip_rcv_core");
}

/* Near miss: two veths went down in the same second; which is the peer is not known: none named. */
static void test_peer_link_down_ambiguous(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	all_sources(fx);
	link_flags(fx, 0, NS_A, 6, "ve-a", 0x11003);
	link_flags(fx, 0, NS_B, 7, "ve-b", 0x11003);
	link_flags(fx, 0, NS_C, 8, "ve-c", 0x11003);
	link_flags(fx, 5000, NS_B, 7, "ve-b", 0x1002);
	link_flags(fx, 10, NS_C, 8, "ve-c", 0x1002);
	link_flags(fx, 10, NS_A, 6, "ve-a", 0x1003);
	for (int i = 0; i < 3; i++)
		fx_drop_arp(fx, 1000, NS_A, 6, "ve-a", "QDISC_DROP", 1, "203.0.113.61",
			    "203.0.113.60", "noop", 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_QDISC_CTRL_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "dev ve-a netns alpha (no carrier: its veth peer is down)");
	assert_contains(x->fix, "ip -n alpha link show ve-a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_htb_direct_qlen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_qdisc_drops_replies, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_no_reply_not_qdisc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_without_sources, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_qdisc_stats_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_requests_dropped_netfilter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_table_overflow_v4, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_table_overflow_v6_einval, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enobufs_without_evidence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_silent_counter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_udp_rcvbuf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_peer_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_peer_not_in_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_otherhost_noise, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_netlink_overrun, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_netlink_healthy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_healthy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routine_drops_many, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ehostunreach_without_neigh, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_render, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_explain_pending, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_neigh_failed_folding, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ndp_replies_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tc_and_rpfilter_drops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_qdisc_enobufs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_netfilter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_otherhost, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_route, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sock_peer_drops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_counter_qdisc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_drop_neigh_failed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_no_listener, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_listener_elsewhere, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_listener_exists, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_udp_loopback, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_cause_all_sources_on, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_cause_replay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_link_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_link_admin_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_netlink_uevent_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_counted_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_table_overflow_out_of_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_drop_reason_named_in_fix, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_link_down_ambiguous, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_flush_not_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_flush_during_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_purge_rate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_link_flap_noop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_left_reconfirm, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mac_mismatch_transient, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_discards_during_flap, setup, teardown),
	    cmocka_unit_test(test_rule_table),
	    cmocka_unit_test(test_every_rule_fired),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
