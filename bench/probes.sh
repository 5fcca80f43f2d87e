#!/bin/bash
# bench/probes.sh: probe cost (issue 7, benchmark 3).
# A drop-heavy workload (UDP floods to a closed port in nwbench-rx: every
# frame ends in kfree_skb NO_SOCKET) without and with netwhy's BPF probes;
# the kernel's own accounting of each program's run time
# (kernel.bpf_stats_enabled, restored on every exit path), the traffic rate
# lost, netwhy's epoll wake-ups per second, and the time to attach (start to
# the probes' "running" report) and detach (SIGINT to exit).
set -u
. "$(dirname "$0")/lib.sh"
nwb_need_root "3. Probe cost" probes || exit 0

B=$NW_BUILDDIR
GEN_SEC=${BENCH_PROBE_SEC:-5}
TX=nwbench-ptx RX=nwbench-prx
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
nw_pid=
cleanup() {
	[ -n "$nw_pid" ] && kill -INT "$nw_pid" 2>/dev/null && wait "$nw_pid" 2>/dev/null
	sysctl -q -w kernel.bpf_stats_enabled="$old_stats"
	nwb_veth_del $TX $RX
	rm -f "$NWB_TMP"/probes.*
}
trap cleanup EXIT INT TERM
nwb_veth $TX $RX nwb-ptx nwb-prx || exit 1
# Replies (ICMP port unreachable) would be answered by nothing; keep them rare.
ip netns exec $RX sysctl -q -w net.ipv4.icmp_ratelimit=1000
rx_mac=$(ip netns exec $RX cat /sys/class/net/nwb-prx/address)
sysctl -q -w kernel.bpf_stats_enabled=1
sleep 1

gen() { ip netns exec $TX "$B/bench/gen_traffic" nwb-ptx "$rx_mac" "$GEN_SEC" 198.51.100.2 9; }
# bpftool's per-program counters: "name run_time_ns run_cnt" for netwhy's programs.
prog_stats() {
	bpftool prog show --json 2>/dev/null | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    n = p.get("name", "")
    if n.startswith("nw_"):
        print(n, p.get("run_time_ns", 0), p.get("run_cnt", 0))'
}
mono_off=$(python3 -c 'import time; print(time.time() - time.monotonic())')

declare -A r
for i in $(seq "$NWB_REPEAT"); do
	nwb_log "probes: run $i/$NWB_REPEAT"
	base=$(gen); base_pps=$(nwb_field "$base" pps)
	t0=$EPOCHREALTIME
	"$B/netwhy" --json --no-capture --netns $RX > "$NWB_TMP/probes.json" 2>"$NWB_TMP/probes.err" &
	nw_pid=$!
	for _ in $(seq 100); do
		grep -q '"name":"bpf:drops","state":"running"' "$NWB_TMP/probes.json" 2>/dev/null && break
		sleep 0.05
	done
	ts=$(grep -m1 -F '"name":"bpf:' "$NWB_TMP/probes.json" | sed -n 's/^{"ts":\([0-9.]*\).*/\1/p')
	r[attach]+="$(nwb_calc "($ts + $mono_off - $t0) * 1000") "
	prog_stats > "$NWB_TMP/probes.before"
	strace -f -c -e trace=epoll_wait,epoll_pwait,epoll_pwait2 -o "$NWB_TMP/probes.strace" -p "$nw_pid" &
	st_pid=$!
	with=$(gen); with_pps=$(nwb_field "$with" pps)
	kill -INT $st_pid; wait $st_pid 2>/dev/null
	prog_stats > "$NWB_TMP/probes.after"
	t1=$EPOCHREALTIME
	kill -INT "$nw_pid"; wait "$nw_pid" 2>/dev/null; nw_pid=
	r[detach]+="$(nwb_calc "($EPOCHREALTIME - $t1) * 1000") "
	# Under strace every wait is traced; the counted calls are the wake-ups.
	calls=$(awk '$NF ~ /^epoll_(wait|pwait|pwait2)$/ { c += ($4 ~ /^[0-9]+$/) ? $4 : $5 } END { print c + 0 }' "$NWB_TMP/probes.strace")
	r[wake]+="$(nwb_calc "$calls / $GEN_SEC") "
	r[loss]+="$(nwb_calc "(1 - $with_pps / $base_pps) * 100") "
	r[base]+="$(nwb_calc "$base_pps / 1e6") "
	r[with]+="$(nwb_calc "$with_pps / 1e6") "
	drops=$(grep -c -F '"type":"drop"' "$NWB_TMP/probes.json")
	r[drops]+="$drops "
	while read -r name ns cnt; do
		read -r _ ns0 cnt0 < <(grep "^$name " "$NWB_TMP/probes.before" || echo "$name 0 0")
		dc=$((cnt - cnt0)); dn=$((ns - ns0))
		r[progs]+=" $name"
		r[$name.cnt]+="$dc "
		r[$name.ns]+="$( [ $dc -gt 0 ] && nwb_calc "$dn / $dc" || echo 0) "
	done < "$NWB_TMP/probes.after"
	printf 'run=%s base_pps=%s with_pps=%s epoll_calls=%s drop_events=%s attach_ms=%s\n' "$i" \
		"$base_pps" "$with_pps" "$calls" "$drops" "$(set -- ${r[attach]}; echo ${!#})" >> "$NWB_OUT/probes.log"
	cat "$NWB_TMP/probes.after" >> "$NWB_OUT/probes.log"
done
med() { nwb_median ${r[$1]}; }
progs=$(printf '%s\n' ${r[progs]} | sort -u)
{
	printf '## 3. Probe cost\n\n'
	printf 'Workload: `gen_traffic` UDP flood to a closed port (198.51.100.2:9) in nwbench-prx, %s s\n' "$GEN_SEC"
	printf 'each, without and then with `netwhy --json --no-capture --netns nwbench-prx >FILE`\n'
	printf '(every probe on).  Per-program cost from `kernel.bpf_stats_enabled=1` and `bpftool\n'
	printf 'prog show` (run_time_ns / run_cnt over the loaded run), median of %s runs.\n\n' "$NWB_REPEAT"
	printf '| program | runs per run | ns per event | target <= 50 ns |\n|---|---|---|---|\n'
	for p in $progs; do
		ns=$(med "$p.ns")
		printf '| %s | %s | %s | %s |\n' "$p" "$(med "$p.cnt")" "$ns" \
			"$(awk -v v="$ns" 'BEGIN { print (v <= 50) ? "met" : sprintf("missed (%.1fx)", v / 50) }')"
	done
	printf '\n| measure | value | target |\n|---|---|---|\n'
	printf '| traffic rate without probes | %s Mpps | |\n' "$(med base)"
	printf '| traffic rate with all probes | %s Mpps | |\n' "$(med with)"
	printf '| rate lost | %s%% | <= 10%% |\n' "$(med loss)"
	printf '| drop events in the JSON stream | %s | |\n' "$(med drops)"
	printf '| epoll wake-ups per second (`strace -c -e epoll_wait -p PID`) | %s | <= 100 |\n' "$(med wake)"
	printf '| BPF attach: start to `bpf:drops` running | %s ms | |\n' "$(med attach)"
	printf '| BPF detach: SIGINT to exit | %s ms | |\n\n' "$(med detach)"
} | nwb_section probes
