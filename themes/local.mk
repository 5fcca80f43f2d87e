# themes/: see the top-level Makefile.am for the shared variables.
# Colour roles, the theme file parser and the built-in themes.  Each theme is
# one file: installed to $(pkgdatadir)/themes and compiled in (embed.sh), so
# netwhy works uninstalled.  Adding a theme = adding its file here.
NW_THEME_FILES = themes/default.theme themes/light.theme themes/mono.theme \
	themes/high-contrast.theme

nwthemesdir = $(pkgdatadir)/themes
dist_nwthemes_DATA = $(NW_THEME_FILES)

noinst_LIBRARIES += themes/libnwthemes.a
themes_libnwthemes_a_SOURCES = themes/theme.c themes/theme.h themes/builtin.h
nodist_themes_libnwthemes_a_SOURCES = themes/builtin_themes.c
BUILT_SOURCES += themes/builtin_themes.c
CLEANFILES += themes/builtin_themes.c
EXTRA_DIST += themes/embed.sh

themes/builtin_themes.c: $(NW_THEME_FILES) themes/embed.sh
	$(AM_V_GEN)$(MKDIR_P) themes && \
	$(SHELL) $(srcdir)/themes/embed.sh $(addprefix $(srcdir)/,$(NW_THEME_FILES)) >$@.tmp && \
	mv $@.tmp $@

# Every theme sets every role; the parser's errors; colour fallbacks; lookup order.
check_PROGRAMS += tests/unit/test_theme
TESTS += tests/unit/test_theme
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_theme_LDADD = themes/libnwthemes.a core/libnwcore.a $(CMOCKA_LIBS)

# The theme parser and the canvas's text path against mutated input (always),
# and as a libFuzzer target with --enable-fuzzing CC=clang.
check_PROGRAMS += tests/unit/test_theme_fuzz
TESTS += tests/unit/test_theme_fuzz
tests_unit_test_theme_fuzz_SOURCES = tests/unit/test_theme_fuzz.c
tests_unit_test_theme_fuzz_LDADD = tui/libnwtui.a themes/libnwthemes.a core/libnwcore.a $(NCURSES_LIBS)
if ENABLE_FUZZING
noinst_PROGRAMS += tests/unit/test_theme_fuzz_lf
tests_unit_test_theme_fuzz_lf_SOURCES = tests/unit/test_theme_fuzz.c
tests_unit_test_theme_fuzz_lf_CPPFLAGS = $(AM_CPPFLAGS) -DNW_FUZZING
tests_unit_test_theme_fuzz_lf_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
tests_unit_test_theme_fuzz_lf_LDADD = tui/libnwtui.a themes/libnwthemes.a core/libnwcore.a $(NCURSES_LIBS)
endif
