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
#include "core/jbuf.h"

/*
 * Field writers for code that adds fields to a JSON object: nw_jbuf_key
 * writes ,"key": (every field after the first starts with a comma); the
 * others write a value, no printf involved.
 */
void nw_jbuf_key(struct nw_jbuf *b, const char *key);
void nw_jbuf_u64(struct nw_jbuf *b, uint64_t v);
void nw_jbuf_i64(struct nw_jbuf *b, int64_t v);
/* A CLOCK_MONOTONIC time in ns as seconds with 9 decimals, like "ts". */
void nw_jbuf_ts(struct nw_jbuf *b, uint64_t ns);

/*
 * The one text of an event that core cannot make: a finding's "summary"
 * (a sentence the diagnosis writes, core/diag/findings.c).  The diagnosis
 * registers its writer when it creates its findings store; until then the
 * summary is null.  fn fills buf and returns it.
 */
typedef char *(*nw_json_summary_fn)(const struct nw_event *ev, char *buf, size_t size);
void nw_json_set_finding_summary(nw_json_summary_fn fn);

struct nw_jdesc;
/*
 * Appends the fields of descriptor d (core/json_schema.h) of ev, each
 * preceded by a comma: the writer every event type but the packet uses.
 */
void nw_json_fields(struct nw_jbuf *b, const struct nw_event *ev, const struct nw_jdesc *d);

/* Appends ev as one JSON object followed by '\n'. */
void nw_json_event(struct nw_jbuf *b, const struct nw_event *ev);
/* The start of ev's object: '{' and the fields every object has (ts ... ifname), for a writer
 * that adds its own (the full explanation, core/diag/explain.c). */
void nw_json_open(struct nw_jbuf *b, const struct nw_event *ev);
/* Writes the event as one line to f; returns 0 or -errno. */
int nw_json_write(FILE *f, const struct nw_event *ev);

#endif
