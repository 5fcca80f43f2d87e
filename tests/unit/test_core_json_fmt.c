// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The hand-written formatters behind JSON Lines (core/util.c nw_put_*, the
 * escaper and the packet writer in core/json.c) against independent judges:
 * printf, inet_ntop, and a reference packet encoder written the slow way
 * (snprintf and inet_ntop, as core/json.c did before).  Many values: edges
 * and a fixed-seed random walk, so a failure reproduces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include "core/event.h"
#include "core/json.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/test_core_data.h"

/* A value of a random bit length: small numbers as often as large ones. */
static uint64_t rnd_bits(void)
{
	unsigned bits = (unsigned)(rnd() % 65);

	return bits == 64 ? rnd() : rnd() & ((1ull << bits) - 1);
}

/* --- numbers ------------------------------------------------------------------ */

static void check_u64(uint64_t v)
{
	char got[NW_U64_STRLEN + 8], want[32];
	size_t n;

	memset(got, 'X', sizeof(got));
	n = nw_put_u64(got, v);
	snprintf(want, sizeof(want), "%" PRIu64, v);
	if (n != strlen(want) || memcmp(got, want, n) != 0)
		fail_msg("nw_put_u64(%" PRIu64 ") wrote %.*s", v, (int)n, got);
	/* Nothing written past the digits. */
	assert_int_equal(got[n], 'X');
}

static void test_u64_vs_printf(void **state)
{
	uint64_t p10 = 1;

	check_u64(0);
	check_u64(UINT64_MAX);
	check_u64(UINT64_MAX - 1);
	check_u64(INT64_MAX);
	check_u64(UINT32_MAX);
	check_u64((uint64_t)UINT32_MAX + 1);
	for (int k = 0; k < 20; k++) {
		check_u64(p10 - 1);
		check_u64(p10);
		check_u64(p10 + 1);
		if (k < 19)
			p10 *= 10;
	}
	for (uint64_t v = 0; v < 100000; v++)
		check_u64(v);
	for (int i = 0; i < 300000; i++)
		check_u64(rnd_bits());
}

static void check_i64(int64_t v)
{
	struct nw_jbuf b;
	char want[32];

	nw_jbuf_init(&b);
	nw_jbuf_i64(&b, v);
	snprintf(want, sizeof(want), "%" PRId64, v);
	assert_string_equal(b.data, want);
	assert_int_equal(b.len, strlen(want));
	nw_jbuf_free(&b);
}

static void test_i64_vs_printf(void **state)
{
	check_i64(0);
	check_i64(-1);
	check_i64(1);
	check_i64(-9);
	check_i64(-10);
	check_i64(INT64_MIN);
	check_i64(INT64_MIN + 1);
	check_i64(INT64_MAX);
	check_i64(INT32_MIN);
	check_i64((int64_t)INT32_MIN - 1);
	for (int i = 0; i < 100000; i++)
		check_i64(rnd() & 1 ? -(int64_t)(rnd_bits() >> 1) : (int64_t)(rnd_bits() >> 1));
}

static void check_ts(uint64_t ns)
{
	struct nw_jbuf b;
	char want[40];

	nw_jbuf_init(&b);
	nw_jbuf_ts(&b, ns);
	snprintf(want, sizeof(want), "%" PRIu64 ".%09" PRIu64, ns / 1000000000u, ns % 1000000000u);
	assert_string_equal(b.data, want);
	nw_jbuf_free(&b);
}

static void test_ts_vs_printf(void **state)
{
	check_ts(0);
	check_ts(1);
	check_ts(999999999);
	check_ts(1000000000);
	check_ts(1000000001);
	check_ts(UINT64_MAX);
	for (int i = 0; i < 100000; i++)
		check_ts(rnd_bits());
}

/* --- MACs --------------------------------------------------------------------- */

/* The reference: "%02x" joined by ':', whole octets only when the buffer is short. */
static void ref_mac(const struct nw_mac *m, char *buf, size_t size)
{
	size_t len = m->len < NW_MAC_MAX ? m->len : NW_MAC_MAX;
	size_t o = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		size_t need = o + (i ? 3 : 2);

		if (need + 1 > size)
			break;
		o += (size_t)snprintf(buf + o, size - o, "%s%02x", i ? ":" : "", m->bytes[i]);
	}
}

