#!/bin/bash
# neigh-table-full: with gc_thresh1/2/3 lowered to 16/32/64, UDP to 253
# unanswered on-link addresses fills the shared ARP table: neighbour creation
# fails, sends without IP_RECVERR "succeed" while the datagrams are dropped,
# sends with IP_RECVERR fail ENOBUFS, IPv6 sends fail EINVAL (the seed's
# errno); down restores every threshold of both families.
# Oracles: ip -j -s ntable (entries, thresholds, table_fulls), nstat inside
# the namespace (UdpSndbufErrors, IpOutDiscards), the kernel log, the
# workload's report, /proc/sys/net/ipv{4,6}/neigh/default/gc_thresh*.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init neigh-table-full

NS=nwlab-ntf-host
D=/proc/sys/net/ipv4/neigh/default
D6=/proc/sys/net/ipv6/neigh/default
thresholds() { cat $D/gc_thresh1 $D/gc_thresh2 $D/gc_thresh3 $D6/gc_thresh1 $D6/gc_thresh2 $D6/gc_thresh3 | paste -sd/; }
orig=$(thresholds)
nw_note "gc_thresh1/2/3 IPv4/IPv6 before: $orig"

ntable() { ip -j -s ntable show name "$1" | jq -c '[.[] | select(has("thresh3"))][0]'; }
arp_table() { ntable arp_cache; }

fulls_before=$(arp_table | jq .table_fulls)
fulls6_before=$(ntable ndisc_cache | jq .table_fulls)
# The kernel log's timestamp now: overflow messages after it are ours.
dmesg_ts() { dmesg 2>/dev/null | tail -n 1 | sed -n 's/^\[ *\([0-9]*\.[0-9]*\)\].*/\1/p'; }
dmesg_mark=$(dmesg_ts)

lab_ok "$NETWHY" lab up neigh-table-full
# up says what it changes outside its namespaces and how it is restored.
grep -q 'gc_thresh3 .* -> 64' "$LAB_TMP/cmd.out" || nw_fail "up did not announce the gc_thresh3 change"
grep -q "restores them" "$LAB_TMP/cmd.out" || nw_fail "up did not say how the values are restored"
lab_assert_eq thresholds_during "$(thresholds)" 16/32/64/16/32/64
lab_ok "$NETWHY" lab up neigh-table-full   # idempotent, and keeps the true originals
grep -q 'already up' "$LAB_TMP/cmd.out" || nw_fail "second up did not say 'already up'"

"$NETWHY" lab run neigh-table-full --duration 3 >"$LAB_TMP/run.out" 2>&1 &
run_pid=$!
# While the flood runs, the shared table sits at gc_thresh3.
table_at_thresh3() { [ "$(arp_table | jq '.entries >= .thresh3')" = true ]; }
if nw_wait_for 10 table_at_thresh3; then
	nw_note "arp_cache during the flood: $(arp_table | jq -c '{entries, thresh3, table_fulls}')"
else
	saw_full=no
fi
wait "$run_pid" || { cat "$LAB_TMP/run.out"; nw_fail "netwhy lab run exited non-zero"; }
[ "${saw_full:-yes}" = yes ] || nw_fail "arp_cache entries never reached thresh3 during the flood"

fulls_after=$(arp_table | jq .table_fulls)
lab_assert_ge table_fulls_delta "$((fulls_after - fulls_before))" 1
lab_assert_ge ndisc_table_fulls_delta "$(( $(ntable ndisc_cache | jq .table_fulls) - fulls6_before ))" 1

if [ -n "$dmesg_mark" ]; then
	overflows=$(dmesg | awk -v t="$dmesg_mark" '/arp_cache: neighbor table overflow/ {
		ts = $0; sub(/^\[ */, "", ts); sub(/\].*/, "", ts); if (ts + 0 > t + 0) n++ } END { print n + 0 }')
	lab_assert_ge dmesg_neighbor_table_overflow "$overflows" 1
else
	nw_note "dmesg is not readable here: the kernel log check is left out"
fi

nstat_val() { ip netns exec "$NS" nstat -asz "$1" | awk -v k="$1" '$1 == k { print $2 }'; }
lab_assert_ge UdpSndbufErrors "$(nstat_val UdpSndbufErrors)" 1
lab_assert_ge IpOutDiscards "$(nstat_val IpOutDiscards)" 1

# Without IP_RECVERR sendto never reported ENOBUFS although datagrams were
# dropped (a few sends may time out, EAGAIN, on a send buffer held by packets
# queued on unresolved entries); with it, sendto failed ENOBUFS.
lab_assert_eq send_errno_ENOBUFS "$(lab_kv "$LAB_TMP/run.out" send_errno_ENOBUFS)" ""
lab_assert_ge send_ok "$(lab_kv "$LAB_TMP/run.out" send_ok)" 253
lab_assert_ge recverr_send_errno_ENOBUFS "$(lab_kv "$LAB_TMP/run.out" recverr_send_errno_ENOBUFS)" 1
# IPv6 still returns EINVAL when the ndisc table is full, and UDP reports it.
lab_assert_ge ipv6_send_errno_EINVAL "$(lab_kv "$LAB_TMP/run.out" ipv6_send_errno_EINVAL)" 1
lab_assert_ge Ip6OutDiscards "$(nstat_val Ip6OutDiscards)" 1

lab_ok "$NETWHY" lab down neigh-table-full
[ "$(thresholds)" = "$orig" ] || nw_fail "gc_thresh1/2/3 IPv4/IPv6 are $(thresholds) after down, were $orig"
nw_note "gc_thresh1/2/3 IPv4/IPv6 after down: $(thresholds)"
[ ! -e "${NW_LAB_STATE_DIR:-/run/netwhy-lab}/neigh-table-full.sysctl" ] || nw_fail "down left the state file behind"
lab_assert_no_ns nwlab-ntf-
exit 0
