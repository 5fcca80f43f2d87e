# Shared helpers for netwhy's shell tests.  Source it: . "$NW_SRCDIR/tests/lib.sh"
#
# Exit status follows automake: 0 pass, 1 fail, 77 skip, 99 hard error.
# A privileged test that cannot run skips (77) on a developer's machine, but
# under CI=true it fails: CI is root and must run every test.

: "${NW_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${NW_BUILDDIR:=$NW_SRCDIR}"
: "${NW_SHARED:=$NW_SRCDIR/../shared}"
NETWHY=${NETWHY:-$NW_BUILDDIR/netwhy}

# An ASan+UBSan build (.ci/asan) starts and runs several times slower: the
# waits for something to happen (nw_wait_for) are scaled by NW_TIME_SCALE
# there; limits that are the assertion itself (gone within 1 s) are not.
if [ -z "${NW_TIME_SCALE:-}" ]; then
  NW_TIME_SCALE=1
  if [ -x "$NETWHY" ] && ldd "$NETWHY" 2>/dev/null | grep -q libasan; then NW_TIME_SCALE=4; fi
fi

nw_fail() { echo "FAIL: $*" >&2; exit 1; }
nw_note() { echo "# $*"; }

# nw_skip REASON: skip, or fail when CI=true.
nw_skip() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL (skip not allowed under CI=true): $*" >&2
    exit 1
  fi
  echo "SKIP: $*"
  exit 77
}

nw_require_root() {
  [ "$(id -u)" -eq 0 ] || nw_skip "needs root (network namespaces, BPF)"
  ip netns list >/dev/null 2>&1 || nw_skip "ip netns does not work here"
}

nw_require_tracefs() {
  if [ ! -e /sys/kernel/tracing/events ]; then
    mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
      nw_skip "tracefs is not mounted and cannot be: mount -t tracefs nodev /sys/kernel/tracing"
  fi
}

nw_require_bpf() {
  nw_require_root
  nw_require_tracefs
  [ -r /sys/kernel/btf/vmlinux ] || nw_skip "no kernel BTF (/sys/kernel/btf/vmlinux)"
}

nw_require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || nw_skip "needs $c"
  done
}

# The lab and tests that touch global neighbour sysctls take this lock, so
# two of them never run at once (make -j check).
# The holder exports NW_LAB_LOCKED=1 so the `netwhy lab` it runs does not wait
# on itself.  (The braces keep the redirection of exec's own error from
# silencing the test's stderr for good.)
nw_lab_lock() {
  { exec 9>/run/lock/netwhy-lab.lock; } 2>/dev/null || exec 9>/tmp/netwhy-lab.lock
  flock -w 600 9 || nw_fail "could not take the lab lock within 600 s"
  export NW_LAB_LOCKED=1
}

# nw_veth NS_A IF_A ADDR_A/LEN NS_B IF_B ADDR_B/LEN: a veth pair between two
# existing namespaces, addressed and up, so traffic between them crosses it.
nw_veth() {
  ip -n "$1" link add "$2" type veth peer name "$5" netns "$4" || nw_fail "cannot create veth $2/$5"
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
}

# nw_wait_for SECONDS COMMAND...: polls every 0.1 s until COMMAND succeeds.
nw_wait_for() {
  local limit=$(( $1 * NW_TIME_SCALE )); shift
  local end=$(( $(date +%s%N) + limit * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$end" ]; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
