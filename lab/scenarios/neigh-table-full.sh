# neigh-table-full: the neighbour (ARP) table is full; new destinations
# cannot get an entry and their packets are dropped, often silently.
#
# The story (seeds/000): a UDP server's sendmsg failed with EINVAL about once
# in 10,000 calls, and strace could not say why.  Its traffic went to a
# tunnel device, where every client address needs its own neighbour entry;
# the table reached gc_thresh3, forced garbage collection freed nothing, and
# neigh_create failed.  (Those entries were NOARP, hidden from arp -a.)
#
# The kernel path: udp_sendmsg -> ip_finish_output2 -> __neigh_create ->
# neigh_alloc fails once the table holds gc_thresh3 entries and
# neigh_forced_gc frees none: entries still resolving (INCOMPLETE, packets
# queued) and ones updated in the last 5 s are kept.  On 6.18 the packet is
# dropped with reason NEIGH_CREATEFAIL and the error is ENOBUFS, which UDP
# swallows (counting UdpSndbufErrors) unless the socket set IP_RECVERR; then
# sendto fails with ENOBUFS.  IpOutDiscards rises either way; the table's
# table_fulls statistic rises; dmesg says "neighbour: arp_cache: neighbor
# table overflow!".  (IPv6's ndisc table still returns EINVAL, the seed's
# errno.)
#
# The ARP table is one table shared by every network namespace, and its
# limits gc_thresh1/2/3 exist only in the initial namespace
# (/proc/sys/net/ipv4/neigh/default/).  So this lab lowers them for the whole
# machine while it is up (to 16/32/64), saves the old values in
# /run/netwhy-lab/neigh-table-full.sysctl and restores them on `down`, even
# after a crash.  While it is up, anything on this machine that needs more
# than 64 ARP entries will see the same failure.
#
# In this lab: namespace nwlab-ntf-host (203.0.113.1/24 on a veth) whose
# wire leads to nwlab-ntf-void, which has no address: nobody answers ARP.
# `run` sends UDP to the 253 other addresses of the /24, first without
# IP_RECVERR (sendto "succeeds"), then with it (sendto fails ENOBUFS), and
# flushes its entries at the end so the shared table is usable again.
#
# What to look at: `ip -s ntable show name arp_cache` (entries at thresh3,
# table_fulls rising), /proc/net/stat/arp_cache, `ip netns exec
# nwlab-ntf-host nstat -az UdpSndbufErrors IpOutDiscards`, the workload's
# send_errno_ENOBUFS.
#
# Fix: raise gc_thresh1/2/3 for the number of neighbours the machine really
# has; find the namespace and device that fill the table.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="ARP table at gc_thresh3 (lowered to 64): neighbour creation fails, UDP sends dropped or ENOBUFS"
DEFAULT_DURATION=4
HOST_NS=nwlab-ntf-host
VOID_NS=nwlab-ntf-void
NAMESPACES=("$HOST_NS" "$VOID_NS")
HOST_ADDR=203.0.113.1
FIRST_TARGET=203.0.113.2
TARGETS=253
NEIGH_DEFAULT=/proc/sys/net/ipv4/neigh/default
THRESH1=16
THRESH2=32
THRESH3=64

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" && lab_sysctl_saved &&
		[ "$(cat "$NEIGH_DEFAULT/gc_thresh3")" = "$THRESH3" ]
}

