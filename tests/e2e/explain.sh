#!/bin/bash
# netwhy explain on every lab scenario (issue 5): run while the workload runs,
# it names the right layer and object and a fix; the pcapng recording of the
# same run, replayed without any privilege, names the same.  The healthy
# scenario yields no finding and no explanation.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd setpriv python3

# check FILE LAYER OBJECT-SUBSTRING FIX-SUBSTRING: an explanation names them.
# It has what every object has: its own event id, an origin, the interface key.
check() {
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$1" 'type=="explanation"' \
    "cause[\"layer\"]==\"$2\"" "\"$3\" in cause[\"object\"]" "\"$4\" in fix" \
    'id>0' 'origin in ("bpf", "netlink", "pcap", "proc", "replay")' '"ifindex" in ev'
}

# once FILE: a replay says each finding on its own clock only, not also the recording's copy
# (whose times are the live run's).
once() {
  python3 - "$1" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
t0 = min(e["ts"] for e in evs)
old = [e for e in evs if e["type"] in ("finding", "explanation") and e["ts"] < t0 or
       e["type"] == "finding" and e["first_ts"] < t0]
if old:
    sys.exit(f"{len(old)} findings or explanations on the recording's clock: {old[0]}")
PY
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
    once "$E2E_DIR/replay.jsonl" || nw_fail "$scenario: the replay repeats the recording's findings"
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
