/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The --json output: JSON Lines queued in a bounded buffer and written to
 * standard output without ever blocking the event loop.  A reader slower
 * than the events (`netwhy --json | (sleep 5; cat)`) must not stall the
 * loop: stalled, it stops reading the sources, the kernel drops packets and
 * the capture's buffer gets the blame.  When the buffer is full a line is
 * dropped and counted; main reports the count as a `source` event
 * (json:stdout) in the stream itself and on stderr at the end.
 *
 * A pipe or a terminal is reopened through /proc/self/fd/N, a new open file
 * description made non-blocking (the shell's own is left as it was); a
 * socket is sent to with MSG_DONTWAIT; a regular file is written as usual.
 * A replay waits for the reader: reading a file, waiting loses nothing.
 */
#ifndef NW_CLI_JOUT_H
#define NW_CLI_JOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nw_loop;
struct nw_jout;

/*
 * Takes over fd (usually 1) with a buffer of limit bytes.  lossless (a
 * replay: waiting loses nothing) waits for room instead of dropping; a
 * signal on sig_fd (-1: none) ends every wait.
 */
struct nw_jout *nw_jout_open(struct nw_loop *loop, int fd, size_t limit, int sig_fd, bool lossless);
void nw_jout_free(struct nw_jout *o);

/* Queues one line (with its '\n'); false when it was dropped (counted) or the reader is gone. */
bool nw_jout_put(struct nw_jout *o, const char *line, size_t len);
/* Writes what the reader takes now; 0 or -errno (see nw_jout_stats). */
int nw_jout_flush(struct nw_jout *o);
/*
 * End of the run: waits until the reader has taken everything, unless a
 * signal arrives (then what is left is counted as lost).  0 or -errno.
 */
int nw_jout_drain(struct nw_jout *o);

struct nw_jout_stats {
	int err;	  /* 0, or the -errno that ended the output (-EPIPE: the reader left) */
	uint64_t lost;	  /* lines dropped */
	uint64_t written; /* lines queued */
	size_t room;	  /* bytes a put may still add */
	size_t limit;
};
void nw_jout_stats(const struct nw_jout *o, struct nw_jout_stats *st);

#endif
