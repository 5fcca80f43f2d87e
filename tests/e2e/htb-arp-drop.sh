#!/bin/bash
# netwhy --json on the htb-arp-drop lab sees the whole chain (issue 3):
# the container's entry INCOMPLETE -> FAILED with probes, the ARP replies
# dropped by the bridge's htb qdisc (QDISC_DROP, addresses included), the
# qdisc with direct_qlen 0 and its drop count, and the connector's
# EHOSTUNREACH with its pid, comm and destination.  Oracles: ip, tc.
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
e2e_watch htb-arp-drop 14 --netns nwlab-htb-host --netns nwlab-htb-ctr

# The neighbour entry, as netlink and as the tracepoints saw it.
expect 'type=="neigh"' 'ns=="nwlab-htb-ctr"' 'ip=="192.0.2.1"' 'state=="FAILED"' \
  'prev_state=="INCOMPLETE"' 'probes>=3' 'origin=="netlink"'
expect 'type=="neigh"' 'ns=="nwlab-htb-ctr"' 'ip=="192.0.2.1"' 'state=="FAILED"' 'origin=="bpf"'
# ...and the oracle agrees on the probes.
probes=$(ip -n nwlab-htb-ctr -j -s neigh show 192.0.2.1 | json_get 'd[0].get("probes", -1) if d else -1')
[ "$probes" -ge 3 ] || nw_fail "ip neigh shows probes=$probes"
expect 'type=="neigh"' 'ns=="nwlab-htb-ctr"' 'ip=="192.0.2.1"' "probes==$probes"

# The ARP replies dropped at the bridge's qdisc.
expect 'type=="drop"' 'ns=="nwlab-htb-host"' 'ifname=="br0"' 'reason=="QDISC_DROP"' \
  'arp_op=="reply"' 'arp_spa=="192.0.2.1"' 'arp_tpa=="192.0.2.2"'
expect 'type=="qdisc"' 'ns=="nwlab-htb-host"' 'ifname=="br0"' 'op=="drop"' 'kind=="htb"' \
  'handle=="8003:"' 'pkt["arp_op"]=="reply"'
# The qdisc's state: htb, direct_qlen 0, drops as tc counts them (tc reads
# later, after more multicast may have been dropped: at most that many).
drops=$(tc -n nwlab-htb-host -j -s qdisc show dev br0 | json_get '[q for q in d if q["kind"]=="htb"][0]["drops"]')
[ "$drops" -gt 0 ] || nw_fail "tc shows no drops on br0"
expect 'type=="qdisc"' 'ns=="nwlab-htb-host"' 'op=="stats"' 'kind=="htb"' 'direct_qlen==0' \
  'drops>=3' "drops<=$drops"

# The connector's error, with who and where.
expect 'type=="sock_err"' 'ns=="nwlab-htb-ctr"' 'errno=="EHOSTUNREACH"' 'comm=="nwlab-connect"' \
  'pid>0' 'raddr=="192.0.2.1"' 'rport==80'
grep -q 'tcp_connect_errno=EHOSTUNREACH' "$E2E_DIR/run.log" || nw_fail "the workload did not report EHOSTUNREACH"
echo "PASS: htb-arp-drop seen by netwhy --json"
