#!/bin/bash
# Founding failure 4: HTB with direct_qlen 0 on a bridge drops the bridge's
# ARP replies; the container's entry for the bridge address goes FAILED.
# The netlink source must report the htb qdisc with direct_qlen 0 and the
# same drop count as `tc -j -s qdisc`, and the container's neighbour as
# `ip -j -s neigh` shows it, both namespaces watched at once.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
# The neighbour table is shared by all namespaces: a concurrent test that fills it
# (neigh-table-full lowers gc_thresh*) would starve ours. Take the lab lock.
nw_lab_lock
nw_require_cmd ip tc python3

H=nwtest-nl-hq-host C=nwtest-nl-hq-ctr
out=$(mktemp)
cleanup() { [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null; ip netns del $H 2>/dev/null; ip netns del $C 2>/dev/null; rm -f "$out"; }
trap cleanup EXIT
ip netns add $H && ip netns add $C || nw_fail "cannot create namespaces"
# IPv6 off (per namespace): its neighbour discovery would keep br0 dropping after the oracle is read.
ip netns exec $H sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec $C sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n $H link add br0 type bridge
ip -n $H link add vh type veth peer name eth0 netns $C
ip -n $H link set vh master br0
ip -n $H addr add 198.51.100.1/24 dev br0
ip -n $C addr add 198.51.100.2/24 dev eth0
ip -n $H link set br0 up; ip -n $H link set vh up; ip -n $C link set eth0 up
ip netns exec $H tc qdisc add dev br0 root handle 1: htb direct_qlen 0

"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $H --netns $C --duration 20 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"kind":"htb"' "$out" || nw_fail "no htb qdisc event"
ip netns exec $C ping -c1 -W1 198.51.100.1 >/dev/null 2>&1
failed() { ip -n $C -j -s neigh show 198.51.100.1 | grep -q FAILED; }
nw_wait_for 10 failed || nw_fail "the container's entry never went FAILED: $(ip -n $C -s neigh)"
sleep 1.5 # one qdisc poll after the last drop
neigh_oracle=$(ip -n $C -j -s neigh show 198.51.100.1)
tc_oracle=$(ip netns exec $H tc -j -s qdisc show dev br0)
sleep 1.2
kill "$dump"; wait "$dump" 2>/dev/null; dump=

python3 - "$out" "$neigh_oracle" "$tc_oracle" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
neigh_o = json.loads(sys.argv[2])[0]
tc_o = [q for q in json.loads(sys.argv[3]) if q["kind"] == "htb"][0]
q = [e for e in ev if e["type"] == "qdisc" and e["kind"] == "htb" and not e["class"] and e["ifname"] == "br0"]
assert q, "no htb qdisc events on br0"
last = q[-1]
print("# tc:   drops %s direct_qlen %s direct_packets_stat %s" % (tc_o["drops"], tc_o["options"]["direct_qlen"], tc_o["options"]["direct_packets_stat"]))
print("# ours: drops %s direct_qlen %s direct_packets %s handle %s netns %s" % (last["drops"], last["direct_qlen"], last["direct_packets"], last["handle"], last["netns"]["name"]))
assert last["direct_qlen"] == 0 == tc_o["options"]["direct_qlen"]
assert last["drops"] == tc_o["drops"] and last["drops"] > 0, "drops differ"
assert last["direct_packets"] == tc_o["options"]["direct_packets_stat"]
assert last["netns"]["name"] == "nwtest-nl-hq-host"
n = [e for e in ev if e["type"] == "neigh" and e.get("ip") == "198.51.100.1" and e["op"] != "del"]
assert n, "no neighbour events in the container"
print("# container neighbour:", " -> ".join("%s(%d)" % (e["state"], e["probes"]) for e in n), "oracle", neigh_o["state"], neigh_o["probes"])
assert n[-1]["state"] == "FAILED" and n[-1]["probes"] == neigh_o["probes"] >= 3
assert n[-1]["netns"]["name"] == "nwtest-nl-hq-ctr"
PY
