# Helpers shared by the netwhy lab scenarios.  Sourced by netwhy-lab.sh.
#
# A scenario (lab/scenarios/NAME.sh) defines SUMMARY, DEFAULT_DURATION (of
# run, in seconds), NAMESPACES and the functions describe, up, run (for
# LAB_DURATION seconds), status, down; it calls only the helpers below
# and plain iproute2, so reading it tells the whole story.
#
# Every command that changes something is printed before it runs ("+ ip netns
# add ..."), so a person sees what the lab does to the machine.

# Saved sysctl values live here, so `down` restores them even from a new
# process after the workload or the lab itself crashed.
NW_LAB_STATE_DIR=${NW_LAB_STATE_DIR:-/run/netwhy-lab}
# The same lock file as tests/lib.sh's nw_lab_lock.
NW_LAB_LOCK_FILE=${NW_LAB_LOCK_FILE:-/run/lock/netwhy-lab.lock}

lab_say() { printf 'netwhy lab: %s\n' "$*"; }
lab_warn() { printf 'netwhy lab: %s\n' "$*" >&2; }
lab_die() {
	printf 'netwhy lab: %s\n' "$*" >&2
	exit 1
}

# lab_do CMD...: prints the command, then runs it; a failure is fatal and says
# which command failed.
lab_do() {
	printf '+ %s\n' "$*"
	"$@" || lab_die "command failed (exit $?): $*"
}

# lab_try CMD...: prints and runs, tolerating failure (teardown paths).
lab_try() {
	printf '+ %s\n' "$*"
	"$@" 2>/dev/null || true
}

# Takes the global lab lock so two scenarios (or two tests) never run at
# once.  Re-entrant: a holder (a test that called nw_lab_lock, or an outer
# netwhy lab) exports NW_LAB_LOCKED=1 and its children skip the flock, which
# would otherwise wait for themselves forever.
lab_lock() {
	[ "${NW_LAB_LOCKED:-}" = 1 ] && return 0
	if ! { exec 8>"$NW_LAB_LOCK_FILE"; } 2>/dev/null; then
		NW_LAB_LOCK_FILE=/tmp/netwhy-lab.lock
		exec 8>"$NW_LAB_LOCK_FILE" || lab_die "cannot open the lock file $NW_LAB_LOCK_FILE"
	fi
	if ! flock -n 8; then
		lab_say "another lab scenario or test holds $NW_LAB_LOCK_FILE; waiting (up to 300 s)"
		flock -w 300 8 || lab_die "the lab lock $NW_LAB_LOCK_FILE is still held after 300 s: wait for the other scenario, or run 'netwhy lab down NAME' for it"
	fi
	export NW_LAB_LOCKED=1
}

lab_require_root() {
	[ "$(id -u)" -eq 0 ] ||
		{ echo "netwhy lab: needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for namespaces): run as root" >&2; exit 4; }
	command -v ip >/dev/null || lab_die "ip (iproute2) not found: apt-get install iproute2"
}

# --- namespaces ---------------------------------------------------------------

lab_ns_exists() { [ -e "/run/netns/$1" ]; }

# lab_ns_add NS: creates the namespace with its loopback up.
lab_ns_add() {
	lab_ns_exists "$1" || lab_do ip netns add "$1"
	lab_do ip -n "$1" link set lo up
}

# lab_ns_del NS: stops what still runs inside (a workload left behind by a
# crash), then removes the namespace.  Only processes inside our own
# namespace are signalled, by pid.
lab_ns_del() {
	local ns=$1 pids
	lab_ns_exists "$ns" || return 0
	pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
	if [ -n "${pids// /}" ]; then
		lab_try kill -TERM $pids
		sleep 0.2
		pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
		[ -n "${pids// /}" ] && lab_try kill -KILL $pids
	fi
	lab_do ip netns del "$ns"
}

# lab_all_ns_exist NS...: true when every namespace exists.
lab_all_ns_exist() {
	local ns
	for ns in "$@"; do
		lab_ns_exists "$ns" || return 1
	done
}

# lab_any_ns_exists NS...: true when one of them exists.
lab_any_ns_exist() {
	local ns
	for ns in "$@"; do
		lab_ns_exists "$ns" && return 0
	done
	return 1
}

# lab_bridge_and_container HOST_NS CTR_NS BRIDGE_ADDR CTR_ADDR: the shape of
# a container host.  HOST_NS has a bridge br0 holding BRIDGE_ADDR/24 (like
# docker0); CTR_NS has eth0 with CTR_ADDR/24, whose veth peer veth-ctr is a
# port of br0.
lab_bridge_and_container() {
	local host=$1 ctr=$2 bridge_addr=$3 ctr_addr=$4
	lab_ns_add "$host"
	lab_ns_add "$ctr"
	lab_do ip -n "$host" link add br0 type bridge
	lab_do ip -n "$host" addr add "$bridge_addr/24" dev br0
	lab_do ip -n "$host" link set br0 up
	lab_do ip -n "$host" link add veth-ctr type veth peer name eth0 netns "$ctr"
	lab_do ip -n "$host" link set veth-ctr master br0 up
	lab_do ip -n "$ctr" addr add "$ctr_addr/24" dev eth0
	lab_do ip -n "$ctr" link set eth0 up
}

