#!/bin/bash
# Every file of the tcpdump test corpus goes through the reader and the
# dissectors (pcap_decode) without a crash, a hang or a sanitizer report.
# Files that cannot be read are allowed and listed, as are frames marked
# partial (truncated or malformed); crashes are not.  Files run in batches
# of 40 per process (sanitizer start-up dominates otherwise); a batch that
# fails is re-run one file at a time to name the culprit.
. "$NW_SRCDIR/tests/lib.sh"
DEC=$NW_BUILDDIR/tests/capture/pcap_decode
CORPUS=$NW_SHARED/corpus/tcpdump-tests
[ -x "$DEC" ] || nw_fail "missing $DEC"
[ -d "$CORPUS" ] || nw_skip "no corpus at $CORPUS"
export ASAN_OPTIONS=exitcode=86 UBSAN_OPTIONS=halt_on_error=1:exitcode=87
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$CORPUS"/*)
bad=()
for ((i = 0; i < ${#files[@]}; i += 40)); do
  batch=("${files[@]:i:40}")
  if ! timeout 300 "$DEC" --status "${batch[@]}" >>"$tmp/status" 2>"$tmp/err"; then
    for f in "${batch[@]}"; do
      grep -qF "ok $f " "$tmp/status" && continue
      grep -qF "unreadable $f:" "$tmp/status" && continue
      timeout 20 "$DEC" --status "$f" >>"$tmp/status" 2>"$tmp/err1"
      rc=$?
      [ $rc -eq 0 ] || bad+=("$(basename "$f") (exit $rc: $(grep -m1 -E 'ERROR|runtime error' "$tmp/err1"))")
    done
  fi
done
total=${#files[@]}
ok=$(grep -c '^ok ' "$tmp/status")
unreadable=$(grep -c '^unreadable ' "$tmp/status")
frames=$(awk '/^ok /{n+=$3} END{print n+0}' "$tmp/status")
partial=$(awk '/^ok /{n+=$4} END{print n+0}' "$tmp/status")
withpartial=$(awk '/^ok / && $4>0{n++} END{print n+0}' "$tmp/status")
nw_note "corpus: $total files: $ok read ($frames frames, $partial marked partial in $withpartial files), $unreadable unreadable, ${#bad[@]} crashed or hung"
grep '^unreadable ' "$tmp/status" | sed "s|$CORPUS/||; s/^/# /"
for b in "${bad[@]}"; do echo "CRASH: $b" >&2; done
[ "$total" -gt 0 ] || nw_fail "no files in $CORPUS"
[ ${#bad[@]} -eq 0 ] || nw_fail "${#bad[@]} corpus files crashed, hung or tripped a sanitizer"
[ $((ok + unreadable)) -eq "$total" ] || nw_fail "only $((ok + unreadable)) of $total files reported"
echo "PASS: corpus $ok/$total read, $unreadable unreadable (listed), 0 crashes"
