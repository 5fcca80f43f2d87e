#!/bin/bash
# netwhy lab: builds the founding failures in throwaway network namespaces.
#
#   netwhy-lab.sh list
#   netwhy-lab.sh describe|up|run|status|down NAME [--duration SEC]
#
# `netwhy lab ...` runs this script with NW_LAB_DIR (this directory) and
# NW_LAB_BIN (the workload programs) in the environment.  Each scenario is
# lab/scenarios/NAME.sh; read it to see exactly what it does.
#
# Exit status: 0 done, 1 the operation failed (the message says why),
# 2 usage error (unknown verb or scenario), 4 not root.
set -u
shopt -s nullglob

NW_LAB_DIR=${NW_LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
: "${NW_LAB_BIN:=}"
# shellcheck source=lib/common.sh
. "$NW_LAB_DIR/lib/common.sh"

lab_names() {
	local f
	for f in "$NW_LAB_DIR"/scenarios/*.sh; do
		f=${f##*/}
		echo "${f%.sh}"
	done
}

lab_usage() {
	cat <<EOF
usage: netwhy lab list
       netwhy lab describe|up|run|status|down NAME [--duration SEC]

  list      the scenarios, one line each
  describe  the story of NAME: what fails, the kernel path, what to look at
  up        build NAME's namespaces and fault (idempotent; says what it changes
            outside its namespaces and how it is restored)
  run       provoke the failure for SEC seconds (implies up), printing what the
            workload's system calls returned
  status    whether NAME is up, and its key state
  down      remove NAME's namespaces and restore every sysctl it changed

Scenarios live in $NW_LAB_DIR/scenarios.  up, run and down need root.
Exit status: 0 done, 1 failed, 2 usage error, 4 not root.
EOF
}

lab_list() {
	local name
	for name in $(lab_names); do
		(
			# shellcheck disable=SC1090
			. "$NW_LAB_DIR/scenarios/$name.sh"
			printf '%-18s %s\n' "$name" "$SUMMARY"
		)
	done
}

lab_unknown() {
	{
		echo "netwhy lab: unknown scenario '$1'; the scenarios are:"
		lab_names | sed 's/^/  /'
	} >&2
	exit 2
}

[ $# -ge 1 ] || { lab_usage >&2; exit 2; }
verb=$1
shift
case $verb in
list)
	lab_list
	exit 0
	;;
help | -h | --help)
	lab_usage
	exit 0
	;;
describe | up | run | status | down) ;;
*)
	echo "netwhy lab: unknown command '$verb'" >&2
	lab_usage >&2
	exit 2
	;;
esac

[ $# -ge 1 ] || { echo "netwhy lab $verb: which scenario?" >&2; lab_names | sed 's/^/  /' >&2; exit 2; }
NW_LAB_SCENARIO=$1
shift
[[ $NW_LAB_SCENARIO =~ ^[a-z0-9-]+$ ]] && [ -f "$NW_LAB_DIR/scenarios/$NW_LAB_SCENARIO.sh" ] ||
	lab_unknown "$NW_LAB_SCENARIO"
# shellcheck disable=SC1090
. "$NW_LAB_DIR/scenarios/$NW_LAB_SCENARIO.sh"

# Any failure of a verb is exit status 1 (usage errors exited 2 already).
case $verb in
describe)
	describe || exit 1
	;;
status)
	status || exit 1
	;;
up)
	[ $# -eq 0 ] || lab_usage_error "up takes no options, got: $*"
	lab_require_root
	lab_lock
	up || exit 1
	;;
run)
	lab_parse_run_args "$DEFAULT_DURATION" "$@"
	lab_require_root
	lab_lock
	# Ctrl-C stops the workload (it reports and exits); the run then skips
	# its remaining steps but still shows the evidence.
	trap 'LAB_INTERRUPTED=1' INT TERM
	run || exit 1
	;;
down)
	[ $# -eq 0 ] || lab_usage_error "down takes no options, got: $*"
	lab_require_root
	lab_lock
	down || exit 1
	;;
esac
exit 0
