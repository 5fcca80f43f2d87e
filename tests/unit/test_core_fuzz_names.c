// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target (configure --enable-fuzzing CC=clang) for core's parsers
 * of untrusted text: the tracefs print fmt loaders and the JSON string
 * escaper.  Run: tests/unit/test_core_fuzz_names tests/data/core/
 * (the recorded formats are the seed corpus).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fields[] = { "REC->reason", "REC->nud_state", "REC->flags", "REC->alarm_type" };
	char *text = malloc(size + 1);
	struct nw_jbuf b;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct nw_names *n = nw_names_new("x");
		int ret = nw_names_load_print_symbolic(n, text, fields[i]);

		/* The contract: a table, or an error and nothing loaded. */
		if (ret < 0 && nw_names_count(n) != 0)
			abort();
		ret = nw_names_load_print_flags(n, text, fields[i]);
		(void)ret;
		nw_names_free(n);
	}
	nw_jbuf_init(&b);
	nw_jbuf_str(&b, text);
	if (b.len < 2 || b.data[0] != '"' || b.data[b.len - 1] != '"')
		abort();
	nw_jbuf_free(&b);
	free(text);
	return 0;
}
