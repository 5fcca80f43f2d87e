#!/bin/bash
# The manual page renders without a warning (man-db and groff at their
# strictest) and names every option that `netwhy --help` lists.
set -u
. "$NW_SRCDIR/tests/lib.sh"

page=$NW_SRCDIR/man/netwhy.8
[ -r "$page" ] || nw_fail "$page is missing"
nw_require_cmd man groff

out=$(man --warnings -l "$page" 2>&1 >/dev/null)
[ -z "$out" ] || nw_fail "man --warnings -l man/netwhy.8 warns:
$out"
for dev in utf8 ascii; do
	out=$(groff -ww -z -man -T"$dev" "$page" 2>&1)
	[ -z "$out" ] || nw_fail "groff -ww -man -T$dev warns:
$out"
done
nw_note "renders without warnings (man --warnings, groff -ww -Tutf8/-Tascii)"

# The options, as --help writes them: "  -i, --interface IFACE", "      --json".
help=$("$NETWHY" --help) || nw_fail "netwhy --help failed"
opts=$(printf '%s\n' "$help" | grep -E '^ +-' | grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z]*' |
	tr -d ' ,' | sort -u)
[ "$(printf '%s\n' "$opts" | wc -l)" -ge 20 ] || nw_fail "found too few options in --help: $opts"

# In roff a dash is written \-: compare with the dashes plain.
text=$(sed 's/\\-/-/g' "$page")
missing=
for o in $opts; do
	grep -qE -- "(^|[^-A-Za-z0-9])$o([^-A-Za-z0-9]|\$)" <<<"$text" || missing+=" $o"
done
[ -z "$missing" ] || nw_fail "options of --help missing from man/netwhy.8:$missing"
nw_note "all $(printf '%s\n' "$opts" | wc -l) options of --help are in the page"

# Every key of the help screen's table (tui/keys.c) is in the Keys section.
keys=$(grep -oE '^\s*\{ "[^"]+", "' "$NW_SRCDIR/tui/keys.c" | sed -E 's/^\s*\{ "//; s/", "$//; s/\\\\/\\/g')
[ "$(wc -l <<<"$keys")" -ge 15 ] || nw_fail "found too few keys in tui/keys.c: $keys"
section=$(sed -n '/^\.SS Keys/,/^\.SS /p' "$page" | grep -E '^\.BR? ' | sed 's/\\-/-/g; s/\\e/\\/g; s/^\.BR\? //; s/"//g')
missing=
set -f # keys such as ? are not globs
for k in $keys; do
	grep -qE -- "(^| )$(printf '%s' "$k" | sed 's/[]\\/.*?+^$[]/\\&/g')(,| |\$)" <<<"$section" || missing+=" $k"
done
set +f
[ -z "$missing" ] || nw_fail "keys of tui/keys.c missing from the Keys section of man/netwhy.8:$missing"
nw_note "all keys of the help screen are in the page"

# The exit codes --help names are documented.
for code in 0 1 2 4; do
	grep -qE "^\.B $code\$" "$page" || nw_fail "exit status $code is not in EXIT STATUS"
done

# Every lab scenario has its entry.
for f in "$NW_SRCDIR"/lab/scenarios/*.sh; do
	name=$(basename "$f" .sh)
	grep -qE "^\.B ${name//-/\\\\-}\$" "$page" || nw_fail "lab scenario $name is not in the page"
done
nw_note "exit codes and lab scenarios documented"
exit 0
