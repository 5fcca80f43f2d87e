/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Formatting shared by the panels, and the one place panels read the bus's stored events. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/bus.h"
#include "core/nsreg.h"
#include "core/ring.h"
#include "core/util.h"
#include "tui/panel.h"

const char *nw_fmt_ns(uint64_t netns_ino, char *buf, size_t size)
{
	const char *name;

	if (!netns_ino) {
		snprintf(buf, size, "-");
		return buf;
	}
	name = nw_nsreg_name(netns_ino);
	if (name[0])
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%" PRIu64, netns_ino);
	return buf;
}

const char *nw_fmt_dur(uint64_t ns, char *buf, size_t size)
{
	uint64_t ms = ns / 1000000;

	if (ms < 60 * 1000)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", ms / 1000, (ms % 1000) / 100);
	else if (ms < 3600 * 1000)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", ms / 60000, (ms / 1000) % 60);
	else if (ms < 86400ull * 1000)
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", ms / 3600000, (ms / 60000) % 60);
	else
		snprintf(buf, size, "%" PRIu64 "d", ms / 86400000);
	return buf;
}

const char *nw_fmt_count(uint64_t v, char *buf, size_t size)
{
	if (v < 10000)
		snprintf(buf, size, "%" PRIu64, v);
	else if (v < 1000000)
		snprintf(buf, size, "%" PRIu64 "k", v / 1000);
	else if (v < 1000000000)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "M", v / 1000000, (v / 100000) % 10);
	else
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "G", v / 1000000000, (v / 100000000) % 10);
	return buf;
}

const char *nw_fmt_addr(const struct nw_addr *a, char *buf, size_t size)
{
	if (!a->family) {
		snprintf(buf, size, "-");
		return buf;
	}
	return nw_addr_fmt(a, buf, size);
}

bool nw_addr_same(const struct nw_addr *a, const struct nw_addr *b)
{
	size_t n = a->family == b->family && a->family == 2 /* AF_INET */ ? 4 : 16;

	return a->family && a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

/*
 * Until a panel has a core model to read (core/diag/sock_model.h ...), it reads
 * the bus's stored events here; switching a panel to its model changes only
 * its collect function.
 */
size_t nw_ctx_each_event(const struct nw_ui_ctx *ctx, uint32_t type_mask, nw_ev_visit fn, void *arg)
{
	const struct nw_ring *ring = nw_bus_ring(ctx->bus);
	size_t n = nw_ring_count(ring), visited = 0;

	for (size_t i = 0; i < n; i++) {
		const struct nw_event *ev = nw_ring_at(ring, i);

		if (ev->id > ctx->upto_id)
			break;
		if (ev->type < 32 && (type_mask & NW_EVMASK(ev->type))) {
			fn(ev, arg);
			visited++;
		}
	}
	return visited;
}
