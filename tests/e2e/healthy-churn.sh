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

# none_about PREFIX KIND FILE...: no event of type KIND in FILE (the live explain output or
# the replay) is about the scenario's namespaces (names starting with PREFIX) or no namespace.
# The kernel reuses a deleted namespace's inode and netwhy names a namespace by its inode, so
# an inode that the recording's sources also show under another name (a test running beside
# this one) is not the scenario's to judge.
none_about() {
  python3 - "$@" "$E2E_DIR/replay.jsonl" <<'EOF_PY'
import json, sys
prefix, kind, files, replay = sys.argv[1], sys.argv[2], sys.argv[3:-1], sys.argv[-1]
def events(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
foreign = set()
for d in events(replay):
    name = d.get("name") or ""
    inode = (d.get("netns") or {}).get("inode")
    if d.get("type") != "source" or not inode or not name.startswith(("netlink:", "pcap:")):
        continue
    ns = name.split("@", 1)[1] if "@" in name else name.split(":", 1)[1]
    if not ns.startswith(prefix) and not ns.startswith("ip:"):
        foreign.add(inode)
bad = []
for path in files:
    for d in events(path):
        n = d.get("netns") or {}
        if d.get("type") != kind or n.get("inode") in foreign:
            continue
        if not n.get("inode") or (n.get("name") or "").startswith(prefix):
            bad.append(d)
for d in bad[:8]:
    print("  " + json.dumps(d)[:400])
print(f"{len(bad)} {kind} event(s) about {prefix}* or no namespace")
sys.exit(1 if bad else 0)
EOF_PY
}

# quiet SCENARIO NS-PREFIX: 60 s of the scenario under netwhy explain, nothing to explain.
quiet() {
  local scenario=$1 prefix=$2
  ( E2E_RUN_ARGS="--duration 60" E2E_NETWHY_CMD=explain \
      e2e_watch "$scenario" 66 --netns all -v -w @DIR@/run.pcapng
    grep -q 'stopped_by_signal=0' "$E2E_DIR/run.log" ||
      nw_fail "$scenario: the workload did not run to its end: $(tail -5 "$E2E_DIR/run.log")"
    "$NETWHY" --json -r "$E2E_DIR/run.pcapng" >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
      nw_fail "$scenario: replaying the recording failed: $(tail -3 "$E2E_DIR/replay.err")"
    python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay.jsonl" --min 3 'type == "neigh"' \
      "ns is not None and ns.startswith(\"$prefix\")" ||
      nw_fail "$scenario: the recording holds no neighbour event of the scenario: nothing was watched"
    none_about "$prefix" explanation "$E2E_DIR/events.jsonl" ||
      nw_fail "$scenario: netwhy explained a healthy host (NW_KEEP=1 keeps $E2E_DIR)"
    none_about "$prefix" finding "$E2E_DIR/replay.jsonl" ||
      nw_fail "$scenario: a finding about a healthy host (NW_KEEP=1 keeps $E2E_DIR)"
    echo "ok: $scenario, 60 s: no explanation, no finding" ) || exit 1
}

quiet healthy-churn nwlab-hchurn
quiet healthy nwlab-healthy
echo "PASS: a healthy host, busy or not, gets no explanation"
