#!/bin/bash
# A drop flood is counted, not sent packet by packet (bench/ANALYSIS.md 3):
# a burst of 500 OTHERHOST drops gives at most the sample of per-packet
# records (with addresses) per CPU and the rest as aggregated drop events
# with a count; the counts add up to exactly the 500 drops, nothing lost, and
# the source's `aggregated` total is the sum of the aggregated counts.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
nwp_lab_lock

A=nwtest-bpf-flood-$$-a
B=nwtest-bpf-flood-$$-b
OUT=$NWP_TMP/events.json
SAMPLE=16
nwp_ns "$A"
nwp_ns "$B"
nwp_veth "$A" va 192.0.2.1/24 "$B" vb 192.0.2.2/24
# A's frames for .2 go to a MAC that is not vb's: each is dropped as OTHERHOST on vb.
ip -n "$A" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev va nud permanent
B_INO=$(nwp_ino "$B")

nwp_dump_start "$OUT" -d 60 -n "$B_INO" -p drops -s "$SAMPLE"
ip netns exec "$A" ping -q -l 500 -c 500 -W 1 192.0.2.2 >/dev/null 2>&1
nwp_dump_stop "$OUT"

sel='.type == "drop" and .reason == "OTHERHOST" and .ifname == "vb"'
single=$(nwp_count "$OUT" "$sel and (.count // 1) == 1")
with_addr=$(nwp_count "$OUT" "$sel and (.count // 1) == 1 and .dst == \"192.0.2.2\" and .dst_mac == \"02:00:00:00:00:99\"")
agg_events=$(nwp_count "$OUT" "$sel and (.count // 1) > 1")
total=$(jq -s "[.[] | select($sel) | (.count // 1)] | add // 0" "$OUT")
agg_sum=$(jq -s "[.[] | select(.type == \"drop\" and (.count // 1) > 1) | .count] | add // 0" "$OUT")
stats=$(jq -c 'select(.type == "bpf_stats" and .probe == "bpf:drops")' "$OUT")
nw_note "per-packet $single (with addresses $with_addr), aggregated events $agg_events, total $total; $stats"
ncpu=$(nproc)
[ "$total" -eq 500 ] || nw_fail "the counts add up to $total drops, 500 were sent"
[ "$single" -ge 1 ] && [ "$single" -le $((SAMPLE * ncpu)) ] ||
	nw_fail "$single per-packet drop events: expected 1..$((SAMPLE * ncpu)) (sample $SAMPLE per CPU)"
[ "$with_addr" -eq "$single" ] || nw_fail "$((single - with_addr)) per-packet drops without their addresses"
[ "$agg_events" -ge 1 ] || nw_fail "no aggregated drop event (count > 1)"
# Aggregated events carry no headers: nothing pretends to be one packet's.
bad=$(nwp_count "$OUT" "$sel and (.count // 1) > 1 and (.src != null or .dst != null)")
[ "$bad" -eq 0 ] || nw_fail "$bad aggregated drop events carry packet addresses"
[ "$(echo "$stats" | jq .aggregated)" -eq "$agg_sum" ] ||
	nw_fail "bpf_stats aggregated $(echo "$stats" | jq .aggregated) != the counts printed ($agg_sum)"
[ "$(echo "$stats" | jq .lost)" -eq 0 ] || nw_fail "records lost: $stats"
nwp_expect "$OUT" '.type == "source" and .name == "bpf:drops" and (.detail // "" | test("drops of floods reported as counts"))' \
	"the source says how many drops were reported as counts"
nwp_balance "$OUT"
