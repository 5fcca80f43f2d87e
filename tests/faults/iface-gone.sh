#!/bin/bash
# The captured interface is deleted while netwhy runs: its capture source
# says "gone" (a source event, within 1 s), and netwhy keeps running: the
# other interface's packets and the namespace's netlink events go on, and
# it ends normally (exit 0) on SIGINT.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 ping

N=nwtest-fault-if$$
P=nwtest-fault-ifp$$
out=$(mktemp)
err=$(mktemp)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	[ -n "${pinger:-}" ] && kill "$pinger" 2>/dev/null
	ip netns del $N 2>/dev/null
	ip netns del $P 2>/dev/null
	rm -f "$out" "$err"
}
trap cleanup EXIT
nw_fault_ns $N
# A second pair that stays: vc in $N, its peer vd in a second namespace, so
# pings from there really cross vc (two addresses of one namespace talk
# over lo, and only ARP probes, one a second, would cross vc).
ip netns add $P || nw_fail "cannot create namespace $P"
nw_veth $N vc 198.51.100.1/24 $P vd 198.51.100.2/24

"$NETWHY" --json --no-bpf --netns $N -i va -i vc >"$out" 2>"$err" &
nw=$!
nw_wait_for 5 grep -q '"name":"pcap:va@'$N'","state":"running"' "$out" || nw_fail "va never captured: $(cat "$err")"
nw_wait_for 5 grep -q '"name":"pcap:vc@'$N'","state":"running"' "$out" || nw_fail "vc never captured"
ip netns exec $P ping -q -i 0.2 198.51.100.1 >/dev/null 2>&1 &
pinger=$!
vc_packets_after() { jl "$out" "sum(1 for e in ev if e['type']=='packet' and e.get('ifname')=='vc' and e['ts'] > $1) >= $2"; }
nw_wait_for 5 vc_packets_after 0 1 || nw_fail "no packets on vc before the deletion"
t_del=$(mono)
ip -n $N link del va
nw_wait_for 5 grep -q '"name":"pcap:va@'$N'","state":"gone"' "$out" || nw_fail "no 'gone' source event for va"
# The rest goes on: packets on vc after the deletion (5 pings a second, each
# a request and a reply), and the link's removal seen by netlink.
nw_wait_for 5 vc_packets_after "$t_del + 0.5" 3 || nw_fail "no packets on vc after va was deleted"
nw_wait_for 5 jl "$out" "any(e['type']=='link' and e.get('ifname')=='va' and e['ts'] >= $t_del for e in ev)" ||
	nw_fail "netlink did not report va's deletion"
kill -0 $nw 2>/dev/null || nw_fail "netwhy died after the interface was deleted: $(cat "$err")"
nw_stop_netwhy "after the interface was deleted"

lat=$(jl "$out" "'%.3f' % ([e['ts'] for e in ev if e['type']=='source' and e['name']=='pcap:va@$N' and e['state']=='gone'][0] - $t_del)")
nw_note "va gone reported $lat s after ip link del"
python3 -c "import sys; sys.exit(0 if float('$lat') <= 1.0 else 1)" || nw_fail "gone reported $lat s after the deletion (> 1 s)"
grep -q 'va: .*disappeared\|va: .*gone' "$err" || nw_fail "stderr does not say va is gone: $(cat "$err")"
nw_note "ok: netwhy ran to its end; vc kept capturing"
