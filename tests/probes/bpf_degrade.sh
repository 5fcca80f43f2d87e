#!/bin/bash
# Each probe degrades on its own: with tracepoints treated as missing
# (bpf_dump --without SECTION), the others keep running, each `source`
# event names what the kernel lacks, a probe with nothing left is off, and
# kfree_skb falls back to the classic tracepoint without losing anything.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require

OUT=$NWP_TMP/events.json
# The socket calls' own exit tracepoints, and bpf_dump options leaving all of them out.
SOCK_CALLS="connect accept accept4 bind listen sendto sendmsg sendmmsg recvfrom recvmsg recvmmsg setsockopt getsockopt"
without_calls=()
for c in $SOCK_CALLS; do without_calls+=(--without "tp/syscalls/sys_exit_$c"); done
"$BPF_DUMP" -d 0.3 --without tp_btf/neigh_event_send_dead "${without_calls[@]}" --without tp_btf/sys_exit \
	--without tp_btf/qdisc_enqueue >"$OUT" 2>"$OUT.err" || { cat "$OUT.err" >&2; nw_fail "bpf_dump failed"; }
state() { jq -r "select(.type == \"source\" and .name == \"$1\") | .state + \"|\" + (.detail // \"\")" "$OUT" | head -1; }
[ "$(state bpf:drops)" = "running|" ] || nw_fail "bpf:drops: $(state bpf:drops)"
[ "$(state bpf:neigh)" = "degraded|the kernel lacks neigh:neigh_event_send_dead" ] ||
	nw_fail "bpf:neigh: $(state bpf:neigh)"
[ "$(state bpf:qdisc)" = "off|the kernel lacks qdisc:qdisc_enqueue" ] || nw_fail "bpf:qdisc: $(state bpf:qdisc)"
# (Where the exit program needs an enter, x86 and arm64 excepted, the enter is then unused too.)
case "$(state bpf:sockets)" in
"degraded|the kernel lacks syscalls:sys_exit_<socket calls>" | \
"degraded|the kernel lacks syscalls:sys_exit_<socket calls>; unused without it: raw_syscalls:sys_enter") ;;
*) nw_fail "bpf:sockets: $(state bpf:sockets)" ;;
esac
grep -q 'bpf:neigh: the kernel lacks neigh:neigh_event_send_dead' "$OUT.err" || nw_fail "no warning in the log"
nw_note "ok: drops running, neigh and sockets degraded, qdisc off, each saying why"

# The socket calls' exit tracepoints are the first choice (only socket calls
# pay); without them raw_syscalls:sys_exit takes over silently, and without
# raw sys_exit the socket calls' own serve.
"$BPF_DUMP" -d 0.2 -p sockets "${without_calls[@]}" >"$OUT" 2>/dev/null || nw_fail "raw sys_exit did not stand in"
[ "$(state bpf:sockets)" = "running|" ] || nw_fail "bpf:sockets on raw sys_exit: $(state bpf:sockets)"
"$BPF_DUMP" -d 0.2 -p sockets --without tp_btf/sys_exit >"$OUT" 2>/dev/null || nw_fail "the socket calls' programs did not load"
[ "$(state bpf:sockets)" = "running|" ] || nw_fail "bpf:sockets without raw sys_exit: $(state bpf:sockets)"
nw_note "ok: the socket calls' own tracepoints, raw sys_exit in their place"

# Without any kfree_skb nothing of drops runs; with tp_btf gone the classic
# tracepoint takes over silently (nothing is missing).
"$BPF_DUMP" -d 0.2 -p drops --without tp_btf/kfree_skb --without tp/skb/kfree_skb >"$OUT" 2>/dev/null
rc=$?
[ "$rc" -eq 3 ] || nw_fail "bpf_dump with no drop program exited $rc, expected 3 (nothing running)"
[ "$(state bpf:drops)" = "off|the kernel lacks skb:kfree_skb" ] || nw_fail "bpf:drops: $(state bpf:drops)"
"$BPF_DUMP" -d 0.2 -p drops --without tp_btf/kfree_skb >"$OUT" 2>/dev/null || nw_fail "the classic tracepoint did not load"
[ "$(state bpf:drops)" = "running|" ] || nw_fail "bpf:drops on the classic tracepoint: $(state bpf:drops)"
nw_note "ok: kfree_skb falls back to tp/skb/kfree_skb"

# The verifier refusing one program (simulated: --refuse) costs that program
# only: the others of its object are found by loading them one by one, and a
# refused tp_btf/kfree_skb leaves the classic tracepoint in its place.
"$BPF_DUMP" -d 0.2 --refuse tp_btf/neigh_update --refuse tp_btf/kfree_skb >"$OUT" 2>"$OUT.err" ||
	{ cat "$OUT.err" >&2; nw_fail "bpf_dump failed with refused programs"; }
[ "$(state bpf:neigh)" = "degraded|the kernel refused tp_btf/neigh_update (see the log)" ] ||
	nw_fail "bpf:neigh with neigh_update refused: $(state bpf:neigh)"
[ "$(state bpf:drops)" = "degraded|the kernel refused tp_btf/kfree_skb (see the log)" ] ||
	nw_fail "bpf:drops with tp_btf/kfree_skb refused: $(state bpf:drops)"
[ "$(state bpf:sockets)" = "running|" ] || nw_fail "bpf:sockets: $(state bpf:sockets)"
grep -q 'trying its programs one by one' "$OUT.err" || nw_fail "the retry is not logged"
"$BPF_DUMP" -d 0.2 -p drops --refuse tp_btf/kfree_skb --refuse tp/skb/kfree_skb >"$OUT" 2>/dev/null
[ "$(state bpf:drops)" = "off|load failed (Invalid argument): the verifier or the kernel refused it (see the log)" ] ||
	nw_fail "bpf:drops with both refused: $(state bpf:drops)"
nw_note "ok: a refused program costs only itself; kfree_skb falls back when refused"
