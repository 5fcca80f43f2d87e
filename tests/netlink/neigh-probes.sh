#!/bin/bash
# A neighbour nobody answers: INCOMPLETE with probes counting, then FAILED;
# the netlink source's last event must agree with `ip -j -s neigh` (state
# and probes), and the transition must carry prev_state INCOMPLETE.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
# The neighbour table is shared by all namespaces: a concurrent test that fills it
# (neigh-table-full lowers gc_thresh*) would starve ours. Take the lab lock.
nw_lab_lock
nw_require_cmd ip python3

A=nwtest-nl-np-a B=nwtest-nl-np-b
out=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; rm -f "$out"; }
trap cleanup EXIT
ip netns add $A && ip netns add $B || nw_fail "cannot create namespaces"
ip -n $A link add va type veth peer name vb netns $B
ip -n $A addr add 192.0.2.1/24 dev va
ip -n $B addr add 192.0.2.2/24 dev vb
ip -n $A link set va up; ip -n $B link set vb up
ip -n $B link set vb arp off # the peer never answers ARP

"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $A --duration 15 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"type":"link".*"ifname":"va"' "$out" || nw_fail "no link snapshot for va"
ip netns exec $A ping -c1 -W1 192.0.2.2 >/dev/null 2>&1
failed() { ip -n $A -j -s neigh show 192.0.2.2 | grep -q FAILED; }
nw_wait_for 10 failed || nw_fail "the entry never went FAILED: $(ip -n $A -s neigh)"
oracle=$(ip -n $A -j -s neigh show 192.0.2.2)
# Our listener sees the FAILED notification within milliseconds; give it a moment.
nw_wait_for 3 grep -q '"ip":"192.0.2.2".*"state":"FAILED"' "$out" || nw_fail "no FAILED event"
kill "$dump"; wait "$dump" 2>/dev/null; dump=

python3 - "$out" "$oracle" <<'PY' || exit 1
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
oracle = json.loads(sys.argv[2])[0]
mine = [e for e in events if e["type"] == "neigh" and e.get("ip") == "192.0.2.2" and e["op"] != "del"]
assert mine, "no neighbour events for 192.0.2.2"
last = mine[-1]
print("# oracle:", oracle)
print("# ours:  ", {k: last[k] for k in ("op", "state", "prev_state", "probes", "ifname")})
assert last["state"] == "FAILED" and "FAILED" in oracle["state"], (last["state"], oracle["state"])
assert last["probes"] == oracle["probes"], ("probes", last["probes"], oracle["probes"])
assert last["probes"] >= 3
assert last["prev_state"] == "INCOMPLETE", ("prev_state", last["prev_state"])
assert last["netns"]["name"] == "nwtest-nl-np-a"
assert any(e["state"] == "INCOMPLETE" for e in mine), "INCOMPLETE never seen"
print("# states seen:", " -> ".join("%s(%d)" % (e["state"], e["probes"]) for e in mine))
PY
