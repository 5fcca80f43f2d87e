#!/bin/bash
# A runc container by name, against the real runc: a bundle from `runc spec`
# with a busybox-static root, started with `runc run -d`.  `--netns all`
# names its namespace runc:ID (so does --netns pid:N), --container takes the
# id or a prefix;
# the fix hint enters it by pid.  Everything started is killed and deleted.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/containers/lib_containers.sh"
nw_require_root
nw_require_cmd runc busybox python3 nsenter
nw_lab_lock

ID=nwtest-runc1
tmp=$(mktemp -d)
made_run=
cleanup() {
  set +e
  runc kill $ID KILL 2>/dev/null
  nw_wait_for 10 bash -c "runc state $ID 2>/dev/null | grep -q '\"status\": \"stopped\"'"
  runc delete -f $ID 2>/dev/null
  [ -n "$made_run" ] && rmdir /run/runc 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
[ -d /run/runc ] || made_run=1

mkdir -p "$tmp/bundle/rootfs" && ctr_rootfs "$tmp/bundle/rootfs"
( cd "$tmp/bundle" && runc spec ) || nw_fail "runc spec failed"
# Detached and without a terminal; the default spec gives it a new, empty network namespace.
python3 - "$tmp/bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["sleep", "600"]
c["annotations"] = {"org.example.nwtest": "1"}
json.dump(c, open(p, "w"))
PY
runc delete -f $ID 2>/dev/null
( cd "$tmp/bundle" && runc run -d $ID </dev/null >"$tmp/runc.out" 2>&1 ) ||
  nw_skip "runc cannot run a container here: $(tail -3 "$tmp/runc.out")"
pid=$(runc state $ID | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
nw_note "runc $(runc --version | head -1 | cut -d' ' -f3): $ID pid $pid"
# Something in its namespace to report.
nsenter -n -t "$pid" ip link add nwtest-rb0 type bridge || nw_fail "cannot add a link in $ID's namespace"

"$NETWHY" --netns all --json --duration 1.5 >"$tmp/all.jsonl" 2>"$tmp/all.err" || nw_fail "netwhy --netns all: $(tail -3 "$tmp/all.err")"
ctr_ns_named "$tmp/all.jsonl" "runc:$ID" || nw_fail "--netns all did not name $ID's namespace: $(grep -o '"netns":{[^}]*}' "$tmp/all.jsonl" | sort -u)"
grep -q "\"container\":{\"runtime\":\"runc\",\"id\":\"$ID\",\"name\":\"$ID\",\"image\":null,\"pod\":null}" "$tmp/all.jsonl" ||
  nw_fail "netns.container does not describe $ID"
for q in $ID nwtest-ru; do
  "$NETWHY" --container $q --json --duration 1 >"$tmp/one.jsonl" 2>"$tmp/one.err" || nw_fail "--container $q: $(tail -3 "$tmp/one.err")"
  python3 "$NW_SRCDIR/tests/e2e/expect.py" "$tmp/one.jsonl" "ns==\"runc:$ID\"" 'ifname=="nwtest-rb0"' ||
    nw_fail "--container $q: the container's bridge not reported under its name"
done
# Whatever option brings the namespace in, the container names it.
"$NETWHY" --netns "pid:$pid" --json --duration 1 >"$tmp/pid.jsonl" 2>"$tmp/pid.err" || nw_fail "--netns pid:$pid: $(tail -3 "$tmp/pid.err")"
ctr_ns_named "$tmp/pid.jsonl" "runc:$ID" || nw_fail "--netns pid:$pid did not name the namespace after $ID"
echo "ok: runc container named runc:$ID, found by id and prefix"
