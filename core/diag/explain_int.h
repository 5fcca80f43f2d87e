/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to core/diag/explain.c and core/diag/explain_rules.c: the rule context and helpers. */
#ifndef NW_CORE_EXPLAIN_INT_H
#define NW_CORE_EXPLAIN_INT_H

#include "core/diag/correlate.h"
#include "core/diag/explain.h"

/* What the chain is looking at now; rules belong to one stage. */
enum nw_stage {
	NW_STAGE_SOCK,	  /* a socket's errno */
	NW_STAGE_NEIGH,	  /* a neighbour entry that failed */
	NW_STAGE_QDISC,	  /* a qdisc that dropped control traffic */
	NW_STAGE_TABLE,	  /* neighbour table overflow */
	NW_STAGE_L2,	  /* frames addressed to a MAC that is not the interface's */
	NW_STAGE_NETLINK, /* a netlink listener that lost messages */
	NW_STAGE_COUNTER, /* a drop counter that rose */
	NW_STAGE_DROP,	  /* drops with a reason */
	NW_STAGE_ROUTE,	  /* a FIB lookup that refused the destination (route_lookup set) */
	NW_STAGE_COUNT
};

enum nw_rule_result { NW_RULE_NO, NW_RULE_STEP, NW_RULE_CAUSE };

struct nw_xctx {
	const struct nw_models *m;
	struct nw_explanation *x;
	const struct nw_event *fev; /* the finding */
	const struct nw_finding_ev *f;
	enum nw_stage stage;
	uint64_t from, to; /* the time window of the symptom */
	/* subjects, set by the finding or by an earlier step */
	const struct nw_neigh_entry *neigh;
	const struct nw_sock_rec *sock;
	const struct nw_event *qdrop; /* a per-packet qdisc drop event, when known */
	const struct nw_qdisc_rec *qdisc;
	uint64_t l2_netns;
	uint32_t l2_ifindex;
	struct nw_mac l2_mac;
	struct nw_addr l2_ip;
	uint8_t table_family;
	const struct nw_route_lookup_rec *route_lookup; /* the kernel's answer for the destination */
};

struct nw_rule {
	const char *id;
	enum nw_cause_layer layer;
	enum nw_stage stage;
	uint32_t needs; /* 1 << enum nw_evsrc: evidence the rule cannot judge without */
	enum nw_rule_result (*match)(struct nw_xctx *c);
	const char *message;
	const char *fix;
};

/* A stage's rules, in the order they are tried (core/diag/rules_<stage>.c). */
struct nw_rule_set {
	const struct nw_rule *rules;
	size_t n;
};

extern const struct nw_rule_set nw_rules_sock, nw_rules_neigh, nw_rules_qdisc, nw_rules_table,
    nw_rules_l2, nw_rules_netlink, nw_rules_counter, nw_rules_drop, nw_rules_route;

/* Stage sock's and stage drop's entries to the route stage (core/diag/rules_route.c). */
enum nw_rule_result nw_r_sock_route(struct nw_xctx *c);
enum nw_rule_result nw_r_drop_route(struct nw_xctx *c);

/* Every rule, numbered across the stages (core/diag/explain_rules.c). */
size_t nw_rule_count(void);
const struct nw_rule *nw_rule_at(size_t i); /* NULL past the end */

#define NS_PER_S 1000000000ull
#define ETH_ARP 0x0806
#define ETH_IPV6 0x86dd
#define NEED(s) (1u << (s))

/* Pieces several stages share (core/diag/rules_common.c). */
enum nw_cause_layer nw_r_reason_layer(uint32_t reason);
/* The interface's name: fallback when set, else the link model's, else "?". */
const char *nw_r_ifname_of(const struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
			   const char *fallback);
/* The address, or "?" when it has no family. */
const char *nw_r_fmt_addr(const struct nw_addr *a, char *buf, size_t size);
/* What a dropped packet was: "ARP reply 192.0.2.1 > 192.0.2.2". */
void nw_r_drop_what(const struct nw_event *d, char *buf, size_t size);
const struct nw_qdisc_rec *nw_r_qdisc_for(struct nw_xctx *c, uint64_t netns, uint32_t ifindex,
					  const struct nw_event *qev);
/* Qdiscs with classes, where a filter can steer traffic. */
bool nw_r_classful(const char *kind);
/* Names the qdisc as the cause of dropped control (ARP/NDP) or data packets, with the fix. */
void nw_r_qdisc_cause(struct nw_xctx *c, uint64_t netns, uint32_t ifindex, const char *ifname,
		      const struct nw_event *qev, bool control, uint64_t ndropped);
void nw_r_netfilter_cause(struct nw_xctx *c, const struct nw_event *d, const char *what,
			  uint64_t n);
/* Names the cause of drops whose reason points at a layer; false when it says nothing specific. */
/* Sockets of netns with errno err between from and to: the total count, a list in buf. */
uint64_t nw_r_sockets_with(const struct nw_xctx *c, uint64_t netns, int err, uint64_t from,
			   uint64_t to, char *buf, size_t size, uint64_t *last_id);
bool nw_r_drop_cause(struct nw_xctx *c, const struct nw_event *d, const char *what, uint64_t n,
		     bool control);

/* Helpers for rules (core/diag/explain.c). */
struct nw_expl_step *nw_x_step(struct nw_xctx *c, enum nw_cause_layer layer, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nw_x_cite(struct nw_expl_step *s, uint64_t id);
void nw_x_cite_set(struct nw_expl_step *s, const struct nw_corr_set *set);
void nw_x_missing(struct nw_xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Checks a source and records what is missing; returns whether it is there. */
bool nw_x_need(struct nw_xctx *c, enum nw_evsrc src, uint64_t netns, uint32_t ifindex);
void nw_x_cause(struct nw_xctx *c, enum nw_cause_layer layer, const char *object, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
void nw_x_fix(struct nw_xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nw_x_check(struct nw_xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* " netns NAME" (or " netns inode N"; "" for none). */
char *nw_x_ns(uint64_t netns, char *buf, size_t size);
/* Command prefix to run in that namespace: "ip netns exec NAME " or "" for the initial one. */
char *nw_x_nsexec(uint64_t netns, char *buf, size_t size);
/* "-n NAME " for ip/tc, "" for the initial namespace. */
char *nw_x_nsopt(uint64_t netns, char *buf, size_t size);
/* The drop reason's name, always written into buf (returned). */
const char *nw_x_reason(uint32_t reason, char *buf, size_t size);
/* Seconds relative to the finding's first event: "+1.250s". */
char *nw_x_rel(const struct nw_xctx *c, uint64_t ts, char *buf, size_t size);

#endif
