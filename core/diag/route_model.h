/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The route model: per namespace the routes and policy rules netlink
 * reported (NW_EV_ROUTE), and the answers of the FIB lookups netwhy asked
 * for failing destinations (op LOOKUP).  From them it walks the rules the
 * way the kernel does for a destination (nw_route_model_resolve), so an
 * explanation can name the rule or the route that refused it, or the table
 * that had no route; the lookup's errno says what the kernel really did.
 *
 * Rule selectors netwhy cannot judge for a socket's packets (a source
 * prefix, iif other than lo, oif, fwmark, tos, an inverted rule) make the
 * walk skip that rule and say so (uncertain), never guess it matched.
 */
#ifndef NW_CORE_ROUTE_MODEL_H
#define NW_CORE_ROUTE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_route_key {
	uint64_t netns_ino;
	uint8_t family, dst_len, tos, pad;
	uint32_t table, priority;
	uint8_t dst[16];
};

struct nw_route_rec {
	struct nw_route_key key;
	struct nw_route_ev r; /* the last report */
	uint32_t oif;
	char ifname[NW_IFNAMSIZ];
	bool deleted;
	uint64_t last_ts, last_id;
};

struct nw_rule_key {
	uint64_t netns_ino;
	uint8_t family, action, dst_len, src_len;
	uint32_t priority, table, fwmark, fwmask, flags;
	uint8_t dst[16], src[16];
	char iifname[NW_IFNAMSIZ], oifname[NW_IFNAMSIZ];
	uint8_t tos, pad[7];
};

struct nw_rule_rec {
	struct nw_rule_key key;
	bool deleted;
	uint64_t last_ts, last_id;
};

struct nw_route_lookup_key {
	uint64_t netns_ino;
	struct nw_addr target;
};

struct nw_route_lookup_rec {
	struct nw_route_lookup_key key;
	struct nw_event ev; /* the latest answer */
	uint32_t count;
};

struct nw_route_model;

struct nw_route_model *nw_route_model_new(size_t capacity);
void nw_route_model_free(struct nw_route_model *m);
void nw_route_model_on_event(struct nw_route_model *m, const struct nw_event *ev);
uint64_t nw_route_model_evicted(const struct nw_route_model *m);
/* Bytes per unit of capacity (for nw_models_mem_estimate). */
size_t nw_route_model_rec_size(void);

/* The latest lookup answer for target in that namespace, NULL if never asked. */
const struct nw_route_lookup_rec *nw_route_model_lookup(const struct nw_route_model *m,
							uint64_t netns_ino,
							const struct nw_addr *target);
/* The longest-prefix route covering target in that table, NULL if none. */
const struct nw_route_rec *nw_route_model_match(const struct nw_route_model *m, uint64_t netns_ino,
						uint32_t table, const struct nw_addr *target);
/* Whether any route or rule of that namespace and family was reported. */
bool nw_route_model_knows(const struct nw_route_model *m, uint64_t netns_ino, uint8_t family);

/* The kernel's walk for target, replayed on what the model holds. */
struct nw_route_walk {
	const struct nw_rule_rec
	    *rule; /* the rule that decided (reject action or its table's route) */
	const struct nw_route_rec *route;     /* the route that matched, NULL if none */
	const struct nw_rule_rec *empty_rule; /* the first rule to a table other than main/default
						 without a route for target */
	bool rules_seen; /* false: no rule reported, main alone was consulted */
	bool uncertain;	 /* a rule with selectors netwhy cannot judge was skipped */
};
void nw_route_model_resolve(const struct nw_route_model *m, uint64_t netns_ino,
			    const struct nw_addr *target, struct nw_route_walk *out);

/* Names as ip(8) prints them: "unreachable", "blackhole" ...; NULL when unknown. */
const char *nw_route_type_name(unsigned type);
/* Rule actions: "lookup", "goto", "nop", "blackhole", "unreachable", "prohibit"; NULL when unknown.
 */
const char *nw_rule_action_name(unsigned action);
/* "main", "local", "default" or the number. */
char *nw_route_table_fmt(uint32_t table, char *buf, size_t size);
/* "unreachable 203.0.113.0/24 table main" / "198.51.100.0/24 via 192.0.2.1 dev eth0 table 200". */
char *nw_route_fmt(const struct nw_route_rec *r, char *buf, size_t size);
/* "100: from all to 198.51.100.0/24 lookup 200", as `ip rule` shows it. */
char *nw_rule_fmt(const struct nw_rule_rec *r, char *buf, size_t size);
/* "203.0.113.0/24" (an address with its prefix length). */
char *nw_prefix_fmt(uint8_t family, const uint8_t *bytes, uint8_t len, char *buf, size_t size);

#endif
