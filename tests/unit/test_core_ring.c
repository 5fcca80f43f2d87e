// SPDX-License-Identifier: GPL-2.0-or-later
/* core/ring: eviction, sequence numbers and every counter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/ring.h"

struct rec {
	uint64_t v;
	char pad[24];
};

static uint64_t val(const void *p)
{
	return ((const struct rec *)p)->v;
}

static void push_v(struct nw_ring *r, uint64_t v, uint64_t expect_seq)
{
	struct rec rec = { .v = v };

	assert_int_equal(nw_ring_push(r, &rec), expect_seq);
}

static void test_bad_args(void **state)
{
	assert_null(nw_ring_new(0, 4));
	assert_null(nw_ring_new(8, 0));
	assert_null(nw_ring_new(SIZE_MAX / 2, 4));
	nw_ring_free(NULL);
}

static void test_empty(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 4);

	assert_non_null(r);
	assert_int_equal(nw_ring_count(r), 0);
	assert_int_equal(nw_ring_capacity(r), 4);
	assert_int_equal(nw_ring_rec_size(r), sizeof(struct rec));
	assert_int_equal(nw_ring_evicted(r), 0);
	assert_int_equal(nw_ring_pushed(r), 0);
	assert_int_equal(nw_ring_first_seq(r), 0);
	assert_int_equal(nw_ring_next_seq(r), 0);
	assert_null(nw_ring_get(r, 0));
	assert_null(nw_ring_at(r, 0));
	nw_ring_free(r);
}

static void test_push_until_full_and_evict(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 4);

	for (uint64_t i = 0; i < 4; i++)
		push_v(r, 100 + i, i);
	assert_int_equal(nw_ring_count(r), 4);
	assert_int_equal(nw_ring_evicted(r), 0);
	assert_int_equal(val(nw_ring_at(r, 0)), 100);

	/* Full: each push evicts the oldest and counts it. */
	push_v(r, 104, 4);
	push_v(r, 105, 5);
	assert_int_equal(nw_ring_count(r), 4);
	assert_int_equal(nw_ring_evicted(r), 2);
	assert_int_equal(nw_ring_pushed(r), 6);
	assert_int_equal(nw_ring_first_seq(r), 2);
	assert_int_equal(nw_ring_next_seq(r), 6);

	/* Evicted and future sequence numbers give NULL, live ones their record. */
	assert_null(nw_ring_get(r, 0));
	assert_null(nw_ring_get(r, 1));
	assert_int_equal(val(nw_ring_get(r, 2)), 102);
	assert_int_equal(val(nw_ring_get(r, 5)), 105);
	assert_null(nw_ring_get(r, 6));
	assert_null(nw_ring_get(r, UINT64_MAX));

	/* at() counts from the oldest live record. */
	assert_int_equal(val(nw_ring_at(r, 0)), 102);
	assert_int_equal(val(nw_ring_at(r, 3)), 105);
	assert_null(nw_ring_at(r, 4));
	nw_ring_free(r);
}

static void test_wraparound_many(void **state)
{
	const size_t cap = 7;
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), cap);

	for (uint64_t i = 0; i < 1000; i++) {
		push_v(r, i * 3, i);
		/* After every push every live record is where its sequence says. */
		for (uint64_t s = nw_ring_first_seq(r); s < nw_ring_next_seq(r); s++)
			assert_int_equal(val(nw_ring_get(r, s)), s * 3);
		for (size_t k = 0; k < nw_ring_count(r); k++)
			assert_int_equal(val(nw_ring_at(r, k)), (nw_ring_first_seq(r) + k) * 3);
	}
	assert_int_equal(nw_ring_evicted(r), 1000 - cap);
	assert_int_equal(nw_ring_count(r) + nw_ring_evicted(r), nw_ring_pushed(r));
	nw_ring_free(r);
}

static void test_clear(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 4);

	for (uint64_t i = 0; i < 6; i++)
		push_v(r, i, i);
	nw_ring_clear(r);
	/* Cleared records count as evicted: nothing leaves uncounted. */
	assert_int_equal(nw_ring_count(r), 0);
	assert_int_equal(nw_ring_evicted(r), 6);
	assert_int_equal(nw_ring_pushed(r), 6);
	assert_int_equal(nw_ring_first_seq(r), 6);
	assert_int_equal(nw_ring_next_seq(r), 6);
	assert_null(nw_ring_get(r, 5));
	assert_null(nw_ring_at(r, 0));

	/* Sequence numbers keep increasing after a clear. */
	push_v(r, 42, 6);
	assert_int_equal(val(nw_ring_at(r, 0)), 42);
	assert_int_equal(val(nw_ring_get(r, 6)), 42);
	assert_int_equal(nw_ring_count(r), 1);
	nw_ring_clear(r);
	nw_ring_clear(r);
	assert_int_equal(nw_ring_evicted(r), 7);
	nw_ring_free(r);
}

static void test_reserve(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 2);
	struct rec *slot;
	uint64_t seq = 99;

	slot = nw_ring_reserve(r, &seq);
	assert_non_null(slot);
	assert_int_equal(seq, 0);
	slot->v = 7;
	assert_int_equal(val(nw_ring_get(r, 0)), 7);

	slot = nw_ring_reserve(r, NULL); /* seq is optional */
	slot->v = 8;
	slot = nw_ring_reserve(r, &seq);
	assert_int_equal(seq, 2);
	slot->v = 9;
	/* Reserve evicts exactly as push does. */
	assert_int_equal(nw_ring_evicted(r), 1);
	assert_null(nw_ring_get(r, 0));
	assert_int_equal(val(nw_ring_at(r, 0)), 8);
	assert_int_equal(val(nw_ring_at(r, 1)), 9);

	/* A mix of push and reserve shares one sequence. */
	push_v(r, 10, 3);
	assert_int_equal(val(nw_ring_get(r, 3)), 10);
	nw_ring_free(r);
}

static void test_capacity_one(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 1);

	push_v(r, 1, 0);
	push_v(r, 2, 1);
	push_v(r, 3, 2);
	assert_int_equal(nw_ring_count(r), 1);
	assert_int_equal(nw_ring_evicted(r), 2);
	assert_int_equal(val(nw_ring_at(r, 0)), 3);
	assert_int_equal(val(nw_ring_get(r, 2)), 3);
	assert_null(nw_ring_get(r, 1));
	nw_ring_free(r);
}

static void test_push_copies(void **state)
{
	struct nw_ring *r = nw_ring_new(sizeof(struct rec), 2);
	struct rec rec = { .v = 5 };

	nw_ring_push(r, &rec);
	rec.v = 6; /* the ring holds a copy, not the caller's memory */
	assert_int_equal(val(nw_ring_get(r, 0)), 5);
	nw_ring_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_push_until_full_and_evict),
		cmocka_unit_test(test_wraparound_many),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_capacity_one),
		cmocka_unit_test(test_push_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
