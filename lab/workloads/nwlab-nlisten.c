// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nwlab-nlisten: a NETLINK_ROUTE listener with the buffer size copied from an
 * online example, setsockopt(SO_RCVBUF, 1024).  The kernel doubles the value
 * and clamps it to SOCK_MIN_RCVBUF (2304 bytes on 6.18), against an
 * rmem_default of ~208 KiB.  One RTM_NEWLINK message is over 1 KiB, so a
 * burst of link changes fills the buffer: netlink_broadcast_deliver finds
 * sk_rmem_alloc > sk_rcvbuf, drops the message and counts it in the socket's
 * Drops column of /proc/net/netlink; the next recv fails with ENOBUFS.
 *
 * nwlab-nlisten [--rcvbuf BYTES] [--duration SEC] [--ready-file PATH]
 *               [--read-delay-ms MS] [--uevent]
 *
 * --uevent listens on NETLINK_KOBJECT_UEVENT (group 1, the kernel's uevents,
 * as udev and hotplug daemons do) instead: a network device's uevents go to
 * the listeners of its own namespace, so a burst of veth pairs overruns it.
 *
 * Reports its pid, netlink port id and socket inode (to find its row in
 * /proc/net/netlink), the rcvbuf the kernel granted, and per-errno recv counts.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/workloads/wl_common.h"

struct nl_opts {
	unsigned long rcvbuf;        /* 0: leave the default */
	unsigned long read_delay_ms;
	double duration;
	const char *ready_file;
	bool uevent; /* NETLINK_KOBJECT_UEVENT instead of NETLINK_ROUTE */
};

struct nl_result {
	unsigned long recv_calls;
	unsigned long recv_ok;
	unsigned long messages;
	unsigned long newlink;
	unsigned long dellink;
	unsigned long bytes;
	uint64_t first_enobufs_ms;   /* since ready; 0 = never */
	struct wl_errcount recv_err;
};

static void usage(FILE *f)
{
	fputs("usage: nwlab-nlisten [--rcvbuf BYTES] [--duration SEC] [--ready-file PATH]\n"
	      "                     [--read-delay-ms MS] [--uevent]\n"
	      "Listens to RTMGRP_LINK on a NETLINK_ROUTE socket (--uevent: to the kernel's\n"
	      "uevents on NETLINK_KOBJECT_UEVENT) whose SO_RCVBUF is BYTES (default 1024,\n"
	      "0 keeps the kernel default) for SEC seconds (default 3) and reports what\n"
	      "recv returned.\n",
	      f);
}

static int parse_opts(int argc, char **argv, struct nl_opts *o)
{
	static const struct option longopts[] = {{"rcvbuf", required_argument, NULL, 'b'},
						 {"duration", required_argument, NULL, 'd'},
						 {"ready-file", required_argument, NULL, 'r'},
						 {"read-delay-ms", required_argument, NULL, 'w'},
						 {"uevent", no_argument, NULL, 'u'},
						 {"help", no_argument, NULL, 'h'},
						 {0}};
	int c;

	o->rcvbuf = 1024;
	o->read_delay_ms = 0;
	o->duration = 3;
	o->ready_file = NULL;
	o->uevent = false;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (wl_parse_ulong("--rcvbuf", optarg, 0, 1UL << 30, &o->rcvbuf))
				return -EINVAL;
			break;
		case 'd':
			if (wl_parse_seconds("--duration", optarg, &o->duration))
				return -EINVAL;
			break;
		case 'r':
			o->ready_file = optarg;
			break;
		case 'w':
			if (wl_parse_ulong("--read-delay-ms", optarg, 0, 60000, &o->read_delay_ms))
				return -EINVAL;
			break;
		case 'u':
			o->uevent = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -EINVAL;
	}
	return 0;
}

