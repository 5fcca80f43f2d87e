#!/bin/bash
# Without CAP_BPF/CAP_PERFMON nothing loads, nothing crashes, and every probe
# reports OFF with the missing capability and the fix.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/probes/lib_probes.sh"
nwp_require
nw_require_cmd setpriv

OUT=$NWP_TMP/events.json
# Root without any capability (bounding set emptied, so exec cannot regain them).
rc=0
setpriv --bounding-set=-all --inh-caps=-all -- "$BPF_DUMP" -d 0.5 >"$OUT" 2>"$OUT.err" || rc=$?
[ "$rc" -eq 3 ] || { cat "$OUT.err" >&2; nw_fail "bpf_dump exited $rc, expected 3 (nothing running)"; }
for p in drops neigh qdisc sockets; do
	nwp_expect "$OUT" ".type == \"source\" and .name == \"bpf:$p\" and .state == \"off\"
		and (.detail | test(\"CAP_BPF and CAP_PERFMON: run as root\"))" "bpf:$p is off and says why"
done
grep -q 'needs CAP_BPF and CAP_PERFMON' "$OUT.err" || nw_fail "no message on stderr naming the capability"
nw_note "ok: $(head -1 "$OUT.err")"
