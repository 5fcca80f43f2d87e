#!/bin/bash
# Under a flood the loop still turns: a capture reads a bounded batch per
# turn (capture/pcap_source.c), so the timers run while frames keep coming.
# Before, pcap_dispatch(-1) drained every ready block and a flood held the
# loop: no source reports of the kernel's drops, no JSON flush, and
# --duration and signals waited for the flood to end.  Here a 30 s flood
# runs while netwhy watches for 3 s: netwhy must end while the flood still
# runs, having reported its capture's counters more than once during it,
# and every frame is accounted for as delivered or lost.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3
# A flood would drown the tests that watch every namespace (the e2e tests'
# --netns all, which hold this lock): one at a time.
nw_lab_lock

GEN=$NW_BUILDDIR/bench/gen_traffic
[ -x "$GEN" ] || nw_fail "$GEN is not built"
NS=nwtest-flood$$
work=$(mktemp -d)
cleanup() {
	[ -n "${gen:-}" ] && kill "$gen" 2>/dev/null
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	ip netns del $NS 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
ip netns add $NS || nw_fail "cannot create $NS"
ip -n $NS link add va type veth peer name vb || nw_fail "cannot create the veth pair"
ip -n $NS link set va up
ip -n $NS link set vb up
mac=$(ip -n $NS -br link show vb | awk '{ print $3 }')

ip netns exec $NS "$GEN" va "$mac" 30 198.51.100.2 9 >"$work/gen.out" 2>&1 &
gen=$!
sleep 1
kill -0 $gen 2>/dev/null || nw_fail "the generator did not start: $(cat "$work/gen.out")"
"$NETWHY" --json --no-bpf --netns $NS -i vb --duration 3 >"$work/out.json" 2>"$work/err" &
nw=$!
nw_wait_for 60 bash -c "! kill -0 $nw 2>/dev/null" || nw_fail "netwhy --duration 3 still runs after 60 s of flood"
wait $nw
rc=$?
nw=
[ $rc = 0 ] || nw_fail "netwhy exited $rc: $(tail -3 "$work/err")"
# --duration 3 against a 30 s flood: outliving the flood means the loop never reached its timer.
kill -0 $gen 2>/dev/null || nw_fail "netwhy --duration 3 ran until the 30 s flood ended: the capture held the loop (the generator: $(cat "$work/gen.out"))"
kill "$gen"
wait "$gen" 2>/dev/null
gen=

python3 - "$work/out.json" $NS <<'PY' || nw_fail "the capture's reports during the flood are missing or do not add up"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.endswith("\n")]
name = "pcap:vb@" + sys.argv[2]
reports = [e for e in ev if e["type"] == "source" and e["name"] == name]
running = [e for e in reports if e["state"] in ("running", "degraded")]
packets = sum(1 for e in ev if e["type"] == "packet")
last = reports[-1] if reports else None
print(f"# {len(reports)} reports of {name}, {packets} packet events; last: delivered "
      f"{last and last.get('delivered')} lost {last and last.get('lost')} ({last and last['state']})")
# More than the opening report: the loop reported while the flood ran.
ok = len(running) >= 2 and packets > 1000
# What the kernel handed over is what was decoded (delivered), beside what it dropped (lost).
ok = ok and last is not None and last["delivered"] == packets
sys.exit(0 if ok else 1)
PY
nw_note "ok: netwhy ended on time under a flood and reported its capture during it"
