#!/bin/bash
# A deliberately small ring (one page) overrun by a burst: records are lost,
# the loss is counted in the kernel, and delivered + lost == generated
# exactly; the events printed match what the source says it delivered; a
# `source` event reports the loss with the fix.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
# Neighbour entries come from the machine-wide ARP table: wait for tests that
# shrink it (neigh-table-full) to finish.
nwp_lab_lock

A=nwtest-bpf-ring-$$-a
B=nwtest-bpf-ring-$$-b
OUT=$NWP_TMP/events.json
PAGE=$(getconf PAGESIZE)
nwp_ns "$A"
nwp_ns "$B"
nwp_veth "$A" va 192.0.2.1/24 "$B" vb 192.0.2.2/24
ip -n "$A" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev va nud permanent
B_INO=$(nwp_ino "$B")

# Bad sizes are refused with a reason, not rounded silently.
"$BPF_DUMP" -d 0.1 -r 5000 -p drops >"$NWP_TMP/bad.json" 2>&1 && nw_fail "a 5000-byte ring was accepted"
grep -q 'not a power of two' "$NWP_TMP/bad.json" || nw_fail "no reason for the refused ring size"

# -s all: a record per drop (no aggregation), so the burst overruns the ring.
nwp_dump_start "$OUT" -d 60 -r "$PAGE" -n "$B_INO" -p drops -s all
# ping's preload sends 500 echo requests at once: 500 OTHERHOST drops in a
# burst, about 90 KB of records against a ring of one page.
ip netns exec "$A" ping -q -l 500 -c 500 -W 1 192.0.2.2 >/dev/null 2>&1
nwp_dump_stop "$OUT"

stats=$(jq -c 'select(.type == "bpf_stats" and .probe == "bpf:drops")' "$OUT")
gen=$(echo "$stats" | jq .generated)
del=$(echo "$stats" | jq .delivered)
lost=$(echo "$stats" | jq .lost)
events=$(nwp_count "$OUT" '.type == "drop"')
nw_note "ring $PAGE bytes: generated $gen, delivered $del, lost $lost, drop events $events"
[ "$gen" -ge 500 ] || nw_fail "generated $gen < the 500 drops sent"
[ "$lost" -gt 0 ] || nw_fail "a one-page ring took a 500-record burst without loss: the test proves nothing"
[ $((del + lost)) -eq "$gen" ] || nw_fail "delivered $del + lost $lost != generated $gen"
[ "$events" -eq "$del" ] || nw_fail "$events drop events printed, $del delivered"
nwp_expect "$OUT" ".type == \"source\" and .name == \"bpf:drops\" and .lost == $lost
	and (.detail | test(\"ring buffer full\"))" "a source event reports the $lost lost records and the fix"
nwp_balance "$OUT"
