// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON Lines (core/json.c's output) back into events; see jsonl_events.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/bus.h"
#include "core/diag/route_model.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/jsonl_events.h"

#define MAX_FIELDS 96

struct field {
	char key[48];
	char val[256];
	bool is_null;
};

struct obj {
	struct field f[MAX_FIELDS];
	size_t n;
};

static const char *skip_ws(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* A JSON string at p (after the quote) into out; returns the position after the closing quote. */
static const char *parse_str(const char *p, char *out, size_t size)
{
	size_t n = 0;

	while (*p && *p != '"') {
		char c = *p++;

		if (c == '\\') {
			c = *p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'u':
				c = (char)strtol((char[]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
				p += 4;
				break;
			default:
				break;
			}
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

static const char *parse_value(struct obj *o, const char *prefix, const char *p);

static void add(struct obj *o, const char *key, const char *val, bool is_null)
{
	if (o->n == MAX_FIELDS)
		return;
	nw_strlcpy(o->f[o->n].key, key, sizeof(o->f[0].key));
	nw_strlcpy(o->f[o->n].val, val, sizeof(o->f[0].val));
	o->f[o->n].is_null = is_null;
	o->n++;
}

static const char *parse_object(struct obj *o, const char *prefix, const char *p)
{
	p = skip_ws(p + 1);
	while (p && *p && *p != '}') {
		char key[48], full[100];

		if (*p != '"')
			return NULL;
		p = parse_str(p + 1, key, sizeof(key));
		if (!p)
			return NULL;
		p = skip_ws(p);
		if (*p != ':')
			return NULL;
		snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "." : "", key);
		p = parse_value(o, full, skip_ws(p + 1));
		if (!p)
			return NULL;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return p && *p == '}' ? p + 1 : NULL;
}

/* Arrays of scalars become one field with the items joined by '|'. */
static const char *parse_array(struct obj *o, const char *key, const char *p)
{
	char joined[256] = "", item[128];

	p = skip_ws(p + 1);
	while (*p && *p != ']') {
		if (*p == '"') {
			p = parse_str(p + 1, item, sizeof(item));
			if (!p)
				return NULL;
		} else {
			size_t n = strcspn(p, ",]");

			snprintf(item, sizeof(item), "%.*s", (int)n, p);
			p += n;
		}
		if (joined[0])
			strncat(joined, "|", sizeof(joined) - strlen(joined) - 1);
		strncat(joined, item, sizeof(joined) - strlen(joined) - 1);
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	add(o, key, joined, false);
	return *p == ']' ? p + 1 : NULL;
}

static const char *parse_value(struct obj *o, const char *key, const char *p)
{
	char buf[256];
	size_t n;

	switch (*p) {
	case '{':
		return parse_object(o, key, p);
	case '[':
		return parse_array(o, key, p);
	case '"':
		p = parse_str(p + 1, buf, sizeof(buf));
		if (p)
			add(o, key, buf, false);
		return p;
	default:
		n = strcspn(p, ",}]");
		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		add(o, key, buf, !strcmp(buf, "null"));
		return p + n;
	}
}

static const char *get(const struct obj *o, const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->f[i].key, key))
			return o->f[i].is_null ? NULL : o->f[i].val;
	return NULL;
}

static uint64_t u64(const struct obj *o, const char *key)
{
	const char *v = get(o, key);

	return v ? strtoull(v, NULL, 0) : 0;
}

struct pair {
	const char *name;
	uint32_t v;
};

static uint32_t named(const struct obj *o, const char *key, const struct pair *t, size_t n,
		      uint32_t dflt)
{
	const char *v = get(o, key);

	if (!v)
		return dflt;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, v))
			return t[i].v;
	return (uint32_t)strtoul(v, NULL, 0);
}

static const struct pair ethertypes[] = {
    {"ipv4", 0x0800}, {"arp", 0x0806}, {"ipv6", 0x86dd}, {"vlan", 0x8100}};
static const struct pair protos[] = {
    {"icmp", 1}, {"igmp", 2}, {"tcp", 6}, {"udp", 17}, {"icmpv6", 58}};
static const struct pair arp_ops[] = {{"request", 1}, {"reply", 2}};
static const struct pair families[] = {{"unspec", 0},		{"unix", AF_UNIX},
				       {"inet", AF_INET},	{"inet6", AF_INET6},
				       {"netlink", AF_NETLINK}, {"packet", AF_PACKET}};
static const struct pair sock_types[] = {{"stream", 1}, {"dgram", 2}, {"raw", 3}, {"seqpacket", 5}};
static const struct pair dirs[] = {
    {"unknown", NW_DIR_UNKNOWN}, {"in", NW_DIR_IN}, {"out", NW_DIR_OUT}};
static const struct pair pkt_types[] = {{"host", 0},	  {"broadcast", 1}, {"multicast", 2},
					{"otherhost", 3}, {"outgoing", 4},  {"loopback", 5}};
static const struct pair iffs[] = {
    {"UP", 0x1},	 {"BROADCAST", 0x2}, {"LOOPBACK", 0x8},	    {"POINTOPOINT", 0x10},
    {"RUNNING", 0x40},	 {"NOARP", 0x80},    {"PROMISC", 0x100},    {"ALLMULTI", 0x200},
    {"MASTER", 0x400},	 {"SLAVE", 0x800},   {"MULTICAST", 0x1000}, {"LOWER_UP", 0x10000},
    {"DORMANT", 0x20000}};
static const struct pair states[] = {
    {"starting", NW_SOURCE_STARTING}, {"running", NW_SOURCE_RUNNING},
    {"degraded", NW_SOURCE_DEGRADED}, {"off", NW_SOURCE_OFF},
    {"gone", NW_SOURCE_GONE},	      {"resync", NW_SOURCE_RESYNC}};
#define NAMED(o, k, t, d) named((o), (k), (t), NW_ARRAY_SIZE(t), (d))

static struct nw_addr addr(const struct obj *o, const char *key)
{
	const char *v = get(o, key);
	struct nw_addr a;

	memset(&a, 0, sizeof(a));
	if (v && inet_pton(AF_INET, v, a.bytes) == 1)
		a.family = AF_INET;
	else if (v && inet_pton(AF_INET6, v, a.bytes) == 1)
		a.family = AF_INET6;
	return a;
}

static struct nw_mac mac(const struct obj *o, const char *key)
{
	const char *v = get(o, key);
	struct nw_mac m;
	unsigned b[8];
	int n;

	memset(&m, 0, sizeof(m));
	if (!v)
		return m;
	n = sscanf(v, "%x:%x:%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6],
		   &b[7]);
	for (int i = 0; i < n && i < NW_MAC_MAX; i++)
		m.bytes[i] = (uint8_t)b[i];
	m.len = (uint8_t)(n > 0 ? n : 0);
	return m;
}

static uint32_t flags(const struct obj *o, const char *key)
{
	const char *v = get(o, key);
	char buf[256], *save = NULL;
	uint32_t bits = 0;

	if (!v)
		return 0;
	nw_strlcpy(buf, v, sizeof(buf));
	for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
		bool found = false;

		for (size_t i = 0; i < NW_ARRAY_SIZE(iffs); i++)
			if (!strcmp(t, iffs[i].name)) {
				bits |= iffs[i].v;
				found = true;
			}
		if (!found)
			bits |= (uint32_t)strtoul(t, NULL, 0);
	}
	return bits;
}

static uint16_t nud(const struct obj *o, const char *key)
{
	static const struct pair nuds[] = {
	    {"INCOMPLETE", 0x01}, {"REACHABLE", 0x02}, {"STALE", 0x04},
	    {"DELAY", 0x08},	  {"PROBE", 0x10},     {"FAILED", 0x20},
	    {"NOARP", 0x40},	  {"PERMANENT", 0x80}, {"NONE", 0}};
	const char *v = get(o, key);
	char buf[128], *save = NULL;
	uint16_t bits = 0;

	if (!v)
		return 0;
	nw_strlcpy(buf, v, sizeof(buf));
	for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save))
		for (size_t i = 0; i < NW_ARRAY_SIZE(nuds); i++)
			if (!strcmp(t, nuds[i].name))
				bits |= (uint16_t)nuds[i].v;
	return bits;
}

