// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/json: golden JSON Lines for one event of each type (exact strings),
 * escaping of control characters and invalid UTF-8, and no allocation per
 * event once the buffer has grown.
 *
 * The name tables are filled here from fixed inputs (the recorded kfree_skb
 * format for drop reasons, explicit NUD/errno/syscall names) so the goldens
 * do not depend on the kernel or libc the test runs on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <iconv.h>
#include <net/if.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/event.h"
#include "core/json.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/test_core_data.h"

#define NS_INO 4026532281ull

static int setup(void **state)
{
	static const char *const nud[] = { "INCOMPLETE", "REACHABLE", "STALE", "DELAY",
					   "PROBE",	 "FAILED",    "NOARP", "PERMANENT" };
	struct nw_names *t;
	char *text = slurp("skb_kfree_skb.format");

	assert_int_equal(nw_names_load_print_symbolic(nw_names_table(NW_NAMES_DROP_REASON), text, "REC->reason"), 127);
	free(text);
	t = nw_names_table(NW_NAMES_NUD);
	for (int i = 0; i < 8; i++)
		nw_names_set(t, 1 << i, nud[i]);
	nw_names_set(t, 0, "NONE");
	t = nw_names_table(NW_NAMES_ERRNO);
	nw_names_set(t, 113, "EHOSTUNREACH");
	nw_names_set(t, 105, "ENOBUFS");
	t = nw_names_table(NW_NAMES_SYSCALL);
	nw_names_set(t, 42, "connect");
	nw_names_set(t, 46, "sendmsg");
	nw_nsreg_set(NS_INO, "nwtest-host");
	return 0;
}

static int teardown(void **state)
{
	nw_names_fini_system();
	nw_nsreg_clear();
	return 0;
}

static void addr4(struct nw_addr *a, uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->bytes[0] = x;
	a->bytes[1] = y;
	a->bytes[2] = z;
	a->bytes[3] = w;
}

static void mac6(struct nw_mac *m, uint8_t last)
{
	const uint8_t b[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, last };

	m->len = 6;
	memcpy(m->bytes, b, 6);
}

static void base(struct nw_event *ev, enum nw_event_type type, enum nw_origin origin)
{
	nw_event_init(ev, type, origin);
	ev->id = 7;
	ev->ts = 1234567890123ull; /* 1234.567890123 s */
	ev->netns_ino = NS_INO;
	ev->ifindex = 3;
	nw_strlcpy(ev->ifname, "veth0", sizeof(ev->ifname));
}

/*
 * A strict little JSON checker: the whole line is one object, every key is
 * unique within its object, strings hold no raw control bytes.  Returns the
 * position after the value, or NULL.
 */
static const char *check_value(const char *p, int depth);

static const char *check_string(const char *p, const char **start, size_t *len)
{
	if (*p != '"')
		return NULL;
	*start = ++p;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
						return NULL;
				p += 4;
			} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
		p++;
	}
	if (*p != '"')
		return NULL;
	*len = (size_t)(p - *start);
	return p + 1;
}

static const char *check_object(const char *p, int depth)
{
	const char *keys[128];
	size_t lens[128], nkeys = 0;

	p++;
	if (*p == '}')
		return p + 1;
	for (;;) {
		const char *k;
		size_t kl;

		p = check_string(p, &k, &kl);
		if (!p || *p != ':')
			return NULL;
		for (size_t i = 0; i < nkeys; i++)
			if (lens[i] == kl && memcmp(keys[i], k, kl) == 0)
				fail_msg("duplicate key \"%.*s\"", (int)kl, k);
		assert_true(nkeys < 128);
		keys[nkeys] = k;
		lens[nkeys++] = kl;
		p = check_value(p + 1, depth + 1);
		if (!p)
			return NULL;
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return NULL;
		p++;
	}
}

static const char *check_value(const char *p, int depth)
{
	const char *s;
	size_t l;

	if (depth > 8)
		return NULL;
	if (*p == '{')
		return check_object(p, depth);
	if (*p == '"')
		return check_string(p, &s, &l);
	if (*p == '[') {
		p++;
		if (*p == ']')
			return p + 1;
		for (;;) {
			p = check_value(p, depth + 1);
			if (!p)
				return NULL;
			if (*p == ']')
				return p + 1;
			if (*p != ',')
				return NULL;
			p++;
		}
	}
	if (!strncmp(p, "true", 4))
		return p + 4;
	if (!strncmp(p, "false", 5))
		return p + 5;
	if (!strncmp(p, "null", 4))
		return p + 4;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		if (*p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return NULL;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		return p;
	}
	return NULL;
}

/* One object, then exactly one newline. */
static void assert_json_line(const char *line)
{
	const char *end;

	if (line[0] != '{')
		fail_msg("not an object: %s", line);
	end = check_value(line, 0);
	if (!end || strcmp(end, "\n") != 0)
		fail_msg("not one valid JSON object and a newline: %s", line);
}

