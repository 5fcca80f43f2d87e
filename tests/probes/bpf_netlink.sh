#!/bin/bash
# netlink-overrun (FAILURES.md 3): a NETLINK_ROUTE listener with SO_RCVBUF
# 1024 overruns in a burst of link changes; its recv fails with ENOBUFS.
# The sock_err names the process, the fd, the syscall and the netlink
# socket (protocol, port id, groups), agreeing with what the listener says.
# Also: a failed bind() carries the address it asked for.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
NLISTEN=$NW_BUILDDIR/lab/workloads/nwlab-nlisten
[ -x "$NLISTEN" ] || nw_fail "$NLISTEN is not built (make builds it)"

N=nwtest-bpf-nl-$$
OUT=$NWP_TMP/events.json
nwp_ns "$N"
N_INO=$(nwp_ino "$N")

nwp_dump_start "$OUT" -d 60 -n "$N_INO" -p sockets
ip netns exec "$N" "$NLISTEN" --rcvbuf 1024 --duration 2 --read-delay-ms 200 \
	--ready-file "$NWP_TMP/nl-ready" >"$NWP_TMP/nlisten.out" &
NL_PID=$!
nw_wait_for 10 test -e "$NWP_TMP/nl-ready" || nw_fail "the listener did not start"
{
	for i in $(seq 16); do echo "link add nwb$i type veth peer name nwp$i"; done
	for i in $(seq 16); do echo "link del nwb$i"; done
} | ip -n "$N" -batch - || nw_fail "the link burst failed"
# A bind to an address the namespace does not have: EADDRNOTAVAIL.
ip netns exec "$N" python3 -c 'import socket; s=socket.socket(); s.bind(("192.0.2.77", 4242))' 2>/dev/null ||
	true
wait "$NL_PID"
nwp_dump_stop "$OUT"

grep -q '^recv_errno_ENOBUFS=' "$NWP_TMP/nlisten.out" ||
	nw_fail "the listener saw no ENOBUFS: the burst did not overrun it ($(tr '\n' ' ' <"$NWP_TMP/nlisten.out"))"
portid=$(sed -n 's/^portid=//p' "$NWP_TMP/nlisten.out")
nwp_expect "$OUT" ".type == \"sock_err\" and .err_origin == \"syscall\" and .errno == \"ENOBUFS\"
	and .pid == $NL_PID and .comm == \"nwlab-nlisten\" and (.syscall | test(\"^recv\"))
	and .family == \"netlink\" and .nl_portid == $portid and .nl_groups == 1 and .netns.inode == $N_INO" \
	"recv ENOBUFS from pid $NL_PID's netlink socket (port id $portid, group RTMGRP_LINK)"
want=$(sed -n 's/^recv_errno_ENOBUFS=//p' "$NWP_TMP/nlisten.out")
got=$(nwp_count "$OUT" ".type == \"sock_err\" and .errno == \"ENOBUFS\" and .pid == $NL_PID")
[ "$got" -eq "$want" ] || nw_fail "the listener counted $want ENOBUFS, BPF saw $got"
nw_note "ok: ENOBUFS count agrees with the listener ($want)"
if command -v python3 >/dev/null; then
	nwp_expect "$OUT" ".type == \"sock_err\" and .syscall == \"bind\" and .errno == \"EADDRNOTAVAIL\"
		and .laddr == \"192.0.2.77\" and .lport == 4242" "bind EADDRNOTAVAIL with the address asked for"
fi
nwp_balance "$OUT"
