#!/bin/bash
# stale-peer-arp (FAILURES.md 2): a peer pinned to an old MAC; its frames are
# dropped as OTHERHOST on the right interface and namespace, with addresses.
# Also: the in-kernel namespace filter keeps other namespaces out.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
# Neighbour entries come from the machine-wide ARP table: wait for tests that
# shrink it (neigh-table-full) to finish.
nwp_lab_lock

A=nwtest-bpf-oh-$$-a
B=nwtest-bpf-oh-$$-b
OUT=$NWP_TMP/events.json
nwp_ns "$A"
nwp_ns "$B"
nwp_veth "$A" va 192.0.2.1/24 "$B" vb 192.0.2.2/24
ip netns exec "$A" ping -c1 -W2 192.0.2.2 >/dev/null || nw_fail "the veth pair does not work"
# A's entry for B now points at a MAC B does not have.
ip -n "$A" neigh replace 192.0.2.2 lladdr 02:00:00:00:00:99 dev va nud permanent
B_INO=$(nwp_ino "$B")
B_MAC=$(ip -n "$B" -j link show vb | jq -r '.[0].address')

# Only B's namespace is in scope: A's own events must not appear.
nwp_dump_start "$OUT" -d 60 -n "$B_INO" -p drops,neigh,sockets
ip netns exec "$A" ping -c3 -i 0.2 -W1 192.0.2.2 >/dev/null && nw_fail "ping should fail (MAC mismatch)"
nwp_dump_stop "$OUT"

nwp_expect "$OUT" ".type == \"drop\" and .reason == \"OTHERHOST\" and .ifname == \"vb\"
	and .netns.inode == $B_INO and .src == \"192.0.2.1\" and .dst == \"192.0.2.2\"
	and .dst_mac == \"02:00:00:00:00:99\" and .pkt_type == \"otherhost\"
	and (.location_sym | test(\"^ip_rcv\"))" \
	"OTHERHOST drops on vb in B ($B_INO) with addresses, MACs and location"
n=$(nwp_count "$OUT" '.type == "drop" and .reason == "OTHERHOST"')
[ "$n" -ge 3 ] || nw_fail "3 pings, $n OTHERHOST drops"
# B's own MAC differs from the one the frames carry: that is the story.
[ "$B_MAC" != "02:00:00:00:00:99" ] || nw_fail "test setup: B has the wrong MAC itself"
outside=$(nwp_count "$OUT" ".type != \"source\" and .type != \"bpf_stats\" and .netns.inode != $B_INO")
[ "$outside" -eq 0 ] || nw_fail "$outside events from outside the scoped namespace"
nw_note "ok: no event from outside namespace $B_INO"
nwp_balance "$OUT"

# The same through the classic tracepoint (the fallback where the kernel has
# no tp_btf/kfree_skb): the same drops, the same fields.
nwp_dump_start "$OUT" -d 60 -n "$B_INO" -p drops --without tp_btf/kfree_skb
ip netns exec "$A" ping -c2 -i 0.2 -W1 192.0.2.2 >/dev/null
nwp_dump_stop "$OUT"
nwp_expect "$OUT" ".type == \"drop\" and .reason == \"OTHERHOST\" and .ifname == \"vb\"
	and .netns.inode == $B_INO and .src == \"192.0.2.1\" and .dst_mac == \"02:00:00:00:00:99\"" \
	"OTHERHOST drops through tp/skb/kfree_skb"
nwp_balance "$OUT"
