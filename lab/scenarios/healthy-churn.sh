# healthy-churn: a busy, healthy host; everything that happens is routine.
#
# The healthy scenario's topology (bridge br0 192.0.2.1/24 in
# nwlab-hchurn-host, nwlab-hchurn-ctr 192.0.2.2 on a veth port of it), kept
# busy for the whole run with what a real host does all day, none of it a
# failure:
#   - short-lived TCP connections (20 a second) that end the routine ways:
#     answered and closed; closed by the server with the request unread (the
#     kernel resets it, the client reads ECONNRESET); closed by the client
#     with the answer unread; written to after the server's ordinary close
#     (TCP_ABORT_ON_DATA, RST, then EPIPE): drop reasons QUEUE_PURGE,
#     TCP_ABORT_ON_DATA and NO_SOCKET all along;
#   - UDP sockets closed before their datagrams were read;
#   - pings from the container to the bridge, 5 a second;
#   - an administrator flushing and deleting neighbour entries
#     (`ip neigh flush`, `ip neigh del`) every second, in both namespaces;
#   - MTU changes and down/up flaps of a veth pair nobody uses (spare0,
#     spare1 in the host namespace, 198.51.100.1/24);
#   - a short-lived namespace nwlab-hchurn-tmp (192.0.2.3) plugged into the
#     bridge, pinged, and removed with its links and neighbour entries.
#
# A tool that explains failures must stay quiet here: a healthy host gets no
# explanation.  What to look at: the workloads' reports (every ping
# answered, no connect failed), `ip -n nwlab-hchurn-ctr -s neigh` (entries
# resolve again after each flush), `nstat -az TcpExtTCPAbortOnClose
# TcpExtTCPAbortOnData` in the namespaces (the kernel counts these endings as
# ordinary events).

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="no fault, but busy: connection churn, neighbour flushes, link flaps (false-alarm baseline)"
DEFAULT_DURATION=10
HOST_NS=nwlab-hchurn-host
CTR_NS=nwlab-hchurn-ctr
TMP_NS=nwlab-hchurn-tmp
NAMESPACES=("$HOST_NS" "$CTR_NS" "$TMP_NS")
BRIDGE_ADDR=192.0.2.1
BRIDGE_MAC=02:00:5e:00:53:c1
CTR_ADDR=192.0.2.2
TMP_ADDR=192.0.2.3
SPARE_ADDR=198.51.100.1
PORT=8080

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "$HOST_NS" "$CTR_NS" &&
		ip -n "$CTR_NS" addr show dev eth0 2>/dev/null | grep -q "inet $CTR_ADDR/" &&
		ip -n "$HOST_NS" link show dev spare0 >/dev/null 2>&1
}

up() {
	if is_up; then
		lab_say "healthy-churn is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building healthy-churn: namespaces $HOST_NS (bridge br0 $BRIDGE_ADDR, unused veth pair spare0/spare1) and $CTR_NS ($CTR_ADDR); nothing outside them changes"
	lab_bridge_and_container "$HOST_NS" "$CTR_NS" "$BRIDGE_ADDR" "$CTR_ADDR"
	# A bridge without an address of its own takes its lowest port's, so every port that
	# comes and goes would change it under the container's ARP entry (real loss): fix it,
	# as container runtimes do.
	lab_do ip -n "$HOST_NS" link set br0 address "$BRIDGE_MAC"
	lab_do ip -n "$HOST_NS" link add spare0 type veth peer name spare1
	lab_do ip -n "$HOST_NS" addr add "$SPARE_ADDR/24" dev spare0
	lab_do ip -n "$HOST_NS" link set spare0 up
	lab_do ip -n "$HOST_NS" link set spare1 up
	lab_say "healthy-churn is up; 'netwhy lab run healthy-churn' exercises it"
}

