#!/bin/bash
# Records `netwhy --json` while a lab scenario runs, for the replay tests
# (tests/unit/test_explain_recorded.c).  Needs root and the lab; run from a
# build tree:  tests/data/explain/record.sh BUILD_DIR SCENARIO NETNS...
# Writes tests/data/explain/SCENARIO.jsonl.  The recording is scoped to the
# scenario's namespaces so the host's own traffic stays out.
set -euo pipefail
build=$1 scenario=$2
shift 2
out=$(dirname "$0")/$scenario.jsonl
nw=$build/netwhy
args=()
for ns in "$@"; do args+=(--netns "$ns"); done
cleanup() { "$nw" lab down "$scenario" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$nw" lab up "$scenario" >/dev/null
"$nw" --json "${args[@]}" --duration "${NW_RECORD_SEC:-14}" >"$out.tmp" 2>"$out.err" &
rec=$!
sleep 2
"$nw" lab run "$scenario" --duration "${NW_RUN_SEC:-8}" >"$out.run" 2>&1 || true
wait "$rec" || true
mv "$out.tmp" "$out"
rm -f "$out.err" "$out.run"
echo "$out: $(wc -l <"$out") events"
