// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes/nl_*.c decoders on netlink messages recorded on kernel 6.18
 * (tests/netlink/record-data.sh), each also cut at every length: a short
 * buffer and a short nlmsg_len must both be refused (-EBADMSG), never read
 * past the end (run under ASan: --enable-asan), never crash.  Also the /proc
 * counter parsers on recorded files and the container resolver on a tree of
 * runtime state files.
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

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/neighbour.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "core/event.h"
#include "probes/containers.h"
#include "probes/netns.h"
#include "probes/nl_decode.h"
#include "probes/proc_counters.h"

#define DATA NW_SRCDIR "/tests/data/netlink/"

typedef int (*decode_fn)(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev);

static void *load(const char *name, size_t *len)
{
	char path[512];
	char *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), DATA "%s", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (record it with tests/netlink/record-data.sh)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int sockdiag_udp(const struct nlmsghdr *nlh, size_t len, struct nw_event *ev)
{
	return nw_nl_sockdiag_decode(nlh, len, IPPROTO_UDP, ev);
}

/*
 * Every prefix of the message, twice: as a short buffer (the length the
 * caller holds) and as a message whose nlmsg_len claims only that much.
 * Each copy is a fresh allocation of exactly that size, so ASan sees any
 * read past it.
 */
static void check_truncations(const char *name, decode_fn fn, size_t hdrlen)
{
	struct nw_event ev;
	size_t len, cut;
	void *msg = load(name, &len);
	int refused = 0;

	for (cut = 0; cut < len; cut++) {
		void *copy = malloc(cut ? cut : 1);
		int r;

		memcpy(copy, msg, cut);
		/* Shorter than a header: not even nlmsg_len may be read. */
		assert_int_equal(fn((struct nlmsghdr *)copy, cut, &ev), -EBADMSG);
		if (cut >= sizeof(struct nlmsghdr)) {
			((struct nlmsghdr *)copy)->nlmsg_len = (uint32_t)cut;
			r = fn((struct nlmsghdr *)copy, cut, &ev);
			if (cut < NLMSG_LENGTH(hdrlen))
				assert_int_equal(r, -EBADMSG);
			/* A cut at an attribute boundary is a shorter valid message; anywhere else it is malformed. */
			assert_true(r == 0 || r == -EBADMSG || r == -ENOENT);
			refused += r == -EBADMSG;
		}
		free(copy);
	}
	assert_true(refused > 0);
	free(msg);
}

static void test_link(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("link-veth.bin", &len);

	assert_int_equal(nw_nl_link_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_LINK);
	assert_int_equal(ev.u.link.op, NW_LINK_NEW);
	assert_string_equal(ev.ifname, "va");
	assert_string_equal(ev.u.link.kind, "veth");
	assert_int_equal(ev.u.link.mtu, 1500);
	assert_int_equal(ev.u.link.mac.len, 6);
	assert_true(ev.u.link.flags & IFF_UP);
	assert_int_not_equal(ev.ifindex, 0);
	free(m);
	check_truncations("link-veth.bin", nw_nl_link_decode, sizeof(struct ifinfomsg));
}

static void test_neigh_failed(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("neigh-failed.bin", &len);
	uint8_t ip[4] = { 192, 0, 2, 2 };

	assert_int_equal(nw_nl_neigh_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_NEIGH);
	assert_int_equal(ev.u.neigh.op, NW_NEIGH_NEW);
	assert_int_equal(ev.u.neigh.family, AF_INET);
	assert_int_equal(ev.u.neigh.state, NUD_FAILED);
	assert_int_equal(ev.u.neigh.probes, 6); /* ucast 3 + mcast 3: nobody answered ARP */
	assert_int_equal(ev.u.neigh.lladdr.len, 0);
	assert_memory_equal(ev.u.neigh.ip.bytes, ip, 4);

	/* A bridge FDB entry is valid but not a neighbour-cache entry. */
	((struct ndmsg *)NLMSG_DATA((struct nlmsghdr *)m))->ndm_family = AF_BRIDGE;
	assert_int_equal(nw_nl_neigh_decode((struct nlmsghdr *)m, len, &ev), -ENOENT);
	free(m);
	check_truncations("neigh-failed.bin", nw_nl_neigh_decode, sizeof(struct ndmsg));
}

