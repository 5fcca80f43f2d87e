#!/bin/bash
# netwhy's set-up on Debian bookworm, as root: installs what is missing,
# bootstraps, configures and builds in _build/, then
#   ./setup.sh run [NETWHY-ARGS...]   starts netwhy
#   ./setup.sh check                  runs the whole test suite (make check)
# Environment: NW_BUILD_DIR (default _build), NW_CONFIGURE_FLAGS (extra configure flags).
set -euo pipefail

mode=${1:-run}
[ $# -gt 0 ] && shift
case $mode in
  run|check|build) ;;
  *) echo "usage: ./setup.sh run [netwhy args] | check | build" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")" && pwd)
build=${NW_BUILD_DIR:-$top/_build}
# The shared test material (tcpdump corpus) sits beside the clone.
if [ -z "${NW_SHARED:-}" ] && [ -d "$top/../shared" ]; then
  NW_SHARED=$(cd "$top/../shared" && pwd); export NW_SHARED
fi

# Debian packages the build, the tests and the lab use.
packages=(
  build-essential autoconf automake pkg-config
  clang llvm bpftool libbpf-dev linux-libc-dev
  libpcap-dev libnl-3-dev libnl-route-3-dev libncurses-dev libcmocka-dev libjson-c-dev
  iproute2 iputils-ping iputils-arping nftables procps util-linux kmod
  tcpdump tshark tmux python3 jq valgrind
  docker.io runc busybox-static
  debhelper bash-completion dpkg-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: missing packages: ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# tracefs is where the kernel names its drop reasons; mount it when absent.
if [ "$(id -u)" -eq 0 ] && [ ! -e /sys/kernel/tracing/events ]; then
  mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
  autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ]; then
  # shellcheck disable=SC2086
  "$top/configure" -q ${NW_CONFIGURE_FLAGS:-}
fi
make -j"$(nproc)" >/dev/null

case $mode in
  build) ;;
  run) exec ./netwhy "$@" ;;
  check)
    rc=0
    make -j"$(nproc)" check || rc=$?
    # One closing line a reader (or CI) can count.
    pass=0 fail=0 skip=0
    while IFS= read -r -d '' trs; do
      while read -r _ res; do
        case $res in
          PASS|XFAIL) pass=$((pass + 1)) ;;
          FAIL|XPASS|ERROR) fail=$((fail + 1)) ;;
          SKIP) skip=$((skip + 1)) ;;
        esac
      done < <(grep '^:test-result:' "$trs")
    done < <(find . -name '*.trs' -print0)
    if [ $rc -ne 0 ]; then
      for log in $(grep -l '^:test-result: \(FAIL\|ERROR\|XPASS\)' $(find . -name '*.trs') 2>/dev/null); do
        echo "===== ${log%.trs}.log"; tail -n 60 "${log%.trs}.log"
      done
    fi
    echo "make-check: $pass passed, $fail failed, $skip skipped"
    exit $rc ;;
esac
