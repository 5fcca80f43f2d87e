// SPDX-License-Identifier: GPL-2.0-or-later
/* tui/style: NO_COLOR and --no-color give no colour at all; 8-colour terminals get the 8 colours; themes resolve. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui/style.h"

static void test_no_color(void **state)
{
	struct nw_style st[NW_ROLE_COUNT];
	char err[NW_THEME_ERR_MAX];
	bool any_attr = false;

	(void)state;
	for (size_t k = 0; k < nw_theme_builtin_count(); k++) {
		assert_int_equal(nw_style_resolve(nw_theme_builtin_name(k), true, 256, st, err, sizeof(err)), 0);
		for (int r = 0; r < NW_ROLE_COUNT; r++) {
			assert_int_equal(st[r].fg, NW_COLOR_DEFAULT);
			assert_int_equal(st[r].bg, NW_COLOR_DEFAULT);
			any_attr |= st[r].attrs != 0;
		}
		/* Roles stay apart without colour. */
		assert_int_not_equal(st[NW_ROLE_PACKET_MAC_MISMATCH].attrs, st[NW_ROLE_DEFAULT].attrs);
		assert_int_not_equal(st[NW_ROLE_NEIGH_FAILED].attrs, st[NW_ROLE_DEFAULT].attrs);
		assert_int_not_equal(st[NW_ROLE_SELECTION].attrs, st[NW_ROLE_DEFAULT].attrs);
	}
	assert_true(any_attr);
	/* A monochrome terminal is the same as no colour. */
	assert_int_equal(nw_style_resolve("default", false, 2, st, err, sizeof(err)), 0);
	for (int r = 0; r < NW_ROLE_COUNT; r++)
		assert_true(st[r].fg == NW_COLOR_DEFAULT && st[r].bg == NW_COLOR_DEFAULT);
}

static void test_env(void **state)
{
	(void)state;
	unsetenv("NO_COLOR");
	assert_false(nw_style_env_no_color());
	setenv("NO_COLOR", "", 1);
	assert_false(nw_style_env_no_color()); /* no-color.org: present and not empty */
	setenv("NO_COLOR", "1", 1);
	assert_true(nw_style_env_no_color());
	unsetenv("NO_COLOR");
}

static void test_colors(void **state)
{
	struct nw_style st[NW_ROLE_COUNT];
	char err[NW_THEME_ERR_MAX];
	bool any = false;

	(void)state;
	/* 256 colours: the theme as written (default uses colours above 15). */
	assert_int_equal(nw_style_resolve(NULL, false, 256, st, err, sizeof(err)), 0);
	for (int r = 0; r < NW_ROLE_COUNT; r++)
		any |= st[r].fg > 15 || st[r].bg > 15;
	assert_true(any);
	/* 8 colours: nothing above 7. */
	assert_int_equal(nw_style_resolve("default", false, 8, st, err, sizeof(err)), 0);
	for (int r = 0; r < NW_ROLE_COUNT; r++) {
		assert_true(st[r].fg < 8);
		assert_true(st[r].bg < 8);
	}
	/* A failed neighbour is still red on 8 colours. */
	assert_int_equal(st[NW_ROLE_NEIGH_FAILED].fg, 1);
}

static void test_errors(void **state)
{
	struct nw_style st[NW_ROLE_COUNT];
	char err[NW_THEME_ERR_MAX];

	(void)state;
	assert_int_equal(nw_style_resolve("no-such-theme", false, 256, st, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "no-such-theme"));
	assert_int_equal(nw_style_resolve("/nonexistent/x.theme", false, 256, st, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "/nonexistent/x.theme"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_color),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
