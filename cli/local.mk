# cli/: the netwhy binary; main.c is the only file that knows every module.
sbin_PROGRAMS += netwhy
netwhy_SOURCES = cli/main.c cli/main.h cli/sources.c cli/options.c cli/options.h cli/jout.c cli/jout.h \
	cli/caps.c cli/caps.h cli/lab_cmd.c cli/lab_cmd.h cli/route_lookup.c cli/route_lookup.h
netwhy_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(NL_CFLAGS) $(NLROUTE_CFLAGS) $(BPF_CFLAGS) $(NCURSES_CFLAGS)
netwhy_LDADD = tui/libnwtui.a themes/libnwthemes.a capture/libnwcapture.a probes/libnwprobes.a \
	probes/libnwnl.a core/diag/libnwdiag.a core/libnwcore.a \
	$(PCAP_LIBS) $(NLROUTE_LIBS) $(NL_LIBS) $(JSONC_LIBS) $(BPF_LIBS) $(NCURSES_LIBS) -lm

# Unit tests of the command line (pure parsing, capability arithmetic).
check_PROGRAMS += tests/unit/test_cli_options
TESTS += tests/unit/test_cli_options tests/cli/cli.sh tests/cli/capture-cli.sh
tests_unit_test_cli_options_SOURCES = tests/unit/test_cli_options.c cli/options.c cli/caps.c
tests_unit_test_cli_options_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_cli_options_LDADD = core/libnwcore.a $(CMOCKA_LIBS) -lm
EXTRA_DIST += tests/cli/cli.sh tests/cli/capture-cli.sh
