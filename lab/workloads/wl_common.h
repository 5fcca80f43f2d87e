/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the lab workloads (nwlab-*).  A workload is a small
 * program that provokes one failure and reports, as plain key=value lines on
 * stdout, what its system calls returned.  It exits 0 when it ran as intended:
 * the expected errno is the symptom being demonstrated, not a failure of the
 * workload.  It exits 1 when it could not run (bad option, socket refused) and
 * says why on stderr.
 */
#ifndef NW_LAB_WL_COMMON_H
#define NW_LAB_WL_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define WL_MAX_ERRNOS 16

/* Per-errno counters: one slot per distinct errno, plus a catch-all. */
struct wl_errcount {
	int err[WL_MAX_ERRNOS];
	unsigned long n[WL_MAX_ERRNOS];
	unsigned int used;
	unsigned long other;  /* errnos that found no free slot */
};

/* Set by SIGINT/SIGTERM: workloads stop at the next loop turn and still report. */
extern volatile int wl_stop;

void wl_install_stop_handlers(void);

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t wl_now_ms(void);

/* The errno's symbolic name ("ENOBUFS"), or "E<number>" when it has none. */
const char *wl_errname(int err, char *buf, size_t size);

void wl_errcount_add(struct wl_errcount *c, int err);
/* Prints "<prefix>_<NAME>=<count>" for every errno seen. */
void wl_errcount_print(const struct wl_errcount *c, const char *prefix);
unsigned long wl_errcount_total(const struct wl_errcount *c);

/*
 * Reads every entry of an IP_RECVERR socket's error queue (non-blocking) and
 * counts each by the errno the stack reported (ee_errno).
 */
void wl_drain_errqueue(int fd, struct wl_errcount *errqueue);

/* Option values: return 0, or -EINVAL after printing what was wrong. */
int wl_parse_seconds(const char *opt, const char *s, double *out);
int wl_parse_ulong(const char *opt, const char *s, unsigned long min, unsigned long max,
		   unsigned long *out);

/* Writes "ready\n" to path (when not NULL) so a script can start the trigger. */
int wl_signal_ready(const char *path);

/* Sleeps ms milliseconds unless a stop signal arrives first. */
void wl_sleep_ms(unsigned int ms);

#endif
