/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The screen's state machine: focus, zoom, help, prompts, pause; draws everything into a canvas. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bus.h"
#include "core/log.h"
#include "core/ring.h"
#include "core/util.h"
#include "tui/layout.h"
#include "tui/panel.h"
#include "tui/ui.h"
#include "tui/ui_int.h"

/*
 * The header names the capture filter in force ("capture 'icmp'"), which
 * the c prompt changes; a scope text ending in the start's filter
 * ("... if lo  filter icmp") would go stale, so that part goes.
 */
static void scope_without_filter(char *scope, const char *filter)
{
	char tail[300];
	size_t n = strlen(scope), k;

	if (!filter[0])
		return;
	k = (size_t)snprintf(tail, sizeof(tail), "  filter %s", filter);
	if (k < sizeof(tail) && n >= k && strcmp(scope + n - k, tail) == 0)
		scope[n - k] = '\0';
}

struct nw_ui *nw_ui_new(struct nw_bus *bus, const struct nw_ui_opts *opts)
{
	struct nw_ui *ui = nw_xcalloc(1, sizeof(*ui));

	ui->ctx.bus = bus;
	ui->ctx.upto_id = UINT64_MAX;
	ui->ctx.ascii = opts && opts->ascii;
	ui->ctx.now = nw_now_mono();
	if (opts) {
		nw_strlcpy(ui->scope, opts->scope ? opts->scope : "", sizeof(ui->scope));
		nw_strlcpy(ui->host, opts->host ? opts->host : "", sizeof(ui->host));
		ui->replay = opts->replay;
		ui->ctx.self_pid = opts->replay ? 0 : (uint32_t)getpid();
		ui->ctx.packet_bytes = opts->packet_bytes;
		ui->ctx.packet_bytes_arg = opts->packet_bytes_arg;
		ui->ctx.l2_flag_name = opts->l2_flag_name;
		ui->set_capture_filter = opts->set_capture_filter;
		ui->capture_filter_arg = opts->capture_filter_arg;
		nw_strlcpy(ui->capture_filter, opts->capture_filter ? opts->capture_filter : "",
			   sizeof(ui->capture_filter));
		scope_without_filter(ui->scope, ui->capture_filter);
	}
	for (size_t i = 0; i < nw_npanels; i++)
		ui->panels[i] = nw_panel_new(nw_panels[i], &ui->ctx);
	nw_panel_init(&ui->findings, &nw_findings_ops, &ui->ctx);
	/* Events stored before the UI started count too. */
	for (size_t i = 0; i < nw_ring_count(nw_bus_ring(bus)); i++)
		nw_ui_on_event(nw_ring_at(nw_bus_ring(bus), i), ui);
	ui->dirty = true;
	return ui;
}

void nw_ui_free(struct nw_ui *ui)
{
	if (!ui)
		return;
	for (size_t i = 0; i < nw_npanels; i++)
		nw_panel_free(ui->panels[i]);
	nw_panel_fini(&ui->findings);
	free(ui->expl);
	free(ui);
}

void nw_ui_set_models(struct nw_ui *ui, const struct nw_models *models)
{
	ui->ctx.models = models;
	ui->dirty = true;
}

void nw_ui_set_now(struct nw_ui *ui, uint64_t now_ns)
{
	ui->ctx.now = now_ns;
}

bool nw_ui_dirty(const struct nw_ui *ui)
{
	return ui->dirty;
}

void nw_ui_mark_dirty(struct nw_ui *ui)
{
	ui->dirty = true;
}

void nw_ui_on_event(const struct nw_event *ev, void *arg)
{
	struct nw_ui *ui = arg;

	if (!ui->ctx.t0 || ev->ts < ui->ctx.t0)
		ui->ctx.t0 = ev->ts;
	if (ev->ts > ui->newest_ts)
		ui->newest_ts = ev->ts;
	if (ev->type == NW_EV_SOURCE)
		nw_ui_source_update(ui, ev);
	for (size_t i = 0; i < nw_npanels; i++) {
		const struct nw_panel_ops *ops = ui->panels[i]->ops;

		if (ops->on_event && nw_panel_shows(ops, ev))
			ops->on_event(ui->panels[i], ev);
	}
	/* Paused: the screen shows a frozen moment; only the header's counters move. */
	ui->dirty = true;
}

