/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel counters that prove silent drops, per namespace:
 * /proc/net/snmp (Ip.OutDiscards, Udp.SndbufErrors, Udp.RcvbufErrors),
 * /proc/net/snmp6 (Ip6OutDiscards, Udp6SndbufErrors, Udp6RcvbufErrors),
 * and the global /proc/net/stat/arp_cache (per-CPU lines, summed here:
 * unresolved_discards and table_fulls, which UDP sends into a full
 * neighbour table raise without any errno unless IP_RECVERR is set).
 *
 * The files are opened once, inside the namespace (the netlink source
 * enters it); /proc/net of an open descriptor keeps reading that
 * namespace.  The parsers are pure and unit-tested on recorded files.
 */
#ifndef NW_PROBES_PROC_COUNTERS_H
#define NW_PROBES_PROC_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Calls fn(name, value, arg) for every wanted counter found in the text; returns how many or -EINVAL. */
typedef void (*nw_proc_counter_fn)(const char *name, uint64_t value, void *arg);
int nw_proc_snmp_parse(const char *text, nw_proc_counter_fn fn, void *arg);
int nw_proc_snmp6_parse(const char *text, nw_proc_counter_fn fn, void *arg);
int nw_proc_arp_cache_parse(const char *text, nw_proc_counter_fn fn, void *arg);

struct nw_proc_counters;

/* Opens the files of the calling thread's namespace; global_tables adds /proc/net/stat/arp_cache. */
struct nw_proc_counters *nw_proc_counters_open(bool global_tables);
void nw_proc_counters_close(struct nw_proc_counters *pc);
/*
 * Reads every file again and calls fn(name, value, delta, arg) for each
 * counter that changed since the last poll (all of them, delta 0, on the
 * first).  Returns 0 or -errno of the first file that failed.
 */
typedef void (*nw_proc_change_fn)(const char *name, uint64_t value, uint64_t delta, void *arg);
int nw_proc_counters_poll(struct nw_proc_counters *pc, nw_proc_change_fn fn, void *arg);

#endif
