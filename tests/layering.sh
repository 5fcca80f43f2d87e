#!/bin/bash
# Layering check: data flows one way (shared/DESIGN.md).  core/ includes no
# curses, pcap, libbpf or libnl header; tui/ includes nothing from capture/ or
# probes/ and no pcap, bpf or netlink header.  Fails naming file and line.
set -u
: "${NW_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
cd "$NW_SRCDIR" || exit 99

bad=0
# check DIR REGEX WHY: every #include line in DIR's C files matching REGEX is a violation.
check() {
	local dir=$1 re=$2 why=$3 hits
	[ -d "$dir" ] || return 0
	hits=$(grep -rnE --include='*.c' --include='*.h' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)" "$dir")
	if [ -n "$hits" ]; then
		while IFS= read -r line; do
			echo "FAIL: $line"
			echo "      $why"
		done <<<"$hits"
		bad=1
	fi
}

check core 'curses\.h|ncurses|ncursesw/|pcap|bpf/|netlink/|linux/bpf\.h|libbpf|libnl' \
	"core/ must not include curses, pcap, libbpf or libnl headers: move the code to a source (capture/, probes/) or tui/"
check tui 'capture/|probes/|pcap|bpf/|netlink/|linux/bpf\.h|libbpf|libnl' \
	"tui/ must not include a source (capture/, probes/) or pcap/bpf/netlink headers: read core's query APIs instead"

if [ "$bad" -ne 0 ]; then
	exit 1
fi
echo "layering: core/ and tui/ include only what they may"
exit 0
