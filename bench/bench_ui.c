/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_ui: CPU per frame of the interactive screen.  Replays FILE into the
 * bus and the models (as `netwhy -r FILE` does, with the default --mem-cap),
 * then draws the whole screen into the text canvas at WxH, FRAMES times,
 * with a key between frames in the "keys" pass (scrolling and switching
 * panels, as a person would).  Prints, per pass:
 *
 *   <pass> events=N frames=F cpu_ms_per_frame=X p99_ms=Y
 *
 *   bench_ui FILE [W H [FRAMES]]    (default 200 50 200)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture/l2check.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "capture/replay.h"
#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/event.h"
#include "core/ring.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define MEM_CAP (256ull << 20)

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void pass(const char *name, struct nw_ui *ui, struct nw_canvas *c, int frames,
		 const int *keys, size_t nkeys, uint64_t events)
{
	double *t = calloc((size_t)frames, sizeof(*t)), sum = 0;

	for (int i = 0; i < frames; i++) {
		double t0;

		if (nkeys)
			nw_ui_key(ui, keys[(size_t)i % nkeys]);
		nw_ui_mark_dirty(ui);
		t0 = cpu_ms();
		nw_ui_draw(ui, c);
		t[i] = cpu_ms() - t0;
		sum += t[i];
	}
	qsort(t, (size_t)frames, sizeof(*t), cmp_double);
	printf("%s events=%llu frames=%d cpu_ms_per_frame=%.3f p99_ms=%.3f max_ms=%.3f\n", name,
	       (unsigned long long)events, frames, sum / frames, t[(frames * 99) / 100], t[frames - 1]);
	fflush(stdout);
	free(t);
}

static struct nw_pkt_store *g_store;

static bool packet_bytes(void *arg, uint64_t ref, const uint8_t **data, uint32_t *caplen,
			 const char **note)
{
	struct nw_pkt_view v;

	(void)arg;
	if (!nw_pkt_store_get(g_store, ref, &v))
		return false;
	*data = v.data;
	*caplen = v.caplen;
	*note = v.note;
	return true;
}

int main(int argc, char **argv)
{
	static const int scroll[] = { NW_KEY_DOWN, NW_KEY_DOWN, NW_KEY_PGDN, NW_KEY_UP, NW_KEY_PGUP,
				      NW_KEY_END, NW_KEY_HOME };
	static const int panels[] = { NW_KEY_TAB, NW_KEY_DOWN, NW_KEY_TAB, NW_KEY_DOWN, NW_KEY_TAB,
				      NW_KEY_TAB, NW_KEY_PGDN };
	int w = 200, h = 50, frames = 200;
	struct nw_replay_stats rs;
	struct nw_l2check *l2;
	struct nw_capture_pipe *pipe;
	struct nw_models *models;
	struct nw_bus *bus;
	struct nw_ui *ui;
	struct nw_canvas *c;
	char err[256] = "";
	double t0;
	uint64_t events;

	if (argc != 2 && argc != 4 && argc != 5) {
		fprintf(stderr, "usage: bench_ui FILE [W H [FRAMES]]\n");
		return 2;
	}
	if (argc >= 4) {
		w = atoi(argv[2]);
		h = atoi(argv[3]);
	}
	if (argc == 5)
		frames = atoi(argv[4]);
	if (frames < 1)
		frames = 1;

	bus = nw_bus_new(MEM_CAP / sizeof(struct nw_event));
	models = bus ? nw_models_new(bus, NULL) : NULL;
	l2 = nw_l2check_new(65536);
	g_store = nw_pkt_store_new(MEM_CAP / 4);
	pipe = nw_capture_pipe_new(bus, l2, g_store);
	if (!bus || !models || !l2 || !g_store || !pipe) {
		fprintf(stderr, "bench_ui: out of memory setting up\n");
		return 1;
	}
	nw_bus_subscribe(bus, nw_l2check_bus_cb, l2);
	t0 = cpu_ms();
	if (nw_replay_file(argv[1], NULL, 0, pipe, &rs, err, sizeof(err)) < 0) {
		fprintf(stderr, "bench_ui: %s\n", err);
		return 1;
	}
	nw_models_flush(models);
	events = rs.packets + rs.events;
	printf("ingest events=%llu stored=%zu cpu_ms=%.0f\n", (unsigned long long)events,
	       nw_ring_count(nw_bus_ring(bus)), cpu_ms() - t0);

	struct nw_ui_opts uo = { .scope = "replay", .host = "bench", .replay = true,
				 .packet_bytes = packet_bytes };

	ui = nw_ui_new(bus, &uo);
	c = nw_canvas_new(w, h, false);
	if (!ui || !c) {
		fprintf(stderr, "bench_ui: cannot create the screen\n");
		return 1;
	}
	nw_ui_set_models(ui, models);
	t0 = cpu_ms();
	nw_ui_draw(ui, c);
	printf("first_frame cpu_ms=%.3f\n", cpu_ms() - t0);
	pass("idle", ui, c, frames, NULL, 0, events);
	pass("scroll", ui, c, frames, scroll, sizeof(scroll) / sizeof(scroll[0]), events);
	pass("panels", ui, c, frames, panels, sizeof(panels) / sizeof(panels[0]), events);

	nw_canvas_free(c);
	nw_ui_free(ui);
	nw_capture_pipe_free(pipe);
	nw_pkt_store_free(g_store);
	nw_l2check_free(l2);
	nw_models_free(models);
	nw_bus_free(bus);
	return 0;
}
