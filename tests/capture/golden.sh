#!/bin/bash
# Golden tests for the capture module: recorded captures in, expected
# summaries out (tests/data/capture/golden/NAME.out), then every frame of
# each capture re-dissected truncated at every length (a sanitizer build
# turns any out-of-bounds read into a failure).
#   NW_GOLDEN_UPDATE=1 bash tests/capture/golden.sh   rewrites the .out files
. "$NW_SRCDIR/tests/lib.sh"
DEC=$NW_BUILDDIR/tests/capture/pcap_decode
[ -x "$DEC" ] || nw_fail "missing $DEC (make check builds it)"
CORPUS=$NW_SHARED/corpus/tcpdump-tests
GOLD=$NW_SRCDIR/tests/data/capture/golden
export ASAN_OPTIONS=exitcode=86 UBSAN_OPTIONS=halt_on_error=1:exitcode=87

# name:path  (our recordings are in tests/data/capture; corpus files are read in place)
inputs=(
  "basic:$NW_SRCDIR/tests/data/capture/basic.pcap"
  "stale-peer:$NW_SRCDIR/tests/data/capture/stale-peer.pcapng"
  "qinq:$CORPUS/802.1ad_QinQ.pcap"
  "icmpv6:$CORPUS/icmpv6.pcap"
  "ipv6-routing-header:$CORPUS/ipv6-routing-header.pcap"
  "raw-ipv6:$CORPUS/LINKTYPE_RAW_ipv6.pcap"
  "sll-pcapng:$CORPUS/bgp-orf.pcapng"
  "null-pcapng:$CORPUS/ospf2-seg-fault-1.pcapng"
  "ipv4-bad-ihl:$CORPUS/ipv4_invalid_hdr_length.pcap"
  "ipv6-jumbo:$CORPUS/ipv6_jumbogram_1.pcap"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
for entry in "${inputs[@]}"; do
  name=${entry%%:*} file=${entry#*:}
  if [ ! -r "$file" ]; then
    nw_note "$name: $file not readable"; fails=$((fails + 1)); continue
  fi
  "$DEC" --l2 "$file" >"$tmp/$name.out" 2>"$tmp/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    nw_note "$name: pcap_decode exited $rc"; cat "$tmp/$name.err"; fails=$((fails + 1)); continue
  fi
  if [ "${NW_GOLDEN_UPDATE:-}" = 1 ]; then
    cp "$tmp/$name.out" "$GOLD/$name.out"
  elif ! diff -u "$GOLD/$name.out" "$tmp/$name.out"; then
    nw_note "$name: summaries differ from $GOLD/$name.out"; fails=$((fails + 1))
  fi
  out=$(timeout 120 "$DEC" --truncate "$file" 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    nw_note "$name: truncation run exited $rc"; echo "$out" | tail -20; fails=$((fails + 1))
  else
    nw_note "$name: $(wc -l <"$tmp/$name.out") events, truncation: $out"
  fi
done
[ $fails -eq 0 ] || nw_fail "$fails golden checks failed"
echo "PASS: ${#inputs[@]} golden captures"
