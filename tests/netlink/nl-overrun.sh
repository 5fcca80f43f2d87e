#!/bin/bash
# Founding failure 3: a netlink listener with SO_RCVBUF 1024 (the kernel
# makes it 2304) overrun by 30 link creations (bridges: this kernel has no dummy driver).  The netlink source must
# report that socket with its pid, comm, rcvbuf and a drop count equal to
# /proc/net/netlink's Drops column; the listener's next recv fails ENOBUFS.
# Our own listener (large buffer) must see all 30 links without a resync.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-ov
out=$(mktemp) lst=$(mktemp)
cleanup() {
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null
  [ -n "${listener:-}" ] && kill "$listener" 2>/dev/null
  ip netns del $N 2>/dev/null; rm -f "$out" "$lst"
}
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"

# The listener: bound to RTMGRP_LINK, reads nothing until told (SIGUSR1).
ip netns exec $N python3 -u -c '
import errno, signal, socket, sys, time
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.bind((0, 1))
print("rcvbuf", s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), flush=True)
def drain(*a):
    try:
        s.recv(65536)
        print("recv ok", flush=True)
    except OSError as e:
        print("recv", errno.errorcode[e.errno], flush=True)
signal.signal(signal.SIGUSR1, drain)
while True:
    time.sleep(1)
' >"$lst" &
listener=$!
nw_wait_for 5 grep -q rcvbuf "$lst" || nw_fail "listener did not start"

"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $N --duration 20 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"type":"link".*"ifname":"lo"' "$out" || nw_fail "no link snapshot"
for i in $(seq 1 30); do echo "link add nwbr$i type bridge"; done | ip -n $N -batch - || nw_fail "ip -batch failed"
sleep 2.2 # two socket polls
oracle=$(ip netns exec $N cat /proc/net/netlink)
kill -USR1 "$listener"
nw_wait_for 3 grep -q '^recv' "$lst" || nw_fail "listener did not recv"
kill "$dump"; wait "$dump" 2>/dev/null; dump=

python3 - "$out" "$oracle" "$listener" "$lst" <<'PY' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pid = int(sys.argv[3])
listener = open(sys.argv[4]).read()
print("# listener:", listener.replace("\n", "; "))
assert "recv ENOBUFS" in listener, "the listener's recv did not fail with ENOBUFS"
rows = [l.split() for l in sys.argv[2].splitlines()[1:]]
# sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
row = [r for r in rows if int(r[2]) == pid]
assert row, "listener pid %d not in /proc/net/netlink" % pid
proc_drops, proc_inode = int(row[0][8]), int(row[0][9])
socks = [e for e in ev if e["type"] == "sock" and e["family"] == "netlink" and e["inode"] == proc_inode]
assert socks, "no sock event for inode %d" % proc_inode
last = socks[-1]
print("# /proc/net/netlink: pid %d drops %d inode %d" % (pid, proc_drops, proc_inode))
print("# ours: pid %s comm %s rcvbuf %s drops %s groups %s portid %s" % (last["pid"], last["comm"], last["rcvbuf"], last["drops"], last["nl_groups"], last["nl_portid"]))
assert last["drops"] == proc_drops > 0, "drops differ"
assert last["rcvbuf"] == 2304, "rcvbuf %s" % last["rcvbuf"]
assert last["pid"] == pid and last["comm"] == "python3"
assert last["nl_groups"] == 1
links = {e["ifname"] for e in ev if e["type"] == "link" and e["ifname"].startswith("nwbr") and e["op"] == "new"}
assert len(links) == 30, "our listener saw %d of 30 new links" % len(links)
assert not [e for e in ev if e["type"] == "source" and e["state"] == "resync"], "unexpected resync"
PY
