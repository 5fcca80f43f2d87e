# bench/lib.sh: helpers the benchmark scripts share (sourced, not run).
# Every script writes its section of RESULTS.md to $NWB_OUT/<name>.md and
# its raw output to $NWB_OUT/<name>.log.

: "${NW_SRCDIR:?run through make bench (NW_SRCDIR unset)}"
: "${NW_BUILDDIR:?run through make bench (NW_BUILDDIR unset)}"
NWB_OUT=${NWB_OUT:-/tmp/nwbench-out}
NWB_TMP=${NWB_TMP:-/tmp/nwbench}
NWB_REPEAT=${NWB_REPEAT:-3}
mkdir -p "$NWB_OUT" "$NWB_TMP"
# glibc stat()s /etc/localtime for every localtime() when TZ is unset: tcpdump
# would pay a system call per printed packet.
export TZ=UTC

nwb_log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# nwb_median V1 V2 ...: the median (the middle one of the sorted values; for
# an even count the lower middle).
nwb_median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# nwb_field LINE KEY: the value of KEY=VALUE in LINE.
nwb_field() {
	printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2; exit }'
}

# nwb_cputime CMD...: runs CMD (stdout and stderr as given by the caller) and
# prints "wall=S cpu=S" (user+sys of CMD and its children) on fd 3.
nwb_cputime() {
	/usr/bin/time -f 'wall=%e cpu_user=%U cpu_sys=%S' -o "$NWB_TMP/time.$$" "$@"
	local rc=$?
	awk '{ split($2, u, "="); split($3, s, "="); split($1, w, "=");
	       printf "wall=%s cpu=%.2f\n", w[2], u[2] + s[2] }' "$NWB_TMP/time.$$" >&3
	rm -f "$NWB_TMP/time.$$"
	return $rc
}

# nwb_calc EXPR: floating-point arithmetic.
nwb_calc() { awk "BEGIN { printf \"%.3f\", $* }"; }

# A section of RESULTS.md: nwb_section NAME < markdown
nwb_section() { cat > "$NWB_OUT/$1.md"; }

nwb_need_root() {
	if [ "$(id -u)" != 0 ]; then
		nwb_log "$1: needs root (namespaces, BPF): skipped"
		printf '## %s\n\nSkipped: needs root.\n\n' "$1" | nwb_section "$2"
		return 1
	fi
	return 0
}

# nwb_veth TXNS RXNS TXIF RXIF: two fresh namespaces joined by a veth pair,
# 198.51.100.1/24 on TXIF and .2/24 on RXIF, everything up.  The caller's
# EXIT trap must run nwb_veth_del.
nwb_veth() {
	nwb_veth_del "$1" "$2"
	ip netns add "$1" && ip netns add "$2" || return 1
	ip link add "$3" netns "$1" type veth peer name "$4" netns "$2" || return 1
	ip -n "$1" addr add 198.51.100.1/24 dev "$3"
	ip -n "$2" addr add 198.51.100.2/24 dev "$4"
	ip -n "$1" link set lo up && ip -n "$2" link set lo up
	ip -n "$1" link set "$3" up && ip -n "$2" link set "$4" up
}
nwb_veth_del() {
	ip netns del "$1" 2>/dev/null
	ip netns del "$2" 2>/dev/null
	return 0
}
