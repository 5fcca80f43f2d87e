// SPDX-License-Identifier: GPL-2.0-or-later
/* tui/layout and tui/keys: geometry at every size, and the key map's promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tui/keys.h"
#include "tui/layout.h"

static bool inside(struct nw_rect r, int w, int h)
{
	return r.x >= 0 && r.y >= 0 && r.w >= 0 && r.h >= 0 && r.x + r.w <= w && r.y + r.h <= h;
}

static bool overlap(struct nw_rect a, struct nw_rect b)
{
	if (!a.w || !a.h || !b.w || !b.h)
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Every size from 1x1 to 300x100, panel count, focus, zoom, explain and findings or none: parts inside the screen, none overlapping. */
static void check_layout(int w, int h, int npanels, int focus, int z)
{
	struct nw_layout l;
	struct nw_rect parts[5 + NW_PANELS_MAX];
	int n = 0, shown = 0;

	nw_layout_compute(&l, w, h, npanels, focus, z & 1, z & 2, z & 4 ? 0 : 9);
	if (w < NW_LAYOUT_MIN_W || h < NW_LAYOUT_MIN_H) {
		assert_int_equal(l.mode, NW_LAYOUT_TOO_SMALL);
		return;
	}
	parts[n++] = l.header;
	parts[n++] = l.findings;
	parts[n++] = l.tabs;
	parts[n++] = l.keybar;
	parts[n++] = l.status;
	for (int i = 0; i < NW_PANELS_MAX; i++) {
		parts[n++] = l.panel[i];
		shown += l.panel[i].w > 0;
		/* A shown panel can hold its box and at least one row. */
		if (l.panel[i].w)
			assert_true(l.panel[i].h >= 3 && l.panel[i].w >= 20);
	}
	for (int i = 0; i < n; i++) {
		assert_true(inside(parts[i], w, h));
		for (int k = i + 1; k < n; k++)
			assert_false(overlap(parts[i], parts[k]));
	}
	assert_true(l.panel[focus].w > 0); /* the focused panel is always shown */
	if (z & 1)
		assert_int_equal(shown, 1);
	else if (w >= NW_LAYOUT_GRID_W && h >= NW_LAYOUT_GRID_H)
		assert_int_equal(shown, npanels);
	else
		assert_int_equal(shown, 1);
}

static void test_every_size(void **state)
{
	(void)state;
	for (int w = 1; w <= 300; w += (w < 50 ? 1 : 7)) {
		for (int h = 1; h <= 100; h += (h < 30 ? 1 : 5)) {
			for (int np = 1; np <= NW_PANELS_MAX; np++) {
				for (int focus = 0; focus < np; focus++) {
					for (int z = 0; z < 8; z++)
						check_layout(w, h, np, focus, z);
				}
			}
		}
	}
}

static void test_modes(void **state)
{
	struct nw_layout l;

	(void)state;
	nw_layout_compute(&l, 80, 24, 4, 0, false, false, 9);
	assert_int_equal(l.mode, NW_LAYOUT_TABS);
	assert_int_equal(l.tabs.h, 1);
	nw_layout_compute(&l, 160, 40, 4, 2, false, false, 9);
	assert_int_equal(l.mode, NW_LAYOUT_GRID);
	/* four panels: 2x2 */
	assert_true(l.panel[0].w == 80 && l.panel[1].x == 80 && l.panel[2].y == l.panel[0].y + l.panel[0].h);
	/* three: the third alone on its row, the whole width */
	nw_layout_compute(&l, 160, 40, 3, 0, false, false, 9);
	assert_int_equal(l.panel[2].w, 160);
	nw_layout_compute(&l, 200, 50, 4, 2, true, false, 9);
	assert_int_equal(l.mode, NW_LAYOUT_ZOOM);
	assert_int_equal(l.panel[2].w, 200);
	nw_layout_compute(&l, 20, 5, 4, 0, false, false, 9);
	assert_int_equal(l.mode, NW_LAYOUT_TOO_SMALL);
}

/* An empty findings strip is its title line only; one finding, one row under it; more, up to 4 (2 at 80x24). */
static void test_findings_strip(void **state)
{
	struct nw_layout l;

	(void)state;
	nw_layout_compute(&l, 200, 50, 4, 0, false, false, 0);
	assert_int_equal(l.findings.h, 1);
	nw_layout_compute(&l, 200, 50, 4, 0, false, false, 1);
	assert_int_equal(l.findings.h, 2);
	nw_layout_compute(&l, 200, 50, 4, 0, false, false, 9);
	assert_int_equal(l.findings.h, 5);
	nw_layout_compute(&l, 80, 24, 4, 0, false, false, 9);
	assert_int_equal(l.findings.h, 3);
}

/* At 80x24 the explain view takes all but a short panel, so a walk of several steps fits at once. */
static void test_explain_size(void **state)
{
	struct nw_layout l;

	(void)state;
	nw_layout_compute(&l, 80, 24, 4, 0, false, true, 0);
	assert_true(l.findings.h >= 12);
	assert_true(l.panel[0].h >= 3);
	nw_layout_compute(&l, 200, 50, 4, 0, false, true, 0);
	assert_true(l.panel[0].h >= 10 && l.panel[2].h >= 10);
}

