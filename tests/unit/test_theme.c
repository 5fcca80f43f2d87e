// SPDX-License-Identifier: GPL-2.0-or-later
/* themes/: every theme sets every role, the parser names bad lines, colour fallbacks, lookup order. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "themes/theme.h"

static void test_role_names_unique(void **state)
{
	(void)state;
	for (int i = 0; i < NW_ROLE_COUNT; i++) {
		enum nw_role r;
		const char *n = nw_role_name((enum nw_role)i);

		assert_non_null(n);
		assert_true(nw_role_lookup(n, strlen(n), &r));
		assert_int_equal(r, i);
	}
	assert_null(nw_role_name(NW_ROLE_COUNT));
}

/* The four promised built-ins exist, and each one sets every role. */
static void test_builtins_set_every_role(void **state)
{
	static const char *const want[] = { "default", "light", "mono", "high-contrast" };

	(void)state;
	assert_true(nw_theme_builtin_count() >= 4);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bool found = false;

		for (size_t k = 0; k < nw_theme_builtin_count(); k++)
			found |= strcmp(nw_theme_builtin_name(k), want[i]) == 0;
		assert_true(found);
	}
	for (size_t k = 0; k < nw_theme_builtin_count(); k++) {
		struct nw_theme *t = nw_theme_builtin(nw_theme_builtin_name(k));

		assert_non_null(t);
		for (int r = 0; r < NW_ROLE_COUNT; r++) {
			if (!nw_theme_is_set(t, (enum nw_role)r))
				fail_msg("theme %s does not set role %s", nw_theme_builtin_name(k),
					 nw_role_name((enum nw_role)r));
		}
		nw_theme_free(t);
	}
}

/* The installed files (the source tree's copies) parse and match the built-in count of roles. */
static void test_theme_files_parse(void **state)
{
	char path[4096], err[NW_THEME_ERR_MAX];

	(void)state;
	for (size_t k = 0; k < nw_theme_builtin_count(); k++) {
		struct nw_theme *t;

		snprintf(path, sizeof(path), "%s/themes/%s.theme", NW_SRCDIR, nw_theme_builtin_name(k));
		t = nw_theme_load_file(path, err, sizeof(err));
		if (!t)
			fail_msg("%s", err);
		assert_string_equal(nw_theme_name(t), nw_theme_builtin_name(k));
		nw_theme_free(t);
	}
}

/* Mono sets no colour anywhere: it is the monochrome fallback. */
static void test_mono_has_no_colour(void **state)
{
	struct nw_theme *t = nw_theme_builtin("mono");

	(void)state;
	for (int r = 0; r < NW_ROLE_COUNT; r++) {
		struct nw_style s = nw_theme_style(t, (enum nw_role)r);

		assert_int_equal(s.fg, NW_COLOR_DEFAULT);
		assert_int_equal(s.bg, NW_COLOR_DEFAULT);
	}
	/* ...and still tells a failed neighbour and a mismatched frame apart from normal text. */
	assert_int_not_equal(nw_theme_style(t, NW_ROLE_NEIGH_FAILED).attrs, 0);
	assert_int_not_equal(nw_theme_style(t, NW_ROLE_PACKET_MAC_MISMATCH).attrs, 0);
	assert_int_not_equal(nw_theme_style(t, NW_ROLE_SELECTION).attrs, 0);
	nw_theme_free(t);
}

