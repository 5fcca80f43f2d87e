#!/bin/bash
# netwhy --json on the neigh-table-full lab (issue 3): NEIGH_CREATEFAIL
# drops; the ARP table's entries at gc_thresh3 with table_fulls rising; the
# sender's failed sends (ENOBUFS with IP_RECVERR).  Oracle: ip ntable.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
e2e_watch neigh-table-full 12 --netns nwlab-ntf-host --netns nwlab-ntf-void

expect 'type=="drop"' 'ns=="nwlab-ntf-host"' 'reason=="NEIGH_CREATEFAIL"' 'dst.startswith("203.0.113.")'
# The table at its limit (the lab lowers gc_thresh3), table_fulls rising.
expect 'type=="neigh_table"' 'name=="arp_cache"' 'entries>=gc_thresh3' 'table_fulls>0'
python3 - "$E2E_DIR/events.jsonl" <<'PY' || nw_fail "table_fulls did not rise while netwhy watched"
import json, sys
seen = [e["table_fulls"] for e in map(json.loads, open(sys.argv[1]))
        if e["type"] == "neigh_table" and e["name"] == "arp_cache"]
sys.exit(0 if len(seen) >= 2 and seen[-1] > seen[0] else 1)
PY
expect 'type=="sock_err"' 'ns=="nwlab-ntf-host"' 'errno=="ENOBUFS"' 'comm=="nwlab-udpflood"' \
  'syscall in ("sendto", "sendmsg")' 'raddr.startswith("203.0.113.")'
grep -q 'ENOBUFS' "$E2E_DIR/run.log" || nw_fail "the sender did not report ENOBUFS"
echo "PASS: neigh-table-full seen by netwhy --json"
