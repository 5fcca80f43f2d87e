#!/bin/bash
# -w creates its file safely and never leaves half a file:
# - a symlink planted at the -w path (to a file elsewhere, or dangling) is
#   not written through: the target keeps its bytes, a dangling target is
#   not created; the recording replaces the link itself;
# - a directory that does not exist: exit 2, a message, no file, no temp;
# - the disk filling up mid-recording (a 16 KiB tmpfs in a private mount
#   namespace): exit status not 0, and no partial file left at the path;
# - re-recording a netwhy pcapng (-r X.pcapng -w Y): exit 0 and Y reads
#   back with the same packets (the writer outlives the last events).
. "$NW_SRCDIR/tests/faults/lib_faults.sh"

REC=$NW_SRCDIR/tests/data/capture/stale-peer.pcapng
PCAP=$NW_SRCDIR/tests/data/capture/basic.pcap
d=$(mktemp -d /tmp/nwtest-fault-w.XXXXXX)
other=$(mktemp -d /tmp/nwtest-fault-w-other.XXXXXX)
trap 'rm -rf "$d" "$other"' EXIT
fails=0
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
packets() { "$NETWHY" -r "$1" --json 2>/dev/null | grep -c '"type":"packet"'; }
want=$(packets "$PCAP")
[ "$want" -gt 0 ] || nw_fail "$PCAP replays no packet"

# Symlink to an existing file elsewhere.
echo "not yours" >"$other/target"
ln -s "$other/target" "$d/out.pcapng"
"$NETWHY" -r "$PCAP" -w "$d/out.pcapng" --json >/dev/null 2>"$d/err"
rc=$?
[ "$(cat "$other/target")" = "not yours" ] || bad "the symlink's target was written through"
if [ $rc = 0 ]; then
	[ -L "$d/out.pcapng" ] && bad "exit 0 but the path is still the symlink"
	[ "$(packets "$d/out.pcapng")" = "$want" ] || bad "the recording over the symlink does not read back"
	nw_note "symlink to a file: replaced by the recording, target untouched"
else
	nw_note "symlink to a file: refused (status $rc: $(head -1 "$d/err")), target untouched"
fi
# Dangling symlink: its target must not appear.
ln -s "$other/new-file" "$d/dangling.pcapng"
"$NETWHY" -r "$PCAP" -w "$d/dangling.pcapng" --json >/dev/null 2>&1
[ -e "$other/new-file" ] && bad "a file was created through a dangling symlink"
nw_note "dangling symlink: nothing created at its target"
# Nothing else written beside the targets.
[ "$(ls -A "$other")" = target ] || bad "files appeared in the other directory: $(ls -A "$other")"

# A directory that does not exist.
"$NETWHY" -r "$PCAP" -w "$d/no/such/dir/x.pcapng" --json >/dev/null 2>"$d/err"
rc=$?
[ $rc = 2 ] || bad "-w into a missing directory: status $rc, expected 2"
grep -q 'no/such/dir' "$d/err" || bad "-w into a missing directory: the message does not name it: $(cat "$d/err")"
[ -e "$d/no" ] && bad "-w into a missing directory created something"
nw_note "missing directory: status $rc, $(head -1 "$d/err" | cut -c1-90)"

# The disk fills up mid-recording (needs root for a private tmpfs).
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	big=$NW_SHARED/corpus/tcpdump-tests/afs.pcap
	[ -r "$big" ] || big=$REC
	mkdir -p "$d/mnt"
	unshare -m sh -c 'mount -t tmpfs -o size=16k nwtest-fault-full "$1" || exit
		"$2" -r "$3" -w "$1/full.pcapng" --json >/dev/null 2>"$1/../full.err"
		echo $? >"$1/../full.rc"
		ls -A "$1" >"$1/../full.ls"' sh "$d/mnt" "$NETWHY" "$big"
	[ -s "$d/full.rc" ] || nw_fail "could not mount a private tmpfs"
	rc=$(cat "$d/full.rc")
	[ "$rc" != 0 ] || bad "disk full while recording: exit status 0 ($(head -1 "$d/full.err"))"
	[ -s "$d/full.ls" ] && bad "disk full while recording: left behind: $(cat "$d/full.ls")"
	nw_note "disk full: status $rc, left: '$(cat "$d/full.ls")', $(head -1 "$d/full.err" | cut -c1-90)"
else
	nw_note "disk-full case needs root (a private tmpfs)"
fi

# Re-recording a netwhy recording.
"$NETWHY" -r "$REC" -w "$d/again.pcapng" --json >/dev/null 2>"$d/err"
rc=$?
[ $rc = 0 ] || bad "-r $(basename "$REC") -w: status $rc $(tail -1 "$d/err")"
[ -s "$d/again.pcapng" ] && [ "$(packets "$d/again.pcapng")" = "$(packets "$REC")" ] ||
	bad "-r $(basename "$REC") -w: the copy does not read back with the same packets"
nw_note "re-recording a pcapng: status $rc"
[ $fails = 0 ] || nw_fail "$fails failures above"
