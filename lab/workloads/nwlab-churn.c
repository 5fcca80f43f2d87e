// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nwlab-churn: the routine socket churn of a busy, healthy host, for the
 * healthy-churn scenario.  Nothing here is a failure: short-lived TCP
 * connections, each ending one of the ways real programs end them, and UDP
 * sockets closed before their datagrams were read.  The kernel drops and
 * resets along the way (QUEUE_PURGE, TCP_ABORT_ON_DATA, RSTs, EPIPE and
 * ECONNRESET after the peer closed) are how it cleans up, not symptoms.
 *
 *   nwlab-churn --serve PORT [--duration SEC] [--ready-file PATH]
 *   nwlab-churn --client ADDR:PORT [--rate N] [--duration SEC]
 *
 * The client's first byte tells the server how to end each connection:
 *   'a' answered, then both close (the clean case);
 *   'b' the server closes without reading the request (unread data at close:
 *       the kernel resets the connection, the client reads ECONNRESET);
 *   'c' the server answers, the client closes without reading the answer;
 *   'd' the server answers and closes, the client writes once more after
 *       the peer's ordinary close (an RST comes back, then EPIPE).
 * Every connection also sends a UDP datagram to the server's echo on the
 * same port and closes its UDP socket without reading the echo.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab/workloads/wl_common.h"

struct churn_opts {
	struct sockaddr_in addr;
	bool serve;
	unsigned long rate; /* connections a second */
	double duration;
	const char *ready_file;
};

struct churn_stats {
	unsigned long conns, connect_failed, udp_sent;
	unsigned long ways[4];
	struct wl_errcount errs; /* what the routine endings returned */
};

static void usage(FILE *f)
{
	fputs("usage: nwlab-churn --serve PORT [--duration SEC] [--ready-file PATH]\n"
	      "       nwlab-churn --client ADDR:PORT [--rate N] [--duration SEC]\n"
	      "Short-lived TCP connections ending the routine ways, and UDP sockets\n"
	      "closed with unread datagrams, for SEC seconds (default 5).\n",
	      f);
}

static int parse_target(const char *s, bool serve, struct sockaddr_in *sin)
{
	const char *colon = strrchr(s, ':');
	char host[INET_ADDRSTRLEN] = "0.0.0.0";
	unsigned long port;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (!serve) {
		if (!colon || (size_t)(colon - s) >= sizeof(host)) {
			fprintf(stderr, "--client needs IPV4ADDR:PORT, got '%s'\n", s);
			return -EINVAL;
		}
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		s = colon + 1;
	}
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
		fprintf(stderr, "not an IPv4 address: '%s'\n", host);
		return -EINVAL;
	}
	if (wl_parse_ulong("port", s, 1, 65535, &port))
		return -EINVAL;
	sin->sin_port = htons((uint16_t)port);
	return 0;
}

