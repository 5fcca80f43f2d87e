// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the netlink decoders and the /proc counter parsers
 * (--enable-fuzzing, CC=clang).  Seed corpus: the .bin and .txt files of
 * tests/data/netlink.
 * The input is copied into an allocation of exactly its size, so a read
 * past the message is caught by ASan.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "probes/nl_decode.h"
#include "probes/proc_counters.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(const char *name, uint64_t value, void *arg)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_event ev;
	/* malloc'd, so aligned for struct nlmsghdr. */
	struct nlmsghdr *copy = malloc(size ? size : 1);
	char *text = malloc(size + 1);

	memcpy(copy, data, size);
	nw_nl_link_decode(copy, size, &ev);
	nw_nl_neigh_decode(copy, size, &ev);
	nw_nl_neightbl_decode(copy, size, &ev);
	nw_nl_qdisc_decode(copy, size, &ev);
	nw_nl_route_decode(copy, size, &ev);
	nw_nl_rule_decode(copy, size, &ev);
	nw_nl_sockdiag_decode(copy, size, IPPROTO_UDP, &ev);
	memcpy(text, data, size);
	text[size] = '\0';
	nw_proc_snmp_parse(text, ignore, NULL);
	nw_proc_snmp6_parse(text, ignore, NULL);
	nw_proc_arp_cache_parse(text, ignore, NULL);
	free(text);
	free(copy);
	return 0;
}
