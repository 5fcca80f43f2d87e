// SPDX-License-Identifier: GPL-2.0-or-later
/* core/bus: ids, subscriber order, bounded storage with counted eviction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "core/bus.h"
#include "core/ring.h"

struct seen {
	int calls[4];
	int order[32];
	int norder;
	uint64_t ids[32];
};

struct sub {
	struct seen *seen;
	int tag;
};

static void sub_cb(const struct nw_event *ev, void *arg)
{
	struct sub *s = arg;

	s->seen->calls[s->tag]++;
	s->seen->order[s->seen->norder] = s->tag;
	s->seen->ids[s->seen->norder] = ev->id;
	s->seen->norder++;
}

static void test_subscribers_in_order_ids_increase(void **state)
{
	struct nw_bus *bus = nw_bus_new(8);
	struct seen seen = { 0 };
	struct sub subs[3] = { { &seen, 0 }, { &seen, 1 }, { &seen, 2 } };
	struct nw_event ev;

	for (int i = 0; i < 3; i++)
		assert_int_equal(nw_bus_subscribe(bus, sub_cb, &subs[i]), 0);
	for (int i = 0; i < 3; i++) {
		nw_event_init(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
		assert_int_equal(nw_bus_submit(bus, &ev), (uint64_t)i + 1);
		assert_int_equal(ev.id, (uint64_t)i + 1); /* stamped on the caller's copy too */
	}
	assert_int_equal(seen.norder, 9);
	for (int i = 0; i < 9; i++) {
		assert_int_equal(seen.order[i], i % 3);
		assert_int_equal(seen.ids[i], (uint64_t)(i / 3) + 1);
	}
	nw_bus_free(bus);
}

static void test_eviction_counted(void **state)
{
	struct nw_bus *bus = nw_bus_new(3);
	struct nw_event ev;
	const struct nw_event *got;

	for (int i = 0; i < 5; i++) {
		nw_event_init(&ev, i % 2 ? NW_EV_DROP : NW_EV_NEIGH, NW_ORIGIN_BPF);
		ev.ifindex = (uint32_t)(10 + i);
		nw_bus_submit(bus, &ev);
	}
	assert_int_equal(nw_ring_evicted(nw_bus_ring(bus)), 2);
	assert_int_equal(nw_ring_count(nw_bus_ring(bus)), 3);
	assert_null(nw_bus_get(bus, 0));
	assert_null(nw_bus_get(bus, 1));
	assert_null(nw_bus_get(bus, 2));
	got = nw_bus_get(bus, 3);
	assert_non_null(got);
	assert_int_equal(got->id, 3);
	assert_int_equal(got->ifindex, 12);
	assert_int_equal(nw_bus_get(bus, 5)->ifindex, 14);
	assert_null(nw_bus_get(bus, 6));
	/* Counts by type cover everything submitted, evicted or not. */
	assert_int_equal(nw_bus_count(bus, NW_EV_NEIGH), 3);
	assert_int_equal(nw_bus_count(bus, NW_EV_DROP), 2);
	assert_int_equal(nw_bus_count(bus, NW_EV_QDISC), 0);
	nw_bus_free(bus);
}

static void test_timestamps(void **state)
{
	struct nw_bus *bus = nw_bus_new(4);
	struct nw_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_SOURCE;
	nw_bus_submit(bus, &ev);
	assert_true(ev.ts > 0); /* 0 means "now" */
	assert_true(nw_bus_get(bus, 1)->ts == ev.ts);

	nw_event_init(&ev, NW_EV_SOURCE, NW_ORIGIN_REPLAY);
	ev.ts = 12345;
	nw_bus_submit(bus, &ev);
	assert_int_equal(nw_bus_get(bus, 2)->ts, 12345); /* a source's own time is kept */
	nw_bus_free(bus);
}

static void test_too_many_subscribers(void **state)
{
	struct nw_bus *bus = nw_bus_new(1);
	struct seen seen = { 0 };
	struct sub s = { &seen, 0 };
	int i;

	for (i = 0; i < 16; i++)
		assert_int_equal(nw_bus_subscribe(bus, sub_cb, &s), 0);
	assert_int_equal(nw_bus_subscribe(bus, sub_cb, &s), -ENOSPC);
	assert_int_equal(nw_bus_subscribe(bus, NULL, &s), -EINVAL);
	assert_null(nw_bus_new(0));
	nw_bus_free(bus);
	nw_bus_free(NULL);
}

