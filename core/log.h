/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The in-memory log.  Nothing prints to stderr while the TUI is up: messages
 * (ours and libbpf's, libpcap's, libnl's) go here, bounded, and the status
 * line shows the newest.  Before the TUI starts and after it ends the log
 * echoes to stderr (nw_log_set_echo).
 */
#ifndef NW_CORE_LOG_H
#define NW_CORE_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nw_log_level { NW_LOG_DEBUG, NW_LOG_INFO, NW_LOG_WARN, NW_LOG_ERROR, NW_LOG_LEVEL_COUNT };

#define NW_LOG_MSG_MAX 240

struct nw_log_entry {
	uint64_t ts; /* CLOCK_MONOTONIC ns */
	uint8_t level;
	char msg[NW_LOG_MSG_MAX];
};

/* Process-wide: set up once in main; capacity entries are kept. */
void nw_log_init(size_t capacity);
void nw_log_fini(void);
/* Echo entries at or above min_level to stderr as they are logged (false while curses is up). */
void nw_log_set_echo(bool echo, enum nw_log_level min_level);

void nw_log(enum nw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nw_logv(enum nw_log_level level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

size_t nw_log_count(void);
uint64_t nw_log_dropped(void);        /* entries evicted by newer ones */
const struct nw_log_entry *nw_log_at(size_t i); /* 0 = oldest live */
const struct nw_log_entry *nw_log_last(void);   /* NULL when empty */
const char *nw_log_level_name(enum nw_log_level level);

#define nw_debug(...) nw_log(NW_LOG_DEBUG, __VA_ARGS__)
#define nw_info(...) nw_log(NW_LOG_INFO, __VA_ARGS__)
#define nw_warn(...) nw_log(NW_LOG_WARN, __VA_ARGS__)
#define nw_error(...) nw_log(NW_LOG_ERROR, __VA_ARGS__)

#endif
