#!/bin/bash
# netwhy --json on the stale-peer-arp lab (issues 3 and 4): the replies the
# peer addresses to the SoC's old MAC are dropped as OTHERHOST on the SoC's
# eth0, with the frames' addresses; the capture flags the same frames as
# destination-MAC mismatches against a MAC the interface had before.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
old=02:00:5e:00:53:01 new=02:00:5e:00:53:02
# netwhy watches from before `up`, which changes the MAC: --netns all follows
# the namespaces as they are created.
E2E_WATCH_FIRST=1 e2e_watch stale-peer-arp 16 --netns all -w @DIR@/run.pcapng

# Oracle: the peer holds the old MAC, the SoC has the new one.
ip -n nwlab-stale-peer neigh show 198.51.100.1 | grep -q "lladdr $old PERMANENT" ||
  nw_fail "the peer's entry is not pinned to $old: $(ip -n nwlab-stale-peer neigh show)"
ip -n nwlab-stale-soc link show eth0 | grep -q "link/ether $new" || nw_fail "the SoC's MAC is not $new"

expect 'type=="drop"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'reason=="OTHERHOST"' \
  'src=="198.51.100.2"' 'dst=="198.51.100.1"' "dst_mac==\"$old\""
# The link event told the MAC change.
expect 'type=="link"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' "mac==\"$new\"" "prev_mac==\"$old\""
# The captured replies: mismatch, and the destination is a MAC eth0 had before (bit 1).
expect 'type=="packet"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'dir=="in"' 'mac_mismatch==True' \
  "dst_mac==\"$old\"" 'src=="198.51.100.2"' '(l2_flags & 2)!=0'
# Frames to the current MAC or broadcast are never flagged.
expect --none 'type=="packet"' 'mac_mismatch==True' "dst_mac in (\"$new\", \"ff:ff:ff:ff:ff:ff\")"
flagged=('type=="packet"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'mac_mismatch==True' "dst_mac==\"$old\"" '(l2_flags & 2)!=0')
live=$(python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/events.jsonl" "${flagged[@]}" | sed -n 's/^ok: \([0-9]*\) .*/\1/p')
[ "${live:-0}" -gt 0 ] || nw_fail "no flagged frame in the live run"

# The recording of the same run: tshark reads it and shows netwhy's comments
# naming the interface's current and previous MAC ...
command -v tshark >/dev/null || nw_skip "needs tshark"
tshark -r "$E2E_DIR/run.pcapng" -T fields -e frame.comment 2>"$E2E_DIR/tshark.err" >"$E2E_DIR/comments.txt" ||
  nw_fail "tshark cannot read the recording: $(head -3 "$E2E_DIR/tshark.err")"
grep -q "destination $old is not eth0's $new" "$E2E_DIR/comments.txt" ||
  nw_fail "no comment names eth0's MACs: $(sort -u "$E2E_DIR/comments.txt" | head -3)"
grep -q "had $old before" "$E2E_DIR/comments.txt" || nw_fail "no comment names the previous MAC"
tcpdump -r "$E2E_DIR/run.pcapng" -c 1 >/dev/null 2>&1 || nw_fail "tcpdump cannot read the recording"
# ... and replaying it without any privilege flags the same frames.
chmod 755 "$E2E_DIR"; chmod 644 "$E2E_DIR/run.pcapng"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
  "$NETWHY" -r "$E2E_DIR/run.pcapng" --json >"$E2E_DIR/replay.jsonl" 2>"$E2E_DIR/replay.err" ||
  nw_fail "unprivileged replay failed: $(tail -3 "$E2E_DIR/replay.err")"
if ! python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay.jsonl" --min "$live" "${flagged[@]}"; then
  # Say which frames differ: the live run's frames against the replay's, in order.
  python3 - "$E2E_DIR/events.jsonl" "$E2E_DIR/replay.jsonl" <<'PY'
import json, sys
def frames(path):
    return [(e["ifname"], e["dir"], e["src_mac"], e["dst_mac"], e["len"], e["l2_flags"])
            for e in map(json.loads, open(path))
            if e["type"] == "packet" and (e.get("netns") or {}).get("name") == "nwlab-stale-soc"]
live, rep = frames(sys.argv[1]), frames(sys.argv[2])
print(f"# stale-soc frames: live {len(live)}, replay {len(rep)}")
import collections
for path in sys.argv[1:]:
    seen = collections.Counter((e.get("netns") or {}).get("name") for e in map(json.loads, open(path))
                               if e["type"] == "packet" and e.get("mac_mismatch"))
    print(f"# {path}: mismatching frames by namespace name: {dict(seen)}")
for i, (a, b) in enumerate(zip(live, rep)):
    if a != b:
        print(f"# frame {i}: live {a} replay {b}")
PY
  nw_fail "the replay does not flag the $live frames the live run flagged"
fi
python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/replay.jsonl" 'type=="drop"' 'reason=="OTHERHOST"' \
  'ns=="nwlab-stale-soc"' || nw_fail "the replay lost the kernel's OTHERHOST drops"
echo "PASS: stale-peer-arp seen by netwhy --json, recorded and replayed"