/* Every function key has a letter alias doing the same thing (ssh clients and screen eat F-keys). */
static void test_fkeys_have_letters(void **state)
{
	int bound = 0;

	(void)state;
	for (int f = 1; f <= 12; f++) {
		enum nw_action act = nw_keys_action(NW_KEY_F(f), NW_KEYCTX_MAIN);
		bool alias = false;

		if (act == NW_ACT_NONE)
			continue;
		bound++;
		for (int k = 33; k < 127; k++)
			alias |= nw_keys_action(k, NW_KEYCTX_MAIN) == act;
		if (!alias)
			fail_msg("F%d has no letter alias", f);
	}
	assert_true(bound >= 8);
	/* The promised keys. */
	assert_int_equal(nw_keys_action('?', NW_KEYCTX_MAIN), NW_ACT_HELP);
	assert_int_equal(nw_keys_action(NW_KEY_F(1), NW_KEYCTX_MAIN), NW_ACT_HELP);
	assert_int_equal(nw_keys_action('q', NW_KEYCTX_MAIN), NW_ACT_QUIT);
	assert_int_equal(nw_keys_action(NW_KEY_F(10), NW_KEYCTX_MAIN), NW_ACT_QUIT);
	assert_int_equal(nw_keys_action('/', NW_KEYCTX_MAIN), NW_ACT_SEARCH);
	assert_int_equal(nw_keys_action('\\', NW_KEYCTX_MAIN), NW_ACT_FILTER);
	assert_int_equal(nw_keys_action(NW_KEY_TAB, NW_KEYCTX_MAIN), NW_ACT_NEXT_PANEL);
	assert_int_equal(nw_keys_action(NW_KEY_BTAB, NW_KEYCTX_MAIN), NW_ACT_PREV_PANEL);
	assert_int_equal(nw_keys_action('k', NW_KEYCTX_MAIN), NW_ACT_UP);
	assert_int_equal(nw_keys_action('j', NW_KEYCTX_MAIN), NW_ACT_DOWN);
	assert_int_equal(nw_keys_action('h', NW_KEYCTX_MAIN), NW_ACT_LEFT);
	assert_int_equal(nw_keys_action('l', NW_KEYCTX_MAIN), NW_ACT_RIGHT);
	assert_int_equal(nw_keys_action('g', NW_KEYCTX_MAIN), NW_ACT_TOP);
	assert_int_equal(nw_keys_action('G', NW_KEYCTX_MAIN), NW_ACT_BOTTOM);
	assert_int_equal(nw_keys_action(NW_KEY_PGUP, NW_KEYCTX_MAIN), NW_ACT_PAGE_UP);
	assert_int_equal(nw_keys_action(NW_KEY_PGDN, NW_KEYCTX_MAIN), NW_ACT_PAGE_DOWN);
	assert_int_equal(nw_keys_action('p', NW_KEYCTX_MAIN), NW_ACT_PAUSE);
	assert_int_equal(nw_keys_action(NW_KEY_CTRL_L, NW_KEYCTX_MAIN), NW_ACT_REDRAW);
	assert_int_equal(nw_keys_action('o', NW_KEYCTX_MAIN), NW_ACT_ZOOM);
	assert_int_equal(nw_keys_action('e', NW_KEYCTX_MAIN), NW_ACT_EXPLAIN);
	assert_int_equal(nw_keys_action('r', NW_KEYCTX_MAIN), NW_ACT_REPORT);
	/* In the explain view n and p walk the steps instead of searching and pausing. */
	assert_int_equal(nw_keys_action('n', NW_KEYCTX_EXPLAIN), NW_ACT_EXPLAIN_NEXT);
	assert_int_equal(nw_keys_action('p', NW_KEYCTX_EXPLAIN), NW_ACT_EXPLAIN_PREV);
	assert_int_equal(nw_keys_action('n', NW_KEYCTX_MAIN), NW_ACT_SEARCH_NEXT);
}

/* Every key the map binds is named, as a word, in the keys column of the help. */
static void test_help_names_every_key(void **state)
{
	char all[8192] = " ";
	char buf[40];

	(void)state;
	for (size_t i = 0; i < nw_keys_help_count(); i++) {
		if (!nw_keys_help(i)->keys)
			continue; /* the panels' hotkeys: tests/unit/test_tui_panels.c */
		strncat(all, nw_keys_help(i)->keys, sizeof(all) - strlen(all) - 2);
		strcat(all, " ");
	}
	for (int k = 1; k < 127; k++) {
		if (nw_keys_action(k, NW_KEYCTX_MAIN) == NW_ACT_NONE || k == '\r')
			continue;
		buf[0] = ' ';
		nw_key_name(k, buf + 1, sizeof(buf) - 2);
		strcat(buf, " ");
		if (!strstr(all, buf))
			fail_msg("key '%s' is bound but the help does not name it", buf);
	}
	for (int f = 1; f <= 12; f++) {
		if (nw_keys_action(NW_KEY_F(f), NW_KEYCTX_MAIN) == NW_ACT_NONE)
			continue;
		buf[0] = ' ';
		nw_key_name(NW_KEY_F(f), buf + 1, sizeof(buf) - 2);
		strcat(buf, " ");
		if (!strstr(all, buf))
			fail_msg("%s is bound but the help does not name it", buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_size),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_findings_strip),
		cmocka_unit_test(test_explain_size),
		cmocka_unit_test(test_fkeys_have_letters),
		cmocka_unit_test(test_help_names_every_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
