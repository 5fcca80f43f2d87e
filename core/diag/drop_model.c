// SPDX-License-Identifier: GPL-2.0-or-later
/* Drop model: counts by reason and place, and the latest drops. */
#include <stdlib.h>
#include <string.h>

#include "core/diag/drop_model.h"
#include "core/kstore.h"
#include "core/ring.h"
#include "core/util.h"

struct nw_drop_model {
	struct nw_kstore *recs;
	struct nw_ring *recent;
	uint64_t total;
};

struct nw_drop_model *nw_drop_model_new(size_t capacity, size_t ring)
{
	struct nw_drop_model *m = nw_xcalloc(1, sizeof(*m));

	m->recs = nw_kstore_new(sizeof(struct nw_drop_key), sizeof(struct nw_drop_rec),
				capacity ? capacity : 1);
	m->recent = nw_ring_new(sizeof(struct nw_event), ring ? ring : 1);
	return m;
}

void nw_drop_model_free(struct nw_drop_model *m)
{
	if (!m)
		return;
	nw_kstore_free(m->recs);
	nw_ring_free(m->recent);
	free(m);
}

const struct nw_drop_rec *nw_drop_model_on_event(struct nw_drop_model *m, const struct nw_event *ev)
{
	struct nw_drop_key k;
	struct nw_drop_rec *r;

	if (ev->type != NW_EV_DROP)
		return NULL;
	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.ifindex = ev->ifindex;
	k.reason = ev->u.drop.reason;
	r = nw_kstore_get(m->recs, &k, NULL);
	if (!r->count) {
		r->first_ts = ev->ts;
		r->first_id = ev->id;
	}
	r->count += nw_drop_count(&ev->u.drop);
	r->last_ts = ev->ts;
	r->last_id = ev->id;
	if (ev->ifname[0])
		nw_strlcpy(r->ifname, ev->ifname, sizeof(r->ifname));
	nw_strlcpy(r->location_sym, ev->u.drop.location_sym, sizeof(r->location_sym));
	nw_ring_push(m->recent, ev);
	m->total += nw_drop_count(&ev->u.drop);
	return r;
}

NW_KSTORE_VIEW(nw_drop_model, struct nw_drop_model, recs, struct nw_drop_rec)

uint64_t nw_drop_model_evicted(const struct nw_drop_model *m)
{
	return nw_kstore_evicted(m->recs);
}

uint64_t nw_drop_model_total(const struct nw_drop_model *m)
{
	return m->total;
}

size_t nw_drop_model_nrecent(const struct nw_drop_model *m)
{
	return nw_ring_count(m->recent);
}

const struct nw_event *nw_drop_model_recent(const struct nw_drop_model *m, size_t i)
{
	return nw_ring_at(m->recent, i);
}

uint64_t nw_drop_model_recent_evicted(const struct nw_drop_model *m)
{
	return nw_ring_evicted(m->recent);
}