up() {
	local t
	if is_up; then
		lab_say "neigh-table-full is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	for t in 1 2 3; do
		[ -w "$NEIGH_DEFAULT/gc_thresh$t" ] ||
			lab_die "cannot write $NEIGH_DEFAULT/gc_thresh$t: run from the initial network namespace, as root"
	done

	cat <<EOF
netwhy lab: neigh-table-full changes settings OUTSIDE its namespaces:
  the ARP table is shared by all namespaces and its limits are global:
    $NEIGH_DEFAULT/gc_thresh1  $(cat "$NEIGH_DEFAULT/gc_thresh1") -> $THRESH1
    $NEIGH_DEFAULT/gc_thresh2  $(cat "$NEIGH_DEFAULT/gc_thresh2") -> $THRESH2
    $NEIGH_DEFAULT/gc_thresh3  $(cat "$NEIGH_DEFAULT/gc_thresh3") -> $THRESH3
  the old values are saved in $(lab_state_file);
  'netwhy lab down neigh-table-full' restores them (also after a crash).
  Until then, this machine holds at most $THRESH3 IPv4 neighbour entries.
EOF
	lab_sysctl_set "$NEIGH_DEFAULT/gc_thresh1" "$THRESH1"
	lab_sysctl_set "$NEIGH_DEFAULT/gc_thresh2" "$THRESH2"
	lab_sysctl_set "$NEIGH_DEFAULT/gc_thresh3" "$THRESH3"

	# A host on a /24 whose wire leads nowhere: every destination stays
	# INCOMPLETE while ARP goes unanswered.
	lab_ns_add "$HOST_NS"
	lab_ns_add "$VOID_NS"
	lab_do ip -n "$HOST_NS" link add eth0 type veth peer name eth0 netns "$VOID_NS"
	lab_do ip -n "$HOST_NS" addr add "$HOST_ADDR/24" dev eth0
	lab_do ip -n "$HOST_NS" link set eth0 up
	lab_do ip -n "$VOID_NS" link set eth0 up
	lab_say "neigh-table-full is up; 'netwhy lab run neigh-table-full' provokes the failure"
}

counters() {
	echo "-- the shared ARP table (ip -s ntable show name arp_cache):"
	ip -s ntable show name arp_cache | sed -n '1,3p;/table_fulls/p' | head -n 5
	echo "-- the namespace's counters (ip netns exec $HOST_NS nstat -asz ...):"
	ip netns exec "$HOST_NS" nstat -asz UdpSndbufErrors UdpOutDatagrams IpOutDiscards IpOutRequests 2>&1 |
		grep -v '^#'
}

run() {
	local flood half rc rc2
	flood=$(lab_workload nwlab-udpflood)
	up
	half=$(((LAB_DURATION + 1) / 2))

	lab_section "before"
	counters

	lab_section "UDP to $TARGETS unanswered addresses, no IP_RECVERR, $half s: sendto 'succeeds'"
	lab_ns_run "$HOST_NS" "$flood" --first "$FIRST_TARGET" --count "$TARGETS" --duration "$half"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		lab_workload_status nwlab-udpflood "$rc"
		return
	fi

	lab_section "the same with IP_RECVERR, $half s: sendto fails ENOBUFS"
	lab_ns_run "$HOST_NS" "$flood" --first "$FIRST_TARGET" --count "$TARGETS" --recverr \
		--duration "$half" | sed '/^+ /!s/^/recverr_/'
	rc2=${PIPESTATUS[0]}

	lab_section "after"
	counters

	lab_section "free the shared table for the rest of the machine"
	lab_do ip -n "$HOST_NS" neigh flush dev eth0
	lab_workload_status nwlab-udpflood "$rc" && lab_workload_status nwlab-udpflood "$rc2"
}

status() {
	local t
	if ! lab_any_ns_exist "${NAMESPACES[@]}" && ! lab_sysctl_saved; then
		echo "neigh-table-full: down"
		return 0
	fi
	is_up && echo "neigh-table-full: up" || echo "neigh-table-full: partly up (run 'netwhy lab down neigh-table-full')"
	for t in 1 2 3; do
		echo "gc_thresh$t: $(cat "$NEIGH_DEFAULT/gc_thresh$t")"
	done
	if lab_sysctl_saved; then
		echo "-- saved values, restored by down ($(lab_state_file)):"
		cat "$(lab_state_file)"
	fi
	lab_ns_exists "$HOST_NS" && echo "entries in $HOST_NS: $(ip -n "$HOST_NS" neigh show dev eth0 2>/dev/null | wc -l)"
	lab_ns_exists "$HOST_NS" && counters
}

down() {
	# Restore first: raising the limits is safe with our entries still there,
	# and nothing that fails later can leave the machine at 64 entries.
	lab_sysctl_restore
	lab_ns_del "$HOST_NS"
	lab_ns_del "$VOID_NS"
	lab_say "neigh-table-full is down; gc_thresh1/2/3 are $(cat "$NEIGH_DEFAULT/gc_thresh1")/$(cat "$NEIGH_DEFAULT/gc_thresh2")/$(cat "$NEIGH_DEFAULT/gc_thresh3")"
}

# Run directly: bash lab/scenarios/neigh-table-full.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" neigh-table-full "${@:2}"
fi