static void expect_json(const struct nw_event *ev, const char *expected)
{
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_json_event(&b, ev);
	assert_json_line(b.data);
	if (strcmp(b.data, expected) != 0)
		fail_msg("JSON differs\n got: %s\nwant: %s", b.data, expected);
	assert_int_equal(b.len, strlen(expected));
	nw_jbuf_free(&b);
}

#define HDR(type, origin) "{\"ts\":1234.567890123,\"id\":7,\"type\":\"" type "\",\"origin\":\"" origin "\"," \
	"\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,\"ifname\":\"veth0\""

static void test_packet_arp(void **state)
{
	struct nw_event ev;
	struct nw_packet_ev *p = &ev.u.packet;

	base(&ev, NW_EV_PACKET, NW_ORIGIN_PCAP);
	p->dir = NW_DIR_IN;
	p->len = p->caplen = 60;
	p->linktype = 1;
	mac6(&p->src_mac, 0x01);
	p->dst_mac.len = 6;
	memset(p->dst_mac.bytes, 0xff, 6);
	p->ethertype = 0x0806;
	p->vlan[0] = 100;
	p->arp_op = 1;
	addr4(&p->src, 192, 0, 2, 1);
	addr4(&p->dst, 192, 0, 2, 2);
	p->l2_flags = NW_L2_DST_MISMATCH | 0x4;
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"packet\",\"origin\":\"pcap\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"dir\":\"in\",\"len\":60,\"caplen\":60,\"linktype\":1,"
		    "\"src_mac\":\"02:00:5e:00:53:01\",\"dst_mac\":\"ff:ff:ff:ff:ff:ff\",\"ethertype\":\"arp\","
		    "\"ethertype_num\":2054,\"vlan\":[100],\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\","
		    "\"proto\":null,\"proto_num\":null,\"sport\":null,\"dport\":null,\"tcp_flags\":null,"
		    "\"arp_op\":\"request\",\"icmp_type\":null,\"icmp_code\":null,\"partial\":false,"
		    "\"l2_flags\":[\"dst_mismatch\",\"neigh_conflict\"],\"mac_mismatch\":true,\"store_ref\":0,"
		    "\"time\":null}\n");
}

static void test_packet_tcp6_partial(void **state)
{
	struct nw_event ev;
	struct nw_packet_ev *p = &ev.u.packet;

	base(&ev, NW_EV_PACKET, NW_ORIGIN_PCAP);
	p->dir = NW_DIR_OUT;
	p->len = 1514;
	p->caplen = 96;
	p->linktype = 1;
	mac6(&p->src_mac, 0x02);
	mac6(&p->dst_mac, 0x03);
	p->ethertype = 0x86dd;
	p->l4proto = 6;
	p->tcp_flags = 0x12;
	p->src.family = p->dst.family = AF_INET6;
	p->src.bytes[0] = p->dst.bytes[0] = 0x20;
	p->src.bytes[1] = p->dst.bytes[1] = 0x01;
	p->src.bytes[2] = p->dst.bytes[2] = 0x0d;
	p->src.bytes[3] = p->dst.bytes[3] = 0xb8;
	p->src.bytes[15] = 1;
	p->dst.bytes[15] = 2;
	p->sport = 443;
	p->dport = 50000;
	p->partial = 1;
	p->store_ref = 99;
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"packet\",\"origin\":\"pcap\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"dir\":\"out\",\"len\":1514,\"caplen\":96,\"linktype\":1,"
		    "\"src_mac\":\"02:00:5e:00:53:02\",\"dst_mac\":\"02:00:5e:00:53:03\",\"ethertype\":\"ipv6\","
		    "\"ethertype_num\":34525,\"vlan\":[],\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\","
		    "\"proto\":\"tcp\",\"proto_num\":6,\"sport\":443,\"dport\":50000,\"tcp_flags\":18,"
		    "\"arp_op\":null,\"icmp_type\":null,\"icmp_code\":null,\"partial\":true,\"l2_flags\":[],"
		    "\"mac_mismatch\":false,\"store_ref\":99,\"time\":null}\n");
}

