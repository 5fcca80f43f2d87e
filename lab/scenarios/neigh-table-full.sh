# neigh-table-full: the neighbour (ARP) table is full; new destinations
# cannot get an entry and their packets are dropped, often silently.
#
# The story (a real incident): a UDP server's sendmsg failed with EINVAL about once
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
# table overflow!".  IPv6's ndisc table still returns EINVAL, the seed's
# errno, and UDP passes it on: sendto fails EINVAL.
#
# The ARP table (and IPv6's ndisc table) is one table shared by every network
# namespace, and its limits gc_thresh1/2/3 exist only in the initial
# namespace (/proc/sys/net/ipv4/neigh/default/, .../ipv6/...).  So this lab
# lowers them for the whole machine while it is up (to 16/32/64, both
# families), saves the old values in /run/netwhy-lab/neigh-table-full.sysctl
# and restores them on `down`, even after a crash.  While it is up, anything
# on this machine that needs more than 64 neighbour entries of a family sees
# the same failure.
#
# In this lab: namespace nwlab-ntf-host (203.0.113.1/24 and 2001:db8:1::1/64
# on a veth) whose wire leads to nwlab-ntf-void, which has no address: nobody
# answers ARP or neighbour solicitations.  `run` sends UDP to 253 other
# addresses of the /24, first without IP_RECVERR (sendto "succeeds"), then
# with it (sendto fails ENOBUFS), then to 253 addresses of the IPv6 /64
# (sendto fails EINVAL), and flushes its entries at the end so the shared
# tables are usable again.
#
# What to look at: `ip -s ntable show name arp_cache` (entries at thresh3,
# table_fulls rising; ndisc_cache for IPv6), /proc/net/stat/arp_cache,
# `ip netns exec nwlab-ntf-host nstat -az UdpSndbufErrors IpOutDiscards`,
# the workload's send_errno_ENOBUFS and ipv6_send_errno_EINVAL.
#
# Fix: raise gc_thresh1/2/3 for the number of neighbours the machine really
# has; find the namespace and device that fill the table.

# shellcheck disable=SC2034 # SUMMARY, DEFAULT_DURATION: read by netwhy-lab.sh
SUMMARY="neighbour table at gc_thresh3 (lowered to 64): UDP sends dropped silently, ENOBUFS, or EINVAL (IPv6)"
DEFAULT_DURATION=3
HOST_NS=nwlab-ntf-host
VOID_NS=nwlab-ntf-void
NAMESPACES=("$HOST_NS" "$VOID_NS")
HOST_ADDR=203.0.113.1
FIRST_TARGET=203.0.113.2
HOST_ADDR6=2001:db8:1::1
FIRST_TARGET6=2001:db8:1::2
TARGETS=253
NEIGH_DEFAULT=/proc/sys/net/ipv4/neigh/default
NEIGH6_DEFAULT=/proc/sys/net/ipv6/neigh/default
THRESH1=16
THRESH2=32
THRESH3=64

describe() { lab_describe; }

is_up() {
	lab_all_ns_exist "${NAMESPACES[@]}" && lab_sysctl_saved &&
		[ "$(cat "$NEIGH_DEFAULT/gc_thresh3")" = "$THRESH3" ] &&
		[ "$(cat "$NEIGH6_DEFAULT/gc_thresh3")" = "$THRESH3" ]
}

up() {
	local t
	if is_up; then
		lab_say "neigh-table-full is already up"
		return 0
	fi
	lab_any_ns_exist "${NAMESPACES[@]}" && down
	for d in "$NEIGH_DEFAULT" "$NEIGH6_DEFAULT"; do
		for t in 1 2 3; do
			[ -w "$d/gc_thresh$t" ] ||
				lab_die "cannot write $d/gc_thresh$t: run from the initial network namespace, as root"
		done
	done

	echo "netwhy lab: neigh-table-full changes settings OUTSIDE its namespaces:"
	echo "  the neighbour tables are shared by all namespaces and their limits are global:"
	for d in "$NEIGH_DEFAULT" "$NEIGH6_DEFAULT"; do
		printf '    %s/gc_thresh1  %s -> %s\n' "$d" "$(cat "$d/gc_thresh1")" "$THRESH1"
		printf '    %s/gc_thresh2  %s -> %s\n' "$d" "$(cat "$d/gc_thresh2")" "$THRESH2"
		printf '    %s/gc_thresh3  %s -> %s\n' "$d" "$(cat "$d/gc_thresh3")" "$THRESH3"
	done
	echo "  the old values are saved in $(lab_state_file);"
	echo "  'netwhy lab down neigh-table-full' restores them (also after a crash)."
	echo "  Until then, this machine holds at most $THRESH3 neighbour entries per family."
	for d in "$NEIGH_DEFAULT" "$NEIGH6_DEFAULT"; do
		lab_sysctl_set "$d/gc_thresh1" "$THRESH1"
		lab_sysctl_set "$d/gc_thresh2" "$THRESH2"
		lab_sysctl_set "$d/gc_thresh3" "$THRESH3"
	done

	# A host on a /24 whose wire leads nowhere: every destination stays
	# INCOMPLETE while ARP goes unanswered.
	lab_ns_add "$HOST_NS"
	lab_ns_add "$VOID_NS"
	lab_do ip -n "$HOST_NS" link add eth0 type veth peer name eth0 netns "$VOID_NS"
	lab_do ip -n "$HOST_NS" addr add "$HOST_ADDR/24" dev eth0
	lab_do ip -n "$HOST_NS" addr add "$HOST_ADDR6/64" dev eth0 nodad
	lab_do ip -n "$HOST_NS" link set eth0 up
	lab_do ip -n "$VOID_NS" link set eth0 up
	lab_say "neigh-table-full is up; 'netwhy lab run neigh-table-full' provokes the failure"
}

