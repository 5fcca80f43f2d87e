# Shared by tests/containers/*.sh: a busybox root filesystem (Debian's
# busybox-static: no registry is reachable) and checks on netwhy's JSON.

# ctr_rootfs DIR: a minimal root with busybox and the applets the tests run.
ctr_rootfs() {
  local a
  mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/tmp" "$1/etc"
  cp "$(command -v busybox)" "$1/bin/busybox"
  for a in sh sleep ping ip nc cat; do ln -sf busybox "$1/bin/$a"; done
  # ldd fails on a static executable: the only kind that runs in an empty root.
  ldd "$1/bin/busybox" >/dev/null 2>&1 &&
    nw_skip "$(command -v busybox) is dynamically linked: install busybox-static"
  return 0
}

# ctr_ns_named FILE NAME: some event in FILE carries netns.name NAME.
ctr_ns_named() {
  grep -q "\"netns\":{\"inode\":[0-9]*,\"name\":\"$2\"" "$1"
}
