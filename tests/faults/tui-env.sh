#!/bin/bash
# Hostile terminal environments for the real binary:
# - a non-UTF-8 locale (LC_ALL=C, TERM=xterm): the screen is plain ASCII
#   (box lines drawn with + - |, not one byte above 0x7f on the screen);
# - TERM=dumb on a tty: no screen; a message naming TERM=dumb and the way out
#   (a real terminal type, or --json) and exit status 2 (bad usage: the way out is
#   named), as --help documents; --json still works under TERM=dumb;
# - stdout not a terminal without --json: the same kind of message, status 2.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_cmd tmux stty pgrep

REC=$NW_SRCDIR/tests/data/capture/stale-peer.pcapng
work=$(mktemp -d /tmp/nwtest-fault-tui.XXXXXX)
trap 'T kill-server 2>/dev/null; rm -rf "$work"' EXIT

nw_tmx_netwhy ascii 120x40 "$work" TERM=xterm LANG=C LC_ALL=C -- -r "$REC"
tmx_wait ascii "1 Packets"
tmx_screen ascii >"$work/ascii.screen"
grep -qE '^\+\* 1 Packets -+' "$work/ascii.screen" || { cat "$work/ascii.screen"; nw_fail "no ASCII box in a C locale"; }
if LC_ALL=C grep -n '[^ -~]' "$work/ascii.screen" >"$work/nonascii"; then
	head -5 "$work/nonascii"
	nw_fail "non-ASCII bytes on the screen in a C locale (above)"
fi
T send-keys -t ascii q
nw_wait_for 5 test -s "$work/ascii.stty" || nw_fail "no quit in a C locale"
[ "$(cat "$work/ascii.rc")" = 0 ] || nw_fail "C locale: exit status $(cat "$work/ascii.rc")"
nw_note "C locale: ASCII only, q exits 0"

nw_tmx_netwhy dumb 120x40 "$work" TERM=dumb LANG=C.UTF-8 -- -r "$REC"
nw_wait_for 5 test -s "$work/dumb.stty" || nw_fail "TERM=dumb: netwhy did not end"
rc=$(cat "$work/dumb.rc")
tmx_screen dumb >"$work/dumb.screen"
[ "$rc" = 2 ] || { cat "$work/dumb.screen"; nw_fail "TERM=dumb: exit status $rc, expected 2"; }
grep -q 'TERM=dumb' "$work/dumb.screen" && grep -q -- '--json' "$work/dumb.screen" ||
	{ cat "$work/dumb.screen"; nw_fail "TERM=dumb: the message does not name TERM=dumb and --json"; }
nw_check_sane_tty "$work/dumb.stty" "TERM=dumb"
nw_note "TERM=dumb: $(grep -m1 'TERM=dumb' "$work/dumb.screen" | cut -c1-100)... (status 2)"

n=$(TERM=dumb "$NETWHY" -r "$REC" --json 2>/dev/null | grep -c '"type":"packet"')
[ "$n" -gt 0 ] || nw_fail "TERM=dumb --json printed no packets"
out=$(TERM=xterm "$NETWHY" -r "$REC" 2>&1 >/dev/null </dev/null)
rc=$?
[ $rc = 2 ] && echo "$out" | grep -q -- '--json' || nw_fail "no tty: status $rc, message: $out"
nw_note "TERM=dumb --json: $n packets; no tty: status 2 with a message"
