// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The panel table (tui/panels.c) and row identity (nw_row_key): every panel
 * has a hotkey no other key uses, is reachable by that key, by Tab and
 * Shift-Tab and by a click on its tab, and is in the help; a selected row
 * stays selected while older rows are evicted and new ones sort before it.
 */
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/bus.h"
#include "core/diag/neigh_model.h"
#include "core/log.h"
#include "core/names.h"
#include "tests/unit/explain_fixture.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/layout.h"
#include "tui/panel.h"
#include "tui/ui.h"

static const struct nw_panel_ops *panel_named(const char *name)
{
	for (size_t i = 0; i < nw_npanels; i++) {
		if (strcmp(nw_panels[i]->name, name) == 0)
			return nw_panels[i];
	}
	fail_msg("no panel named %s in tui/panels.c", name);
	return NULL;
}

/* Names, hotkeys and the ops every panel needs; no hotkey is also a key of tui/keys.c. */
static void test_table(void **state)
{
	(void)state;
	assert_true(nw_npanels >= 1 && nw_npanels <= NW_PANELS_MAX);
	for (size_t i = 0; i < nw_npanels; i++) {
		const struct nw_panel_ops *o = nw_panels[i];

		assert_non_null(o->name);
		assert_non_null(o->help);
		assert_non_null(o->draw);
		if (o->hotkey <= ' ' || o->hotkey >= 127)
			fail_msg("panel %s: hotkey %d is not a printable key", o->name, o->hotkey);
		for (int ctx = 0; ctx < NW_KEYCTX_COUNT; ctx++) {
			if (nw_keys_action(o->hotkey, (enum nw_key_ctx)ctx) != NW_ACT_NONE)
				fail_msg("panel %s: hotkey '%c' is also bound in tui/keys.c", o->name, o->hotkey);
		}
		assert_int_equal(nw_panels_find_key(o->hotkey), (int)i);
		for (size_t k = i + 1; k < nw_npanels; k++) {
			if (o->hotkey == nw_panels[k]->hotkey || strcmp(o->name, nw_panels[k]->name) == 0)
				fail_msg("panels %s and %s share a hotkey or a name", o->name, nw_panels[k]->name);
		}
		/* Explain jumps somewhere: each event type and each layer belongs to one panel at most. */
		for (size_t k = i + 1; k < nw_npanels; k++) {
			assert_int_equal(o->events & nw_panels[k]->events, 0);
			assert_int_equal(o->layers & nw_panels[k]->layers, 0);
		}
	}
	assert_int_equal(nw_panels_find_key(0), -1);
}

struct world {
	struct fx fx;
	struct nw_ui *ui;
};

static void world_setup(struct world *w)
{
	struct nw_ui_opts opts = { .scope = "all" };

	nw_log_init(64);
	nw_log_set_echo(false, NW_LOG_ERROR);
	fx_setup(&w->fx);
	w->ui = nw_ui_new(w->fx.bus, &opts);
	nw_ui_set_models(w->ui, w->fx.m);
	nw_ui_set_now(w->ui, w->fx.now);
}

static void world_teardown(struct world *w)
{
	nw_ui_free(w->ui);
	fx_teardown(&w->fx);
	nw_log_fini();
}

static char *render(struct nw_ui *ui, int w, int h)
{
	struct nw_canvas *c = nw_canvas_new(w, h, true);
	char *text;

	nw_ui_draw(ui, c);
	text = nw_canvas_dump_text(c);
	nw_canvas_free(c);
	return text;
}

/* Screen row and column (cells: ASCII) where text starts; false when absent. */
static bool find(const char *screen, const char *text, int *x, int *y)
{
	const char *hit = strstr(screen, text), *bol = screen;

	if (!hit)
		return false;
	*y = 0;
	for (const char *p = screen; p < hit; p++) {
		if (*p == '\n') {
			(*y)++;
			bol = p + 1;
		}
	}
	*x = (int)(hit - bol);
	return true;
}

