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

# ip monitor records the neighbour entry's transitions during the run.
ip -n "$CTR" monitor neigh >"$LAB_TMP/monitor.log" 2>&1 &
mon_pid=$!
"$NETWHY" lab run htb-arp-drop --duration 5 >"$LAB_TMP/run.out" 2>&1 ||
	{ cat "$LAB_TMP/run.out"; kill "$mon_pid"; nw_fail "netwhy lab run exited $?"; }
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null
nw_note "ip monitor neigh: $(grep -c . "$LAB_TMP/monitor.log") events, last: $(grep '^192.0.2.1 ' "$LAB_TMP/monitor.log" | tail -n 1)"
grep -q '^192.0.2.1 dev eth0 .*FAILED' "$LAB_TMP/monitor.log" ||
	{ cat "$LAB_TMP/monitor.log"; nw_fail "ip monitor never saw 192.0.2.1 go FAILED"; }

# The workload: no replies, connect failed with EHOSTUNREACH after the probes.
lab_assert_eq tcp_connect_errno "$(lab_kv "$LAB_TMP/run.out" tcp_connect_errno)" EHOSTUNREACH
lab_assert_eq ping_received "$(lab_kv "$LAB_TMP/run.out" ping_received)" 0
lab_assert_ge tcp_connect_ms "$(lab_kv "$LAB_TMP/run.out" tcp_connect_ms)" 2000

# The neighbour entry ends FAILED.  Its probe counter starts at ucast_probes
# when it goes INCOMPLETE, so probes - ucast_probes is the number of
# broadcast ARP requests that went unanswered: at least mcast_probes (3).
neigh=$(ip -n "$CTR" -j -s neigh show 192.0.2.1)
nw_note "ip -n $CTR -j -s neigh show 192.0.2.1: $neigh"
lab_assert_eq state "$(jq -r '.[0].state | join(",")' <<<"$neigh")" FAILED
parms=$(ip -n "$CTR" -j ntable show dev eth0 name arp_cache | jq -c '.[0]')
ucast=$(jq .ucast_probes <<<"$parms") mcast=$(jq .mcast_probes <<<"$parms")
lab_assert_ge unanswered_probes "$(( $(jq -r '.[0].probes' <<<"$neigh") - ucast ))" "$mcast"

# The bridge's qdisc dropped the replies.
qdisc=$(tc -n "$HOST" -j -s qdisc show dev br0)
nw_note "tc -n $HOST -j -s qdisc show dev br0: $qdisc"
lab_assert_eq kind "$(jq -r '.[0].kind' <<<"$qdisc")" htb
lab_assert_eq direct_qlen "$(jq -r '.[0].options.direct_qlen' <<<"$qdisc")" 0
# At least one ARP reply dropped per unanswered request.
lab_assert_ge qdisc_drops "$(jq -r '.[0].drops' <<<"$qdisc")" "$mcast"

# status shows the key state: up, the FAILED entry, the qdisc's drops.
lab_ok "$NETWHY" lab status htb-arp-drop
grep -q '^htb-arp-drop: up' "$LAB_TMP/cmd.out" || nw_fail "status does not say up"
grep -q '^192.0.2.1 dev eth0 .*FAILED' "$LAB_TMP/cmd.out" || nw_fail "status does not show the FAILED entry"
grep -q 'dropped [1-9]' "$LAB_TMP/cmd.out" || nw_fail "status does not show the qdisc drops"

lab_ok "$NETWHY" lab down htb-arp-drop
lab_assert_no_ns nwlab-htb-
lab_ok "$NETWHY" lab status htb-arp-drop
grep -q 'htb-arp-drop: down' "$LAB_TMP/cmd.out" || nw_fail "status after down does not say down"
exit 0
