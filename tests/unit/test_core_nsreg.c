// SPDX-License-Identifier: GPL-2.0-or-later
/* core/nsreg: namespace names by inode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "core/nsreg.h"

static int teardown(void **state)
{
	nw_nsreg_clear();
	return 0;
}

static void test_set_get_replace(void **state)
{
	assert_string_equal(nw_nsreg_name(4026531840u), "");
	assert_int_equal(nw_nsreg_set(4026531840u, "host"), 0);
	assert_int_equal(nw_nsreg_set(4026532200u, "nwtest-a"), 0);
	assert_string_equal(nw_nsreg_name(4026531840u), "host");
	assert_string_equal(nw_nsreg_name(4026532200u), "nwtest-a");
	assert_int_equal(nw_nsreg_count(), 2);
	/* A rename replaces, it does not add. */
	assert_int_equal(nw_nsreg_set(4026532200u, "nwtest-b"), 0);
	assert_string_equal(nw_nsreg_name(4026532200u), "nwtest-b");
	assert_int_equal(nw_nsreg_count(), 2);
	assert_string_equal(nw_nsreg_name(1), "");
	assert_int_equal(nw_nsreg_set(0, "zero"), -EINVAL);
	assert_int_equal(nw_nsreg_set(5, NULL), -EINVAL);
	nw_nsreg_clear();
	assert_int_equal(nw_nsreg_count(), 0);
	assert_string_equal(nw_nsreg_name(4026531840u), "");
}

static void test_truncated_name(void **state)
{
	char longname[100];

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	nw_nsreg_set(7, longname);
	assert_int_equal(strlen(nw_nsreg_name(7)), 63);
}

static void test_many_any_order(void **state)
{
	char name[32];

	/* Insert in a scrambled order; every one is found by its inode. */
	for (uint64_t i = 0; i < 500; i++) {
		uint64_t ino = 1000 + (i * 7919) % 500;

		snprintf(name, sizeof(name), "ns%llu", (unsigned long long)ino);
		nw_nsreg_set(ino, name);
	}
	assert_int_equal(nw_nsreg_count(), 500);
	for (uint64_t ino = 1000; ino < 1500; ino++) {
		snprintf(name, sizeof(name), "ns%llu", (unsigned long long)ino);
		assert_string_equal(nw_nsreg_name(ino), name);
	}
	assert_string_equal(nw_nsreg_name(999), "");
	assert_string_equal(nw_nsreg_name(1500), "");
}

/* A container stays with its namespace while others are inserted around it, and goes with NULL. */
static void test_container(void **state)
{
	struct nw_nsreg_container c = { .runtime = "docker", .name = "web1", .enter = "nsenter -n -t 7 " };

	assert_null(nw_nsreg_container(42));
	assert_int_equal(nw_nsreg_set(42, "docker:web1"), 0);
	assert_int_equal(nw_nsreg_set_container(42, &c), 0);
	strcpy(c.name, "changed"); /* copied, not kept */
	for (uint64_t ino = 1; ino < 100; ino += 7)
		nw_nsreg_set(ino, "other");
	assert_string_equal(nw_nsreg_container(42)->name, "web1");
	assert_string_equal(nw_nsreg_container(42)->enter, "nsenter -n -t 7 ");
	assert_string_equal(nw_nsreg_name(42), "docker:web1");
	assert_null(nw_nsreg_container(43));
	assert_int_equal(nw_nsreg_set_container(42, NULL), 0);
	assert_null(nw_nsreg_container(42));
	assert_int_equal(nw_nsreg_set_container(0, &c), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_set_get_replace, teardown),
		cmocka_unit_test_teardown(test_truncated_name, teardown),
		cmocka_unit_test_teardown(test_many_any_order, teardown),
		cmocka_unit_test_teardown(test_container, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
