/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sentences for l2check verdicts: packet comments in pcapng and the packet panel. */
#include <stdio.h>
#include <sys/socket.h>

#include "capture/l2check.h"
#include "capture/textbuf.h"
#include "core/util.h"

/* Starts a new clause: "; " between clauses. */
static void tb_clause(struct nw_tbuf *t)
{
	if (t->len)
		nw_tbuf_printf(t, "; ");
}

static const char *ifn(const struct nw_l2_verdict *v)
{
	return v->ifname[0] ? v->ifname : "the interface";
}

static double secs(uint64_t ns)
{
	return (double)ns / 1e9;
}

size_t nw_l2check_annotate(const struct nw_l2_verdict *v, char *buf, size_t size)
{
	struct nw_tbuf t;
	char a[NW_MAC_STRLEN], b[NW_MAC_STRLEN], ip[NW_ADDR_STRLEN];

	nw_tbuf_init(&t, buf, size);
	if ((v->flags & NW_L2_DST_MISMATCH) && !v->dst_mac.len) {
		nw_tbuf_printf(&t, "the kernel marked this frame OTHERHOST on %s: its destination "
			       "MAC is not the interface's%s%s, so IP drops it", ifn(v),
			       v->if_mac.len ? " " : "",
			       v->if_mac.len ? nw_mac_fmt(&v->if_mac, b, sizeof(b)) : "");
	} else if (v->flags & NW_L2_DST_MISMATCH) {
		nw_tbuf_printf(&t, "destination %s is not %s's %s: dropped by the kernel as OTHERHOST",
			  nw_mac_fmt(&v->dst_mac, a, sizeof(a)), ifn(v),
			  nw_mac_fmt(&v->if_mac, b, sizeof(b)));
		if (v->flags & NW_L2_DST_WAS_OURS)
			nw_tbuf_printf(&t, " (%s had %s before)", ifn(v),
				  nw_mac_fmt(&v->prev_mac, a, sizeof(a)));
	}
	if (v->flags & NW_L2_ANNOUNCE_MISSING) {
		tb_clause(&t);
		nw_tbuf_printf(&t, "%s changed its %s %.1f s ago and sent no gratuitous ARP or unsolicited NA since",
			  ifn(v), v->change_was_mac ? "MAC" : "address", secs(v->change_ns));
	}
	if (v->flags & NW_L2_NEIGH_CONFLICT) {
		tb_clause(&t);
		nw_tbuf_printf(&t, "%s claims %s but the neighbour table of %s holds %s",
			  nw_addr_fmt(&v->sender_ip, ip, sizeof(ip)),
			  nw_mac_fmt(&v->sender_mac, a, sizeof(a)), ifn(v),
			  nw_mac_fmt(&v->neigh_mac, b, sizeof(b)));
	}
	if (v->flags & NW_L2_SENDER_FLAP) {
		tb_clause(&t);
		nw_tbuf_printf(&t, "%s moved from %s to %s (%u change%s seen)",
			  nw_addr_fmt(&v->sender_ip, ip, sizeof(ip)),
			  nw_mac_fmt(&v->old_sender_mac, a, sizeof(a)),
			  nw_mac_fmt(&v->sender_mac, b, sizeof(b)), v->flaps, v->flaps == 1 ? "" : "s");
	}
	if (v->flags & NW_L2_GRATUITOUS) {
		tb_clause(&t);
		nw_tbuf_printf(&t, "%s: %s is-at %s",
			  v->sender_ip.family == AF_INET6 ? "unsolicited neighbour advertisement" :
							    "gratuitous ARP",
			  nw_addr_fmt(&v->sender_ip, ip, sizeof(ip)),
			  nw_mac_fmt(&v->sender_mac, a, sizeof(a)));
	}
	if (v->flags & NW_L2_REQ_UNANSWERED) {
		tb_clause(&t);
		nw_tbuf_printf(&t, "request %u for %s without a reply for %.1f s", v->unanswered,
			  nw_addr_fmt(&v->target_ip, ip, sizeof(ip)), secs(v->unanswered_ns));
	}
	return t.len;
}