static void test_mac_vs_printf(void **state)
{
	for (int i = 0; i < 12000; i++) {
		struct nw_mac m;
		char want[NW_MAC_STRLEN], got[NW_MAC_STRLEN + 8];
		size_t n;

		/* Every length up to NW_MAC_MAX, then corrupt ones; every octet value, then random. */
		m.len = (uint8_t)(i < 10000 ? (uint64_t)i % (NW_MAC_MAX + 1) : rnd());
		for (int j = 0; j < NW_MAC_MAX; j++)
			m.bytes[j] = (uint8_t)(i < 256 ? (uint64_t)i : rnd());
		ref_mac(&m, want, sizeof(want));
		memset(got, 'X', sizeof(got));
		n = nw_put_mac(got, &m);
		assert_int_equal(n, strlen(want));
		assert_memory_equal(got, want, n);
		assert_true(n + 1 <= NW_MAC_STRLEN); /* at most one scratch byte after */
		assert_int_equal(got[NW_MAC_STRLEN], 'X');
		/* nw_mac_fmt at every buffer size. */
		for (size_t size = 0; size <= NW_MAC_STRLEN + 1; size++) {
			char r[NW_MAC_STRLEN + 2] = "unchanged", f[NW_MAC_STRLEN + 2] = "unchanged";

			ref_mac(&m, r, size);
			nw_mac_fmt(&m, f, size);
			if (size)
				assert_string_equal(f, r);
			else
				assert_string_equal(f, "unchanged");
		}
	}
}

/* --- addresses ---------------------------------------------------------------- */

static unsigned addr_checks;

static void check_addr(const struct nw_addr *a)
{
	char want[INET6_ADDRSTRLEN], got[NW_ADDR_STRLEN + 8];
	size_t n;

	memset(got, 'X', sizeof(got));
	n = nw_put_addr(got, a);
	if (a->family != AF_INET && a->family != AF_INET6) {
		assert_int_equal(n, 0);
		return;
	}
	assert_non_null(inet_ntop(a->family, a->bytes, want, sizeof(want)));
	if (n != strlen(want) || memcmp(got, want, n) != 0)
		fail_msg("nw_put_addr wrote %.*s, inet_ntop %s", (int)n, got, want);
	assert_true(n < NW_ADDR_STRLEN);
	assert_int_equal(got[NW_ADDR_STRLEN - 1], 'X');
	/* nw_addr_fmt: inet_ntop's text at every buffer size, "" when it does not fit (1 in 16). */
	if (addr_checks++ % 16)
		return;
	for (size_t size = 1; size <= NW_ADDR_STRLEN; size++) {
		char f[NW_ADDR_STRLEN], r[NW_ADDR_STRLEN];

		if (!inet_ntop(a->family, a->bytes, r, (socklen_t)size))
			r[0] = '\0';
		assert_string_equal(nw_addr_fmt(a, f, size), r);
	}
}

static void addr6(struct nw_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, text, a->bytes), 1);
}

static void test_ipv4_vs_inet_ntop(void **state)
{
	struct nw_addr a = { .family = AF_INET };

	/* Every octet value in every position, the ends, then random. */
	for (int pos = 0; pos < 4; pos++)
		for (int v = 0; v < 256; v++) {
			memset(a.bytes, pos & 1 ? 0 : 255, 4);
			a.bytes[pos] = (uint8_t)v;
			check_addr(&a);
		}
	memset(a.bytes, 0, sizeof(a.bytes));
	check_addr(&a);
	memset(a.bytes, 255, 4);
	check_addr(&a);
	for (int i = 0; i < 100000; i++) {
		uint32_t r = (uint32_t)rnd();

		memcpy(a.bytes, &r, 4);
		check_addr(&a);
	}
	/* No family, and families that are not addresses: nothing. */
	a.family = 0;
	check_addr(&a);
	a.family = AF_PACKET;
	check_addr(&a);
}

