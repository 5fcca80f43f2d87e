#!/bin/bash
# The real netwhy screen in tmux on the founding-failure labs (root).
#
# htb-arp-drop: within seconds the screen shows the FAILED neighbour with its
# probe count, the htb qdisc on the bridge dropping ARP replies, the
# connector's EHOSTUNREACH and a finding; e walks to the htb qdisc and its
# fix; at 80x24 the tabs keep it usable; q exits 0 with a sane terminal.
# stale-peer-arp: the frames to the old MAC are marked, and a finding says so.
#
# Skips (fails under CI=true) while cli/main.c does not start the screen.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
nw_require_cmd tmux
lab_test_init htb-arp-drop

out=$(TERM=dumb "$NETWHY" --no-color </dev/null 2>&1 >/dev/null)
case $out in
*"not part of this build"*) nw_skip "netwhy has no screen yet: cli/main.c does not start tui/ (tui/tui.h)" ;;
esac

SOCK=nwtest-tuilab-$$
T() { tmux -L "$SOCK" "$@"; }
# lab_test_cleanup exits with the status it finds in $?: hand it ours, not the last cleanup command's.
tuilab_cleanup() {
	local rc=$?
	T kill-server 2>/dev/null
	"$NETWHY" lab down stale-peer-arp >/dev/null 2>&1
	(exit "$rc")
	lab_test_cleanup
}
trap tuilab_cleanup EXIT

screen() { T capture-pane -p -t "$1"; }
wait_for() {
	local i
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	echo "--- screen of $1:"
	screen "$1"
	nw_fail "within ${3:-10} s the screen never showed /$2/"
}
quit_and_check() {
	local name=$1 i
	T send-keys -t "$name" q
	for ((i = 0; i < 50; i++)); do
		[ -s "$LAB_TMP/$name.exit" ] && break
		sleep 0.1
	done
	[ "$(cat "$LAB_TMP/$name.exit" 2>/dev/null)" = 0 ] ||
		nw_fail "$name: q did not exit 0 (status '$(cat "$LAB_TMP/$name.exit" 2>/dev/null)'; stderr: $(head -c 600 "$LAB_TMP/$name.err"))"
	grep -qw -- "-echo" "$LAB_TMP/$name.stty" && nw_fail "$name: terminal left without echo"
	grep -qw -- "-icanon" "$LAB_TMP/$name.stty" && nw_fail "$name: terminal left in raw mode"
	return 0
}
# start NAME ARGS...: netwhy in a detached 200x50 session.
start() {
	local name=$1
	shift
	T new-session -d -s "$name" -x 200 -y 50 \
		"env TERM=xterm-256color LANG=C.UTF-8 $NETWHY $* 2>$LAB_TMP/$name.err; echo \$? >$LAB_TMP/$name.exit; stty -a >$LAB_TMP/$name.stty; sleep 120"
}

# --- htb-arp-drop -------------------------------------------------------------
lab_ok "$NETWHY" lab up htb-arp-drop
start htb --netns nwlab-htb-host --netns nwlab-htb-ctr
wait_for htb "Findings \(" 10
lab_ok "$NETWHY" lab run htb-arp-drop --duration 5
wait_for htb "192\.0\.2\.1 +FAILED +- +[0-9]+ " 10
wait_for htb "htb [0-9a-f]+: root.*direct_qlen 0"
wait_for htb "dropped: ARP reply [0-9]+"
wait_for htb "EHOSTUNREACH"
screen htb >"$LAB_TMP/htb-200x50.txt"

# The neighbour's finding: the strip shows the newest few; f and a search reach any.
T send-keys -t htb f /
T send-keys -t htb -l "went FAILED"
T send-keys -t htb Enter
wait_for htb "neighbour 192\.0\.2\.1 dev eth0 netns nwlab-htb-ctr went FAILED"
# The walk from it to the htb qdisc on the bridge and its fix.
T send-keys -t htb e
wait_for htb "Explain: step 1 of"
screen htb | grep -q "neighbour 192.0.2.1 dev eth0 netns nwlab-htb-ctr went FAILED" ||
	{ screen htb; nw_fail "e did not explain the selected finding"; }
T send-keys -t htb G
wait_for htb "Cause \(qdisc\): qdisc htb [0-9a-f]+: dev br0 netns nwlab-htb-host"
wait_for htb "Fix: .*direct_qlen|direct_qlen.*Fix"
T send-keys -t htb Escape

# 80x24: one panel at a time; the qdisc panel still shows the cause.
T resize-window -t htb -x 80 -y 24
wait_for htb " 1 Packets   2 Neighbours   3 Qdiscs   4 Sockets"
T send-keys -t htb 3
wait_for htb "htb [0-9a-f]+: root"
[ "$(screen htb | wc -l)" -le 24 ] || nw_fail "more than 24 lines at 80x24"
quit_and_check htb
"$NETWHY" lab down htb-arp-drop >/dev/null 2>&1

# --- stale-peer-arp -------------------------------------------------------------
lab_ok "$NETWHY" lab up stale-peer-arp
start stale --netns nwlab-stale-soc --netns nwlab-stale-peer
wait_for stale "Findings \(" 10
lab_ok "$NETWHY" lab run stale-peer-arp --duration 4
# Frames to the old MAC: the marker glyph and the words, and a finding.
wait_for stale "◆ 198\.51\.100\.[0-9]+ .* to 02:00:5e:00:53:01" 10
wait_for stale "frames? to 02:00:5e:00:53:01"
quit_and_check stale
nw_note "screens: htb at 200x50 and 80x24, stale-peer-arp at 200x50; explain reached the htb qdisc"
exit 0
