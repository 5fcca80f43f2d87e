#!/bin/bash
# The real ncurses screen in tmux, on recorded events (tests/tui/tui_demo):
# at 200x50 the four panels show the FAILED neighbour with its probes, the
# htb drops of ARP replies, the connector's EHOSTUNREACH, the frames to a
# stale MAC and the findings; Tab, o, ?, e and n work; resizing to 80x24
# switches to tabs; q exits 0 and leaves the terminal sane (echo, icanon).
# Then NO_COLOR=1 must give no colour escape at all, while the default
# theme does colour.  Needs tmux, no root.
. "${NW_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
nw_require_cmd tmux python3

DEMO=$NW_BUILDDIR/tests/tui/tui_demo
[ -x "$DEMO" ] || nw_fail "$DEMO is not built (make check builds it)"

SOCK=nwtest-tui-$$
T() { tmux -L "$SOCK" "$@"; }
WORK=$(mktemp -d /tmp/nwtest-tui.XXXXXX)
cleanup() {
	T kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# start NAME ENV...: runs the demo in a detached 200x50 session; records exit status and stty after it.
start() {
	local name=$1
	shift
	T new-session -d -s "$name" -x 200 -y 50 \
		"env TERM=xterm-256color LANG=C.UTF-8 $* $DEMO 2>$WORK/$name.err; echo \$? >$WORK/$name.exit; stty -a >$WORK/$name.stty; sleep 60"
}

screen() { T capture-pane -p -t "$1"; }

# wait_for NAME TEXT [SECONDS]: until the pane shows TEXT.
wait_for() {
	local i
	for ((i = 0; i < ${3:-5} * 10; i++)); do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	echo "--- screen of $1:"
	screen "$1"
	nw_fail "the screen never showed '$2'"
}

expect() { screen "$1" | grep -qF -- "$2" || { screen "$1"; nw_fail "screen lacks '$2' ($3)"; }; }
refute() { screen "$1" | grep -qF -- "$2" && { screen "$1"; nw_fail "screen still shows '$2' ($3)"; }; return 0; }

start main
wait_for main "Findings ("
# 200x50: all four panels at once with the founding evidence.
expect main "1 Packets" "packets panel"
expect main "2 Neighbours" "neighbours panel"
expect main "3 Qdiscs" "qdisc panel"
expect main "4 Sockets" "sockets panel"
expect main "FAILED" "the neighbour that went FAILED"
screen main | grep -E "192\.0\.2\.1 +FAILED +- +3 " >/dev/null || nw_fail "FAILED entry without its 3 probes"
expect main "htb 1: root" "the htb qdisc on the bridge"
expect main "direct_qlen 0" "htb's direct_qlen"
expect main "dropped: ARP reply 3" "what htb dropped"
expect main "EHOSTUNREACH x1 (connect)" "the connector's errno"
expect main "echo reply to 02:00:00:00:0a:01" "frames to the stale MAC"
expect main "went FAILED" "a finding"

# Tab moves the focus; o zooms the focused panel (Neighbours) and back.
T send-keys -t main Tab
sleep 0.2
T send-keys -t main o
wait_for main "2 Neighbours [zoom"
refute main "3 Qdiscs" "zoom shows one panel"
T send-keys -t main o
wait_for main "3 Qdiscs"

# Help opens and closes.
T send-keys -t main '?'
wait_for main "netwhy help"
expect main "Tab  Shift-Tab" "keys in the help"
T send-keys -t main x
sleep 0.3
refute main "netwhy help" "help closes on a key"

# The explain walk from the findings strip.
T send-keys -t main f e
wait_for main "Explain: step 1 of"
T send-keys -t main n
wait_for main "Explain: step 2 of"
T send-keys -t main G
wait_for main "Cause ("
T send-keys -t main Escape
sleep 0.3
refute main "Explain: step" "Esc closes the explain view"

# 80x24: one panel at a time with tabs, still usable.
T resize-window -t main -x 80 -y 24
wait_for main " 1 Packets   2 Neighbours   3 Qdiscs   4 Sockets"
[ "$(screen main | wc -l)" -le 24 ] || nw_fail "more than 24 lines at 80x24"
T send-keys -t main 3
wait_for main "htb 1: root"
# Tiny: a message, no crash.
T resize-window -t main -x 20 -y 5
wait_for main "too small"
T resize-window -t main -x 200 -y 50
wait_for main "4 Sockets"

# Colour is on by default (the contrast for the NO_COLOR check below).
T capture-pane -e -p -t main >"$WORK/color.ansi"

T send-keys -t main q
for ((i = 0; i < 50; i++)); do
	[ -s "$WORK/main.exit" ] && break
	sleep 0.1
done
[ "$(cat "$WORK/main.exit" 2>/dev/null)" = 0 ] || nw_fail "q did not exit 0 (status '$(cat "$WORK/main.exit" 2>/dev/null)', stderr: $(cat "$WORK/main.err"))"
grep -qw -- "-echo" "$WORK/main.stty" && nw_fail "terminal left without echo after q"
grep -qw -- "-icanon" "$WORK/main.stty" && nw_fail "terminal left in raw mode after q"
[ -s "$WORK/main.err" ] && nw_fail "something printed to stderr while the screen was up: $(cat "$WORK/main.err")"

# NO_COLOR=1: attributes only, no colour escape sequence at all.
start nocolor NO_COLOR=1
wait_for nocolor "Findings ("
T capture-pane -e -p -t nocolor >"$WORK/nocolor.ansi"
count_colors() {
	python3 - "$1" <<'EOF'
import re, sys
data = open(sys.argv[1], encoding="utf-8", errors="replace").read()
n = 0
for params in re.findall(r"\x1b\[([0-9;:]*)m", data):
    for p in filter(None, re.split(r"[;:]", params)):
        v = int(p)
        if 30 <= v <= 38 or 40 <= v <= 48 or 90 <= v <= 97 or 100 <= v <= 107:
            n += 1
print(n)
EOF
}
c=$(count_colors "$WORK/color.ansi")
n=$(count_colors "$WORK/nocolor.ansi")
[ "$c" -gt 0 ] || nw_fail "the default theme shows no colour at all (check the capture)"
[ "$n" -eq 0 ] || nw_fail "NO_COLOR=1 still sent $n colour parameters"
grep -q $'\e\[[0-9;]*7' "$WORK/nocolor.ansi" || grep -q $'\e\[[0-9;]*1' "$WORK/nocolor.ansi" ||
	nw_fail "NO_COLOR=1 lost the attributes (bold/reverse) that keep roles apart"
T send-keys -t nocolor q
for ((i = 0; i < 50; i++)); do
	[ -s "$WORK/nocolor.exit" ] && break
	sleep 0.1
done
[ "$(cat "$WORK/nocolor.exit" 2>/dev/null)" = 0 ] || nw_fail "NO_COLOR run did not exit 0"

# A C locale: ASCII line drawing and markers; an 8-colour terminal: still a screen.
start ascii LC_ALL=C TERM=xterm
wait_for ascii "Findings ("
expect ascii "+- 1 Packets -" "ASCII box drawing in a C locale"
screen ascii | grep -qE "<! 198\.51\.100\.1" || { screen ascii; nw_fail "no ASCII mismatch marker '!' in a C locale"; }
T send-keys -t ascii q
for ((i = 0; i < 50; i++)); do
	[ -s "$WORK/ascii.exit" ] && break
	sleep 0.1
done
[ "$(cat "$WORK/ascii.exit" 2>/dev/null)" = 0 ] || nw_fail "the C-locale run did not exit 0: $(cat "$WORK/ascii.err")"

# TERM=dumb: a clear message, no screen, exit 1.
out=$(TERM=dumb "$DEMO" </dev/null 2>&1 >/dev/null)
[ $? -eq 1 ] || nw_fail "the demo without a terminal did not exit 1"
echo "$out" | grep -q "terminal" || nw_fail "no clear message without a terminal: $out"
echo "tmux: screen at 200x50 and 80x24, keys, explain, quit, NO_COLOR ($c colour parameters with colour, 0 without)"
exit 0
