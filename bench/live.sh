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
GEN_SEC=${BENCH_LIVE_SEC:-4}
TX=nwbench-tx RX=nwbench-rx
cleanup() {
	tmux kill-session -t nwbench-live 2>/dev/null
	nwb_veth_del $TX $RX
	rm -f "$NWB_TMP"/live.*
}
trap cleanup EXIT INT TERM
nwb_veth $TX $RX nwb-tx nwb-rx || exit 1
rx_mac=$(ip netns exec $RX cat /sys/class/net/nwb-rx/address)
sleep 1

declare -A r
# The TUI's header: "pcap:nwb-rx@nwbench-rx degraded lost 10k | events 582k/1.0M".
tui_count() { # WORD (lost|events) -> number
	tmux capture-pane -p -t nwbench-live 2>/dev/null | head -1 |
		sed -n "s/.*pcap:nwb-rx[^|]* $1 \([0-9.]*[kM]\{0,1\}\).*/\1/p; s/.*| $1 \([0-9.]*[kM]\{0,1\}\).*/\1/p" | head -1 |
		awk '{ v = $1 + 0; if ($1 ~ /k$/) v *= 1e3; if ($1 ~ /M$/) v *= 1e6; print v }'
}
one_run() { # senders json|tui
	local n=$1 mode=$2 cap_sec=$((GEN_SEC + 3)) sent=0 pps=0 p nw
	: > "$NWB_TMP/live.nw"
	if [ "$mode" = none ]; then
		:
	elif [ "$mode" = json ]; then
		ip netns exec $RX "$B/netwhy" --json --no-bpf -i nwb-rx --duration "$cap_sec" 2>"$NWB_TMP/live.nw.err" |
			grep -F '"type":"source"' > "$NWB_TMP/live.nw" &
		nw=$!
	else
		tmux new-session -d -s nwbench-live -x 200 -y 50 \
			"ip netns exec $RX $B/netwhy --no-bpf -i nwb-rx 2>$NWB_TMP/live.nw.err"
	fi
	local td=
	if [ "$mode" != none ]; then
		ip netns exec $RX timeout -s INT "$cap_sec" tcpdump -i nwb-rx -w /dev/null 2>"$NWB_TMP/live.td" &
		td=$!
	fi
	sleep 1.5
	local gens=()
	for p in $(seq "$n"); do
		ip netns exec $TX "$B/bench/gen_traffic" nwb-tx "$rx_mac" "$GEN_SEC" > "$NWB_TMP/live.gen$p" &
		gens+=($!)
	done
	wait "${gens[@]}"
	if [ "$mode" = tui ]; then
		sleep 2 # the header is redrawn at least once a second
		tui_lost=$(tui_count lost)
		tmux send-keys -t nwbench-live q
		sleep 0.5
		tmux kill-session -t nwbench-live 2>/dev/null
	fi
	wait $td ${nw:-} 2>/dev/null
	if [ "$mode" = none ]; then
		for p in $(seq "$n"); do
			pps=$(nwb_calc "$pps + $(nwb_field "$(cat "$NWB_TMP/live.gen$p")" pps)")
		done
		r[none.$n.pps]+="$(nwb_calc "$pps / 1e6") "
		printf 'mode=none senders=%s pps=%s\n' "$n" "$pps" | tee -a "$NWB_OUT/live.log" >&2
		return
	fi
	for p in $(seq "$n"); do
		l=$(cat "$NWB_TMP/live.gen$p")
		sent=$((sent + $(nwb_field "$l" sent)))
		pps=$(nwb_calc "$pps + $(nwb_field "$l" pps)")
	done
	# netwhy: the last report of the capture source (sent when it stops).
	local last nw_del nw_lost td_cap td_drop
	if [ "$mode" = json ]; then
		last=$(grep -F '"pcap:nwb-rx' "$NWB_TMP/live.nw" | tail -1)
		nw_del=$(printf '%s' "$last" | sed -n 's/.*"delivered":\([0-9]*\).*/\1/p')
		nw_lost=$(printf '%s' "$last" | sed -n 's/.*"lost":\([0-9]*\).*/\1/p')
	else
		# The header counts lost packets (rounded: 10k); decoded = sent - lost (the event
		# count in the header is capped by the store, so it cannot say).
		last=x nw_lost=${tui_lost:-0}
		nw_del=$((sent - nw_lost))
	fi
	td_cap=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$NWB_TMP/live.td")
	td_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$NWB_TMP/live.td")
	printf 'mode=%s senders=%s sent=%s pps=%s netwhy_delivered=%s netwhy_lost=%s tcpdump_captured=%s tcpdump_dropped=%s\n' \
		"$mode" "$n" "$sent" "$pps" "${nw_del:-?}" "${nw_lost:-?}" "${td_cap:-?}" "${td_drop:-?}" | tee -a "$NWB_OUT/live.log" >&2
	[ -n "$last" ] || { nwb_log "live: no source event from netwhy:"; cat "$NWB_TMP/live.nw.err" >&2; }
	r[$mode.$n.pps]+="$(nwb_calc "$pps / 1e6") "
	r[$mode.$n.nwlost]+="$(nwb_calc "${nw_lost:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$mode.$n.tdlost]+="$(nwb_calc "${td_drop:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$mode.$n.nwdec]+="$(nwb_calc "${nw_del:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$mode.$n.tddec]+="$(nwb_calc "${td_cap:-0} / ($sent > 0 ? $sent : 1) * 100") "
	r[$mode.$n.nwmpps]+="$(nwb_calc "${nw_del:-0} / $GEN_SEC / 1e6") "
}
for i in $(seq "$NWB_REPEAT"); do
	for mode in none json tui; do
		for n in 1 2; do
			nwb_log "live: run $i/$NWB_REPEAT, netwhy $mode, $n sender(s)"
			one_run "$n" "$mode"
		done
	done
