// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Records raw netlink dump replies for the decoder unit tests
 * (tests/data/netlink/).  Usage: nl_capture WHAT PREFIX, WHAT one of link,
 * neigh, neightbl, qdisc, class, route, rule, nldiag, udpdiag; writes each reply
 * message to PREFIX-N.bin (N from 0) and prints one line per file.
 * Plain sockets, no libnl: the recording must not depend on the code it tests.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/fib_rules.h>
#include <linux/inet_diag.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

struct req {
	struct nlmsghdr nlh;
	union {
		struct ifinfomsg ifi;
		struct ndmsg ndm;
		struct ndtmsg ndtm;
		struct tcmsg tcm;
		struct rtmsg rtm;
		struct fib_rule_hdr frh;
		struct netlink_diag_req nd;
		struct inet_diag_req_v2 id;
	} u;
};

int main(int argc, char **argv)
{
	struct req r;
	static uint32_t buf[16384]; /* aligned for struct nlmsghdr */
	int proto = NETLINK_ROUTE, fd, count = 0, done = 0;
	size_t plen;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: nl_capture link|neigh|neightbl|qdisc|class|route|rule|nldiag|udpdiag PREFIX [IFINDEX]\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	if (!strcmp(argv[1], "link")) {
		r.nlh.nlmsg_type = RTM_GETLINK;
		plen = sizeof(r.u.ifi);
	} else if (!strcmp(argv[1], "neigh")) {
		r.nlh.nlmsg_type = RTM_GETNEIGH;
		plen = sizeof(r.u.ndm);
	} else if (!strcmp(argv[1], "neightbl")) {
		r.nlh.nlmsg_type = RTM_GETNEIGHTBL;
		plen = sizeof(r.u.ndtm);
	} else if (!strcmp(argv[1], "qdisc") || !strcmp(argv[1], "class")) {
		r.nlh.nlmsg_type = argv[1][0] == 'q' ? RTM_GETQDISC : RTM_GETTCLASS;
		plen = sizeof(r.u.tcm);
		/* Class dumps walk one device: the kernel answers nothing for ifindex 0. */
		r.u.tcm.tcm_ifindex = argc == 4 ? atoi(argv[3]) : 0;
	} else if (!strcmp(argv[1], "route")) {
		r.nlh.nlmsg_type = RTM_GETROUTE;
		plen = sizeof(r.u.rtm);
	} else if (!strcmp(argv[1], "rule")) {
		r.nlh.nlmsg_type = RTM_GETRULE;
		plen = sizeof(r.u.frh);
	} else if (!strcmp(argv[1], "nldiag")) {
		proto = NETLINK_SOCK_DIAG;
		r.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
		r.u.nd.sdiag_family = AF_NETLINK;
		r.u.nd.sdiag_protocol = NDIAG_PROTO_ALL;
		r.u.nd.ndiag_show = NDIAG_SHOW_MEMINFO | NDIAG_SHOW_GROUPS;
		plen = sizeof(r.u.nd);
	} else if (!strcmp(argv[1], "udpdiag")) {
		proto = NETLINK_SOCK_DIAG;
		r.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
		r.u.id.sdiag_family = AF_INET;
		r.u.id.sdiag_protocol = IPPROTO_UDP;
		r.u.id.idiag_ext = 1 << (INET_DIAG_SKMEMINFO - 1);
		r.u.id.idiag_states = ~0U;
		plen = sizeof(r.u.id);
	} else {
		fprintf(stderr, "nl_capture: unknown kind %s\n", argv[1]);
		return 2;
	}
	r.nlh.nlmsg_len = NLMSG_LENGTH(plen);
	r.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r.nlh.nlmsg_seq = 1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0 || send(fd, &r, r.nlh.nlmsg_len, 0) < 0) {
		perror("nl_capture: netlink");
		return 1;
	}
	while (!done) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t rem = n > 0 ? (size_t)n : 0;
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (n <= 0) {
			fprintf(stderr, "nl_capture: recv: %s\n", n ? strerror(errno) : "no answer");
			return 1;
		}
		for (; rem >= sizeof(*h) && h->nlmsg_len >= sizeof(*h) && h->nlmsg_len <= rem;
		     rem -= NLMSG_ALIGN(h->nlmsg_len) < rem ? NLMSG_ALIGN(h->nlmsg_len) : rem,
		     h = (struct nlmsghdr *)(void *)((char *)h + NLMSG_ALIGN(h->nlmsg_len))) {
			char path[4096];
			FILE *f;

			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			snprintf(path, sizeof(path), "%s-%d.bin", argv[2], count++);
			f = fopen(path, "wb");
			if (!f || fwrite(h, 1, h->nlmsg_len, f) != h->nlmsg_len || fclose(f)) {
				perror(path);
				return 1;
			}
			printf("%s type %u len %u\n", path, h->nlmsg_type, h->nlmsg_len);
		}
	}
	close(fd);
	return 0;
}
