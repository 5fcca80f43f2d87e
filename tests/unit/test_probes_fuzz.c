// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for probes/: the ring buffer record decoder and the
 * kallsyms parser.  The first input byte picks the target; for the decoder
 * it can also stamp a valid header (version, a known type, its exact size)
 * so that the body decoders are reached, not only the header checks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "probes/decode.h"
#include "probes/kallsyms.h"
#include "probes/nw_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t sizes[NW_REC_TYPE_COUNT] = {
	[NW_REC_DROP] = sizeof(struct nw_rec_drop),
	[NW_REC_NEIGH] = sizeof(struct nw_rec_neigh),
	[NW_REC_SOCK] = sizeof(struct nw_rec_sock),
};

static void fuzz_decode(const uint8_t *data, size_t size, unsigned stamp)
{
	struct nw_event evs[NW_DECODE_MAX_EVENTS];
	uint8_t *buf = malloc(size ? size : 1);

	memcpy(buf, data, size);
	if (stamp && size >= sizeof(struct nw_rec_hdr)) {
		struct nw_rec_hdr h;
		unsigned type = 1 + stamp % (NW_REC_TYPE_COUNT - 1);

		memcpy(&h, buf, sizeof(h));
		h.type = (uint16_t)type;
		h.version = NW_REC_VERSION;
		h.size = sizes[type];
		memcpy(buf, &h, sizeof(h));
	}
	int n = nw_probe_decode(buf, size, evs);

	/* Decoded events are read in full: strings terminated, lengths bounded. */
	for (int i = 0; i < n; i++) {
		if (strlen(evs[i].ifname) >= sizeof(evs[i].ifname))
			abort();
		if (evs[i].type == NW_EV_NEIGH && evs[i].u.neigh.lladdr.len > NW_MAC_MAX)
			abort();
		if (evs[i].type == NW_EV_SOCK_ERR && strlen(evs[i].u.sock.comm) >= NW_COMMLEN)
			abort();
	}
	nw_probe_record_prog(buf, size);
	free(buf);
}

static void fuzz_kallsyms(const uint8_t *data, size_t size)
{
	struct nw_ksyms *ks = nw_ksyms_new("/nonexistent");
	char out[64];

	nw_ksyms_load_text(ks, (const char *)data, size);
	nw_ksyms_resolve(ks, 0xffffffff81000000ull, out, sizeof(out));
	nw_ksyms_resolve(ks, UINT64_MAX, out, sizeof(out));
	nw_ksyms_resolve(ks, 1, out, 3);
	nw_ksyms_free(ks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_decode(data + 1, size - 1, 0);
		break;
	case 1:
		fuzz_decode(data + 1, size - 1, data[0]);
		break;
	default:
		fuzz_kallsyms(data + 1, size - 1);
		break;
	}
	return 0;
}
