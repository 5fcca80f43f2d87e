# capture/: see the top-level Makefile.am for the shared variables.
# The packet source: dissectors, L2 checks, libpcap live/offline, pcapng.
noinst_LIBRARIES += capture/libnwcapture.a
capture_libnwcapture_a_CPPFLAGS = $(AM_CPPFLAGS) $(PCAP_CFLAGS)
capture_libnwcapture_a_SOURCES = \
	capture/cursor.h \
	capture/dissect.h capture/dissect_int.h capture/dissect.c \
	capture/dissect_eth.c capture/dissect_vlan.c capture/dissect_arp.c \
	capture/dissect_ipv4.c capture/dissect_ipv6.c capture/dissect_icmp.c \
	capture/dissect_icmpv6.c capture/dissect_tcp.c capture/dissect_udp.c \
	capture/dissect_summary.c capture/textbuf.h capture/textbuf.c \
	capture/l2check.h capture/l2check.c capture/l2check_text.c \
	capture/pkt_store.h capture/pkt_store.c \
	capture/pipeline.h capture/pipeline.c \
	capture/pcap_source.h capture/pcap_source.c \
	capture/pcapng.h capture/pcapng_reader.h capture/pcapng_reader.c capture/pcapng_replay.c \
	capture/pcapng_writer.h capture/pcapng_writer.c \
	capture/replay.h capture/replay.c

# Link order: capture before core (capture uses core's helpers).
NW_CAPTURE_LIBS = capture/libnwcapture.a core/libnwcore.a $(PCAP_LIBS)

# The file decoder the shell tests drive (the lead's `netwhy -r` will do the same).
check_PROGRAMS += tests/capture/pcap_decode
tests_capture_pcap_decode_LDADD = $(NW_CAPTURE_LIBS)
check_PROGRAMS += tests/capture/pcap_live
tests_capture_pcap_live_LDADD = $(NW_CAPTURE_LIBS)

TESTS += tests/capture/golden.sh tests/capture/corpus.sh tests/capture/tshark_fields.sh \
	tests/capture/live.sh tests/capture/roundtrip.sh tests/capture/flood.sh

check_PROGRAMS += tests/unit/test_capture_dissect
tests_unit_test_capture_dissect_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_capture_dissect_LDADD = $(NW_CAPTURE_LIBS) $(CMOCKA_LIBS)
TESTS += tests/unit/test_capture_dissect

check_PROGRAMS += tests/unit/test_capture_l2check
tests_unit_test_capture_l2check_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_capture_l2check_LDADD = $(NW_CAPTURE_LIBS) $(CMOCKA_LIBS)
TESTS += tests/unit/test_capture_l2check

check_PROGRAMS += tests/unit/test_capture_pcapng
tests_unit_test_capture_pcapng_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_capture_pcapng_LDADD = $(NW_CAPTURE_LIBS) $(CMOCKA_LIBS)
TESTS += tests/unit/test_capture_pcapng

check_PROGRAMS += tests/unit/test_capture_event_layout
tests_unit_test_capture_event_layout_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_capture_event_layout_LDADD = $(NW_CAPTURE_LIBS) $(CMOCKA_LIBS)
TESTS += tests/unit/test_capture_event_layout

EXTRA_DIST += tests/unit/test_capture_frames.h tests/data/capture/record.sh \
	tests/data/capture/basic.pcap tests/data/capture/stale-peer.pcapng \
	$(wildcard $(srcdir)/tests/data/capture/golden/*.out) \
	tests/capture/golden.sh tests/capture/corpus.sh tests/capture/tshark_fields.sh \
	tests/capture/live.sh tests/capture/roundtrip.sh tests/capture/flood.sh

# libFuzzer target for the dissectors, l2check and the pcapng reader (--enable-fuzzing, CC=clang).
if ENABLE_FUZZING
noinst_PROGRAMS += tests/unit/test_capture_fuzz
tests_unit_test_capture_fuzz_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
tests_unit_test_capture_fuzz_LDADD = $(NW_CAPTURE_LIBS)
endif
EXTRA_DIST += tests/unit/test_capture_fuzz.c
