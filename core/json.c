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
 * IF_OPER_*, PACKET_*, AF_*, SOCK_*) are named from the small tables of
 * core/json_schema.c; an unknown one prints as a number.
 *
 * Each type's fields are written from its descriptor (core/json_schema.c),
 * except packet, qdisc and drop events, which can come once per packet:
 * their writers are written by hand for speed (one reservation, keys as
 * literals), and tests/unit/test_json_schema.c checks that they write the
 * same bytes as the descriptor-driven writer.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/json.h"
#include "core/json_schema.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"

/* A string literal at p; evaluates to the position after it. */
#define W_LIT(p, lit) NW_JBUF_LIT(p, lit)
/* ,"key": for a literal key */
#define W_KEY(p, key) W_LIT((p), ",\"" key "\":")

static inline void jb_raw(struct nw_jbuf *b, const char *s, size_t n)
{
	nw_jbuf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

static inline void jb_lit(struct nw_jbuf *b, const char *s)
{
	jb_raw(b, s, strlen(s));
}

static inline void jb_ch(struct nw_jbuf *b, char c)
{
	nw_jbuf_reserve(b, 1);
	b->data[b->len++] = c;
}

static void jb_str(struct nw_jbuf *b, const char *s)
{
	nw_jbuf_strn(b, s, strlen(s));
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
		p = nw_jbuf_esc(p, name, n);
		*p++ = '"';
		m->len = (size_t)(p - m->json);
		m->name = name;
	}
	memcpy(nw_jbuf_at(b, m->len), m->json, m->len);
	b->len += m->len;
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
	char *p = nw_jbuf_at(b, n + 4);

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
	nw_jbuf_set(b, w_u64(nw_jbuf_at(b, W_U64_MAX), v));
}

static void j_u64(struct nw_jbuf *b, const char *key, uint64_t v)
{
	jk(b, key);
	jb_u64(b, v);
}

void nw_jbuf_key(struct nw_jbuf *b, const char *key)
{
	jk(b, key);
	nw_jbuf_term(b);
}

void nw_jbuf_u64(struct nw_jbuf *b, uint64_t v)
{
	jb_u64(b, v);
	nw_jbuf_term(b);
}

void nw_jbuf_i64(struct nw_jbuf *b, int64_t v)
{
	nw_jbuf_set(b, w_i64(nw_jbuf_at(b, W_U64_MAX + 1), v));
	nw_jbuf_term(b);
}

void nw_jbuf_ts(struct nw_jbuf *b, uint64_t ns)
{
	nw_jbuf_set(b, w_ts(nw_jbuf_at(b, W_TS_MAX), ns));
	nw_jbuf_term(b);
}

static void j_bool(struct nw_jbuf *b, const char *key, bool v)
{
	jk(b, key);
	nw_jbuf_set(b, w_bool(nw_jbuf_at(b, 5), v));
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
		nw_jbuf_strn(b, s, n);
	else
		jb_lit(b, "null");
}

static void j_mac(struct nw_jbuf *b, const char *key, const struct nw_mac *mac)
{
	jk(b, key);
	nw_jbuf_set(b, w_mac(nw_jbuf_at(b, W_MAC_MAX), mac));
}

static void j_addr(struct nw_jbuf *b, const char *key, const struct nw_addr *addr)
{
	jk(b, key);
	nw_jbuf_set(b, w_addr(nw_jbuf_at(b, W_ADDR_MAX), addr));
}

/* "0x" and hex digits, quoted. */
static void jb_hexq(struct nw_jbuf *b, uint64_t v, int width)
{
	char *p = nw_jbuf_at(b, 20);

	p = W_LIT(p, "\"0x");
	p = w_hex(p, v, width);
	*p++ = '"';
	nw_jbuf_set(b, p);
}

/*
 * The names in core/json_schema.c's tables are plain ASCII (letters, digits, '_', '.'):
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
static inline char *w_named(char *p, const struct nw_jnames *t, uint32_t v)
{
	const char *name = nw_jnames_name(t, v);

	return name ? w_name(p, name) : w_u64(p, v);
}

/* A name from a fixed table, or the number itself when unknown. */
static void j_named(struct nw_jbuf *b, const char *key, const struct nw_jnames *t, uint32_t v)
{
	jk(b, key);
	nw_jbuf_set(b, w_named(nw_jbuf_at(b, W_U64_MAX), t, v));
}

