// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Route model (see core/diag/route_model.h): routes, rules and lookup
 * answers per namespace, on bounded keyed stores.  A deleted route or rule
 * stays as a record marked deleted (the store has no removal; a later
 * report revives it), so "it was there, then deleted" stays provable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "core/diag/route_model.h"
#include "core/kstore.h"
#include "core/util.h"

struct nw_route_model {
	struct nw_kstore *routes, *rules, *lookups;
};

#define MAX_RULES 64 /* rules walked per namespace and family */

struct nw_route_model *nw_route_model_new(size_t capacity)
{
	struct nw_route_model *m = nw_xcalloc(1, sizeof(*m));

	if (!capacity)
		capacity = 1;
	m->routes =
	    nw_kstore_new(sizeof(struct nw_route_key), sizeof(struct nw_route_rec), capacity);
	m->rules =
	    nw_kstore_new(sizeof(struct nw_rule_key), sizeof(struct nw_rule_rec), capacity / 4 + 1);
	m->lookups = nw_kstore_new(sizeof(struct nw_route_lookup_key),
				   sizeof(struct nw_route_lookup_rec), capacity / 4 + 1);
	return m;
}

void nw_route_model_free(struct nw_route_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->routes);
	nw_kstore_free(m->rules);
	nw_kstore_free(m->lookups);
	free(m);
}

size_t nw_route_model_rec_size(void)
{
	return sizeof(struct nw_route_rec) +
	       (sizeof(struct nw_rule_rec) + sizeof(struct nw_route_lookup_rec)) / 4;
}

uint64_t nw_route_model_evicted(const struct nw_route_model *m)
{
	return nw_kstore_evicted(m->routes) + nw_kstore_evicted(m->rules) +
	       nw_kstore_evicted(m->lookups);
}

