#!/bin/bash
# crash-restore: neigh-table-full lowers the global gc_thresh1/2/3.  When the
# workload, or the whole `netwhy lab run`, is killed with SIGKILL mid-run, the
# thresholds stay lowered (nothing ran to restore them) and a later
# `netwhy lab down`, from a new process, restores every one from the saved
# state and leaves no namespace or process behind.
# Oracles: /proc/sys/net/ipv4/neigh/default/gc_thresh*, ip netns list/pids.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init neigh-table-full

D=/proc/sys/net/ipv4/neigh/default
D6=/proc/sys/net/ipv6/neigh/default
thresholds() { cat $D/gc_thresh1 $D/gc_thresh2 $D/gc_thresh3 $D6/gc_thresh1 $D6/gc_thresh2 $D6/gc_thresh3 | paste -sd/; }
orig=$(thresholds)
nw_note "gc_thresh1/2/3 before: $orig"

# start_run FILE: a long run in the background; sets run_pid and wl_pid.
start_run() {
	"$NETWHY" lab run neigh-table-full --duration 30 >"$1" 2>&1 &
	run_pid=$!
	nw_wait_for 15 grep -q '^pid=' "$1" || { cat "$1"; nw_fail "the workload never started"; }
	wl_pid=$(lab_kv "$1" pid)
	sleep 0.5   # let the flood fill the table
	nw_note "run pid $run_pid, workload pid $wl_pid, gc_thresh now $(thresholds)"
	[ "$(thresholds)" = 16/32/64/16/32/64 ] || nw_fail "thresholds are $(thresholds) during the run, expected 16/32/64/16/32/64"
}

# An orphan killed with SIGKILL may stay a zombie until its new parent reaps
# it: count only a process that still runs.
# The stat is read once: the process may end between two reads of it.
wl_running() {
	local st
	st=$(cat "/proc/$wl_pid/stat" 2>/dev/null) && [ -n "$st" ] || return 1
	! grep -q '^[0-9]* ([^)]*) [ZX]' <<<"$st"
}

assert_restored_by_down() {
	[ "$(thresholds)" = 16/32/64/16/32/64 ] || nw_fail "the crash should have left 16/32/64/16/32/64, found $(thresholds)"
	lab_ok "$NETWHY" lab down neigh-table-full
	[ "$(thresholds)" = "$orig" ] || nw_fail "down after the crash left gc_thresh at $(thresholds), expected $orig"
	nw_note "down after the crash restored $(thresholds)"
	lab_assert_no_ns nwlab-ntf-
	! wl_running || nw_fail "the workload $wl_pid still runs after down"
}

# 1. Only the workload dies: run must say so and fail.
start_run "$LAB_TMP/run1.out"
kill -KILL "$wl_pid"
rc=0
wait "$run_pid" || rc=$?
[ "$rc" -ne 0 ] || nw_fail "netwhy lab run exited 0 after its workload was killed"
grep -q 'killed by signal 9' "$LAB_TMP/run1.out" || { cat "$LAB_TMP/run1.out"; nw_fail "run did not report the SIGKILL"; }
nw_note "run exited $rc and said: $(grep 'killed by signal' "$LAB_TMP/run1.out")"
assert_restored_by_down

# 2. netwhy lab run itself dies (a crash, an OOM kill); its workload, now an
# orphan, keeps flooding until down stops it.
start_run "$LAB_TMP/run2.out"
kill -KILL "$run_pid"
wait "$run_pid" 2>/dev/null
wl_running || nw_fail "the orphaned workload $wl_pid should still run before down"
assert_restored_by_down

# 3. Both die.
start_run "$LAB_TMP/run3.out"
kill -KILL "$run_pid" "$wl_pid"
wait "$run_pid" 2>/dev/null
assert_restored_by_down
exit 0
