# route-policy: a policy rule sends a container's traffic to a routing table
# that lost its route; connects fail at once with ENETUNREACH.
#
# The story: a container's network plugin routes the service network through
# its own table (`ip rule add to 198.51.100.0/24 lookup 200`) and keeps the
# route in table 200; the container's main table holds only its connected
# subnet, on purpose.  A restart of the plugin flushed table 200 and did not
# fill it again.  Connects to the service now fail with ENETUNREACH
# ("Network is unreachable"), while `ip route` (table main) looks as it
# always did: the rule and the other table are what changed, and nobody
# looks there.
#
# The kernel path: fib_rules_lookup tries rule 100 (table 200: no route, so
# the walk goes on), then main (no route), then default (empty):
# -ENETUNREACH from the lookup, before any packet exists; no neighbour
# activity, no drop event.  `ip route get 198.51.100.10` says "Network is
# unreachable"; `ip rule` and `ip route show table 200` show why.
#
# In this lab: namespace nwlab-rpol-host has a bridge br0 (192.0.2.1/24) and
# the service address 198.51.100.10 on its loopback; nwlab-rpol-ctr
# (192.0.2.2) sits on a veth port of br0, with rule 100 "to 198.51.100.0/24
# lookup 200" and table 200 empty.  `run` pings the bridge (it answers),
# then connects and pings 198.51.100.10 from the container: refused.
#
# What to look at: `ip -n nwlab-rpol-ctr rule`, `ip -n nwlab-rpol-ctr route
# show table 200` (empty), `ip -n nwlab-rpol-ctr route get 198.51.100.10`.
#
# Fix: ip -n nwlab-rpol-ctr route add 198.51.100.0/24 via 192.0.2.1 table 200.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="a policy rule sends traffic to an empty routing table: ENETUNREACH at once"
DEFAULT_DURATION=3
HOST_NS=nwlab-rpol-host
CTR_NS=nwlab-rpol-ctr
NAMESPACES=("$HOST_NS" "$CTR_NS")
BRIDGE_ADDR=192.0.2.1
CTR_ADDR=192.0.2.2
SERVICE=198.51.100.10
SERVICE_NET=198.51.100.0/24
TABLE=200
PREF=100

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		ip -n "$CTR_NS" rule show pref "$PREF" 2>/dev/null | grep -q "lookup $TABLE" &&
		[ -z "$(ip -n "$CTR_NS" route show table "$TABLE" 2>/dev/null)" ]
}

up() {
	if is_up; then
		lab_say "route-policy is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building route-policy: namespaces $HOST_NS (bridge br0 $BRIDGE_ADDR, service $SERVICE) and $CTR_NS ($CTR_ADDR); nothing outside them changes"
	lab_bridge_and_container "$HOST_NS" "$CTR_NS" "$BRIDGE_ADDR" "$CTR_ADDR"
	lab_do ip -n "$HOST_NS" addr add "$SERVICE/32" dev lo

	# The plugin's design: the service network goes through table 200 ...
	lab_do ip -n "$CTR_NS" rule add to "$SERVICE_NET" lookup "$TABLE" pref "$PREF"
	lab_do ip -n "$CTR_NS" route add "$SERVICE_NET" via "$BRIDGE_ADDR" table "$TABLE"
	# ... and its restart flushed the table.
	lab_do ip -n "$CTR_NS" route flush table "$TABLE"
	lab_say "route-policy is up; 'netwhy lab run route-policy' provokes the failure"
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

	lab_section "evidence"
	status
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "route-policy: down"
		return 0
	fi
	is_up && echo "route-policy: up" || echo "route-policy: partly up (run 'netwhy lab down route-policy')"
	echo "-- the container's rules (ip -n $CTR_NS rule):"
	ip -n "$CTR_NS" rule 2>&1
	echo "-- table $TABLE (ip -n $CTR_NS route show table $TABLE) and main:"
	ip -n "$CTR_NS" route show table "$TABLE" 2>&1
	ip -n "$CTR_NS" route 2>&1
	echo "-- the kernel's lookup (ip -n $CTR_NS route get $SERVICE):"
	ip -n "$CTR_NS" route get "$SERVICE" 2>&1
}

down() {
	lab_ns_del "$CTR_NS"
	lab_ns_del "$HOST_NS"
	lab_say "route-policy is down"
}

# Run directly: bash lab/scenarios/route-policy.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" route-policy "${@:2}"
fi
