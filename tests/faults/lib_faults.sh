# Helpers for the fault tests (tests/faults/*.sh): the real netwhy binary,
# namespaces named nwtest-fault-*, tmux on a private socket.
. "${NW_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/lib.sh"

[ -x "$NETWHY" ] || nw_fail "$NETWHY is not built"

# mono: CLOCK_MONOTONIC in seconds, the clock of the events' "ts".  Python
# takes up to 2 s to start on a busy machine, so it is asked once for the
# offset from the realtime clock and `date` (a few ms) does the rest.
NW_MONO_OFFSET=$(python3 -c 'import time; print("%.6f" % (time.time() - time.monotonic()))')
mono() { echo "$(date +%s.%N) $NW_MONO_OFFSET" | awk '{ printf "%.6f\n", $1 - $2 }'; }

# jq-free JSON Lines queries: jl FILE PYTHON-EXPR-OVER-ev (list of dicts).
# A last line still being written (no newline yet) is left out.
jl() {
	python3 - "$1" "$2" <<'PY'
import json, sys
ev = []
for l in open(sys.argv[1]):
    if l.endswith("\n") and l.strip():
        ev.append(json.loads(l))
r = eval(sys.argv[2])
if isinstance(r, bool):
    sys.exit(0 if r else 1)
print(r)
PY
}

# nw_stop_netwhy WHAT: ends the netwhy in $nw with SIGINT; it must exit 0
# (stderr from $err in the failure).
nw_stop_netwhy() {
	local rc
	kill -INT "$nw"
	wait "$nw"
	rc=$?
	nw=
	[ $rc -eq 0 ] || nw_fail "netwhy exited $rc on SIGINT $1: $(tail -3 "$err")"
}

# held_bpf PID: "prog ID" and "link ID" of the BPF programs and links the
# process holds, from /proc/PID/fdinfo (bpftool here cannot name holders).
held_bpf() {
	local f
	for f in /proc/$1/fdinfo/*; do
		awk '/^link_id:/ { print "link", $2; l = 1 } /^prog_id:/ { p = $2 }
			END { if (!l && p != "") print "prog", p }' "$f" 2>/dev/null
	done | sort -u
}

# A veth pair va/vb inside namespace $1, both up, 192.0.2.1/.2.
nw_fault_ns() {
	local n=$1
	ip netns add "$n" || nw_fail "cannot create namespace $n"
	ip -n "$n" link set lo up
	ip -n "$n" link add va type veth peer name vb || nw_fail "cannot create veth in $n"
	ip -n "$n" addr add 192.0.2.1/24 dev va
	ip -n "$n" addr add 192.0.2.2/24 dev vb
	ip -n "$n" link set va up
	ip -n "$n" link set vb up
}

# --- tmux, on a socket of our own so a user's server is never touched ------
TMX_SOCK=nwtest-fault-$$
T() { tmux -L "$TMX_SOCK" "$@"; }
tmx_screen() { T capture-pane -p -t "$1"; }
# tmx_wait NAME TEXT [SECONDS]: waits until the pane shows TEXT (fixed string).
tmx_wait() {
	local i n=$(( ${3:-10} * 10 ))
	for ((i = 0; i < n; i++)); do
		tmx_screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	echo "--- pane $1:" >&2
	tmx_screen "$1" >&2 2>/dev/null
	nw_fail "pane $1 never showed '$2'"
}
# The pid of the netwhy started in pane NAME by nw_tmx_netwhy (its wrapper's child).
tmx_netwhy_pid() {
	local w
	w=$(T display -p -t "$1" '#{pane_pid}') || return 1
	pgrep -P "$w" -x netwhy | head -1
}
# nw_tmx_netwhy NAME WxH OUTDIR ENV... -- ARGS...: netwhy in a fresh tmux
# session; when it ends, its exit status goes to OUTDIR/NAME.rc and the
# terminal's modes to OUTDIR/NAME.stty (stty -a on the pane's own tty).
nw_tmx_netwhy() {
	local name=$1 size=$2 out=$3 envs=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	local cmd
	cmd="env ${envs[*]} $(printf '%q ' "$NETWHY" "$@"); echo \$? > $out/$name.rc; stty -a > $out/$name.stty; sleep 600"
	# One session per run (tmux 3.3a's server dies on new-window with
	# window-size manual and no client attached).
	T -f /dev/null new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" sh -c "$cmd"
	T set -t "$name" status off
}
# The stty -a after netwhy ended must show a line discipline a shell can use.
nw_check_sane_tty() {
	local f=$1 what=$2
	nw_wait_for 5 test -s "$f" || nw_fail "$what: no stty output (the wrapper never ran)"
	grep -qwE -- '-echo' "$f" && nw_fail "$what: echo left off: $(grep -o -- '-\?echo ' "$f" | head -1)"
	grep -qw -- '-icanon' "$f" && nw_fail "$what: icanon left off"
	grep -qw -- 'echo' "$f" || nw_fail "$what: no echo in stty -a"
	grep -qw -- 'icanon' "$f" || nw_fail "$what: no icanon in stty -a"
	grep -qw -- 'icrnl' "$f" || nw_fail "$what: icrnl left off (-icrnl)"
	grep -qw -- 'opost' "$f" || nw_fail "$what: opost left off"
}
