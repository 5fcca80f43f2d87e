/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which capabilities netwhy holds, and what each source needs:
 *   capture (libpcap AF_PACKET)      CAP_NET_RAW
 *   BPF probes on tracepoints        CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN on kernels < 5.8)
 *   kernel locations as symbols      CAP_SYSLOG (/proc/kallsyms shows zeros without it)
 *   entering other namespaces        CAP_SYS_ADMIN (setns) and CAP_SYS_PTRACE (/proc/PID/ns of others)
 *   our netlink listeners' buffers   CAP_NET_ADMIN (SO_RCVBUFFORCE; without it, smaller buffers)
 *
 * Once the sources are open, netwhy keeps only what it still uses while it
 * runs (nw_caps_runtime_set) and drops the rest from its effective,
 * permitted, inheritable, ambient and bounding sets, with no_new_privs: a
 * hostile packet that found a bug in a dissector would hold no more than that.
 */
#ifndef NW_CLI_CAPS_H
#define NW_CLI_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nw_need {
	NW_NEED_CAPTURE = 1 << 0,
	NW_NEED_BPF = 1 << 1,
	NW_NEED_NETNS = 1 << 2,
	NW_NEED_SYMBOLS = 1 << 3,
	NW_NEED_NLBUF = 1 << 4,
	/* Files created after start-up (the TUI's report key, --report at the end). */
	NW_NEED_FILES = 1 << 5,
};

/* The effective capability set of this process (from /proc/self/status CapEff); 0 on error. */
uint64_t nw_caps_effective(void);
/* Parses a "CapEff:\t0000...\n" style hex mask; returns false when malformed. Pure. */
bool nw_caps_parse_hex(const char *hex, uint64_t *mask);

/*
 * Writes into buf the capabilities missing from `have` for what `needs`
 * (enum nw_need bits), as "CAP_BPF, CAP_PERFMON", and returns how many are
 * missing.  Pure.
 */
int nw_caps_missing(uint64_t have, unsigned needs, char *buf, size_t size);

/*
 * The capabilities a running netwhy keeps for `needs` (enum nw_need bits of
 * what it does after start-up; see caps.c for why each).  Pure.
 */
uint64_t nw_caps_runtime_set(unsigned needs);

/* Writes the names of the capabilities in mask ("CAP_NET_RAW, CAP_SYSLOG", or "none"). Pure. */
void nw_caps_names(uint64_t mask, char *buf, size_t size);

/*
 * Drops every capability not in keep from this process (one thread: call it
 * before any thread exists) and sets no_new_privs; *kept is what it still
 * holds (keep and what it had).  Returns 0, or -errno with the reason in err.  The bounding set is left as it is when netwhy
 * lacks CAP_SETPCAP (file capabilities); no_new_privs still stops an exec
 * from regaining anything.
 */
int nw_caps_drop_to(uint64_t keep, uint64_t *kept, char *err, size_t errlen);

#endif