# A namespace that comes, talks once and goes, with its bridge port.
tmp_ns_cycle() {
	lab_ns_add "$TMP_NS"
	lab_do ip -n "$HOST_NS" link add veth-tmp type veth peer name eth0 netns "$TMP_NS"
	lab_do ip -n "$HOST_NS" link set veth-tmp master br0 up
	lab_do ip -n "$TMP_NS" addr add "$TMP_ADDR/24" dev eth0
	lab_do ip -n "$TMP_NS" link set eth0 up
	lab_ns_run "$TMP_NS" "$PING" --ping "$BRIDGE_ADDR" --count 1 --duration 2 | sed 's/^/tmp_/'
	# Not lab_ns_del: its clean-up signals every process found in the namespace, and a
	# watcher (netwhy --netns all) may be in it for a moment to open its sockets there.
	lab_do ip netns del "$TMP_NS"
}

# One second of administrator and link churn; step is the second's number.
churn_step() {
	local step=$1
	lab_do ip -n "$CTR_NS" neigh flush dev eth0
	lab_try ip -n "$HOST_NS" neigh del "$CTR_ADDR" dev br0
	case $((step % 4)) in
	0) lab_do ip -n "$HOST_NS" link set spare0 mtu 1400 ;;
	1) lab_do ip -n "$HOST_NS" link set spare1 down ;;
	2) lab_do ip -n "$HOST_NS" link set spare1 up
	   lab_do ip -n "$HOST_NS" link set spare0 mtu 1500 ;;
	3) lab_do ip -n "$HOST_NS" link set spare0 down
	   lab_do ip -n "$HOST_NS" link set spare0 up ;;
	esac
	[ $((step % 5)) -eq 2 ] && tmp_ns_cycle
	return 0
}

run() {
	local churn ready server client pinger rc=0 step=0 end
	churn=$(lab_workload nwlab-churn)
	PING=$(lab_workload nwlab-connect)
	up

	lab_section "a TCP and UDP server on the host, port $PORT"
	ready=$(mktemp -u /tmp/nwlab-hchurn-ready.XXXXXX)
	lab_ns_run "$HOST_NS" "$churn" --serve "$PORT" --duration "$((LAB_DURATION + 2))" \
		--ready-file "$ready" | sed '/^+ /!s/^/server_/' &
	server=$!
	lab_wait_file "$ready" 10 || lab_die "the server did not get ready within 10 s"
	rm -f "$ready"

	lab_section "for $LAB_DURATION s: connection churn and pings from the container, neighbour flushes and link churn by the administrator"
	lab_ns_run "$CTR_NS" "$churn" --client "$BRIDGE_ADDR:$PORT" --rate 20 \
		--duration "$LAB_DURATION" &
	client=$!
	lab_ns_run "$CTR_NS" "$PING" --ping "$BRIDGE_ADDR" --interval-ms 200 \
		--duration "$LAB_DURATION" | sed '/^+ /!s/^/ping_/' &
	pinger=$!
	end=$((SECONDS + LAB_DURATION))
	while [ "$SECONDS" -lt "$end" ] && ! lab_interrupted; do
		churn_step "$step"
		step=$((step + 1))
		sleep 1
	done
	wait "$client" || rc=$?
	wait "$pinger" || rc=$?
	wait "$server" || rc=$?

	lab_section "evidence"
	status
	lab_workload_status "nwlab-churn and nwlab-connect" "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "healthy-churn: down"
		return 0
	fi
	is_up && echo "healthy-churn: up" || echo "healthy-churn: partly up (run 'netwhy lab down healthy-churn')"
	echo "-- the container's neighbours (ip -n $CTR_NS -s neigh):"
	ip -n "$CTR_NS" -s neigh 2>&1
	echo "-- the routine endings the kernel counted (nstat in $HOST_NS and $CTR_NS):"
	ip netns exec "$HOST_NS" nstat -az TcpExtTCPAbortOnClose TcpExtTCPAbortOnData 2>&1 | sed 's/^/host /'
	ip netns exec "$CTR_NS" nstat -az TcpExtTCPAbortOnClose TcpExtTCPAbortOnData 2>&1 | sed 's/^/ctr  /'
}

down() {
	lab_ns_del "$TMP_NS"
	lab_ns_del "$CTR_NS"
	lab_ns_del "$HOST_NS"
	lab_say "healthy-churn is down"
}

# Run directly: bash lab/scenarios/healthy-churn.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" healthy-churn "${@:2}"
fi
