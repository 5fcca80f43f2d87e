// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nwlab-connect: the client side of the lab's reachability scenarios.  It
 * pings (ICMP echo on a raw socket with IP_RECVERR, as ping(8) does) and/or
 * makes one TCP connect, at the same time, and reports what the kernel said:
 * replies received, the errno of connect (EHOSTUNREACH when the neighbour
 * entry of the next hop went FAILED) and its elapsed time, and the errors
 * queued on the ping socket (the "Destination Host Unreachable" that
 * neigh_invalidate -> ip_error_report sends back to the local sender).
 *
 *   nwlab-connect [--ping ADDR] [--tcp ADDR:PORT] [--duration SEC]
 *                 [--interval-ms MS] [--count N] [--ready-file PATH]
 *   nwlab-connect --serve PORT [--serve-addr ADDR] [--duration SEC] [--ready-file PATH]
 *
 * --serve accepts (and closes) TCP connections: the healthy scenario's server;
 * on all addresses, or only on ADDR (closed-port: a service bound to loopback).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/workloads/wl_common.h"

struct conn_opts {
	bool ping;
	struct in_addr ping_addr;
	bool tcp;
	struct sockaddr_in tcp_addr;
	unsigned long serve_port;   /* 0: client mode */
	struct in_addr serve_addr;  /* INADDR_ANY unless --serve-addr */
	unsigned long interval_ms;
	unsigned long count;        /* pings; 0 = until the duration ends */
	double duration;
	const char *ready_file;
};

struct ping_state {
	int fd;
	uint16_t id;
	uint16_t seq;
	unsigned long sent;
	unsigned long received;
	unsigned long unreach_received;  /* ICMP dest-unreachable packets seen */
	uint64_t next_send;
	struct wl_errcount send_err;
	struct wl_errcount recv_err;    /* a pending socket error (sk_err) surfaces on recv */
	struct wl_errcount errqueue;
};

struct tcp_state {
	int fd;
	bool done;
	int err;            /* 0 = connected */
	uint64_t start;
	uint64_t elapsed;
};

static void usage(FILE *f)
{
	fputs("usage: nwlab-connect [--ping ADDR] [--tcp ADDR:PORT] [--duration SEC]\n"
	      "                     [--interval-ms MS] [--count N] [--ready-file PATH]\n"
	      "       nwlab-connect --serve PORT [--serve-addr ADDR] [--duration SEC]\n"
	      "                     [--ready-file PATH]\n"
	      "Pings and/or connects for at most SEC seconds (default 5) and reports the\n"
	      "replies and errnos as key=value lines.\n",
	      f);
}

static int parse_addr_port(const char *s, struct sockaddr_in *sin)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strrchr(s, ':');
	unsigned long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		goto bad;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		goto bad;
	if (wl_parse_ulong("--tcp port", colon + 1, 1, 65535, &port))
		return -EINVAL;
	sin->sin_port = htons((uint16_t)port);
	return 0;
bad:
	fprintf(stderr, "--tcp needs IPV4ADDR:PORT, got '%s'\n", s);
	return -EINVAL;
}

static int parse_opts(int argc, char **argv, struct conn_opts *o)
{
	static const struct option longopts[] = {{"ping", required_argument, NULL, 'p'},
						 {"tcp", required_argument, NULL, 't'},
						 {"serve", required_argument, NULL, 's'},
						 {"serve-addr", required_argument, NULL, 'a'},
						 {"interval-ms", required_argument, NULL, 'i'},
						 {"count", required_argument, NULL, 'c'},
						 {"duration", required_argument, NULL, 'd'},
						 {"ready-file", required_argument, NULL, 'r'},
						 {"help", no_argument, NULL, 'h'},
						 {0}};
	int c;

	memset(o, 0, sizeof(*o));
	o->interval_ms = 500;
	o->duration = 5;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (inet_pton(AF_INET, optarg, &o->ping_addr) != 1) {
				fprintf(stderr, "--ping needs an IPv4 address, got '%s'\n", optarg);
				return -EINVAL;
			}
			o->ping = true;
			break;
		case 't':
			if (parse_addr_port(optarg, &o->tcp_addr))
				return -EINVAL;
			o->tcp = true;
			break;
		case 's':
			if (wl_parse_ulong("--serve", optarg, 1, 65535, &o->serve_port))
				return -EINVAL;
			break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &o->serve_addr) != 1) {
				fprintf(stderr, "--serve-addr needs an IPv4 address, got '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'i':
			if (wl_parse_ulong("--interval-ms", optarg, 10, 60000, &o->interval_ms))
				return -EINVAL;
			break;
		case 'c':
			if (wl_parse_ulong("--count", optarg, 1, 100000, &o->count))
				return -EINVAL;
			break;
		case 'd':
			if (wl_parse_seconds("--duration", optarg, &o->duration))
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
	if (optind != argc || (o->serve_port && (o->ping || o->tcp)) ||
	    (!o->serve_port && !o->ping && !o->tcp)) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static uint16_t icmp_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		sum += (uint32_t)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int ping_open(struct ping_state *ps)
{
	int one = 1;

	ps->fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMP);
	if (ps->fd < 0) {
		perror("nwlab-connect: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) (needs CAP_NET_RAW)");
		return -errno;
	}
	if (setsockopt(ps->fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one))) {
		perror("nwlab-connect: setsockopt(IP_RECVERR)");
		close(ps->fd);
		return -errno;
	}
	ps->id = (uint16_t)getpid();
	return 0;
}

