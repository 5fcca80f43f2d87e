// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test driver: opens the netlink source on a scope for some seconds and
 * prints every event as JSON Lines (core/json.h), like `netwhy --json`
 * will.  Usage: nl_dump [--netns SPEC]... [--container ID] [--duration SEC]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/json.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "probes/netns.h"
#include "probes/nl_source.h"

static void print_event(const struct nw_event *ev, void *arg)
{
	nw_json_write(stdout, ev);
	fflush(stdout);
}

static bool stop_loop(struct nw_loop *loop, void *arg)
{
	nw_loop_stop(loop);
	return false;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "container", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct nw_netns_set *scope = nw_netns_set_new();
	struct nw_nl_source_stats st;
	struct nw_nl_source *src;
	struct nw_loop *loop;
	struct nw_bus *bus;
	double duration = 2;
	char err[256];
	const char *opt = NULL;
	int c;

	nw_log_init(256);
	nw_log_set_echo(true, NW_LOG_WARN);
	nw_names_init_system();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			opt = "--netns";
			if (nw_netns_set_add_spec(scope, optarg, err, sizeof(err)) < 0)
				goto bad_scope;
			break;
		case 'c':
			opt = "--container";
			if (nw_netns_set_add_container(scope, optarg, err, sizeof(err)) < 0)
				goto bad_scope;
			break;
		case 'd':
			duration = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: nl_dump [--netns SPEC]... [--container ID] [--duration SEC]\n");
			nw_netns_set_free(scope);
			return 2;
		}
	}
	loop = nw_loop_new();
	bus = nw_bus_new(4096);
	nw_bus_subscribe(bus, print_event, NULL);
	src = nw_nl_source_open(loop, bus, scope);
	if (!src) {
		fprintf(stderr, "nl_dump: cannot open the netlink source: %s\n", strerror(errno));
		nw_bus_free(bus);
		nw_loop_free(loop);
		nw_netns_set_free(scope);
		return 1;
	}
	nw_loop_add_timer(loop, (uint64_t)(duration * 1e9), 0, stop_loop, NULL);
	nw_loop_run(loop);
	nw_nl_source_get_stats(src, &st);
	fprintf(stderr, "nl_dump: %zu namespaces, %llu events, %llu resyncs, %llu malformed\n", st.namespaces,
		(unsigned long long)st.events, (unsigned long long)st.resyncs, (unsigned long long)st.malformed);
	nw_nl_source_close(src);
	nw_bus_free(bus);
	nw_loop_free(loop);
	nw_netns_set_free(scope);
	nw_names_fini_system();
	nw_log_fini();
	return 0;

bad_scope:
	fprintf(stderr, "nl_dump: %s %s: %s\n", opt, optarg, err);
	nw_netns_set_free(scope);
	nw_names_fini_system();
	nw_log_fini();
	return 2;
}
