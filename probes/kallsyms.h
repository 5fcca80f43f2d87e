/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel text addresses -> "symbol+0xoff", from /proc/kallsyms.  The table
 * is read once (lazily, text symbols only, at most NW_KSYMS_MAX of them) and
 * searched by bisection; a small direct-mapped cache keeps recent answers.
 * With kptr_restrict hiding addresses (all zero) lookups simply fail.
 */
#ifndef NW_PROBES_KALLSYMS_H
#define NW_PROBES_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NW_KSYMS_MAX (1u << 20)

struct nw_ksyms;

/* Reads path (NULL = /proc/kallsyms) on the first lookup, not here. */
struct nw_ksyms *nw_ksyms_new(const char *path);
void nw_ksyms_free(struct nw_ksyms *ks);

/*
 * Writes "name+0xoff" ("name" at offset 0; module symbols get " [module]"
 * appended) into buf, or "0x<addr>" when no symbol covers addr.  Returns
 * true when found.
 */
bool nw_ksyms_resolve(struct nw_ksyms *ks, uint64_t addr, char *buf, size_t size);

/* Symbols loaded (0 before the first lookup or when unreadable/hidden). */
size_t nw_ksyms_count(const struct nw_ksyms *ks);
/* Parses kallsyms text (for tests); replaces the table. Returns symbols kept or -errno. */
int nw_ksyms_load_text(struct nw_ksyms *ks, const char *text, size_t len);

#endif
