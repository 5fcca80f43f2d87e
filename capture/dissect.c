/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dissection entry: link type to first layer, shared helpers, layer names. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "capture/dissect_int.h"

static const char *const layer_names[NW_LAYER_COUNT] = {
	[NW_LAYER_ETH] = "eth",     [NW_LAYER_SLL] = "sll",       [NW_LAYER_SLL2] = "sll2",
	[NW_LAYER_NULL] = "null",   [NW_LAYER_VLAN] = "vlan",     [NW_LAYER_ARP] = "arp",
	[NW_LAYER_IPV4] = "ipv4",   [NW_LAYER_IPV6] = "ipv6",     [NW_LAYER_IPV6_EXT] = "ipv6ext",
	[NW_LAYER_ICMP] = "icmp",   [NW_LAYER_ICMPV6] = "icmpv6", [NW_LAYER_TCP] = "tcp",
	[NW_LAYER_UDP] = "udp",
};

const char *nw_layer_name(enum nw_layer l)
{
	return (unsigned)l < NW_LAYER_COUNT ? layer_names[l] : "?";
}

void nw_dis_malformed(struct nw_dissection *d, const char *fmt, ...)
{
	va_list ap;

	if (d->malformed)
		return;
	d->malformed = true;
	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
}

void nw_dis_short(struct nw_dissection *d, const char *what)
{
	/* Bytes missing from a frame the capture cut short are truncation;
	 * bytes missing from a complete frame mean its headers lie. */
	if (d->caplen < d->len)
		d->truncated = true;
	else
		nw_dis_malformed(d, "%s: too short", what);
}

bool nw_dis_read_mac(struct nw_cursor *c, struct nw_mac *mac, size_t n)
{
	size_t keep = n < NW_MAC_MAX ? n : NW_MAC_MAX;
	const uint8_t *p = nw_cur_ptr(c, n);

	memset(mac, 0, sizeof(*mac));
	if (!p)
		return false;
	memcpy(mac->bytes, p, keep);
	mac->len = (uint8_t)keep;
	return true;
}

bool nw_dis_read_addr(struct nw_cursor *c, struct nw_addr *a, int family)
{
	size_t n = family == AF_INET6 ? 16 : 4;

	memset(a, 0, sizeof(*a));
	if (!nw_cur_bytes(c, a->bytes, n)) {
		memset(a, 0, sizeof(*a));
		return false;
	}
	a->family = (uint8_t)family;
	return true;
}

void nw_dis_ethertype(struct nw_cursor *c, struct nw_dissection *d, uint16_t type)
{
	d->ethertype = type;
	switch (type) {
	case NW_ETH_P_IPV4:
		nw_dis_ipv4(c, d);
		break;
	case NW_ETH_P_IPV6:
		nw_dis_ipv6(c, d);
		break;
	case NW_ETH_P_ARP:
	case NW_ETH_P_RARP:
		nw_dis_arp(c, d);
		break;
	case NW_ETH_P_8021Q:
	case NW_ETH_P_8021AD:
	case NW_ETH_P_QINQ_OLD:
		nw_dis_vlan(c, d, type);
		break;
	default:
		d->unsupported = true;
		break;
	}
}

void nw_dis_ipproto(struct nw_cursor *c, struct nw_dissection *d, uint8_t proto)
{
	d->l4proto = proto;
	switch (proto) {
	case 1:
		if (d->ip_version == 4)
			nw_dis_icmp(c, d);
		else
			d->unsupported = true;
		break;
	case 6:
		nw_dis_tcp(c, d);
		break;
	case 17:
		nw_dis_udp(c, d);
		break;
	case 58:
		if (d->ip_version == 6)
			nw_dis_icmpv6(c, d);
		else
			d->unsupported = true;
		break;
	default:
		d->unsupported = true;
		break;
	}
}

/* Loopback: the address family, in the capturing host's byte order (NULL) or network order (LOOP). */
static void dis_null(struct nw_cursor *c, struct nw_dissection *d, bool network_order)
{
	uint32_t fam;

	nw_dis_layer(d, NW_LAYER_NULL);
	fam = network_order ? nw_cur_be32(c) : nw_cur_le32(c);
	if (c->truncated) {
		nw_dis_short(d, "loopback header");
		return;
	}
	/* A file from a big-endian host: the family sits in the high bytes. */
	if (!network_order && (fam & 0xffff0000u) && !(fam & 0xffffu))
		fam = (fam >> 24) | ((fam >> 8) & 0xff00u);
	d->null_family = fam;
	switch (fam) {
	case 2: /* AF_INET everywhere */
		d->ethertype = NW_ETH_P_IPV4;
		nw_dis_ipv4(c, d);
		break;
	case 10: /* Linux */
	case 24: /* NetBSD, OpenBSD */
	case 28: /* FreeBSD */
	case 30: /* Darwin */
		d->ethertype = NW_ETH_P_IPV6;
		nw_dis_ipv6(c, d);
		break;
	default:
		d->unsupported = true;
		break;
	}
}

