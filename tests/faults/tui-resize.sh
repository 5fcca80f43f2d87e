#!/bin/bash
# A storm of resizes (300 tmux resize-window in a row, sizes from 1x1 to
# 250x80, no pause) and then a 20x5 terminal: netwhy neither crashes nor
# hangs, says "too small" at 20x5, draws its panels again at 120x40, quits
# on q with status 0 and leaves the terminal sane.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_cmd tmux stty pgrep

REC=$NW_SRCDIR/tests/data/capture/stale-peer.pcapng
work=$(mktemp -d /tmp/nwtest-fault-tui.XXXXXX)
trap 'T kill-server 2>/dev/null; rm -rf "$work"' EXIT

nw_tmx_netwhy storm 120x40 "$work" TERM=xterm-256color LANG=C.UTF-8 -- -r "$REC"
tmx_wait storm "1 Packets"
pid=$(tmx_netwhy_pid storm)
[ -n "$pid" ] || nw_fail "no netwhy in the pane"
RANDOM=8
for ((i = 0; i < 300; i++)); do
	T resize-window -t storm -x $((1 + RANDOM % 250)) -y $((1 + RANDOM % 80)) || nw_fail "tmux resize failed"
done
kill -0 "$pid" 2>/dev/null || nw_fail "netwhy died in the resize storm (status $(cat "$work/storm.rc" 2>/dev/null))"
T resize-window -t storm -x 20 -y 5
tmx_wait storm "too small" 5
T resize-window -t storm -x 120 -y 40
tmx_wait storm "1 Packets" 5
kill -0 "$pid" 2>/dev/null || nw_fail "netwhy died"
T send-keys -t storm q
nw_wait_for 5 test -s "$work/storm.stty" || nw_fail "netwhy did not quit on q"
[ "$(cat "$work/storm.rc")" = 0 ] || nw_fail "exit status $(cat "$work/storm.rc") after q"
nw_check_sane_tty "$work/storm.stty" "after the storm"
nw_note "300 resizes survived; 20x5 says too small; q exits 0 with a sane terminal"

# Started at 20x5: the message, not a crash, and q still quits.
nw_tmx_netwhy tiny 20x5 "$work" TERM=xterm-256color LANG=C.UTF-8 -- -r "$REC"
tmx_wait tiny "too small" 5
tmx_screen tiny | grep -q "20x5" || { tmx_screen tiny; nw_fail "the message does not give the size"; }
T send-keys -t tiny q
nw_wait_for 5 test -s "$work/tiny.stty" || nw_fail "netwhy did not quit on q at 20x5"
[ "$(cat "$work/tiny.rc")" = 0 ] || nw_fail "exit status $(cat "$work/tiny.rc") at 20x5"
nw_note "started at 20x5: too small, q exits 0"
