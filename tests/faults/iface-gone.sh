#!/bin/bash
# The captured interface is deleted while netwhy runs: its capture source
# says "gone" (a source event, within 1 s), and netwhy keeps running: the
# other interface's packets and the namespace's netlink events go on, and
# the run ends normally (exit 0) at --duration.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 ping

N=nwtest-fault-if$$
out=$(mktemp)
err=$(mktemp)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	[ -n "${pinger:-}" ] && kill "$pinger" 2>/dev/null
	ip netns del $N 2>/dev/null
	rm -f "$out" "$err"
}
trap cleanup EXIT
nw_fault_ns $N
# A second pair that stays: vc/vd.
ip -n $N link add vc type veth peer name vd || nw_fail "veth"
ip -n $N addr add 198.51.100.1/24 dev vc
ip -n $N addr add 198.51.100.2/24 dev vd
ip -n $N link set vc up
ip -n $N link set vd up

"$NETWHY" --json --no-bpf --netns $N -i va -i vc >"$out" 2>"$err" &
nw=$!
nw_wait_for 5 grep -q '"name":"pcap:va@'$N'","state":"running"' "$out" || nw_fail "va never captured: $(cat "$err")"
nw_wait_for 5 grep -q '"name":"pcap:vc@'$N'","state":"running"' "$out" || nw_fail "vc never captured"
ip netns exec $N ping -q -i 0.2 -I vc 198.51.100.2 >/dev/null 2>&1 &
pinger=$!
sleep 1
t_del=$(mono)
ip -n $N link del va
sleep 1.5
kill -0 $nw 2>/dev/null || nw_fail "netwhy died after the interface was deleted: $(cat "$err")"
sleep 1.5
nw_stop_netwhy "after the interface was deleted"

jl "$out" "[e for e in ev if e['type']=='source' and e['name']=='pcap:va@$N' and e['state']=='gone']" | grep -q gone ||
	nw_fail "no 'gone' source event for va"
lat=$(jl "$out" "'%.3f' % ([e['ts'] for e in ev if e['type']=='source' and e['name']=='pcap:va@$N' and e['state']=='gone'][0] - $t_del)")
nw_note "va gone reported $lat s after ip link del"
python3 -c "import sys; sys.exit(0 if float('$lat') <= 1.0 else 1)" || nw_fail "gone reported $lat s after the deletion (> 1 s)"
# The rest went on: packets on vc after the deletion, and the link's removal seen by netlink.
jl "$out" "sum(1 for e in ev if e['type']=='packet' and e.get('ifname')=='vc' and e['ts'] > $t_del + 0.5) >= 3" ||
	nw_fail "no packets on vc after va was deleted"
jl "$out" "any(e['type']=='link' and e.get('ifname')=='va' and e['ts'] >= $t_del for e in ev)" ||
	nw_fail "netlink did not report va's deletion"
grep -q 'va: .*disappeared\|va: .*gone' "$err" || nw_fail "stderr does not say va is gone: $(cat "$err")"
nw_note "ok: netwhy ran to its end; vc kept capturing"
