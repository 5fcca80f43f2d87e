#!/bin/bash
# A watched namespace (with a captured interface) is deleted while netwhy
# runs: a source event "gone" for its netlink source within 1 s, the capture
# in it stops, and the rest goes on: the other namespace's packets and links
# keep coming and the run ends normally (exit 0) on SIGINT.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 ping

A=nwtest-fault-nsa$$
B=nwtest-fault-nsb$$
C=nwtest-fault-nsc$$
out=$(mktemp)
err=$(mktemp)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	[ -n "${pinger:-}" ] && kill "$pinger" 2>/dev/null
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	ip netns del $C 2>/dev/null
	rm -f "$out" "$err"
}
trap cleanup EXIT
nw_fault_ns $A
# B's va has its peer in C, which pings va's address: the pings cross va
# (between two addresses of one namespace they would go over lo).
ip netns add $B || nw_fail "cannot create namespace $B"
ip netns add $C || nw_fail "cannot create namespace $C"
nw_veth $B va 192.0.2.1/24 $C vb 192.0.2.2/24

"$NETWHY" --json --no-bpf --netns $A --netns $B -i va >"$out" 2>"$err" &
nw=$!
nw_wait_for 5 grep -q '"name":"netlink:'$A'","state":"running"' "$out" || nw_fail "$A never watched: $(cat "$err")"
nw_wait_for 5 grep -q '"name":"netlink:'$B'","state":"running"' "$out" || nw_fail "$B never watched"
nw_wait_for 5 grep -q '"name":"pcap:va@'$B'","state":"running"' "$out" || nw_fail "va in $B never captured"
ip netns exec $C ping -q -i 0.2 192.0.2.1 >/dev/null 2>&1 &
pinger=$!
b_packets_after() { jl "$out" "sum(1 for e in ev if e['type']=='packet' and e['netns']['name']=='$B' and e['ts'] > $1) >= $2"; }
nw_wait_for 5 b_packets_after 0 1 || nw_fail "no packets on va in $B before the deletion"
t_del=$(mono)
ip netns del $A
t_after=$(mono)
nw_wait_for 5 grep -q '"name":"netlink:'$A'","state":"gone"' "$out" || nw_fail "netlink:$A never said gone"
kill -0 $nw 2>/dev/null || { wait $nw; nw_fail "netwhy died (status $?) after the namespace was deleted: $(cat "$err")"; }
# A link change in B after the deletion must still be seen.
t_change=$(mono)
ip -n $B link set va mtu 1400
nw_wait_for 5 jl "$out" "any(e['type']=='link' and e['netns']['name']=='$B' and e.get('ifname')=='va' and e['ts'] >= $t_change for e in ev)" ||
	nw_fail "a link change in $B after $A's deletion was not seen"
# Pings go on (5 a second, a request and a reply each on va): 3 frames after
# the deletion, and events until well after it for the attribution check.
nw_wait_for 5 b_packets_after "$t_after + 0.5" 3 || nw_fail "no packets in $B after $A was deleted"
nw_wait_for 5 b_packets_after "$t_after + 1.5" 1 || nw_fail "no packets in $B 1.5 s after $A was deleted"
nw_stop_netwhy "after the namespace was deleted"

lat=$(jl "$out" "'%.3f' % (min([e['ts'] for e in ev if e['type']=='source' and e['name']=='netlink:$A' and e['state']=='gone'] or [1e9]) - $t_del)")
nw_note "netlink:$A gone $lat s after ip netns del began ($(python3 -c "print('%.3f' % ($t_after - $t_del))") s to delete)"
python3 -c "import sys; sys.exit(0 if float('$lat') - ($t_after - $t_del) <= 1.0 else 1)" ||
	nw_fail "no 'gone' for netlink:$A within 1 s of the deletion (got $lat s)"
jl "$out" "[e for e in ev if e['type']=='source' and e['name']=='netlink:$A' and e['state']=='gone'][0]['netns']['name']=='$A'" ||
	nw_fail "the gone event does not name the namespace"
# (Packets from A's capture are netns-release.sh's business.)
jl "$out" "all(e['netns']['name']!='$A' for e in ev if e['type'] not in ('source', 'packet') and e['ts'] > $t_after + 1.0)" ||
	nw_fail "netlink events attributed to $A after it was gone"
nw_note "ok: $B went on (packets, links); netwhy ran to its end"