/* A name from a runtime table (core/names.h), the number when this kernel has none. */
static void jb_kname(struct nw_jbuf *b, enum nw_names_table table, int64_t v)
{
	const char *name = nw_names_find(nw_names_table(table), v);

	if (name)
		jb_str(b, name);
	else
		nw_jbuf_set(b, w_i64(nw_jbuf_at(b, W_U64_MAX + 1), v));
}

static void j_kname(struct nw_jbuf *b, const char *key, enum nw_names_table table, int64_t v)
{
	jk(b, key);
	jb_kname(b, table, v);
}

/* An errno by name ("EHOSTUNREACH"), the (positive) number when it has none. */
static void jb_errno(struct nw_jbuf *b, int64_t v)
{
	char buf[32];
	const char *name = nw_errno_name((int)v, buf, sizeof(buf));

	if (name != buf) /* nw_errno_name writes "errno#N" into buf only when it has no name */
		jb_str(b, name);
	else
		jb_u64(b, v < 0 ? -(uint64_t)v : (uint64_t)v);
}

/* The names of the set bits, then the unnamed ones in hex: ["UP","RUNNING","0x80000"]. */
static char *w_flags(char *p, const struct nw_jnames *t, uint32_t flags)
{
	uint32_t rest = flags;
	char *start = p;

	*p++ = '[';
	for (size_t i = 0; i < t->n; i++) {
		const struct nw_jname *f = &t->v[i];

		if (!(flags & f->value))
			continue;
		if (p != start + 1)
			*p++ = ',';
		p = w_name(p, f->name);
		rest &= ~f->value;
	}
	if (rest) {
		if (p != start + 1)
			*p++ = ',';
		p = W_LIT(p, "\"0x");
		p = w_hex(p, rest, 0);
		*p++ = '"';
	}
	*p++ = ']';
	return p;
}

/* The worst case of w_flags over t: every name, quoted, and the rest in hex. */
static size_t flags_max(const struct nw_jnames *t)
{
	size_t n = 2 + 12;

	for (size_t i = 0; i < t->n; i++)
		n += strlen(t->v[i].name) + 3;
	return n;
}

static void jb_flags(struct nw_jbuf *b, const struct nw_jnames *t, uint32_t flags)
{
	nw_jbuf_set(b, w_flags(nw_jbuf_at(b, flags_max(t)), t, flags));
}

/* null for 0, else a name or the number (the rule of every enumerated field). */
static char *w_ethertype(char *p, uint32_t et)
{
	return et ? w_named(p, &nw_jn_ethertypes, et) : W_LIT(p, "null");
}

/* A value's number, null for 0: ethertype_num, proto_num. */
static inline char *w_num0(char *p, uint64_t v)
{
	return v ? w_u64(p, v) : W_LIT(p, "null");
}

/* "ethertype" and "ethertype_num" (j_proto: "proto", "proto_num"): name (or number), number. */
static void j_ethertype(struct nw_jbuf *b, uint32_t et)
{
	jk(b, "ethertype");
	nw_jbuf_set(b, w_ethertype(nw_jbuf_at(b, W_U64_MAX), et));
	jk(b, "ethertype_num");
	nw_jbuf_set(b, w_num0(nw_jbuf_at(b, W_U64_MAX), et));
}

/*
 * RFC 3339 in UTC with nanoseconds, quoted: "2026-12-04T18:47:29.123456789Z"
 * (32 bytes).  The calendar part is kept for the second it was made for:
 * packets come many to a second.
 */
#define W_WALL_MAX 34

static char *w_wall(char *p, uint64_t ns)
{
	static time_t memo_sec = -1;
	static char memo[24]; /* "2026-12-04T18:47:29 */
	time_t sec = (time_t)(ns / 1000000000u);

	if (sec != memo_sec) {
		struct tm tm;

		gmtime_r(&sec, &tm);
		memo[0] = '"';
		strftime(memo + 1, sizeof(memo) - 1, "%Y-%m-%dT%H:%M:%S", &tm);
		memo_sec = sec;
	}
	memcpy(p, memo, 20);
	/* "1" and 9 digits; the "1" becomes the dot */
	nw_put_u64(p + 20, ns % 1000000000u + 1000000000u);
	p[20] = '.';
	p[30] = 'Z';
	p[31] = '"';
	return p + 32;
}

