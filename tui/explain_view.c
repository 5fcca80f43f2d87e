/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guided explain view: e on a finding (or on a row: the newest finding
 * related to it) runs core/diag/explain.h and walks its steps, one layer at a
 * time.  Each step jumps the panel of its layer to the row its evidence
 * names (n / p move, Esc closes); the last step is the cause and the fix.
 * r writes the explanation as a Markdown report.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/json.h"
#include "core/log.h"
#include "core/diag/report.h"
#include "core/util.h"
#include "tui/ui_int.h"

/*
 * The panel that shows an event of this type; for another type, the panel of
 * the step's layer; else the first panel (tui/panels.c's table says which).
 */
static size_t panel_for(const struct nw_event *ev, uint8_t layer)
{
	for (size_t i = 0; i < nw_npanels; i++) {
		if (nw_panel_shows(nw_panels[i], ev))
			return i;
	}
	for (size_t i = 0; i < nw_npanels; i++) {
		if (layer < 32 && (nw_panels[i]->layers & NW_CLMASK(layer)))
			return i;
	}
	return 0;
}

/* Steps 0..nsteps-1, then one more: the cause and the fix. */
static size_t last_step(const struct nw_ui *ui)
{
	return ui->expl->nsteps;
}

/* Moves the panels to the rows that prove the current step. */
static void jump(struct nw_ui *ui)
{
	const struct nw_explanation *x = ui->expl;
	const struct nw_expl_step *s = NULL;

	ui->expl_paged = false; /* the box follows the step again */
	if (ui->expl_step < x->nsteps) {
		s = &x->steps[ui->expl_step];
	} else if (x->has_cause) {
		/* The cause: the last step that looked at the cause's layer shows its object. */
		for (size_t i = x->nsteps; i-- > 0 && !s;)
			if (x->steps[i].layer == x->layer)
				s = &x->steps[i];
	}
	if (!s)
		return;
	for (size_t k = 0; k < s->nids; k++) {
		const struct nw_event *ev = nw_bus_get(ui->ctx.bus, s->ids[k]);
		struct nw_panel *p;
		uint64_t key;
		size_t i;

		if (!ev)
			continue; /* evicted from the store: the text still cites it */
		i = panel_for(ev, s->layer);
		p = ui->panels[i];
		key = p->ops->row_for_event ? p->ops->row_for_event(p, ev) : 0;
		if (!key)
			continue;
		nw_panel_select_key(p, key);
		ui->focus = i;
		ui->findings_focused = false;
		return;
	}
}

static bool start(struct nw_ui *ui, uint64_t finding_id)
{
	int rc;

	if (!ui->expl)
		ui->expl = nw_xcalloc(1, sizeof(*ui->expl));
	rc = nw_explain(ui->ctx.models, finding_id, ui->expl);
	if (rc < 0) {
		nw_warn("explain: finding %" PRIu64 " is no longer in the store (%s)", finding_id, strerror(-rc));
		return false;
	}
	ui->expl_open = true;
	ui->expl_step = 0;
	ui->expl_top = 0;
	jump(ui);
	return true;
}

/* The finding to explain: the selected one, or the newest related to the selected row. */
static uint64_t pick_finding(struct nw_ui *ui)
{
	const struct nw_row *row;
	const struct nw_finding **v;
	uint64_t id = 0;
	size_t n;

	if (ui->findings_focused) {
		row = nw_panel_selected(&ui->findings);
		return row ? row->id : 0;
	}
	row = nw_panel_selected(ui->panels[ui->focus]);
	v = nw_ui_findings_sorted(&ui->ctx, &n);
	for (size_t i = 0; i < n && !id; i++) {
		struct nw_row_link l = { 0 };

		l.valid = true;
		l.netns_ino = v[i]->ev.netns_ino;
		nw_strlcpy(l.ifname, v[i]->ev.ifname, sizeof(l.ifname));
		l.ip = v[i]->ev.u.finding.ip;
		if (!row || nw_row_link_related(&row->link, &l))
			id = v[i]->ev.u.finding.finding_id;
	}
	/* Nothing related: the newest finding, so e always does something useful. */
	if (!id && n)
		id = v[0]->ev.u.finding.finding_id;
	free(v);
	return id;
}

/* mkdir -p for the state directory (0700: a report names hosts and addresses). */
static void make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	mkdir(path, 0700);
}

/*
 * The report file, in the first directory that takes it: the current one,
 * $XDG_STATE_HOME/netwhy (~/.local/state/netwhy), /tmp.  path gets where it
 * went; NULL when none did, with errno of the current directory's failure.
 */
