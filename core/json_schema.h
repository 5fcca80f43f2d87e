/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON Lines schema: one descriptor per event type, the single place
 * that says which fields an event's object has, in which order, of which
 * kind, in which unit, when they are null, and where in struct nw_event
 * each value lives.  Three readers use it:
 *
 * - the encoder (core/json.c) writes every type from it (nw_json_fields),
 *   except the three that come once per packet (packet, qdisc, drop):
 *   those keep hand-written writers, 1.5 to 3.5 times cheaper, which the
 *   tests hold to the descriptor byte for byte;
 * - the test decoder (tests/unit/jsonl_events.c) reads every type by it;
 * - the schema tests (tests/unit/test_json_schema.c): round trip over every
 *   type, the encoder's keys and bytes against the descriptors, the man
 *   page against them.
 *
 * A new event type is a struct in core/event.h, its name in core/event.c,
 * its descriptor here (core/json_schema.c) and its entry in the man page.
 */
#ifndef NW_CORE_JSON_SCHEMA_H
#define NW_CORE_JSON_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/event.h"
#include "core/names.h"
#include "core/nsreg.h"

/* A value and its JSON name; a table of them names an enum or flag bits. */
struct nw_jname {
	uint32_t value;
	const char *name;
};

struct nw_jnames {
	const struct nw_jname *v;
	size_t n;
};

/* Standard numbers (IEEE, IANA, RFC 826) and Linux UAPI constants; unknown values print as numbers.
 */
extern const struct nw_jnames nw_jn_ethertypes, nw_jn_ipprotos, nw_jn_arp_ops, nw_jn_families,
    nw_jn_sock_types, nw_jn_pkt_types, nw_jn_operstates, nw_jn_iff;
/* A packet's layer-2 findings (NW_L2_* bits, capture/l2check.h), by name: JSON and the screens. */
extern const struct nw_jnames nw_jn_l2_flags;
/* Each event type's op and the like (enum nw_*_op, event.h). */
extern const struct nw_jnames nw_jn_pkt_dir, nw_jn_neigh_op, nw_jn_qdisc_op, nw_jn_link_op,
    nw_jn_sockinfo_op, nw_jn_sockerr_origin;

/* The name of v in t, NULL when it has none (inline: the packet writer's lookups). */
static inline const char *nw_jnames_name(const struct nw_jnames *t, uint32_t v)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].value == v)
			return t->v[i].name;
	return NULL;
}

enum nw_jkind {
	NW_JK_U64,	 /* unsigned decimal (of a 1-, 2-, 4- or 8-byte field) */
	NW_JK_I64,	 /* signed decimal */
	NW_JK_TS,	 /* CLOCK_MONOTONIC ns as seconds with 9 decimals */
	NW_JK_BOOL,	 /* true / false */
	NW_JK_STR,	 /* a fixed char array, escaped, bounded by its size */
	NW_JK_MAC,	 /* struct nw_mac: "02:00:5e:00:53:01" */
	NW_JK_ADDR,	 /* struct nw_addr: "192.0.2.1", "2001:db8::1" */
	NW_JK_ENUM,	 /* a name from names, the number when it has none */
	NW_JK_WALL,	 /* CLOCK_REALTIME ns as RFC 3339 UTC: "2026-12-04T18:47:29.123456789Z" */
	NW_JK_ENUM_FN,	 /* a name from name_fn (enum 0 .. count-1), "unknown" beyond */
	NW_JK_ETHERTYPE, /* a name from names, the number when it has none; null for 0 */
	NW_JK_FLAGS,	 /* a list of the names of the set bits (names), "0x.." for the rest */
	NW_JK_KNAME,	 /* a name from the running kernel's table (core/names.h), or the number */
	NW_JK_NUD,	 /* NUD_* bits as "STALE|PROBE" (core/names.h) */
	NW_JK_ERRNO,	 /* errno name ("EHOSTUNREACH") of a value or its negative, or the number */
	NW_JK_HEX,	 /* "0x" and hex digits */
	NW_JK_TC_HANDLE, /* tc(8) spelling: "1:10", "8003:", "root" (and "ingress" in qdisc) */
	NW_JK_LIST_U16,	 /* the non-zero entries of a uint16_t array: [100,200] */
	NW_JK_OBJECT,	 /* a nested object (sub) */
	NW_JK_NSNAME,	 /* the namespace's name (core/nsreg.h) of the netns inode field */
	NW_JK_SUMMARY,	 /* a finding's summary sentence (written by the diagnosis) */
	NW_JK_FALSE,	 /* the constant false */
	NW_JK_COUNT
};

/* When a field prints null (or, for NW_JN_ABSENT_LE1, is left out). */
enum nw_jnull {
	NW_JN_NEVER,
	NW_JN_ZERO,	  /* the value is 0: empty string, family 0, MAC length 0 */
	NW_JN_MAX,	  /* all bits set (UINT32_MAX: "not known") */
	NW_JN_NEG,	  /* below 0 */
	NW_JN_NONPOS,	  /* 0 or below */
	NW_JN_ZERO_WHEN,  /* 0 and `when` holds; when it does not, never null and ENUM writes the
			     number */
	NW_JN_ABSENT_LE1, /* the key is absent when the value is 0 or 1 */
	NW_JN_COUNT
};

/* Holds when the integer field at off (size bytes) equals one of v[0 .. n); n == 0: always. */
struct nw_jcond {
	uint16_t off;
	uint8_t size;
	uint8_t n;
	uint32_t v[2];
};

struct nw_jdesc;

