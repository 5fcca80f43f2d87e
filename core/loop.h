/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The single-threaded event loop: file descriptors (epoll) and timers
 * (timerfd-free: a sorted list checked against CLOCK_MONOTONIC, the epoll
 * timeout set to the earliest).  Callbacks run on the loop's thread; a
 * callback may add or remove watches and timers, including its own.
 */
#ifndef NW_CORE_LOOP_H
#define NW_CORE_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct nw_loop;

enum nw_loop_events { NW_LOOP_IN = 1, NW_LOOP_OUT = 2, NW_LOOP_ERR = 4, NW_LOOP_HUP = 8 };

typedef void (*nw_loop_fd_cb)(struct nw_loop *loop, int fd, unsigned events, void *arg);
/* Return true to keep a periodic timer, false to remove it. */
typedef bool (*nw_loop_timer_cb)(struct nw_loop *loop, void *arg);

struct nw_loop *nw_loop_new(void);
void nw_loop_free(struct nw_loop *loop);

/* Watch fd for NW_LOOP_IN/OUT; returns 0 or -errno. One watch per fd. */
int nw_loop_add_fd(struct nw_loop *loop, int fd, unsigned events, nw_loop_fd_cb cb, void *arg);
int nw_loop_mod_fd(struct nw_loop *loop, int fd, unsigned events);
int nw_loop_del_fd(struct nw_loop *loop, int fd);

/* Fires after delay_ns, then every period_ns (0 = once). Returns a timer id > 0, or -errno. */
int64_t nw_loop_add_timer(struct nw_loop *loop, uint64_t delay_ns, uint64_t period_ns,
			  nw_loop_timer_cb cb, void *arg);
int nw_loop_del_timer(struct nw_loop *loop, int64_t id);

/*
 * Runs one iteration, waiting at most timeout_ns (UINT64_MAX = until something
 * happens; the wait ends early for the next timer).  Returns the number of
 * callbacks run (fd watches and timers), 0 on timeout or EINTR, or -errno.
 * Timers added by a callback wait for the next iteration.
 */
int nw_loop_run_once(struct nw_loop *loop, uint64_t timeout_ns);
/* Runs until nw_loop_stop(); returns 0 or -errno from epoll. */
int nw_loop_run(struct nw_loop *loop);
void nw_loop_stop(struct nw_loop *loop);
bool nw_loop_stopped(const struct nw_loop *loop);

#endif