static void test_packet_icmp_unknown_ethertype(void **state)
{
	struct nw_event ev;
	struct nw_packet_ev *p = &ev.u.packet;

	/* ICMP type/code ride in arp_op, ICMP has no ports; an unnamed ethertype is its number. */
	base(&ev, NW_EV_PACKET, NW_ORIGIN_REPLAY);
	ev.netns_ino = 0;
	ev.ifindex = 0;
	ev.ifname[0] = '\0';
	p->ethertype = 0x0800;
	p->l4proto = 1;
	p->arp_op = 3 << 8 | 1;
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"packet\",\"origin\":\"replay\","
		    "\"netns\":{\"inode\":null,\"name\":null},\"ifindex\":null,\"ifname\":null,"
		    "\"dir\":\"unknown\",\"len\":0,\"caplen\":0,\"linktype\":0,\"src_mac\":null,\"dst_mac\":null,"
		    "\"ethertype\":\"ipv4\",\"ethertype_num\":2048,\"vlan\":[],\"src\":null,\"dst\":null,"
		    "\"proto\":\"icmp\",\"proto_num\":1,\"sport\":null,\"dport\":null,\"tcp_flags\":null,"
		    "\"arp_op\":null,\"icmp_type\":3,\"icmp_code\":1,\"partial\":false,\"l2_flags\":[],"
		    "\"mac_mismatch\":false,\"store_ref\":0,\"time\":null}\n");
	p->ethertype = 0x9000;
	p->l4proto = 0;
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	assert_non_null(strstr(b.data, ",\"ethertype\":36864,\"ethertype_num\":36864,"));
	/* A named protocol without ports (OSPF): the name and the number; ports null. The
	 * capture's wall clock as RFC 3339 UTC. */
	p->ethertype = 0x0800;
	p->l4proto = 89;
	p->wall_ns = 1764874049123456789ull;
	nw_jbuf_reset(&b);
	nw_json_event(&b, &ev);
	assert_non_null(strstr(b.data, ",\"proto\":\"ospf\",\"proto_num\":89,\"sport\":null,\"dport\":null,"
				       "\"tcp_flags\":null,"));
	assert_non_null(strstr(b.data, ",\"time\":\"2025-12-04T18:47:29.123456789Z\"}"));
	nw_jbuf_free(&b);
}

static void test_neigh(void **state)
{
	struct nw_event ev;
	struct nw_neigh_ev *n = &ev.u.neigh;

	base(&ev, NW_EV_NEIGH, NW_ORIGIN_BPF);
	n->op = NW_NEIGH_UPDATE;
	n->family = AF_INET;
	n->state = 0x20;
	n->prev_state = 0x01;
	n->probes = 3;
	n->error = -113;
	n->dev_flags = IFF_UP | IFF_NOARP;
	addr4(&n->ip, 192, 0, 2, 2);
	expect_json(&ev, HDR("neigh", "bpf")
		    ",\"op\":\"update\",\"family\":\"inet\",\"ip\":\"192.0.2.2\",\"lladdr\":null,\"state\":\"FAILED\","
		    "\"prev_state\":\"INCOMPLETE\",\"probes\":3,\"error\":\"EHOSTUNREACH\",\"flags\":0,\"dev_flags\":129,"
		    "\"noarp\":true}\n");

	/* A snapshot: no previous state, no error, a MAC, an unnamed extra bit. */
	n->op = NW_NEIGH_SNAPSHOT;
	n->family = AF_INET6;
	memset(&n->ip, 0, sizeof(n->ip));
	n->ip.family = AF_INET6;
	n->ip.bytes[0] = 0x20;
	n->ip.bytes[1] = 0x01;
	n->ip.bytes[2] = 0x0d;
	n->ip.bytes[3] = 0xb8;
	n->ip.bytes[15] = 0x0a;
	mac6(&n->lladdr, 0x0a);
	n->state = 0x02 | 0x100;
	n->prev_state = 0;
	n->probes = 0;
	n->error = 0;
	n->flags = 0x80;
	n->dev_flags = IFF_UP;
	expect_json(&ev, HDR("neigh", "bpf")
		    ",\"op\":\"snapshot\",\"family\":\"inet6\",\"ip\":\"2001:db8::a\",\"lladdr\":\"02:00:5e:00:53:0a\","
		    "\"state\":\"REACHABLE|0x100\",\"prev_state\":null,\"probes\":0,\"error\":null,\"flags\":128,"
		    "\"dev_flags\":1,\"noarp\":false}\n");
}

