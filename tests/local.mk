# tests/: shared test helpers; each folder registers its own tests in its local.mk.
EXTRA_DIST += tests/lib.sh

# End-to-end: netwhy --json watching each lab scenario (needs root and BPF).
NW_E2E_TESTS = tests/e2e/htb-arp-drop.sh tests/e2e/stale-peer-arp.sh \
	tests/e2e/netlink-overrun.sh tests/e2e/neigh-table-full.sh tests/e2e/nobpf.sh \
	tests/e2e/explain.sh tests/e2e/explain-symptoms.sh tests/e2e/route.sh \
	tests/e2e/healthy-churn.sh tests/e2e/explain-valgrind.sh
TESTS += $(NW_E2E_TESTS)
EXTRA_DIST += $(NW_E2E_TESTS) tests/e2e/lib_e2e.sh tests/e2e/expect.py tests/e2e/valgrind.supp
