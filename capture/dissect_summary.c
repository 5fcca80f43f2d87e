/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one-line summary of a dissection, for golden tests and the packet
 * panel.  Deterministic: no time, no name lookups, unknown values printed as
 * numbers.  Modelled on `tcpdump -e -n` but not byte-compatible with it.
 */
#include <stdio.h>

#include "capture/dissect_int.h"
#include "capture/textbuf.h"
#include "core/util.h"

static const char *mac_str(const struct nw_mac *m, char *buf)
{
	if (!m->len)
		return "?";
	return nw_mac_fmt(m, buf, NW_MAC_STRLEN);
}

static const char *addr_str(const struct nw_addr *a, char *buf)
{
	nw_addr_fmt(a, buf, NW_ADDR_STRLEN);
	return buf[0] ? buf : "?";
}

static const char *pkttype_name(uint16_t t)
{
	static const char *const names[] = { "host", "broadcast", "multicast", "otherhost", "outgoing" };

	return t < NW_ARRAY_SIZE(names) ? names[t] : NULL;
}

static void sum_link(struct nw_tbuf *sb, const struct nw_dissection *d)
{
	char a[NW_MAC_STRLEN], b[NW_MAC_STRLEN];
	const char *pt;

	if (nw_dissect_has(d, NW_LAYER_ETH)) {
		nw_tbuf_printf(sb, "%s > %s, ", mac_str(&d->src_mac, a), mac_str(&d->dst_mac, b));
	} else if (nw_dissect_has(d, NW_LAYER_SLL) || nw_dissect_has(d, NW_LAYER_SLL2)) {
		pt = pkttype_name(d->sll_pkttype);
		if (pt)
			nw_tbuf_printf(sb, "%s ", pt);
		else
			nw_tbuf_printf(sb, "pkttype %u ", d->sll_pkttype);
		if (nw_dissect_has(d, NW_LAYER_SLL2))
			nw_tbuf_printf(sb, "ifindex %u ", d->sll_ifindex);
		nw_tbuf_printf(sb, "%s, ", d->src_mac.len ? mac_str(&d->src_mac, a) : "-");
	} else if (nw_dissect_has(d, NW_LAYER_NULL)) {
		nw_tbuf_printf(sb, "loopback af %u, ", d->null_family);
	}
	for (unsigned i = 0; i < d->nvlan; i++)
		nw_tbuf_printf(sb, "%s %u, ", d->vlan_tpid[i] == NW_ETH_P_8021Q ? "vlan" : "qinq",
			  d->vlan[i]);
}

static void sum_arp(struct nw_tbuf *sb, const struct nw_dissection *d)
{
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN], m[NW_MAC_STRLEN];
	bool eth_ip = d->arp_hrd == 1 && d->arp_pro == NW_ETH_P_IPV4 && d->arp_hln == 6 &&
		      d->arp_pln == 4;

	nw_tbuf_printf(sb, "%s, ", d->ethertype == NW_ETH_P_RARP ? "RARP" : "ARP");
	if (!eth_ip) {
		nw_tbuf_printf(sb, "hrd %u pro 0x%04x hln %u pln %u op %u", d->arp_hrd, d->arp_pro,
			  d->arp_hln, d->arp_pln, d->arp_op);
		return;
	}
	switch (d->arp_op) {
	case 1:
		nw_tbuf_printf(sb, "Request who-has %s tell %s", addr_str(&d->arp_tpa, a),
			  addr_str(&d->arp_spa, b));
		if (d->arp_spa.family && !memcmp(d->arp_spa.bytes, d->arp_tpa.bytes, 4))
			nw_tbuf_printf(sb, " (gratuitous)");
		break;
	case 2:
		nw_tbuf_printf(sb, "Reply %s is-at %s", addr_str(&d->arp_spa, a),
			  mac_str(&d->arp_sha, m));
		break;
	default:
		nw_tbuf_printf(sb, "op %u %s > %s", d->arp_op, addr_str(&d->arp_spa, a),
			  addr_str(&d->arp_tpa, b));
		break;
	}
}

static void sum_icmp(struct nw_tbuf *sb, const struct nw_dissection *d)
{
	switch (d->icmp_type) {
	case 0:
	case 8:
		nw_tbuf_printf(sb, "ICMP echo %s, id %u, seq %u", d->icmp_type ? "request" : "reply",
			  d->icmp_id, d->icmp_seq);
		break;
	case 3:
		nw_tbuf_printf(sb, "ICMP unreachable, code %u", d->icmp_code);
		break;
	case 11:
		nw_tbuf_printf(sb, "ICMP time exceeded, code %u", d->icmp_code);
		break;
	default:
		nw_tbuf_printf(sb, "ICMP type %u, code %u", d->icmp_type, d->icmp_code);
		break;
	}
}

static void sum_lladdr(struct nw_tbuf *sb, const char *what, const struct nw_mac *m)
{
	char b[NW_MAC_STRLEN];

	if (m->len)
		nw_tbuf_printf(sb, ", %s lladdr %s", what, mac_str(m, b));
}