static void test_neigh_table(void **state)
{
	struct nw_event ev;
	struct nw_neigh_table_ev *t = &ev.u.neigh_table;

	base(&ev, NW_EV_NEIGH_TABLE, NW_ORIGIN_NETLINK);
	ev.ifindex = 0;
	ev.ifname[0] = '\0';
	t->family = AF_INET;
	nw_strlcpy(t->name, "arp_cache", sizeof(t->name));
	t->gc_thresh1 = 128;
	t->gc_thresh2 = 512;
	t->gc_thresh3 = 1024;
	t->entries = 1024;
	t->allocs = 1;
	t->destroys = 2;
	t->hash_grows = 3;
	t->res_failed = 4;
	t->lookups = 5;
	t->hits = 6;
	t->rcv_probes_mcast = 7;
	t->rcv_probes_ucast = 8;
	t->periodic_gc_runs = 9;
	t->forced_gc_runs = 10;
	t->table_fulls = 11;
	t->ucast_probes = 3;
	t->mcast_probes = 3;
	t->app_probes = 0;
	t->mcast_reprobes = 0;
	t->retrans_time_ms = 1000;
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"neigh_table\",\"origin\":\"netlink\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":null,\"ifname\":null,"
		    "\"name\":\"arp_cache\",\"family\":\"inet\",\"gc_thresh1\":128,\"gc_thresh2\":512,"
		    "\"gc_thresh3\":1024,\"entries\":1024,\"allocs\":1,\"destroys\":2,\"hash_grows\":3,"
		    "\"res_failed\":4,\"lookups\":5,\"hits\":6,\"rcv_probes_mcast\":7,\"rcv_probes_ucast\":8,"
		    "\"periodic_gc_runs\":9,\"forced_gc_runs\":10,\"table_fulls\":11,\"ucast_probes\":3,"
		    "\"mcast_probes\":3,\"app_probes\":0,\"mcast_reprobes\":0,\"retrans_time_ms\":1000}\n");
}

static void test_qdisc_stats_htb(void **state)
{
	struct nw_event ev;
	struct nw_qdisc_ev *q = &ev.u.qdisc;

	base(&ev, NW_EV_QDISC, NW_ORIGIN_NETLINK);
	q->op = NW_QDISC_STATS;
	nw_strlcpy(q->kind, "htb", sizeof(q->kind));
	q->handle = 0x80030000;
	q->parent = 0xffffffff;
	q->bytes = 4200;
	q->packets = 100;
	q->drops = 39;
	q->overlimits = 2;
	q->requeues = 1;
	q->qlen = 0;
	q->backlog = 0;
	q->direct_qlen = 0;
	q->defcls = 0x10;
	q->direct_packets = 39;
	q->rate_bps = 0;
	expect_json(&ev, HDR("qdisc", "netlink")
		    ",\"op\":\"stats\",\"class\":false,\"kind\":\"htb\",\"handle\":\"8003:\",\"parent\":\"root\","
		    "\"bytes\":4200,\"packets\":100,\"drops\":39,\"overlimits\":2,\"requeues\":1,\"qlen\":0,"
		    "\"backlog\":0,\"direct_qlen\":0,\"defcls\":16,\"direct_packets\":39,\"rate_bps\":0,"
		    "\"reason\":null,\"pkt\":null}\n");
}

static void test_qdisc_class_and_unknown_direct_qlen(void **state)
{
	struct nw_event ev;
	struct nw_qdisc_ev *q = &ev.u.qdisc;

	base(&ev, NW_EV_QDISC, NW_ORIGIN_NETLINK);
	q->op = NW_QDISC_DEL;
	q->is_class = 1;
	nw_strlcpy(q->kind, "htb", sizeof(q->kind));
	q->handle = 0x00010010;
	q->parent = 0x00010000;
	q->rate_bps = 1000000;
	/* direct_qlen left at its nw_event_init value: unknown, so null. */
	expect_json(&ev, HDR("qdisc", "netlink")
		    ",\"op\":\"del\",\"class\":true,\"kind\":\"htb\",\"handle\":\"1:10\",\"parent\":\"1:\","
		    "\"bytes\":0,\"packets\":0,\"drops\":0,\"overlimits\":0,\"requeues\":0,\"qlen\":0,"
		    "\"backlog\":0,\"direct_qlen\":null,\"defcls\":0,\"direct_packets\":0,\"rate_bps\":1000000,"
		    "\"reason\":null,\"pkt\":null}\n");
}

static void test_qdisc_drop_packet(void **state)
{
	struct nw_event ev;
	struct nw_qdisc_ev *q = &ev.u.qdisc;

	base(&ev, NW_EV_QDISC, NW_ORIGIN_BPF);
	q->op = NW_QDISC_DROP;
	nw_strlcpy(q->kind, "htb", sizeof(q->kind));
	q->handle = 0x80030000;
	q->parent = 0;
	q->drop_reason = 64;
	q->pkt_ethertype = 0x0806;
	q->pkt_arp_op = 1;
	addr4(&q->pkt_src, 192, 0, 2, 1);
	addr4(&q->pkt_dst, 192, 0, 2, 2);
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"qdisc\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"op\":\"drop\",\"class\":false,\"kind\":\"htb\",\"handle\":\"8003:\","
		    "\"parent\":null,\"bytes\":0,\"packets\":0,\"drops\":0,\"overlimits\":0,\"requeues\":0,"
		    "\"qlen\":0,\"backlog\":0,\"direct_qlen\":null,\"defcls\":0,\"direct_packets\":0,"
		    "\"rate_bps\":0,\"reason\":\"QDISC_DROP\",\"pkt\":{\"ethertype\":\"arp\","
		    "\"ethertype_num\":2054,\"arp_op\":\"request\",\"proto\":null,\"proto_num\":null,"
		    "\"tcp_flags\":null,\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\"}}\n");
}

