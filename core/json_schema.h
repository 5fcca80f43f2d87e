/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON Lines schema: one descriptor per event type, the single place
 * that says which fields an event's object has, in which order, of which
 * kind, in which unit, when they are null, and where in struct nw_event
 * each value lives.  Three readers use it: the encoder (core/json.c, whose
 * name tables are the ones below), the test decoder
 * (tests/unit/jsonl_events.c, which is driven by it) and the schema tests
 * (tests/unit/test_json_schema.c: round trip over every type, the
 * encoder's keys against the descriptors, the man page against them).
 *
 * The encoder stays written by hand, type by type: the packet writer is
 * the hot path (one reservation, keys as literals) and a loop over
 * descriptors costs more per field; the tests hold it to the descriptors.
 */
#ifndef NW_CORE_JSON_SCHEMA_H
#define NW_CORE_JSON_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/names.h"

/* A value and its JSON name; a table of them names an enum or flag bits. */
struct nw_jname {
	uint32_t value;
	const char *name;
};

struct nw_jnames {
	const struct nw_jname *v;
	size_t n;
};

/* Standard numbers (IEEE, IANA, RFC 826) and Linux UAPI constants; unknown values print as numbers. */
extern const struct nw_jnames nw_jn_ethertypes, nw_jn_ipprotos, nw_jn_arp_ops, nw_jn_families,
    nw_jn_sock_types, nw_jn_pkt_types, nw_jn_operstates, nw_jn_iff;
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
	NW_JK_ENUM_FN,	 /* a name from name_fn (enum 0 .. count-1), "unknown" beyond */
	NW_JK_ETHERTYPE, /* a name from names, else "0x%04x" */
	NW_JK_FLAGS,	 /* a list of the names of the set bits (names), "0x.." for the rest */
	NW_JK_KNAME,	 /* a name from the running kernel's table (core/names.h), "prefix#N" */
	NW_JK_NUD,	 /* NUD_* bits as "STALE|PROBE" (core/names.h) */
	NW_JK_ERRNO,	 /* errno name ("EHOSTUNREACH"), of a positive or negative value */
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
	NW_JN_ZERO_WHEN,  /* 0 and `when` holds; when it does not, never null and ENUM writes the number */
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
	enum nw_jkind kind;
	uint16_t off;  /* of the value in struct nw_event */
	uint16_t size; /* of the value in bytes */
	const char *unit; /* "bytes", "packets", "ms", "bit/s" ...; NULL when none */
	enum nw_jnull null;
	struct nw_jcond when; /* null unless it holds (except NW_JN_ZERO_WHEN, above) */
	uint32_t mask;	      /* a value of bits: (field >> shift) & mask; 0: the whole field */
	uint8_t shift;
	uint8_t negated;		/* ERRNO: the field holds -errno */
	uint8_t ingress_num;		/* TC_HANDLE: TC_H_INGRESS as a number, like nw_tc_handle_fmt() */
	const struct nw_jnames *names;		/* ENUM, ETHERTYPE, FLAGS */
	const char *(*name_fn)(unsigned v);	/* ENUM_FN */
	unsigned count;				/* ENUM_FN: values 0 .. count-1 */
	enum nw_names_table table;		/* KNAME */
	const struct nw_jdesc *sub;		/* OBJECT */
	const char *doc;			/* a few words, for a person */
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

/* The raw value of the integer field at off (size 1, 2, 4 or 8; signed fields sign-extended when is_signed). */
int64_t nw_jfield_raw(const struct nw_event *ev, uint16_t off, uint8_t size, int is_signed);
/* The field's value: its raw value, masked and shifted. */
int64_t nw_jfield_value(const struct nw_event *ev, const struct nw_jfield *f);
/* Whether the field prints null in ev's object (or, for NW_JN_ABSENT_LE1, is absent). */
int nw_jfield_is_null(const struct nw_event *ev, const struct nw_jfield *f);
/* Whether cond holds in ev. */
int nw_jcond_holds(const struct nw_event *ev, const struct nw_jcond *c);

#endif
