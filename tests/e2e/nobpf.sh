#!/bin/bash
# With --no-bpf the netlink events still stream and a source event says the
# probes are off and why (issue 3).
. "$NW_SRCDIR/tests/lib.sh"
. "$NW_SRCDIR/tests/e2e/lib_e2e.sh"
e2e_watch htb-arp-drop 9 --no-bpf --no-capture --netns nwlab-htb-ctr
expect 'type=="neigh"' 'ns=="nwlab-htb-ctr"' 'ip=="192.0.2.1"' 'state=="FAILED"'
expect --none 'origin=="bpf"' 'type!="source"'
expect 'type=="source"' 'name.startswith("bpf")' 'state=="off"' '"--no-bpf" in detail'
echo "PASS: --no-bpf streams netlink events and says why BPF is off"
