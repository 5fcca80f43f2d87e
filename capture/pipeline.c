/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The capture pipeline (pipeline.h): dissect -> l2check -> store -> event -> bus. */
#include <stdlib.h>
#include <string.h>

#include "capture/dissect.h"
#include "capture/l2check.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "core/bus.h"
#include "core/util.h"

struct nw_capture_pipe {
	struct nw_bus *bus;
	struct nw_l2check *l2;
	struct nw_pkt_store *store;
	struct nw_capture_pipe_stats st;
	uint64_t limit;
	void (*reached)(void *arg);
	void *reached_arg;
};

struct nw_capture_pipe *nw_capture_pipe_new(struct nw_bus *bus, struct nw_l2check *l2,
					    struct nw_pkt_store *store)
{
	struct nw_capture_pipe *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->bus = bus;
	p->l2 = l2;
	p->store = store;
	return p;
}

void nw_capture_pipe_free(struct nw_capture_pipe *p)
{
	free(p);
}

/*
 * A frame not sent from the MAC we know for the interface: either someone
 * else's (incoming), or ours after a MAC change we have not heard of yet.
 * The source re-reads the MAC (rate-limited) so direction and the
 * destination check use the MAC the interface has now.
 */
static bool looks_foreign(const struct nw_l2check *l2, const struct nw_capture_frame *f,
			  const struct nw_dissection *d)
{
	struct nw_mac m;

	if (!nw_dissect_has(d, NW_LAYER_ETH))
		return false;
	if (!nw_l2check_if_mac(l2, f->netns, f->ifindex, &m))
		return false;
	return memcmp(m.bytes, d->src_mac.bytes, 6) != 0;
}

uint64_t nw_capture_pipe_frame(struct nw_capture_pipe *p, const struct nw_capture_frame *f,
			       struct nw_event *out, nw_capture_refresh_cb refresh, void *refresh_arg)
{
	struct nw_dissection d;
	struct nw_l2_verdict v;
	struct nw_event local, *ev;
	struct nw_packet_ev *pk;
	char note[512];
	const char *keep = NULL;
	uint64_t ts = f->mono_ns ? f->mono_ns : nw_time_wall_to_mono(f->wall_ns);
	uint64_t id = 0;

	if (p->limit && p->st.frames >= p->limit) {
		p->st.over_limit++;
		return 0;
	}
	nw_dissect(f->linktype, f->data, f->caplen, f->len, &d);
	if (p->l2 && refresh && looks_foreign(p->l2, f, &d))
		refresh(refresh_arg, f->netns, f->ifindex);
	/* With a bus the event is built in the bus's slot, one copy less per
	 * packet; from here to the commit nothing else may use the bus (so the
	 * source's refresh ran before). */
	ev = p->bus ? nw_bus_reserve(p->bus) : out ? out : &local;
	pk = &ev->u.packet;
	nw_event_init_ts(ev, NW_EV_PACKET, (enum nw_origin)f->origin, ts);
	ev->netns_ino = f->netns;
	ev->ifindex = f->ifindex;
	if (f->ifname)
		nw_strlcpy(ev->ifname, f->ifname, sizeof(ev->ifname));
	nw_dissect_to_packet(&d, pk);
	pk->dir = f->dir;
	pk->wall_ns = f->wall_ns;

	if (p->l2) {
		if (pk->dir == NW_DIR_UNKNOWN)
			pk->dir = (uint8_t)nw_l2check_direction(p->l2, f->netns, f->ifindex, &d);
		nw_l2check_frame(p->l2, f->netns, f->ifindex, (enum nw_pkt_dir)pk->dir, ts, &d, &v);
		pk->l2_flags = v.flags;
		if ((v.flags & NW_L2_ANNOTATED) && nw_l2check_annotate(&v, note, sizeof(note)))
			keep = note;
	}
	/* A recording knows what the live run saw; it wins over a re-check that lacks the
	 * interface's history. */
	if (f->has_l2_flags)
		pk->l2_flags = f->l2_flags;
	if (f->comment)
		keep = f->comment;

	if (p->store) {
		pk->store_ref = nw_pkt_store_put(p->store, f->data, f->caplen, f->wall_ns, keep);
		if (!pk->store_ref)
			p->st.not_stored++;
	}
	p->st.frames++;
	if (pk->partial)
		p->st.partial++;
	if (pk->l2_flags & NW_L2_DST_MISMATCH)
		p->st.mismatches++;
	if (pk->l2_flags & ~(NW_L2_NO_DST_MAC | NW_L2_IF_UNKNOWN | NW_L2_REPLY))
		p->st.flagged++;
	if (p->bus) {
		id = nw_bus_commit(p->bus, ev);
		if (out)
			*out = *ev;
	}
	if (p->limit && p->st.frames == p->limit && p->reached)
		p->reached(p->reached_arg);
	return id;
}

uint64_t nw_capture_pipe_event(struct nw_capture_pipe *p, struct nw_event *ev)
{
	ev->id = 0;
	return p->bus ? nw_bus_submit(p->bus, ev) : 0;
}

void nw_capture_pipe_stats(const struct nw_capture_pipe *p, struct nw_capture_pipe_stats *s)
{
	*s = p->st;
}

void nw_capture_pipe_set_limit(struct nw_capture_pipe *p, uint64_t limit,
			       void (*reached)(void *arg), void *arg)
{
	p->limit = limit;
	p->reached = reached;
	p->reached_arg = arg;
}

struct nw_l2check *nw_capture_pipe_l2check(const struct nw_capture_pipe *p)
{
	return p->l2;
}

struct nw_pkt_store *nw_capture_pipe_store(const struct nw_capture_pipe *p)
{
	return p->store;
}
