// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes/decode: ring buffer records recorded on a 6.18 kernel
 * (tests/data/probes/records.hex, see its README) decode into the events the
 * recipes in FAILURES.md need; truncated, re-versioned, mistyped and
 * unaligned records are refused or handled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/event.h"
#include "probes/decode.h"
#include "probes/nw_records.h"

#define NS_C 4026532245u /* the "container" namespace of the htb recipe */
#define NS_H 4026532176u /* its "host" namespace (bridge br0) */

struct rec {
	uint8_t *data;
	size_t len;
};

/* Reads record NAME from records.hex; fails the test when missing. */
static struct rec load(const char *name)
{
	char path[4096], line[8192];
	struct rec r = { NULL, 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/probes/records.hex", NW_SRCDIR);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		size_t n;

		if (line[0] == '#' || !sp)
			continue;
		*sp = '\0';
		if (strcmp(line, name))
			continue;
		char *hex = sp + 1;

		n = strcspn(hex, "\r\n");
		r.len = n / 2;
		r.data = malloc(r.len);
		for (size_t i = 0; i < r.len; i++) {
			unsigned v;

			sscanf(hex + 2 * i, "%2x", &v);
			r.data[i] = (uint8_t)v;
		}
		break;
	}
	fclose(f);
	if (!r.data)
		fail_msg("no record %s in %s", name, path);
	return r;
}

static void assert_ip4(const struct nw_addr *a, const char *text)
{
	struct in_addr want;

	assert_int_equal(inet_pton(AF_INET, text, &want), 1);
	assert_int_equal(a->family, AF_INET);
	assert_memory_equal(a->bytes, &want, 4);
}

static void assert_ip6(const struct nw_addr *a, const char *text)
{
	struct in6_addr want;

	assert_int_equal(inet_pton(AF_INET6, text, &want), 1);
	assert_int_equal(a->family, AF_INET6);
	assert_memory_equal(a->bytes, &want, 16);
}

static void assert_mac(const struct nw_mac *m, const char *text)
{
	unsigned b[6];

	assert_int_equal(sscanf(text, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]), 6);
	assert_int_equal(m->len, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(m->bytes[i], b[i]);
}

static int decode(const char *name, struct nw_event *evs)
{
	struct rec r = load(name);
	int n = nw_probe_decode(r.data, r.len, evs);

	free(r.data);
	return n;
}

/* stale-peer-arp: the frame addressed to the old MAC, dropped as OTHERHOST. */
static void test_otherhost(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	const struct nw_drop_ev *d = &ev[0].u.drop;

	assert_int_equal(decode("otherhost_icmp", ev), 1);
	assert_int_equal(ev[0].type, NW_EV_DROP);
	assert_int_equal(ev[0].origin, NW_ORIGIN_BPF);
	assert_int_equal(ev[0].id, 0);
	assert_true(ev[0].ts == 1364337004052ull);
	assert_int_equal(ev[0].netns_ino, 4026532385u);
	assert_int_equal(ev[0].ifindex, 2);
	assert_string_equal(ev[0].ifname, "vb");
	assert_int_equal(d->reason, 13);
	assert_int_equal(d->protocol, 0x0800);
	assert_int_equal(d->pkt_type, 3); /* PACKET_OTHERHOST */
	assert_int_equal(d->l4proto, 1);
	assert_ip4(&d->src, "192.0.2.1");
	assert_ip4(&d->dst, "192.0.2.2");
	assert_mac(&d->dst_mac, "02:00:00:00:00:99");
	assert_mac(&d->src_mac, "ca:56:19:63:17:e4");
	assert_int_equal(d->arp_op, 0x0800); /* ICMP echo request: type 8 << 8 | code 0 */
	assert_int_equal(d->arp_spa.family, 0);
	assert_int_equal(d->arp_sha.len, 0);
	assert_true(d->location == 0xffffffff8205477cull);
	assert_string_equal(d->location_sym, ""); /* the caller resolves it */
}