# lab_two_hosts NS_A ADDR_A NS_B ADDR_B: two hosts on one wire.  Each
# namespace has eth0 with its ADDR/24; the two eth0 are the ends of a veth
# pair.
lab_two_hosts() {
	local a=$1 a_addr=$2 b=$3 b_addr=$4
	lab_ns_add "$a"
	lab_ns_add "$b"
	lab_do ip -n "$a" link add eth0 type veth peer name eth0 netns "$b"
	lab_do ip -n "$a" addr add "$a_addr/24" dev eth0
	lab_do ip -n "$b" addr add "$b_addr/24" dev eth0
	lab_do ip -n "$a" link set eth0 up
	lab_do ip -n "$b" link set eth0 up
}

lab_mac_of() { # NS DEV
	ip -n "$1" -br link show dev "$2" | awk '{ print $3 }'
}

# --- global sysctls -------------------------------------------------------------

lab_state_file() { echo "$NW_LAB_STATE_DIR/$NW_LAB_SCENARIO.sysctl"; }

# lab_sysctl_set PATH VALUE: saves the current value (only the first time, so
# a second `up` keeps the true original) before writing the new one.
lab_sysctl_set() {
	local path=$1 value=$2 state old
	[ -w "$path" ] || lab_die "cannot write $path (only the initial network namespace has it; run from the host)"
	state=$(lab_state_file)
	mkdir -p "$NW_LAB_STATE_DIR" || lab_die "cannot create $NW_LAB_STATE_DIR (set NW_LAB_STATE_DIR)"
	old=$(cat "$path")
	if ! grep -q "^$path " "$state" 2>/dev/null; then
		printf '%s %s\n' "$path" "$old" >>"$state" || lab_die "cannot save $path to $state"
		sync "$state" 2>/dev/null
	fi
	printf '+ echo %s > %s   (was %s)\n' "$value" "$path" "$old"
	echo "$value" >"$path" || lab_die "cannot write $value to $path"
}

# lab_sysctl_restore: writes back every saved value, then forgets them.
# gc_thresh1 <= gc_thresh2 <= gc_thresh3 is not enforced by the kernel, so
# the order does not matter; any failure is reported and keeps the file.
lab_sysctl_restore() {
	local state path value failed=0
	state=$(lab_state_file)
	[ -f "$state" ] || return 0
	while read -r path value; do
		[ -n "$path" ] || continue
		printf '+ echo %s > %s   (restore)\n' "$value" "$path"
		echo "$value" >"$path" || { lab_warn "could not restore $path to $value"; failed=1; }
	done <"$state"
	[ "$failed" = 0 ] || lab_die "some sysctls were not restored; the saved values stay in $state"
	rm -f "$state"
}

lab_sysctl_saved() { [ -f "$(lab_state_file)" ]; }

# --- workloads --------------------------------------------------------------------

# lab_workload NAME: the path of a workload program, or a fatal message.
lab_workload() {
	local p="${NW_LAB_BIN:-}/$1"
	[ -x "$p" ] || lab_die "workload $1 not found in '${NW_LAB_BIN:-}' (build the project with make, or set NW_LAB_BIN to the directory that holds $1)"
	echo "$p"
}

# lab_ns_run NS CMD...: prints and runs a command (a workload) inside NS.  The
# lock descriptor is closed for it: a workload orphaned by a crash must not
# keep the lab locked.
lab_ns_run() {
	local ns=$1
	shift
	printf '+ ip netns exec %s %s\n' "$ns" "$*"
	ip netns exec "$ns" "$@" 8>&-
}

# lab_wait_file PATH SECONDS: waits for a workload's ready file.
lab_wait_file() {
	local path=$1 tenths=$(($2 * 10))
	while [ ! -e "$path" ] && [ "$tenths" -gt 0 ]; do
		sleep 0.1
		tenths=$((tenths - 1))
	done
	[ -e "$path" ]
}

# lab_workload_status NAME RC: explains a workload's exit status; returns it.
lab_workload_status() {
	local name=$1 rc=$2
	if [ "$rc" -gt 128 ]; then
		lab_warn "workload $name was killed by signal $((rc - 128)) ($(kill -l "$((rc - 128))" 2>/dev/null)); 'netwhy lab down $NW_LAB_SCENARIO' cleans up"
	elif [ "$rc" -ne 0 ]; then
		lab_warn "workload $name failed (exit $rc); its message is above"
	fi
	return "$rc"
}

# lab_parse_run_args DEFAULT ARGS...: sets LAB_DURATION from --duration SEC
# (the scenario's DEFAULT_DURATION when absent).
lab_parse_run_args() {
	LAB_DURATION=$1
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--duration)
			[ $# -ge 2 ] || lab_usage_error "--duration needs seconds"
			LAB_DURATION=$2
			shift 2
			;;
		--duration=*)
			LAB_DURATION=${1#--duration=}
			shift
			;;
		*) lab_usage_error "unknown option for run: $1" ;;
		esac
	done
	[[ $LAB_DURATION =~ ^[0-9]+$ ]] && [ "$LAB_DURATION" -ge 1 ] && [ "$LAB_DURATION" -le 3600 ] ||
		lab_usage_error "--duration needs whole seconds from 1 to 3600, got '$LAB_DURATION'"
}

lab_usage_error() {
	printf 'netwhy lab: %s\n' "$*" >&2
	exit 2
}

# lab_interrupted: true once Ctrl-C (or SIGTERM) reached `netwhy lab run`.
lab_interrupted() { [ -n "${LAB_INTERRUPTED:-}" ]; }

# lab_section TITLE: a heading between a run's steps.
lab_section() { printf '\n== %s\n' "$*"; }

# lab_describe: prints the scenario's header comment, which tells its story.
lab_describe() {
	awk '!/^#/ { exit } { sub(/^# ?/, ""); print }' "$NW_LAB_DIR/scenarios/$NW_LAB_SCENARIO.sh"
}
