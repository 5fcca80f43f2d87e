#!/bin/bash
# netwhy explain on every lab scenario (issue 5): run while the workload runs,
# it names the right layer and object and a fix; the pcapng recording of the
# same run, replayed without any privilege, names the same.  The healthy
# scenario yields no finding and no explanation.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd setpriv python3

# check FILE LAYER OBJECT-SUBSTRING FIX-SUBSTRING: an explanation names them.
check() {
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$1" 'type=="explanation"' \
    "cause[\"layer\"]==\"$2\"" "\"$3\" in cause[\"object\"]" "\"$4\" in fix"
}

# explain_lab SCENARIO SECONDS LAYER OBJECT FIX [NETNS...]
explain_lab() {
  local scenario=$1 seconds=$2 layer=$3 object=$4 fix=$5; shift 5
  ( E2E_WATCH_FIRST=${WATCH_FIRST:-} e2e_explain "$scenario" "$seconds" "$@"
    check "$E2E_DIR/events.jsonl" "$layer" "$object" "$fix" ||
      nw_fail "$scenario: live explain did not name $layer / $object / $fix"
    chmod 755 "$E2E_DIR"; chmod 644 "$E2E_DIR/run.pcapng"
    setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
      "$NETWHY" explain -r "$E2E_DIR/run.pcapng" --json >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
      nw_fail "$scenario: unprivileged explain -r failed: $(tail -3 "$E2E_DIR/replay.err")"
    check "$E2E_DIR/replay.jsonl" "$layer" "$object" "$fix" ||
      nw_fail "$scenario: explain of the recording did not name $layer / $object / $fix"
    echo "ok: $scenario explained live and from its recording" ) || exit 1
}

# Like e2e_watch, but the watcher is `netwhy explain --json`, recording too.
e2e_explain() {
  local scenario=$1 seconds=$2; shift 2
  # -v: its "capabilities after start-up" line tells e2e_watch that netwhy is watching.
  E2E_NETWHY_CMD=explain e2e_watch "$scenario" "$seconds" --json -v -w @DIR@/run.pcapng "$@"
}

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
