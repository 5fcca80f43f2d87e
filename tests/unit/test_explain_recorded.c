// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The explanations of real runs: `netwhy --json` recorded while each lab
 * scenario ran on a 6.18 kernel (tests/data/explain/record.sh), replayed
 * through the models without root.  Each founding failure must be named at
 * the right layer and object with the right fix; the healthy run must give
 * nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/jsonl_events.h"

struct rec {
	struct nw_bus *bus;
	struct nw_models *m;
	struct nw_explanation x;
};

static struct rec *replay(const char *name)
{
	static const char *const nud[] = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY",
					  "PROBE",	"FAILED",    "NOARP", "PERMANENT"};
	struct rec *r = nw_xcalloc(1, sizeof(*r));
	char path[512], *fmt;

	fmt = nw_test_slurp(NW_SRCDIR "/tests/data/core/skb_kfree_skb.format");
	assert_non_null(fmt);
	assert_true(nw_names_load_print_symbolic(nw_names_table(NW_NAMES_DROP_REASON), fmt,
						 "REC->reason") > 50);
	free(fmt);
	for (unsigned i = 0; i < 8; i++)
		nw_names_set(nw_names_table(NW_NAMES_NUD), 1 << i, nud[i]);
	r->bus = nw_bus_new(1 << 16);
	r->m = nw_models_new(r->bus, NULL);
	snprintf(path, sizeof(path), "%s/tests/data/explain/%s.jsonl", NW_SRCDIR, name);
	assert_true(nw_jsonl_replay(path, r->bus) > 50);
	nw_models_flush(r->m);
	return r;
}

static void done(struct rec *r)
{
	nw_models_free(r->m);
	nw_bus_free(r->bus);
	nw_nsreg_clear();
	free(r);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, hay);
}

/* Explains every finding of kind (all when kind < 0); returns how many have a cause; checks the
 * shape of each. */
static size_t explain_all(struct rec *r, int kind, const char *layer, const char *object_prefix,
			  const char *fix_part)
{
	const struct nw_findings *fs = nw_models_findings(r->m);
	size_t n = 0, seen = 0;

	for (size_t i = 0; i < nw_findings_count(fs); i++) {
		const struct nw_finding *f = nw_findings_at(fs, i);
		struct nw_jbuf b;

		if (kind >= 0 && f->ev.u.finding.kind != kind)
			continue;
		seen++;
		assert_int_equal(nw_explain(r->m, f->ev.u.finding.finding_id, &r->x), 0);
		/* Honesty: a cause, or what is missing. */
		assert_true(r->x.has_cause || r->x.nmissing > 0);
		assert_true(r->x.nsteps > 0);
		nw_jbuf_init(&b);
		nw_explanation_json(&r->x, 0, &b);
		assert_int_equal(b.data[b.len - 1], '\n');
		nw_jbuf_free(&b);
		if (!r->x.has_cause)
			continue;
		assert_true(r->x.fix[0] != '\0');
		if (layer) {
			assert_string_equal(nw_cause_layer_name(r->x.layer), layer);
			if (strncmp(r->x.object, object_prefix, strlen(object_prefix)))
				fail_msg("object \"%s\" does not start with \"%s\"", r->x.object,
					 object_prefix);
			assert_contains(r->x.fix, fix_part);
		}
		n++;
	}
	assert_true(seen > 0 || kind < 0);
	return n;
}

static size_t nfind(struct rec *r, int kind)
{
	const struct nw_findings *fs = nw_models_findings(r->m);
	size_t n = 0;

	for (size_t i = 0; i < nw_findings_count(fs); i++)
		if (kind < 0 || nw_findings_at(fs, i)->ev.u.finding.kind == kind)
			n++;
	return n;
}

static void test_healthy(void **state)
{
	struct rec *r = replay("healthy");

	(void)state;
	assert_int_equal(nfind(r, -1), 0);
	done(r);
}

