/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of BPF probes (probes/bpf_source_probes.c) is what the loader,
 * the drain and the reports walk: every probe complete, every kernel
 * counter some probe's, every program named once, and every fallback and
 * need naming a program of the same probe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probes/bpf_source_int.h"

static void test_probes_complete(void **state)
{
	(void)state;
	for (int p = 0; p < NW_BPF_PROBE_COUNT; p++) {
		const struct bpf_probe_desc *d = &nw_bpf_probes[p];

		assert_non_null(d->name);
		assert_string_equal(nw_bpf_probe_name((enum nw_bpf_probe)p), d->name);
		assert_non_null(d->progs);
		assert_non_null(d->progs[0].prog);
		{
			/* Every program of a probe can hold a link (the slot has room for so many). */
			int n = 0;

			for (const struct prog_spec *sp = d->progs; sp->prog; sp++)
				n++;
			assert_in_range(n, 1, NW_BPF_MAX_LINKS);
		}
		assert_non_null(d->open);
		/* A probe reports through the ring, its maps, or both; never neither. */
		assert_true(d->decode || d->read_maps);
		assert_true(d->counters[0] >= 0 && d->counters[0] < NW_PROG_COUNT);
	}
	assert_string_equal(nw_bpf_probe_name(NW_BPF_PROBE_COUNT), "bpf:?");
}

static void test_counters_owned_once(void **state)
{
	(void)state;
	for (int prog = 0; prog < NW_PROG_COUNT; prog++) {
		int owners = 0;

		for (int p = 0; p < NW_BPF_PROBE_COUNT; p++)
			for (int i = 0; i < 2; i++)
				owners += nw_bpf_probes[p].counters[i] == prog;
		assert_int_equal(owners, 1);
		assert_true(nw_bpf_probe_of_prog(prog) >= 0);
	}
	assert_int_equal(nw_bpf_probe_of_prog(NW_PROG_COUNT), -1);
}

static void test_programs_named_once(void **state)
{
	(void)state;
	NW_BPF_FOR_EACH_SPEC(sp, p) {
		enum nw_bpf_probe probe, other;

		assert_ptr_equal(nw_bpf_spec_by_prog(sp->prog, &probe), sp);
		assert_int_equal(probe, p);
		assert_non_null(sp->group);
		assert_non_null(sp->event);
		if (sp->instead_of) {
			assert_non_null(nw_bpf_spec_by_prog(sp->instead_of, &other));
			assert_int_equal(other, p);
		}
		if (sp->needs) {
			assert_non_null(nw_bpf_spec_by_prog(sp->needs, &other));
			assert_int_equal(other, p);
		}
	}
	assert_null(nw_bpf_spec_by_prog("nw_no_such_program", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probes_complete),
		cmocka_unit_test(test_counters_owned_once),
		cmocka_unit_test(test_programs_named_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
