#!/bin/bash
# After start-up netwhy keeps only the capabilities it still uses (cli/caps.c
# lists which and why) and drops the rest from every set, with no_new_privs;
# and what it still does afterwards still works: captures on a link that
# appears later in a watched namespace, a namespace that appears under
# --netns all, drop locations named from /proc/kallsyms.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_root
nw_require_bpf
nw_require_cmd ip python3 tmux

A=nwtest-fault-priv$$
C=nwtest-fault-privc$$
work=$(mktemp -d)
cleanup() {
	[ -n "${nw:-}" ] && kill -9 "$nw" 2>/dev/null
	T kill-server 2>/dev/null
	ip netns del $A 2>/dev/null
	ip netns del $C 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
nw_fault_ns $A

# Capability numbers (linux/capability.h, UAPI).
DAC_OVERRIDE=1 SETUID=7 SETPCAP=8 NET_ADMIN=12 NET_RAW=13 SYS_MODULE=16
SYS_PTRACE=19 SYS_ADMIN=21 SYSLOG=34 PERFMON=38 BPF=39

# mask N...: the capability mask with bits N set, as /proc/PID/status shows it.
mask() {
	local m=0 b
	for b in "$@"; do m=$((m | (1 << b))); done
	printf '%016x\n' "$m"
}
status_of() { grep -E "^$2:" "/proc/$1/status" | awk '{ print $2 }'; }
# expect_caps PID WHAT BITS...: effective, permitted and bounding sets are exactly BITS.
expect_caps() {
	local pid=$1 what=$2 want set got
	shift 2
	want=$(mask "$@")
	for set in CapEff CapPrm CapBnd; do
		got=$(status_of "$pid" $set)
		[ "$got" = "$want" ] || nw_fail "$what: $set is $got, expected $want"
	done
	[ "$(status_of "$pid" CapInh)" = 0000000000000000 ] || nw_fail "$what: inheritable set not empty"
	[ "$(status_of "$pid" CapAmb)" = 0000000000000000 ] || nw_fail "$what: ambient set not empty"
	[ "$(status_of "$pid" NoNewPrivs)" = 1 ] || nw_fail "$what: no_new_privs not set"
	nw_note "$what: $set $got"
}
kernel_ge_65() { python3 -c 'import os,sys; v=[int(x) for x in os.uname().release.split("-")[0].split(".")[:2]]; sys.exit(0 if v >= [6,5] else 1)'; }

# 1. A namespace watched with every source on.
out=$work/ns.json err=$work/ns.err
"$NETWHY" --json -v --netns $A >"$out" 2>"$err" &
nw=$!
nw_wait_for 10 grep -q '"name":"pcap:va@'$A'","state":"running"' "$out" || nw_fail "va in $A never captured: $(tail -3 "$err")"
nw_wait_for 10 grep -q 'capabilities after start-up' "$err" || nw_fail "netwhy never said what it kept: $(tail -3 "$err")"
nw_note "$(grep 'capabilities after start-up' "$err")"
keep=($NET_RAW $SYSLOG $SYS_ADMIN $SYS_PTRACE $NET_ADMIN)
kernel_ge_65 || keep+=($BPF)
expect_caps $nw "--netns $A" "${keep[@]}"
# What the dropped capabilities no longer allow.
for b in $DAC_OVERRIDE $SETUID $SETPCAP $SYS_MODULE $PERFMON; do
	[ $(( 0x$(status_of $nw CapEff) & (1 << b) )) -eq 0 ] || nw_fail "capability $b still held"
done
# A link created after the drop is captured (setns + CAP_NET_RAW kept).
ip -n $A link add vc type veth peer name vd
ip -n $A link set vc up
ip -n $A link set vd up
nw_wait_for 10 grep -q '"name":"pcap:vc@'$A'","state":"running"' "$out" ||
	nw_fail "vc, created after start-up, never captured: $(grep -i 'vc' "$err" | tail -3)"
# A drop after the drop of privileges still names its kernel location (CAP_SYSLOG kept).
ip netns exec $A python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(20):
    s.sendto(b"x", ("192.0.2.2", 9))'
nw_wait_for 10 jl "$out" "any(e['type']=='drop' and e.get('location_sym') and e['netns']['name']=='$A' for e in ev)" ||
	nw_fail "no drop with a named location in $A after the privileges were dropped"
nw_note "drop located at $(jl "$out" "[e['location_sym'] for e in ev if e['type']=='drop' and e.get('location_sym')][0]")"
nw_stop_netwhy "watching $A"
grep -qi 'operation not permitted\|permission denied' "$err" && nw_fail "a permission error after the drop: $(grep -i 'not permitted\|denied' "$err" | head -3)"

# 2. --netns all without BPF: a namespace made after start-up is entered and listened to.
out=$work/all.json err=$work/all.err
"$NETWHY" --json -v --no-bpf --no-capture --netns all >"$out" 2>"$err" &
nw=$!
nw_wait_for 10 grep -q 'capabilities after start-up' "$err" || nw_fail "--netns all never started: $(tail -3 "$err")"
expect_caps $nw "--netns all --no-bpf --no-capture" $SYS_ADMIN $SYS_PTRACE $NET_ADMIN
ip netns add $C
nw_wait_for 10 grep -q '"name":"netlink:'$C'","state":"running"' "$out" ||
	nw_fail "$C, created after start-up, never watched: $(tail -3 "$err")"
nw_stop_netwhy "with --netns all"

# 3. The host's own namespace, packets only: CAP_NET_RAW alone.
out=$work/host.json err=$work/host.err
"$NETWHY" --json -v --no-bpf -i lo >"$out" 2>"$err" &
nw=$!
nw_wait_for 10 grep -q 'capabilities after start-up' "$err" || nw_fail "-i lo never started: $(tail -3 "$err")"
expect_caps $nw "--no-bpf -i lo" $NET_RAW
nw_stop_netwhy "on lo"

# 4. A replay to JSON keeps nothing (a pipe that is not read holds it open).
"$NW_BUILDDIR/bench/gen_pcap" "$work/big.pcap" 20000 >/dev/null || nw_fail "gen_pcap failed"
mkfifo "$work/fifo"
"$NETWHY" -r "$work/big.pcap" --json >"$work/fifo" 2>"$work/replay.err" &
nw=$!
exec 3<"$work/fifo"
nnp_set() { [ "$(status_of $nw NoNewPrivs)" = 1 ]; }
nw_wait_for 10 nnp_set || nw_fail "the replay never dropped its capabilities"
expect_caps $nw "-r FILE --json"
cat <&3 >/dev/null
exec 3<&-
wait $nw || nw_fail "the replay failed: $(cat "$work/replay.err")"
nw=

# 5. The interactive view of a replay keeps CAP_DAC_OVERRIDE alone (its report key writes into the
# directory it was started from, the user's own under sudo).
nw_tmx_netwhy tui 120x40 "$work" TERM=xterm -- -r "$NW_SRCDIR/tests/data/capture/basic.pcap"
tmx_wait tui "Packets"
pid=$(tmx_netwhy_pid tui)
[ -n "$pid" ] || nw_fail "no netwhy in the tmux pane"
expect_caps "$pid" "TUI on -r FILE" $DAC_OVERRIDE
T send-keys -t tui q
nw_wait_for 5 test -s "$work/tui.rc" || nw_fail "the TUI did not quit"
[ "$(cat "$work/tui.rc")" = 0 ] || nw_fail "the TUI exited $(cat "$work/tui.rc")"
nw_note "ok: each run kept only what it still uses, and it still works"
