/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for `-r FILE` as netwhy runs it (capture/replay.c): the
 * file's magic picks libpcap (classic pcap) or our pcapng reader, the
 * pcap-filter expression is compiled (once per interface for pcapng) and
 * applied, and every packet goes through the pipeline (dissect, l2check,
 * packet store, bus, JSON).  Input: a capture file as it is when it starts
 * with a pcap or pcapng magic (so the shared corpus seeds it in place, no
 * filter); otherwise a filter expression up to the first NUL byte (at most
 * 200 bytes), then the file.
 * The file lives in a memfd, read through its /proc/self/fd path, so the
 * fuzzer writes nothing to disk.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/l2check.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "capture/replay.h"
#include "core/bus.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FILTER_MAX 200

/* What --json does with every event: encode it (names, addresses, strings from the file). */
static void to_json(const struct nw_event *ev, void *arg)
{
	struct nw_jbuf *b = arg;

	nw_jbuf_reset(b);
	nw_json_event(b, ev);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static bool has_capture_magic(const uint8_t *d, size_t n)
{
	static const uint8_t magics[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 }, /* pcap, us */
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d }, /* pcap, ns */
		{ 0x0a, 0x0d, 0x0d, 0x0a },                             /* pcapng SHB */
	};
	size_t i;

	for (i = 0; n >= 4 && i < sizeof(magics) / sizeof(magics[0]); i++)
		if (memcmp(d, magics[i], 4) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char filter[FUZZ_FILTER_MAX + 1];
	const uint8_t *nul = has_capture_magic(data, size) ? NULL :
		memchr(data, '\0', size < FUZZ_FILTER_MAX ? size : FUZZ_FILTER_MAX);
	size_t flen = nul ? (size_t)(nul - data) : 0;
	struct nw_replay_stats st;
	struct nw_bus *bus;
	struct nw_l2check *l2;
	struct nw_pkt_store *store;
	struct nw_capture_pipe *pipe;
	struct nw_jbuf jb;
	char err[512];

	if (fd < 0) {
		fd = memfd_create("nw-fuzz-replay", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	memcpy(filter, data, flen);
	filter[flen] = '\0';
	if (nul) {
		data += flen + 1;
		size -= flen + 1;
	}
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0 || write_all(fd, data, size) < 0)
		abort();

	nw_jbuf_init(&jb);
	bus = nw_bus_new(256);
	nw_bus_subscribe(bus, to_json, &jb);
	l2 = nw_l2check_new(64);
	store = nw_pkt_store_new(1 << 20);
	pipe = nw_capture_pipe_new(bus, l2, store);
	memset(&st, 0, sizeof(st));
	nw_replay_file(path, flen ? filter : NULL, 1000, pipe, &st, err, sizeof(err));
	nw_capture_pipe_free(pipe);
	nw_pkt_store_free(store);
	nw_l2check_free(l2);
	nw_bus_free(bus);
	nw_jbuf_free(&jb);
	return 0;
}