static void stored_cb(const struct nw_event *ev, void *arg)
{
	const struct nw_bus *bus = arg;

	/* Subscribers see the stored copy, already stamped. */
	assert_ptr_equal(ev, nw_bus_get(bus, ev->id));
}

static void test_subscriber_sees_stored(void **state)
{
	struct nw_bus *bus = nw_bus_new(2);
	struct nw_event ev;

	nw_bus_subscribe(bus, stored_cb, bus);
	nw_event_init(&ev, NW_EV_PACKET, NW_ORIGIN_PCAP);
	nw_bus_submit(bus, &ev);
	nw_bus_submit(bus, &ev);
	nw_bus_submit(bus, &ev);
	nw_bus_free(bus);
}

static void test_unsubscribe(void **state)
{
	struct nw_bus *bus = nw_bus_new(4);
	struct seen seen = { 0 };
	struct sub subs[3] = { { &seen, 0 }, { &seen, 1 }, { &seen, 2 } };
	struct nw_event ev;

	for (int i = 0; i < 3; i++)
		nw_bus_subscribe(bus, sub_cb, &subs[i]);
	assert_int_equal(nw_bus_unsubscribe(bus, sub_cb, &subs[1]), 0);
	assert_int_equal(nw_bus_unsubscribe(bus, sub_cb, &subs[1]), -ENOENT);
	assert_int_equal(nw_bus_unsubscribe(bus, stored_cb, &subs[0]), -ENOENT); /* same arg, other cb */
	nw_event_init(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	nw_bus_submit(bus, &ev);
	assert_int_equal(seen.norder, 2);
	assert_int_equal(seen.order[0], 0);
	assert_int_equal(seen.order[1], 2);
	/* The freed slot is reusable: 16 subscriptions fit again. */
	for (int i = 0; i < 14; i++)
		assert_int_equal(nw_bus_subscribe(bus, sub_cb, &subs[1]), 0);
	assert_int_equal(nw_bus_subscribe(bus, sub_cb, &subs[1]), -ENOSPC);
	nw_bus_free(bus);
}

struct selfish {
	struct nw_bus *bus;
	struct seen *seen;
	struct sub *victim;  /* unsubscribed by the first callback */
	struct sub *newcomer; /* subscribed by the first callback */
	int calls;
};

static void unsub_cb(const struct nw_event *ev, void *arg)
{
	struct selfish *s = arg;

	s->calls++;
	/* Remove itself and a later subscriber, add a new one, all mid-dispatch. */
	assert_int_equal(nw_bus_unsubscribe(s->bus, unsub_cb, s), 0);
	assert_int_equal(nw_bus_unsubscribe(s->bus, sub_cb, s->victim), 0);
	assert_int_equal(nw_bus_subscribe(s->bus, sub_cb, s->newcomer), 0);
}

static void test_unsubscribe_inside_callback(void **state)
{
	struct nw_bus *bus = nw_bus_new(4);
	struct seen seen = { 0 };
	struct sub keep = { &seen, 0 }, victim = { &seen, 1 }, newcomer = { &seen, 2 };
	struct selfish s = { bus, &seen, &victim, &newcomer, 0 };
	struct nw_event ev;

	nw_bus_subscribe(bus, sub_cb, &keep);
	nw_bus_subscribe(bus, unsub_cb, &s);
	nw_bus_subscribe(bus, sub_cb, &victim);
	nw_event_init(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	nw_bus_submit(bus, &ev);
	/* First event: keep, then the selfish one; the victim is skipped, the newcomer waits. */
	assert_int_equal(s.calls, 1);
	assert_int_equal(seen.norder, 1);
	assert_int_equal(seen.order[0], 0);
	nw_bus_submit(bus, &ev);
	/* Second event: keep, then the newcomer, in order; the selfish one is gone. */
	assert_int_equal(s.calls, 1);
	assert_int_equal(seen.norder, 3);
	assert_int_equal(seen.order[1], 0);
	assert_int_equal(seen.order[2], 2);
	assert_int_equal(seen.calls[1], 0);
	nw_bus_free(bus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subscribers_in_order_ids_increase),
		cmocka_unit_test(test_eviction_counted),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_too_many_subscribers),
		cmocka_unit_test(test_subscriber_sees_stored),
		cmocka_unit_test(test_unsubscribe),
		cmocka_unit_test(test_unsubscribe_inside_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