static size_t alen(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

static void on_route(struct nw_route_model *m, const struct nw_event *ev)
{
	const struct nw_route_ev *e = &ev->u.route;
	struct nw_route_key k;
	struct nw_route_rec *r;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.family = e->family;
	k.dst_len = e->dst_len;
	k.tos = e->tos;
	k.table = e->table;
	k.priority = e->priority;
	memcpy(k.dst, e->dst.bytes, alen(e->family));
	if (e->op == NW_ROUTE_DEL && !nw_kstore_find(m->routes, &k))
		return;
	r = nw_kstore_get(m->routes, &k, NULL);
	r->r = *e;
	r->oif = ev->ifindex;
	nw_strlcpy(r->ifname, ev->ifname, sizeof(r->ifname));
	r->deleted = e->op == NW_ROUTE_DEL;
	r->last_ts = ev->ts;
	r->last_id = ev->id;
}

static void on_rule(struct nw_route_model *m, const struct nw_event *ev)
{
	const struct nw_route_ev *e = &ev->u.route;
	struct nw_rule_key k;
	struct nw_rule_rec *r;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.family = e->family;
	k.action = e->type;
	k.dst_len = e->dst_len;
	k.src_len = e->src_len;
	k.priority = e->priority;
	k.table = e->table;
	k.fwmark = e->fwmark;
	k.fwmask = e->fwmask;
	k.flags = e->flags;
	k.tos = e->tos;
	memcpy(k.dst, e->dst.bytes, alen(e->family));
	memcpy(k.src, e->src.bytes, alen(e->family));
	nw_strlcpy(k.iifname, e->iifname, sizeof(k.iifname));
	nw_strlcpy(k.oifname, e->oifname, sizeof(k.oifname));
	if (e->op == NW_ROUTE_DEL && !nw_kstore_find(m->rules, &k))
		return;
	r = nw_kstore_get(m->rules, &k, NULL);
	r->deleted = e->op == NW_ROUTE_DEL;
	r->last_ts = ev->ts;
	r->last_id = ev->id;
}

static void on_lookup(struct nw_route_model *m, const struct nw_event *ev)
{
	struct nw_route_lookup_key k;
	struct nw_route_lookup_rec *r;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.target.family = ev->u.route.target.family;
	memcpy(k.target.bytes, ev->u.route.target.bytes, alen(k.target.family));
	r = nw_kstore_get(m->lookups, &k, NULL);
	r->ev = *ev;
	r->count++;
}

void nw_route_model_on_event(struct nw_route_model *m, const struct nw_event *ev)
{
	uint8_t family = ev->u.route.family;

	if (ev->type != NW_EV_ROUTE || (family != AF_INET && family != AF_INET6))
		return;
	if (ev->u.route.op == NW_ROUTE_LOOKUP) {
		if (ev->u.route.target.family == family)
			on_lookup(m, ev);
	} else if (ev->u.route.is_rule) {
		on_rule(m, ev);
	} else {
		on_route(m, ev);
	}
}

const struct nw_route_lookup_rec *nw_route_model_lookup(const struct nw_route_model *m,
							uint64_t netns_ino,
							const struct nw_addr *target)
{
	struct nw_route_lookup_key k;

	if (target->family != AF_INET && target->family != AF_INET6)
		return NULL;
	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	k.target.family = target->family;
	memcpy(k.target.bytes, target->bytes, alen(target->family));
	return nw_kstore_find(m->lookups, &k);
}

/* Whether the first len bits of prefix and addr agree. */
static bool covers(const uint8_t *prefix, uint8_t len, const uint8_t *addr)
{
	size_t whole = len / 8;
	unsigned rest = len % 8;

	if (memcmp(prefix, addr, whole))
		return false;
	return !rest || !((prefix[whole] ^ addr[whole]) & (uint8_t)(0xff << (8 - rest)));
}

const struct nw_route_rec *nw_route_model_match(const struct nw_route_model *m, uint64_t netns_ino,
						uint32_t table, const struct nw_addr *target)
{
	const struct nw_route_rec *best = NULL;

	for (size_t i = 0; i < nw_kstore_capacity(m->routes); i++) {
		const struct nw_route_rec *r = nw_kstore_slot(m->routes, i);

		if (!r || r->deleted || r->key.netns_ino != netns_ino ||
		    r->key.family != target->family || r->key.table != table || r->key.tos ||
		    !covers(r->key.dst, r->key.dst_len, target->bytes))
			continue;
		if (!best || r->key.dst_len > best->key.dst_len ||
		    (r->key.dst_len == best->key.dst_len && r->key.priority < best->key.priority))
			best = r;
	}
	return best;
}

bool nw_route_model_knows(const struct nw_route_model *m, uint64_t netns_ino, uint8_t family)
{
	for (size_t i = 0; i < nw_kstore_capacity(m->routes); i++) {
		const struct nw_route_rec *r = nw_kstore_slot(m->routes, i);

		if (r && r->key.netns_ino == netns_ino && r->key.family == family)
			return true;
	}
	for (size_t i = 0; i < nw_kstore_capacity(m->rules); i++) {
		const struct nw_rule_rec *r = nw_kstore_slot(m->rules, i);

		if (r && r->key.netns_ino == netns_ino && r->key.family == family)
			return true;
	}
	return false;
}

/* The namespace's live rules of that family, by preference. */
static size_t sorted_rules(const struct nw_route_model *m, uint64_t netns_ino, uint8_t family,
			   const struct nw_rule_rec **out)
{
	size_t n = 0;

	for (size_t i = 0; i < nw_kstore_capacity(m->rules) && n < MAX_RULES; i++) {
		const struct nw_rule_rec *r = nw_kstore_slot(m->rules, i), *t;
		size_t j;

		if (!r || r->deleted || r->key.netns_ino != netns_ino || r->key.family != family)
			continue;
		for (j = n++; j > 0 && out[j - 1]->key.priority > r->key.priority; j--) {
			t = out[j - 1];
			out[j] = t;
		}
		out[j] = r;
	}
	return n;
}

/* Selectors a socket's lookup cannot be judged against: skip the rule rather than guess. */
static bool judgeable(const struct nw_rule_rec *r)
{
	return !r->key.src_len && (!r->key.iifname[0] || !strcmp(r->key.iifname, "lo")) &&
	       !r->key.oifname[0] && !r->key.fwmark && !r->key.tos &&
	       !(r->key.flags & FIB_RULE_INVERT);
}

void nw_route_model_resolve(const struct nw_route_model *m, uint64_t netns_ino,
			    const struct nw_addr *target, struct nw_route_walk *out)
{
	const struct nw_rule_rec *rules[MAX_RULES];
	size_t n = sorted_rules(m, netns_ino, target->family, rules);

	memset(out, 0, sizeof(*out));
	out->rules_seen = n > 0;
	if (!n) {
		out->route = nw_route_model_match(m, netns_ino, RT_TABLE_MAIN, target);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct nw_rule_rec *r = rules[i];
		const struct nw_route_rec *rt;

		if (!covers(r->key.dst, r->key.dst_len, target->bytes))
			continue;
		if (!judgeable(r)) {
			out->uncertain = true;
			continue;
		}
		if (r->key.action == FR_ACT_BLACKHOLE || r->key.action == FR_ACT_UNREACHABLE ||
		    r->key.action == FR_ACT_PROHIBIT) {
			out->rule = r;
			return;
		}
		if (r->key.action != FR_ACT_TO_TBL || r->key.table == RT_TABLE_LOCAL)
			continue; /* goto/nop: not followed; local: only this host's own addresses
				   */
		rt = nw_route_model_match(m, netns_ino, r->key.table, target);
		/* A throw route ends the table's lookup: the walk goes on with the next rule. */
		if (rt && rt->r.type != RTN_THROW) {
			out->rule = r;
			out->route = rt;
			return;
		}
		if (!out->empty_rule && r->key.table != RT_TABLE_MAIN &&
		    r->key.table != RT_TABLE_DEFAULT)
			out->empty_rule = r;
	}
}

/* --- names -------------------------------------------------------------------- */

const char *nw_route_type_name(unsigned type)
{
	static const char *const names[] = {
	    [RTN_UNSPEC] = "none",
	    [RTN_UNICAST] = "unicast",
	    [RTN_LOCAL] = "local",
	    [RTN_BROADCAST] = "broadcast",
	    [RTN_ANYCAST] = "anycast",
	    [RTN_MULTICAST] = "multicast",
	    [RTN_BLACKHOLE] = "blackhole",
	    [RTN_UNREACHABLE] = "unreachable",
	    [RTN_PROHIBIT] = "prohibit",
	    [RTN_THROW] = "throw",
	    [RTN_NAT] = "nat",
	    [RTN_XRESOLVE] = "xresolve",
	};

	return type < NW_ARRAY_SIZE(names) ? names[type] : NULL;
}

const char *nw_rule_action_name(unsigned action)
{
	static const char *const names[] = {
	    [FR_ACT_TO_TBL] = "lookup",
	    [FR_ACT_GOTO] = "goto",
	    [FR_ACT_NOP] = "nop",
	    [FR_ACT_BLACKHOLE] = "blackhole",
	    [FR_ACT_UNREACHABLE] = "unreachable",
	    [FR_ACT_PROHIBIT] = "prohibit",
	};

	return action < NW_ARRAY_SIZE(names) ? names[action] : NULL;
}

char *nw_route_table_fmt(uint32_t table, char *buf, size_t size)
{
	if (table == RT_TABLE_MAIN)
		snprintf(buf, size, "main");
	else if (table == RT_TABLE_LOCAL)
		snprintf(buf, size, "local");
	else if (table == RT_TABLE_DEFAULT)
		snprintf(buf, size, "default");
	else
		snprintf(buf, size, "%u", table);
	return buf;
}

char *nw_prefix_fmt(uint8_t family, const uint8_t *bytes, uint8_t len, char *buf, size_t size)
{
	struct nw_addr a = {.family = family};
	char ip[NW_ADDR_STRLEN];

	memcpy(a.bytes, bytes, alen(family));
	if (!len)
		snprintf(buf, size, "default");
	else
		snprintf(buf, size, "%s/%u", nw_addr_fmt(&a, ip, sizeof(ip)), len);
	return buf;
}

char *nw_route_fmt(const struct nw_route_rec *r, char *buf, size_t size)
{
	const char *type = nw_route_type_name(r->r.type);
	char pfx[NW_ADDR_STRLEN + 8], gw[NW_ADDR_STRLEN + 8] = "", dev[NW_IFNAMSIZ + 8] = "", t[16];
	char ip[NW_ADDR_STRLEN];

	nw_prefix_fmt(r->key.family, r->key.dst, r->key.dst_len, pfx, sizeof(pfx));
	if (r->r.gateway.family)
		snprintf(gw, sizeof(gw), " via %s", nw_addr_fmt(&r->r.gateway, ip, sizeof(ip)));
	if (r->ifname[0] && r->r.type == RTN_UNICAST)
		snprintf(dev, sizeof(dev), " dev %s", r->ifname);
	snprintf(buf, size, "%s%s%s%s%s table %s",
		 r->r.type == RTN_UNICAST ? ""
		 : type			  ? type
					  : "type?",
		 r->r.type == RTN_UNICAST ? "" : " ", pfx, gw, dev,
		 nw_route_table_fmt(r->key.table, t, sizeof(t)));
	return buf;
}

char *nw_rule_fmt(const struct nw_rule_rec *r, char *buf, size_t size)
{
	char src[NW_ADDR_STRLEN + 8] = "all", dst[NW_ADDR_STRLEN + 12] = "", sel[96] = "", t[16];
	char act[32];
	const char *a = nw_rule_action_name(r->key.action);
	size_t len = 0;

	if (r->key.src_len)
		nw_prefix_fmt(r->key.family, r->key.src, r->key.src_len, src, sizeof(src));
	if (r->key.dst_len) {
		memcpy(dst, " to ", 5);
		nw_prefix_fmt(r->key.family, r->key.dst, r->key.dst_len, dst + 4, sizeof(dst) - 4);
	}
	if (r->key.iifname[0])
		len += (size_t)snprintf(sel + len, sizeof(sel) - len, " iif %s", r->key.iifname);
	if (r->key.oifname[0] && len < sizeof(sel))
		len += (size_t)snprintf(sel + len, sizeof(sel) - len, " oif %s", r->key.oifname);
	if (r->key.fwmark && len < sizeof(sel))
		snprintf(sel + len, sizeof(sel) - len, " fwmark 0x%x", r->key.fwmark);
	if (r->key.action == FR_ACT_TO_TBL)
		snprintf(act, sizeof(act), "lookup %s",
			 nw_route_table_fmt(r->key.table, t, sizeof(t)));
	else
		snprintf(act, sizeof(act), "%s", a ? a : "action?");
	snprintf(buf, size, "%u: %sfrom %s%s%s %s", r->key.priority,
		 r->key.flags & FIB_RULE_INVERT ? "not " : "", src, dst, sel, act);
	return buf;
}
