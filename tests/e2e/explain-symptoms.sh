#!/bin/bash
# netwhy explain names the commonest failures precisely (issue 14), live and
# from the recording: a connect to a port nothing listens on (socket layer,
# the address, port and namespace, and the listener on loopback); a veth
# whose far end went down (the link, not the noop qdisc it drops into); a
# uevent listener that overran (its netlink protocol by name).  Each refused
# connect is one failure: counted once, named with the process that made it.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
nw_require_cmd setpriv python3

# Each connect of the run (one process each) fails once: counted once.
EXPLAIN_NONE='symptom.startswith("ECONNREFUSED") and " 1 time " not in symptom' \
  explain_lab closed-port 9 socket "nothing listens on 192.0.2.20:8080/tcp in netns nwlab-cp-server" \
  "ss -ltnp" --netns nwlab-cp-server --netns nwlab-cp-client
explain_lab peer-link-down 12 link \
  "dev eth0 netns nwlab-pld-a (no carrier: its peer eth0 netns nwlab-pld-b is down)" \
  "ip -n nwlab-pld-b link set eth0 up" --netns nwlab-pld-a --netns nwlab-pld-b
explain_lab netlink-uevent 9 netlink "NETLINK_KOBJECT_UEVENT socket portid" SO_RCVBUF \
  --netns nwlab-nlu-host
echo "PASS: netwhy explain names the closed port, the peer link down and the uevent listener"
