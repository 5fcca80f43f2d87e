#!/bin/bash
# Loopback on the real screen (root, a namespace of the test's own): on lo
# every frame is sent and received by the host and libpcap sees it once, so
# the Packets panel draws no direction ("·"), never "→ sent" for all of them,
# and the JSON says "unknown" (issue 18, item 8).  The header names the
# capture filter in force (item 10).  q exits 0 with a sane terminal.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/tui/tmux-lib.sh"
nw_require_root
nw_require_cmd tmux ping python3
NETWHY=$NW_BUILDDIR/netwhy
NS=nwtest-tuilo-$$
TMX_WORK=$(mktemp -d /tmp/nwtest-tuilo.XXXXXX)
cleanup() {
	local rc=$?
	T kill-server 2>/dev/null
	[ -n "${pingpid:-}" ] && kill "$pingpid" 2>/dev/null
	wait 2>/dev/null
	ip netns del $NS 2>/dev/null
	rm -rf "$TMX_WORK"
	exit $rc
}
trap cleanup EXIT
ip netns add $NS || nw_fail "cannot create $NS"
ip -n $NS link set lo up
ip netns exec $NS ping -q -i 0.1 127.0.0.1 >/dev/null 2>&1 &
pingpid=$!

tmx_start lo 160x40 env TERM=xterm-256color LANG=C.UTF-8 "$NETWHY" --netns $NS --no-bpf -i lo icmp
tmx_wait lo -E "lo +· +127\.0\.0\.1 +> 127\.0\.0\.1 +ICMP +echo (request|reply)" 10
tmx_screen lo | grep -E "^│ +[0-9.]+ +lo " | grep -qE "lo +[→←]" &&
	{ tmx_screen lo; nw_fail "a loopback frame is drawn as sent or received"; }
tmx_expect lo "capture 'icmp'" "the header names the capture filter"
tmx_refute lo "filter icmp |" "the scope no longer repeats the start's filter"
tmx_quit lo

# The JSON agrees: direction unknown on lo.
"$NETWHY" --netns $NS --no-bpf --json -i lo -c 4 --duration 10 icmp >"$TMX_WORK/lo.json" 2>"$TMX_WORK/lo.err" ||
	nw_fail "netwhy --json failed: $(cat "$TMX_WORK/lo.err")"
python3 - "$TMX_WORK/lo.json" <<'PY' || nw_fail "loopback packets in JSON do not all say dir unknown"
import json, sys
dirs = [o.get("dir") for o in map(json.loads, open(sys.argv[1])) if o.get("type") == "packet"]
print("# lo packets, dir:", dirs)
sys.exit(0 if dirs and all(d == "unknown" for d in dirs) else 1)
PY
echo "PASS: loopback frames drawn and written without a direction; the capture filter in the header"
exit 0
