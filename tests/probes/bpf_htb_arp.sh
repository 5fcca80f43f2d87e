#!/bin/bash
# htb-arp-drop (FAILURES.md 4): htb direct_qlen 0 on a bridge drops the ARP
# replies (QDISC_DROP, htb 8003:, the reply's addresses); the container's
# entry goes INCOMPLETE -> FAILED with probes; connect() fails with
# EHOSTUNREACH naming the destination; the asynchronous error is reported.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
# The ARP table is shared by every namespace: a test filling it elsewhere
# would garbage-collect our FAILED entry.  The lab lock keeps them apart.
nwp_lab_lock

H=nwtest-bpf-htb-$$-h
C=nwtest-bpf-htb-$$-c
OUT=$NWP_TMP/events.json
nwp_ns "$H"
nwp_ns "$C"
H_INO=$(nwp_ino "$H")
C_INO=$(nwp_ino "$C")
# Watch from before the qdisc exists, so every drop tc counts is one we saw.
nwp_dump_start "$OUT" -d 60 -n "$H_INO" -n "$C_INO"
ip netns exec "$H" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip -n "$H" link add br0 type bridge
ip -n "$H" link add vh type veth peer name eth0 netns "$C"
ip -n "$H" link set vh master br0
ip -n "$H" addr add 192.0.2.1/24 dev br0
ip -n "$C" addr add 192.0.2.10/24 dev eth0
tc -n "$H" qdisc add dev br0 root handle 8003: htb direct_qlen 0
ip -n "$H" link set br0 up
ip -n "$H" link set vh up
ip -n "$C" link set eth0 up
ip -n "$C" neigh flush all
# Two clients: bash's /dev/tcp, whose connect() blocks until the neighbour
# fails (about 3 s), and, when built, the lab's nwlab-connect, whose
# non-blocking connect learns it through getsockopt(SO_ERROR).
NWCONNECT=$NW_BUILDDIR/lab/workloads/nwlab-connect
if [ -x "$NWCONNECT" ]; then
	ip netns exec "$C" "$NWCONNECT" --tcp 192.0.2.1:81 --duration 8 >"$NWP_TMP/connect.out" &
	NWC_PID=$!
fi
ip netns exec "$C" timeout 8 bash -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>/dev/null &&
	nw_fail "connect should fail"
[ -n "${NWC_PID:-}" ] && wait "$NWC_PID"
nwp_dump_stop "$OUT"
NEIGH=$(ip -n "$C" -j -s neigh show 192.0.2.1 dev eth0)
QDISC=$(tc -n "$H" -j -s qdisc show dev br0)

nwp_expect "$OUT" ".type == \"drop\" and .reason == \"QDISC_DROP\" and .ifname == \"br0\"
	and .netns.inode == $H_INO and .ethertype == \"arp\" and .arp_op == \"reply\"
	and .arp_spa == \"192.0.2.1\" and .arp_tpa == \"192.0.2.10\"" \
	"QDISC_DROP of the bridge's ARP replies with their addresses"
nwp_expect "$OUT" ".type == \"qdisc\" and .op == \"drop\" and .kind == \"htb\" and .handle == \"8003:\"
	and .ifname == \"br0\" and .reason == \"QDISC_DROP\"" \
	"the qdisc drop names htb 8003: on br0"
nwp_expect "$OUT" ".type == \"neigh\" and .netns.inode == $C_INO and .ifname == \"eth0\"
	and .ip == \"192.0.2.1\" and .state == \"INCOMPLETE\"" \
	"the container's entry for the bridge goes INCOMPLETE"
nwp_expect "$OUT" ".type == \"neigh\" and .op == \"timer\" and .netns.inode == $C_INO
	and .ip == \"192.0.2.1\" and .state == \"FAILED\" and .prev_state == \"INCOMPLETE\" and .probes >= 3" \
	"INCOMPLETE -> FAILED after >= 3 probes"
nwp_expect "$OUT" ".type == \"sock_err\" and .err_origin == \"syscall\" and .syscall == \"connect\"
	and .errno == \"EHOSTUNREACH\" and .comm == \"bash\" and .raddr == \"192.0.2.1\" and .rport == 80
	and .netns.inode == $C_INO and .pid > 0 and .fd >= 0" \
	"connect() EHOSTUNREACH with pid, comm, fd and the destination"
nwp_expect "$OUT" ".type == \"sock_err\" and .err_origin == \"async\" and .errno == \"EHOSTUNREACH\"
	and .raddr == \"192.0.2.1\"" \
	"the asynchronous EHOSTUNREACH (inet_sk_error_report)"
if [ -n "${NWC_PID:-}" ]; then
	grep -q '^tcp_connect_errno=EHOSTUNREACH' "$NWP_TMP/connect.out" ||
		nw_fail "nwlab-connect did not fail with EHOSTUNREACH: $(tr '\n' ' ' <"$NWP_TMP/connect.out")"
	nwp_expect "$OUT" ".type == \"sock_err\" and .err_origin == \"async\" and .errno == \"EHOSTUNREACH\"
		and .comm == \"nwlab-connect\" and .pid == $NWC_PID and .fd >= 0 and .rport == 81" \
		"the asynchronous EHOSTUNREACH names the non-blocking connector (pid $NWC_PID)"
	nwp_expect "$OUT" ".type == \"sock_err\" and .err_origin == \"syscall\" and .syscall == \"getsockopt\"
		and .errno == \"EHOSTUNREACH\" and .comm == \"nwlab-connect\" and .pid == $NWC_PID" \
		"getsockopt(SO_ERROR) hands nwlab-connect its EHOSTUNREACH"
fi
nwp_expect "$OUT" ".type == \"drop\" and .reason == \"NEIGH_FAILED\" and .netns.inode == $C_INO
	and .dst == \"192.0.2.1\" and .dport == 80" \
	"the queued SYN dropped as NEIGH_FAILED"

# Oracles: what the kernel says through netlink agrees.
state=$(echo "$NEIGH" | jq -r '.[0].state[0]')
probes=$(echo "$NEIGH" | jq -r '.[0].probes')
[ "$state" = FAILED ] || nw_fail "ip neigh says $state, not FAILED"
last=$(jq -c "select(.type == \"neigh\" and .netns.inode == $C_INO and .ip == \"192.0.2.1\")" "$OUT" | tail -1)
[ "$(echo "$last" | jq -r .probes)" = "$probes" ] ||
	nw_fail "probes: BPF says $(echo "$last" | jq -r .probes), ip -s neigh says $probes"
tc_drops=$(echo "$QDISC" | jq '.[] | select(.kind == "htb") | .drops')
bpf_drops=$(nwp_count "$OUT" '.type == "qdisc" and .op == "drop" and .kind == "htb"')
[ "$bpf_drops" -eq "$tc_drops" ] || nw_fail "qdisc drops: BPF saw $bpf_drops, tc says $tc_drops"
nw_note "ok: oracles agree (ip neigh: $state probes $probes; tc: $tc_drops drops)"
nwp_balance "$OUT"
