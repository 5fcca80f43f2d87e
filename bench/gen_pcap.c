/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_pcap: writes a large classic pcap of mixed Ethernet frames for the
 * offline decode benchmark: ARP requests and replies, IPv4 and IPv6 TCP,
 * UDP and ICMP, 802.1Q-tagged frames, and a share of frames whose
 * destination MAC is not the receiver's (the MAC mismatches l2check flags).
 * Addresses come only from the documentation ranges.  Deterministic: the
 * same arguments give the same file.
 *
 *   gen_pcap FILE [FRAMES]     (default 5000000)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAP 262144

static const uint8_t mac_rx[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const uint8_t mac_tx[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02 };
static const uint8_t mac_other[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x99 };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint32_t rng_state = 0x12345678;

/* 1024 flows: a busy host, not a port scan (tcpdump tracks TCP sequence
 * numbers per flow; a new flow per frame would measure its hash table). */
#define FLOWS 1024
static uint32_t flow;

static uint32_t rng(void)
{
	/* xorshift32: fast and reproducible across runs. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet header (with an optional 802.1Q tag); returns its length. */
static size_t eth(uint8_t *b, const uint8_t *dst, const uint8_t *src, uint16_t type, int vlan)
{
	size_t n = 12;

	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	if (vlan) {
		put16(b + n, 0x8100);
		put16(b + n + 2, (uint16_t)(vlan & 0xfff));
		n += 4;
	}
	put16(b + n, type);
	return n + 2;
}

static size_t arp(uint8_t *b, int reply, uint32_t host)
{
	size_t n;
	uint8_t *a;

	n = eth(b, reply ? mac_rx : mac_bcast, mac_tx, 0x0806, 0);
	a = b + n;
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, reply ? 2 : 1);
	memcpy(a + 8, mac_tx, 6);
	a[14] = 192, a[15] = 0, a[16] = 2, a[17] = (uint8_t)(2 + host % 250);
	memcpy(a + 18, reply ? mac_rx : (const uint8_t[6]){ 0 }, 6);
	a[24] = 192, a[25] = 0, a[26] = 2, a[27] = 1;
	n += 28;
	memset(b + n, 0, 60 - n); /* Ethernet padding to the minimum frame */
	return 60;
}

static size_t l4(uint8_t *p, int proto, int v6, size_t payload)
{
	switch (proto) {
	case 6: /* TCP: SYN or ACK with payload */
		put16(p, (uint16_t)(32768 + flow));
		put16(p + 2, 443);
		memset(p + 4, 0, 16);
		p[7] = (uint8_t)rng();
		p[12] = 5 << 4;
		p[13] = payload ? 0x18 : 0x02;
		put16(p + 14, 64240);
		memset(p + 20, 'x', payload);
		return 20 + payload;
	case 17:
		put16(p, (uint16_t)(32768 + flow));
		put16(p + 2, 9999); /* no tcpdump dissector: a plain UDP line */
		put16(p + 4, (uint16_t)(8 + payload));
		put16(p + 6, 0);
		memset(p + 8, 'u', payload);
		return 8 + payload;
	default: /* ICMP / ICMPv6 echo request */
		p[0] = v6 ? 128 : 8;
		p[1] = 0;
		put16(p + 2, 0);
		put16(p + 4, 0x4e57);
		put16(p + 6, (uint16_t)rng());
		memset(p + 8, 'i', payload);
		return 8 + payload;
	}
}

static size_t ipv4(uint8_t *b, const uint8_t *dst, int proto, int vlan, size_t payload)
{
	size_t n = eth(b, dst, mac_tx, 0x0800, vlan), l;
	uint8_t *ip = b + n;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[8] = 64;
	ip[9] = (uint8_t)(proto == 1 || proto == 58 ? 1 : proto);
	ip[12] = 198, ip[13] = 51, ip[14] = 100, ip[15] = (uint8_t)(1 + flow % 254);
	ip[16] = 192, ip[17] = 0, ip[18] = 2, ip[19] = 1;
	l = l4(ip + 20, ip[9], 0, payload);
	put16(ip + 2, (uint16_t)(20 + l));
	put16(ip + 10, csum(ip, 20));
	n += 20 + l;
	if (n < 60) {
		memset(b + n, 0, 60 - n);
		n = 60;
	}
	return n;
}

static size_t ipv6(uint8_t *b, const uint8_t *dst, int proto, int vlan, size_t payload)
{
	size_t n = eth(b, dst, mac_tx, 0x86dd, vlan), l;
	uint8_t *ip = b + n;
	static const uint8_t pfx[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0 };

	memset(ip, 0, 40);
	ip[0] = 0x60;
	ip[6] = (uint8_t)(proto == 1 ? 58 : proto);
	ip[7] = 64;
	memcpy(ip + 8, pfx, 8);
	ip[23] = (uint8_t)(2 + flow % 250);
	memcpy(ip + 24, pfx, 8);
	ip[39] = 1;
	l = l4(ip + 40, ip[6], 1, payload);
	put16(ip + 4, (uint16_t)l);
	return n + 40 + l;
}

/* One frame of the mix; the shares are chosen to resemble a busy host. */
static size_t frame(uint8_t *b)
{
	uint32_t r = rng() % 100;
	const uint8_t *dst = (rng() % 50 == 0) ? mac_other : mac_rx; /* 2% mismatches */
	size_t payload = (rng() % 10 == 0) ? 1200 : (size_t)(rng() % 64);
	int vlan = 0;

	flow = rng() % FLOWS;
	if (r < 5)
		return arp(b, (int)(r & 1), rng());
	if (r < 10)
		vlan = 100 + (int)(rng() % 4);
	r = rng() % 100;
	if (r < 40)
		return ipv4(b, dst, 6, vlan, payload);
	if (r < 60)
		return ipv4(b, dst, 17, vlan, payload);
	if (r < 65)
		return ipv4(b, dst, 1, vlan, payload % 56);
	if (r < 85)
		return ipv6(b, dst, 6, vlan, payload);
	if (r < 95)
		return ipv6(b, dst, 17, vlan, payload);
	return ipv6(b, dst, 1, vlan, payload % 56);
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

int main(int argc, char **argv)
{
	uint8_t hdr[24] = { 0 }, rec[16], buf[2048];
	unsigned long long frames = 5000000, i;
	uint64_t t_us = 1700000000ull * 1000000;
	FILE *f;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen_pcap FILE [FRAMES]\n");
		return 2;
	}
	if (argc == 3)
		frames = strtoull(argv[2], NULL, 10);
	f = fopen(argv[1], "wb");
	if (!f) {
		fprintf(stderr, "gen_pcap: cannot create %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	le32(hdr, 0xa1b2c3d4);
	hdr[4] = 2, hdr[6] = 4; /* version 2.4 */
	le32(hdr + 16, SNAP);
	le32(hdr + 20, 1);      /* LINKTYPE_ETHERNET */
	fwrite(hdr, 1, sizeof(hdr), f);
	for (i = 0; i < frames; i++) {
		size_t n = frame(buf);

		t_us += 1 + rng() % 20;
		le32(rec, (uint32_t)(t_us / 1000000));
		le32(rec + 4, (uint32_t)(t_us % 1000000));
		le32(rec + 8, (uint32_t)n);
		le32(rec + 12, (uint32_t)n);
		fwrite(rec, 1, sizeof(rec), f);
		fwrite(buf, 1, n, f);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_pcap: writing %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
