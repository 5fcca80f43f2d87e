#!/bin/bash
# Docker containers by name, against a real dockerd (Debian's docker.io):
# `--netns all` names each container's namespace docker:NAME, --container
# takes a name or an id prefix, a container started during the run is
# named as it appears, and `netwhy explain` on an HTB direct_qlen 0 drop
# inside a container names it and says how to enter it.
#
# The test starts dockerd itself when none answers, on a bridge of its own
# (nwtest-dk0, 203.0.113.0/24) with --iptables=false --ip-forward=false, so
# no firewall rule or global sysctl changes; it stops it and removes what it
# created.  The image is imported from a busybox-static root filesystem.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/containers/lib_containers.sh"
nw_require_root
nw_require_cmd dockerd containerd runc busybox tc nsenter python3
# The docker.io client: another `docker` earlier on PATH may speak to something else.
DOCKER=/usr/bin/docker
[ -x $DOCKER ] || nw_skip "needs $DOCKER (Debian package docker.io)"
nw_lab_lock

BR=nwtest-dk0
IMG=nwtest/busybox:nw
W1=nwtest-web1 W2=nwtest-web2 W3=nwtest-web3
tmp=$(mktemp -d)
dockerd_pid=
made=()
cleanup() {
  set +e
  $DOCKER rm -f $W1 $W2 $W3 >/dev/null 2>&1
  $DOCKER rmi $IMG >/dev/null 2>&1
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid"
    nw_wait_for 30 bash -c "! kill -0 $dockerd_pid" || kill -9 "$dockerd_pid"
    ip link del $BR 2>/dev/null
    # What dockerd created on this host (it keeps its images and state otherwise).
    for p in "${made[@]}"; do umount -R "$p" 2>/dev/null; rm -rf "$p"; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

docker_up() { $DOCKER version >/dev/null 2>&1; }
if ! docker_up; then
  [ -e /var/run/docker.sock ] && nw_skip "/var/run/docker.sock exists but no dockerd answers on it"
  for p in /var/lib/docker /run/docker /run/containerd /var/lib/containerd /run/docker.sock /etc/docker/key.json; do
    [ -e "$p" ] || made+=("$p")
  done
  ip link show $BR >/dev/null 2>&1 && ip link del $BR
  ip link add $BR type bridge && ip addr add 203.0.113.1/24 dev $BR && ip link set $BR up ||
    nw_fail "cannot create bridge $BR"
  dockerd --bridge $BR --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --storage-driver overlay2 >"$tmp/dockerd.log" 2>&1 &
  dockerd_pid=$!
  nw_wait_for 60 docker_up || nw_skip "dockerd does not start here: $(tail -3 "$tmp/dockerd.log")"
fi
nw_note "dockerd: $($DOCKER version -f '{{.Server.Version}}')${dockerd_pid:+ (started by this test)}"

mkdir "$tmp/rootfs" && ctr_rootfs "$tmp/rootfs"
tar -C "$tmp/rootfs" -c . | $DOCKER import - $IMG >/dev/null || nw_fail "docker import failed"
$DOCKER rm -f $W1 $W2 $W3 >/dev/null 2>&1
for w in $W1 $W2; do
  $DOCKER run -d --name $w $IMG sleep 600 >/dev/null || nw_fail "docker run $w failed"
done
id1=$($DOCKER inspect -f '{{.Id}}' $W1)
ip2=$($DOCKER inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' $W2)

# --netns all: every container's namespace by its name.
"$NETWHY" --netns all --json --duration 1.5 >"$tmp/all.jsonl" 2>"$tmp/all.err" || nw_fail "netwhy --netns all: $(tail -3 "$tmp/all.err")"
for w in $W1 $W2; do
  ctr_ns_named "$tmp/all.jsonl" "docker:$w" || nw_fail "--netns all did not name $w's namespace: $(grep -o '"netns":{[^}]*}' "$tmp/all.jsonl" | sort -u)"
done
grep -q "\"container\":{\"runtime\":\"docker\",\"id\":\"$id1\",\"name\":\"$W1\",\"image\":\"$IMG\"" "$tmp/all.jsonl" ||
  nw_fail "netns.container does not describe $W1"

# Completion offers the running containers by name.
comp=$(find "$NW_BUILDDIR" -path '*completion*' -name netwhy -type f | head -1)
[ -n "$comp" ] || nw_fail "the built bash completion was not found under $NW_BUILDDIR"
# shellcheck disable=SC1090
names=$(PATH=/usr/bin:$PATH bash -c ". '$comp'; _netwhy_container_names")
for w in $W1 $W2; do
  grep -qx "$w" <<<"$names" || nw_fail "completion offers '$names', not $w"
done

# --container by name and by id prefix; a shared prefix lists the candidates.
for q in $W1 "${id1:0:10}"; do
  "$NETWHY" --container "$q" --json --duration 1 >"$tmp/one.jsonl" 2>"$tmp/one.err" || nw_fail "--container $q: $(tail -3 "$tmp/one.err")"
  ctr_ns_named "$tmp/one.jsonl" "docker:$W1" || nw_fail "--container $q: $W1's namespace not watched"
  ctr_ns_named "$tmp/one.jsonl" "docker:$W2" && nw_fail "--container $q: $W2's namespace watched too"
done
msg=$("$NETWHY" --container nwtest-web --json --duration 0.1 2>&1 >/dev/null) && nw_fail "an ambiguous prefix was accepted"
case $msg in *ambiguous*$W1*|*ambiguous*$W2*$W1*) ;; *) nw_fail "the ambiguous prefix error does not list the candidates: $msg";; esac
nw_note "ambiguous: $msg"
msg=$("$NETWHY" --container nwtest-nosuch --json --duration 0.1 2>&1 >/dev/null) && nw_fail "an unknown container was accepted"
nw_note "unknown: $msg"

