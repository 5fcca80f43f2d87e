// SPDX-License-Identifier: GPL-2.0-or-later
/* core/log: bounded, counts what it drops, echoes to stderr only when asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/log.h"

/* Captures what fd 2 receives while fn runs. */
struct capture {
	int saved;
	FILE *tmp;
};

static void capture_start(struct capture *c)
{
	fflush(stderr);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->tmp), 2) >= 0);
}

static char *capture_end(struct capture *c)
{
	static char out[4096];
	size_t n;

	fflush(stderr);
	assert_true(dup2(c->saved, 2) >= 0);
	close(c->saved);
	rewind(c->tmp);
	n = fread(out, 1, sizeof(out) - 1, c->tmp);
	out[n] = '\0';
	fclose(c->tmp);
	return out;
}

static int setup(void **state)
{
	nw_log_init(4);
	nw_log_set_echo(false, NW_LOG_DEBUG);
	return 0;
}

static int teardown(void **state)
{
	nw_log_fini();
	return 0;
}

static void test_bounded_and_dropped(void **state)
{
	assert_int_equal(nw_log_count(), 0);
	assert_null(nw_log_last());
	assert_null(nw_log_at(0));
	for (int i = 0; i < 6; i++)
		nw_info("message %d", i);
	assert_int_equal(nw_log_count(), 4);
	assert_int_equal(nw_log_dropped(), 2);
	assert_string_equal(nw_log_at(0)->msg, "message 2");
	assert_string_equal(nw_log_at(3)->msg, "message 5");
	assert_null(nw_log_at(4));
	assert_string_equal(nw_log_last()->msg, "message 5");
	assert_int_equal(nw_log_last()->level, NW_LOG_INFO);
	assert_true(nw_log_last()->ts > 0);
	assert_true(nw_log_at(0)->ts <= nw_log_at(3)->ts);
}

static void test_levels(void **state)
{
	nw_debug("d");
	nw_warn("w %s", "x");
	nw_error("e %d", 7);
	assert_int_equal(nw_log_at(0)->level, NW_LOG_DEBUG);
	assert_int_equal(nw_log_at(1)->level, NW_LOG_WARN);
	assert_string_equal(nw_log_at(1)->msg, "w x");
	assert_int_equal(nw_log_at(2)->level, NW_LOG_ERROR);
	assert_string_equal(nw_log_at(2)->msg, "e 7");
	assert_string_equal(nw_log_level_name(NW_LOG_WARN), "warning");
	assert_string_equal(nw_log_level_name(NW_LOG_ERROR), "error");
	assert_string_equal(nw_log_level_name(NW_LOG_LEVEL_COUNT), "unknown");
}

static void test_echo_off_is_silent(void **state)
{
	struct capture c;

	capture_start(&c);
	nw_error("not on stderr");
	assert_string_equal(capture_end(&c), "");
	assert_string_equal(nw_log_last()->msg, "not on stderr");
}

static void test_echo_threshold(void **state)
{
	struct capture c;
	char *out;

	nw_log_set_echo(true, NW_LOG_WARN);
	capture_start(&c);
	nw_info("quiet");
	nw_warn("loud %d", 1);
	out = capture_end(&c);
	nw_log_set_echo(false, NW_LOG_DEBUG);
	assert_string_equal(out, "netwhy: warning: loud 1\n");
	/* Echoed or not, both are kept. */
	assert_int_equal(nw_log_count(), 2);
}

static void test_long_message_marked(void **state)
{
	char big[NW_LOG_MSG_MAX * 2];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	nw_info("%s", big);
	const char *m = nw_log_last()->msg;

	assert_int_equal(strlen(m), NW_LOG_MSG_MAX - 1);
	assert_string_equal(m + NW_LOG_MSG_MAX - 4, "...");
}

static void test_log_before_init(void **state)
{
	/* Logging before nw_log_init must not crash or lose the message. */
	nw_log_fini();
	nw_warn("early");
	assert_int_equal(nw_log_count(), 1);
	assert_string_equal(nw_log_last()->msg, "early");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bounded_and_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_off_is_silent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_message_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_before_init, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
