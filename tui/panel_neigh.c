/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Neighbours: each table's pressure against gc_thresh1/2/3 as a gauge, then
 * the entries per namespace and device with their state (coloured by state),
 * link-layer address, probes and time in state.  Enter expands an entry into
 * its transition timeline ("INCOMPLETE 0.0s > probe 1 > 2 > 3 > FAILED 3.0s").
 * Reads core/diag/neigh_model.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/diag/neigh_model.h"
#include "core/names.h"
#include "core/util.h"
#include "tui/panel.h"

/* Kinds of rows, for their keys (nw_row_key). */
enum { ROW_TABLE = 1, ROW_DEV, ROW_ENTRY, ROW_TIMELINE, ROW_NO_MODEL, ROW_EMPTY, ROW_EVICTED };

static const struct nw_neigh_model *model(const struct nw_panel *p)
{
	return p->ctx->models ? nw_models_neigh(p->ctx->models) : NULL;
}

static enum nw_role state_role(uint16_t state)
{
	if (state & NW_NUD_FAILED)
		return NW_ROLE_NEIGH_FAILED;
	if (state & NW_NUD_INCOMPLETE)
		return NW_ROLE_NEIGH_INCOMPLETE;
	if (state & NW_NUD_REACHABLE)
		return NW_ROLE_NEIGH_REACHABLE;
	if (state & (NW_NUD_STALE | NW_NUD_DELAY | NW_NUD_PROBE))
		return NW_ROLE_NEIGH_STALE;
	if (state & (NW_NUD_PERMANENT | NW_NUD_NOARP))
		return NW_ROLE_NEIGH_PERMANENT;
	return NW_ROLE_MUTED;
}

static const char *state_name(uint16_t state, char *buf, size_t size)
{
	return nw_names_get_flags(nw_names_table(NW_NAMES_NUD), state, buf, size);
}

/* Trouble first: FAILED, INCOMPLETE, waiting (PROBE, DELAY, STALE), REACHABLE, static, gone. */
static int severity(const struct nw_neigh_entry *e)
{
	if (e->deleted)
		return 6;
	if (e->state & NW_NUD_FAILED)
		return 0;
	if (e->state & NW_NUD_INCOMPLETE)
		return 1;
	if (e->state & (NW_NUD_PROBE | NW_NUD_DELAY | NW_NUD_STALE))
		return 2;
	if (e->state & NW_NUD_REACHABLE)
		return 3;
	if (e->state & (NW_NUD_PERMANENT | NW_NUD_NOARP))
		return 4;
	return 5;
}

struct sorted {
	const struct nw_neigh_entry *e;
	int worst; /* the most severe entry of its namespace and device */
};

static int cmp_dev(const struct nw_neigh_entry *x, const struct nw_neigh_entry *y)
{
	if (x->key.netns_ino != y->key.netns_ino)
		return x->key.netns_ino < y->key.netns_ino ? -1 : 1;
	return strcmp(x->ifname, y->ifname);
}

static int cmp_by_dev(const void *a, const void *b)
{
	return cmp_dev(((const struct sorted *)a)->e, ((const struct sorted *)b)->e);
}

/* Devices with trouble first, and in each device its troubled entries first, then by address. */
static int cmp_entry(const void *a, const void *b)
{
	const struct sorted *sa = a, *sb = b;
	const struct nw_neigh_entry *x = sa->e, *y = sb->e;
	int c;

	if (sa->worst != sb->worst)
		return sa->worst - sb->worst;
	c = cmp_dev(x, y);
	if (c)
		return c;
	if (severity(x) != severity(y))
		return severity(x) - severity(y);
	if (x->key.ip.family != y->key.ip.family)
		return x->key.ip.family < y->key.ip.family ? -1 : 1;
	return memcmp(x->key.ip.bytes, y->key.ip.bytes, sizeof(x->key.ip.bytes));
}

static uint64_t table_key(const struct nw_neigh_table_key *k)
{
	return nw_row_key(0, ROW_TABLE, k, sizeof(*k));
}

static uint64_t entry_key(const struct nw_neigh_key *k)
{
	return nw_row_key(0, ROW_ENTRY, k, sizeof(*k));
}

