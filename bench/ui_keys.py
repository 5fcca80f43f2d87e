#!/usr/bin/env python3
# bench/ui_keys.py: what a person waits for in netwhy's interactive view,
# measured through tmux from outside the process.
#
#   ui_keys.py first SESSION W H CMD...   start CMD in a new tmux session of WxH and
#                                         print first_frame_ms=T (start to the header
#                                         line "netwhy ..." on screen)
#   ui_keys.py keys SESSION N             press '?' N times (help opens, closes) and print
#                                         the key-to-screen latencies: p50_ms p99_ms max_ms
#   ui_keys.py echo SESSION N             the same against `cat` in a new session: the
#                                         floor of the method (tmux, the pty, this machine)
#
# Latency is from just before `tmux send-keys` to the first capture of the
# pane that shows the change; a capture takes about a millisecond, which is
# the resolution.
import subprocess
import sys
import time

HELP_MARK = "side by side"  # first paragraph of the help page (tui/help.c)


def pane(session):
    r = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                       capture_output=True, text=True)
    return r.stdout


def wait_for(session, pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred(pane(session)):
            return time.monotonic()
    return None


def first(session, w, h, cmd):
    t0 = time.monotonic()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", w, "-y", h, cmd],
                   check=True)
    t = wait_for(session, lambda s: s.startswith("netwhy "), 30)
    if t is None:
        print("first_frame_ms=timeout")
        return 1
    print("first_frame_ms=%.1f" % ((t - t0) * 1000))
    return 0


def keys(session, n):
    lat = []
    for i in range(n):
        want_open = HELP_MARK not in pane(session)
        t0 = time.monotonic()
        subprocess.run(["tmux", "send-keys", "-t", session, "?"], check=True)
        t = wait_for(session, lambda s: (HELP_MARK in s) == want_open, 2)
        lat.append((t - t0) * 1000 if t is not None else 2000.0)
        time.sleep(0.05)
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print("keys=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f" % (n, p(0.5), p(0.99), lat[-1]))
    return 0


def echo(session, n):
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", "cat"],
                   check=True)
    time.sleep(0.3)
    lat = []
    for i in range(n):
        t0 = time.monotonic()
        subprocess.run(["tmux", "send-keys", "-t", session, "x"], check=True)
        t = wait_for(session, lambda s: s.count("x") > i, 2)
        lat.append((t - t0) * 1000 if t is not None else 2000.0)
        time.sleep(0.05)
    subprocess.run(["tmux", "kill-session", "-t", session])
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print("keys=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f" % (n, p(0.5), p(0.99), lat[-1]))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "echo":
        sys.exit(echo(sys.argv[2], int(sys.argv[3])))
    if len(sys.argv) >= 6 and sys.argv[1] == "first":
        sys.exit(first(sys.argv[2], sys.argv[3], sys.argv[4], " ".join(sys.argv[5:])))
    if len(sys.argv) == 4 and sys.argv[1] == "keys":
        sys.exit(keys(sys.argv[2], int(sys.argv[3])))
    print(__doc__ or "usage: ui_keys.py first SESSION W H CMD... | keys SESSION N", file=sys.stderr)
    sys.exit(2)
