/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Qdiscs: per device, the tree of qdiscs and classes with kind, handle,
 * packets, drops, overlimits, backlog, HTB's direct_qlen, and what the drops
 * were (ARP reply, TCP SYN, ...).  A qdisc that drops ARP or NDP starves the
 * neighbour layer: those counts are drawn as qdisc.drop.  Reads
 * core/diag/qdisc_model.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/diag/qdisc_model.h"
#include "core/util.h"
#include "tui/panel.h"

/* Kinds of rows, for their keys (nw_row_key). */
enum { ROW_DEV = 1, ROW_REC, ROW_DROPPED, ROW_NO_MODEL, ROW_EMPTY, ROW_EVICTED };

static const struct nw_qdisc_model *model(const struct nw_panel *p)
{
	return p->ctx->models ? nw_models_qdisc(p->ctx->models) : NULL;
}

#define TC_ROOT 0xffffffffu
#define TREE_DEPTH_MAX 8

struct qtree {
	struct nw_panel *p;
	struct nw_rows *rows;
	const struct nw_qdisc_rec **v; /* one device's records */
	size_t n;
	bool *done;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct nw_qdisc_rec *x = *(const struct nw_qdisc_rec *const *)a;
	const struct nw_qdisc_rec *y = *(const struct nw_qdisc_rec *const *)b;
	int c;

	if (x->key.netns_ino != y->key.netns_ino)
		return x->key.netns_ino < y->key.netns_ino ? -1 : 1;
	if (x->key.ifindex != y->key.ifindex)
		return x->key.ifindex < y->key.ifindex ? -1 : 1;
	c = strcmp(x->ifname, y->ifname);
	if (c)
		return c;
	if (x->key.is_class != y->key.is_class)
		return x->key.is_class < y->key.is_class ? -1 : 1;
	return x->key.handle < y->key.handle ? -1 : x->key.handle > y->key.handle;
}

static uint64_t rec_key(const struct nw_qdisc_rec *q)
{
	return nw_row_key(0, ROW_REC, &q->key, sizeof(q->key));
}

