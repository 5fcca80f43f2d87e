// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The in-memory log: a bounded ring of entries, process-wide.  Logging before
 * nw_log_init() works (a default capacity is set up on first use) so early
 * errors in main are never lost.
 */
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/ring.h"
#include "core/util.h"

#define NW_LOG_DEFAULT_CAPACITY 512

static struct nw_ring *log_ring;
static bool log_echo = true;
static enum nw_log_level log_echo_min = NW_LOG_INFO;

void nw_log_init(size_t capacity)
{
	nw_log_fini();
	log_ring = nw_ring_new(sizeof(struct nw_log_entry), capacity ? capacity : NW_LOG_DEFAULT_CAPACITY);
}

void nw_log_fini(void)
{
	nw_ring_free(log_ring);
	log_ring = NULL;
}

void nw_log_set_echo(bool echo, enum nw_log_level min_level)
{
	log_echo = echo;
	log_echo_min = min_level;
}

const char *nw_log_level_name(enum nw_log_level level)
{
	static const char *const names[NW_LOG_LEVEL_COUNT] = {
		[NW_LOG_DEBUG] = "debug", [NW_LOG_INFO] = "info", [NW_LOG_WARN] = "warning", [NW_LOG_ERROR] = "error",
	};

	if ((unsigned)level < NW_LOG_LEVEL_COUNT)
		return names[level];
	return "unknown";
}

void nw_logv(enum nw_log_level level, const char *fmt, va_list ap)
{
	struct nw_log_entry *e;
	int n;

	if (!log_ring)
		nw_log_init(NW_LOG_DEFAULT_CAPACITY);
	if ((unsigned)level >= NW_LOG_LEVEL_COUNT)
		level = NW_LOG_ERROR;
	e = nw_ring_reserve(log_ring, NULL);
	e->ts = nw_now_mono();
	e->level = (uint8_t)level;
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	if (n < 0) {
		nw_strlcpy(e->msg, "(unformattable log message)", sizeof(e->msg));
	} else if ((size_t)n >= sizeof(e->msg)) {
		/* Say the message was cut rather than silently losing its tail. */
		memcpy(e->msg + sizeof(e->msg) - 4, "...", 4);
	}
	if (log_echo && level >= log_echo_min)
		fprintf(stderr, "netwhy: %s: %s\n", nw_log_level_name(level), e->msg);
}

void nw_log(enum nw_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_logv(level, fmt, ap);
	va_end(ap);
}

size_t nw_log_count(void)
{
	return log_ring ? nw_ring_count(log_ring) : 0;
}

uint64_t nw_log_dropped(void)
{
	return log_ring ? nw_ring_evicted(log_ring) : 0;
}

const struct nw_log_entry *nw_log_at(size_t i)
{
	return log_ring ? nw_ring_at(log_ring, i) : NULL;
}

const struct nw_log_entry *nw_log_last(void)
{
	size_t n = nw_log_count();

	return n ? nw_log_at(n - 1) : NULL;
}
