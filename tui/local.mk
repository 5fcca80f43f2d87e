# tui/: see the top-level Makefile.am for the shared variables.
# The terminal UI.  Only tui/term.c includes curses; everything else draws
# into a canvas (tui/canvas.h), which the golden tests read as text.
noinst_LIBRARIES += tui/libnwtui.a
tui_libnwtui_a_SOURCES = \
	tui/canvas.c tui/canvas.h \
	tui/keys.c tui/keys.h \
	tui/layout.c tui/layout.h \
	tui/panel.c tui/panel.h \
	tui/fmt.c \
	tui/panels.c tui/panel_packets.c tui/panel_neigh.c tui/panel_qdisc.c tui/panel_sockets.c \
	tui/findings.c tui/explain_view.c \
	tui/statusbar.c tui/help.c \
	tui/ui.c tui/ui.h tui/ui_int.h \
	tui/style.c tui/style.h \
	tui/term.c tui/term.h \
	tui/tui.c tui/tui.h
tui_libnwtui_a_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS)
# Link order for users: tui/libnwtui.a themes/libnwthemes.a core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS)

# Golden screens through the text canvas (tests/data/tui/; NW_UPDATE_GOLDEN=1
# rewrites them), on the recorded event sequences of tests/unit/explain_fixture.c.
NW_TUI_TESTS = tests/unit/test_tui_golden tests/unit/test_tui_style tests/unit/test_tui_layout \
	tests/unit/test_tui_panels
check_PROGRAMS += $(NW_TUI_TESTS)
TESTS += $(NW_TUI_TESTS)
EXTRA_DIST += tests/data/tui
tests_unit_test_tui_golden_SOURCES = tests/unit/test_tui_golden.c tests/unit/explain_fixture.c \
	tests/tui/scenarios.c tests/tui/scenarios.h
tests_unit_test_tui_golden_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
# capture/ for l2check's flag names, which main.c hands to the screen
tests_unit_test_tui_golden_LDADD = tui/libnwtui.a themes/libnwthemes.a capture/libnwcapture.a \
	core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS) $(PCAP_LIBS) $(CMOCKA_LIBS)
tests_unit_test_tui_style_SOURCES = tests/unit/test_tui_style.c
tests_unit_test_tui_style_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_tui_style_LDADD = tui/libnwtui.a themes/libnwthemes.a core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS) \
	$(CMOCKA_LIBS)

tests_unit_test_tui_layout_SOURCES = tests/unit/test_tui_layout.c
tests_unit_test_tui_layout_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_tui_layout_LDADD = tui/libnwtui.a themes/libnwthemes.a core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS) \
	$(CMOCKA_LIBS)

# The panel table's promises (hotkeys, tabs, help) and row identity across evictions.
tests_unit_test_tui_panels_SOURCES = tests/unit/test_tui_panels.c tests/unit/explain_fixture.c
tests_unit_test_tui_panels_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_tui_panels_LDADD = tui/libnwtui.a themes/libnwthemes.a core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS) \
	$(CMOCKA_LIBS)

# The real ncurses screen on a recorded event sequence, driven by tmux.
check_PROGRAMS += tests/tui/tui_demo
TESTS += tests/tui/tmux-demo.sh
EXTRA_DIST += tests/tui/tmux-demo.sh tests/tui/tmux-lib.sh

# The netwhy binary's screen on the htb-arp-drop and stale-peer-arp labs (root,
# tmux; skips, or fails under CI=true, until cli/main.c starts the screen).
TESTS += tests/tui/tmux-lab.sh tests/tui/tmux-route.sh
EXTRA_DIST += tests/tui/tmux-lab.sh tests/tui/tmux-route.sh

# Loopback frames without a direction on the screen and in JSON (root, tmux, a namespace).
TESTS += tests/tui/tmux-loopback.sh
EXTRA_DIST += tests/tui/tmux-loopback.sh
tests_tui_tui_demo_SOURCES = tests/tui/tui_demo.c tests/unit/explain_fixture.c tests/tui/scenarios.c \
	tests/tui/scenarios.h
tests_tui_tui_demo_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_tui_tui_demo_LDADD = tui/libnwtui.a themes/libnwthemes.a core/diag/libnwdiag.a core/libnwcore.a $(NCURSES_LIBS) $(CMOCKA_LIBS)