static void rec_row(struct qtree *t, const struct nw_qdisc_rec *q, int depth)
{
	struct nw_row *r = nw_rows_push(t->rows, rec_key(q));
	const struct nw_qdisc_ev *s = &q->last;
	char h[32], c[32];
	bool ctrl = false;

	r->indent = (uint8_t)depth;
	r->link.valid = true;
	r->link.netns_ino = q->key.netns_ino;
	nw_strlcpy(r->link.ifname, q->ifname, sizeof(r->link.ifname));
	nw_row_pad(r, 2 + depth * 2);
	nw_row_add(r, NW_ROLE_QDISC, "%s%s %s", q->key.is_class ? "class " : "", q->kind[0] ? q->kind : "?",
		   nw_tc_handle_fmt(q->key.handle, h, sizeof(h)));
	if (q->parent == TC_ROOT)
		nw_row_add(r, NW_ROLE_MUTED, " root");
	else if (q->parent)
		nw_row_add(r, NW_ROLE_MUTED, " parent %s", nw_tc_handle_fmt(q->parent, h, sizeof(h)));
	if (q->have_stats) {
		/* tc's words: "Sent 96k bytes 1251 pkt" */
		nw_row_add(r, NW_ROLE_DEFAULT, "  sent %s pkt", nw_fmt_count(s->packets, c, sizeof(c)));
		nw_row_add(r, NW_ROLE_DEFAULT, " %s bytes", nw_fmt_count(s->bytes, c, sizeof(c)));
		nw_row_add(r, s->drops ? NW_ROLE_QDISC_DROP : NW_ROLE_DEFAULT, " drops %s",
			   nw_fmt_count(s->drops, c, sizeof(c)));
		if (q->drops_delta)
			nw_row_add(r, NW_ROLE_QDISC_DROP, " (+%" PRIu64 ")", q->drops_delta);
		nw_row_add(r, s->overlimits ? NW_ROLE_GAUGE_WARN : NW_ROLE_DEFAULT, " overlimits %s",
			   nw_fmt_count(s->overlimits, c, sizeof(c)));
		nw_row_add(r, NW_ROLE_DEFAULT, " backlog %ub %up", s->backlog, s->qlen);
		if (s->rate_bps)
			nw_row_add(r, NW_ROLE_DEFAULT, " rate %sbit", nw_fmt_count(s->rate_bps * 8, c, sizeof(c)));
	} else {
		nw_row_add(r, NW_ROLE_MUTED, "  no statistics yet");
	}
	if (!q->key.is_class && s->direct_qlen != UINT32_MAX) {
		nw_row_add(r, s->direct_qlen == 0 ? NW_ROLE_QDISC_DROP : NW_ROLE_DEFAULT, " direct_qlen %u",
			   s->direct_qlen);
		if (s->defcls)
			nw_row_add(r, NW_ROLE_DEFAULT, " default %x", s->defcls);
		else
			nw_row_add(r, NW_ROLE_MUTED, " no default class");
	}
	if (q->deleted)
		nw_row_add(r, NW_ROLE_MUTED, " (deleted)");
	if (!q->pkt_drops_total)
		return;
	/* What was dropped: one row under the qdisc. */
	r = nw_rows_push(t->rows, nw_row_key(r->key, ROW_DROPPED, NULL, 0));
	r->indent = (uint8_t)(depth + 1);
	nw_row_pad(r, 4 + depth * 2);
	nw_row_add(r, NW_ROLE_MUTED, "dropped:");
	for (int k = 0; k < NW_PKTCLASS_COUNT; k++) {
		if (!q->pkt_drops[k])
			continue;
		ctrl = nw_pktclass_is_control((enum nw_pktclass)k);
		nw_row_add(r, ctrl ? NW_ROLE_QDISC_DROP : NW_ROLE_DROP, " %s %" PRIu64,
			   nw_pktclass_name((enum nw_pktclass)k), q->pkt_drops[k]);
	}
}

/* Children of `handle`: classes and qdiscs whose parent it is (or, for a qdisc, its major's classes). */
static void children(struct qtree *t, const struct nw_qdisc_rec *q, int depth)
{
	if (depth > TREE_DEPTH_MAX)
		return;
	for (size_t i = 0; i < t->n; i++) {
		const struct nw_qdisc_rec *c = t->v[i];

		if (t->done[i] || c == q)
			continue;
		if (c->parent != q->key.handle)
			continue;
		t->done[i] = true;
		rec_row(t, c, depth);
		children(t, c, depth + 1);
	}
}

static void device_tree(struct qtree *t)
{
	const struct nw_qdisc_rec *q0 = t->v[0];
	/* the namespace and the device: the key up to the handle */
	uint64_t key = nw_row_key(0, ROW_DEV, &q0->key, offsetof(struct nw_qdisc_key, handle));
	struct nw_row *r = nw_rows_push(t->rows, key);
	char ns[64];

	r->link.valid = true;
	r->link.netns_ino = q0->key.netns_ino;
	nw_strlcpy(r->link.ifname, q0->ifname, sizeof(r->link.ifname));
	nw_row_add(r, NW_ROLE_PANEL_TITLE, "dev %s", q0->ifname[0] ? q0->ifname : "?");
	nw_row_add(r, NW_ROLE_MUTED, " netns %s", nw_fmt_ns(q0->key.netns_ino, ns, sizeof(ns)));
	/* Roots first, then whatever did not hang from a root (parent not seen yet). */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->n; i++) {
			if (t->done[i] || (pass == 0 && t->v[i]->parent != TC_ROOT))
				continue;
			t->done[i] = true;
			rec_row(t, t->v[i], 0);
			children(t, t->v[i], 1);
		}
	}
}

