// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The real ncurses screen on recorded event sequences, without root or a
 * network: the founding failures htb-arp-drop and stale-peer-arp as the
 * sources deliver them (tests/unit/explain_fixture.c), then one ARP request
 * a second so the screen keeps moving.  tests/tui/tmux-demo.sh drives it.
 *
 *	tui_demo [--theme NAME] [--no-color] [--ascii] [--scenario htb|stale|both]
 *
 * Exit status: 0 after q, 1 when the screen cannot start (the reason on stderr).
 */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/explain_fixture.h"
#include "tui/tui.h"

#define NS_HOST 4026532100ull
#define NS_CTR 4026532200ull
#define NS_PEER 4026532300ull

static const char *const ctr_mac = "02:00:00:00:02:02", *const br_mac = "02:00:00:00:01:01";

static void htb(struct fx *fx)
{
	fx_link(fx, 10, NS_HOST, 3, "br0", "bridge", br_mac, NULL, 1000, 0);
	fx_link(fx, 1, NS_CTR, 2, "eth0", "veth", ctr_mac, NULL, 1000, 0);
	fx_qdisc_stats(fx, 5, NS_HOST, 3, "br0", "htb", 0x10000, 0, 0);
	fx_table(fx, 1, NS_HOST, AF_INET, 12, 1024, 0, 0);
	fx_neigh_full(fx, 100, NS_CTR, 2, "eth0", "192.0.2.1", 0x01, 0, NULL, 0x1003, NW_NEIGH_NEW);
	for (int i = 1; i <= 3; i++) {
		fx_arp(fx, 1, NS_CTR, 2, "eth0", NW_DIR_OUT, 1, ctr_mac, "ff:ff:ff:ff:ff:ff", "192.0.2.2", "192.0.2.1");
		fx_arp(fx, 1, NS_HOST, 3, "br0", NW_DIR_IN, 1, ctr_mac, "ff:ff:ff:ff:ff:ff", "192.0.2.2", "192.0.2.1");
		fx_drop_arp(fx, 1, NS_HOST, 3, "br0", "QDISC_DROP", 2, "192.0.2.1", "192.0.2.2", "htb", 0x10000);
		if (i < 3)
			fx_neigh(fx, 97, NS_CTR, 2, "eth0", "192.0.2.1", 0x01, 0x01, (uint32_t)i);
	}
	fx_neigh(fx, 97, NS_CTR, 2, "eth0", "192.0.2.1", 0x20, 0x01, 3);
	fx_sockerr(fx, 1, NS_CTR, 4242, 3, "curl", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect, "192.0.2.1", 80);
	fx_qdisc_stats(fx, 50, NS_HOST, 3, "br0", "htb", 0x10000, 3, 0);
}

static void stale(struct fx *fx)
{
	const char *old_mac = "02:00:00:00:0a:01", *new_mac = "02:00:00:00:0a:02", *host_mac = "02:00:00:00:0b:01";

	fx_link(fx, 10, NS_PEER, 5, "veth-p", "veth", old_mac, NULL, 1000, 0);
	fx_link(fx, 1, NS_HOST, 6, "veth-h", "veth", host_mac, NULL, 1000, 0);
	fx_link(fx, 100, NS_PEER, 5, "veth-p", "veth", new_mac, old_mac, 1000, 0);
	fx_neigh_full(fx, 10, NS_HOST, 6, "veth-h", "198.51.100.2", 0x80, 0, old_mac, 0x1003, NW_NEIGH_SNAPSHOT);
	for (int i = 0; i < 4; i++) {
		fx_ip_pkt(fx, 25, NS_PEER, 5, "veth-p", NW_DIR_OUT, IPPROTO_ICMP, new_mac, host_mac, "198.51.100.2",
			  "198.51.100.1", 0);
		fx_ip_pkt(fx, 1, NS_PEER, 5, "veth-p", NW_DIR_IN, IPPROTO_ICMP, host_mac, old_mac, "198.51.100.1",
			  "198.51.100.2", 1u << 0 | 1u << 1);
		fx_drop_ip(fx, 1, NS_PEER, 5, "veth-p", "OTHERHOST", IPPROTO_ICMP, 0, "198.51.100.1", "198.51.100.2", 0,
			   old_mac, NULL, 0);
	}
	fx_sockinfo(fx, 5, NS_PEER, 6161, "nlmon", 6161, 2304, 39);
}

struct demo {
	struct fx fx;
	struct nw_loop *loop;
	unsigned ticks;
};

/* One more unanswered ARP request a second, and the owner's job: flushing findings to the bus. */
static bool tick(struct nw_loop *loop, void *arg)
{
	struct demo *d = arg;
	uint64_t now = nw_now_mono();

	(void)loop;
	d->fx.now = now > d->fx.now ? now : d->fx.now;
	if (++d->ticks % 10 == 0)
		fx_arp(&d->fx, 0, NS_CTR, 2, "eth0", NW_DIR_OUT, 1, ctr_mac, "ff:ff:ff:ff:ff:ff", "192.0.2.2",
		       "192.0.2.1");
	nw_models_flush(d->fx.m);
	return true;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "theme", required_argument, NULL, 't' }, { "no-color", no_argument, NULL, 'n' },
		{ "ascii", no_argument, NULL, 'a' },	     { "scenario", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct nw_tui_opts o = { .scope = "demo: netns lab-host,lab-ctr,lab-peer (recorded events)" };
	const char *scenario = "both";
	struct demo d;
	struct nw_tui *tui;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.theme = optarg;
			break;
		case 'n':
			o.no_color = true;
			break;
		case 'a':
			o.ascii = true;
			break;
		case 's':
			scenario = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [--theme NAME] [--no-color] [--ascii] [--scenario htb|stale|both]\n",
				argv[0]);
			return 2;
		}
	}
	nw_log_init(256);
	nw_log_set_echo(true, NW_LOG_WARN);
	nw_names_init_system();
	fx_setup(&d.fx); /* recorded drop-reason names, a bus, the models */
	d.fx.now = nw_now_mono() - 5000000000ull;
	d.ticks = 0;
	nw_nsreg_set(NS_HOST, "lab-host");
	nw_nsreg_set(NS_CTR, "lab-ctr");
	nw_nsreg_set(NS_PEER, "lab-peer");
	fx_source(&d.fx, "netlink", 1, NULL);
	fx_source(&d.fx, "bpf:drops", 1, NULL);
	fx_source(&d.fx, "pcap", 1, NULL);
	if (strcmp(scenario, "stale") != 0)
		htb(&d.fx);
	if (strcmp(scenario, "htb") != 0)
		stale(&d.fx);
	nw_models_flush(d.fx.m);
	d.loop = nw_loop_new();
	o.models = d.fx.m;
	tui = nw_tui_new(d.loop, d.fx.bus, &o);
	if (!tui) {
		fprintf(stderr, "tui_demo: %s\n", nw_log_last() ? nw_log_last()->msg : "cannot start the screen");
		fx_teardown(&d.fx);
		nw_loop_free(d.loop);
		return 1;
	}
	nw_loop_add_timer(d.loop, 100000000ull, 100000000ull, tick, &d);
	nw_info("demo: recorded htb-arp-drop and stale-peer-arp events; press ? for help, q to quit");
	nw_loop_run(d.loop);
	nw_tui_free(tui);
	nw_loop_free(d.loop);
	fx_teardown(&d.fx);
	nw_names_fini_system();
	nw_log_fini();
	return 0;
}
