// SPDX-License-Identifier: GPL-2.0-or-later
/* Routine kernel behaviour told from symptoms: see routine.h for the definitions. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/diag/routine.h"
#include "core/kstore.h"
#include "core/util.h"

struct nw_routine_key {
	uint64_t netns_ino;
	uint32_t what;
	uint32_t code;
};

struct nw_routine_rec {
	struct nw_routine_key key;
	uint64_t win_start, win_count;
};

struct nw_routine {
	struct nw_kstore *recs;
};

struct nw_routine *nw_routine_new(size_t capacity)
{
	struct nw_routine *r = nw_xcalloc(1, sizeof(*r));

	r->recs = nw_kstore_new(sizeof(struct nw_routine_key), sizeof(struct nw_routine_rec),
				capacity ? capacity : 1);
	return r;
}

void nw_routine_free(struct nw_routine *r)
{
	if (!r)
		return;
	nw_kstore_free(r->recs);
	free(r);
}

static struct nw_routine_rec *rec_get(struct nw_routine *r, uint64_t netns_ino, uint32_t what,
				      uint32_t code)
{
	struct nw_routine_key k;

	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	k.what = what;
	k.code = code;
	return nw_kstore_get(r->recs, &k, NULL);
}

uint64_t nw_routine_count(struct nw_routine *r, uint64_t netns_ino, enum nw_routine_what what,
			  uint32_t code, uint64_t ts, uint64_t n)
{
	struct nw_routine_rec *w = rec_get(r, netns_ino, what, code);

	if (!w->win_count || ts < w->win_start || ts - w->win_start >= NW_ROUTINE_WINDOW_NS) {
		w->win_start = ts;
		w->win_count = 0;
	}
	w->win_count += n;
	return w->win_count;
}

bool nw_routine_far_above(struct nw_routine *r, uint64_t netns_ino, enum nw_routine_what what,
			  uint32_t code, uint64_t ts, uint64_t n, uint32_t min)
{
	uint64_t count = nw_routine_count(r, netns_ino, what, code, ts, n);
	uint64_t packets = nw_routine_count(r, netns_ino, NW_ROUTINE_PACKETS, 0, ts, 0);

	return count >= min && count * 4 >= packets;
}

/* Changed after netwhy first saw it (the first sight is a dump at start-up or a new link). */
static bool changed(const struct nw_link_rec *rec)
{
	return rec->last_ts != rec->first_ts;
}

static bool link_settling(const struct nw_link_rec *rec, uint64_t ts)
{
	return changed(rec) && rec->last_ts <= ts + NW_ROUTINE_SETTLE_NS &&
	       ts <= rec->last_ts + NW_ROUTINE_SETTLE_NS;
}

static bool addr_is_group(const struct nw_addr *a)
{
	return (a->family == AF_INET && (a->bytes[0] & 0xf0) == 0xe0) ||
	       (a->family == AF_INET6 && a->bytes[0] == 0xff);
}

#define IFF_RUNNING_ 0x40
#define IF_OPER_UP_ 6

bool nw_routine_link_loss(const struct nw_link_model *l, uint64_t netns_ino, uint32_t ifindex,
			  uint64_t ts, const struct nw_addr *dst)
{
	const struct nw_link_rec *rec = nw_link_model_find(l, netns_ino, ifindex);
	bool running;

	if (!rec)
		return false;
	running = (rec->flags & IFF_RUNNING_) && rec->operstate == IF_OPER_UP_;
	return link_settling(rec, ts) || (!running && dst && addr_is_group(dst));
}

static bool entry_admin(const struct nw_neigh_entry *e, uint64_t ts)
{
	const struct nw_neigh_transition *t;
	size_t k;

	if (!e || !(k = nw_neigh_entry_ntransitions(e)))
		return false;
	/* The admin's FAILED is followed by the removal: look at both. */
	for (size_t i = k > 2 ? k - 2 : 0; i < k; i++) {
		t = nw_neigh_entry_transition(e, i);
		if (t->by_admin && t->ts <= ts + NW_ROUTINE_SETTLE_NS &&
		    ts <= t->ts + NW_ROUTINE_SETTLE_NS)
			return true;
	}
	return false;
}

bool nw_routine_neigh_admin(const struct nw_neigh_model *n, uint64_t netns_ino, uint32_t ifindex,
			    const struct nw_addr *ip, uint64_t ts)
{
	if (ifindex || ip)
		return entry_admin(nw_neigh_model_find(n, netns_ino, ifindex, ip), ts);
	for (size_t i = 0; i < nw_neigh_model_capacity(n); i++) {
		const struct nw_neigh_entry *e = nw_neigh_model_slot(n, i);

		if (e && e->key.netns_ino == netns_ino && entry_admin(e, ts))
			return true;
	}
	return false;
}

bool nw_routine_netns_flapped(const struct nw_link_model *l, uint64_t netns_ino, uint64_t from,
			      uint64_t to)
{
	from = from > NW_ROUTINE_SETTLE_NS ? from - NW_ROUTINE_SETTLE_NS : 0;
	for (size_t i = 0; i < nw_link_model_capacity(l); i++) {
		const struct nw_link_rec *rec = nw_link_model_slot(l, i);

		if (rec && changed(rec) && rec->key.netns_ino == netns_ino && rec->last_ts >= from &&
		    rec->last_ts <= to)
			return true;
	}
	return false;
}
