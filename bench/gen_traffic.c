/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_traffic: sends small UDP/IPv4 frames as fast as it can through an
 * AF_PACKET socket (sendmmsg in batches, qdisc bypassed) for the live
 * capture and probe benchmarks.  Addresses are documentation ones
 * (198.51.100.1 -> 198.51.100.2 by default); the source port varies so
 * flows differ.  Run it inside the sending namespace.
 *
 *   gen_traffic IFNAME DST_MAC SECONDS [DST_IP [DST_PORT [RATE_PPS]]]
 *
 * RATE_PPS 0 (default) means as fast as possible.  Prints on exit:
 *   sent=N sec=S pps=P errors=E
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 256
#define FRAME_LEN 60

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int parse_mac(const char *s, uint8_t *m)
{
	unsigned v[6];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		m[i] = (uint8_t)v[i];
	return 0;
}

static void build(uint8_t *f, const uint8_t *dst, const uint8_t *src, struct in_addr sip,
		  struct in_addr dip, uint16_t sport, uint16_t dport)
{
	uint8_t *ip = f + 14, *udp = ip + 20;

	memset(f, 0, FRAME_LEN);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[3] = 28 + 18; /* total length: 20 + 8 + 18 bytes of payload */
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &sip, 4);
	memcpy(ip + 16, &dip, 4);
	ip[10] = 0, ip[11] = 0;
	{
		uint16_t c = csum(ip, 20);

		ip[10] = (uint8_t)(c >> 8), ip[11] = (uint8_t)c;
	}
	udp[0] = (uint8_t)(sport >> 8), udp[1] = (uint8_t)sport;
	udp[2] = (uint8_t)(dport >> 8), udp[3] = (uint8_t)dport;
	udp[5] = 8 + 18;
	/* UDP checksum 0: none (allowed over IPv4). */
	memcpy(udp + 8, "netwhy-bench-udp!!", 18);
}

int main(int argc, char **argv)
{
	static uint8_t frames[BATCH][FRAME_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };
	uint8_t dst[6], src[6];
	struct in_addr sip, dip;
	unsigned long long sent = 0, errors = 0;
	double secs, rate = 0, t0, t;
	uint16_t dport = 9;
	int fd, one = 1;

	if (argc < 4 || argc > 7 || parse_mac(argv[2], dst) < 0) {
		fprintf(stderr, "usage: gen_traffic IFNAME DST_MAC SECONDS [DST_IP [DST_PORT [RATE_PPS]]]\n");
		return 2;
	}
	secs = atof(argv[3]);
	inet_pton(AF_INET, "198.51.100.1", &sip);
	if (inet_pton(AF_INET, argc > 4 ? argv[4] : "198.51.100.2", &dip) != 1) {
		fprintf(stderr, "gen_traffic: bad destination address '%s'\n", argv[4]);
		return 2;
	}
	if (argc > 5)
		dport = (uint16_t)atoi(argv[5]);
	if (argc > 6)
		rate = atof(argv[6]);

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		fprintf(stderr, "gen_traffic: AF_PACKET socket: %s (needs CAP_NET_RAW: run as root)\n",
			strerror(errno));
		return 1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		fprintf(stderr, "gen_traffic: interface %s: %s (run inside its namespace)\n", argv[1],
			strerror(errno));
		return 1;
	}
	memcpy(src, ifr.ifr_hwaddr.sa_data, 6);
	/* Straight to the driver: the generator measures capture, not our qdisc. */
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, dst, 6);

	for (int i = 0; i < BATCH; i++) {
		build(frames[i], dst, src, sip, dip, (uint16_t)(20000 + i + getpid() % 1000 * BATCH % 40000),
		      dport);
		iov[i].iov_base = frames[i];
		iov[i].iov_len = FRAME_LEN;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_name = &sll;
		msgs[i].msg_hdr.msg_namelen = sizeof(sll);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	t0 = now();
	t = t0;
	while (!stop && (t = now()) - t0 < secs) {
		int n;

		if (rate > 0 && (double)sent > rate * (t - t0)) {
			struct timespec ts = { 0, 50000 };

			nanosleep(&ts, NULL);
			continue;
		}
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n < 0) {
			if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
				fprintf(stderr, "gen_traffic: sendmmsg: %s\n", strerror(errno));
				return 1;
			}
			errors++;
			continue;
		}
		sent += (unsigned long long)n;
	}
	t = now();
	printf("sent=%llu sec=%.3f pps=%.0f errors=%llu\n", sent, t - t0, (double)sent / (t - t0), errors);
	close(fd);
	return 0;
}
