#!/bin/bash
# A UDP socket that does not read, with a small receive buffer, flooded:
# its sock event must show the same drop count as /proc/net/udp's drops
# column, name its owner, and the namespace's Udp.RcvbufErrors counter
# must rise by it.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3

N=nwtest-nl-udp
out=$(mktemp) srv=$(mktemp)
cleanup() {
  [ -n "${dump:-}" ] && kill "$dump" 2>/dev/null
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null
  ip netns del $N 2>/dev/null; rm -f "$out" "$srv"
}
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"
ip -n $N link set lo up
ip netns exec $N python3 -u -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.bind(("127.0.0.1", 9999))
print("ready", flush=True)
time.sleep(60)
' >"$srv" &
server=$!
nw_wait_for 5 grep -q ready "$srv" || nw_fail "server did not start"
"$NW_BUILDDIR/tests/netlink/nl_dump" --netns $N --duration 20 >"$out" &
dump=$!
nw_wait_for 5 grep -q '"lport":9999' "$out" || nw_fail "the UDP socket was not reported"
ip netns exec $N python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(200):
    s.sendto(b"x" * 200, ("127.0.0.1", 9999))
'
# /proc/net/udp is read on every check: the oracle is the kernel's count now.
check() {
  python3 - "$out" "$(ip netns exec $N cat /proc/net/udp)" "$server" "$@" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip().endswith("}")]
rows = [l.split() for l in sys.argv[2].splitlines()[1:]]
row = [r for r in rows if r[1].endswith(":270F")][0]   # local port 9999
proc_drops = int(row[-1])
s = [e for e in ev if e["type"] == "sock" and e["lport"] == 9999]
last = s[-1]
c = [e for e in ev if e["type"] == "counter" and e["name"] == "Udp.RcvbufErrors"]
total = sum(e["delta"] for e in c)
if len(sys.argv) > 4:   # waiting: both numbers caught up
    sys.exit(0 if last["drops"] == proc_drops and total == proc_drops else 1)
print("# /proc/net/udp drops %d; ours: drops %d rcvbuf %d rmem %d (%s)" % (proc_drops, last["drops"], last["rcvbuf"], last["rmem"], last["op"]))
assert last["drops"] == proc_drops > 0
# A dropping socket's owner is searched for: the server (`ip netns exec` execs it, same pid).
assert last["comm"] == "python3" and last["pid"] == int(sys.argv[3]), (last["pid"], last["comm"], sys.argv[3])
# The counter's first reading (its baseline) came before the flood: the rise is all of it.
print("# Udp.RcvbufErrors rose by %d" % total)
assert c and c[0]["delta"] == 0, c[:1]
assert total == proc_drops, (total, proc_drops)
PY
}
# Polled every second: wait for both the socket and the counter to show it.
nw_wait_for 10 check wait
kill "$dump"; wait "$dump" 2>/dev/null; dump=
check || exit 1
