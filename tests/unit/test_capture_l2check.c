/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2 check tests: the stale-peer case of FAILURES.md incident 2 and the
 * near misses that must not be flagged (broadcast and multicast
 * destinations, our own frames, bridge ports, unknown interfaces, -i any).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "capture/l2check.h"
#include "tests/unit/test_capture_frames.h"

#define NS 4026532000ull
#define IFX 2
#define SEC 1000000000ull

static const struct nw_mac mac_new = { 6, { 0x02, 0, 0, 0, 0x0a, 0x99 } };
static const struct nw_mac mac_old = { 6, { 0x02, 0, 0, 0, 0x0a, 0x01 } };
static const struct nw_mac mac_peer = { 6, { 0x02, 0, 0, 0, 0x0b, 0x01 } };
static const struct nw_mac mac_other = { 6, { 0x02, 0, 0, 0, 0x0c, 0x01 } };

static struct nw_dissection dis_hex(const char *hex)
{
	static uint8_t buf[2048];
	struct nw_dissection d;
	size_t n = unhex(hex, buf, sizeof(buf));

	nw_dissect(1, buf, (uint32_t)n, (uint32_t)n, &d);
	assert_false(d.truncated || d.malformed);
	return d;
}

static struct nw_addr ip4(const char *s)
{
	struct nw_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, a.bytes), 1);
	return a;
}

static struct nw_l2check *ctx_stale(void)
{
	struct nw_l2check *ctx = nw_l2check_new(64);

	assert_non_null(ctx);
	assert_int_equal(nw_l2check_set_if_mac(ctx, NS, IFX, "veth0", &mac_old, 1 * SEC), 0);
	assert_int_equal(nw_l2check_set_if_mac(ctx, NS, IFX, NULL, &mac_new, 10 * SEC), 0);
	return ctx;
}

/* veth0 with the MAC the recorded frames are addressed to, never changed. */
static struct nw_l2check *ctx_plain(void)
{
	struct nw_l2check *ctx = nw_l2check_new(64);

	assert_non_null(ctx);
	assert_int_equal(nw_l2check_set_if_mac(ctx, NS, IFX, "veth0", &mac_old, 1 * SEC), 0);
	return ctx;
}

static void test_stale_peer(void **state)
{
	struct nw_l2check *ctx = ctx_stale();
	struct nw_dissection d = dis_hex(ICMP_REPLY); /* addressed to ...0a:01, the old MAC */
	struct nw_l2_verdict v;
	char buf[512];

	assert_int_equal(nw_l2check_direction(ctx, NS, IFX, &d), NW_DIR_IN);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 10 * SEC + 5, &d, &v);
	assert_int_equal(v.flags, NW_L2_DST_MISMATCH | NW_L2_DST_WAS_OURS);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "destination 02:00:00:00:0a:01 is not veth0's 02:00:00:00:0a:99: "
				 "dropped by the kernel as OTHERHOST (veth0 had 02:00:00:00:0a:01 before)");
	/* Three seconds later, still no announcement from veth0. */
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 13 * SEC, &d, &v);
	assert_true(v.flags & NW_L2_ANNOUNCE_MISSING);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_non_null(strstr(buf, "; veth0 changed its MAC 3.0 s ago and sent no gratuitous ARP"));
	/* A truncated annotation still terminates and reports the full length. */
	assert_true(nw_l2check_annotate(&v, buf, 10) > 10);
	assert_int_equal(strlen(buf), 9);
	nw_l2check_free(ctx);
}

static void test_stale_peer_unknown_history(void **state)
{
	struct nw_l2check *ctx = nw_l2check_new(16);
	struct nw_dissection d = dis_hex(ICMP_REPLY);
	struct nw_l2_verdict v;
	char buf[256];

	/* Only the current MAC known (capture started after the change). */
	nw_l2check_set_if_mac(ctx, NS, IFX, "veth0", &mac_new, 0);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 5 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_DST_MISMATCH);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "destination 02:00:00:00:0a:01 is not veth0's 02:00:00:00:0a:99: "
				 "dropped by the kernel as OTHERHOST");
	nw_l2check_free(ctx);
}

