// SPDX-License-Identifier: GPL-2.0-or-later
/* core/loop: timers (one-shot, periodic, removal from callbacks, order), fds, timeouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <cmocka.h>

#include "core/loop.h"
#include "core/util.h"

#define MS 1000000ull

struct tstate {
	int fired;
	int limit;          /* periodic: keep until fired == limit */
	int64_t self_id;    /* delete this id from inside the callback */
	int64_t other_id;   /* delete this other timer from inside the callback */
	int *order;         /* append tag here */
	int *norder;
	int tag;
	bool stop;
};

static bool timer_cb(struct nw_loop *loop, void *arg)
{
	struct tstate *t = arg;

	t->fired++;
	if (t->order)
		t->order[(*t->norder)++] = t->tag;
	if (t->self_id)
		assert_int_equal(nw_loop_del_timer(loop, t->self_id), 0);
	if (t->other_id)
		assert_int_equal(nw_loop_del_timer(loop, t->other_id), 0);
	if (t->stop)
		nw_loop_stop(loop);
	return t->fired < t->limit;
}

/* Runs the loop until cond or deadline_ms passed. */
static void run_for(struct nw_loop *loop, uint64_t ms)
{
	uint64_t end = nw_now_mono() + ms * MS;

	while (nw_now_mono() < end)
		assert_true(nw_loop_run_once(loop, end - nw_now_mono()) >= 0);
}

static void test_one_shot(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate t = { .limit = 100 }; /* asks to be kept: a one-shot ignores that */
	int64_t id;

	id = nw_loop_add_timer(loop, 2 * MS, 0, timer_cb, &t);
	assert_true(id > 0);
	run_for(loop, 30);
	assert_int_equal(t.fired, 1);
	/* Fired one-shot timers are gone. */
	assert_int_equal(nw_loop_del_timer(loop, id), -ENOENT);
	nw_loop_free(loop);
}

static void test_periodic(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate t = { .limit = 3 };
	uint64_t start = nw_now_mono();
	int64_t id = nw_loop_add_timer(loop, 1 * MS, 5 * MS, timer_cb, &t);

	while (t.fired < 3 && nw_now_mono() - start < 2000 * MS)
		nw_loop_run_once(loop, 100 * MS);
	assert_int_equal(t.fired, 3);
	/* Three firings at 1, 6 and 11 ms: the period was respected. */
	assert_true(nw_now_mono() - start >= 11 * MS);
	/* Returning false removed it. */
	run_for(loop, 20);
	assert_int_equal(t.fired, 3);
	assert_int_equal(nw_loop_del_timer(loop, id), -ENOENT);
	nw_loop_free(loop);
}

static void test_remove_self_in_callback(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate t = { .limit = 1000 };

	t.self_id = nw_loop_add_timer(loop, 1 * MS, 1 * MS, timer_cb, &t);
	run_for(loop, 20);
	/* It asked to be kept, but removed itself first: it fires once. */
	assert_int_equal(t.fired, 1);
	nw_loop_free(loop);
}

static void test_remove_other_in_callback(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate a = { .limit = 1 }, b = { .limit = 1 };

	/* Both expire before the loop runs; a, earlier, removes b before it fires. */
	nw_loop_add_timer(loop, 0, 0, timer_cb, &a);
	a.other_id = nw_loop_add_timer(loop, 1 * MS, 0, timer_cb, &b);
	usleep(5000);
	assert_int_equal(nw_loop_run_once(loop, 0), 1);
	assert_int_equal(a.fired, 1);
	assert_int_equal(b.fired, 0);
	run_for(loop, 10);
	assert_int_equal(b.fired, 0);
	nw_loop_free(loop);
}

static void test_del_timer_before_fire(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate t = { .limit = 1 };
	int64_t id = nw_loop_add_timer(loop, 2 * MS, 0, timer_cb, &t);

	assert_int_equal(nw_loop_del_timer(loop, id), 0);
	assert_int_equal(nw_loop_del_timer(loop, id), -ENOENT);
	assert_int_equal(nw_loop_del_timer(loop, 12345), -ENOENT);
	run_for(loop, 10);
	assert_int_equal(t.fired, 0);
	assert_int_equal(nw_loop_add_timer(loop, 0, 0, NULL, NULL), -EINVAL);
	nw_loop_free(loop);
}

