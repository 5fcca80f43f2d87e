/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Dissector unit tests on frames recorded in nwtest-* namespaces
 * (tests/data/capture/record.sh, basic.pcap), as hex, and on variants of
 * them edited by hand to be malformed.
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

#include "capture/cursor.h"
#include "capture/dissect.h"

#include "tests/unit/test_capture_frames.h"

static uint8_t frame[2048];

/* Dissects hex; cut > 0 captures only the first cut bytes of a frame of full length. */
static size_t dis(uint16_t lt, const char *hex, size_t cut, struct nw_dissection *d)
{
	size_t n = unhex(hex, frame, sizeof(frame));

	nw_dissect(lt, frame, (uint32_t)(cut ? cut : n), (uint32_t)n, d);
	return n;
}

static void expect_summary(const struct nw_dissection *d, const char *want)
{
	char buf[512];

	nw_dissect_summary(d, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void expect_addr(const struct nw_addr *a, const char *want)
{
	char buf[64];

	assert_non_null(inet_ntop(a->family, a->bytes, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

static void test_cursor(void **state)
{
	const uint8_t b[] = { 1, 2, 3, 4, 5, 6 };
	struct nw_cursor c, s;
	uint8_t out[4];

	nw_cur_init(&c, b, sizeof(b));
	assert_int_equal(nw_cur_u8(&c), 1);
	assert_int_equal(nw_cur_be16(&c), 0x0203);
	s = nw_cur_sub(&c, 2);
	assert_int_equal(nw_cur_remaining(&c), 1);
	assert_int_equal(nw_cur_be16(&s), 0x0405);
	assert_false(s.truncated);
	assert_int_equal(nw_cur_u8(&s), 0);
	assert_true(s.truncated);
	/* Sticky: a later small read that would fit still reports the earlier failure. */
	assert_int_equal(nw_cur_be32(&c), 0);
	assert_true(c.truncated);
	assert_int_equal(nw_cur_remaining(&c), 0);
	assert_false(nw_cur_bytes(&c, out, 4));
	assert_int_equal(out[0], 0);
	nw_cur_init(&c, b, sizeof(b));
	s = nw_cur_sub(&c, 10);
	assert_int_equal(s.short_by, 4);
	assert_int_equal(nw_cur_remaining(&s), 6);
	assert_false(c.truncated);
	nw_cur_init(&c, NULL, 5);
	assert_int_equal(nw_cur_remaining(&c), 0);
}

static void test_arp(void **state)
{
	struct nw_dissection d;

	dis(1, ARP_REQ, 0, &d);
	assert_true(nw_dissect_has(&d, NW_LAYER_ETH));
	assert_true(nw_dissect_has(&d, NW_LAYER_ARP));
	assert_false(d.truncated || d.malformed);
	assert_int_equal(d.arp_op, 1);
	expect_addr(&d.arp_spa, "192.0.2.1");
	expect_addr(&d.arp_tpa, "192.0.2.2");
	assert_int_equal(d.arp_sha.len, 6);
	assert_int_equal(d.arp_sha.bytes[5], 0x01);
	expect_summary(&d, "02:00:00:00:0a:01 > ff:ff:ff:ff:ff:ff, length 42: ARP, Request who-has "
			   "192.0.2.2 tell 192.0.2.1");
	dis(1, ARP_REPLY, 0, &d);
	expect_summary(&d, "02:00:00:00:0b:01 > 02:00:00:00:0a:01, length 42: ARP, Reply 192.0.2.2 "
			   "is-at 02:00:00:00:0b:01");
}

static void test_icmp_echo(void **state)
{
	struct nw_dissection d;
	struct nw_packet_ev p;

	dis(1, ICMP_ECHO, 0, &d);
	assert_int_equal(d.ip_version, 4);
	assert_int_equal(d.ttl, 64);
	assert_true(d.frag_df);
	assert_false(d.fragment);
	assert_int_equal(d.icmp_type, 8);
	assert_int_equal(d.icmp_id, 13228);
	assert_int_equal(d.icmp_seq, 1);
	expect_summary(&d, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 98: IP 192.0.2.1 > "
			   "192.0.2.2: ICMP echo request, id 13228, seq 1");
	memset(&p, 0, sizeof(p));
	nw_dissect_to_packet(&d, &p);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(p.l4proto, 1);
	assert_int_equal(p.arp_op, 8 << 8);
	assert_int_equal(p.dst_mac.bytes[4], 0x0b);
	assert_false(p.partial);
}

static void test_vlan(void **state)
{
	struct nw_dissection d;

	dis(1, VLAN_ARP, 0, &d);
	assert_int_equal(d.nvlan, 1);
	assert_int_equal(d.vlan[0], 10);
	assert_int_equal(d.ethertype, 0x0806);
	expect_summary(&d, "02:00:00:00:0a:01 > ff:ff:ff:ff:ff:ff, vlan 10, length 60: ARP, Request "
			   "who-has 198.51.100.2 tell 198.51.100.1");
	dis(1, QINQ_ARP, 0, &d);
	assert_int_equal(d.nvlan, 2);
	assert_int_equal(d.vlan_tpid[0], 0x88a8);
	assert_int_equal(d.vlan[0], 100);
	assert_int_equal(d.vlan[1], 20);
	assert_true(nw_dissect_has(&d, NW_LAYER_ARP));
}

static void test_ndp(void **state)
{
	struct nw_dissection d;
	size_t n;

	dis(1, NDP_NS, 0, &d);
	assert_int_equal(d.icmp_type, 135);
	expect_addr(&d.nd_target, "2001:db8::2");
	assert_int_equal(d.nd_sll.len, 6);
	assert_int_equal(d.nd_sll.bytes[4], 0x0a);
	expect_summary(&d, "02:00:00:00:0a:01 > 33:33:ff:00:00:02, length 86: IP6 2001:db8::1 > "
			   "ff02::1:ff00:2: ICMP6 neighbor solicitation, who has 2001:db8::2, source "
			   "lladdr 02:00:00:00:0a:01");
	dis(1, NDP_NA, 0, &d);
	assert_int_equal(d.icmp_type, 136);
	assert_int_equal(d.nd_flags, 0x60);
	assert_int_equal(d.nd_tll.len, 6);
	expect_summary(&d, "02:00:00:00:0b:01 > 02:00:00:00:0a:01, length 86: IP6 2001:db8::2 > "
			   "2001:db8::1: ICMP6 neighbor advertisement, tgt is 2001:db8::2, flags [SO], "
			   "target lladdr 02:00:00:00:0b:01");
	/* Option length 0 must be malformed (RFC 4861 4.6), not an endless loop. */
	n = unhex(NDP_NS, frame, sizeof(frame));
	frame[n - 7] = 0;
	nw_dissect(1, frame, (uint32_t)n, (uint32_t)n, &d);
	assert_true(d.malformed);
	assert_string_equal(d.why, "nd option 1: length 0");
	/* An option longer than the packet. */
	frame[n - 7] = 3;
	nw_dissect(1, frame, (uint32_t)n, (uint32_t)n, &d);
	assert_true(d.malformed);
	assert_false(d.truncated);
}

static void test_ipv6_ext(void **state)
{
	struct nw_dissection d;
	uint8_t buf[600];
	size_t n, i;

	dis(1, MLD_HBH, 0, &d);
	assert_int_equal(d.ext.count, 1);
	assert_int_equal(d.ext.type[0], 0);
	assert_int_equal(d.l4proto, 58);
	assert_int_equal(d.icmp_type, 143);
	assert_false(d.malformed);

	/* UDP6 with a fragment header (offset 0, more fragments) in front. */
	n = unhex(UDP6, frame, sizeof(frame));
	memcpy(buf, frame, 54);
	buf[20] = 44;      /* next header: fragment */
	buf[19] = 0x12 + 8;
	memcpy(buf + 54, "\x11\x00\x00\x01\x00\x00\x00\x07", 8);
	memcpy(buf + 62, frame + 54, n - 54);
	nw_dissect(1, buf, (uint32_t)n + 8, (uint32_t)n + 8, &d);
	assert_true(d.fragment);
	assert_true(d.frag_more);
	assert_true(nw_dissect_has(&d, NW_LAYER_UDP));
	assert_int_equal(d.dport, 9);
	/* A later fragment: no transport header is read. */
	buf[56] = 0x01;
	nw_dissect(1, buf, (uint32_t)n + 8, (uint32_t)n + 8, &d);
	assert_int_equal(d.frag_off, 256);
	assert_false(nw_dissect_has(&d, NW_LAYER_UDP));
	assert_false(d.malformed);

	/* Ten destination-options headers: the walk stops at NW_DIS_MAX_EXT. */
	memcpy(buf, frame, 54);
	buf[20] = 60;
	for (i = 0; i < 10; i++)
		memcpy(buf + 54 + i * 8, i < 9 ? "\x3c\x00\x01\x04\x00\x00\x00\x00" :
			"\x11\x00\x01\x04\x00\x00\x00\x00", 8);
	buf[18] = 0;
	buf[19] = 80;
	nw_dissect(1, buf, 54 + 80, 54 + 80, &d);
	assert_true(d.malformed);
	assert_int_equal(d.ext.count, NW_DIS_MAX_EXT);
}

static void test_tcp_udp(void **state)
{
	struct nw_dissection d;

	dis(1, TCP_SYN, 0, &d);
	assert_int_equal(d.tcp_flags, 0x02);
	assert_int_equal(d.sport, 34670);
	assert_int_equal(d.dport, 8080);
	assert_int_equal(d.payload_len, 0);
	expect_summary(&d, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 74: IP 192.0.2.1.34670 > "
			   "192.0.2.2.8080: TCP [S], seq 1388257814, win 64240, length 0");
	dis(1, TCP_DATA, 0, &d);
	assert_int_equal(d.payload_len, 6);
	assert_int_equal(d.tcp_flags, 0x18);
	dis(1, UDP4, 0, &d);
	assert_int_equal(d.payload_len, 20);
	assert_int_equal(d.dport, 5353);
	dis(1, UDP6, 0, &d);
	assert_int_equal(d.payload_len, 10);
	expect_summary(&d, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 72: IP6 2001:db8::1.36135 "
			   "> 2001:db8::2.9: UDP, length 10");
}

static void test_ipv4_options_frag(void **state)
{
	struct nw_dissection d;
	uint8_t buf[200];
	size_t n = unhex(ICMP_ECHO, frame, sizeof(frame));

	/* Insert 4 option bytes: NOP NOP NOP EOL; IHL 6, total length + 4. */
	memcpy(buf, frame, 34);
	buf[14] = 0x46;
	buf[17] = 0x58;
	memcpy(buf + 34, "\x01\x01\x01\x00", 4);
	memcpy(buf + 38, frame + 34, n - 34);
	nw_dissect(1, buf, (uint32_t)n + 4, (uint32_t)n + 4, &d);
	assert_int_equal(d.ip_optlen, 4);
	assert_int_equal(d.icmp_seq, 1);
	assert_false(d.malformed);
	/* A bad option length. */
	memcpy(buf + 34, "\x07\x01\x00\x00", 4);
	nw_dissect(1, buf, (uint32_t)n + 4, (uint32_t)n + 4, &d);
	assert_true(d.malformed);
	/* IHL 4 */
	buf[14] = 0x44;
	nw_dissect(1, buf, (uint32_t)n + 4, (uint32_t)n + 4, &d);
	assert_true(d.malformed);
	assert_string_equal(d.why, "ipv4: header length 16");
	/* A non-first fragment: no ICMP read, summary says frag. */
	memcpy(buf, frame, n);
	buf[20] = 0x00;
	buf[21] = 0x10;
	nw_dissect(1, buf, (uint32_t)n, (uint32_t)n, &d);
	assert_true(d.fragment);
	assert_int_equal(d.frag_off, 128);
	assert_false(nw_dissect_has(&d, NW_LAYER_ICMP));
	expect_summary(&d, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 98: IP 192.0.2.1 > "
			   "192.0.2.2: frag id 31, offset 128, proto 1");
	/* Total length larger than the frame. */
	memcpy(buf, frame, n);
	buf[16] = 0x01;
	nw_dissect(1, buf, (uint32_t)n, (uint32_t)n, &d);
	assert_true(d.malformed);
	assert_false(d.truncated);
}

static void test_truncation(void **state)
{
	struct nw_dissection d;
	char buf[512];
	size_t n;

	/* Cut by the snap length: truncated, and what was read is kept. */
	dis(1, ICMP_ECHO, 20, &d);
	assert_true(d.truncated);
	assert_false(d.malformed);
	assert_true(nw_dissect_has(&d, NW_LAYER_ETH));
	assert_false(nw_dissect_has(&d, NW_LAYER_IPV4));
	nw_dissect_summary(&d, buf, sizeof(buf));
	assert_string_equal(buf, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 98 [|truncated]");
	/* A frame that really is that short: malformed. */
	n = unhex(ICMP_ECHO, frame, sizeof(frame));
	nw_dissect(1, frame, 20, 20, &d);
	assert_true(d.malformed);
	assert_string_equal(d.why, "ipv4 header: too short");
	/* Every cut of every recorded frame, into a small summary buffer too. */
	const char *all[] = { ARP_REQ, ARP_REPLY, ICMP_ECHO, VLAN_ARP, QINQ_ARP, NDP_NS, NDP_NA,
			      MLD_HBH, TCP_SYN, TCP_DATA, UDP4, UDP6 };
	for (size_t f = 0; f < sizeof(all) / sizeof(all[0]); f++) {
		n = unhex(all[f], frame, sizeof(frame));
		for (size_t cut = 0; cut <= n; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);

			memcpy(copy, frame, cut);
			nw_dissect(1, copy, (uint32_t)cut, (uint32_t)n, &d);
			free(copy);
			/* Padding and payload bytes are not read, so only these two hold. */
			if (cut == n)
				assert_false(d.truncated || d.malformed);
			if (cut < 14)
				assert_true(d.truncated);
			assert_true(nw_dissect_summary(&d, buf, 16) > 0);
		}
	}
	(void)n;
}

static void test_other_linktypes(void **state)
{
	struct nw_dissection d;
	uint8_t buf[200];
	size_t n = unhex(ICMP_ECHO, frame, sizeof(frame));

	/* Raw IP, both numberings. */
	nw_dissect(12, frame + 14, (uint32_t)n - 14, (uint32_t)n - 14, &d);
	assert_int_equal(d.icmp_seq, 1);
	nw_dissect(101, frame + 14, (uint32_t)n - 14, (uint32_t)n - 14, &d);
	assert_int_equal(d.linktype, 12);
	expect_summary(&d, "length 84: IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 13228, seq 1");
	/* BSD loopback, little-endian family 2. */
	memcpy(buf, "\x02\x00\x00\x00", 4);
	memcpy(buf + 4, frame + 14, n - 14);
	nw_dissect(0, buf, (uint32_t)n - 10, (uint32_t)n - 10, &d);
	assert_int_equal(d.null_family, 2);
	assert_int_equal(d.icmp_seq, 1);
	/* Same from a big-endian host. */
	memcpy(buf, "\x00\x00\x00\x02", 4);
	nw_dissect(0, buf, (uint32_t)n - 10, (uint32_t)n - 10, &d);
	assert_int_equal(d.null_family, 2);
	/* LINUX_SLL2: outgoing on ifindex 7, no destination MAC. */
	memcpy(buf, "\x08\x00\x00\x00\x00\x00\x00\x07\x00\x01\x04\x06\x02\x00\x00\x00\x0a\x01\x00\x00", 20);
	memcpy(buf + 20, frame + 14, n - 14);
	nw_dissect(276, buf, (uint32_t)n + 6, (uint32_t)n + 6, &d);
	assert_true(nw_dissect_has(&d, NW_LAYER_SLL2));
	assert_int_equal(d.sll_ifindex, 7);
	assert_int_equal(d.sll_pkttype, 4);
	assert_int_equal(d.dst_mac.len, 0);
	assert_int_equal(d.src_mac.len, 6);
	assert_int_equal(d.icmp_seq, 1);
	expect_summary(&d, "outgoing ifindex 7 02:00:00:00:0a:01, length 104: IP 192.0.2.1 > 192.0.2.2: "
			   "ICMP echo request, id 13228, seq 1");
	/* LINUX_SLL (v1). */
	memcpy(buf, "\x00\x00\x00\x01\x00\x06\x02\x00\x00\x00\x0a\x01\x00\x00\x08\x00", 16);
	memcpy(buf + 16, frame + 14, n - 14);
	nw_dissect(113, buf, (uint32_t)n + 2, (uint32_t)n + 2, &d);
	assert_true(nw_dissect_has(&d, NW_LAYER_SLL));
	assert_int_equal(d.icmp_seq, 1);
	/* Unknown link type and unknown ethertype are kept as numbers. */
	nw_dissect(147, frame, (uint32_t)n, (uint32_t)n, &d);
	expect_summary(&d, "length 98: linktype 147");
	memcpy(buf, frame, 14);
	buf[12] = 0x88;
	buf[13] = 0xcc;
	nw_dissect(1, buf, 60, 60, &d);
	expect_summary(&d, "02:00:00:00:0a:01 > 02:00:00:00:0b:01, length 60: ethertype 0x88cc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_icmp_echo),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_ndp),
		cmocka_unit_test(test_ipv6_ext),
		cmocka_unit_test(test_tcp_udp),
		cmocka_unit_test(test_ipv4_options_frag),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_other_linktypes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
