#!/bin/bash
# Regenerates the recorded captures in this folder (run as root, by hand; not a test).
# Two namespaces joined by a veth pair; tcpdump records on one side while ARP,
# ICMP, NDP, TCP and UDP traffic crosses it, plus two VLAN-tagged frames
# (802.1Q, QinQ) injected raw (this kernel has no 8021q module).
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)
A=nwtest-rec-a B=nwtest-rec-b
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add $A; ip netns add $B
ip -n $A link add veth0 address 02:00:00:00:0a:01 type veth peer name veth0 netns $B address 02:00:00:00:0b:01
for ns in $A $B; do
  ip -n $ns link set lo up
  ip -n $ns link set veth0 up
done
ip -n $A addr add 192.0.2.1/24 dev veth0
ip -n $B addr add 192.0.2.2/24 dev veth0
ip -n $A addr add 2001:db8::1/64 dev veth0 nodad
ip -n $B addr add 2001:db8::2/64 dev veth0 nodad
sleep 1
ip netns exec $A tcpdump -q -U -i veth0 -w "$out/basic.pcap" not igmp \
  and not '(ip6 and icmp6 and ip6[40] == 143)' &
tp=$!
sleep 1
ip netns exec $A ping -c 2 -i 0.2 192.0.2.2 >/dev/null
# This kernel has no 8021q module: VLAN-tagged frames (802.1Q, then QinQ) are injected raw.
ip netns exec $A python3 -c '
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(("veth0", 0))
eth = bytes.fromhex("ffffffffffff02000000 0a01".replace(" ", ""))
arp = bytes.fromhex("0001080006040001" "020000000a01" "c6336401" "000000000000" "c6336402")
s.send(eth + bytes.fromhex("8100000a0806") + arp + bytes(14))
s.send(eth + bytes.fromhex("88a8006481000014" "0806") + arp + bytes(10))'
ip netns exec $A ping -c 2 -i 0.2 2001:db8::2 >/dev/null
ip netns exec $B python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 8080)); s.listen(1); c, _ = s.accept(); c.recv(100); c.sendall(b"ok\n"); c.close()' &
sp=$!
sleep 0.5
ip netns exec $A python3 -c '
import socket
s = socket.create_connection(("192.0.2.2", 8080)); s.sendall(b"hello\n"); s.recv(10); s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(b"x" * 20, ("192.0.2.2", 5353))
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.sendto(b"y" * 10, ("2001:db8::2", 9))'
wait $sp || true
ip netns exec $B arping -q -U -c 1 -I veth0 192.0.2.2 || true
sleep 1.5
kill $tp; wait $tp || true
echo "wrote $out/basic.pcap"
