# netlink-overrun: a netlink listener with a tiny receive buffer loses
# messages in a burst; recv fails with ENOBUFS (errno 105).
#
# The story (a real incident): on USB plug/unplug, apps that listened for uevents
# got errno 105, ENOBUFS.  They had copied setsockopt(SO_RCVBUF, 1024) from an
# online example.  The kernel doubles the value and clamps it to
# SOCK_MIN_RCVBUF: a buffer of ~2 KiB against the ~208 KiB default
# (net.core.rmem_default).  A plug makes a burst of events; one message fills
# the buffer.
#
# The kernel path: netlink_broadcast delivers to each listener;
# netlink_broadcast_deliver finds sk_rmem_alloc > sk_rcvbuf, drops the message,
# counts it in the socket's Drops (/proc/net/netlink) and sets sk_err =
# ENOBUFS; the listener's next recv returns -1 ENOBUFS: it has lost events and
# must resync (dump again).
#
# In this lab: namespace nwlab-nl-host.  `run` starts nwlab-nlisten there (a
# NETLINK_ROUTE socket bound to RTMGRP_LINK with SO_RCVBUF 1024), which, like
# the app busy handling the first event, reads 200 ms after the burst starts;
# then makes a burst of link changes: 16 veth pairs created and deleted
# (64 RTM_NEWLINK/RTM_DELLINK broadcasts).
#
# What to look at: the workload's rcvbuf=2304 and recv_errno_ENOBUFS,
# `ip netns exec nwlab-nl-host cat /proc/net/netlink` while it runs (the row
# whose Inode is the workload's inode: Drops > 0).
#
# Fix: remove the setsockopt or size the buffer for the burst; handle ENOBUFS
# by dumping the state again.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="netlink listener with SO_RCVBUF 1024 overruns in a link burst: recv ENOBUFS, Drops in /proc/net/netlink"
DEFAULT_DURATION=3
NL_NS=nwlab-nl-host
NAMESPACES=("$NL_NS")
BURST_PAIRS=16
# What the listener listens to (netlink-uevent-overrun changes these).
NL_LISTEN=()             # nwlab-nlisten's extra options
NL_PROTO=0               # the Eth column of /proc/net/netlink: NETLINK_ROUTE
NL_WHAT="a route listener"

describe() { lab_describe; }

is_up() { lab_ns_exists "$NL_NS"; }

up() {
	if is_up; then
		lab_say "$NW_LAB_SCENARIO is already up"
		return 0
	fi
	lab_say "building $NW_LAB_SCENARIO: namespace $NL_NS; nothing outside it changes"
	lab_ns_add "$NL_NS"
	lab_say "$NW_LAB_SCENARIO is up; 'netwhy lab run $NW_LAB_SCENARIO' provokes the failure"
}

# The burst: veth pairs created then deleted, in one batch (ip -batch), as
# fast as a USB plug makes its events.
burst() {
	local i
	for ((i = 1; i <= BURST_PAIRS; i++)); do
		echo "link add nwb$i type veth peer name nwp$i"
	done
	for ((i = 1; i <= BURST_PAIRS; i++)); do
		echo "link del nwb$i"
	done
}

run() {
	local nlisten ready pid rc
	nlisten=$(lab_workload nwlab-nlisten)
	up

	ready=$(mktemp -u /tmp/nwlab-nl-ready.XXXXXX)
	lab_section "$NL_WHAT with SO_RCVBUF 1024, for $LAB_DURATION s"
	lab_ns_run "$NL_NS" "$nlisten" "${NL_LISTEN[@]}" --rcvbuf 1024 --read-delay-ms 200 \
		--duration "$LAB_DURATION" --ready-file "$ready" &
	pid=$!
	if ! lab_wait_file "$ready" 10; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		lab_die "nwlab-nlisten did not get ready within 10 s"
	fi
	rm -f "$ready"

	lab_section "the burst: $BURST_PAIRS veth pairs created and deleted"
	printf '+ ip -n %s -batch - <<EOF\n' "$NL_NS"
	printf '  link add nwb1 type veth peer name nwp1   ... up to nwb%s\n' "$BURST_PAIRS"
	printf '  link del nwb1                            ... up to nwb%s\n' "$BURST_PAIRS"
	printf '  EOF\n'
	burst | ip -n "$NL_NS" -batch - || lab_warn "the link burst failed part-way"

	lab_section "the listener's row in /proc/net/netlink (while it runs)"
	ip netns exec "$NL_NS" cat /proc/net/netlink | awk -v p="$NL_PROTO" 'NR == 1 || ($2 == p && $3 != 0)'

	wait "$pid"
	rc=$?
	lab_workload_status nwlab-nlisten "$rc"
}

status() {
	if ! is_up; then
		echo "$NW_LAB_SCENARIO: down"
		return 0
	fi
	echo "$NW_LAB_SCENARIO: up"
	echo "-- protocol $NL_PROTO netlink sockets in $NL_NS (ip netns exec $NL_NS cat /proc/net/netlink, Eth $NL_PROTO):"
	ip netns exec "$NL_NS" cat /proc/net/netlink 2>&1 | awk -v p="$NL_PROTO" 'NR == 1 || $2 == p'
}

down() {
	lab_ns_del "$NL_NS"
	lab_say "$NW_LAB_SCENARIO is down"
}

# Run directly: bash lab/scenarios/netlink-overrun.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" netlink-overrun "${@:2}"
fi
