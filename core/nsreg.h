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

/*
 * A container (or pod) living in a namespace: who the user knows it as and
 * how to run a command in it: enter is a prefix like `ip netns exec NAME `
 * ("nsenter -n -t 1234 "), nsopt an option of ip and tc like `-n NAME `.
 * Registered by probes/netns.c with the name "docker:web1", "runc:ID",
 * "pod:NAMESPACE/NAME".
 */
struct nw_nsreg_container {
	char runtime[16];
	char id[72];
	char name[128];
	char image[128];
	char pod_ns[64];
	char pod_name[128];
	char enter[192];
	char nsopt[192];
};

/* Process-wide registry; names longer than 63 bytes are truncated. */
int nw_nsreg_set(uint64_t inode, const char *name);
/* The name, or "" when not known (never NULL). */
const char *nw_nsreg_name(uint64_t inode);
/* Attaches (a copy of) c to the namespace, or detaches with NULL; the name is set apart. */
int nw_nsreg_set_container(uint64_t inode, const struct nw_nsreg_container *c);
/* The container in the namespace, or NULL. */
const struct nw_nsreg_container *nw_nsreg_container(uint64_t inode);
size_t nw_nsreg_count(void);
void nw_nsreg_clear(void);

#endif
