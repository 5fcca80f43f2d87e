/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reads `netwhy --json` output back into events, so recorded runs of the lab
 * scenarios (the .jsonl files in tests/data/explain/) replay through the models in unit
 * tests without root.  Names are mapped back through the same runtime tables
 * the encoder used (drop reasons, NUD states) or the standards (ethertypes,
 * protocols); namespace names are registered in core/nsreg.
 *
 * Test support only: it parses the encoder's own output, not arbitrary JSON.
 */
#ifndef NW_TESTS_JSONL_EVENTS_H
#define NW_TESTS_JSONL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/event.h"

/*
 * Parses one line of any event type, driven by the type's descriptor
 * (core/json_schema.h); returns 0, -ENOENT for an unknown type, -EINVAL on
 * bad JSON.  A finding's summary is not read back (the diagnosis writes it
 * from the other fields).
 */
int nw_jsonl_decode(const char *line, struct nw_event *ev);
/* The same for a replay: -ENOENT also for findings and explanations, which the models raise again. */
int nw_jsonl_event(const char *line, struct nw_event *ev);

/* The keys of one line in order, nested ones as "netns.inode"; returns how many (0 on bad JSON). */
struct nw_jsonl_key {
	char key[48];
	bool is_null;
};
size_t nw_jsonl_keys(const char *line, struct nw_jsonl_key *keys, size_t max);

struct nw_bus;
/* Submits every event of the file to bus, in file order; returns how many, or -errno. */
long nw_jsonl_replay(const char *path, struct nw_bus *bus);

/* The whole file as a string (caller frees), NULL when it cannot be read. */
char *nw_test_slurp(const char *path);

#endif
