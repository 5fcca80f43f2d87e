#!/bin/bash
# bench/tax.sh: what netwhy costs the host it watches (issue 19).
# Two workloads, each timed without netwhy and with it, alternating runs,
# the median of NWB_REPEAT each:
#  - syscall-heavy: dd with 1-byte blocks, 2 syscalls per byte (the errno
#    probe must not tax system calls that are not socket calls);
#  - socket-heavy: UDP sendto() to a closed port in a namespace of ours
#    (every send a socket syscall, every datagram a NO_SOCKET drop and an
#    ICMP reply), so the socket probes and the drop probe run on each;
#  - packet-heavy: a gen_traffic flood through a veth pair, with netwhy
#    capturing and probing the receiving side, and tcpdump -w /dev/null on
#    the same interface as the reference.
# netwhy runs as a user would leave it: `netwhy --json --netns all` (every
# source on) with its output to a file.
set -u
. "$(dirname "$0")/lib.sh"
nwb_need_root "6. Host tax" tax || exit 0

B=$NW_BUILDDIR
DD_COUNT=${BENCH_TAX_DD:-3000000}
GEN_SEC=${BENCH_TAX_SEC:-5}
TX=nwbench-ttx RX=nwbench-trx
pid=
cleanup() {
	[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	nwb_veth_del $TX $RX
	rm -f "$NWB_TMP"/tax.*
}
trap cleanup EXIT INT TERM
nwb_veth $TX $RX nwb-ttx nwb-trx || exit 1
rx_mac=$(ip netns exec $RX cat /sys/class/net/nwb-trx/address)

# start_netwhy ARGS...: netwhy in the background until its probes run.
start_netwhy() {
	"$B/netwhy" --json "$@" > "$NWB_TMP/tax.json" 2>"$NWB_TMP/tax.err" &
	pid=$!
	for _ in $(seq 200); do
		grep -q '"name":"bpf:drops","state":"running"' "$NWB_TMP/tax.json" 2>/dev/null && return 0
		sleep 0.05
	done
	nwb_log "tax: netwhy did not report its probes running: $(tail -2 "$NWB_TMP/tax.err")"
}
stop_bg() {
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}
# wall seconds of a command (stdout/stderr discarded)
wall() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1
	nwb_calc "$EPOCHREALTIME - $t0"
}
dd_run() { wall dd if=/dev/zero of=/dev/null bs=1 count="$DD_COUNT"; }
# 200 000 UDP datagrams to a closed port of RX, from TX.
udp_run() {
	wall ip netns exec $TX python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(200000):
    try:
        s.sendto(b"x", ("198.51.100.2", 9))
    except OSError:
        pass'
}
gen() { ip netns exec $TX "$B/bench/gen_traffic" nwb-ttx "$rx_mac" "$GEN_SEC" 198.51.100.2 9; }

declare -A r
for i in $(seq "$NWB_REPEAT"); do
	nwb_log "tax: run $i/$NWB_REPEAT"
	r[dd.base]+="$(dd_run) "
	r[udp.base]+="$(udp_run) "
	r[gen.base]+="$(nwb_field "$(gen)" pps) "

	start_netwhy --netns all
	r[dd.with]+="$(dd_run) "
	r[udp.with]+="$(udp_run) "
	r[gen.with]+="$(nwb_field "$(gen)" pps) "
	stop_bg

	ip netns exec $RX tcpdump -n -i nwb-trx -w /dev/null 2>"$NWB_TMP/tax.td" &
	pid=$!
	for _ in $(seq 100); do grep -q listening "$NWB_TMP/tax.td" && break; sleep 0.05; done
	r[gen.tcpdump]+="$(nwb_field "$(gen)" pps) "
	stop_bg
	printf 'run=%s dd_base=%s dd_with=%s udp_base=%s udp_with=%s gen_base=%s gen_with=%s gen_tcpdump=%s\n' "$i" \
		$(for k in dd.base dd.with udp.base udp.with gen.base gen.with gen.tcpdump; do set -- ${r[$k]}; echo "${!#}"; done) \
		>> "$NWB_OUT/tax.log"
done
med() { nwb_median ${r[$1]}; }
pct() { nwb_calc "($1 / $2 - 1) * 100"; }
loss() { nwb_calc "(1 - $1 / $2) * 100"; }
{
	printf '## 6. Host tax\n\n'
	printf 'What the watched host pays while `netwhy --json --netns all` runs with every source on\n'
	printf '(output to a file).  Runs alternate without and with netwhy; medians of %s.\n\n' "$NWB_REPEAT"
	printf '| workload | without netwhy | with netwhy | tax | target |\n|---|---|---|---|---|\n'
	printf '| `dd bs=1 count=%s` (%s syscalls, none a socket call) | %s s | %s s | %s%% | <= 2%% |\n' \
		"$DD_COUNT" "$((DD_COUNT * 2))" "$(med dd.base)" "$(med dd.with)" "$(pct "$(med dd.with)" "$(med dd.base)")"
	printf '| 200 000 UDP sendto() to a closed port (each a socket call, a NO_SOCKET drop, an ICMP reply) | %s s | %s s | %s%% | |\n' \
		"$(med udp.base)" "$(med udp.with)" "$(pct "$(med udp.with)" "$(med udp.base)")"
	printf '| gen_traffic flood through a veth pair, %s s (rate) | %s pps | %s pps | %s%% lost | as tcpdump |\n' \
		"$GEN_SEC" "$(med gen.base)" "$(med gen.with)" "$(loss "$(med gen.with)" "$(med gen.base)")"
	printf '| ... the same with `tcpdump -w /dev/null` on the receiving interface instead | %s pps | %s pps | %s%% lost | |\n\n' \
		"$(med gen.base)" "$(med gen.tcpdump)" "$(loss "$(med gen.tcpdump)" "$(med gen.base)")"
} | nwb_section tax