/* htb-arp-drop: the bridge's ARP reply dropped by htb 8003: (direct_qlen 0). */
static void test_qdisc_drop_arp_reply(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	const struct nw_drop_ev *d = &ev[0].u.drop;
	const struct nw_qdisc_ev *q = &ev[1].u.qdisc;

	assert_int_equal(decode("qdisc_drop_arp_reply", ev), 2);
	assert_int_equal(ev[0].type, NW_EV_DROP);
	assert_int_equal(d->reason, 64);
	assert_int_equal(d->protocol, 0x0806);
	assert_int_equal(d->arp_op, 2);
	assert_ip4(&d->arp_spa, "192.0.2.1");
	assert_ip4(&d->arp_tpa, "192.0.2.10");
	assert_mac(&d->arp_sha, "76:60:a7:68:a5:01");
	assert_mac(&d->arp_tha, "6e:c4:94:ae:a2:7b");
	assert_mac(&d->dst_mac, "6e:c4:94:ae:a2:7b");
	assert_int_equal(d->src.family, 0);

	assert_int_equal(ev[1].type, NW_EV_QDISC);
	assert_int_equal(ev[1].origin, NW_ORIGIN_BPF);
	assert_true(ev[1].ts == ev[0].ts);
	assert_int_equal(ev[1].netns_ino, NS_H);
	assert_string_equal(ev[1].ifname, "br0");
	assert_int_equal(q->op, NW_QDISC_DROP);
	assert_string_equal(q->kind, "htb");
	assert_int_equal(q->handle, 0x80030000u);
	assert_int_equal(q->parent, 0xffffffffu);
	assert_int_equal(q->drops, 1);
	assert_int_equal(q->direct_qlen, UINT32_MAX); /* not known from a drop */
	assert_int_equal(q->drop_reason, 64);
	assert_int_equal(q->pkt_ethertype, 0x0806);
	assert_int_equal(q->pkt_arp_op, 2);
	assert_ip4(&q->pkt_src, "192.0.2.1");
	assert_ip4(&q->pkt_dst, "192.0.2.10");
}

static void test_qdisc_drop_ipv6(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];

	assert_int_equal(decode("qdisc_drop_ipv6_icmpv6", ev), 2);
	assert_ip6(&ev[0].u.drop.src, "::");
	assert_ip6(&ev[0].u.drop.dst, "ff02::1:ff68:a501");
	assert_int_equal(ev[0].u.drop.l4proto, 58);
	assert_int_equal(ev[0].u.drop.arp_op, 0x8700); /* neighbour solicitation */
	assert_int_equal(ev[1].u.qdisc.pkt_l4proto, 58);
	assert_ip6(&ev[1].u.qdisc.pkt_dst, "ff02::1:ff68:a501");
}

static void test_neigh_states(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	const struct nw_neigh_ev *n = &ev[0].u.neigh;

	assert_int_equal(decode("neigh_create_inet", ev), 1);
	assert_int_equal(ev[0].type, NW_EV_NEIGH);
	assert_int_equal(ev[0].netns_ino, NS_C);
	assert_string_equal(ev[0].ifname, "eth0");
	assert_int_equal(n->op, NW_NEIGH_NEW);
	assert_int_equal(n->family, AF_INET);
	assert_ip4(&n->ip, "192.0.2.1");
	assert_int_equal(n->state, 0);
	assert_int_equal(n->lladdr.len, 0); /* all-zero address: not resolved */
	assert_int_equal(n->dev_flags, 0x1003);

	assert_int_equal(decode("neigh_send_incomplete", ev), 1);
	assert_int_equal(n->op, NW_NEIGH_UPDATE);
	assert_int_equal(n->state, 0x01); /* INCOMPLETE */
	assert_int_equal(n->prev_state, 0);
	assert_int_equal(n->probes, 4);
	assert_int_equal(n->error, 0);

	assert_int_equal(decode("neigh_timer_failed", ev), 1);
	assert_int_equal(n->op, NW_NEIGH_TIMER);
	assert_int_equal(n->state, 0x20);     /* FAILED */
	assert_int_equal(n->prev_state, 0x01); /* INCOMPLETE */
	assert_int_equal(n->probes, 6);

	assert_int_equal(decode("neigh_update_admin_permanent", ev), 1);
	assert_int_equal(n->op, NW_NEIGH_UPDATE);
	assert_int_equal(n->state, 0x80); /* PERMANENT */
	assert_mac(&n->lladdr, "02:00:00:00:00:99");
}

