// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The explain rules, one file per stage (rules_<stage>.c), listed here in
 * the order the engine numbers them.  Within a stage the engine tries the
 * rules in their file's order, so a stage's file holds all of its rules.
 *
 * Adding a rule: its match function and its row in the stage's file, and a
 * test in tests/unit/test_explain_rules.c.  Adding a stage: a file with its
 * set, a line below, its enum nw_stage value and the build list.
 */
#include "core/diag/explain_int.h"
#include "core/util.h"

static const struct nw_rule_set *const sets[] = {
    &nw_rules_sock,  &nw_rules_neigh,   &nw_rules_qdisc,   &nw_rules_table,
    &nw_rules_l2,    &nw_rules_netlink, &nw_rules_counter, &nw_rules_drop,
    &nw_rules_route,
};

size_t nw_rule_count(void)
{
	size_t n = 0;

	for (size_t i = 0; i < NW_ARRAY_SIZE(sets); i++)
		n += sets[i]->n;
	return n;
}

const struct nw_rule *nw_rule_at(size_t i)
{
	for (size_t s = 0; s < NW_ARRAY_SIZE(sets); s++) {
		if (i < sets[s]->n)
			return &sets[s]->rules[i];
		i -= sets[s]->n;
	}
	return NULL;
}