const struct nw_panel_ops *nw_ui_focus(const struct nw_ui *ui)
{
	return ui->panels[ui->focus]->ops;
}

bool nw_ui_zoomed(const struct nw_ui *ui)
{
	return ui->zoom;
}

bool nw_ui_help_open(const struct nw_ui *ui)
{
	return ui->help_open;
}

bool nw_ui_paused(const struct nw_ui *ui)
{
	return ui->ctx.upto_id != UINT64_MAX;
}

bool nw_ui_explaining(const struct nw_ui *ui)
{
	return ui->expl_open;
}

/* --- keys ----------------------------------------------------------------------- */

static struct nw_panel *focused_panel(struct nw_ui *ui)
{
	return ui->findings_focused ? &ui->findings : ui->panels[ui->focus];
}

static void apply_capture_filter(struct nw_ui *ui)
{
	char err[256] = "";
	int rc;

	if (!ui->set_capture_filter) {
		nw_warn("capture filter: this run cannot change it (replaying a file, or no live capture); "
			"give the filter on the command line instead");
		return;
	}
	rc = ui->set_capture_filter(ui->capture_filter_arg, ui->prompt_buf, err, sizeof(err));
	if (rc < 0) {
		nw_error("capture filter '%s' not applied: %s", ui->prompt_buf, err[0] ? err : strerror(-rc));
		return;
	}
	nw_strlcpy(ui->capture_filter, ui->prompt_buf, sizeof(ui->capture_filter));
	if (ui->capture_filter[0])
		nw_info("capture filter now '%s' (for packets from now on)", ui->capture_filter);
	else
		nw_info("capture filter cleared: capturing everything");
}

/* Ctrl-W: the word before the cursor (and the spaces after it) goes. */
static void prompt_erase_word(char *buf)
{
	size_t n = strlen(buf);

	while (n && buf[n - 1] == ' ')
		n--;
	while (n && buf[n - 1] != ' ')
		n--;
	buf[n] = '\0';
}

static void prompt_enter(struct nw_ui *ui)
{
	struct nw_panel *p = focused_panel(ui);

	if (ui->prompt == 'c') {
		apply_capture_filter(ui);
	} else if (ui->prompt == '/') {
		nw_strlcpy(p->search, ui->prompt_buf, sizeof(p->search));
		if (p->search[0] && !nw_panel_search(p, 1))
			nw_info("search: no row of %s contains \"%s\"", p->ops->name, p->search);
	} else {
		nw_strlcpy(p->filter, ui->prompt_buf, sizeof(p->filter));
	}
}

/*
 * A one-line editor with the cursor at the end, as readline's habits go:
 * Ctrl-U clears, Ctrl-W erases a word, Backspace a character.  The old value
 * comes selected: a typed character replaces it, Backspace, End or an arrow
 * keeps it for editing.
 */
static unsigned prompt_key(struct nw_ui *ui, int key)
{
	bool fresh = ui->prompt_fresh;
	size_t n;

	ui->prompt_fresh = false;
	if (key == NW_KEY_ESC) {
		ui->prompt = 0;
	} else if (key == NW_KEY_ENTER || key == '\r') {
		prompt_enter(ui);
		ui->prompt = 0;
	} else if (key == NW_KEY_CTRL_U) {
		ui->prompt_buf[0] = '\0';
	} else if (key == NW_KEY_CTRL_W) {
		prompt_erase_word(ui->prompt_buf);
	} else if (key == NW_KEY_BACKSPACE || key == NW_KEY_DEL || key == 8) {
		n = strlen(ui->prompt_buf);
		if (n)
			ui->prompt_buf[n - 1] = '\0';
	} else if (key >= 32 && key < 127) {
		if (fresh)
			ui->prompt_buf[0] = '\0';
		n = strlen(ui->prompt_buf);
		if (n + 1 < sizeof(ui->prompt_buf)) {
			ui->prompt_buf[n] = (char)key;
			ui->prompt_buf[n + 1] = '\0';
		}
	}
	return NW_REDRAW_ALL;
}

/* Opens prompt kind ('/', '\\' or 'c') with the old value, selected. */
static void prompt_open(struct nw_ui *ui, int kind, const char *old)
{
	ui->prompt = kind;
	nw_strlcpy(ui->prompt_buf, old, sizeof(ui->prompt_buf));
	ui->prompt_fresh = old[0] != '\0';
}