static FILE *open_report(const char *name, char *path, size_t size)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[PATH_MAX];
	int err;
	FILE *f;

	snprintf(path, size, "%s", name);
	f = fopen(path, "we");
	if (f)
		return f;
	err = errno;
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s/netwhy", xdg);
	else if (home && home[0] == '/')
		snprintf(dir, sizeof(dir), "%s/.local/state/netwhy", home);
	else
		dir[0] = '\0';
	if (dir[0]) {
		make_dirs(dir);
		snprintf(path, size, "%s/%s", dir, name);
		f = fopen(path, "we");
	}
	if (!f) {
		snprintf(path, size, "/tmp/%s", name);
		f = fopen(path, "wxe"); /* shared: never through someone's symlink */
	}
	if (!f)
		errno = err;
	return f;
}

/* The ticket report (core/diag/report.h: every finding explained), here or where open_report() could. */
static void write_report(struct nw_ui *ui)
{
	struct nw_report_info info = { .version = PACKAGE_STRING, .command = "", .scope = ui->scope };
	char name[64], path[PATH_MAX + 80], kernel[200], cwd_err[96] = "";
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;
	int rc;

	if (uname(&u) == 0) {
		snprintf(kernel, sizeof(kernel), "%s %s", u.release, u.version);
		info.kernel = kernel;
	} else {
		info.kernel = "unknown";
	}
	info.duration_ns = ui->newest_ts > ui->ctx.t0 ? ui->newest_ts - ui->ctx.t0 : 0;
	localtime_r(&now, &tm);
	strftime(name, sizeof(name), "netwhy-report-%Y%m%d-%H%M%S.md", &tm);
	f = open_report(name, path, sizeof(path));
	if (!f) {
		nw_error("report: cannot create %s here, in $XDG_STATE_HOME/netwhy or /tmp: %s", name, strerror(errno));
		return;
	}
	if (strchr(path, '/'))
		snprintf(cwd_err, sizeof(cwd_err), " (the current directory is not writable)");
	rc = nw_report_write(f, ui->ctx.models, &info);
	if (fclose(f) != 0 && !rc)
		rc = -errno;
	if (rc < 0)
		nw_error("report: writing %s failed: %s", path, strerror(-rc));
	else
		nw_info("report written to %s%s", path, cwd_err);
}

unsigned nw_ui_explain_action(struct nw_ui *ui, enum nw_action act)
{
	uint64_t id;

	if (!ui->expl_open) {
		if (act != NW_ACT_EXPLAIN && act != NW_ACT_REPORT)
			return NW_REDRAW_UNHANDLED;
		if (!ui->ctx.models) {
			nw_warn("explain: no models are connected to the screen, nothing to explain from");
			return NW_REDRAW_ALL;
		}
		if (act == NW_ACT_REPORT) {
			write_report(ui);
			return NW_REDRAW_ALL;
		}
		id = pick_finding(ui);
		if (!id) {
			nw_info("explain: no finding yet; findings appear in the strip at the top when a symptom shows");
			return NW_REDRAW_ALL;
		}
		start(ui, id);
		return NW_REDRAW_ALL;
	}
	switch (act) {
	case NW_ACT_PAGE_DOWN:
	case NW_ACT_PAGE_UP: {
		int page = ui->expl_page > 1 ? ui->expl_page - 1 : 1;

		/* A screenful at a time; the step stays (n/p move it and the box follows again). */
		ui->expl_top += act == NW_ACT_PAGE_DOWN ? page : -page;
		ui->expl_paged = true;
		return NW_REDRAW_ALL;
	}
	case NW_ACT_EXPLAIN_NEXT:
	case NW_ACT_DOWN:
		if (ui->expl_step < last_step(ui))
			ui->expl_step++;
		jump(ui);
		return NW_REDRAW_ALL;
	case NW_ACT_EXPLAIN_PREV:
	case NW_ACT_UP:
		if (ui->expl_step > 0)
			ui->expl_step--;
		jump(ui);
		return NW_REDRAW_ALL;
	case NW_ACT_TOP:
		ui->expl_step = 0;
		jump(ui);
		return NW_REDRAW_ALL;
	case NW_ACT_BOTTOM:
		ui->expl_step = last_step(ui);
		jump(ui);
		return NW_REDRAW_ALL;
	case NW_ACT_REPORT:
		write_report(ui);
		return NW_REDRAW_ALL;
	case NW_ACT_BACK:
	case NW_ACT_EXPLAIN:
		ui->expl_open = false;
		return NW_REDRAW_ALL;
	default:
		return NW_REDRAW_UNHANDLED;
	}
}

struct ex_draw {
	struct nw_canvas *c;
	struct nw_rect r;
	int line, top, y;
	int cur_first, cur_last; /* lines of the current step */
};