static void ping_send(struct ping_state *ps, const struct in_addr *to_addr)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = *to_addr };
	struct {
		struct icmphdr h;
		char payload[24];
	} pkt;

	memset(&pkt, 0, sizeof(pkt));
	pkt.h.type = ICMP_ECHO;
	pkt.h.un.echo.id = htons(ps->id);
	pkt.h.un.echo.sequence = htons(++ps->seq);
	memcpy(pkt.payload, "nwlab-connect ping", 18);
	pkt.h.checksum = icmp_checksum(&pkt, sizeof(pkt));
	ps->sent++;
	if (sendto(ps->fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		wl_errcount_add(&ps->send_err, errno);
}

/* A raw ICMP socket sees every ICMP packet: count our echo replies from the target. */
static void ping_receive(struct ping_state *ps, const struct in_addr *from_addr)
{
	uint8_t buf[1500];
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	ssize_t n;

	while ((n = recvfrom(ps->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len)) >= 0) {
		struct icmphdr h;
		size_t ihl;

		if ((size_t)n < sizeof(struct iphdr))
			continue;
		ihl = (size_t)(buf[0] & 0x0f) * 4;
		if (ihl < sizeof(struct iphdr) || (size_t)n < ihl + sizeof(h))
			continue;
		memcpy(&h, buf + ihl, sizeof(h));
		if (h.type == ICMP_DEST_UNREACH)
			ps->unreach_received++;
		if (h.type == ICMP_ECHOREPLY && ntohs(h.un.echo.id) == ps->id &&
		    from.sin_addr.s_addr == from_addr->s_addr)
			ps->received++;
		len = sizeof(from);
	}
	if (errno != EAGAIN)
		wl_errcount_add(&ps->recv_err, errno);
}

static int tcp_start(struct tcp_state *ts, const struct sockaddr_in *to)
{
	ts->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ts->fd < 0) {
		perror("nwlab-connect: socket(AF_INET, SOCK_STREAM)");
		return -errno;
	}
	ts->start = wl_now_ms();
	if (connect(ts->fd, (const struct sockaddr *)to, sizeof(*to)) == 0) {
		ts->done = true;
	} else if (errno != EINPROGRESS) {
		ts->done = true;
		ts->err = errno;
	}
	if (ts->done)
		ts->elapsed = wl_now_ms() - ts->start;
	return 0;
}

static void tcp_finish(struct tcp_state *ts)
{
	socklen_t len = sizeof(ts->err);

	if (getsockopt(ts->fd, SOL_SOCKET, SO_ERROR, &ts->err, &len))
		ts->err = errno;
	ts->done = true;
	ts->elapsed = wl_now_ms() - ts->start;
}

static void client_report(const struct conn_opts *o, const struct ping_state *ps,
			  const struct tcp_state *ts)
{
	char addr[INET_ADDRSTRLEN], ebuf[16];

	if (o->ping) {
		inet_ntop(AF_INET, &o->ping_addr, addr, sizeof(addr));
		printf("ping_target=%s\nping_sent=%lu\nping_received=%lu\n", addr, ps->sent,
		       ps->received);
		printf("ping_loss_pct=%lu\n",
		       ps->sent ? (ps->sent - ps->received) * 100 / ps->sent : 0);
		printf("ping_unreach_received=%lu\n", ps->unreach_received);
		wl_errcount_print(&ps->send_err, "ping_sendto_errno");
		wl_errcount_print(&ps->recv_err, "ping_recv_errno");
		wl_errcount_print(&ps->errqueue, "ping_errqueue_errno");
	}
	if (o->tcp) {
		inet_ntop(AF_INET, &o->tcp_addr.sin_addr, addr, sizeof(addr));
		printf("tcp_target=%s:%u\n", addr, ntohs(o->tcp_addr.sin_port));
		if (!ts->done)
			printf("tcp_connect=pending\ntcp_connect_ms=%llu\n",
			       (unsigned long long)(wl_now_ms() - ts->start));
		else if (!ts->err)
			printf("tcp_connect=ok\ntcp_connect_ms=%llu\n",
			       (unsigned long long)ts->elapsed);
		else
			printf("tcp_connect=failed\ntcp_connect_errno=%s\ntcp_connect_ms=%llu\n",
			       wl_errname(ts->err, ebuf, sizeof(ebuf)),
			       (unsigned long long)ts->elapsed);
	}
}

