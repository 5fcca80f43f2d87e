// SPDX-License-Identifier: GPL-2.0-or-later
/* The models' stores: bounded, evictions counted, deltas and timelines right. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/kstore.h"
#include "core/util.h"

struct key {
	uint32_t a, b;
};

struct rec {
	struct key k;
	int v;
};

static void test_kstore_evicts_least_recent(void **state)
{
	struct nw_kstore *ks = nw_kstore_new(sizeof(struct key), sizeof(struct rec), 3);
	struct key k = {0, 0};
	struct rec *r;
	bool created;

	(void)state;
	assert_null(nw_kstore_new(0, 8, 3));
	assert_null(nw_kstore_new(16, 8, 3));
	for (uint32_t i = 1; i <= 3; i++) {
		k.a = i;
		r = nw_kstore_get(ks, &k, &created);
		assert_true(created);
		r->v = (int)i;
	}
	k.a = 1;
	assert_non_null(nw_kstore_get(ks, &k, &created)); /* touch 1: 2 is now the oldest */
	assert_false(created);
	k.a = 4;
	r = nw_kstore_get(ks, &k, &created);
	assert_true(created);
	assert_int_equal(r->v, 0);
	assert_int_equal(nw_kstore_count(ks), 3);
	assert_int_equal(nw_kstore_evicted(ks), 1);
	k.a = 2;
	assert_null(nw_kstore_find(ks, &k));
	k.a = 1;
	assert_int_equal(((struct rec *)nw_kstore_find(ks, &k))->v, 1);
	k.a = 3;
	assert_int_equal(((struct rec *)nw_kstore_find(ks, &k))->v, 3);
	/* Many more: the store stays at capacity and counts every eviction. */
	for (uint32_t i = 10; i < 1010; i++) {
		k.a = i;
		nw_kstore_get(ks, &k, NULL);
	}
	assert_int_equal(nw_kstore_count(ks), 3);
	assert_int_equal(nw_kstore_evicted(ks), 1001);
	k.a = 1009;
	assert_non_null(nw_kstore_find(ks, &k));
	nw_kstore_free(ks);
}

