/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What main.c shares with the other files of cli/. */
#ifndef NW_CLI_MAIN_H
#define NW_CLI_MAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_loop;
struct nw_bus;
struct nw_opts;

/* Exit status, documented in --help and the man page. */
enum nw_exit {
	NW_EXIT_OK = 0,
	NW_EXIT_RUNTIME = 1,   /* something failed while running */
	NW_EXIT_USAGE = 2,     /* bad option, filter or input file */
	NW_EXIT_PRIVILEGE = 4, /* a needed capability is missing */
};

/*
 * Opens every source the options ask for (netlink, BPF probes, capture or
 * replay) on the loop, submitting to the bus.  A source that cannot run
 * reports why in a `source` event and the others go on; returns an exit
 * status (non-zero only when nothing can run at all or the user asked for
 * something impossible, with the reason printed).
 */
int nw_sources_open(struct nw_loop *loop, struct nw_bus *bus, const struct nw_opts *opts);
void nw_sources_close(void);
/* The bytes and annotation of a captured packet (for the TUI's hex view). */
bool nw_sources_packet_bytes(void *arg, uint64_t store_ref, const uint8_t **data, uint32_t *caplen,
			     const char **note);
/* Applies a new capture filter to every live capture (the TUI's prompt); 0 or -EINVAL with why. */
int nw_sources_set_filter(void *arg, const char *filter, char *err, size_t size);
/* A short description of the scope for the header: "netns a,b  if br0". */
void nw_sources_scope_text(const struct nw_opts *opts, char *buf, size_t size);

/* An exit status the sources decided while running (a damaged replay file), 0 if none. */
int nw_sources_exit_code(void);

#endif