static void test_drop_l4(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	const struct nw_drop_ev *d = &ev[0].u.drop;

	assert_int_equal(decode("neigh_failed_tcp_drop", ev), 1);
	assert_int_equal(d->reason, 58);
	assert_int_equal(d->l4proto, 6);
	assert_ip4(&d->src, "192.0.2.10");
	assert_ip4(&d->dst, "192.0.2.1");
	assert_int_equal(d->sport, 55266);
	assert_int_equal(d->dport, 80);
	assert_int_equal(d->src_mac.len, 0); /* never got an Ethernet header */

	assert_int_equal(decode("no_socket_udp", ev), 1);
	assert_int_equal(d->reason, 3);
	assert_int_equal(d->l4proto, 17);
	assert_int_equal(d->sport, 44861);
	assert_int_equal(d->dport, 9);
}

static void test_sock_errors(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	const struct nw_sock_ev *s = &ev[0].u.sock;

	assert_int_equal(decode("sock_connect_ehostunreach", ev), 1);
	assert_int_equal(ev[0].type, NW_EV_SOCK_ERR);
	assert_int_equal(ev[0].netns_ino, NS_C);
	assert_int_equal(s->origin, NW_SOCKERR_SYSCALL);
	assert_int_equal(s->pid, 8847);
	assert_int_equal(s->tid, 8847);
	assert_int_equal(s->fd, 3);
	assert_int_equal(s->syscall, 42); /* connect on x86_64 */
	assert_int_equal(s->err, 113);    /* EHOSTUNREACH */
	assert_string_equal(s->comm, "bash");
	assert_int_equal(s->sk_family, AF_INET);
	assert_int_equal(s->sk_type, SOCK_STREAM);
	assert_int_equal(s->sk_protocol, 6);
	assert_ip4(&s->raddr, "192.0.2.1"); /* from connect()'s own argument */
	assert_int_equal(s->rport, 80);

	assert_int_equal(decode("sock_async_ehostunreach", ev), 1);
	assert_int_equal(s->origin, NW_SOCKERR_ASYNC);
	assert_int_equal(s->fd, -1);
	assert_int_equal(s->syscall, -1);
	assert_int_equal(s->pid, 0);
	assert_string_equal(s->comm, "");
	assert_int_equal(s->err, 113);
	assert_ip4(&s->laddr, "192.0.2.10");
	assert_ip4(&s->raddr, "192.0.2.1");
	assert_int_equal(s->rport, 80);
}

static const char *const all_names[] = {
	"otherhost_icmp", "qdisc_drop_arp_reply", "qdisc_drop_ipv6_icmpv6", "neigh_create_inet",
	"neigh_send_incomplete", "neigh_timer_failed", "neigh_update_admin_permanent",
	"neigh_failed_tcp_drop", "no_socket_udp", "sock_connect_ehostunreach",
	"sock_async_ehostunreach",
};

/* Every record cut at every shorter length is refused, never read past. */
static void test_truncated(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];

	for (size_t i = 0; i < sizeof(all_names) / sizeof(all_names[0]); i++) {
		struct rec r = load(all_names[i]);

		for (size_t len = 0; len < r.len; len++) {
			/* A copy of exactly len bytes, so ASan sees any overread. */
			uint8_t *cut = malloc(len ? len : 1);

			memcpy(cut, r.data, len);
			assert_int_equal(nw_probe_decode(cut, len, ev), -EINVAL);
			free(cut);
		}
		assert_true(nw_probe_decode(r.data, r.len, ev) > 0);
		free(r.data);
	}
	assert_int_equal(nw_probe_decode(NULL, 100, ev), -EINVAL);
}