struct nw_jfield {
	const char *name;
	const char *alias; /* the key's older name, still read by decoders (recordings); NULL */
	enum nw_jkind kind;
	uint16_t off;	  /* of the value in struct nw_event */
	uint16_t size;	  /* of the value in bytes */
	const char *unit; /* "bytes", "packets", "ms", "bit/s" ...; NULL when none */
	enum nw_jnull null;
	struct nw_jcond when; /* null unless it holds (except NW_JN_ZERO_WHEN, above) */
	uint32_t mask;	      /* a value of bits: (field >> shift) & mask; 0: the whole field */
	uint8_t shift;
	uint8_t negated;     /* ERRNO: the field holds -errno */
	uint8_t ingress_num; /* TC_HANDLE: TC_H_INGRESS as a number, like nw_tc_handle_fmt() */
	const struct nw_jnames *names;	    /* ENUM, ETHERTYPE, FLAGS */
	const char *(*name_fn)(unsigned v); /* ENUM_FN */
	unsigned count;			    /* ENUM_FN: values 0 .. count-1 */
	enum nw_names_table table;	    /* KNAME */
	const struct nw_jdesc *sub;	    /* OBJECT */
	const char *doc;		    /* a few words, for a person */
};

struct nw_jdesc {
	const char *type; /* "packet" ...; "" for the common header */
	const struct nw_jfield *fields;
	size_t n;
};

/* The fields every object starts with: ts, id, type, origin, netns, ifindex, ifname. */
const struct nw_jdesc *nw_json_header(void);
/* The fields after the header of an event type, NULL for a type out of range. */
const struct nw_jdesc *nw_json_desc(enum nw_event_type type);

/*
 * Reading a field's value, and its null rule.  Inline: the descriptor-driven
 * writer (core/json.c) runs them for every field of every event.
 */

/* The raw value of the integer field at off (size 1, 2, 4 or 8), sign-extended when is_signed. */
static inline int64_t nw_jfield_raw(const struct nw_event *ev, uint16_t off, uint8_t size,
				    bool is_signed)
{
	const char *p = (const char *)ev + off;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1:
		memcpy(&u8, p, 1);
		return is_signed ? (int64_t)(int8_t)u8 : (int64_t)u8;
	case 2:
		memcpy(&u16, p, 2);
		return is_signed ? (int64_t)(int16_t)u16 : (int64_t)u16;
	case 4:
		memcpy(&u32, p, 4);
		return is_signed ? (int64_t)(int32_t)u32 : (int64_t)u32;
	case 8:
		memcpy(&u64, p, 8);
		return (int64_t)u64;
	default: /* strings, MACs, addresses, arrays: not an integer */
		return 0;
	}
}

static inline bool nw_jfield_signed(const struct nw_jfield *f)
{
	return f->kind == NW_JK_I64 || f->kind == NW_JK_ERRNO ||
	       (f->kind == NW_JK_KNAME && f->null == NW_JN_NEG);
}

/* The field's value: its raw value, shifted and masked. */
static inline int64_t nw_jfield_value(const struct nw_event *ev, const struct nw_jfield *f)
{
	int64_t v = nw_jfield_raw(ev, f->off, (uint8_t)f->size, nw_jfield_signed(f));

	return f->mask ? (int64_t)(((uint64_t)v >> f->shift) & f->mask) : v;
}

/* Whether cond holds in ev. */
static inline bool nw_jcond_holds(const struct nw_event *ev, const struct nw_jcond *c)
{
	uint64_t v;

	if (!c->n)
		return true;
	v = (uint64_t)nw_jfield_raw(ev, c->off, c->size, false);
	return v == c->v[0] || (c->n > 1 && v == c->v[1]);
}

/* Whether the field's value is "nothing": 0, an empty string, a MAC of length 0, address family 0.
 */
static inline bool nw_jfield_empty(const struct nw_event *ev, const struct nw_jfield *f, int64_t v)
{
	const char *p = (const char *)ev + f->off;

	switch (f->kind) {
	case NW_JK_STR:
		return !p[0];
	case NW_JK_MAC:
		return !((const struct nw_mac *)(const void *)p)->len;
	case NW_JK_ADDR:
		return !((const struct nw_addr *)(const void *)p)->family;
	default:
		return !v;
	}
}

/* Whether the field prints null (or, for NW_JN_ABSENT_LE1, is absent); v is nw_jfield_value(). */
static inline bool nw_jfield_null_v(const struct nw_event *ev, const struct nw_jfield *f, int64_t v)
{
	if (f->kind == NW_JK_NSNAME)
		return !*nw_nsreg_name(ev->netns_ino);
	if (f->null == NW_JN_ZERO_WHEN)
		return nw_jcond_holds(ev, &f->when) && nw_jfield_empty(ev, f, v);
	if (!nw_jcond_holds(ev, &f->when))
		return true;
	switch (f->null) {
	case NW_JN_ZERO:
		return nw_jfield_empty(ev, f, v);
	case NW_JN_MAX:
		return (uint64_t)v == (f->size >= 8 ? UINT64_MAX : (1ull << (8 * f->size)) - 1);
	case NW_JN_NEG:
		return v < 0;
	case NW_JN_NONPOS:
		return v <= 0;
	case NW_JN_ABSENT_LE1:
		return (uint64_t)v <= 1;
	default:
		return false;
	}
}

static inline bool nw_jfield_is_null(const struct nw_event *ev, const struct nw_jfield *f)
{
	return nw_jfield_null_v(ev, f, nw_jfield_value(ev, f));
}

#endif