static uint32_t reason(const struct obj *o, const char *key)
{
	const char *v = get(o, key);
	int64_t r = 0;

	if (v && !nw_names_lookup(nw_names_table(NW_NAMES_DROP_REASON), v, &r) &&
	    !strncmp(v, "reason#", 7))
		r = strtol(v + 7, NULL, 10);
	return (uint32_t)r;
}

static int err_num(const struct obj *o, const char *key)
{
	const char *v = get(o, key);

	if (!v)
		return 0;
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, v))
			return e;
	}
	return !strncmp(v, "errno#", 6) ? atoi(v + 6) : 0;
}

static uint32_t tc_handle(const struct obj *o, const char *key)
{
	const char *v = get(o, key);
	unsigned maj = 0, min = 0;

	if (!v)
		return 0;
	if (!strcmp(v, "root"))
		return 0xffffffffu;
	if (!strcmp(v, "ingress"))
		return 0xfffffff1u;
	sscanf(v, "%x:%x", &maj, &min);
	return maj << 16 | (min & 0xffff);
}

static void copy_str(char *dst, size_t size, const struct obj *o, const char *key)
{
	const char *v = get(o, key);

	nw_strlcpy(dst, v ? v : "", size);
}

static void dec_packet(const struct obj *o, struct nw_packet_ev *p)
{
	p->dir = (uint8_t)NAMED(o, "dir", dirs, NW_DIR_UNKNOWN);
	p->len = (uint32_t)u64(o, "len");
	p->caplen = (uint32_t)u64(o, "caplen");
	p->linktype = (uint16_t)u64(o, "linktype");
	p->src_mac = mac(o, "src_mac");
	p->dst_mac = mac(o, "dst_mac");
	p->ethertype = (uint16_t)NAMED(o, "ethertype", ethertypes, 0);
	p->src = addr(o, "src");
	p->dst = addr(o, "dst");
	p->l4proto = (uint8_t)NAMED(o, "proto", protos, 0);
	p->sport = (uint16_t)u64(o, "sport");
	p->dport = (uint16_t)u64(o, "dport");
	p->tcp_flags = (uint8_t)u64(o, "tcp_flags");
	if (p->ethertype == 0x0806)
		p->arp_op = (uint16_t)NAMED(o, "arp_op", arp_ops, 0);
	else if (get(o, "icmp_type"))
		p->arp_op = (uint16_t)(u64(o, "icmp_type") << 8 | u64(o, "icmp_code"));
	p->partial = !strcmp(get(o, "partial") ? get(o, "partial") : "", "true");
	p->l2_flags = (uint32_t)u64(o, "l2_flags");
}