static void j_proto(struct nw_jbuf *b, uint32_t proto)
{
	if (!proto)
		j_null(b, "proto");
	else
		j_named(b, "proto", &nw_jn_ipprotos, proto);
	jk(b, "proto_num");
	nw_jbuf_set(b, w_num0(nw_jbuf_at(b, W_U64_MAX), proto));
}

static void j_arp_op(struct nw_jbuf *b, const char *key, uint32_t op)
{
	if (!op)
		j_null(b, key);
	else
		j_named(b, key, &nw_jn_arp_ops, op);
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

/* A handle or parent; TC_H_INGRESS by name unless ingress_num (as nw_tc_handle_fmt writes it). */
static void jb_tc_handle(struct nw_jbuf *b, uint32_t h, bool ingress_num)
{
	if (h == NW_TC_H_ROOT)
		jb_lit(b, "\"root\"");
	else if (h == NW_TC_H_INGRESS && !ingress_num)
		jb_lit(b, "\"ingress\"");
	else
		nw_jbuf_set(b, w_tc_handle(nw_jbuf_at(b, 12), h));
}

static void j_tc_handle(struct nw_jbuf *b, const char *key, uint32_t h, bool zero_is_null)
{
	jk(b, key);
	if (h == 0 && zero_is_null)
		jb_lit(b, "null");
	else
		jb_tc_handle(b, h, false);
}

/* The non-zero VLAN ids, outer first: [100,200]; at most 2 * W_U64_MAX + 3 bytes. */
static inline char *w_vlan(char *p, const uint16_t *vlan)
{
	*p++ = '[';
	if (vlan[0])
		p = w_u64(p, vlan[0]);
	if (vlan[1]) {
		if (vlan[0])
			*p++ = ',';
		p = w_u64(p, vlan[1]);
	}
	*p++ = ']';
	return p;
}

/* --- the descriptor-driven writer (core/json_schema.h) ------------------------- */

static void json_fields(struct nw_jbuf *b, const struct nw_event *ev, const struct nw_jdesc *d, bool first);

static nw_json_summary_fn finding_summary;

void nw_json_set_finding_summary(nw_json_summary_fn fn)
{
	finding_summary = fn;
}

/* The value v (nw_jfield_value) of a field that is not null in ev; the key is written. */
static void json_value(struct nw_jbuf *b, const struct nw_event *ev, const struct nw_jfield *f, int64_t v)
{
	const char *at = (const char *)ev + f->off;
	char buf[256];

	switch (f->kind) {
	case NW_JK_U64:
		jb_u64(b, (uint64_t)v);
		break;
	case NW_JK_I64:
		nw_jbuf_set(b, w_i64(nw_jbuf_at(b, W_U64_MAX + 1), v));
		break;
	case NW_JK_TS:
		nw_jbuf_set(b, w_ts(nw_jbuf_at(b, W_TS_MAX), (uint64_t)v));
		break;
	case NW_JK_BOOL:
		nw_jbuf_set(b, w_bool(nw_jbuf_at(b, 5), v != 0));
		break;
	case NW_JK_STR: /* fixed arrays filled by sources: bounded by their size */
		nw_jbuf_strn(b, at, strnlen(at, f->size));
		break;
	case NW_JK_MAC:
		nw_jbuf_set(b, w_mac(nw_jbuf_at(b, W_MAC_MAX), (const struct nw_mac *)(const void *)at));
		break;
	case NW_JK_ADDR:
		nw_jbuf_set(b, w_addr(nw_jbuf_at(b, W_ADDR_MAX), (const struct nw_addr *)(const void *)at));
		break;
	case NW_JK_ENUM:
		if (f->null == NW_JN_ZERO_WHEN && !nw_jcond_holds(ev, &f->when))
			jb_u64(b, (uint64_t)v);
		else
			nw_jbuf_set(b, w_named(nw_jbuf_at(b, W_U64_MAX), f->names, (uint32_t)v));
		break;
	case NW_JK_ENUM_FN:
		jb_str(b, f->name_fn((unsigned)v));
		break;
	case NW_JK_ETHERTYPE:
		nw_jbuf_set(b, w_ethertype(nw_jbuf_at(b, W_U64_MAX), (uint32_t)v));
		break;
	case NW_JK_WALL:
		nw_jbuf_set(b, w_wall(nw_jbuf_at(b, W_WALL_MAX), (uint64_t)v));
		break;
	case NW_JK_FLAGS:
		jb_flags(b, f->names, (uint32_t)v);
		break;
	case NW_JK_KNAME:
		jb_kname(b, f->table, v);
		break;
	case NW_JK_NUD:
		jb_str(b, nw_names_get_flags(nw_names_table(NW_NAMES_NUD), (uint64_t)v, buf, sizeof(buf)));
		break;
	case NW_JK_ERRNO:
		jb_errno(b, v);
		break;
	case NW_JK_HEX:
		jb_hexq(b, (uint64_t)v, 0);
		break;
	case NW_JK_TC_HANDLE:
		jb_tc_handle(b, (uint32_t)v, f->ingress_num);
		break;
	case NW_JK_LIST_U16:
		nw_jbuf_set(b, w_vlan(nw_jbuf_at(b, 2 * W_U64_MAX + 3), (const uint16_t *)(const void *)at));
		break;
	case NW_JK_OBJECT:
		jb_ch(b, '{');
		json_fields(b, ev, f->sub, true);
		jb_ch(b, '}');
		break;
	case NW_JK_NSNAME:
		jb_str(b, nw_nsreg_name(ev->netns_ino));
		break;
	case NW_JK_SUMMARY:
		if (finding_summary && *finding_summary(ev, buf, sizeof(buf)))
			jb_str(b, buf);
		else
			jb_lit(b, "null");
		break;
	case NW_JK_FALSE:
	case NW_JK_COUNT:
		jb_lit(b, "false");
		break;
	}
}

/* d's fields of ev, as "key":value pairs; the first without its comma when first. */
static void json_fields(struct nw_jbuf *b, const struct nw_event *ev, const struct nw_jdesc *d, bool first)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct nw_jfield *f = &d->fields[i];
		int64_t v;
		bool null;

		if (f->kind == NW_JK_U64 && f->null == NW_JN_NEVER && !f->when.n && !f->mask && !first) {
			/* Counters, most fields of most types: no rule to look at. */
			jk(b, f->name);
			jb_u64(b, (uint64_t)nw_jfield_raw(ev, f->off, (uint8_t)f->size, false));
			continue;
		}
		v = nw_jfield_value(ev, f);
		null = nw_jfield_null_v(ev, f, v);

		if (null && f->null == NW_JN_ABSENT_LE1)
			continue;
		if (first) { /* the first key of a nested object */
			jb_ch(b, '"');
			jb_lit(b, f->name);
			jb_lit(b, "\":");
		} else {
			jk(b, f->name);
		}
		first = false;
		if (null)
			jb_lit(b, "null");
		else
			json_value(b, ev, f, v);
	}
}

