#!/bin/bash
# pcapng writer round trip without root: a recording (classic pcap from the
# corpus and ours) is replayed through the pipeline and recorded again with
# netwhy's writer; reading the new file back gives the same summaries, L2
# flags and annotations, the filter applies to it, and tshark and tcpdump
# read it without complaint.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_cmd tshark tcpdump
DEC=$NW_BUILDDIR/tests/capture/pcap_decode
[ -x "$DEC" ] || nw_fail "missing $DEC"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in "$NW_SRCDIR/tests/data/capture/basic.pcap" "$NW_SRCDIR/tests/data/capture/stale-peer.pcapng" \
           "$NW_SHARED/corpus/tcpdump-tests/802.1ad_QinQ.pcap" "$NW_SHARED/corpus/tcpdump-tests/bgp-orf.pcapng"; do
  name=$(basename "$src")
  "$DEC" --l2 "$src" >"$tmp/a.out" || nw_fail "$name: cannot read"
  "$DEC" --rewrite "$tmp/$name.pcapng" "$src" >/dev/null || nw_fail "$name: cannot rewrite"
  "$DEC" --l2 "$tmp/$name.pcapng" >"$tmp/b.out" || nw_fail "$name: cannot read the rewrite"
  # Packet lines must be identical (flags and notes included); event lines too.
  diff -u "$tmp/a.out" "$tmp/b.out" || nw_fail "$name: the rewrite reads back differently"
  tshark -r "$tmp/$name.pcapng" >"$tmp/ts.out" 2>"$tmp/ts.err" || nw_fail "$name: tshark: $(cat "$tmp/ts.err")"
  grep -v 'Running as user "root"' "$tmp/ts.err" | grep -q . && nw_fail "$name: tshark complained: $(cat "$tmp/ts.err")"
  tcpdump -r "$tmp/$name.pcapng" >"$tmp/td.out" 2>"$tmp/td.err" || nw_fail "$name: tcpdump: $(cat "$tmp/td.err")"
  pk=$(grep -c '^[0-9]' "$tmp/b.out")
  [ "$(wc -l <"$tmp/td.out")" -eq "$pk" ] || nw_fail "$name: tcpdump reads $(wc -l <"$tmp/td.out") packets, we wrote $pk"
  nw_note "$name: $pk packets, $(grep -c '^event' "$tmp/b.out") events round-tripped"
done
# Comments are where tshark shows them.
"$DEC" --rewrite "$tmp/s.pcapng" "$NW_SRCDIR/tests/data/capture/stale-peer.pcapng" >/dev/null
n=$(tshark -r "$tmp/s.pcapng" -T fields -e frame.comment 2>/dev/null | grep -c "dropped by the kernel as OTHERHOST")
[ "$n" -eq 3 ] || nw_fail "tshark shows $n OTHERHOST comments, expected 3"
# The trailing filter applies to pcapng replays (per interface link type).
"$DEC" "$tmp/s.pcapng" arp >"$tmp/f.out" || nw_fail "filtered replay failed"
[ "$(grep -c '^[0-9]' "$tmp/f.out")" -eq 2 ] && ! grep -q ICMP "$tmp/f.out" ||
  nw_fail "filter arp on the pcapng replay: $(cat "$tmp/f.out")"
"$DEC" "$tmp/s.pcapng" 'no such filter' >/dev/null 2>"$tmp/f.err" && nw_fail "a bad filter was accepted"
grep -q "pcap-filter" "$tmp/f.err" || nw_fail "a bad filter gave no useful message: $(cat "$tmp/f.err")"
echo "PASS: pcapng round trip (ours, tshark, tcpdump), comments, filter"
