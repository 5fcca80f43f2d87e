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

SCENARIOS="closed-port healthy healthy-churn htb-arp-drop neigh-table-full netlink-overrun
	netlink-uevent peer-link-down route-policy route-unreachable stale-peer-arp"

expect 0 "$NETWHY" lab list
for s in $SCENARIOS; do
	grep -qE "^$s +[A-Za-z]" "$T/out" || nw_fail "lab list lacks a line for $s"
done
n=$(wc -w <<<"$SCENARIOS")
[ "$(grep -c . "$T/out")" = "$n" ] || nw_fail "lab list printed $(grep -c . "$T/out") lines, expected $n"
nw_note "lab list: $n scenarios, one line each"

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

# The workloads: bad options are refused with a message and exit 1.
W=$NW_BUILDDIR/lab/workloads
expect 1 "$W/nwlab-udpflood" --first 203.0.113.2 --count zero
grep -q "option --count needs a number from 1 to 65536, got 'zero'" "$T/out" || nw_fail "udpflood: no clear --count message"
expect 1 "$W/nwlab-udpflood" --first not-an-address --count 3
grep -q "needs an IPv4 or IPv6 address, got 'not-an-address'" "$T/out" || nw_fail "udpflood: no clear --first message"
expect 1 "$W/nwlab-udpflood" --count 3
expect 1 "$W/nwlab-connect" --tcp 192.0.2.1
grep -q "needs IPV4ADDR:PORT, got '192.0.2.1'" "$T/out" || nw_fail "connect: no clear --tcp message"
expect 1 "$W/nwlab-connect" --serve 80 --ping 192.0.2.1
expect 1 "$W/nwlab-connect" --ping 192.0.2.1 --duration -1
expect 1 "$W/nwlab-nlisten" --duration 0
expect 1 "$W/nwlab-nlisten" extra-argument

# A workload stopped by SIGTERM still reports and exits 0.  (A netlink
# listener in this namespace only listens: it changes nothing.)
"$W/nwlab-nlisten" --duration 30 --ready-file "$T/ready" >"$T/nl.out" 2>&1 &
nl_pid=$!
nw_wait_for 10 test -e "$T/ready" || nw_fail "nwlab-nlisten did not get ready"
kill -TERM "$nl_pid"
rc=0
wait "$nl_pid" || rc=$?
[ "$rc" = 0 ] || { cat "$T/nl.out"; nw_fail "nwlab-nlisten exited $rc after SIGTERM, expected 0"; }
grep -q '^stopped_by_signal=1$' "$T/nl.out" || nw_fail "nwlab-nlisten did not report the stop"
grep -q '^rcvbuf=[0-9]' "$T/nl.out" || nw_fail "nwlab-nlisten did not report its rcvbuf"
nw_note "workloads: bad options exit 1 with a message; SIGTERM -> report and exit 0"

# status of a scenario that is not up.
if ! ip netns list | grep -q '^nwlab-healthy-'; then
	expect 0 "$NETWHY" lab status healthy
	grep -q '^healthy: down' "$T/out" || nw_fail "status of a scenario that is not up does not say down"
fi
exit 0
