// SPDX-License-Identifier: GPL-2.0-or-later
/* Event builders for the model and explain tests (see explain_fixture.h). */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "core/names.h"
#include "core/util.h"
#include "tests/unit/explain_fixture.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = nw_xmalloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

void fx_setup(struct fx *fx)
{
	struct nw_names *nud = nw_names_table(NW_NAMES_NUD);
	static const char *const nud_names[] = { "INCOMPLETE", "REACHABLE", "STALE", "DELAY",
						 "PROBE",      "FAILED",    "NOARP", "PERMANENT" };
	char *fmt = slurp(NW_SRCDIR "/tests/data/core/skb_kfree_skb.format");

	assert_non_null(fmt);
	assert_true(nw_names_load_print_symbolic(nw_names_table(NW_NAMES_DROP_REASON), fmt, "REC->reason") > 50);
	free(fmt);
	for (unsigned i = 0; i < 8; i++)
		nw_names_set(nud, 1 << i, nud_names[i]);
	memset(fx, 0, sizeof(*fx));
	fx->bus = nw_bus_new(65536);
	fx->m = nw_models_new(fx->bus, NULL);
	assert_non_null(fx->m);
	fx->now = 5000000000000ull; /* an uptime of 5000 s */
}

void fx_teardown(struct fx *fx)
{
	nw_models_free(fx->m);
	nw_bus_free(fx->bus);
}

uint32_t fx_reason(const char *name)
{
	int64_t v = -1;

	assert_true(nw_names_lookup(nw_names_table(NW_NAMES_DROP_REASON), name, &v));
	return (uint32_t)v;
}

struct nw_addr fx_ip(const char *text)
{
	struct nw_addr a;

	memset(&a, 0, sizeof(a));
	if (!text)
		return a;
	if (inet_pton(AF_INET, text, a.bytes) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, text, a.bytes) == 1)
		a.family = AF_INET6;
	else
		fail_msg("bad address %s", text);
	return a;
}

struct nw_mac fx_mac(const char *text)
{
	struct nw_mac m;
	unsigned b[6];

	memset(&m, 0, sizeof(m));
	if (!text)
		return m;
	assert_int_equal(sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]), 6);
	m.len = 6;
	for (int i = 0; i < 6; i++)
		m.bytes[i] = (uint8_t)b[i];
	return m;
}

static void head(struct fx *fx, struct nw_event *ev, enum nw_event_type type, enum nw_origin origin, int dt_ms,
		 uint64_t ns, uint32_t ifindex, const char *ifname)
{
	nw_event_init(ev, type, origin);
	fx->now += (uint64_t)dt_ms * 1000000ull;
	ev->ts = fx->now;
	ev->netns_ino = ns;
	ev->ifindex = ifindex;
	if (ifname)
		nw_strlcpy(ev->ifname, ifname, sizeof(ev->ifname));
}

uint64_t fx_neigh_full(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *ip,
		       uint16_t state, uint32_t probes, const char *lladdr, uint32_t dev_flags, uint8_t op)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_NEIGH, NW_ORIGIN_BPF, dt_ms, ns, ifindex, ifname);
	ev.u.neigh.op = op;
	ev.u.neigh.ip = fx_ip(ip);
	ev.u.neigh.family = ev.u.neigh.ip.family;
	ev.u.neigh.state = state;
	ev.u.neigh.probes = probes;
	ev.u.neigh.lladdr = fx_mac(lladdr);
	ev.u.neigh.dev_flags = dev_flags;
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_neigh(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *ip,
		  uint16_t state, uint16_t prev, uint32_t probes)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_NEIGH, NW_ORIGIN_BPF, dt_ms, ns, ifindex, ifname);
	ev.u.neigh.op = NW_NEIGH_UPDATE;
	ev.u.neigh.ip = fx_ip(ip);
	ev.u.neigh.family = ev.u.neigh.ip.family;
	ev.u.neigh.state = state;
	ev.u.neigh.prev_state = prev;
	ev.u.neigh.probes = probes;
	ev.u.neigh.dev_flags = 0x1003; /* UP|BROADCAST|MULTICAST */
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_arp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir, uint16_t op,
		const char *src_mac, const char *dst_mac, const char *spa, const char *tpa)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_PACKET, NW_ORIGIN_PCAP, dt_ms, ns, ifindex, ifname);
	ev.u.packet.dir = dir;
	ev.u.packet.len = ev.u.packet.caplen = 42;
	ev.u.packet.linktype = 1;
	ev.u.packet.ethertype = 0x0806;
	ev.u.packet.arp_op = op;
	ev.u.packet.src_mac = fx_mac(src_mac);
	ev.u.packet.dst_mac = fx_mac(dst_mac);
	ev.u.packet.src = fx_ip(spa);
	ev.u.packet.dst = fx_ip(tpa);
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_ip_pkt(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir,
		   uint8_t proto, const char *src_mac, const char *dst_mac, const char *src, const char *dst,
		   uint32_t l2_flags)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_PACKET, NW_ORIGIN_PCAP, dt_ms, ns, ifindex, ifname);
	ev.u.packet.dir = dir;
	ev.u.packet.len = ev.u.packet.caplen = 98;
	ev.u.packet.linktype = 1;
	ev.u.packet.src = fx_ip(src);
	ev.u.packet.dst = fx_ip(dst);
	ev.u.packet.ethertype = ev.u.packet.src.family == AF_INET6 ? 0x86dd : 0x0800;
	ev.u.packet.l4proto = proto;
	ev.u.packet.src_mac = fx_mac(src_mac);
	ev.u.packet.dst_mac = fx_mac(dst_mac);
	ev.u.packet.l2_flags = l2_flags;
	return nw_bus_submit(fx->bus, &ev);
}

