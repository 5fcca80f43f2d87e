// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The route stage (core/diag/rules_route.c) on recorded event sequences:
 * routes and rules as probes/nl_route.c reports them, the FIB lookup's
 * answer as cli/route_lookup.c records it (IPv4 answers name the matched
 * route, IPv6 ones only the errno), and the socket errors a 6.18 kernel
 * returns (unreachable EHOSTUNREACH, blackhole EINVAL, prohibit EACCES, no
 * route ENETUNREACH).  Each cause on its sequence, and near misses where no
 * route cause may be named.  Names and addresses differ from the labs'.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <cmocka.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/explain_fixture.h"
#include "tests/unit/jsonl_events.h"

#define NS_P 4026533001ull /* the pod */
#define NS_Q 4026533002ull /* another namespace */

static int setup(void **state)
{
	static struct fx fx;

	fx_setup(&fx);
	nw_nsreg_set(NS_P, "pod7");
	nw_nsreg_set(NS_Q, "edge");
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	fx_teardown(*state);
	nw_nsreg_clear();
	return 0;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

static void sources(struct fx *fx)
{
	fx_source(fx, "bpf:drops", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "bpf:neigh", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "bpf:sockets", NW_SOURCE_RUNNING, NULL);
	fx_source(fx, "netlink:pod7", NW_SOURCE_RUNNING, NULL);
}

static struct nw_event *head(struct fx *fx, struct nw_event *ev, uint64_t ns)
{
	nw_event_init_ts(ev, NW_EV_ROUTE, NW_ORIGIN_NETLINK, fx->now += 1000000);
	ev->netns_ino = ns;
	return ev;
}

/* A route "PREFIX/LEN" of type in table, via gw (NULL: none), as a snapshot. */
static void route(struct fx *fx, uint64_t ns, const char *prefix, uint8_t len, uint8_t type,
		  uint32_t table, const char *gw, uint32_t oif, const char *ifname)
{
	struct nw_event ev;

	head(fx, &ev, ns);
	ev.u.route.op = NW_ROUTE_SNAPSHOT;
	ev.u.route.dst = fx_ip(prefix);
	ev.u.route.family = ev.u.route.dst.family;
	ev.u.route.dst_len = len;
	ev.u.route.type = type;
	ev.u.route.table = table;
	ev.u.route.priority = ev.u.route.family == AF_INET6 ? 1024 : 0;
	if (gw)
		ev.u.route.gateway = fx_ip(gw);
	ev.ifindex = oif;
	if (ifname)
		nw_strlcpy(ev.ifname, ifname, sizeof(ev.ifname));
	nw_bus_submit(fx->bus, &ev);
}

/* A rule: pref, "to PREFIX/LEN" (NULL: all), action, table, fwmark. */
static void rule(struct fx *fx, uint64_t ns, uint8_t family, uint32_t pref, const char *to,
		 uint8_t len, uint8_t action, uint32_t table, uint32_t fwmark)
{
	struct nw_event ev;

	head(fx, &ev, ns);
	ev.u.route.op = NW_ROUTE_SNAPSHOT;
	ev.u.route.is_rule = 1;
	ev.u.route.family = family;
	ev.u.route.priority = pref;
	if (to)
		ev.u.route.dst = fx_ip(to);
	ev.u.route.dst_len = len;
	ev.u.route.type = action;
	ev.u.route.table = table;
	ev.u.route.fwmark = fwmark;
	nw_bus_submit(fx->bus, &ev);
}

/* The kernel's three default rules of a family. */
static void default_rules(struct fx *fx, uint64_t ns, uint8_t family)
{
	rule(fx, ns, family, 0, NULL, 0, FR_ACT_TO_TBL, RT_TABLE_LOCAL, 0);
	rule(fx, ns, family, 32766, NULL, 0, FR_ACT_TO_TBL, RT_TABLE_MAIN, 0);
	rule(fx, ns, family, 32767, NULL, 0, FR_ACT_TO_TBL, RT_TABLE_DEFAULT, 0);
}

/* The lookup's answer for target: err, and the matched route when the kernel names it (prefix NULL:
 * not). */
static void lookup(struct fx *fx, uint64_t ns, const char *target, int err, const char *prefix,
		   uint8_t len, uint8_t type, uint32_t table)
{
	struct nw_event ev;

	head(fx, &ev, ns);
	ev.u.route.op = NW_ROUTE_LOOKUP;
	ev.u.route.target = fx_ip(target);
	ev.u.route.family = ev.u.route.target.family;
	ev.u.route.error = err;
	if (prefix) {
		ev.u.route.dst = fx_ip(prefix);
		ev.u.route.dst_len = len;
		ev.u.route.type = type;
		ev.u.route.table = table;
	}
	nw_bus_submit(fx->bus, &ev);
}

/* A pod with a default route via 192.0.2.254 and 2001:db8:a::1 on eth0. */
static void pod(struct fx *fx)
{
	sources(fx);
	default_rules(fx, NS_P, AF_INET);
	default_rules(fx, NS_P, AF_INET6);
	route(fx, NS_P, "0.0.0.0", 0, RTN_UNICAST, RT_TABLE_MAIN, "192.0.2.254", 3, "eth0");
	route(fx, NS_P, "192.0.2.0", 24, RTN_UNICAST, RT_TABLE_MAIN, NULL, 3, "eth0");
	route(fx, NS_P, "::", 0, RTN_UNICAST, RT_TABLE_MAIN, "2001:db8:a::1", 3, "eth0");
}

/* curl in the pod fails to connect to peer with err. */
static void sock_fails(struct fx *fx, int err, const char *peer, uint16_t family)
{
	fx_sockerr(fx, 1, NS_P, 310, 6, "curl", family, SOCK_STREAM, err, SYS_connect, peer, 443);
}

static const struct nw_explanation *explain_first(struct fx *fx)
{
	return fx_explain(fx, fx_finding(fx, NW_FIND_SOCK_ERRNO));
}

/* IPv4 unreachable route: the kernel's fibmatch answer names it. */
static void test_unreachable_v4(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	route(fx, NS_P, "203.0.113.64", 26, RTN_UNREACHABLE, RT_TABLE_MAIN, NULL, 0, NULL);
	sock_fails(fx, EHOSTUNREACH, "203.0.113.77", AF_INET);
	lookup(fx, NS_P, "203.0.113.77", EHOSTUNREACH, "203.0.113.64", 26, RTN_UNREACHABLE,
	       RT_TABLE_MAIN);
	x = explain_first(fx);
	assert_true(x->has_cause);
	assert_int_equal(x->layer, NW_CL_ROUTE);
	assert_string_equal(x->rule, "route.reject");
	assert_string_equal(x->object, "route unreachable 203.0.113.64/26 table main netns pod7");
	assert_contains(x->fix, "ip -n pod7 route del unreachable 203.0.113.64/26 table main");
	assert_contains(x->cause, "EHOSTUNREACH");
}

/* IPv6 blackhole: the answer is only EINVAL; the watched routes name the prefix (longest match). */
static void test_blackhole_v6(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	route(fx, NS_P, "2001:db8:77::", 48, RTN_BLACKHOLE, RT_TABLE_MAIN, NULL, 1, "lo");
	route(fx, NS_P, "2001:db8::", 32, RTN_UNICAST, RT_TABLE_MAIN, "2001:db8:a::1", 3, "eth0");
	sock_fails(fx, EINVAL, "2001:db8:77::9", AF_INET6);
	lookup(fx, NS_P, "2001:db8:77::9", EINVAL, NULL, 0, 0, 0);
	x = explain_first(fx);
	assert_true(x->has_cause);
	assert_int_equal(x->layer, NW_CL_ROUTE);
	assert_string_equal(x->object, "route blackhole 2001:db8:77::/48 table main netns pod7");
	assert_contains(x->fix, "route del blackhole 2001:db8:77::/48");
}

/* A rule with action prohibit: EACCES, the rule is the object, deleted by its preference (IPv6:
 * -6). */
static void test_prohibit_rule(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	rule(fx, NS_P, AF_INET6, 120, "2001:db8:99::", 48, FR_ACT_PROHIBIT, 0, 0);
	sock_fails(fx, EACCES, "2001:db8:99::1", AF_INET6);
	lookup(fx, NS_P, "2001:db8:99::1", EACCES, NULL, 0, 0, 0);
	x = explain_first(fx);
	assert_true(x->has_cause);
	assert_string_equal(x->object,
			    "rule 120: from all to 2001:db8:99::/48 prohibit netns pod7");
	assert_contains(x->fix, "ip -n pod7 -6 rule del pref 120");
}

/* A policy rule to a table without a route, and no default route in main: ENETUNREACH names the
 * rule. */
static void test_policy_table(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	sources(fx);
	default_rules(fx, NS_P, AF_INET);
	route(fx, NS_P, "192.0.2.0", 24, RTN_UNICAST, RT_TABLE_MAIN, NULL, 3, "eth0");
	rule(fx, NS_P, AF_INET, 90, "198.51.100.128", 25, FR_ACT_TO_TBL, 1042, 0);
	route(fx, NS_P, "203.0.113.0", 24, RTN_UNICAST, 1042, "192.0.2.254", 3,
	      "eth0"); /* not this one */
	sock_fails(fx, ENETUNREACH, "198.51.100.200", AF_INET);
	lookup(fx, NS_P, "198.51.100.200", ENETUNREACH, NULL, 0, 0, 0);
	x = explain_first(fx);
	assert_true(x->has_cause);
	assert_string_equal(x->rule, "route.policy_table");
	assert_string_equal(x->object,
			    "rule 90: from all to 198.51.100.128/25 lookup 1042 netns pod7");
	assert_contains(x->cause, "table 1042 has no route to 198.51.100.200");
	assert_contains(x->fix, "ip -n pod7 route add 198.51.100.128/25 via GATEWAY table 1042");
}

/* No route at all. */
static void test_no_route(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	sources(fx);
	default_rules(fx, NS_P, AF_INET);
	route(fx, NS_P, "192.0.2.0", 24, RTN_UNICAST, RT_TABLE_MAIN, NULL, 3, "eth0");
	sock_fails(fx, ENETUNREACH, "198.51.100.9", AF_INET);
	lookup(fx, NS_P, "198.51.100.9", ENETUNREACH, NULL, 0, 0, 0);
	x = explain_first(fx);
	assert_true(x->has_cause);
	assert_string_equal(x->rule, "route.none");
	assert_string_equal(x->object, "route table main netns pod7: no route to 198.51.100.9");
	assert_contains(x->fix, "ip -n pod7 route add default via GATEWAY");
}

/* Near miss: a rule with a fwmark selector is not judged; its empty table is not named. */
static void test_rule_with_fwmark_not_named(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	sources(fx);
	default_rules(fx, NS_P, AF_INET);
	rule(fx, NS_P, AF_INET, 90, NULL, 0, FR_ACT_TO_TBL, 1042, 0x10);
	sock_fails(fx, ENETUNREACH, "198.51.100.9", AF_INET);
	lookup(fx, NS_P, "198.51.100.9", ENETUNREACH, NULL, 0, 0, 0);
	x = explain_first(fx);
	assert_string_equal(x->rule, "route.none");
	assert_contains(x->missing[0], "rules with selectors netwhy cannot judge");
}

/* Near miss: EHOSTUNREACH from a FAILED neighbour; the FIB has a route, so the neighbour stays the
 * cause. */
static void test_failed_neighbour_keeps_neigh(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	fx_neigh(fx, 10, NS_P, 3, "eth0", "192.0.2.40", NW_NUD_INCOMPLETE, 0, 1);
	fx_neigh(fx, 3000, NS_P, 3, "eth0", "192.0.2.40", NW_NUD_FAILED, NW_NUD_INCOMPLETE, 6);
	sock_fails(fx, EHOSTUNREACH, "192.0.2.40", AF_INET);
	lookup(fx, NS_P, "192.0.2.40", 0, "192.0.2.0", 24, RTN_UNICAST, RT_TABLE_MAIN);
	x = explain_first(fx);
	assert_int_not_equal(x->layer, NW_CL_ROUTE);
	for (size_t i = 0; i < x->nsteps; i++)
		assert_true(strncmp(x->steps[i].rule, "route.", 6) &&
			    strcmp(x->steps[i].rule, "sock.route"));
}

/* Near miss: ENETUNREACH from a router's ICMP while the local FIB has a route: routing here is not
 * it. */
static void test_remote_netunreach(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	sock_fails(fx, ENETUNREACH, "203.0.113.5", AF_INET);
	lookup(fx, NS_P, "203.0.113.5", 0, "0.0.0.0", 0, RTN_UNICAST, RT_TABLE_MAIN);
	x = explain_first(fx);
	assert_false(x->has_cause);
	/* It says so, and why routing is cleared. */
	assert_int_equal(x->nsteps, 2);
	assert_string_equal(x->steps[1].rule, "sock.route");
	assert_contains(x->steps[1].text, "does not refuse it");
}

/* Near miss: the lookup was asked in another namespace (same address): it says nothing about this
 * one. */
static void test_lookup_other_netns(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	route(fx, NS_Q, "203.0.113.0", 24, RTN_UNREACHABLE, RT_TABLE_MAIN, NULL, 0, NULL);
	lookup(fx, NS_Q, "203.0.113.8", EHOSTUNREACH, "203.0.113.0", 24, RTN_UNREACHABLE,
	       RT_TABLE_MAIN);
	sock_fails(fx, EHOSTUNREACH, "203.0.113.8", AF_INET);
	x = explain_first(fx);
	assert_false(x->has_cause);
}

/* A deleted route is no longer the match, and the JSON of a lookup says what was asked and
 * answered. */
static void test_deleted_route_and_json(void **state)
{
	struct fx *fx = *state;
	const struct nw_route_model *rm;
	struct nw_addr target = fx_ip("203.0.113.70");
	struct nw_event ev;
	struct nw_jbuf b;

	pod(fx);
	route(fx, NS_P, "203.0.113.64", 26, RTN_UNREACHABLE, RT_TABLE_MAIN, NULL, 0, NULL);
	rm = nw_models_route(fx->m);
	assert_non_null(nw_route_model_match(rm, NS_P, RT_TABLE_MAIN, &target));
	assert_int_equal(nw_route_model_match(rm, NS_P, RT_TABLE_MAIN, &target)->key.dst_len, 26);
	head(fx, &ev, NS_P);
	ev.u.route.op = NW_ROUTE_DEL;
	ev.u.route.dst = fx_ip("203.0.113.64");
	ev.u.route.family = AF_INET;
	ev.u.route.dst_len = 26;
	ev.u.route.type = RTN_UNREACHABLE;
	ev.u.route.table = RT_TABLE_MAIN;
	nw_bus_submit(fx->bus, &ev);
	/* Now the default route is the longest match. */
	assert_int_equal(nw_route_model_match(rm, NS_P, RT_TABLE_MAIN, &target)->key.dst_len, 0);

	head(fx, &ev, NS_P);
	ev.u.route =
	    (struct nw_route_ev){.op = NW_ROUTE_LOOKUP, .family = AF_INET6, .error = EHOSTUNREACH};
	ev.u.route.target = fx_ip("2001:db8:1::5");
	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	assert_contains(b.data, "\"type\":\"route\"");
	assert_contains(
	    b.data, "\"op\":\"lookup\",\"kind\":\"route\",\"family\":\"inet6\",\"route_type\":null,"
		    "\"action\":null,\"dst\":null");
	assert_contains(b.data, "\"target\":\"2001:db8:1::5\",\"error\":\"EHOSTUNREACH\"");
	nw_jbuf_free(&b);
}

/* A router drops forwarded packets (IP_INNOROUTES): the lookup in its namespace names the route. */
static void test_forwarded_drop(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	default_rules(fx, NS_Q, AF_INET);
	route(fx, NS_Q, "203.0.113.0", 24, RTN_PROHIBIT, 1042, NULL, 0, NULL);
	rule(fx, NS_Q, AF_INET, 50, "203.0.113.0", 24, FR_ACT_TO_TBL, 1042, 0);
	fx_drop_ip(fx, 1, NS_Q, 5, "lan1", "IP_INNOROUTES", 6, 0x02, "192.0.2.7", "203.0.113.9",
		   443, NULL, NULL, 0);
	lookup(fx, NS_Q, "203.0.113.9", EACCES, "203.0.113.0", 24, RTN_PROHIBIT, 1042);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_true(x->has_cause);
	assert_string_equal(x->object, "route prohibit 203.0.113.0/24 table 1042 netns edge");
	assert_contains(x->fix, "ip -n edge route del prohibit 203.0.113.0/24 table 1042");
}

/* Near miss: the same drops without a lookup answer keep the generic routing cause. */
static void test_forwarded_drop_without_lookup(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	fx_drop_ip(fx, 1, NS_Q, 5, "lan1", "IP_INNOROUTES", 6, 0x02, "192.0.2.7", "203.0.113.9",
		   443, NULL, NULL, 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	assert_string_equal(x->rule, "drop.reason");
	assert_string_equal(x->object, "routing table netns edge");
}

/* Near miss: IPv6 link setup drops its multicast probes as IP_INNOROUTES; a multicast answer is not
 * used. */
static void test_multicast_drop_not_routed(void **state)
{
	struct fx *fx = *state;
	const struct nw_explanation *x;

	pod(fx);
	/* Multicast drops are noise below the models' threshold (50): enough of them for a finding. */
	for (int i = 0; i < 60; i++)
		fx_drop_ndp(fx, 1, NS_Q, 5, "lan1", "IP_INNOROUTES", 143, "::", "ff02::16", NULL, 0);
	lookup(fx, NS_Q, "ff02::16", ENETUNREACH, NULL, 0, 0, 0);
	x = fx_explain(fx, fx_finding(fx, NW_FIND_DROP));
	for (size_t i = 0; i < x->nsteps; i++)
		assert_string_not_equal(x->steps[i].rule, "drop.route");
}

/* JSON Lines out and back (the replay tools' decoder): a rule and a lookup keep every field. */
static void test_json_round_trip(void **state)
{
	struct fx *fx = *state;
	struct nw_event in[2], out;
	struct nw_jbuf b;

	head(fx, &in[0], NS_P);
	in[0].u.route = (struct nw_route_ev){.op = NW_ROUTE_NEW,
					     .is_rule = 1,
					     .family = AF_INET,
					     .type = FR_ACT_TO_TBL,
					     .dst_len = 25,
					     .src_len = 24,
					     .table = 1042,
					     .priority = 90,
					     .fwmark = 7,
					     .fwmask = 0xff,
					     .flags = FIB_RULE_INVERT};
	in[0].u.route.dst = fx_ip("198.51.100.128");
	in[0].u.route.src = fx_ip("192.0.2.0");
	nw_strlcpy(in[0].u.route.iifname, "eth0", sizeof(in[0].u.route.iifname));
	head(fx, &in[1], NS_P);
	in[1].ifindex = 3;
	nw_strlcpy(in[1].ifname, "eth0", sizeof(in[1].ifname));
	in[1].u.route = (struct nw_route_ev){.op = NW_ROUTE_LOOKUP,
					     .family = AF_INET6,
					     .type = RTN_UNICAST,
					     .dst_len = 0,
					     .table = RT_TABLE_MAIN,
					     .priority = 1024,
					     .protocol = 3};
	in[1].u.route.dst = fx_ip("::");
	in[1].u.route.gateway = fx_ip("2001:db8:a::1");
	in[1].u.route.target = fx_ip("2001:db8:5::5");
	for (size_t i = 0; i < 2; i++) {
		nw_jbuf_init(&b);
		nw_json_event(&b, &in[i]);
		assert_int_equal(nw_jsonl_event(b.data, &out), 0);
		nw_jbuf_free(&b);
		assert_int_equal(out.type, NW_EV_ROUTE);
		assert_int_equal(out.netns_ino, NS_P);
		assert_int_equal(out.ifindex, in[i].ifindex);
		assert_string_equal(out.ifname, in[i].ifname);
		assert_memory_equal(&out.u.route, &in[i].u.route, sizeof(out.u.route));
	}
}

/* Runs last: every route-stage rule and the entries to it fired above. */
static void test_every_route_rule_fired(void **state)
{
	(void)state;
	for (size_t i = 0; i < nw_explain_nrules(); i++) {
		const struct nw_rule_info *r = nw_explain_rule(i);

		if ((!strcmp(r->stage, "route") || strstr(r->id, ".route")) &&
		    !nw_explain_rule_hits(i))
			fail_msg("rule %s never fired in these tests", r->id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unreachable_v4, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blackhole_v6, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prohibit_rule, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_policy_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_route, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rule_with_fwmark_not_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_neighbour_keeps_neigh, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_remote_netunreach, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lookup_other_netns, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_route_and_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forwarded_drop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forwarded_drop_without_lookup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_multicast_drop_not_routed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_round_trip, setup, teardown),
	    cmocka_unit_test(test_every_route_rule_fired),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
