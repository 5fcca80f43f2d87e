#!/bin/bash
# netwhy lab's command line: list, describe, status, and every error path
# with its exit status (2 usage, 4 not root) and a message that names the fix.
# Needs no namespace: nothing here builds a scenario.
. "$NW_SRCDIR/tests/lib.sh"
[ -x "$NETWHY" ] || nw_skip "netwhy is not built ($NETWHY): run make first"
T=$(mktemp -d /tmp/nwlab-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT

# expect STATUS CMD...: runs CMD, checks its exit status; output in $T/out.
expect() {
	local want=$1 rc=0
	shift
	"$@" >"$T/out" 2>&1 || rc=$?
	[ "$rc" = "$want" ] || { sed 's/^/#   /' "$T/out"; nw_fail "'$*' exited $rc, expected $want"; }
}

SCENARIOS="healthy htb-arp-drop neigh-table-full netlink-overrun stale-peer-arp"

expect 0 "$NETWHY" lab list
for s in $SCENARIOS; do
	grep -qE "^$s +[A-Za-z]" "$T/out" || nw_fail "lab list lacks a line for $s"
done
[ "$(grep -c . "$T/out")" = 5 ] || nw_fail "lab list printed $(grep -c . "$T/out") lines, expected 5"
nw_note "lab list: 5 scenarios, one line each"

for s in $SCENARIOS; do
	expect 0 "$NETWHY" lab describe "$s"
	grep -q "^$s: " "$T/out" || nw_fail "describe $s does not start with its story"
	grep -q "What to look at" "$T/out" || nw_fail "describe $s does not say what to look at"
done

expect 2 "$NETWHY" lab up no-such-scenario
grep -q "unknown scenario 'no-such-scenario'" "$T/out" || nw_fail "no 'unknown scenario' message"
for s in $SCENARIOS; do grep -q "^  $s$" "$T/out" || nw_fail "the unknown-scenario message does not list $s"; done
expect 2 "$NETWHY" lab run '../etc'
expect 2 "$NETWHY" lab status
expect 2 "$NETWHY" lab frobnicate healthy
expect 2 "$NETWHY" lab
expect 2 "$NETWHY" lab run healthy --duration zero
grep -q -- '--duration needs whole seconds' "$T/out" || nw_fail "bad --duration gave no clear message"
expect 2 "$NETWHY" lab up healthy --extra

# Not root: up, run and down refuse with exit 4 and say what is needed.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}
for verb in up run down; do
	expect 4 as_user "$NETWHY" lab "$verb" healthy
	grep -q 'needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for namespaces): run as root' "$T/out" ||
		nw_fail "lab $verb as a user: no 'needs root' message"
done
nw_note "up/run/down as uid $(as_user id -u): exit 4 with the 'needs root' message"

# status of a scenario that is not up.
if ! ip netns list | grep -q '^nwlab-healthy-'; then
	expect 0 "$NETWHY" lab status healthy
	grep -q '^healthy: down' "$T/out" || nw_fail "status of a scenario that is not up does not say down"
fi
exit 0
