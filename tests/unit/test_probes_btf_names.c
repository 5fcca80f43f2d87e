// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes/btf_names: enum names from BTF built in memory (deterministic),
 * prefix stripping, bounds skipped, tp_btf targets; and, where the running
 * kernel has BTF, that its drop reasons load with the names FAILURES.md
 * relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "core/names.h"
#include "probes/btf_names.h"

static struct btf *make_btf(void)
{
	struct btf *btf = btf__new_empty();
	int id;

	assert_non_null(btf);
	id = btf__add_enum(btf, "skb_drop_reason", 4);
	assert_true(id > 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_NOT_DROPPED_YET", 0), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_CONSUMED", 1), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_DROP_REASON_NOT_SPECIFIED", 2), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_DROP_REASON_OTHERHOST", 13), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_DROP_REASON_QDISC_DROP", 64), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_DROP_REASON_MAX", 128), 0);
	assert_int_equal(btf__add_enum_value(btf, "SKB_DROP_REASON_SUBSYS_MASK", (int64_t)0xffff0000), 0);
	/* tp_btf targets are typedefs named btf_trace_<event>. */
	id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	assert_true(id > 0);
	assert_true(btf__add_typedef(btf, "btf_trace_kfree_skb", id) > 0);
	return btf;
}

static void test_load_enum(void **state)
{
	struct btf *btf = make_btf();
	struct nw_names *n = nw_names_new("reason");
	int64_t v;

	assert_int_equal(nw_btf_load_enum(n, btf, "skb_drop_reason", "SKB_DROP_REASON_", "SKB_"), 5);
	assert_string_equal(nw_names_find(n, 13), "OTHERHOST");
	assert_string_equal(nw_names_find(n, 64), "QDISC_DROP");
	assert_string_equal(nw_names_find(n, 1), "CONSUMED");
	assert_string_equal(nw_names_find(n, 0), "NOT_DROPPED_YET");
	assert_null(nw_names_find(n, 128)); /* bounds are not reasons */
	assert_false(nw_names_lookup(n, "SUBSYS_MASK", &v));
	assert_true(nw_names_lookup(n, "NOT_SPECIFIED", &v));
	assert_int_equal(v, 2);

	assert_int_equal(nw_btf_load_enum(n, btf, "no_such_enum", NULL, NULL), -ENOENT);
	assert_int_equal(nw_btf_load_enum(NULL, btf, "skb_drop_reason", NULL, NULL), -EINVAL);
	nw_names_free(n);
	btf__free(btf);
}

static void test_has_tp(void **state)
{
	struct btf *btf = make_btf();

	assert_true(nw_btf_has_tp(btf, "kfree_skb"));
	assert_false(nw_btf_has_tp(btf, "neigh_create"));
	assert_false(nw_btf_has_tp(NULL, "kfree_skb"));
	btf__free(btf);
}

/* The running kernel, when it has BTF: the names the founding failures use. */
static void test_running_kernel(void **state)
{
	const struct nw_names *t;
	int64_t v;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		skip(); /* no kernel BTF here; the in-memory tests cover the code */
	assert_true(nw_btf_names_load_drop_reasons(NULL) > 50);
	t = nw_names_table(NW_NAMES_DROP_REASON);
	assert_true(nw_names_lookup(t, "OTHERHOST", &v));
	assert_true(nw_names_lookup(t, "QDISC_DROP", &v));
	assert_true(nw_names_lookup(t, "NEIGH_CREATEFAIL", &v));
	assert_true(nw_names_lookup(t, "NEIGH_FAILED", &v));
	assert_true(nw_names_lookup(t, "CONSUMED", &v));
	assert_int_equal(v, 1);

	/* Parsed once for the process: the loader gets the same BTF, no second parse. */
	int err = -1;
	const struct btf *a = nw_btf_vmlinux(&err), *b = nw_btf_vmlinux(NULL);

	assert_non_null(a);
	assert_int_equal(err, 0);
	assert_ptr_equal(a, b);
	assert_true(nw_btf_has_tp(a, "kfree_skb"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_enum),
		cmocka_unit_test(test_has_tp),
		cmocka_unit_test(test_running_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