static int parse_opts(int argc, char **argv, struct churn_opts *o)
{
	static const struct option longopts[] = {
		{ "serve", required_argument, NULL, 's' },
		{ "client", required_argument, NULL, 'c' },
		{ "rate", required_argument, NULL, 'r' },
		{ "duration", required_argument, NULL, 'd' },
		{ "ready-file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, modes = 0;

	memset(o, 0, sizeof(*o));
	o->rate = 20;
	o->duration = 5;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'c':
			o->serve = c == 's';
			modes++;
			if (parse_target(optarg, o->serve, &o->addr))
				return -EINVAL;
			break;
		case 'r':
			if (wl_parse_ulong("--rate", optarg, 1, 1000, &o->rate))
				return -EINVAL;
			break;
		case 'd':
			if (wl_parse_seconds("--duration", optarg, &o->duration))
				return -EINVAL;
			break;
		case 'f':
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
	if (optind != argc || modes != 1) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

/* Waits up to ms for fd to be readable; true when it is. */
static bool wait_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

static const char answer[] = "answer from nwlab-churn\n";
static const char request[] = "?request from nwlab-churn, unread by design in ways b and c\n";

/* One accepted connection, ended the way its first byte asks. */
static void serve_one(int c)
{
	char way = 0, buf[256];

	if (!wait_in(c, 1000) || recv(c, &way, 1, MSG_PEEK) != 1)
		goto out;
	if (way == 'b')
		goto out; /* the request stays unread */
	if (recv(c, buf, sizeof(buf), 0) < 0)
		goto out;
	send(c, answer, sizeof(answer) - 1, MSG_NOSIGNAL);
	if (way == 'c') /* until the client closes */
		while (wait_in(c, 1000) && recv(c, buf, sizeof(buf), 0) > 0)
			;
out:
	close(c);
}

static void udp_echo(int u)
{
	char buf[256];
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	ssize_t n;

	while ((n = recvfrom(u, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &len)) >= 0) {
		sendto(u, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
		sendto(u, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
		len = sizeof(from);
	}
}

static int open_bound(int type, const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) ||
	    (type == SOCK_STREAM && listen(fd, 64))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int run_server(const struct churn_opts *o)
{
	unsigned long accepted = 0;
	int t = open_bound(SOCK_STREAM, &o->addr), u = open_bound(SOCK_DGRAM, &o->addr);
	uint64_t end;

	if (t < 0 || u < 0) {
		fprintf(stderr, "nwlab-churn: cannot listen on TCP and UDP port %u: %s\n",
			ntohs(o->addr.sin_port), strerror(errno));
		return 1;
	}
	printf("serve_port=%u\n", ntohs(o->addr.sin_port));
	if (wl_signal_ready(o->ready_file))
		return 1;
	end = wl_now_ms() + (uint64_t)(o->duration * 1000);
	while (!wl_stop && wl_now_ms() < end) {
		struct pollfd p[2] = { { .fd = t, .events = POLLIN }, { .fd = u, .events = POLLIN } };

		if (poll(p, 2, 100) <= 0)
			continue;
		if (p[1].revents)
			udp_echo(u);
		if (p[0].revents) {
			int c = accept4(t, NULL, NULL, SOCK_CLOEXEC);

			if (c >= 0) {
				accepted++;
				serve_one(c);
			}
		}
	}
	close(t);
	close(u);
	printf("serve_accepted=%lu\nstopped_by_signal=%d\n", accepted, wl_stop ? 1 : 0);
	return 0;
}

/* Counts what a routine ending returned (EPIPE, ECONNRESET); never a failure here. */
static void note(struct churn_stats *st, ssize_t rc)
{
	if (rc < 0)
		wl_errcount_add(&st->errs, errno);
}

static void client_way(int fd, char way, struct churn_stats *st)
{
	char req[sizeof(request)], buf[256];

	memcpy(req, request, sizeof(req));
	req[0] = way;
	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) < 0)
		return note(st, -1);
	switch (way) {
	case 'a':
	case 'b': /* the answer, or the reset of the unread request */
		if (wait_in(fd, 1000))
			note(st, recv(fd, buf, sizeof(buf), 0));
		break;
	case 'c': /* the answer arrives; closing leaves it unread */
		wait_in(fd, 1000);
		break;
	case 'd': /* read the answer and the peer's FIN, then write after its close */
		while (wait_in(fd, 1000) && recv(fd, buf, sizeof(buf), 0) > 0)
			;
		note(st, send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL));
		wait_in(fd, 200); /* the RST */
		note(st, send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL));
		break;
	}
}

/* A UDP socket that sends to the echo and closes before reading it. */
static void udp_unread(const struct sockaddr_in *to, struct churn_stats *st)
{
	int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (u < 0)
		return;
	if (sendto(u, "ping", 4, 0, (const struct sockaddr *)to, sizeof(*to)) == 4) {
		st->udp_sent++;
		wait_in(u, 500);
	}
	close(u);
}

static void client_once(const struct churn_opts *o, struct churn_stats *st)
{
	static const char ways[] = "abcd";
	char way = ways[st->conns % 4];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	st->conns++;
	if (connect(fd, (const struct sockaddr *)&o->addr, sizeof(o->addr))) {
		st->connect_failed++;
		wl_errcount_add(&st->errs, errno);
	} else {
		client_way(fd, way, st);
		st->ways[way - 'a']++;
	}
	close(fd);
	udp_unread(&o->addr, st);
}

static int run_client(const struct churn_opts *o)
{
	struct churn_stats st;
	uint64_t end = wl_now_ms() + (uint64_t)(o->duration * 1000), next = wl_now_ms();

	memset(&st, 0, sizeof(st));
	while (!wl_stop && wl_now_ms() < end) {
		uint64_t now = wl_now_ms();

		if (now < next) {
			wl_sleep_ms((unsigned)(next - now));
			continue;
		}
		next += 1000 / o->rate;
		client_once(o, &st);
	}
	printf("churn_connections=%lu\nchurn_connect_failed=%lu\nchurn_udp_unread=%lu\n", st.conns,
	       st.connect_failed, st.udp_sent);
	printf("churn_clean=%lu\nchurn_server_unread=%lu\nchurn_client_unread=%lu\n"
	       "churn_write_after_close=%lu\n",
	       st.ways[0], st.ways[1], st.ways[2], st.ways[3]);
	/* Not "errno": these are the expected endings, the lab's tests grep for real errnos. */
	wl_errcount_print(&st.errs, "churn_routine");
	printf("stopped_by_signal=%d\n", wl_stop ? 1 : 0);
	return 0;
}

int main(int argc, char **argv)
{
	struct churn_opts o;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_opts(argc, argv, &o))
		return 1;
	wl_install_stop_handlers();
	printf("workload=nwlab-churn\npid=%d\nduration_s=%g\n", (int)getpid(), o.duration);
	return o.serve ? run_server(&o) : run_client(&o);
}
