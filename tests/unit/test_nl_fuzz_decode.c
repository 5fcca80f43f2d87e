// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the netlink decoders, the /proc counter parsers and
 * the container runtimes' state parsers (--enable-fuzzing, CC=clang).
 * Seed corpus: the .bin, .txt and .json files of tests/data/netlink.
 * The input is copied into an allocation of exactly its size, so a read
 * past the message is caught by ASan.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "probes/containers.h"
#include "probes/nl_decode.h"
#include "probes/proc_counters.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(const char *name, uint64_t value, void *arg)
{
}

static void fuzz_containers(const char *text)
{
	struct nw_container c = { 0 }, known = { .id = "x" };
	struct nw_containers l = { .v = &known, .n = 1, .cap = 1 };

	nw_container_parse_docker(text, &c);
	nw_container_parse_runc(text, &c);
	nw_container_parse_oci(text, &c);
	nw_container_parse_podman(text, &l);
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
	fuzz_containers(text);
	free(text);
	free(copy);
	return 0;
}
