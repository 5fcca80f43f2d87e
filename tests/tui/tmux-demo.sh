#!/bin/bash
# The real ncurses screen in tmux, on recorded events (tests/tui/tui_demo):
# at 200x50 the four panels show the FAILED neighbour with its probes, the
# htb drops of ARP replies, the connector's EHOSTUNREACH, the frames to a
# stale MAC and the findings; Tab, o, ?, e and n work; resizing to 80x24
# switches to tabs; q exits 0 and leaves the terminal sane (echo, icanon).
# Then NO_COLOR=1 must give no colour escape at all, while the default
# theme does colour; a C locale draws ASCII.  Needs tmux, no root.
. "${NW_SRCDIR:-$(dirname "$0")/../..}/tests/lib.sh"
. "$NW_SRCDIR/tests/tui/tmux-lib.sh"
nw_require_cmd tmux python3

DEMO=$NW_BUILDDIR/tests/tui/tui_demo
[ -x "$DEMO" ] || nw_fail "$DEMO is not built (make check builds it)"
TMX_WORK=$(mktemp -d /tmp/nwtest-tui.XXXXXX)
trap 'T kill-server 2>/dev/null; rm -rf "$TMX_WORK"' EXIT

# demo NAME ENV...: the demo at 200x50 with a 256-colour UTF-8 terminal unless ENV says otherwise.
demo() {
	local name=$1
	shift
	tmx_start "$name" 200x50 env TERM=xterm-256color LANG=C.UTF-8 "$@" "$DEMO"
}

demo main
tmx_wait main -F "Findings ("
# 200x50: all four panels at once with the founding evidence.
tmx_expect main "1 Packets" "packets panel"
tmx_expect main "2 Neighbours" "neighbours panel"
tmx_expect main "3 Qdiscs" "qdisc panel"
tmx_expect main "4 Sockets" "sockets panel"
tmx_screen main | grep -qE "192\.0\.2\.1 +FAILED +- +3 " || nw_fail "FAILED entry without its 3 probes"
tmx_expect main "htb 1: root" "the htb qdisc on the bridge"
tmx_expect main "direct_qlen 0" "htb's direct_qlen"
tmx_expect main "dropped: ARP reply 3" "what htb dropped"
tmx_expect main "EHOSTUNREACH x1 (connect)" "the connector's errno"
tmx_expect main "echo reply to 02:00:00:00:0a:01" "frames to the stale MAC"
tmx_expect main "went FAILED" "a finding"

# Tab moves the focus; o zooms the focused panel (Neighbours) and back.
T send-keys -t main Tab
sleep 0.2
T send-keys -t main o
tmx_wait main -F "2 Neighbours [zoom"
tmx_refute main "3 Qdiscs" "zoom shows one panel"
T send-keys -t main o
tmx_wait main -F "3 Qdiscs"

# Prompts as readline: the old filter comes selected, typing replaces it, Ctrl-U clears the line.
T send-keys -t main '\' 'icmp' Enter
tmx_wait main -F "(filtered)"
T send-keys -t main '\'
tmx_wait main -F "filter (empty clears): icmp"
T send-keys -t main 'arp'
tmx_wait main -F "filter (empty clears): arp"
tmx_refute main "icmparp" "typing over the selected old value replaces it"
T send-keys -t main C-u
sleep 0.2
tmx_refute main "filter (empty clears): arp" "Ctrl-U clears the prompt"
T send-keys -t main 'tcp' C-w 'udp'
tmx_wait main -F "filter (empty clears): udp"
T send-keys -t main C-u Enter
sleep 0.2
tmx_refute main "(filtered)" "an empty filter clears"

# Help opens and closes.
T send-keys -t main '?'
tmx_wait main -F "netwhy help"
tmx_expect main "Tab  Shift-Tab" "keys in the help"
T send-keys -t main x
sleep 0.3
tmx_refute main "netwhy help" "help closes on a key"

# The explain walk from the findings strip.
T send-keys -t main f e
tmx_wait main -F "Explain: step 1 of"
T send-keys -t main n
tmx_wait main -F "Explain: step 2 of"
T send-keys -t main G
tmx_wait main -F "Cause ("
T send-keys -t main Escape
sleep 0.3
tmx_refute main "Explain: step" "Esc closes the explain view"

# 80x24: one panel at a time with tabs, still usable.
T resize-window -t main -x 80 -y 24
tmx_wait main -F " 1 Packets   2 Neighbours   3 Qdiscs   4 Sockets"
[ "$(tmx_screen main | wc -l)" -le 24 ] || nw_fail "more than 24 lines at 80x24"
T send-keys -t main 3
tmx_wait main -F "htb 1: root"
# A click (SGR mouse report, 1-based column 19 row 5) on the "2 Neighbours" tab.
sgr() { printf '%s' "$1" | od -An -tx1; }
T send-keys -t main -H 1b $(sgr "[<0;19;5M") 1b $(sgr "[<0;19;5m")
tmx_wait main -F "┌▶ 2 Neighbours"
# Tiny: a message, no crash.
T resize-window -t main -x 20 -y 5
tmx_wait main -F "too small"
T resize-window -t main -x 200 -y 50
tmx_wait main -F "4 Sockets"

# Colour is on by default (the contrast for the NO_COLOR check below).
c=$(tmx_colors main)
[ "$c" -gt 0 ] || nw_fail "the default theme shows no colour at all"
tmx_quit main
[ -s "$TMX_WORK/main.err" ] && nw_fail "something printed to stderr while the screen was up: $(cat "$TMX_WORK/main.err")"

# NO_COLOR=1: attributes only, no colour escape sequence at all.
demo nocolor NO_COLOR=1
tmx_wait nocolor -F "Findings ("
n=$(tmx_colors nocolor)
[ "$n" -eq 0 ] || nw_fail "NO_COLOR=1 still sent $n colour parameters"
tmx_has_attrs nocolor || nw_fail "NO_COLOR=1 lost the attributes (bold/reverse) that keep roles apart"
tmx_quit nocolor

# A C locale: ASCII line drawing and markers; an 8-colour terminal: still a screen.
demo ascii LC_ALL=C TERM=xterm
tmx_wait ascii -F "Findings ("
tmx_expect ascii "+* 1 Packets -" "ASCII box drawing in a C locale, the focused panel marked"
tmx_screen ascii | grep -qE "<! 198\.51\.100\.1" || { tmx_screen ascii; nw_fail "no ASCII mismatch marker '!' in a C locale"; }
tmx_quit ascii

# No terminal: a clear message, no screen, exit 1.
out=$(TERM=dumb "$DEMO" </dev/null 2>&1 >/dev/null)
[ $? -eq 1 ] || nw_fail "the demo without a terminal did not exit 1"
echo "$out" | grep -q "terminal" || nw_fail "no clear message without a terminal: $out"
echo "tmux: screen at 200x50 and 80x24, keys, explain, quit, NO_COLOR ($c colour parameters with colour, 0 without), ASCII"
exit 0
