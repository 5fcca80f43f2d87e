/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Markdown report for a ticket (netwhy explain --report FILE): every
 * finding with its explanation (timeline, evidence with event ids, cause,
 * fix, what is missing), the cited events as JSON Lines, and the netwhy
 * version and kernel, which the caller passes in (core reads no system
 * state).
 */
#ifndef NW_CORE_REPORT_H
#define NW_CORE_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/json.h"

struct nw_models;

struct nw_report_info {
	const char *version;  /* "netwhy 0.1" */
	const char *kernel;   /* uname -r / -v of the host (or of the recording) */
	const char *command;  /* the command line, "" if none */
	const char *scope;    /* namespaces and interfaces watched, "" if none */
	uint64_t duration_ns; /* how long netwhy watched */
};

/* Appends the report to b. */
void nw_report_markdown(struct nw_jbuf *b, const struct nw_models *m,
			const struct nw_report_info *info);
/* Writes it to f; returns 0 or -errno. */
int nw_report_write(FILE *f, const struct nw_models *m, const struct nw_report_info *info);

#endif
