/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2 checks: what a frame says about the link that IP will never see.
 *
 * Each dissected frame is classified against what netwhy knows of the
 * receiving interface (its MAC now and before, its addresses), of the local
 * neighbour table, and of earlier frames.  The result is a set of NW_L2_*
 * bits (kept in nw_packet_ev.l2_flags) and a verdict holding the facts that
 * prove each bit, from which nw_l2check_annotate() writes the sentence a
 * person reads ("destination 02:.. is not veth0's 02:..: dropped by the
 * kernel as OTHERHOST (veth0 had 02:.. before)").
 *
 * The module is pure: no I/O, no clock (every call takes the time), bounded
 * tables (the oldest entries make room and are counted).  Feed it link and
 * neighbour facts through the setters or nw_l2check_on_event().
 */
#ifndef NW_CAPTURE_L2CHECK_H
#define NW_CAPTURE_L2CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/dissect.h"
#include "core/event.h"

/* NW_L2_DST_MISMATCH (bit 0) is defined by core/event.h: JSON "mac_mismatch". */
#define NW_L2_DST_WAS_OURS (1u << 1)   /* ...and the destination is a MAC the interface had before */
#define NW_L2_NEIGH_CONFLICT (1u << 2) /* sender's MAC for its IP differs from the local neighbour table */
#define NW_L2_SENDER_FLAP (1u << 3)    /* sender's MAC for its IP changed since an earlier frame */
#define NW_L2_GRATUITOUS (1u << 4)     /* gratuitous ARP or unsolicited neighbour advertisement */
#define NW_L2_ANNOUNCE_MISSING (1u << 5) /* the interface changed MAC/address and announced nothing since */
#define NW_L2_REQ_UNANSWERED (1u << 6) /* ARP/NS request repeating earlier unanswered ones */
#define NW_L2_REPLY (1u << 7)          /* ARP reply / solicited NA that answered a recorded request */
#define NW_L2_NO_DST_MAC (1u << 8)     /* link type without a destination MAC (-i any): DST_MISMATCH
					* then comes from the kernel's packet type (OTHERHOST) */
#define NW_L2_IF_UNKNOWN (1u << 9)     /* the interface's MAC is not known: no dst check */

/* The bits nw_l2check_annotate() writes a sentence for (DST_WAS_OURS only with DST_MISMATCH). */
#define NW_L2_ANNOTATED                                                                    \
	(NW_L2_DST_MISMATCH | NW_L2_ANNOUNCE_MISSING | NW_L2_NEIGH_CONFLICT | NW_L2_SENDER_FLAP | \
	 NW_L2_GRATUITOUS | NW_L2_REQ_UNANSWERED)

/* How long after a MAC/address change an announcement may take before it counts as missing. */
#define NW_L2_ANNOUNCE_GRACE_NS 1000000000ull

struct nw_l2check;

/* The facts behind the bits of one frame. */
struct nw_l2_verdict {
	uint32_t flags;
	char ifname[NW_IFNAMSIZ];     /* "" when the interface is not known by name */
	struct nw_mac dst_mac;        /* the frame's destination */
	struct nw_mac if_mac;         /* the interface's MAC now */
	struct nw_mac prev_mac;       /* DST_WAS_OURS: the earlier MAC it matched */
	struct nw_addr sender_ip;     /* ARP/NDP sender (or NA target) */
	struct nw_mac sender_mac;     /* what this frame claims */
	struct nw_mac neigh_mac;      /* NEIGH_CONFLICT: what the neighbour table holds */
	struct nw_mac old_sender_mac; /* SENDER_FLAP: what an earlier frame claimed */
	uint32_t flaps;               /* SENDER_FLAP: changes seen for this IP */
	struct nw_addr target_ip;     /* requests and replies: the address asked for */
	uint32_t unanswered;          /* REQ_UNANSWERED: requests so far without a reply, this one included */
	uint64_t unanswered_ns;       /* ...since the first of them */
	uint64_t reply_ns;            /* REPLY: time since the request it answered */
	uint64_t change_ns;           /* ANNOUNCE_MISSING: time since the change */
	bool change_was_mac;          /* ANNOUNCE_MISSING: MAC (true) or address (false) changed */
};

/* Per-target request accounting (ARP who-has, NDP neighbour solicitation). */
struct nw_l2_request {
	uint64_t netns;
	uint32_t ifindex;
	struct nw_addr target;
	uint32_t requests, replies;
	uint32_t unanswered;          /* requests since the last reply */
	uint64_t first_request_ts;    /* of the current unanswered run, 0 if none */
	uint64_t last_request_ts, last_reply_ts;
};

/* Limits: interfaces, neighbour entries, sender records, request targets. */
struct nw_l2check *nw_l2check_new(size_t max_entries);
void nw_l2check_free(struct nw_l2check *ctx);

/*
 * The interface's MAC at time ts.  A different MAC than before is a change:
 * the old one goes to the history (last 4 kept) and an announcement is
 * expected.  ifname may be NULL (kept from before).
 */
int nw_l2check_set_if_mac(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			  const char *ifname, const struct nw_mac *mac, uint64_t ts);
/* Frames for other MACs are normal here (bridge port, promiscuous, macvlan lower). */
int nw_l2check_set_if_forwarding(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex, bool fwd);
/* A local address was added at ts: an announcement is expected. */
int nw_l2check_set_if_addr(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			   const struct nw_addr *addr, uint64_t ts);
/* The local neighbour table's MAC for ip on that interface; mac NULL or len 0 removes it. */
int nw_l2check_set_neigh(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			 const struct nw_addr *ip, const struct nw_mac *mac);
/* Feeds NW_EV_LINK and NW_EV_NEIGH events (others ignored); fits a bus subscriber. */
void nw_l2check_on_event(struct nw_l2check *ctx, const struct nw_event *ev);

/* nw_l2check_on_event() shaped as a core/bus.h subscriber: nw_bus_subscribe(bus, nw_l2check_bus_cb, ctx). */
void nw_l2check_bus_cb(const struct nw_event *ev, void *ctx);

/* The interface's current MAC; false when not known. */
bool nw_l2check_if_mac(const struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
		       struct nw_mac *mac);

/*
 * Direction of an Ethernet frame captured on an interface: out when its
 * source is the interface's MAC, in otherwise (libpcap does not tell with
 * DLT_EN10MB).  SLL/SLL2 frames carry the packet type and say it exactly.
 */
enum nw_pkt_dir nw_l2check_direction(const struct nw_l2check *ctx, uint64_t netns,
				     uint32_t ifindex, const struct nw_dissection *d);

/* Classifies one frame seen at ts on (netns, ifindex) in direction dir. Returns v->flags. */
uint32_t nw_l2check_frame(struct nw_l2check *ctx, uint64_t netns, uint32_t ifindex,
			  enum nw_pkt_dir dir, uint64_t ts, const struct nw_dissection *d,
			  struct nw_l2_verdict *v);

/* The sentence for a verdict ("" when nothing to say). Returns the length needed, like snprintf. */
size_t nw_l2check_annotate(const struct nw_l2_verdict *v, char *buf, size_t size);

/* Copies up to max request records (oldest first); returns how many there are. */
size_t nw_l2check_requests(const struct nw_l2check *ctx, struct nw_l2_request *out, size_t max);

/* Table entries evicted to make room, all tables together. */
uint64_t nw_l2check_evicted(const struct nw_l2check *ctx);

/* Short name of one NW_L2_* bit ("dst_mismatch", ...), NULL for an unknown bit. */
const char *nw_l2_flag_name(uint32_t bit);

#endif
