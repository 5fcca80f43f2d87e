#!/bin/bash
# Records variants of the founding failures that the lab does not build, for
# the replay tests: other qdiscs, other drop points, IPv6.  Needs root.
#   tests/data/explain/record-variant.sh BUILD_DIR VARIANT
# VARIANT: pfifo-arp (a pfifo with limit 0 on the peer drops its ARP replies),
#          nft-arp (an nftables arp output rule on the peer drops them),
#          tbf-ndp (a tiny tbf on the peer drops its IPv6 neighbour advertisements),
#          htb-egress (HTB direct_qlen 0 on the client's own interface: the
#                      requests never leave),
#          stale-v6 (the client changes its MAC while recorded; the peer's IPv6
#                    neighbour entry stays pinned to the old one).
# Namespaces nwtest-va (client) and nwtest-vb (peer) are removed on exit.
set -euo pipefail
build=$1 variant=$2
out=$(dirname "$0")/variant-$variant.jsonl
nw=$build/netwhy
A=nwtest-va B=nwtest-vb
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add $A
ip netns add $B
ip -n $A link add eth0 type veth peer name eth0 netns $B
ip -n $A link set lo up
ip -n $B link set lo up
ip -n $A addr add 198.51.100.2/24 dev eth0
ip -n $B addr add 198.51.100.1/24 dev eth0
ip -n $A addr add 2001:db8:77::2/64 dev eth0 nodad
ip -n $B addr add 2001:db8:77::1/64 dev eth0 nodad
ip -n $A link set eth0 up
ip -n $B link set eth0 up
case $variant in
pfifo-arp) tc -n $B qdisc add dev eth0 root handle 30: pfifo limit 0 ;;
nft-arp) ip netns exec $B nft add table arp f
	 ip netns exec $B nft add chain arp f o '{ type filter hook output priority 0; policy accept; }'
	 ip netns exec $B nft add rule arp f o arp operation reply drop ;;
tbf-ndp) tc -n $B qdisc add dev eth0 root handle 40: tbf rate 8bit burst 32 limit 1 ;;
htb-egress) tc -n $A qdisc add dev eth0 root handle 5: htb direct_qlen 0 ;;
stale-v6) ip -n $A link set eth0 address 02:00:5e:00:53:a1
	  ip -n $B -6 neigh replace 2001:db8:77::2 lladdr 02:00:5e:00:53:a1 dev eth0 nud permanent ;;
*) echo "unknown variant $variant" >&2; exit 2 ;;
esac
"$nw" --json --netns $A --netns $B --duration 9 >"$out.tmp" 2>"$out.err" &
rec=$!
sleep 2
if [ "$variant" = stale-v6 ]; then
	ip -n $A link set eth0 address 02:00:5e:00:53:a2
	ip netns exec $A ping -6 -c 4 -W 1 2001:db8:77::1 >/dev/null 2>&1 || true
elif [ "$variant" = tbf-ndp ]; then
	ip netns exec $A ping -6 -c 4 -W 1 2001:db8:77::1 >/dev/null 2>&1 || true
else
	ip netns exec $A ping -c 4 -W 1 198.51.100.1 >/dev/null 2>&1 || true
fi
wait "$rec" || true
mv "$out.tmp" "$out"
rm -f "$out.err"
echo "$out: $(wc -l <"$out") events"
