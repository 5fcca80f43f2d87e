/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wiring of the sources (see main.h).  Filled in as the sources land. */
#include <stdio.h>

#include "cli/main.h"
#include "cli/options.h"
#include "core/bus.h"
#include "core/loop.h"

int nw_sources_open(struct nw_loop *loop, struct nw_bus *bus, const struct nw_opts *opts)
{
	fprintf(stderr, "netwhy: no event source is part of this build yet\n");
	return NW_EXIT_RUNTIME;
}

void nw_sources_close(void)
{
}
