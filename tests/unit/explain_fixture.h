/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recorded event sequences for the model and explain tests: helpers that
 * submit the events a 6.18 kernel's sources produce (field by field as
 * probes/decode.c, probes/nl_*.c and capture/ fill them) into a bus with
 * the models subscribed.  Drop-reason names come from the recorded
 * skb:kfree_skb tracefs format (tests/data/core/), so reason numbers are
 * the running kernel's, never frozen here.
 */
#ifndef NW_TESTS_EXPLAIN_FIXTURE_H
#define NW_TESTS_EXPLAIN_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/event.h"
#include "core/diag/explain.h"

struct fx {
	struct nw_bus *bus;
	struct nw_models *m;
	uint64_t now; /* ns; helpers advance it */
};

void fx_setup(struct fx *fx);
void fx_teardown(struct fx *fx);

uint32_t fx_reason(const char *name); /* the recorded kernel's value; fails the test when absent */
struct nw_addr fx_ip(const char *text);
struct nw_mac fx_mac(const char *text);

/* Each submits one event at fx->now + dt_ms (and moves now there); returns its id. */
uint64_t fx_neigh(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *ip,
		  uint16_t state, uint16_t prev, uint32_t probes);
uint64_t fx_neigh_full(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *ip,
		       uint16_t state, uint32_t probes, const char *lladdr, uint32_t dev_flags, uint8_t op);
uint64_t fx_arp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir, uint16_t op,
		const char *src_mac, const char *dst_mac, const char *spa, const char *tpa);
uint64_t fx_ip_pkt(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir,
		   uint8_t proto, const char *src_mac, const char *dst_mac, const char *src, const char *dst,
		   uint32_t l2_flags);
/* An ICMPv6 neighbour-discovery packet (type 135 NS, 136 NA ...), as the capture dissects it. */
uint64_t fx_ndp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir, uint8_t type,
		const char *src_mac, const char *dst_mac, const char *src, const char *dst);
/* A kfree_skb drop of an ICMPv6 ND packet; with qdisc_kind set, also the qdisc's per-packet drop. */
uint64_t fx_drop_ndp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		     uint8_t type, const char *src, const char *dst, const char *qdisc_kind, uint32_t handle);
/* A kfree_skb drop of an ARP packet; with qdisc_kind set, also the qdisc's per-packet drop (as decode.c does). */
uint64_t fx_drop_arp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		     uint16_t op, const char *spa, const char *tpa, const char *qdisc_kind, uint32_t handle);
uint64_t fx_drop_ip(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		    uint8_t proto, uint8_t tcp_flags, const char *src, const char *dst, uint16_t dport,
		    const char *dst_mac, const char *qdisc_kind, uint32_t handle);
uint64_t fx_qdisc_stats(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *kind,
			uint32_t handle, uint64_t drops, uint32_t direct_qlen);
uint64_t fx_link(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *kind,
		 const char *mac, const char *prev_mac, uint32_t txqlen, int32_t master);
uint64_t fx_sockerr(struct fx *fx, int dt_ms, uint64_t ns, uint32_t pid, int32_t fd, const char *comm,
		    uint16_t family, uint8_t type, int err, int32_t syscall, const char *raddr, uint16_t rport);
uint64_t fx_sockinfo(struct fx *fx, int dt_ms, uint64_t ns, uint32_t pid, const char *comm, uint32_t portid,
		     uint32_t rcvbuf, uint32_t drops);
uint64_t fx_table(struct fx *fx, int dt_ms, uint64_t ns, uint8_t family, uint32_t entries, uint32_t thresh3,
		  uint64_t table_fulls, uint64_t forced_gc);
uint64_t fx_counter(struct fx *fx, int dt_ms, uint64_t ns, const char *name, uint64_t value, uint64_t delta);
uint64_t fx_source(struct fx *fx, const char *name, uint8_t state, const char *detail);

/* Flushes findings; counts those of kind (all when kind < 0). */
size_t fx_nfindings(struct fx *fx, int kind);
/* The first finding of that kind, 0 when none. */
uint64_t fx_finding(struct fx *fx, enum nw_finding_kind kind);
/* Explains it (asserting success) into a static buffer; prints the text when NW_TEST_VERBOSE is set. */
const struct nw_explanation *fx_explain(struct fx *fx, uint64_t finding_id);

#endif
