#!/bin/bash
# --container ID: resolved from a runtime state file (runc's
# /run/runc/ID/state.json, written here for a process we start in a test
# namespace; removed on exit), without any daemon; a state file whose pid
# now belongs to another process (its start time differs) is refused.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ip python3
[ -e /run/runc ] && [ ! -d /run/runc ] && nw_skip "/run/runc is not a directory"

N=nwtest-nl-ctr
id=nwtestctr$$0123456789abcdef
state=/run/runc/$id
out=$(mktemp)
made_runc=
cleanup() {
  [ -n "${sleeper:-}" ] && kill "$sleeper" 2>/dev/null
  rm -rf "$state" "$state-stale"; [ -n "$made_runc" ] && rmdir /run/runc 2>/dev/null
  ip netns del $N 2>/dev/null; rm -f "$out"
}
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"
ip -n $N link add nwctrbr type bridge
ip netns exec $N sleep 60 &
sleeper=$!
[ -d /run/runc ] || { mkdir -p /run/runc && made_runc=1; }
mkdir -p "$state"
# runc records the init process's start time (field 22 of /proc/PID/stat): a reused pid does not match.
start=$(awk '{print $22}' "/proc/$sleeper/stat")
printf '{"id":"%s","init_process_pid":%d,"init_process_start":%s,"status":"running"}\n' "$id" "$sleeper" "$start" >"$state/state.json"
mkdir -p "$state-stale"
printf '{"id":"%s-stale","init_process_pid":%d,"init_process_start":%s}\n' "$id" "$sleeper" "$((start + 1))" >"$state-stale/state.json"
# The named namespace is deleted first: the container's is found through its process only.
ip netns del $N

"$NW_BUILDDIR/tests/netlink/nl_dump" --container "$id" --duration 1.5 >"$out" || nw_fail "nl_dump --container failed"
grep -q '"ifname":"nwctrbr"' "$out" || nw_fail "the container namespace's bridge was not reported: $(head -3 "$out")"
grep -q '"name":"runc:nwtestctr' "$out" || nw_fail "namespace not named after the container"
msg=$("$NW_BUILDDIR/tests/netlink/nl_dump" --container "$id-stale" --duration 0.1 2>&1 >/dev/null) && nw_fail "a state file whose pid was reused was taken"
case $msg in *"not running"*) ;; *) nw_fail "a reused pid is not reported as not running: $msg";; esac
msg=$("$NW_BUILDDIR/tests/netlink/nl_dump" --container nwtest-no-such-ctr --duration 0.1 2>&1 >/dev/null) && nw_fail "an unknown container was accepted"
echo "# unknown container: $msg"
case $msg in *var/lib/docker/containers*) ;; *) nw_fail "the error does not say where it looked";; esac
