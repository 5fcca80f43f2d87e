#!/bin/bash
# Qdisc enqueues are counted per qdisc in the kernel (not one record per
# packet) and reported as `qdisc` events with op "enqueue": kind, handle,
# device, namespace and packet counts that agree with tc.  HTB is used
# because it never lets a packet bypass its enqueue (pfifo and pfifo_fast
# transmit directly while empty, and the kernel then fires no enqueue).
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
# Neighbour entries come from the machine-wide ARP table: wait for tests that
# shrink it (neigh-table-full) to finish.
nwp_lab_lock

A=nwtest-bpf-q-$$-a
B=nwtest-bpf-q-$$-b
OUT=$NWP_TMP/events.json
nwp_ns "$A"
nwp_ns "$B"
A_INO=$(nwp_ino "$A")
nwp_dump_start "$OUT" -d 60 -n "$A_INO" -p qdisc
ip netns exec "$A" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
nwp_veth "$A" va 192.0.2.1/24 "$B" vb 192.0.2.2/24
tc -n "$A" qdisc add dev va root handle 7: htb default 10
tc -n "$A" class add dev va parent 7: classid 7:10 htb rate 100mbit 2>/dev/null
ip netns exec "$A" ping -c 20 -i 0.05 -W1 192.0.2.2 >/dev/null || nw_fail "ping over the veth failed"
nwp_dump_stop "$OUT"
sent=$(tc -n "$A" -j -s qdisc show dev va | jq '.[] | select(.kind == "htb") | .packets')

last=$(jq -c 'select(.type == "qdisc" and .op == "enqueue" and .kind == "htb" and .handle == "7:"
	and .ifname == "va" and .netns.inode == '"$A_INO"')' "$OUT" | tail -1)
[ -n "$last" ] || { jq -c 'select(.type=="qdisc")' "$OUT" >&2; cat "$OUT.err" >&2; nw_fail "no enqueue report for htb 7: on va"; }
pk=$(echo "$last" | jq .packets)
nw_note "htb 7: on va: BPF counted $pk enqueues, tc sent $sent"
[ "$pk" -ge 20 ] || nw_fail "only $pk enqueues counted for 20 pings"
[ "$pk" -eq "$sent" ] || nw_fail "BPF counted $pk enqueues, tc says $sent packets sent"
reports=$(nwp_count "$OUT" '.type == "qdisc" and .op == "enqueue"')
[ "$reports" -lt "$pk" ] || nw_fail "$reports reports for $pk packets: not aggregated"
nw_note "ok: $reports reports for $pk packets"