static void test_timer_order(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	int order[8], n = 0;
	struct tstate t[5];
	const uint64_t delays[5] = { 3 * MS, 1 * MS, 2 * MS, 2 * MS, 0 };
	/* Expected: by deadline; the two 2 ms timers in the order they were added. */
	const int expect[5] = { 4, 1, 2, 3, 0 };

	for (int i = 0; i < 5; i++) {
		t[i] = (struct tstate){ .limit = 1, .order = order, .norder = &n, .tag = i };
		nw_loop_add_timer(loop, delays[i], 0, timer_cb, &t[i]);
	}
	usleep(10000);
	/* All expired: one iteration fires all five, in deadline order. */
	assert_int_equal(nw_loop_run_once(loop, 0), 5);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(order[i], expect[i]);
	nw_loop_free(loop);
}

static bool add_zero_timer_cb(struct nw_loop *loop, void *arg)
{
	int *count = arg;

	/* A callback adding an immediate timer must not make run_once loop forever. */
	(*count)++;
	nw_loop_add_timer(loop, 0, 0, add_zero_timer_cb, arg);
	return false;
}

static void test_timer_added_in_callback_waits(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	int count = 0;

	nw_loop_add_timer(loop, 0, 0, add_zero_timer_cb, &count);
	assert_int_equal(nw_loop_run_once(loop, 0), 1);
	assert_int_equal(count, 1);
	assert_int_equal(nw_loop_run_once(loop, 0), 1);
	assert_int_equal(count, 2);
	nw_loop_free(loop);
}

struct fdstate {
	int calls;
	unsigned events;
	bool del_self;
	char buf[16];
};

static void fd_cb(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct fdstate *s = arg;

	s->calls++;
	s->events = events;
	if (events & NW_LOOP_IN)
		assert_true(read(fd, s->buf, sizeof(s->buf)) >= 0);
	if (s->del_self)
		assert_int_equal(nw_loop_del_fd(loop, fd), 0);
}

static void test_fd_pipe(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct fdstate s = { 0 };
	int p[2];

	assert_int_equal(pipe(p), 0);
	assert_int_equal(nw_loop_add_fd(loop, p[0], NW_LOOP_IN, fd_cb, &s), 0);
	assert_int_equal(nw_loop_add_fd(loop, p[0], NW_LOOP_IN, fd_cb, &s), -EEXIST);

	/* Nothing written: no callback, and run_once(0) does not block. */
	assert_int_equal(nw_loop_run_once(loop, 0), 0);
	assert_int_equal(s.calls, 0);

	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(nw_loop_run_once(loop, 1000 * MS), 1);
	assert_int_equal(s.calls, 1);
	assert_true(s.events & NW_LOOP_IN);
	assert_int_equal(s.buf[0], 'x');

	/* Removal inside the callback: later writes are not delivered. */
	s.del_self = true;
	assert_int_equal(write(p[1], "y", 1), 1);
	assert_int_equal(nw_loop_run_once(loop, 1000 * MS), 1);
	assert_int_equal(s.calls, 2);
	assert_int_equal(write(p[1], "z", 1), 1);
	assert_int_equal(nw_loop_run_once(loop, 20 * MS), 0);
	assert_int_equal(s.calls, 2);
	assert_int_equal(nw_loop_del_fd(loop, p[0]), -ENOENT);

	/* The same fd can be watched again, and the writer closing is a hang-up. */
	s = (struct fdstate){ 0 };
	assert_int_equal(nw_loop_add_fd(loop, p[0], NW_LOOP_IN, fd_cb, &s), 0);
	close(p[1]);
	assert_true(nw_loop_run_once(loop, 1000 * MS) >= 1);
	assert_true(s.events & NW_LOOP_HUP);
	assert_int_equal(nw_loop_del_fd(loop, p[0]), 0);
	close(p[0]);
	nw_loop_free(loop);
}