static void test_neightbl(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("neightbl-arp.bin", &len);

	assert_int_equal(nw_nl_neightbl_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_NEIGH_TABLE);
	assert_string_equal(ev.u.neigh_table.name, "arp_cache");
	assert_int_equal(ev.u.neigh_table.family, AF_INET);
	assert_true(ev.u.neigh_table.gc_thresh3 >= ev.u.neigh_table.gc_thresh2);
	assert_true(ev.u.neigh_table.gc_thresh2 >= ev.u.neigh_table.gc_thresh1);
	assert_true(ev.u.neigh_table.gc_thresh1 > 0);
	assert_int_equal(ev.u.neigh_table.ucast_probes, 3);
	assert_int_equal(ev.u.neigh_table.mcast_probes, 3);
	assert_int_equal(ev.u.neigh_table.retrans_time_ms, 1000);
	assert_true(ev.u.neigh_table.allocs > 0);
	free(m);
	check_truncations("neightbl-arp.bin", nw_nl_neightbl_decode, sizeof(struct ndtmsg));

	/* The per-device parameter messages of the same dump are not a table. */
	m = load("neightbl-devparms.bin", &len);
	assert_int_equal(nw_nl_neightbl_decode((struct nlmsghdr *)m, len, &ev), -ENOENT);
	free(m);
}

static void test_qdisc_htb(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("qdisc-htb.bin", &len);

	assert_int_equal(nw_nl_qdisc_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_QDISC);
	assert_int_equal(ev.u.qdisc.op, NW_QDISC_STATS);
	assert_false(ev.u.qdisc.is_class);
	assert_string_equal(ev.u.qdisc.kind, "htb");
	assert_int_equal(ev.u.qdisc.handle, 0x10000);
	assert_int_equal(ev.u.qdisc.parent, TC_H_ROOT);
	assert_int_equal(ev.u.qdisc.direct_qlen, 0); /* the misconfiguration, read where libnl cannot */
	assert_int_equal(ev.u.qdisc.defcls, 0x10);
	free(m);
	check_truncations("qdisc-htb.bin", nw_nl_qdisc_decode, sizeof(struct tcmsg));
}