static void test_drop(void **state)
{
	struct nw_event ev;
	struct nw_drop_ev *d = &ev.u.drop;

	base(&ev, NW_EV_DROP, NW_ORIGIN_BPF);
	d->reason = 58;
	d->protocol = 0x0800;
	d->l4proto = 17;
	d->pkt_type = 0;
	d->location = 0xffffffff81a2b3c4ull;
	nw_strlcpy(d->location_sym, "neigh_resolve_output+0x1a0", sizeof(d->location_sym));
	addr4(&d->src, 192, 0, 2, 1);
	addr4(&d->dst, 192, 0, 2, 2);
	d->sport = 40000;
	d->dport = 53;
	mac6(&d->src_mac, 0x01);
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"drop\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"reason\":\"NEIGH_FAILED\",\"ethertype\":\"ipv4\","
		    "\"ethertype_num\":2048,\"proto\":\"udp\",\"proto_num\":17,\"pkt_type\":\"host\","
		    "\"location\":\"0xffffffff81a2b3c4\",\"location_sym\":\"neigh_resolve_output+0x1a0\","
		    "\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\",\"sport\":40000,\"dport\":53,"
		    "\"src_mac\":\"02:00:5e:00:53:01\",\"dst_mac\":null,\"arp_op\":null,\"arp_sha\":null,"
		    "\"arp_spa\":null,\"arp_tha\":null,\"arp_tpa\":null}\n");
}

static void test_drop_arp_unknown_reason(void **state)
{
	struct nw_event ev;
	struct nw_drop_ev *d = &ev.u.drop;

	/* A reason the (recorded) kernel does not name prints as a number, never a guess. */
	base(&ev, NW_EV_DROP, NW_ORIGIN_BPF);
	d->reason = 300;
	d->protocol = 0x0806;
	d->pkt_type = 3;
	d->arp_op = 2;
	mac6(&d->src_mac, 0x0b);
	mac6(&d->dst_mac, 0x0c);
	mac6(&d->arp_sha, 0x0b);
	mac6(&d->arp_tha, 0x0c);
	addr4(&d->arp_spa, 198, 51, 100, 1);
	addr4(&d->arp_tpa, 198, 51, 100, 2);
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"drop\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"reason\":300,\"ethertype\":\"arp\",\"ethertype_num\":2054,"
		    "\"proto\":null,\"proto_num\":null,\"pkt_type\":\"otherhost\",\"location\":\"0x0\","
		    "\"location_sym\":null,\"src\":null,\"dst\":null,\"sport\":null,\"dport\":null,"
		    "\"src_mac\":\"02:00:5e:00:53:0b\",\"dst_mac\":\"02:00:5e:00:53:0c\",\"arp_op\":\"reply\","
		    "\"arp_sha\":\"02:00:5e:00:53:0b\",\"arp_spa\":\"198.51.100.1\","
		    "\"arp_tha\":\"02:00:5e:00:53:0c\",\"arp_tpa\":\"198.51.100.2\"}\n");
}

static void test_sock_err(void **state)
{
	struct nw_event ev;
	struct nw_sock_ev *s = &ev.u.sock;

	base(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
	ev.ifindex = 0;
	ev.ifname[0] = '\0';
	s->origin = NW_SOCKERR_SYSCALL;
	s->sk_type = SOCK_STREAM;
	s->sk_family = AF_INET;
	s->sk_protocol = 6;
	s->pid = 4242;
	s->tid = 4243;
	s->fd = 5;
	s->syscall = 42;
	s->err = 113;
	nw_strlcpy(s->comm, "curl", sizeof(s->comm));
	addr4(&s->laddr, 192, 0, 2, 1);
	addr4(&s->raddr, 192, 0, 2, 2);
	s->lport = 40000;
	s->rport = 80;
	s->sk_cookie = 77;
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"sock_err\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":null,\"ifname\":null,"
		    "\"err_origin\":\"syscall\",\"pid\":4242,\"tid\":4243,\"comm\":\"curl\",\"fd\":5,"
		    "\"syscall\":\"connect\",\"errno\":\"EHOSTUNREACH\",\"family\":\"inet\","
		    "\"sock_type\":\"stream\",\"proto\":\"tcp\",\"proto_num\":6,\"laddr\":\"192.0.2.1\","
		    "\"lport\":40000,\"raddr\":\"192.0.2.2\",\"rport\":80,\"nl_portid\":null,\"nl_groups\":null,"
		    "\"sk_cookie\":77}\n");
}