static void set_focus(struct nw_ui *ui, size_t i)
{
	ui->findings_focused = false;
	ui->focus = i % nw_npanels;
}

static unsigned ui_action(struct nw_ui *ui, enum nw_action act)
{
	struct nw_panel *p = focused_panel(ui);
	unsigned r;

	if (ui->findings_focused && act == NW_ACT_ENTER && !ui->expl_open)
		act = NW_ACT_EXPLAIN; /* drilling into a finding is explaining it */
	r = nw_ui_explain_action(ui, act);
	if (!(r & NW_REDRAW_UNHANDLED))
		return r;
	switch (act) {
	case NW_ACT_QUIT:
		return NW_UI_QUIT;
	case NW_ACT_HELP:
	case NW_ACT_MESSAGES:
		ui->help_open = true;
		ui->messages = act == NW_ACT_MESSAGES;
		ui->help_top = 0;
		return NW_REDRAW_ALL;
	case NW_ACT_NEXT_PANEL:
		set_focus(ui, ui->findings_focused ? 0 : ui->focus + 1);
		return NW_REDRAW_ALL;
	case NW_ACT_PREV_PANEL:
		set_focus(ui, ui->findings_focused ? nw_npanels - 1 : ui->focus + nw_npanels - 1);
		return NW_REDRAW_ALL;
	case NW_ACT_FINDINGS:
		ui->findings_focused = !ui->findings_focused;
		return NW_REDRAW_ALL;
	case NW_ACT_ZOOM:
		ui->zoom = !ui->zoom;
		return NW_REDRAW_ALL;
	case NW_ACT_PAUSE:
		if (ui->ctx.upto_id == UINT64_MAX) {
			const struct nw_ring *ring = nw_bus_ring(ui->ctx.bus);

			/* Freeze at the newest stored event's id (0 when none: an empty screen stays empty). */
			ui->ctx.upto_id = 0;
			if (nw_ring_count(ring))
				ui->ctx.upto_id = ((const struct nw_event *)nw_ring_at(ring, nw_ring_count(ring) - 1))->id;
			ui->paused_now = ui->ctx.now;
		} else {
			ui->ctx.upto_id = UINT64_MAX;
		}
		return NW_REDRAW_ALL;
	case NW_ACT_REDRAW:
		return NW_REDRAW_ALL;
	case NW_ACT_CAPTURE_FILTER:
		prompt_open(ui, 'c', ui->capture_filter);
		return NW_REDRAW_ALL;
	case NW_ACT_SEARCH:
		prompt_open(ui, '/', ""); /* a search starts afresh (n repeats the last) */
		return NW_REDRAW_ALL;
	case NW_ACT_FILTER:
		prompt_open(ui, '\\', p->filter);
		return NW_REDRAW_ALL;
	case NW_ACT_SEARCH_NEXT:
	case NW_ACT_SEARCH_PREV:
		if (!p->search[0])
			nw_info("search: press / and type what to look for first");
		else if (!nw_panel_search(p, act == NW_ACT_SEARCH_NEXT ? 1 : -1))
			nw_info("search: no row of %s contains \"%s\"", p->ops->name, p->search);
		return NW_REDRAW_ALL;
	case NW_ACT_BACK:
		if (ui->zoom) {
			ui->zoom = false;
			return NW_REDRAW_ALL;
		}
		break;
	default:
		break;
	}
	/* Keys act on the rows as they are now, not as last drawn (a paste arrives in one batch). */
	nw_panel_refresh(p);
	r = p->ops->on_key ? p->ops->on_key(p, act) : NW_REDRAW_UNHANDLED;
	if (r & NW_REDRAW_UNHANDLED)
		r = nw_panel_list_key(p, act);
	return r & ~NW_REDRAW_UNHANDLED;
}

/* " 1 Packets ": a tab, as drawn and as clicked (cells = bytes: names are ASCII). */
static int tab_label(const struct nw_panel_ops *ops, char *buf, size_t size)
{
	snprintf(buf, size, " %c %s ", ops->hotkey, ops->name);
	return (int)strlen(buf);
}