static void test_fd_out_and_mod(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct fdstate s = { 0 };
	int p[2];

	assert_int_equal(pipe(p), 0);
	/* An empty pipe is writable at once. */
	assert_int_equal(nw_loop_add_fd(loop, p[1], NW_LOOP_OUT, fd_cb, &s), 0);
	assert_int_equal(nw_loop_run_once(loop, 1000 * MS), 1);
	assert_true(s.events & NW_LOOP_OUT);
	/* Switched to input only: a write end never becomes readable. */
	assert_int_equal(nw_loop_mod_fd(loop, p[1], NW_LOOP_IN), 0);
	assert_int_equal(nw_loop_run_once(loop, 10 * MS), 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(nw_loop_mod_fd(loop, p[0], NW_LOOP_IN), -ENOENT);
	assert_int_equal(nw_loop_add_fd(loop, -1, NW_LOOP_IN, fd_cb, &s), -EINVAL);
	assert_int_equal(nw_loop_add_fd(loop, 999, NW_LOOP_IN, fd_cb, &s), -EBADF);
	nw_loop_del_fd(loop, p[1]);
	close(p[0]);
	close(p[1]);
	nw_loop_free(loop);
}

static void two_fd_cb(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	int *other = arg;
	char c;

	/* Whichever runs first removes the other; the other must not run. */
	assert_true(read(fd, &c, 1) == 1);
	if (*other >= 0) {
		assert_int_equal(nw_loop_del_fd(loop, *other), 0);
		*other = -1;
	} else {
		fail_msg("a watch removed earlier in the same batch was called");
	}
}

static void test_fd_removed_in_same_batch(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	int a[2], b[2], other_a, other_b;

	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	other_a = b[0]; /* a's callback removes b */
	other_b = a[0];
	assert_int_equal(nw_loop_add_fd(loop, a[0], NW_LOOP_IN, two_fd_cb, &other_a), 0);
	assert_int_equal(nw_loop_add_fd(loop, b[0], NW_LOOP_IN, two_fd_cb, &other_b), 0);
	assert_int_equal(write(a[1], "1", 1), 1);
	assert_int_equal(write(b[1], "2", 1), 1);
	assert_int_equal(nw_loop_run_once(loop, 1000 * MS), 1);
	for (int i = 0; i < 2; i++) {
		close(a[i]);
		close(b[i]);
	}
	nw_loop_free(loop);
}

static void test_run_once_timeout(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	uint64_t t0 = nw_now_mono(), dt;

	assert_int_equal(nw_loop_run_once(loop, 0), 0);
	assert_true(nw_now_mono() - t0 < 50 * MS);

	t0 = nw_now_mono();
	assert_int_equal(nw_loop_run_once(loop, 30 * MS), 0);
	dt = nw_now_mono() - t0;
	assert_true(dt >= 30 * MS);
	assert_true(dt < 500 * MS);

	/* A timer earlier than the timeout shortens the wait. */
	struct tstate t = { .limit = 1 };

	nw_loop_add_timer(loop, 5 * MS, 0, timer_cb, &t);
	t0 = nw_now_mono();
	assert_int_equal(nw_loop_run_once(loop, 5000 * MS), 1);
	dt = nw_now_mono() - t0;
	assert_int_equal(t.fired, 1);
	assert_true(dt >= 5 * MS);
	assert_true(dt < 1000 * MS);
	nw_loop_free(loop);
}

static void test_run_and_stop(void **state)
{
	struct nw_loop *loop = nw_loop_new();
	struct tstate tick = { .limit = 1000 }, stopper = { .limit = 1, .stop = true };

	nw_loop_add_timer(loop, 1 * MS, 1 * MS, timer_cb, &tick);
	nw_loop_add_timer(loop, 20 * MS, 0, timer_cb, &stopper);
	assert_false(nw_loop_stopped(loop));
	assert_int_equal(nw_loop_run(loop), 0);
	assert_true(nw_loop_stopped(loop));
	assert_int_equal(stopper.fired, 1);
	assert_true(tick.fired >= 2);
	nw_loop_free(loop);
	nw_loop_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_shot),
		cmocka_unit_test(test_periodic),
		cmocka_unit_test(test_remove_self_in_callback),
		cmocka_unit_test(test_remove_other_in_callback),
		cmocka_unit_test(test_del_timer_before_fire),
		cmocka_unit_test(test_timer_order),
		cmocka_unit_test(test_timer_added_in_callback_waits),
		cmocka_unit_test(test_fd_pipe),
		cmocka_unit_test(test_fd_out_and_mod),
		cmocka_unit_test(test_fd_removed_in_same_batch),
		cmocka_unit_test(test_run_once_timeout),
		cmocka_unit_test(test_run_and_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