static uint64_t qdisc_drop(struct fx *fx, const struct nw_event *d, const char *kind, uint32_t handle)
{
	struct nw_event q;

	q = *d;
	memset(&q.u, 0, sizeof(q.u));
	q.type = NW_EV_QDISC;
	q.u.qdisc.op = NW_QDISC_DROP;
	nw_strlcpy(q.u.qdisc.kind, kind, sizeof(q.u.qdisc.kind));
	q.u.qdisc.handle = handle;
	q.u.qdisc.parent = 0xffffffffu;
	q.u.qdisc.direct_qlen = UINT32_MAX;
	q.u.qdisc.drops = 1;
	q.u.qdisc.pkt_ethertype = d->u.drop.protocol;
	q.u.qdisc.pkt_arp_op = d->u.drop.arp_op;
	q.u.qdisc.drop_reason = d->u.drop.reason;
	if (d->u.drop.protocol == 0x0806) {
		q.u.qdisc.pkt_src = d->u.drop.arp_spa;
		q.u.qdisc.pkt_dst = d->u.drop.arp_tpa;
	} else {
		q.u.qdisc.pkt_src = d->u.drop.src;
		q.u.qdisc.pkt_dst = d->u.drop.dst;
		q.u.qdisc.pkt_l4proto = d->u.drop.l4proto;
	}
	return nw_bus_submit(fx->bus, &q);
}

uint64_t fx_drop_arp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		     uint16_t op, const char *spa, const char *tpa, const char *qdisc_kind, uint32_t handle)
{
	struct nw_event ev;
	uint64_t id;

	head(fx, &ev, NW_EV_DROP, NW_ORIGIN_BPF, dt_ms, ns, ifindex, ifname);
	ev.u.drop.reason = fx_reason(reason);
	ev.u.drop.protocol = 0x0806;
	ev.u.drop.arp_op = op;
	ev.u.drop.arp_spa = fx_ip(spa);
	ev.u.drop.arp_tpa = fx_ip(tpa);
	ev.u.drop.skbaddr = 0xffff888001234500ull + fx->now % 4096;
	nw_strlcpy(ev.u.drop.location_sym, qdisc_kind ? "__dev_queue_xmit" : "arp_rcv", sizeof(ev.u.drop.location_sym));
	id = nw_bus_submit(fx->bus, &ev);
	if (qdisc_kind)
		qdisc_drop(fx, &ev, qdisc_kind, handle);
	return id;
}

uint64_t fx_drop_ip(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		    uint8_t proto, uint8_t tcp_flags, const char *src, const char *dst, uint16_t dport,
		    const char *dst_mac, const char *qdisc_kind, uint32_t handle)
{
	struct nw_event ev;
	uint64_t id;

	(void)tcp_flags;
	head(fx, &ev, NW_EV_DROP, NW_ORIGIN_BPF, dt_ms, ns, ifindex, ifname);
	ev.u.drop.reason = fx_reason(reason);
	ev.u.drop.src = fx_ip(src);
	ev.u.drop.dst = fx_ip(dst);
	ev.u.drop.protocol = ev.u.drop.src.family == AF_INET6 ? 0x86dd : 0x0800;
	ev.u.drop.l4proto = proto;
	ev.u.drop.dport = dport;
	ev.u.drop.dst_mac = fx_mac(dst_mac);
	ev.u.drop.pkt_type = dst_mac && !(fx_mac(dst_mac).bytes[0] & 1) ? 3 : 0;
	nw_strlcpy(ev.u.drop.location_sym, qdisc_kind ? "__dev_queue_xmit" : "ip_rcv_core", sizeof(ev.u.drop.location_sym));
	id = nw_bus_submit(fx->bus, &ev);
	if (qdisc_kind)
		qdisc_drop(fx, &ev, qdisc_kind, handle);
	return id;
}

