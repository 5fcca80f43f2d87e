# probes/ netlink and namespace sources; see the top-level Makefile.am.
#
# probes/libnwnl.a: namespaces (netns.c), the netlink source (nl_source*.c)
# with its pure decoders (nl_*.c) and /proc counters.  Link it with
# core/libnwcore.a $(NLROUTE_LIBS) $(NL_LIBS) $(JSONC_LIBS).
noinst_LIBRARIES += probes/libnwnl.a
probes_libnwnl_a_SOURCES = \
	probes/netns.c probes/netns.h probes/containers.c probes/containers.h \
	probes/nl_source.c probes/nl_source.h probes/nl_source_int.h probes/nl_source_msg.c \
	probes/nl_decode.h probes/nl_parse.c \
	probes/nl_link.c probes/nl_neigh.c probes/nl_neightbl.c probes/nl_qdisc.c probes/nl_sockdiag.c \
	probes/nl_route.c probes/nl_route.h \
	probes/nl_tab.c probes/nl_tab.h \
	probes/proc_counters.c probes/proc_counters.h
probes_libnwnl_a_CPPFLAGS = $(AM_CPPFLAGS) $(NLROUTE_CFLAGS) $(NL_CFLAGS) $(JSONC_CFLAGS)

NW_NL_LIBS = probes/libnwnl.a core/libnwcore.a $(NLROUTE_LIBS) $(NL_LIBS) $(JSONC_LIBS)

# Test programs: the source driver (prints JSON Lines) and the recorder of raw messages.
check_PROGRAMS += tests/netlink/nl_dump tests/netlink/nl_capture
tests_netlink_nl_dump_SOURCES = tests/netlink/nl_dump.c
tests_netlink_nl_dump_CPPFLAGS = $(AM_CPPFLAGS) $(NL_CFLAGS)
tests_netlink_nl_dump_LDADD = $(NW_NL_LIBS)
tests_netlink_nl_capture_SOURCES = tests/netlink/nl_capture.c
tests_netlink_nl_capture_CPPFLAGS = $(AM_CPPFLAGS) $(NL_CFLAGS)
tests_netlink_nl_capture_LDADD =

# Decoders on recorded messages (tests/data/netlink, re-recorded by tests/netlink/record-data.sh).
check_PROGRAMS += tests/unit/test_nl_decode tests/unit/test_nl_tab
TESTS += tests/unit/test_nl_decode tests/unit/test_nl_tab
tests_unit_test_nl_tab_SOURCES = tests/unit/test_nl_tab.c
tests_unit_test_nl_tab_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_nl_tab_LDADD = $(NW_NL_LIBS) $(CMOCKA_LIBS)
tests_unit_test_nl_decode_SOURCES = tests/unit/test_nl_decode.c
tests_unit_test_nl_decode_CPPFLAGS = $(AM_CPPFLAGS) $(NL_CFLAGS) $(CMOCKA_CFLAGS) $(JSONC_CFLAGS)
tests_unit_test_nl_decode_LDADD = $(NW_NL_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/netlink/record-data.sh tests/data/netlink

# End-to-end tests in nwtest-nl-* namespaces (root; skip otherwise, fail under CI=true).
TESTS += tests/netlink/neigh-probes.sh tests/netlink/qdisc-htb.sh tests/netlink/nl-overrun.sh tests/netlink/nl-resync.sh \
	tests/netlink/netns-gone.sh tests/netlink/netns-all.sh tests/netlink/container.sh \
	tests/netlink/link-mac.sh tests/netlink/udp-drops.sh
EXTRA_DIST += tests/netlink/neigh-probes.sh tests/netlink/qdisc-htb.sh tests/netlink/nl-overrun.sh tests/netlink/nl-resync.sh \
	tests/netlink/netns-gone.sh tests/netlink/netns-all.sh tests/netlink/container.sh \
	tests/netlink/link-mac.sh tests/netlink/udp-drops.sh

# libFuzzer target for the decoders (--enable-fuzzing, CC=clang); seeds: tests/data/netlink/*.bin.
if ENABLE_FUZZING
noinst_PROGRAMS += tests/unit/test_nl_fuzz_decode
tests_unit_test_nl_fuzz_decode_SOURCES = tests/unit/test_nl_fuzz_decode.c
tests_unit_test_nl_fuzz_decode_CPPFLAGS = $(AM_CPPFLAGS) $(NL_CFLAGS) $(JSONC_CFLAGS)
tests_unit_test_nl_fuzz_decode_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
tests_unit_test_nl_fuzz_decode_LDADD = $(NW_NL_LIBS)
endif
