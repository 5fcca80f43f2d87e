#!/bin/bash
# The lab lock: `netwhy lab up/run/down` wait while another holder (a test's
# nw_lab_lock, another scenario) has /run/lock/netwhy-lab.lock, and say so;
# a child of the holder (NW_LAB_LOCKED=1) goes ahead instead of waiting for
# its own parent.  Oracles: the exit status of timeout, ip netns list.
. "$NW_SRCDIR/tests/lab/lab-lib.sh"
lab_test_init healthy

# We hold the lock (lab_test_init took it).  Without NW_LAB_LOCKED a lab
# command must wait: it is still waiting when timeout stops it.
rc=0
NW_LAB_LOCKED='' timeout 3 "$NETWHY" lab up healthy >"$LAB_TMP/wait.out" 2>&1 || rc=$?
lab_assert_eq timeout_status "$rc" 124
grep -q 'holds .*netwhy-lab.lock; waiting' "$LAB_TMP/wait.out" || { cat "$LAB_TMP/wait.out"; nw_fail "the waiting command did not say why it waits"; }
! ip netns list | grep -q '^nwlab-healthy-' || nw_fail "a lab command built namespaces without the lock"
nw_note "without NW_LAB_LOCKED: waited for the lock and built nothing"

# The holder's children go ahead.
NW_LAB_LOCKED=1 timeout 30 "$NETWHY" lab up healthy >"$LAB_TMP/go.out" 2>&1 ||
	{ cat "$LAB_TMP/go.out"; nw_fail "with NW_LAB_LOCKED=1 up failed or waited"; }
ip netns list | grep -q '^nwlab-healthy-ctr' || nw_fail "up with NW_LAB_LOCKED=1 built no namespace"
lab_ok "$NETWHY" lab down healthy
lab_assert_no_ns nwlab-healthy-
nw_note "with NW_LAB_LOCKED=1: up and down ran at once"
exit 0
