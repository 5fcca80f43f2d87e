#!/bin/bash
# A watched namespace that is deleted must be reported GONE within 1 s
# (a `source` event), and the source must keep running.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-gone
out=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $N 2>/dev/null; rm -f "$out"; }
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"
"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $N --netns /proc/self/ns/net --duration 6 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"name":"netlink:nwtest-nl-gone","state":"running"' "$out" || nw_fail "namespace not watched"
mono() { python3 -c 'import time; print(time.monotonic())'; }
before=$(mono)
ip netns del $N
after=$(mono)
wait "$dump"; dump=
python3 - "$out" "$before" "$after" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
before, after = float(sys.argv[2]), float(sys.argv[3])
gone = [e for e in ev if e["type"] == "source" and e["state"] == "gone"]
assert gone, "no gone event"
g = gone[0]
print("# gone %.3f s after `ip netns del` returned (it took %.3f s): %s" % (g["ts"] - after, after - before, g["detail"]))
assert g["name"] == "netlink:nwtest-nl-gone" and g["netns"]["name"] == "nwtest-nl-gone"
assert g["ts"] - after <= 1.0, "reported %.3f s after deletion" % (g["ts"] - after)
# The other namespace is still watched: its polls keep running after the deletion.
later = [e for e in ev if e["ts"] > g["ts"] and e["type"] != "source"]
assert all(e["netns"]["name"] != "nwtest-nl-gone" for e in later), "events from a gone namespace"
PY
