#!/bin/bash
# bench/run.sh: runs every benchmark and rewrites bench/RESULTS.md (`make bench`).
#   BENCH_ONLY="decode live probes ui memory"   a subset (the others keep their
#                                              sections from the last full run's output dir)
#   NWB_REPEAT=3                                runs per measurement (median reported)
set -u
. "$(dirname "$0")/lib.sh"

only=${BENCH_ONLY-decode live probes ui memory tax} # BENCH_ONLY="": only rewrite RESULTS.md
if grep -q '^NW_SAN_FLAGS = -f' "$NW_BUILDDIR/Makefile"; then
	nwb_log "this build has sanitizers (--enable-asan): numbers would measure them; configure without"
	exit 1
fi
start=$(date -u +%s)
for b in $only; do
	rm -f "$NWB_OUT/$b.log" "$NWB_OUT/$b.md"
	nwb_log "== $b"
	bash "$NW_SRCDIR/bench/$b.sh" || nwb_log "$b: failed (exit $?)"
	[ -s "$NWB_OUT/$b.md" ] && printf '_Measured %s._\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" >> "$NWB_OUT/$b.md"
done
end=$(date -u +%s)

cflags=$(sed -n 's/^CFLAGS = //p' "$NW_BUILDDIR/Makefile")
{
	cat <<MD
# netwhy benchmarks (issue 7)

Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand:
the profiles and recommendations at the end come from bench/ANALYSIS.md.

Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel
$(uname -r), $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo).  Build: CFLAGS \`$cflags\`.
The machine is shared with other work (load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)):
every comparison runs both tools in the same run, each measurement is repeated $NWB_REPEAT times
and the median is shown; rates are also given from CPU time, which contention disturbs less.
This run: ${only:-none (reassembled)} in $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s.  All five take
about 10 min; a section not run this time is the last one written (in $NWB_OUT), and each
section says when it was measured.

MD
	for b in decode live probes ui memory tax; do
		if [ -s "$NWB_OUT/$b.md" ]; then cat "$NWB_OUT/$b.md"; else printf '## %s\n\nNot run.\n\n' "$b"; fi
	done
	cat "$NW_SRCDIR/bench/ANALYSIS.md"
} > "$NW_SRCDIR/bench/RESULTS.md"
nwb_log "wrote $NW_SRCDIR/bench/RESULTS.md"
