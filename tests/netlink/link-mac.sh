#!/bin/bash
# Founding failure 2 needs the interface's MAC change: a link event with
# op change, the new mac and prev_mac; flags (NOARP after `arp off`) and
# tx_queue_len changes are reported too, each matching `ip -j link`.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-mac
out=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $N 2>/dev/null; rm -f "$out"; }
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"
ip -n $N link add va type veth peer name vb
ip -n $N link set va address 02:00:5e:00:53:01
"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $N --duration 10 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"ifname":"va"' "$out" || nw_fail "no snapshot of va"
ip -n $N link set va address 02:00:5e:00:53:02
ip -n $N link set va address 02:00:5e:00:53:03
ip -n $N link set va arp off
ip -n $N link set va txqueuelen 77
oracle=$(ip -n $N -j link show va)
nw_wait_for 5 grep -q '"txqlen":77' "$out" || nw_fail "tx_queue_len change not reported"
kill "$dump"; wait "$dump" 2>/dev/null; dump=
python3 - "$out" "$oracle" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
o = json.loads(sys.argv[2])[0]
va = [e for e in ev if e["type"] == "link" and e["ifname"] == "va"]
print("# va:", "; ".join("%s mac %s prev %s flags %s txqlen %s" % (e["op"], e["mac"], e["prev_mac"], "|".join(e["flags"]), e["txqlen"]) for e in va))
assert va[0]["op"] == "snapshot" and va[0]["mac"] == "02:00:5e:00:53:01" and va[0]["kind"] == "veth"
macs = [(e["mac"], e["prev_mac"]) for e in va if e["prev_mac"]]
assert macs == [("02:00:5e:00:53:02", "02:00:5e:00:53:01"), ("02:00:5e:00:53:03", "02:00:5e:00:53:02")], macs
last = va[-1]
assert last["op"] == "change" and last["prev_mac"] is None
assert last["mac"] == o["address"] and last["txqlen"] == o["txqlen"] == 77
assert "NOARP" in last["flags"] and "NOARP" in o["flags"]
assert last["mtu"] == o["mtu"]
PY
