#!/bin/bash
# The explain path under valgrind memcheck (issue 14: a reason name printed
# from a buffer never written).  Any invalid access or use of an
# uninitialised value fails the test (--error-exitcode, --track-origins):
#   - the explain rules' unit test, where every rule fires;
#   - `netwhy explain -r` (with --report) of every recording in
#     tests/data/capture/;
#   - `netwhy explain` live, itself under memcheck, watching the htb-arp-drop
#     lab with every source on (BPF included) and recording it with -w;
#   - `netwhy explain -r` of that recording.
# tests/e2e/valgrind.supp lists the two places where valgrind's model of a
# system call is narrower than the kernel's (capget v3, libbpf's bpf()).
# In an ASan build valgrind cannot run the binary: the same runs go under
# ASan itself, which stops at an invalid access (uninitialised reads are the
# plain build's to find, in the CI's first pass).
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd valgrind python3

REAL_NETWHY=$NETWHY
VG_ERR=97
WORK=$(mktemp -d /tmp/nw-valgrind.XXXXXX)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
VG=(valgrind -q --tool=memcheck --error-exitcode=$VG_ERR --track-origins=yes
    --suppressions="$NW_SRCDIR/tests/e2e/valgrind.supp")
if ldd "$REAL_NETWHY" 2>/dev/null | grep -q libasan; then
  VG=()
  echo "note: ASan build: the runs below go under ASan, not valgrind"
fi
# netwhy under memcheck, for e2e_watch too (its lab commands exec bash, which runs natively).
cat >"$WORK/netwhy" <<EOS
#!/bin/bash
exec ${VG[*]} "$REAL_NETWHY" "\$@"
EOS
chmod 755 "$WORK/netwhy"

# replay FILE: explain -r FILE under memcheck, with a report; it must explain cleanly.
replay() {
  local f=$1 rc=0
  "$WORK/netwhy" explain -r "$f" --json --report "$WORK/report.md" \
    >"$WORK/replay.jsonl" 2>"$WORK/replay.err" || rc=$?
  [ "$rc" -ne "$VG_ERR" ] || nw_fail "memcheck errors in explain -r $f: $(grep -m 40 '^==' "$WORK/replay.err")"
  [ "$rc" -eq 0 ] || nw_fail "explain -r $f exited $rc: $(tail -5 "$WORK/replay.err")"
  echo "ok: explain -r ${f##*/}: $(grep -c '"type":"explanation"' "$WORK/replay.jsonl") explanation(s), no memcheck error"
}

# Every explain rule fires in the rules' unit test (test_every_rule_fired): all of them under memcheck.
rc=0
${VG[@]+"${VG[@]}"} "$NW_BUILDDIR/tests/unit/test_explain_rules" >"$WORK/rules.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || nw_fail "the explain rules' unit test under memcheck exited $rc: $(grep -m 40 -e '^==' -e FAILED "$WORK/rules.out")"
echo "ok: every explain rule (tests/unit/test_explain_rules) ran clean under memcheck"

for f in "$NW_SRCDIR"/tests/data/capture/*.pcap "$NW_SRCDIR"/tests/data/capture/*.pcapng; do
  [ -e "$f" ] && replay "$f"
done

# Live, every source on; memcheck makes start-up slow: e2e_watch waits longer.
( NETWHY=$WORK/netwhy NW_TIME_SCALE=$((NW_TIME_SCALE * 12)) E2E_NETWHY_CMD=explain \
    e2e_watch htb-arp-drop 40 --netns nwlab-htb-host --netns nwlab-htb-ctr -v -w @DIR@/run.pcapng
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" 'type == "explanation"' ||
    nw_fail "live explain under memcheck explained nothing: the explain path was not exercised"
  cp "$E2E_DIR/run.pcapng" "$WORK/htb.pcapng"
  echo "ok: live netwhy explain under memcheck, no error" ) || exit 1
( replay "$WORK/htb.pcapng"
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$WORK/replay.jsonl" 'type == "explanation"' ||
    nw_fail "explain -r of the lab recording explained nothing" ) || exit 1
echo "PASS: netwhy explain, live and replayed, clean under memcheck"