static void test_header_checks(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	struct rec r = load("otherhost_icmp");
	struct nw_rec_hdr h;

	memcpy(&h, r.data, sizeof(h));
	assert_int_equal(nw_probe_record_prog(r.data, r.len), NW_PROG_DROPS);
	assert_int_equal(nw_probe_record_prog(r.data, 3), -EINVAL);

	r.data[2] = NW_REC_VERSION + 1; /* version */
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -EPROTO);
	r.data[2] = NW_REC_VERSION;

	r.data[0] = 99; /* type */
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -ENOMSG);
	r.data[0] = NW_REC_SOCK; /* a sock type with a drop's size */
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -EINVAL);
	r.data[0] = NW_REC_DROP;

	h.size += 8; /* the header claims more than the layout */
	memcpy(r.data, &h, sizeof(h));
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -EINVAL);
	free(r.data);

	/* A neighbour record with an operation this build does not know. */
	r = load("neigh_timer_failed");
	r.data[offsetof(struct nw_rec_neigh, op)] = NW_RNEIGH_OP_COUNT;
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -EINVAL);
	r.data[offsetof(struct nw_rec_neigh, op)] = 0;
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), -EINVAL);
	free(r.data);
}

/* Ring records need not be aligned; a longer buffer than the record is fine. */
static void test_unaligned(void **state)
{
	struct nw_event a[NW_DECODE_MAX_EVENTS], b[NW_DECODE_MAX_EVENTS];
	struct rec r = load("qdisc_drop_arp_reply");
	uint8_t *buf = malloc(r.len + 9);

	memcpy(buf + 1, r.data, r.len);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_int_equal(nw_probe_decode(r.data, r.len, a), 2);
	assert_int_equal(nw_probe_decode(buf + 1, r.len + 8, b), 2);
	assert_memory_equal(a, b, sizeof(a));
	free(buf);
	free(r.data);
}

/* Kernel strings that fill their array and over-long addresses stay bounded. */
static void test_unterminated_and_long(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	struct rec r = load("neigh_update_admin_permanent");

	memset(r.data + offsetof(struct nw_rec_neigh, where.ifname), 'A', 16);
	r.data[offsetof(struct nw_rec_neigh, lladdr_len)] = 32;
	memset(r.data + offsetof(struct nw_rec_neigh, lladdr), 0xab, 32);
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), 1);
	assert_string_equal(ev[0].ifname, "AAAAAAAAAAAAAAA");
	assert_int_equal(ev[0].u.neigh.lladdr.len, NW_MAC_MAX);
	assert_int_equal(ev[0].u.neigh.lladdr.bytes[NW_MAC_MAX - 1], 0xab);

	r.data[offsetof(struct nw_rec_neigh, lladdr_len)] = 200; /* larger than the array */
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), 1);
	assert_int_equal(ev[0].u.neigh.lladdr.len, NW_MAC_MAX);

	r.data[offsetof(struct nw_rec_neigh, key_len)] = 7; /* neither IPv4 nor IPv6 */
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), 1);
	assert_int_equal(ev[0].u.neigh.ip.family, 0);
	free(r.data);

	r = load("sock_connect_ehostunreach");
	memset(r.data + offsetof(struct nw_rec_sock, comm), 'c', 16);
	assert_int_equal(nw_probe_decode(r.data, r.len, ev), 1);
	assert_string_equal(ev[0].u.sock.comm, "ccccccccccccccc");
	free(r.data);
}

/*
 * Aggregated drop counts (nw_drop_agg): the names come from whichever CPU
 * created the entry, the count is the one given, no headers are invented,
 * and a qdisc reason gives the qdisc drop with drops = count.
 */