static void test_near_misses(void **state)
{
	struct nw_l2check *ctx = ctx_stale();
	struct nw_dissection d;
	struct nw_l2_verdict v;
	struct nw_mac m;

	/* Broadcast destination. */
	d = dis_hex(ARP_REQ);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_false(v.flags & NW_L2_DST_MISMATCH);
	/* Multicast destination (33:33:ff:...). */
	d = dis_hex(NDP_NS);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_false(v.flags & NW_L2_DST_MISMATCH);
	/* Our own outgoing frame: its destination is the peer. */
	d = dis_hex(ICMP_ECHO);
	d.src_mac = mac_new;
	assert_int_equal(nw_l2check_direction(ctx, NS, IFX, &d), NW_DIR_OUT);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, 0);
	/* Addressed to the current MAC. */
	d = dis_hex(ICMP_REPLY);
	d.dst_mac = mac_new;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, 0);
	/* Another interface in another namespace: not known, so no verdict on it. */
	d = dis_hex(ICMP_REPLY);
	nw_l2check_frame(ctx, NS + 1, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_IF_UNKNOWN);
	assert_false(nw_l2check_if_mac(ctx, NS + 1, IFX, &m));
	assert_int_equal(nw_l2check_direction(ctx, NS + 1, IFX, &d), NW_DIR_UNKNOWN);
	/* Loopback (MAC all zeros): sent and received at once, seen once: neither out nor in. */
	{
		struct nw_mac zero = { .len = 6 };

		assert_int_equal(nw_l2check_set_if_mac(ctx, NS, 1, "lo", &zero, 11 * SEC), 0);
		d = dis_hex(ICMP_ECHO);
		d.src_mac = d.dst_mac = zero;
		assert_int_equal(nw_l2check_direction(ctx, NS, 1, &d), NW_DIR_UNKNOWN);
	}
	/* A bridge port sees frames for other hosts all the time. */
	nw_l2check_set_if_forwarding(ctx, NS, IFX, true);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_false(v.flags & NW_L2_DST_MISMATCH);
	nw_l2check_set_if_forwarding(ctx, NS, IFX, false);
	/* -i any: no destination MAC to check. */
	d.layers &= ~(1u << NW_LAYER_ETH);
	d.layers |= 1u << NW_LAYER_SLL2;
	d.dst_mac.len = 0;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_NO_DST_MAC);
	/* ...unless the kernel's packet type says OTHERHOST (cooked header). */
	d.sll_pkttype = 3;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_NO_DST_MAC | NW_L2_DST_MISMATCH);
	char buf[256];
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "the kernel marked this frame OTHERHOST on veth0: its destination MAC "
				 "is not the interface's 02:00:00:00:0a:99, so IP drops it");
	d.sll_pkttype = 0;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_NO_DST_MAC);
	/* Setting the same MAC again is not a change. */
	nw_l2check_set_if_mac(ctx, NS, IFX, NULL, &mac_new, 12 * SEC);
	assert_true(nw_l2check_if_mac(ctx, NS, IFX, &m));
	assert_memory_equal(m.bytes, mac_new.bytes, 6);
	nw_l2check_free(ctx);
}

static void test_announce(void **state)
{
	struct nw_l2check *ctx = ctx_stale();
	struct nw_dissection d, r = dis_hex(ICMP_REPLY);
	struct nw_l2_verdict v;
	char buf[256];

	/* A gratuitous ARP from veth0 with its new MAC ends the pending change. */
	d = dis_hex(ARP_GARP);
	d.src_mac = mac_new;
	d.arp_sha = mac_new;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 10 * SEC + 100, &d, &v);
	assert_true(v.flags & NW_L2_GRATUITOUS);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "gratuitous ARP: 192.0.2.2 is-at 02:00:00:00:0a:99");
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 20 * SEC, &r, &v);
	assert_int_equal(v.flags, NW_L2_DST_MISMATCH | NW_L2_DST_WAS_OURS);
	/* An address added later wants its own announcement. */
	struct nw_addr a = ip4("192.0.2.7");
	assert_int_equal(nw_l2check_set_if_addr(ctx, NS, IFX, &a, 30 * SEC), 0);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 32 * SEC, &r, &v);
	assert_true(v.flags & NW_L2_ANNOUNCE_MISSING);
	assert_false(v.change_was_mac);
	/* A gratuitous ARP received from someone else does not count as ours. */
	d = dis_hex(ARP_GARP);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 33 * SEC, &d, &v);
	assert_true(v.flags & NW_L2_GRATUITOUS);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 34 * SEC, &r, &v);
	assert_true(v.flags & NW_L2_ANNOUNCE_MISSING);
	nw_l2check_free(ctx);
}