static void table_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_neigh_table_rec *t)
{
	const struct nw_neigh_table_ev *last = &t->last;
	struct nw_row *r = nw_rows_push(rows, table_key(&t->key));
	char ns[64];
	int gw = p->view_w >= 100 ? 30 : 12;

	const char *name = last->name[0] ? last->name : (t->key.family == AF_INET6 ? "ndisc_cache" : "arp_cache");

	nw_row_add(r, NW_ROLE_DEFAULT, "%-11s ", name);
	nw_row_col(r, 10, NW_ROLE_MUTED, "%s", nw_fmt_ns(t->key.netns_ino, ns, sizeof(ns)));
	nw_row_add(r, NW_ROLE_DEFAULT, " %5u ", last->entries);
	nw_row_gauge(r, p->ctx->ascii, gw, last->entries, last->gc_thresh1, last->gc_thresh2, last->gc_thresh3);
	nw_row_add(r, NW_ROLE_MUTED, " gc_thresh %u/%u/%u", last->gc_thresh1, last->gc_thresh2, last->gc_thresh3);
	if (t->table_fulls_delta)
		nw_row_add(r, NW_ROLE_GAUGE_FULL, " table full +%" PRIu64, t->table_fulls_delta);
	if (t->forced_gc_delta)
		nw_row_add(r, NW_ROLE_GAUGE_WARN, " forced gc +%" PRIu64, t->forced_gc_delta);
	if (t->res_failed_delta)
		nw_row_add(r, NW_ROLE_NEIGH_FAILED, " res_failed +%" PRIu64, t->res_failed_delta);
	if (t->create_fail)
		nw_row_add(r, NW_ROLE_NEIGH_FAILED, " create failed %" PRIu64, t->create_fail);
}

/* "INCOMPLETE 0.0s > probe 1 > 2 > 3 > FAILED 3.0s": consecutive probes in one state fold together. */
static void timeline_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_neigh_entry *e,
			 uint64_t key)
{
	size_t n = nw_neigh_entry_ntransitions(e);
	const struct nw_neigh_transition *first = nw_neigh_entry_transition(e, 0);
	struct nw_row *r = nw_rows_push(rows, nw_row_key(key, ROW_TIMELINE, NULL, 0));
	uint16_t cur = 0xffff;
	uint32_t probes = 0;
	bool in_probes = false;
	char name[64], d[32];

	r->indent = 1;
	nw_row_add(r, NW_ROLE_MUTED, "      ");
	if (!first) {
		nw_row_add(r, NW_ROLE_MUTED, "no transitions recorded");
		return;
	}
	if (e->tl_total > n)
		nw_row_add(r, NW_ROLE_MUTED, "(%" PRIu64 " earlier) ", e->tl_total - n);
	for (size_t i = 0; i < n; i++) {
		const struct nw_neigh_transition *t = nw_neigh_entry_transition(e, i);

		if (t->state == cur) {
			if (t->probes > probes) {
				nw_row_add(r, NW_ROLE_MUTED, " ");
				nw_row_glyph(r, p->ctx->ascii, NW_GLYPH_ARROW, NW_ROLE_MUTED);
				nw_row_add(r, NW_ROLE_DEFAULT, in_probes ? " %u" : " probe %u", t->probes);
				in_probes = true;
				probes = t->probes;
			}
			continue;
		}
		if (cur != 0xffff) {
			nw_row_add(r, NW_ROLE_MUTED, " ");
			nw_row_glyph(r, p->ctx->ascii, NW_GLYPH_ARROW, NW_ROLE_MUTED);
			nw_row_add(r, NW_ROLE_DEFAULT, " ");
		}
		nw_row_add(r, state_role(t->state), "%s", state_name(t->state, name, sizeof(name)));
		nw_row_add(r, NW_ROLE_MUTED, " %s", nw_fmt_dur(t->ts - first->ts, d, sizeof(d)));
		if (t->probes && t->probes != probes)
			nw_row_add(r, NW_ROLE_DEFAULT, " (probes %u)", t->probes);
		if (t->error)
			nw_row_add(r, NW_ROLE_ERRNO, " error %d", t->error);
		cur = t->state;
		probes = t->probes;
		in_probes = false;
	}
}