static void test_class_htb(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("class-htb.bin", &len);

	assert_int_equal(nw_nl_qdisc_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_true(ev.u.qdisc.is_class);
	assert_string_equal(ev.u.qdisc.kind, "htb");
	assert_int_equal(ev.u.qdisc.handle, 0x10010);
	assert_int_equal(ev.u.qdisc.parent, TC_H_ROOT); /* htb reports a top-level class as child of root */
	assert_int_equal(ev.u.qdisc.direct_qlen, UINT32_MAX); /* a class has none */
	free(m);
	check_truncations("class-htb.bin", nw_nl_qdisc_decode, sizeof(struct tcmsg));
}

static void test_sockdiag(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("sockdiag-netlink.bin", &len);
	uint8_t ip[4] = { 192, 0, 2, 1 };

	assert_int_equal(nw_nl_sockdiag_decode((struct nlmsghdr *)m, len, 0, &ev), 0);
	assert_int_equal(ev.type, NW_EV_SOCK_INFO);
	assert_int_equal(ev.u.sockinfo.sk_family, AF_NETLINK);
	assert_true(ev.u.sockinfo.rcvbuf > 0);
	free(m);
	check_truncations("sockdiag-netlink.bin", sockdiag_udp, 1);

	m = load("sockdiag-udp.bin", &len);
	assert_int_equal(sockdiag_udp((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.u.sockinfo.sk_family, AF_INET);
	assert_int_equal(ev.u.sockinfo.sk_protocol, IPPROTO_UDP);
	assert_int_equal(ev.u.sockinfo.sk_type, SOCK_DGRAM);
	assert_int_equal(ev.u.sockinfo.lport, 5353);
	assert_memory_equal(ev.u.sockinfo.laddr.bytes, ip, 4);
	assert_true(ev.u.sockinfo.rcvbuf > 0);
	assert_int_not_equal(ev.u.sockinfo.inode, 0);
	free(m);
	check_truncations("sockdiag-udp.bin", sockdiag_udp, 1);
}

/* An attribute whose length runs past the message is refused, not read. */
/* Routes and rules (issue 15): the ones that can refuse a destination, and the rule that picks a table. */
static void test_routes(void **state)
{
	static const uint8_t unreach[4] = { 203, 0, 113, 0 }, net200[4] = { 198, 51, 100, 0 }, gw[4] = { 192, 0, 2, 2 };
	static const uint8_t bh6[6] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x77 };
	struct nw_event ev;
	size_t len;
	void *m = load("route-unreachable.bin", &len);

	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_ROUTE);
	assert_int_equal(ev.u.route.op, NW_ROUTE_NEW);
	assert_int_equal(ev.u.route.is_rule, 0);
	assert_int_equal(ev.u.route.family, AF_INET);
	assert_int_equal(ev.u.route.type, RTN_UNREACHABLE);
	assert_int_equal(ev.u.route.table, RT_TABLE_MAIN);
	assert_int_equal(ev.u.route.dst_len, 24);
	assert_memory_equal(ev.u.route.dst.bytes, unreach, 4);
	assert_int_equal(ev.ifindex, 0);
	free(m);
	check_truncations("route-unreachable.bin", nw_nl_route_decode, sizeof(struct rtmsg));

	m = load("route6-blackhole.bin", &len);
	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.u.route.family, AF_INET6);
	assert_int_equal(ev.u.route.type, RTN_BLACKHOLE);
	assert_int_equal(ev.u.route.dst_len, 48);
	assert_memory_equal(ev.u.route.dst.bytes, bh6, sizeof(bh6));
	assert_int_equal(ev.u.route.priority, 1024);
	free(m);
	check_truncations("route6-blackhole.bin", nw_nl_route_decode, sizeof(struct rtmsg));

	m = load("route-table200.bin", &len);
	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.u.route.type, RTN_UNICAST);
	assert_int_equal(ev.u.route.table, 200);
	assert_memory_equal(ev.u.route.dst.bytes, net200, 4);
	assert_int_equal(ev.u.route.gateway.family, AF_INET);
	assert_memory_equal(ev.u.route.gateway.bytes, gw, 4);
	assert_int_not_equal(ev.ifindex, 0);
	/* The same message as a deletion. */
	((struct nlmsghdr *)m)->nlmsg_type = RTM_DELROUTE;
	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.u.route.op, NW_ROUTE_DEL);
	free(m);
	check_truncations("route-table200.bin", nw_nl_route_decode, sizeof(struct rtmsg));

	/* Table local (this host's own addresses) is valid but never reported. */
	m = load("route-local.bin", &len);
	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), -ENOENT);
	free(m);

	m = load("rule-table200.bin", &len);
	assert_int_equal(nw_nl_rule_decode((struct nlmsghdr *)m, len, &ev), 0);
	assert_int_equal(ev.type, NW_EV_ROUTE);
	assert_int_equal(ev.u.route.is_rule, 1);
	assert_int_equal(ev.u.route.type, FR_ACT_TO_TBL);
	assert_int_equal(ev.u.route.table, 200);
	assert_int_equal(ev.u.route.priority, 100);
	assert_int_equal(ev.u.route.dst_len, 24);
	assert_memory_equal(ev.u.route.dst.bytes, net200, 4);
	assert_int_equal(ev.u.route.src_len, 0);
	assert_string_equal(ev.u.route.iifname, "");
	/* A route message is not a rule, and the other way round. */
	assert_int_equal(nw_nl_route_decode((struct nlmsghdr *)m, len, &ev), -ENOENT);
	free(m);
	check_truncations("rule-table200.bin", nw_nl_rule_decode, sizeof(struct fib_rule_hdr));
}

