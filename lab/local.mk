# lab/: failure scenarios (`netwhy lab`), their workloads and end-to-end tests.
# See the top-level Makefile.am for the shared variables.

# The workloads: small programs that provoke a failure and report what their
# system calls returned (key=value lines).  Installed beside the other helper
# programs; `netwhy lab run` finds them through NW_LAB_BIN.
pkglibexec_PROGRAMS += lab/workloads/nwlab-udpflood lab/workloads/nwlab-connect \
	lab/workloads/nwlab-nlisten lab/workloads/nwlab-churn
lab_workloads_nwlab_udpflood_SOURCES = lab/workloads/nwlab-udpflood.c \
	lab/workloads/wl_common.c lab/workloads/wl_common.h
lab_workloads_nwlab_connect_SOURCES = lab/workloads/nwlab-connect.c \
	lab/workloads/wl_common.c lab/workloads/wl_common.h
lab_workloads_nwlab_nlisten_SOURCES = lab/workloads/nwlab-nlisten.c \
	lab/workloads/wl_common.c lab/workloads/wl_common.h
lab_workloads_nwlab_churn_SOURCES = lab/workloads/nwlab-churn.c \
	lab/workloads/wl_common.c lab/workloads/wl_common.h
lab_workloads_nwlab_udpflood_LDADD = -lm
lab_workloads_nwlab_churn_LDADD = -lm
lab_workloads_nwlab_connect_LDADD = -lm
lab_workloads_nwlab_nlisten_LDADD = -lm

# The scenarios are shell scripts, installed under $(pkgdatadir)/lab/ with
# their directory layout (netwhy lab runs $(pkgdatadir)/lab/netwhy-lab.sh).
nobase_dist_pkgdata_DATA = lab/netwhy-lab.sh lab/lib/common.sh \
	lab/scenarios/neigh-table-full.sh lab/scenarios/stale-peer-arp.sh \
	lab/scenarios/netlink-overrun.sh lab/scenarios/htb-arp-drop.sh \
	lab/scenarios/healthy.sh lab/scenarios/healthy-churn.sh lab/scenarios/closed-port.sh \
	lab/scenarios/peer-link-down.sh lab/scenarios/netlink-uevent.sh lab/scenarios/route-unreachable.sh \
	lab/scenarios/route-policy.sh

# End-to-end tests: each builds a scenario and proves the failure with
# independent oracles (iproute2, /proc, nstat, the workload's report).
TESTS += tests/lab/neigh-table-full.sh tests/lab/stale-peer-arp.sh \
	tests/lab/netlink-overrun.sh tests/lab/htb-arp-drop.sh tests/lab/healthy.sh \
	tests/lab/crash-restore.sh tests/lab/cli.sh tests/lab/lock.sh
EXTRA_DIST += lab/README.md tests/lab/neigh-table-full.sh tests/lab/stale-peer-arp.sh \
	tests/lab/netlink-overrun.sh tests/lab/htb-arp-drop.sh tests/lab/healthy.sh \
	tests/lab/crash-restore.sh tests/lab/cli.sh tests/lab/lock.sh tests/lab/lab-lib.sh
