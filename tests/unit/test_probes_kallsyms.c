// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes/kallsyms: text symbols only, nearest symbol at or below, offsets,
 * module names, hidden addresses (kptr_restrict) and junk lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "probes/kallsyms.h"

static const char sample[] =
	"ffffffff81000000 T _stext\n"
	"ffffffff82054550 t ip_rcv_core\n"
	"ffffffff82054800 T ip_rcv\n"
	"ffffffff83000000 D some_data\n"          /* data: not a place that drops */
	"ffffffff81eb5720 T __dev_queue_xmit\n"    /* unsorted on purpose */
	"ffffffffc0a01000 t vxlan_rcv\t[vxlan]\n"
	"garbage line\n"
	"ffffffff8200000 X\n"
	"0000000000000000 T hidden\n"
	"ffffffff81eb5720 W __dev_queue_xmit_alias_tail";  /* no final newline */

static void test_resolve(void **state)
{
	struct nw_ksyms *ks = nw_ksyms_new("/nonexistent/kallsyms");
	char buf[64];

	assert_int_equal(nw_ksyms_load_text(ks, sample, strlen(sample)), 6);
	assert_int_equal(nw_ksyms_count(ks), 6);
	assert_true(nw_ksyms_resolve(ks, 0xffffffff8205477c, buf, sizeof(buf)));
	assert_string_equal(buf, "ip_rcv_core+0x22c");
	assert_true(nw_ksyms_resolve(ks, 0xffffffff82054800, buf, sizeof(buf)));
	assert_string_equal(buf, "ip_rcv");
	/* Cached answer is the same. */
	assert_true(nw_ksyms_resolve(ks, 0xffffffff8205477c, buf, sizeof(buf)));
	assert_string_equal(buf, "ip_rcv_core+0x22c");
	/* The data symbol is not used: the address falls to the text before it. */
	assert_true(nw_ksyms_resolve(ks, 0xffffffff83000010, buf, sizeof(buf)));
	assert_string_equal(buf, "ip_rcv+0xfab810");
	assert_true(nw_ksyms_resolve(ks, 0xffffffffc0a01010, buf, sizeof(buf)));
	assert_string_equal(buf, "vxlan_rcv+0x10 [vxlan]");
	/* Below every symbol: the address itself, not found. */
	assert_false(nw_ksyms_resolve(ks, 0xffffffff80000000, buf, sizeof(buf)));
	assert_string_equal(buf, "0xffffffff80000000");
	assert_false(nw_ksyms_resolve(ks, 0, buf, sizeof(buf)));
	/* A short buffer truncates and terminates. */
	assert_true(nw_ksyms_resolve(ks, 0xffffffff8205477c, buf, 8));
	assert_string_equal(buf, "ip_rcv_");
	nw_ksyms_free(ks);
	nw_ksyms_free(NULL);
}

/* kptr_restrict shows zeros: nothing resolves, nothing breaks. */
static void test_hidden(void **state)
{
	static const char hidden[] = "0000000000000000 T _stext\n0000000000000000 t ip_rcv_core\n";
	struct nw_ksyms *ks = nw_ksyms_new(NULL);
	char buf[64];

	assert_int_equal(nw_ksyms_load_text(ks, hidden, strlen(hidden)), 0);
	assert_false(nw_ksyms_resolve(ks, 0xffffffff8205477c, buf, sizeof(buf)));
	assert_string_equal(buf, "0xffffffff8205477c");
	nw_ksyms_free(ks);
}

/* An unreadable file: lookups fail cleanly (a warning is logged). */
static void test_unreadable(void **state)
{
	struct nw_ksyms *ks = nw_ksyms_new("/nonexistent/kallsyms");
	char buf[64];

	assert_false(nw_ksyms_resolve(ks, 0xffffffff8205477c, buf, sizeof(buf)));
	assert_int_equal(nw_ksyms_count(ks), 0);
	nw_ksyms_free(ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
