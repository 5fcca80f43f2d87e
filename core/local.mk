# core/: see the top-level Makefile.am for the shared variables.
# The event core: no curses, pcap, libbpf or libnl (tests/layering.sh checks).
noinst_LIBRARIES += core/libnwcore.a
core_libnwcore_a_SOURCES = \
	core/event.c core/event.h \
	core/util.c core/util.h \
	core/ring.c core/ring.h \
	core/log.c core/log.h \
	core/names.c core/names.h \
	core/loop.c core/loop.h \
	core/bus.c core/bus.h \
	core/nsreg.c core/nsreg.h \
	core/kstore.c core/kstore.h \
	core/jbuf.c core/jbuf.h \
	core/json.c core/json.h \
	core/json_schema.c core/json_schema.h

# Unit tests (cmocka).  Test data recorded from a 6.18 kernel's tracefs and
# hand-made malformed variants live in tests/data/core/.
NW_CORE_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
NW_CORE_TEST_LDADD = core/libnwcore.a $(CMOCKA_LIBS)
NW_CORE_TESTS = \
	tests/unit/test_core_ring \
	tests/unit/test_core_loop \
	tests/unit/test_core_log \
	tests/unit/test_core_names \
	tests/unit/test_core_bus \
	tests/unit/test_core_nsreg \
	tests/unit/test_core_json \
	tests/unit/test_core_json_fmt \
	tests/unit/test_core_util
check_PROGRAMS += $(NW_CORE_TESTS)
TESTS += $(NW_CORE_TESTS) tests/layering.sh
EXTRA_DIST += tests/layering.sh tests/data/core

tests_unit_test_core_ring_SOURCES = tests/unit/test_core_ring.c
tests_unit_test_core_ring_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_ring_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_loop_SOURCES = tests/unit/test_core_loop.c
tests_unit_test_core_loop_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_loop_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_log_SOURCES = tests/unit/test_core_log.c
tests_unit_test_core_log_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_log_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_names_SOURCES = tests/unit/test_core_names.c tests/unit/test_core_data.h
tests_unit_test_core_names_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_names_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_bus_SOURCES = tests/unit/test_core_bus.c
tests_unit_test_core_bus_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_bus_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_nsreg_SOURCES = tests/unit/test_core_nsreg.c
tests_unit_test_core_nsreg_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_nsreg_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_json_SOURCES = tests/unit/test_core_json.c tests/unit/test_core_data.h
tests_unit_test_core_json_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_json_LDADD = $(NW_CORE_TEST_LDADD)
tests_unit_test_core_json_fmt_SOURCES = tests/unit/test_core_json_fmt.c tests/unit/test_core_data.h
tests_unit_test_core_json_fmt_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_json_fmt_LDADD = $(NW_CORE_TEST_LDADD)
# The JSON schema (core/json_schema.c) against the encoder, the test decoder
# and the man page, over every event type.  Links the diagnosis for the one
# text it gives the JSON (a finding's summary).
check_PROGRAMS += tests/unit/test_json_schema
TESTS += tests/unit/test_json_schema
tests_unit_test_json_schema_SOURCES = tests/unit/test_json_schema.c tests/unit/test_core_data.h \
	tests/unit/jsonl_events.c tests/unit/jsonl_events.h
tests_unit_test_json_schema_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_json_schema_LDADD = core/diag/libnwdiag.a $(NW_CORE_TEST_LDADD)
tests_unit_test_core_util_SOURCES = tests/unit/test_core_util.c
tests_unit_test_core_util_CPPFLAGS = $(NW_CORE_TEST_CPPFLAGS)
tests_unit_test_core_util_LDADD = $(NW_CORE_TEST_LDADD)

# libFuzzer target for the print fmt parsers and the JSON escaper.
if ENABLE_FUZZING
noinst_PROGRAMS += tests/unit/test_core_fuzz_names
tests_unit_test_core_fuzz_names_SOURCES = tests/unit/test_core_fuzz_names.c
tests_unit_test_core_fuzz_names_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
tests_unit_test_core_fuzz_names_LDADD = core/libnwcore.a
endif
