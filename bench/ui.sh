#!/bin/bash
# bench/ui.sh: the interactive view (issue 7, benchmark 4).
#  - CPU per frame at 200x50 with ~1 M events stored: bench_ui replays a
#    generated pcap into the bus and models and draws into the text canvas;
#  - start to first frame: `netwhy -r FILE` in tmux (a small file and the
#    1 M-packet one);
#  - key-to-screen latency while ingesting: netwhy capturing live (veth in
#    nwbench-u* namespaces, BENCH_UI_PPS packets/s) in tmux, '?' pressed 40 times.
set -u
. "$(dirname "$0")/lib.sh"

B=$NW_BUILDDIR
FRAMES=${BENCH_UI_FRAMES:-1000000}
PPS=${BENCH_UI_PPS:-50000}
f=$NWB_TMP/mix-$FRAMES.pcap
small=$NW_SRCDIR/tests/data/capture/basic.pcap
[ -s "$f" ] || { nwb_log "ui: generating $FRAMES frames"; "$B/bench/gen_pcap" "$f" "$FRAMES" || exit 1; }
TX=nwbench-utx RX=nwbench-urx S=nwbench-ui
cleanup() {
	tmux kill-session -t $S 2>/dev/null
	nwb_veth_del $TX $RX
}
trap cleanup EXIT INT TERM

declare -A r
for i in $(seq "$NWB_REPEAT"); do
	nwb_log "ui: run $i/$NWB_REPEAT"
	out=$("$B/bench/bench_ui" "$f" 200 50 200)
	printf 'run %s\n%s\n' "$i" "$out" >> "$NWB_OUT/ui.log"
	for p in idle scroll panels; do
		l=$(printf '%s\n' "$out" | grep "^$p ")
		r[$p.ms]+="$(nwb_field "$l" cpu_ms_per_frame) "
		r[$p.p99]+="$(nwb_field "$l" p99_ms) "
	done
	r[events]+="$(nwb_field "$(printf '%s\n' "$out" | grep '^ingest ')" stored) "
	for which in small big; do
		file=$small; [ $which = big ] && file=$f
		l=$(python3 "$NW_SRCDIR/bench/ui_keys.py" first $S 200 50 "$B/netwhy" -r "$file")
		tmux kill-session -t $S 2>/dev/null
		r[first.$which]+="$(nwb_field "$l" first_frame_ms) "
		echo "first $which $l" >> "$NWB_OUT/ui.log"
	done
	# The floor of the key measurement: the same keys on a screen that ingests nothing.
	python3 "$NW_SRCDIR/bench/ui_keys.py" first $S 200 50 "$B/netwhy" -r "$small" > /dev/null
	sleep 0.5
	l=$(python3 "$NW_SRCDIR/bench/ui_keys.py" keys $S 40)
	tmux kill-session -t $S 2>/dev/null
	echo "keys-idle $l" >> "$NWB_OUT/ui.log"
	r[ki.p50]+="$(nwb_field "$l" p50_ms) "
	r[ki.p99]+="$(nwb_field "$l" p99_ms) "
	# The method's own floor: keys echoed by cat, and a "first frame" printed at once.
	l=$(python3 "$NW_SRCDIR/bench/ui_keys.py" echo $S 40)
	echo "keys-cat $l" >> "$NWB_OUT/ui.log"
	r[kc.p50]+="$(nwb_field "$l" p50_ms) "
	r[kc.p99]+="$(nwb_field "$l" p99_ms) "
	l=$(python3 "$NW_SRCDIR/bench/ui_keys.py" first $S 200 50 "echo netwhy floor; sleep 5")
	tmux kill-session -t $S 2>/dev/null
	echo "first-floor $l" >> "$NWB_OUT/ui.log"
	r[first.floor]+="$(nwb_field "$l" first_frame_ms) "
done

if [ "$(id -u)" = 0 ]; then
	nwb_veth $TX $RX nwb-utx nwb-urx || exit 1
	mac=$(ip netns exec $RX cat /sys/class/net/nwb-urx/address)
	for i in $(seq "$NWB_REPEAT"); do
		ip netns exec $TX "$B/bench/gen_traffic" nwb-utx "$mac" 20 198.51.100.2 9 "$PPS" > /dev/null &
		gen=$!
		python3 "$NW_SRCDIR/bench/ui_keys.py" first $S 200 50 \
			"ip netns exec $RX $B/netwhy --no-bpf -i nwb-urx" > /dev/null
		sleep 1
		l=$(python3 "$NW_SRCDIR/bench/ui_keys.py" keys $S 40)
		echo "keys $l" >> "$NWB_OUT/ui.log"
		r[k.p50]+="$(nwb_field "$l" p50_ms) "
		r[k.p99]+="$(nwb_field "$l" p99_ms) "
		tmux kill-session -t $S 2>/dev/null
		kill $gen 2>/dev/null; wait $gen 2>/dev/null
	done
fi
med() { nwb_median ${r[$1]}; }
ok() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "") print "not measured"; else print (v <= t) ? "met" : sprintf("missed (%.1fx)", v / t) }'; }
nwb_section ui <<MD
## 4. Interactive view

| measure | command | value | target |
|---|---|---|---|
| CPU per frame, 200x50, $(med events) events stored, no keys | \`bench_ui FILE 200 50 200\` | $(med idle.ms) ms (p99 $(med idle.p99)) | <= 2 ms: $(ok "$(med idle.ms)" 2) |
| CPU per frame, scrolling the packets | same, a key before each frame | $(med scroll.ms) ms (p99 $(med scroll.p99)) | <= 2 ms: $(ok "$(med scroll.ms)" 2) |
| CPU per frame, moving between panels | same | $(med panels.ms) ms (p99 $(med panels.p99)) | <= 2 ms: $(ok "$(med panels.ms)" 2) |
| key to screen, p99, while capturing $PPS pps | \`ui_keys.py keys\` ('?' x 40, tmux) | $(med k.p99) ms (p50 $(med k.p50)) | <= 50 ms: $(ok "$(med k.p99)" 50) |
| key to screen, p99, idle (nothing ingested) | same on \`netwhy -r basic.pcap\` | $(med ki.p99) ms (p50 $(med ki.p50)) | |
| the method's floor: key to screen through tmux to \`cat\` | \`ui_keys.py echo\` | $(med kc.p99) ms (p50 $(med kc.p50)) | |
| start to first frame, small recording | \`netwhy -r tests/data/capture/basic.pcap\` in tmux 200x50 | $(med first.small) ms | <= 300 ms: $(ok "$(med first.small)" 300) |
| start to first frame, $FRAMES-packet recording | \`netwhy -r FILE\` in tmux 200x50 | $(med first.big) ms | <= 300 ms: $(ok "$(med first.big)" 300) |
| the method's floor: a new tmux session printing at once | \`ui_keys.py first S 200 50 "echo netwhy floor"\` | $(med first.floor) ms | |

BPF attach and detach times are in section 3.  Median of $NWB_REPEAT runs; raw: \`$NWB_OUT/ui.log\`.

MD
