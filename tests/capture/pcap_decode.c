/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test driver for the capture module: reads a capture file (pcap through
 * libpcap, pcapng through netwhy's reader) into the capture pipeline with a
 * real bus, and prints one deterministic line per event.
 *
 *   pcap_decode [--l2] FILE [FILTER]      summaries (with l2 flags and notes with --l2)
 *   pcap_decode --fields FILE             eth/ip/ipv6/arp addresses, tab-separated,
 *                                         in the column order of tests/capture/tshark_fields.sh
 *   pcap_decode --truncate FILE           every frame re-dissected at every length
 *   pcap_decode --rewrite OUT FILE        records FILE's events to OUT with the pcapng writer
 *   pcap_decode --status FILE...          one line per file: "ok FILE frames partial" or
 *                                         "unreadable FILE: why" (one process for many files)
 *
 * Exit: 0 read, 2 the file could not be read (message on stderr), other = bug.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture/dissect.h"
#include "capture/l2check.h"
#include "capture/pcapng_writer.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "capture/replay.h"
#include "core/bus.h"
#include "core/log.h"
#include "core/util.h"

enum mode { M_SUMMARY, M_FIELDS, M_TRUNCATE, M_STATUS };

struct ctx {
	enum mode mode;
	bool l2;
	struct nw_pkt_store *store;
	uint64_t n, cuts;
};

static void print_fields(const struct nw_dissection *d)
{
	char a[NW_ADDR_STRLEN], b[NW_ADDR_STRLEN], m1[NW_MAC_STRLEN], m2[NW_MAC_STRLEN];
	bool eth = nw_dissect_has(d, NW_LAYER_ETH);
	bool ip4 = nw_dissect_has(d, NW_LAYER_IPV4), ip6 = nw_dissect_has(d, NW_LAYER_IPV6);
	/* IPv4 ARP whose both addresses were read (a cut-short one is not compared). */
	bool arp = nw_dissect_has(d, NW_LAYER_ARP) && d->arp_spa.family == AF_INET &&
		   d->arp_tpa.family == AF_INET;

	printf("%s\t%s\t", eth ? nw_mac_fmt(&d->src_mac, m1, sizeof(m1)) : "",
	       eth ? nw_mac_fmt(&d->dst_mac, m2, sizeof(m2)) : "");
	printf("%s\t%s\t", ip4 ? nw_addr_fmt(&d->src, a, sizeof(a)) : "",
	       ip4 ? nw_addr_fmt(&d->dst, b, sizeof(b)) : "");
	printf("%s\t%s\t", ip6 ? nw_addr_fmt(&d->src, a, sizeof(a)) : "",
	       ip6 ? nw_addr_fmt(&d->dst, b, sizeof(b)) : "");
	printf("%s\t%s\t", arp ? nw_addr_fmt(&d->arp_spa, a, sizeof(a)) : "",
	       arp ? nw_addr_fmt(&d->arp_tpa, b, sizeof(b)) : "");
	if (ip4 || ip6)
		printf("%u\n", ip4 ? d->l4proto : d->l4proto);
	else
		printf("\n");
}

static void print_flags(uint32_t flags)
{
	const char *sep = " {";

	for (unsigned i = 0; i < 32; i++) {
		const char *n = nw_l2_flag_name(1u << i);

		if ((flags & (1u << i)) && n) {
			printf("%s%s", sep, n);
			sep = ",";
		}
	}
	if (sep[0] == ',')
		printf("}");
}

static void on_event(const struct nw_event *ev, void *arg)
{
	struct ctx *c = arg;
	const struct nw_packet_ev *pk = &ev->u.packet;
	struct nw_pkt_view v;
	struct nw_dissection d;
	char line[1024];
	static const char dirs[] = "?IO";

	if (ev->type != NW_EV_PACKET) {
		if (c->mode == M_SUMMARY)
			printf("event %s %s%s%s\n", nw_event_type_name((enum nw_event_type)ev->type),
			       ev->ifname, ev->type == NW_EV_SOURCE ? " " : "",
			       ev->type == NW_EV_SOURCE ? ev->u.source.name : "");
		return;
	}
	c->n++;
	if (!nw_pkt_store_get(c->store, pk->store_ref, &v)) {
		printf("%llu bytes not kept\n", (unsigned long long)c->n);
		return;
	}
	switch (c->mode) {
	case M_SUMMARY:
		nw_dissect(pk->linktype, v.data, v.caplen, pk->len, &d);
		nw_dissect_summary(&d, line, sizeof(line));
		printf("%llu %c %s", (unsigned long long)c->n, dirs[pk->dir < 3 ? pk->dir : 0], line);
		if (c->l2) {
			print_flags(pk->l2_flags);
			if (v.note[0])
				printf(" # %s", v.note);
		}
		printf("\n");
		break;
	case M_FIELDS:
		nw_dissect(pk->linktype, v.data, v.caplen, pk->len, &d);
		print_fields(&d);
		break;
	case M_STATUS:
		break;
	case M_TRUNCATE:
		/* Each cut in its own allocation, so the sanitizer sees any read past it. */
		for (uint32_t cut = 0; cut <= v.caplen; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);

			memcpy(copy, v.data, cut);
			nw_dissect(pk->linktype, copy, cut, pk->len, &d);
			nw_dissect_summary(&d, line, sizeof(line));
			free(copy);
			c->cuts++;
		}
		break;
	}
}

