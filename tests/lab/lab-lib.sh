# Helpers for the lab's end-to-end tests (sourced; not a test itself).
#
# Each test builds one scenario with the real `netwhy lab`, provokes the
# failure and proves it with independent oracles only: iproute2 (ip -j,
# tc -j), /proc, nstat, and the workload's own report; never netwhy's
# observers.  The trap tears the scenario down on every exit path.

# shellcheck source=../lib.sh
. "$NW_SRCDIR/tests/lib.sh"

LAB_T0=$(date +%s%N)

# lab_test_init SCENARIO: root, tools, the global lab lock, teardown trap.
lab_test_init() {
	LAB_SCENARIO=$1
	nw_require_root
	nw_require_cmd jq tc ip flock
	[ -x "$NETWHY" ] || nw_skip "netwhy is not built ($NETWHY): run make first"
	# nw_lab_lock's `exec 9>FILE 2>/dev/null` also sends the shell's stderr
	# to /dev/null for good (exec applies every redirection); keep ours.
	exec 7>&2
	nw_lab_lock
	exec 2>&7 7>&-
	LAB_T_LOCKED=$(date +%s%N)
	# We hold the lock: the netwhy lab we call must not wait for it.
	export NW_LAB_LOCKED=1
	LAB_TMP=$(mktemp -d /tmp/nwlab-test.XXXXXX)
	trap lab_test_cleanup EXIT
}

lab_test_cleanup() {
	local rc=$?
	"$NETWHY" lab down "$LAB_SCENARIO" >"$LAB_TMP/cleanup.log" 2>&1 ||
		{ echo "# cleanup: netwhy lab down $LAB_SCENARIO failed:"; sed 's/^/#   /' "$LAB_TMP/cleanup.log"; }
	rm -rf "$LAB_TMP"
	local now
	now=$(date +%s%N)
	echo "# ${0##*/}: $(( (now - LAB_T_LOCKED) / 1000000 )) ms with the lab lock held, after $(( (LAB_T_LOCKED - LAB_T0) / 1000000 )) ms waiting for it"
	exit "$rc"
}

# lab_ok CMD...: runs a netwhy command that must succeed; shows its output on failure.
lab_ok() {
	local out=$LAB_TMP/cmd.out
	"$@" >"$out" 2>&1 || { sed 's/^/#   /' "$out"; nw_fail "$* exited $?"; }
}

# lab_kv FILE KEY: the value of KEY=VALUE in a workload report ("" if absent).
lab_kv() {
	sed -n "s/^$2=//p" "$1" | tail -n 1
}

# lab_assert_no_ns PREFIX: no namespace named PREFIX* remains.
lab_assert_no_ns() {
	local left
	left=$(ip netns list | awk '{print $1}' | grep "^$1" || true)
	[ -z "$left" ] || nw_fail "namespaces left behind after down: $left"
}

# lab_assert_ge NAME VALUE MIN
lab_assert_ge() {
	[[ $2 =~ ^[0-9]+$ ]] || nw_fail "$1 is not a number: '$2'"
	[ "$2" -ge "$3" ] || nw_fail "$1 = $2, expected >= $3"
	nw_note "$1 = $2 (>= $3)"
}

# lab_assert_eq NAME VALUE EXPECTED
lab_assert_eq() {
	[ "$2" = "$3" ] || nw_fail "$1 = '$2', expected '$3'"
	nw_note "$1 = $2"
}
