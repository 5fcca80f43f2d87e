/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The findings strip: the symptoms the models detected (core/diag/findings.h),
 * newest first, one line each.  It is a list like the panels (f focuses it,
 * e explains the selected finding).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag/correlate.h"
#include "core/diag/findings.h"
#include "core/util.h"
#include "tui/ui_int.h"

static int cmp_newest(const void *a, const void *b)
{
	const struct nw_finding *x = *(const struct nw_finding *const *)a;
	const struct nw_finding *y = *(const struct nw_finding *const *)b;

	if (x->ev.u.finding.last_ts != y->ev.u.finding.last_ts)
		return x->ev.u.finding.last_ts > y->ev.u.finding.last_ts ? -1 : 1;
	return x->ev.u.finding.finding_id > y->ev.u.finding.finding_id ? -1 : 1;
}

static enum nw_role kind_role(uint8_t kind)
{
	switch (kind) {
	case NW_FIND_SOCK_ERRNO:
	case NW_FIND_NETLINK_OVERRUN:
		return NW_ROLE_ERRNO;
	case NW_FIND_NEIGH_FAILED:
		return NW_ROLE_NEIGH_FAILED;
	case NW_FIND_MAC_MISMATCH:
		return NW_ROLE_PACKET_MAC_MISMATCH;
	case NW_FIND_QDISC_CTRL_DROP:
		return NW_ROLE_QDISC_DROP;
	case NW_FIND_NEIGH_TABLE_FULL:
		return NW_ROLE_GAUGE_FULL;
	default:
		return NW_ROLE_DROP;
	}
}

/* The findings visible now (paused: raised by then), newest first.  Caller frees. */
const struct nw_finding **nw_ui_findings_sorted(const struct nw_ui_ctx *ctx, size_t *n)
{
	const struct nw_findings *f = ctx->models ? nw_models_findings(ctx->models) : NULL;
	size_t total = f ? nw_findings_count(f) : 0, k = 0;
	const struct nw_finding **v = nw_xcalloc(total + 1, sizeof(*v));

	for (size_t i = 0; i < total; i++) {
		const struct nw_finding *x = nw_findings_at(f, i);

		if (x && x->ev.u.finding.first_event_id <= ctx->upto_id)
			v[k++] = x;
	}
	qsort(v, k, sizeof(*v), cmp_newest);
	*n = k;
	return v;
}

static void findings_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	size_t n;
	const struct nw_finding **v = nw_ui_findings_sorted(p->ctx, &n);
	char buf[320], d[32];

	(void)heading;
	for (size_t i = 0; i < n; i++) {
		const struct nw_event *ev = &v[i]->ev;
		const struct nw_finding_ev *x = &ev->u.finding;
		struct nw_row *r = nw_rows_push(rows, nw_row_key(0, 0, &x->finding_id, sizeof(x->finding_id)));

		r->id = x->finding_id; /* what e explains */
		r->link.valid = true;
		r->link.netns_ino = ev->netns_ino;
		nw_strlcpy(r->link.ifname, ev->ifname, sizeof(r->link.ifname));
		r->link.ip = x->ip;
		nw_row_glyph(r, p->ctx->ascii, NW_GLYPH_DROP, kind_role(x->kind));
		nw_row_add(r, NW_ROLE_MUTED, " %7s ",
			   p->ctx->now >= x->last_ts ? nw_fmt_dur(p->ctx->now - x->last_ts, d, sizeof(d)) : "-");
		nw_row_add(r, NW_ROLE_FINDING, "%s", nw_finding_summary(ev, buf, sizeof(buf)));
	}
	free(v);
}

const struct nw_panel_ops nw_findings_ops = {
	.name = "Findings",
	.help = "Symptoms detected without being asked, newest first, with how long ago they last happened: "
		"errnos sockets got, neighbours that went FAILED, frames to a MAC that is not the interface's, "
		"qdiscs dropping ARP/NDP, neighbour table overflows, netlink listeners losing messages, drop "
		"counters rising.  f moves the selection to the strip; e explains the selected finding.",
	.collect = findings_collect,
	.draw = nw_panel_draw_list,
};

void nw_ui_draw_findings(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	struct nw_panel *p = &ui->findings;
	enum nw_role title = ui->findings_focused ? NW_ROLE_PANEL_FOCUS : NW_ROLE_FINDING_TITLE;
	int x;

	nw_panel_refresh(p);
	x = nw_canvas_printf(c, r.x, r.y, r.w, title, "Findings (%zu)", p->rows.n);
	if (!ui->ctx.models)
		nw_canvas_text(c, r.x + x, r.y, r.w - x, NW_ROLE_MUTED, "  no models connected: nothing is detected");
	else if (!p->rows.n)
		nw_canvas_text(c, r.x + x, r.y, r.w - x, NW_ROLE_MUTED, "  none yet: everything looks normal so far");
	else if (!ui->findings_focused)
		nw_canvas_text(c, r.x + x, r.y, r.w - x, NW_ROLE_MUTED, "  f selects, e explains");
	/* Unfocused the strip shows the newest at the top; focused it scrolls with the selection. */
	p->hide_sel = !ui->findings_focused;
	if (!ui->findings_focused) {
		p->sel = 0;
		p->top = 0;
		p->have_sel = false;
	}
	if (r.h > 1)
		nw_panel_draw_list(p, c, (struct nw_rect){ r.x, r.y + 1, r.w, r.h - 1 });
}
