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
# bpftool's per-program counters, "name run_time_ns run_cnt", for netwhy's
# programs that were not loaded before ours (other netwhy instances may run
# on the machine: their programs have the same names).  prog_ids lists ids.
prog_json() { bpftool prog show --json 2>/dev/null; }
prog_ids() {
	prog_json | python3 -c '
import json, sys
print(" ".join(str(p["id"]) for p in json.load(sys.stdin) if p.get("name", "").startswith("nw_")))'
}
prog_stats() { # ids-to-exclude
	prog_json | python3 -c '
import json, sys
old = set(sys.argv[1].split())
for p in json.load(sys.stdin):
    n = p.get("name", "")
    if n.startswith("nw_") and str(p["id"]) not in old:
        print(n, p.get("run_time_ns", 0), p.get("run_cnt", 0))' "$1"
}
mono_off=$(python3 -c 'import time; print(time.time() - time.monotonic())')

declare -A r
for i in $(seq "$NWB_REPEAT"); do
	nwb_log "probes: run $i/$NWB_REPEAT"
	base=$(gen); base_pps=$(nwb_field "$base" pps)
	others=$(prog_ids)
	t0=$EPOCHREALTIME
	"$B/netwhy" --json --no-capture --netns $RX > "$NWB_TMP/probes.json" 2>"$NWB_TMP/probes.err" &
	nw_pid=$!
	for _ in $(seq 100); do
		grep -q '"name":"bpf:drops","state":"running"' "$NWB_TMP/probes.json" 2>/dev/null && break
		sleep 0.05
	done
	ts=$(grep -m1 -F '"name":"bpf:' "$NWB_TMP/probes.json" | sed -n 's/^{"ts":\([0-9.]*\).*/\1/p')
	r[attach]+="$(nwb_calc "($ts + $mono_off - $t0) * 1000") "
	prog_stats "$others" > "$NWB_TMP/probes.before"
	# Under load: every sleep in epoll_wait is a voluntary context switch (no tracer to slow it).
	v0=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$nw_pid/status)
	with=$(gen); with_pps=$(nwb_field "$with" pps)
	v1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$nw_pid/status)
	prog_stats "$others" > "$NWB_TMP/probes.after"
	# Without traffic: the epoll_wait calls themselves, counted by strace for 3 s.
	strace -f -c -e trace=epoll_wait,epoll_pwait,epoll_pwait2 -o "$NWB_TMP/probes.strace" -p "$nw_pid" 2>/dev/null &
	st_pid=$!
	sleep 3
	kill -INT $st_pid; wait $st_pid 2>/dev/null
	t1=$EPOCHREALTIME
	kill -INT "$nw_pid"; wait "$nw_pid" 2>/dev/null; nw_pid=
	r[detach]+="$(nwb_calc "($EPOCHREALTIME - $t1) * 1000") "
	# Under strace every wait is traced; the counted calls are the wake-ups.
	calls=$(awk '$NF ~ /^epoll_(wait|pwait|pwait2)$/ { c += ($4 ~ /^[0-9]+$/) ? $4 : $5 } END { print c + 0 }' "$NWB_TMP/probes.strace")
	r[wake]+="$(nwb_calc "$calls / 3") "
	r[vcs]+="$(nwb_calc "($v1 - $v0) / $GEN_SEC") "
	in_pps=$with_pps
	r[with]+="$(nwb_calc "$with_pps / 1e6") "
	# A drop event stands for "count" drops (aggregated floods), 1 when absent.
	drops=$(python3 -c '
import json, sys
n = e = 0
for l in open(sys.argv[1]):
    if "\"type\":\"drop\"" in l and l.endswith("\n"):
        e += 1
        n += json.loads(l).get("count", 1)
print(n, e)' "$NWB_TMP/probes.json")
	drop_lines=${drops#* }
	drops=${drops% *}
	r[drops]+="$drops "
	r[drop_lines]+="$drop_lines "
	while read -r name ns cnt; do
		read -r _ ns0 cnt0 < <(grep "^$name " "$NWB_TMP/probes.before" || echo "$name 0 0")
		dc=$((cnt - cnt0)); dn=$((ns - ns0))
		r[progs]+=" $name"
		r[$name.cnt]+="$dc "
		r[$name.ns]+="$( [ $dc -gt 0 ] && nwb_calc "$dn / $dc" || echo 0) "
	done < "$NWB_TMP/probes.after"
	printf 'run=%s base_pps=%s with_pps=%s vol_ctxt_switches=%s epoll_calls_idle_3s=%s drop_events=%s attach_ms=%s\n' "$i" \
		"$base_pps" "$with_pps" "$((v1 - v0))" "$calls" "$drops" "$(set -- ${r[attach]}; echo ${!#})" >> "$NWB_OUT/probes.log"
	cat "$NWB_TMP/probes.after" >> "$NWB_OUT/probes.log"

	# The flood outside netwhy's scope (the host namespace only): the programs'
	# filter path, which every packet dropped anywhere on a busy host takes.
	others=$(prog_ids)
	"$B/netwhy" --json --no-capture > "$NWB_TMP/probes.json" 2>/dev/null &
	nw_pid=$!
	for _ in $(seq 100); do
		grep -q '"name":"bpf:drops","state":"running"' "$NWB_TMP/probes.json" 2>/dev/null && break
		sleep 0.05
	done
	prog_stats "$others" > "$NWB_TMP/probes.before"
	with=$(gen); with_pps=$(nwb_field "$with" pps)
	prog_stats "$others" > "$NWB_TMP/probes.after"
	kill -INT "$nw_pid"; wait "$nw_pid" 2>/dev/null; nw_pid=
	# The machine is shared: the rate without probes again, after both loaded runs; the
	# losses are against the mean of the two baselines.
	base2=$(nwb_field "$(gen)" pps)
	base_pps=$(nwb_calc "($base_pps + $base2) / 2")
	r[loss]+="$(nwb_calc "(1 - $in_pps / $base_pps) * 100") "
	r[base]+="$(nwb_calc "$base_pps / 1e6") "
	r[out.loss]+="$(nwb_calc "(1 - $with_pps / $base_pps) * 100") "
	r[out.with]+="$(nwb_calc "$with_pps / 1e6") "
	read -r _ ns0 cnt0 < <(grep "^nw_kfree_skb_btf " "$NWB_TMP/probes.before" || echo "x 0 0")
	read -r _ ns cnt < <(grep "^nw_kfree_skb_btf " "$NWB_TMP/probes.after" || echo "x 0 0")
	r[out.ns]+="$( [ $((cnt - cnt0)) -gt 0 ] && nwb_calc "($ns - $ns0) / ($cnt - $cnt0)" || echo 0) "
	printf 'out-of-scope run=%s with_pps=%s kfree_skb_runs=%s kfree_skb_ns=%s\n' "$i" "$with_pps" \
		"$((cnt - cnt0))" "$((ns - ns0))" >> "$NWB_OUT/probes.log"
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
			"$(awk -v v="$ns" -v c="$(med "$p.cnt")" 'BEGIN { if (c == 0) print "not exercised by this workload"; else print (v <= 50) ? "met" : sprintf("missed (%.1fx)", v / 50) }')"
	done
	printf '\n| measure | value | target |\n|---|---|---|\n'
	printf '| traffic rate without probes (mean of before and after) | %s Mpps | |\n' "$(med base)"
	printf '| traffic rate with all probes | %s Mpps | |\n' "$(med with)"
	printf '| rate lost | %s%% | <= 10%% |\n' "$(med loss)"
	printf '| flood outside the scope (`netwhy --json --no-capture`, host only): rate | %s Mpps | |\n' "$(med out.with)"
	printf '| ... rate lost | %s%% | <= 10%% |\n' "$(med out.loss)"
	printf '| ... nw_kfree_skb_btf ns per event (filtered out in BPF) | %s | <= 50 ns |\n' "$(med out.ns)"
	printf '| drops reported in the JSON stream (sum of each drop event'"'"'s count) | %s | |\n' "$(med drops)"
	printf '| ... drop events (lines) carrying them | %s | |\n' "$(med drop_lines)"
	printf '| wake-ups per second under the flood (voluntary context switches, /proc/PID/status) | %s | <= 100 |\n' "$(med vcs)"
	printf '| epoll_wait calls per second without traffic (`strace -c -e epoll_wait -p PID`, 3 s) | %s | <= 100 |\n' "$(med wake)"
	printf '| BPF attach: start to `bpf:drops` running | %s ms | |\n' "$(med attach)"
	printf '| BPF detach: SIGINT to exit | %s ms | |\n\n' "$(med detach)"
} | nwb_section probes