static void test_attr_overrun(void **state)
{
	struct nw_event ev;
	size_t len;
	void *m = load("neigh-failed.bin", &len);
	struct nlattr *a = (struct nlattr *)(void *)((char *)m + NLMSG_LENGTH(sizeof(struct ndmsg)));

	a->nla_len = (uint16_t)(len * 2);
	assert_int_equal(nw_nl_neigh_decode((struct nlmsghdr *)m, len, &ev), -EBADMSG);
	a->nla_len = 2; /* shorter than an attribute header */
	assert_int_equal(nw_nl_neigh_decode((struct nlmsghdr *)m, len, &ev), -EBADMSG);
	free(m);
}

/* --- /proc counters ----------------------------------------------------------------- */

struct seen {
	char names[16][40];
	uint64_t values[16];
	int n;
};

static void collect(const char *name, uint64_t value, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 16);
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
	s->values[s->n++] = value;
}

static uint64_t seen_value(const struct seen *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return s->values[i];
	fail_msg("counter %s not found", name);
	return 0;
}

static char *load_text(const char *name)
{
	size_t len;
	char *t = load(name, &len);

	t[len] = '\0';
	return t;
}

static void test_proc_snmp(void **state)
{
	struct seen s = { 0 };
	char *t = load_text("proc-snmp.txt");

	assert_int_equal(nw_proc_snmp_parse(t, collect, &s), 4);
	assert_int_equal(seen_value(&s, "Udp.SndbufErrors"), 0);
	assert_int_equal(seen_value(&s, "Ip.OutDiscards"), 0);
	free(t);
	s.n = 0;
	assert_int_equal(nw_proc_snmp_parse("Ip: Forwarding OutDiscards\nIp: 1 42\nUdp: SndbufErrors\nUdp: 7\n", collect,
					    &s), 2);
	assert_int_equal(seen_value(&s, "Ip.OutDiscards"), 42);
	assert_int_equal(seen_value(&s, "Udp.SndbufErrors"), 7);
	s.n = 0;
	/* A header without its values line, or mismatched columns: malformed. */
	assert_int_equal(nw_proc_snmp_parse("Ip: Forwarding OutDiscards\n", collect, &s), -EINVAL);
	assert_int_equal(nw_proc_snmp_parse("Ip: A B\nIp: 1\n", collect, &s), -EINVAL);

	s.n = 0;
	t = load_text("proc-snmp6.txt");
	assert_int_equal(nw_proc_snmp6_parse(t, collect, &s), 3);
	free(t);
}

static void test_proc_arp_cache(void **state)
{
	struct seen s = { 0 };
	char *t = load_text("proc-arp_cache.txt");

	/* Recorded with two CPUs: table_fulls 0xcdb + 0x1cc7, entries not summed. */
	assert_int_equal(nw_proc_arp_cache_parse(t, collect, &s), 5);
	assert_int_equal(seen_value(&s, "arp_cache.table_fulls"), 0xcdb + 0x1cc7);
	assert_int_equal(seen_value(&s, "arp_cache.forced_gc_runs"), 0xce0 + 0x1cd7);
	assert_int_equal(seen_value(&s, "arp_cache.entries"), 0);
	free(t);
	s.n = 0;
	assert_int_equal(nw_proc_arp_cache_parse("entries table_fulls\n1 2 3\n", collect, &s), -EINVAL);
	assert_int_equal(nw_proc_arp_cache_parse("", collect, &s), -EINVAL);
}

/* --- containers ---------------------------------------------------------------------- */

