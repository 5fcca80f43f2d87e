#!/bin/bash
# netwhy explain on the route labs (issue 15, class route): a connect refused
# by the routing lookup names layer route and the route (prefix, type,
# table, netns) or the policy rule with its empty table, with a fix a person
# can type, IPv4 and IPv6; the -w recording, replayed without privilege,
# names the same, and holds the FIB lookup's answer as a route event.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd setpriv python3 ping

# check FILE LAYER OBJECT FIX-SUBSTRING: an explanation with exactly that object names them.
check() {
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$1" 'type=="explanation"' \
    "cause[\"layer\"]==\"$2\"" "cause[\"object\"]==\"$3\"" "\"$4\" in fix"
}

# route_lab SCENARIO SECONDS NETNS LOOKUP-EXPR (LAYER OBJECT FIX)...
route_lab() {
  local scenario=$1 seconds=$2 netns=$3 lookup=$4; shift 4
  ( E2E_NETWHY_CMD=explain e2e_watch "$scenario" "$seconds" --json -v -w @DIR@/run.pcapng --netns "$netns"
    chmod 755 "$E2E_DIR"; chmod 644 "$E2E_DIR/run.pcapng"
    setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
      "$NETWHY" explain -r "$E2E_DIR/run.pcapng" --json >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
      nw_fail "$scenario: unprivileged explain -r failed: $(tail -3 "$E2E_DIR/replay.err")"
    set -- "$@"
    while [ $# -ge 3 ]; do
      check "$E2E_DIR/events.jsonl" "$1" "$2" "$3" || nw_fail "$scenario: live explain did not name $1 / $2 / $3"
      check "$E2E_DIR/replay.jsonl" "$1" "$2" "$3" ||
        nw_fail "$scenario: explain of the recording did not name $1 / $2 / $3"
      shift 3
    done
    # The kernel's answer is in the recording, as an event of its own.
    "$NETWHY" -r "$E2E_DIR/run.pcapng" --json >"$E2E_DIR/replay-all.jsonl" 2>"$E2E_DIR/replay-all.err" ||
      nw_fail "$scenario: replay failed: $(tail -3 "$E2E_DIR/replay-all.err")"
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay-all.jsonl" 'type=="route"' 'op=="lookup"' \
      "ns==\"$netns\"" "$lookup" || nw_fail "$scenario: no FIB lookup answer in the recording"
    # The bridge the container pinged answered: nothing explains that traffic.
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" --none 'type=="explanation"' \
      '"192.0.2.1" in symptom' || nw_fail "$scenario: the working path to the bridge got an explanation"
    echo "ok: $scenario explained live and from its recording" ) || exit 1
}

route_lab route-unreachable 14 nwlab-route-ctr 'target=="203.0.113.10" and error=="EHOSTUNREACH"' \
  route "route unreachable 203.0.113.0/24 table main netns nwlab-route-ctr" \
  "ip -n nwlab-route-ctr route del unreachable 203.0.113.0/24" \
  route "route unreachable 2001:db8:203::/48 table main netns nwlab-route-ctr" \
  "ip -n nwlab-route-ctr route del unreachable 2001:db8:203::/48"
route_lab route-policy 12 nwlab-rpol-ctr 'target=="198.51.100.10" and error=="ENETUNREACH"' \
  route "rule 100: from all to 198.51.100.0/24 lookup 200 netns nwlab-rpol-ctr" \
  "ip -n nwlab-rpol-ctr route add 198.51.100.0/24 via GATEWAY table 200"
echo "PASS: netwhy explain names the route or the rule, live and from the recording"
