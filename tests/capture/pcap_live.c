/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test driver for live capture: the pcap source on one interface inside a
 * named namespace, on the core event loop, for a given time; prints one line
 * per packet (as pcap_decode --l2 does) and the source's counters, and can
 * record the run with the pcapng writer.
 *
 *   pcap_live [--netns NAME] [--duration SEC] [--write FILE] [--quiet] IFACE [FILTER]
 *
 * Prints "ready" on stderr once the capture runs, and at the end "delivered N drops N
 * latency avg X ms max Y ms" (kernel timestamp to delivery on the bus).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/dissect.h"
#include "capture/l2check.h"
#include "capture/pcap_source.h"
#include "capture/pcapng_writer.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "core/bus.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/nsreg.h"
#include "core/util.h"

struct ctx {
	struct nw_pkt_store *store;
	bool quiet;
	uint64_t n;
	uint64_t lat_max, lat_sum; /* capture (kernel timestamp) to delivery, ns */
};

static struct nw_loop *g_loop;

static void on_signal(int sig)
{
	if (g_loop)
		nw_loop_stop(g_loop);
}

static bool on_deadline(struct nw_loop *loop, void *arg)
{
	nw_loop_stop(loop);
	return false;
}

static void on_event(const struct nw_event *ev, void *arg)
{
	struct ctx *c = arg;
	const struct nw_packet_ev *pk = &ev->u.packet;
	struct nw_pkt_view v;
	struct nw_dissection d;
	char line[1024];
	static const char dirs[] = "?IO";

	if (ev->type == NW_EV_SOURCE) {
		if (!c->quiet)
			printf("source %s %s delivered %llu lost %llu: %s\n", ev->u.source.name,
			       nw_source_state_name((enum nw_source_state)ev->u.source.state),
			       (unsigned long long)ev->u.source.delivered,
			       (unsigned long long)ev->u.source.lost, ev->u.source.detail);
		return;
	}
	if (ev->type != NW_EV_PACKET)
		return;
	c->n++;
	if (!nw_pkt_store_get(c->store, pk->store_ref, &v))
		return;
	uint64_t now = nw_now_wall(), lat = now > v.wall_ns ? now - v.wall_ns : 0;

	c->lat_sum += lat;
	if (lat > c->lat_max)
		c->lat_max = lat;
	if (c->quiet)
		return;
	nw_dissect(pk->linktype, v.data, v.caplen, pk->len, &d);
	nw_dissect_summary(&d, line, sizeof(line));
	printf("%llu %c %s", (unsigned long long)c->n, dirs[pk->dir < 3 ? pk->dir : 0], line);
	for (unsigned i = 0; i < 32; i++)
		if ((pk->l2_flags & (1u << i)) && nw_l2_flag_name(1u << i))
			printf(" %s", nw_l2_flag_name(1u << i));
	if (v.note[0])
		printf(" # %s", v.note);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct nw_pcap_opts o = { .netns_fd = -1 };
	struct ctx c = { 0 };
	struct nw_pcapng_writer *w = NULL;
	struct nw_pcap_source *src;
	struct nw_pcap_source_stats st;
	const char *netns = NULL, *write = NULL;
	double duration = 5;
	char err[512], path[300];
	int i, rc = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--netns") && i + 1 < argc)
			netns = argv[++i];
		else if (!strcmp(argv[i], "--duration") && i + 1 < argc)
			duration = atof(argv[++i]);
		else if (!strcmp(argv[i], "--write") && i + 1 < argc)
			write = argv[++i];
		else if (!strcmp(argv[i], "--quiet"))
			c.quiet = true;
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: pcap_live [--netns NAME] [--duration SEC] [--write FILE] [--quiet] IFACE [FILTER]\n");
		return 64;
	}
	o.ifname = argv[i];
	o.filter = i + 1 < argc ? argv[i + 1] : NULL;
	nw_log_init(64);
	nw_log_set_echo(true, NW_LOG_WARN);
	if (netns) {
		struct stat sb;

		snprintf(path, sizeof(path), "/run/netns/%s", netns);
		o.netns_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (o.netns_fd < 0 || fstat(o.netns_fd, &sb)) {
			perror(path);
			return 2;
		}
		nw_nsreg_set((uint64_t)sb.st_ino, netns);
	}
	g_loop = nw_loop_new();
	struct nw_bus *bus = nw_bus_new(4096);
	struct nw_l2check *l2 = nw_l2check_new(1024);
	c.store = nw_pkt_store_new(8u << 20);
	struct nw_capture_pipe *pipe = nw_capture_pipe_new(bus, l2, c.store);

	nw_bus_subscribe(bus, nw_l2check_bus_cb, l2);
	if (write) {
		w = nw_pcapng_writer_open(write, c.store, l2, err, sizeof(err));
		if (!w) {
			fprintf(stderr, "pcap_live: %s\n", err);
			return 2;
		}
		nw_bus_subscribe(bus, nw_pcapng_writer_bus_cb, w);
	}
	nw_bus_subscribe(bus, on_event, &c);
	src = nw_pcap_source_open_live(&o, pipe, g_loop, err, sizeof(err));
	if (!src) {
		fprintf(stderr, "pcap_live: %s\n", err);
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	nw_loop_add_timer(g_loop, (uint64_t)(duration * 1e9), 0, on_deadline, NULL);
	fprintf(stderr, "ready\n");
	nw_loop_run(g_loop);
	nw_pcap_source_stats(src, &st);
	nw_pcap_source_close(src);
	printf("delivered %llu drops %llu latency avg %.1f ms max %.1f ms\n",
	       (unsigned long long)st.delivered, (unsigned long long)(st.kernel_drops + st.if_drops),
	       c.n ? (double)c.lat_sum / (double)c.n / 1e6 : 0.0, (double)c.lat_max / 1e6);
	if (w && nw_pcapng_writer_close(w) < 0) {
		fprintf(stderr, "pcap_live: writing %s failed\n", write);
		rc = 1;
	}
	nw_capture_pipe_free(pipe);
	nw_pkt_store_free(c.store);
	nw_l2check_free(l2);
	nw_bus_free(bus);
	nw_loop_free(g_loop);
	if (o.netns_fd >= 0)
		close(o.netns_fd);
	nw_log_fini();
	return rc;
}