static void test_container_resolve(void **state)
{
	struct nw_containers l = { 0 };
	char err[1024], name[64];
	long i;

	nw_containers_scan(DATA "containers", &l);
	i = nw_containers_find(&l, "abc123", false, err, sizeof(err)); /* an id prefix */
	assert_true(i >= 0);
	assert_int_equal(l.v[i].pid, 4242);
	assert_string_equal(l.v[i].id, "abc123def4567890");
	assert_string_equal(l.v[i].name, "cart"); /* the CRI annotations of the task's config.json */
	assert_string_equal(l.v[i].image, "registry.example/cart:1.4");
	nw_container_ns_name(&l.v[i], name, sizeof(name));
	assert_string_equal(name, "pod:shop/cart-7d9f");
	assert_int_equal(nw_containers_find(&l, "shop/cart-7d9f", true, err, sizeof(err)), i);
	assert_int_equal(nw_containers_find(&l, "cart", false, err, sizeof(err)), i);

	i = nw_containers_find(&l, "fedcba9876543210", false, err, sizeof(err));
	assert_true(i >= 0);
	assert_int_equal(l.v[i].pid, 31337);
	assert_string_equal(l.v[i].runtime, "containerd");

	/* Docker, by name and by prefix; "Pid" in a label before State does not fool the parser. */
	i = nw_containers_find(&l, "web", false, err, sizeof(err));
	assert_true(i >= 0);
	assert_int_equal(nw_containers_find(&l, "0123", false, err, sizeof(err)), i);
	assert_int_equal(l.v[i].pid, 777);
	assert_string_equal(l.v[i].image, "nwtest/busybox:1");
	assert_string_equal(l.v[i].project, "shopfront");
	assert_string_equal(l.v[i].sandbox, "/var/run/docker/netns/6775d93624b5");
	nw_container_ns_name(&l.v[i], name, sizeof(name));
	assert_string_equal(name, "docker:web");

	/* A runc container podman made is named by podman's containers.json. */
	i = nw_containers_find(&l, "db", false, err, sizeof(err));
	assert_true(i >= 0);
	assert_string_equal(l.v[i].runtime, "podman");
	assert_int_equal(l.v[i].pid, 2323);

	assert_int_equal(nw_containers_find(&l, "dup", false, err, sizeof(err)), -EEXIST);
	assert_non_null(strstr(err, "ambiguous"));
	assert_non_null(strstr(err, "dupaaaa"));
	assert_non_null(strstr(err, "dupbbbb"));
	assert_int_equal(nw_containers_find(&l, "stopped", false, err, sizeof(err)), -ESRCH);
	assert_non_null(strstr(err, "not running"));
	assert_int_equal(nw_containers_find(&l, "nosuch", false, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "var/lib/docker/containers")); /* says where it looked */
	assert_int_equal(nw_containers_find(&l, "shop/nosuch", true, err, sizeof(err)), -ENOENT);
	assert_int_equal(nw_containers_find(&l, "shop", true, err, sizeof(err)), -EINVAL);
	assert_int_equal(nw_containers_find(&l, "../etc", false, err, sizeof(err)), -EINVAL);
	assert_int_equal(nw_containers_find(&l, "a*", false, err, sizeof(err)), -EINVAL);
	nw_containers_free(&l);
}

/*
 * State files recorded from the real runtimes (docker.io 20.10 with its
 * runc, and runc 1.1 run with the CRI annotations a Kubernetes container
 * has): Docker's runc state names no container, its config.v2.json does.
 */
static void test_container_recorded(void **state)
{
	struct nw_containers l = { 0 };
	char err[1024], name[64];
	long i;

	nw_containers_scan(DATA "containers-real", &l);
	assert_int_equal(l.n, 2); /* Docker's runc state is the same container as its config.v2.json */
	i = nw_containers_find(&l, "nwtest-web1", false, err, sizeof(err));
	assert_true(i >= 0);
	assert_string_equal(l.v[i].runtime, "docker");
	assert_int_equal(l.v[i].pid, 27620);
	assert_string_equal(l.v[i].image, "nwtest/busybox:nw");
	assert_string_equal(l.v[i].project, "nwtest-shop");
	assert_string_equal(l.v[i].sandbox, "/var/run/docker/netns/1ce3d4ea9784");
	assert_int_equal(nw_containers_find(&l, "452b4f", false, err, sizeof(err)), i);

	i = nw_containers_find(&l, "shop/cart-7d9f", true, err, sizeof(err));
	assert_true(i >= 0);
	assert_string_equal(l.v[i].id, "nwtest-cri1");
	assert_string_equal(l.v[i].name, "cart");
	assert_string_equal(l.v[i].image, "registry.example/cart:1.4");
	assert_int_equal(l.v[i].pid, 28722);
	assert_true(l.v[i].start > 0);
	nw_container_ns_name(&l.v[i], name, sizeof(name));
	assert_string_equal(name, "pod:shop/cart-7d9f");
	nw_containers_free(&l);
}

