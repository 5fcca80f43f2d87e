/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packets: one row per captured frame (time, namespace, interface,
 * direction, addresses, protocol, summary).  A frame addressed to a MAC that
 * is not the interface's is marked by colour AND a glyph, so it shows on a
 * monochrome terminal too.  Enter opens a frame's detail below it.
 */
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/bus.h"
#include "core/diag/explain.h"
#include "core/ring.h"
#include "core/util.h"
#include "tui/panel.h"

/* The panel lists this many of the newest packets (the event store may hold more). */
#define PACKET_ROWS 5000

/* Kinds of rows, for their keys (nw_row_key). */
enum { ROW_PACKET = 1, ROW_ETHER, ROW_FRAME, ROW_NOT_KEPT, ROW_NOTE, ROW_HEX, ROW_MORE, ROW_EMPTY };

#define ETH_ARP 0x0806
#define ETH_IPV4 0x0800
#define ETH_IPV6 0x86dd

static const char *proto_name(const struct nw_packet_ev *pk, char *buf, size_t size)
{
	switch (pk->ethertype) {
	case ETH_ARP:
		return "ARP";
	case ETH_IPV4:
	case ETH_IPV6:
		switch (pk->l4proto) {
		case IPPROTO_TCP:
			return "TCP";
		case IPPROTO_UDP:
			return "UDP";
		case IPPROTO_ICMP:
			return "ICMP";
		case IPPROTO_ICMPV6:
			return "ICMP6";
		case 0:
			return pk->ethertype == ETH_IPV4 ? "IPv4" : "IPv6";
		default:
			snprintf(buf, size, "ip/%u", pk->l4proto);
			return buf;
		}
	default:
		snprintf(buf, size, "0x%04x", pk->ethertype);
		return buf;
	}
}

static void tcp_flags(uint8_t f, char *buf, size_t size)
{
	static const struct {
		uint8_t bit;
		char c;
	} names[] = { { 0x02, 'S' }, { 0x01, 'F' }, { 0x04, 'R' }, { 0x08, 'P' }, { 0x10, '.' }, { 0x20, 'U' } };
	size_t n = 0;

	for (size_t i = 0; i < NW_ARRAY_SIZE(names) && n + 1 < size; i++) {
		if (f & names[i].bit)
			buf[n++] = names[i].c;
	}
	buf[n] = '\0';
}

static void icmp_text(const struct nw_packet_ev *pk, char *buf, size_t size)
{
	unsigned type = pk->arp_op >> 8, code = pk->arp_op & 0xff;

	if (pk->l4proto == IPPROTO_ICMP) {
		if (type == 8)
			snprintf(buf, size, "echo request");
		else if (type == 0)
			snprintf(buf, size, "echo reply");
		else if (type == 3 && code == 1)
			snprintf(buf, size, "host unreachable");
		else if (type == 3)
			snprintf(buf, size, "unreachable code %u", code);
		else
			snprintf(buf, size, "type %u code %u", type, code);
	} else {
		if (type == 128)
			snprintf(buf, size, "echo request");
		else if (type == 129)
			snprintf(buf, size, "echo reply");
		else if (type == 133)
			snprintf(buf, size, "router solicitation");
		else if (type == 134)
			snprintf(buf, size, "router advertisement");
		else if (type == 137)
			snprintf(buf, size, "redirect");
		else if (type == 143)
			snprintf(buf, size, "multicast listener report v2");
		else if (type == 135)
			snprintf(buf, size, "neighbor solicitation");
		else if (type == 136)
			snprintf(buf, size, "neighbor advertisement");
		else if (type == 1)
			snprintf(buf, size, "unreachable code %u", code);
		else
			snprintf(buf, size, "type %u code %u", type, code);
	}
}

static bool icmp_is_echo(const struct nw_packet_ev *pk)
{
	unsigned type = pk->arp_op >> 8;

	if (pk->l4proto == IPPROTO_ICMP)
		return type == 0 || type == 8;
	return pk->l4proto == IPPROTO_ICMPV6 && (type == 128 || type == 129);
}

