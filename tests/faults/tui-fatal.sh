#!/bin/bash
# SIGSEGV and SIGABRT while the screen is up leave a sane terminal: netwhy's
# TUI runs in tmux (replaying a recording: no root needed), is killed with
# the signal, and the `stty -a` run right after it on the same tty shows
# echo, icanon, icrnl and opost; the pane is out of the alternate screen and
# the cursor is visible.  The process must still die of the signal (status
# 128+N), not swallow it.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_cmd tmux stty pgrep

REC=$NW_SRCDIR/tests/data/capture/stale-peer.pcapng
work=$(mktemp -d /tmp/nwtest-fault-tui.XXXXXX)
trap 'T kill-server 2>/dev/null; rm -rf "$work"' EXIT

# Under ASan its own handler reports a deadly signal and exits 1: accepted
# there (the terminal must be sane all the same).
asan=
ldd "$NETWHY" 2>/dev/null | grep -q libasan && asan=1

for sig in SEGV ABRT; do
	name=fatal-$sig
	nw_tmx_netwhy $name 120x40 "$work" TERM=xterm-256color LANG=C.UTF-8 -- -r "$REC"
	tmx_wait $name "1 Packets"
	pid=$(tmx_netwhy_pid $name) || true
	[ -n "$pid" ] || nw_fail "$sig: no netwhy process in the pane"
	# While up, the screen has the terminal raw: prove the check can fail.
	tty=$(readlink /proc/$pid/fd/0)
	stty -a <"$tty" | grep -qw -- '-icanon' || nw_fail "$sig: the TUI did not put the terminal in raw mode (test proves nothing)"
	kill -$sig "$pid"
	nw_wait_for 5 test -s "$work/$name.stty" || nw_fail "$sig: netwhy did not end on the signal"
	rc=$(cat "$work/$name.rc")
	case $sig in SEGV) want=139 ;; ABRT) want=134 ;; esac
	[ -n "$asan" ] && [ "$rc" = 1 ] && want=1
	[ "$rc" = "$want" ] || nw_fail "$sig: exit status $rc, expected $want (death by the signal)"
	nw_check_sane_tty "$work/$name.stty" "after SIG$sig"
	alt=$(T display -p -t $name '#{alternate_on}')
	[ "$alt" = 0 ] || nw_fail "$sig: the pane is still in the alternate screen"
	cur=$(T display -p -t $name '#{cursor_flag}')
	[ "$cur" = 1 ] || nw_fail "$sig: the cursor is left hidden"
	nw_note "SIG$sig: status $rc, terminal sane (echo icanon icrnl opost), normal screen, cursor shown"
done
