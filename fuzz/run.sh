#!/bin/bash
# Runs every libFuzzer target for a set time, one job each, one after the
# other (the machine is shared: -jobs=1 -workers=1).
#   run.sh SECONDS WORKDIR FUZZER...
# Seeds are read in place (never copied): the shared tcpdump corpus for
# the capture readers, the tests' recordings for each decoder.  New inputs
# go to WORKDIR/<name>/corpus; findings to WORKDIR/<name>/ (crash-*,
# leak-*, timeout-*, oom-*).  Exit 1 when any fuzzer found something.
set -u
secs=${1:?seconds}; work=${2:?workdir}; shift 2
src=${NW_SRCDIR:?}; build=${NW_BUILDDIR:?}; shared=${NW_SHARED:-$src/../shared}
corpus=$shared/corpus/tcpdump-tests
status=0

seeds_for() {
  case $1 in
  test_capture_fuzz) echo "$src/tests/data/capture" ;;
  fuzz_replay) echo "$corpus $src/tests/data/capture" ;;
  test_probes_fuzz) echo "$src/tests/data/probes" ;;
  test_nl_fuzz_decode) echo "$src/tests/data/netlink" ;;
  test_theme_fuzz_lf) echo "$src/themes" ;;
  test_core_fuzz_names) echo "$src/tests/data/core" ;;
  *) echo "" ;;
  esac
}

extra_for() {
  case $1 in
  fuzz_options) echo "-dict=$src/fuzz/dict/options.dict -max_len=512" ;;
  fuzz_replay) echo "-max_len=262144" ;;
  *) echo "" ;;
  esac
}

for f in "$@"; do
  name=$(basename "$f")
  bin=$build/$f
  [ -x "$bin" ] || { echo "make fuzz: $bin missing (build with --enable-fuzzing)" >&2; status=1; continue; }
  dir=$work/$name
  mkdir -p "$dir/corpus"
  seeds=()
  for s in $(seeds_for "$name"); do [ -d "$s" ] && seeds+=("$s"); done
  echo "== $name: ${secs}s, seeds: ${seeds[*]:-none}"
  start=$(date +%s)
  # shellcheck disable=SC2046
  (cd "$dir" && "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
      -jobs=1 -workers=1 -print_final_stats=1 -artifact_prefix="$dir/" \
      $(extra_for "$name") corpus "${seeds[@]}") >"$dir/log" 2>&1
  rc=$?
  end=$(date +%s)
  # -jobs=1 runs the fuzzer in a child that logs to fuzz-0.log in its cwd.
  for l in "$dir"/fuzz-*.log; do [ -f "$l" ] && cat "$l" >>"$dir/log" && rm -f "$l"; done
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/log" | tail -1 | grep -o '[0-9]*$')
  found=$(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
  echo "   $((end - start))s, ${runs:-?} runs, exit $rc${found:+, findings: $found}"
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    status=1
    tail -40 "$dir/log"
  fi
done
exit $status
