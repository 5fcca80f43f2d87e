#!/bin/bash
# netwhy changes nothing on the host: with a lab scenario's namespaces up
# (htb-arp-drop: a bridge, veths, an HTB qdisc, in nwlab-* namespaces),
# snapshot the host namespace and every lab namespace, run netwhy with every
# source on (BPF probes, netlink, captures on every interface of every
# namespace) for 10 s, snapshot again: identical.
#
# What is compared, and what is fair to leave out (it changes by itself):
# - links: `ip -d link show` without statistics; the promiscuity count and
#   the link's mtu, qlen and flags are compared (a capture that forgot to
#   drop its promiscuous membership shows here); bridges' running timers
#   (gc_timer, forward_delay_timer...) are cut;
# - addresses: `ip addr show`, with the lifetimes of dynamic (SLAAC) addresses
#   cut (they count down);
# - routes: every table, IPv4 and IPv6, with "expires N" cut;
# - neighbour entries: the PERMANENT and NOARP ones (dynamic entries age and
#   get probed by themselves: comparing them would test the kernel's timers;
#   so would multicast NOARP entries, made when the kernel sends to a group);
# - qdiscs and classes: `tc -d qdisc/class show` without statistics;
# - sysctls: `sysctl -a -r '^net\.'` in each namespace, less the counters
#   (net.netfilter.nf_conntrack_count);
# - BPF: every program and link netwhy held (read from its fdinfo during
#   the run) is gone after it exits, and every program that was there
#   before and is not netwhy's is still there.  (Other tests' netwhy runs
#   load and unload nw_ programs at the same time: those are not compared.)
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_bpf
nw_require_cmd ip tc sysctl bpftool python3