static bool in_rect(struct nw_rect r, int x, int y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* A click focuses the panel (or tab, or finding) under it and selects the row; the wheel scrolls. */
static unsigned mouse(struct nw_ui *ui, int key)
{
	int x = NW_KEY_MOUSE_X(key), y = NW_KEY_MOUSE_Y(key), btn = NW_KEY_MOUSE_BUTTON(key);
	const struct nw_layout *l = &ui->layout;

	if (ui->help_open || ui->prompt || l->mode == NW_LAYOUT_TOO_SMALL)
		return NW_REDRAW_NONE;
	if (btn == NW_MOUSE_WHEEL_UP || btn == NW_MOUSE_WHEEL_DOWN) {
		for (int i = 0; i < 3; i++)
			ui_action(ui, btn == NW_MOUSE_WHEEL_UP ? NW_ACT_UP : NW_ACT_DOWN);
		return NW_REDRAW_ALL;
	}
	if (in_rect(l->tabs, x, y)) {
		int cx = l->tabs.x;

		for (size_t i = 0; i < nw_npanels; i++) {
			char label[64];
			int wlabel = tab_label(nw_panels[i], label, sizeof(label)) + 1; /* and a space between */

			if (x >= cx && x < cx + wlabel) {
				set_focus(ui, i);
				return NW_REDRAW_ALL;
			}
			cx += wlabel;
		}
		return NW_REDRAW_NONE;
	}
	if (!ui->expl_open && in_rect(l->findings, x, y)) {
		ui->findings_focused = true;
		nw_panel_refresh(&ui->findings);
		nw_panel_click(&ui->findings, x, y);
		return NW_REDRAW_ALL;
	}
	for (size_t i = 0; i < nw_npanels; i++) {
		if (!in_rect(l->panel[i], x, y))
			continue;
		set_focus(ui, i);
		nw_panel_click(ui->panels[i], x, y);
		return NW_REDRAW_ALL;
	}
	return NW_REDRAW_NONE;
}

unsigned nw_ui_key(struct nw_ui *ui, int key)
{
	unsigned r;

	if (NW_KEY_IS_MOUSE(key)) {
		r = mouse(ui, key);
	} else if (key == NW_KEY_RESIZE) {
		r = NW_REDRAW_ALL;
	} else if (ui->prompt) {
		r = prompt_key(ui, key);
	} else if (ui->help_open) {
		enum nw_action act = nw_keys_action(key, NW_KEYCTX_MAIN);

		if (act == NW_ACT_DOWN)
			ui->help_top++;
		else if (act == NW_ACT_UP && ui->help_top > 0)
			ui->help_top--;
		else if (act == NW_ACT_PAGE_DOWN)
			ui->help_top += ui->help_page > 1 ? ui->help_page - 1 : 1;
		else if (act == NW_ACT_PAGE_UP)
			ui->help_top = ui->help_top > ui->help_page - 1 ? ui->help_top - (ui->help_page - 1) : 0;
		else if (act == NW_ACT_TOP)
			ui->help_top = 0;
		else if (act == NW_ACT_BOTTOM)
			ui->help_top = 1 << 20; /* clamped when drawn */
		else if (act == NW_ACT_QUIT && key == NW_KEY_F(10))
			return NW_UI_QUIT;
		else
			ui->help_open = false;
		r = NW_REDRAW_ALL;
	} else if (nw_panels_find_key(key) >= 0) {
		set_focus(ui, (size_t)nw_panels_find_key(key));
		r = NW_REDRAW_ALL;
	} else {
		r = ui_action(ui, nw_keys_action(key, ui->expl_open ? NW_KEYCTX_EXPLAIN : NW_KEYCTX_MAIN));
	}
	if (r & (NW_REDRAW_ALL | NW_REDRAW_PANEL))
		ui->dirty = true;
	return r;
}

/* --- drawing -------------------------------------------------------------------- */

static void draw_tabs(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	int x = r.x;

	nw_canvas_fill(c, r, ' ', NW_ROLE_TAB);
	for (size_t i = 0; i < nw_npanels; i++) {
		enum nw_role role = i == ui->focus ? NW_ROLE_TAB_ACTIVE : NW_ROLE_TAB;
		char label[64];

		tab_label(nw_panels[i], label, sizeof(label));
		x += nw_canvas_text(c, x, r.y, r.x + r.w - x, role, label);
		x += nw_canvas_text(c, x, r.y, r.x + r.w - x, NW_ROLE_TAB, " ");
	}
}

static void draw_panel(struct nw_ui *ui, struct nw_canvas *c, size_t i, struct nw_rect r)
{
	struct nw_panel *p = ui->panels[i];
	bool focus = i == ui->focus && !ui->findings_focused;
	char title[96];
	struct nw_rect inner = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 };

	if (r.w < 4 || r.h < 3)
		return;
	snprintf(title, sizeof(title), "%c %s%s%s", p->ops->hotkey, p->ops->name, p->filter[0] ? " (filtered)" : "",
		 ui->zoom ? " [zoom: o or Esc to return]" : "");
	/* The focused panel: its border in the focus role, its title filled like the active tab, a mark. */
	nw_canvas_box(c, r, focus ? NW_ROLE_PANEL_FOCUS : NW_ROLE_PANEL_BORDER, title,
		      focus ? NW_ROLE_TAB_ACTIVE : NW_ROLE_PANEL_TITLE);
	if (focus && r.w > 6)
		nw_canvas_glyph(c, r.x + 1, r.y, NW_GLYPH_FOCUS, NW_ROLE_PANEL_FOCUS);
	nw_panel_resize(p, inner.w, inner.h);
	p->ops->draw(p, c, inner);
}

