# Helpers for the screen's tmux tests (sourced, not a test).  The caller
# sources tests/lib.sh first and sets TMX_WORK (a scratch directory).
#
# Each screen runs in its own detached session of a private tmux server;
# when the program ends its exit status and `stty -a` are recorded, so a
# test can tell that q exits cleanly and leaves the terminal sane.

TMX_SOCK=nwtest-tui-$$
T() { tmux -L "$TMX_SOCK" "$@"; }

# tmx_start NAME WxH COMMAND...: COMMAND (one shell word list) in a new session.
tmx_start() {
	local name=$1 size=$2
	shift 2
	T new-session -d -s "$name" -x "${size%x*}" -y "${size#*x}" \
		"$* 2>$TMX_WORK/$name.err; echo \$? >$TMX_WORK/$name.exit; stty -a >$TMX_WORK/$name.stty; sleep 120"
}

tmx_screen() { T capture-pane -p -t "$1"; }

# tmx_wait NAME -F|-E PATTERN [SECONDS]: until the pane shows PATTERN (fixed or extended regex).
tmx_wait() {
	local name=$1 mode=$2 pat=$3 secs=${4:-5} i
	for ((i = 0; i < secs * 10; i++)); do
		tmx_screen "$name" | grep -q "$mode" -- "$pat" && return 0
		sleep 0.1
	done
	echo "--- screen of $name:"
	tmx_screen "$name"
	nw_fail "within $secs s the screen never showed '$pat'"
}

# tmx_expect / tmx_refute NAME TEXT WHY: the pane shows (does not show) TEXT now.
tmx_expect() { tmx_screen "$1" | grep -qF -- "$2" || { tmx_screen "$1"; nw_fail "screen lacks '$2' ($3)"; }; }
tmx_refute() {
	if tmx_screen "$1" | grep -qF -- "$2"; then
		tmx_screen "$1"
		nw_fail "screen still shows '$2' ($3)"
	fi
}

# tmx_quit NAME: q, then exit status 0, a sane terminal (echo, icanon), nothing on stderr but the log's last words.
tmx_quit() {
	local name=$1 i
	T send-keys -t "$name" q
	for ((i = 0; i < 50; i++)); do
		[ -s "$TMX_WORK/$name.exit" ] && break
		sleep 0.1
	done
	[ "$(cat "$TMX_WORK/$name.exit" 2>/dev/null)" = 0 ] ||
		nw_fail "$name: q did not exit 0 (status '$(cat "$TMX_WORK/$name.exit" 2>/dev/null)'; stderr: $(head -c 600 "$TMX_WORK/$name.err"))"
	grep -qw -- "-echo" "$TMX_WORK/$name.stty" && nw_fail "$name: terminal left without echo"
	grep -qw -- "-icanon" "$TMX_WORK/$name.stty" && nw_fail "$name: terminal left in raw mode"
	return 0
}

# tmx_colors NAME: how many SGR colour parameters the pane's contents carry.
tmx_colors() {
	T capture-pane -e -p -t "$1" >"$TMX_WORK/$1.ansi"
	python3 - "$TMX_WORK/$1.ansi" <<'PY'
import re, sys
data = open(sys.argv[1], encoding="utf-8", errors="replace").read()
n = 0
for params in re.findall(r"\x1b\[([0-9;:]*)m", data):
    for p in filter(None, re.split(r"[;:]", params)):
        v = int(p)
        if 30 <= v <= 38 or 40 <= v <= 48 or 90 <= v <= 97 or 100 <= v <= 107:
            n += 1
print(n)
PY
}

# tmx_has_attrs NAME: the pane uses bold or reverse somewhere (roles without colour).
tmx_has_attrs() {
	T capture-pane -e -p -t "$1" | grep -qE $'\e\\[([0-9;]*;)?(1|7)(;[0-9;]*)?m'
}