static void test_parse_good(void **state)
{
	static const char text[] = "# comment\n"
				   "\n"
				   "  neigh.failed = red default bold  # trailing comment\n"
				   "selection=16 39 reverse,bold\n"
				   "drop = BRIGHT-RED grey underline dim\n"
				   "muted = 242 - none";
	struct nw_theme *t = nw_theme_new("t");
	char err[NW_THEME_ERR_MAX];
	struct nw_style s;

	(void)state;
	assert_int_equal(nw_theme_parse(t, text, strlen(text), err, sizeof(err)), 0);
	s = nw_theme_style(t, NW_ROLE_NEIGH_FAILED);
	assert_int_equal(s.fg, 1);
	assert_int_equal(s.bg, NW_COLOR_DEFAULT);
	assert_int_equal(s.attrs, NW_ATTR_BOLD);
	s = nw_theme_style(t, NW_ROLE_SELECTION);
	assert_int_equal(s.fg, 16);
	assert_int_equal(s.bg, 39);
	assert_int_equal(s.attrs, NW_ATTR_REVERSE | NW_ATTR_BOLD);
	s = nw_theme_style(t, NW_ROLE_DROP);
	assert_int_equal(s.fg, 9);
	assert_int_equal(s.bg, 8);
	assert_int_equal(s.attrs, NW_ATTR_UNDERLINE | NW_ATTR_DIM);
	s = nw_theme_style(t, NW_ROLE_MUTED);
	assert_int_equal(s.fg, 242);
	assert_int_equal(s.attrs, 0);
	/* Unset roles fall back to default. */
	assert_false(nw_theme_is_set(t, NW_ROLE_HEADER));
	nw_theme_free(t);
}

