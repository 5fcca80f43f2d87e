#!/bin/bash
# Bad input gets a clear message on stderr and exit status 2, never a crash:
# malformed options and values, bad pcap filters, unreadable files (missing,
# a directory, not readable by the user), files cut at every length of their
# first 160 bytes and at sampled lengths after, a recording from a newer
# pcapng version, and files that are not captures at all.  stdout carries
# nothing for a refused command line.
. "$NW_SRCDIR/tests/faults/lib_faults.sh"

REC=$NW_SRCDIR/tests/data/capture/stale-peer.pcapng
PCAP=$NW_SRCDIR/tests/data/capture/basic.pcap
d=$(mktemp -d /tmp/nwtest-fault-bad.XXXXXX)
trap 'rm -rf "$d"' EXIT
fails=0
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect2 WHAT ARGS...: status 2, a "netwhy" message on stderr, no JSON on stdout.
expect2() {
	local what=$1 rc
	shift
	timeout 20 "$NETWHY" "$@" >"$d/out" 2>"$d/err" </dev/null
	rc=$?
	if [ $rc != 2 ]; then
		bad "$what: status $rc, expected 2 (netwhy $*): $(head -2 "$d/err")"
	elif ! grep -q 'netwhy' "$d/err"; then
		bad "$what: no message on stderr (netwhy $*)"
	elif grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$d/err"; then
		bad "$what: sanitizer report (netwhy $*)"
	fi
}

# Options.
expect2 "unknown long option" --bogus
expect2 "unknown short option" -Z
expect2 "missing value" -c
expect2 "count not a number" -c x
expect2 "count negative" -c -5
expect2 "count zero" -c 0
expect2 "count overflow" -c 99999999999999999999999
expect2 "snaplen not a number" -s 12k
expect2 "buffer not a number" -B ''
expect2 "duration not a number" --duration soon
expect2 "duration negative" --duration -1
expect2 "duration nan" --duration nan
expect2 "mem-cap not a number" --mem-cap lots
expect2 "value on a flag" --json=yes
expect2 "unknown namespace" --netns nwtest-fault-no-such-ns --json --no-bpf --duration 1
expect2 "unknown theme with --json" --theme nwtest-no-such-theme -r "$PCAP" --json
grep -q "no theme 'nwtest-no-such-theme'" "$d/err" || bad "unknown theme: the message does not name it: $(head -1 "$d/err")"
expect2 "unknown theme, explain" explain --theme nwtest-no-such-theme -r "$PCAP"
expect2 "lab without a verb" lab
expect2 "lab unknown scenario" lab up no-such-scenario
[ -s "$d/out" ] && bad "a refused command line printed on stdout: $(head -c 200 "$d/out")"
# Filters.
expect2 "filter syntax" -r "$PCAP" --json 'tcp and and'
expect2 "filter unknown word" -r "$PCAP" --json 'frobnicate 3'
expect2 "filter bad port" -r "$PCAP" --json 'port 70000'
expect2 "filter on pcapng" -r "$REC" --json 'host 300.1.2.3'
expect2 "filter unbalanced" -r "$PCAP" --json '(tcp'
# Unreadable files.
expect2 "missing file" -r "$d/none.pcap" --json
expect2 "a directory" -r "$d" --json
expect2 "empty file" -r /dev/null --json
printf 'this is not a capture file at all\n' >"$d/text"
expect2 "a text file" -r "$d/text" --json
cp "$PCAP" "$d/private.pcap"
chmod 600 "$d/private.pcap"
chmod 755 "$d"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$NETWHY" -r "$d/private.pcap" --json \
		>/dev/null 2>"$d/err"
	rc=$?
	[ $rc = 2 ] && grep -qi 'permission' "$d/err" ||
		bad "a file the user cannot read: status $rc: $(head -1 "$d/err")"
fi
# A newer pcapng (SHB major version 2): refused with a message.
cp "$REC" "$d/newer.pcapng"
printf '\x02\x00' | dd of="$d/newer.pcapng" bs=1 seek=12 conv=notrunc status=none
expect2 "pcapng major version 2" -r "$d/newer.pcapng" --json
# The recording with COUNT kernel event blocks of layout VERSION and SIZE
# bytes (zeros) inserted after its SHB (capture/pcapng.h): with_events OUT VERSION SIZE COUNT
with_events() {
	python3 - "$REC" "$@" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
version, size, count = (int(a) for a in sys.argv[3:6])
shb_len = struct.unpack_from("<I", data, 4)[0]
body = struct.pack("<IIHHIIQ", 32473, 0x4E574556, version, 24, size, 0, 1700000000000000000) + bytes(size)
blk = struct.pack("<II", 0xBAD, len(body) + 12) + body + struct.pack("<I", len(body) + 12)
open(sys.argv[2], "wb").write(data[:shb_len] + blk * count + data[shb_len:])
PY
}
# Kernel events bigger than this netwhy's of the same layout version: the
# packets replay, the events are skipped, and a warning says how many and why.
with_events "$d/newer-events.pcapng" 1 4096 2
timeout 20 "$NETWHY" -r "$d/newer-events.pcapng" --json >"$d/out" 2>"$d/err"
rc=$?
[ $rc = 0 ] || bad "newer events: status $rc: $(head -2 "$d/err")"
grep -q '2 kernel events in .* layout this netwhy cannot read' "$d/err" ||
	bad "newer events skipped without a warning: $(head -2 "$d/err")"
grep -q '"type":"packet"' "$d/out" || bad "newer events: the packets were not replayed"
grep -qi 'version' "$d/err" || bad "pcapng version 2: the message does not say version: $(head -1 "$d/err")"
# Kernel events of a newer event layout version (capture/pcapng.h): skipped,
# and the warning names the version.
with_events "$d/newer-layout.pcapng" 9 256 1
timeout 20 "$NETWHY" -r "$d/newer-layout.pcapng" --json >"$d/out" 2>"$d/err"
rc=$?
[ $rc = 0 ] || bad "newer layout: status $rc: $(head -2 "$d/err")"
grep -q '1 kernel events in .* (event layout version 9, written by a newer netwhy)' "$d/err" ||
	bad "newer layout version without its warning: $(head -2 "$d/err")"
# Truncated files: every length up to 160 bytes (the headers and the first
# records), then every 41st (each run is a process start: the every-length
# pass on the readers is tests/capture's, in process); exit 0
# (a whole file, or nothing but a header) or 2, never a crash or a hang.
cuts=0
for f in "$PCAP" "$REC"; do
	size=$(stat -c %s "$f")
	for ((n = 0; n < size; n += (n < 160 ? 1 : 41))); do
		head -c $n "$f" >"$d/cut"
		timeout 20 "$NETWHY" -r "$d/cut" --json >/dev/null 2>"$d/err"
		rc=$?
		cuts=$((cuts + 1))
		case $rc in
		0 | 2) ;;
		*) bad "$(basename "$f") cut at $n bytes: status $rc $(head -1 "$d/err")"; break ;;
		esac
		if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$d/err"; then
			bad "$(basename "$f") cut at $n bytes: sanitizer report"; break
		fi
		if [ $rc = 2 ] && ! grep -q 'netwhy' "$d/err"; then
			bad "$(basename "$f") cut at $n bytes: status 2 without a message"; break
		fi
	done
done
nw_note "$cuts truncated files: status 0 or 2 with a message, no crash"
[ $fails = 0 ] || nw_fail "$fails failures above"
nw_note "ok: every bad input refused with status 2 and a message"
