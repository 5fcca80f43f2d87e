# fuzz/: libFuzzer targets, `make fuzz`, and the fault tests (issue 8).
#
# The fuzzers build with --enable-fuzzing CC=clang (ASan+UBSan on).  Each
# existing module keeps its own target (capture, probes, netlink, theme,
# core names); this folder adds the command line and `-r FILE` as a whole
# (format detection, libpcap, pcapng, filter compilation, pipeline, JSON).
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_options fuzz/fuzz_replay
fuzz_fuzz_options_SOURCES = fuzz/fuzz_options.c cli/options.c cli/options.h
fuzz_fuzz_options_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
fuzz_fuzz_options_LDADD = core/libnwcore.a -lm
fuzz_fuzz_replay_SOURCES = fuzz/fuzz_replay.c
fuzz_fuzz_replay_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS) $(PCAP_CFLAGS)
fuzz_fuzz_replay_LDADD = $(NW_CAPTURE_LIBS)
endif
EXTRA_DIST += fuzz/fuzz_options.c fuzz/fuzz_replay.c fuzz/run.sh fuzz/dict/options.dict fuzz/corpus \
	tests/fuzz/RESULTS.md

# `make fuzz`: every fuzzer for FUZZ_SECONDS (default 60) each, one job,
# seeded in place from the shared tcpdump corpus and the tests' recordings
# (never copied: new inputs go to $(FUZZ_WORKDIR)/<name>).  Findings stay
# in $(FUZZ_WORKDIR)/<name>/ as crash-*, leak-*, timeout-*.
FUZZ_SECONDS ?= 60
FUZZ_WORKDIR ?= $(abs_top_builddir)/fuzz-work
NW_FUZZERS = tests/unit/test_capture_fuzz tests/unit/test_probes_fuzz \
	tests/unit/test_nl_fuzz_decode tests/unit/test_theme_fuzz_lf \
	tests/unit/test_core_fuzz_names fuzz/fuzz_options fuzz/fuzz_replay
# `make fuzz-long` (issue 20): each for FUZZ_LONG_SECONDS (default 600), the
# corpus kept in the tree: new inputs of at most 4 KiB that add coverage are
# merged (-merge=1) into fuzz/corpus/<name>, which every run then reads as
# seeds; $(FUZZ_WORKDIR)/RESULTS.md gets the rows for tests/fuzz/RESULTS.md.
FUZZ_LONG_SECONDS ?= 600
.PHONY: fuzz fuzz-long
if ENABLE_FUZZING
NW_FUZZ_RUN = NW_SRCDIR='$(abs_top_srcdir)' NW_BUILDDIR='$(abs_top_builddir)' \
	NW_SHARED="$${NW_SHARED:-$(abs_top_srcdir)/../shared}"
fuzz: $(NW_FUZZERS)
	$(NW_FUZZ_RUN) $(BASH) $(srcdir)/fuzz/run.sh $(FUZZ_SECONDS) '$(FUZZ_WORKDIR)' $(NW_FUZZERS)
fuzz-long: $(NW_FUZZERS)
	$(NW_FUZZ_RUN) NW_FUZZ_KEEP='$(abs_top_srcdir)/fuzz/corpus' \
	$(BASH) $(srcdir)/fuzz/run.sh $(FUZZ_LONG_SECONDS) '$(FUZZ_WORKDIR)' $(NW_FUZZERS)
else
fuzz fuzz-long:
	@echo "make $@ needs the fuzzers: configure CC=clang --enable-fuzzing" >&2; exit 2
endif

# Fault tests: the real binary under deleted interfaces and namespaces, a
# netlink overrun, signals (BPF left behind, the terminal restored), resize
# storms, tiny terminals, a C locale and TERM=dumb, a JSON reader that stalls;
# and the host untouched.
NW_FAULT_TESTS = tests/faults/iface-gone.sh tests/faults/netns-gone.sh \
	tests/faults/netns-release.sh tests/faults/nl-overrun.sh tests/faults/bpf-signals.sh \
	tests/faults/tui-fatal.sh tests/faults/tui-resize.sh tests/faults/tui-env.sh \
	tests/faults/bad-input.sh tests/faults/write-safe.sh tests/faults/corpus-replay.sh tests/faults/privs.sh \
	tests/faults/json-slow-reader.sh \
	tests/host/untouched.sh
TESTS += $(NW_FAULT_TESTS)
EXTRA_DIST += $(NW_FAULT_TESTS) tests/faults/lib_faults.sh .ci/asan tests/data/fuzz/README