static void test_neigh_conflict_and_flap(void **state)
{
	struct nw_l2check *ctx = ctx_plain();
	struct nw_dissection d = dis_hex(ARP_REPLY); /* 192.0.2.2 is-at ...0b:01 */
	struct nw_l2_verdict v;
	struct nw_addr peer = ip4("192.0.2.2");
	char buf[256];

	nw_l2check_set_neigh(ctx, NS, IFX, &peer, &mac_peer);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 11 * SEC, &d, &v);
	assert_int_equal(v.flags & (NW_L2_NEIGH_CONFLICT | NW_L2_SENDER_FLAP), 0);
	/* Our table says another MAC. */
	nw_l2check_set_neigh(ctx, NS, IFX, &peer, &mac_other);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 12 * SEC, &d, &v);
	assert_true(v.flags & NW_L2_NEIGH_CONFLICT);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "192.0.2.2 claims 02:00:00:00:0b:01 but the neighbour table of "
				 "veth0 holds 02:00:00:00:0c:01");
	/* Removed from the table: no conflict. */
	nw_l2check_set_neigh(ctx, NS, IFX, &peer, NULL);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 13 * SEC, &d, &v);
	assert_false(v.flags & NW_L2_NEIGH_CONFLICT);
	/* The same IP now claimed by another MAC: flapping. */
	d.arp_sha = mac_other;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 14 * SEC, &d, &v);
	assert_true(v.flags & NW_L2_SENDER_FLAP);
	assert_int_equal(v.flaps, 1);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "192.0.2.2 moved from 02:00:00:00:0b:01 to 02:00:00:00:0c:01 (1 change seen)");
	/* An ARP probe (sender 0.0.0.0) claims nothing. */
	d = dis_hex(ARP_REQ);
	memset(d.arp_spa.bytes, 0, 4);
	d.arp_sha = mac_other;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 15 * SEC, &d, &v);
	assert_false(v.flags & (NW_L2_SENDER_FLAP | NW_L2_NEIGH_CONFLICT));
	nw_l2check_free(ctx);
}

static void test_unanswered(void **state)
{
	struct nw_l2check *ctx = ctx_plain();
	struct nw_dissection q = dis_hex(ARP_REQ), r = dis_hex(ARP_REPLY);
	struct nw_l2_verdict v;
	struct nw_l2_request reqs[4];
	char buf[256];

	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 20 * SEC, &q, &v);
	assert_false(v.flags & NW_L2_REQ_UNANSWERED);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 21 * SEC, &q, &v);
	assert_true(v.flags & NW_L2_REQ_UNANSWERED);
	assert_int_equal(v.unanswered, 2);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 22 * SEC, &q, &v);
	assert_int_equal(v.unanswered, 3);
	assert_int_equal(v.unanswered_ns, 2 * SEC);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "request 3 for 192.0.2.2 without a reply for 2.0 s");
	assert_int_equal(nw_l2check_requests(ctx, reqs, 4), 1);
	assert_int_equal(reqs[0].requests, 3);
	assert_int_equal(reqs[0].unanswered, 3);
	assert_int_equal(reqs[0].first_request_ts, 20 * SEC);
	/* The reply answers it. */
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 22 * SEC + 500, &r, &v);
	assert_true(v.flags & NW_L2_REPLY);
	assert_int_equal(v.reply_ns, 500);
	nw_l2check_requests(ctx, reqs, 4);
	assert_int_equal(reqs[0].replies, 1);
	assert_int_equal(reqs[0].unanswered, 0);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 30 * SEC, &q, &v);
	assert_false(v.flags & NW_L2_REQ_UNANSWERED);
	nw_l2check_free(ctx);
}