static void test_sock_err_async_netlink(void **state)
{
	struct nw_event ev;
	struct nw_sock_ev *s = &ev.u.sock;

	base(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
	s->origin = NW_SOCKERR_ASYNC;
	s->sk_type = SOCK_RAW;
	s->sk_family = AF_NETLINK;
	s->sk_protocol = 0;
	s->pid = 1;
	s->tid = 1;
	s->err = 105;
	s->nl_portid = 1234;
	s->nl_groups = 0x5;
	/* fd -1 and syscall -1 from nw_event_init: an asynchronous report. */
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"sock_err\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"err_origin\":\"async\",\"pid\":1,\"tid\":1,\"comm\":null,\"fd\":null,"
		    "\"syscall\":null,\"errno\":\"ENOBUFS\",\"family\":\"netlink\",\"sock_type\":\"raw\","
		    "\"proto\":0,\"proto_num\":0,\"laddr\":null,\"lport\":null,\"raddr\":null,\"rport\":null,"
		    "\"nl_portid\":1234,\"nl_groups\":5,\"sk_cookie\":0}\n");
	/* Unnamed syscall and errno: their numbers, like any unnamed enumerated value. */
	s->syscall = 999;
	s->err = 4000;
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	assert_non_null(strstr(b.data, ",\"syscall\":999,\"errno\":4000,"));
	nw_jbuf_free(&b);
}

static void test_link(void **state)
{
	struct nw_event ev;
	struct nw_link_ev *l = &ev.u.link;

	base(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	l->op = NW_LINK_CHANGE;
	l->operstate = 6;
	l->flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | (1u << 16) | (1u << 24);
	l->mtu = 1500;
	l->txqlen = 1000;
	l->master = 5;
	nw_strlcpy(l->kind, "veth", sizeof(l->kind));
	mac6(&l->mac, 0x10);
	mac6(&l->prev_mac, 0x11);
	expect_json(&ev, HDR("link", "netlink")
		    ",\"op\":\"change\",\"mac\":\"02:00:5e:00:53:10\",\"prev_mac\":\"02:00:5e:00:53:11\","
		    "\"flags\":[\"UP\",\"BROADCAST\",\"RUNNING\",\"MULTICAST\",\"LOWER_UP\",\"0x1000000\"],"
		    "\"mtu\":1500,\"txqlen\":1000,\"operstate\":\"UP\",\"kind\":\"veth\",\"master\":5}\n");

	memset(l, 0, sizeof(*l));
	l->op = NW_LINK_DEL;
	l->operstate = 9; /* not a known IF_OPER_*: the number */
	expect_json(&ev, HDR("link", "netlink")
		    ",\"op\":\"del\",\"mac\":null,\"prev_mac\":null,\"flags\":[],\"mtu\":0,\"txqlen\":0,"
		    "\"operstate\":9,\"kind\":null,\"master\":null}\n");
}

static void test_source(void **state)
{
	struct nw_event ev;
	struct nw_source_ev *s = &ev.u.source;

	base(&ev, NW_EV_SOURCE, NW_ORIGIN_BPF);
	ev.netns_ino = 0;
	ev.ifindex = 0;
	ev.ifname[0] = '\0';
	nw_strlcpy(s->name, "bpf:drops", sizeof(s->name));
	s->state = NW_SOURCE_DEGRADED;
	s->delivered = 1000;
	s->lost = 12;
	nw_strlcpy(s->detail, "ring buffer full: \"lost\" 12\nfix: --bpf-ring-size", sizeof(s->detail));
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"source\",\"origin\":\"bpf\","
		    "\"netns\":{\"inode\":null,\"name\":null},\"ifindex\":null,\"ifname\":null,"
		    "\"name\":\"bpf:drops\",\"state\":\"degraded\",\"delivered\":1000,\"lost\":12,"
		    "\"detail\":\"ring buffer full: \\\"lost\\\" 12\\nfix: --bpf-ring-size\"}\n");
}