uint64_t fx_ndp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, uint8_t dir, uint8_t type,
		const char *src_mac, const char *dst_mac, const char *src, const char *dst)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_PACKET, NW_ORIGIN_PCAP, dt_ms, ns, ifindex, ifname);
	ev.u.packet.dir = dir;
	ev.u.packet.len = ev.u.packet.caplen = 86;
	ev.u.packet.linktype = 1;
	ev.u.packet.ethertype = 0x86dd;
	ev.u.packet.l4proto = 58;
	ev.u.packet.arp_op = (uint16_t)(type << 8);
	ev.u.packet.src_mac = fx_mac(src_mac);
	ev.u.packet.dst_mac = fx_mac(dst_mac);
	ev.u.packet.src = fx_ip(src);
	ev.u.packet.dst = fx_ip(dst);
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_drop_ndp(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *reason,
		     uint8_t type, const char *src, const char *dst, const char *qdisc_kind, uint32_t handle)
{
	struct nw_event ev;
	uint64_t id;

	head(fx, &ev, NW_EV_DROP, NW_ORIGIN_BPF, dt_ms, ns, ifindex, ifname);
	ev.u.drop.reason = fx_reason(reason);
	ev.u.drop.protocol = 0x86dd;
	ev.u.drop.l4proto = 58;
	ev.u.drop.arp_op = (uint16_t)(type << 8); /* ICMPv6 type << 8 | code, as decode.c fills it */
	ev.u.drop.src = fx_ip(src);
	ev.u.drop.dst = fx_ip(dst);
	nw_strlcpy(ev.u.drop.location_sym, qdisc_kind ? "__dev_queue_xmit" : "ndisc_rcv", sizeof(ev.u.drop.location_sym));
	id = nw_bus_submit(fx->bus, &ev);
	if (qdisc_kind)
		qdisc_drop(fx, &ev, qdisc_kind, handle);
	return id;
}