/* Wraps text into the box; counts lines even when they are scrolled out. */
static void put(struct ex_draw *d, enum nw_role role, int indent, const char *text)
{
	int w = d->r.w - indent;
	const char *s = text;

	if (w < 8)
		w = 8;
	do {
		const char *next;
		int cut = nw_text_wrap(s, w, &next);

		if (d->line >= d->top && d->y < d->r.y + d->r.h) {
			char buf[512];

			snprintf(buf, sizeof(buf), "%.*s", cut, s);
			if (role == NW_ROLE_SELECTION)
				nw_canvas_fill(d->c, (struct nw_rect){ d->r.x, d->y, d->r.w, 1 }, ' ', role);
			nw_canvas_text(d->c, d->r.x + indent, d->y, w, role, buf);
			d->y++;
		}
		d->line++;
		s = next;
	} while (*s);
}

static void body(struct nw_ui *ui, struct ex_draw *d)
{
	const struct nw_explanation *x = ui->expl;
	char buf[1024];

	put(d, NW_ROLE_FINDING_TITLE, 0, x->symptom);
	for (size_t i = 0; i < x->nsteps; i++) {
		const struct nw_expl_step *s = &x->steps[i];
		bool cur = i == ui->expl_step;
		int n = snprintf(buf, sizeof(buf), "%zu. [%s] %s", i + 1,
				 nw_cause_layer_name((enum nw_cause_layer)s->layer),
				 s->text);

		for (size_t k = 0; k < s->nids && n > 0 && (size_t)n < sizeof(buf); k++)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s#%" PRIu64, k ? " " : " (events ", s->ids[k]);
		if (s->nids && n > 0 && (size_t)n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - (size_t)n, ")");
		if (cur)
			d->cur_first = d->line;
		put(d, cur ? NW_ROLE_SELECTION : NW_ROLE_DEFAULT, 1, buf);
		if (cur)
			d->cur_last = d->line - 1;
	}
	if (ui->expl_step == x->nsteps)
		d->cur_first = d->line;
	if (x->has_cause) {
		snprintf(buf, sizeof(buf), "Cause (%s): %s", nw_cause_layer_name((enum nw_cause_layer)x->layer),
			 x->object);
		put(d, ui->expl_step == x->nsteps ? NW_ROLE_SELECTION : NW_ROLE_FINDING_TITLE, 0, buf);
		put(d, NW_ROLE_DEFAULT, 2, x->cause);
		if (x->fix[0]) {
			snprintf(buf, sizeof(buf), "Fix: %s", x->fix);
			put(d, NW_ROLE_KEY_LABEL, 0, buf);
		}
		if (x->check[0]) {
			snprintf(buf, sizeof(buf), "Check after: %s", x->check);
			put(d, NW_ROLE_DEFAULT, 0, buf);
		}
	} else {
		put(d, ui->expl_step == x->nsteps ? NW_ROLE_SELECTION : NW_ROLE_STATUS_WARN, 0,
		    "Cause: not established by the evidence (see what is missing).");
	}
	for (size_t i = 0; i < x->nmissing; i++) {
		snprintf(buf, sizeof(buf), "Missing: %s", x->missing[i]);
		put(d, NW_ROLE_STATUS_WARN, 0, buf);
	}
	if (ui->expl_step == x->nsteps)
		d->cur_last = d->line - 1;
}

void nw_ui_draw_explain(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	struct ex_draw d = { c, { r.x + 1, r.y + 1, r.w - 2, r.h - 2 }, 0, 0, r.y + 1, 0, 0 };
	char title[96];
	bool more;

	if (r.w < 10 || r.h < 3)
		return;
	nw_canvas_fill(c, r, ' ', NW_ROLE_DEFAULT);
	snprintf(title, sizeof(title), "Explain: step %zu of %zu (n/p move, r report, Esc closes)",
		 ui->expl_step + 1, ui->expl->nsteps + 1);
	nw_canvas_box(c, r, NW_ROLE_PANEL_FOCUS, title, NW_ROLE_PANEL_FOCUS);
	/* First pass measures where the current step is and how long the text is; the second draws. */
	d.top = 1 << 30;
	body(ui, &d);
	ui->expl_page = d.r.h;
	if (!ui->expl_paged && d.cur_first < ui->expl_top)
		ui->expl_top = d.cur_first;
	if (!ui->expl_paged && d.cur_last >= ui->expl_top + d.r.h)
		ui->expl_top = d.cur_last - d.r.h + 1;
	if (ui->expl_top > d.line - d.r.h)
		ui->expl_top = d.line - d.r.h;
	if (ui->expl_top < 0)
		ui->expl_top = 0;
	more = d.line - d.r.h > 0;
	d = (struct ex_draw){ c, { r.x + 1, r.y + 1, r.w - 2, r.h - 2 }, 0, ui->expl_top, r.y + 1, 0, 0 };
	body(ui, &d);
	if (more)
		nw_canvas_printf(c, r.x + r.w - 30, r.y + r.h - 1, 28, NW_ROLE_PANEL_FOCUS, " lines %d-%d of %d, PgDn ",
				 ui->expl_top + 1, ui->expl_top + d.r.h < d.line ? ui->expl_top + d.r.h : d.line, d.line);
}
