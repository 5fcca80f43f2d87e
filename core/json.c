// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON Lines encoding of events.  Output is compact (no spaces) and
 * deterministic: every event of a type has the same keys in the same order,
 * absent values are null.  The buffer grows to the largest line seen and is
 * then reused, so encoding allocates nothing per event after warm-up.
 *
 * Kernel values (drop reasons, NUD states, errnos, syscalls) are named
 * through core/names.h at run time.  Protocol numbers that are fixed by
 * standards (ethertypes, IP protocols, ARP opcodes) and UAPI constants (IFF_*,
 * IF_OPER_*, PACKET_*, AF_*, SOCK_*) are named from small tables here; an
 * unknown one prints as a number.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/diag/findings.h"
#include "core/diag/route_model.h"
#include "core/json.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"

void nw_jbuf_init(struct nw_jbuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void nw_jbuf_free(struct nw_jbuf *b)
{
	free(b->data);
	nw_jbuf_init(b);
}

void nw_jbuf_reset(struct nw_jbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/*
 * Room for n more bytes plus a terminating NUL.  The internal writers below
 * do not terminate after every piece; the public entry points do.
 */
static void jb_grow(struct nw_jbuf *b, size_t n)
{
	size_t need = b->len + n + 1;
	size_t cap = b->cap ? b->cap : 256;

	while (cap < need)
		cap *= 2;
	b->data = nw_xrealloc(b->data, cap);
	b->cap = cap;
}

static inline void jb_reserve(struct nw_jbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		jb_grow(b, n);
}

/*
 * Direct writing: reserve a field's worst case once, write through a pointer,
 * then set the length from where the pointer ended.
 */
static inline char *jb_at(struct nw_jbuf *b, size_t n)
{
	jb_reserve(b, n);
	return b->data + b->len;
}

static inline void jb_set(struct nw_jbuf *b, const char *p)
{
	b->len = (size_t)(p - b->data);
}

/* A string literal at p; evaluates to the position after it. */
#define W_LIT(p, lit) ((char *)memcpy((p), (lit), sizeof(lit) - 1) + sizeof(lit) - 1)
/* ,"key": for a literal key */
#define W_KEY(p, key) W_LIT((p), ",\"" key "\":")

static inline void jb_raw(struct nw_jbuf *b, const char *s, size_t n)
{
	jb_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

static inline void jb_term(struct nw_jbuf *b)
{
	jb_reserve(b, 0);
	b->data[b->len] = '\0';
}

void nw_jbuf_raw(struct nw_jbuf *b, const char *s, size_t n)
{
	jb_raw(b, s, n);
	jb_term(b);
}

static inline void jb_lit(struct nw_jbuf *b, const char *s)
{
	jb_raw(b, s, strlen(s));
}

static inline void jb_ch(struct nw_jbuf *b, char c)
{
	jb_reserve(b, 1);
	b->data[b->len++] = c;
}

void nw_jbuf_printf(struct nw_jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	jb_reserve(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		jb_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* Length of the valid UTF-8 sequence at s (1..4, at most avail), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	/* Reject overlong forms, surrogates and code points above U+10FFFF. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* Bytes that are not copied as they are: control characters, '"', '\\', DEL, and non-ASCII (checked as UTF-8). */
static const uint8_t esc_class[256] = {
	[0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f ... 0xff] = 1,
};

/* The body of a JSON string for the n bytes at str (no NUL among them); p has room for 6 * n. */
static char *w_esc(char *p, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *end = s + n;

	while (s < end) {
		unsigned char c = *s;
		size_t len;

		if (!esc_class[c]) {
			*p++ = (char)c;
			s++;
			continue;
		}
		if (c >= 0x80) {
			len = utf8_seq(s, (size_t)(end - s));
			if (len) {
				memcpy(p, s, len);
				p += len;
				s += len;
				continue;
			}
		}
		*p++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*p++ = (char)c;
			break;
		case '\n':
			*p++ = 'n';
			break;
		case '\r':
			*p++ = 'r';
			break;
		case '\t':
			*p++ = 't';
			break;
		case '\b':
			*p++ = 'b';
			break;
		case '\f':
			*p++ = 'f';
			break;
		default:
			/* Other control characters, DEL and bytes that are not UTF-8. */
			p = W_LIT(p, "u00");
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
			break;
		}
		s++;
	}
	return p;
}

/* Writes the n bytes at str (no NUL among them) as a JSON string. */
static void jb_strn(struct nw_jbuf *b, const char *str, size_t n)
{
	char *p = jb_at(b, 6 * n + 2);

	*p++ = '"';
	p = w_esc(p, str, n);
	*p++ = '"';
	jb_set(b, p);
}

static void jb_str(struct nw_jbuf *b, const char *s)
{
	jb_strn(b, s, strlen(s));
}

/*
 * A name that is the same string for many events in a row (the event's type
 * and origin, from core/event.c's constant tables): escaped once, then copied
 * while the pointer is the same.
 */
struct name_memo {
	const char *name;
	size_t len;
	char json[64];
};

static void jb_str_memo(struct nw_jbuf *b, struct name_memo *m, const char *name)
{
	if (m->name != name) {
		size_t n = strlen(name);
		char *p;

		if (6 * n + 2 > sizeof(m->json)) {
			jb_str(b, name);
			return;
		}
		p = m->json;
		*p++ = '"';
		p = w_esc(p, name, n);
		*p++ = '"';
		m->len = (size_t)(p - m->json);
		m->name = name;
	}
	memcpy(jb_at(b, m->len), m->json, m->len);
	b->len += m->len;
}

void nw_jbuf_str(struct nw_jbuf *b, const char *s)
{
	jb_str(b, s);
	jb_term(b);
}

/* --- value writers at a pointer; the caller has reserved their worst case ----- */

/* Worst cases: a number, a quoted MAC, a quoted address, a ts. */
#define W_U64_MAX (NW_U64_STRLEN - 1)
#define W_MAC_MAX (NW_MAC_STRLEN + 1)
#define W_ADDR_MAX (NW_ADDR_STRLEN + 1)
#define W_TS_MAX (W_U64_MAX + 10)

static inline char *w_u64(char *p, uint64_t v)
{
	if (v < 10) { /* flags, counts, booleans as numbers: most values in a line */
		*p = (char)('0' + v);
		return p + 1;
	}
	return p + nw_put_u64(p, v);
}

static inline char *w_i64(char *p, int64_t v)
{
	if (v >= 0)
		return w_u64(p, (uint64_t)v);
	*p++ = '-';
	return w_u64(p, -(uint64_t)v);
}

/* Seconds with 9 decimals: the nanoseconds plus 10^9 are "1" and the 9 digits; the "1" becomes the dot. */
static inline char *w_ts(char *p, uint64_t ts)
{
	p = w_u64(p, ts / 1000000000u);
	nw_put_u64(p, ts % 1000000000u + 1000000000u);
	*p = '.';
	return p + 10;
}

static inline char *w_bool(char *p, bool v)
{
	return v ? W_LIT(p, "true") : W_LIT(p, "false");
}

/* Hex digits of v, at least width of them, like "%0*x". */
static char *w_hex(char *p, uint64_t v, int width)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hex[v & 0xf];
		v >>= 4;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Hex, digits and colons need no escaping: written between quotes as they are. */
static inline char *w_mac(char *p, const struct nw_mac *mac)
{
	if (!mac->len)
		return W_LIT(p, "null");
	*p++ = '"';
	p += nw_put_mac(p, mac);
	*p++ = '"';
	return p;
}

static inline char *w_addr(char *p, const struct nw_addr *addr)
{
	size_t n = addr->family ? nw_put_addr(p + 1, addr) : 0;

	if (!n)
		return W_LIT(p, "null"); /* no address, or a family other than IPv4/IPv6 */
	p[0] = '"';
	p[n + 1] = '"';
	return p + n + 2;
}

/* --- field writers: every key after the first is preceded by a comma ---------- */

static inline void jk(struct nw_jbuf *b, const char *key)
{
	size_t n = strlen(key);
	char *p = jb_at(b, n + 4);

	p[0] = ',';
	p[1] = '"';
	memcpy(p + 2, key, n);
	p[n + 2] = '"';
	p[n + 3] = ':';
	b->len += n + 4;
}

/* Decimal digits without printf: numbers are most of every line. */
static void jb_u64(struct nw_jbuf *b, uint64_t v)
{
	jb_set(b, w_u64(jb_at(b, W_U64_MAX), v));
}

static void j_u64(struct nw_jbuf *b, const char *key, uint64_t v)
{
	jk(b, key);
	jb_u64(b, v);
}

static void j_i64(struct nw_jbuf *b, const char *key, int64_t v)
{
	jk(b, key);
	jb_set(b, w_i64(jb_at(b, W_U64_MAX + 1), v));
}

void nw_jbuf_key(struct nw_jbuf *b, const char *key)
{
	jk(b, key);
	jb_term(b);
}

void nw_jbuf_u64(struct nw_jbuf *b, uint64_t v)
{
	jb_u64(b, v);
	jb_term(b);
}

void nw_jbuf_i64(struct nw_jbuf *b, int64_t v)
{
	jb_set(b, w_i64(jb_at(b, W_U64_MAX + 1), v));
	jb_term(b);
}

void nw_jbuf_ts(struct nw_jbuf *b, uint64_t ns)
{
	jb_set(b, w_ts(jb_at(b, W_TS_MAX), ns));
	jb_term(b);
}

static void j_bool(struct nw_jbuf *b, const char *key, bool v)
{
	jk(b, key);
	jb_set(b, w_bool(jb_at(b, 5), v));
}

static void j_null(struct nw_jbuf *b, const char *key)
{
	jk(b, key);
	jb_lit(b, "null");
}

/* A fixed-size char array from an event: bounded, null when empty. */
#define j_arr(b, key, arr) j_strn((b), (key), (arr), sizeof(arr))

static void j_strn(struct nw_jbuf *b, const char *key, const char *s, size_t n)
{
	jk(b, key);
	n = strnlen(s, n);
	if (n)
		jb_strn(b, s, n);
	else
		jb_lit(b, "null");
}

static void j_mac(struct nw_jbuf *b, const char *key, const struct nw_mac *mac)
{
	jk(b, key);
	jb_set(b, w_mac(jb_at(b, W_MAC_MAX), mac));
}

static void j_addr(struct nw_jbuf *b, const char *key, const struct nw_addr *addr)
{
	jk(b, key);
	jb_set(b, w_addr(jb_at(b, W_ADDR_MAX), addr));
}

/* "0x" and hex digits, quoted. */
static void jb_hexq(struct nw_jbuf *b, uint64_t v, int width)
{
	char *p = jb_at(b, 20);

	p = W_LIT(p, "\"0x");
	p = w_hex(p, v, width);
	*p++ = '"';
	jb_set(b, p);
}

struct num_name {
	uint32_t value;
	const char *name;
};

static const char *num_name(const struct num_name *t, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

/*
 * The names in this file's tables are plain ASCII (letters, digits, '_', '.'):
 * written between quotes without the escaper.  NAME_MAX_LEN bounds them for
 * the packet writer's reservation (tests/unit/test_core_json_fmt.c checks the
 * longest output).
 */
#define NAME_MAX_LEN 16

static inline char *w_name(char *p, const char *name)
{
	size_t n = strlen(name);

	*p++ = '"';
	memcpy(p, name, n);
	p[n] = '"';
	return p + n + 1;
}

/* A name from a table, or the number itself when unknown; at most W_U64_MAX bytes. */
static char *w_named(char *p, const struct num_name *t, size_t n, uint32_t v)
{
	const char *name = num_name(t, n, v);

	return name ? w_name(p, name) : w_u64(p, v);
}

/* A name from a fixed table, or the number itself when unknown. */
static void j_named(struct nw_jbuf *b, const char *key, const struct num_name *t, size_t n, uint32_t v)
{
	jk(b, key);
	jb_set(b, w_named(jb_at(b, W_U64_MAX), t, n, v));
}

/* Names from a runtime table (core/names.h), "prefix#N" when unknown. */
static void j_kname(struct nw_jbuf *b, const char *key, enum nw_names_table table, int64_t v)
{
	char buf[48];

	jk(b, key);
	jb_str(b, nw_names_get(nw_names_table(table), v, buf, sizeof(buf)));
}

static void j_nud(struct nw_jbuf *b, const char *key, uint16_t state)
{
	char buf[128];

	jk(b, key);
	jb_str(b, nw_names_get_flags(nw_names_table(NW_NAMES_NUD), state, buf, sizeof(buf)));
}

static void j_errno(struct nw_jbuf *b, const char *key, int err)
{
	char buf[32];

	if (!err) {
		j_null(b, key);
		return;
	}
	jk(b, key);
	jb_str(b, nw_errno_name(err, buf, sizeof(buf)));
}

/* Standard numbers (IEEE ethertypes, IANA protocols, RFC 826 opcodes) and Linux UAPI constants. */
static const struct num_name ethertypes[] = {
	{ 0x0800, "ipv4" }, { 0x0806, "arp" },	{ 0x86dd, "ipv6" }, { 0x8100, "vlan" }, { 0x88a8, "qinq" },
	{ 0x8035, "rarp" }, { 0x88cc, "lldp" }, { 0x8847, "mpls" }, { 0x8848, "mpls_mc" }, { 0x8864, "pppoe" },
	{ 0x8863, "pppoe_disc" }, { 0x888e, "eapol" }, { 0x0004, "802.2" }, { 0x0003, "all" },
};

static const struct num_name ipprotos[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipip" }, { 6, "tcp" }, { 17, "udp" },
	{ 41, "ipv6" }, { 47, "gre" }, { 50, "esp" }, { 51, "ah" }, { 58, "icmpv6" },
	{ 103, "pim" }, { 112, "vrrp" }, { 132, "sctp" }, { 136, "udplite" }, { 262, "mptcp" },
};

static const struct num_name arp_ops[] = {
	{ 1, "request" }, { 2, "reply" }, { 3, "rarp_request" }, { 4, "rarp_reply" },
	{ 8, "inarp_request" }, { 9, "inarp_reply" }, { 10, "nak" },
};

static const struct num_name families[] = {
	{ AF_UNSPEC, "unspec" }, { AF_UNIX, "unix" },	  { AF_INET, "inet" },
	{ AF_INET6, "inet6" },	 { AF_NETLINK, "netlink" }, { AF_PACKET, "packet" },
	{ AF_BRIDGE, "bridge" }, { AF_VSOCK, "vsock" },	  { AF_XDP, "xdp" },
};

static const struct num_name sock_types[] = {
	{ SOCK_STREAM, "stream" }, { SOCK_DGRAM, "dgram" },	{ SOCK_RAW, "raw" },
	{ SOCK_RDM, "rdm" },	   { SOCK_SEQPACKET, "seqpacket" }, { SOCK_PACKET, "packet" },
};

/* <linux/if_packet.h> PACKET_* (UAPI); spelled out so core needs no kernel header. */
static const struct num_name pkt_types[] = {
	{ 0, "host" }, { 1, "broadcast" }, { 2, "multicast" }, { 3, "otherhost" }, { 4, "outgoing" }, { 5, "loopback" },
};

/* RFC 2863 operational states as IF_OPER_* (UAPI <linux/if.h>), spelled like ip(8). */
static const struct num_name operstates[] = {
	{ 0, "UNKNOWN" }, { 1, "NOTPRESENT" }, { 2, "DOWN" }, { 3, "LOWERLAYERDOWN" },
	{ 4, "TESTING" }, { 5, "DORMANT" },    { 6, "UP" },
};

/*
 * IFF_* device flags.  The first sixteen are in <net/if.h>; LOWER_UP, DORMANT
 * and ECHO (bits 16-18) are only in <linux/if.h>, so they are numbers here.
 */
static const struct num_name iff_names[] = {
	{ IFF_UP, "UP" },
	{ IFF_BROADCAST, "BROADCAST" },
	{ IFF_DEBUG, "DEBUG" },
	{ IFF_LOOPBACK, "LOOPBACK" },
	{ IFF_POINTOPOINT, "POINTOPOINT" },
	{ IFF_NOTRAILERS, "NOTRAILERS" },
	{ IFF_RUNNING, "RUNNING" },
	{ IFF_NOARP, "NOARP" },
	{ IFF_PROMISC, "PROMISC" },
	{ IFF_ALLMULTI, "ALLMULTI" },
	{ IFF_MASTER, "MASTER" },
	{ IFF_SLAVE, "SLAVE" },
	{ IFF_MULTICAST, "MULTICAST" },
	{ IFF_PORTSEL, "PORTSEL" },
	{ IFF_AUTOMEDIA, "AUTOMEDIA" },
	{ IFF_DYNAMIC, "DYNAMIC" },
	{ 1u << 16, "LOWER_UP" },
	{ 1u << 17, "DORMANT" },
	{ 1u << 18, "ECHO" },
};

static void j_iff(struct nw_jbuf *b, const char *key, uint32_t flags)
{
	uint32_t rest = flags;
	bool first = true;

	jk(b, key);
	jb_ch(b, '[');
	for (size_t i = 0; i < NW_ARRAY_SIZE(iff_names); i++) {
		if (!(flags & iff_names[i].value))
			continue;
		if (!first)
			jb_ch(b, ',');
		first = false;
		jb_str(b, iff_names[i].name);
		rest &= ~iff_names[i].value;
	}
	if (rest) {
		if (!first)
			jb_ch(b, ',');
		jb_hexq(b, rest, 0);
	}
	jb_ch(b, ']');
}

static void j_family(struct nw_jbuf *b, const char *key, uint32_t family)
{
	j_named(b, key, families, NW_ARRAY_SIZE(families), family);
}

/* null for 0, a name, or "0x%04x"; at most 12 bytes. */
static char *w_ethertype(char *p, uint32_t et)
{
	const char *name = num_name(ethertypes, NW_ARRAY_SIZE(ethertypes), et);

	if (!et)
		return W_LIT(p, "null");
	if (name)
		return w_name(p, name);
	p = W_LIT(p, "\"0x");
	p = w_hex(p, et, 4);
	*p++ = '"';
	return p;
}

static void j_ethertype(struct nw_jbuf *b, const char *key, uint32_t et)
{
	jk(b, key);
	jb_set(b, w_ethertype(jb_at(b, 12), et));
}

static void j_proto(struct nw_jbuf *b, const char *key, uint32_t proto)
{
	if (!proto)
		j_null(b, key);
	else
		j_named(b, key, ipprotos, NW_ARRAY_SIZE(ipprotos), proto);
}

static void j_arp_op(struct nw_jbuf *b, const char *key, uint32_t op)
{
	if (!op)
		j_null(b, key);
	else
		j_named(b, key, arp_ops, NW_ARRAY_SIZE(arp_ops), op);
}

/*
 * tc(8) spelling: "8003:" when the minor is 0 (a qdisc, or a class's parent
 * qdisc), "1:10" for a class, special parents by name.  A parent of 0
 * (TC_H_UNSPEC) is null; a handle of 0 (noqueue) is "0:".
 */
#define NW_TC_H_ROOT 0xffffffffu
#define NW_TC_H_INGRESS 0xfffffff1u

/* "%x:" or "%x:%x", quoted. */
static char *w_tc_handle(char *p, uint32_t h)
{
	*p++ = '"';
	p = w_hex(p, h >> 16, 0);
	*p++ = ':';
	if (h & 0xffff)
		p = w_hex(p, h & 0xffff, 0);
	*p++ = '"';
	return p;
}

static void j_tc_handle(struct nw_jbuf *b, const char *key, uint32_t h, bool zero_is_null)
{
	jk(b, key);
	if (h == NW_TC_H_ROOT)
		jb_lit(b, "\"root\"");
	else if (h == NW_TC_H_INGRESS)
		jb_lit(b, "\"ingress\"");
	else if (h == 0 && zero_is_null)
		jb_lit(b, "null");
	else
		jb_set(b, w_tc_handle(jb_at(b, 12), h));
}

/* --- per type ------------------------------------------------------------------- */

/*
 * The hot path (every captured frame): one reservation for the whole body,
 * then straight writes.  Longest body: ~330 bytes of keys and punctuation,
 * 2 quoted MACs (2 x 25), 2 quoted addresses (2 x 47, IPv6 at most 41), 3
 * table names (<= NAME_MAX_LEN + 2 each, or a number), the vlan list (13)
 * and 12 numbers (<= 20 each): under 1 KiB, reserved with room to spare.
 */
#define PACKET_BODY_MAX 1024

static void json_packet(struct nw_jbuf *b, const struct nw_packet_ev *pk)
{
	static const struct num_name dirs[] = { { NW_DIR_UNKNOWN, "unknown" }, { NW_DIR_IN, "in" }, { NW_DIR_OUT, "out" } };
	bool is_arp = pk->ethertype == 0x0806;
	bool is_icmp = pk->l4proto == 1 || pk->l4proto == 58;
	char *p = jb_at(b, PACKET_BODY_MAX);

	p = w_named(W_KEY(p, "dir"), dirs, NW_ARRAY_SIZE(dirs), pk->dir);
	p = w_u64(W_KEY(p, "len"), pk->len);
	p = w_u64(W_KEY(p, "caplen"), pk->caplen);
	p = w_u64(W_KEY(p, "linktype"), pk->linktype);
	p = w_mac(W_KEY(p, "src_mac"), &pk->src_mac);
	p = w_mac(W_KEY(p, "dst_mac"), &pk->dst_mac);
	p = w_ethertype(W_KEY(p, "ethertype"), pk->ethertype);
	p = W_LIT(W_KEY(p, "vlan"), "[");
	if (pk->vlan[0])
		p = w_u64(p, pk->vlan[0]);
	if (pk->vlan[1]) {
		if (pk->vlan[0])
			*p++ = ',';
		p = w_u64(p, pk->vlan[1]);
	}
	*p++ = ']';
	p = w_addr(W_KEY(p, "src"), &pk->src);
	p = w_addr(W_KEY(p, "dst"), &pk->dst);
	p = W_KEY(p, "proto");
	p = pk->l4proto ? w_named(p, ipprotos, NW_ARRAY_SIZE(ipprotos), pk->l4proto) : W_LIT(p, "null");
	p = w_u64(W_KEY(p, "sport"), pk->sport);
	p = w_u64(W_KEY(p, "dport"), pk->dport);
	p = w_u64(W_KEY(p, "tcp_flags"), pk->tcp_flags);
	/* arp_op carries ICMP type<<8|code for ICMP packets (event.h). */
	p = W_KEY(p, "arp_op");
	if (is_arp && pk->arp_op)
		p = w_named(p, arp_ops, NW_ARRAY_SIZE(arp_ops), pk->arp_op);
	else
		p = W_LIT(p, "null");
	if (is_icmp) {
		p = w_u64(W_KEY(p, "icmp_type"), pk->arp_op >> 8);
		p = w_u64(W_KEY(p, "icmp_code"), pk->arp_op & 0xff);
	} else {
		p = W_LIT(p, ",\"icmp_type\":null,\"icmp_code\":null");
	}
	p = w_bool(W_KEY(p, "partial"), pk->partial);
	p = w_u64(W_KEY(p, "l2_flags"), pk->l2_flags);
	p = w_bool(W_KEY(p, "mac_mismatch"), pk->l2_flags & NW_L2_DST_MISMATCH);
	p = w_u64(W_KEY(p, "store_ref"), pk->store_ref);
	jb_set(b, p);
}

static void json_neigh(struct nw_jbuf *b, const struct nw_neigh_ev *n)
{
	static const struct num_name ops[] = {
		{ NW_NEIGH_SNAPSHOT, "snapshot" }, { NW_NEIGH_NEW, "new" },     { NW_NEIGH_UPDATE, "update" },
		{ NW_NEIGH_DEL, "del" },	   { NW_NEIGH_TIMER, "timer" }, { NW_NEIGH_CREATE_FAIL, "create_fail" },
	};

	j_named(b, "op", ops, NW_ARRAY_SIZE(ops), n->op);
	j_family(b, "family", n->family);
	j_addr(b, "ip", &n->ip);
	j_mac(b, "lladdr", &n->lladdr);
	j_nud(b, "state", n->state);
	if (n->prev_state)
		j_nud(b, "prev_state", n->prev_state);
	else
		j_null(b, "prev_state"); /* 0 = not known (event.h) */
	j_u64(b, "probes", n->probes);
	j_errno(b, "error", n->error);
	j_u64(b, "flags", n->flags);
	j_u64(b, "dev_flags", n->dev_flags);
	j_bool(b, "noarp", n->dev_flags & IFF_NOARP); /* IFF_NOARP = 0x80 */
}

static void json_neigh_table(struct nw_jbuf *b, const struct nw_neigh_table_ev *t)
{
	j_arr(b, "name", t->name);
	j_family(b, "family", t->family);
	j_u64(b, "gc_thresh1", t->gc_thresh1);
	j_u64(b, "gc_thresh2", t->gc_thresh2);
	j_u64(b, "gc_thresh3", t->gc_thresh3);
	j_u64(b, "entries", t->entries);
	j_u64(b, "allocs", t->allocs);
	j_u64(b, "destroys", t->destroys);
	j_u64(b, "hash_grows", t->hash_grows);
	j_u64(b, "res_failed", t->res_failed);
	j_u64(b, "lookups", t->lookups);
	j_u64(b, "hits", t->hits);
	j_u64(b, "rcv_probes_mcast", t->rcv_probes_mcast);
	j_u64(b, "rcv_probes_ucast", t->rcv_probes_ucast);
	j_u64(b, "periodic_gc_runs", t->periodic_gc_runs);
	j_u64(b, "forced_gc_runs", t->forced_gc_runs);
	j_u64(b, "table_fulls", t->table_fulls);
	j_u64(b, "ucast_probes", t->ucast_probes);
	j_u64(b, "mcast_probes", t->mcast_probes);
	j_u64(b, "app_probes", t->app_probes);
	j_u64(b, "mcast_reprobes", t->mcast_reprobes);
	j_u64(b, "retrans_time_ms", t->retrans_time_ms);
}

static void json_qdisc(struct nw_jbuf *b, const struct nw_qdisc_ev *q)
{
	static const struct num_name ops[] = {
		{ NW_QDISC_STATS, "stats" }, { NW_QDISC_DEL, "del" }, { NW_QDISC_ENQUEUE, "enqueue" }, { NW_QDISC_DROP, "drop" },
	};
	bool per_packet = q->op == NW_QDISC_ENQUEUE || q->op == NW_QDISC_DROP;

	j_named(b, "op", ops, NW_ARRAY_SIZE(ops), q->op);
	j_bool(b, "class", q->is_class);
	j_arr(b, "kind", q->kind);
	j_tc_handle(b, "handle", q->handle, false);
	j_tc_handle(b, "parent", q->parent, true);
	j_u64(b, "bytes", q->bytes);
	j_u64(b, "packets", q->packets);
	j_u64(b, "drops", q->drops);
	j_u64(b, "overlimits", q->overlimits);
	j_u64(b, "requeues", q->requeues);
	j_u64(b, "qlen", q->qlen);
	j_u64(b, "backlog", q->backlog);
	if (q->direct_qlen == UINT32_MAX)
		j_null(b, "direct_qlen");
	else
		j_u64(b, "direct_qlen", q->direct_qlen);
	j_u64(b, "defcls", q->defcls);
	j_u64(b, "direct_packets", q->direct_packets);
	j_u64(b, "rate_bps", q->rate_bps);
	if (q->op == NW_QDISC_DROP)
		j_kname(b, "reason", NW_NAMES_DROP_REASON, q->drop_reason);
	else
		j_null(b, "reason");
	jk(b, "pkt");
	if (!per_packet) {
		jb_lit(b, "null");
		return;
	}
	/* The packet object reuses jk(), which writes a leading comma: open with its first key by hand. */
	jb_lit(b, "{\"ethertype\":");
	jb_set(b, w_ethertype(jb_at(b, 12), q->pkt_ethertype));
	if (q->pkt_ethertype == 0x0806)
		j_arp_op(b, "arp_op", q->pkt_arp_op);
	else
		j_null(b, "arp_op");
	j_proto(b, "proto", q->pkt_l4proto);
	j_u64(b, "tcp_flags", q->pkt_tcp_flags);
	j_addr(b, "src", &q->pkt_src);
	j_addr(b, "dst", &q->pkt_dst);
	jb_ch(b, '}');
}

static void json_drop(struct nw_jbuf *b, const struct nw_drop_ev *d)
{
	bool is_arp = d->protocol == 0x0806;

	j_kname(b, "reason", NW_NAMES_DROP_REASON, d->reason);
	j_ethertype(b, "protocol", d->protocol);
	j_proto(b, "proto", d->l4proto);
	j_named(b, "pkt_type", pkt_types, NW_ARRAY_SIZE(pkt_types), d->pkt_type);
	jk(b, "location");
	jb_hexq(b, d->location, 0);
	j_arr(b, "location_sym", d->location_sym);
	j_addr(b, "src", &d->src);
	j_addr(b, "dst", &d->dst);
	j_u64(b, "sport", d->sport);
	j_u64(b, "dport", d->dport);
	j_mac(b, "src_mac", &d->src_mac);
	j_mac(b, "dst_mac", &d->dst_mac);
	if (is_arp)
		j_arp_op(b, "arp_op", d->arp_op);
	else
		j_null(b, "arp_op");
	j_mac(b, "arp_sha", &d->arp_sha);
	j_addr(b, "arp_spa", &d->arp_spa);
	j_mac(b, "arp_tha", &d->arp_tha);
	j_addr(b, "arp_tpa", &d->arp_tpa);
	if (d->count > 1)
		j_u64(b, "count", d->count); /* an aggregated report; absent = 1 */
}

/* A socket's identity, shared by sock_err and sock: family, type, protocol, ends, netlink port. */
struct sock_id {
	uint16_t family, protocol;
	uint8_t type;
	const struct nw_addr *laddr, *raddr;
	uint16_t lport, rport;
	uint32_t nl_portid, nl_groups;
};

static void j_sock_id(struct nw_jbuf *b, const struct sock_id *id)
{
	j_family(b, "family", id->family);
	/* "sock_type", not "type": the event's own "type" key is already taken. */
	if (id->type)
		j_named(b, "sock_type", sock_types, NW_ARRAY_SIZE(sock_types), id->type);
	else
		j_null(b, "sock_type");
	if (id->family == AF_INET || id->family == AF_INET6)
		j_proto(b, "protocol", id->protocol);
	else
		j_u64(b, "protocol", id->protocol); /* NETLINK_* and others: the number */
	j_addr(b, "laddr", id->laddr);
	j_u64(b, "lport", id->lport);
	j_addr(b, "raddr", id->raddr);
	j_u64(b, "rport", id->rport);
	j_u64(b, "nl_portid", id->nl_portid);
	j_u64(b, "nl_groups", id->nl_groups);
}

static void json_sock(struct nw_jbuf *b, const struct nw_sock_ev *s)
{
	static const struct num_name origins[] = { { NW_SOCKERR_SYSCALL, "syscall" }, { NW_SOCKERR_ASYNC, "async" } };

	/* "err_origin", not "origin": the event's own "origin" (bpf, netlink) is already a key. */
	j_named(b, "err_origin", origins, NW_ARRAY_SIZE(origins), s->origin);
	j_u64(b, "pid", s->pid);
	j_u64(b, "tid", s->tid);
	j_arr(b, "comm", s->comm);
	j_i64(b, "fd", s->fd);
	if (s->syscall < 0)
		j_null(b, "syscall");
	else
		j_kname(b, "syscall", NW_NAMES_SYSCALL, s->syscall);
	j_errno(b, "errno", s->err);
	j_sock_id(b, &(struct sock_id){ .family = s->sk_family, .protocol = s->sk_protocol, .type = s->sk_type,
				      .laddr = &s->laddr, .raddr = &s->raddr, .lport = s->lport, .rport = s->rport,
				      .nl_portid = s->nl_portid, .nl_groups = s->nl_groups });
	j_u64(b, "sk_cookie", s->sk_cookie);
}

static void json_link(struct nw_jbuf *b, const struct nw_link_ev *l)
{
	static const struct num_name ops[] = {
		{ NW_LINK_SNAPSHOT, "snapshot" }, { NW_LINK_NEW, "new" }, { NW_LINK_CHANGE, "change" }, { NW_LINK_DEL, "del" },
	};

	j_named(b, "op", ops, NW_ARRAY_SIZE(ops), l->op);
	j_mac(b, "mac", &l->mac);
	j_mac(b, "prev_mac", &l->prev_mac);
	j_iff(b, "flags", l->flags);
	j_u64(b, "mtu", l->mtu);
	j_u64(b, "txqlen", l->txqlen);
	j_named(b, "operstate", operstates, NW_ARRAY_SIZE(operstates), l->operstate);
	j_arr(b, "kind", l->kind);
	if (l->master > 0)
		j_i64(b, "master", l->master);
	else
		j_null(b, "master");
}

static void json_source(struct nw_jbuf *b, const struct nw_source_ev *s)
{
	j_arr(b, "name", s->name);
	jk(b, "state");
	jb_str(b, nw_source_state_name(s->state));
	j_u64(b, "delivered", s->delivered);
	j_u64(b, "lost", s->lost);
	j_arr(b, "detail", s->detail);
}

static void json_sockinfo(struct nw_jbuf *b, const struct nw_sockinfo_ev *s)
{
	static const struct num_name ops[] = {
		{ NW_SOCKINFO_SNAPSHOT, "snapshot" }, { NW_SOCKINFO_CHANGE, "change" }, { NW_SOCKINFO_GONE, "gone" },
	};

	j_named(b, "op", ops, NW_ARRAY_SIZE(ops), s->op);
	j_u64(b, "pid", s->pid);
	j_arr(b, "comm", s->comm);
	j_sock_id(b, &(struct sock_id){ .family = s->sk_family, .protocol = s->sk_protocol, .type = s->sk_type,
				      .laddr = &s->laddr, .raddr = &s->raddr, .lport = s->lport, .rport = s->rport,
				      .nl_portid = s->nl_portid, .nl_groups = s->nl_groups });
	j_u64(b, "sk_state", s->sk_state);
	j_u64(b, "rmem", s->rmem);
	j_u64(b, "rcvbuf", s->rcvbuf);
	j_u64(b, "wmem", s->wmem);
	j_u64(b, "sndbuf", s->sndbuf);
	j_u64(b, "drops", s->drops);
	j_u64(b, "inode", s->inode);
	j_u64(b, "sk_cookie", s->cookie);
}

static void json_counter(struct nw_jbuf *b, const struct nw_counter_ev *c)
{
	j_arr(b, "name", c->name);
	j_u64(b, "value", c->value);
	j_u64(b, "delta", c->delta);
}

/*
 * type "route": a route, a policy rule (kind) or a FIB lookup's answer (op
 * "lookup", with target and error).  route_type is ip(8)'s word: a route's
 * type (unicast, unreachable ...) or a rule's action (lookup, prohibit ...).
 */
static void json_route(struct nw_jbuf *b, const struct nw_route_ev *r)
{
	static const struct num_name ops[] = {
		{ NW_ROUTE_SNAPSHOT, "snapshot" }, { NW_ROUTE_NEW, "new" }, { NW_ROUTE_DEL, "del" },
		{ NW_ROUTE_LOOKUP, "lookup" },
	};
	const char *type = r->is_rule ? nw_rule_action_name(r->type) : nw_route_type_name(r->type);

	j_named(b, "op", ops, NW_ARRAY_SIZE(ops), r->op);
	jk(b, "kind");
	jb_lit(b, r->is_rule ? "\"rule\"" : "\"route\"");
	j_family(b, "family", r->family);
	jk(b, "route_type");
	if (!r->is_rule && r->type == 0)
		jb_lit(b, "null"); /* a lookup that found no route */
	else if (type)
		jb_str(b, type);
	else
		jb_u64(b, r->type);
	j_addr(b, "dst", &r->dst);
	j_u64(b, "dst_len", r->dst_len);
	j_addr(b, "src", &r->src);
	j_u64(b, "src_len", r->src_len);
	j_addr(b, "gateway", &r->gateway);
	j_u64(b, "table", r->table);
	j_u64(b, "priority", r->priority);
	j_u64(b, "protocol", r->protocol);
	j_u64(b, "scope", r->scope);
	j_u64(b, "tos", r->tos);
	j_addr(b, "target", &r->target);
	j_errno(b, "error", r->error);
	j_u64(b, "flags", r->flags);
	j_u64(b, "fwmark", r->fwmark);
	j_u64(b, "fwmask", r->fwmask);
	j_arr(b, "iif", r->iifname);
	j_arr(b, "oif", r->oifname);
}

/* The header every object starts with: at most W_TS_MAX + 2 x W_U64_MAX + the literals. */
#define HEADER_NUM_MAX 128

void nw_json_event(struct nw_jbuf *b, const struct nw_event *ev)
{
	/* The encoder runs on the loop's thread only (like nw_json_write's buffer). */
	static struct name_memo type_memo, origin_memo;
	const char *nsname = nw_nsreg_name(ev->netns_ino);
	size_t ifname_len = strnlen(ev->ifname, sizeof(ev->ifname));
	char *p = jb_at(b, HEADER_NUM_MAX);

	p = W_LIT(p, "{\"ts\":");
	p = w_ts(p, ev->ts);
	p = W_LIT(p, ",\"id\":");
	p = w_u64(p, ev->id);
	p = W_LIT(p, ",\"type\":");
	jb_set(b, p);
	jb_str_memo(b, &type_memo, nw_event_type_name(ev->type));
	jb_lit(b, ",\"origin\":");
	jb_str_memo(b, &origin_memo, nw_origin_name(ev->origin));
	p = jb_at(b, HEADER_NUM_MAX);
	p = W_LIT(p, ",\"netns\":{\"inode\":");
	p = w_u64(p, ev->netns_ino);
	p = W_LIT(p, ",\"name\":");
	jb_set(b, p);
	if (*nsname)
		jb_str(b, nsname);
	else
		jb_lit(b, "null");
	p = jb_at(b, HEADER_NUM_MAX);
	p = W_LIT(p, "},\"ifindex\":");
	p = w_u64(p, ev->ifindex);
	p = W_LIT(p, ",\"ifname\":");
	jb_set(b, p);
	/* Fixed arrays filled by sources: bounded by their size, never trusted to be terminated. */
	if (ifname_len)
		jb_strn(b, ev->ifname, ifname_len);
	else
		jb_lit(b, "null");
	switch (ev->type) {
	case NW_EV_PACKET:
		json_packet(b, &ev->u.packet);
		break;
	case NW_EV_NEIGH:
		json_neigh(b, &ev->u.neigh);
		break;
	case NW_EV_NEIGH_TABLE:
		json_neigh_table(b, &ev->u.neigh_table);
		break;
	case NW_EV_QDISC:
		json_qdisc(b, &ev->u.qdisc);
		break;
	case NW_EV_DROP:
		json_drop(b, &ev->u.drop);
		break;
	case NW_EV_SOCK_ERR:
		json_sock(b, &ev->u.sock);
		break;
	case NW_EV_LINK:
		json_link(b, &ev->u.link);
		break;
	case NW_EV_SOURCE:
		json_source(b, &ev->u.source);
		break;
	case NW_EV_SOCK_INFO:
		json_sockinfo(b, &ev->u.sockinfo);
		break;
	case NW_EV_COUNTER:
		json_counter(b, &ev->u.counter);
		break;
	case NW_EV_ROUTE:
		json_route(b, &ev->u.route);
		break;
	case NW_EV_FINDING:
	case NW_EV_EXPLANATION:
		nw_findings_json_fields(b, ev); /* core/diag/findings.c */
		break;
	default:
		j_u64(b, "type_code", ev->type);
		break;
	}
	jb_lit(b, "}\n");
	jb_term(b);
}

int nw_json_write(FILE *f, const struct nw_event *ev)
{
	/* One buffer for the process: the JSON printer runs on the loop's thread. */
	static struct nw_jbuf buf;

	nw_jbuf_reset(&buf);
	nw_json_event(&buf, ev);
	if (fwrite(buf.data, 1, buf.len, f) != buf.len)
		return errno ? -errno : -EIO;
	return 0;
}