static int run_client(const struct conn_opts *o)
{
	struct ping_state ps = { .fd = -1 };
	struct tcp_state ts = { .fd = -1 };
	uint64_t end;
	int ret = 1;

	if (o->ping && ping_open(&ps))
		return 1;
	if (wl_signal_ready(o->ready_file))
		goto close_fds;
	end = wl_now_ms() + (uint64_t)(o->duration * 1000);
	if (o->tcp && tcp_start(&ts, &o->tcp_addr))
		goto close_fds;
	ps.next_send = wl_now_ms();

	while (!wl_stop) {
		struct pollfd pfd[2];
		uint64_t now = wl_now_ms();
		nfds_t n = 0;
		int timeout;
		bool pings_left = o->ping && (!o->count || ps.sent < o->count);

		if (now >= end)
			break;
		/* Done when every ping was answered or the TCP attempt settled. */
		if ((!o->ping || (!pings_left && ps.received >= ps.sent)) && (!o->tcp || ts.done))
			break;
		if (pings_left && now >= ps.next_send) {
			ping_send(&ps, &o->ping_addr);
			ps.next_send = now + o->interval_ms;
		}
		timeout = (int)(end - now);
		if (pings_left && ps.next_send - now < (uint64_t)timeout)
			timeout = (int)(ps.next_send - now);
		if (o->ping)
			pfd[n++] = (struct pollfd){ .fd = ps.fd, .events = POLLIN };
		if (o->tcp && !ts.done)
			pfd[n++] = (struct pollfd){ .fd = ts.fd, .events = POLLOUT };
		if (poll(pfd, n, timeout) <= 0)
			continue;
		if (o->ping) {
			ping_receive(&ps, &o->ping_addr);
			wl_drain_errqueue(ps.fd, &ps.errqueue);
		}
		if (o->tcp && !ts.done && pfd[n - 1].revents)
			tcp_finish(&ts);
	}
	if (o->ping)
		wl_drain_errqueue(ps.fd, &ps.errqueue);
	client_report(o, &ps, &ts);
	printf("stopped_by_signal=%d\n", wl_stop ? 1 : 0);
	ret = 0;

close_fds:
	if (ps.fd >= 0)
		close(ps.fd);
	if (ts.fd >= 0)
		close(ts.fd);
	return ret;
}

static int run_server(const struct conn_opts *o)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons((uint16_t)o->serve_port),
				 .sin_addr = o->serve_addr};
	unsigned long accepted = 0;
	uint64_t end;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("nwlab-connect: socket(AF_INET, SOCK_STREAM)");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16)) {
		fprintf(stderr, "nwlab-connect: cannot listen on TCP port %lu: %s\n",
			o->serve_port, strerror(errno));
		close(fd);
		return 1;
	}
	printf("serve_port=%lu\nserve_addr=%s\n", o->serve_port, inet_ntoa(o->serve_addr));
	if (wl_signal_ready(o->ready_file)) {
		close(fd);
		return 1;
	}
	end = wl_now_ms() + (uint64_t)(o->duration * 1000);
	while (!wl_stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t now = wl_now_ms();
		int c;

		if (now >= end)
			break;
		if (poll(&pfd, 1, (int)(end - now)) <= 0)
			continue;
		c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (c >= 0) {
			accepted++;
			close(c);
		}
	}
	close(fd);
	printf("serve_accepted=%lu\nstopped_by_signal=%d\n", accepted, wl_stop ? 1 : 0);
	return 0;
}

int main(int argc, char **argv)
{
	struct conn_opts o;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_opts(argc, argv, &o))
		return 1;
	wl_install_stop_handlers();
	printf("workload=nwlab-connect\npid=%d\nduration_s=%g\n", (int)getpid(), o.duration);
	return o.serve_port ? run_server(&o) : run_client(&o);
}