static void dec_neigh(const struct obj *o, struct nw_neigh_ev *n)
{
	static const struct pair ops[] = {
	    {"snapshot", NW_NEIGH_SNAPSHOT}, {"new", NW_NEIGH_NEW},
	    {"update", NW_NEIGH_UPDATE},     {"del", NW_NEIGH_DEL},
	    {"timer", NW_NEIGH_TIMER},	     {"create_fail", NW_NEIGH_CREATE_FAIL}};

	n->op = (uint8_t)NAMED(o, "op", ops, 0);
	n->family = (uint8_t)NAMED(o, "family", families, 0);
	n->ip = addr(o, "ip");
	n->lladdr = mac(o, "lladdr");
	n->state = nud(o, "state");
	n->prev_state = nud(o, "prev_state");
	n->probes = (uint32_t)u64(o, "probes");
	n->error = -err_num(o, "error");
	n->flags = (uint16_t)u64(o, "flags");
	n->dev_flags = (uint32_t)u64(o, "dev_flags");
}

static void dec_table(const struct obj *o, struct nw_neigh_table_ev *t)
{
	copy_str(t->name, sizeof(t->name), o, "name");
	t->family = (uint8_t)NAMED(o, "family", families, 0);
	t->gc_thresh1 = (uint32_t)u64(o, "gc_thresh1");
	t->gc_thresh2 = (uint32_t)u64(o, "gc_thresh2");
	t->gc_thresh3 = (uint32_t)u64(o, "gc_thresh3");
	t->entries = (uint32_t)u64(o, "entries");
	t->allocs = u64(o, "allocs");
	t->destroys = u64(o, "destroys");
	t->res_failed = u64(o, "res_failed");
	t->forced_gc_runs = u64(o, "forced_gc_runs");
	t->periodic_gc_runs = u64(o, "periodic_gc_runs");
	t->table_fulls = u64(o, "table_fulls");
	t->ucast_probes = (uint32_t)u64(o, "ucast_probes");
	t->mcast_probes = (uint32_t)u64(o, "mcast_probes");
	t->app_probes = (uint32_t)u64(o, "app_probes");
	t->mcast_reprobes = (uint32_t)u64(o, "mcast_reprobes");
	t->retrans_time_ms = (uint32_t)u64(o, "retrans_time_ms");
}

