# core/diag/local.mk: the models, correlation, findings, explain engine and report
# (included by Makefile.am after core/local.mk).  Pure C: no curses, pcap,
# libbpf or libnl (tests/layering.sh checks).  Its own library, linked before
# core/libnwcore.a: core needs nothing of it, so a core file that includes
# core/diag/ fails to link wherever the diagnosis is not used.
noinst_LIBRARIES += core/diag/libnwdiag.a
NW_DIAG_LIBS = core/diag/libnwdiag.a core/libnwcore.a
core_diag_libnwdiag_a_SOURCES = \
	core/diag/neigh_model.c core/diag/neigh_model.h \
	core/diag/qdisc_model.c core/diag/qdisc_model.h \
	core/diag/sock_model.c core/diag/sock_model.h \
	core/diag/drop_model.c core/diag/drop_model.h \
	core/diag/link_model.c core/diag/link_model.h \
	core/diag/route_model.c core/diag/route_model.h \
	core/diag/routine.c core/diag/routine.h \
	core/diag/correlate.c core/diag/correlate.h \
	core/diag/findings.c core/diag/findings.h \
	core/diag/explain.c core/diag/explain.h core/diag/explain_int.h core/diag/explain_rules.c \
	core/diag/rules_common.c core/diag/rules_sock.c core/diag/rules_neigh.c \
	core/diag/rules_qdisc.c core/diag/rules_table.c core/diag/rules_l2.c \
	core/diag/rules_netlink.c core/diag/rules_counter.c core/diag/rules_drop.c \
	core/diag/rules_route.c \
	core/diag/report.c core/diag/report.h

# Unit tests on recorded event sequences (tests/data/explain/).
NW_MODEL_TESTS = \
	tests/unit/test_model_stores \
	tests/unit/test_explain_rules \
	tests/unit/test_explain_route \
	tests/unit/test_explain_recorded
check_PROGRAMS += $(NW_MODEL_TESTS)
TESTS += $(NW_MODEL_TESTS)
EXTRA_DIST += tests/unit/explain_fixture.h tests/data/explain

tests_unit_test_model_stores_SOURCES = tests/unit/test_model_stores.c
tests_unit_test_model_stores_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_model_stores_LDADD = $(NW_DIAG_LIBS) $(CMOCKA_LIBS)
tests_unit_test_explain_rules_SOURCES = tests/unit/test_explain_rules.c tests/unit/explain_fixture.c
tests_unit_test_explain_rules_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_explain_rules_LDADD = $(NW_DIAG_LIBS) $(CMOCKA_LIBS)
tests_unit_test_explain_route_SOURCES = tests/unit/test_explain_route.c tests/unit/explain_fixture.c \
	tests/unit/jsonl_events.c tests/unit/jsonl_events.h
tests_unit_test_explain_route_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_explain_route_LDADD = $(NW_DIAG_LIBS) $(CMOCKA_LIBS)

# Replays a `netwhy --json` recording through the models (test support).
check_PROGRAMS += tests/unit/explain_replay
tests_unit_explain_replay_SOURCES = tests/unit/explain_replay.c tests/unit/jsonl_events.c tests/unit/jsonl_events.h
tests_unit_explain_replay_LDADD = $(NW_DIAG_LIBS)
tests_unit_test_explain_recorded_SOURCES = tests/unit/test_explain_recorded.c tests/unit/jsonl_events.c \
	tests/unit/jsonl_events.h
tests_unit_test_explain_recorded_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_explain_recorded_LDADD = $(NW_DIAG_LIBS) $(CMOCKA_LIBS)
