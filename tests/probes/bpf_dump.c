// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test driver for the BPF source: opens it on a loop and a bus, prints every
 * event as JSON Lines for a while, then stops the source and prints one
 * "bpf_stats" line per probe with the kernel's and our counters (so a test
 * can check delivered + lost == generated).
 *
 *   bpf_dump [-d SECONDS] [-r RING_BYTES] [-n NETNS_INODE]... [-p PROBES]
 *            [-s SAMPLE|all] [-R READY_FILE] [-x HEX_FILE] [--not-specified] [--eagain] [-q]
 *            [--without SECTION]... [--refuse SECTION]...
 *
 * PROBES is a comma list of drops,neigh,qdisc,sockets.  SAMPLE is the
 * per-packet drop records per key, CPU and second before the kernel only
 * counts (nw_bpf_opts.drop_sample; "all": never aggregate).  READY_FILE is
 * created once the programs are attached.  -q prints only source and stats
 * lines (for overrun tests, where printing would be the bottleneck).
 * HEX_FILE gets every raw ring record as one line of hex (test data for
 * tests/unit/test_probes_decode.c).  --without tp_btf/kfree_skb makes the
 * source act as if the kernel lacked that program's tracepoint; --refuse as
 * if the verifier refused that program.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/json.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "core/util.h"
#include "probes/bpf_source.h"

static volatile sig_atomic_t stop_requested;
static bool quiet;
static uint64_t printed;

static void on_signal(int sig)
{
	stop_requested = 1;
}

static void print_event(const struct nw_event *ev, void *arg)
{
	if (quiet && ev->type != NW_EV_SOURCE)
		return;
	nw_json_write(stdout, ev);
	printed++;
}

static void hex_tap(const void *rec, size_t len, void *arg)
{
	const unsigned char *p = rec;
	FILE *f = arg;

	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\n', f);
}

static bool stop_cb(struct nw_loop *loop, void *arg)
{
	nw_loop_stop(loop);
	return false;
}

static int parse_probes(const char *s, unsigned *out)
{
	char *copy = nw_xstrdup(s), *save = NULL, *tok;
	unsigned bits = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; i < NW_BPF_PROBE_COUNT; i++)
			if (!strcmp(tok, nw_bpf_probe_name(i) + 4)) /* after "bpf:" */
				break;
		if (i == NW_BPF_PROBE_COUNT) {
			fprintf(stderr, "bpf_dump: unknown probe '%s' (drops, neigh, qdisc, sockets)\n", tok);
			free(copy);
			return -EINVAL;
		}
		bits |= 1u << i;
	}
	free(copy);
	*out = bits;
	return 0;
}

/* Appends to a NULL-terminated list of cap entries (the last stays NULL). */
static int add_section(const char **list, size_t *n, size_t cap, const char *s, const char *opt)
{
	if (*n + 1 >= cap) {
		fprintf(stderr, "bpf_dump: at most %zu %s\n", cap - 1, opt);
		return -1;
	}
	list[(*n)++] = s;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: bpf_dump [-d SECONDS] [-r RING_BYTES] [-n NETNS_INODE]... "
			"[-p drops,neigh,qdisc,sockets] [-s SAMPLE|all] [-R READY_FILE] [-x HEX_FILE] [--not-specified] "
			"[--eagain] [-q] [--without SECTION]... [--refuse SECTION]...\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "not-specified", no_argument, NULL, 'N' },
		{ "eagain", no_argument, NULL, 'E' },
		{ "without", required_argument, NULL, 'W' },
		{ "refuse", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct nw_bpf_opts opts = { 0 };
	uint64_t netns[64];
	const char *without[17] = { NULL }, *refuse[17] = { NULL };
	size_t n_without = 0, n_refuse = 0;
	double seconds = 5;
	const char *ready = NULL;
	FILE *hex = NULL;
	struct nw_bpf_source *src;
	struct nw_loop *loop;
	struct nw_bus *bus;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "d:r:n:p:s:R:x:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			seconds = strtod(optarg, NULL);
			break;
		case 'r':
			opts.ring_bytes = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			if (opts.n_netns >= NW_ARRAY_SIZE(netns)) {
				fprintf(stderr, "bpf_dump: at most %zu -n\n", NW_ARRAY_SIZE(netns));
				return 2;
			}
			netns[opts.n_netns++] = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			if (parse_probes(optarg, &opts.probes))
				return 2;
			break;
		case 's':
			opts.drop_sample = !strcmp(optarg, "all") ? NW_BPF_DROP_SAMPLE_ALL :
				(uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'R':
			ready = optarg;
			break;
		case 'x':
			hex = fopen(optarg, "we");
			if (!hex) {
				fprintf(stderr, "bpf_dump: cannot write %s: %s\n", optarg, strerror(errno));
				return 2;
			}
			break;
		case 'N':
			opts.report_not_specified = true;
			break;
		case 'E':
			opts.report_eagain = true;
			break;
		case 'W':
			if (add_section(without, &n_without, NW_ARRAY_SIZE(without), optarg, "--without"))
				return 2;
			break;
		case 'F':
			if (add_section(refuse, &n_refuse, NW_ARRAY_SIZE(refuse), optarg, "--refuse"))
				return 2;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			usage();
			return 2;
		}
	}
	opts.netns = netns;
	opts.pretend_missing = without;
	opts.pretend_refused = refuse;

	nw_log_init(1024);
	nw_log_set_echo(true, NW_LOG_WARN);
	nw_names_init_system();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	loop = nw_loop_new();
	bus = nw_bus_new(4096);
	if (!loop || !bus) {
		fprintf(stderr, "bpf_dump: cannot create the loop or the bus\n");
		return 1;
	}
	nw_bus_subscribe(bus, print_event, NULL);

	src = nw_bpf_source_open(loop, bus, &opts);
	if (!src) {
		fprintf(stderr, "bpf_dump: bad options\n");
		return 2;
	}
	fflush(stdout);
	if (hex)
		nw_bpf_source_set_tap(src, hex_tap, hex);
	if (!nw_bpf_source_running(src)) {
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
			fprintf(stderr, "bpf_dump: %s: %s\n", nw_bpf_probe_name(i),
				nw_bpf_source_detail(src, i));
		rc = 3;
		goto out;
	}
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (f)
			fclose(f);
	}
	nw_loop_add_timer(loop, (uint64_t)(seconds * 1e9), 0, stop_cb, NULL);
	while (!nw_loop_stopped(loop) && !stop_requested) {
		nw_loop_run_once(loop, 100000000);
		fflush(stdout);
	}
out:
	nw_bpf_source_stop(src);
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct nw_bpf_stats st;

		if (nw_bpf_source_stats(src, i, &st))
			continue;
		printf("{\"type\":\"bpf_stats\",\"probe\":\"%s\",\"state\":\"%s\",\"generated\":%" PRIu64
		       ",\"delivered\":%" PRIu64 ",\"lost\":%" PRIu64 ",\"invalid\":%" PRIu64
		       ",\"events\":%" PRIu64 ",\"missed\":%" PRIu64 ",\"aggregated\":%" PRIu64 "}\n",
		       nw_bpf_probe_name(i), nw_source_state_name(nw_bpf_source_state(src, i)),
		       st.generated, st.delivered, st.lost, st.invalid, st.events, st.missed,
		       st.aggregated);
	}
	fflush(stdout);
	nw_bpf_source_close(src);
	if (hex)
		fclose(hex);
	nw_bus_free(bus);
	nw_loop_free(loop);
	nw_names_fini_system();
	nw_log_fini();
	return rc;
}