/* Each panel by its hotkey, by Tab / Shift-Tab in table order, and by a click on its tab. */
static void test_every_panel_reachable(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	for (size_t i = 0; i < nw_npanels; i++) {
		nw_ui_key(w.ui, nw_panels[i]->hotkey);
		assert_ptr_equal(nw_ui_focus(w.ui), nw_panels[i]);
	}
	nw_ui_key(w.ui, nw_panels[0]->hotkey);
	for (size_t i = 1; i <= nw_npanels; i++) {
		nw_ui_key(w.ui, NW_KEY_TAB);
		assert_ptr_equal(nw_ui_focus(w.ui), nw_panels[i % nw_npanels]);
	}
	for (size_t i = nw_npanels; i-- > 0;) {
		nw_ui_key(w.ui, NW_KEY_BTAB);
		assert_ptr_equal(nw_ui_focus(w.ui), nw_panels[i]);
	}
	/* The tab bar (80x24: one panel at a time) names each; a click there focuses it. */
	s = render(w.ui, 80, 24);
	for (size_t i = 0; i < nw_npanels; i++) {
		char label[64];
		int x = 0, y = 0;

		snprintf(label, sizeof(label), " %c %s ", nw_panels[i]->hotkey, nw_panels[i]->name);
		if (!find(s, label, &x, &y))
			fail_msg("the tab bar has no \"%s\":\n%s", label, s);
		nw_ui_key(w.ui, NW_KEY_MOUSE(NW_MOUSE_CLICK, x + 1, y));
		assert_ptr_equal(nw_ui_focus(w.ui), nw_panels[i]);
	}
	free(s);
	world_teardown(&w);
}

/* The help names each panel's hotkey and name in the keys, and has each panel's paragraph. */
static void test_help_lists_every_panel(void **state)
{
	struct world w;
	char *s, *line, *end;
	char want[64];

	(void)state;
	world_setup(&w);
	nw_ui_key(w.ui, '?');
	assert_true(nw_ui_help_open(w.ui));
	s = render(w.ui, 240, 200);
	snprintf(want, sizeof(want), "go to %s", nw_panels[0]->name);
	line = strstr(s, want);
	if (!line)
		fail_msg("the help has no line for the panels' hotkeys:\n%s", s);
	while (line > s && line[-1] != '\n')
		line--;
	end = strchr(line, '\n');
	*end = '\0';
	for (size_t i = 0; i < nw_npanels; i++) {
		char key[4] = { ' ', (char)nw_panels[i]->hotkey, ' ', 0 };

		if (!strstr(line, key) || !strstr(line, nw_panels[i]->name))
			fail_msg("the help's panel keys line does not name '%c' %s: %s", nw_panels[i]->hotkey,
				 nw_panels[i]->name, line);
	}
	*end = '\n';
	for (size_t i = 0; i < nw_npanels; i++) {
		snprintf(want, sizeof(want), "%c %s", nw_panels[i]->hotkey, nw_panels[i]->name);
		assert_non_null(strstr(s, want));
		snprintf(want, sizeof(want), "%.40s", nw_panels[i]->help);
		if (!strstr(s, want))
			fail_msg("the help lacks the paragraph of %s", nw_panels[i]->name);
	}
	free(s);
	world_teardown(&w);
}

/* A panel of the table outside the UI, fed events as the UI does. */
struct lone {
	struct nw_ui_ctx ctx;
	struct nw_panel *p;
};

static void lone_feed(struct lone *l, uint64_t id)
{
	const struct nw_event *ev = nw_bus_get(l->ctx.bus, id);

	if (l->p->ops->on_event && nw_panel_shows(l->p->ops, ev))
		l->p->ops->on_event(l->p, ev);
	if (!l->ctx.t0)
		l->ctx.t0 = ev->ts;
}

static uint64_t packet(struct fx *fx, struct lone *l, int i)
{
	char src[32];
	uint64_t id;

	snprintf(src, sizeof(src), "192.0.2.%d", 1 + i % 250);
	id = fx_ip_pkt(fx, 1, 0, 2, "eth0", NW_DIR_IN, IPPROTO_UDP, "02:00:00:00:00:01", "02:00:00:00:00:02",
		       src, "198.51.100.1", 0);
	lone_feed(l, id);
	return id;
}

/*
 * Packets: the event store (64 events) evicts the oldest frames; the
 * selected frame keeps its selection though its position changes.
 */
