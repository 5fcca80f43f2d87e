// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nwlab-udpflood: sends UDP datagrams to many on-link addresses that nobody
 * answers, so every destination needs a new neighbour (ARP) entry that stays
 * INCOMPLETE.  Once the table holds gc_thresh3 entries and forced garbage
 * collection frees none (INCOMPLETE entries with queued packets are busy),
 * neigh_create fails: the packet is dropped (NEIGH_CREATEFAIL) and
 * ip_finish_output2 returns -ENOBUFS.  UDP swallows that error and counts
 * UdpSndbufErrors, unless the socket set IP_RECVERR: then sendto fails with
 * ENOBUFS.  The report says how many sends returned success and how many
 * failed with which errno.
 *
 * IPv6 (--first 2001:db8:...) takes the same path through ndisc: on 6.18
 * ip6_finish_output2 still returns -EINVAL when the table is full, and UDP
 * passes that on, so sendto fails EINVAL with or without IPV6_RECVERR: the
 * errno of the founding incident.
 *
 * Packets waiting on INCOMPLETE entries hold the socket's send buffer until
 * the entries fail, so a blocking sendto can wait: SO_SNDTIMEO (1 s) bounds
 * that wait, and such a send is counted as EAGAIN.
 *
 * nwlab-udpflood --first ADDR --count N [--port P] [--recverr]
 *                [--duration SEC] [--interval-us US] [--ready-file PATH]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "lab/workloads/wl_common.h"

struct flood_opts {
	int family;
	struct in_addr first;
	struct in6_addr first6;
	unsigned long count;
	unsigned long port;
	unsigned long interval_us;
	double duration;
	bool recverr;
	const char *ready_file;
};

struct flood_result {
	unsigned long sends;
	unsigned long ok;
	unsigned long rounds;
	struct wl_errcount send_err;
	struct wl_errcount errqueue;
};

static void usage(FILE *f)
{
	fputs("usage: nwlab-udpflood --first ADDR --count N [--port P] [--recverr]\n"
	      "                      [--duration SEC] [--interval-us US] [--ready-file PATH]\n"
	      "Sends one UDP datagram to each of N consecutive addresses (IPv4 or IPv6) from\n"
	      "ADDR, round after round, for SEC seconds (default 3), and reports per-errno\n"
	      "counts of sendto and of the socket's error queue (with --recverr).\n",
	      f);
}

static int parse_opts(int argc, char **argv, struct flood_opts *o)
{
	static const struct option longopts[] = {
		{ "first", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "port", required_argument, NULL, 'p' },
		{ "recverr", no_argument, NULL, 'e' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval-us", required_argument, NULL, 'i' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool have_first = false;
	int c;

	o->count = 0;
	o->port = 9;
	o->interval_us = 200;
	o->duration = 3;
	o->recverr = false;
	o->ready_file = NULL;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (inet_pton(AF_INET, optarg, &o->first) == 1) {
				o->family = AF_INET;
			} else if (inet_pton(AF_INET6, optarg, &o->first6) == 1) {
				o->family = AF_INET6;
			} else {
				fprintf(stderr, "--first needs an IPv4 or IPv6 address, got '%s'\n",
					optarg);
				return -EINVAL;
			}
			have_first = true;
			break;
		case 'n':
			if (wl_parse_ulong("--count", optarg, 1, 65536, &o->count))
				return -EINVAL;
			break;
		case 'p':
			if (wl_parse_ulong("--port", optarg, 1, 65535, &o->port))
				return -EINVAL;
			break;
		case 'e':
			o->recverr = true;
			break;
		case 'd':
			if (wl_parse_seconds("--duration", optarg, &o->duration))
				return -EINVAL;
			break;
		case 'i':
			if (wl_parse_ulong("--interval-us", optarg, 0, 1000000, &o->interval_us))
				return -EINVAL;
			break;
		case 'r':
			o->ready_file = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc || !have_first || !o->count) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

/* The i-th destination: the first address plus i (in the last 32 bits for IPv6). */
static socklen_t target(const struct flood_opts *o, unsigned long i, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (o->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)o->port);
		sin->sin_addr.s_addr = htonl(ntohl(o->first.s_addr) + (uint32_t)i);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		uint32_t last;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)o->port);
		sin6->sin6_addr = o->first6;
		memcpy(&last, &sin6->sin6_addr.s6_addr[12], sizeof(last));
		last = htonl(ntohl(last) + (uint32_t)i);
		memcpy(&sin6->sin6_addr.s6_addr[12], &last, sizeof(last));
		return sizeof(*sin6);
	}
}

static void flood(int fd, const struct flood_opts *o, struct flood_result *r)
{
	uint64_t end = wl_now_ms() + (uint64_t)(o->duration * 1000);

	while (!wl_stop && wl_now_ms() < end) {
		unsigned long i;

		for (i = 0; i < o->count && !wl_stop; i++) {
			static const char payload[] = "nwlab-udpflood";
			struct sockaddr_storage to;
			socklen_t len = target(o, i, &to);

			r->sends++;
			if (sendto(fd, payload, sizeof(payload), 0, (struct sockaddr *)&to, len) >= 0)
				r->ok++;
			else
				wl_errcount_add(&r->send_err, errno);
			if (o->recverr)
				wl_drain_errqueue(fd, &r->errqueue);
			if (o->interval_us)
				usleep((useconds_t)o->interval_us);
			if (wl_now_ms() >= end)
				break;
		}
		r->rounds++;
	}
}

int main(int argc, char **argv)
{
	struct flood_result r;
	struct flood_opts o;
	char addr[INET6_ADDRSTRLEN];
	uint64_t start;
	struct timeval sndtimeo = { .tv_sec = 1 };
	int fd, one = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_opts(argc, argv, &o))
		return 1;
	memset(&r, 0, sizeof(r));
	wl_install_stop_handlers();

	fd = socket(o.family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("nwlab-udpflood: socket(SOCK_DGRAM)");
		return 1;
	}
	if (o.recverr && (o.family == AF_INET ?
			  setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)) :
			  setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one)))) {
		perror("nwlab-udpflood: setsockopt(IP_RECVERR/IPV6_RECVERR)");
		close(fd);
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sndtimeo, sizeof(sndtimeo))) {
		perror("nwlab-udpflood: setsockopt(SO_SNDTIMEO)");
		close(fd);
		return 1;
	}
	inet_ntop(o.family, o.family == AF_INET ? (const void *)&o.first : (const void *)&o.first6,
		  addr, sizeof(addr));
	printf("workload=nwlab-udpflood\npid=%d\nfirst=%s\ntargets=%lu\nport=%lu\nrecverr=%d\n"
	       "duration_s=%g\n",
	       (int)getpid(), addr, o.count, o.port, o.recverr ? 1 : 0, o.duration);
	if (wl_signal_ready(o.ready_file)) {
		close(fd);
		return 1;
	}

	start = wl_now_ms();
	flood(fd, &o, &r);
	if (o.recverr)
		wl_drain_errqueue(fd, &r.errqueue);
	close(fd);

	printf("rounds=%lu\nsends=%lu\nsend_ok=%lu\nsend_failed=%lu\n", r.rounds, r.sends, r.ok,
	       wl_errcount_total(&r.send_err));
	wl_errcount_print(&r.send_err, "send_errno");
	wl_errcount_print(&r.errqueue, "errqueue_errno");
	printf("elapsed_ms=%llu\n", (unsigned long long)(wl_now_ms() - start));
	printf("stopped_by_signal=%d\n", wl_stop ? 1 : 0);
	return 0;
}
