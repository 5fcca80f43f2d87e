#!/bin/bash
# The netwhy binary's command line: help, version, bad options, missing privilege.
. "$NW_SRCDIR/tests/lib.sh"
set -u

out=$("$NETWHY" --help) || nw_fail "--help exited $?"
for opt in --interface --netns --container --count --snapshot-length --buffer-size --read \
           --write --list-interfaces --json --duration --report --theme --no-color --no-bpf \
           --no-capture --mem-cap --verbose --help --version; do
  grep -q -- "$opt" <<<"$out" || nw_fail "--help does not mention $opt"
done
grep -q "Exit status" <<<"$out" || nw_fail "--help does not document the exit status"

ver=$("$NETWHY" --version) || nw_fail "--version exited $?"
[[ $ver =~ ^netwhy\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || nw_fail "--version printed '$ver'"
[ "$("$NETWHY" -V)" = "$ver" ] || nw_fail "-V and --version differ"

# Bad options: exit status 2, the cause on stderr, nothing on stdout.
check_bad() {
  local want=$1; shift
  local o e rc=0
  o=$("$NETWHY" "$@" 2>/tmp/nw-cli-err.$$) || rc=$?
  e=$(cat /tmp/nw-cli-err.$$); rm -f /tmp/nw-cli-err.$$
  [ "$rc" -eq 2 ] || nw_fail "netwhy $* exited $rc, want 2"
  [ -z "$o" ] || nw_fail "netwhy $* printed on stdout: $o"
  grep -q -- "$want" <<<"$e" || nw_fail "netwhy $*: stderr '$e' lacks '$want'"
  grep -q -- "--help" <<<"$e" || nw_fail "netwhy $*: stderr does not point to --help"
}
check_bad "unknown option --frobnicate" --frobnicate
check_bad "unknown option -Z" -Z
check_bad "needs a positive whole number" -c abc
check_bad "option -i needs a value" -i
check_bad "needs a number of seconds above 0" --json --duration -1
check_bad "at most 31536000 (365 days)" --json --duration 100000000
check_bad "cannot be combined" -r x.pcap --netns all

# A file that is not a capture: exit 2, the cause once, the file named once.
# check_replay_bad WANT FILE
check_replay_bad() {
  local rc=0 e
  e=$("$NETWHY" -r "$2" --json 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 2 ] || nw_fail "netwhy -r $2 exited $rc, want 2"
  grep -q -- "$1" <<<"$e" || nw_fail "netwhy -r $2: '$e' lacks '$1'"
  [ "$(grep -o -F -- "$2" <<<"$e" | wc -l)" -eq 1 ] || nw_fail "netwhy -r $2 names the file more than once: $e"
}
notcap=$(mktemp)
echo "hello, not a capture" >"$notcap"
check_replay_bad "not a pcap or pcapng capture (it starts with 68 65 6c 6c)" "$notcap"
: >"$notcap"
check_replay_bad "the file is empty" "$notcap"
rm -f "$notcap"
check_replay_bad "it is a directory, not a capture file" "$(dirname "$notcap")"

# --help lists every lab verb; a scenario's story cites nothing internal.
"$NETWHY" --help | grep -q 'lab list | describe NAME | up NAME' || nw_fail "--help lacks lab describe"
for s in $("$NETWHY" lab list | awk '{print $1}'); do
  d=$("$NETWHY" lab describe "$s") || nw_fail "lab describe $s failed"
  ! grep -q 'seeds/' <<<"$d" || nw_fail "lab describe $s cites internal material: $(grep seeds/ <<<"$d")"
done

# Without any privilege, live observation names the missing capabilities and
# how to grant them, and exits 4.  setpriv drops every capability, as root.
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
  rc=0
  e=$(setpriv --inh-caps=-all --bounding-set=-all --reuid=65534 --regid=65534 --clear-groups \
      "$NETWHY" --json --duration 1 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 4 ] || nw_fail "unprivileged netwhy exited $rc, want 4 (stderr: $e)"
  for cap in CAP_NET_RAW CAP_BPF CAP_PERFMON; do
    grep -q "$cap" <<<"$e" || nw_fail "unprivileged error lacks $cap: $e"
  done
  grep -q "run as root" <<<"$e" || nw_fail "unprivileged error gives no fix: $e"
  rc=0
  e=$(setpriv --inh-caps=-all --bounding-set=-all --reuid=65534 --regid=65534 --clear-groups \
      "$NETWHY" --json --no-capture --no-bpf --netns all --duration 1 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 4 ] || nw_fail "unprivileged --netns all exited $rc, want 4 (stderr: $e)"
  grep -q "CAP_SYS_ADMIN" <<<"$e" || nw_fail "--netns error lacks CAP_SYS_ADMIN: $e"
else
  nw_skip "the privilege checks need root and setpriv (util-linux)"
fi
echo "PASS: cli"