static void test_selection_survives_eviction(void **state)
{
	struct fx fx = { .bus = nw_bus_new(64), .now = 5000000000000ull };
	struct lone l = { .ctx = { .bus = fx.bus, .upto_id = UINT64_MAX } };
	uint64_t chosen, key;

	(void)state;
	l.p = nw_panel_new(panel_named("Packets"), &l.ctx);
	nw_panel_resize(l.p, 100, 20);
	for (int i = 0; i < 40; i++)
		packet(&fx, &l, i);
	nw_panel_refresh(l.p);
	assert_int_equal(l.p->nshown, 40);
	nw_panel_list_key(l.p, NW_ACT_TOP);
	for (int i = 0; i < 29; i++)
		nw_panel_list_key(l.p, NW_ACT_DOWN);
	chosen = nw_panel_selected(l.p)->id;
	assert_int_equal(l.p->sel, 29);
	/* 40 more: the store keeps the newest 64, the first 16 frames are gone. */
	for (int i = 40; i < 80; i++)
		packet(&fx, &l, i);
	nw_panel_refresh(l.p);
	assert_int_equal(l.p->nshown, 64);
	assert_int_equal(nw_panel_selected(l.p)->id, chosen);
	assert_int_equal(l.p->sel, 13);
	/* The same key on every redraw. */
	key = nw_panel_selected(l.p)->key;
	nw_panel_refresh(l.p);
	assert_int_equal(nw_panel_selected(l.p)->key, key);
	nw_panel_free(l.p);
	nw_bus_free(fx.bus);
}

/* Neighbours: entries that sort before the selected one (failures first) do not move the selection off it. */
static void test_selection_follows_its_neighbour(void **state)
{
	struct fx fx;
	struct lone l;
	const struct nw_row *r;
	char buf[NW_ROW_MAX];
	size_t before;

	(void)state;
	fx_setup(&fx);
	l = (struct lone){ .ctx = { .bus = fx.bus, .models = fx.m, .upto_id = UINT64_MAX, .now = fx.now } };
	l.p = nw_panel_new(panel_named("Neighbours"), &l.ctx);
	nw_panel_resize(l.p, 100, 20);
	fx_neigh(&fx, 10, 1, 2, "eth0", "192.0.2.20", NW_NUD_REACHABLE, 0, 0);
	fx_neigh(&fx, 10, 1, 2, "eth0", "192.0.2.30", NW_NUD_REACHABLE, 0, 0);
	nw_panel_refresh(l.p);
	nw_panel_list_key(l.p, NW_ACT_BOTTOM);
	r = nw_panel_selected(l.p);
	assert_non_null(strstr(r->text, "192.0.2.30"));
	before = l.p->sel;
	/* Failures on another device and on this one: listed before it. */
	fx_neigh(&fx, 10, 1, 3, "eth1", "192.0.2.40", NW_NUD_FAILED, 0, 3);
	fx_neigh(&fx, 10, 1, 2, "eth0", "192.0.2.25", NW_NUD_FAILED, 0, 3);
	nw_panel_refresh(l.p);
	r = nw_panel_selected(l.p);
	snprintf(buf, sizeof(buf), "%s", r->text);
	if (!strstr(buf, "192.0.2.30"))
		fail_msg("the selection moved to \"%s\"", buf);
	assert_true(l.p->sel > before);
	nw_panel_free(l.p);
	fx_teardown(&fx);
}

/* Keys depend on what a row shows, its kind and its parent, and are never 0. */
static void test_row_key(void **state)
{
	uint64_t a = 7, b = 8;

	(void)state;
	assert_int_equal(nw_row_key(0, 1, &a, sizeof(a)), nw_row_key(0, 1, &a, sizeof(a)));
	assert_int_not_equal(nw_row_key(0, 1, &a, sizeof(a)), nw_row_key(0, 1, &b, sizeof(b)));
	assert_int_not_equal(nw_row_key(0, 1, &a, sizeof(a)), nw_row_key(0, 2, &a, sizeof(a)));
	assert_int_not_equal(nw_row_key(0, 1, &a, sizeof(a)), nw_row_key(1, 1, &a, sizeof(a)));
	assert_int_not_equal(nw_row_key(0, 1, NULL, 0), 0);
	assert_int_not_equal(nw_row_key(0, 1, NULL, 0), nw_row_key(0, 2, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_panel_reachable),
		cmocka_unit_test(test_help_lists_every_panel),
		cmocka_unit_test(test_selection_survives_eviction),
		cmocka_unit_test(test_selection_follows_its_neighbour),
		cmocka_unit_test(test_row_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
