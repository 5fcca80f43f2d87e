// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/workloads/wl_common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/errqueue.h>
#include <netinet/in.h>

volatile int wl_stop;

static void wl_on_stop(int sig)
{
	(void)sig;
	wl_stop = 1;
}

void wl_install_stop_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wl_on_stop;
	/* No SA_RESTART: a blocked recv/connect/poll returns EINTR and we report. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

uint64_t wl_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

const char *wl_errname(int err, char *buf, size_t size)
{
#ifdef HAVE_STRERRORNAME_NP
	const char *name = strerrorname_np(err);

	if (name)
		return name;
#endif
	snprintf(buf, size, "E%d", err);
	return buf;
}

void wl_errcount_add(struct wl_errcount *c, int err)
{
	unsigned int i;

	for (i = 0; i < c->used; i++) {
		if (c->err[i] == err) {
			c->n[i]++;
			return;
		}
	}
	if (c->used == WL_MAX_ERRNOS) {
		c->other++;
		return;
	}
	c->err[c->used] = err;
	c->n[c->used] = 1;
	c->used++;
}

void wl_errcount_print(const struct wl_errcount *c, const char *prefix)
{
	char buf[16];
	unsigned int i;

	for (i = 0; i < c->used; i++)
		printf("%s_%s=%lu\n", prefix, wl_errname(c->err[i], buf, sizeof(buf)), c->n[i]);
	if (c->other)
		printf("%s_other=%lu\n", prefix, c->other);
}

unsigned long wl_errcount_total(const struct wl_errcount *c)
{
	unsigned long total = c->other;
	unsigned int i;

	for (i = 0; i < c->used; i++)
		total += c->n[i];
	return total;
}

int wl_parse_seconds(const char *opt, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 3600) {
		fprintf(stderr, "option %s needs seconds between 0 and 3600, got '%s'\n", opt, s);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int wl_parse_ulong(const char *opt, const char *s, unsigned long min, unsigned long max,
		   unsigned long *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, "option %s needs a number from %lu to %lu, got '%s'\n", opt, min,
			max, s);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int wl_signal_ready(const char *path)
{
	int fd;

	fflush(stdout);
	if (!path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "ready\n", 6) != 6) {
		int err = errno;

		fprintf(stderr, "cannot write the ready file %s: %s\n", path, strerror(err));
		if (fd >= 0)
			close(fd);
		return -err;
	}
	close(fd);
	return 0;
}

void wl_sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	if (!wl_stop)
		nanosleep(&ts, NULL);
}

void wl_drain_errqueue(int fd, struct wl_errcount *errqueue)
{
	char cbuf[512], data[128];
	struct iovec iov = { .iov_base = data, .iov_len = sizeof(data) };

	for (;;) {
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *cm;

		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
			return;
		for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			bool v4 = cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_RECVERR;
			bool v6 = cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_RECVERR;
			struct sock_extended_err ee;

			if ((!v4 && !v6) || cm->cmsg_len < CMSG_LEN(sizeof(ee)))
				continue;
			memcpy(&ee, CMSG_DATA(cm), sizeof(ee));
			wl_errcount_add(errqueue, (int)ee.ee_errno);
		}
	}
}