/* Raw IP: the version nibble says which. */
static void dis_raw(struct nw_cursor *c, struct nw_dissection *d)
{
	uint8_t b;

	if (!nw_cur_peek_u8(c, 0, &b)) {
		nw_dis_short(d, "raw ip");
		return;
	}
	if (b >> 4 == 4) {
		d->ethertype = NW_ETH_P_IPV4;
		nw_dis_ipv4(c, d);
	} else if (b >> 4 == 6) {
		d->ethertype = NW_ETH_P_IPV6;
		nw_dis_ipv6(c, d);
	} else {
		nw_dis_malformed(d, "raw ip: version %u", b >> 4);
	}
}

uint16_t nw_dissect_linktype_norm(uint16_t linktype)
{
	switch (linktype) {
	case NW_LINK_RAW_LT:
	case NW_LINK_RAW_OPENBSD:
		return NW_LINK_RAW;
	default:
		return linktype;
	}
}

bool nw_dissect_linktype_known(uint16_t linktype)
{
	switch (nw_dissect_linktype_norm(linktype)) {
	case NW_LINK_NULL:
	case NW_LINK_ETHERNET:
	case NW_LINK_RAW:
	case NW_LINK_LOOP:
	case NW_LINK_LINUX_SLL:
	case NW_LINK_IPV4:
	case NW_LINK_IPV6:
	case NW_LINK_LINUX_SLL2:
		return true;
	default:
		return false;
	}
}

void nw_dissect(uint16_t linktype, const uint8_t *data, uint32_t caplen, uint32_t len,
		struct nw_dissection *d)
{
	struct nw_cursor c;

	memset(d, 0, sizeof(*d));
	d->linktype = nw_dissect_linktype_norm(linktype);
	d->caplen = caplen;
	d->len = len < caplen ? caplen : len;
	nw_cur_init(&c, data, caplen);

	switch (d->linktype) {
	case NW_LINK_ETHERNET:
		nw_dis_eth(&c, d);
		break;
	case NW_LINK_LINUX_SLL:
		nw_dis_sll(&c, d);
		break;
	case NW_LINK_LINUX_SLL2:
		nw_dis_sll2(&c, d);
		break;
	case NW_LINK_NULL:
		dis_null(&c, d, false);
		break;
	case NW_LINK_LOOP:
		dis_null(&c, d, true);
		break;
	case NW_LINK_RAW:
		dis_raw(&c, d);
		break;
	case NW_LINK_IPV4:
		d->ethertype = NW_ETH_P_IPV4;
		nw_dis_ipv4(&c, d);
		break;
	case NW_LINK_IPV6:
		d->ethertype = NW_ETH_P_IPV6;
		nw_dis_ipv6(&c, d);
		break;
	default:
		d->unsupported = true;
		break;
	}
}

void nw_dissect_to_packet(const struct nw_dissection *d, struct nw_packet_ev *p)
{
	p->caplen = d->caplen;
	p->len = d->len;
	p->linktype = d->linktype;
	p->partial = d->truncated || d->malformed;
	p->src_mac = d->src_mac;
	p->dst_mac = d->dst_mac;
	p->ethertype = d->ethertype;
	p->vlan[0] = d->nvlan > 0 ? d->vlan[0] : 0;
	p->vlan[1] = d->nvlan > 1 ? d->vlan[1] : 0;
	p->l4proto = d->l4proto;
	p->tcp_flags = d->tcp_flags;
	if (nw_dissect_has(d, NW_LAYER_ARP))
		p->arp_op = d->arp_op;
	else if (nw_dissect_has(d, NW_LAYER_ICMP) || nw_dissect_has(d, NW_LAYER_ICMPV6))
		p->arp_op = (uint16_t)(d->icmp_type << 8 | d->icmp_code);
	else
		p->arp_op = 0;
	if (nw_dissect_has(d, NW_LAYER_ARP)) {
		p->src = d->arp_spa;
		p->dst = d->arp_tpa;
	} else {
		p->src = d->src;
		p->dst = d->dst;
	}
	p->sport = d->sport;
	p->dport = d->dport;
	p->icmp_id = d->icmp_id;
	p->icmp_seq = d->icmp_seq;
}
