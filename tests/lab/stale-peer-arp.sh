#!/bin/bash
# stale-peer-arp: the peer's ARP entry pins the SoC's old MAC, so every reply
# to the SoC carries a destination MAC that is not the SoC's and is dropped as
# OTHERHOST: 100% ping loss, a TCP connect that never completes.
# Oracles: ip -j neigh (the peer's PERMANENT entry -> old MAC), ip -j link
# (the SoC's new MAC, rx otherhost counter), the workload's report.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init stale-peer-arp

SOC=nwlab-stale-soc PEER=nwlab-stale-peer

lab_ok "$NETWHY" lab up stale-peer-arp
grep -q '^ping_received=1$' "$LAB_TMP/cmd.out" || nw_fail "the first ping (before the MAC change) got no reply"
lab_ok "$NETWHY" lab up stale-peer-arp   # idempotent
grep -q 'already up' "$LAB_TMP/cmd.out" || nw_fail "second up did not say 'already up'"

soc_mac=$(ip -n "$SOC" -j link show eth0 | jq -r '.[0].address')
peer_entry=$(ip -n "$PEER" -j neigh show 198.51.100.1)
nw_note "SoC eth0 MAC: $soc_mac; peer's entry: $peer_entry"
pinned=$(jq -r '.[0].lladdr' <<<"$peer_entry")
[ -n "$pinned" ] && [ "$pinned" != null ] || nw_fail "the peer has no entry for 198.51.100.1"
[ "$pinned" != "$soc_mac" ] || nw_fail "the peer's entry already has the SoC's current MAC $soc_mac"
jq -e '.[0].state | index("PERMANENT")' <<<"$peer_entry" >/dev/null || nw_fail "the peer's entry is not PERMANENT"

# iproute2 shows rx "otherhost" (rtnl_link_stats64.rx_otherhost_dropped) only
# once it is non-zero.
otherhost() { ip -n "$SOC" -j -s -s link show eth0 | jq -r '.[0].stats64.rx.otherhost // 0'; }
before=$(otherhost)

"$NETWHY" lab run stale-peer-arp --duration 3 >"$LAB_TMP/run.out" 2>&1 ||
	{ cat "$LAB_TMP/run.out"; nw_fail "netwhy lab run exited $?"; }
after=$(otherhost)

sent=$(lab_kv "$LAB_TMP/run.out" ping_sent)
lab_assert_ge ping_sent "$sent" 3
lab_assert_eq ping_received "$(lab_kv "$LAB_TMP/run.out" ping_received)" 0
lab_assert_eq ping_loss_pct "$(lab_kv "$LAB_TMP/run.out" ping_loss_pct)" 100
lab_assert_eq tcp_connect "$(lab_kv "$LAB_TMP/run.out" tcp_connect)" pending
# Every echo request got a reply, and every reply was dropped as OTHERHOST.
lab_assert_ge otherhost_drops "$((after - before))" "$sent"
# The SYN-ACKs (or RSTs) never reached TCP: the SoC retransmitted its SYN.
retrans=$(ip netns exec "$SOC" nstat -asz TcpRetransSegs | awk '$1 == "TcpRetransSegs" { print $2 }')
lab_assert_ge TcpRetransSegs "$retrans" 1

lab_ok "$NETWHY" lab down stale-peer-arp
lab_assert_no_ns nwlab-stale-
exit 0
