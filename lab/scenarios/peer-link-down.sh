# peer-link-down: the far end of a veth pair is down; this end has no
# carrier, and everything it sends is dropped before it leaves.
#
# The story: a container's interface was set down by a faulty health script
# (or its side of the pair was moved and never brought up); on the host, the
# other end shows NO-CARRIER.  The client sees "Destination Host
# Unreachable", connect fails with EHOSTUNREACH, and `tc -s qdisc` shows
# the drops on a qdisc called noop, which misleads people into tuning qdiscs.
#
# The kernel path: veth_close() of one end calls netif_carrier_off() on its
# peer; linkwatch deactivates the peer's qdiscs (dev_deactivate), so its
# transmit queue holds the noop qdisc, whose enqueue drops every packet
# (kfree_skb reason QDISC_DROP).  The ARP requests of the neighbour entry are
# dropped there; the entry goes FAILED after its probes and the sockets
# waiting on it get EHOSTUNREACH.
#
# In this lab: namespaces nwlab-pld-a (192.0.2.1) and nwlab-pld-b
# (192.0.2.2), joined by a veth pair, both named eth0.  `run` sets eth0 of
# nwlab-pld-b down, then pings and connects from nwlab-pld-a to 192.0.2.2.
#
# What to look at: `ip -n nwlab-pld-a link show eth0` (NO-CARRIER, state
# LOWERLAYERDOWN), `ip -n nwlab-pld-b link show eth0` (state DOWN), `tc -n
# nwlab-pld-a -s qdisc show dev eth0` (the noop qdisc), `ip -n nwlab-pld-a
# neigh` (192.0.2.2 FAILED).
#
# Fix: bring the peer up: ip -n nwlab-pld-b link set eth0 up.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="the far end of a veth pair is down: NO-CARRIER here, packets dropped by the noop qdisc"
DEFAULT_DURATION=5
A_NS=nwlab-pld-a
B_NS=nwlab-pld-b
NAMESPACES=("$A_NS" "$B_NS")
A_ADDR=192.0.2.1
B_ADDR=192.0.2.2

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		ip -n "$B_NS" addr show dev eth0 2>/dev/null | grep -q "inet $B_ADDR/"
}

up() {
	if is_up; then
		lab_say "peer-link-down is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building peer-link-down: namespaces $A_NS ($A_ADDR) and $B_NS ($B_ADDR); nothing outside them changes"
	lab_two_hosts "$A_NS" "$A_ADDR" "$B_NS" "$B_ADDR"
	lab_say "peer-link-down is up; 'netwhy lab run peer-link-down' provokes the failure"
}

run() {
	local connect rc
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "the far end goes down"
	lab_do ip -n "$B_NS" link set eth0 down

	lab_section "ping and TCP connect from $A_NS to $B_ADDR for $LAB_DURATION s"
	lab_ns_run "$A_NS" "$connect" --ping "$B_ADDR" --tcp "$B_ADDR:80" \
		--interval-ms 500 --duration "$LAB_DURATION"
	rc=$?

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "peer-link-down: down"
		return 0
	fi
	is_up && echo "peer-link-down: up" || echo "peer-link-down: partly up (run 'netwhy lab down peer-link-down')"
	echo "-- this end (ip -n $A_NS link show eth0):"
	ip -n "$A_NS" link show eth0 2>&1
	echo "-- the far end (ip -n $B_NS link show eth0):"
	ip -n "$B_NS" link show eth0 2>&1
	echo "-- this end's qdisc (tc -n $A_NS -s qdisc show dev eth0):"
	tc -n "$A_NS" -s qdisc show dev eth0 2>&1
	echo "-- the neighbour entry (ip -n $A_NS neigh show $B_ADDR):"
	ip -n "$A_NS" neigh show "$B_ADDR" 2>&1
}

down() {
	lab_ns_del "$A_NS"
	lab_ns_del "$B_NS"
	lab_say "peer-link-down is down"
}

# Run directly: bash lab/scenarios/peer-link-down.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" peer-link-down "${@:2}"
fi