static void sum_icmpv6(struct nw_tbuf *sb, const struct nw_dissection *d)
{
	char t[NW_ADDR_STRLEN];

	switch (d->icmp_type) {
	case 128:
	case 129:
		nw_tbuf_printf(sb, "ICMP6 echo %s, id %u, seq %u", d->icmp_type == 128 ? "request" : "reply",
			  d->icmp_id, d->icmp_seq);
		return;
	case 133:
		nw_tbuf_printf(sb, "ICMP6 router solicitation");
		break;
	case 134:
		nw_tbuf_printf(sb, "ICMP6 router advertisement");
		break;
	case 135:
		nw_tbuf_printf(sb, "ICMP6 neighbor solicitation, who has %s", addr_str(&d->nd_target, t));
		break;
	case 136:
		nw_tbuf_printf(sb, "ICMP6 neighbor advertisement, tgt is %s, flags [%s%s%s]",
			  addr_str(&d->nd_target, t), d->nd_flags & 0x80 ? "R" : "",
			  d->nd_flags & 0x40 ? "S" : "", d->nd_flags & 0x20 ? "O" : "");
		break;
	case 137:
		nw_tbuf_printf(sb, "ICMP6 redirect, target %s", addr_str(&d->nd_target, t));
		break;
	case 1:
		nw_tbuf_printf(sb, "ICMP6 unreachable, code %u", d->icmp_code);
		return;
	case 2:
		nw_tbuf_printf(sb, "ICMP6 packet too big");
		return;
	case 3:
		nw_tbuf_printf(sb, "ICMP6 time exceeded, code %u", d->icmp_code);
		return;
	case 130:
		nw_tbuf_printf(sb, "ICMP6 multicast listener query");
		return;
	case 131:
	case 143:
		nw_tbuf_printf(sb, "ICMP6 multicast listener report%s", d->icmp_type == 143 ? " v2" : "");
		return;
	default:
		nw_tbuf_printf(sb, "ICMP6 type %u, code %u", d->icmp_type, d->icmp_code);
		return;
	}
	sum_lladdr(sb, "source", &d->nd_sll);
	sum_lladdr(sb, "target", &d->nd_tll);
}

static void sum_tcp_flags(struct nw_tbuf *sb, uint8_t f)
{
	static const struct { uint8_t bit; char c; } fl[] = {
		{ 0x02, 'S' }, { 0x01, 'F' }, { 0x04, 'R' }, { 0x08, 'P' },
		{ 0x20, 'U' }, { 0x40, 'E' }, { 0x80, 'W' }, { 0x10, '.' },
	};

	nw_tbuf_printf(sb, "[");
	for (size_t i = 0; i < NW_ARRAY_SIZE(fl); i++)
		if (f & fl[i].bit)
			nw_tbuf_printf(sb, "%c", fl[i].c);
	if (!f)
		nw_tbuf_printf(sb, "none");
	nw_tbuf_printf(sb, "]");
}

static void sum_ip(struct nw_tbuf *sb, const struct nw_dissection *d)
{
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN];
	bool ports = nw_dissect_has(d, NW_LAYER_TCP) || nw_dissect_has(d, NW_LAYER_UDP);

	nw_tbuf_printf(sb, "%s ", d->ip_version == 4 ? "IP" : "IP6");
	if (ports)
		nw_tbuf_printf(sb, "%s.%u > %s.%u: ", addr_str(&d->src, a), d->sport,
			  addr_str(&d->dst, b), d->dport);
	else
		nw_tbuf_printf(sb, "%s > %s: ", addr_str(&d->src, a), addr_str(&d->dst, b));
	if (d->fragment && d->frag_off) {
		nw_tbuf_printf(sb, "frag id %u, offset %u%s, proto %u", d->ip_id, d->frag_off,
			  d->frag_more ? "+" : "", d->l4proto);
		return;
	}
	if (nw_dissect_has(d, NW_LAYER_TCP)) {
		nw_tbuf_printf(sb, "TCP ");
		sum_tcp_flags(sb, d->tcp_flags);
		nw_tbuf_printf(sb, ", seq %u", d->tcp_seq);
		if (d->tcp_flags & 0x10)
			nw_tbuf_printf(sb, ", ack %u", d->tcp_ack);
		nw_tbuf_printf(sb, ", win %u, length %u", d->tcp_win, d->payload_len);
	} else if (nw_dissect_has(d, NW_LAYER_UDP)) {
		nw_tbuf_printf(sb, "UDP, length %u", d->payload_len);
	} else if (nw_dissect_has(d, NW_LAYER_ICMP)) {
		sum_icmp(sb, d);
	} else if (nw_dissect_has(d, NW_LAYER_ICMPV6)) {
		sum_icmpv6(sb, d);
	} else {
		nw_tbuf_printf(sb, "proto %u", d->l4proto);
	}
	if (d->fragment)
		nw_tbuf_printf(sb, " (frag id %u, first%s)", d->ip_id, d->frag_more ? "+" : "");
}

size_t nw_dissect_summary(const struct nw_dissection *d, char *buf, size_t size)
{
	struct nw_tbuf sb;

	nw_tbuf_init(&sb, buf, size);
	sum_link(&sb, d);
	nw_tbuf_printf(&sb, "length %u", d->len);
	if (nw_dissect_has(d, NW_LAYER_ARP)) {
		nw_tbuf_printf(&sb, ": ");
		sum_arp(&sb, d);
	} else if (nw_dissect_has(d, NW_LAYER_IPV4) || nw_dissect_has(d, NW_LAYER_IPV6)) {
		nw_tbuf_printf(&sb, ": ");
		sum_ip(&sb, d);
	} else if (d->llc) {
		nw_tbuf_printf(&sb, ": 802.3 length %u", d->ethertype);
	} else if (d->layers && d->unsupported) {
		nw_tbuf_printf(&sb, ": ethertype 0x%04x", d->ethertype);
	} else if (!d->layers && d->unsupported) {
		nw_tbuf_printf(&sb, ": linktype %u", d->linktype);
	}
	if (d->truncated)
		nw_tbuf_printf(&sb, " [|truncated]");
	if (d->malformed)
		nw_tbuf_printf(&sb, " [malformed: %s]", d->why);
	return sb.len;
}
