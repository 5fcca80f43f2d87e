# route-unreachable: a route of type unreachable in the container refuses a
# destination that its default route would reach; connects fail at once.
#
# The story: a tool (a VPN client that crashed, a firewall script, an
# operator's "temporary" block) added `unreachable 203.0.113.0/24` inside a
# container and never removed it.  The container's default route via its
# bridge would reach 203.0.113.10, but the longer prefix wins: every connect
# and ping to it fails at once with EHOSTUNREACH ("No route to host"), IPv6
# alike.  Nothing is sent, so there is no ARP, no neighbour entry, no drop
# event and no packet to capture: people look at the peer, the bridge and the
# firewall first, since EHOSTUNREACH usually means an ARP that failed.
#
# The kernel path: ip_route_output_flow -> fib_lookup matches the
# unreachable route (fib_props: -EHOSTUNREACH) and the socket call returns
# it before any skb exists.  A blackhole route returns EINVAL, prohibit
# EACCES.  Only a FIB lookup shows it: `ip route get 203.0.113.10` answers
# "No route to host", `ip route get fibmatch 203.0.113.10` names the route.
#
# In this lab: namespace nwlab-route-host has a bridge br0 (192.0.2.1/24,
# 2001:db8::1/64) and the service address 203.0.113.10 and 2001:db8:203::10
# on its loopback; nwlab-route-ctr (192.0.2.2, 2001:db8::2) sits on a veth
# port of br0 with default routes via the bridge, plus the stale routes
# unreachable 203.0.113.0/24 and unreachable 2001:db8:203::/48.  `run`
# pings the bridge (it answers), then connects and pings 203.0.113.10 and
# pings 2001:db8:203::10 from the container: all refused.
#
# What to look at: `ip -n nwlab-route-ctr route` (the unreachable route),
# `ip -n nwlab-route-ctr route get 203.0.113.10` (No route to host).
#
# Fix: ip -n nwlab-route-ctr route del unreachable 203.0.113.0/24 (and
# ip -n nwlab-route-ctr route del unreachable 2001:db8:203::/48).

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="an unreachable route in the container: connects fail at once (EHOSTUNREACH), IPv4 and IPv6"
DEFAULT_DURATION=3
HOST_NS=nwlab-route-host
CTR_NS=nwlab-route-ctr
NAMESPACES=("$HOST_NS" "$CTR_NS")
BRIDGE_ADDR=192.0.2.1
CTR_ADDR=192.0.2.2
BRIDGE_ADDR6=2001:db8::1
CTR_ADDR6=2001:db8::2
SERVICE=203.0.113.10
SERVICE6=2001:db8:203::10
BLOCKED=203.0.113.0/24
BLOCKED6=2001:db8:203::/48

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		ip -n "$CTR_NS" route show type unreachable 2>/dev/null | grep -q "^unreachable $BLOCKED" &&
		ip -n "$CTR_NS" -6 route show type unreachable 2>/dev/null | grep -q "^unreachable $BLOCKED6"
}

up() {
	if is_up; then
		lab_say "route-unreachable is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building route-unreachable: namespaces $HOST_NS (bridge br0 $BRIDGE_ADDR, service $SERVICE) and $CTR_NS ($CTR_ADDR); nothing outside them changes"
	lab_bridge_and_container "$HOST_NS" "$CTR_NS" "$BRIDGE_ADDR" "$CTR_ADDR"
	lab_do ip -n "$HOST_NS" addr add "$BRIDGE_ADDR6/64" dev br0 nodad
	lab_do ip -n "$CTR_NS" addr add "$CTR_ADDR6/64" dev eth0 nodad
	lab_do ip -n "$HOST_NS" addr add "$SERVICE/32" dev lo
	lab_do ip -n "$HOST_NS" addr add "$SERVICE6/128" dev lo
	lab_do ip -n "$CTR_NS" route add default via "$BRIDGE_ADDR"
	lab_do ip -n "$CTR_NS" -6 route add default via "$BRIDGE_ADDR6"

	# The stale block: longer prefixes than the default routes, so they win.
	lab_do ip -n "$CTR_NS" route add unreachable "$BLOCKED"
	lab_do ip -n "$CTR_NS" -6 route add unreachable "$BLOCKED6"
	lab_say "route-unreachable is up; 'netwhy lab run route-unreachable' provokes the failure"
}

run() {
	local connect rc
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "the bridge answers: the link and ARP are fine"
	lab_ns_run "$CTR_NS" "$connect" --ping "$BRIDGE_ADDR" --count 1 --duration 2 |
		grep -E '^(\+ |ping_(sent|received)=)'

	lab_section "TCP connect and ping from the container to $SERVICE for $LAB_DURATION s"
	lab_ns_run "$CTR_NS" "$connect" --ping "$SERVICE" --tcp "$SERVICE:80" \
		--interval-ms 500 --duration "$LAB_DURATION"
	rc=$?

	lab_section "ping -6 from the container to $SERVICE6"
	lab_ns_run "$CTR_NS" ping -6 -c 2 -i 0.5 -W 1 "$SERVICE6"

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "route-unreachable: down"
		return 0
	fi
	is_up && echo "route-unreachable: up" || echo "route-unreachable: partly up (run 'netwhy lab down route-unreachable')"
	echo "-- the container's routes (ip -n $CTR_NS route; ip -n $CTR_NS -6 route):"
	ip -n "$CTR_NS" route 2>&1
	ip -n "$CTR_NS" -6 route 2>&1
	echo "-- the kernel's lookups (ip -n $CTR_NS route get $SERVICE; ip -n $CTR_NS route get $SERVICE6):"
	ip -n "$CTR_NS" route get "$SERVICE" 2>&1
	ip -n "$CTR_NS" route get "$SERVICE6" 2>&1
}

down() {
	lab_ns_del "$CTR_NS"
	lab_ns_del "$HOST_NS"
	lab_say "route-unreachable is down"
}

# Run directly: bash lab/scenarios/route-unreachable.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" route-unreachable "${@:2}"
fi
