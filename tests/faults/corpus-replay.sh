#!/bin/bash
# Every capture of the shared tcpdump corpus through the real binary:
# `netwhy -r FILE --json`, 20 s each.  Status 0, or 2 with a message for a
# file netwhy cannot read; never a crash, a hang (timeout) or a sanitizer
# report.  In the ASan+UBSan build (.ci/asan) this is the issue's "every
# capture passes through -r with no report"; elsewhere it still catches
# crashes and hangs.  Two files at a time; NW_CORPUS_JOBS overrides.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"
nw_require_cmd timeout xargs

corpus=$NW_SHARED/corpus/tcpdump-tests
[ -d "$corpus" ] || nw_skip "no corpus at $corpus"
n=$(find "$corpus" -maxdepth 1 -type f | wc -l)
[ "$n" -gt 0 ] || nw_skip "the corpus at $corpus is empty"
if ldd "$NETWHY" 2>/dev/null | grep -q libasan || grep -q __asan_init "$NETWHY" 2>/dev/null; then
	san="ASan+UBSan"
else
	san="no sanitizers (crashes and hangs only)"
fi
res=$(mktemp -d /tmp/nwtest-fault-corpus.XXXXXX)
trap 'rm -rf "$res"' EXIT
export NETWHY res
# halt on the first report; the report's text is what we look for.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

one() {
	local f=$1 b rc
	b=$(basename "$f")
	timeout -k 5 20 "$NETWHY" -r "$f" --json >/dev/null 2>"$res/$b.err" </dev/null
	rc=$?
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$res/$b.err"; then
		echo "REPORT $b"
	elif [ $rc = 124 ] || [ $rc = 137 ]; then
		echo "HANG $b"
	elif [ $rc = 0 ]; then
		echo "OK $b"; rm -f "$res/$b.err"
	elif [ $rc = 2 ] && grep -q '^netwhy' "$res/$b.err"; then
		echo "REFUSED $b"
	else
		echo "STATUS$rc $b"
	fi
}
export -f one
start=$(date +%s)
find "$corpus" -maxdepth 1 -type f -print0 | sort -z |
	xargs -0 -n 1 -P "${NW_CORPUS_JOBS:-2}" bash -c 'one "$1"' sh >"$res/verdicts"
secs=$(( $(date +%s) - start ))
ok=$(grep -c '^OK ' "$res/verdicts")
refused=$(grep -c '^REFUSED ' "$res/verdicts")
nw_note "$n files in ${secs}s under $san: $ok read, $refused refused with status 2"
if grep -q '^REFUSED ' "$res/verdicts"; then
	for b in $(grep '^REFUSED ' "$res/verdicts" | head -5 | cut -d' ' -f2); do
		nw_note "  refused $b: $(head -1 "$res/$b.err" | cut -c1-120)"
	done
fi
if grep -qv -e '^OK ' -e '^REFUSED ' "$res/verdicts"; then
	grep -v -e '^OK ' -e '^REFUSED ' "$res/verdicts" | while read -r v b; do
		echo "FAIL: $v $b" >&2
		grep -m 12 -E 'ERROR|runtime error|#[0-9] |SUMMARY' "$res/$b.err" | sed 's/^/    /' >&2
	done
	nw_fail "$(grep -cv -e '^OK ' -e '^REFUSED ' "$res/verdicts") of $n captures crashed, hung or made a sanitizer report"
fi
