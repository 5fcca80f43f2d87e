#!/bin/bash
# bench/decode.sh: offline decode (issue 7, benchmark 1).
# netwhy's decode path (dissect + l2check + packet store, then with the bus
# and the models) from an in-memory pcap, against tcpdump on the same file,
# NWB_REPEAT times; medians of rates and of the per-run ratios.
set -u
. "$(dirname "$0")/lib.sh"

FRAMES=${BENCH_FRAMES:-5000000}
JSON_FRAMES=${BENCH_JSON_FRAMES:-1000000}
B=$NW_BUILDDIR
big=$NWB_TMP/mix-$FRAMES.pcap
small=$NWB_TMP/mix-$JSON_FRAMES.pcap
for f in "$big:$FRAMES" "$small:$JSON_FRAMES"; do
	[ -s "${f%%:*}" ] || { nwb_log "decode: generating ${f##*:} frames"; "$B/bench/gen_pcap" "${f%%:*}" "${f##*:}" || exit 1; }
done
cat "$big" "$small" > /dev/null # page cache: every run reads from memory

declare -A r
rate() { nwb_calc "$1 / $2 / 1e6"; } # frames, seconds
for i in $(seq "$NWB_REPEAT"); do
	nwb_log "decode: run $i/$NWB_REPEAT"
	out=$("$B/bench/bench_decode" "$big" pipe bus models) || exit 1
	printf 'run %s\n%s\n' "$i" "$out" >> "$NWB_OUT/decode.log"
	for c in pipe bus models; do
		line=$(printf '%s\n' "$out" | grep "^$c ")
		r[$c.cpu]+="$(nwb_field "$line" mpps_cpu) "
		r[$c.wall]+="$(nwb_field "$line" mpps_wall) "
		r[$c.ns]+="$(nwb_field "$line" ns_per_frame_cpu) "
	done
	# Same run: tcpdump printing (-nn -e) and tcpdump copying (-w /dev/null).
	t=$(nwb_cputime tcpdump -nn -e -r "$big" 3>&1 >/dev/null 2>/dev/null)
	r[tdp.cpu]+="$(rate "$FRAMES" "$(nwb_field "$t" cpu)") "
	r[tdp.wall]+="$(rate "$FRAMES" "$(nwb_field "$t" wall)") "
	t=$(nwb_cputime tcpdump -r "$big" -w /dev/null 3>&1 >/dev/null 2>/dev/null)
	r[tdw.cpu]+="$(rate "$FRAMES" "$(nwb_field "$t" cpu)") "
	r[tdw.wall]+="$(rate "$FRAMES" "$(nwb_field "$t" wall)") "
	# The whole program: netwhy -r FILE --json (smaller file: JSON is the slow part).
	t=$(nwb_cputime "$B/netwhy" -r "$small" --json 3>&1 >/dev/null 2>/dev/null)
	r[nj.cpu]+="$(rate "$JSON_FRAMES" "$(nwb_field "$t" cpu)") "
	t=$(nwb_cputime tcpdump -nn -e -r "$small" 3>&1 >/dev/null 2>/dev/null)
	r[tdps.cpu]+="$(rate "$JSON_FRAMES" "$(nwb_field "$t" cpu)") "
	# Per-run ratios (both tools measured in the same run).
	set -- ${r[pipe.cpu]}; p=${!#}
	set -- ${r[models.cpu]}; m=${!#}
	set -- ${r[tdp.cpu]}; tp=${!#}
	set -- ${r[tdw.cpu]}; tw=${!#}
	set -- ${r[nj.cpu]}; nj=${!#}
	set -- ${r[tdps.cpu]}; tps=${!#}
	r[ratio.pipe_tdp]+="$(nwb_calc "$p / $tp") "
	r[ratio.pipe_tdw]+="$(nwb_calc "$p / $tw") "
	r[ratio.models_tdp]+="$(nwb_calc "$m / $tp") "
	r[ratio.json_tdp]+="$(nwb_calc "$nj / $tps") "
done
med() { nwb_median ${r[$1]}; }
verdict() { awk -v v="$1" 'BEGIN { if (v >= 10) print "met"; else printf "missed: %.1fx short of 10 Mpps\n", 10 / v }'; }

nwb_section decode <<MD
## 1. Offline decode

Generated pcap: $FRAMES frames (\`bench/gen_pcap FILE $FRAMES\`: 5% ARP, 5% VLAN-tagged,
IPv4/IPv6 TCP/UDP/ICMP, 10% of frames with 1200 bytes of payload, 2% MAC mismatches),
$(du -m "$big" | cut -f1) MiB, read from the page cache.  Median of $NWB_REPEAT runs;
rates from CPU time (user+sys) because the machine is shared, wall-clock rates alongside.

| what | command | Mpps (CPU) | Mpps (wall) | ns/frame (CPU) |
|---|---|---|---|---|
| dissect + l2check + store | \`bench_decode FILE pipe\` | $(med pipe.cpu) | $(med pipe.wall) | $(med pipe.ns) |
| + bus (event ring) | \`bench_decode FILE bus\` | $(med bus.cpu) | $(med bus.wall) | $(med bus.ns) |
| + models (correlate) | \`bench_decode FILE models\` | $(med models.cpu) | $(med models.wall) | $(med models.ns) |
| tcpdump printing | \`tcpdump -nn -e -r FILE >/dev/null\` | $(med tdp.cpu) | $(med tdp.wall) | |
| tcpdump copying | \`tcpdump -r FILE -w /dev/null\` | $(med tdw.cpu) | $(med tdw.wall) | |
| netwhy, whole program ($JSON_FRAMES frames) | \`netwhy -r FILE --json >/dev/null\` | $(med nj.cpu) | | |
| tcpdump printing ($JSON_FRAMES frames) | \`tcpdump -nn -e -r FILE >/dev/null\` | $(med tdps.cpu) | | |

Ratios (netwhy / tcpdump, per run, median): decode path vs \`tcpdump -nn -e\`
**$(med ratio.pipe_tdp)**, vs \`tcpdump -w /dev/null\` **$(med ratio.pipe_tdw)**; with bus and
models vs \`tcpdump -nn -e\` **$(med ratio.models_tdp)**; \`netwhy -r --json\` vs
\`tcpdump -nn -e\` **$(med ratio.json_tdp)**.

Target >= 10 Mpps for the decode path: **$(verdict "$(med pipe.cpu)")** (CPU-time rate
$(med pipe.cpu) Mpps).

MD
nwb_log "decode: pipe $(med pipe.cpu) Mpps (cpu), models $(med models.cpu), tcpdump -nn -e $(med tdp.cpu)"
