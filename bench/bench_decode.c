/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_decode: the offline decode benchmark.  Loads a classic pcap into
 * memory (so disk and libpcap are out of the measured loop), then runs
 * every frame through netwhy's capture pipeline in the configurations
 * below and prints one line per configuration:
 *
 *   pipe      dissect + l2check + packet store (no bus): the decode path alone
 *   bus       the same, plus the bus (event ring) as `netwhy -r` has it
 *   models    the same, plus the models (correlate) subscribed to the bus
 *   replay    nw_replay_file() on the file: libpcap read + pipe + bus + models
 *   digest    not a measure: a hash of every event, stored packet and note the
 *             pipe produces, to check that a faster pipe still computes the same
 *   digest-bus  the same with the bus, the events as it stored them included
 *
 * Output, one line each: "<config> frames=N sec=S mpps=M".  The interface
 * MAC is set so the destination check runs on every frame.
 *
 *   bench_decode FILE [CONFIG...]     (default: pipe bus models replay)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture/l2check.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "capture/replay.h"
#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/event.h"

/* The same sizes cli/sources.c and cli/main.c use at the default --mem-cap 256. */
#define MEM_CAP (256ull << 20)

struct frames {
	const uint8_t *map;
	size_t size;
	const uint8_t **data;
	uint32_t *caplen, *len;
	uint64_t *wall_ns;
	size_t n;
	int nsec;
	int swapped;
};

static uint32_t rd32(const uint8_t *p, int swapped)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

	return swapped ? __builtin_bswap32(v) : v;
}