static void dec_qdisc(const struct obj *o, struct nw_qdisc_ev *q)
{
	static const struct pair ops[] = {{"stats", NW_QDISC_STATS},
					  {"del", NW_QDISC_DEL},
					  {"enqueue", NW_QDISC_ENQUEUE},
					  {"drop", NW_QDISC_DROP}};

	q->op = (uint8_t)NAMED(o, "op", ops, 0);
	q->is_class = get(o, "class") && !strcmp(get(o, "class"), "true");
	copy_str(q->kind, sizeof(q->kind), o, "kind");
	q->handle = tc_handle(o, "handle");
	q->parent = tc_handle(o, "parent");
	q->bytes = u64(o, "bytes");
	q->packets = u64(o, "packets");
	q->drops = u64(o, "drops");
	q->overlimits = u64(o, "overlimits");
	q->requeues = u64(o, "requeues");
	q->qlen = (uint32_t)u64(o, "qlen");
	q->backlog = (uint32_t)u64(o, "backlog");
	q->direct_qlen = get(o, "direct_qlen") ? (uint32_t)u64(o, "direct_qlen") : UINT32_MAX;
	q->defcls = (uint32_t)u64(o, "defcls");
	q->direct_packets = u64(o, "direct_packets");
	q->drop_reason = reason(o, "reason");
	q->pkt_ethertype = NAMED(o, "pkt.ethertype", ethertypes, 0);
	q->pkt_arp_op = (uint16_t)NAMED(o, "pkt.arp_op", arp_ops, 0);
	q->pkt_l4proto = (uint8_t)NAMED(o, "pkt.proto", protos, 0);
	q->pkt_tcp_flags = (uint8_t)u64(o, "pkt.tcp_flags");
	q->pkt_src = addr(o, "pkt.src");
	q->pkt_dst = addr(o, "pkt.dst");
}

