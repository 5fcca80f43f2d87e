#!/bin/bash
# Our own listener overrun: with a tiny receive buffer (NETWHY_NL_RCVBUF)
# a burst of 100 link creations overflows it; the source must say so
# (a `source` event with state resync) and, after dumping again, must
# have reported every one of the 100 links: the model never drifts.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-rs
out=$(mktemp) err=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $N 2>/dev/null; rm -f "$out" "$err"; }
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"
NETWHY_NL_RCVBUF=4096  "$NW_BUILDDIR/tests/netlink/nl_dump" --netns $N --duration 8 >"$out" 2>"$err" &
dump=$!
nw_wait_for 5 grep -q '"type":"link".*"ifname":"lo"' "$out" || nw_fail "no link snapshot"
# Stopped while the burst arrives, the source cannot keep up: its buffer must overflow.
kill -STOP "$dump"
for i in $(seq 1 100); do echo "link add nwrs$i type bridge"; done | ip -n $N -batch - || nw_fail "ip -batch failed"
kill -CONT "$dump"
wait "$dump"; dump=
cat "$err"
python3 - "$out" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rs = [e for e in ev if e["type"] == "source" and e["state"] == "resync"]
links = {e["ifname"] for e in ev if e["type"] == "link" and e["ifname"].startswith("nwrs")}
print("# resync events: %d; links reported: %d of 100" % (len(rs), len(links)))
assert rs, "no resync event: the tiny buffer did not overflow or ENOBUFS went unseen"
print("# detail:", rs[0]["detail"])
assert len(links) == 100, "the model drifted: %d links" % len(links)
PY