static int open_listener(const struct nl_opts *o)
{
	/* Group 1 of NETLINK_KOBJECT_UEVENT carries the kernel's uevents. */
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = o->uevent ? 1 : RTMGRP_LINK};
	int fd, val = (int)o->rcvbuf;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
		    o->uevent ? NETLINK_KOBJECT_UEVENT : NETLINK_ROUTE);
	if (fd < 0) {
		perror("nwlab-nlisten: socket(AF_NETLINK)");
		return -1;
	}
	/* The bug being demonstrated: a tiny receive buffer for a bursty broadcast. */
	if (o->rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val))) {
		perror("nwlab-nlisten: setsockopt(SO_RCVBUF)");
		goto close_fd;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nwlab-nlisten: bind(group)");
		goto close_fd;
	}
	return fd;

close_fd:
	close(fd);
	return -1;
}

static void count_messages(const char *buf, size_t len, struct nl_result *r)
{
	const struct nlmsghdr *nh;

	for (nh = (const struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
		r->messages++;
		if (nh->nlmsg_type == RTM_NEWLINK)
			r->newlink++;
		else if (nh->nlmsg_type == RTM_DELLINK)
			r->dellink++;
	}
}

static void listen_loop(int fd, const struct nl_opts *o, struct nl_result *r, uint64_t start)
{
	uint64_t end = start + (uint64_t)(o->duration * 1000);
	static char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));

	while (!wl_stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t now = wl_now_ms();
		ssize_t n;

		if (now >= end)
			break;
		if (poll(&pfd, 1, (int)(end - now > 100 ? 100 : end - now)) <= 0)
			continue;
		r->recv_calls++;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ENOBUFS && !r->first_enobufs_ms)
				r->first_enobufs_ms = wl_now_ms() - start;
			wl_errcount_add(&r->recv_err, errno);
			continue;
		}
		r->recv_ok++;
		r->bytes += (unsigned long)n;
		if (o->uevent)
			r->messages++; /* one uevent a datagram, text, no netlink header */
		else
			count_messages(buf, (size_t)n, r);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_nl self;
	socklen_t len = sizeof(self);
	struct nl_result r;
	struct nl_opts o;
	struct stat st;
	int fd, rcvbuf = 0;
	socklen_t optlen = sizeof(rcvbuf);
	uint64_t start;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_opts(argc, argv, &o))
		return 1;
	memset(&r, 0, sizeof(r));
	wl_install_stop_handlers();

	fd = open_listener(&o);
	if (fd < 0)
		return 1;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &optlen) ||
	    getsockname(fd, (struct sockaddr *)&self, &len) || fstat(fd, &st)) {
		perror("nwlab-nlisten: getsockopt/getsockname/fstat");
		close(fd);
		return 1;
	}
	printf("workload=nwlab-nlisten\npid=%d\nportid=%u\ninode=%lu\ngroups=%s\n"
	       "rcvbuf_requested=%lu\nrcvbuf=%d\nduration_s=%g\nread_delay_ms=%lu\n",
	       (int)getpid(), self.nl_pid, (unsigned long)st.st_ino,
	       o.uevent ? "KOBJECT_UEVENT" : "RTMGRP_LINK", o.rcvbuf, rcvbuf, o.duration,
	       o.read_delay_ms);
	if (wl_signal_ready(o.ready_file)) {
		close(fd);
		return 1;
	}
	start = wl_now_ms();
	/* An application busy elsewhere when the burst arrives; 0 reads at once. */
	wl_sleep_ms((unsigned int)o.read_delay_ms);
	listen_loop(fd, &o, &r, start);
	close(fd);

	printf("recv_calls=%lu\nrecv_ok=%lu\nrecv_failed=%lu\n", r.recv_calls, r.recv_ok,
	       wl_errcount_total(&r.recv_err));
	wl_errcount_print(&r.recv_err, "recv_errno");
	printf("messages=%lu\nrtm_newlink=%lu\nrtm_dellink=%lu\nbytes=%lu\n", r.messages,
	       r.newlink, r.dellink, r.bytes);
	if (r.first_enobufs_ms)
		printf("first_enobufs_ms=%llu\n", (unsigned long long)r.first_enobufs_ms);
	printf("stopped_by_signal=%d\n", wl_stop ? 1 : 0);
	return 0;
}
