# htb-arp-drop: an HTB qdisc on a bridge drops the ARP replies; containers get
# "No route to host".
#
# The story (a real incident): someone ran `tc qdisc add dev docker0 root htb` on a
# container host to shape traffic.  From then on containers failed to reach
# the host: ping said "Destination Host Unreachable", connect() failed with
# EHOSTUNREACH ("No route to host") after about 3 seconds.
#
# The kernel path: the container's neighbour entry for the bridge address
# starts INCOMPLETE and ARP requests go out.  They reach the bridge and the
# host answers, but the host's ARP reply leaves through the bridge device, so
# it meets the bridge's root qdisc.  HTB has no class for it (no filters, no
# default class): it goes to HTB's direct queue, whose limit direct_qlen was
# taken from the bridge's tx_queue_len of 0.  Full at 0: every reply is
# dropped (qdisc drop).  After mcast_probes (3) unanswered probes
# neigh_timer_handler moves the entry to FAILED, and neigh_invalidate reports
# the error to each packet that waited: the socket gets EHOSTUNREACH, ping's
# raw socket an ICMP host-unreachable from its own host.
#
# Kernel 6.18 no longer takes direct_qlen 0 from a zero tx_queue_len (it
# complains "Caught tx_queue_len zero misconfig" and uses 1000), so this lab
# sets `direct_qlen 0` explicitly: the same chain, one step shorter.
#
# What to look at: `ip -n nwlab-htb-ctr -s neigh` (INCOMPLETE, then FAILED;
# its probes count starts at ucast_probes (3) when the entry goes INCOMPLETE,
# so FAILED with probes 6 means 3 broadcast requests went unanswered), `tc -n nwlab-htb-host -s qdisc show dev br0`
# (dropped N), the workload's tcp_connect_errno=EHOSTUNREACH.
#
# Fix: give the direct queue room (`direct_qlen 1000`) or a default class that
# carries ARP (`htb default 10` plus class 1:10).

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="HTB with direct_qlen 0 on a bridge drops ARP replies: EHOSTUNREACH in the container"
DEFAULT_DURATION=5
HOST_NS=nwlab-htb-host
CTR_NS=nwlab-htb-ctr
NAMESPACES=("$HOST_NS" "$CTR_NS")
BRIDGE_ADDR=192.0.2.1
CTR_ADDR=192.0.2.2

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		tc -n "$HOST_NS" qdisc show dev br0 root 2>/dev/null | grep -q '^qdisc htb 8003:'
}

up() {
	if is_up; then
		lab_say "htb-arp-drop is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building htb-arp-drop: namespaces $HOST_NS (bridge br0 $BRIDGE_ADDR) and $CTR_NS ($CTR_ADDR); nothing outside them changes"

	# The container host: a bridge br0 with the address containers talk to;
	# the container: one end of a veth pair in it, the other a port of br0
	# (lib/common.sh; every command is printed as it runs).
	lab_bridge_and_container "$HOST_NS" "$CTR_NS" "$BRIDGE_ADDR" "$CTR_ADDR"

	# The fault: HTB as the bridge's root qdisc, with no class for
	# unclassified traffic and a direct queue of length 0.
	lab_do tc -n "$HOST_NS" qdisc replace dev br0 root handle 8003: htb direct_qlen 0
	lab_say "htb-arp-drop is up; 'netwhy lab run htb-arp-drop' provokes the failure"
}

run() {
	local connect rc
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "forget the bridge's MAC, so the container must ARP for it"
	lab_do ip -n "$CTR_NS" neigh flush all

	lab_section "ping and TCP connect from the container to $BRIDGE_ADDR for up to $LAB_DURATION s"
	lab_ns_run "$CTR_NS" "$connect" --ping "$BRIDGE_ADDR" --count 3 --tcp "$BRIDGE_ADDR:80" \
		--interval-ms 1000 --duration "$LAB_DURATION"
	rc=$?

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "htb-arp-drop: down"
		return 0
	fi
	is_up && echo "htb-arp-drop: up" || echo "htb-arp-drop: partly up (run 'netwhy lab down htb-arp-drop')"
	echo "-- the container's neighbour entry for the bridge (ip -n $CTR_NS -s neigh show $BRIDGE_ADDR):"
	ip -n "$CTR_NS" -s neigh show "$BRIDGE_ADDR" 2>&1
	echo "-- the bridge's qdisc (tc -n $HOST_NS -s qdisc show dev br0):"
	tc -n "$HOST_NS" -s qdisc show dev br0 2>&1
}

down() {
	lab_ns_del "$CTR_NS"
	lab_ns_del "$HOST_NS"
	lab_say "htb-arp-drop is down"
}

# Run directly: bash lab/scenarios/htb-arp-drop.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" htb-arp-drop "${@:2}"
fi
