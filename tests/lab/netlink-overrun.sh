#!/bin/bash
# netlink-overrun: a NETLINK_ROUTE listener with SO_RCVBUF 1024 gets a
# ~2 KiB buffer; a burst of link changes overruns it: /proc/net/netlink
# counts Drops on its socket and recv fails with ENOBUFS.
# Oracles: /proc/net/netlink read inside the namespace while the listener
# lives (its row found by the socket inode it reports), the workload's report
# (rcvbuf from getsockopt, per-errno recv counts).
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init netlink-overrun

NS=nwlab-nl-host

lab_ok "$NETWHY" lab up netlink-overrun
lab_ok "$NETWHY" lab up netlink-overrun   # idempotent
grep -q 'already up' "$LAB_TMP/cmd.out" || nw_fail "second up did not say 'already up'"

"$NETWHY" lab run netlink-overrun --duration 4 >"$LAB_TMP/run.out" 2>&1 &
run_pid=$!

# The listener's socket inode, then its Drops column while it still runs.
nw_wait_for 10 grep -q '^inode=' "$LAB_TMP/run.out" || { cat "$LAB_TMP/run.out"; nw_fail "the listener never reported its inode"; }
inode=$(lab_kv "$LAB_TMP/run.out" inode)
nl_drops() {
	ip netns exec "$NS" cat /proc/net/netlink | awk -v ino="$inode" '$2 == 0 && $10 == ino { print $9 }'
}
nl_dropped() { [ "$(nl_drops)" -gt 0 ] 2>/dev/null; }
nw_wait_for 4 nl_dropped || { ip netns exec "$NS" cat /proc/net/netlink; nw_fail "no Drops on the listener's row (inode $inode) in /proc/net/netlink"; }
drops=$(nl_drops)
nw_note "/proc/net/netlink row of inode $inode: Drops $drops"

wait "$run_pid" || { cat "$LAB_TMP/run.out"; nw_fail "netwhy lab run exited non-zero"; }

lab_assert_ge proc_net_netlink_drops "$drops" 1
lab_assert_eq rcvbuf_requested "$(lab_kv "$LAB_TMP/run.out" rcvbuf_requested)" 1024
rcvbuf=$(lab_kv "$LAB_TMP/run.out" rcvbuf)
rmem_default=$(cat /proc/sys/net/core/rmem_default)
nw_note "rcvbuf = $rcvbuf (rmem_default $rmem_default)"
[ "$rcvbuf" -le 4608 ] || nw_fail "rcvbuf $rcvbuf: expected the doubled-and-clamped value (2304 on 6.18)"
lab_assert_ge recv_errno_ENOBUFS "$(lab_kv "$LAB_TMP/run.out" recv_errno_ENOBUFS)" 1

lab_ok "$NETWHY" lab down netlink-overrun
lab_assert_no_ns nwlab-nl-
exit 0
