#!/bin/bash
# netwhy --json on the netlink-overrun lab (issue 3): the listener's ENOBUFS
# on recv with its pid and comm; its netlink socket with rcvbuf 2304 (1024
# doubled, clamped to SOCK_MIN_RCVBUF) and drops > 0.  Oracle: /proc/net/netlink.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
e2e_watch netlink-overrun 9 --netns nwlab-nl-host

expect 'type=="sock_err"' 'ns=="nwlab-nl-host"' 'errno=="ENOBUFS"' 'comm=="nwlab-nlisten"' 'pid>0' \
  'syscall in ("recvmsg", "recvfrom", "read", "recvmmsg")' 'family=="netlink"'
expect 'type=="sock"' 'ns=="nwlab-nl-host"' 'family=="netlink"' 'rcvbuf==2304' 'drops>0'
# The error and the socket are the same one (netlink port id).
portid=$(python3 - "$E2E_DIR/events.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["type"] == "sock_err" and e.get("errno") == "ENOBUFS" and e.get("comm") == "nwlab-nlisten":
        print(e["nl_portid"]); break
PY
)
[ -n "$portid" ] && [ "$portid" != 0 ] || nw_fail "the ENOBUFS event has no netlink port id"
expect 'type=="sock"' "nl_portid==$portid" 'rcvbuf==2304' 'drops>0'
grep -q 'recv_errno_ENOBUFS=[1-9]' "$E2E_DIR/run.log" ||
  nw_fail "the listener did not report ENOBUFS: $(tail -5 "$E2E_DIR/run.log")"
# The pid netwhy names is the listener's own (its report says which).
pid=$(sed -n 's/^pid=//p' "$E2E_DIR/run.log" | head -1)
[ -n "$pid" ] || nw_fail "the listener's report has no pid"
expect 'type=="sock_err"' 'errno=="ENOBUFS"' "pid==$pid" 'comm=="nwlab-nlisten"'
echo "PASS: netlink-overrun seen by netwhy --json"