static void test_htb_arp_drop(void **state)
{
	struct rec *r = replay("htb-arp-drop");
	const char *obj = "qdisc htb 8003: dev br0 netns nwlab-htb-host";

	(void)state;
	assert_int_equal(nfind(r, NW_FIND_QDISC_CTRL_DROP), 1);
	assert_int_equal(nfind(r, NW_FIND_NEIGH_FAILED), 1);
	/* The errno, the entry, the qdisc and the drops all lead to the bridge's qdisc and
	 * direct_qlen. */
	assert_int_equal(explain_all(r, NW_FIND_SOCK_ERRNO, "qdisc", obj, "direct_qlen 1000"),
			 nfind(r, NW_FIND_SOCK_ERRNO));
	assert_int_equal(explain_all(r, NW_FIND_NEIGH_FAILED, "qdisc", obj, "direct_qlen 1000"), 1);
	assert_int_equal(explain_all(r, NW_FIND_QDISC_CTRL_DROP, "qdisc", obj, "direct_qlen 1000"),
			 1);
	assert_contains(r->x.cause, "direct_qlen is 0");
	done(r);
}

static void test_stale_peer_arp(void **state)
{
	struct rec *r = replay("stale-peer-arp");

	(void)state;
	assert_int_equal(nfind(r, NW_FIND_MAC_MISMATCH), 1);
	assert_int_equal(
	    explain_all(
		r, NW_FIND_MAC_MISMATCH, "neigh",
		"neighbour 198.51.100.1 lladdr 02:00:5e:00:53:01 dev eth0 netns nwlab-stale-peer",
		"arping -U"),
	    1);
	assert_contains(r->x.fix, "arp_notify");
	assert_int_equal(
	    explain_all(r, NW_FIND_DROP, "neigh", "neighbour 198.51.100.1", "arping -U"), 1);
	done(r);
}

static void test_netlink_overrun(void **state)
{
	struct rec *r = replay("netlink-overrun");

	(void)state;
	assert_int_equal(nfind(r, NW_FIND_NETLINK_OVERRUN), 1);
	assert_int_equal(explain_all(r, NW_FIND_NETLINK_OVERRUN, "netlink", "NETLINK_ROUTE socket portid",
				     "SO_RCVBUF"),
			 1);
	assert_contains(r->x.object, "(nwlab-nlisten) netns nwlab-nl-host");
	assert_contains(r->x.cause, "2304");
	assert_contains(r->x.fix, "re-reading the full state");
	done(r);
}

static void test_neigh_table_full(void **state)
{
	struct rec *r = replay("neigh-table-full");

	(void)state;
	assert_int_equal(nfind(r, NW_FIND_NEIGH_TABLE_FULL), 1);
	assert_int_equal(nfind(r, NW_FIND_DROP),
			 1); /* NEIGH_CREATEFAIL; the void namespace's DAD drop is routine */
	assert_int_equal(explain_all(r, NW_FIND_NEIGH_TABLE_FULL, "neigh",
				     "neighbour table arp_cache",
				     "net.ipv4.neigh.default.gc_thresh3="),
			 1);
	assert_contains(r->x.fix, "dev eth0 netns nwlab-ntf-host");
	/* The silent drops (no IP_RECVERR): counters lead to the same table. */
	assert_int_equal(
	    explain_all(r, NW_FIND_SILENT_DROP, "neigh", "neighbour table arp_cache", "gc_thresh3"),
	    nfind(r, NW_FIND_SILENT_DROP));
	assert_true(nfind(r, NW_FIND_SILENT_DROP) >= 1);
	done(r);
}

/*
 * Variants the lab does not build (tests/data/explain/record-variant.sh): another qdisc, a
 * netfilter rule, IPv6 with the advertisements sent from a link-local address.  Every symptom of
 * the run leads to the one cause, from the peer's namespace.
 */
static void variant(const char *name, int kind, const char *layer, const char *object,
		    const char *fix)
{
	struct rec *r = replay(name);

	assert_int_equal(nfind(r, NW_FIND_NEIGH_FAILED), 1);
	assert_int_equal(explain_all(r, NW_FIND_NEIGH_FAILED, layer, object, fix), 1);
	assert_int_equal(explain_all(r, NW_FIND_SOCK_ERRNO, layer, object, fix),
			 nfind(r, NW_FIND_SOCK_ERRNO));
	if (kind >= 0)
		assert_int_equal(explain_all(r, kind, layer, object, fix), nfind(r, kind));
	assert_int_equal(explain_all(r, -1, NULL, NULL, NULL),
			 nfind(r, -1)); /* nothing left unexplained */
	done(r);
}