counters() {
	local table
	for table in arp_cache ndisc_cache; do
		echo "-- the shared table (ip -s ntable show name $table):"
		ip -s ntable show name "$table" | sed -n '1,3p;/table_fulls/p' | head -n 4
	done
	echo "-- the namespace's counters (ip netns exec $HOST_NS nstat -asz ...):"
	ip netns exec "$HOST_NS" nstat -asz UdpSndbufErrors UdpOutDatagrams IpOutDiscards \
		IpOutRequests Udp6SndbufErrors Ip6OutDiscards Ip6OutNoRoutes 2>&1 | grep -v '^#'
}

run() {
	local flood phase rc rc2 rc3
	flood=$(lab_workload nwlab-udpflood)
	up
	phase=$(((LAB_DURATION + 2) / 3))

	lab_section "before"
	counters

	lab_section "UDP to $TARGETS unanswered addresses, no IP_RECVERR, $phase s: sendto 'succeeds'"
	lab_ns_run "$HOST_NS" "$flood" --first "$FIRST_TARGET" --count "$TARGETS" --duration "$phase"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		lab_workload_status nwlab-udpflood "$rc"
		return
	fi
	if lab_interrupted; then
		lab_say "interrupted: the other steps are skipped"
		rc2=0 rc3=0
	else
		flood_more
	fi

	lab_section "after"
	counters

	lab_section "free the shared table for the rest of the machine"
	lab_do ip -n "$HOST_NS" -4 neigh flush dev eth0
	lab_do ip -n "$HOST_NS" -6 neigh flush dev eth0
	lab_workload_status nwlab-udpflood "$rc2" && lab_workload_status nwlab-udpflood "$rc3"
}

# The same flood with IP_RECVERR, then over IPv6; sets rc2 and rc3.
flood_more() {
	lab_section "the same with IP_RECVERR, $phase s: sendto fails ENOBUFS"
	lab_ns_run "$HOST_NS" "$flood" --first "$FIRST_TARGET" --count "$TARGETS" --recverr \
		--duration "$phase" | sed '/^+ /!s/^/recverr_/'
	rc2=${PIPESTATUS[0]}

	lab_section "UDP to $TARGETS unanswered IPv6 addresses, $phase s: sendto fails EINVAL, the seed's errno"
	lab_ns_run "$HOST_NS" "$flood" --first "$FIRST_TARGET6" --count "$TARGETS" \
		--duration "$phase" | sed '/^+ /!s/^/ipv6_/'
	rc3=${PIPESTATUS[0]}
}

status() {
	local t
	if ! lab_any_ns_exist "${NAMESPACES[@]}" && ! lab_sysctl_saved; then
		echo "neigh-table-full: down"
		return 0
	fi
	is_up && echo "neigh-table-full: up" || echo "neigh-table-full: partly up (run 'netwhy lab down neigh-table-full')"
	for t in 1 2 3; do
		echo "gc_thresh$t: $(cat "$NEIGH_DEFAULT/gc_thresh$t") (IPv4), $(cat "$NEIGH6_DEFAULT/gc_thresh$t") (IPv6)"
	done
	if lab_sysctl_saved; then
		echo "-- saved values, restored by down ($(lab_state_file)):"
		cat "$(lab_state_file)"
	fi
	lab_ns_exists "$HOST_NS" && echo "entries in $HOST_NS: $(ip -n "$HOST_NS" -4 neigh show dev eth0 2>/dev/null | wc -l) IPv4, $(ip -n "$HOST_NS" -6 neigh show dev eth0 2>/dev/null | wc -l) IPv6"
	lab_ns_exists "$HOST_NS" && counters
}

down() {
	# Restore first: raising the limits is safe with our entries still there,
	# and nothing that fails later can leave the machine at 64 entries.
	lab_sysctl_restore
	lab_ns_del "$HOST_NS"
	lab_ns_del "$VOID_NS"
	lab_say "neigh-table-full is down; gc_thresh1/2/3 are $(cat "$NEIGH_DEFAULT/gc_thresh1")/$(cat "$NEIGH_DEFAULT/gc_thresh2")/$(cat "$NEIGH_DEFAULT/gc_thresh3") (IPv4), $(cat "$NEIGH6_DEFAULT/gc_thresh1")/$(cat "$NEIGH6_DEFAULT/gc_thresh2")/$(cat "$NEIGH6_DEFAULT/gc_thresh3") (IPv6)"
}

# Run directly: bash lab/scenarios/neigh-table-full.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" neigh-table-full "${@:2}"
fi
