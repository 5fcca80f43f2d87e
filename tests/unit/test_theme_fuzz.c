// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzzing the parsers of untrusted text on the screen's side: the theme
 * file parser (a user's file) and the canvas's UTF-8 text path (names,
 * comms and annotations that come from the network or other processes).
 *
 * Built twice: with --enable-fuzzing CC=clang as a libFuzzer target
 * (tests/unit/test_theme_fuzz_lf themes/), and always as a test whose main()
 * runs the same checks over seeded mutations of the built-in themes, so
 * `make check` exercises the contract on every build.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "themes/theme.h"
#include "tui/canvas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_theme *t = nw_theme_new("fuzz");
	struct nw_canvas *c = nw_canvas_new(7, 3, false), *a = nw_canvas_new(7, 3, true);
	char err[NW_THEME_ERR_MAX];
	char *copy = malloc(size ? size : 1), *text = malloc(size + 1);
	const char *next;
	int rc;

	if (!copy || !text)
		abort();
	/* Exactly size bytes, no terminator: an overread is a sanitizer error. */
	memcpy(copy, data, size);
	rc = nw_theme_parse(t, copy, size, err, sizeof(err));
	if (rc != 0 && (rc != -EINVAL || err[0] < '1' || err[0] > '9'))
		abort(); /* errors are -EINVAL and start with a line number */
	for (int r = 0; r < NW_ROLE_COUNT; r++) {
		struct nw_style s = nw_theme_style(t, (enum nw_role)r);

		if (s.fg < -1 || s.fg > 255 || s.bg < -1 || s.bg > 255 || s.attrs > 15)
			abort();
	}
	memcpy(text, data, size);
	text[size] = '\0';
	nw_canvas_text(c, 1, 1, 5, NW_ROLE_DEFAULT, text);
	nw_canvas_text(a, -2, 0, 40, NW_ROLE_DROP, text);
	for (int y = 0; y < 3; y++) {
		for (int x = 0; x < 7; x++) {
			/* Nothing that could steer a terminal, and ASCII only in ASCII mode. */
			if (nw_canvas_cell(c, x, y)->ch < 0x20 || nw_canvas_cell(c, x, y)->ch == 0x7f)
				abort();
			if (nw_canvas_cell(a, x, y)->ch < 0x20 || nw_canvas_cell(a, x, y)->ch >= 0x7f)
				abort();
		}
	}
	for (const char *s = text; *s;) {
		int cut = nw_text_wrap(s, 5, &next);

		if (cut < 0 || next <= s || next > text + strlen(text))
			abort(); /* wrapping always moves forward and stays inside */
		s = next;
	}
	free(copy);
	free(text);
	nw_canvas_free(c);
	nw_canvas_free(a);
	nw_theme_free(t);
	return 0;
}

#ifndef NW_FUZZING
/* Seeded mutations of the built-in themes: flips, inserts of edge bytes, truncations. */
int main(void)
{
	static const char edge[] = { '\0', '\n', '=', '#', ' ', ',', '\xff', '\xe2', '\x80', '9', '-' };
	unsigned seed = 12345;
	size_t runs = 0;

	for (size_t k = 0; k < nw_theme_builtin_count(); k++) {
		char path[4096];
		FILE *f;
		char base[8192];
		size_t n;

		snprintf(path, sizeof(path), "%s/themes/%s.theme", NW_SRCDIR, nw_theme_builtin_name(k));
		f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "cannot read %s\n", path);
			return 1;
		}
		n = fread(base, 1, sizeof(base), f);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)base, n);
		for (int i = 0; i < 3000; i++) {
			uint8_t buf[8192 + 16];
			size_t len = n;

			memcpy(buf, base, n);
			for (int m = 0; m < 1 + i % 6; m++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % (len ? len : 1);

				switch ((seed >> 4) % 4) {
				case 0:
					buf[at] ^= (uint8_t)(1u << ((seed >> 16) % 8));
					break;
				case 1:
					buf[at] = (uint8_t)edge[(seed >> 16) % sizeof(edge)];
					break;
				case 2:
					len = at;
					break;
				default:
					if (len < sizeof(buf)) {
						memmove(buf + at + 1, buf + at, len - at);
						buf[at] = (uint8_t)edge[(seed >> 16) % sizeof(edge)];
						len++;
					}
					break;
				}
			}
			LLVMFuzzerTestOneInput(buf, len);
			runs++;
		}
	}
	printf("theme parser and canvas text: %zu mutated inputs, contract held\n", runs);
	return 0;
}
#endif