static int load(const char *path, struct frames *fr)
{
	struct stat st;
	size_t off = 24, cap = 1 << 20;
	uint32_t magic;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "bench_decode: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	fr->size = (size_t)st.st_size;
	fr->map = mmap(NULL, fr->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (fr->map == MAP_FAILED || fr->size < 24) {
		fprintf(stderr, "bench_decode: %s: cannot map or too short\n", path);
		return -1;
	}
	magic = rd32(fr->map, 0);
	fr->swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	fr->nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
	if (!fr->swapped && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		fprintf(stderr, "bench_decode: %s: not a classic pcap file (make one with gen_pcap)\n", path);
		return -1;
	}
	fr->data = malloc(cap * sizeof(*fr->data));
	fr->caplen = malloc(cap * sizeof(*fr->caplen));
	fr->len = malloc(cap * sizeof(*fr->len));
	fr->wall_ns = malloc(cap * sizeof(*fr->wall_ns));
	while (off + 16 <= fr->size) {
		const uint8_t *r = fr->map + off;
		uint32_t cl = rd32(r + 8, fr->swapped);

		if (off + 16 + cl > fr->size)
			break;
		if (fr->n == cap) {
			cap *= 2;
			fr->data = realloc(fr->data, cap * sizeof(*fr->data));
			fr->caplen = realloc(fr->caplen, cap * sizeof(*fr->caplen));
			fr->len = realloc(fr->len, cap * sizeof(*fr->len));
			fr->wall_ns = realloc(fr->wall_ns, cap * sizeof(*fr->wall_ns));
		}
		if (!fr->data || !fr->caplen || !fr->len || !fr->wall_ns) {
			fprintf(stderr, "bench_decode: out of memory indexing %s\n", path);
			return -1;
		}
		fr->data[fr->n] = r + 16;
		fr->caplen[fr->n] = cl;
		fr->len[fr->n] = rd32(r + 12, fr->swapped);
		fr->wall_ns[fr->n] = (uint64_t)rd32(r, fr->swapped) * 1000000000ull +
				     (uint64_t)rd32(r + 4, fr->swapped) * (fr->nsec ? 1 : 1000);
		fr->n++;
		off += 16 + cl;
	}
	return 0;
}

static double clk(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wall and CPU time: the machine is shared, so CPU time is the steadier measure. */
struct stamp {
	double wall, cpu;
};

static struct stamp now(void)
{
	return (struct stamp){ clk(CLOCK_MONOTONIC), clk(CLOCK_PROCESS_CPUTIME_ID) };
}

struct setup {
	struct nw_bus *bus;
	struct nw_models *models;
	struct nw_l2check *l2;
	struct nw_pkt_store *store;
	struct nw_capture_pipe *pipe;
};

static void setup_new(struct setup *s, int with_bus, int with_models)
{
	static const struct nw_mac rx = { .len = 6, .bytes = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 } };

	memset(s, 0, sizeof(*s));
	if (with_bus)
		s->bus = nw_bus_new(MEM_CAP / sizeof(struct nw_event));
	if (with_models)
		s->models = nw_models_new(s->bus, NULL);
	s->l2 = nw_l2check_new(65536);
	s->store = nw_pkt_store_new(MEM_CAP / 4);
	s->pipe = nw_capture_pipe_new(s->bus, s->l2, s->store);
	if ((with_bus && !s->bus) || (with_models && !s->models) || !s->l2 || !s->store || !s->pipe) {
		fprintf(stderr, "bench_decode: out of memory setting up the pipeline\n");
		exit(1);
	}
	if (s->bus)
		nw_bus_subscribe(s->bus, nw_l2check_bus_cb, s->l2);
	/* ifindex 0 in netns 0 is what a classic pcap replay uses. */
	nw_l2check_set_if_mac(s->l2, 0, 0, "eth0", &rx, 1);
}

static void setup_free(struct setup *s)
{
	nw_capture_pipe_free(s->pipe);
	nw_pkt_store_free(s->store);
	nw_l2check_free(s->l2);
	nw_models_free(s->models);
	nw_bus_free(s->bus);
}

static void report(const char *name, uint64_t n, struct stamp t0, const struct nw_capture_pipe *p)
{
	struct nw_capture_pipe_stats st;
	struct stamp t1 = now();
	double wall = t1.wall - t0.wall, cpu = t1.cpu - t0.cpu;

	nw_capture_pipe_stats(p, &st);
	printf("%s frames=%llu wall_sec=%.3f cpu_sec=%.3f mpps_wall=%.3f mpps_cpu=%.3f ns_per_frame_cpu=%.1f "
	       "partial=%llu mismatches=%llu not_stored=%llu\n",
	       name, (unsigned long long)n, wall, cpu, (double)n / wall / 1e6, (double)n / cpu / 1e6,
	       cpu * 1e9 / (double)n,
	       (unsigned long long)st.partial, (unsigned long long)st.mismatches,
	       (unsigned long long)st.not_stored);
	fflush(stdout);
}

static void run_mem(const char *name, const struct frames *fr, int with_bus, int with_models)
{
	struct setup s;
	struct nw_capture_frame f = { .linktype = 1, .origin = NW_ORIGIN_REPLAY };
	struct stamp t0;

	setup_new(&s, with_bus, with_models);
	t0 = now();
	for (size_t i = 0; i < fr->n; i++) {
		f.data = fr->data[i];
		f.caplen = fr->caplen[i];
		f.len = fr->len[i];
		f.wall_ns = fr->wall_ns[i];
		f.mono_ns = fr->wall_ns[i]; /* files keep their own time base */
		nw_capture_pipe_frame(s.pipe, &f, NULL, NULL, NULL);
	}
	report(name, fr->n, t0, s.pipe);
	setup_free(&s);
}

/* FNV-1a: slow, but this mode checks results, it does not measure. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h;
}

static void run_digest(const struct frames *fr, int with_bus)
{
	struct setup s;
	struct nw_capture_frame f = { .linktype = 1, .origin = NW_ORIGIN_REPLAY };
	struct nw_capture_pipe_stats st;
	struct nw_event ev;
	struct nw_pkt_view v;
	uint64_t h = 1469598103934665603ull;

	setup_new(&s, with_bus, 0);
	for (size_t i = 0; i < fr->n; i++) {
		f.data = fr->data[i];
		f.caplen = fr->caplen[i];
		f.len = fr->len[i];
		f.wall_ns = fr->wall_ns[i];
		f.mono_ns = fr->wall_ns[i];
		nw_capture_pipe_frame(s.pipe, &f, &ev, NULL, NULL);
		h = fnv(h, &ev, sizeof(ev));
		if (s.bus)
			h = fnv(h, nw_bus_get(s.bus, ev.id), sizeof(ev));
		if (nw_pkt_store_get(s.store, ev.u.packet.store_ref, &v)) {
			h = fnv(h, v.data, v.caplen);
			h = fnv(h, &v.wall_ns, sizeof(v.wall_ns));
			h = fnv(h, v.note, strlen(v.note) + 1);
		}
	}
	nw_capture_pipe_stats(s.pipe, &st);
	h = fnv(h, &st, sizeof(st));
	printf("%s frames=%zu hash=%016llx partial=%llu mismatches=%llu flagged=%llu "
	       "not_stored=%llu evicted=%llu l2_evicted=%llu requests=%zu\n",
	       with_bus ? "digest-bus" : "digest", fr->n, (unsigned long long)h,
	       (unsigned long long)st.partial, (unsigned long long)st.mismatches, (unsigned long long)st.flagged,
	       (unsigned long long)st.not_stored,
	       (unsigned long long)nw_pkt_store_evicted(s.store),
	       (unsigned long long)nw_l2check_evicted(s.l2), nw_l2check_requests(s.l2, NULL, 0));
	setup_free(&s);
}

static void run_replay(const char *path)
{
	struct setup s;
	struct nw_replay_stats st;
	char err[256] = "";
	struct stamp t0;
	int rc;

	setup_new(&s, 1, 1);
	t0 = now();
	rc = nw_replay_file(path, NULL, 0, s.pipe, &st, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "bench_decode: replay: %s\n", err);
	report("replay", st.packets, t0, s.pipe);
	setup_free(&s);
}

int main(int argc, char **argv)
{
	struct frames fr = { 0 };
	const char *all[] = { "pipe", "bus", "models", "replay" };
	char **cfg = (char **)all;
	int ncfg = 4;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_decode FILE [pipe|bus|models|replay|digest|digest-bus ...]\n");
		return 2;
	}
	if (argc > 2) {
		cfg = argv + 2;
		ncfg = argc - 2;
	}
	if (load(argv[1], &fr) < 0)
		return 1;
	for (int i = 0; i < ncfg; i++) {
		if (!strcmp(cfg[i], "pipe"))
			run_mem("pipe", &fr, 0, 0);
		else if (!strcmp(cfg[i], "bus"))
			run_mem("bus", &fr, 1, 0);
		else if (!strcmp(cfg[i], "models"))
			run_mem("models", &fr, 1, 1);
		else if (!strcmp(cfg[i], "replay"))
			run_replay(argv[1]);
		else if (!strcmp(cfg[i], "digest"))
			run_digest(&fr, 0);
		else if (!strcmp(cfg[i], "digest-bus"))
			run_digest(&fr, 1);
		else {
			fprintf(stderr, "bench_decode: unknown configuration '%s'\n", cfg[i]);
			return 2;
		}
	}
	return 0;
}
