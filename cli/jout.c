// SPDX-License-Identifier: GPL-2.0-or-later
/* The --json output, never blocking the loop (see cli/jout.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli/jout.h"
#include "core/loop.h"
#include "core/util.h"

/* Below this much queued, lines wait for the next flush (the 200 ms tick): one write per 64 KiB. */
#define JOUT_BATCH (64 * 1024)

struct nw_jout {
	struct nw_loop *loop;
	int fd;
	bool sock;     /* send(MSG_DONTWAIT) */
	bool pollable; /* non-blocking: waits for the reader in the loop */
	bool watching; /* the loop watches fd for room */
	bool lossless; /* a full queue waits for room instead of dropping */
	int sig_fd;    /* a signal here ends every wait for the reader */
	int err;
	char *buf; /* a ring: used bytes from head on, wrapping at cap */
	size_t head, used, cap;
	uint64_t lost, written;
};

/* A pipe or terminal gets an open file description of its own, non-blocking. */
static bool jout_reopen_nonblock(int fd)
{
	char path[64];
	int nfd;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	nfd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (nfd < 0)
		return false;
	if (dup2(nfd, fd) < 0) {
		close(nfd);
		return false;
	}
	close(nfd);
	return true;
}

struct nw_jout *nw_jout_open(struct nw_loop *loop, int fd, size_t limit, int sig_fd, bool lossless)
{
	struct nw_jout *o = nw_xcalloc(1, sizeof(*o));
	struct stat st;

	o->loop = loop;
	o->fd = fd;
	o->cap = limit;
	o->buf = nw_xmalloc(limit);
	o->sig_fd = sig_fd;
	o->lossless = lossless;
	if (fstat(fd, &st) == 0) {
		o->sock = S_ISSOCK(st.st_mode);
		o->pollable = o->sock || ((S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) &&
					  jout_reopen_nonblock(fd));
	}
	return o;
}

static void jout_writable(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	nw_jout_flush(arg);
}

static void jout_watch(struct nw_jout *o, bool on)
{
	if (on == o->watching || !o->pollable)
		return;
	if (on)
		o->watching = nw_loop_add_fd(o->loop, o->fd, NW_LOOP_OUT, jout_writable, o) == 0;
	else
		o->watching = nw_loop_del_fd(o->loop, o->fd) != 0;
}

void nw_jout_free(struct nw_jout *o)
{
	if (!o)
		return;
	jout_watch(o, false);
	free(o->buf);
	free(o);
}

/* The queued bytes as (at most) two pieces: from head to the end of buf, then from its start. */
static int jout_pieces(const struct nw_jout *o, struct iovec *iov)
{
	size_t first = o->cap - o->head < o->used ? o->cap - o->head : o->used;

	iov[0] = (struct iovec){o->buf + o->head, first};
	iov[1] = (struct iovec){o->buf, o->used - first};
	return iov[1].iov_len ? 2 : 1;
}

static ssize_t jout_write(struct nw_jout *o)
{
	struct iovec iov[2];
	struct msghdr msg = {.msg_iov = iov};

	msg.msg_iovlen = (size_t)jout_pieces(o, iov);
	return o->sock ? sendmsg(o->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL)
		       : writev(o->fd, iov, (int)msg.msg_iovlen);
}

int nw_jout_flush(struct nw_jout *o)
{
	while (!o->err && o->used) {
		ssize_t w = jout_write(o);

		if (w > 0) {
			o->head = (o->head + (size_t)w) % o->cap;
			o->used -= (size_t)w;
		} else if (w < 0 && errno == EINTR) {
			continue;
		} else if (w < 0 && errno == EAGAIN) {
			jout_watch(o, true); /* the loop says when the reader has made room */
			return 0;
		} else {
			o->err = w < 0 ? -errno : -EIO;
		}
	}
	jout_watch(o, false);
	return o->err;
}

/* Waits for the reader until need bytes are free, the output failed, or a signal came. */
static void jout_wait_room(struct nw_jout *o, size_t need)
{
	struct pollfd pfd[2] = {{.fd = o->fd, .events = POLLOUT},
				{.fd = o->sig_fd, .events = POLLIN}};

	while (nw_jout_flush(o) == 0 && o->cap - o->used < need) {
		if (poll(pfd, o->sig_fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			return;
		if (pfd[1].revents & POLLIN)
			return; /* stopping: the reader is not waited for any longer */
	}
}

bool nw_jout_put(struct nw_jout *o, const char *line, size_t len)
{
	size_t tail, first;

	if (o->err)
		return false;
	if (len > o->cap - o->used && (o->lossless || !o->pollable))
		jout_wait_room(o, len);
	if (len > o->cap - o->used) {
		o->lost++;
		return false;
	}
	tail = (o->head + o->used) % o->cap;
	first = len < o->cap - tail ? len : o->cap - tail;
	memcpy(o->buf + tail, line, first);
	memcpy(o->buf, line + first, len - first);
	o->used += len;
	o->written++;
	if (o->used >= JOUT_BATCH && !o->watching)
		nw_jout_flush(o);
	return !o->err;
}

/* The lines still queued (each ends with '\n'). */
static uint64_t jout_queued_lines(const struct nw_jout *o)
{
	struct iovec iov[2];
	int n = jout_pieces(o, iov);
	uint64_t lines = 0;

	for (int i = 0; i < n; i++) {
		const char *p = iov[i].iov_base, *end = p + iov[i].iov_len;

		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			lines++;
			p++;
		}
	}
	return lines;
}

int nw_jout_drain(struct nw_jout *o)
{
	jout_wait_room(o, o->cap);
	/* Left behind on a signal: lost.  After the reader left, nobody was there to lose it. */
	if (o->used && !o->err)
		o->lost += jout_queued_lines(o);
	o->used = 0;
	jout_watch(o, false);
	return o->err;
}

void nw_jout_stats(const struct nw_jout *o, struct nw_jout_stats *st)
{
	*st = (struct nw_jout_stats){.err = o->err,
				     .lost = o->lost,
				     .written = o->written,
				     .room = o->cap - o->used,
				     .limit = o->cap};
}
