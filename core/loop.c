// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The event loop: epoll for file descriptors, a sorted list for timers.
 *
 * Callbacks may add and remove watches and timers, their own included, so
 * dispatch never holds a pointer across a callback: fd events are looked up
 * by fd and a generation number on each delivery, and expired timers are
 * first moved to a pending list whose entries a removal only marks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/loop.h"
#include "core/util.h"

#define NW_LOOP_MAX_EVENTS 64

struct nw_watch {
	nw_loop_fd_cb cb;
	void *arg;
	uint32_t gen; /* 0 = free slot */
};

struct nw_timer {
	struct nw_timer *next;
	int64_t id;
	uint64_t deadline, period;
	nw_loop_timer_cb cb;
	void *arg;
	bool cancelled;
};

struct nw_loop {
	int epfd;
	struct nw_watch *watches; /* indexed by fd */
	size_t nwatches;
	uint32_t gen;
	struct nw_timer *timers;  /* sorted by deadline, then id */
	struct nw_timer *pending; /* expired, being fired */
	int64_t next_timer_id;
	bool stopped;
};

struct nw_loop *nw_loop_new(void)
{
	struct nw_loop *loop;
	int fd = epoll_create1(EPOLL_CLOEXEC);

	if (fd < 0)
		return NULL;
	loop = nw_xcalloc(1, sizeof(*loop));
	loop->epfd = fd;
	loop->next_timer_id = 1;
	return loop;
}

static void free_timers(struct nw_timer *t)
{
	while (t) {
		struct nw_timer *next = t->next;

		free(t);
		t = next;
	}
}

void nw_loop_free(struct nw_loop *loop)
{
	if (!loop)
		return;
	close(loop->epfd);
	free(loop->watches);
	free_timers(loop->timers);
	free_timers(loop->pending);
	free(loop);
}

static uint32_t to_epoll(unsigned events)
{
	uint32_t e = 0;

	if (events & NW_LOOP_IN)
		e |= EPOLLIN;
	if (events & NW_LOOP_OUT)
		e |= EPOLLOUT;
	return e;
}

static unsigned from_epoll(uint32_t e)
{
	unsigned events = 0;

	if (e & (EPOLLIN | EPOLLPRI))
		events |= NW_LOOP_IN;
	if (e & EPOLLOUT)
		events |= NW_LOOP_OUT;
	if (e & EPOLLERR)
		events |= NW_LOOP_ERR;
	if (e & (EPOLLHUP | EPOLLRDHUP))
		events |= NW_LOOP_HUP;
	return events;
}

static uint64_t pack(int fd, uint32_t gen)
{
	return (uint64_t)gen << 32 | (uint32_t)fd;
}

int nw_loop_add_fd(struct nw_loop *loop, int fd, unsigned events, nw_loop_fd_cb cb, void *arg)
{
	struct epoll_event ee = { 0 };

	if (fd < 0 || !cb)
		return -EINVAL;
	if ((size_t)fd >= loop->nwatches) {
		size_t n = loop->nwatches ? loop->nwatches : 16;

		while (n <= (size_t)fd)
			n *= 2;
		loop->watches = nw_xrealloc(loop->watches, n * sizeof(*loop->watches));
		memset(loop->watches + loop->nwatches, 0, (n - loop->nwatches) * sizeof(*loop->watches));
		loop->nwatches = n;
	}
	if (loop->watches[fd].gen)
		return -EEXIST;
	if (++loop->gen == 0)
		loop->gen = 1;
	ee.events = to_epoll(events);
	ee.data.u64 = pack(fd, loop->gen);
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ee) < 0)
		return -errno;
	loop->watches[fd].cb = cb;
	loop->watches[fd].arg = arg;
	loop->watches[fd].gen = loop->gen;
	return 0;
}

static struct nw_watch *watch_of(struct nw_loop *loop, int fd)
{
	if (fd < 0 || (size_t)fd >= loop->nwatches || !loop->watches[fd].gen)
		return NULL;
	return &loop->watches[fd];
}

int nw_loop_mod_fd(struct nw_loop *loop, int fd, unsigned events)
{
	struct nw_watch *w = watch_of(loop, fd);
	struct epoll_event ee = { 0 };

	if (!w)
		return -ENOENT;
	ee.events = to_epoll(events);
	ee.data.u64 = pack(fd, w->gen);
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ee) < 0)
		return -errno;
	return 0;
}

int nw_loop_del_fd(struct nw_loop *loop, int fd)
{
	struct nw_watch *w = watch_of(loop, fd);
	int ret = 0;

	if (!w)
		return -ENOENT;
	/* The fd may already be closed (the kernel then removed it itself): still forget it. */
	if (epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != EBADF && errno != ENOENT)
		ret = -errno;
	memset(w, 0, sizeof(*w));
	return ret;
}

