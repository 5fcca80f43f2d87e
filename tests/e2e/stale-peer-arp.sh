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
# The captured replies: mismatch, and the destination is a MAC eth0 had before (dst_was_ours).
expect 'type=="packet"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'dir=="in"' 'mac_mismatch==True' \
  "dst_mac==\"$old\"" 'src=="198.51.100.2"' '"dst_was_ours" in l2_flags'
# Frames to the current MAC or broadcast are never flagged.
expect --none 'type=="packet"' 'mac_mismatch==True' "dst_mac in (\"$new\", \"ff:ff:ff:ff:ff:ff\")"
flagged=('type=="packet"' 'ns=="nwlab-stale-soc"' 'ifname=="eth0"' 'mac_mismatch==True' "dst_mac==\"$old\"" '"dst_was_ours" in l2_flags')
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
# The recording carries this kernel's drop reason names (an NWNM block after the
# section header): a kernel whose enum numbers OTHERHOST differently is played
# here by a second block that renames it; the replay must name drops from the file.
python3 - "$E2E_DIR/run.pcapng" "$E2E_DIR/renamed.pcapng" <<'PY' || nw_fail "the recording has no usable drop reason names"
import struct, sys
data = open(sys.argv[1], "rb").read()
off, blocks, names_at = 0, [], None
while off + 12 <= len(data):
    btype, blen = struct.unpack_from("<II", data, off)
    # netwhy's records: a block of pcapng's local-use range, the magic first (capture/pcapng.h)
    if btype == 0x80004E57 and data[off + 8:off + 12] == struct.pack("<I", 0x4E574E4D):
        names_at = off
    blocks.append((off, blen))
    off += blen
assert names_at is not None, "no NWNM block"
_, _, _, ver, hdr, table, count = struct.unpack_from("<IIIHHII", data, names_at)
assert (ver, hdr, table) == (1, 16, 0), (ver, hdr, table)
p, names = names_at + 24, {}
for _ in range(count):
    value, n = struct.unpack_from("<IB", data, p)
    names[data[p + 5:p + 5 + n].decode()] = value
    p += 5 + n
assert "OTHERHOST" in names, sorted(names)[:5]
body = struct.pack("<IHHII", 0x4E574E4D, 1, 16, 0, 1)
body += struct.pack("<IB", names["OTHERHOST"], 14) + b"NWTEST_RENAMED"
body += b"\0" * (-len(body) % 4)
blk = struct.pack("<II", 0x80004E57, len(body) + 12) + body + struct.pack("<I", len(body) + 12)
end = names_at + struct.unpack_from("<I", data, names_at + 4)[0]
open(sys.argv[2], "wb").write(data[:end] + blk + data[end:])
print(f"# {count} drop reason names recorded; OTHERHOST is {names['OTHERHOST']}")
PY
"$NETWHY" -r "$E2E_DIR/renamed.pcapng" --json >"$E2E_DIR/renamed.jsonl" 2>"$E2E_DIR/renamed.err" ||
  nw_fail "replay of the renamed recording failed: $(tail -3 "$E2E_DIR/renamed.err")"
python3 "$NW_SRCDIR/tests/e2e/expect.py" "$E2E_DIR/renamed.jsonl" 'type=="drop"' 'reason=="NWTEST_RENAMED"' ||
  nw_fail "the replay named the drops from this system, not from the recording"
echo "PASS: stale-peer-arp seen by netwhy --json, recorded and replayed"