/* A walk visits each record once, in slot order; a full store that must not forget says no. */
static void test_kstore_walk_and_room(void **state)
{
	struct nw_kstore *ks = nw_kstore_new(sizeof(struct key), sizeof(struct rec), 4);
	struct key k = {0, 0};
	struct rec *r;
	int seen = 0, n = 0;

	(void)state;
	NW_KSTORE_FOREACH(ks, r)
		n++;
	assert_int_equal(n, 0);
	for (uint32_t i = 1; i <= 4; i++) {
		k.a = i;
		r = nw_kstore_get_room(ks, &k);
		assert_non_null(r);
		r->v = (int)i;
	}
	k.a = 9;
	assert_null(nw_kstore_get_room(ks, &k));
	k.a = 2;
	assert_int_equal(((struct rec *)nw_kstore_get_room(ks, &k))->v, 2);
	assert_int_equal(nw_kstore_evicted(ks), 0);
	k.a = 5;
	nw_kstore_get(ks, &k, NULL); /* evicts 1, the least recent: 5 takes its slot, the first */
	NW_KSTORE_FOREACH(ks, r) {
		assert_ptr_equal(r, nw_kstore_slot(ks, (size_t)n));
		seen = seen * 10 + (int)r->k.a;
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(seen, 5234);
	nw_kstore_free(ks);
}

static struct nw_event neigh_ev(uint64_t ts, uint16_t state, uint32_t probes)
{
	struct nw_event ev;

	nw_event_init(&ev, NW_EV_NEIGH, NW_ORIGIN_BPF);
	ev.ts = ts;
	ev.netns_ino = 11;
	ev.ifindex = 2;
	nw_strlcpy(ev.ifname, "e0", sizeof(ev.ifname));
	ev.u.neigh.op = NW_NEIGH_UPDATE;
	ev.u.neigh.ip.family = AF_INET;
	memcpy(ev.u.neigh.ip.bytes, "\xc0\x00\x02\x01", 4);
	ev.u.neigh.family = AF_INET;
	ev.u.neigh.state = state;
	ev.u.neigh.probes = probes;
	return ev;
}

static void test_neigh_timeline_bounded(void **state)
{
	struct nw_neigh_model *m = nw_neigh_model_new(4);
	const struct nw_neigh_entry *e = NULL;
	struct nw_event ev;

	(void)state;
	for (uint32_t i = 0; i < 100; i++) {
		ev = neigh_ev(1000 + i, NW_NUD_INCOMPLETE, i);
		ev.id = i + 1;
		nw_neigh_model_on_event(m, &ev);
		e = nw_neigh_model_find(m, 11, 2, &ev.u.neigh.ip);
	}
	/* A repeat of the same state and probes is no transition. */
	ev.id = 500;
	nw_neigh_model_on_event(m, &ev);
	assert_non_null(e);
	assert_int_equal(e->tl_total, 100);
	assert_int_equal(nw_neigh_entry_ntransitions(e), NW_NEIGH_TL_MAX);
	assert_int_equal(nw_neigh_entry_transition(e, 0)->probes, 100 - NW_NEIGH_TL_MAX);
	assert_int_equal(nw_neigh_entry_transition(e, NW_NEIGH_TL_MAX - 1)->probes, 99);
	assert_null(nw_neigh_entry_transition(e, NW_NEIGH_TL_MAX));
	assert_null(nw_neigh_model_last_failed(m));
	ev = neigh_ev(2000, NW_NUD_FAILED, 99);
	ev.id = 501;
	nw_neigh_model_on_event(m, &ev);
	assert_ptr_equal(nw_neigh_model_last_failed(m), e);
	assert_int_equal(e->failed_count, 1);
	assert_int_equal(e->last_failed_id, 501);
	assert_int_equal(e->max_probes, 99);
	nw_neigh_model_free(m);
}

static void test_qdisc_deltas_and_classes(void **state)
{
	struct nw_qdisc_model *m = nw_qdisc_model_new(8, 4);
	const struct nw_qdisc_rec *r;
	struct nw_event ev;

	(void)state;
	nw_event_init(&ev, NW_EV_QDISC, NW_ORIGIN_NETLINK);
	ev.netns_ino = 5;
	ev.ifindex = 3;
	ev.u.qdisc.op = NW_QDISC_STATS;
	nw_strlcpy(ev.u.qdisc.kind, "htb", sizeof(ev.u.qdisc.kind));
	ev.u.qdisc.handle = 0x10000;
	ev.u.qdisc.parent = 0xffffffffu;
	ev.u.qdisc.drops = 100; /* before netwhy: a baseline, not a delta */
	nw_qdisc_model_on_event(m, &ev);
	ev.u.qdisc.drops = 104;
	nw_qdisc_model_on_event(m, &ev);
	r = nw_qdisc_model_root(m, 5, 3);
	assert_non_null(r);
	assert_int_equal(r->drops_delta, 4);
	ev.u.qdisc.op = NW_QDISC_DROP;
	for (int i = 0; i < 6; i++) {
		ev.u.qdisc.pkt_ethertype = i % 2 ? 0x0806 : 0x0800;
		ev.u.qdisc.pkt_arp_op = 2;
		ev.u.qdisc.pkt_l4proto = i % 2 ? 0 : 6;
		ev.u.qdisc.pkt_tcp_flags = 0x02;
		ev.id = 10 + (uint64_t)i;
		nw_qdisc_model_on_event(m, &ev);
	}
	assert_int_equal(r->pkt_drops[NW_PKT_ARP_REPLY], 3);
	assert_int_equal(r->pkt_drops[NW_PKT_TCP_SYN], 3);
	assert_int_equal(r->pkt_drops_total, 6);
	assert_int_equal(nw_qdisc_model_ndrops(m), 4);
	assert_int_equal(nw_qdisc_model_drops_evicted(m), 2);
	assert_int_equal(nw_pktclass_of(0x86dd, 136 << 8, 58, 0), NW_PKT_NDP);
	assert_int_equal(nw_pktclass_of(0x86dd, 128 << 8, 58, 0), NW_PKT_ICMP);
	assert_int_equal(nw_pktclass_of(0x0800, 0, 6, 0x12), NW_PKT_TCP);
	nw_qdisc_model_free(m);
}

static void test_sock_errno_slots(void **state)
{
	struct nw_sock_model *m = nw_sock_model_new(4);
	const struct nw_sock_rec *r;
	struct nw_event ev;

	(void)state;
	nw_event_init(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
	ev.netns_ino = 9;
	ev.u.sock.pid = 10;
	ev.u.sock.fd = 3;
	ev.u.sock.sk_family = AF_INET;
	for (int i = 0; i < 20; i++) {
		ev.u.sock.err = 1 + i % 10; /* ten different errnos: two do not fit */
		ev.id = 1 + (uint64_t)i;
		nw_sock_model_on_event(m, &ev);
	}
	r = nw_sock_model_last(m);
	assert_non_null(r);
	assert_int_equal(r->errors, 20);
	assert_int_equal(r->errnos_other, 4);
	assert_int_equal(nw_sock_rec_errno(r, 1)->count, 2);
	assert_null(nw_sock_rec_errno(r, 10));
	assert_int_equal(r->last_total, 20);
	assert_ptr_equal(nw_sock_model_find(m, 9, 10, 3, 0), r);
	nw_sock_model_free(m);
}

static void test_link_mac_history(void **state)
{
	struct nw_link_model *m = nw_link_model_new(4);
	const struct nw_link_rec *l;
	const struct nw_link_mac_era *era = NULL;
	struct nw_event ev;
	struct nw_mac a = {6, {2, 0, 0, 0, 0, 0xa}}, b = {6, {2, 0, 0, 0, 0, 0xb}};

	(void)state;
	nw_event_init(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	ev.netns_ino = 1;
	ev.ifindex = 4;
	nw_strlcpy(ev.ifname, "x0", sizeof(ev.ifname));
	ev.u.link.mac = a;
	ev.ts = 100;
	ev.id = 1;
	nw_link_model_on_event(m, &ev);
	nw_link_model_on_event(m, &ev);
	ev.u.link.mac = b;
	ev.u.link.prev_mac = a;
	ev.ts = 200;
	ev.id = 2;
	nw_link_model_on_event(m, &ev);
	l = nw_link_model_find(m, 1, 4);
	assert_non_null(l);
	assert_int_equal(nw_link_rec_neras(l), 2);
	assert_int_equal(l->last_mac_change_id, 2);
	assert_ptr_equal(nw_link_model_had_mac(m, 1, &a, &era), l);
	assert_int_equal(era->until_ts, 200);
	assert_null(nw_link_model_had_mac(m, 1, &b, NULL)); /* current, not "before" */
	assert_ptr_equal(nw_link_model_has_mac(m, &b), l);
	nw_link_model_free(m);
}

/* Findings: one per subject, counted; flushed to the bus outside the callback, with their event
 * ids. */
static void test_findings_dedup_and_flush(void **state)
{
	struct nw_bus *bus = nw_bus_new(64);
	struct nw_models_opts o = {.findings_capacity = 2};
	struct nw_models *m = nw_models_new(bus, &o);
	const struct nw_findings *f = nw_models_findings(m);
	struct nw_event ev;

	(void)state;
	for (int i = 0; i < 5; i++) {
		nw_event_init(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
		ev.netns_ino = 3;
		ev.u.sock.pid = 7;
		ev.u.sock.fd = 4;
		ev.u.sock.sk_family = AF_INET;
		ev.u.sock.err = ECONNREFUSED;
		nw_bus_submit(bus, &ev);
	}
	assert_int_equal(nw_findings_count(f), 1);
	assert_int_equal(nw_findings_at(f, 0)->ev.u.finding.count, 5);
	assert_true(nw_findings_at(f, 0)->pending);
	assert_int_equal(nw_models_flush(m), 1);
	assert_int_equal(nw_models_flush(m), 0);
	assert_int_equal(nw_bus_count(bus, NW_EV_FINDING), 1);
	assert_int_equal(nw_bus_get(bus, nw_findings_at(f, 0)->event_id)->u.finding.finding_id, 1);
	/* Two more subjects into a store of two: the oldest goes, counted; ids keep growing. */
	for (int e = 0; e < 2; e++) {
		ev.u.sock.err = e ? EHOSTUNREACH : ETIMEDOUT;
		nw_bus_submit(bus, &ev);
	}
	assert_int_equal(nw_findings_count(f), 2);
	assert_int_equal(nw_findings_evicted(f), 1);
	assert_null(nw_findings_get(f, 1));
	assert_non_null(nw_findings_get(f, 3));
	assert_int_equal(nw_models_evicted(m), 1);
	/* The defaults fit in a few tens of MiB; the estimate grows with the capacities. */
	assert_true(nw_models_mem_estimate(NULL) > 4u << 20 &&
		    nw_models_mem_estimate(NULL) < 64u << 20);
	o.neigh_capacity = 8192;
	assert_true(nw_models_mem_estimate(&o) > nw_models_mem_estimate(NULL));
	nw_models_free(m);
	nw_bus_free(bus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kstore_evicts_least_recent),
	    cmocka_unit_test(test_kstore_walk_and_room),
	    cmocka_unit_test(test_neigh_timeline_bounded),
	    cmocka_unit_test(test_qdisc_deltas_and_classes),
	    cmocka_unit_test(test_sock_errno_slots),
	    cmocka_unit_test(test_link_mac_history),
	    cmocka_unit_test(test_findings_dedup_and_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
