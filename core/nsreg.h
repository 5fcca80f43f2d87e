/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of network namespaces, by inode.  probes/netns.c discovers them
 * (/run/netns, container runtimes, /proc/PID/ns/net) and registers names
 * here; consumers (JSON, TUI) only read.  The initial namespace is
 * registered as "host"-side by the discoverer, never guessed here.
 */
#ifndef NW_CORE_NSREG_H
#define NW_CORE_NSREG_H

#include <stddef.h>
#include <stdint.h>

/* Process-wide registry; names longer than 63 bytes are truncated. */
int nw_nsreg_set(uint64_t inode, const char *name);
/* The name, or "" when not known (never NULL). */
const char *nw_nsreg_name(uint64_t inode);
size_t nw_nsreg_count(void);
void nw_nsreg_clear(void);

#endif