static void entry_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_neigh_entry *e)
{
	uint64_t key = entry_key(&e->key);
	struct nw_row *r = nw_rows_push(rows, key);
	size_t nt = nw_neigh_entry_ntransitions(e);
	const struct nw_neigh_transition *lt = nt ? nw_neigh_entry_transition(e, nt - 1) : NULL;
	enum nw_role role = state_role(e->state);
	char ip[NW_ADDR_STRLEN], mac[NW_MAC_STRLEN], name[64], d[32];
	uint64_t since = lt ? lt->ts : e->first_ts;
	bool ascii = p->ctx->ascii;

	r->expandable = true;
	r->expanded = nw_panel_is_expanded(p, key);
	r->link.valid = true;
	r->link.netns_ino = e->key.netns_ino;
	nw_strlcpy(r->link.ifname, e->ifname, sizeof(r->link.ifname));
	r->link.ip = e->key.ip;
	r->link.mac = e->lladdr;
	nw_row_add(r, NW_ROLE_DEFAULT, "  ");
	nw_row_glyph(r, ascii, r->expanded ? NW_GLYPH_EXPANDED : NW_GLYPH_COLLAPSED, NW_ROLE_MUTED);
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, p->view_w >= 100 ? 26 : 16, NW_ROLE_DEFAULT, "%s", nw_fmt_addr(&e->key.ip, ip, sizeof(ip)));
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, 10, role, "%s", state_name(e->state, name, sizeof(name)));
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, 17, e->lladdr.len ? NW_ROLE_DEFAULT : NW_ROLE_MUTED, "%s",
		   e->lladdr.len ? nw_mac_fmt(&e->lladdr, mac, sizeof(mac)) : "-");
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, 6, e->probes ? NW_ROLE_DEFAULT : NW_ROLE_MUTED, "%u", e->probes);
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, 7, NW_ROLE_MUTED, "%s",
		   p->ctx->now >= since ? nw_fmt_dur(p->ctx->now - since, d, sizeof(d)) : "-");
	if (e->failed_count)
		nw_row_add(r, NW_ROLE_NEIGH_FAILED, " failed %ux", e->failed_count);
	if (e->dev_flags & NW_IFF_NOARP)
		nw_row_add(r, NW_ROLE_MUTED, " noarp dev");
	if (e->req_out.count)
		nw_row_add(r, NW_ROLE_PACKET_ARP, " req out %" PRIu64, e->req_out.count);
	if (e->req_out.count || e->reply_in.count)
		nw_row_add(r, e->reply_in.count ? NW_ROLE_PACKET_ARP : NW_ROLE_DROP, " replies in %" PRIu64,
			   e->reply_in.count);
	/* Frames without a direction (a foreign capture) are neither "out" nor "in". */
	if (e->req_seen.count || e->reply_seen.count)
		nw_row_add(r, NW_ROLE_MUTED, " req %" PRIu64 " replies %" PRIu64 " (direction unknown)",
			   e->req_seen.count, e->reply_seen.count);
	if (e->deleted)
		nw_row_add(r, NW_ROLE_MUTED, " (deleted)");
	if (r->expanded)
		timeline_row(p, rows, e, key);
}