static void summary(const struct nw_packet_ev *pk, char *buf, size_t size)
{
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN], m[NW_MAC_STRLEN], f[8];

	if (pk->ethertype == ETH_ARP) {
		if (pk->arp_op == 1)
			snprintf(buf, size, "who-has %s tell %s", nw_fmt_addr(&pk->dst, a, sizeof(a)),
				 nw_fmt_addr(&pk->src, b, sizeof(b)));
		else if (pk->arp_op == 2)
			snprintf(buf, size, "%s is-at %s", nw_fmt_addr(&pk->src, a, sizeof(a)),
				 nw_mac_fmt(&pk->src_mac, m, sizeof(m)));
		else
			snprintf(buf, size, "op %u", pk->arp_op);
	} else if (pk->l4proto == IPPROTO_TCP) {
		tcp_flags(pk->tcp_flags, f, sizeof(f));
		snprintf(buf, size, "%u > %u [%s] len %u", pk->sport, pk->dport, f, pk->len);
	} else if (pk->l4proto == IPPROTO_UDP) {
		snprintf(buf, size, "%u > %u len %u", pk->sport, pk->dport, pk->len);
	} else if (pk->l4proto == IPPROTO_ICMP || pk->l4proto == IPPROTO_ICMPV6) {
		icmp_text(pk, buf, size);
		/* as tcpdump writes it: "echo request, id 12984, seq 3"; a marked frame's MAC comes first */
		if (icmp_is_echo(pk) && !(pk->l2_flags & NW_L2_DST_MISMATCH)) {
			size_t n = strlen(buf);

			snprintf(buf + n, size - n, ", id %u, seq %u", pk->icmp_id, pk->icmp_seq);
		}
	} else {
		snprintf(buf, size, "len %u", pk->len);
	}
}

/* Column widths for the panel's width: the summary gets what is left. */
struct cols {
	int time, ns, ifn, addr, proto;
};

static struct cols widths(int w)
{
	struct cols c = { 11, 0, 8, 15, 5 };

	if (w >= 110)
		c.ns = 10;
	if (w >= 150)
		c.addr = 24;
	if (w < 70) {
		c.ifn = 6;
		c.addr = 12;
	}
	return c;
}

static uint64_t packet_key(uint64_t event_id)
{
	return nw_row_key(0, ROW_PACKET, &event_id, sizeof(event_id));
}

/* The row's identity and links, at collect time: cheap, for every packet. */
static struct nw_row *packet_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_event *ev)
{
	struct nw_row *r = nw_rows_push(rows, packet_key(ev->id));

	r->id = ev->id;
	r->lazy = true;
	r->ref = ev;
	r->link.valid = true;
	r->link.netns_ino = ev->netns_ino;
	nw_strlcpy(r->link.ifname, ev->ifname, sizeof(r->link.ifname));
	r->link.ip = ev->u.packet.src;
	r->link.ip2 = ev->u.packet.dst;
	r->link.mac = ev->u.packet.src_mac;
	r->link.mac2 = ev->u.packet.dst_mac;
	r->expandable = true;
	r->expanded = nw_panel_is_expanded(p, r->key);
	return r;
}

/* The row's text, only when it is drawn, filtered or searched. */
static void packet_format(struct nw_panel *p, struct nw_row *r)
{
	const struct nw_event *ev = r->ref;
	const struct nw_packet_ev *pk = &ev->u.packet;
	struct cols w = widths(p->view_w);
	bool ascii = p->ctx->ascii, mismatch = pk->l2_flags & NW_L2_DST_MISMATCH;
	enum nw_role role = pk->ethertype == ETH_ARP ? NW_ROLE_PACKET_ARP :
			    (pk->dir == NW_DIR_OUT ? NW_ROLE_PACKET_OUT : NW_ROLE_PACKET_IN);
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN], buf[160];
	uint64_t rel = ev->ts >= p->ctx->t0 ? ev->ts - p->ctx->t0 : 0;

	if (ev->id != r->id) {
		/* Collected before a burst of new events overwrote its slot in the store. */
		nw_row_add(r, NW_ROLE_MUTED, "(event #%" PRIu64 " evicted from the store)", r->id);
		return;
	}
	if (mismatch)
		role = NW_ROLE_PACKET_MAC_MISMATCH;
	nw_row_col(r, w.time, NW_ROLE_MUTED, "%4" PRIu64 ".%06" PRIu64, rel / 1000000000, (rel / 1000) % 1000000);
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	if (w.ns) {
		nw_row_col(r, w.ns, NW_ROLE_MUTED, "%s", nw_fmt_ns(ev->netns_ino, buf, sizeof(buf)));
		nw_row_add(r, NW_ROLE_DEFAULT, " ");
	}
	nw_row_col(r, w.ifn, role, "%s", ev->ifname[0] ? ev->ifname : "-");
	/* Unknown is drawn as unknown, not as received: loopback, a capture without direction flags. */
	nw_row_glyph(r, ascii,
		     pk->dir == NW_DIR_OUT ? NW_GLYPH_OUT : pk->dir == NW_DIR_IN ? NW_GLYPH_IN : NW_GLYPH_DIR_UNKNOWN,
		     pk->dir == NW_DIR_UNKNOWN ? NW_ROLE_MUTED : role);
	if (mismatch)
		nw_row_glyph(r, ascii, NW_GLYPH_MISMATCH, NW_ROLE_PACKET_MAC_MISMATCH);
	else
		nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, w.addr, role, "%s", nw_fmt_addr(&pk->src, a, sizeof(a)));
	nw_row_add(r, NW_ROLE_MUTED, " > ");
	nw_row_col(r, w.addr, role, "%s", nw_fmt_addr(&pk->dst, b, sizeof(b)));
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	nw_row_col(r, w.proto, role, "%s", proto_name(pk, buf, sizeof(buf)));
	nw_row_add(r, NW_ROLE_DEFAULT, " ");
	summary(pk, buf, sizeof(buf));
	nw_row_add(r, role, "%s", buf);
	if (mismatch) {
		char m[NW_MAC_STRLEN];

		nw_row_add(r, NW_ROLE_PACKET_MAC_MISMATCH, " to %s: not %s's MAC",
			   nw_mac_fmt(&pk->dst_mac, m, sizeof(m)), ev->ifname[0] ? ev->ifname : "the interface");
		if (icmp_is_echo(pk))
			nw_row_add(r, role, " (id %u, seq %u)", pk->icmp_id, pk->icmp_seq);
	}
	if (pk->partial)
		nw_row_add(r, NW_ROLE_PACKET_PARTIAL, " [partial]");
}