SCENARIO=htb-arp-drop
work=$(mktemp -d /tmp/nwtest-host.XXXXXX)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	"$NETWHY" lab down $SCENARIO >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
nw_lab_lock
"$NETWHY" lab up $SCENARIO >"$work/lab.out" 2>&1 || nw_fail "lab up $SCENARIO: $(tail -3 "$work/lab.out")"
mapfile -t lab_ns < <(ip netns list | awk '/^nwlab-/ { print $1 }')
[ ${#lab_ns[@]} -gt 0 ] || nw_fail "the lab made no nwlab-* namespace"
# A fresh link's IPv6 address is "tentative" until duplicate address
# detection ends (1-2 s), which then adds a local route and multicast
# neighbour entries by itself: let the kernel settle before the snapshot.
settled() {
	local ns
	for ns in "${lab_ns[@]}"; do
		! ip -n "$ns" addr show | grep -q tentative || return 1
	done
}
nw_wait_for 10 settled || nw_fail "the lab's IPv6 addresses stayed tentative for 10 s"
sleep 1

# in_ns NS CMD...: CMD in namespace NS ("" is the host's own).
in_ns() {
	local ns=$1
	shift
	if [ -z "$ns" ]; then "$@"; else ip netns exec "$ns" "$@"; fi
}

snap_ns() {
	local ns=$1
	echo "### links"
	in_ns "$ns" ip -d link show | sed -E 's/ [a-z_]*timer +[0-9.]+//g'
	echo "### addresses"
	in_ns "$ns" ip addr show | sed -E 's/valid_lft [^ ]+ preferred_lft [^ ]+/LFT/'
	echo "### routes"
	in_ns "$ns" ip route show table all | sed -E 's/ expires [0-9]+sec//'
	in_ns "$ns" ip -6 route show table all | sed -E 's/ expires [0-9]+sec//'
	echo "### neighbours (permanent, noarp; multicast noarp left out)"
	in_ns "$ns" ip neigh show nud permanent
	in_ns "$ns" ip -6 neigh show nud permanent
	# A multicast group's NOARP entry (ff02::2 33:33:00:00:00:02) is made by
	# the kernel when it sends there: router solicitations go out on its own
	# timer, seconds after a link comes up (seen here: "before" without it).
	in_ns "$ns" ip neigh show nud noarp | grep -vE '^2(2[4-9]|3[0-9])\.'
	in_ns "$ns" ip -6 neigh show nud noarp | grep -v '^ff'
	echo "### qdiscs, classes"
	in_ns "$ns" tc -d qdisc show
	local dev
	for dev in $(in_ns "$ns" ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		in_ns "$ns" tc -d class show dev "$dev" | sed "s/^/$dev: /"
	done
	echo "### sysctl net.*"
	in_ns "$ns" sysctl -a -r '^net\.' 2>/dev/null | grep -v -E '^net\.netfilter\.nf_conntrack_count ='
}

# BPF: every program and link id, with its name (bpftool here cannot say
# which process holds a program, so ownership comes from netwhy's fdinfo).
snap_bpf() {
	bpftool prog show 2>/dev/null | awk '/^[0-9]+: / { sub(":", "", $1); for (i = 2; i < NF; i++) if ($i == "name") n = $(i + 1); print "prog", $1, n; n = "" }'
	bpftool link show 2>/dev/null | awk '/^[0-9]+: / { sub(":", "", $1); print "link", $1 }'
}

snapshot() {
	local out=$1 ns
	{
		echo "## host"
		snap_ns ""
		for ns in "${lab_ns[@]}"; do
			echo "## netns $ns"
			snap_ns "$ns"
		done
	} >"$out"
	snap_bpf >"$out.bpf"
}

snapshot "$work/before"
[ "$(grep -c . "$work/before")" -gt 1000 ] || nw_fail "the snapshot is too small to prove anything"
grep -q 'htb' "$work/before" || nw_fail "the lab's HTB qdisc is not in the snapshot"
ns_args=()
for ns in "${lab_ns[@]}"; do ns_args+=(--netns "$ns"); done
# Every source: BPF, netlink, and captures (the default: every interface).
"$NETWHY" --json "${ns_args[@]}" --netns /proc/self/ns/net --duration 10 >"$work/events" 2>"$work/err" &
nw=$!
# What netwhy holds is read once its BPF source runs (it loads before saying so).
nw_wait_for 8 grep -q '"origin":"bpf".*"state":"running"' "$work/events" ||
	nw_fail "the BPF source never ran: $(tail -3 "$work/err")"
held_bpf $nw >"$work/held"
wait $nw
rc=$?
nw=
[ $rc = 0 ] || nw_fail "netwhy exited $rc: $(tail -3 "$work/err")"
for kind in bpf pcap netlink; do
	grep -q "\"origin\":\"$kind\".*\"state\":\"running\"" "$work/events" ||
		nw_fail "source $kind never ran: the test would prove nothing ($(tail -3 "$work/err"))"
done
ncap=$(grep -o '"name":"pcap:[^"]*","state":"running"' "$work/events" | sort -u | wc -l)
snapshot "$work/after"

if ! diff -u "$work/before" "$work/after" >"$work/diff"; then
	cat "$work/diff" | head -60
	nw_fail "the host or a lab namespace changed while netwhy ran (diff above)"
fi
[ "$(grep -c '^prog' "$work/held")" -gt 0 ] || nw_fail "netwhy held no BPF program: the check would prove nothing"
# Every program and link netwhy held is gone now that it has exited.
left=$(while read -r kind id; do
	grep -q "^$kind $id\b" "$work/after.bpf" && echo "$kind $id"
done <"$work/held")
[ -z "$left" ] || nw_fail "netwhy's BPF objects outlived it: $(echo $left)"
# No program that was there before (other than netwhy's own, which other
# tests' runs load and unload) was taken away.
gone=$(grep -v ' nw_' "$work/before.bpf" | grep '^prog' | while read -r kind id name; do
	grep -q "^prog $id\b" "$work/after.bpf" || echo "$id $name"
done)
[ -z "$gone" ] || nw_fail "programs present before are gone: $gone"
nw_note "BPF: $(grep -c . "$work/held") programs and links held by netwhy, none left; $(grep -vc ' nw_' "$work/before.bpf") others untouched"
nw_note "identical: $(grep -c . "$work/before") lines over the host and ${#lab_ns[@]} lab namespaces (${lab_ns[*]}); $ncap captures, BPF and netlink ran 10 s"
