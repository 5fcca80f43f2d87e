/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON Lines: one object per event, the format in shared/DESIGN.md.  Fields
 * are named plainly (ifname, ip, lladdr, state, prev_state, probes, reason,
 * kind, handle, pid, comm, fd, syscall, errno as its symbolic name, src_mac,
 * dst_mac, mac_mismatch); kernel values are resolved through core/names.h.
 * Every object has ts (seconds, monotonic, 9 decimals), id, type and
 * netns {"inode":N,"name":"..."}.
 */
#ifndef NW_CORE_JSON_H
#define NW_CORE_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/event.h"

/* A growable output buffer with JSON-escaping writers. */
struct nw_jbuf {
	char *data;
	size_t len, cap;
};

void nw_jbuf_init(struct nw_jbuf *b);
void nw_jbuf_free(struct nw_jbuf *b);
void nw_jbuf_reset(struct nw_jbuf *b);
void nw_jbuf_raw(struct nw_jbuf *b, const char *s, size_t n);
void nw_jbuf_printf(struct nw_jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes "s" with JSON escaping; invalid UTF-8 bytes are written as \u00XX. */
void nw_jbuf_str(struct nw_jbuf *b, const char *s);
/*
 * Field writers for modules that add fields to an event's object (findings,
 * explanations): nw_jbuf_key writes ,"key": (every field after the first
 * starts with a comma); the others write a value, no printf involved.
 */
void nw_jbuf_key(struct nw_jbuf *b, const char *key);
void nw_jbuf_u64(struct nw_jbuf *b, uint64_t v);
void nw_jbuf_i64(struct nw_jbuf *b, int64_t v);
/* A CLOCK_MONOTONIC time in ns as seconds with 9 decimals, like "ts". */
void nw_jbuf_ts(struct nw_jbuf *b, uint64_t ns);

/* Appends ev as one JSON object followed by '\n'. */
void nw_json_event(struct nw_jbuf *b, const struct nw_event *ev);
/* Writes the event as one line to f; returns 0 or -errno. */
int nw_json_write(FILE *f, const struct nw_event *ev);

#endif