void nw_json_fields(struct nw_jbuf *b, const struct nw_event *ev, const struct nw_jdesc *d)
{
	json_fields(b, ev, d, false);
	nw_jbuf_term(b);
}

/* --- per type ------------------------------------------------------------------- */

/*
 * The hot path (every captured frame): one reservation for the whole body,
 * then straight writes.  Longest body: ~330 bytes of keys and punctuation,
 * 2 quoted MACs (2 x 25), 2 quoted addresses (2 x 47, IPv6 at most 41), 3
 * table names (<= NAME_MAX_LEN + 2 each, or a number), the vlan list (13),
 * 14 numbers (<= 20 each), the l2_flags names (< 200) and the time (32):
 * under 1.5 KiB, reserved with room to spare.
 */
#define PACKET_BODY_MAX 1536

/* Protocols whose ports the dissectors read (TCP, UDP): the others' ports are null. */
static inline bool has_ports(uint8_t l4proto)
{
	return l4proto == 6 || l4proto == 17;
}

static void json_packet(struct nw_jbuf *b, const struct nw_packet_ev *pk)
{
	bool is_arp = pk->ethertype == 0x0806;
	bool is_icmp = pk->l4proto == 1 || pk->l4proto == 58;
	char *p = nw_jbuf_at(b, PACKET_BODY_MAX);

	p = w_named(W_KEY(p, "dir"), &nw_jn_pkt_dir, pk->dir);
	p = w_u64(W_KEY(p, "len"), pk->len);
	p = w_u64(W_KEY(p, "caplen"), pk->caplen);
	p = w_u64(W_KEY(p, "linktype"), pk->linktype);
	p = w_mac(W_KEY(p, "src_mac"), &pk->src_mac);
	p = w_mac(W_KEY(p, "dst_mac"), &pk->dst_mac);
	p = w_ethertype(W_KEY(p, "ethertype"), pk->ethertype);
	p = w_num0(W_KEY(p, "ethertype_num"), pk->ethertype);
	p = w_vlan(W_KEY(p, "vlan"), pk->vlan);
	p = w_addr(W_KEY(p, "src"), &pk->src);
	p = w_addr(W_KEY(p, "dst"), &pk->dst);
	p = W_KEY(p, "proto");
	p = pk->l4proto ? w_named(p, &nw_jn_ipprotos, pk->l4proto) : W_LIT(p, "null");
	p = w_num0(W_KEY(p, "proto_num"), pk->l4proto);
	if (has_ports(pk->l4proto)) {
		p = w_u64(W_KEY(p, "sport"), pk->sport);
		p = w_u64(W_KEY(p, "dport"), pk->dport);
	} else {
		p = W_LIT(p, ",\"sport\":null,\"dport\":null");
	}
	p = W_KEY(p, "tcp_flags");
	p = pk->l4proto == 6 ? w_u64(p, pk->tcp_flags) : W_LIT(p, "null");
	/* arp_op carries ICMP type<<8|code for ICMP packets (event.h). */
	p = W_KEY(p, "arp_op");
	if (is_arp && pk->arp_op)
		p = w_named(p, &nw_jn_arp_ops, pk->arp_op);
	else
		p = W_LIT(p, "null");
	if (is_icmp) {
		p = w_u64(W_KEY(p, "icmp_type"), pk->arp_op >> 8);
		p = w_u64(W_KEY(p, "icmp_code"), pk->arp_op & 0xff);
	} else {
		p = W_LIT(p, ",\"icmp_type\":null,\"icmp_code\":null");
	}
	p = w_bool(W_KEY(p, "partial"), pk->partial);
	p = w_flags(W_KEY(p, "l2_flags"), &nw_jn_l2_flags, pk->l2_flags);
	p = w_bool(W_KEY(p, "mac_mismatch"), pk->l2_flags & NW_L2_DST_MISMATCH);
	p = w_u64(W_KEY(p, "store_ref"), pk->store_ref);
	p = W_KEY(p, "time");
	p = pk->wall_ns ? w_wall(p, pk->wall_ns) : W_LIT(p, "null");
	nw_jbuf_set(b, p);
}

