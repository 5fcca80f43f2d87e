#!/bin/bash
# The bash completion (built completion/netwhy), with bash-completion loaded
# and without it: every option of `netwhy --help`, the lab verbs and
# scenarios, the themes, file names for -r/-w/--report, and (as root) the
# namespaces of /run/netns and the interfaces of the namespace given before -i.
set -u
. "$NW_SRCDIR/tests/lib.sh"

comp=$NW_BUILDDIR/completion/netwhy
[ -r "$comp" ] || nw_fail "$comp is missing (make completion/netwhy)"
bash -n "$comp" || nw_fail "$comp has a syntax error"
export NETWHY comp

help=$("$NETWHY" --help) || nw_fail "netwhy --help failed"
opts=$(printf '%s\n' "$help" | grep -E '^ +-' | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z]*' |
	tr -d ' ,' | sort -u)
scenarios=$(cd "$NW_SRCDIR/lab/scenarios" && ls -- *.sh | sed 's/\.sh$//')
[ -n "$scenarios" ] || nw_fail "no scenarios in $NW_SRCDIR/lab/scenarios"

# complete WITH_BASH_COMPLETION WORD...: the candidates for the last word, one a line.
# The command word is the netwhy under test, as a user's shell would see it.
complete_words() {
	local with=$1
	shift
	bash --norc --noprofile -c '
		set -u
		if [ "$1" = yes ]; then . /usr/share/bash-completion/bash_completion || exit 99; fi
		shift
		. "$comp" || exit 99
		COMP_WORDS=("$NETWHY" "$@")
		COMP_CWORD=$#
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_netwhy
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$with" "$@"
}

# expect MODE WANTED... -- WORDS...: every WANTED is among the candidates.
expect() {
	local mode=$1 want=() got w
	shift
	while [ "$1" != -- ]; do want+=("$1"); shift; done
	shift
	got=$(complete_words "$mode" "$@") || nw_fail "completion of '$*' failed (mode $mode)"
	for w in "${want[@]}"; do
		grep -qxF -- "$w" <<<"$got" || nw_fail "'netwhy $* <Tab>' (bash-completion: $mode) does not offer '$w'; it offers: $(echo $got)"
	done
}

modes=no
if [ -r /usr/share/bash-completion/bash_completion ]; then
	modes="no yes"
else
	[ "${CI:-}" = true ] && nw_fail "bash-completion is not installed (apt-get install bash-completion)"
	nw_note "bash-completion not installed: testing the plain-bash path only"
fi

for m in $modes; do
	# shellcheck disable=SC2086
	# --report belongs to `netwhy explain` (netwhy refuses it elsewhere).
	expect "$m" $(grep -vxF -- --report <<<"$opts") -- -
	# shellcheck disable=SC2086
	expect "$m" $opts -- explain -
	expect "$m" list describe up run status down -- lab ''
	# shellcheck disable=SC2086
	expect "$m" $scenarios -- lab up ''
	expect "$m" htb-arp-drop -- lab run htb
	expect "$m" --duration -- lab run htb-arp-drop --
	expect "$m" default light mono high-contrast -- --theme ''
	expect "$m" lo any -- -i ''
	expect "$m" all -- --netns ''

	# A user theme in $XDG_CONFIG_HOME, and files for -w/-r/--report.
	tmp=$(mktemp -d) || nw_fail "mktemp"
	mkdir -p "$tmp/xdg/netwhy/themes" && : >"$tmp/xdg/netwhy/themes/nwdocs-mine.theme"
	: >"$tmp/capture-one.pcapng"
	got=$(cd "$tmp" && XDG_CONFIG_HOME=$tmp/xdg complete_words "$m" --theme nwdocs)
	grep -qxF nwdocs-mine <<<"$got" || nw_fail "--theme does not offer the user theme (mode $m): $got"
	for o in -w -r; do
		got=$(cd "$tmp" && complete_words "$m" "$o" capture)
		grep -qxF capture-one.pcapng <<<"$got" || nw_fail "$o does not offer file names (mode $m): $got"
	done
	got=$(cd "$tmp" && complete_words "$m" explain --report capture)
	grep -qxF capture-one.pcapng <<<"$got" || nw_fail "--report does not offer file names (mode $m): $got"
	rm -rf "$tmp"
	nw_note "bash-completion $m: options, lab verbs and scenarios, themes, files"
done

# Namespaces and their interfaces need a namespace of our own (root).
if [ "$(id -u)" -ne 0 ] || ! ip netns list >/dev/null 2>&1; then
	nw_note "not root: namespace completion not tested"
	[ "${CI:-}" = true ] && nw_fail "namespace completion needs root under CI=true"
	exit 0
fi
ns=nwtest-docs-$$
trap 'ip netns del "$ns" 2>/dev/null' EXIT
ip netns add "$ns" || nw_fail "ip netns add $ns"
ip -n "$ns" link add nwdocs0 type veth peer name nwdocs1 || nw_fail "cannot add a veth pair in $ns"
for m in $modes; do
	expect "$m" "$ns" -- --netns nwtest-docs
	expect "$m" nwdocs0 lo -- --netns "$ns" -i ''
	got=$(complete_words "$m" -i nwdocs)
	[ -z "$got" ] || nw_fail "-i without --netns offers $ns's interface: $got"
done
nw_note "namespace names and the chosen namespace's interfaces"
exit 0
