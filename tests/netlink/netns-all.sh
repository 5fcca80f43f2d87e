#!/bin/bash
# `--netns all` follows namespaces created while running: a namespace made
# a second after start must be watched (source running, its links
# reported) and, once deleted, reported gone.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-all
out=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $N 2>/dev/null; rm -f "$out"; }
trap cleanup EXIT
ip netns del $N 2>/dev/null
"$NW_BUILDDIR/tests/netlink/nl_dump" --netns all --duration 30 >"$out" &
dump=$!
nw_wait_for 10 grep -q '"type":"link"' "$out" || nw_fail "no link events at all"
created=$(python3 -c 'import time; print(time.monotonic())')
ip netns add $N || nw_fail "cannot create namespace"
ip -n $N link add nwallbr type bridge
nw_wait_for 5 grep -q '"ifname":"nwallbr"' "$out" || nw_fail "the new namespace's bridge was never reported"
ip netns del $N
nw_wait_for 5 grep -q '"name":"netlink:nwtest-nl-all","state":"gone"' "$out" || nw_fail "no gone event"
kill "$dump"; wait "$dump" 2>/dev/null; dump=
python3 - "$out" "$created" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
created = float(sys.argv[2])
run = [e for e in ev if e["type"] == "source" and e["name"] == "netlink:nwtest-nl-all" and e["state"] == "running"]
assert run, "never watched"
print("# watched %.3f s after creation; namespaces seen: %d" % (run[0]["ts"] - created, len({e["netns"]["inode"] for e in ev})))
br = [e for e in ev if e["type"] == "link" and e["ifname"] == "nwallbr"]
assert br[0]["netns"]["name"] == "nwtest-nl-all"
PY
