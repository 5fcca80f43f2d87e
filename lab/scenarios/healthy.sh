# healthy: the same kind of topology as the other scenarios, with no fault.
#
# A baseline for false alarms: a tool that explains failures must also stay
# quiet when nothing is wrong.  Namespace nwlab-healthy-host has a bridge br0
# (192.0.2.1/24) with its default qdisc; nwlab-healthy-ctr (192.0.2.2) sits on
# a veth port of it, like htb-arp-drop without the HTB; the host runs a TCP
# server on port 8080.
#
# `run` flushes the container's neighbours (so ARP must resolve again),
# pings the bridge address and connects to the server: every ping is
# answered, the connect succeeds, the neighbour entry ends REACHABLE (or
# STALE/DELAY later), no qdisc drops anything.
#
# What to look at: `ip -n nwlab-healthy-ctr -s neigh` (REACHABLE, no
# INCOMPLETE or FAILED), `tc -n nwlab-healthy-host -s qdisc show dev br0`
# (no drops), the workload's ping_received and tcp_connect=ok.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="no fault (bridge + container, pings and TCP succeed): the baseline for false alarms"
DEFAULT_DURATION=3
HOST_NS=nwlab-healthy-host
CTR_NS=nwlab-healthy-ctr
NAMESPACES=("$HOST_NS" "$CTR_NS")
BRIDGE_ADDR=192.0.2.1
CTR_ADDR=192.0.2.2
PORT=8080

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		ip -n "$CTR_NS" addr show dev eth0 2>/dev/null | grep -q "inet $CTR_ADDR/"
}

up() {
	if is_up; then
		lab_say "healthy is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building healthy: namespaces $HOST_NS (bridge br0 $BRIDGE_ADDR) and $CTR_NS ($CTR_ADDR); nothing outside them changes"
	# Bridge br0 in the host, the container on a veth port of it, exactly as
	# in htb-arp-drop, and the bridge keeps its default qdisc (noqueue).
	lab_bridge_and_container "$HOST_NS" "$CTR_NS" "$BRIDGE_ADDR" "$CTR_ADDR"
	lab_say "healthy is up; 'netwhy lab run healthy' exercises it"
}

run() {
	local connect ready server rc rc_server
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "a TCP server on the host, port $PORT"
	ready=$(mktemp -u /tmp/nwlab-healthy-ready.XXXXXX)
	lab_ns_run "$HOST_NS" "$connect" --serve "$PORT" --duration "$((LAB_DURATION + 1))" \
		--ready-file "$ready" | sed '/^+ /!s/^/server_/' &
	server=$!
	lab_wait_file "$ready" 10 || lab_die "the TCP server did not get ready within 10 s"
	rm -f "$ready"

	lab_section "forget the bridge's MAC, so the container must ARP for it"
	lab_do ip -n "$CTR_NS" neigh flush all

	lab_section "ping (3) and TCP connect from the container to $BRIDGE_ADDR"
	lab_ns_run "$CTR_NS" "$connect" --ping "$BRIDGE_ADDR" --count 3 --interval-ms 200 \
		--tcp "$BRIDGE_ADDR:$PORT" --duration "$LAB_DURATION"
	rc=$?
	wait "$server"
	rc_server=$?

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc" && lab_workload_status "nwlab-connect --serve" "$rc_server"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "healthy: down"
		return 0
	fi
	is_up && echo "healthy: up" || echo "healthy: partly up (run 'netwhy lab down healthy')"
	echo "-- the container's neighbours (ip -n $CTR_NS -s neigh):"
	ip -n "$CTR_NS" -s neigh 2>&1
	echo "-- the bridge's qdisc (tc -n $HOST_NS -s qdisc show dev br0):"
	tc -n "$HOST_NS" -s qdisc show dev br0 2>&1
}

down() {
	lab_ns_del "$CTR_NS"
	lab_ns_del "$HOST_NS"
	lab_say "healthy is down"
}

# Run directly: bash lab/scenarios/healthy.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" healthy "${@:2}"
fi
