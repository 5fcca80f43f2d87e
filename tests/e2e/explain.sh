#!/bin/bash
# netwhy explain on every lab scenario (issue 5): run while the workload runs,
# it names the right layer and object and a fix; the pcapng recording of the
# same run, replayed without any privilege, names the same.  The healthy
# scenario yields no finding and no explanation.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd setpriv python3

explain_lab htb-arp-drop 14 qdisc "qdisc htb 8003: dev br0 netns nwlab-htb-host" direct_qlen \
  --netns nwlab-htb-host --netns nwlab-htb-ctr
WATCH_FIRST=1 explain_lab stale-peer-arp 16 neigh "lladdr 02:00:5e:00:53:01" "arping" --netns all
explain_lab netlink-overrun 9 netlink "netns nwlab-nl-host" SO_RCVBUF --netns nwlab-nl-host
explain_lab neigh-table-full 12 neigh arp_cache gc_thresh3 --netns nwlab-ntf-host --netns nwlab-ntf-void

# The healthy scenario: netwhy --json (every event, findings and
# explanations included) shows nothing to explain in its namespaces.
( e2e_watch healthy 9 --netns all
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" --none \
    'type in ("finding", "explanation")' 'ns is not None and ns.startswith("nwlab-healthy")' ||
    nw_fail "healthy: netwhy found something to explain" ) || exit 1
echo "PASS: netwhy explain on every lab scenario, live and from the recording"
