#!/bin/bash
# neigh-table-full (FAILURES.md 1): traffic to many unanswered addresses
# fills the (machine-wide) ARP table with INCOMPLETE entries that forced GC
# may not free (too recent); once it holds gc_thresh3 entries neighbour
# creation fails.  BPF shows each failed creation (device, namespace,
# address, -ENOBUFS) and the NEIGH_CREATEFAIL drops.
#
# gc_thresh1/2/3 are global (initial namespace only): this test lowers them
# to just above the current entry count for a few seconds, under the lab
# lock, and restores them on every exit path.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
nwp_lab_lock

D=/proc/sys/net/ipv4/neigh/default
[ -w "$D/gc_thresh3" ] || nw_skip "cannot write $D/gc_thresh3 (not in the initial namespace?)"
OLD1=$(cat "$D/gc_thresh1")
OLD2=$(cat "$D/gc_thresh2")
OLD3=$(cat "$D/gc_thresh3")
NWP_ON_EXIT+=("echo $OLD1 >$D/gc_thresh1; echo $OLD2 >$D/gc_thresh2; echo $OLD3 >$D/gc_thresh3")

N=nwtest-bpf-nf-$$
OUT=$NWP_TMP/events.json
nwp_ns "$N"
N_INO=$(nwp_ino "$N")
ip -n "$N" link add nw0 type veth peer name nw1
ip -n "$N" addr add 198.51.100.1/24 dev nw0
ip -n "$N" link set nw1 up
ip -n "$N" link set nw0 up

entries=$(ip -s ntable show name arp_cache | sed -n 's/.* entries \([0-9]*\).*/\1/p' | head -1)
LIMIT=$((entries + 24))
echo "$LIMIT" >"$D/gc_thresh1"
echo "$LIMIT" >"$D/gc_thresh2"
echo "$LIMIT" >"$D/gc_thresh3"
nw_note "ARP table holds $entries entries; gc_thresh1/2/3 lowered to $LIMIT (were $OLD1/$OLD2/$OLD3)"

nwp_dump_start "$OUT" -d 60 -n "$N_INO" -p drops,neigh
# One UDP datagram to each of 60 addresses nobody answers: one INCOMPLETE
# entry each (the peer has no such address), until the table is full.
ip netns exec "$N" bash -c 'for i in $(seq 10 69); do echo x >/dev/udp/198.51.100.$i/9; done' 2>/dev/null
nwp_dump_stop "$OUT"
echo "$OLD1" >"$D/gc_thresh1"
echo "$OLD2" >"$D/gc_thresh2"
echo "$OLD3" >"$D/gc_thresh3"
shown=$(ip -n "$N" neigh show dev nw0 | wc -l)

nwp_expect "$OUT" ".type == \"neigh\" and .op == \"create_fail\" and .netns.inode == $N_INO
	and .ifname == \"nw0\" and .error == \"ENOBUFS\" and (.ip | startswith(\"198.51.100.\"))" \
	"failed neighbour creations on nw0 with ENOBUFS"
nwp_expect "$OUT" ".type == \"drop\" and .reason == \"NEIGH_CREATEFAIL\" and .netns.inode == $N_INO
	and .ifname == \"nw0\" and .proto == \"udp\" and .dport == 9" \
	"NEIGH_CREATEFAIL drops of the UDP datagrams"
made=$(nwp_count "$OUT" ".type == \"neigh\" and .op == \"new\" and .ifname == \"nw0\"")
failed=$(nwp_count "$OUT" ".type == \"neigh\" and .op == \"create_fail\" and .ifname == \"nw0\"")
nw_note "nw0: $made entries created, $failed creations failed (ip neigh lists $shown)"
[ "$made" -ge 1 ] || nw_fail "no entry seen being created"
[ $((made + failed)) -ge 60 ] || nw_fail "60 destinations, only $((made + failed)) creation attempts seen"
nwp_balance "$OUT"
