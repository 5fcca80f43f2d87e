#!/bin/bash
# Builds the Debian package from a copy of the source tree, installs it,
# checks that the installed netwhy works (--version, lab list, a short --json
# run, man page, completion), removes (purges) it and checks that nothing it
# installed is left.  Needs root (dpkg -i) and the Build-Depends.
#
#   debian/test-package.sh [SRCDIR]      (default: the tree holding this script)
#
# tests/docs/deb.sh runs it under `make check` when CI=true or NW_TEST_DEB=1.
# Exit status: 0 passed, 1 failed, 77 cannot run here (not root, no dpkg-buildpackage).
set -u
src=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd) || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (dpkg -i)"; exit 77; }
for c in dpkg-buildpackage dpkg-checkbuilddeps dh; do
	command -v "$c" >/dev/null || { echo "SKIP: needs $c (apt-get install dpkg-dev debhelper)"; exit 77; }
done
if dpkg-query -W -f='${Status}' netwhy 2>/dev/null | grep -q 'ok installed'; then
	fail "the netwhy package is already installed: this test installs and purges it, so remove it first (dpkg -r netwhy)"
fi

work=$(mktemp -d /tmp/netwhy-deb.XXXXXX) || fail "mktemp"
installed=
cleanup() {
	[ -n "$installed" ] && dpkg --purge netwhy >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

# A clean copy: the last commit (a checkout: what CI tests; work in progress
# of others may not build yet), or the whole tree (an unpacked dist tarball,
# as in distcheck).  Never build in the source tree.
mkdir "$work/netwhy-src"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$src" archive --format=tar HEAD | tar -x -C "$work/netwhy-src" ||
		fail "cannot export HEAD of $src"
	note "building HEAD ($(git -C "$src" rev-parse --short HEAD)) of $src"
else
	cp -a "$src/." "$work/netwhy-src/" || fail "cannot copy $src"
	chmod -R u+w "$work/netwhy-src"
fi
cd "$work/netwhy-src" || fail "cd"
[ -x debian/rules ] || fail "debian/rules missing or not executable in $src"

dpkg-checkbuilddeps || fail "Build-Depends not installed (see above): apt-get install them"
note "building the package (dpkg-buildpackage -us -uc -b)"
dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1 ||
	{ tail -40 "$work/build.log" >&2; fail "dpkg-buildpackage failed (log above)"; }
deb=$(ls "$work"/netwhy_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no netwhy_*.deb built"
note "built $(basename "$deb")"

# Dependencies: every shared library the binaries need (their NEEDED
# entries, resolved to the package that holds the library here) is in
# Depends, and nothing only the tests use.
depends=$(dpkg-deb -f "$deb" Depends)
note "Depends: $depends"
mkdir "$work/x" && dpkg-deb -x "$deb" "$work/x" || fail "dpkg-deb -x"
for bin in "$work"/x/usr/sbin/netwhy "$work"/x/usr/libexec/netwhy/*; do
	[ -f "$bin" ] || continue
	for so in $(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }'); do
		path=$(ldconfig -p | awk -v so="$so" '$1 == so { print $NF; exit }')
		[ -n "$path" ] || fail "$so (needed by ${bin#"$work"/x}) is not installed here"
		real=$(readlink -f "$path")
		pkg=$( { dpkg -S "$path" || dpkg -S "$real" || dpkg -S "${real#/usr}"; } 2>/dev/null |
			head -1 | cut -d: -f1)
		[ -n "$pkg" ] || fail "no package holds $path"
		grep -qE "(^|, )$pkg( |,|\$)" <<<"$depends" || fail "Depends lacks $pkg ($so, needed by ${bin#"$work"/x}): $depends"
	done
done
grep -q cmocka <<<"$depends" && fail "Depends has cmocka (a test library): $depends"
[ "$(dpkg-deb -f "$deb" Recommends)" = iproute2 ] || fail "Recommends is not iproute2"

# What the package holds: every path, and which of them existed before.
dpkg-deb -c "$deb" | awk '{ sub(/^\./, "", $6); print $6 }' | sed 's|/$||' | grep -v '^$' >"$work/contents"
for p in /usr/sbin/netwhy /usr/share/man/man8/netwhy.8.gz /usr/share/bash-completion/completions/netwhy \
	/usr/share/netwhy/themes/default.theme /usr/share/netwhy/lab/netwhy-lab.sh \
	/usr/share/netwhy/lab/scenarios/htb-arp-drop.sh; do
	grep -qxF "$p" "$work/contents" || fail "the package lacks $p"
done
grep -q '/nwlab-connect$' "$work/contents" || fail "the package lacks the lab workloads"
while read -r p; do
	[ -e "$p" ] && echo "$p"
done <"$work/contents" >"$work/existed"

installed=1
dpkg -i "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }
note "installed"

nw=/usr/sbin/netwhy
# The installed binary, not a build tree's: no NW_LAB_DIR/NW_LAB_BIN from outside.
unset NW_LAB_DIR NW_LAB_BIN
v=$("$nw" --version) || fail "netwhy --version failed"
[ "$v" = "netwhy $(dpkg-deb -f "$deb" Version)" ] || fail "--version says '$v', the package is $(dpkg-deb -f "$deb" Version)"
list=$("$nw" lab list) || fail "netwhy lab list failed"
for f in /usr/share/netwhy/lab/scenarios/*.sh; do
	n=$(basename "$f" .sh)
	grep -q "^$n " <<<"$list" || fail "lab list does not show $n: $list"
done
workloads=$(dirname "$(grep '/nwlab-connect$' "$work/contents")")
"$nw" lab describe htb-arp-drop | grep -q direct_qlen || fail "lab describe htb-arp-drop"
"$nw" --json --duration 1 --no-capture >"$work/json" 2>"$work/json.err" ||
	{ cat "$work/json.err" >&2; fail "netwhy --json --duration 1 failed"; }
grep -q '"type":"source"' "$work/json" || fail "the --json run printed no source event"
grep -q '"type":"link"' "$work/json" || fail "the --json run printed no link event"
# The lab finds its installed scripts and workloads: a short run of the
# fault-free scenario (its workload's report says the connect succeeded).
trap 'cleanup; "$nw" lab down healthy >/dev/null 2>&1' EXIT
"$nw" lab run healthy --duration 2 >"$work/lab.out" 2>&1 || { cat "$work/lab.out" >&2; fail "netwhy lab run healthy failed"; }
grep -q "^workload=nwlab-connect" "$work/lab.out" || { cat "$work/lab.out" >&2; fail "lab run healthy ran no workload"; }
grep -q "^tcp_connect=ok" "$work/lab.out" || { cat "$work/lab.out" >&2; fail "lab run healthy: the connect did not succeed"; }
"$nw" lab down healthy >"$work/lab-down.out" 2>&1 || { cat "$work/lab-down.out" >&2; fail "netwhy lab down healthy failed"; }
ip netns list | grep -q '^nwlab-healthy' && fail "lab down healthy left its namespaces"
trap cleanup EXIT
man -w netwhy 2>/dev/null | grep -q '^/usr/share/man/man8/netwhy.8.gz$' || fail "man -w netwhy does not find the page"
got=$(bash --norc --noprofile -c '
	. /usr/share/bash-completion/completions/netwhy
	COMP_WORDS=(netwhy lab up ""); COMP_CWORD=3; _netwhy; printf "%s\n" "${COMPREPLY[@]}"' 2>&1)
grep -qx htb-arp-drop <<<"$got" || fail "the installed completion does not offer lab names: $got"
note "installed netwhy works: $v, $(wc -l <<<"$list") scenarios, workloads in $workloads, $(wc -l <"$work/json") JSON lines"

dpkg --purge netwhy >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge failed"; }
installed=
left=
while read -r p; do
	[ -e "$p" ] || [ -L "$p" ] || continue
	grep -qxF "$p" "$work/existed" || left+=" $p"
done <"$work/contents"
[ -z "$left" ] || fail "left behind after purge:$left"
dpkg-query -W netwhy >/dev/null 2>&1 && fail "dpkg still knows netwhy after purge"
note "purged: none of its $(wc -l <"$work/contents") paths is left"
exit 0
