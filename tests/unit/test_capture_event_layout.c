/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recordings carry struct nw_event as raw bytes, under a layout version
 * (capture/pcapng.h, NW_PCAPNG_EV_VERSION).  This test fails when the
 * layout (any field's offset or size, any struct's size, the unions'
 * members included) changes while the version stays: it holds a
 * fingerprint of the layout of every version, and the current layout must
 * be the current version's.  A field added to core/event.h is listed below
 * too (F(type, field)), so a later move of it is seen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "capture/pcapng.h"
#include "core/event.h"
#include "core/util.h"

struct field_layout {
	const char *name;
	size_t off, size;
};

#define S(type) { "struct " #type, 0, sizeof(struct type) }
#define F(type, field) \
	{ #type "." #field, offsetof(struct type, field), sizeof(((struct type *)0)->field) }

static const struct field_layout layout[] = {
	S(nw_addr),
	F(nw_addr, family), F(nw_addr, pad), F(nw_addr, bytes),
	S(nw_mac),
	F(nw_mac, len), F(nw_mac, bytes),
	S(nw_packet_ev),
	F(nw_packet_ev, caplen), F(nw_packet_ev, len), F(nw_packet_ev, store_ref),
	F(nw_packet_ev, dir), F(nw_packet_ev, partial), F(nw_packet_ev, linktype),
	F(nw_packet_ev, src_mac), F(nw_packet_ev, dst_mac), F(nw_packet_ev, ethertype),
	F(nw_packet_ev, vlan), F(nw_packet_ev, l4proto), F(nw_packet_ev, tcp_flags),
	F(nw_packet_ev, arp_op), F(nw_packet_ev, src), F(nw_packet_ev, dst),
	F(nw_packet_ev, sport), F(nw_packet_ev, dport), F(nw_packet_ev, l2_flags),
	S(nw_neigh_ev),
	F(nw_neigh_ev, op), F(nw_neigh_ev, family), F(nw_neigh_ev, state),
	F(nw_neigh_ev, prev_state), F(nw_neigh_ev, flags), F(nw_neigh_ev, probes),
	F(nw_neigh_ev, error), F(nw_neigh_ev, dev_flags), F(nw_neigh_ev, ip),
	F(nw_neigh_ev, lladdr),
	S(nw_neigh_table_ev),
	F(nw_neigh_table_ev, family), F(nw_neigh_table_ev, name),
	F(nw_neigh_table_ev, gc_thresh1), F(nw_neigh_table_ev, gc_thresh2),
	F(nw_neigh_table_ev, gc_thresh3), F(nw_neigh_table_ev, entries),
	F(nw_neigh_table_ev, allocs), F(nw_neigh_table_ev, destroys),
	F(nw_neigh_table_ev, hash_grows), F(nw_neigh_table_ev, res_failed),
	F(nw_neigh_table_ev, lookups), F(nw_neigh_table_ev, hits),
	F(nw_neigh_table_ev, rcv_probes_mcast), F(nw_neigh_table_ev, rcv_probes_ucast),
	F(nw_neigh_table_ev, periodic_gc_runs), F(nw_neigh_table_ev, forced_gc_runs),
	F(nw_neigh_table_ev, table_fulls), F(nw_neigh_table_ev, ucast_probes),
	F(nw_neigh_table_ev, mcast_probes), F(nw_neigh_table_ev, app_probes),
	F(nw_neigh_table_ev, mcast_reprobes), F(nw_neigh_table_ev, retrans_time_ms),
	S(nw_qdisc_ev),
	F(nw_qdisc_ev, op), F(nw_qdisc_ev, is_class), F(nw_qdisc_ev, kind),
	F(nw_qdisc_ev, handle), F(nw_qdisc_ev, parent), F(nw_qdisc_ev, bytes),
	F(nw_qdisc_ev, packets), F(nw_qdisc_ev, drops), F(nw_qdisc_ev, overlimits),
	F(nw_qdisc_ev, requeues), F(nw_qdisc_ev, qlen), F(nw_qdisc_ev, backlog),
	F(nw_qdisc_ev, direct_qlen), F(nw_qdisc_ev, defcls), F(nw_qdisc_ev, direct_packets),
	F(nw_qdisc_ev, rate_bps), F(nw_qdisc_ev, pkt_ethertype), F(nw_qdisc_ev, pkt_arp_op),
	F(nw_qdisc_ev, pkt_l4proto), F(nw_qdisc_ev, pkt_tcp_flags), F(nw_qdisc_ev, pkt_src),
	F(nw_qdisc_ev, pkt_dst), F(nw_qdisc_ev, drop_reason),
	S(nw_drop_ev),
	F(nw_drop_ev, reason), F(nw_drop_ev, protocol), F(nw_drop_ev, l4proto),
	F(nw_drop_ev, pkt_type), F(nw_drop_ev, location), F(nw_drop_ev, location_sym),
	F(nw_drop_ev, skbaddr), F(nw_drop_ev, src), F(nw_drop_ev, dst), F(nw_drop_ev, sport),
	F(nw_drop_ev, dport), F(nw_drop_ev, arp_op), F(nw_drop_ev, src_mac),
	F(nw_drop_ev, dst_mac), F(nw_drop_ev, arp_sha), F(nw_drop_ev, arp_tha),
	F(nw_drop_ev, arp_spa), F(nw_drop_ev, arp_tpa), F(nw_drop_ev, count),
	S(nw_sock_ev),
	F(nw_sock_ev, origin), F(nw_sock_ev, sk_type), F(nw_sock_ev, sk_family),
	F(nw_sock_ev, sk_protocol), F(nw_sock_ev, pad), F(nw_sock_ev, pid), F(nw_sock_ev, tid),
	F(nw_sock_ev, fd), F(nw_sock_ev, syscall), F(nw_sock_ev, err), F(nw_sock_ev, comm),
	F(nw_sock_ev, laddr), F(nw_sock_ev, raddr), F(nw_sock_ev, lport), F(nw_sock_ev, rport),
	F(nw_sock_ev, nl_portid), F(nw_sock_ev, nl_groups), F(nw_sock_ev, sk_cookie),
	S(nw_sockinfo_ev),
	F(nw_sockinfo_ev, op), F(nw_sockinfo_ev, sk_type), F(nw_sockinfo_ev, sk_family),
	F(nw_sockinfo_ev, sk_protocol), F(nw_sockinfo_ev, sk_state), F(nw_sockinfo_ev, pad),
	F(nw_sockinfo_ev, pid), F(nw_sockinfo_ev, nl_portid), F(nw_sockinfo_ev, nl_groups),
	F(nw_sockinfo_ev, rmem), F(nw_sockinfo_ev, rcvbuf), F(nw_sockinfo_ev, wmem),
	F(nw_sockinfo_ev, sndbuf), F(nw_sockinfo_ev, drops), F(nw_sockinfo_ev, inode),
	F(nw_sockinfo_ev, cookie), F(nw_sockinfo_ev, comm), F(nw_sockinfo_ev, laddr),
	F(nw_sockinfo_ev, raddr), F(nw_sockinfo_ev, lport), F(nw_sockinfo_ev, rport),
	S(nw_counter_ev),
	F(nw_counter_ev, name), F(nw_counter_ev, value), F(nw_counter_ev, delta),
	S(nw_link_ev),
	F(nw_link_ev, op), F(nw_link_ev, operstate), F(nw_link_ev, pad), F(nw_link_ev, flags),
	F(nw_link_ev, mtu), F(nw_link_ev, txqlen), F(nw_link_ev, master), F(nw_link_ev, kind),
	F(nw_link_ev, mac), F(nw_link_ev, prev_mac),
	S(nw_finding_ev),
	F(nw_finding_ev, finding_id), F(nw_finding_ev, kind), F(nw_finding_ev, family),
	F(nw_finding_ev, pad), F(nw_finding_ev, err), F(nw_finding_ev, reason),
	F(nw_finding_ev, pid), F(nw_finding_ev, fd), F(nw_finding_ev, handle),
	F(nw_finding_ev, pad2), F(nw_finding_ev, count), F(nw_finding_ev, first_ts),
	F(nw_finding_ev, last_ts), F(nw_finding_ev, first_event_id),
	F(nw_finding_ev, last_event_id), F(nw_finding_ev, ip), F(nw_finding_ev, mac),
	F(nw_finding_ev, object),
	S(nw_explanation_ev),
	F(nw_explanation_ev, explanation_id), F(nw_explanation_ev, finding_id),
	F(nw_explanation_ev, layer), F(nw_explanation_ev, has_cause), F(nw_explanation_ev, pad),
	F(nw_explanation_ev, rule), F(nw_explanation_ev, object),
	S(nw_source_ev),
	F(nw_source_ev, name), F(nw_source_ev, state), F(nw_source_ev, pad),
	F(nw_source_ev, delivered), F(nw_source_ev, lost), F(nw_source_ev, detail),
	S(nw_event),
	F(nw_event, id), F(nw_event, ts), F(nw_event, netns_ino), F(nw_event, ifindex),
	F(nw_event, type), F(nw_event, origin), F(nw_event, pad), F(nw_event, ifname),
	F(nw_event, u.packet), F(nw_event, u.neigh), F(nw_event, u.neigh_table),
	F(nw_event, u.qdisc), F(nw_event, u.drop), F(nw_event, u.sock), F(nw_event, u.link),
	F(nw_event, u.source), F(nw_event, u.sockinfo), F(nw_event, u.counter),
	F(nw_event, u.finding), F(nw_event, u.explanation),
};

/*
 * The layout of each version, oldest first.  Never edit a line: a new
 * layout is a new line, with NW_PCAPNG_EV_VERSION raised to it.
 */
static const struct {
	unsigned version;
	uint64_t fingerprint;
} versions[] = {
	{ 1, 0xbfca01efee931f58ull },
	{ 2, 0xa6b0fbec80901b54ull }, /* packet: icmp_id, icmp_seq, wall_ns appended */
};

static uint64_t fingerprint(void)
{
	uint64_t h = 0;
	char buf[96];

	for (size_t i = 0; i < NW_ARRAY_SIZE(layout); i++) {
		int n = snprintf(buf, sizeof(buf), "%s %zu %zu;", layout[i].name, layout[i].off,
				 layout[i].size);

		h = nw_hash_bytes(buf, (size_t)n, h);
	}
	return h;
}

static void test_layout_has_its_version(void **state)
{
	size_t last = NW_ARRAY_SIZE(versions) - 1;
	uint64_t now;

	(void)state;
	/* The versions describe LP64 with 8-byte aligned 64-bit fields (x86_64, arm64, ...). */
	if (_Alignof(uint64_t) != 8 || sizeof(void *) != 8)
		skip();
	now = fingerprint();
	if (versions[last].version == NW_PCAPNG_EV_VERSION && versions[last].fingerprint == now)
		return;
	for (size_t i = 0; i < NW_ARRAY_SIZE(layout); i++)
		print_message("%-40s offset %4zu size %4zu\n", layout[i].name, layout[i].off,
			      layout[i].size);
	fail_msg("struct nw_event's layout (fingerprint 0x%016llx, above) is not that of event layout "
		 "version %u (0x%016llx), which recordings say they use: raise NW_PCAPNG_EV_VERSION "
		 "in capture/pcapng.h and add { %u, 0x%016llxull } to versions[] in %s.  If fields "
		 "were only appended to members of the union, files of the older versions still read "
		 "as they are; if a field moved, raise NW_PCAPNG_EV_VERSION_MIN too (or convert the "
		 "older versions in capture/pcapng_reader.c)",
		 (unsigned long long)now, NW_PCAPNG_EV_VERSION,
		 (unsigned long long)versions[last].fingerprint, NW_PCAPNG_EV_VERSION + 1,
		 (unsigned long long)now, __FILE__);
}

/* Old versions are history: each its own layout, in order, none beyond this build's. */
static void test_versions_in_order(void **state)
{
	(void)state;
	assert_true(NW_PCAPNG_EV_VERSION_MIN >= 1);
	assert_true(NW_PCAPNG_EV_VERSION_MIN <= NW_PCAPNG_EV_VERSION);
	for (size_t i = 0; i < NW_ARRAY_SIZE(versions); i++) {
		assert_int_equal(versions[i].version, i + 1);
		for (size_t j = 0; j < i; j++)
			assert_true(versions[i].fingerprint != versions[j].fingerprint);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_has_its_version),
		cmocka_unit_test(test_versions_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
