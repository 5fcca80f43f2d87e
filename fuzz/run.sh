#!/bin/bash
# Runs every libFuzzer target for a set time, one job each, one after the
# other (the machine is shared: -jobs=1 -workers=1).
#   run.sh SECONDS WORKDIR FUZZER...
# Seeds are read in place (never copied): the corpus kept in the tree
# (fuzz/corpus/<name>), the shared tcpdump corpus for the capture readers,
# the tests' recordings for each decoder.  New inputs go to
# WORKDIR/<name>/corpus; findings to WORKDIR/<name>/ (crash-*, leak-*,
# timeout-*, oom-*).  Exit 1 when any fuzzer found something.
# With NW_FUZZ_KEEP=DIR (make fuzz-long), the new inputs of at most
# NW_FUZZ_KEEP_MAX bytes (4096) that add coverage are merged (-merge=1) into
# DIR/<name>, and WORKDIR/RESULTS.md gets one table row per fuzzer for
# tests/fuzz/RESULTS.md.
set -u
secs=${1:?seconds}; work=${2:?workdir}; shift 2
src=${NW_SRCDIR:?}; build=${NW_BUILDDIR:?}; shared=${NW_SHARED:-$src/../shared}
corpus=$shared/corpus/tcpdump-tests
keep=${NW_FUZZ_KEEP:-}; keep_max=${NW_FUZZ_KEEP_MAX:-4096}
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

# keep_merge NAME BIN DIR SECONDS RUNS FINDINGS: the small new inputs that
# add coverage go into the tree's corpus; a row for RESULTS.md.
keep_merge() {
  local name=$1 bin=$2 dir=$3 tree=$keep/$1 before after cov ft eps
  before=$(find "$tree" -type f | wc -l)
  rm -rf "$dir/small" && mkdir -p "$dir/small"
  find "$dir/corpus" -type f -size -$((keep_max + 1))c -exec cp {} "$dir/small/" \;
  # shellcheck disable=SC2046
  (cd "$dir" && "$bin" -merge=1 -timeout=20 -rss_limit_mb=2048 $(extra_for "$name") \
      "$tree" "$dir/small") >"$dir/merge.log" 2>&1 || echo "   merge failed: see $dir/merge.log" >&2
  after=$(find "$tree" -type f | wc -l)
  cov=$(grep -oE 'cov: [0-9]+' "$dir/log" | tail -1 | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' "$dir/log" | tail -1 | grep -oE '[0-9]+')
  eps=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$dir/log" | tail -1 | grep -o '[0-9]*$')
  echo "   corpus in the tree: $before -> $after files ($(du -sk "$tree" | cut -f1) KiB)"
  echo "| $name | $4 | $5 | ${eps:-?} | ${cov:-?} | ${ft:-?} | $before -> $after | $6 |" >>"$work/RESULTS.md"
}

[ -n "$keep" ] && mkdir -p "$work" && {
  echo "$(date -u +%Y-%m-%d\ %H:%M) UTC, $secs s each, $(git -C "$src" rev-parse --short HEAD 2>/dev/null)"
  echo
  echo "| fuzzer | seconds | runs | exec/s | cov | ft | tree corpus (files) | findings |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$work/RESULTS.md"

for f in "$@"; do
  name=$(basename "$f")
  bin=$build/$f
  [ -x "$bin" ] || { echo "make fuzz: $bin missing (build with --enable-fuzzing)" >&2; status=1; continue; }
  dir=$work/$name
  mkdir -p "$dir/corpus"
  seeds=()
  [ -n "$keep" ] && mkdir -p "$keep/$name"
  for s in "$src/fuzz/corpus/$name" ${keep:+"$keep/$name"} $(seeds_for "$name"); do
    [ -d "$s" ] && [[ " ${seeds[*]} " != *" $s "* ]] && seeds+=("$s")
  done
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
  [ -n "$keep" ] && keep_merge "$name" "$bin" "$dir" $((end - start)) "${runs:-?}" "${found:-none}"
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    status=1
    tail -40 "$dir/log"
  fi
done
exit $status
