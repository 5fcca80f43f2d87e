#!/bin/bash
# A watched namespace deleted while netwhy captures in it must be let go:
# within 1 s of its "gone", the capture in it stops (a source event gone or
# off) and netwhy holds no socket in it any more, so the kernel can free the
# namespace and its interfaces.  Holding it would keep a deleted namespace
# (its veths, addresses, routes) alive on someone else's host.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 readlink

A=nwtest-fault-rel$$
out=$(mktemp)
err=$(mktemp)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	ip netns del $A 2>/dev/null
	rm -f "$out" "$err"
}
trap cleanup EXIT
nw_fault_ns $A
ino=$(stat -L -c %i /run/netns/$A) || nw_fail "no inode for $A"

"$NETWHY" --json --no-bpf --netns $A -i va >"$out" 2>"$err" &
nw=$!
nw_wait_for 5 grep -q '"name":"pcap:va@'$A'","state":"running"' "$out" || nw_fail "va in $A never captured: $(cat "$err")"
ip netns del $A
nw_wait_for 5 grep -q '"name":"netlink:'$A'","state":"gone"' "$out" || nw_fail "netlink:$A never said gone"
# netwhy's fds that still point into the namespace (sockets opened there
# show the namespace in /proc/PID/fd only through their netns; check the
# namespace files netwhy holds and whether the namespace still exists).
holds() {
	local f
	for f in /proc/$nw/fd/* /proc/$nw/task/*/ns/net; do
		[ "$(stat -L -c %i "$f" 2>/dev/null)" = "$ino" ] && return 0
	done
	# A socket keeps its namespace: the namespace is alive while lsns sees it.
	lsns -t net -n -o NS 2>/dev/null | grep -qx "$ino"
}
sleep 1
stopped=$(jl "$out" "any(e['type']=='source' and e['name']=='pcap:va@$A' and e['state'] in ('gone','off') for e in ev)" && echo yes || echo no)
alive=$(holds && echo yes || echo no)
nw_stop_netwhy "after the namespace was deleted"
[ "$stopped" = yes ] || nw_fail "the capture in the deleted namespace $A still runs 1 s after its gone (cli/sources.c should close a namespace's captures when its netlink source reports gone)"
[ "$alive" = no ] || nw_fail "namespace $A (inode $ino) is still alive 1 s after its gone: netwhy holds it"
nw_note "ok: capture stopped and namespace released"