static void json_qdisc(struct nw_jbuf *b, const struct nw_qdisc_ev *q)
{
	bool per_packet = q->op == NW_QDISC_ENQUEUE || q->op == NW_QDISC_DROP;

	j_named(b, "op", &nw_jn_qdisc_op, q->op);
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
	nw_jbuf_set(b, w_ethertype(nw_jbuf_at(b, W_U64_MAX), q->pkt_ethertype));
	jk(b, "ethertype_num");
	nw_jbuf_set(b, w_num0(nw_jbuf_at(b, W_U64_MAX), q->pkt_ethertype));
	if (q->pkt_ethertype == 0x0806)
		j_arp_op(b, "arp_op", q->pkt_arp_op);
	else
		j_null(b, "arp_op");
	j_proto(b, q->pkt_l4proto);
	if (q->pkt_l4proto == 6)
		j_u64(b, "tcp_flags", q->pkt_tcp_flags);
	else
		j_null(b, "tcp_flags");
	j_addr(b, "src", &q->pkt_src);
	j_addr(b, "dst", &q->pkt_dst);
	jb_ch(b, '}');
}

static void json_drop(struct nw_jbuf *b, const struct nw_drop_ev *d)
{
	bool is_arp = d->protocol == 0x0806;

	j_kname(b, "reason", NW_NAMES_DROP_REASON, d->reason);
	j_ethertype(b, d->protocol);
	j_proto(b, d->l4proto);
	j_named(b, "pkt_type", &nw_jn_pkt_types, d->pkt_type);
	jk(b, "location");
	jb_hexq(b, d->location, 0);
	j_arr(b, "location_sym", d->location_sym);
	j_addr(b, "src", &d->src);
	j_addr(b, "dst", &d->dst);
	if (has_ports(d->l4proto)) {
		j_u64(b, "sport", d->sport);
		j_u64(b, "dport", d->dport);
	} else {
		j_null(b, "sport");
		j_null(b, "dport");
	}
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

static void jb_str_or_null(struct nw_jbuf *b, const char *s)
{
	if (*s)
		jb_str(b, s);
	else
		jb_lit(b, "null");
}

/*
 * netns.container, only when a container lives there (probes/containers.c):
 * outside the descriptors, whose fields are all in every event.
 */
static void json_container(struct nw_jbuf *b, const struct nw_nsreg_container *c)
{
	if (!c)
		return;
	jb_lit(b, ",\"container\":{\"runtime\":");
	jb_str(b, c->runtime);
	jb_lit(b, ",\"id\":");
	jb_str(b, c->id);
	jb_lit(b, ",\"name\":");
	jb_str(b, c->name);
	jb_lit(b, ",\"image\":");
	jb_str_or_null(b, c->image);
	jb_lit(b, ",\"pod\":");
	if (c->pod_name[0]) {
		jb_lit(b, "{\"namespace\":");
		jb_str(b, c->pod_ns);
		jb_lit(b, ",\"name\":");
		jb_str(b, c->pod_name);
		jb_ch(b, '}');
	} else {
		jb_lit(b, "null");
	}
	jb_ch(b, '}');
}

/* The header every object starts with: at most W_TS_MAX + 2 x W_U64_MAX + the literals. */
#define HEADER_NUM_MAX 128

void nw_json_open(struct nw_jbuf *b, const struct nw_event *ev)
{
	/* The encoder runs on the loop's thread only (like nw_json_write's buffer). */
	static struct name_memo type_memo, origin_memo;
	const char *nsname = nw_nsreg_name(ev->netns_ino);
	size_t ifname_len = strnlen(ev->ifname, sizeof(ev->ifname));
	char *p = nw_jbuf_at(b, HEADER_NUM_MAX);

	p = W_LIT(p, "{\"ts\":");
	p = w_ts(p, ev->ts);
	p = W_LIT(p, ",\"id\":");
	p = w_u64(p, ev->id);
	p = W_LIT(p, ",\"type\":");
	nw_jbuf_set(b, p);
	jb_str_memo(b, &type_memo, nw_event_type_name(ev->type));
	jb_lit(b, ",\"origin\":");
	jb_str_memo(b, &origin_memo, nw_origin_name(ev->origin));
	p = nw_jbuf_at(b, HEADER_NUM_MAX);
	p = W_LIT(p, ",\"netns\":{\"inode\":");
	p = w_num0(p, ev->netns_ino);
	p = W_LIT(p, ",\"name\":");
	nw_jbuf_set(b, p);
	jb_str_or_null(b, nsname);
	json_container(b, nw_nsreg_container(ev->netns_ino));
	p = nw_jbuf_at(b, HEADER_NUM_MAX);
	p = W_LIT(p, "},\"ifindex\":");
	p = w_num0(p, (uint32_t)ev->ifindex);
	p = W_LIT(p, ",\"ifname\":");
	nw_jbuf_set(b, p);
	/* Fixed arrays filled by sources: bounded by their size, never trusted to be terminated. */
	if (ifname_len)
		nw_jbuf_strn(b, ev->ifname, ifname_len);
	else
		jb_lit(b, "null");
	nw_jbuf_term(b);
}

void nw_json_event(struct nw_jbuf *b, const struct nw_event *ev)
{
	const struct nw_jdesc *desc;

	nw_json_open(b, ev);
	/*
	 * Every type is written from its descriptor, except the ones that come
	 * once per packet: their hand-written writers are faster and
	 * tests/unit/test_json_schema.c holds them to the descriptor byte for byte.
	 */
	switch (ev->type) {
	case NW_EV_PACKET:
		json_packet(b, &ev->u.packet);
		break;
	case NW_EV_QDISC:
		json_qdisc(b, &ev->u.qdisc);
		break;
	case NW_EV_DROP:
		json_drop(b, &ev->u.drop);
		break;
	default:
		desc = nw_json_desc((enum nw_event_type)ev->type);
		if (desc)
			json_fields(b, ev, desc, false);
		else
			j_u64(b, "type_code", ev->type);
		break;
	}
	jb_lit(b, "}\n");
	nw_jbuf_term(b);
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