uint64_t fx_qdisc_stats(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *kind,
			uint32_t handle, uint64_t drops, uint32_t direct_qlen)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_QDISC, NW_ORIGIN_NETLINK, dt_ms, ns, ifindex, ifname);
	ev.u.qdisc.op = NW_QDISC_STATS;
	nw_strlcpy(ev.u.qdisc.kind, kind, sizeof(ev.u.qdisc.kind));
	ev.u.qdisc.handle = handle;
	ev.u.qdisc.parent = 0xffffffffu;
	ev.u.qdisc.drops = drops;
	ev.u.qdisc.direct_qlen = direct_qlen;
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_link(struct fx *fx, int dt_ms, uint64_t ns, uint32_t ifindex, const char *ifname, const char *kind,
		 const char *mac, const char *prev_mac, uint32_t txqlen, int32_t master)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_LINK, NW_ORIGIN_NETLINK, dt_ms, ns, ifindex, ifname);
	ev.u.link.op = prev_mac ? NW_LINK_CHANGE : NW_LINK_SNAPSHOT;
	ev.u.link.flags = 0x11043;
	ev.u.link.mtu = 1500;
	ev.u.link.txqlen = txqlen;
	ev.u.link.master = master;
	ev.u.link.operstate = 6;
	if (kind)
		nw_strlcpy(ev.u.link.kind, kind, sizeof(ev.u.link.kind));
	ev.u.link.mac = fx_mac(mac);
	ev.u.link.prev_mac = fx_mac(prev_mac);
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_sockerr(struct fx *fx, int dt_ms, uint64_t ns, uint32_t pid, int32_t fd, const char *comm,
		    uint16_t family, uint8_t type, int err, int32_t syscall, const char *raddr, uint16_t rport)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF, dt_ms, ns, 0, NULL);
	ev.u.sock.origin = NW_SOCKERR_SYSCALL;
	ev.u.sock.pid = ev.u.sock.tid = pid;
	ev.u.sock.fd = fd;
	ev.u.sock.sk_family = family;
	ev.u.sock.sk_type = type;
	ev.u.sock.err = err;
	ev.u.sock.syscall = syscall;
	nw_strlcpy(ev.u.sock.comm, comm, sizeof(ev.u.sock.comm));
	ev.u.sock.raddr = fx_ip(raddr);
	ev.u.sock.rport = rport;
	if (family == AF_NETLINK) {
		ev.u.sock.nl_portid = pid;
		ev.u.sock.nl_groups = 1;
	}
	ev.u.sock.sk_cookie = 4096 + (uint64_t)pid * 64 + (uint64_t)fd;
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_sockinfo(struct fx *fx, int dt_ms, uint64_t ns, uint32_t pid, const char *comm, uint32_t portid,
		     uint32_t rcvbuf, uint32_t drops)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK, dt_ms, ns, 0, NULL);
	ev.u.sockinfo.op = NW_SOCKINFO_SNAPSHOT;
	ev.u.sockinfo.sk_family = AF_NETLINK;
	ev.u.sockinfo.sk_type = SOCK_RAW;
	ev.u.sockinfo.sk_protocol = 0; /* NETLINK_ROUTE */
	ev.u.sockinfo.pid = pid;
	ev.u.sockinfo.nl_portid = portid;
	ev.u.sockinfo.nl_groups = 1;
	ev.u.sockinfo.rcvbuf = rcvbuf;
	ev.u.sockinfo.drops = drops;
	ev.u.sockinfo.inode = 777000 + portid;
	nw_strlcpy(ev.u.sockinfo.comm, comm, sizeof(ev.u.sockinfo.comm));
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_table(struct fx *fx, int dt_ms, uint64_t ns, uint8_t family, uint32_t entries, uint32_t thresh3,
		  uint64_t table_fulls, uint64_t forced_gc)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_NEIGH_TABLE, NW_ORIGIN_NETLINK, dt_ms, ns, 0, NULL);
	ev.u.neigh_table.family = family;
	nw_strlcpy(ev.u.neigh_table.name, family == AF_INET6 ? "ndisc_cache" : "arp_cache",
		   sizeof(ev.u.neigh_table.name));
	ev.u.neigh_table.gc_thresh1 = thresh3 / 8;
	ev.u.neigh_table.gc_thresh2 = thresh3 / 2;
	ev.u.neigh_table.gc_thresh3 = thresh3;
	ev.u.neigh_table.entries = entries;
	ev.u.neigh_table.table_fulls = table_fulls;
	ev.u.neigh_table.forced_gc_runs = forced_gc;
	ev.u.neigh_table.ucast_probes = 3;
	ev.u.neigh_table.mcast_probes = 3;
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_counter(struct fx *fx, int dt_ms, uint64_t ns, const char *name, uint64_t value, uint64_t delta)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_COUNTER, NW_ORIGIN_PROC, dt_ms, ns, 0, NULL);
	nw_strlcpy(ev.u.counter.name, name, sizeof(ev.u.counter.name));
	ev.u.counter.value = value;
	ev.u.counter.delta = delta;
	return nw_bus_submit(fx->bus, &ev);
}

uint64_t fx_source(struct fx *fx, const char *name, uint8_t state, const char *detail)
{
	struct nw_event ev;

	head(fx, &ev, NW_EV_SOURCE, NW_ORIGIN_BPF, 0, 0, 0, NULL);
	nw_strlcpy(ev.u.source.name, name, sizeof(ev.u.source.name));
	ev.u.source.state = state;
	if (detail)
		nw_strlcpy(ev.u.source.detail, detail, sizeof(ev.u.source.detail));
	return nw_bus_submit(fx->bus, &ev);
}

size_t fx_nfindings(struct fx *fx, int kind)
{
	const struct nw_findings *f = nw_models_findings(fx->m);
	size_t n = 0;

	nw_models_flush(fx->m);
	for (size_t i = 0; i < nw_findings_count(f); i++)
		if (kind < 0 || nw_findings_at(f, i)->ev.u.finding.kind == kind)
			n++;
	return n;
}

uint64_t fx_finding(struct fx *fx, enum nw_finding_kind kind)
{
	const struct nw_findings *f = nw_models_findings(fx->m);

	nw_models_flush(fx->m);
	for (size_t i = 0; i < nw_findings_count(f); i++)
		if (nw_findings_at(f, i)->ev.u.finding.kind == kind)
			return nw_findings_at(f, i)->ev.u.finding.finding_id;
	return 0;
}

const struct nw_explanation *fx_explain(struct fx *fx, uint64_t finding_id)
{
	static struct nw_explanation x;

	assert_int_not_equal(finding_id, 0);
	assert_int_equal(nw_explain(fx->m, finding_id, &x), 0);
	if (getenv("NW_TEST_VERBOSE")) {
		struct nw_jbuf b;

		nw_jbuf_init(&b);
		nw_explanation_text(&x, &b);
		fprintf(stderr, "----\n%s", b.data ? b.data : "");
		nw_jbuf_free(&b);
	}
	return &x;
}