static void neigh_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	const struct nw_neigh_model *m = model(p);
	struct sorted *v;
	size_t n = 0, cap;
	uint64_t ns = 0;
	char last_if[NW_IFNAMSIZ + 1] = "\x01";
	struct nw_row *r;

	heading->len = heading->cells = 0;
	nw_row_add(heading, NW_ROLE_COLUMN, "    ");
	nw_row_col(heading, p->view_w >= 100 ? 26 : 16, NW_ROLE_COLUMN, "address");
	nw_row_add(heading, NW_ROLE_COLUMN, " ");
	nw_row_col(heading, 11, NW_ROLE_COLUMN, "state");
	nw_row_col(heading, 18, NW_ROLE_COLUMN, "lladdr");
	nw_row_col(heading, 7, NW_ROLE_COLUMN, "probes");
	nw_row_add(heading, NW_ROLE_COLUMN, "in state");
	if (!m) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_NO_MODEL, NULL, 0));
		nw_row_add(r, NW_ROLE_SOURCE_OFF, "no neighbour model connected: this build does not feed the panel");
		return;
	}
	for (size_t i = 0; i < nw_neigh_model_table_capacity(m); i++) {
		const struct nw_neigh_table_rec *t = nw_neigh_model_table_slot(m, i);

		if (t)
			table_row(p, rows, t);
	}
	cap = nw_neigh_model_count(m);
	v = nw_xcalloc(cap ? cap : 1, sizeof(*v));
	for (size_t i = 0; i < nw_neigh_model_capacity(m) && n < cap; i++) {
		const struct nw_neigh_entry *e = nw_neigh_model_slot(m, i);

		if (e)
			v[n++].e = e;
	}
	qsort(v, n, sizeof(*v), cmp_by_dev);
	for (size_t i = 0, j; i < n; i = j) {
		int worst = 6;

		for (j = i; j < n && cmp_dev(v[i].e, v[j].e) == 0; j++)
			worst = severity(v[j].e) < worst ? severity(v[j].e) : worst;
		for (size_t k = i; k < j; k++)
			v[k].worst = worst;
	}
	qsort(v, n, sizeof(*v), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		const struct nw_neigh_entry *e = v[i].e;

		if (i == 0 || e->key.netns_ino != ns || strcmp(e->ifname, last_if) != 0) {
			char nsbuf[64];

			ns = e->key.netns_ino;
			nw_strlcpy(last_if, e->ifname, sizeof(last_if));
			/* the namespace and the device: the key up to the address */
			r = nw_rows_push(rows, nw_row_key(0, ROW_DEV, &e->key, offsetof(struct nw_neigh_key, pad)));
			r->link.valid = true;
			r->link.netns_ino = ns;
			nw_strlcpy(r->link.ifname, e->ifname, sizeof(r->link.ifname));
			nw_row_add(r, NW_ROLE_PANEL_TITLE, "dev %s", e->ifname[0] ? e->ifname : "?");
			nw_row_add(r, NW_ROLE_MUTED, " netns %s", nw_fmt_ns(ns, nsbuf, sizeof(nsbuf)));
		}
		entry_row(p, rows, e);
	}
	if (!n) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EMPTY, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "no neighbour entries seen yet");
	}
	if (nw_neigh_model_evicted(m)) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EVICTED, NULL, 0));
		nw_row_add(r, NW_ROLE_STATUS_WARN, "%" PRIu64 " older entries evicted (store full)",
			   nw_neigh_model_evicted(m));
	}
	free(v);
}

static unsigned neigh_key(struct nw_panel *p, enum nw_action act)
{
	const struct nw_row *r = nw_panel_selected(p);

	if (!r || !r->expandable)
		return NW_REDRAW_UNHANDLED;
	if (act == NW_ACT_ENTER || (act == NW_ACT_RIGHT && !r->expanded) ||
	    ((act == NW_ACT_LEFT || act == NW_ACT_BACK) && r->expanded)) {
		nw_panel_toggle_expanded(p, r->key);
		return NW_REDRAW_PANEL;
	}
	return NW_REDRAW_UNHANDLED;
}

static uint64_t neigh_row_for_event(struct nw_panel *p, const struct nw_event *ev)
{
	const struct nw_neigh_model *m = model(p);
	const struct nw_neigh_entry *e;
	const struct nw_neigh_table_rec *t;

	if (!m)
		return 0;
	if (ev->type == NW_EV_NEIGH) {
		e = nw_neigh_model_find(m, ev->netns_ino, ev->ifindex, &ev->u.neigh.ip);
		return e ? entry_key(&e->key) : 0;
	}
	if (ev->type == NW_EV_NEIGH_TABLE) {
		t = nw_neigh_model_table(m, ev->netns_ino, ev->u.neigh_table.family);
		return t ? table_key(&t->key) : 0;
	}
	return 0;
}

const struct nw_panel_ops nw_panel_neigh_ops = {
	.name = "Neighbours",
	.hotkey = '2',
	.help = "The kernel's ARP (IPv4) and NDP (IPv6) entries.  First each neighbour table of each namespace: "
		"its entries against gc_thresh1/2/3 as a gauge (full at gc_thresh3: new entries fail, sends get "
		"ENOBUFS or EINVAL or vanish) with table-full and forced-GC counts.  Then every entry by namespace "
		"and device: address, state (REACHABLE green, STALE/DELAY/PROBE yellow, INCOMPLETE orange, FAILED "
		"red), link-layer address, probes sent, time in the state, ARP requests out and replies in.  Enter "
		"or Right opens the entry's timeline, e.g. INCOMPLETE > probe 1 > 2 > 3 > FAILED: requests went "
		"out and no reply came back.",
	.events = NW_EVMASK(NW_EV_NEIGH) | NW_EVMASK(NW_EV_NEIGH_TABLE),
	.layers = NW_CLMASK(NW_CL_NEIGH),
	.collect = neigh_collect,
	.draw = nw_panel_draw_list,
	.on_key = neigh_key,
	.row_for_event = neigh_row_for_event,
};
