#!/bin/bash
# A JSON reader that stops reading (`netwhy --json | (sleep 5; cat)`) while
# a ping flood crosses the captured interface: netwhy does not stall on
# stdout; the lines it could not queue are dropped and counted, exactly: a
# json:stdout `source` event says how many (the gaps in the event ids), and
# stderr says so at the end.  A blocking writer stalled the loop instead, and
# the kernel's drops were blamed on the capture buffer.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 ping

A=nwtest-fault-jsa$$
B=nwtest-fault-jsb$$
d=$(mktemp -d /tmp/nwtest-fault-json.XXXXXX)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	rm -rf "$d"
}
trap cleanup EXIT
ip netns add $A || nw_fail "cannot create namespace $A"
ip netns add $B || nw_fail "cannot create namespace $B"
nw_veth $A va 192.0.2.1/24 $B vb 192.0.2.2/24

# The reader takes the stream until va's capture runs, then stops reading
# until $d/go exists, then reads the rest.
cat >"$d/reader.py" <<'PY'
import os, sys, time
d = sys.argv[1]
out = open(os.path.join(d, "out"), "wb")
for line in sys.stdin.buffer:
    out.write(line)
    if b'"name":"pcap:va@' in line and b'"state":"running"' in line:
        break
out.flush()
open(os.path.join(d, "paused"), "w").close()
while not os.path.exists(os.path.join(d, "go")):
    time.sleep(0.1)
for line in sys.stdin.buffer:
    out.write(line)
out.close()
open(os.path.join(d, "done"), "w").close()
PY
# --mem-cap 16: a 1 MiB output queue (a sixteenth), which the flood overfills.
"$NETWHY" --json --no-bpf --mem-cap 16 --netns $A -i va icmp 2>"$d/err" > >(python3 "$d/reader.py" "$d") &
nw=$!
nw_wait_for 10 test -e "$d/paused" || nw_fail "va never captured: $(cat "$d/err")"
# 20000 echo requests and replies: some 20 MB of JSON against 64 KiB of pipe and 1 MiB of queue.
ip netns exec $B ping -q -f -c 20000 192.0.2.1 >/dev/null || nw_fail "the flood failed"
kill -0 "$nw" 2>/dev/null || nw_fail "netwhy died under a slow reader: $(cat "$d/err")"
touch "$d/go"
nw_stop_netwhy "with a slow reader"
nw_wait_for 20 test -e "$d/done" || nw_fail "the reader never got the end of the stream"

python3 - "$d/out" <<'PY' || nw_fail "the dropped lines were not counted exactly"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ids = [e["id"] for e in ev if e["type"] != "explanation"]
assert len(ids) == len(set(ids)), "an event id written twice"
missing = max(ids) - len(ids)   # ids are 1, 2, 3... in the order the bus took them
rep = [e for e in ev if e["type"] == "source" and e["name"] == "json:stdout"]
packets = sum(1 for e in ev if e["type"] == "packet")
print("# %d lines read, %d packets, %d event ids missing; json:stdout said lost %s" %
      (len(ev), packets, missing, [e["lost"] for e in rep]))
assert missing > 0, "nothing was dropped: the flood did not overfill the queue"
assert rep, "no json:stdout source event"
assert rep[-1]["lost"] == missing and rep[-1]["state"] == "degraded", rep[-1]
assert all(a["lost"] < b["lost"] for a, b in zip(rep, rep[1:])), "counts do not rise"
PY
grep -q "JSON lines were dropped: the reader was slower" "$d/err" || nw_fail "stderr does not tell the loss: $(cat "$d/err")"
nw_note "ok: $(grep -o '[0-9]* JSON lines were dropped' "$d/err")"