done
med() { nwb_median ${r[$1]}; }
row() { # mode.senders
	printf '| %s | %s | %s%% | %s%% | %s Mpps | %s%% | %s%% |\n' "$1" "$(med "$1.pps")" \
		"$(med "$1.nwlost")" "$(med "$1.tdlost")" "$(med "$1.nwmpps")" "$(med "$1.nwdec")" "$(med "$1.tddec")"
}
nwb_section live <<MD
## 2. Live capture over veth

\`bench/gen_traffic nwb-tx MAC $GEN_SEC\` (AF_PACKET, sendmmsg of 256 frames of 60 bytes,
qdisc bypassed) in nwbench-tx, one or two processes; captured on the peer nwb-rx in
nwbench-rx by \`netwhy --json --no-bpf -i nwb-rx | grep '"type":"source"'\` and
\`tcpdump -i nwb-rx -w /dev/null\` at the same time.  Loss and capture are shares of the
frames sent (median of $NWB_REPEAT runs; tcpdump's from its exit statistics).  netwhy runs
twice: \`json\` (its last \`source\` event's \`delivered\` and \`lost\`; every packet is encoded
as JSON) and \`tui\` (the interactive view at 200x50 in tmux, no JSON; \`lost\` and
decoded derived from its header line's \`lost\`, which rounds to thousands).

| netwhy mode.senders | sent (Mpps) | netwhy kernel drops | tcpdump kernel drops | netwhy decoded rate | netwhy decoded | tcpdump captured |
|---|---|---|---|---|---|---|
$(row json.1)
$(row json.2)
$(row tui.1)
$(row tui.2)

The generator alone (no capture running): $(med none.1.pps) Mpps with one sender,
$(med none.2.pps) Mpps with two.  On this 2-core machine the veth receive path runs on the
sending CPU, so the senders, the receive path and both captures share two CPUs.

Target: 0 drops at >= 1.0 Mpps with every packet decoded.  Raw lines: \`$NWB_OUT/live.log\`.

MD
