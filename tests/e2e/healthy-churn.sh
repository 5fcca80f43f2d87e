#!/bin/bash
# A healthy host gets no explanation (issue 14), even a busy one: the
# healthy-churn scenario (short connections ending the routine ways, sockets
# closed with unread data, an administrator flushing neighbours, link flaps
# and MTU changes of an unused link, a namespace coming and going) and the
# plain healthy scenario each run 60 s under `netwhy explain --netns all
# --json`.  Neither may produce an explanation, nor a finding (read back from
# the run's recording), about its namespaces or without a namespace (a
# socket-level drop whose namespace the probe could not read).  Other
# namespaces of the machine are not the scenario's business.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd python3

# ours PREFIX: a Python expression, true for an event of the scenario (or of no namespace).
ours() { echo "ns is None or ns.startswith(\"$1\")"; }

# quiet SCENARIO NS-PREFIX: 60 s of the scenario under netwhy explain, nothing to explain.
quiet() {
  local scenario=$1 prefix=$2
  ( E2E_RUN_ARGS="--duration 60" E2E_NETWHY_CMD=explain \
      e2e_watch "$scenario" 66 --netns all -v -w @DIR@/run.pcapng
    grep -q 'stopped_by_signal=0' "$E2E_DIR/run.log" ||
      nw_fail "$scenario: the workload did not run to its end: $(tail -5 "$E2E_DIR/run.log")"
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" --none \
      'type == "explanation"' "$(ours "$prefix")" ||
      nw_fail "$scenario: netwhy explained a healthy host (NW_KEEP=1 keeps $E2E_DIR)"
    "$NETWHY" --json -r "$E2E_DIR/run.pcapng" >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
      nw_fail "$scenario: replaying the recording failed: $(tail -3 "$E2E_DIR/replay.err")"
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay.jsonl" --min 3 'type == "neigh"' \
      "ns is not None and ns.startswith(\"$prefix\")" ||
      nw_fail "$scenario: the recording holds no neighbour event of the scenario: nothing was watched"
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay.jsonl" --none \
      'type == "finding"' "$(ours "$prefix")" ||
      nw_fail "$scenario: a finding about a healthy host (NW_KEEP=1 keeps $E2E_DIR)"
    echo "ok: $scenario, 60 s: no explanation, no finding" ) || exit 1
}

quiet healthy-churn nwlab-hchurn
quiet healthy nwlab-healthy
echo "PASS: a healthy host, busy or not, gets no explanation"