static void test_sockinfo_and_counter(void **state)
{
	struct nw_event ev;
	struct nw_sockinfo_ev *s = &ev.u.sockinfo;
	struct nw_counter_ev *c;

	base(&ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK);
	s->op = NW_SOCKINFO_CHANGE;
	s->sk_type = SOCK_RAW;
	s->sk_family = AF_NETLINK;
	s->sk_protocol = 0;
	s->pid = 321;
	s->nl_portid = 321;
	s->nl_groups = 1;
	s->rmem = 2304;
	s->rcvbuf = 2304;
	s->drops = 39;
	s->inode = 555;
	s->cookie = 9;
	nw_strlcpy(s->comm, "nwlab-nlisten", sizeof(s->comm));
	expect_json(&ev, "{\"ts\":1234.567890123,\"id\":7,\"type\":\"sock\",\"origin\":\"netlink\","
		    "\"netns\":{\"inode\":4026532281,\"name\":\"nwtest-host\"},\"ifindex\":3,"
		    "\"ifname\":\"veth0\",\"op\":\"change\",\"pid\":321,\"comm\":\"nwlab-nlisten\","
		    "\"family\":\"netlink\",\"sock_type\":\"raw\",\"proto\":0,\"proto_num\":0,\"laddr\":null,"
		    "\"lport\":null,\"raddr\":null,\"rport\":null,\"nl_portid\":321,\"nl_groups\":1,"
		    "\"sk_state\":0,\"rmem\":2304,\"rcvbuf\":2304,\"wmem\":0,\"sndbuf\":0,\"drops\":39,"
		    "\"inode\":555,\"sk_cookie\":9}\n");

	base(&ev, NW_EV_COUNTER, NW_ORIGIN_PROC);
	c = &ev.u.counter;
	nw_strlcpy(c->name, "Udp.SndbufErrors", sizeof(c->name));
	c->value = 10;
	c->delta = 3;
	expect_json(&ev, HDR("counter", "proc") ",\"name\":\"Udp.SndbufErrors\",\"value\":10,\"delta\":3}\n");
}

