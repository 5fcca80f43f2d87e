#!/bin/bash
# healthy: the bridge-and-container topology with no fault shows none of the
# symptoms the other scenarios prove: pings answered, TCP connects, the
# neighbour entry resolves (never INCOMPLETE/FAILED), no qdisc drops, no
# OTHERHOST drops.  Oracles: ip -j -s neigh, ip monitor neigh, tc -j -s
# qdisc, ip -j -s -s link, the workloads' reports.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init healthy

CTR=nwlab-healthy-ctr HOST=nwlab-healthy-host

lab_ok "$NETWHY" lab up healthy
lab_ok "$NETWHY" lab up healthy   # idempotent
grep -q 'already up' "$LAB_TMP/cmd.out" || nw_fail "second up did not say 'already up'"

ip -n "$CTR" monitor neigh >"$LAB_TMP/monitor.log" 2>&1 &
mon_pid=$!
"$NETWHY" lab run healthy --duration 3 >"$LAB_TMP/run.out" 2>&1 ||
	{ cat "$LAB_TMP/run.out"; kill "$mon_pid"; nw_fail "netwhy lab run exited $?"; }
kill "$mon_pid"
wait "$mon_pid" 2>/dev/null

lab_assert_eq ping_sent "$(lab_kv "$LAB_TMP/run.out" ping_sent)" 3
lab_assert_eq ping_received "$(lab_kv "$LAB_TMP/run.out" ping_received)" 3
lab_assert_eq tcp_connect "$(lab_kv "$LAB_TMP/run.out" tcp_connect)" ok
lab_assert_eq server_serve_accepted "$(lab_kv "$LAB_TMP/run.out" server_serve_accepted)" 1
! grep -q 'errno' "$LAB_TMP/run.out" || { grep errno "$LAB_TMP/run.out"; nw_fail "a workload reported an errno"; }

neigh=$(ip -n "$CTR" -j -s neigh show 192.0.2.1)
nw_note "ip -n $CTR -j -s neigh show 192.0.2.1: $neigh"
state=$(jq -r '.[0].state | join(",")' <<<"$neigh")
[[ $state =~ ^(REACHABLE|STALE|DELAY|PROBE)$ ]] || nw_fail "neighbour state is '$state', expected a resolved state"
grep -q '^192.0.2.1 dev eth0 .*REACHABLE' "$LAB_TMP/monitor.log" ||
	{ cat "$LAB_TMP/monitor.log"; nw_fail "ip monitor did not see 192.0.2.1 become REACHABLE"; }
! grep -qE 'INCOMPLETE|FAILED' "$LAB_TMP/monitor.log" ||
	{ cat "$LAB_TMP/monitor.log"; nw_fail "ip monitor saw an INCOMPLETE or FAILED entry"; }
nw_note "ip monitor neigh: $(grep -c . "$LAB_TMP/monitor.log") events, none INCOMPLETE/FAILED"

drops=$(tc -n "$HOST" -j -s qdisc show dev br0 | jq '[.[].drops] | add')
lab_assert_eq br0_qdisc_drops "$drops" 0
otherhost=$(ip -n "$CTR" -j -s -s link show eth0 | jq '.[0].stats64.rx.otherhost // 0')
lab_assert_eq ctr_otherhost "$otherhost" 0

lab_ok "$NETWHY" lab down healthy
lab_assert_no_ns nwlab-healthy-
exit 0