static void test_ipv6_edges(void **state)
{
	static const char *const edges[] = {
		"::", "::1", "::2", "1::", "::ffff:1.2.3.4", "::1.2.3.4", "::ffff:0.0.0.0", "::0.0.1.0",
		"::ffff:0:1.2.3.4", "0:0:0:0:0:ffff:0:1", "::fffe:1.2.3.4", "::ffff:255.255.255.255",
		"1:0:0:2::3", "1:0::", "0:1::", "::1:0:0:0:0:0:0", "::1:2:3:4:5:6", "1:0:0:1:0:0:1:1",
		"1:0:1:0:1:0:1:0", "0:1:0:1:0:1:0:1", "1:0:0:1:1:0:0:1", "2001:db8::1", "2001:db8:0:0:1::1",
		"2001:db8::1:0:0:1", "fe80::1", "ff02::1:ff00:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		"1:22:333:4444:a:bb:ccc:dddd", "0:0:0:0:0:0:0:1", "1:0:0:0:0:0:0:0", "::ffff:1:2",
		"::100:0", "64:ff9b::192.0.2.1", "::c000:201", "0:0:0:0:1:ffff:1.2.3.4",
	};
	struct nw_addr a;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		addr6(&a, edges[i]);
		check_addr(&a);
	}
}

/* Group values that make runs and the IPv4 forms likely. */
static uint16_t rnd_group(void)
{
	switch (rnd() % 8) {
	case 0:
	case 1:
	case 2:
		return 0;
	case 3:
		return 0xffff;
	case 4:
		return 1;
	case 5:
		return (uint16_t)(rnd() % 0x100);
	default:
		return (uint16_t)rnd();
	}
}

static void test_ipv6_vs_inet_ntop(void **state)
{
	struct nw_addr a = { .family = AF_INET6 };

	/* Every pattern of zero and non-zero groups, with several non-zero values. */
	for (unsigned mask = 0; mask < 256; mask++)
		for (unsigned k = 0; k < 12; k++) {
			static const uint16_t vals[] = { 1, 0xffff, 0xf, 0x10, 0xff, 0x100, 0xfff, 0x1000, 0xabcd, 0x102, 0xc000, 0x201 };

			for (int g = 0; g < 8; g++) {
				uint16_t w = mask & (1u << g) ? vals[(k + (unsigned)g) % 12] : 0;

				a.bytes[2 * g] = (uint8_t)(w >> 8);
				a.bytes[2 * g + 1] = (uint8_t)w;
			}
			check_addr(&a);
		}
	for (int i = 0; i < 200000; i++) {
		for (int g = 0; g < 8; g++) {
			uint16_t w = rnd_group();

			a.bytes[2 * g] = (uint8_t)(w >> 8);
			a.bytes[2 * g + 1] = (uint8_t)w;
		}
		check_addr(&a);
	}
	for (int i = 0; i < 100000; i++) {
		for (int j = 0; j < 16; j++)
			a.bytes[j] = (uint8_t)rnd();
		check_addr(&a);
	}
}

/* --- strings ------------------------------------------------------------------ */

/* An independent UTF-8 judge: decode, then reject overlong forms, surrogates and > U+10FFFF. */
static size_t ref_utf8_len(const unsigned char *s, size_t avail)
{
	uint32_t cp, min;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The escaper as specified in core/json.h, one byte at a time with printf. */
static size_t ref_escape(char *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0, i = 0;

	out[o++] = '"';
	while (i < n && s[i]) {
		size_t len = s[i] >= 0x80 ? ref_utf8_len(s + i, n - i) : 0;
		unsigned char c = s[i];

		if (len) {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
			continue;
		}
		if (c == '"' || c == '\\')
			o += (size_t)sprintf(out + o, "\\%c", c);
		else if (c == '\n')
			o += (size_t)sprintf(out + o, "\\n");
		else if (c == '\r')
			o += (size_t)sprintf(out + o, "\\r");
		else if (c == '\t')
			o += (size_t)sprintf(out + o, "\\t");
		else if (c == '\b')
			o += (size_t)sprintf(out + o, "\\b");
		else if (c == '\f')
			o += (size_t)sprintf(out + o, "\\f");
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)sprintf(out + o, "\\u%04x", c);
		else
			out[o++] = (char)c;
		i++;
	}
	out[o++] = '"';
	out[o] = '\0';
	return o;
}

