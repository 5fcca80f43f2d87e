/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Routine kernel behaviour: what a busy, healthy host does all day and a
 * detector must not call a failure (issue 14).  Each kind is told from a
 * symptom by the kernel's own evidence; the detectors (correlate.c) ask here:
 *
 * - Cleanup that comes with every connection's end (a socket closed with
 *   unread data: QUEUE_PURGE, TCP_ABORT_ON_CLOSE/ON_DATA; a segment for a
 *   connection already gone: NO_SOCKET, TCP_CLOSE; ECONNRESET or EPIPE
 *   after the peer's ordinary close).  A healthy host produces about one
 *   per short connection.  It is the symptom only "far above normal", which
 *   nw_routine_far_above() defines: in one namespace, one kind reaching
 *   `min` events within one second (NW_ROUTINE_WINDOW_NS) AND at least a
 *   quarter as many as the packets captured in that namespace in that
 *   second.  A short TCP connection is 7 packets or more and ends with at
 *   most two such events; a flood (a scan of closed ports, a program that
 *   never reads) is one event for every packet or two.  Where no packet was
 *   captured the rate alone decides.
 *
 * - A link's own flap: while an administrator takes a link down and up or
 *   changes its MTU, the kernel's own ARP/NDP/MLD sent in that moment meets
 *   the noop qdisc of a link not yet running and rises Ip6OutDiscards.  Such
 *   losses within NW_ROUTINE_SETTLE_NS of the link's change are the flap's.
 *
 * - An administrator's neighbour delete or flush: the packets that were
 *   waiting on the entry (NEIGH_FAILED) or caught it dead (NEIGH_DEAD).
 *
 * - A namespace going away: its sockets' unread messages that carry no
 *   packet (QUEUE_PURGE of netlink or unix skbs) are nobody's traffic.
 *
 * - A bridge's flooded copy of a frame for a MAC it forgot reaches every
 *   port: a bystander's copy is for an address not its own; and frames to
 *   an address's previous MAC stop once the sender's cache catches up
 *   (a symptom when they repeat: 3 frames, or 2 s; detect_packet).
 */
#ifndef NW_CORE_DIAG_ROUTINE_H
#define NW_CORE_DIAG_ROUTINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/diag/link_model.h"
#include "core/diag/neigh_model.h"

#define NW_ROUTINE_WINDOW_NS 1000000000ull
#define NW_ROUTINE_SETTLE_NS 2000000000ull

/* What is counted: a drop reason, an errno, or (code 0) captured packets. */
enum nw_routine_what { NW_ROUTINE_PACKETS, NW_ROUTINE_DROP, NW_ROUTINE_ERRNO, NW_ROUTINE_COUNT };

struct nw_routine;

struct nw_routine *nw_routine_new(size_t capacity);
void nw_routine_free(struct nw_routine *r);

/* Counts n events of (netns, what, code) at ts; returns the count in the current window. */
uint64_t nw_routine_count(struct nw_routine *r, uint64_t netns_ino, enum nw_routine_what what,
			  uint32_t code, uint64_t ts, uint64_t n);
/* Counts them, and says whether the window's count is far above normal (see above). */
bool nw_routine_far_above(struct nw_routine *r, uint64_t netns_ino, enum nw_routine_what what,
			  uint32_t code, uint64_t ts, uint64_t n, uint32_t min);

/*
 * A packet to dst lost on link (netns, ifindex) at ts is the link's own business: the link
 * changed (down/up, MTU, carrier) within NW_ROUTINE_SETTLE_NS, or it is not running and the
 * packet was group traffic (the kernel's MLD reports and router solicitations to ff02::/16,
 * which nobody waits for).  A unicast packet to a link long down stays a symptom.
 */
bool nw_routine_link_loss(const struct nw_link_model *l, uint64_t netns_ino, uint32_t ifindex,
			  uint64_t ts, const struct nw_addr *dst);
/*
 * The neighbour entry was last changed by an administrator, within NW_ROUTINE_SETTLE_NS of ts.
 * ifindex 0 and ip NULL: any entry of the namespace (a socket's EHOSTUNREACH names its peer,
 * not the interface or the gateway whose entry the packets waited on).
 */
bool nw_routine_neigh_admin(const struct nw_neigh_model *n, uint64_t netns_ino, uint32_t ifindex,
			    const struct nw_addr *ip, uint64_t ts);
/* A link of the namespace changed between from - NW_ROUTINE_SETTLE_NS and to. */
bool nw_routine_netns_flapped(const struct nw_link_model *l, uint64_t netns_ino, uint64_t from,
			      uint64_t to);

#endif