static void test_variant_pfifo_arp(void **state)
{
	(void)state;
	variant("variant-pfifo-arp", NW_FIND_QDISC_CTRL_DROP, "qdisc",
		"qdisc pfifo 30: dev eth0 netns nwtest-vb", "limit N");
}

static void test_variant_nft_arp(void **state)
{
	(void)state;
	variant("variant-nft-arp", NW_FIND_DROP, "netfilter", "netfilter dev eth0 netns nwtest-vb",
		"ip netns exec nwtest-vb nft list ruleset");
}

static void test_variant_tbf_ndp(void **state)
{
	(void)state;
	variant("variant-tbf-ndp", -1, "qdisc", "qdisc tbf 40: dev eth0 netns nwtest-vb",
		"limit N");
}

static void test_variant_htb_egress(void **state)
{
	(void)state;
	variant("variant-htb-egress", NW_FIND_QDISC_CTRL_DROP, "qdisc",
		"qdisc htb 5: dev eth0 netns nwtest-va", "direct_qlen 1000");
}

/* IPv6 and a MAC change while watched: errno -> entry -> replies dropped as OTHERHOST -> the peer's
 * pinned entry. */
static void test_variant_stale_v6(void **state)
{
	struct rec *r = replay("variant-stale-v6");
	const char *obj =
	    "neighbour 2001:db8:77::2 lladdr 02:00:5e:00:53:a1 dev eth0 netns nwtest-vb";

	(void)state;
	assert_int_equal(explain_all(r, NW_FIND_MAC_MISMATCH, "neigh", obj, "ndisc_notify=1"), 1);
	assert_int_equal(
	    explain_all(r, NW_FIND_NEIGH_FAILED, "neigh", obj, "ip -n nwtest-vb -6 neigh replace"),
	    1);
	assert_int_equal(explain_all(r, NW_FIND_SOCK_ERRNO, "neigh", obj, "ndisc_notify"),
			 nfind(r, NW_FIND_SOCK_ERRNO));
	assert_contains(r->x.cause, "PERMANENT");
	assert_int_equal(explain_all(r, -1, NULL, NULL, NULL), nfind(r, -1));
	done(r);
}

/* Malformed lines are refused, never half-decoded. */
static void test_bad_lines(void **state)
{
	static const char *const bad[] = {"",
					  "{",
					  "{\"ts\":1",
					  "[1,2]",
					  "{\"type\":\"drop\"}",
					  "{\"ts\":1,\"type\":\"drop\"",
					  "{\"ts\":1,\"type\":\"drop\",\"reason\":\"unterminated}"};
	struct nw_event ev;

	(void)state;
	for (size_t i = 0; i < NW_ARRAY_SIZE(bad); i++)
		assert_int_equal(nw_jsonl_event(bad[i], &ev), -EINVAL);
	assert_int_equal(nw_jsonl_event("{\"ts\":1.5,\"type\":\"finding\"}", &ev), -ENOENT);
	assert_int_equal(
	    nw_jsonl_event(
		"{\"ts\":1.000000002,\"type\":\"counter\",\"name\":\"Ip.OutDiscards\",\"value\":3}",
		&ev),
	    0);
	assert_int_equal(ev.ts, 1000000002ull);
	assert_string_equal(ev.u.counter.name, "Ip.OutDiscards");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_healthy),
	    cmocka_unit_test(test_htb_arp_drop),
	    cmocka_unit_test(test_stale_peer_arp),
	    cmocka_unit_test(test_netlink_overrun),
	    cmocka_unit_test(test_neigh_table_full),
	    cmocka_unit_test(test_variant_pfifo_arp),
	    cmocka_unit_test(test_variant_nft_arp),
	    cmocka_unit_test(test_variant_tbf_ndp),
	    cmocka_unit_test(test_variant_htb_egress),
	    cmocka_unit_test(test_variant_stale_v6),
	    cmocka_unit_test(test_bad_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
