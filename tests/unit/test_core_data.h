/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recorded inputs of core's unit tests (tests/data/core/), read whole, and
 * their random numbers.  Include after <cmocka.h>.
 */
#ifndef NW_TEST_CORE_DATA_H
#define NW_TEST_CORE_DATA_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NW_CORE_TEST_DATA NW_SRCDIR "/tests/data/core/"

/* The file's bytes, NUL-terminated; fails the test when it cannot be read. Caller frees. */
static inline char *slurp(const char *name)
{
	char path[512];
	FILE *f;
	long n;
	char *buf;

	snprintf(path, sizeof(path), NW_CORE_TEST_DATA "%s", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open recorded input %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* xorshift64*: fixed seed, so every run sees the same values (a failure replays). */
static inline uint64_t rnd(void)
{
	static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

#endif
