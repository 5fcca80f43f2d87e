#!/bin/bash
# bench/memory.sh: the memory cap (issue 7, benchmark 5).
# Replays a generated pcap of BENCH_MEM_FRAMES (10 M) packets through
# `netwhy -r FILE --json` at the default --mem-cap (256 MiB) and at
# --mem-cap 64, sampling VmRSS every second; the stores are full long before
# the end, so from the half-way point on RSS must stay flat (within 5%).
set -u
. "$(dirname "$0")/lib.sh"

B=$NW_BUILDDIR
FRAMES=${BENCH_MEM_FRAMES:-10000000}
f=$NWB_TMP/mix-$FRAMES.pcap
[ -s "$f" ] || { nwb_log "memory: generating $FRAMES frames"; "$B/bench/gen_pcap" "$f" "$FRAMES" || exit 1; }

declare -A r
run_cap() { # MiB
	local cap=$1 samples=() pid t=0 rss
	"$B/netwhy" -r "$f" --json --mem-cap "$cap" > /dev/null 2>"$NWB_TMP/memory.err" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		[ -n "$rss" ] && samples+=("$rss")
		sleep 1
		t=$((t + 1))
	done
	wait "$pid"
	local n=${#samples[@]} half
	half=$((n / 2))
	printf 'cap=%s samples_kib=%s\n' "$cap" "${samples[*]}" >> "$NWB_OUT/memory.log"
	local tail=("${samples[@]:$half}")
	local min max
	min=$(printf '%s\n' "${tail[@]}" | sort -n | head -1)
	max=$(printf '%s\n' "${tail[@]}" | sort -n | tail -1)
	r[$cap.min]=$((min / 1024)) r[$cap.max]=$((max / 1024)) r[$cap.n]=$n
	r[$cap.peak]=$(( $(printf '%s\n' "${samples[@]}" | sort -n | tail -1) / 1024 ))
	r[$cap.var]=$(nwb_calc "($max - $min) / $min * 100")
	r[$cap.q]="$(( ${samples[$((n / 4))]} / 1024 )) / $(( ${samples[$((n / 2))]} / 1024 )) / $(( ${samples[$((3 * n / 4))]} / 1024 )) / $(( ${samples[$((n - 1))]} / 1024 ))"
}
CAPS=${BENCH_MEM_CAPS:-256}
for cap in $CAPS; do
	nwb_log "memory: --mem-cap $cap over $FRAMES packets"
	run_cap "$cap"
done
row() {
	printf '| %s MiB | %s s | %s | %s MiB | %s-%s MiB | %s%% | %s |\n' "$1" "${r[$1.n]}" "${r[$1.q]}" \
		"${r[$1.peak]}" "${r[$1.min]}" "${r[$1.max]}" "${r[$1.var]}" \
		"$(awk -v v="${r[$1.var]}" 'BEGIN { print (v <= 5) ? "met" : "missed" }')"
}
nwb_section memory <<MD
## 5. Memory

\`netwhy -r FILE --json --mem-cap CAP >/dev/null\` on a generated pcap of $FRAMES packets
(\`bench/gen_pcap\`), VmRSS from /proc/PID/status every second.  Flatness is measured over
the second half of the run (the stores are full by then).

| --mem-cap | run time | RSS at 25% / 50% / 75% / end (MiB) | peak | second half | variation | flat within 5% |
|---|---|---|---|---|---|---|
$(for c in $CAPS; do row "$c"; done)

Samples: \`$NWB_OUT/memory.log\`.

MD
