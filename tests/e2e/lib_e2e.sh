# End-to-end tests: a lab scenario runs while netwhy watches it; the events
# netwhy streamed are checked with expect.py, the kernel's own view with
# iproute2 and /proc.  Source it after tests/lib.sh.

# e2e_watch SCENARIO SECONDS NETWHY-ARGS...: brings the scenario up, starts
# netwhy --json with the args, runs the scenario's workload, waits for
# netwhy.  Leaves $E2E_DIR/events.jsonl, netwhy.err, run.log.  The trap tears
# the scenario down and removes the files (NW_KEEP=1 keeps them).
# An argument's @DIR@ is replaced by $E2E_DIR.
# E2E_NETWHY_CMD=explain watches with `netwhy explain` instead.
# E2E_WATCH_FIRST=1 starts netwhy before `up` (use --netns all then), for
# scenarios whose fault is set up by `up` itself (a MAC change).
# E2E_RUN_ARGS: options of `lab run` (--duration SEC).
e2e_watch() {
  local scenario=$1 seconds=$2; shift 2
  local a args=()
  E2E_SCENARIO=$scenario
  nw_require_bpf
  nw_lab_lock
  E2E_DIR=$(mktemp -d "/tmp/nw-e2e-$scenario.XXXXXX")
  trap '"$NETWHY" lab down "$E2E_SCENARIO" >/dev/null 2>&1; [ -n "${NW_KEEP:-}" ] || rm -rf "$E2E_DIR"' EXIT
  # @DIR@ in an argument stands for $E2E_DIR (e.g. -w @DIR@/run.pcapng).
  for a in "$@"; do args+=("${a//@DIR@/$E2E_DIR}"); done
  set -- "${args[@]}"
  "$NETWHY" lab down "$scenario" >/dev/null 2>&1
  local nw
  if [ -n "${E2E_WATCH_FIRST:-}" ]; then
    "$NETWHY" ${E2E_NETWHY_CMD:-} --json --duration "$seconds" "$@" >"$E2E_DIR/events.jsonl" 2>"$E2E_DIR/netwhy.err" &
    nw=$!
    nw_wait_for 5 grep -q -e '"type":"source"' -e 'capabilities after start-up' \
      "$E2E_DIR/events.jsonl" "$E2E_DIR/netwhy.err" || true
    sleep 1
  fi
  "$NETWHY" lab up "$scenario" >"$E2E_DIR/up.log" 2>&1 ||
    nw_fail "lab up $scenario failed: $(tail -5 "$E2E_DIR/up.log")"
  if [ -z "${E2E_WATCH_FIRST:-}" ]; then
    "$NETWHY" ${E2E_NETWHY_CMD:-} --json --duration "$seconds" "$@" >"$E2E_DIR/events.jsonl" 2>"$E2E_DIR/netwhy.err" &
    nw=$!
    # netwhy is watching once it has said so for its sources (--json), or, for
    # `netwhy explain` (which prints only explanations), once -v logged that
    # start-up is over.
    nw_wait_for 5 grep -q -e '"type":"source"' -e 'capabilities after start-up' \
      "$E2E_DIR/events.jsonl" "$E2E_DIR/netwhy.err" || true
    sleep 1
  fi
  "$NETWHY" lab run "$scenario" ${E2E_RUN_ARGS:-} >"$E2E_DIR/run.log" 2>&1 ||
    nw_fail "lab run $scenario failed: $(tail -5 "$E2E_DIR/run.log")"
  wait "$nw" || nw_fail "netwhy exited $?: $(tail -5 "$E2E_DIR/netwhy.err")"
}

# expect EXPR...: see expect.py.
expect() {
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" "$@" ||
    nw_fail "$E2E_SCENARIO: an expectation failed (NW_KEEP=1 keeps $E2E_DIR)"
}

# json_get PYTHON-EXPR: evaluates EXPR with `d` the JSON read from stdin.
json_get() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# --- netwhy explain on a lab scenario (tests/e2e/explain*.sh) ---

# explain_check FILE LAYER OBJECT-SUBSTRING FIX-SUBSTRING: an explanation names them.
# It has what every object has: its own event id, an origin, the interface key.
explain_check() {
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$1" 'type=="explanation"' \
    "cause[\"layer\"]==\"$2\"" "\"$3\" in cause[\"object\"]" "\"$4\" in fix" \
    'id>0' 'origin in ("bpf", "netlink", "pcap", "proc", "replay")' '"ifindex" in ev'
}

# explain_once FILE: a replay says each finding on its own clock only, not also the
# recording's copy (whose times are the live run's).
explain_once() {
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
# With EXPLAIN_NONE set (an expect.py expression), no explanation may match it.
explain_lab() {
  local scenario=$1 seconds=$2 layer=$3 object=$4 fix=$5; shift 5
  ( E2E_WATCH_FIRST=${WATCH_FIRST:-} e2e_explain "$scenario" "$seconds" "$@"
    explain_check "$E2E_DIR/events.jsonl" "$layer" "$object" "$fix" ||
      nw_fail "$scenario: live explain did not name $layer / $object / $fix"
    [ -z "${EXPLAIN_NONE:-}" ] ||
      python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" --none \
        'type=="explanation"' "$EXPLAIN_NONE" || nw_fail "$scenario: an explanation matched $EXPLAIN_NONE"
    chmod 755 "$E2E_DIR"; chmod 644 "$E2E_DIR/run.pcapng"
    setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
      "$NETWHY" explain -r "$E2E_DIR/run.pcapng" --json >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
      nw_fail "$scenario: unprivileged explain -r failed: $(tail -3 "$E2E_DIR/replay.err")"
    explain_check "$E2E_DIR/replay.jsonl" "$layer" "$object" "$fix" ||
      nw_fail "$scenario: explain of the recording did not name $layer / $object / $fix"
    explain_once "$E2E_DIR/replay.jsonl" || nw_fail "$scenario: the replay repeats the recording's findings"
    echo "ok: $scenario explained live and from its recording" ) || exit 1
}

# Like e2e_watch, but the watcher is `netwhy explain --json`, recording too.
e2e_explain() {
  local scenario=$1 seconds=$2; shift 2
  # -v: its "capabilities after start-up" line tells e2e_watch that netwhy is watching.
  E2E_NETWHY_CMD=explain e2e_watch "$scenario" "$seconds" --json -v -w @DIR@/run.pcapng "$@"
}
