#!/bin/bash
# Re-records tests/data/netlink/*.bin (not a test; run by hand as root):
#   NW_BUILDDIR=/tmp/build bash tests/netlink/record-data.sh
# Builds namespaces nwtest-nl-rec-{a,b}: a veth pair whose peer does not
# answer ARP (arp off), an htb qdisc with direct_qlen 0 and a class, a
# FAILED neighbour with probes, and a UDP socket; dumps them raw.
set -eu
: "${NW_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
out=$NW_SRCDIR/tests/data/netlink
cap=$NW_BUILDDIR/tests/netlink/nl_capture
A=nwtest-nl-rec-a B=nwtest-nl-rec-b
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add $A; ip netns add $B
ip -n $A link add va type veth peer name vb netns $B
ip -n $A addr add 192.0.2.1/24 dev va; ip -n $B addr add 192.0.2.2/24 dev vb
ip -n $A link set va up; ip -n $B link set vb up; ip -n $A link set lo up
ip -n $B link set vb arp off
ip netns exec $A tc qdisc add dev va root handle 1: htb default 10 direct_qlen 0
ip netns exec $A tc class add dev va parent 1: classid 1:10 htb rate 1mbit
ip netns exec $A ping -c1 -W3 192.0.2.2 >/dev/null 2>&1 || true
sleep 1
ip -n $A -s neigh
tmp=$(mktemp -d)
for k in link neigh neightbl qdisc nldiag; do
  ip netns exec $A "$cap" $k "$tmp/$k" >/dev/null
done
ip netns exec $A "$cap" class "$tmp/class" "$(cat /sys/class/net/va/ifindex 2>/dev/null || ip netns exec $A cat /sys/class/net/va/ifindex)" >/dev/null
ip netns exec $A python3 -c 'import socket,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("192.0.2.1",5353)); import subprocess,sys; subprocess.run([sys.argv[1],"udpdiag",sys.argv[2]])' "$cap" "$tmp/udpdiag" >/dev/null
# Keep one message of each interesting kind, by content.
pick() { # pick NAME FILES... : the first file given
  cp "$2" "$out/$1.bin"; echo "$1.bin <- $(basename "$2")"
}
pick link-veth "$(grep -l -a va "$tmp"/link-*.bin | head -1)"
# 192.0.2.2 in network order
pick neigh-failed "$(LC_ALL=C grep -l -a -P '\xc0\x00\x02\x02' "$tmp"/neigh-*.bin | head -1)"
pick neightbl-arp "$(grep -l -a arp_cache "$tmp"/neightbl-*.bin | head -1)"
pick neightbl-devparms "$(ls "$tmp"/neightbl-*.bin | sed -n 2p)"
pick qdisc-htb "$(grep -l -a htb "$tmp"/qdisc-*.bin | head -1)"
pick class-htb "$(ls "$tmp"/class-*.bin | head -1)"
pick sockdiag-netlink "$(ls "$tmp"/nldiag-*.bin | head -1)"
pick sockdiag-udp "$(ls "$tmp"/udpdiag-*.bin | head -1)"
# Routes and rules (issue 15): an unreachable and a blackhole route, a route
# via a gateway in table 200 and a rule sending 198.51.100.0/24 there.
ip -n $A route add unreachable 203.0.113.0/24
ip -n $A -6 addr add 2001:db8::1/64 dev va nodad
ip -n $A -6 route add blackhole 2001:db8:77::/48
ip -n $A route add 198.51.100.0/24 via 192.0.2.2 table 200
ip -n $A rule add to 198.51.100.0/24 lookup 200 pref 100
ip netns exec $A "$cap" route "$tmp/route" >/dev/null
ip netns exec $A "$cap" rule "$tmp/rule" >/dev/null
pick route-unreachable "$(LC_ALL=C grep -l -a -P '\xcb\x00\x71\x00' "$tmp"/route-*.bin | head -1)"
pick route6-blackhole "$(LC_ALL=C grep -l -a -P '\x20\x01\x0d\xb8\x00\x77' "$tmp"/route-*.bin | head -1)"
pick route-table200 "$(LC_ALL=C grep -l -a -P '\xc6\x33\x64\x00' "$tmp"/route-*.bin | head -1)"
pick route-local "$(LC_ALL=C grep -l -a -P '\x7f\x00\x00\x01' "$tmp"/route-*.bin | head -1)"
pick rule-table200 "$(LC_ALL=C grep -l -a -P '\xc6\x33\x64\x00' "$tmp"/rule-*.bin | head -1)"
rm -rf "$tmp"