static void test_ndp(void **state)
{
	struct nw_l2check *ctx = nw_l2check_new(16);
	struct nw_dissection ns = dis_hex(NDP_NS), na = dis_hex(NDP_NA);
	struct nw_l2_verdict v;
	char buf[256];

	nw_l2check_set_if_mac(ctx, NS, IFX, "veth0", &mac_old, 0);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 1 * SEC, &ns, &v);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 2 * SEC, &ns, &v);
	assert_true(v.flags & NW_L2_REQ_UNANSWERED);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 2 * SEC + 10, &na, &v);
	assert_true(v.flags & NW_L2_REPLY);
	assert_false(v.flags & NW_L2_GRATUITOUS);
	/* The same NA unsolicited (S clear) to all-nodes: an announcement. */
	na.nd_flags = 0x20;
	na.dst.bytes[0] = 0xff;
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 3 * SEC, &na, &v);
	assert_true(v.flags & NW_L2_GRATUITOUS);
	nw_l2check_annotate(&v, buf, sizeof(buf));
	assert_string_equal(buf, "unsolicited neighbour advertisement: 2001:db8::2 is-at 02:00:00:00:0b:01");
	nw_l2check_free(ctx);
}

static void test_events_and_eviction(void **state)
{
	struct nw_l2check *ctx = nw_l2check_new(4);
	struct nw_event ev;
	struct nw_dissection d = dis_hex(ICMP_REPLY);
	struct nw_l2_verdict v;
	struct nw_mac m;

	/* A link change event naming the previous MAC. */
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_LINK;
	ev.netns_ino = NS;
	ev.ifindex = IFX;
	strcpy(ev.ifname, "usb0");
	ev.ts = 5 * SEC;
	ev.u.link.op = NW_LINK_CHANGE;
	ev.u.link.mac = mac_new;
	ev.u.link.prev_mac = mac_old;
	nw_l2check_on_event(ctx, &ev);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 5 * SEC, &d, &v);
	assert_int_equal(v.flags, NW_L2_DST_MISMATCH | NW_L2_DST_WAS_OURS);
	assert_string_equal(v.ifname, "usb0");
	/* A neighbour event feeds the conflict check. */
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_NEIGH;
	ev.netns_ino = NS;
	ev.ifindex = IFX;
	ev.u.neigh.op = NW_NEIGH_UPDATE;
	ev.u.neigh.ip = ip4("192.0.2.2");
	ev.u.neigh.lladdr = mac_other;
	nw_l2check_on_event(ctx, &ev);
	d = dis_hex(ARP_REPLY);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_IN, 6 * SEC, &d, &v);
	assert_true(v.flags & NW_L2_NEIGH_CONFLICT);
	/* Deleting the link forgets it. */
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_LINK;
	ev.netns_ino = NS;
	ev.ifindex = IFX;
	ev.u.link.op = NW_LINK_DEL;
	nw_l2check_on_event(ctx, &ev);
	assert_false(nw_l2check_if_mac(ctx, NS, IFX, &m));
	/* Bounded: ten request targets in a table of four. */
	d = dis_hex(ARP_REQ);
	for (unsigned i = 0; i < 10; i++) {
		d.arp_tpa.bytes[3] = (uint8_t)(10 + i);
		nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 7 * SEC, &d, &v);
	}
	assert_true(nw_l2check_evicted(ctx) >= 6);
	struct nw_l2_request reqs[8];
	assert_int_equal(nw_l2check_requests(ctx, reqs, 8), 4);
	assert_int_equal(reqs[3].target.bytes[3], 19);
	nw_l2check_frame(ctx, NS, IFX, NW_DIR_OUT, 8 * SEC, &d, &v);
	assert_int_equal(v.unanswered, 2);
	assert_string_equal(nw_l2_flag_name(NW_L2_DST_MISMATCH), "dst_mismatch");
	assert_null(nw_l2_flag_name(1u << 30));
	nw_l2check_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_peer),
		cmocka_unit_test(test_stale_peer_unknown_history),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_announce),
		cmocka_unit_test(test_neigh_conflict_and_flap),
		cmocka_unit_test(test_unanswered),
		cmocka_unit_test(test_ndp),
		cmocka_unit_test(test_events_and_eviction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
