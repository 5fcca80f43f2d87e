// SPDX-License-Identifier: GPL-2.0-or-later
/* core/util and core/event helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/event.h"
#include "core/util.h"

static void test_strlcpy(void **state)
{
	char buf[4];

	assert_int_equal(nw_strlcpy(buf, "ab", sizeof(buf)), 2);
	assert_string_equal(buf, "ab");
	assert_int_equal(nw_strlcpy(buf, "abcdef", sizeof(buf)), 6);
	assert_string_equal(buf, "abc");
	buf[0] = 'x';
	assert_int_equal(nw_strlcpy(buf, "q", 0), 1);
	assert_int_equal(buf[0], 'x');
}

static void test_mac_fmt(void **state)
{
	struct nw_mac m = { .len = 6, .bytes = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 } };
	char buf[NW_MAC_STRLEN];
	char small[9];

	assert_string_equal(nw_mac_fmt(&m, buf, sizeof(buf)), "02:00:5e:00:53:01");
	m.len = 8;
	m.bytes[6] = 0xab;
	m.bytes[7] = 0xcd;
	assert_string_equal(nw_mac_fmt(&m, buf, sizeof(buf)), "02:00:5e:00:53:01:ab:cd");
	m.len = 0;
	assert_string_equal(nw_mac_fmt(&m, buf, sizeof(buf)), "");
	m.len = 200; /* a corrupt length never reads past the array */
	assert_int_equal(strlen(nw_mac_fmt(&m, buf, sizeof(buf))), 23);
	/* Too small a buffer: whole octets only, always terminated. */
	m.len = 6;
	assert_string_equal(nw_mac_fmt(&m, small, sizeof(small)), "02:00:5e");
}

static void test_addr_fmt(void **state)
{
	struct nw_addr a = { .family = AF_INET, .bytes = { 192, 0, 2, 1 } };
	struct nw_addr b = { .family = AF_INET6, .bytes = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	struct nw_addr none = { 0 };
	char buf[NW_ADDR_STRLEN];

	assert_string_equal(nw_addr_fmt(&a, buf, sizeof(buf)), "192.0.2.1");
	/* Every digit count, against libc's formatter. */
	for (unsigned v = 0; v < 256; v++) {
		char want[16];
		struct nw_addr x = { .family = AF_INET, .bytes = { (uint8_t)v, (uint8_t)(255 - v), 0, 10 } };

		assert_non_null(inet_ntop(AF_INET, x.bytes, want, sizeof(want)));
		assert_string_equal(nw_addr_fmt(&x, buf, sizeof(buf)), want);
	}
	/* Too small for any IPv4 address: inet_ntop's answer (empty) rather than half an address. */
	char tiny[8];

	assert_string_equal(nw_addr_fmt(&a, tiny, sizeof(tiny)), "");
	assert_string_equal(nw_addr_fmt(&b, buf, sizeof(buf)), "2001:db8::1");
	assert_string_equal(nw_addr_fmt(&none, buf, sizeof(buf)), "");
}

static void test_time(void **state)
{
	uint64_t m1 = nw_now_mono(), m2 = nw_now_mono();
	uint64_t wall = nw_now_wall();

	assert_true(m1 > 0 && m2 >= m1);
	/* A wall time of "now" maps to about now on the monotonic clock. */
	uint64_t conv = nw_time_wall_to_mono(wall);
	uint64_t now = nw_now_mono();

	assert_true(conv <= now + 1000000 && conv + 100000000 >= now);
	/* One second ago stays one second ago. */
	conv = nw_time_wall_to_mono(nw_now_wall() - 1000000000ull);
	now = nw_now_mono();
	assert_true(now - conv >= 999000000ull && now - conv < 1100000000ull);
	assert_int_equal(nw_time_wall_to_mono(1), 0); /* before boot clamps */
}

static void test_alloc(void **state)
{
	char *p = nw_xstrdup("abc");

	assert_string_equal(p, "abc");
	p = nw_xrealloc(p, 100);
	assert_string_equal(p, "abc");
	free(p);
	int *z = nw_xcalloc(10, sizeof(int));

	for (int i = 0; i < 10; i++)
		assert_int_equal(z[i], 0);
	free(z);
	free(nw_xmalloc(0));
}

static void test_event_init_and_names(void **state)
{
	struct nw_event ev;

	memset(&ev, 0xff, sizeof(ev));
	nw_event_init(&ev, NW_EV_QDISC, NW_ORIGIN_NETLINK);
	assert_int_equal(ev.type, NW_EV_QDISC);
	assert_int_equal(ev.origin, NW_ORIGIN_NETLINK);
	assert_int_equal(ev.id, 0);
	assert_true(ev.ts > 0);
	assert_int_equal(ev.u.qdisc.direct_qlen, UINT32_MAX);
	assert_int_equal(ev.u.qdisc.handle, 0);
	nw_event_init(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
	assert_int_equal(ev.u.sock.fd, -1);
	assert_int_equal(ev.u.sock.syscall, -1);
	assert_int_equal(ev.u.sock.err, 0);

	assert_string_equal(nw_event_type_name(NW_EV_PACKET), "packet");
	assert_string_equal(nw_event_type_name(NW_EV_NEIGH_TABLE), "neigh_table");
	assert_string_equal(nw_event_type_name(NW_EV_SOCK_ERR), "sock_err");
	assert_string_equal(nw_event_type_name(NW_EV_COUNT), "unknown");
	assert_string_equal(nw_origin_name(NW_ORIGIN_BPF), "bpf");
	assert_string_equal(nw_origin_name(NW_ORIGIN_COUNT), "unknown");
	assert_string_equal(nw_source_state_name(NW_SOURCE_RESYNC), "resync");
	assert_string_equal(nw_source_state_name(NW_SOURCE_STATE_COUNT), "unknown");
	for (int t = 0; t < NW_EV_COUNT; t++)
		assert_string_not_equal(nw_event_type_name(t), "unknown");
	for (int t = 0; t < NW_ORIGIN_COUNT; t++)
		assert_string_not_equal(nw_origin_name(t), "unknown");
	for (int t = 0; t < NW_SOURCE_STATE_COUNT; t++)
		assert_string_not_equal(nw_source_state_name(t), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_mac_fmt),
		cmocka_unit_test(test_addr_fmt),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_event_init_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
