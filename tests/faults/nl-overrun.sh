#!/bin/bash
# Our own netlink socket overruns (NETWHY_NL_RCVBUF shrinks the listener's
# buffer; netwhy is stopped while 100 links are created): the real binary
# says so (a source event "resync" naming ENOBUFS), dumps again and reports
# all 100 links, goes on (a later change is seen), exits 0 on SIGINT.  In
# the TUI, the header shows the resync.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_cmd ip python3 tmux

N=nwtest-fault-nlo$$
out=$(mktemp)
err=$(mktemp)
work=$(mktemp -d /tmp/nwtest-fault-nlo.XXXXXX)
cleanup() {
	[ -n "${nw:-}" ] && kill -CONT "$nw" 2>/dev/null && kill -9 "$nw" 2>/dev/null
	T kill-server 2>/dev/null
	ip netns del $N 2>/dev/null
	rm -rf "$out" "$err" "$work"
}
trap cleanup EXIT
ip netns add $N || nw_fail "cannot create namespace"

burst() {
	local pfx=$1
	for i in $(seq 1 100); do echo "link add $pfx$i type bridge"; done | ip -n $N -batch - ||
		nw_fail "ip -batch failed"
}

NETWHY_NL_RCVBUF=4096 "$NETWHY" --json --no-bpf --no-capture --netns $N >"$out" 2>"$err" &
nw=$!
nw_wait_for 10 grep -q '"name":"netlink:'$N'","state":"running"' "$out" || nw_fail "never watched: $(cat "$err")"
sleep 0.5
kill -STOP $nw
burst nwfo
kill -CONT $nw
nw_wait_for 10 grep -q '"state":"resync"' "$out" || nw_fail "no resync event: the overrun went unseen"
nwfo_links() { jl "$out" "len({e['ifname'] for e in ev if e['type']=='link' and (e.get('ifname') or '').startswith('nwfo')})"; }
nw_wait_for 10 test "$(nwfo_links)" = 100
t_change=$(mono)
ip -n $N link set nwfo7 mtu 1400
nw_wait_for 5 jl "$out" "any(e['type']=='link' and e.get('ifname')=='nwfo7' and e['ts'] >= $t_change for e in ev)" ||
	nw_fail "a link change after the resync was not seen"
nw_stop_netwhy "after the overrun"
n=$(nwfo_links)
[ "$n" = 100 ] || nw_fail "after the resync $n of 100 links reported: the model drifted"
detail=$(jl "$out" "[e for e in ev if e['type']=='source' and e['state']=='resync'][0]['detail']")
echo "$detail" | grep -q ENOBUFS || nw_fail "the resync does not say why: $detail"
grep -qi 'resync\|overran' "$err" || nw_fail "stderr says nothing of the resync: $(cat "$err")"
nw_note "resync: $detail"
nw_note "all 100 links reported after it; a later change seen; exit 0"

# The header of the interactive view names it.
nw_tmx_netwhy hdr 200x50 "$work" TERM=xterm-256color LANG=C.UTF-8 NETWHY_NL_RCVBUF=4096 -- --no-bpf --no-capture --netns $N
tmx_wait hdr "1 Packets"
pid=$(tmx_netwhy_pid hdr)
kill -STOP $pid
burst nwfh
kill -CONT $pid
# (A resize, to the same size, makes the view redraw whole while waiting.)
nw_wait_for 10 sh -c "tmux -L $TMX_SOCK resize-window -t hdr -x 200 -y 50;
	tmux -L $TMX_SOCK capture-pane -p -t hdr | head -3 | grep -qi 'resync'" ||
	{ tmx_screen hdr | head -5; nw_fail "the header does not show the resync"; }
nw_note "header: $(tmx_screen hdr | head -3 | grep -i -m1 -o '.\{0,40\}resync.\{0,40\}')"
T send-keys -t hdr q
nw_wait_for 5 test -s "$work/hdr.stty" || nw_fail "no quit"