/* Bytes that exercise every branch: controls, quotes, UTF-8 leads and continuations, plain text. */
static void rnd_bytes(char *s, size_t n)
{
	static const char *const pieces[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80",
					      "\xf4\x90\x80\x80", "\xe0\x80\xaf", "\xf0\x8f\xbf\xbf", "\xef\xbf\xbf" };

	for (size_t i = 0; i < n; i++) {
		uint64_t r = rnd();

		switch (r % 6) {
		case 0:
			s[i] = (char)(r >> 8 & 0x1f);
			break;
		case 1:
			s[i] = "\"\\/\x7f"[r >> 8 & 3];
			break;
		case 2:
			s[i] = (char)(0x80 | (r >> 8 & 0x7f));
			break;
		case 3: {
			const char *p = pieces[r >> 8 & 7];
			size_t len = strlen(p);

			if (i + len <= n) {
				memcpy(s + i, p, len);
				i += len - 1;
			} else {
				s[i] = 'x';
			}
			break;
		}
		default:
			s[i] = (char)(0x20 + (r >> 8) % 0x5f);
			break;
		}
	}
}

static void test_escaper_vs_reference(void **state)
{
	struct nw_jbuf b;
	char in[80], want[80 * 6 + 4];

	nw_jbuf_init(&b);
	for (int iter = 0; iter < 100000; iter++) {
		size_t n = rnd() % (sizeof(in) - 1);

		rnd_bytes(in, n);
		in[n] = '\0';
		/* NULs inside cut the string where they are, as strlen does. */
		ref_escape(want, in, n);
		nw_jbuf_reset(&b);
		nw_jbuf_str(&b, in);
		if (strcmp(b.data, want) != 0)
			fail_msg("escaping differs\n got: %s\nwant: %s", b.data, want);
		assert_int_equal(b.len, strlen(want));
	}
	nw_jbuf_free(&b);
}

/* --- whole packet events against the slow reference encoder ----------------- */

struct num_name {
	uint32_t value;
	const char *name;
};