#define HEX_MAX 512 /* bytes shown; the rest is counted */

/* The frame's annotation and bytes, 16 a row with their ASCII, when main.c gave a byte store. */
static void packet_hex(struct nw_panel *p, struct nw_rows *rows, const struct nw_event *ev, uint64_t key)
{
	const uint8_t *data = NULL;
	const char *note = NULL;
	uint32_t caplen = 0;
	struct nw_row *r;

	if (!p->ctx->packet_bytes)
		return;
	if (!ev->u.packet.store_ref ||
	    !p->ctx->packet_bytes(p->ctx->packet_bytes_arg, ev->u.packet.store_ref, &data, &caplen, &note)) {
		r = nw_rows_push(rows, nw_row_key(key, ROW_NOT_KEPT, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "    bytes not kept (the packet store evicted them or capture keeps none)");
		return;
	}
	if (note && note[0]) {
		r = nw_rows_push(rows, nw_row_key(key, ROW_NOTE, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "    note ");
		nw_row_add(r, NW_ROLE_FINDING, "%s", note);
	}
	for (uint32_t off = 0; off < caplen && off < HEX_MAX; off += 16) {
		char hex[16 * 3 + 2], asc[17];
		size_t h = 0;

		r = nw_rows_push(rows, nw_row_key(key, ROW_HEX, &off, sizeof(off)));
		for (uint32_t i = 0; i < 16; i++) {
			if (off + i < caplen) {
				uint8_t b = data[off + i];

				h += (size_t)snprintf(hex + h, sizeof(hex) - h, "%02x%s", b, i == 7 ? "  " : " ");
				asc[i] = b >= 32 && b < 127 ? (char)b : '.';
			} else {
				h += (size_t)snprintf(hex + h, sizeof(hex) - h, "  %s", i == 7 ? "  " : " ");
				asc[i] = ' ';
			}
		}
		asc[16] = '\0';
		nw_row_add(r, NW_ROLE_MUTED, "    %04x  ", off);
		nw_row_add(r, NW_ROLE_DEFAULT, "%s", hex);
		nw_row_add(r, NW_ROLE_MUTED, " %s", asc);
	}
	if (caplen > HEX_MAX) {
		r = nw_rows_push(rows, nw_row_key(key, ROW_MORE, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "    ... %u more bytes", caplen - HEX_MAX);
	}
}

/* "flags dst_mismatch,dst_was_ours" by name (0x.. for bits without one), "flags none". */
static void l2_flags_text(const struct nw_panel *p, uint32_t flags, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "flags %s", flags ? "" : "none");

	for (uint32_t bit = 1; bit && n < size; bit <<= 1) {
		const char *name = p->ctx->l2_flag_name ? p->ctx->l2_flag_name(bit) : NULL;

		if (!(flags & bit))
			continue;
		flags &= ~bit;
		if (name)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", name, flags ? "," : "");
		else
			n += (size_t)snprintf(buf + n, size - n, "0x%x%s", bit, flags ? "," : "");
	}
}

/* The detail of an expanded frame: a few rows under its row (key). */
static void packet_detail(struct nw_panel *p, struct nw_rows *rows, const struct nw_event *ev, uint64_t key)
{
	const struct nw_packet_ev *pk = &ev->u.packet;
	char m1[NW_MAC_STRLEN], m2[NW_MAC_STRLEN], buf[200];
	struct nw_row *r;

	r = nw_rows_push(rows, nw_row_key(key, ROW_ETHER, NULL, 0));
	r->indent = 1;
	nw_row_add(r, NW_ROLE_MUTED, "    ether ");
	nw_row_add(r, NW_ROLE_DEFAULT, "%s > %s", nw_mac_fmt(&pk->src_mac, m1, sizeof(m1)),
		   nw_mac_fmt(&pk->dst_mac, m2, sizeof(m2)));
	if (pk->l2_flags & NW_L2_DST_MISMATCH)
		nw_row_add(r, NW_ROLE_PACKET_MAC_MISMATCH, " (destination is not this interface's MAC)");
	if (pk->vlan[0])
		nw_row_add(r, NW_ROLE_DEFAULT, " vlan %u", pk->vlan[0]);
	if (pk->vlan[1])
		nw_row_add(r, NW_ROLE_DEFAULT, ".%u", pk->vlan[1]);
	r = nw_rows_push(rows, nw_row_key(key, ROW_FRAME, NULL, 0));
	r->indent = 1;
	nw_row_add(r, NW_ROLE_MUTED, "    frame ");
	nw_row_add(r, NW_ROLE_DEFAULT, "len %u captured %u ethertype 0x%04x ", pk->len, pk->caplen, pk->ethertype);
	l2_flags_text(p, pk->l2_flags, buf, sizeof(buf));
	nw_row_add(r, NW_ROLE_DEFAULT, "l2 %s event #%" PRIu64, buf, ev->id);
	if (pk->partial)
		nw_row_add(r, NW_ROLE_PACKET_PARTIAL, " dissection stopped early (truncated or malformed)");
	packet_hex(p, rows, ev, key);
}

static int cmp_time(const void *a, const void *b)
{
	const struct nw_event *x = *(const struct nw_event *const *)a, *y = *(const struct nw_event *const *)b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The ids of the newest packet events (uint64_t), oldest first: the panel's rows. */
static void packets_init(struct nw_panel *p)
{
	p->priv = nw_ring_new(sizeof(uint64_t), PACKET_ROWS);
}

static void packets_free(struct nw_panel *p)
{
	nw_ring_free(p->priv);
}

static void packets_on_event(struct nw_panel *p, const struct nw_event *ev)
{
	if (ev->type == NW_EV_PACKET)
		nw_ring_push(p->priv, &ev->id);
}

static void packets_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	const struct nw_ring *ids = p->priv;
	struct cols w = widths(p->view_w);
	size_t n = ids ? nw_ring_count(ids) : 0, shown = 0, gone = 0;
	const struct nw_event **evs;

	heading->len = heading->cells = 0;
	nw_row_col(heading, w.time, NW_ROLE_COLUMN, "time");
	nw_row_add(heading, NW_ROLE_COLUMN, " ");
	if (w.ns) {
		nw_row_col(heading, w.ns, NW_ROLE_COLUMN, "netns");
		nw_row_add(heading, NW_ROLE_COLUMN, " ");
	}
	nw_row_col(heading, w.ifn + 3, NW_ROLE_COLUMN, "if");
	nw_row_col(heading, w.addr + 3, NW_ROLE_COLUMN, "source");
	nw_row_col(heading, w.addr + 1, NW_ROLE_COLUMN, "destination");
	nw_row_col(heading, w.proto + 1, NW_ROLE_COLUMN, "proto");
	nw_row_add(heading, NW_ROLE_COLUMN, "summary");
	evs = nw_xcalloc(n ? n : 1, sizeof(*evs));
	for (size_t i = 0; i < n; i++) {
		uint64_t id = *(const uint64_t *)nw_ring_at(ids, i);
		const struct nw_event *ev;

		if (id > p->ctx->upto_id)
			break;
		ev = nw_bus_get(p->ctx->bus, id);
		if (!ev) {
			gone++; /* the event store evicted it (the header counts evictions) */
			continue;
		}
		evs[shown++] = ev;
	}
	/* In time order: capture handles deliver in batches, one interface after another. */
	qsort(evs, shown, sizeof(*evs), cmp_time);
	for (size_t i = 0; i < shown; i++) {
		const struct nw_row *r = packet_row(p, rows, evs[i]);

		if (r->expanded)
			packet_detail(p, rows, evs[i], r->key);
	}
	free(evs);
	if (nw_ring_evicted(ids) || gone)
		nw_row_add(heading, NW_ROLE_MUTED, " (newest %zu)", shown);
	if (!shown) {
		struct nw_row *r = nw_rows_push(rows, nw_row_key(0, ROW_EMPTY, NULL, 0));

		nw_row_add(r, NW_ROLE_MUTED, "no packets captured yet");
	}
}

static unsigned packets_key(struct nw_panel *p, enum nw_action act)
{
	const struct nw_row *r = nw_panel_selected(p);

	if (act == NW_ACT_ENTER && r && r->expandable) {
		nw_panel_toggle_expanded(p, r->key);
		p->follow = false;
		return NW_REDRAW_PANEL;
	}
	if (act == NW_ACT_BACK && r && nw_panel_is_expanded(p, r->key)) {
		nw_panel_toggle_expanded(p, r->key);
		return NW_REDRAW_PANEL;
	}
	return NW_REDRAW_UNHANDLED;
}

/* Does packet pk show what ev is about?  A drop: the same addresses; a link: a frame mismatching its MAC. */
static bool packet_matches(const struct nw_event *pkt, const struct nw_event *ev)
{
	const struct nw_packet_ev *pk = &pkt->u.packet;

	if (pkt->netns_ino != ev->netns_ino || (ev->ifindex && pkt->ifindex != ev->ifindex))
		return false;
	if (ev->type == NW_EV_LINK)
		return pk->l2_flags & NW_L2_DST_MISMATCH;
	if (ev->type == NW_EV_DROP) {
		const struct nw_drop_ev *d = &ev->u.drop;

		if (d->protocol == ETH_ARP)
			return nw_addr_same(&pk->src, &d->arp_spa) && nw_addr_same(&pk->dst, &d->arp_tpa);
		return nw_addr_same(&pk->src, &d->src) && nw_addr_same(&pk->dst, &d->dst);
	}
	return false;
}

struct find_pkt {
	const struct nw_event *ev;
	uint64_t best;
};

static void find_visit(const struct nw_event *pkt, void *arg)
{
	struct find_pkt *f = arg;

	/* The newest matching frame at or before the event (a drop follows its frame). */
	if (packet_matches(pkt, f->ev) && (pkt->id <= f->ev->id || !f->best))
		f->best = pkt->id;
}

static uint64_t packets_row_for_event(struct nw_panel *p, const struct nw_event *ev)
{
	struct find_pkt f = { ev, 0 };

	if (ev->type == NW_EV_PACKET)
		return packet_key(ev->id);
	if (ev->type != NW_EV_DROP && ev->type != NW_EV_LINK)
		return 0;
	nw_ctx_each_event(p->ctx, NW_EVMASK(NW_EV_PACKET), find_visit, &f);
	return f.best ? packet_key(f.best) : 0;
}

const struct nw_panel_ops nw_panel_packets_ops = {
	.name = "Packets",
	.hotkey = '1',
	.help = "Frames captured on the interfaces in scope: time since the first event, namespace (wide "
		"screens), interface, direction (received or sent), addresses (for ARP the sender and target "
		"IPs), protocol and a summary.  A frame addressed to a MAC that is not the interface's own is "
		"marked in colour and with a glyph: the kernel drops it as OTHERHOST before IP sees it, which is "
		"how a stale ARP entry on a peer looks.  Enter shows a frame's MACs, lengths and flags; G follows "
		"new frames; p pauses.",
	.events = NW_EVMASK(NW_EV_PACKET) | NW_EVMASK(NW_EV_LINK),
	/* and the layers no other panel shows */
	.layers = NW_CLMASK(NW_CL_LINK) | NW_CLMASK(NW_CL_L2) | NW_CLMASK(NW_CL_NETFILTER) | NW_CLMASK(NW_CL_ROUTE),
	.tail = true,
	.init = packets_init,
	.on_event = packets_on_event,
	.collect = packets_collect,
	.format = packet_format,
	.draw = nw_panel_draw_list,
	.on_key = packets_key,
	.row_for_event = packets_row_for_event,
	.free = packets_free,
};
