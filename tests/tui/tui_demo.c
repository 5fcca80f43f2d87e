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
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/tui/scenarios.h"
#include "tui/tui.h"

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
		fx_arp(&d->fx, 0, SCN_NS_CTR, 2, "eth0", NW_DIR_OUT, 1, SCN_CTR_MAC, "ff:ff:ff:ff:ff:ff", "192.0.2.2",
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
	scn_name_namespaces();
	fx_source(&d.fx, "netlink", 1, NULL);
	fx_source(&d.fx, "bpf:drops", 1, NULL);
	fx_source(&d.fx, "pcap", 1, NULL);
	if (strcmp(scenario, "stale") != 0)
		scn_htb_arp_drop(&d.fx, 100);
	if (strcmp(scenario, "htb") != 0)
		scn_stale_peer_arp(&d.fx, 25);
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
