# Helpers for the BPF source's end-to-end tests (tests/probes/*.sh).
# Source after tests/lib.sh.  Each test builds its own namespaces named
# nwtest-bpf-<test>-<pid>-*, and the trap set here removes them on any exit.

BPF_DUMP=${BPF_DUMP:-$NW_BUILDDIR/tests/probes/bpf_dump}
NWP_NS=()
NWP_DUMP_PID=
NWP_ON_EXIT=() # commands the trap runs first (restoring global settings)
NWP_TMP=$(mktemp -d /tmp/nwtest-bpf.XXXXXX)

nwp_cleanup() {
	local ns cmd
	for cmd in "${NWP_ON_EXIT[@]}"; do
		eval "$cmd"
	done
	if [ -n "$NWP_DUMP_PID" ]; then
		kill "$NWP_DUMP_PID" 2>/dev/null
		wait "$NWP_DUMP_PID" 2>/dev/null
	fi
	for ns in "${NWP_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$NWP_TMP"
}
trap nwp_cleanup EXIT

nwp_require() {
	nw_require_bpf
	nw_require_cmd jq ip tc ping
	[ -x "$BPF_DUMP" ] || nw_fail "$BPF_DUMP is not built (make check builds it)"
}

# nwp_lab_lock: tests/lib.sh's nw_lab_lock, keeping stderr (its `exec ...
# 2>/dev/null` would silence every later failure message).
nwp_lab_lock() {
	exec 8>&2
	nw_lab_lock
	exec 2>&8 8>&-
}

# nwp_ns NAME: creates a namespace (lo up) that the trap removes.
nwp_ns() {
	ip netns add "$1" || nw_fail "cannot create namespace $1"
	NWP_NS+=("$1")
	ip -n "$1" link set lo up
}

# nwp_veth: tests/lib.sh's nw_veth (a veth pair between two namespaces, addressed and up).
nwp_veth() { nw_veth "$@"; }

nwp_ino() { ip netns exec "$1" stat -L -c %i /proc/self/ns/net; }

# nwp_dump_start OUT ARGS...: runs bpf_dump in the background writing JSON
# Lines to OUT, and returns once its programs are attached.
nwp_dump_start() {
	local out=$1; shift
	rm -f "$NWP_TMP/ready"
	"$BPF_DUMP" -R "$NWP_TMP/ready" "$@" >"$out" 2>"$out.err" &
	NWP_DUMP_PID=$!
	nw_wait_for 30 test -e "$NWP_TMP/ready" && return 0
	cat "$out.err" >&2
	nw_fail "bpf_dump did not attach within 30 s"
}

# nwp_dump_wait: waits for bpf_dump to finish its duration; fails on its error.
nwp_dump_wait() {
	local rc=0
	wait "$NWP_DUMP_PID" || rc=$?
	NWP_DUMP_PID=
	[ "$rc" -eq 0 ] || { cat "$1.err" >&2; nw_fail "bpf_dump exited with $rc"; }
}

# nwp_dump_stop OUT: ends bpf_dump now (SIGTERM: it stops the source, drains
# the ring and prints its counts), once the test's traffic is over.
nwp_dump_stop() {
	kill -TERM "$NWP_DUMP_PID" 2>/dev/null
	nwp_dump_wait "$1"
}

# nwp_count FILE JQ-FILTER: how many lines match (jq -c select(...)).
nwp_count() { jq -c "select($2)" "$1" | wc -l; }

# nwp_expect FILE JQ-FILTER WHAT: at least one line matches, else fail naming WHAT.
nwp_expect() {
	local n
	n=$(nwp_count "$1" "$2")
	if [ "$n" -lt 1 ]; then
		echo "--- events (non-source) ---" >&2
		jq -c 'select(.type != "source")' "$1" | head -40 >&2
		nw_fail "expected $3"
	fi
	nw_note "ok: $3 ($n)"
}

# nwp_balance FILE: for every probe, delivered + lost == generated, and the
# events printed agree with what the source says it delivered.
nwp_balance() {
	local bad
	bad=$(jq -c 'select(.type == "bpf_stats" and (.delivered + .lost != .generated))' "$1")
	[ -z "$bad" ] || nw_fail "counts do not balance: $bad"
	nw_note "ok: delivered + lost == generated for every probe"
}