static void draw_too_small(struct nw_canvas *c)
{
	int w = nw_canvas_width(c), h = nw_canvas_height(c);
	char msg[96], line[96];
	const char *s = msg;

	snprintf(msg, sizeof(msg), "terminal too small (%dx%d): netwhy needs %dx%d; q quits", w, h,
		 NW_LAYOUT_MIN_W, NW_LAYOUT_MIN_H);
	/* Word-wrapped over as many lines as the terminal has. */
	for (int y = 0; y < h && *s; y++) {
		const char *next;
		int cut = nw_text_wrap(s, w, &next);

		snprintf(line, sizeof(line), "%.*s", cut, s);
		nw_canvas_text(c, 0, y, w, NW_ROLE_STATUS_WARN, line);
		s = next;
	}
}

void nw_ui_draw(struct nw_ui *ui, struct nw_canvas *c)
{
	struct nw_layout l;
	int w = nw_canvas_width(c), h = nw_canvas_height(c);

	if (ui->replay && ui->newest_ts)
		ui->ctx.now = ui->newest_ts;
	if (nw_ui_paused(ui))
		ui->ctx.now = ui->paused_now;
	ui->ctx.ascii = nw_canvas_ascii(c); /* glyphs in rows follow the canvas they land in */
	nw_canvas_clear(c, NW_ROLE_DEFAULT);
	nw_panel_refresh(&ui->findings); /* how many rows the strip needs */
	nw_layout_compute(&l, w, h, (int)nw_npanels, (int)ui->focus, ui->zoom, ui->expl_open,
			  (int)ui->findings.rows.n);
	ui->layout = l;
	ui->dirty = false;
	if (l.mode == NW_LAYOUT_TOO_SMALL) {
		draw_too_small(c);
		return;
	}
	/* The focused row links the others: draw the focused panel first so its selection is current. */
	ui->ctx.sel_link = NULL;
	if (!ui->findings_focused && l.panel[ui->focus].w) {
		draw_panel(ui, c, ui->focus, l.panel[ui->focus]);
		if (nw_panel_selected(ui->panels[ui->focus]))
			ui->ctx.sel_link = &((struct nw_row *)nw_panel_selected(ui->panels[ui->focus]))->link;
	}
	for (size_t i = 0; i < nw_npanels; i++) {
		if (l.panel[i].w && (i != ui->focus || ui->findings_focused))
			draw_panel(ui, c, i, l.panel[i]);
	}
	ui->ctx.sel_link = NULL;
	nw_ui_draw_header(ui, c, l.header);
	if (ui->expl_open)
		nw_ui_draw_explain(ui, c, l.findings);
	else
		nw_ui_draw_findings(ui, c, l.findings);
	if (l.mode == NW_LAYOUT_TABS)
		draw_tabs(ui, c, l.tabs);
	nw_ui_draw_keybar(ui, c, l.keybar);
	nw_ui_draw_status(ui, c, l.status);
	if (ui->help_open)
		nw_ui_draw_help(ui, c, (struct nw_rect){ 0, 0, w, h - 1 });
}
