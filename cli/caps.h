/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which capabilities netwhy holds, and what each source needs:
 *   capture (libpcap AF_PACKET)      CAP_NET_RAW
 *   BPF probes on tracepoints        CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN on kernels < 5.8)
 *   kernel locations as symbols      CAP_SYSLOG (/proc/kallsyms shows zeros without it)
 *   entering other namespaces        CAP_SYS_ADMIN (setns) and CAP_SYS_PTRACE (/proc/PID/ns of others)
 *   our netlink listeners' buffers   CAP_NET_ADMIN (SO_RCVBUFFORCE; without it, smaller buffers)
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

#endif