static void test_aggregated(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];
	struct nw_drop_agg_key k = {
		.netns_ino = 4026532000u, .ifindex = 7, .reason = 2, .protocol = 0x0800,
		.pkt_type = 3, .location = 0xffffffff81234567ull,
	};
	struct nw_drop_agg_val v[3];

	memset(v, 0, sizeof(v));
	v[0].counted = 10;
	v[2].counted = 5;
	memcpy(v[2].ifname, "vb", 3);
	assert_int_equal(nw_probe_decode_agg(&k, v, 3, 15, 123, ev), 1);
	assert_int_equal(ev[0].type, NW_EV_DROP);
	assert_int_equal(ev[0].origin, NW_ORIGIN_BPF);
	assert_int_equal(ev[0].ts, 123);
	assert_int_equal(ev[0].netns_ino, 4026532000u);
	assert_int_equal(ev[0].ifindex, 7);
	assert_string_equal(ev[0].ifname, "vb");
	assert_int_equal(ev[0].u.drop.reason, 2);
	assert_int_equal(ev[0].u.drop.protocol, 0x0800);
	assert_int_equal(ev[0].u.drop.pkt_type, 3);
	assert_int_equal(ev[0].u.drop.location, 0xffffffff81234567ull);
	assert_int_equal(ev[0].u.drop.count, 15);
	assert_int_equal(nw_drop_count(&ev[0].u.drop), 15);
	assert_int_equal(ev[0].u.drop.src.family, 0);
	assert_int_equal(ev[0].u.drop.dst_mac.len, 0);

	/* A qdisc reason: the qdisc the entry's creator saw, unterminated kind bounded. */
	v[1].flags = NW_DROP_QDISC;
	memset(v[1].qdisc_kind, 'h', sizeof(v[1].qdisc_kind));
	v[1].qdisc_handle = 0x80030000;
	assert_int_equal(nw_probe_decode_agg(&k, v, 3, 4, 123, ev), 2);
	assert_int_equal(ev[1].type, NW_EV_QDISC);
	assert_int_equal(ev[1].u.qdisc.op, NW_QDISC_DROP);
	assert_int_equal(ev[1].u.qdisc.drops, 4);
	assert_int_equal(ev[1].u.qdisc.handle, 0x80030000);
	assert_int_equal(strlen(ev[1].u.qdisc.kind), sizeof(ev[1].u.qdisc.kind) - 1);
	assert_int_equal(ev[1].u.qdisc.drop_reason, 2);

	assert_int_equal(nw_probe_decode_agg(&k, v, 3, 0, 123, ev), -EINVAL);
	assert_int_equal(nw_probe_decode_agg(NULL, v, 3, 1, 123, ev), -EINVAL);
	assert_int_equal(nw_probe_decode_agg(&k, v, 0, 1, 123, ev), -EINVAL);
}

/* An administrator's update carries NEIGH_UPDATE_F_ADMIN (issue 14); the kernel's own do not. */
static void test_neigh_admin(void **state)
{
	struct nw_event ev[NW_DECODE_MAX_EVENTS];

	assert_int_equal(decode("neigh_update_admin_permanent", ev), 1);
	assert_int_equal(ev[0].u.neigh.by_admin, 1);
	assert_int_equal(decode("neigh_timer_failed", ev), 1);
	assert_int_equal(ev[0].u.neigh.by_admin, 0);
	assert_int_equal(decode("neigh_send_incomplete", ev), 1);
	assert_int_equal(ev[0].u.neigh.by_admin, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_otherhost),
		cmocka_unit_test(test_qdisc_drop_arp_reply),
		cmocka_unit_test(test_qdisc_drop_ipv6),
		cmocka_unit_test(test_neigh_states),
		cmocka_unit_test(test_neigh_admin),
		cmocka_unit_test(test_drop_l4),
		cmocka_unit_test(test_sock_errors),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_header_checks),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_unterminated_and_long),
		cmocka_unit_test(test_aggregated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
