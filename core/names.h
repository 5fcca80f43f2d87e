/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runtime name tables: kernel values (drop reasons, neighbour states, errnos,
 * syscalls) are named from the running system, never from a table frozen
 * into the source.  A value with no name is shown as a number with the
 * table's prefix ("reason#200"), never as a wrong name.
 *
 * Loaders fill a table from what the system offers: the tracefs format of a
 * tracepoint (__print_symbolic), BTF enums (probes/btf_names.c, which owns
 * the libbpf dependency), libc (strerrorname_np).
 */
#ifndef NW_CORE_NAMES_H
#define NW_CORE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_names;

/* prefix names unknown values: "reason" gives "reason#200". */
struct nw_names *nw_names_new(const char *prefix);
void nw_names_free(struct nw_names *names);

/* Adds or replaces the name of value; strips a common prefix given by the loader. Returns 0 or -errno. */
int nw_names_set(struct nw_names *names, int64_t value, const char *name);
size_t nw_names_count(const struct nw_names *names);
/* Names set later lose this leading prefix ("SKB_DROP_REASON_" for BTF enum names); "" for none. */
void nw_names_set_strip_prefix(struct nw_names *names, const char *strip);

/* The name, or NULL when the value has none. */
const char *nw_names_find(const struct nw_names *names, int64_t value);
/* The i-th (value, name) in value order, i < nw_names_count(); NULL past the end. */
const char *nw_names_at(const struct nw_names *names, size_t i, int64_t *value);
/* Forgets every name (a recording brings the names of the kernel it was made on). */
void nw_names_clear(struct nw_names *names);
/* The name, or "prefix#value" written into buf. Never NULL. */
const char *nw_names_get(const struct nw_names *names, int64_t value, char *buf, size_t size);
/* Reverse lookup; returns true and sets *value when found. */
bool nw_names_lookup(const struct nw_names *names, const char *name, int64_t *value);

/*
 * Parses the "print fmt:" line of a tracefs format file and loads the pairs
 * of the first __print_symbolic(FIELD, { N, "NAME" }, ...) whose first
 * argument mentions `field` as a token (e.g. "REC->reason"; the kernel may
 * write an expression such as "REC->flags & 0x3").  Returns the number of
 * names loaded or -errno (-ENOENT when there is no such __print_symbolic,
 * -EINVAL when malformed or truncated; then nothing is loaded).
 * Pure: takes the file's text, so it is unit-tested on recorded formats.
 */
int nw_names_load_print_symbolic(struct nw_names *names, const char *format_text, const char *field);
/*
 * The same for __print_flags(FIELD, "DELIM", { MASK, "NAME" }, ...): loads the
 * masks, for nw_names_get_flags().  Values may be C expressions of integer
 * constants with <<, >> and | (the kernel writes "1 << 3").
 */
int nw_names_load_print_flags(struct nw_names *names, const char *format_text, const char *field);
/*
 * Same, reading /sys/kernel/tracing/events/<group>/<event>/format (or the
 * debugfs path, or $NW_TRACEFS/events/... when that is set); tries
 * __print_symbolic first, then __print_flags.
 */
int nw_names_load_tracefs(struct nw_names *names, const char *group, const char *event, const char *field);

/* Bit flag names (NUD_* states): "INCOMPLETE", "REACHABLE|PERMANENT", or "0x..." for unknown bits. */
const char *nw_names_get_flags(const struct nw_names *names, uint64_t value, char *buf, size_t size);

/* Process-wide tables, filled by nw_names_init_system() from the running system. */
enum nw_names_table {
	NW_NAMES_DROP_REASON, /* skb_drop_reason */
	NW_NAMES_ERRNO,       /* EHOSTUNREACH ... from libc */
	NW_NAMES_NUD,         /* neighbour states: NUD_* bits */
	NW_NAMES_SYSCALL,     /* socket syscalls of the build arch, from <sys/syscall.h> SYS_* (tracefs has no numbers) */
	NW_NAMES_TABLE_COUNT
};
struct nw_names *nw_names_table(enum nw_names_table which);
/*
 * A loader run the first time the table is asked for, not at start-up:
 * naming drop reasons can cost a 5 MB BTF parse that most replays never
 * need.  The last one set wins; nw_names_table() runs it once.
 */
void nw_names_set_lazy(enum nw_names_table which, void (*load)(struct nw_names *names));
/* Where drop reasons come from when tracefs cannot name them (set before the first use). */
void nw_names_set_drop_reason_fallback(void (*load)(void));
/* Replaces the table's names with from's (a recording's), dropping a pending lazy load. */
void nw_names_table_replace(enum nw_names_table which, const struct nw_names *from);
/* Loads what the system offers; missing sources leave numeric fallback and log why. */
void nw_names_init_system(void);
void nw_names_fini_system(void);
const char *nw_errno_name(int err, char *buf, size_t size); /* "EHOSTUNREACH" or "errno#N" */

#endif
