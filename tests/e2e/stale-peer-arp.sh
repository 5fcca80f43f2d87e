#!/bin/bash
# netwhy --json on the stale-peer-arp lab (issues 3 and 4): the replies the
# peer addresses to the SoC's old MAC are dropped as OTHERHOST on the SoC's
# eth0, with the frames' addresses; the capture flags the same frames as
# destination-MAC mismatches against a MAC the interface had before.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
old=02:00:5e:00:53:01 new=02:00:5e:00:53:02
# netwhy watches from before `up`, which changes the MAC: --netns all follows
# the namespaces as they are created.
E2E_WATCH_FIRST=1 e2e_watch stale-peer-arp 16 --netns all

# Oracle: the peer holds the old MAC, the SoC has the new one.
ip -n nwlab-stale-peer neigh show 198.51.100.1 | grep -q "lladdr $old PERMANENT" ||
  nw_fail "the peer's entry is not pinned to $old: $(ip -n nwlab-stale-peer neigh show)"
ip -n nwlab-stale-soc link show eth0 | grep -q "link/ether $new" || nw_fail "the SoC's MAC is not $new"

expect 'type=="drop"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'reason=="OTHERHOST"' \
  'src=="198.51.100.2"' 'dst=="198.51.100.1"' "dst_mac==\"$old\""
# The link event told the MAC change.
expect 'type=="link"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' "mac==\"$new\"" "prev_mac==\"$old\""
# The captured replies: mismatch, and the destination is a MAC eth0 had before (bit 1).
expect 'type=="packet"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'dir=="in"' 'mac_mismatch==True' \
  "dst_mac==\"$old\"" 'src=="198.51.100.2"' '(l2_flags & 2)!=0'
# Frames to the current MAC or broadcast are never flagged.
expect --none 'type=="packet"' 'mac_mismatch==True' "dst_mac in (\"$new\", \"ff:ff:ff:ff:ff:ff\")"
echo "PASS: stale-peer-arp seen by netwhy --json"
