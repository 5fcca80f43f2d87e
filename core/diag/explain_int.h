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

extern const struct nw_rule nw_rules[];
extern const size_t nw_nrules;

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
const char *nw_x_reason(uint32_t reason, char *buf, size_t size);
/* Seconds relative to the finding's first event: "+1.250s". */
char *nw_x_rel(const struct nw_xctx *c, uint64_t ts, char *buf, size_t size);

#endif