static const char *ref_name(const struct num_name *t, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

/* The names as shared/DESIGN.md gives them (IEEE ethertypes, IANA protocols, RFC 826 opcodes). */
static const struct num_name ref_ethertypes[] = {
	{ 0x0800, "ipv4" }, { 0x0806, "arp" },	{ 0x86dd, "ipv6" }, { 0x8100, "vlan" }, { 0x88a8, "qinq" },
	{ 0x8035, "rarp" }, { 0x88cc, "lldp" }, { 0x8847, "mpls" }, { 0x8848, "mpls_mc" }, { 0x8864, "pppoe" },
	{ 0x8863, "pppoe_disc" }, { 0x888e, "eapol" }, { 0x0004, "802.2" }, { 0x0003, "all" },
};
static const struct num_name ref_protos[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipip" }, { 6, "tcp" }, { 17, "udp" },
	{ 41, "ipv6" }, { 47, "gre" }, { 50, "esp" }, { 51, "ah" }, { 58, "icmpv6" },
	{ 88, "eigrp" }, { 89, "ospf" }, { 103, "pim" }, { 112, "vrrp" }, { 115, "l2tp" },
	{ 132, "sctp" }, { 136, "udplite" }, { 262, "mptcp" },
};
/* capture/l2check.h's NW_L2_* bits, by name. */
static const char *const ref_l2_flags[] = {
	"dst_mismatch", "dst_was_ours", "neigh_conflict", "sender_flap", "gratuitous",
	"announce_missing", "req_unanswered", "reply", "no_dst_mac", "if_unknown",
};
static const struct num_name ref_arp_ops[] = {
	{ 1, "request" }, { 2, "reply" }, { 3, "rarp_request" }, { 4, "rarp_reply" },
	{ 8, "inarp_request" }, { 9, "inarp_reply" }, { 10, "nak" },
};
static const struct num_name ref_dirs[] = { { NW_DIR_UNKNOWN, "unknown" }, { NW_DIR_IN, "in" }, { NW_DIR_OUT, "out" } };

struct ref_out {
	char s[8192];
	size_t o;
};

static void __attribute__((format(printf, 2, 3))) rp(struct ref_out *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->o += (size_t)vsnprintf(r->s + r->o, sizeof(r->s) - r->o, fmt, ap);
	va_end(ap);
}

static void ref_str(struct ref_out *r, const char *s, size_t n)
{
	r->o += ref_escape(r->s + r->o, s, n);
}

static void ref_named(struct ref_out *r, const char *key, const struct num_name *t, size_t n, uint32_t v)
{
	const char *name = ref_name(t, n, v);

	if (name)
		rp(r, ",\"%s\":\"%s\"", key, name);
	else
		rp(r, ",\"%s\":%" PRIu32, key, v);
}

static void ref_mac_field(struct ref_out *r, const char *key, const struct nw_mac *m)
{
	char buf[NW_MAC_STRLEN];

	ref_mac(m, buf, sizeof(buf));
	if (m->len)
		rp(r, ",\"%s\":\"%s\"", key, buf);
	else
		rp(r, ",\"%s\":null", key);
}

static void ref_addr_field(struct ref_out *r, const char *key, const struct nw_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if ((a->family == AF_INET || a->family == AF_INET6) && inet_ntop(a->family, a->bytes, buf, sizeof(buf)))
		rp(r, ",\"%s\":\"%s\"", key, buf);
	else
		rp(r, ",\"%s\":null", key);
}

#define N(t) (sizeof(t) / sizeof((t)[0]))

static void ref_packet(struct ref_out *r, const struct nw_event *ev)
{
	const struct nw_packet_ev *p = &ev->u.packet;
	const char *ns = nw_nsreg_name(ev->netns_ino);
	const char *et = ref_name(ref_ethertypes, N(ref_ethertypes), p->ethertype);

	r->o = 0;
	rp(r, "{\"ts\":%" PRIu64 ".%09" PRIu64 ",\"id\":%" PRIu64 ",\"type\":", ev->ts / 1000000000u,
	   ev->ts % 1000000000u, ev->id);
	ref_str(r, nw_event_type_name(ev->type), SIZE_MAX);
	rp(r, ",\"origin\":");
	ref_str(r, nw_origin_name(ev->origin), SIZE_MAX);
	if (ev->netns_ino)
		rp(r, ",\"netns\":{\"inode\":%" PRIu64 ",\"name\":", ev->netns_ino);
	else
		rp(r, ",\"netns\":{\"inode\":null,\"name\":");
	if (*ns)
		ref_str(r, ns, SIZE_MAX);
	else
		rp(r, "null");
	if (ev->ifindex)
		rp(r, "},\"ifindex\":%" PRIu32 ",\"ifname\":", (uint32_t)ev->ifindex);
	else
		rp(r, "},\"ifindex\":null,\"ifname\":");
	if (ev->ifname[0])
		ref_str(r, ev->ifname, sizeof(ev->ifname));
	else
		rp(r, "null");
	ref_named(r, "dir", ref_dirs, N(ref_dirs), p->dir);
	rp(r, ",\"len\":%" PRIu32 ",\"caplen\":%" PRIu32 ",\"linktype\":%" PRIu32, (uint32_t)p->len,
	   (uint32_t)p->caplen, (uint32_t)p->linktype);
	ref_mac_field(r, "src_mac", &p->src_mac);
	ref_mac_field(r, "dst_mac", &p->dst_mac);
	if (!p->ethertype)
		rp(r, ",\"ethertype\":null,\"ethertype_num\":null");
	else if (et)
		rp(r, ",\"ethertype\":\"%s\",\"ethertype_num\":%u", et, p->ethertype);
	else
		rp(r, ",\"ethertype\":%u,\"ethertype_num\":%u", p->ethertype, p->ethertype);
	rp(r, ",\"vlan\":[");
	if (p->vlan[0])
		rp(r, "%u", p->vlan[0]);
	if (p->vlan[1])
		rp(r, "%s%u", p->vlan[0] ? "," : "", p->vlan[1]);
	rp(r, "]");
	ref_addr_field(r, "src", &p->src);
	ref_addr_field(r, "dst", &p->dst);
	if (p->l4proto) {
		ref_named(r, "proto", ref_protos, N(ref_protos), p->l4proto);
		rp(r, ",\"proto_num\":%u", p->l4proto);
	} else {
		rp(r, ",\"proto\":null,\"proto_num\":null");
	}
	if (p->l4proto == 6 || p->l4proto == 17)
		rp(r, ",\"sport\":%u,\"dport\":%u", p->sport, p->dport);
	else
		rp(r, ",\"sport\":null,\"dport\":null");
	if (p->l4proto == 6)
		rp(r, ",\"tcp_flags\":%u", p->tcp_flags);
	else
		rp(r, ",\"tcp_flags\":null");
	if (p->ethertype == 0x0806 && p->arp_op)
		ref_named(r, "arp_op", ref_arp_ops, N(ref_arp_ops), p->arp_op);
	else
		rp(r, ",\"arp_op\":null");
	if (p->l4proto == 1 || p->l4proto == 58)
		rp(r, ",\"icmp_type\":%u,\"icmp_code\":%u", p->arp_op >> 8, p->arp_op & 0xff);
	else
		rp(r, ",\"icmp_type\":null,\"icmp_code\":null");
	rp(r, ",\"partial\":%s,\"l2_flags\":[", p->partial ? "true" : "false");
	for (unsigned i = 0, n = 0; i < 32; i++)
		if (p->l2_flags & (1u << i) && i < N(ref_l2_flags))
			rp(r, "%s\"%s\"", n++ ? "," : "", ref_l2_flags[i]);
	if (p->l2_flags >> N(ref_l2_flags))
		rp(r, "%s\"0x%x\"", p->l2_flags & ((1u << N(ref_l2_flags)) - 1) ? "," : "",
		   p->l2_flags & ~((1u << N(ref_l2_flags)) - 1));
	rp(r, "],\"mac_mismatch\":%s,\"store_ref\":%" PRIu64 ",\"time\":",
	   p->l2_flags & NW_L2_DST_MISMATCH ? "true" : "false", (uint64_t)p->store_ref);
	if (p->wall_ns) {
		time_t sec = (time_t)(p->wall_ns / 1000000000u);
		struct tm tm;
		char day[32];

		gmtime_r(&sec, &tm);
		strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
		rp(r, "\"%s.%09" PRIu64 "Z\"}\n", day, p->wall_ns % 1000000000u);
	} else {
		rp(r, "null}\n");
	}
}

static uint32_t pick(const struct num_name *t, size_t n)
{
	/* Known values half the time, anything else otherwise. */
	return rnd() & 1 ? t[rnd() % n].value : (uint32_t)rnd_bits();
}

static void rnd_addr(struct nw_addr *a)
{
	static const uint8_t fams[] = { 0, AF_INET, AF_INET6, AF_INET6, AF_PACKET };

	memset(a, 0, sizeof(*a));
	a->family = fams[rnd() % sizeof(fams)];
	for (int g = 0; g < 8; g++) {
		uint16_t w = rnd_group();

		a->bytes[2 * g] = (uint8_t)(w >> 8);
		a->bytes[2 * g + 1] = (uint8_t)w;
	}
}

static void rnd_packet(struct nw_event *ev)
{
	struct nw_packet_ev *p = &ev->u.packet;
	size_t ifn = rnd() % (sizeof(ev->ifname) + 1);

	nw_event_init(ev, NW_EV_PACKET, (enum nw_origin)(rnd() % (NW_ORIGIN_COUNT + 1)));
	ev->ts = rnd_bits();
	ev->id = rnd_bits();
	ev->netns_ino = rnd() % 4;
	ev->ifindex = (uint32_t)rnd_bits();
	/* Fixed array, filled to the end at times: no terminating NUL then. */
	rnd_bytes(ev->ifname, ifn);
	if (ifn < sizeof(ev->ifname))
		ev->ifname[ifn] = '\0';
	p->dir = (uint8_t)pick(ref_dirs, N(ref_dirs));
	p->len = (uint32_t)rnd_bits();
	p->caplen = (uint32_t)rnd_bits();
	p->linktype = (uint16_t)rnd_bits();
	p->src_mac.len = (uint8_t)(rnd() % 3 ? 6 : rnd() % (NW_MAC_MAX + 2));
	p->dst_mac.len = (uint8_t)(rnd() % 3 ? 6 : 0);
	for (int i = 0; i < NW_MAC_MAX; i++) {
		p->src_mac.bytes[i] = (uint8_t)rnd();
		p->dst_mac.bytes[i] = (uint8_t)rnd();
	}
	p->ethertype = (uint16_t)(rnd() % 5 ? pick(ref_ethertypes, N(ref_ethertypes)) : 0);
	p->vlan[0] = (uint16_t)(rnd() % 3 ? 0 : rnd_bits());
	p->vlan[1] = (uint16_t)(rnd() % 3 ? 0 : rnd_bits());
	rnd_addr(&p->src);
	rnd_addr(&p->dst);
	p->l4proto = (uint8_t)(rnd() % 5 ? pick(ref_protos, N(ref_protos)) : 0);
	p->sport = (uint16_t)rnd_bits();
	p->dport = (uint16_t)rnd_bits();
	p->tcp_flags = (uint8_t)rnd();
	p->arp_op = (uint16_t)(rnd() & 1 ? pick(ref_arp_ops, N(ref_arp_ops)) : rnd_bits());
	p->partial = rnd() & 1;
	p->l2_flags = (uint32_t)rnd_bits();
	p->store_ref = rnd_bits();
	/* Capture times from 1970 to 2100, often the same second as the one before. */
	p->wall_ns = rnd() % 5 ? (rnd_bits() % 4102444800ull) * 1000000000ull + rnd() % 1000000000u : 0;
}

static void test_packets_vs_reference(void **state)
{
	static struct ref_out want;
	struct nw_jbuf b;
	struct nw_event ev;

	nw_nsreg_set(1, "nwtest-a");
	nw_nsreg_set(2, "ns \"quoted\" \\ \x01 caf\xc3\xa9 \xff");
	nw_jbuf_init(&b);
	for (int i = 0; i < 100000; i++) {
		rnd_packet(&ev);
		ref_packet(&want, &ev);
		nw_jbuf_reset(&b);
		nw_json_event(&b, &ev);
		if (strcmp(b.data, want.s) != 0)
			fail_msg("packet %d differs\n got: %s\nwant: %s", i, b.data, want.s);
		assert_int_equal(b.len, want.o);
	}
	nw_jbuf_free(&b);
	nw_nsreg_clear();
}

/* The longest packet line there can be fits the writer's one reservation with room to spare. */
static void test_packet_longest(void **state)
{
	static struct ref_out want;
	struct nw_jbuf b;
	struct nw_event ev;
	struct nw_packet_ev *p = &ev.u.packet;
	size_t longest = 0;

	nw_jbuf_init(&b);
	nw_event_init(&ev, NW_EV_PACKET, NW_ORIGIN_PCAP);
	ev.ts = ev.id = UINT64_MAX;
	ev.ifindex = INT32_MAX;
	p->len = p->caplen = UINT32_MAX;
	p->linktype = UINT16_MAX;
	p->src_mac.len = p->dst_mac.len = NW_MAC_MAX;
	memset(p->src_mac.bytes, 0xff, NW_MAC_MAX);
	memset(p->dst_mac.bytes, 0xff, NW_MAC_MAX);
	p->vlan[0] = p->vlan[1] = UINT16_MAX;
	addr6(&p->src, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	addr6(&p->dst, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	p->sport = p->dport = UINT16_MAX;
	p->tcp_flags = UINT8_MAX;
	p->partial = true;
	p->l2_flags = UINT32_MAX;
	p->store_ref = UINT64_MAX;
	p->wall_ns = UINT64_MAX;
	/* Every ethertype and protocol: each name or number is within the bound. */
	for (uint32_t et = 0; et <= 0xffff; et += et < 0x9000 ? 1u : 0x101u) {
		p->ethertype = (uint16_t)et;
		for (uint32_t proto = 0; proto < 256; proto += et == 0x0806 || et == 0x0800 ? 1u : 17u) {
			p->l4proto = (uint8_t)proto;
			p->arp_op = et == 0x0806 ? (uint16_t)(proto % 12) : UINT16_MAX;
			nw_jbuf_reset(&b);
			nw_json_event(&b, &ev);
			ref_packet(&want, &ev);
			assert_string_equal(b.data, want.s);
			if (b.len > longest)
				longest = b.len;
		}
	}
	/* Header (~140 bytes here) plus the body the writer reserves 1536 bytes for. */
	assert_true(longest < 140 + 1536 / 2);
	nw_jbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64_vs_printf),
		cmocka_unit_test(test_i64_vs_printf),
		cmocka_unit_test(test_ts_vs_printf),
		cmocka_unit_test(test_mac_vs_printf),
		cmocka_unit_test(test_ipv4_vs_inet_ntop),
		cmocka_unit_test(test_ipv6_edges),
		cmocka_unit_test(test_ipv6_vs_inet_ntop),
		cmocka_unit_test(test_escaper_vs_reference),
		cmocka_unit_test(test_packets_vs_reference),
		cmocka_unit_test(test_packet_longest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