static void test_unterminated_fixed_strings(void **state)
{
	struct nw_event ev;
	struct nw_jbuf b;

	/* A source that fills a fixed array to the brim must not make us read past it. */
	base(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	memset(ev.ifname, 'i', sizeof(ev.ifname));
	memset(ev.u.link.kind, 'k', sizeof(ev.u.link.kind));
	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	assert_non_null(strstr(b.data, ",\"ifname\":\"iiiiiiiiiiiiiiii\","));
	assert_non_null(strstr(b.data, ",\"kind\":\"kkkkkkkkkkkkkkkk\","));
	assert_json_line(b.data);
	nw_jbuf_free(&b);
}

static void test_unknown_type(void **state)
{
	struct nw_event ev;
	struct nw_jbuf b;

	base(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	ev.type = 200;
	ev.origin = 99;
	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	assert_non_null(strstr(b.data, "\"type\":\"unknown\",\"origin\":\"unknown\","));
	assert_non_null(strstr(b.data, ",\"type_code\":200}\n"));
	assert_json_line(b.data);
	nw_jbuf_free(&b);
}

static void expect_str(const char *in, const char *want)
{
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_jbuf_str(&b, in);
	if (strcmp(b.data, want) != 0)
		fail_msg("escaping differs\n got: %s\nwant: %s", b.data, want);
	nw_jbuf_free(&b);
}

static void test_escaping_control(void **state)
{
	expect_str("", "\"\"");
	expect_str("plain", "\"plain\"");
	expect_str("a\"b\\c", "\"a\\\"b\\\\c\"");
	expect_str("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
	expect_str("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	expect_str("/", "\"/\"");
}

static void test_escaping_utf8(void **state)
{
	/* Valid UTF-8 passes through: 2, 3 and 4 byte forms. */
	expect_str("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	expect_str("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	expect_str("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	/* Invalid bytes become \u00XX, one by one; what follows is kept. */
	expect_str("\xff", "\"\\u00ff\"");
	expect_str("\xc3\x28", "\"\\u00c3(\"");
	expect_str("\xc0\xaf", "\"\\u00c0\\u00af\"");           /* overlong '/' */
	expect_str("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""); /* UTF-16 surrogate */
	expect_str("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""); /* above U+10FFFF */
	expect_str("\xe2\x82", "\"\\u00e2\\u0082\"");           /* cut short at the end */
	expect_str("\x80x", "\"\\u0080x\"");                    /* lone continuation byte */
}

/* libc's converter as an independent judge of UTF-8 validity. */
static bool valid_utf8(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
	char out[4 * 512];
	char *in = (char *)s, *o = out;
	size_t inleft = n, outleft = sizeof(out);
	size_t r;

	assert_true(cd != (iconv_t)-1);
	assert_true(n <= 512);
	r = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	return r != (size_t)-1 && inleft == 0;
}

/* Random bytes (fixed seed) always come out as one valid JSON string in valid UTF-8. */
static void test_escaping_random(void **state)
{
	uint32_t seed = 777;
	char in[64];
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	for (int iter = 0; iter < 20000; iter++) {
		size_t n;
		const char *s;
		size_t l;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 16) % (sizeof(in) - 1);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)((seed >> 16) % 255 + 1); /* no NUL inside */
		}
		in[n] = '\0';
		nw_jbuf_reset(&b);
		nw_jbuf_str(&b, in);
		const char *end = check_string(b.data, &s, &l);

		if (!end || *end)
			fail_msg("not one JSON string: %s", b.data);
		assert_true(valid_utf8(b.data, b.len));
	}
	nw_jbuf_free(&b);
}

static void test_utf8_judge(void **state)
{
	/* The judge itself: rejects the inputs the encoder must escape. */
	assert_true(valid_utf8("caf\xc3\xa9", 5));
	assert_false(valid_utf8("\xff", 1));
	assert_false(valid_utf8("\xc0\xaf", 2));
	assert_false(valid_utf8("\xed\xa0\x80", 3));
}

static void test_buffer_helpers(void **state)
{
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_jbuf_raw(&b, "ab", 2);
	nw_jbuf_printf(&b, "%d-%s", 12, "x");
	assert_string_equal(b.data, "ab12-x");
	/* printf longer than the initial room grows the buffer. */
	char big[1000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	nw_jbuf_printf(&b, "%s", big);
	assert_int_equal(b.len, 6 + 999);
	assert_int_equal(strlen(b.data), b.len);
	nw_jbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	nw_jbuf_free(&b);
	assert_null(b.data);
}

static void test_field_writers(void **state)
{
	struct nw_jbuf b;

	nw_jbuf_init(&b);
	nw_jbuf_raw(&b, "{\"a\":1", 6);
	nw_jbuf_key(&b, "n");
	nw_jbuf_u64(&b, 18446744073709551615ull);
	nw_jbuf_key(&b, "i");
	nw_jbuf_i64(&b, INT64_MIN);
	nw_jbuf_key(&b, "z");
	nw_jbuf_i64(&b, 0);
	nw_jbuf_key(&b, "t");
	nw_jbuf_ts(&b, 5000000007ull);
	nw_jbuf_key(&b, "t0");
	nw_jbuf_ts(&b, 0);
	nw_jbuf_raw(&b, "}\n", 2);
	assert_string_equal(b.data, "{\"a\":1,\"n\":18446744073709551615,\"i\":-9223372036854775808,\"z\":0,"
				    "\"t\":5.000000007,\"t0\":0.000000000}\n");
	assert_json_line(b.data);
	nw_jbuf_free(&b);
}

static void test_no_growth_after_warmup(void **state)
{
	struct nw_event ev;
	struct nw_jbuf b;
	char *data;
	size_t cap;

	base(&ev, NW_EV_DROP, NW_ORIGIN_BPF);
	ev.u.drop.reason = 58;
	nw_jbuf_init(&b);
	nw_json_event(&b, &ev);
	data = b.data;
	cap = b.cap;
	/* Encoding the same kind of event again reuses the buffer: no allocation per event. */
	for (int i = 0; i < 1000; i++) {
		nw_jbuf_reset(&b);
		ev.id = (uint64_t)i;
		nw_json_event(&b, &ev);
	}
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	nw_jbuf_free(&b);
}

static void test_write_file(void **state)
{
	struct nw_event ev;
	char line[2048];
	FILE *f = tmpfile();

	assert_non_null(f);
	base(&ev, NW_EV_SOURCE, NW_ORIGIN_PCAP);
	nw_strlcpy(ev.u.source.name, "pcap:veth0", sizeof(ev.u.source.name));
	ev.u.source.state = NW_SOURCE_RUNNING;
	assert_int_equal(nw_json_write(f, &ev), 0);
	assert_int_equal(nw_json_write(f, &ev), 0);
	rewind(f);
	for (int i = 0; i < 2; i++) {
		assert_non_null(fgets(line, sizeof(line), f));
		assert_string_equal(line, HDR("source", "pcap")
				    ",\"name\":\"pcap:veth0\",\"state\":\"running\",\"delivered\":0,\"lost\":0,"
				    "\"detail\":null}\n");
	}
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_arp),
		cmocka_unit_test(test_packet_tcp6_partial),
		cmocka_unit_test(test_packet_icmp_unknown_ethertype),
		cmocka_unit_test(test_neigh),
		cmocka_unit_test(test_neigh_table),
		cmocka_unit_test(test_qdisc_stats_htb),
		cmocka_unit_test(test_qdisc_class_and_unknown_direct_qlen),
		cmocka_unit_test(test_qdisc_drop_packet),
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_drop_arp_unknown_reason),
		cmocka_unit_test(test_sock_err),
		cmocka_unit_test(test_sock_err_async_netlink),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_source),
		cmocka_unit_test(test_sockinfo_and_counter),
		cmocka_unit_test(test_unterminated_fixed_strings),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_escaping_control),
		cmocka_unit_test(test_escaping_utf8),
		cmocka_unit_test(test_escaping_random),
		cmocka_unit_test(test_utf8_judge),
		cmocka_unit_test(test_buffer_helpers),
		cmocka_unit_test(test_field_writers),
		cmocka_unit_test(test_no_growth_after_warmup),
		cmocka_unit_test(test_write_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