static void expect_error(const char *text, size_t len, const char *want)
{
	struct nw_theme *t = nw_theme_new("bad");
	char err[NW_THEME_ERR_MAX];

	assert_int_equal(nw_theme_parse(t, text, len, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
	nw_theme_free(t);
}

static void test_parse_errors(void **state)
{
	static const char nul[] = "default = red black\nlink = b\0lue black\n";

	(void)state;
	expect_error("default = red black\nnope = red black\n", 38, "2: unknown role 'nope'");
	expect_error("default red black\n", 18, "1: expected 'role = fg bg [attrs]'");
	expect_error("= red black\n", 12, "1: missing role name");
	expect_error("\n\ndrop = \n", 10, "3: role 'drop' has no colours");
	expect_error("drop = red\n", 11, "1: role 'drop' has no background");
	expect_error("drop = redd black\n", 18, "1: bad foreground 'redd'");
	expect_error("drop = red 256\n", 15, "1: bad background '256'");
	expect_error("drop = red -1\n", 14, "1: bad background '-1'");
	expect_error("drop = 1234 black\n", 18, "1: bad foreground '1234'");
	expect_error("drop = red black blink\n", 23, "1: unknown attribute 'blink'");
	expect_error(nul, sizeof(nul) - 1, "2: NUL byte");
}

/* A parser must never read past len: parse every prefix of a valid file. */
static void test_parse_every_prefix(void **state)
{
	static const char text[] = "neigh.failed = red default bold\nselection = 16 39 reverse\n";
	char err[NW_THEME_ERR_MAX];

	(void)state;
	for (size_t n = 0; n <= sizeof(text) - 1; n++) {
		char *copy = malloc(n ? n : 1); /* exact size: ASan catches an overread */
		struct nw_theme *t = nw_theme_new("p");

		memcpy(copy, text, n);
		(void)nw_theme_parse(t, copy, n, err, sizeof(err));
		nw_theme_free(t);
		free(copy);
	}
}

static void test_color_reduce(void **state)
{
	struct nw_style s;

	(void)state;
	/* In range stays. */
	assert_int_equal(nw_color_reduce(3, 8), 3);
	assert_int_equal(nw_color_reduce(200, 256), 200);
	/* Bright colours on 8 colours are the base colour. */
	assert_int_equal(nw_color_reduce(9, 8), 1);
	assert_int_equal(nw_color_reduce(15, 8), 7);
	/* Cube colours go to the nearest basic one. */
	assert_int_equal(nw_color_reduce(196, 8), 1); /* pure red */
	assert_int_equal(nw_color_reduce(46, 8), 2);  /* pure green */
	assert_int_equal(nw_color_reduce(21, 8), 4);  /* pure blue */
	assert_int_equal(nw_color_reduce(226, 8), 3); /* yellow */
	assert_int_equal(nw_color_reduce(16, 8), 0);  /* black */
	assert_int_equal(nw_color_reduce(231, 16), 15); /* white on 16 colours */
	assert_int_equal(nw_color_reduce(232, 8), 0); /* darkest grey */
	assert_int_equal(nw_color_reduce(255, 8), 7); /* lightest grey */
	assert_int_equal(nw_color_reduce(NW_COLOR_DEFAULT, 8), NW_COLOR_DEFAULT);

	/* Monochrome and NO_COLOR: attributes only. */
	s = nw_style_reduce((struct nw_style){ 196, 24, NW_ATTR_BOLD }, 0);
	assert_int_equal(s.fg, NW_COLOR_DEFAULT);
	assert_int_equal(s.bg, NW_COLOR_DEFAULT);
	assert_int_equal(s.attrs, NW_ATTR_BOLD);
	/* fg and bg collapsing into one colour keeps the text readable. */
	s = nw_style_reduce((struct nw_style){ 196, 160, 0 }, 8);
	assert_int_not_equal(s.fg, s.bg);
	/* Every built-in theme stays readable on 8 colours: no role with equal fg and bg. */
	for (size_t k = 0; k < nw_theme_builtin_count(); k++) {
		struct nw_theme *t = nw_theme_builtin(nw_theme_builtin_name(k));

		for (int r = 0; r < NW_ROLE_COUNT; r++) {
			s = nw_style_reduce(nw_theme_style(t, (enum nw_role)r), 8);
			assert_true(s.fg < 0 || s.fg != s.bg);
		}
		nw_theme_free(t);
	}
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/nwtest-theme-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* User themes come first, built-ins last; a broken user theme is an error, not replaced. */
static void test_lookup_order(void **state)
{
	char dir[256], path[300], err[NW_THEME_ERR_MAX];
	struct nw_theme *t;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/netwhy", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/netwhy/themes", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	setenv("XDG_CONFIG_HOME", tmpdir, 1);

	/* No user file: the built-in one. */
	t = nw_theme_find("light", err, sizeof(err));
	assert_non_null(t);
	assert_true(nw_theme_is_set(t, NW_ROLE_MUTED));
	nw_theme_free(t);

	/* A user file named like a built-in wins. */
	snprintf(path, sizeof(path), "%s/light.theme", dir);
	write_file(path, "drop = 5 default\n");
	t = nw_theme_find("light", err, sizeof(err));
	assert_non_null(t);
	assert_int_equal(nw_theme_style(t, NW_ROLE_DROP).fg, 5);
	assert_false(nw_theme_is_set(t, NW_ROLE_MUTED));
	nw_theme_free(t);

	/* A broken user theme is reported with its path and line. */
	write_file(path, "drop = 5 default\nbogus = 1 2\n");
	t = nw_theme_find("light", err, sizeof(err));
	assert_null(t);
	assert_non_null(strstr(err, "light.theme:2: unknown role 'bogus'"));

	/* A path is a path. */
	t = nw_theme_find(path, err, sizeof(err));
	assert_null(t);

	/* Unknown names and names that try to escape the directory. */
	assert_null(nw_theme_find("nosuch", err, sizeof(err)));
	assert_non_null(strstr(err, "no theme 'nosuch'"));
	assert_null(nw_theme_find("..", err, sizeof(err)));
	assert_non_null(strstr(err, "not valid"));
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_names_unique),
		cmocka_unit_test(test_builtins_set_every_role),
		cmocka_unit_test(test_theme_files_parse),
		cmocka_unit_test(test_mono_has_no_colour),
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_every_prefix),
		cmocka_unit_test(test_color_reduce),
		cmocka_unit_test_setup_teardown(test_lookup_order, make_tmpdir, remove_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
