# bench/: performance benchmarks (issue 7).  `make bench` builds the
# programs below, runs every benchmark (bench/run.sh) and rewrites
# bench/RESULTS.md.  Nothing here runs in `make check`: benchmarks time
# things, and timings are not pass/fail on a shared machine.
noinst_PROGRAMS += bench/gen_pcap bench/gen_traffic bench/bench_decode bench/bench_ui
bench_gen_pcap_SOURCES = bench/gen_pcap.c
bench_gen_traffic_SOURCES = bench/gen_traffic.c
bench_bench_decode_SOURCES = bench/bench_decode.c
bench_bench_decode_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_bench_decode_LDADD = capture/libnwcapture.a core/diag/libnwdiag.a core/libnwcore.a $(PCAP_LIBS)
bench_bench_ui_SOURCES = bench/bench_ui.c
bench_bench_ui_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
bench_bench_ui_LDADD = tui/libnwtui.a themes/libnwthemes.a capture/libnwcapture.a core/diag/libnwdiag.a core/libnwcore.a \
	$(PCAP_LIBS) $(NCURSES_LIBS) -lm

NW_BENCH_FILES = bench/run.sh bench/lib.sh bench/decode.sh bench/live.sh bench/probes.sh \
	bench/ui.sh bench/memory.sh bench/tax.sh bench/ui_keys.py bench/ANALYSIS.md
EXTRA_DIST += $(NW_BENCH_FILES) bench/RESULTS.md

# BENCH_ONLY="decode live" runs a subset; BENCH_FRAMES sizes the generated pcap.
.PHONY: bench
bench: all
	NW_SRCDIR='$(abs_top_srcdir)' NW_BUILDDIR='$(abs_top_builddir)' \
		$(BASH) $(abs_top_srcdir)/bench/run.sh
