#!/bin/bash
# bench/live.sh: live capture over veth (issue 7, benchmark 2).
# Two namespaces joined by a veth pair; gen_traffic floods small UDP frames
# from nwbench-tx with one and with two sending processes while netwhy
# (--json, no BPF) and tcpdump (-w /dev/null) capture the receiving end at
# the same time.  Kernel drops come from netwhy's last `source` event (lost,
# delivered) and from tcpdump's exit statistics.
set -u
. "$(dirname "$0")/lib.sh"
nwb_need_root "2. Live capture" live || exit 0

B=$NW_BUILDDIR
GEN_SEC=${BENCH_LIVE_SEC:-6}
TX=nwbench-tx RX=nwbench-rx
cleanup() {
	nwb_veth_del $TX $RX
	rm -f "$NWB_TMP"/live.*
}
trap cleanup EXIT INT TERM
nwb_veth $TX $RX nwb-tx nwb-rx || exit 1
rx_mac=$(ip netns exec $RX cat /sys/class/net/nwb-rx/address)
sleep 1

declare -A r
one_run() { # senders
	local n=$1 cap_sec=$((GEN_SEC + 3)) sent=0 pps=0 p
	ip netns exec $RX "$B/netwhy" --json --no-bpf -i nwb-rx --duration "$cap_sec" 2>"$NWB_TMP/live.nw.err" |
		grep -F '"type":"source"' > "$NWB_TMP/live.nw" &
	local nw=$!
	ip netns exec $RX timeout -s INT "$cap_sec" tcpdump -i nwb-rx -w /dev/null 2>"$NWB_TMP/live.td" &
	local td=$!
	sleep 1.5
	for p in $(seq "$n"); do
		ip netns exec $TX "$B/bench/gen_traffic" nwb-tx "$rx_mac" "$GEN_SEC" > "$NWB_TMP/live.gen$p" &
	done
	wait %3 %4 2>/dev/null
	for p in $(seq "$n"); do
		wait %$((p + 2)) 2>/dev/null
	done
	wait $nw $td 2>/dev/null
	for p in $(seq "$n"); do
		l=$(cat "$NWB_TMP/live.gen$p")
		sent=$((sent + $(nwb_field "$l" sent)))
		pps=$(nwb_calc "$pps + $(nwb_field "$l" pps)")
	done
	# netwhy: the last report of the capture source (sent when it stops).
	local last nw_del nw_lost td_cap td_drop
	last=$(grep -F '"pcap:nwb-rx' "$NWB_TMP/live.nw" | tail -1)
	nw_del=$(printf '%s' "$last" | sed -n 's/.*"delivered":\([0-9]*\).*/\1/p')
	nw_lost=$(printf '%s' "$last" | sed -n 's/.*"lost":\([0-9]*\).*/\1/p')
	td_cap=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$NWB_TMP/live.td")
	td_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$NWB_TMP/live.td")
	printf 'senders=%s sent=%s pps=%s netwhy_delivered=%s netwhy_lost=%s tcpdump_captured=%s tcpdump_dropped=%s\n' \
		"$n" "$sent" "$pps" "${nw_del:-?}" "${nw_lost:-?}" "${td_cap:-?}" "${td_drop:-?}" | tee -a "$NWB_OUT/live.log" >&2
	[ -n "$last" ] || { nwb_log "live: no source event from netwhy:"; cat "$NWB_TMP/live.nw.err" >&2; }
	r[$n.pps]+="$(nwb_calc "$pps / 1e6") "
	r[$n.nwlost]+="$(nwb_calc "${nw_lost:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$n.tdlost]+="$(nwb_calc "${td_drop:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$n.nwdec]+="$(nwb_calc "${nw_del:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$n.tddec]+="$(nwb_calc "${td_cap:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$n.nwmpps]+="$(nwb_calc "${nw_del:-0} / $GEN_SEC / 1e6") "
}
for i in $(seq "$NWB_REPEAT"); do
	for n in 1 2; do
		nwb_log "live: run $i/$NWB_REPEAT, $n sender(s)"
		one_run "$n"
	done
done
med() { nwb_median ${r[$1]}; }
row() {
	printf '| %s | %s | %s%% | %s%% | %s Mpps | %s%% | %s%% |\n' "$1" "$(med "$1.pps")" \
		"$(med "$1.nwlost")" "$(med "$1.tdlost")" "$(med "$1.nwmpps")" "$(med "$1.nwdec")" "$(med "$1.tddec")"
}
nwb_section live <<MD
## 2. Live capture over veth

\`bench/gen_traffic nwb-tx MAC $GEN_SEC\` (AF_PACKET, sendmmsg of 256 frames of 60 bytes,
qdisc bypassed) in nwbench-tx, one or two processes; captured on the peer nwb-rx in
nwbench-rx by \`netwhy --json --no-bpf -i nwb-rx | grep '"type":"source"'\` and
\`tcpdump -i nwb-rx -w /dev/null\` at the same time.  Loss and capture are shares of the
frames sent (median of $NWB_REPEAT runs; netwhy's from its last \`source\` event, tcpdump's
from its exit statistics).

| senders | sent (Mpps) | netwhy kernel drops | tcpdump kernel drops | netwhy decoded rate | netwhy decoded | tcpdump captured |
|---|---|---|---|---|---|---|
$(row 1)
$(row 2)

Target: 0 drops at >= 1.0 Mpps with every packet decoded.  Raw lines: \`$NWB_OUT/live.log\`.

MD