# A container started during the run is named as it appears.
"$NETWHY" --netns all --json -v --duration 30 >"$tmp/live.jsonl" 2>"$tmp/live.err" &
live=$!
nw_wait_for 20 grep -q 'capabilities after start-up' "$tmp/live.err" || nw_fail "netwhy did not start: $(tail -3 "$tmp/live.err")"
$DOCKER run -d --name $W3 $IMG sleep 600 >/dev/null || nw_fail "docker run $W3 failed"
pid3=$($DOCKER inspect -f '{{.State.Pid}}' $W3)
# A change in its namespace until netwhy reports one under the container's name.
touch_ns() {
  nsenter -n -t "$pid3" ip link add nwtest-t0 type bridge && nsenter -n -t "$pid3" ip link del nwtest-t0
  ctr_ns_named "$tmp/live.jsonl" "docker:$W3"
}
nw_wait_for 20 touch_ns || nw_fail "$W3, started during the run, was not named: $(grep -o '"netns":{[^}]*}' "$tmp/live.jsonl" | sort -u)"
kill "$live"; wait "$live"

# A failure inside a container: HTB with direct_qlen 0 on $W1's eth0 drops its ARP requests.
pid1=$($DOCKER inspect -f '{{.State.Pid}}' $W1)
nsenter -n -t "$pid1" tc qdisc replace dev eth0 root handle 8003: htb direct_qlen 0 || nw_fail "cannot add the HTB qdisc in $W1"
nsenter -n -t "$pid1" ip neigh flush all
"$NETWHY" explain --container $W1 --json -v --duration 8 >"$tmp/ex.jsonl" 2>"$tmp/ex.err" &
ex=$!
nw_wait_for 20 grep -q 'capabilities after start-up' "$tmp/ex.err" || nw_fail "netwhy explain did not start: $(tail -3 "$tmp/ex.err")"
$DOCKER exec $W1 ping -c 3 -W 1 "$ip2" >/dev/null 2>&1 && nw_fail "$W1 reached $W2 through HTB direct_qlen 0"
wait "$ex" || nw_fail "netwhy explain failed: $(tail -3 "$tmp/ex.err")"
python3 "$NW_SRCDIR/tests/e2e/expect.py" "$tmp/ex.jsonl" 'type=="explanation"' 'cause["layer"]=="qdisc"' \
  "\"qdisc htb 8003: dev eth0 netns docker:$W1\" in cause[\"object\"]" \
  "\"tc -n ../../proc/\$(docker inspect -f '{{.State.Pid}}' $W1)/ns/net\" in fix" ||
  nw_fail "explain did not name $W1 or say how to enter it: $(grep -o '"fix":"[^"]*' "$tmp/ex.jsonl" | head -2)"
echo "ok: docker containers named, found by name and id prefix, explained by name"
