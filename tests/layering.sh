#!/bin/bash
# Layering check: data flows one way (shared/DESIGN.md).  core/ includes no
# curses, pcap, libbpf or libnl header; core/'s own files (the plumbing)
# include nothing of the diagnosis (core/diag/); tui/ includes nothing from
# capture/ or probes/ and no pcap, bpf or netlink header.  Fails naming file
# and line.
set -u
: "${NW_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
cd "$NW_SRCDIR" || exit 99

bad=0
# check DIR REGEX WHY [FLAT]: every #include line in DIR's C files (FLAT: not
# its subfolders) matching REGEX is a violation.
check() {
	local dir=$1 re=$2 why=$3 flat=${4:-} hits
	local inc="^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($re)"
	[ -d "$dir" ] || return 0
	if [ -n "$flat" ]; then
		hits=$(grep -HnE "$inc" "$dir"/*.c "$dir"/*.h 2>/dev/null)
	else
		hits=$(grep -rnE --include='*.c' --include='*.h' "$inc" "$dir")
	fi
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
check core 'core/diag/' \
	"core/'s plumbing must not include the diagnosis (core/diag/): it links without libnwdiag.a; give core a hook the diagnosis registers (as nw_json_set_finding_summary)" flat
check tui 'capture/|probes/|pcap|bpf/|netlink/|linux/bpf\.h|libbpf|libnl' \
	"tui/ must not include a source (capture/, probes/) or pcap/bpf/netlink headers: read core's query APIs instead"

if [ "$bad" -ne 0 ]; then
	exit 1
fi
echo "layering: core/, core/diag/ and tui/ include only what they may"
exit 0