/* Reads one file through a fresh pipeline; returns 0 or -errno with err set. */
static int run(struct ctx *c, const char *path, const char *filter, const char *rewrite,
	       struct nw_capture_pipe_stats *ps, char *err, size_t errlen)
{
	struct nw_replay_stats st;
	struct nw_pcapng_writer *w = NULL;
	struct nw_l2check *l2;
	struct nw_capture_pipe *pipe;
	struct nw_bus *bus;
	int rc;

	bus = nw_bus_new(256);
	l2 = nw_l2check_new(1024);
	c->store = nw_pkt_store_new(1u << 20);
	pipe = nw_capture_pipe_new(bus, l2, c->store);
	nw_bus_subscribe(bus, nw_l2check_bus_cb, l2);
	nw_bus_subscribe(bus, on_event, c);
	if (rewrite) {
		w = nw_pcapng_writer_open(rewrite, c->store, l2, err, errlen);
		if (!w) {
			rc = -EIO;
			goto out;
		}
		nw_bus_subscribe(bus, nw_pcapng_writer_bus_cb, w);
	}
	rc = nw_replay_file(path, filter, 0, pipe, &st, err, errlen);
	if (w && nw_pcapng_writer_close(w) < 0 && !rc) {
		snprintf(err, errlen, "writing %s failed", rewrite);
		rc = -EIO;
	}
	nw_capture_pipe_stats(pipe, ps);
out:
	nw_capture_pipe_free(pipe);
	nw_pkt_store_free(c->store);
	nw_l2check_free(l2);
	nw_bus_free(bus);
	return rc;
}

int main(int argc, char **argv)
{
	struct ctx c = { .mode = M_SUMMARY };
	const char *rewrite = NULL, *filter = NULL;
	struct nw_capture_pipe_stats ps;
	char err[512] = "";
	int i = 1, rc = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (!strcmp(argv[i], "--fields"))
			c.mode = M_FIELDS;
		else if (!strcmp(argv[i], "--truncate"))
			c.mode = M_TRUNCATE;
		else if (!strcmp(argv[i], "--status"))
			c.mode = M_STATUS;
		else if (!strcmp(argv[i], "--l2"))
			c.l2 = true;
		else if (!strcmp(argv[i], "--rewrite") && i + 1 < argc)
			rewrite = argv[++i];
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: pcap_decode [--l2|--fields|--truncate|--rewrite OUT] FILE [FILTER]\n"
			"       pcap_decode --status FILE...\n");
		return 64;
	}
	nw_log_init(64);
	nw_log_set_echo(true, NW_LOG_WARN);
	if (c.mode == M_STATUS) {
		for (; i < argc; i++) {
			c.n = 0;
			rc = run(&c, argv[i], NULL, NULL, &ps, err, sizeof(err));
			if (rc < 0)
				printf("unreadable %s: %s\n", argv[i], err);
			else
				printf("ok %s %llu %llu\n", argv[i], (unsigned long long)ps.frames,
				       (unsigned long long)ps.partial);
			fflush(stdout);
		}
		nw_log_fini();
		return 0;
	}
	if (i + 1 < argc)
		filter = argv[i + 1];
	rc = run(&c, argv[i], filter, rewrite, &ps, err, sizeof(err));
	if (c.mode == M_TRUNCATE)
		printf("%llu frames, %llu cuts\n", (unsigned long long)c.n, (unsigned long long)c.cuts);
	nw_log_fini();
	if (rc < 0) {
		fprintf(stderr, "pcap_decode: %s: %s\n", argv[i], err);
		return 2;
	}
	return 0;
}
