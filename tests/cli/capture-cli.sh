#!/bin/bash
# Capture options behave as a tcpdump user expects (issue 18, items 1-3 and 5),
# in a namespace of the test's own with only its loopback up:
#  - no -i: loopback is captured too (ping 127.0.0.1 shows packets);
#  - -i any captures (one "any" capture per namespace);
#  - -i nosuch exits 2 naming the device; with --netns all it only warns,
#    since the interface may still appear;
#  - -c N is exact: N packets and no more, although several arrive per turn;
#  - -w without a terminal records headless and says what it wrote, and
#    tcpdump reads exactly the -c packets back (items 3 and 5);
#  - a recording without packets still has its interface blocks (item 4);
#  - under sudo the recording is the invoking user's, who replays it (item 15).
. "$NW_SRCDIR/tests/lib.sh"
nw_require_root
nw_require_cmd ping tcpdump setpriv
NETWHY=$NW_BUILDDIR/netwhy
NS=nwtest-cli-$$
tmp=$(mktemp -d)
cleanup() {
  [ -n "${pingpid:-}" ] && kill "$pingpid" 2>/dev/null
  wait 2>/dev/null
  ip netns del $NS 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add $NS || nw_fail "cannot create $NS"
ip -n $NS link set lo up

# Steady traffic on the namespace's loopback for the whole test.
ip netns exec $NS ping -q -i 0.05 127.0.0.1 >/dev/null 2>&1 &
pingpid=$!

# packets_on FILE IFNAME: how many packet events name the interface.
packets_on() {
  python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        o = json.loads(line)
    except ValueError:
        continue
    if o.get("type") == "packet" and o.get("ifname") == sys.argv[2]:
        n += 1
print(n)' "$1" "$2"
}

# 1. No -i: loopback is captured.
"$NETWHY" --netns $NS --no-bpf --json --duration 1.5 >"$tmp/lo.json" 2>"$tmp/lo.err" ||
  nw_fail "netwhy --json failed: $(cat "$tmp/lo.err")"
n=$(packets_on "$tmp/lo.json" lo)
nw_note "no -i: $n packets on lo"
[ "$n" -gt 0 ] || nw_fail "loopback traffic was not captured without -i"

# 2. -i any.
"$NETWHY" --netns $NS --no-bpf --json -i any --duration 1.5 >"$tmp/any.json" 2>"$tmp/any.err" ||
  nw_fail "netwhy -i any failed: $(cat "$tmp/any.err")"
n=$(grep -c '"type":"packet"' "$tmp/any.json")
nw_note "-i any: $n packets"
[ "$n" -gt 0 ] || nw_fail "-i any captured nothing"

# 3. -i nosuch: exit 2 naming it; with --netns all a warning and the run goes on.
rc=0
"$NETWHY" --netns $NS --no-bpf --json -i nosuch0 --duration 1 >/dev/null 2>"$tmp/nosuch.err" || rc=$?
[ $rc -eq 2 ] || nw_fail "-i nosuch0 exited $rc, not 2"
grep -q 'nosuch0: no such device' "$tmp/nosuch.err" || nw_fail "no cause given: $(cat "$tmp/nosuch.err")"
rc=0
"$NETWHY" --netns all --no-bpf --json -i nosuch0 --duration 0.5 >/dev/null 2>"$tmp/nosuch-all.err" || rc=$?
[ $rc -eq 0 ] || nw_fail "-i nosuch0 --netns all exited $rc: $(cat "$tmp/nosuch-all.err")"
grep -q 'nosuch0: no such interface yet' "$tmp/nosuch-all.err" ||
  nw_fail "--netns all gave no warning: $(cat "$tmp/nosuch-all.err")"

# 4. -c is exact (20 packets a second arrive; the run ends by itself).
"$NETWHY" --netns $NS --no-bpf --json -i lo -c 3 --duration 30 >"$tmp/c.json" 2>"$tmp/c.err" ||
  nw_fail "netwhy -c 3 failed: $(cat "$tmp/c.err")"
n=$(grep -c '"type":"packet"' "$tmp/c.json")
[ "$n" -eq 3 ] || nw_fail "--json -c 3 wrote $n packets"

# 5. -w without a terminal: headless, the count on stderr, tcpdump reads it.
"$NETWHY" --netns $NS --no-bpf -i lo -c 4 -w "$tmp/rec.pcapng" --duration 30 \
  </dev/null >"$tmp/w.out" 2>"$tmp/w.err" || nw_fail "netwhy -w failed: $(cat "$tmp/w.err")"
grep -Eq '^netwhy: 4 packets, [0-9]+ events? written to ' "$tmp/w.err" ||
  nw_fail "no summary of the recording: $(cat "$tmp/w.err")"
n=$(tcpdump -r "$tmp/rec.pcapng" 2>/dev/null | wc -l)
[ "$n" -eq 4 ] || nw_fail "tcpdump read $n packets from the recording, not 4"
# Item 16: in Wireshark the recording looks like any capture: only the
# packets in the frame list (the kernel events are in blocks it skips),
# each with its time.
if command -v tshark >/dev/null; then
  tshark -r "$tmp/rec.pcapng" -T fields -e frame.time_epoch -e frame.protocols >"$tmp/rec.tshark" 2>/dev/null
  [ "$(wc -l <"$tmp/rec.tshark")" -eq 4 ] || nw_fail "tshark lists $(wc -l <"$tmp/rec.tshark") frames, not the 4 packets"
  ! grep -qi pcapng "$tmp/rec.tshark" || nw_fail "tshark lists netwhy's blocks as frames: $(cat "$tmp/rec.tshark")"
  ! awk -F'\t' '$1 == "" || $1 + 0 < 1000000000' "$tmp/rec.tshark" | grep -q . ||
    nw_fail "a frame without its time: $(cat "$tmp/rec.tshark")"
  n=$("$NETWHY" -r "$tmp/rec.pcapng" --json 2>/dev/null | grep -c '"origin":"replay"')
  [ "$n" -gt 4 ] || nw_fail "the replay lost the kernel events ($n lines)"
fi

# 6. A recording in which no packet matched still describes its interfaces:
#    tcpdump reads it (it refuses a file without an Interface Description Block).
"$NETWHY" --netns $NS --no-bpf -i lo -w "$tmp/empty.pcapng" --duration 1 tcp port 9 \
  </dev/null >/dev/null 2>"$tmp/empty.err" || nw_fail "netwhy -w (no packets) failed: $(cat "$tmp/empty.err")"
grep -q '^netwhy: 0 packets, ' "$tmp/empty.err" || nw_fail "expected an empty recording: $(cat "$tmp/empty.err")"
tcpdump -r "$tmp/empty.pcapng" >/dev/null 2>"$tmp/empty.td" ||
  nw_fail "tcpdump refuses the recording without packets: $(cat "$tmp/empty.td")"

# 7. Under sudo the recording is the invoking user's (mode by the umask, like
#    tcpdump -w), so that user replays it without root.
chmod 755 "$tmp"
(umask 022; SUDO_UID=65534 SUDO_GID=65534 "$NETWHY" --netns $NS --no-bpf -i lo -c 2 -w "$tmp/mine.pcapng" \
  --duration 30 </dev/null >/dev/null 2>&1) || nw_fail "netwhy -w under SUDO_UID failed"
[ "$(stat -c '%u:%g %a' "$tmp/mine.pcapng")" = "65534:65534 644" ] ||
  nw_fail "recording owner/mode: $(stat -c '%u:%g %a' "$tmp/mine.pcapng"), want 65534:65534 644"
n=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
  "$NETWHY" -r "$tmp/mine.pcapng" --json 2>/dev/null | grep -c '"type":"packet"')
[ "$n" -eq 2 ] || nw_fail "the sudo user's replay read $n packets, not 2"
echo "PASS: loopback, -i any, -i nosuch, -c, headless -w and its file behave like tcpdump's"
