#!/bin/bash
# htb-arp-drop: HTB with direct_qlen 0 on the host's bridge drops the ARP
# replies, so the container's neighbour entry for the bridge address goes
# INCOMPLETE -> FAILED after its probes and connect() fails EHOSTUNREACH.
# Oracles: ip -j -s neigh (state, probes), tc -j -s qdisc (drops), the
# workload's report (errno, replies).
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init htb-arp-drop

CTR=nwlab-htb-ctr HOST=nwlab-htb-host

lab_ok "$NETWHY" lab up htb-arp-drop
lab_ok "$NETWHY" lab up htb-arp-drop   # idempotent
grep -q 'already up' "$LAB_TMP/cmd.out" || nw_fail "second up did not say 'already up'"
[ "$(tc -n "$HOST" -j qdisc show dev br0 | jq '[.[] | select(.root)] | length')" = 1 ] ||
	nw_fail "expected exactly one root qdisc on br0 after two ups"

"$NETWHY" lab run htb-arp-drop --duration 5 >"$LAB_TMP/run.out" 2>&1 ||
	{ cat "$LAB_TMP/run.out"; nw_fail "netwhy lab run exited $?"; }

# The workload: no replies, connect failed with EHOSTUNREACH after the probes.
lab_assert_eq tcp_connect_errno "$(lab_kv "$LAB_TMP/run.out" tcp_connect_errno)" EHOSTUNREACH
lab_assert_eq ping_received "$(lab_kv "$LAB_TMP/run.out" ping_received)" 0
lab_assert_ge tcp_connect_ms "$(lab_kv "$LAB_TMP/run.out" tcp_connect_ms)" 2000

# The neighbour entry: INCOMPLETE or FAILED, after at least 3 probes.
neigh=$(ip -n "$CTR" -j -s neigh show 192.0.2.1)
nw_note "ip -n $CTR -j -s neigh show 192.0.2.1: $neigh"
state=$(jq -r '.[0].state | join(",")' <<<"$neigh")
[[ $state =~ INCOMPLETE|FAILED ]] || nw_fail "neighbour state is '$state', expected INCOMPLETE or FAILED"
lab_assert_ge probes "$(jq -r '.[0].probes' <<<"$neigh")" 3

# The bridge's qdisc dropped the replies.
qdisc=$(tc -n "$HOST" -j -s qdisc show dev br0)
nw_note "tc -n $HOST -j -s qdisc show dev br0: $qdisc"
lab_assert_eq kind "$(jq -r '.[0].kind' <<<"$qdisc")" htb
lab_assert_eq direct_qlen "$(jq -r '.[0].options.direct_qlen' <<<"$qdisc")" 0
lab_assert_ge qdisc_drops "$(jq -r '.[0].drops' <<<"$qdisc")" 1

lab_ok "$NETWHY" lab down htb-arp-drop
lab_assert_no_ns nwlab-htb-
lab_ok "$NETWHY" lab status htb-arp-drop
grep -q 'htb-arp-drop: down' "$LAB_TMP/cmd.out" || nw_fail "status after down does not say down"
exit 0
