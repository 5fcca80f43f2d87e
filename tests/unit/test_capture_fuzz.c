/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the capture decoders (--enable-fuzzing, CC=clang).
 * The first byte picks what the rest is: a frame for one of the link types
 * the dissectors know (dissected, summarised, classified by l2check), or a
 * pcapng file for the reader.  Seeds: tests/data/capture/ (*.pcap frames
 * are best extracted; basic.pcap and stale-peer.pcapng work as they are).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capture/dissect.h"
#include "capture/l2check.h"
#include "capture/pcapng_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t linktypes[] = { 1, 0, 12, 101, 108, 113, 228, 229, 276 };

static int on_packet(void *arg, const struct nw_pcapng_pkt *p)
{
	struct nw_dissection d;

	nw_dissect(p->ifc->linktype, p->data, p->caplen, p->len, &d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nw_l2check *l2;
	struct nw_dissection d;
	struct nw_l2_verdict v;
	char line[512];
	static uint64_t ts;

	if (size < 1)
		return 0;
	if (data[0] == 0xff) {
		struct nw_pcapng_cbs cbs = { .packet = on_packet };
		struct nw_pcapng_read_stats st;
		char err[256];
		FILE *f = fmemopen((void *)(data + 1), size - 1, "rb");

		if (f) {
			nw_pcapng_read_stream(f, &cbs, &st, err, sizeof(err));
			fclose(f);
		}
		return 0;
	}
	if (!l2) {
		struct nw_mac mac = { 6, { 2, 0, 0, 0, 0x0a, 0x01 } };

		l2 = nw_l2check_new(64);
		nw_l2check_set_if_mac(l2, 1, 2, "veth0", &mac, 0);
	}
	nw_dissect(linktypes[data[0] % (sizeof(linktypes) / sizeof(linktypes[0]))], data + 1,
		   (uint32_t)(size - 1), (uint32_t)(size - 1 + (data[0] & 0x80)), &d);
	nw_dissect_summary(&d, line, sizeof(line));
	nw_l2check_frame(l2, 1, 2, (enum nw_pkt_dir)(data[0] % 3), ts += 1000000, &d, &v);
	nw_l2check_annotate(&v, line, sizeof(line));
	return 0;
}
