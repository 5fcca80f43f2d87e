# closed-port: a client connects to a port nothing listens on at that
# address; connect fails with ECONNREFUSED (errno 111).
#
# The story: a service was moved behind a local proxy and now binds
# 127.0.0.1:8080 only; clients on the network that still connect to the
# host's address get "Connection refused" at once, while curl on the host
# itself works.
#
# The kernel path: the SYN reaches tcp_v4_rcv in the server's namespace;
# __inet_lookup_skb finds no socket for 192.0.2.20:8080 (the listener is on
# 127.0.0.1); the kernel drops the SYN (kfree_skb reason NO_SOCKET) and
# tcp_v4_send_reset answers with a RST; the client's tcp_reset sets
# sk_err = ECONNREFUSED and connect returns it.
#
# In this lab: namespaces nwlab-cp-client (192.0.2.10) and nwlab-cp-server
# (192.0.2.20), joined by a veth pair.  `run` starts a TCP server on
# 127.0.0.1:8080 in nwlab-cp-server and connects from the client to
# 192.0.2.20:8080, once a second.
#
# What to look at: `ip netns exec nwlab-cp-server ss -ltn` (the listener is on
# 127.0.0.1:8080 only), `ip netns exec nwlab-cp-server nstat -az
# TcpOutRsts` (the resets sent), tcpdump -ni eth0 in either namespace (SYN,
# then RST,ACK).
#
# Fix: bind the service to the address clients use (or 0.0.0.0), or point the
# clients at the address it listens on.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="connect to a port where nothing listens (the service binds 127.0.0.1 only): ECONNREFUSED"
DEFAULT_DURATION=4
CLIENT_NS=nwlab-cp-client
SERVER_NS=nwlab-cp-server
NAMESPACES=("$CLIENT_NS" "$SERVER_NS")
CLIENT_ADDR=192.0.2.10
SERVER_ADDR=192.0.2.20
PORT=8080

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" &&
		ip -n "$SERVER_NS" addr show dev eth0 2>/dev/null | grep -q "inet $SERVER_ADDR/"
}

up() {
	if is_up; then
		lab_say "closed-port is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	lab_say "building closed-port: namespaces $CLIENT_NS ($CLIENT_ADDR) and $SERVER_NS ($SERVER_ADDR); nothing outside them changes"
	lab_two_hosts "$CLIENT_NS" "$CLIENT_ADDR" "$SERVER_NS" "$SERVER_ADDR"
	lab_do ip -n "$SERVER_NS" link set lo up
	lab_say "closed-port is up; 'netwhy lab run closed-port' provokes the failure"
}

run() {
	local connect ready server i rc=0
	connect=$(lab_workload nwlab-connect)
	up

	lab_section "the service listens on 127.0.0.1:$PORT only, in $SERVER_NS"
	ready=$(mktemp -u /tmp/nwlab-cp-ready.XXXXXX)
	lab_ns_run "$SERVER_NS" "$connect" --serve "$PORT" --serve-addr 127.0.0.1 \
		--duration "$((LAB_DURATION + 1))" --ready-file "$ready" | sed '/^+ /!s/^/server_/' &
	server=$!
	lab_wait_file "$ready" 10 || { kill "$server" 2>/dev/null; lab_die "the server did not get ready within 10 s"; }
	rm -f "$ready"

	lab_section "connects from $CLIENT_NS to $SERVER_ADDR:$PORT, one a second for $LAB_DURATION s"
	for ((i = 0; i < LAB_DURATION && rc == 0; i++)); do
		lab_ns_run "$CLIENT_NS" "$connect" --tcp "$SERVER_ADDR:$PORT" --duration 1 || rc=$?
		lab_interrupted && break
	done

	lab_section "evidence"
	status
	wait "$server"
	lab_workload_status nwlab-connect "$rc"
}

status() {
	if ! lab_any_ns_exist "${NAMESPACES[@]}"; then
		echo "closed-port: down"
		return 0
	fi
	is_up && echo "closed-port: up" || echo "closed-port: partly up (run 'netwhy lab down closed-port')"
	echo "-- TCP listeners in $SERVER_NS (ip netns exec $SERVER_NS ss -ltn):"
	ip netns exec "$SERVER_NS" ss -ltn 2>&1
	echo "-- resets sent by $SERVER_NS (ip netns exec $SERVER_NS nstat -asz TcpOutRsts):"
	ip netns exec "$SERVER_NS" nstat -asz TcpOutRsts 2>&1 | grep -v '^#'
}

down() {
	lab_ns_del "$CLIENT_NS"
	lab_ns_del "$SERVER_NS"
	lab_say "closed-port is down"
}

# Run directly: bash lab/scenarios/closed-port.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" closed-port "${@:2}"
fi
