# stale-peer-arp: the peer keeps addressing replies to our old MAC; they are
# dropped as "not for us" before IP sees them.
#
# The story (a real incident): after suspend/resume, an Android SoC's USB RNDIS
# interface came up with a new random MAC and sent no gratuitous ARP.  The
# peer (a TBox) kept the old MAC in its ARP cache and kept sending replies to
# it.  On the SoC, ping saw nothing (EAGAIN on the receive queue), TCP
# SYN-ACKs never arrived, yet tcpdump on the SoC showed the replies: a capture
# sees frames before IP does.
#
# The kernel path: the reply arrives with a destination MAC that is not the
# interface's; eth_type_trans marks it PACKET_OTHERHOST and ip_rcv drops it
# (kfree_skb reason OTHERHOST; the link's rx "otherhost" counter rises).
#
# In this lab: namespace nwlab-stale-soc (198.51.100.1, the device whose MAC
# changes) and nwlab-stale-peer (198.51.100.2, the TBox), joined by a veth
# pair.  `up` pings once so both learn each other, changes the SoC's MAC the
# way a resume did (no gratuitous ARP: arp_notify is 0), and pins the peer's
# entry for the SoC to the old MAC (nud permanent) so it never re-learns it,
# as the TBox did.  `run` pings and connects from the SoC: 100% loss, the
# connect never completes.
#
# What to look at: `ip -n nwlab-stale-peer neigh` (198.51.100.1 -> the old
# MAC), `ip -n nwlab-stale-soc link show eth0` (the new MAC), `ip -n
# nwlab-stale-soc -s -s link show eth0` (RX errors: otherhost N), `ip netns
# exec nwlab-stale-soc nstat -az TcpRetransSegs` (the SYN sent again and again).
#
# Fix: announce the new MAC (sysctl net.ipv4.conf.IF.arp_notify=1, or
# `arping -U`), keep a fixed MAC, or make the peer re-probe on link up.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="the peer's ARP entry keeps our old MAC: replies dropped as OTHERHOST, 100% loss"
DEFAULT_DURATION=4
SOC_NS=nwlab-stale-soc
PEER_NS=nwlab-stale-peer
NAMESPACES=("$SOC_NS" "$PEER_NS")
SOC_ADDR=198.51.100.1
PEER_ADDR=198.51.100.2
SOC_OLD_MAC=02:00:5e:00:53:01
SOC_NEW_MAC=02:00:5e:00:53:02
PEER_MAC=02:00:5e:00:53:10

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		[ "$(lab_mac_of "$SOC_NS" eth0 2>/dev/null)" = "$SOC_NEW_MAC" ] &&
		ip -n "$PEER_NS" neigh show "$SOC_ADDR" 2>/dev/null | grep -q "$SOC_OLD_MAC.*PERMANENT"
}

up() {
	local connect
	if is_up; then
		lab_say "stale-peer-arp is already up"
		return 0
	fi
	connect=$(lab_workload nwlab-connect)
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building stale-peer-arp: namespaces $SOC_NS ($SOC_ADDR) and $PEER_NS ($PEER_ADDR); nothing outside them changes"

	lab_ns_add "$SOC_NS"
	lab_ns_add "$PEER_NS"
	lab_do ip -n "$SOC_NS" link add eth0 address "$SOC_OLD_MAC" type veth \
		peer name eth0 address "$PEER_MAC" netns "$PEER_NS"
	lab_do ip -n "$SOC_NS" addr add "$SOC_ADDR/24" dev eth0
	lab_do ip -n "$PEER_NS" addr add "$PEER_ADDR/24" dev eth0
	lab_do ip -n "$SOC_NS" link set eth0 up
	lab_do ip -n "$PEER_NS" link set eth0 up

	# Both sides learn each other: the peer now maps the SoC to the old MAC.
	lab_ns_run "$SOC_NS" "$connect" --ping "$PEER_ADDR" --count 1 --duration 3 |
		grep -E '^(\+ |ping_(sent|received)=)'
	ip -n "$PEER_NS" neigh show "$SOC_ADDR" | grep -q "$SOC_OLD_MAC" ||
		lab_die "the peer did not learn $SOC_ADDR -> $SOC_OLD_MAC from the first ping"

	# Suspend/resume: the SoC's interface comes back with a new MAC and
	# announces nothing.
	lab_do ip -n "$SOC_NS" link set eth0 down
	lab_do ip -n "$SOC_NS" link set eth0 address "$SOC_NEW_MAC"
	lab_do ip -n "$SOC_NS" link set eth0 up

	# The peer keeps the old mapping and never re-probes it.
	lab_do ip -n "$PEER_NS" neigh replace "$SOC_ADDR" dev eth0 lladdr "$SOC_OLD_MAC" nud permanent
	lab_say "stale-peer-arp is up; 'netwhy lab run stale-peer-arp' provokes the failure"
}

run() {
	local connect rc
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "ping and TCP connect from the SoC to the peer $PEER_ADDR for $LAB_DURATION s"
	lab_ns_run "$SOC_NS" "$connect" --ping "$PEER_ADDR" --tcp "$PEER_ADDR:80" \
		--interval-ms 500 --duration "$LAB_DURATION"
	rc=$?

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "stale-peer-arp: down"
		return 0
	fi
	is_up && echo "stale-peer-arp: up" || echo "stale-peer-arp: partly up (run 'netwhy lab down stale-peer-arp')"
	echo "-- the SoC's MAC now (ip -n $SOC_NS link show eth0): $(lab_mac_of "$SOC_NS" eth0 2>&1)"
	echo "-- the peer's entry for the SoC (ip -n $PEER_NS neigh show $SOC_ADDR):"
	ip -n "$PEER_NS" neigh show "$SOC_ADDR" 2>&1
	echo "-- frames dropped as not for us on the SoC (ip -n $SOC_NS -s -s link show eth0, RX otherhost):"
	ip -n "$SOC_NS" -s -s link show eth0 2>&1 | grep -A1 'RX errors'
	echo "-- the SoC's TCP retransmissions (ip netns exec $SOC_NS nstat -asz TcpRetransSegs):"
	ip netns exec "$SOC_NS" nstat -asz TcpRetransSegs 2>&1 | grep -v '^#'
}

down() {
	lab_ns_del "$SOC_NS"
	lab_ns_del "$PEER_NS"
	lab_say "stale-peer-arp is down"
}

# Run directly: bash lab/scenarios/stale-peer-arp.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" stale-peer-arp "${@:2}"
fi