static bool dropping(const struct nw_qdisc_rec *q)
{
	return q->pkt_drops_total || q->drops_delta || (q->have_stats && q->last.drops);
}

static void qdisc_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	const struct nw_qdisc_model *m = model(p);
	const struct nw_qdisc_rec **v;
	size_t n = 0, cap;
	struct nw_row *r;

	heading->len = heading->cells = 0;
	nw_row_add(heading, NW_ROLE_COLUMN, "device / qdisc or class, statistics, options, what was dropped");
	if (!m) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_NO_MODEL, NULL, 0));
		nw_row_add(r, NW_ROLE_SOURCE_OFF, "no qdisc model connected: this build does not feed the panel");
		return;
	}
	cap = nw_qdisc_model_capacity(m);
	v = nw_xcalloc(cap ? cap : 1, sizeof(*v));
	for (size_t i = 0; i < cap; i++) {
		const struct nw_qdisc_rec *q = nw_qdisc_model_slot(m, i);

		if (q)
			v[n++] = q;
	}
	qsort(v, n, sizeof(*v), cmp_rec);
	/* Devices whose qdiscs drop come first; the many quiet noqueue devices after. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n;) {
			size_t j = i;
			bool trouble = false;
			struct qtree t = { p, rows, v + i, 0, NULL };

			while (j < n && v[j]->key.netns_ino == v[i]->key.netns_ino &&
			       v[j]->key.ifindex == v[i]->key.ifindex) {
				trouble |= dropping(v[j]);
				j++;
			}
			if (trouble == (pass == 0)) {
				t.n = j - i;
				t.done = nw_xcalloc(t.n, sizeof(*t.done));
				device_tree(&t);
				free(t.done);
			}
			i = j;
		}
	}
	if (!n) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EMPTY, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "no qdisc seen yet");
	}
	if (nw_qdisc_model_evicted(m)) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EVICTED, NULL, 0));
		nw_row_add(r, NW_ROLE_STATUS_WARN, "%" PRIu64 " older qdiscs evicted (store full)",
			   nw_qdisc_model_evicted(m));
	}
	free(v);
}

static uint64_t qdisc_row_for_event(struct nw_panel *p, const struct nw_event *ev)
{
	const struct nw_qdisc_model *m = model(p);
	const struct nw_qdisc_rec *q;

	if (!m || (ev->type != NW_EV_QDISC && ev->type != NW_EV_DROP))
		return 0;
	q = ev->type != NW_EV_QDISC ? NULL :
	    nw_qdisc_model_find(m, ev->netns_ino, ev->ifindex, ev->u.qdisc.handle, ev->u.qdisc.is_class);
	if (!q) /* a drop on the device's way out: its root qdisc */
		q = nw_qdisc_model_root(m, ev->netns_ino, ev->ifindex);
	return q ? rec_key(q) : 0;
}

const struct nw_panel_ops nw_panel_qdisc_ops = {
	.name = "Qdiscs",
	.hotkey = '3',
	.help = "The queueing disciplines of every device, as a tree of qdiscs and classes: kind and handle "
		"(as tc writes them), packets sent, drops (and how many appeared while watching), overlimits, "
		"backlog in bytes and packets, rate, and for HTB direct_qlen and the default class.  Below a "
		"qdisc that dropped packets: what they were (ARP request, ARP reply, NDP, TCP SYN, TCP, UDP, "
		"ICMP).  ARP and NDP drops are highlighted: without them neighbours go INCOMPLETE and then "
		"FAILED, and connect() fails with EHOSTUNREACH.  HTB with direct_qlen 0 and no default class "
		"drops every unclassified packet, ARP included.",
	.events = NW_EVMASK(NW_EV_QDISC),
	.layers = NW_CLMASK(NW_CL_QDISC),
	.collect = qdisc_collect,
	.draw = nw_panel_draw_list,
	.row_for_event = qdisc_row_for_event,
};