/* Bad state files are refused whole, never half-read; reordered keys are found. */
static void test_container_parse(void **state)
{
	struct nw_container c = { 0 };

	assert_int_equal(nw_container_parse_docker("{\"State\":{\"Pid\":", &c), -EINVAL);
	assert_int_equal(nw_container_parse_docker("42", &c), -EINVAL);
	assert_int_equal(nw_container_parse_runc("", &c), -EINVAL);
	assert_int_equal(nw_container_parse_docker("{\"State\":{\"Pid\":9,\"Running\":true},\"Name\":\"/a\"}", &c), 0);
	assert_int_equal(c.pid, 9);
	assert_string_equal(c.name, "a");
	assert_int_equal(nw_container_parse_docker("{\"State\":{\"Pid\":9,\"Running\":false}}", &c), 0);
	assert_int_equal(c.pid, 0);
	assert_int_equal(nw_container_parse_runc("{\"config\":{\"labels\":[\"bundle=/b\",7,"
						 "\"io.kubernetes.cri.sandbox-name=p\"]},\"init_process_pid\":\"x\"}",
						 &c), 0);
	assert_int_equal(c.pid, 0);
	assert_string_equal(c.pod_name, "p");
}

static void test_netns_specs(void **state)
{
	struct nw_netns_set *set = nw_netns_set_new();
	char err[512];

	assert_int_equal(nw_netns_set_add_spec(set, "pid:x", err, sizeof(err)), -EINVAL);
	assert_int_equal(nw_netns_set_add_spec(set, "pid:0", err, sizeof(err)), -EINVAL);
	assert_int_equal(nw_netns_set_add_spec(set, "nwtest-no-such-ns", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/run/netns"));
	assert_int_equal(nw_netns_set_add_spec(set, "/etc/passwd", err, sizeof(err)), -ENOTSUP);
	assert_int_equal(nw_netns_set_count(set), 0);
	assert_int_equal(nw_netns_set_add_spec(set, "all", err, sizeof(err)), 0);
	assert_true(nw_netns_set_is_all(set));
	/* Our own namespace twice, by two names: one entry. */
	assert_int_equal(nw_netns_set_add_self(set, err, sizeof(err)), 0);
	assert_int_equal(nw_netns_set_add_spec(set, "/proc/self/ns/net", err, sizeof(err)), 0);
	assert_int_equal(nw_netns_set_count(set), 1);
	assert_int_equal(nw_netns_set_at(set, 0)->inode, nw_netns_self_inode());
	nw_netns_set_free(set);
}

/* A notification answering a port's request is an administrator's change; a dump part is not. */
static void test_neigh_admin(void **state)
{
	struct nw_event ev;
	size_t len;
	struct nlmsghdr *m = load("neigh-failed.bin", &len);

	m->nlmsg_pid = 0; /* the kernel's own notification */
	m->nlmsg_flags = 0;
	assert_int_equal(nw_nl_neigh_decode(m, len, &ev), 0);
	assert_int_equal(ev.u.neigh.by_admin, 0);
	m->nlmsg_pid = 4242; /* neigh_update_notify() for `ip neigh del` of port 4242 */
	assert_int_equal(nw_nl_neigh_decode(m, len, &ev), 0);
	assert_int_equal(ev.u.neigh.by_admin, 1);
	m->nlmsg_flags = NLM_F_MULTI; /* our own dump's answer */
	assert_int_equal(nw_nl_neigh_decode(m, len, &ev), 0);
	assert_int_equal(ev.u.neigh.by_admin, 0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_neigh_failed),
		cmocka_unit_test(test_neigh_admin),
		cmocka_unit_test(test_neightbl),
		cmocka_unit_test(test_qdisc_htb),
		cmocka_unit_test(test_class_htb),
		cmocka_unit_test(test_sockdiag),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_attr_overrun),
		cmocka_unit_test(test_proc_snmp),
		cmocka_unit_test(test_proc_arp_cache),
		cmocka_unit_test(test_container_resolve),
		cmocka_unit_test(test_container_parse),
		cmocka_unit_test(test_container_recorded),
		cmocka_unit_test(test_netns_specs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
