// SPDX-License-Identifier: GPL-2.0-or-later
/* probes/nl_tab: lookups across growth, deletion, and the generation sweep that finds vanished entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/nl_tab.h"

static void count_swept(struct nl_tab_entry *e, void *arg)
{
	uint32_t k;

	memcpy(&k, e->key, sizeof(k));
	assert_int_equal(k % 2, 1); /* only the odd keys were left unmarked */
	(*(int *)arg)++;
}

static void test_tab(void **state)
{
	struct nl_tab t;
	struct nl_tab_entry *e;
	bool created;
	int swept = 0;
	uint32_t k;

	nl_tab_init(&t);
	for (k = 0; k < 1000; k++) {
		e = nl_tab_get(&t, &k, sizeof(k), true, &created);
		assert_true(created);
		e->ev.ifindex = k;
	}
	assert_int_equal(t.n, 1000);
	assert_true(t.nb >= 1000); /* grew from 64 */
	for (k = 0; k < 1000; k++) {
		e = nl_tab_get(&t, &k, sizeof(k), true, &created);
		assert_false(created);
		assert_int_equal(e->ev.ifindex, k);
	}
	k = 5000;
	assert_null(nl_tab_get(&t, &k, sizeof(k), false, NULL));
	/* A key is compared over all NL_TAB_KEY bytes: a longer key with the same prefix is another entry. */
	{
		uint8_t longer[8] = { 1, 0, 0, 0, 9, 0, 0, 0 };

		assert_non_null(nl_tab_get(&t, longer, sizeof(longer), true, &created));
		assert_true(created);
		nl_tab_del(&t, nl_tab_get(&t, longer, sizeof(longer), false, NULL));
	}
	k = 7;
	nl_tab_del(&t, nl_tab_get(&t, &k, sizeof(k), false, NULL));
	assert_null(nl_tab_get(&t, &k, sizeof(k), false, NULL));
	assert_int_equal(t.n, 999);

	t.gen++;
	for (k = 0; k < 1000; k += 2) {
		e = nl_tab_get(&t, &k, sizeof(k), false, NULL);
		e->gen = t.gen;
	}
	nl_tab_sweep(&t, count_swept, &swept);
	assert_int_equal(swept, 499); /* 500 odd keys less the deleted 7 */
	assert_int_equal(t.n, 500);
	k = 998;
	assert_non_null(nl_tab_get(&t, &k, sizeof(k), false, NULL));
	nl_tab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
