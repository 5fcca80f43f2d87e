/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recorded event sequences of two founding failures, for the screen's
 * golden tests and tui_demo: the events the sources deliver, in order,
 * through tests/unit/explain_fixture.h into a bus with the models.
 */
#ifndef NW_TESTS_TUI_SCENARIOS_H
#define NW_TESTS_TUI_SCENARIOS_H

#include "tests/unit/explain_fixture.h"

#define SCN_NS_HOST 4026532100ull /* "lab-host" */
#define SCN_NS_CTR 4026532200ull  /* "lab-ctr" */
#define SCN_NS_PEER 4026532300ull /* "lab-peer" */

#define SCN_CTR_MAC "02:00:00:00:02:02"
#define SCN_BR_MAC "02:00:00:00:01:01"

/* Names the namespaces (core/nsreg.h). */
void scn_name_namespaces(void);
/*
 * htb-arp-drop (FAILURES.md 4): the container's neighbour for the bridge
 * goes INCOMPLETE, its ARP requests reach the bridge, htb (direct_qlen 0)
 * drops the replies, the entry goes FAILED after 3 probes (probe_ms apart),
 * connect() gets EHOSTUNREACH.
 */
void scn_htb_arp_drop(struct fx *fx, int probe_ms);
/*
 * stale-peer-arp (FAILURES.md 2): the peer changed its MAC; the host keeps
 * the old one and its replies, addressed to it, are dropped as OTHERHOST.
 */
void scn_stale_peer_arp(struct fx *fx, int gap_ms);

#endif