static void dec_drop(const struct obj *o, struct nw_drop_ev *d)
{
	d->reason = reason(o, "reason");
	d->protocol = (uint16_t)NAMED(o, "protocol", ethertypes, 0);
	d->l4proto = (uint8_t)NAMED(o, "proto", protos, 0);
	d->pkt_type = (uint8_t)NAMED(o, "pkt_type", pkt_types, 0);
	d->location = u64(o, "location");
	copy_str(d->location_sym, sizeof(d->location_sym), o, "location_sym");
	d->src = addr(o, "src");
	d->dst = addr(o, "dst");
	d->sport = (uint16_t)u64(o, "sport");
	d->dport = (uint16_t)u64(o, "dport");
	d->src_mac = mac(o, "src_mac");
	d->dst_mac = mac(o, "dst_mac");
	d->arp_op = (uint16_t)NAMED(o, "arp_op", arp_ops, 0);
	d->arp_sha = mac(o, "arp_sha");
	d->arp_tha = mac(o, "arp_tha");
	d->arp_spa = addr(o, "arp_spa");
	d->arp_tpa = addr(o, "arp_tpa");
}

static void dec_sock(const struct obj *o, struct nw_sock_ev *s)
{
	const char *org = get(o, "err_origin") ? get(o, "err_origin") : get(o, "origin");

	s->origin = org && !strcmp(org, "async") ? NW_SOCKERR_ASYNC : NW_SOCKERR_SYSCALL;
	s->pid = (uint32_t)u64(o, "pid");
	s->tid = (uint32_t)u64(o, "tid");
	copy_str(s->comm, sizeof(s->comm), o, "comm");
	s->fd = get(o, "fd") ? (int32_t)strtol(get(o, "fd"), NULL, 10) : -1;
	if (get(o, "syscall")) {
		int64_t v = -1;

		s->syscall =
		    nw_names_lookup(nw_names_table(NW_NAMES_SYSCALL), get(o, "syscall"), &v)
			? (int32_t)v
			: -1;
	}
	s->err = err_num(o, "errno");
	s->sk_family = (uint16_t)NAMED(o, "family", families, 0);
	s->sk_type = (uint8_t)NAMED(o, "sock_type", sock_types, 0);
	s->sk_protocol = (uint16_t)NAMED(o, "protocol", protos, 0);
	s->laddr = addr(o, "laddr");
	s->raddr = addr(o, "raddr");
	s->lport = (uint16_t)u64(o, "lport");
	s->rport = (uint16_t)u64(o, "rport");
	s->nl_portid = (uint32_t)u64(o, "nl_portid");
	s->nl_groups = (uint32_t)u64(o, "nl_groups");
	s->sk_cookie = u64(o, "sk_cookie");
}

static void dec_sockinfo(const struct obj *o, struct nw_sockinfo_ev *s)
{
	static const struct pair ops[] = {{"snapshot", NW_SOCKINFO_SNAPSHOT},
					  {"change", NW_SOCKINFO_CHANGE},
					  {"gone", NW_SOCKINFO_GONE}};

	s->op = (uint8_t)NAMED(o, "op", ops, 0);
	s->pid = (uint32_t)u64(o, "pid");
	copy_str(s->comm, sizeof(s->comm), o, "comm");
	s->sk_family = (uint16_t)NAMED(o, "family", families, 0);
	s->sk_type = (uint8_t)NAMED(o, "sock_type", sock_types, 0);
	s->sk_protocol = (uint16_t)NAMED(o, "protocol", protos, 0);
	s->sk_state = (uint8_t)u64(o, "sk_state");
	s->laddr = addr(o, "laddr");
	s->raddr = addr(o, "raddr");
	s->lport = (uint16_t)u64(o, "lport");
	s->rport = (uint16_t)u64(o, "rport");
	s->nl_portid = (uint32_t)u64(o, "nl_portid");
	s->nl_groups = (uint32_t)u64(o, "nl_groups");
	s->rmem = (uint32_t)u64(o, "rmem");
	s->rcvbuf = (uint32_t)u64(o, "rcvbuf");
	s->wmem = (uint32_t)u64(o, "wmem");
	s->sndbuf = (uint32_t)u64(o, "sndbuf");
	s->drops = (uint32_t)u64(o, "drops");
	s->inode = u64(o, "inode");
	s->cookie = u64(o, "sk_cookie");
}