static void timer_insert(struct nw_loop *loop, struct nw_timer *t)
{
	struct nw_timer **pp = &loop->timers;

	/* Equal deadlines fire in the order they were added (ids increase). */
	while (*pp && ((*pp)->deadline < t->deadline || ((*pp)->deadline == t->deadline && (*pp)->id < t->id)))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

int64_t nw_loop_add_timer(struct nw_loop *loop, uint64_t delay_ns, uint64_t period_ns, nw_loop_timer_cb cb,
			  void *arg)
{
	struct nw_timer *t;

	if (!cb)
		return -EINVAL;
	t = nw_xcalloc(1, sizeof(*t));
	t->id = loop->next_timer_id++;
	t->deadline = nw_now_mono() + delay_ns;
	t->period = period_ns;
	t->cb = cb;
	t->arg = arg;
	timer_insert(loop, t);
	return t->id;
}

int nw_loop_del_timer(struct nw_loop *loop, int64_t id)
{
	for (struct nw_timer **pp = &loop->timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			struct nw_timer *t = *pp;

			*pp = t->next;
			free(t);
			return 0;
		}
	}
	/* Expired and waiting to fire (or firing now): mark it, dispatch frees it. */
	for (struct nw_timer *t = loop->pending; t; t = t->next) {
		if (t->id == id && !t->cancelled) {
			t->cancelled = true;
			return 0;
		}
	}
	return -ENOENT;
}

static int fire_timers(struct nw_loop *loop)
{
	uint64_t now = nw_now_mono();
	struct nw_timer **tail = &loop->pending;
	int fired = 0;

	/* Detach what expired now; timers added by callbacks wait for the next round. */
	while (loop->timers && loop->timers->deadline <= now) {
		struct nw_timer *t = loop->timers;

		loop->timers = t->next;
		t->next = NULL;
		*tail = t;
		tail = &t->next;
	}
	while (loop->pending) {
		struct nw_timer *t = loop->pending;
		bool keep;

		if (t->cancelled) {
			loop->pending = t->next;
			free(t);
			continue;
		}
		keep = t->cb(loop, t->arg);
		fired++;
		/* The callback may have cancelled t (or others); t is still first in pending. */
		loop->pending = t->next;
		if (keep && t->period && !t->cancelled) {
			t->deadline += t->period;
			if (t->deadline <= now)
				t->deadline = now + t->period; /* fell behind: skip, do not burst */
			t->cancelled = false;
			timer_insert(loop, t);
		} else {
			free(t);
		}
	}
	return fired;
}

int nw_loop_run_once(struct nw_loop *loop, uint64_t timeout_ns)
{
	struct epoll_event evs[NW_LOOP_MAX_EVENTS];
	uint64_t wait_ns = timeout_ns;
	int timeout_ms, n, ran = 0, fired;

	if (loop->timers) {
		uint64_t now = nw_now_mono();
		uint64_t until = loop->timers->deadline > now ? loop->timers->deadline - now : 0;

		if (until < wait_ns)
			wait_ns = until;
	}
	if (wait_ns == UINT64_MAX)
		timeout_ms = -1;
	else if (wait_ns / 1000000 >= INT32_MAX)
		timeout_ms = INT32_MAX;
	else
		timeout_ms = (int)((wait_ns + 999999) / 1000000); /* round up: never wake early and spin */
	n = epoll_wait(loop->epfd, evs, NW_LOOP_MAX_EVENTS, timeout_ms);
	if (n < 0) {
		if (errno != EINTR)
			return -errno;
		n = 0;
	}
	for (int i = 0; i < n; i++) {
		int fd = (int)(uint32_t)evs[i].data.u64;
		uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32);
		struct nw_watch *w = watch_of(loop, fd);

		/* Removed (or replaced) by an earlier callback in this batch: skip. */
		if (!w || w->gen != gen)
			continue;
		w->cb(loop, fd, from_epoll(evs[i].events), w->arg);
		ran++;
	}
	fired = fire_timers(loop);
	return ran + fired;
}

int nw_loop_run(struct nw_loop *loop)
{
	loop->stopped = false;
	while (!loop->stopped) {
		int ret = nw_loop_run_once(loop, UINT64_MAX);

		if (ret < 0)
			return ret;
	}
	return 0;
}

void nw_loop_stop(struct nw_loop *loop)
{
	loop->stopped = true;
}

bool nw_loop_stopped(const struct nw_loop *loop)
{
	return loop->stopped;
}
