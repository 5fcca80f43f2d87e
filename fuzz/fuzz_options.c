/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the command line (cli/options.c): the input is split
 * at NUL bytes into argv[1..], so the fuzzer builds option clusters, long
 * options with and without '=', subcommands and trailing filter words.
 * Each argument is its own allocation of exactly its length, so a read past
 * an argument is caught by ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAX_ARGS + 2];
	struct nw_opts opts;
	char err[NW_OPT_ERRLEN];
	size_t start = 0, i;
	int argc = 1;

	argv[0] = strdup("netwhy");
	for (i = 0; i <= size && argc <= FUZZ_MAX_ARGS; i++) {
		if (i < size && data[i] != '\0')
			continue;
		argv[argc] = malloc(i - start + 1);
		memcpy(argv[argc], data + start, i - start);
		argv[argc][i - start] = '\0';
		argc++;
		start = i + 1;
	}
	argv[argc] = NULL;

	memset(&opts, 0, sizeof(opts));
	/* NO_COLOR set or not, from the input's length, so both paths run. */
	if (nw_opts_parse(&opts, argc, argv, (size & 1) ? "1" : NULL, err, sizeof(err)) == 0) {
		/* Touch every string the parse kept: they must point into argv. */
		size_t n = 0, k;

		for (k = 0; k < opts.n_ifaces; k++)
			n += strlen(opts.ifaces[k]);
		for (k = 0; k < opts.n_netns; k++)
			n += strlen(opts.netns[k]);
		if (opts.filter)
			n += strlen(opts.filter);
		if (opts.read_file)
			n += strlen(opts.read_file);
		if (opts.write_file)
			n += strlen(opts.write_file);
		for (k = 0; k < (size_t)opts.sub_argc && opts.sub_argv; k++)
			n += strlen(opts.sub_argv[k]);
		(void)n;
	} else if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0') {
		/* A refusal must say why. */
		abort();
	}
	nw_opts_free(&opts);
	for (i = 0; i < (size_t)argc; i++)
		free(argv[i]);
	return 0;
}