static void dec_link(const struct obj *o, struct nw_link_ev *l)
{
	static const struct pair ops[] = {{"snapshot", NW_LINK_SNAPSHOT},
					  {"new", NW_LINK_NEW},
					  {"change", NW_LINK_CHANGE},
					  {"del", NW_LINK_DEL}};
	static const struct pair opers[] = {
	    {"UNKNOWN", 0}, {"NOTPRESENT", 1}, {"DOWN", 2}, {"LOWERLAYERDOWN", 3},
	    {"TESTING", 4}, {"DORMANT", 5},    {"UP", 6}};

	l->op = (uint8_t)NAMED(o, "op", ops, 0);
	l->mac = mac(o, "mac");
	l->prev_mac = mac(o, "prev_mac");
	l->flags = flags(o, "flags");
	l->mtu = (uint32_t)u64(o, "mtu");
	l->txqlen = (uint32_t)u64(o, "txqlen");
	l->operstate = (uint8_t)NAMED(o, "operstate", opers, 0);
	copy_str(l->kind, sizeof(l->kind), o, "kind");
	l->master = (int32_t)u64(o, "master");
}

/* route_type: ip(8)'s name of a route type or rule action (core/diag/route_model.h), or a number. */
static uint8_t route_type(const struct obj *o, bool is_rule)
{
	const char *v = get(o, "route_type");

	for (unsigned i = 0; v && i < 32; i++) {
		const char *n = is_rule ? nw_rule_action_name(i) : nw_route_type_name(i);

		if (n && !strcmp(n, v))
			return (uint8_t)i;
	}
	return v ? (uint8_t)strtoul(v, NULL, 0) : 0;
}

static void dec_route(const struct obj *o, struct nw_route_ev *r)
{
	static const struct pair ops[] = {
	    {"snapshot", NW_ROUTE_SNAPSHOT}, {"new", NW_ROUTE_NEW}, {"del", NW_ROUTE_DEL}, {"lookup", NW_ROUTE_LOOKUP}};
	const char *kind = get(o, "kind");

	r->op = (uint8_t)NAMED(o, "op", ops, 0);
	r->is_rule = kind && !strcmp(kind, "rule");
	r->family = (uint8_t)NAMED(o, "family", families, 0);
	r->type = route_type(o, r->is_rule);
	r->dst = addr(o, "dst");
	r->dst_len = (uint8_t)u64(o, "dst_len");
	r->src = addr(o, "src");
	r->src_len = (uint8_t)u64(o, "src_len");
	r->gateway = addr(o, "gateway");
	r->table = (uint32_t)u64(o, "table");
	r->priority = (uint32_t)u64(o, "priority");
	r->protocol = (uint8_t)u64(o, "protocol");
	r->scope = (uint8_t)u64(o, "scope");
	r->tos = (uint8_t)u64(o, "tos");
	r->target = addr(o, "target");
	r->error = err_num(o, "error");
	r->flags = (uint32_t)u64(o, "flags");
	r->fwmark = (uint32_t)u64(o, "fwmark");
	r->fwmask = (uint32_t)u64(o, "fwmask");
	copy_str(r->iifname, sizeof(r->iifname), o, "iif");
	copy_str(r->oifname, sizeof(r->oifname), o, "oif");
}

int nw_jsonl_event(const char *line, struct nw_event *ev)
{
	static const struct pair types[] = {
	    {"packet", NW_EV_PACKET},
	    {"neigh", NW_EV_NEIGH},
	    {"neigh_table", NW_EV_NEIGH_TABLE},
	    {"qdisc", NW_EV_QDISC},
	    {"drop", NW_EV_DROP},
	    {"sock_err", NW_EV_SOCK_ERR},
	    {"link", NW_EV_LINK},
	    {"source", NW_EV_SOURCE},
	    {"sock", NW_EV_SOCK_INFO},
	    {"counter", NW_EV_COUNTER},
	    {"route", NW_EV_ROUTE},
	};
	static const struct pair origins[] = {{"netlink", NW_ORIGIN_NETLINK},
					      {"bpf", NW_ORIGIN_BPF},
					      {"pcap", NW_ORIGIN_PCAP},
					      {"proc", NW_ORIGIN_PROC},
					      {"replay", NW_ORIGIN_REPLAY}};
	struct obj *o = nw_xcalloc(1, sizeof(*o));
	const char *p = skip_ws(line), *ts, *type;
	uint32_t t;
	int ret = 0;

	if (*p != '{' || !parse_object(o, "", p)) {
		ret = -EINVAL;
		goto out;
	}
	type = get(o, "type");
	ts = get(o, "ts");
	if (!type || !ts) {
		ret = -EINVAL;
		goto out;
	}
	t = NAMED(o, "type", types, NW_EV_COUNT);
	if (t >= NW_EV_COUNT || !strcmp(type, "finding") || !strcmp(type, "explanation")) {
		ret = -ENOENT;
		goto out;
	}
	nw_event_init(ev, (enum nw_event_type)t,
		      (enum nw_origin)NAMED(o, "origin", origins, NW_ORIGIN_REPLAY));
	{
		char *dot;
		uint64_t sec = strtoull(ts, &dot, 10), ns = 0;

		if (*dot == '.') {
			char frac[10] = "000000000";

			memcpy(frac, dot + 1, strnlen(dot + 1, 9));
			ns = strtoull(frac, NULL, 10);
		}
		ev->ts = sec * 1000000000ull + ns;
	}
	ev->netns_ino = u64(o, "netns.inode");
	if (ev->netns_ino && get(o, "netns.name"))
		nw_nsreg_set(ev->netns_ino, get(o, "netns.name"));
	ev->ifindex = (uint32_t)u64(o, "ifindex");
	copy_str(ev->ifname, sizeof(ev->ifname), o, "ifname");
	switch (t) {
	case NW_EV_PACKET:
		dec_packet(o, &ev->u.packet);
		break;
	case NW_EV_NEIGH:
		dec_neigh(o, &ev->u.neigh);
		break;
	case NW_EV_NEIGH_TABLE:
		dec_table(o, &ev->u.neigh_table);
		break;
	case NW_EV_QDISC:
		dec_qdisc(o, &ev->u.qdisc);
		break;
	case NW_EV_DROP:
		dec_drop(o, &ev->u.drop);
		break;
	case NW_EV_SOCK_ERR:
		dec_sock(o, &ev->u.sock);
		break;
	case NW_EV_SOCK_INFO:
		dec_sockinfo(o, &ev->u.sockinfo);
		break;
	case NW_EV_LINK:
		dec_link(o, &ev->u.link);
		break;
	case NW_EV_ROUTE:
		dec_route(o, &ev->u.route);
		break;
	case NW_EV_SOURCE:
		copy_str(ev->u.source.name, sizeof(ev->u.source.name), o, "name");
		ev->u.source.state = (uint8_t)NAMED(o, "state", states, 0);
		ev->u.source.delivered = u64(o, "delivered");
		ev->u.source.lost = u64(o, "lost");
		copy_str(ev->u.source.detail, sizeof(ev->u.source.detail), o, "detail");
		break;
	case NW_EV_COUNTER:
		copy_str(ev->u.counter.name, sizeof(ev->u.counter.name), o, "name");
		ev->u.counter.value = u64(o, "value");
		ev->u.counter.delta = u64(o, "delta");
		break;
	default:
		break;
	}
out:
	free(o);
	return ret;
}

long nw_jsonl_replay(const char *path, struct nw_bus *bus)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		struct nw_event ev;

		if (nw_jsonl_event(line, &ev) == 0) {
			nw_bus_submit(bus, &ev);
			n++;
		}
	}
	free(line);
	fclose(f);
	return n;
}

char *nw_test_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return NULL;
	}
	buf = nw_xmalloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}
